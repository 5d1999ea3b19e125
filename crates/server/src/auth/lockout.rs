//! Failed logins: after [`MAX_FAILURES`] failures in a row an account is locked for
//! [`LOCK_SECS`]; a successful login resets the count, and so does the end of a lock.
//!
//! E-mail addresses without an account are counted and locked the same way (`login_failures`,
//! keyed by the SHA-256 of the address), so that a lock does not reveal whether an account
//! exists. Every update is one atomic statement, correct across connections and instances.

use sha2::{Digest, Sha256};
use sqlx::AnyPool;

/// Failed logins in a row that lock an account.
pub const MAX_FAILURES: i64 = 5;

/// How long a lock lasts, in seconds (15 minutes).
pub const LOCK_SECS: i64 = 15 * 60;

/// Failed-login records of unknown addresses are kept this long after the last failure.
pub const UNKNOWN_RETENTION_SECS: i64 = 24 * 60 * 60;

/// Whose failures are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// A manager's account, by id.
    Manager(i64),
    /// An e-mail address (lower-cased) that has no account.
    Unknown(&'a str),
}

/// The key of an unknown address in `login_failures`.
fn unknown_key(email: &str) -> String {
    Sha256::digest(email.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The new count: 1 when an earlier lock has ended (the count starts afresh), else one more.
/// `table` qualifies the columns (needed inside `ON CONFLICT … DO UPDATE`); `now` is the
/// placeholder of the current time.
fn next_count(table: &str, now: &str) -> String {
    format!(
        "CASE WHEN {table}.locked_until IS NOT NULL AND {table}.locked_until <= {now} THEN 1 \
         ELSE {table}.failed_logins + 1 END"
    )
}

/// The time until which `subject` is locked, if it is locked at `now`.
pub async fn locked_until(
    pool: &AnyPool,
    subject: Subject<'_>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row = match subject {
        Subject::Manager(id) => {
            sqlx::query_scalar::<_, Option<i64>>("SELECT locked_until FROM managers WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        }
        Subject::Unknown(email) => {
            sqlx::query_scalar::<_, Option<i64>>(
                "SELECT locked_until FROM login_failures WHERE email_hash = $1",
            )
            .bind(unknown_key(email))
            .fetch_optional(pool)
            .await?
        }
    };
    let until = row.flatten();
    Ok(until.filter(|until| *until > now))
}

/// Counts a failed login of `subject` at `now`; answers the time until which it is now locked,
/// if this failure locked it.
pub async fn record_failure(
    pool: &AnyPool,
    subject: Subject<'_>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row = match subject {
        Subject::Manager(id) => {
            // Placeholders in order of first appearance (SQLite numbers them so).
            let count = next_count("managers", "$1");
            sqlx::query_scalar::<_, Option<i64>>(&format!(
                "UPDATE managers SET failed_logins = {count}, \
                 locked_until = CASE WHEN {count} >= $2 THEN $3 ELSE NULL END \
                 WHERE id = $4 RETURNING locked_until"
            ))
            .bind(now)
            .bind(MAX_FAILURES)
            .bind(now + LOCK_SECS)
            .bind(id)
            .fetch_optional(pool)
            .await?
        }
        Subject::Unknown(email) => {
            let count = next_count("login_failures", "$2");
            sqlx::query_scalar::<_, Option<i64>>(&format!(
                "INSERT INTO login_failures (email_hash, failed_logins, locked_until, updated_at) \
                 VALUES ($1, 1, NULL, $2) \
                 ON CONFLICT (email_hash) DO UPDATE SET failed_logins = {count}, \
                 locked_until = CASE WHEN {count} >= $3 THEN $4 ELSE NULL END, updated_at = $2 \
                 RETURNING locked_until"
            ))
            .bind(unknown_key(email))
            .bind(now)
            .bind(MAX_FAILURES)
            .bind(now + LOCK_SECS)
            .fetch_optional(pool)
            .await?
        }
    };
    let until = row.flatten();
    Ok(until.filter(|until| *until > now))
}

/// A successful login: the count starts afresh. Writes only when there is something to reset.
pub async fn reset(pool: &AnyPool, manager_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE managers SET failed_logins = 0, locked_until = NULL \
         WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)",
    )
    .bind(manager_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Deletes the records of unknown addresses whose last failure is older than
/// [`UNKNOWN_RETENTION_SECS`] and that are not locked at `now`.
pub async fn purge_unknown(pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "DELETE FROM login_failures WHERE updated_at < $1 \
         AND (locked_until IS NULL OR locked_until <= $2)",
    )
    .bind(now - UNKNOWN_RETENTION_SECS)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(result.rows_affected())
}
