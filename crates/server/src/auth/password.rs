//! Managers' passwords: argon2id with the OWASP parameters (m = 19 MiB, t = 2, p = 1, the
//! `argon2` crate's defaults), stored as PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$…`).
//!
//! Hashing and verifying take tens of milliseconds of CPU: the async functions run them on the
//! blocking pool. A login for an unknown e-mail address verifies against [`dummy_hash`], so it
//! costs the same time as a wrong password.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::ApiError;

/// Longer passwords are refused without hashing them (a login answers `invalid_credentials`).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// The hasher: argon2id, version 0x13, m = 19456 KiB, t = 2, p = 1.
fn argon2() -> Argon2<'static> {
    Argon2::default()
}

/// Hashes `password` with a fresh random salt into a PHC string.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let mut salt = [0_u8; 16];
    getrandom::getrandom(&mut salt).map_err(|_| argon2::password_hash::Error::Crypto)?;
    let salt = SaltString::encode_b64(&salt)?;
    Ok(argon2()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether `password` matches the PHC string `stored`. A malformed `stored` matches nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(error) => {
            tracing::error!(%error, "a stored password hash does not parse");
            false
        }
    }
}

/// A hash of a random password nobody knows, with the same parameters as real hashes: verifying
/// against it costs what verifying a real one does.
pub fn dummy_hash() -> &'static str {
    static DUMMY: LazyLock<String> = LazyLock::new(|| {
        let mut secret = [0_u8; 32];
        getrandom::getrandom(&mut secret).expect("the operating system's random source works");
        let secret: String = secret.iter().map(|byte| format!("{byte:02x}")).collect();
        hash(&secret).expect("hashing a fixed-size password works")
    });
    &DUMMY
}

/// Computes [`dummy_hash`] now, so that no login request pays for it.
pub fn warm_up() {
    dummy_hash();
}

/// [`hash`] on the blocking pool.
pub async fn hash_blocking(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(|error| ApiError::internal(error.to_string()))
}

/// [`verify`] on the blocking pool; `stored: None` verifies against [`dummy_hash`] and answers
/// `false`, in the same time.
pub async fn verify_blocking(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || match stored {
        Some(stored) => verify(&password, &stored),
        None => {
            verify(&password, dummy_hash());
            false
        }
    })
    .await
    .map_err(ApiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_owasp_parameters_and_a_fresh_salt() {
        let first = hash("Middelpunt-demo-2026").unwrap();
        let second = hash("Middelpunt-demo-2026").unwrap();
        assert!(
            first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{first}"
        );
        assert_ne!(first, second, "every hash has its own salt");
        assert!(!first.contains("Middelpunt-demo-2026"));
    }

    #[test]
    fn only_the_right_password_verifies() {
        let stored = hash("correct horse battery staple").unwrap();
        assert!(verify("correct horse battery staple", &stored));
        assert!(!verify("correct horse battery stapl", &stored));
        assert!(!verify("Correct horse battery staple", &stored));
        assert!(!verify("", &stored));
        assert!(!verify("correct horse battery staple", "not a hash"));
    }

    #[test]
    fn the_dummy_hash_has_the_same_parameters_and_matches_nothing_guessable() {
        let dummy = dummy_hash();
        let real = hash("x").unwrap();
        let params = |phc: &str| phc.split('$').nth(3).map(str::to_owned);
        assert_eq!(params(dummy), params(&real));
        assert!(!verify("", dummy));
        assert!(!verify("Middelpunt-demo-2026", dummy));
    }

    #[tokio::test]
    async fn the_blocking_variants_agree() {
        let stored = hash_blocking("geheim".into()).await.unwrap();
        assert!(
            verify_blocking("geheim".into(), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(!verify_blocking("fout".into(), Some(stored)).await.unwrap());
        assert!(!verify_blocking("geheim".into(), None).await.unwrap());
    }
}
