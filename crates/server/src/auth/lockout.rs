//! Failed logins, counted per account and per network address: after [`MAX_FAILURES`] failures
//! in a row from one address, that address waits before it may try the account again, longer
//! with every further failure ([`delay`]: 1, 2, 4, 8, then 15 minutes). A successful login from
//! the address starts afresh. The account itself is never locked: a manager signing in from
//! their own connection is not kept out by someone guessing elsewhere. How many guesses one
//! address makes across accounts is bounded by the login rate limit (routes/session.rs).
//!
//! E-mail addresses without an account are counted and slowed the same way (keyed by the
//! SHA-256 of the address), so that a wait does not reveal whether an account exists. Every
//! count is one atomic statement, correct across connections and instances.

use sha2::{Digest, Sha256};
use sqlx::AnyPool;

/// Failed logins in a row from one address after which it waits.
pub const MAX_FAILURES: i64 = 5;

/// The first wait, in seconds; each further failure doubles it, up to [`MAX_DELAY_SECS`].
pub const FIRST_DELAY_SECS: i64 = 60;

/// The longest wait, in seconds (15 minutes).
pub const MAX_DELAY_SECS: i64 = 15 * 60;

/// Records are kept this long after their last failure.
pub const RETENTION_SECS: i64 = 24 * 60 * 60;

/// Whose failures are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// A manager's account, by id.
    Manager(i64),
    /// An e-mail address (lower-cased) that has no account.
    Unknown(&'a str),
    /// An account's second factor: counted for the account as a whole (use
    /// [`SECOND_FACTOR_ADDRESS`]), since only someone who knows the password gets this far.
    SecondFactor(i64),
}

/// The address under which [`Subject::SecondFactor`] failures are counted: all of them.
pub const SECOND_FACTOR_ADDRESS: &str = "any";

impl Subject<'_> {
    /// The stored key: `manager:{id}`, or `email:{sha256 hex}` (never the address itself).
    fn key(self) -> String {
        match self {
            Subject::Manager(id) => format!("manager:{id}"),
            Subject::SecondFactor(id) => format!("second_factor:{id}"),
            Subject::Unknown(email) => {
                let hash: String = Sha256::digest(email.as_bytes())
                    .iter()
                    .map(|byte| format!("{byte:02x}"))
                    .collect();
                format!("email:{hash}")
            }
        }
    }
}

/// The wait after `failures` failures in a row, in seconds; `None` below [`MAX_FAILURES`].
pub fn delay(failures: i64) -> Option<i64> {
    if failures < MAX_FAILURES {
        return None;
    }
    let doublings = u32::try_from((failures - MAX_FAILURES).min(8)).unwrap_or(8);
    Some((FIRST_DELAY_SECS << doublings).min(MAX_DELAY_SECS))
}

/// The time until which `address` must wait before trying `subject` again, if it must at `now`.
pub async fn locked_until(
    pool: &AnyPool,
    subject: Subject<'_>,
    address: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let until = sqlx::query_scalar::<_, Option<i64>>(
        "SELECT locked_until FROM login_throttles WHERE subject = $1 AND address = $2",
    )
    .bind(subject.key())
    .bind(address)
    .fetch_optional(pool)
    .await?
    .flatten();
    Ok(until.filter(|until| *until > now))
}

/// A failed login counted: how many in a row from this address, and the time until which it
/// now waits, if this failure made it wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    /// Failures in a row of this subject from this address, this one included.
    pub failures: i64,
    /// The end of the wait this failure started.
    pub locked_until: Option<i64>,
}

/// Counts a failed login of `subject` from `address` at `now`.
pub async fn record_failure(
    pool: &AnyPool,
    subject: Subject<'_>,
    address: &str,
    now: i64,
) -> Result<Failure, sqlx::Error> {
    let key = subject.key();
    let failures = sqlx::query_scalar::<_, i64>(
        "INSERT INTO login_throttles (subject, address, failures, locked_until, updated_at) \
         VALUES ($1, $2, 1, NULL, $3) \
         ON CONFLICT (subject, address) DO UPDATE \
         SET failures = login_throttles.failures + 1, updated_at = $3 \
         RETURNING failures",
    )
    .bind(&key)
    .bind(address)
    .bind(now)
    .fetch_one(pool)
    .await?;
    let Some(wait) = delay(failures) else {
        return Ok(Failure {
            failures,
            locked_until: None,
        });
    };
    let until = now + wait;
    // Of two failures at once, the later end stands.
    sqlx::query(
        "UPDATE login_throttles SET locked_until = $1 \
         WHERE subject = $2 AND address = $3 AND (locked_until IS NULL OR locked_until < $1)",
    )
    .bind(until)
    .bind(&key)
    .bind(address)
    .execute(pool)
    .await?;
    Ok(Failure {
        failures,
        locked_until: Some(until),
    })
}

/// A successful login from `address`: its count starts afresh.
pub async fn reset(pool: &AnyPool, subject: Subject<'_>, address: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_throttles WHERE subject = $1 AND address = $2")
        .bind(subject.key())
        .bind(address)
        .execute(pool)
        .await?;
    Ok(())
}

/// Deletes the records whose last failure is older than [`RETENTION_SECS`] and that make
/// nobody wait at `now`.
pub async fn purge(pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "DELETE FROM login_throttles WHERE updated_at < $1 \
         AND (locked_until IS NULL OR locked_until <= $2)",
    )
    .bind(now - RETENTION_SECS)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(result.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_starts_at_the_fifth_failure_and_doubles_up_to_fifteen_minutes() {
        let waits: Vec<Option<i64>> = (1..=10).map(delay).collect();
        assert_eq!(
            waits,
            [
                None,
                None,
                None,
                None,
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(900),
                Some(900)
            ]
        );
        assert_eq!(delay(i64::MAX), Some(900));
    }

    #[test]
    fn an_unknown_address_is_stored_as_its_hash() {
        let key = Subject::Unknown("iemand@voorbeeld.nl").key();
        assert!(key.starts_with("email:") && key.len() == 6 + 64, "{key}");
        assert!(!key.contains("voorbeeld"));
        assert_eq!(Subject::Manager(7).key(), "manager:7");
    }
}
