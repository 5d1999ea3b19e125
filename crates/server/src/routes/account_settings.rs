//! The account page's changes to the account itself: a new password (with the current one),
//! new recovery codes, and removing the authenticator app (when a passkey remains). New codes
//! and removing the app need the second factor within the last 15 minutes (step-up).
//!
//! - `PUT /api/v1/account/password` (`{"current_password", "new_password"}`) → 204: the
//!   account's other sessions end; 422 `current_password_wrong` or `password_refused`; 429 after
//!   [`PASSWORD_CHANGES_PER_HOUR`] attempts in an hour.
//! - `POST /api/v1/account/recovery-codes` → 200 [`RecoveryCodes`]: ten new codes; the old ones
//!   stop working.
//! - `DELETE /api/v1/account/authenticator` → 204; 409 `last_second_factor` when the account
//!   has no passkey.

use axum::extract::State;
use axum::http::StatusCode;

use super::account::record;
use crate::AppState;
use crate::auth::passkey::{self, PasskeyError};
use crate::auth::{AuthError, CurrentManager, demo, password, second_factor, setup, unix_now};
use crate::error::ApiError;
use crate::extract::Json;
use crate::manage::audit::{Action, Actor};
use crate::openapi::Error;
use crate::rate_limit;

pub(crate) use api::account::{PasswordChange, RecoveryCodes};

/// Password changes (right or wrong) an account may try per hour.
pub(crate) const PASSWORD_CHANGES_PER_HOUR: u32 = 10;

/// `PUT /api/v1/account/password`: a new password, given with the current one.
#[utoipa::path(
    put, path = "/api/v1/account/password", operation_id = "changePassword", tag = "account",
    security(("session" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; the account's other sessions have ended."),
        (status = 403, description = "`csrf_failed`, or `demo_password_fixed`: a demo account's public password stays.", body = Error),
        (status = 422, description = "`current_password_wrong`, or `password_refused` (`details.reason`).", body = Error),
        (status = 429, description = "Too many attempts for this account (`too_many_requests`).", body = Error,
            headers(("Retry-After" = u64, description = "Seconds until a new attempt may be made."))),
    )
)]
pub(crate) async fn change_password(
    State(state): State<AppState>,
    account: CurrentManager,
    Json(body): Json<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    if demo::is_demo_email(&account.email) {
        return Err(AuthError::DemoPasswordFixed.into());
    }
    let key = format!("password-change:{}", account.id);
    rate_limit::hit(&state.db, &key, 60 * 60, PASSWORD_CHANGES_PER_HOUR)
        .await?
        .check()?;
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM managers WHERE id = $1")
        .bind(account.id)
        .fetch_one(&state.db)
        .await?;
    let stored = Some(stored).filter(|hash| hash != setup::NO_PASSWORD);
    if body.current_password.len() > password::MAX_PASSWORD_BYTES
        || !password::verify_blocking(body.current_password, stored).await?
    {
        return Err(AuthError::CurrentPasswordWrong.into());
    }
    setup::check_new_password(&body.new_password, &account.email, &account.name)
        .map_err(AuthError::PasswordRefused)?;
    let hash = password::hash_blocking(body.new_password).await?;
    let now = unix_now();
    let mut tx = crate::db::begin_write(&state.db).await?;
    sqlx::query("UPDATE managers SET password_hash = $1 WHERE id = $2")
        .bind(&hash)
        .bind(account.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE manager_id = $1 AND token_hash <> $2")
        .bind(account.id)
        .bind(account.session_key())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    record(
        &state,
        Actor::from(&account),
        Action::PasswordSet,
        Some("op de accountpagina"),
        now,
    )
    .await?;
    tracing::info!(manager_id = account.id, "password changed");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/account/recovery-codes`: ten new recovery codes; the old ones stop working.
#[utoipa::path(
    post, path = "/api/v1/account/recovery-codes", operation_id = "renewRecoveryCodes", tag = "account",
    security(("session" = [])),
    responses(
        (status = 200, description = "The new codes, shown this once.", body = RecoveryCodes),
        (status = 403, description = "`csrf_failed`, or `step_up_required`.", body = Error),
    )
)]
pub(crate) async fn renew_recovery_codes(
    State(state): State<AppState>,
    account: CurrentManager,
) -> Result<Json<RecoveryCodes>, ApiError> {
    let now = unix_now();
    account.ensure_recent_second_factor(now, state.config.demo)?;
    let recovery_codes = second_factor::new_recovery_codes(&state.db, account.id, now).await?;
    record(
        &state,
        Actor::from(&account),
        Action::RecoveryCodesRenewed,
        None,
        now,
    )
    .await?;
    Ok(Json(RecoveryCodes { recovery_codes }))
}

/// `DELETE /api/v1/account/authenticator`: removes the authenticator app, when a passkey
/// remains as the second factor.
#[utoipa::path(
    delete, path = "/api/v1/account/authenticator", operation_id = "removeAuthenticator", tag = "account",
    security(("session" = [])),
    responses(
        (status = 204, description = "Removed."),
        (status = 403, description = "`csrf_failed`, or `step_up_required`.", body = Error),
        (status = 409, description = "`last_second_factor`: the account has no passkey.", body = Error),
    )
)]
pub(crate) async fn remove_authenticator(
    State(state): State<AppState>,
    account: CurrentManager,
) -> Result<StatusCode, ApiError> {
    let now = unix_now();
    account.ensure_recent_second_factor(now, state.config.demo)?;
    if !passkey::has_passkey(&state.db, account.id).await? {
        return Err(PasskeyError::LastSecondFactor.into());
    }
    sqlx::query("DELETE FROM totp_authenticators WHERE manager_id = $1")
        .bind(account.id)
        .execute(&state.db)
        .await?;
    record(
        &state,
        Actor::from(&account),
        Action::AuthenticatorRemoved,
        None,
        now,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
