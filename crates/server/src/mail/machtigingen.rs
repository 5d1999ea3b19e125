//! The notices of machtigingen beheren: to the organisation's managers, one e-mail per action
//! (a bulk action lists the people; the Afsprakenstelsel has the register confirm every
//! registration and change to the beheerder, domain.md 2.3), and to the user, which machtigingen
//! they gained or lost. In [`super::samples::all`] too.

use domain::Date;

use super::notices::render;
use super::templates::{RenderedMail, long_date, one_line};

/// What a manager did to the machtigingen of one or more people of one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change<'a> {
    /// Added these, valid up to the day given (per person, it may be earlier: their means').
    Added { labels: &'a [String], until: Date },
    /// Withdrew these: they stopped at once.
    Withdrawn { labels: &'a [String] },
    /// Gave this one a new last day.
    EndChanged {
        label: &'a str,
        from: Date,
        to: Date,
    },
}

impl Change<'_> {
    fn what(&self) -> String {
        match self {
            Change::Added { labels, until } => format!(
                "toegevoegd: {}, geldig tot en met {}",
                list(labels),
                long_date(*until)
            ),
            Change::Withdrawn { labels } => {
                format!(
                    "ingetrokken: {}. Deze werken vanaf nu niet meer",
                    list(labels)
                )
            }
            Change::EndChanged { label, from, to } => format!(
                "een nieuwe einddatum gegeven: {} is nu geldig tot en met {} (was {})",
                one_line(label),
                long_date(*to),
                long_date(*from)
            ),
        }
    }

    fn subject_word(&self) -> &'static str {
        match self {
            Change::Added { .. } => "toegevoegd",
            Change::Withdrawn { .. } => "ingetrokken",
            Change::EndChanged { .. } => "gewijzigd",
        }
    }
}

fn list(labels: &[String]) -> String {
    labels
        .iter()
        .map(|l| one_line(l))
        .collect::<Vec<_>>()
        .join("; ")
}

/// An organisation as the notices name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Organisation<'a> {
    pub name: &'a str,
    pub kvk_number: &'a str,
}

/// To each manager of the organisation: the confirmation of a change for `people`.
pub(crate) fn changed_to_manager(
    manager_name: &str,
    actor: &str,
    organisation: Organisation<'_>,
    people: &[String],
    change: Change<'_>,
) -> RenderedMail {
    let org = one_line(organisation.name);
    let whom = match people {
        [one] => one_line(one),
        many => format!("{} gebruikers", many.len()),
    };
    let mut facts = vec![
        ("Organisatie", org.clone()),
        ("KvK-nummer", one_line(organisation.kvk_number)),
        ("Door", one_line(actor)),
    ];
    facts.push(("Gebruikers", list(people)));
    render(
        format!("Machtigingen {} voor {whom} ({org})", change.subject_word()),
        manager_name,
        &[
            format!(
                "{} heeft de machtigingen van {whom} van {org} gewijzigd. Machtigingen {}.",
                one_line(actor),
                change.what()
            ),
            "U ontvangt dit bericht als machtigingenbeheerder van de organisatie; elke \
             registratie en wijziging van een machtiging wordt zo bevestigd. U vindt alles \
             terug onder Beheer."
                .to_owned(),
        ],
        &facts,
    )
}

/// To the user: their machtigingen changed.
pub(crate) fn changed_to_user(
    user_name: &str,
    organisation: Organisation<'_>,
    manager: (&str, &str),
    change: Change<'_>,
) -> RenderedMail {
    let org = one_line(organisation.name);
    let (name, email) = (one_line(manager.0), one_line(manager.1));
    render(
        format!("Uw machtigingen voor {org} zijn {}", change.subject_word()),
        user_name,
        &[
            format!(
                "{name} ({email}), machtigingenbeheerder van {org}, heeft uw machtigingen \
                 gewijzigd. Machtigingen {}.",
                change.what()
            ),
            "Met een machtiging logt u met uw eHerkenningsmiddel namens de organisatie in bij \
             die dienst. Vragen? Neem contact op met uw machtigingenbeheerder."
                .to_owned(),
        ],
        &[
            ("Organisatie", org.clone()),
            ("KvK-nummer", one_line(organisation.kvk_number)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bulk_confirmation_names_every_person_and_what_changed() {
        let labels = vec!["Belastingdienst: Mijn Belastingdienst Zakelijk".to_owned()];
        let people = vec!["Jan <b>Dijk</b>".to_owned(), "Eva Bos".to_owned()];
        let mail = changed_to_manager(
            "Bea",
            "Piet Beheer",
            Organisation {
                name: "Test BV",
                kvk_number: "68750110",
            },
            &people,
            Change::Added {
                labels: &labels,
                until: Date::new(2029, 12, 6).unwrap(),
            },
        );
        assert_eq!(
            mail.subject,
            "Machtigingen toegevoegd voor 2 gebruikers (Test BV)"
        );
        for expected in [
            "Jan <b>Dijk</b>; Eva Bos",
            "Mijn Belastingdienst",
            "6 december 2029",
        ] {
            assert!(mail.text.contains(expected), "{expected}: {}", mail.text);
        }
        assert!(!mail.html.contains("<b>"));
        let user = changed_to_user(
            "Eva Bos",
            Organisation {
                name: "Test BV",
                kvk_number: "68750110",
            },
            ("Piet", "piet@example.nl"),
            Change::Withdrawn { labels: &labels },
        );
        assert_eq!(
            user.subject,
            "Uw machtigingen voor Test BV zijn ingetrokken"
        );
        assert!(user.text.contains("werken vanaf nu niet meer"));
    }
}
