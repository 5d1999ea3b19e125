//! The account's own set-up and its second factor.
//!
//! - `GET /api/v1/account-setup` (`X-Setup-Token`) → 200 [`AccountLink`]: whose link this is;
//!   404 `account_link_invalid` for an unknown, used or expired link (the same answer for each).
//! - `POST /api/v1/account-setup` (`X-Setup-Token`, `{"password"}`) → 200 [`SessionBody`] and the
//!   session cookie: the password is set, the link used, the account's other sessions ended;
//!   the session still needs the second factor (`second_factor: not_set_up` for a new account).
//!   422 `password_refused` (`details.reason`: `too_short`, `too_long`, `too_guessable`).
//! - `POST /api/v1/account/authenticator` → 201 [`AuthenticatorEnrolment`]: a new secret for an
//!   authenticator app, as text, URI and QR code; 409 `authenticator_exists`.
//! - `POST /api/v1/account/authenticator/confirmation` (`{"code"}`) → 200
//!   [`AuthenticatorConfirmed`]: the app is confirmed with its first code, the session has passed
//!   the second factor, and the 10 recovery codes are shown this once.
//! - `POST /api/v1/session/second-factor` (`{"code"}`) → 200 [`SessionBody`]: the second step of
//!   signing in, with the app's code or a recovery code, or the same again later for an action
//!   that needs it recent (step-up: an EH3 order, revoking a means); 401 `invalid_code`; 423
//!   `second_factor_locked` after 5 wrong codes in a row (for the account, from anywhere).
//!
//! - `POST /api/v1/password-reset` (`{"email"}`) → 202, whether or not the address has an
//!   account: when it has, a one-time link to choose a new password (valid one hour) is mailed,
//!   at most one mail per account per [`RESET_MAIL_INTERVAL_SECS`]; 429 after
//!   [`RESET_MAX_PER_ADDRESS`] requests from one network address in an hour. The new password
//!   still needs the second factor.
//!
//! The authenticator and second-factor endpoints take a session that gave only the password ([`SignedIn`]); every other
//! endpoint refuses such a session with 403 `second_factor_required`.

use api::LinkPurpose;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::auth::csrf::SameOrigin;
use crate::auth::lockout::{self, SECOND_FACTOR_ADDRESS, Subject};
use crate::auth::second_factor::{self, CodeCheck, EnrolmentRefused};
use crate::auth::setup::{self, Link};
use crate::auth::{self, AuthError, SecondFactor, SignedIn, demo, password, session, unix_now};
use crate::error::ApiError;
use crate::extract::Json;
use crate::mail;
use crate::manage::audit::{self, Action, Actor};
use crate::openapi::Error;
use crate::ops::client::ClientAddress;
use crate::ops::metrics;
use crate::outbox::{self, NewMessage};
use crate::rate_limit;
use crate::routes::session::{address_key, session_body};

pub(crate) use api::account::{
    AccountLink, AuthenticatorConfirmed, AuthenticatorEnrolment, NewPassword, PasswordResetRequest,
    SecondFactorCode,
};
pub(crate) use api::session::SessionBody;

/// The header that carries the token of a set-up or reset link.
pub(crate) const SETUP_TOKEN_HEADER: &str = "X-Setup-Token";

/// Reset requests allowed per network address per hour.
pub(crate) const RESET_MAX_PER_ADDRESS: u32 = 10;

/// An account gets at most one reset mail per this many seconds (10 minutes).
pub(crate) const RESET_MAIL_INTERVAL_SECS: i64 = 10 * 60;

/// The longest token looked up; ours are 43 characters.
const MAX_TOKEN_LEN: usize = 200;

/// The valid link of the request's `X-Setup-Token`: 401 `setup_token_missing` without one,
/// 404 `account_link_invalid` for one that opens nothing.
async fn link(state: &AppState, headers: &HeaderMap, now: i64) -> Result<Link, ApiError> {
    let token = headers
        .get(SETUP_TOKEN_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or(AuthError::SetupTokenMissing)?;
    if token.len() > MAX_TOKEN_LEN {
        return Err(AuthError::LinkInvalid.into());
    }
    setup::find_link(&state.db, token, now)
        .await?
        .ok_or_else(|| AuthError::LinkInvalid.into())
}

/// Adds `action` by the account to its audit log (the account's own address as the subject).
pub(crate) async fn record(
    state: &AppState,
    actor: Actor<'_>,
    action: Action,
    detail: Option<&str>,
    now: i64,
) -> Result<(), ApiError> {
    let mut connection = state.db.acquire().await?;
    audit::record(
        &mut connection,
        actor,
        None,
        action,
        actor.email,
        detail,
        now,
    )
    .await?;
    Ok(())
}

/// `GET /api/v1/account-setup`: whose set-up or reset link this is.
#[utoipa::path(
    get, path = "/api/v1/account-setup", operation_id = "getAccountLink", tag = "account",
    security(("setupToken" = [])),
    responses(
        (status = 200, description = "The link is valid: whose account it sets up.", body = AccountLink),
        (status = 404, description = "`account_link_invalid`: unknown, used or expired (the same answer for each).", body = Error),
    )
)]
pub(crate) async fn show_link(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<AccountLink>, ApiError> {
    let link = link(&state, &headers, unix_now()).await?;
    Ok(Json(AccountLink {
        email: link.email,
        name: link.name,
        purpose: link.purpose,
        expires_at: link.expires_at,
    }))
}

/// `POST /api/v1/account-setup`: sets the password through the link and starts a session that
/// still needs the second factor.
#[utoipa::path(
    post, path = "/api/v1/account-setup", operation_id = "setPassword", tag = "account",
    security(("setupToken" = [])),
    request_body = NewPassword,
    responses(
        (status = 200, description = "The password is set and the link used; the session (`Set-Cookie`) still needs the second factor.", body = SessionBody,
            headers(("Set-Cookie" = String, description = "`middelpunt_session=…; HttpOnly; SameSite=Strict; Path=/`."))),
        (status = 403, description = "A foreign `Origin` (`csrf_failed`).", body = Error),
        (status = 404, description = "`account_link_invalid`: unknown, used or expired.", body = Error),
        (status = 422, description = "`password_refused`: `details.reason` is `too_short`, `too_long` or `too_guessable`.", body = Error),
        (status = 429, description = "Password checks are queued too long (`too_many_requests`).", body = Error,
            headers(("Retry-After" = u64, description = "Seconds until a new attempt may be made."))),
    )
)]
pub(crate) async fn set_password(
    State(state): State<AppState>,
    _same_origin: SameOrigin,
    headers: HeaderMap,
    Json(body): Json<NewPassword>,
) -> Result<Response, ApiError> {
    let now = unix_now();
    let link = link(&state, &headers, now).await?;
    setup::check_new_password(&body.password, &link.email, &link.name)
        .map_err(AuthError::PasswordRefused)?;
    let hash = password::hash_blocking(body.password).await?;
    if !setup::use_link(&state.db, &link, &hash, now).await? {
        return Err(AuthError::LinkInvalid.into());
    }
    let actor = Actor {
        id: Some(link.manager_id),
        client: None,
        name: &link.name,
        email: &link.email,
    };
    let detail = match link.purpose {
        LinkPurpose::Setup => "bij het instellen van het account",
        LinkPurpose::Reset => "met een herstellink",
    };
    record(&state, actor, Action::PasswordSet, Some(detail), now).await?;
    tracing::info!(manager_id = link.manager_id, "password set through a link");
    let (account, cookie) =
        crate::routes::session::start(&state, link.manager_id, &headers, now, None).await?;
    let second_factor = auth::second_factor_state(&state.db, link.manager_id, None).await?;
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(session_body(&account, second_factor)),
    )
        .into_response())
}

/// `POST /api/v1/account/authenticator`: starts adding an authenticator app.
#[utoipa::path(
    post, path = "/api/v1/account/authenticator", operation_id = "startAuthenticator", tag = "account",
    security(("session" = [])),
    responses(
        (status = 201, description = "A new secret for the app, unconfirmed until its first code is sent to the confirmation.", body = AuthenticatorEnrolment),
        (status = 409, description = "`authenticator_exists`: the account has an authenticator app.", body = Error),
    )
)]
pub(crate) async fn start_authenticator(
    State(state): State<AppState>,
    SignedIn(account, _): SignedIn,
) -> Result<Response, ApiError> {
    let enrolment =
        second_factor::start_enrolment(&state.db, account.id, &account.email, unix_now())
            .await?
            .map_err(|_exists| AuthError::AuthenticatorExists)?;
    let body = AuthenticatorEnrolment {
        secret: enrolment.secret,
        otpauth_uri: enrolment.otpauth_uri,
        qr_svg: enrolment.qr_svg,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `POST /api/v1/account/authenticator/confirmation`: confirms the new app with its first code.
#[utoipa::path(
    post, path = "/api/v1/account/authenticator/confirmation", operation_id = "confirmAuthenticator", tag = "account",
    security(("session" = [])),
    request_body = SecondFactorCode,
    responses(
        (status = 200, description = "The app is the account's second factor; the session passed it; the recovery codes are shown this once.", body = AuthenticatorConfirmed),
        (status = 401, description = "`invalid_code`: not the app's current code.", body = Error),
        (status = 409, description = "`authenticator_exists` or `authenticator_not_started`.", body = Error),
    )
)]
pub(crate) async fn confirm_authenticator(
    State(state): State<AppState>,
    SignedIn(account, _): SignedIn,
    Json(body): Json<SecondFactorCode>,
) -> Result<Json<AuthenticatorConfirmed>, ApiError> {
    let now = unix_now();
    second_factor::confirm_enrolment(&state.db, account.id, &account.email, &body.code, now)
        .await?
        .map_err(|refused| match refused {
            EnrolmentRefused::Exists => AuthError::AuthenticatorExists,
            EnrolmentRefused::NotStarted => AuthError::AuthenticatorNotStarted,
            EnrolmentRefused::WrongCode => AuthError::InvalidCode,
        })?;
    let recovery_codes = second_factor::new_recovery_codes(&state.db, account.id, now).await?;
    session::pass_second_factor(&state.db, account.session_key(), now).await?;
    record(
        &state,
        Actor::from(&account),
        Action::AuthenticatorAdded,
        None,
        now,
    )
    .await?;
    tracing::info!(manager_id = account.id, "authenticator app added");
    Ok(Json(AuthenticatorConfirmed {
        session: session_body(&account, SecondFactor::Passed),
        recovery_codes,
    }))
}

/// `POST /api/v1/session/second-factor`: the second step of signing in.
#[utoipa::path(
    post, path = "/api/v1/session/second-factor", operation_id = "passSecondFactor", tag = "session",
    security(("session" = [])),
    request_body = SecondFactorCode,
    responses(
        (status = 200, description = "The session passed the second factor: now, for signing in or again, within 15 minutes of an EH3 order or a revocation (step-up).", body = SessionBody),
        (status = 401, description = "`invalid_code`: wrong, used or malformed.", body = Error),
        (status = 403, description = "`second_factor_required` with `details.second_factor` `not_set_up`: the account must add an authenticator app first.", body = Error),
        (status = 423, description = "`second_factor_locked`: 5 or more wrong codes in a row; the account waits (`details.retry_after_seconds`).", body = Error,
            headers(("Retry-After" = u64, description = "Seconds until a code is checked again."))),
    )
)]
pub(crate) async fn pass_second_factor(
    State(state): State<AppState>,
    signed_in: SignedIn,
    body: Json<SecondFactorCode>,
) -> Result<Json<SessionBody>, ApiError> {
    let result = check_second_factor(State(state), signed_in, body).await;
    metrics::sign_in("second_factor_code", result)
}

async fn check_second_factor(
    State(state): State<AppState>,
    SignedIn(account, state_now): SignedIn,
    Json(body): Json<SecondFactorCode>,
) -> Result<Json<SessionBody>, ApiError> {
    // A session past the second factor gives it again for a weighty action (step-up).
    if state_now == SecondFactor::NotSetUp {
        return Err(AuthError::SecondFactorRequired(SecondFactor::NotSetUp).into());
    }
    let now = unix_now();
    let subject = Subject::SecondFactor(account.id);
    if let Some(until) =
        lockout::locked_until(&state.db, subject, SECOND_FACTOR_ADDRESS, now).await?
    {
        return Err(AuthError::second_factor_locked(until, now).into());
    }
    let check =
        second_factor::check_code(&state.db, account.id, &account.email, &body.code, now).await?;
    let action = match check {
        CodeCheck::Wrong => {
            let failure =
                lockout::record_failure(&state.db, subject, SECOND_FACTOR_ADDRESS, now).await?;
            record(
                &state,
                Actor::from(&account),
                Action::SecondFactorFailed,
                None,
                now,
            )
            .await?;
            tracing::info!(manager_id = account.id, "wrong second-factor code");
            return Err(match failure.locked_until {
                Some(until) => AuthError::second_factor_locked(until, now),
                None => AuthError::InvalidCode,
            }
            .into());
        }
        CodeCheck::Authenticator => Action::SecondFactorPassed,
        CodeCheck::RecoveryCode => Action::RecoveryCodeUsed,
    };
    lockout::reset(&state.db, subject, SECOND_FACTOR_ADDRESS).await?;
    session::pass_second_factor(&state.db, account.session_key(), now).await?;
    record(&state, Actor::from(&account), action, None, now).await?;
    tracing::info!(manager_id = account.id, "second factor passed");
    Ok(Json(session_body(&account, SecondFactor::Passed)))
}

/// `POST /api/v1/password-reset`: mails a link to choose a new password, when the address has
/// an account; the same answer when it has not.
#[utoipa::path(
    post, path = "/api/v1/password-reset", operation_id = "requestPasswordReset", tag = "account",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the address has an account, a link (valid one hour) is on its way; the same answer when it has not."),
        (status = 403, description = "A foreign `Origin` (`csrf_failed`).", body = Error),
        (status = 429, description = "Too many requests from this network address (`too_many_requests`).", body = Error,
            headers(("Retry-After" = u64, description = "Seconds until a new request may be made."))),
    )
)]
pub(crate) async fn request_reset(
    State(state): State<AppState>,
    _same_origin: SameOrigin,
    ClientAddress(address): ClientAddress,
    Json(body): Json<PasswordResetRequest>,
) -> Result<StatusCode, ApiError> {
    let key = format!("reset:{}", address_key(address));
    rate_limit::hit(&state.db, &key, 60 * 60, RESET_MAX_PER_ADDRESS)
        .await?
        .check()?;
    let email = body.email.trim().to_lowercase();
    // Demo accounts have a public password and nothing to reset.
    if email.is_empty() || email.len() > 320 || demo::is_demo_email(&email) {
        return Ok(StatusCode::ACCEPTED);
    }
    let account = sqlx::query_as::<_, (i64, String)>(
        "SELECT id, display_name FROM managers WHERE email = $1 AND suspended_at IS NULL",
    )
    .bind(&email)
    .fetch_optional(&state.db)
    .await?;
    let Some((id, name)) = account else {
        tracing::info!("password reset asked for an address without an account");
        return Ok(StatusCode::ACCEPTED);
    };
    let now = unix_now();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let token = setup::create_link(&mut tx, id, LinkPurpose::Reset, now).await?;
    let link = setup::link_url(state.config.public_url.as_str(), &token);
    let mail = mail::account::password_reset(&name, &link, setup::RESET_LINK_SECS / 60);
    let dedupe = format!("password-reset:{id}:{}", now / RESET_MAIL_INTERVAL_SECS);
    outbox::enqueue(&mut tx, NewMessage::email(&email, mail, dedupe)).await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(manager_id = id, "password reset link sent");
    Ok(StatusCode::ACCEPTED)
}
