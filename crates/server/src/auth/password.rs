//! Managers' passwords: argon2id with the OWASP parameters (m = 19 MiB, t = 2, p = 1, the
//! `argon2` crate's defaults), stored as PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$…`).
//!
//! Hashing and verifying take tens of milliseconds of CPU and 19 MiB each. So that a flood of
//! logins can neither exhaust memory nor keep it, they run in a bounded pool:
//! - at most as many at once as there are cores ([`workers`]); the rest wait up to
//!   [`MAX_WAIT`] and are then answered 429 with `Retry-After`;
//! - each run borrows one of the pool's 19 MiB work areas instead of allocating its own, so the
//!   process holds `workers × 19 MiB` after a flood, not what the allocator kept of every
//!   thread's allocations (`argon2`'s `hash_password_into_with_memory`).
//!
//! A login for an unknown e-mail address verifies against [`dummy_hash`], so it costs the same
//! time as a wrong password.

use std::num::NonZeroUsize;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use subtle::ConstantTimeEq;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

/// Longer passwords are refused without hashing them (a login answers `invalid_credentials`).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// How long a login waits for a free hashing slot before it is answered 429.
pub const MAX_WAIT: Duration = Duration::from_secs(5);

/// The `Retry-After` of a login that found every slot busy for [`MAX_WAIT`], in seconds.
const BUSY_RETRY_AFTER: u64 = 2;

/// The hasher: argon2id, version 0x13, m = 19456 KiB, t = 2, p = 1.
fn argon2() -> Argon2<'static> {
    Argon2::default()
}

/// How many hashes run at once: one per core.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// The slots ([`workers`] permits) and the work areas they use.
struct Pool {
    slots: Arc<Semaphore>,
    /// Free work areas; at most [`workers`] are kept.
    areas: Mutex<Vec<Vec<Block>>>,
}

static POOL: LazyLock<Pool> = LazyLock::new(|| Pool {
    slots: Arc::new(Semaphore::new(workers())),
    areas: Mutex::new(Vec::new()),
});

/// Runs `f` with a work area of at least `blocks` blocks: a free one of the pool's, else a new
/// one, which joins the pool afterwards unless it already holds [`workers`].
fn with_area<R>(blocks: usize, f: impl FnOnce(&mut [Block]) -> R) -> R {
    let taken = POOL
        .areas
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .pop();
    let mut area = taken.unwrap_or_default();
    if area.len() < blocks {
        area.resize(blocks, Block::default());
    }
    let result = f(&mut area[..blocks]);
    let mut areas = POOL
        .areas
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if areas.len() < workers() {
        areas.push(area);
    }
    result
}

/// Argon2 of `password` and `salt` into `out`, in a work area of the pool.
fn compute(
    argon2: &Argon2<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    with_area(argon2.params().block_count(), |area| {
        argon2.hash_password_into_with_memory(password, salt, out, area)
    })
}

/// Hashes `password` with a fresh random salt into a PHC string.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let mut salt = [0_u8; 16];
    getrandom::getrandom(&mut salt).map_err(|_| argon2::password_hash::Error::Crypto)?;
    let argon2 = argon2();
    let mut out = [0_u8; Params::DEFAULT_OUTPUT_LEN];
    compute(&argon2, password.as_bytes(), &salt, &mut out)?;
    let salt = SaltString::encode_b64(&salt)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon2.params())?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out)?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the PHC string `stored`. A malformed `stored` matches nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    match verify_phc(password, stored) {
        Ok(matches) => matches,
        Err(error) => {
            tracing::error!(%error, "a stored password hash does not parse");
            false
        }
    }
}

/// [`verify`], with the reason a stored hash is unusable.
fn verify_phc(password: &str, stored: &str) -> Result<bool, argon2::password_hash::Error> {
    use argon2::password_hash::Error;
    let parsed = PasswordHash::new(stored)?;
    let expected = parsed.hash.ok_or(Error::PhcStringField)?;
    let salt = parsed.salt.ok_or(Error::PhcStringField)?;
    let algorithm = Algorithm::try_from(parsed.algorithm)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()?
        .unwrap_or_default();
    let params = Params::try_from(&parsed)?;
    let mut salt_bytes = [0_u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    let mut out = vec![0_u8; expected.len()];
    compute(
        &Argon2::new(algorithm, version, params),
        password.as_bytes(),
        salt,
        &mut out,
    )?;
    Ok(bool::from(expected.as_bytes().ct_eq(&out)))
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

/// A slot of the pool, waited for at most [`MAX_WAIT`]; 429 `too_many_requests` after.
async fn slot() -> Result<OwnedSemaphorePermit, ApiError> {
    match tokio::time::timeout(MAX_WAIT, Arc::clone(&POOL.slots).acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(closed)) => Err(ApiError::internal(closed)),
        Err(_) => {
            tracing::warn!("every password hashing slot stayed busy: login answered 429");
            Err(ApiError::TooManyRequests {
                retry_after: BUSY_RETRY_AFTER,
            })
        }
    }
}

/// Runs `f` in a slot on the blocking pool. The slot is the closure's, so a request that is
/// abandoned while it hashes still holds it until the hash is done.
async fn in_slot<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> Result<R, ApiError> {
    let permit = slot().await?;
    tokio::task::spawn_blocking(move || {
        let result = f();
        drop(permit);
        result
    })
    .await
    .map_err(ApiError::internal)
}

/// [`hash`] in the pool.
pub async fn hash_blocking(password: String) -> Result<String, ApiError> {
    in_slot(move || hash(&password))
        .await?
        .map_err(|error| ApiError::internal(error.to_string()))
}

/// [`verify`] in the pool; `stored: None` verifies against [`dummy_hash`] and answers `false`,
/// in the same time.
pub async fn verify_blocking(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    in_slot(move || match stored {
        Some(stored) => verify(&password, &stored),
        None => {
            verify(&password, dummy_hash());
            false
        }
    })
    .await
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

    #[test]
    fn hashes_of_the_argon2_crate_itself_verify_and_ours_verify_there() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::encode_b64(b"sixteen byte slt").unwrap();
        let theirs = argon2()
            .hash_password(b"correct horse", &salt)
            .unwrap()
            .to_string();
        assert!(verify("correct horse", &theirs));
        assert!(!verify("correct horsE", &theirs));
        let ours = hash("correct horse").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(argon2().verify_password(b"correct horse", &parsed).is_ok());
        // Other parameters (an older or stronger setting) verify too, with a larger work area.
        let strong = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(32 * 1024, 3, 1, None).unwrap(),
        )
        .hash_password(b"sterk", &salt)
        .unwrap()
        .to_string();
        assert!(verify("sterk", &strong));
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
