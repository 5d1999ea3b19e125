//! The short notices that follow a request after the invitation: to the manager for every
//! issuance, rejection (also when the register lists the organisation as ended) and expiry (the Afsprakenstelsel: the register confirms each registration
//! to the beheerder, domain.md 8.1), and to the user when their means is issued after an
//! identification. One layout ([`render`]) for all: a greeting, paragraphs, a list of facts.
//!
//! A new notice goes in [`super::samples::all`] too, so that `admin test-mail` sends it and the
//! mail check scores it.

use domain::{Date, Level};

use super::templates::{RenderedMail, SENDER_NAME, escape, html_page, long_date, one_line};

/// The facts of a request that every notice names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestFacts<'a> {
    /// The user's full name.
    pub user_name: &'a str,
    pub user_email: &'a str,
    pub organisation: &'a str,
    pub kvk_number: &'a str,
    pub level: Level,
    pub order_number: &'a str,
}

/// A means as the notices describe it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MeansFacts<'a> {
    pub id: &'a str,
    pub valid_from: Date,
    pub valid_until: Date,
    /// The machtigingen, as shown (e.g. `UWV: Werkgeversportaal`).
    pub authorisations: &'a [String],
}

/// To the manager: the means of `request` was issued.
pub(crate) fn issued_to_manager(
    manager_name: &str,
    request: RequestFacts<'_>,
    means: MeansFacts<'_>,
) -> RenderedMail {
    let user = one_line(request.user_name);
    let organisation = one_line(request.organisation);
    render(
        format!("eHerkenningsmiddel uitgegeven aan {user} ({organisation})"),
        manager_name,
        &[format!(
            "Het eHerkenningsmiddel dat u aanvroeg voor {user} is uitgegeven. {user} kan nu \
             namens {organisation} inloggen met eHerkenning op niveau {}.",
            request.level.label()
        )],
        &means_facts(request, Some(means)),
    )
}

/// To the user, after an identification: their means was issued.
pub(crate) fn issued_to_user(request: RequestFacts<'_>, means: MeansFacts<'_>) -> RenderedMail {
    let organisation = one_line(request.organisation);
    render(
        format!("Uw eHerkenningsmiddel voor {organisation} is uitgegeven"),
        request.user_name,
        &[
            format!(
                "Uw identificatie is gelukt en uw eHerkenningsmiddel is uitgegeven. U kunt nu \
                 namens {organisation} inloggen met eHerkenning op niveau {}.",
                request.level.label()
            ),
            "Meld verlies of misbruik van uw middel direct bij uw machtigingenbeheerder; die \
             kan het laten intrekken."
                .to_owned(),
        ],
        &means_facts(request, Some(means)),
    )
}

/// To the manager: the identification of `request`'s user failed, the request ended.
pub(crate) fn rejected_to_manager(
    manager_name: &str,
    request: RequestFacts<'_>,
    reason: &str,
) -> RenderedMail {
    let user = one_line(request.user_name);
    let mut facts = means_facts(request, None);
    facts.push(("Reden", one_line(reason)));
    render(
        format!("Aanvraag voor {user} afgewezen: identificatie niet gelukt"),
        manager_name,
        &[format!(
            "De identificatie van {user} is niet gelukt. Daarom is er geen eHerkenningsmiddel \
             uitgegeven en is de aanvraag beëindigd. Wilt u toch een middel voor {user}? Doe dan \
             een nieuwe aanvraag, met gegevens die overeenkomen met het identiteitsbewijs."
        )],
        &facts,
    )
}

/// To the manager: the register lists the organisation of `request` as ended (`register_says`,
/// in Dutch), so the request stopped without a means.
pub(crate) fn organisation_ended_to_manager(
    manager_name: &str,
    request: RequestFacts<'_>,
    register_says: &str,
) -> RenderedMail {
    let user = one_line(request.user_name);
    let organisation = one_line(request.organisation);
    render(
        format!("Aanvraag voor {user} gestopt: {organisation} is beëindigd"),
        manager_name,
        &[
            one_line(register_says),
            format!(
                "Daarom is er geen eHerkenningsmiddel uitgegeven aan {user} en is de aanvraag \
                 gestopt. Bestaat de organisatie verder onder een ander KvK-nummer, bijvoorbeeld \
                 na een omzetting? Vraag dan middelen aan voor dat KvK-nummer."
            ),
        ],
        &means_facts(request, None),
    )
}

/// Why a request expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expiry {
    /// The user did not finish within the invitation's validity.
    Invitation,
    /// The identification did not happen before its deadline.
    Identification,
}

/// To the manager: `request` expired.
pub(crate) fn expired_to_manager(
    manager_name: &str,
    request: RequestFacts<'_>,
    expiry: Expiry,
) -> RenderedMail {
    let user = one_line(request.user_name);
    let why = match expiry {
        Expiry::Invitation => format!(
            "{user} heeft de aanvraag niet op tijd afgerond: de link in de uitnodiging is verlopen."
        ),
        Expiry::Identification => format!(
            "{user} is niet binnen de termijn van {} dagen geïdentificeerd.",
            crate::activation::IDENTIFICATION_DAYS
        ),
    };
    render(
        format!("Aanvraag voor {user} verlopen"),
        manager_name,
        &[
            format!("{why} Er is geen eHerkenningsmiddel uitgegeven en de aanvraag is beëindigd."),
            format!("Heeft {user} het middel nog nodig? Doe dan een nieuwe aanvraag."),
        ],
        &means_facts(request, None),
    )
}

/// To the user: their means was revoked by the manager.
pub(crate) fn revoked_to_user(
    request: RequestFacts<'_>,
    means_id: &str,
    manager: &str,
    manager_email: &str,
) -> RenderedMail {
    let organisation = one_line(request.organisation);
    let mut facts = means_facts(request, None);
    facts.push(("Middel", one_line(means_id)));
    render(
        format!("Uw eHerkenningsmiddel voor {organisation} is ingetrokken"),
        request.user_name,
        &[
            format!(
                "{} ({}), machtigingenbeheerder van {organisation}, heeft uw eHerkenningsmiddel \
                 ingetrokken. U kunt er vanaf nu niet meer mee inloggen namens {organisation}.",
                one_line(manager),
                one_line(manager_email)
            ),
            "Is dit onverwacht? Neem dan contact op met uw machtigingenbeheerder.".to_owned(),
        ],
        &facts,
    )
}

/// To the manager: the confirmation of a revocation (the register confirms every change).
pub(crate) fn revoked_to_manager(
    manager_name: &str,
    request: RequestFacts<'_>,
    means_id: &str,
) -> RenderedMail {
    let user = one_line(request.user_name);
    let mut facts = means_facts(request, None);
    facts.push(("Middel", one_line(means_id)));
    render(
        format!("eHerkenningsmiddel van {user} ingetrokken"),
        manager_name,
        &[format!(
            "U heeft het eHerkenningsmiddel van {user} ingetrokken. Het werkt vanaf nu niet meer; \
             {user} is hierover per e-mail geïnformeerd."
        )],
        &facts,
    )
}

/// To the user: the manager cancelled their request; the link no longer works.
pub(crate) fn cancelled_to_user(
    request: RequestFacts<'_>,
    manager: &str,
    manager_email: &str,
) -> RenderedMail {
    let organisation = one_line(request.organisation);
    render(
        format!("Uw aanvraag voor eHerkenning bij {organisation} is ingetrokken"),
        request.user_name,
        &[
            format!(
                "{} ({}) heeft de aanvraag voor een eHerkenningsmiddel voor u ingetrokken. De link \
                 in de eerdere e-mail werkt daarom niet meer; u hoeft niets te doen.",
                one_line(manager),
                one_line(manager_email)
            ),
            "Vragen? Neem contact op met uw machtigingenbeheerder.".to_owned(),
        ],
        &means_facts(request, None),
    )
}

fn means_facts(
    request: RequestFacts<'_>,
    means: Option<MeansFacts<'_>>,
) -> Vec<(&'static str, String)> {
    let mut facts = vec![
        ("Gebruiker", one_line(request.user_name)),
        ("E-mailadres", one_line(request.user_email)),
        (
            "Organisatie",
            format!(
                "{} (KvK-nummer {})",
                one_line(request.organisation),
                one_line(request.kvk_number)
            ),
        ),
        ("Niveau", request.level.label().to_owned()),
        ("Bestelnummer", one_line(request.order_number)),
    ];
    if let Some(means) = means {
        facts.push(("Middel", one_line(means.id)));
        facts.push((
            "Geldig",
            format!(
                "van {} tot en met {}",
                long_date(means.valid_from),
                long_date(means.valid_until)
            ),
        ));
        let authorisations = if means.authorisations.is_empty() {
            "geen (nog toe te voegen door de machtigingenbeheerder)".to_owned()
        } else {
            means
                .authorisations
                .iter()
                .map(|a| one_line(a))
                .collect::<Vec<_>>()
                .join("; ")
        };
        facts.push(("Machtigingen", authorisations));
    }
    facts
}

/// The common layout: `Beste {name},`, the paragraphs, the facts as a list, the signature.
/// Values are put on one line and escaped in the HTML part.
pub(super) fn render(
    subject: String,
    name: &str,
    paragraphs: &[String],
    facts: &[(&'static str, String)],
) -> RenderedMail {
    let name = one_line(name);
    let subject = one_line(&subject);
    let mut text = format!("Beste {name},\n\n");
    for paragraph in paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    for (label, value) in facts {
        text.push_str(&format!("{label}: {value}\n"));
    }
    text.push_str(&format!(
        "\nMet vriendelijke groet,\n{SENDER_NAME}\n\nDit is een automatisch bericht; antwoorden op \
         deze e-mail worden niet gelezen.\n"
    ));

    let paragraphs_html: String = paragraphs
        .iter()
        .map(|p| format!("<p style=\"margin:0 0 16px 0;\">{}</p>\n", escape(p)))
        .collect();
    let facts_html: String = facts
        .iter()
        .map(|(label, value)| {
            format!(
                "<tr><th scope=\"row\" align=\"left\" style=\"padding:4px 16px 4px 0;vertical-align:top;font-weight:bold;\">{}</th><td style=\"padding:4px 0;\">{}</td></tr>\n",
                escape(label),
                escape(value)
            )
        })
        .collect();
    let content = format!(
        "<tr><td style=\"padding:32px 32px 8px 32px;\">\n\
         <p style=\"margin:0 0 16px 0;\">Beste {}</p>\n\
         {paragraphs_html}<table cellpadding=\"0\" cellspacing=\"0\" style=\"margin:0 0 24px 0;font-size:15px;\">\n\
         {facts_html}</table>\n\
         <p style=\"margin:0 0 24px 0;\">Met vriendelijke groet,<br>{SENDER_NAME}</p>\n\
         </td></tr>\n",
        escape(&format!("{name},"))
    );
    let html = html_page(&escape(&subject), &content);
    RenderedMail {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> RequestFacts<'static> {
        RequestFacts {
            user_name: "Jan <b>Dijk</b>",
            user_email: "jan@voorbeeld.nl",
            organisation: "Test BV Donald",
            kvk_number: "68750110",
            level: Level::Eh3,
            order_number: "MP-ABCDE-12345",
        }
    }

    #[test]
    fn the_issuance_notice_names_user_means_validity_and_authorisations() {
        let authorisations = vec!["UWV: Werkgeversportaal".to_owned()];
        let mail = issued_to_manager(
            "Bea Beheerder",
            request(),
            MeansFacts {
                id: "EHM-AAAAA-BBBBB",
                valid_from: Date::new(2026, 11, 25).unwrap(),
                valid_until: Date::new(2029, 11, 24).unwrap(),
                authorisations: &authorisations,
            },
        );
        assert_eq!(
            mail.subject,
            "eHerkenningsmiddel uitgegeven aan Jan <b>Dijk</b> (Test BV Donald)"
        );
        for part in [&mail.text, &mail.html] {
            for expected in [
                "Beste Bea Beheerder,",
                "EHM-AAAAA-BBBBB",
                "25 november 2026",
                "24 november 2029",
                "UWV: Werkgeversportaal",
                "MP-ABCDE-12345",
                "EH3",
            ] {
                assert!(part.contains(expected), "{expected:?} missing in\n{part}");
            }
        }
        assert!(
            !mail.html.contains("<b>"),
            "values are escaped: {}",
            mail.html
        );
    }

    #[test]
    fn rejection_and_expiry_say_why() {
        let rejected = rejected_to_manager("Bea", request(), "Naam wijkt af van het paspoort");
        assert!(
            rejected
                .text
                .contains("Reden: Naam wijkt af van het paspoort")
        );
        let expired = expired_to_manager("Bea", request(), Expiry::Identification);
        assert!(expired.text.contains("niet binnen de termijn van 30 dagen"));
        let expired = expired_to_manager("Bea", request(), Expiry::Invitation);
        assert!(
            expired
                .text
                .contains("de link in de uitnodiging is verlopen")
        );
    }
}
