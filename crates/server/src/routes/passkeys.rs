//! Passkeys ([`crate::auth::passkey`]): adding one to the account (at set-up, as its first
//! second factor, or later on the account page), the second factor with one, signing in with
//! one alone, and the account's list of them. Each ceremony is two requests: `…/options`, then
//! the browser's answer.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use webauthn_rs::prelude::{
    DiscoverableAuthentication, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential,
};

use super::account::record;
use super::session::{address_key, session_body, start};
use crate::AppState;
use crate::auth::csrf::SameOrigin;
use crate::auth::passkey::{self, PasskeyError, Purpose};
use crate::auth::{
    self, AuthError, CurrentManager, SecondFactor, SignedIn, second_factor, session,
};
use crate::clock::unix_now;
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::manage::audit::{Action, Actor};
use crate::openapi::Error;
use crate::ops::client::ClientAddress;
use crate::ops::metrics;
use crate::rate_limit;

pub(crate) use api::account::{
    AccountPasskey, AccountPasskeys, AuthenticatorConfirmed, NewPasskey, PasskeyAnswer,
    PasskeyOptions,
};
pub(crate) use api::session::SessionBody;

/// Passkey sign-ins begun per network address per hour (each keeps a challenge 5 minutes).
const SIGN_IN_MAX_PER_HOUR: u32 = 60;

/// The browser's credential as WebAuthn's type, or `passkey_refused` for anything else.
fn credential<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|_| PasskeyError::Refused.into())
}

/// `POST /api/v1/account/passkeys/options`: begins adding a passkey.
#[utoipa::path(
    post, path = "/api/v1/account/passkeys/options", operation_id = "startPasskey", tag = "account",
    security(("session" = [])),
    responses(
        (status = 201, description = "The options for the browser's `navigator.credentials.create`.", body = PasskeyOptions),
        (status = 409, description = "`passkeys_unavailable`: the server's public URL is no domain name.", body = Error),
        (status = 403, description = "`second_factor_required`: a session that gave only the password of an account with a second factor gives that first; `step_up_required`: adding one to an account in use needs the second factor within 15 minutes.", body = Error),
    )
)]
pub(crate) async fn start_registration(
    State(state): State<AppState>,
    SignedIn(account, second_factor): SignedIn,
) -> Result<Response, ApiError> {
    let now = unix_now();
    ensure_may_add(&state, &account, second_factor, now)?;
    let webauthn = passkey::relying_party(&state.config)?;
    let handle = passkey::user_handle(&state.db, account.id).await?;
    let existing = passkey::passkeys(&state.db, account.id).await?;
    let (options, registration) =
        passkey::registration_options(&webauthn, handle, &account.email, &account.name, &existing)?;
    let ceremony = passkey::begin(
        &state.db,
        Purpose::Register,
        Some(account.id),
        &registration,
        now,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(PasskeyOptions { ceremony, options }),
    )
        .into_response())
}

/// A passkey is added by an account still without a second factor (its set-up), or by one past
/// it recently.
fn ensure_may_add(
    state: &AppState,
    account: &CurrentManager,
    second_factor: SecondFactor,
    now: i64,
) -> Result<(), ApiError> {
    match second_factor {
        SecondFactor::NotSetUp => Ok(()),
        SecondFactor::Required => {
            Err(AuthError::SecondFactorRequired(SecondFactor::Required).into())
        }
        SecondFactor::Passed => Ok(account.ensure_recent_second_factor(now, state.config.demo)?),
    }
}

/// `POST /api/v1/account/passkeys`: adds the browser's new passkey.
#[utoipa::path(
    post, path = "/api/v1/account/passkeys", operation_id = "addPasskey", tag = "account",
    security(("session" = [])),
    request_body = NewPasskey,
    responses(
        (status = 201, description = "Added. As the account's first second factor, the session passed it and the recovery codes are shown this once (else `recovery_codes` is empty).", body = AuthenticatorConfirmed),
        (status = 401, description = "`passkey_refused`: the browser's answer does not verify.", body = Error),
        (status = 403, description = "`second_factor_required` or `step_up_required`, as for the options.", body = Error),
        (status = 409, description = "`passkey_ceremony_invalid` (unknown, used, expired, or another account's), `passkey_exists`, or `passkeys_unavailable` (the server's public URL is no domain name).", body = Error),
        (status = 422, description = "`passkey_name_invalid`: empty or longer than 100 characters.", body = Error),
    )
)]
pub(crate) async fn add(
    State(state): State<AppState>,
    SignedIn(account, second_factor): SignedIn,
    Json(body): Json<NewPasskey>,
) -> Result<(StatusCode, Json<AuthenticatorConfirmed>), ApiError> {
    let now = unix_now();
    ensure_may_add(&state, &account, second_factor, now)?;
    let name = body.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > passkey::NAME_MAX_CHARS {
        return Err(AuthError::PasskeyNameInvalid.into());
    }
    let webauthn = passkey::relying_party(&state.config)?;
    let registration: PasskeyRegistration = passkey::finish(
        &state.db,
        &body.ceremony,
        Purpose::Register,
        Some(account.id),
        now,
    )
    .await?;
    let new: RegisterPublicKeyCredential = credential(body.credential)?;
    let mut connection = state.db.acquire().await?;
    passkey::register(
        &mut connection,
        &webauthn,
        account.id,
        &name,
        &new,
        &registration,
        now,
    )
    .await?;
    drop(connection);
    let first = second_factor == SecondFactor::NotSetUp;
    let recovery_codes = if first {
        session::pass_second_factor(&state.db, account.session_key(), now).await?;
        second_factor::new_recovery_codes(&state.db, account.id, now).await?
    } else {
        Vec::new()
    };
    record(
        &state,
        Actor::from(&account),
        Action::PasskeyAdded,
        Some(&name),
        now,
    )
    .await?;
    tracing::info!(manager_id = account.id, "passkey added");
    Ok((
        StatusCode::CREATED,
        Json(AuthenticatorConfirmed {
            session: session_body(&account, SecondFactor::Passed),
            recovery_codes,
        }),
    ))
}

/// `GET /api/v1/account/passkeys`: the account's passkeys.
#[utoipa::path(
    get, path = "/api/v1/account/passkeys", operation_id = "listPasskeys", tag = "account",
    security(("session" = [])),
    responses(
        (status = 200, description = "The account's passkeys, the oldest first, and whether it has an authenticator app.", body = AccountPasskeys),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    account: CurrentManager,
) -> Result<Json<AccountPasskeys>, ApiError> {
    let passkeys = passkey::passkeys(&state.db, account.id)
        .await?
        .into_iter()
        .map(|stored| AccountPasskey {
            id: stored.id,
            name: stored.name,
            created_at: stored.created_at,
            last_used_at: stored.last_used_at,
        })
        .collect();
    Ok(Json(AccountPasskeys {
        passkeys,
        authenticator_app: second_factor::has_authenticator(&state.db, account.id).await?,
    }))
}

/// `DELETE /api/v1/account/passkeys/{passkey_id}`: removes one of the account's passkeys.
#[utoipa::path(
    delete, path = "/api/v1/account/passkeys/{passkey_id}", operation_id = "removePasskey", tag = "account",
    security(("session" = [])),
    params(("passkey_id" = i64, Path, description = "The passkey.")),
    responses(
        (status = 204, description = "Removed."),
        (status = 403, description = "`csrf_failed`, or `step_up_required`.", body = Error),
        (status = 404, description = "`passkey_not_found`.", body = Error),
        (status = 409, description = "`last_second_factor`: the account's only second factor.", body = Error),
    )
)]
pub(crate) async fn remove(
    State(state): State<AppState>,
    account: CurrentManager,
    Path(passkey_id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let now = unix_now();
    account.ensure_recent_second_factor(now, state.config.demo)?;
    passkey::remove(&state.db, account.id, passkey_id).await?;
    record(
        &state,
        Actor::from(&account),
        Action::PasskeyRemoved,
        None,
        now,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/session/passkey/options`: begins the second factor with a passkey.
#[utoipa::path(
    post, path = "/api/v1/session/passkey/options", operation_id = "startPasskeySecondFactor", tag = "session",
    security(("session" = [])),
    responses(
        (status = 201, description = "The options for the browser's `navigator.credentials.get`, for the account's passkeys.", body = PasskeyOptions),
        (status = 409, description = "`passkeys_unavailable`: the server's public URL is no domain name.", body = Error),
        (status = 404, description = "`passkey_not_found`: the account has no passkey.", body = Error),
    )
)]
pub(crate) async fn start_second_factor(
    State(state): State<AppState>,
    SignedIn(account, _): SignedIn,
) -> Result<Response, ApiError> {
    let now = unix_now();
    let webauthn = passkey::relying_party(&state.config)?;
    let passkeys = passkey::passkeys(&state.db, account.id).await?;
    if passkeys.is_empty() {
        return Err(PasskeyError::NotFound.into());
    }
    let (options, authentication) = passkey::authentication_options(&webauthn, &passkeys)?;
    let ceremony = passkey::begin(
        &state.db,
        Purpose::SecondFactor,
        Some(account.id),
        &authentication,
        now,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(PasskeyOptions { ceremony, options }),
    )
        .into_response())
}

/// `POST /api/v1/session/passkey`: the second factor with a passkey (at sign-in, or again for
/// a step-up).
#[utoipa::path(
    post, path = "/api/v1/session/passkey", operation_id = "passPasskeySecondFactor", tag = "session",
    security(("session" = [])),
    request_body = PasskeyAnswer,
    responses(
        (status = 200, description = "The session passed the second factor.", body = SessionBody),
        (status = 401, description = "`passkey_refused`.", body = Error),
        (status = 409, description = "`passkey_ceremony_invalid`, or `passkeys_unavailable` (the server's public URL is no domain name).", body = Error),
    )
)]
pub(crate) async fn pass_second_factor(
    State(state): State<AppState>,
    signed_in: SignedIn,
    body: Json<PasskeyAnswer>,
) -> Result<Json<SessionBody>, ApiError> {
    let result = check_second_factor(State(state), signed_in, body).await;
    metrics::sign_in("second_factor_passkey", result)
}

async fn check_second_factor(
    State(state): State<AppState>,
    SignedIn(account, _): SignedIn,
    Json(body): Json<PasskeyAnswer>,
) -> Result<Json<SessionBody>, ApiError> {
    let now = unix_now();
    let webauthn = passkey::relying_party(&state.config)?;
    let authentication: PasskeyAuthentication = passkey::finish(
        &state.db,
        &body.ceremony,
        Purpose::SecondFactor,
        Some(account.id),
        now,
    )
    .await?;
    let answer: PublicKeyCredential = credential(body.credential)?;
    let checked = passkey::authenticate(
        &state.db,
        &webauthn,
        account.id,
        &answer,
        &authentication,
        now,
    )
    .await;
    if let Err(error) = checked {
        record(
            &state,
            Actor::from(&account),
            Action::SecondFactorFailed,
            Some("passkey"),
            now,
        )
        .await?;
        return Err(error);
    }
    session::pass_second_factor(&state.db, account.session_key(), now).await?;
    record(
        &state,
        Actor::from(&account),
        Action::SecondFactorPassed,
        Some("passkey"),
        now,
    )
    .await?;
    Ok(Json(session_body(&account, SecondFactor::Passed)))
}

/// `POST /api/v1/passkey-sign-in/options`: begins signing in with a passkey alone.
#[utoipa::path(
    post, path = "/api/v1/passkey-sign-in/options", operation_id = "startPasskeySignIn", tag = "session",
    responses(
        (status = 201, description = "The options for the browser's `navigator.credentials.get` (any of this site's passkeys).", body = PasskeyOptions),
        (status = 409, description = "`passkeys_unavailable`: the server's public URL is no domain name.", body = Error),
        (status = 403, description = "A foreign `Origin` (`csrf_failed`).", body = Error),
        (status = 429, description = "Too many from this network address (`too_many_requests`).", body = Error,
            headers(("Retry-After" = u64, description = "Seconds until a new attempt may be made."))),
    )
)]
pub(crate) async fn start_sign_in(
    State(state): State<AppState>,
    _same_origin: SameOrigin,
    ClientAddress(address): ClientAddress,
) -> Result<Response, ApiError> {
    let key = format!("passkey-{}", address_key(address));
    rate_limit::hit(&state.db, &key, 60 * 60, SIGN_IN_MAX_PER_HOUR)
        .await?
        .check()?;
    let webauthn = passkey::relying_party(&state.config)?;
    let (options, authentication) = passkey::sign_in_options(&webauthn)?;
    let ceremony = passkey::begin(
        &state.db,
        Purpose::SignIn,
        None,
        &authentication,
        unix_now(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(PasskeyOptions { ceremony, options }),
    )
        .into_response())
}

/// `POST /api/v1/passkey-sign-in`: signs in with a passkey alone; the session has passed the
/// second factor (the passkey is both).
#[utoipa::path(
    post, path = "/api/v1/passkey-sign-in", operation_id = "signInWithPasskey", tag = "session",
    request_body = PasskeyAnswer,
    responses(
        (status = 200, description = "Signed in; `Set-Cookie` starts the session.", body = SessionBody,
            headers(("Set-Cookie" = String, description = "`middelpunt_session=…; HttpOnly; SameSite=Strict; Path=/`."))),
        (status = 401, description = "`passkey_refused`: not a passkey of an account here, or it does not verify.", body = Error),
        (status = 403, description = "A foreign `Origin` (`csrf_failed`), or `account_suspended`.", body = Error),
        (status = 409, description = "`passkey_ceremony_invalid`, or `passkeys_unavailable` (the server's public URL is no domain name).", body = Error),
    )
)]
pub(crate) async fn sign_in(
    State(state): State<AppState>,
    same_origin: SameOrigin,
    headers: HeaderMap,
    body: Json<PasskeyAnswer>,
) -> Result<Response, ApiError> {
    let result = check_sign_in(State(state), same_origin, headers, body).await;
    metrics::sign_in("passkey", result)
}

async fn check_sign_in(
    State(state): State<AppState>,
    _same_origin: SameOrigin,
    headers: HeaderMap,
    Json(body): Json<PasskeyAnswer>,
) -> Result<Response, ApiError> {
    let now = unix_now();
    let webauthn = passkey::relying_party(&state.config)?;
    let authentication: DiscoverableAuthentication =
        passkey::finish(&state.db, &body.ceremony, Purpose::SignIn, None, now).await?;
    let answer: PublicKeyCredential = credential(body.credential)?;
    let manager_id = passkey::sign_in(&state.db, &webauthn, &answer, authentication, now).await?;
    let suspended: Option<i64> =
        sqlx::query_scalar("SELECT suspended_at FROM managers WHERE id = $1")
            .bind(manager_id)
            .fetch_one(&state.db)
            .await?;
    if suspended.is_some() {
        return Err(AuthError::AccountSuspended.into());
    }
    if let Some(old) = session::token_from_headers(&headers) {
        session::delete(&state.db, &session::hash_token(&old)).await?;
    }
    let (account, cookie) = start(&state, manager_id, &headers, now, Some(now)).await?;
    record(
        &state,
        Actor::from(&account),
        Action::SignedIn,
        Some("passkey"),
        now,
    )
    .await?;
    tracing::info!(manager_id, "signed in with a passkey");
    let body = session_body(&account, auth::SecondFactor::Passed);
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}
