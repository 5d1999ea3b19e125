//! The user's side of a request (seed steps 16–20) and what follows it: the invitation link
//! opens the request (`X-Activation-Token`, see docs/activation-api.md), the e-mail address is
//! confirmed, the mobile number verified with an SMS code ([`sms_code`]), the user orders, and
//! the means is issued at once for an employee or after an identification by the back office
//! ([`identification`]); requests whose link or identification deadline passes expire
//! ([`expiry`]), and a request whose organisation the KvK register lists as ended stops before
//! a means is issued ([`ended`]). Every change is an event ([`events`]) and the manager is told
//! by e-mail.
//!
//! Every transition is a conditional `UPDATE … WHERE status = <expected>` in one transaction
//! with its event and its messages, so two tabs or two instances cannot both make it.

pub(crate) mod ended;
pub(crate) mod events;
pub mod expiry;
pub(crate) mod identification;
pub(crate) mod issuance;
pub mod means_expiry;
pub(crate) mod sms_code;
pub(crate) mod store;
pub(crate) mod succession;

mod record;
mod steps;

use api::EndReason;
use axum::http::StatusCode;
use domain::Lang;
use domain::organisation::OrganisationEnded;
use serde_json::{Value, json};

use crate::error::Problem;
use crate::lang::Text;

pub use record::{
    AuthorisationItem, RequestRecord, authorisation_items, authorisation_list, machtiging_label,
};
pub use steps::{confirm_email, open, order, token_from_headers, view};
pub use store::{Milestone, load_by_id, transition};

/// The header that carries the invitation token.
pub const TOKEN_HEADER: &str = "x-activation-token";

/// How long a non-employee has for the identification after ordering (30 days, Reconi's term).
pub const IDENTIFICATION_DAYS: i64 = 30;

/// Where a request is: the contract's vocabulary.
pub use api::RequestStatus as Status;
/// The manager behind a request, as the user may contact them.
pub use api::activation::Contact as ManagerContact;
pub use api::activation::{
    ActivationUser, ActivationView, AuthorisationList, IdentificationDue, Organisation,
};

/// Why a request's link or step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivationError {
    #[error("no activation token in the request")]
    TokenMissing,
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
        end_reason: Option<EndReason>,
    },
    /// The step would have moved the request on, but the register lists its organisation as
    /// ended: the request stopped ([`ended::stop`]) and the manager is told.
    #[error("{ended}: the request stopped")]
    OrganisationEnded {
        ended: OrganisationEnded,
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
    #[error(
        "{} codes in 24 hours, next after {retry_after} s",
        sms_code::MAX_SENDS_PER_DAY
    )]
    DailyLimit { retry_after: u64 },
    #[error("the code is not {} digits", sms_code::CODE_DIGITS)]
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

impl Problem for ActivationError {
    fn status(&self) -> StatusCode {
        match self {
            ActivationError::TokenMissing => StatusCode::UNAUTHORIZED,
            ActivationError::NotFound => StatusCode::NOT_FOUND,
            ActivationError::Expired { .. }
            | ActivationError::Cancelled { .. }
            | ActivationError::Finished { .. }
            | ActivationError::CodeExpired => StatusCode::GONE,
            ActivationError::WrongStep(_)
            | ActivationError::CodeMissing
            | ActivationError::OrganisationEnded { .. } => StatusCode::CONFLICT,
            ActivationError::ResendTooSoon { .. }
            | ActivationError::HourlyLimit { .. }
            | ActivationError::DailyLimit { .. }
            | ActivationError::CodeBlocked => StatusCode::TOO_MANY_REQUESTS,
            ActivationError::CodeFormat
            | ActivationError::CodeWrong { .. }
            | ActivationError::TermsNotAccepted => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ActivationError::TokenMissing => "activation_token_missing",
            ActivationError::NotFound => "activation_not_found",
            ActivationError::Expired { .. } => "activation_expired",
            ActivationError::Cancelled { .. } => "activation_cancelled",
            ActivationError::Finished { .. } => "activation_finished",
            ActivationError::OrganisationEnded { .. } => "organisation_ended",
            ActivationError::WrongStep(_) => "activation_wrong_step",
            ActivationError::ResendTooSoon { .. } => "sms_resend_too_soon",
            ActivationError::HourlyLimit { .. } => "sms_hourly_limit",
            ActivationError::DailyLimit { .. } => "sms_daily_limit",
            ActivationError::CodeFormat => "sms_code_format",
            ActivationError::CodeWrong { .. } => "sms_code_wrong",
            ActivationError::CodeBlocked => "sms_code_blocked",
            ActivationError::CodeExpired => "sms_code_expired",
            ActivationError::CodeMissing => "sms_code_missing",
            ActivationError::TermsNotAccepted => "terms_not_accepted",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let text = match self {
            ActivationError::OrganisationEnded { ended, manager } => {
                let consequence = Text::ActivationOrganisationEnded {
                    name: &manager.name,
                    email: &manager.email,
                };
                return format!("{} {}", ended.register_says(lang), consequence.text(lang));
            }
            ActivationError::TokenMissing | ActivationError::NotFound => Text::LinkNotFound,
            ActivationError::Expired { manager, .. } => Text::ActivationExpired {
                name: &manager.name,
                email: &manager.email,
            },
            ActivationError::Cancelled { manager, .. } => Text::ActivationCancelled {
                name: &manager.name,
                email: &manager.email,
            },
            ActivationError::Finished {
                status: Status::Issued,
                ..
            } => Text::ActivationIssued,
            ActivationError::Finished {
                end_reason: Some(EndReason::OrganisationEnded),
                manager,
                ..
            } => Text::ActivationStoppedOrganisationEnded {
                name: &manager.name,
                email: &manager.email,
            },
            ActivationError::Finished { manager, .. } => Text::ActivationEnded {
                name: &manager.name,
                email: &manager.email,
            },
            ActivationError::WrongStep(_) => Text::ActivationWrongStep,
            ActivationError::ResendTooSoon { retry_after } => Text::SmsResendTooSoon {
                seconds: *retry_after,
            },
            ActivationError::HourlyLimit { retry_after } => Text::SmsHourlyLimit {
                max: sms_code::MAX_SENDS_PER_HOUR,
                minutes: retry_after.div_ceil(60),
            },
            ActivationError::DailyLimit { retry_after } => Text::SmsDailyLimit {
                max: sms_code::MAX_SENDS_PER_DAY,
                hours: retry_after.div_ceil(60 * 60),
            },
            ActivationError::CodeFormat => Text::SmsCodeFormat {
                digits: sms_code::CODE_DIGITS,
            },
            ActivationError::CodeWrong { attempts_left: 1 } => Text::SmsCodeWrongLastTry,
            ActivationError::CodeWrong { attempts_left } => Text::SmsCodeWrong {
                attempts_left: *attempts_left,
            },
            ActivationError::CodeBlocked => Text::SmsCodeBlocked {
                max: sms_code::MAX_WRONG_ATTEMPTS,
            },
            ActivationError::CodeExpired => Text::SmsCodeExpired {
                minutes: sms_code::VALID_SECS / 60,
            },
            ActivationError::CodeMissing => Text::SmsCodeMissing,
            ActivationError::TermsNotAccepted => Text::TermsNotAccepted,
        };
        text.text(lang)
    }

    fn details(&self, _: Lang) -> Option<Value> {
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
                end_reason,
            } => Some(json!({
                "status": status, "at": at, "manager": manager, "end_reason": end_reason
            })),
            ActivationError::OrganisationEnded { manager, .. } => Some(json!({
                "status": Status::Rejected,
                "manager": manager,
                "end_reason": EndReason::OrganisationEnded,
            })),
            ActivationError::WrongStep(status) => Some(json!({ "status": status })),
            ActivationError::ResendTooSoon { retry_after }
            | ActivationError::HourlyLimit { retry_after }
            | ActivationError::DailyLimit { retry_after } => {
                Some(json!({ "retry_after_seconds": retry_after }))
            }
            ActivationError::CodeWrong { attempts_left } => {
                Some(json!({ "attempts_left": attempts_left }))
            }
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            ActivationError::ResendTooSoon { retry_after }
            | ActivationError::HourlyLimit { retry_after }
            | ActivationError::DailyLimit { retry_after } => Some(*retry_after),
            _ => None,
        }
    }
}
