//! The account's own set-up and second factor: `/api/v1/account-setup` (the one-time link),
//! `/api/v1/account/authenticator` (adding an authenticator app) and
//! `/api/v1/session/second-factor` (the second step of signing in) and
//! `/api/v1/password-reset` ("Wachtwoord vergeten?"), and the account's sessions
//! (`/api/v1/account/sessions`).

use serde::{Deserialize, Serialize};

use crate::LinkPurpose;
use crate::session::SessionBody;

/// What `GET /api/v1/account-setup` answers about a valid one-time link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountLink {
    /// The account's e-mail address (lower-cased): it signs in with it.
    pub email: String,
    /// The account holder's name.
    pub name: String,
    /// A new account's set-up, or a new password.
    pub purpose: LinkPurpose,
    /// When the link stops working, unix seconds.
    pub expires_at: i64,
}

/// The body of `POST /api/v1/account-setup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPassword {
    /// At least 12 characters, and not a common or easily guessed password.
    pub password: String,
}

/// What `POST /api/v1/account/authenticator` answers: the secret to add to an authenticator
/// app, as a QR code and as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthenticatorEnrolment {
    /// The secret in base32 (RFC 4648, no padding), for typing in by hand.
    pub secret: String,
    /// The `otpauth://totp/…` URI the QR code holds.
    pub otpauth_uri: String,
    /// The QR code of `otpauth_uri` as an SVG document.
    pub qr_svg: String,
}

/// A code for the second factor: the 6 digits of the authenticator app, or a recovery code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecondFactorCode {
    /// The code as typed; spaces and dashes are ignored.
    pub code: String,
}

/// What `POST /api/v1/account/authenticator/confirmation` answers: the session, now past the
/// second factor, and the recovery codes, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthenticatorConfirmed {
    /// The session.
    pub session: SessionBody,
    /// 10 single-use codes (`XXXXX-XXXXX`) that stand in for the authenticator app once each.
    pub recovery_codes: Vec<String>,
}

/// The body of `POST /api/v1/password-reset` ("Wachtwoord vergeten?").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    /// The account's e-mail address.
    pub email: String,
}

/// One of the account's sessions, as `GET /api/v1/account/sessions` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSession {
    /// Names the session for `DELETE /api/v1/account/sessions/{session_id}`: 16 hex digits.
    pub id: String,
    /// Whether this is the session of the request itself.
    pub current: bool,
    /// The browser's `User-Agent` at sign-in, if it sent one.
    pub user_agent: Option<String>,
    /// When it was signed in, unix seconds.
    pub created_at: i64,
    /// When it was last used, unix seconds (to the minute).
    pub last_seen_at: i64,
}

/// What `GET /api/v1/account/sessions` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSessions {
    /// The valid sessions, the most recently used first.
    pub sessions: Vec<AccountSession>,
}

/// What `DELETE /api/v1/account/sessions` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionsEnded {
    /// How many other sessions were ended.
    pub ended: u64,
}

/// What the first request of a passkey ceremony answers: the options to hand to the browser's
/// WebAuthn (`PublicKeyCredential.parseCreationOptionsFromJSON` or
/// `parseRequestOptionsFromJSON` of `options.publicKey`), and the ceremony to name in the
/// second request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyOptions {
    /// Names this ceremony in its second request (valid 5 minutes, once).
    pub ceremony: String,
    /// WebAuthn's options in their JSON form: `{"publicKey": {…}}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub options: serde_json::Value,
}

/// The body of `POST /api/v1/account/passkeys`: the browser's new passkey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPasskey {
    /// The ceremony of `POST /api/v1/account/passkeys/options`.
    pub ceremony: String,
    /// A name to tell the account's passkeys apart ("Laptop"); at most 100 characters, not
    /// only spaces.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub name: String,
    /// The browser's `PublicKeyCredential` in its JSON form (`toJSON()`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: serde_json::Value,
}

/// The browser's answer with a passkey: the second factor, or a sign-in without password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyAnswer {
    /// The ceremony of the options.
    pub ceremony: String,
    /// The browser's `PublicKeyCredential` in its JSON form (`toJSON()`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: serde_json::Value,
}

/// One of the account's passkeys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountPasskey {
    /// Names it in `DELETE /api/v1/account/passkeys/{passkey_id}`.
    pub id: i64,
    /// The name given when it was added.
    pub name: String,
    /// When it was added, unix seconds.
    pub created_at: i64,
    /// When it last signed in or passed the second factor, unix seconds.
    pub last_used_at: Option<i64>,
}

/// What `GET /api/v1/account/passkeys` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountPasskeys {
    /// The oldest first.
    pub passkeys: Vec<AccountPasskey>,
    /// Whether the account has an authenticator app too.
    pub authenticator_app: bool,
}

/// The body of `PUT /api/v1/account/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    /// The password the account has now.
    pub current_password: String,
    /// At least 12 characters, and not a common or easily guessed password.
    pub new_password: String,
}

/// What `POST /api/v1/account/recovery-codes` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    /// 10 new single-use codes (`XXXXX-XXXXX`); the old ones no longer work.
    pub recovery_codes: Vec<String>,
}
