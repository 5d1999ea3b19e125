//! Passkeys: the server's two requests of each ceremony around the browser's WebAuthn
//! ([`crate::passkey`]), which asks the person for their fingerprint, face or PIN.

use ::api::account::{
    AccountPasskeys, AuthenticatorConfirmed, NewPasskey, PasskeyAnswer, PasskeyOptions,
};

use super::{ApiError, Manager, SecondFactor, SignedIn, delete, get, post, post_empty, remember};
use crate::passkey::{self, PasskeyFailure};

pub use ::api::account::AccountPasskey;

/// Why a passkey ceremony failed: the server refused, or the browser did (the person
/// cancelled, or the device has no passkey here).
#[derive(Debug, Clone, PartialEq)]
pub enum PasskeyError {
    Server(ApiError),
    Browser(PasskeyFailure),
}

impl From<ApiError> for PasskeyError {
    fn from(error: ApiError) -> Self {
        PasskeyError::Server(error)
    }
}

impl From<PasskeyFailure> for PasskeyError {
    fn from(failure: PasskeyFailure) -> Self {
        PasskeyError::Browser(failure)
    }
}

/// Adds a passkey named `name` to the account; answers the account and, at set-up (its first
/// second factor), the recovery codes.
pub async fn add(name: &str) -> Result<(Manager, Vec<String>), PasskeyError> {
    let started: PasskeyOptions = post_empty("/api/v1/account/passkeys/options").await?;
    let credential = passkey::create(&started.options).await?;
    let body = NewPasskey {
        ceremony: started.ceremony,
        name: name.to_owned(),
        credential,
    };
    let added: AuthenticatorConfirmed = post("/api/v1/account/passkeys", &body).await?;
    Ok((remember(added.session).0, added.recovery_codes))
}

/// The second factor with one of the account's passkeys (at sign-in, or a step-up).
pub async fn pass_second_factor() -> Result<Manager, PasskeyError> {
    let started: PasskeyOptions = post_empty("/api/v1/session/passkey/options").await?;
    let credential = passkey::get(&started.options).await?;
    let body = PasskeyAnswer {
        ceremony: started.ceremony,
        credential,
    };
    let session = post("/api/v1/session/passkey", &body).await?;
    Ok(remember(session).0)
}

/// Signs in with a passkey alone.
pub async fn sign_in() -> Result<SignedIn, PasskeyError> {
    let started: PasskeyOptions = post_empty("/api/v1/passkey-sign-in/options").await?;
    let credential = passkey::get(&started.options).await?;
    let body = PasskeyAnswer {
        ceremony: started.ceremony,
        credential,
    };
    let signed_in = remember(post("/api/v1/passkey-sign-in", &body).await?);
    debug_assert_eq!(signed_in.1, SecondFactor::Passed);
    Ok(signed_in)
}

/// `GET /api/v1/account/passkeys`.
pub async fn list() -> Result<AccountPasskeys, ApiError> {
    get("/api/v1/account/passkeys").await
}

/// `DELETE /api/v1/account/passkeys/{id}`.
pub async fn remove(id: i64) -> Result<(), ApiError> {
    delete(&format!("/api/v1/account/passkeys/{id}")).await
}
