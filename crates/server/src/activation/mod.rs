//! The user's side of a request (seed steps 16–20) and what follows it: the invitation link
//! opens the request (`X-Activation-Token`, see docs/activation-api.md), the e-mail address is
//! confirmed, the mobile number verified with an SMS code ([`sms_code`]), the user orders, and
//! the means is issued at once for an employee or after an identification by the back office
//! ([`identification`]); requests whose link or identification deadline passes expire
//! ([`expiry`]). Every change is an event ([`events`]) and the manager is told by e-mail.
//!
//! Every transition is a conditional `UPDATE … WHERE status = <expected>` in one transaction
//! with its event and its messages, so two tabs or two instances cannot both make it.

pub mod events;
pub mod expiry;
pub mod identification;
pub mod issuance;
pub mod sms_code;
pub mod store;

mod record;
mod steps;

use axum::http::StatusCode;
use domain::catalogue::Authorisations;
use domain::{Lang, Level};
use serde::Serialize;
use serde_json::{Value, json};

pub use record::{AuthorisationItem, RequestRecord, authorisation_items};
pub use steps::{confirm_email, open, order, token_from_headers, view};
pub use store::{Milestone, load_by_id, transition};

/// The header that carries the invitation token.
pub const TOKEN_HEADER: &str = "x-activation-token";

/// How long a non-employee has for the identification after ordering (30 days, Reconi's term).
pub const IDENTIFICATION_DAYS: i64 = 30;

/// Where a request is: the vocabulary's word.
pub use api::RequestStatus as Status;

/// The manager behind a request, as the user may contact them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManagerContact {
    pub name: String,
    pub email: String,
}

/// Why a request's link or step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivationError {
    #[error("no request with this token")]
    NotFound,
    #[error("the request expired")]
    Expired { at: i64, manager: ManagerContact },
    #[error("the request was cancelled")]
    Cancelled { at: i64, manager: ManagerContact },
    #[error("the request is finished ({status:?})")]
    Finished {
        status: Status,
        at: i64,
        manager: ManagerContact,
    },
    #[error("the request is at step {0:?}")]
    WrongStep(Status),
    #[error("a new code only after {retry_after} s")]
    ResendTooSoon { retry_after: u64 },
    #[error(
        "{} codes this hour, next after {retry_after} s",
        sms_code::MAX_SENDS_PER_HOUR
    )]
    HourlyLimit { retry_after: u64 },
    #[error("the code is not 6 digits")]
    CodeFormat,
    #[error("wrong code, {attempts_left} attempts left")]
    CodeWrong { attempts_left: i64 },
    #[error("too many wrong codes")]
    CodeBlocked,
    #[error("the code expired")]
    CodeExpired,
    #[error("no code was sent")]
    CodeMissing,
    #[error("the terms were not accepted")]
    TermsNotAccepted,
}

impl ActivationError {
    pub fn status(&self) -> StatusCode {
        match self {
            ActivationError::NotFound => StatusCode::NOT_FOUND,
            ActivationError::Expired { .. }
            | ActivationError::Cancelled { .. }
            | ActivationError::Finished { .. }
            | ActivationError::CodeExpired => StatusCode::GONE,
            ActivationError::WrongStep(_) | ActivationError::CodeMissing => StatusCode::CONFLICT,
            ActivationError::ResendTooSoon { .. }
            | ActivationError::HourlyLimit { .. }
            | ActivationError::CodeBlocked => StatusCode::TOO_MANY_REQUESTS,
            ActivationError::CodeFormat
            | ActivationError::CodeWrong { .. }
            | ActivationError::TermsNotAccepted => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ActivationError::NotFound => "activation_not_found",
            ActivationError::Expired { .. } => "activation_expired",
            ActivationError::Cancelled { .. } => "activation_cancelled",
            ActivationError::Finished { .. } => "activation_finished",
            ActivationError::WrongStep(_) => "activation_wrong_step",
            ActivationError::ResendTooSoon { .. } => "sms_resend_too_soon",
            ActivationError::HourlyLimit { .. } => "sms_hourly_limit",
            ActivationError::CodeFormat => "sms_code_format",
            ActivationError::CodeWrong { .. } => "sms_code_wrong",
            ActivationError::CodeBlocked => "sms_code_blocked",
            ActivationError::CodeExpired => "sms_code_expired",
            ActivationError::CodeMissing => "sms_code_missing",
            ActivationError::TermsNotAccepted => "terms_not_accepted",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        match self {
            ActivationError::NotFound => pick(
                nl,
                "Deze link werkt niet. Controleer of u de hele link uit de e-mail heeft gebruikt, of vraag uw machtigingenbeheerder om een nieuwe uitnodiging.",
                "This link does not work. Check that you used the whole link from the e-mail, or ask your authorisation manager for a new invitation.",
            ),
            ActivationError::Expired { manager, .. } => {
                if nl {
                    format!(
                        "Deze aanvraag is verlopen. Vraag {} ({}) om een nieuwe aanvraag.",
                        manager.name, manager.email
                    )
                } else {
                    format!(
                        "This request has expired. Ask {} ({}) for a new request.",
                        manager.name, manager.email
                    )
                }
            }
            ActivationError::Cancelled { manager, .. } => {
                if nl {
                    format!(
                        "Deze aanvraag is ingetrokken door uw machtigingenbeheerder. Vragen? Neem contact op met {} ({}).",
                        manager.name, manager.email
                    )
                } else {
                    format!(
                        "This request was cancelled by your authorisation manager. Questions? Contact {} ({}).",
                        manager.name, manager.email
                    )
                }
            }
            ActivationError::Finished {
                status: Status::Issued,
                ..
            } => pick(
                nl,
                "Deze aanvraag is afgerond: uw eHerkenningsmiddel is uitgegeven. De link is niet meer nodig.",
                "This request is complete: your eHerkenning means has been issued. The link is no longer needed.",
            ),
            ActivationError::Finished { manager, .. } => {
                if nl {
                    format!(
                        "Deze aanvraag is afgerond zonder dat er een middel is uitgegeven. Vragen? Neem contact op met {} ({}).",
                        manager.name, manager.email
                    )
                } else {
                    format!(
                        "This request ended without a means being issued. Questions? Contact {} ({}).",
                        manager.name, manager.email
                    )
                }
            }
            ActivationError::WrongStep(_) => pick(
                nl,
                "Deze stap past niet bij waar uw aanvraag nu is. Laad de pagina opnieuw om verder te gaan.",
                "This step does not match where your request is now. Reload the page to continue.",
            ),
            ActivationError::ResendTooSoon { retry_after } => {
                if nl {
                    format!("U kunt over {retry_after} seconden een nieuwe code aanvragen.")
                } else {
                    format!("You can request a new code in {retry_after} seconds.")
                }
            }
            ActivationError::HourlyLimit { retry_after } => {
                let minutes = retry_after.div_ceil(60);
                let max = sms_code::MAX_SENDS_PER_HOUR;
                if nl {
                    format!(
                        "U heeft binnen een uur {max} codes aangevraagd. U kunt over {minutes} minuten een nieuwe code aanvragen."
                    )
                } else {
                    format!(
                        "You requested {max} codes within an hour. You can request a new code in {minutes} minutes."
                    )
                }
            }
            ActivationError::CodeFormat => pick(
                nl,
                "Vul de code in van 6 cijfers uit de sms.",
                "Enter the 6-digit code from the text message.",
            ),
            ActivationError::CodeWrong { attempts_left: 1 } => pick(
                nl,
                "Deze code klopt niet. U kunt het nog 1 keer proberen; daarna moet u een nieuwe code aanvragen.",
                "This code is not correct. You have 1 try left; after that you must request a new code.",
            ),
            ActivationError::CodeWrong { attempts_left } => {
                if nl {
                    format!("Deze code klopt niet. U kunt het nog {attempts_left} keer proberen.")
                } else {
                    format!("This code is not correct. You have {attempts_left} tries left.")
                }
            }
            ActivationError::CodeBlocked => {
                let max = sms_code::MAX_WRONG_ATTEMPTS;
                if nl {
                    format!(
                        "U heeft {max} keer een verkeerde code ingevuld. Deze code werkt niet meer: vraag een nieuwe code aan."
                    )
                } else {
                    format!(
                        "You entered a wrong code {max} times. This code no longer works: request a new code."
                    )
                }
            }
            ActivationError::CodeExpired => {
                let minutes = sms_code::VALID_SECS / 60;
                if nl {
                    format!(
                        "Deze code is verlopen (een code is {minutes} minuten geldig). Vraag een nieuwe code aan."
                    )
                } else {
                    format!(
                        "This code has expired (a code is valid for {minutes} minutes). Request a new code."
                    )
                }
            }
            ActivationError::CodeMissing => pick(
                nl,
                "Er is nog geen code verstuurd. Vraag eerst een code aan.",
                "No code has been sent yet. Request a code first.",
            ),
            ActivationError::TermsNotAccepted => pick(
                nl,
                "Ga akkoord met de Gebruiksvoorwaarden om te bestellen.",
                "Accept the terms of use to order.",
            ),
        }
    }

    pub fn details(&self) -> Option<Value> {
        match self {
            ActivationError::Expired { at, manager } => {
                Some(json!({ "status": "expired", "at": at, "manager": manager }))
            }
            ActivationError::Cancelled { at, manager } => {
                Some(json!({ "status": "cancelled", "at": at, "manager": manager }))
            }
            ActivationError::Finished {
                status,
                at,
                manager,
            } => Some(json!({ "status": status, "at": at, "manager": manager })),
            ActivationError::WrongStep(status) => Some(json!({ "status": status })),
            ActivationError::ResendTooSoon { retry_after }
            | ActivationError::HourlyLimit { retry_after } => {
                Some(json!({ "retry_after_seconds": retry_after }))
            }
            ActivationError::CodeWrong { attempts_left } => {
                Some(json!({ "attempts_left": attempts_left }))
            }
            _ => None,
        }
    }

    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ActivationError::ResendTooSoon { retry_after }
            | ActivationError::HourlyLimit { retry_after } => Some(*retry_after),
            _ => None,
        }
    }
}

fn pick(nl: bool, dutch: &str, english: &str) -> String {
    if nl { dutch } else { english }.to_owned()
}

/// The user's request as the activation pages show it (docs/activation-api.md).
#[derive(Debug, Clone, Serialize)]
pub struct ActivationView {
    pub status: Status,
    pub user: UserView,
    pub organisation: OrganisationView,
    pub level: Level,
    pub term_years: i64,
    pub authorisations: AuthorisationsView,
    pub manager: ManagerContact,
    pub invitation_expires_at: i64,
    pub sms: Option<sms_code::SmsState>,
    pub identification: Option<IdentificationView>,
    pub means: Option<issuance::MeansView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserView {
    pub first_names: String,
    pub infix: String,
    pub last_name: String,
    pub full_name: String,
    pub birth_date: String,
    pub birth_place: String,
    pub email: String,
    pub mobile: String,
    pub employed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationView {
    pub kvk_number: String,
    pub name: String,
    pub branch_number: Option<String>,
}

/// Machtigingen as shown: all services, or these items (a provider's services, or a service).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorisationsView {
    pub all_services: bool,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IdentificationView {
    pub deadline: i64,
}

impl AuthorisationsView {
    pub fn of(authorisations: &Authorisations, lang: Lang) -> AuthorisationsView {
        AuthorisationsView {
            all_services: matches!(authorisations, Authorisations::AllServices),
            items: match authorisations {
                Authorisations::AllServices => Vec::new(),
                other => authorisation_items(other, lang)
                    .into_iter()
                    .map(|i| i.label)
                    .collect(),
            },
        }
    }
}
