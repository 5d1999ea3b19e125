//! `/api/v1/session`: the manager's login, "who am I" and logout.
//!
//! - `POST` `{"email","password"}` → 200 [`SessionBody`] and the `middelpunt_session` cookie;
//!   401 `invalid_credentials` (the same answer for an unknown address and a wrong password, in
//!   the same time); 423 `account_locked` with `Retry-After` when this network address failed
//!   5 times in a row for the account and must wait (1, 2, 4, 8, then 15 minutes; others may
//!   still sign in, see auth/lockout.rs); 429 `too_many_requests` after
//!   [`ADDRESS_MAX_ATTEMPTS`] attempts from one network address in [`ADDRESS_WINDOW_SECS`], or
//!   when password checks are queued too long; 403 `csrf_failed` for a foreign `Origin`. Every
//!   sign-in to an account, failure and wait is in the account's audit log.
//! - `GET` → 200 [`SessionBody`] (with the CSRF token, so a reloaded SPA recovers it), or 200
//!   `{"manager": null}` when nobody is logged in: asking "who am I" is not an error, and a
//!   browser logs every 4xx answer in its console.
//! - `DELETE` (with `X-CSRF-Token`) → 204, the session ended and the cookie cleared.

use std::net::IpAddr;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::auth::csrf::SameOrigin;
use crate::auth::lockout::{self, Subject};
use crate::auth::{
    self, AuthError, CurrentManager, SecondFactor, SignedIn, demo, password, session,
};
use crate::error::ApiError;
use crate::extract::Json;
use crate::manage::audit::Action;
use crate::openapi::Error;
use crate::ops::client::ClientAddress;
use crate::ops::metrics;
use crate::rate_limit;

/// Login attempts allowed per network address (an IPv6 /64) per window: enough for an office
/// whose managers share one address (wrong passwords make the address wait after 5 anyway),
/// few enough to bound the password hashing one address can cause.
pub(crate) const ADDRESS_MAX_ATTEMPTS: u32 = 60;

/// The window of [`ADDRESS_MAX_ATTEMPTS`], in seconds (10 minutes).
pub(crate) const ADDRESS_WINDOW_SECS: u32 = 10 * 60;

/// The body of `POST /api/v1/session`, the session it answers, and the manager in it.
pub(crate) use api::session::{Credentials, Manager as ManagerBody, MaybeSession, SessionBody};

/// The session of the logged-in `manager`, `second_factor` as far as it is.
pub(crate) fn session_body(manager: &CurrentManager, second_factor: SecondFactor) -> SessionBody {
    SessionBody {
        manager: ManagerBody {
            email: manager.email.clone(),
            name: manager.name.clone(),
            level: manager.level,
            organisations: manager.organisations.clone(),
            roles: manager.roles.clone(),
        },
        csrf_token: manager.csrf_token().to_owned(),
        second_factor,
    }
}

/// Starts a session for the account `manager_id` from the browser of `headers` (its
/// `User-Agent` is kept), past the second factor at `passed_at` if it is; answers the account as
/// the session sees it and the `Set-Cookie` value.
pub(crate) async fn start(
    state: &AppState,
    manager_id: i64,
    headers: &HeaderMap,
    now: i64,
    passed_at: Option<i64>,
) -> Result<(CurrentManager, HeaderValue), ApiError> {
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let new = session::create(&state.db, manager_id, now, passed_at, user_agent).await?;
    let found = session::find(&state.db, &new.token, now)
        .await?
        .ok_or_else(|| ApiError::internal("the session just created is gone"))?;
    let account = CurrentManager::from_session(&state.db, found).await?;
    let cookie = session::cookie(&new.token, state.config.public_url.is_https());
    Ok((account, cookie))
}

/// The rate-limit key of a network address: an IPv4 address, or the /64 of an IPv6 address
/// (one subscriber's network).
pub(crate) fn address_key(address: Option<IpAddr>) -> String {
    match address {
        Some(IpAddr::V4(v4)) => format!("login:{v4}"),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("login:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        None => "login:unknown".to_owned(),
    }
}

/// `POST /api/v1/session`: logs in.
#[utoipa::path(
    post, path = "/api/v1/session", operation_id = "logIn", tag = "session",
    request_body = Credentials,
    responses(
        (status = 200, description = "Logged in: the manager and the CSRF token; `Set-Cookie` starts the session.", body = SessionBody,
            headers(("Set-Cookie" = String, description = "`middelpunt_session=…; HttpOnly; SameSite=Strict; Path=/`."))),
        (status = 401, description = "E-mail address or password is incorrect (`invalid_credentials`).", body = Error),
        (status = 403, description = "A foreign `Origin` (`csrf_failed`), or a correct password for a suspended account (`account_suspended`).", body = Error),
        (status = 423, description = "This network address failed 5 or more times in a row for the account and must wait (`account_locked`, `details.retry_after_seconds`); other addresses may still sign in.", body = Error,
            headers(("Retry-After" = u64, description = "Seconds until this address may try again."))),
        (status = 429, description = "Too many attempts from this network address (`too_many_requests`).", body = Error,
            headers(("Retry-After" = u64, description = "Seconds until a new attempt may be made."))),
    )
)]
pub(crate) async fn log_in(
    State(state): State<AppState>,
    same_origin: SameOrigin,
    address: ClientAddress,
    headers: HeaderMap,
    credentials: Json<Credentials>,
) -> Result<Response, ApiError> {
    let result = check_password(State(state), same_origin, address, headers, credentials).await;
    metrics::sign_in("password", result)
}

async fn check_password(
    State(state): State<AppState>,
    _same_origin: SameOrigin,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Json(credentials): Json<Credentials>,
) -> Result<Response, ApiError> {
    let address = address_key(address);
    rate_limit::hit(
        &state.db,
        &address,
        ADDRESS_WINDOW_SECS,
        ADDRESS_MAX_ATTEMPTS,
    )
    .await?
    .check()?;
    let Credentials { email, password } = credentials;
    if password.len() > password::MAX_PASSWORD_BYTES {
        return Err(AuthError::InvalidCredentials.into());
    }
    let email = email.trim().to_lowercase();
    let now = auth::unix_now();

    // A demo account logs in only while the demo is on: its password is public.
    let account = if state.config.demo || !demo::is_demo_email(&email) {
        find_account(&state, &email).await?
    } else {
        None
    };
    let Some(account) = account else {
        // No such account: the same work and the same answers as for a wrong password.
        let subject = Subject::Unknown(&email);
        if let Some(until) = lockout::locked_until(&state.db, subject, &address, now).await? {
            return Err(AuthError::locked(until, now).into());
        }
        password::verify_blocking(password, None).await?;
        let failure = lockout::record_failure(&state.db, subject, &address, now).await?;
        return Err(refusal(failure, now));
    };
    let subject = Subject::Manager(account.id);
    let signing_in = SignIn {
        account: &account,
        email: &email,
        address: &address,
        now,
    };
    if let Some(until) = lockout::locked_until(&state.db, subject, &address, now).await? {
        signing_in.audit(&state, Action::SignInWaited, None).await?;
        return Err(AuthError::locked(until, now).into());
    }
    // An account not set up has no password: checked against the dummy hash, in the same time.
    let stored =
        Some(account.password_hash.clone()).filter(|hash| hash != auth::setup::NO_PASSWORD);
    if !password::verify_blocking(password, stored).await? {
        tracing::info!(manager_id = account.id, "login failed: wrong password");
        let failure = lockout::record_failure(&state.db, subject, &address, now).await?;
        let detail = failure.locked_until.map(|until| {
            format!(
                "{} mislukte pogingen op rij; wacht {} minuten",
                failure.failures,
                u64::try_from(until - now).unwrap_or(0).div_ceil(60)
            )
        });
        signing_in
            .audit(&state, Action::SignInFailed, detail.as_deref())
            .await?;
        if failure.locked_until.is_some() {
            tracing::warn!(manager_id = account.id, %address, "an address waits after failed logins");
        }
        return Err(refusal(failure, now));
    }
    lockout::reset(&state.db, subject, &address).await?;
    if account.suspended_at.is_some() {
        signing_in
            .audit(&state, Action::SignInFailed, Some("account geschorst"))
            .await?;
        return Err(AuthError::AccountSuspended.into());
    }
    signing_in.audit(&state, Action::SignedIn, None).await?;

    // A new session every time; a session the browser still had ends.
    if let Some(old) = session::token_from_headers(&headers) {
        session::delete(&state.db, &session::hash_token(&old)).await?;
    }
    // The demo accounts' password is public and they have no second factor: they sign in with
    // the password alone, only while the demo is on (see above).
    let passed_at = demo::is_demo_email(&email).then_some(now);
    let second_factor = auth::second_factor_state(&state.db, account.id, passed_at).await?;
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let new = session::create(&state.db, account.id, now, passed_at, user_agent).await?;
    let level = auth::parse_level(&account.level)?;
    let roles = auth::roles(&state.db, account.id).await?;
    let organisations = auth::organisations(&state.db, account.id).await?;
    tracing::info!(manager_id = account.id, "logged in");
    let body = SessionBody {
        manager: ManagerBody {
            email,
            name: account.name,
            level,
            organisations,
            roles,
        },
        csrf_token: new.csrf_token,
        second_factor,
    };
    let cookie = session::cookie(&new.token, state.config.public_url.is_https());
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

/// `GET /api/v1/session`: the logged-in manager, or `{"manager": null}` (clearing a cookie that
/// no longer opens a session).
#[utoipa::path(
    get, path = "/api/v1/session", operation_id = "getSession", tag = "session",
    security((), ("session" = [])),
    responses(
        (status = 200, description = "The logged-in manager with the CSRF token, or `{\"manager\": null}` when nobody is logged in.", body = MaybeSession),
        (status = 403, description = "`csrf_failed`.", body = Error),
    )
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    manager: Result<SignedIn, ApiError>,
    headers: HeaderMap,
) -> Response {
    match manager {
        Ok(SignedIn(manager, second_factor)) => {
            Json(session_body(&manager, second_factor)).into_response()
        }
        Err(error) if error.problem() == Some(&AuthError::NotLoggedIn) => {
            let mut response = Json(MaybeSession::NOBODY).into_response();
            if session::token_from_headers(&headers).is_some() {
                response.headers_mut().insert(
                    header::SET_COOKIE,
                    session::clearing_cookie(state.config.public_url.is_https()),
                );
            }
            response
        }
        Err(error) => refused(&state, &headers, error),
    }
}

/// `DELETE /api/v1/session`: logs out (CSRF-checked by [`CurrentManager`]).
#[utoipa::path(
    delete, path = "/api/v1/session", operation_id = "logOut", tag = "session",
    security(("session" = [])),
    responses(
        (status = 204, description = "Logged out; the cookie is cleared (`Max-Age=0`)."),
    )
)]
pub(crate) async fn log_out(
    State(state): State<AppState>,
    manager: Result<SignedIn, ApiError>,
    headers: HeaderMap,
) -> Response {
    let manager = match manager {
        Ok(SignedIn(manager, _)) => manager,
        Err(error) => return refused(&state, &headers, error),
    };
    if let Err(error) = session::delete(&state.db, manager.session_key()).await {
        return ApiError::from(error).into_response();
    }
    tracing::info!(manager_id = manager.id, "logged out");
    let cookie = session::clearing_cookie(state.config.public_url.is_https());
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response()
}

/// The error; for `not_logged_in` with a session cookie, also clears the cookie.
fn refused(state: &AppState, headers: &HeaderMap, error: ApiError) -> Response {
    let stale_cookie = error.problem() == Some(&AuthError::NotLoggedIn)
        && session::token_from_headers(headers).is_some();
    let mut response = error.into_response();
    if stale_cookie {
        response.headers_mut().insert(
            header::SET_COOKIE,
            session::clearing_cookie(state.config.public_url.is_https()),
        );
    }
    response
}

/// What a login needs of a manager's account.
#[derive(sqlx::FromRow)]
struct Account {
    id: i64,
    name: String,
    password_hash: String,
    level: String,
    suspended_at: Option<i64>,
}

async fn find_account(state: &AppState, email: &str) -> Result<Option<Account>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, display_name AS name, password_hash, level, suspended_at \
         FROM managers WHERE email = $1",
    )
    .bind(email)
    .fetch_optional(&state.db)
    .await
}

/// The answer to a counted failure: `account_locked` when it made the address wait, else
/// `invalid_credentials`.
fn refusal(failure: lockout::Failure, now: i64) -> ApiError {
    match failure.locked_until {
        Some(until) => AuthError::locked(until, now).into(),
        None => AuthError::InvalidCredentials.into(),
    }
}

/// A sign-in to a known account, for its audit entries.
struct SignIn<'a> {
    account: &'a Account,
    email: &'a str,
    address: &'a str,
    now: i64,
}

impl SignIn<'_> {
    /// Adds `action` to the account's audit log, naming the network address.
    async fn audit(
        &self,
        state: &AppState,
        action: Action,
        detail: Option<&str>,
    ) -> Result<(), ApiError> {
        let actor = crate::manage::audit::Actor {
            id: Some(self.account.id),
            client: None,
            name: &self.account.name,
            email: self.email,
        };
        let mut connection = state.db.acquire().await?;
        crate::manage::audit::record(
            &mut connection,
            actor,
            None,
            action,
            self.address.trim_start_matches("login:"),
            detail,
            self.now,
        )
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_limited_per_ipv4_address_and_per_ipv6_network() {
        assert_eq!(
            address_key(Some("192.0.2.7".parse().unwrap())),
            "login:192.0.2.7"
        );
        let a = address_key(Some("2001:db8:1:2:aaaa::1".parse().unwrap()));
        let b = address_key(Some("2001:db8:1:2:bbbb::2".parse().unwrap()));
        assert_eq!(a, b);
        assert_eq!(a, "login:2001:db8:1:2::/64");
        assert_ne!(a, address_key(Some("2001:db8:1:3::1".parse().unwrap())));
    }
}
