//! Server sessions in the database (`sessions`), so that every instance knows them, behind the
//! `middelpunt_session` cookie (`HttpOnly; SameSite=Strict; Path=/`, plus `Secure` when
//! `MIDDELPUNT_PUBLIC_URL` is https).
//!
//! - The cookie holds 32 random bytes (base64url); the table holds only their SHA-256, so a copy
//!   of the table opens no session.
//! - A session lasts at most [`ABSOLUTE_LIFETIME_SECS`] (8 hours) after login and ends after
//!   [`IDLE_TIMEOUT_SECS`] (30 minutes) without a request. `last_seen_at` is written at most once
//!   per [`TOUCH_INTERVAL_SECS`], so most requests only read.
//! - Each session has its own CSRF token, handed to the SPA in the login answer and in
//!   `GET /api/v1/session`.

use axum::http::{HeaderMap, HeaderValue, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use sqlx::AnyPool;

use crate::error::ApiError;

/// The session cookie's name.
pub const COOKIE_NAME: &str = "middelpunt_session";

/// A session ends this long after login, used or not.
pub const ABSOLUTE_LIFETIME_SECS: i64 = 8 * 60 * 60;

/// A session ends this long after its last request.
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;

/// `last_seen_at` is updated when it is at least this old.
pub const TOUCH_INTERVAL_SECS: i64 = 60;

/// The longest `User-Agent` kept with a session, in characters.
const MAX_USER_AGENT_CHARS: usize = 300;

/// The characters of a session's stored key that name it on the account page: 64 bits of the
/// token's SHA-256, which tell nothing of the token.
pub const ID_CHARS: usize = 16;

/// Random bytes in a session or CSRF token.
const TOKEN_BYTES: usize = 32;

/// The length of a token in base64url without padding.
const TOKEN_CHARS: usize = 43;

/// A session just created: the token goes into the cookie, the CSRF token to the SPA.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub expires_at: i64,
}

/// A valid session and its manager, as found by [`find`].
#[derive(Debug, Clone)]
pub struct Found {
    /// The stored key: the SHA-256 of the token, hex.
    pub key: String,
    pub manager_id: i64,
    pub csrf_token: String,
    pub email: String,
    pub name: String,
    /// As stored: `EH2`, `EH2+` or `EH3`.
    pub level: String,
    /// When the session passed the second factor; `None` while only the password was given.
    pub second_factor_at: Option<i64>,
}

/// A fresh random token: 32 bytes from the operating system, base64url without padding.
pub fn random_token() -> Result<String, ApiError> {
    let mut bytes = [0_u8; TOKEN_BYTES];
    getrandom::getrandom(&mut bytes)
        .map_err(|error| ApiError::internal(format!("no random bytes: {error}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The stored key of a token: its SHA-256, hex.
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The session token in the request's `Cookie` headers, if one looks like a token.
pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim().trim_matches('"'))
        .find(|value| {
            value.len() == TOKEN_CHARS
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
}

/// The `Set-Cookie` value that hands out `token` for the session's lifetime.
pub fn cookie(token: &str, secure: bool) -> HeaderValue {
    cookie_value(token, ABSOLUTE_LIFETIME_SECS, secure)
}

/// The `Set-Cookie` value that makes the browser forget the session cookie.
pub fn clearing_cookie(secure: bool) -> HeaderValue {
    cookie_value("", 0, secure)
}

fn cookie_value(token: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}"
    ))
    .expect("a token is base64url")
}

/// Starts a session for the manager at `now`; `second_factor_at` is `None` when the second
/// factor is still to come.
pub async fn create(
    pool: &AnyPool,
    manager_id: i64,
    now: i64,
    second_factor_at: Option<i64>,
    user_agent: Option<&str>,
) -> Result<NewSession, ApiError> {
    let user_agent =
        user_agent.map(|agent| agent.chars().take(MAX_USER_AGENT_CHARS).collect::<String>());
    let token = random_token()?;
    let csrf_token = random_token()?;
    let expires_at = now + ABSOLUTE_LIFETIME_SECS;
    sqlx::query(
        "INSERT INTO sessions \
         (token_hash, manager_id, csrf_token, created_at, expires_at, last_seen_at, \
          second_factor_at, user_agent) \
         VALUES ($1, $2, $3, $4, $5, $4, $6, $7)",
    )
    .bind(hash_token(&token))
    .bind(manager_id)
    .bind(&csrf_token)
    .bind(now)
    .bind(expires_at)
    .bind(second_factor_at)
    .bind(user_agent)
    .execute(pool)
    .await?;
    Ok(NewSession {
        token,
        csrf_token,
        expires_at,
    })
}

/// A session joined with its manager, as stored.
#[derive(sqlx::FromRow)]
struct SessionRow {
    manager_id: i64,
    csrf_token: String,
    expires_at: i64,
    last_seen_at: i64,
    email: String,
    display_name: String,
    level: String,
    second_factor_at: Option<i64>,
}

/// The valid session of `token` at `now` and its manager; `None` for an unknown or expired
/// session (absolute lifetime or idle timeout). Marks the session as used.
pub async fn find(pool: &AnyPool, token: &str, now: i64) -> Result<Option<Found>, sqlx::Error> {
    let key = hash_token(token);
    let Some(row) = sqlx::query_as::<_, SessionRow>(
        "SELECT s.manager_id, s.csrf_token, s.expires_at, s.last_seen_at, s.second_factor_at, \
                m.email, m.display_name, m.level \
         FROM sessions s JOIN managers m ON m.id = s.manager_id \
         WHERE s.token_hash = $1 AND m.suspended_at IS NULL",
    )
    .bind(&key)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let (expires_at, last_seen_at) = (row.expires_at, row.last_seen_at);
    if now >= expires_at || now >= last_seen_at + IDLE_TIMEOUT_SECS {
        delete(pool, &key).await?;
        return Ok(None);
    }
    if now - last_seen_at >= TOUCH_INTERVAL_SECS {
        // The condition keeps concurrent requests from writing more than once.
        sqlx::query(
            "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $3",
        )
        .bind(now)
        .bind(&key)
        .bind(now - TOUCH_INTERVAL_SECS + 1)
        .execute(pool)
        .await?;
    }
    Ok(Some(Found {
        key,
        manager_id: row.manager_id,
        csrf_token: row.csrf_token,
        email: row.email,
        name: row.display_name,
        level: row.level,
        second_factor_at: row.second_factor_at,
    }))
}

/// Records that the session with this stored key passed the second factor at `now` (for the
/// first time, or again for a step-up).
pub async fn pass_second_factor(pool: &AnyPool, key: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET second_factor_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends the session with this stored key (see [`hash_token`]).
pub async fn delete(pool: &AnyPool, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

/// A session of an account, as its account page lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Listed {
    /// The first [`ID_CHARS`] characters of the stored key.
    pub id: String,
    pub user_agent: Option<String>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// The account's sessions that are valid at `now`, the most recently used first.
pub async fn list(pool: &AnyPool, manager_id: i64, now: i64) -> Result<Vec<Listed>, sqlx::Error> {
    sqlx::query_as(
        "SELECT substr(token_hash, 1, 16) AS id, user_agent, created_at, last_seen_at \
         FROM sessions WHERE manager_id = $1 AND expires_at > $2 AND last_seen_at > $3 \
         ORDER BY last_seen_at DESC, created_at DESC",
    )
    .bind(manager_id)
    .bind(now)
    .bind(now - IDLE_TIMEOUT_SECS)
    .fetch_all(pool)
    .await
}

/// Ends the account's session named `id` (see [`Listed::id`]); whether there was one.
pub async fn end(pool: &AnyPool, manager_id: i64, id: &str) -> Result<bool, sqlx::Error> {
    if id.len() != ID_CHARS || !id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Ok(false);
    }
    let ended = sqlx::query(
        "DELETE FROM sessions WHERE manager_id = $1 AND substr(token_hash, 1, 16) = $2",
    )
    .bind(manager_id)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(ended.rows_affected() > 0)
}

/// Ends every session of the account but the one with the stored key `keep`; answers how many.
pub async fn end_others(pool: &AnyPool, manager_id: i64, keep: &str) -> Result<u64, sqlx::Error> {
    let ended = sqlx::query("DELETE FROM sessions WHERE manager_id = $1 AND token_hash <> $2")
        .bind(manager_id)
        .bind(keep)
        .execute(pool)
        .await?;
    Ok(ended.rows_affected())
}

/// Deletes the sessions that have ended by `now`; answers how many.
pub async fn purge_expired(pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(now)
        .bind(now - IDLE_TIMEOUT_SECS)
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_base64url_and_stored_only_as_their_hash() {
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), TOKEN_CHARS);
        let key = hash_token(&a);
        assert_eq!(key.len(), 64);
        assert!(!key.contains(&a));
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_token_is_read_from_any_cookie_header() {
        let token = random_token().unwrap();
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("theme=dark"));
        headers.append(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=1; {COOKIE_NAME}={token}; b=2")).unwrap(),
        );
        assert_eq!(token_from_headers(&headers), Some(token));

        let mut forged = HeaderMap::new();
        forged.insert(
            header::COOKIE,
            HeaderValue::from_static("middelpunt_session=' OR 1=1 --"),
        );
        assert_eq!(token_from_headers(&forged), None);
        assert_eq!(token_from_headers(&HeaderMap::new()), None);
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_over_https() {
        let plain = cookie("t", false);
        assert_eq!(
            plain,
            "middelpunt_session=t; HttpOnly; SameSite=Strict; Path=/; Max-Age=28800"
        );
        let secure = cookie("t", true);
        assert!(secure.to_str().unwrap().ends_with("; Secure"));
        assert_eq!(
            clearing_cookie(false),
            "middelpunt_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"
        );
    }
}
