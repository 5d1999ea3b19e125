//! The expiry warnings (crate::activation::means_expiry): to each manager one digest a day at
//! most of the means of their organisations that came within 60 or 14 days of their end (as the
//! suppliers warn two months ahead, domain.md 2.3), and to each user a short notice that their
//! manager has been told. In [`super::samples::all`] too.

use domain::{Date, Level};

use super::notices::render;
use super::templates::{RenderedMail, long_date, one_line};

/// The most means a digest lists by name; the rest it counts (Beheer lists them all).
pub const MAX_LISTED: usize = 50;

/// A means in a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiring {
    pub user_name: String,
    pub organisation: String,
    pub level: Level,
    pub valid_until: Date,
    /// Whole days from the digest's day to the last valid day.
    pub days_left: i64,
}

impl Expiring {
    fn line(&self) -> String {
        format!(
            "{}, {} ({}): geldig tot en met {} (nog {} dagen)",
            one_line(&self.user_name),
            one_line(&self.organisation),
            self.level.label(),
            long_date(self.valid_until),
            self.days_left
        )
    }
}

/// To a manager: the means of their organisations that crossed 60 or 14 days today; `link` is
/// Beheer's list of the means that expire within 60 days.
pub fn digest_to_manager(manager_name: &str, means: &[Expiring], link: &str) -> RenderedMail {
    let subject = match means {
        [one] => format!(
            "eHerkenningsmiddel van {} verloopt op {}",
            one_line(&one.user_name),
            long_date(one.valid_until)
        ),
        many => format!("{} eHerkenningsmiddelen verlopen binnenkort", many.len()),
    };
    let mut paragraphs = vec![
        "Deze eHerkenningsmiddelen van uw organisaties verlopen binnenkort. Daarna kan de \
         gebruiker er niet meer mee inloggen:"
            .to_owned(),
    ];
    paragraphs.extend(means.iter().take(MAX_LISTED).map(Expiring::line));
    if means.len() > MAX_LISTED {
        paragraphs.push(format!(
            "En nog {} andere middelen; u ziet ze allemaal in Beheer.",
            means.len() - MAX_LISTED
        ));
    }
    paragraphs.push(format!(
        "Blijft iemand eHerkenning nodig hebben? Vraag dan op tijd een nieuw middel aan in \
         Middelpunt. U ziet alle middelen die binnen 60 dagen verlopen in Beheer: {}",
        one_line(link)
    ));
    paragraphs.push(
        "De gebruikers hebben een kort bericht gekregen dat u bent ingelicht. U krijgt \
         hoogstens één zo'n overzicht per dag."
            .to_owned(),
    );
    render(subject, manager_name, &paragraphs, &[])
}

/// To the user: their means ends soon; their managers have been told.
pub fn notice_to_user(user_name: &str, organisation: &str, valid_until: Date) -> RenderedMail {
    let organisation = one_line(organisation);
    render(
        format!(
            "Uw eHerkenningsmiddel voor {organisation} verloopt op {}",
            long_date(valid_until)
        ),
        user_name,
        &[
            format!(
                "Uw eHerkenningsmiddel voor {organisation} is geldig tot en met {}. Daarna kunt \
                 u er niet meer mee inloggen.",
                long_date(valid_until)
            ),
            "Uw machtigingenbeheerder is hierover ingelicht en vraagt zo nodig een nieuw \
             middel voor u aan. U hoeft nu niets te doen."
                .to_owned(),
        ],
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_lists_every_means_with_its_last_day_and_links_to_beheer() {
        let means = |name: &str, days| Expiring {
            user_name: name.to_owned(),
            organisation: "Test BV".to_owned(),
            level: Level::Eh3,
            valid_until: Date::new(2027, 2, 5).unwrap(),
            days_left: days,
        };
        let mail = digest_to_manager(
            "Bea",
            &[means("Jan <b>Dijk</b>", 60), means("Eva Bos", 14)],
            "https://middelpunt.example.nl/beheer/gebruikers?expiring_within=60",
        );
        assert_eq!(mail.subject, "2 eHerkenningsmiddelen verlopen binnenkort");
        for expected in [
            "Jan <b>Dijk</b>, Test BV (EH3): geldig tot en met 5 februari 2027 (nog 60 dagen)",
            "Eva Bos",
            "/beheer/gebruikers?expiring_within=60",
        ] {
            assert!(mail.text.contains(expected), "{expected}: {}", mail.text);
        }
        assert!(!mail.html.contains("<b>"));
        let many: Vec<Expiring> = (0..MAX_LISTED + 3).map(|_| means("Eva Bos", 14)).collect();
        let long = digest_to_manager("Bea", &many, "https://x.example/");
        assert!(
            long.text.contains("En nog 3 andere middelen"),
            "{}",
            long.text
        );
        let one = digest_to_manager("Bea", &[means("Eva Bos", 14)], "https://x.example/");
        assert_eq!(
            one.subject,
            "eHerkenningsmiddel van Eva Bos verloopt op 5 februari 2027"
        );
    }
}
