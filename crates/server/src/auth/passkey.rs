//! Passkeys (WebAuthn, through `webauthn-rs`): a second factor beside the authenticator app,
//! and a way to sign in on its own, without the password (a passkey is itself two factors: the
//! device, and the fingerprint, face or PIN that unlocks it; user verification is required).
//!
//! - A ceremony is two requests: its options, then the browser's answer. What the server must
//!   remember between them (the challenge) is kept in `webauthn_ceremonies` for
//!   [`CEREMONY_SECS`] under the SHA-256 of a random token that the client sends back, so any
//!   instance can finish what another began, and a ceremony finishes once (a compare-and-set
//!   delete).
//! - The relying party is the public URL's host; WebAuthn takes a domain name only, so a server
//!   whose public URL is an IP address (`http://127.0.0.1:8080`) offers no passkeys
//!   (`passkeys_unavailable`): use `http://localhost:8080` there.
//! - Each account has a random WebAuthn user handle (not its id), which a passkey stores and
//!   gives back at a sign-in without password.

use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::{AnyConnection, AnyPool};
use webauthn_rs::prelude::{
    AuthenticationResult, CredentialID, DiscoverableAuthentication, Passkey, PasskeyAuthentication,
    PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential, Url, Uuid, Webauthn,
    WebauthnBuilder,
};

use axum::http::StatusCode;
use domain::Lang;

use super::session::{hash_token, random_token};
use crate::config::Config;
use crate::error::{ApiError, Problem};
use crate::lang::Text;

/// How long a ceremony may take, in seconds (the browser's own timeout is 5 minutes).
pub const CEREMONY_SECS: i64 = 5 * 60;

/// The longest name of a passkey, in characters.
pub const NAME_MAX_CHARS: usize = 100;

/// What a ceremony is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Adding a passkey to the signed-in account.
    Register,
    /// The signed-in account's second factor (at sign-in, or again for a step-up).
    SecondFactor,
    /// Signing in with a passkey alone: the account is not known until the answer.
    SignIn,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Register => "register",
            Purpose::SecondFactor => "second_factor",
            Purpose::SignIn => "sign_in",
        }
    }
}

/// Why a passkey ceremony failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasskeyError {
    /// The public URL is no domain name.
    #[error("passkeys need a public URL with a domain name")]
    Unavailable,
    /// The ceremony is unknown, finished, expired, or another account's.
    #[error("unknown or expired passkey ceremony")]
    CeremonyInvalid,
    /// The browser's answer does not verify (or names a passkey the account does not have).
    #[error("the passkey was not accepted")]
    Refused,
    /// The passkey is registered already (to this or another account).
    #[error("the passkey is registered already")]
    Exists,
    /// The only second factor left cannot be removed.
    #[error("the last second factor")]
    LastSecondFactor,
    /// No passkey with this id on the account.
    #[error("no such passkey")]
    NotFound,
}

impl Problem for PasskeyError {
    fn status(&self) -> StatusCode {
        match self {
            // The deployment's setting, not a passing outage: no retry helps.
            PasskeyError::Unavailable
            | PasskeyError::CeremonyInvalid
            | PasskeyError::Exists
            | PasskeyError::LastSecondFactor => StatusCode::CONFLICT,
            PasskeyError::Refused => StatusCode::UNAUTHORIZED,
            PasskeyError::NotFound => StatusCode::NOT_FOUND,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            PasskeyError::Unavailable => "passkeys_unavailable",
            PasskeyError::CeremonyInvalid => "passkey_ceremony_invalid",
            PasskeyError::Refused => "passkey_refused",
            PasskeyError::Exists => "passkey_exists",
            PasskeyError::LastSecondFactor => "last_second_factor",
            PasskeyError::NotFound => "passkey_not_found",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            PasskeyError::Unavailable => Text::PasskeysUnavailable,
            PasskeyError::CeremonyInvalid => Text::PasskeyCeremonyInvalid,
            PasskeyError::Refused => Text::PasskeyRefused,
            PasskeyError::Exists => Text::PasskeyExists,
            PasskeyError::LastSecondFactor => Text::LastSecondFactor,
            PasskeyError::NotFound => Text::PasskeyNotFound,
        }
        .text(lang)
    }
}

/// The relying party of `config`'s public URL, or [`PasskeyError::Unavailable`].
pub fn relying_party(config: &Config) -> Result<Arc<Webauthn>, PasskeyError> {
    let origin = Url::parse(config.public_url.as_str()).map_err(|_| PasskeyError::Unavailable)?;
    let host = origin.domain().ok_or(PasskeyError::Unavailable)?.to_owned();
    WebauthnBuilder::new(&host, &origin)
        .and_then(|builder| builder.rp_name(super::second_factor::ISSUER).build())
        .map(Arc::new)
        .map_err(|_| PasskeyError::Unavailable)
}

/// Keeps `state` for the ceremony; answers the token the client sends back.
pub async fn begin<S: Serialize>(
    pool: &AnyPool,
    purpose: Purpose,
    manager_id: Option<i64>,
    state: &S,
    now: i64,
) -> Result<String, ApiError> {
    let token = random_token()?;
    let state = serde_json::to_string(state).map_err(ApiError::internal)?;
    sqlx::query(
        "INSERT INTO webauthn_ceremonies (token_hash, purpose, manager_id, state, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash_token(&token))
    .bind(purpose.as_str())
    .bind(manager_id)
    .bind(state)
    .bind(now + CEREMONY_SECS)
    .execute(pool)
    .await?;
    Ok(token)
}

/// Ends the ceremony of `token` (once: a compare-and-set delete) and answers its state, when it
/// is for `purpose` and `manager_id` and has not expired.
pub async fn finish<S: DeserializeOwned>(
    pool: &AnyPool,
    token: &str,
    purpose: Purpose,
    manager_id: Option<i64>,
    now: i64,
) -> Result<S, ApiError> {
    let key = hash_token(token);
    let found: Option<(String, Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT purpose, manager_id, state, expires_at FROM webauthn_ceremonies \
         WHERE token_hash = $1",
    )
    .bind(&key)
    .fetch_optional(pool)
    .await?;
    let deleted = sqlx::query("DELETE FROM webauthn_ceremonies WHERE token_hash = $1")
        .bind(&key)
        .execute(pool)
        .await?;
    match found {
        Some((stored, owner, state, expires_at))
            if deleted.rows_affected() == 1
                && stored == purpose.as_str()
                && owner == manager_id
                && expires_at > now =>
        {
            serde_json::from_str(&state).map_err(ApiError::internal)
        }
        _ => Err(PasskeyError::CeremonyInvalid.into()),
    }
}

/// Deletes the ceremonies that expired before `now`.
pub async fn purge_ceremonies(pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM webauthn_ceremonies WHERE expires_at < $1")
        .bind(now)
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}

/// The account's WebAuthn user handle, made at its first passkey.
pub async fn user_handle(pool: &AnyPool, manager_id: i64) -> Result<Uuid, ApiError> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT webauthn_user_id FROM managers WHERE id = $1")
            .bind(manager_id)
            .fetch_one(pool)
            .await?;
    if let Some(stored) = stored {
        return Uuid::parse_str(&stored).map_err(ApiError::internal);
    }
    let new = Uuid::new_v4();
    sqlx::query(
        "UPDATE managers SET webauthn_user_id = $1 WHERE id = $2 AND webauthn_user_id IS NULL",
    )
    .bind(new.to_string())
    .bind(manager_id)
    .execute(pool)
    .await?;
    // Another request may have made one first: the stored one counts.
    let stored: String = sqlx::query_scalar("SELECT webauthn_user_id FROM managers WHERE id = $1")
        .bind(manager_id)
        .fetch_one(pool)
        .await?;
    Uuid::parse_str(&stored).map_err(ApiError::internal)
}

/// The account whose user handle is `handle`.
pub async fn account_of_handle(pool: &AnyPool, handle: Uuid) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM managers WHERE webauthn_user_id = $1")
        .bind(handle.to_string())
        .fetch_optional(pool)
        .await
}

/// A stored passkey.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub passkey: Passkey,
}

/// The account's passkeys, the oldest first.
pub async fn passkeys(pool: &AnyPool, manager_id: i64) -> Result<Vec<Stored>, ApiError> {
    let rows: Vec<(i64, String, i64, Option<i64>, String)> = sqlx::query_as(
        "SELECT id, name, created_at, last_used_at, passkey FROM passkeys \
         WHERE manager_id = $1 ORDER BY created_at, id",
    )
    .bind(manager_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(id, name, created_at, last_used_at, passkey)| {
            Ok(Stored {
                id,
                name,
                created_at,
                last_used_at,
                passkey: serde_json::from_str(&passkey).map_err(ApiError::internal)?,
            })
        })
        .collect()
}

/// Whether the account has a passkey.
pub async fn has_passkey(pool: &AnyPool, manager_id: i64) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE manager_id = $1")
        .bind(manager_id)
        .fetch_one(pool)
        .await?;
    Ok(count > 0)
}

/// The options to add a passkey to the account, and the state to keep.
pub fn registration_options(
    webauthn: &Webauthn,
    handle: Uuid,
    email: &str,
    name: &str,
    existing: &[Stored],
) -> Result<(serde_json::Value, PasskeyRegistration), ApiError> {
    let exclude: Vec<CredentialID> = existing
        .iter()
        .map(|s| s.passkey.cred_id().clone())
        .collect();
    let (options, state) = webauthn
        .start_passkey_registration(handle, email, name, Some(exclude))
        .map_err(ApiError::internal)?;
    let mut options = serde_json::to_value(options).map_err(ApiError::internal)?;
    // A passkey that can sign in on its own must be discoverable (a resident key).
    if let Some(selection) = options
        .pointer_mut("/publicKey/authenticatorSelection")
        .and_then(serde_json::Value::as_object_mut)
    {
        selection.insert("residentKey".into(), "required".into());
        selection.insert("requireResidentKey".into(), true.into());
    }
    Ok((options, state))
}

/// Verifies the browser's new passkey and stores it under `name`; answers its id.
pub async fn register(
    connection: &mut AnyConnection,
    webauthn: &Webauthn,
    manager_id: i64,
    name: &str,
    credential: &RegisterPublicKeyCredential,
    state: &PasskeyRegistration,
    now: i64,
) -> Result<i64, ApiError> {
    let passkey = webauthn
        .finish_passkey_registration(credential, state)
        .map_err(|error| {
            tracing::info!(%error, "passkey registration refused");
            PasskeyError::Refused
        })?;
    let id = crate::outbox::new_id();
    let stored = sqlx::query(
        "INSERT INTO passkeys (id, manager_id, credential_id, passkey, name, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(manager_id)
    .bind(credential_key(passkey.cred_id().as_ref()))
    .bind(serde_json::to_string(&passkey).map_err(ApiError::internal)?)
    .bind(name)
    .bind(now)
    .execute(connection)
    .await?;
    if stored.rows_affected() != 1 {
        return Err(PasskeyError::Exists.into());
    }
    Ok(id)
}

/// The stored key of a credential id: its base64url text.
fn credential_key(id: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id)
}

/// The options for the second factor with one of the account's `passkeys`, and the state.
pub fn authentication_options(
    webauthn: &Webauthn,
    passkeys: &[Stored],
) -> Result<(serde_json::Value, PasskeyAuthentication), ApiError> {
    let keys: Vec<Passkey> = passkeys.iter().map(|s| s.passkey.clone()).collect();
    let (options, state) = webauthn
        .start_passkey_authentication(&keys)
        .map_err(|_| PasskeyError::Refused)?;
    Ok((
        serde_json::to_value(options).map_err(ApiError::internal)?,
        state,
    ))
}

/// Verifies the browser's answer for the account's passkeys and records the use.
pub async fn authenticate(
    pool: &AnyPool,
    webauthn: &Webauthn,
    manager_id: i64,
    credential: &PublicKeyCredential,
    state: &PasskeyAuthentication,
    now: i64,
) -> Result<(), ApiError> {
    let result = webauthn
        .finish_passkey_authentication(credential, state)
        .map_err(|error| {
            tracing::info!(%error, "passkey refused");
            PasskeyError::Refused
        })?;
    record_use(pool, manager_id, &result, now).await
}

/// The options to sign in with a passkey alone, and the state.
pub fn sign_in_options(
    webauthn: &Webauthn,
) -> Result<(serde_json::Value, DiscoverableAuthentication), ApiError> {
    let (options, state) = webauthn
        .start_discoverable_authentication()
        .map_err(ApiError::internal)?;
    let mut options = serde_json::to_value(options).map_err(ApiError::internal)?;
    // Asked for by a button, not offered in the address field's autofill.
    if let Some(object) = options.as_object_mut() {
        object.remove("mediation");
    }
    Ok((options, state))
}

/// Verifies a passkey given without an account: answers the account it belongs to.
pub async fn sign_in(
    pool: &AnyPool,
    webauthn: &Webauthn,
    credential: &PublicKeyCredential,
    state: DiscoverableAuthentication,
    now: i64,
) -> Result<i64, ApiError> {
    let (handle, credential_id) = webauthn
        .identify_discoverable_authentication(credential)
        .map_err(|_| PasskeyError::Refused)?;
    let manager_id = account_of_handle(pool, handle)
        .await?
        .ok_or(PasskeyError::Refused)?;
    let key = credential_key(credential_id);
    let stored = passkeys(pool, manager_id)
        .await?
        .into_iter()
        .find(|s| credential_key(s.passkey.cred_id().as_ref()) == key)
        .ok_or(PasskeyError::Refused)?;
    let result = webauthn
        .finish_discoverable_authentication_v2(credential, state, &stored.passkey)
        .map_err(|error| {
            tracing::info!(%error, "passkey sign-in refused");
            PasskeyError::Refused
        })?;
    record_use(pool, manager_id, &result, now).await?;
    Ok(manager_id)
}

/// Updates the used passkey's counter and when it was last used.
async fn record_use(
    pool: &AnyPool,
    manager_id: i64,
    result: &AuthenticationResult,
    now: i64,
) -> Result<(), ApiError> {
    let key = credential_key(result.cred_id().as_ref());
    let stored: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, passkey FROM passkeys WHERE manager_id = $1 AND credential_id = $2",
    )
    .bind(manager_id)
    .bind(&key)
    .fetch_optional(pool)
    .await?;
    let (id, passkey) = stored.ok_or(PasskeyError::Refused)?;
    let mut passkey: Passkey = serde_json::from_str(&passkey).map_err(ApiError::internal)?;
    passkey.update_credential(result);
    sqlx::query("UPDATE passkeys SET passkey = $1, last_used_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(&passkey).map_err(ApiError::internal)?)
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Removes the account's passkey `id`, unless it is the account's only second factor.
pub async fn remove(pool: &AnyPool, manager_id: i64, id: i64) -> Result<(), ApiError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let passkeys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE manager_id = $1")
        .bind(manager_id)
        .fetch_one(&mut *tx)
        .await?;
    let apps: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM totp_authenticators \
         WHERE manager_id = $1 AND confirmed_at IS NOT NULL",
    )
    .bind(manager_id)
    .fetch_one(&mut *tx)
    .await?;
    let removed = sqlx::query("DELETE FROM passkeys WHERE id = $1 AND manager_id = $2")
        .bind(id)
        .bind(manager_id)
        .execute(&mut *tx)
        .await?;
    if removed.rows_affected() != 1 {
        return Err(PasskeyError::NotFound.into());
    }
    if passkeys + apps <= 1 {
        return Err(PasskeyError::LastSecondFactor.into());
    }
    tx.commit().await?;
    Ok(())
}
