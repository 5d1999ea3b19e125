//! The second factor: an authenticator app (TOTP, RFC 6238 with the parameters every app
//! understands: HMAC-SHA-1, 6 digits, 30-second steps, one step of clock skew either way) and
//! ten single-use recovery codes.
//!
//! - Adding an app is two steps: [`start_enrolment`] stores a fresh secret, unconfirmed, and
//!   answers it as text, as an `otpauth://` URI and as a QR code (SVG); [`confirm_enrolment`]
//!   confirms it with a first code from the app and hands out new recovery codes.
//! - [`check_code`] accepts a code of the confirmed app once: the step it matched is stored
//!   with a compare-and-set, so the same code cannot be replayed, not even by two instances at
//!   once (RFC 6238 §5.2). A recovery code is likewise used up by a compare-and-set.
//! - Recovery codes hold 50 random bits (10 characters of a 32-letter alphabet without the
//!   look-alikes 0/O and 1/I); only their SHA-256 is stored.

use qrcode::QrCode;
use qrcode::render::svg;
use sqlx::AnyPool;
use totp_rs::{Algorithm, Totp};

use super::session::hash_token;
use crate::error::ApiError;

/// How many recovery codes an account gets.
pub const RECOVERY_CODES: usize = 10;

/// The name authenticator apps show above the account.
pub const ISSUER: &str = "Middelpunt";

/// The digits of an authenticator app's code.
pub const TOTP_DIGITS: usize = 6;

/// Random bytes in a TOTP secret (RFC 4226 recommends 160 bits).
const SECRET_BYTES: usize = 20;

/// The letters of a recovery code: no 0, 1, I or O, which are mistaken for each other.
const RECOVERY_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Characters in a recovery code, shown as two groups of five.
const RECOVERY_CHARS: usize = 10;

/// A new authenticator, to show once.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// Base32, no padding.
    pub secret: String,
    pub otpauth_uri: String,
    pub qr_svg: String,
}

/// Why an authenticator could not be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolmentRefused {
    /// The account has a confirmed authenticator already.
    Exists,
    /// There is no unconfirmed authenticator to confirm (none was started).
    NotStarted,
    /// The code does not match the new authenticator.
    WrongCode,
}

fn totp(secret: &[u8], email: &str) -> Result<Totp, ApiError> {
    // An e-mail address may hold no colon (it separates issuer and account in the URI); the
    // account is named by the address without it, which no address needs.
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(TOTP_DIGITS as u8)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret.to_vec())
        .with_account_name(email.replace(':', ""))
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|error| ApiError::internal(format!("TOTP parameters: {error}")))
}

fn secret_bytes(stored: &str) -> Result<Vec<u8>, ApiError> {
    totp_rs::Secret::try_from_base32(stored)
        .map(|secret| secret.as_ref().to_vec())
        .map_err(|error| ApiError::internal(format!("stored TOTP secret: {error:?}")))
}

fn random_bytes<const N: usize>() -> Result<[u8; N], ApiError> {
    let mut bytes = [0_u8; N];
    getrandom::getrandom(&mut bytes)
        .map_err(|error| ApiError::internal(format!("no random bytes: {error}")))?;
    Ok(bytes)
}

/// Starts adding an authenticator app for the account: a fresh secret, stored unconfirmed
/// (replacing one not confirmed before). Refused when the account has a confirmed one.
pub async fn start_enrolment(
    pool: &AnyPool,
    manager_id: i64,
    email: &str,
    now: i64,
) -> Result<Result<Enrolment, EnrolmentRefused>, ApiError> {
    let secret = random_bytes::<SECRET_BYTES>()?;
    let totp = totp(&secret, email)?;
    let encoded = totp.secret().to_base32();
    sqlx::query("DELETE FROM totp_authenticators WHERE manager_id = $1 AND confirmed_at IS NULL")
        .bind(manager_id)
        .execute(pool)
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO totp_authenticators (manager_id, secret, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(manager_id)
    .bind(&encoded)
    .bind(now)
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(Err(EnrolmentRefused::Exists));
    }
    let otpauth_uri = totp
        .to_url()
        .map_err(|error| ApiError::internal(format!("otpauth URI: {error}")))?;
    let qr_svg = QrCode::new(otpauth_uri.as_bytes())
        .map_err(|error| ApiError::internal(format!("QR code: {error}")))?
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(Ok(Enrolment {
        secret: encoded,
        otpauth_uri,
        qr_svg,
    }))
}

/// The step `code` matches for `secret` at `now`, if any. Spaces are ignored.
fn matching_step(
    secret: &[u8],
    email: &str,
    code: &str,
    now: i64,
) -> Result<Option<i64>, ApiError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != TOTP_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let now = u64::try_from(now).unwrap_or(0);
    Ok(totp(secret, email)?
        .check(&code, now)
        .and_then(|step| i64::try_from(step).ok()))
}

/// Confirms the account's new authenticator with a first `code` from the app.
pub async fn confirm_enrolment(
    pool: &AnyPool,
    manager_id: i64,
    email: &str,
    code: &str,
    now: i64,
) -> Result<Result<(), EnrolmentRefused>, ApiError> {
    let row = sqlx::query_as::<_, (String, Option<i64>)>(
        "SELECT secret, confirmed_at FROM totp_authenticators WHERE manager_id = $1",
    )
    .bind(manager_id)
    .fetch_optional(pool)
    .await?;
    let secret = match row {
        None => return Ok(Err(EnrolmentRefused::NotStarted)),
        Some((_, Some(_))) => return Ok(Err(EnrolmentRefused::Exists)),
        Some((secret, None)) => secret,
    };
    let Some(step) = matching_step(&secret_bytes(&secret)?, email, code, now)? else {
        return Ok(Err(EnrolmentRefused::WrongCode));
    };
    let confirmed = sqlx::query(
        "UPDATE totp_authenticators SET confirmed_at = $1, last_step = $2 \
         WHERE manager_id = $3 AND secret = $4 AND confirmed_at IS NULL",
    )
    .bind(now)
    .bind(step)
    .bind(manager_id)
    .bind(&secret)
    .execute(pool)
    .await?;
    if confirmed.rows_affected() == 1 {
        Ok(Ok(()))
    } else {
        // Another request confirmed or replaced it in between.
        Ok(Err(EnrolmentRefused::NotStarted))
    }
}

/// Whether the account has a confirmed authenticator app.
pub async fn has_authenticator(pool: &AnyPool, manager_id: i64) -> Result<bool, sqlx::Error> {
    let found = sqlx::query_scalar::<_, i64>(
        "SELECT manager_id FROM totp_authenticators \
         WHERE manager_id = $1 AND confirmed_at IS NOT NULL",
    )
    .bind(manager_id)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// What a code for the second factor turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// A code of the authenticator app, not used before.
    Authenticator,
    /// An unused recovery code, now used up.
    RecoveryCode,
    /// Neither.
    Wrong,
}

/// Checks a code for the second factor: the app's current code (once), or a recovery code.
pub async fn check_code(
    pool: &AnyPool,
    manager_id: i64,
    email: &str,
    code: &str,
    now: i64,
) -> Result<CodeCheck, ApiError> {
    if let Some(recovery) = normalise_recovery_code(code) {
        let used = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 \
             WHERE manager_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(manager_id)
        .bind(hash_token(&recovery))
        .execute(pool)
        .await?;
        return Ok(if used.rows_affected() == 1 {
            CodeCheck::RecoveryCode
        } else {
            CodeCheck::Wrong
        });
    }
    let Some(secret) = sqlx::query_scalar::<_, String>(
        "SELECT secret FROM totp_authenticators \
         WHERE manager_id = $1 AND confirmed_at IS NOT NULL",
    )
    .bind(manager_id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(CodeCheck::Wrong);
    };
    let Some(step) = matching_step(&secret_bytes(&secret)?, email, code, now)? else {
        return Ok(CodeCheck::Wrong);
    };
    // Accepted once: a later step only.
    let accepted = sqlx::query(
        "UPDATE totp_authenticators SET last_step = $1 \
         WHERE manager_id = $2 AND confirmed_at IS NOT NULL AND last_step < $1",
    )
    .bind(step)
    .bind(manager_id)
    .execute(pool)
    .await?;
    Ok(if accepted.rows_affected() == 1 {
        CodeCheck::Authenticator
    } else {
        CodeCheck::Wrong
    })
}

/// A recovery code as stored (upper case, no separators), when `typed` has the shape of one.
fn normalise_recovery_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == RECOVERY_CHARS && code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)))
        .then_some(code)
}

/// Replaces the account's recovery codes with [`RECOVERY_CODES`] new ones, answered as shown
/// (`XXXXX-XXXXX`) and stored only as their hashes.
pub async fn new_recovery_codes(
    pool: &AnyPool,
    manager_id: i64,
    now: i64,
) -> Result<Vec<String>, ApiError> {
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    while codes.len() < RECOVERY_CODES {
        let bytes = random_bytes::<RECOVERY_CHARS>()?;
        let code: String = bytes
            .iter()
            .map(|b| char::from(RECOVERY_ALPHABET[usize::from(b % 32)]))
            .collect();
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query("DELETE FROM recovery_codes WHERE manager_id = $1")
        .bind(manager_id)
        .execute(&mut *tx)
        .await?;
    for code in &codes {
        sqlx::query(
            "INSERT INTO recovery_codes (manager_id, code_hash, created_at) VALUES ($1, $2, $3)",
        )
        .bind(manager_id)
        .bind(hash_token(code))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(codes
        .into_iter()
        .map(|code| format!("{}-{}", &code[..5], &code[5..]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_code_follows_rfc_6238_and_allows_one_step_of_skew() {
        // RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" gives 94287082 at
        // T = 59 with 8 digits; its last 6 digits are the 6-digit code.
        let secret = b"12345678901234567890";
        let email = "a@b.nl";
        assert_eq!(matching_step(secret, email, "287082", 59).unwrap(), Some(1));
        assert_eq!(
            matching_step(secret, email, "287 082", 59).unwrap(),
            Some(1)
        );
        assert_eq!(
            matching_step(secret, email, "287082", 59 + 30).unwrap(),
            Some(1)
        );
        assert_eq!(
            matching_step(secret, email, "287082", 59 + 60).unwrap(),
            None
        );
        assert_eq!(matching_step(secret, email, "287083", 59).unwrap(), None);
        assert_eq!(matching_step(secret, email, "28708", 59).unwrap(), None);
    }

    #[test]
    fn recovery_codes_are_read_whatever_their_case_and_separators() {
        assert_eq!(
            normalise_recovery_code("abcde-fghjk").as_deref(),
            Some("ABCDEFGHJK")
        );
        assert_eq!(
            normalise_recovery_code(" ABCDE FGHJK ").as_deref(),
            Some("ABCDEFGHJK")
        );
        // The look-alikes are not in the alphabet; six digits are an app code.
        assert_eq!(normalise_recovery_code("ABCDE-FGHI0"), None);
        assert_eq!(normalise_recovery_code("123456"), None);
    }
}
