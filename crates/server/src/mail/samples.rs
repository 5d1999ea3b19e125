//! One sample of every e-mail Middelpunt sends, with made-up people and the deployment's own
//! public URL in its links: `middelpunt-server admin test-mail --to ADDRESS` sends them through
//! the configured transport, so that a provider can see them arrive and check what its relay and
//! spam filters make of them before the first customer does (`cargo xtask test` sends them to a
//! recording SMTP server and has SpamAssassin score each one).

use domain::{Date, Level};

use super::account;
use super::expiry::{self, Expiring};
use super::machtigingen::{self, Change, Organisation};
use super::notices::{self, Expiry, MeansFacts, RequestFacts};
use super::templates::{self, InvitationMail, RenderedMail};
use crate::auth::setup;

/// The made-up request the samples describe.
fn request() -> RequestFacts<'static> {
    RequestFacts {
        user_name: "Jan Pieter van Dijk",
        user_email: "jan.van.dijk@example.nl",
        organisation: "Test BV Donald",
        kvk_number: "68750110",
        level: Level::Eh3,
        order_number: "MP-ABCDE-12345",
    }
}

fn organisation() -> Organisation<'static> {
    Organisation {
        name: request().organisation,
        kvk_number: request().kvk_number,
    }
}

/// Every e-mail template once, each with the name it is known by (e.g. `invitation`), its
/// links under `public_url`.
pub fn all(public_url: &str) -> Vec<(&'static str, RenderedMail)> {
    let date = |y, m, d| Date::new(y, m, d).expect("a sample's date is a real date");
    let account_link = setup::link_url(public_url, "voorbeeld-link");
    let authorisations = vec!["UWV: Werkgeversportaal".to_owned()];
    let means = MeansFacts {
        id: "EHM-AAAAA-BBBBB",
        valid_from: date(2026, 12, 7),
        valid_until: date(2029, 12, 6),
        authorisations: &authorisations,
    };
    let invitation_link = templates::activation_link(public_url, "voorbeeld-link");
    let manager = "Bea de Vries";
    let manager_email = "bea.de.vries@example.nl";
    let invitation = |succession| {
        templates::invitation(InvitationMail {
            user_name: request().user_name,
            organisation: request().organisation,
            kvk_number: request().kvk_number,
            manager_name: manager,
            manager_email,
            level: Level::Eh3,
            link: &invitation_link,
            expires_on: date(2027, 1, 5),
            valid_days: 30,
            succession,
        })
    };
    vec![
        ("invitation", invitation(None)),
        (
            "invitation-renewal",
            invitation(Some((
                api::SuccessionKind::Renewal,
                "EHM-AAAAA-BBBBB",
                date(2027, 1, 20),
            ))),
        ),
        (
            "issued-to-manager",
            notices::issued_to_manager(manager, request(), means),
        ),
        ("issued-to-user", notices::issued_to_user(request(), means)),
        (
            "rejected-to-manager",
            notices::rejected_to_manager(manager, request(), "Het identiteitsbewijs was verlopen."),
        ),
        (
            "expired-invitation-to-manager",
            notices::expired_to_manager(manager, request(), Expiry::Invitation),
        ),
        (
            "expired-identification-to-manager",
            notices::expired_to_manager(manager, request(), Expiry::Identification),
        ),
        (
            "revoked-to-user",
            notices::revoked_to_user(request(), means.id, manager, manager_email),
        ),
        (
            "revoked-to-manager",
            notices::revoked_to_manager(manager, request(), means.id),
        ),
        (
            "cancelled-to-user",
            notices::cancelled_to_user(request(), manager, manager_email),
        ),
        (
            "organisation-ended-to-manager",
            notices::organisation_ended_to_manager(
                manager,
                request(),
                &domain::organisation::OrganisationEnded {
                    kvk_number: request().kvk_number.to_owned(),
                    name: request().organisation.to_owned(),
                    on: domain::RegisterDate::on(date(2026, 12, 1)),
                }
                .register_says(domain::Lang::Nl),
            ),
        ),
        (
            "account-appointed",
            account::appointed(
                manager,
                request().organisation,
                &account_link,
                setup::SETUP_LINK_SECS / 3600,
            ),
        ),
        (
            "password-reset",
            account::password_reset(manager, &account_link, setup::RESET_LINK_SECS / 60),
        ),
        ("second-factor-reset", account::second_factor_reset(manager)),
        (
            "expiry-digest-to-manager",
            expiry::digest_to_manager(
                manager,
                &[
                    Expiring {
                        user_name: request().user_name.to_owned(),
                        organisation: request().organisation.to_owned(),
                        level: Level::Eh3,
                        valid_until: date(2027, 2, 5),
                        days_left: 60,
                    },
                    Expiring {
                        user_name: "Eva Bos".to_owned(),
                        organisation: request().organisation.to_owned(),
                        level: Level::Eh2Plus,
                        valid_until: date(2026, 12, 21),
                        days_left: 14,
                    },
                ],
                &format!(
                    "{}/beheer/gebruikers?status=active&expiring_within=60",
                    public_url.trim_end_matches('/')
                ),
            ),
        ),
        (
            "expiry-notice-to-user",
            expiry::notice_to_user(
                request().user_name,
                request().organisation,
                date(2027, 2, 5),
            ),
        ),
        (
            "machtigingen-to-manager",
            machtigingen::changed_to_manager(
                manager,
                "Piet Jansen",
                organisation(),
                &[request().user_name.to_owned(), "Eva Bos".to_owned()],
                Change::Added {
                    labels: &authorisations,
                    until: date(2029, 12, 6),
                },
            ),
        ),
        (
            "machtigingen-to-user",
            machtigingen::changed_to_user(
                request().user_name,
                organisation(),
                (manager, manager_email),
                Change::Withdrawn {
                    labels: &authorisations,
                },
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_has_a_subject_both_parts_and_links_under_the_public_url() {
        let samples = all("https://middelpunt.example.nl/");
        let mut names: Vec<_> = samples.iter().map(|(name, _)| *name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), samples.len(), "each name once");
        for (name, mail) in &samples {
            assert!(!mail.subject.is_empty(), "{name}");
            assert!(
                !mail.text.is_empty() && mail.html.contains("<html"),
                "{name}"
            );
            for part in [&mail.text, &mail.html] {
                assert!(!part.contains("example.nl//"), "{name}: {part}");
                assert!(!part.contains("localhost"), "{name}: {part}");
            }
        }
        let invitation = &samples[0].1;
        assert!(
            invitation
                .text
                .contains("https://middelpunt.example.nl/activeren/voorbeeld-link")
        );
    }
}
