//! Why a request about an account was refused: [`AuthError`], with its status, code, message
//! in the request's language and details.

use axum::http::StatusCode;
use domain::{Lang, Level};
use serde_json::{Value, json};

use super::{STEP_UP_SECS, SecondFactor, csrf, lockout, setup};
use crate::error::Problem;
use crate::lang::Text;

/// Why a request about the manager's account was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No session cookie, or its session is unknown or expired.
    #[error("not logged in")]
    NotLoggedIn,
    /// Wrong e-mail address or password (the answer does not say which).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many failed logins in a row from this network address: no login from it until
    /// `until` (unix seconds). The code stays `account_locked` for API clients.
    #[error("login from this address waits {retry_after} s")]
    AccountLocked { until: i64, retry_after: u64 },
    /// A state-changing request without the session's CSRF token or from a foreign origin.
    #[error("CSRF check failed: {0:?}")]
    CsrfFailed(csrf::Failure),
    /// The manager does not manage this organisation.
    #[error("organisation {kvk_number} is not managed by this manager")]
    OrganisationNotManaged { kvk_number: String },
    /// The Afsprakenstelsel rule: a manager orders at most at their own level.
    #[error("level {wanted} is above the manager's own level {own}")]
    LevelAboveOwn { wanted: Level, own: Level },
    /// Only the back office's operators may do this.
    #[error("only operators may do this")]
    OperatorOnly,
    /// A demo account's password is public and stays as it is (another visitor would be locked
    /// out).
    #[error("a demo account's password is fixed")]
    DemoPasswordFixed,
    /// The current password given to change it is wrong.
    #[error("wrong current password")]
    CurrentPasswordWrong,
    /// A passkey's name is empty or too long.
    #[error("invalid passkey name")]
    PasskeyNameInvalid,
    /// Only the back office's admins may do this.
    #[error("only admins may do this")]
    AdminOnly,
    /// The session gave the password but not yet the second factor (or the account has none).
    #[error("second factor {0:?}")]
    SecondFactorRequired(SecondFactor),
    /// A wrong, used or malformed code for the second factor.
    #[error("invalid second-factor code")]
    InvalidCode,
    /// Too many wrong codes in a row for the account's second factor: none is checked until
    /// `until` (unix seconds).
    #[error("second factor waits {retry_after} s")]
    SecondFactorLocked { until: i64, retry_after: u64 },
    /// A set-up or reset link that is unknown, used or expired (the answer does not say which).
    #[error("invalid account link")]
    LinkInvalid,
    /// No `X-Setup-Token` header, or an empty one.
    #[error("no set-up token")]
    SetupTokenMissing,
    /// The new password does not follow the policy.
    #[error("password refused: {0:?}")]
    PasswordRefused(setup::PasswordRefused),
    /// The account has an authenticator app already.
    #[error("authenticator exists")]
    AuthenticatorExists,
    /// No new authenticator app to confirm.
    #[error("no authenticator to confirm")]
    AuthenticatorNotStarted,
    /// The account page ends other sessions; this one ends by logging out.
    #[error("the current session")]
    CurrentSession,
    /// The account is suspended (after a correct password: nobody else learns it).
    #[error("account suspended")]
    AccountSuspended,
    /// A weighty action (an EH3 order, revoking a means, appointing a manager) needs the second factor given within
    /// the last [`STEP_UP_SECS`].
    #[error("step-up required")]
    StepUpRequired,
}

impl AuthError {
    /// [`AuthError::AccountLocked`] until `until`, seen at `now` (unix seconds).
    pub fn locked(until: i64, now: i64) -> AuthError {
        AuthError::AccountLocked {
            until,
            retry_after: seconds_until(until, now),
        }
    }

    /// [`AuthError::SecondFactorLocked`] until `until`, seen at `now` (unix seconds).
    pub fn second_factor_locked(until: i64, now: i64) -> AuthError {
        AuthError::SecondFactorLocked {
            until,
            retry_after: seconds_until(until, now),
        }
    }
}

/// Whole seconds from `now` until `until`, at least 1.
fn seconds_until(until: i64, now: i64) -> u64 {
    u64::try_from(until - now).unwrap_or(0).max(1)
}

impl AuthError {
    /// The minutes of a wait of `retry_after` seconds, rounded up.
    fn minutes(retry_after: u64) -> u64 {
        retry_after.div_ceil(60)
    }
}

impl Problem for AuthError {
    fn status(&self) -> StatusCode {
        match self {
            AuthError::NotLoggedIn
            | AuthError::InvalidCredentials
            | AuthError::InvalidCode
            | AuthError::SetupTokenMissing => StatusCode::UNAUTHORIZED,
            AuthError::AccountLocked { .. } | AuthError::SecondFactorLocked { .. } => {
                StatusCode::LOCKED
            }
            AuthError::CsrfFailed(_)
            | AuthError::OrganisationNotManaged { .. }
            | AuthError::LevelAboveOwn { .. }
            | AuthError::OperatorOnly
            | AuthError::AdminOnly
            | AuthError::SecondFactorRequired(_)
            | AuthError::StepUpRequired
            | AuthError::AccountSuspended
            | AuthError::DemoPasswordFixed => StatusCode::FORBIDDEN,
            AuthError::LinkInvalid => StatusCode::NOT_FOUND,
            AuthError::PasswordRefused(_)
            | AuthError::PasskeyNameInvalid
            | AuthError::CurrentPasswordWrong => StatusCode::UNPROCESSABLE_ENTITY,
            AuthError::AuthenticatorExists
            | AuthError::AuthenticatorNotStarted
            | AuthError::CurrentSession => StatusCode::CONFLICT,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AuthError::NotLoggedIn => "not_logged_in",
            AuthError::InvalidCredentials => "invalid_credentials",
            AuthError::AccountLocked { .. } => "account_locked",
            AuthError::CsrfFailed(_) => "csrf_failed",
            AuthError::OrganisationNotManaged { .. } => "organisation_not_managed",
            AuthError::LevelAboveOwn { .. } => "level_above_own",
            AuthError::OperatorOnly => "operator_only",
            AuthError::AdminOnly => "admin_only",
            AuthError::PasskeyNameInvalid => "passkey_name_invalid",
            AuthError::CurrentPasswordWrong => "current_password_wrong",
            AuthError::DemoPasswordFixed => "demo_password_fixed",
            AuthError::SecondFactorRequired(_) => "second_factor_required",
            AuthError::InvalidCode => "invalid_code",
            AuthError::SecondFactorLocked { .. } => "second_factor_locked",
            AuthError::LinkInvalid => "account_link_invalid",
            AuthError::SetupTokenMissing => "setup_token_missing",
            AuthError::PasswordRefused(_) => "password_refused",
            AuthError::AuthenticatorExists => "authenticator_exists",
            AuthError::AuthenticatorNotStarted => "authenticator_not_started",
            AuthError::CurrentSession => "current_session",
            AuthError::StepUpRequired => "step_up_required",
            AuthError::AccountSuspended => "account_suspended",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let failures = lockout::MAX_FAILURES;
        match self {
            AuthError::NotLoggedIn => Text::NotLoggedIn,
            AuthError::InvalidCredentials => Text::InvalidCredentials,
            AuthError::AccountLocked { retry_after, .. } => {
                match AuthError::minutes(*retry_after) {
                    1 => Text::AccountLockedOneMinute { failures },
                    minutes => Text::AccountLocked { failures, minutes },
                }
            }
            AuthError::SecondFactorLocked { retry_after, .. } => Text::SecondFactorLocked {
                failures,
                minutes: AuthError::minutes(*retry_after),
            },
            AuthError::SecondFactorRequired(SecondFactor::NotSetUp) => Text::SecondFactorNotSetUp,
            AuthError::SecondFactorRequired(_) => Text::SecondFactorRequired,
            AuthError::InvalidCode => Text::InvalidCode,
            AuthError::LinkInvalid | AuthError::SetupTokenMissing => Text::AccountLinkInvalid,
            AuthError::PasswordRefused(setup::PasswordRefused::TooShort) => {
                Text::PasswordTooShort {
                    min: setup::MIN_PASSWORD_CHARS,
                }
            }
            AuthError::PasswordRefused(setup::PasswordRefused::TooLong) => Text::PasswordTooLong {
                max: setup::MAX_PASSWORD_CHARS,
            },
            AuthError::PasswordRefused(setup::PasswordRefused::TooGuessable) => {
                Text::PasswordTooGuessable
            }
            AuthError::AuthenticatorExists => Text::AuthenticatorExists,
            AuthError::AuthenticatorNotStarted => Text::AuthenticatorNotStarted,
            AuthError::CurrentSession => Text::CurrentSession,
            AuthError::AccountSuspended => Text::AccountSuspended,
            AuthError::StepUpRequired => Text::StepUpRequired {
                minutes: STEP_UP_SECS / 60,
            },
            AuthError::CsrfFailed(_) => Text::CsrfFailed,
            AuthError::OrganisationNotManaged { kvk_number } => {
                Text::OrganisationNotManaged { kvk_number }
            }
            AuthError::LevelAboveOwn { wanted, own } => Text::LevelAboveOwn {
                wanted: *wanted,
                own: *own,
            },
            AuthError::OperatorOnly => Text::OperatorOnly,
            AuthError::AdminOnly => Text::AdminOnly,
            AuthError::CurrentPasswordWrong => Text::CurrentPasswordWrong,
            AuthError::DemoPasswordFixed => Text::DemoPasswordFixed,
            AuthError::PasskeyNameInvalid => Text::PasskeyNameInvalid {
                max: super::passkey::NAME_MAX_CHARS,
            },
        }
        .text(lang)
    }

    fn details(&self, _: Lang) -> Option<Value> {
        match self {
            AuthError::AccountLocked { until, retry_after }
            | AuthError::SecondFactorLocked { until, retry_after } => Some(json!({
                "retry_after_seconds": retry_after,
                "locked_until": until,
            })),
            AuthError::CsrfFailed(failure) => Some(json!({ "reason": failure.reason() })),
            AuthError::OrganisationNotManaged { kvk_number } => {
                Some(json!({ "kvk_number": kvk_number }))
            }
            AuthError::LevelAboveOwn { wanted, own } => {
                Some(json!({ "level": wanted, "own_level": own }))
            }
            AuthError::SecondFactorRequired(state) => Some(json!({ "second_factor": state })),
            AuthError::PasswordRefused(refused) => Some(json!({
                "reason": refused.reason(),
                "min_length": setup::MIN_PASSWORD_CHARS,
                "max_length": setup::MAX_PASSWORD_CHARS,
            })),
            AuthError::NotLoggedIn
            | AuthError::InvalidCredentials
            | AuthError::OperatorOnly
            | AuthError::AdminOnly
            | AuthError::PasskeyNameInvalid
            | AuthError::CurrentPasswordWrong
            | AuthError::DemoPasswordFixed
            | AuthError::InvalidCode
            | AuthError::LinkInvalid
            | AuthError::SetupTokenMissing
            | AuthError::AuthenticatorExists
            | AuthError::AuthenticatorNotStarted
            | AuthError::CurrentSession
            | AuthError::AccountSuspended => None,
            AuthError::StepUpRequired => Some(json!({ "within_seconds": STEP_UP_SECS })),
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            AuthError::AccountLocked { retry_after, .. }
            | AuthError::SecondFactorLocked { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }
}
