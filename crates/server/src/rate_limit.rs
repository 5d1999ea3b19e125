//! Fixed-window rate limiting, kept in the database (`rate_limits`) so that every server
//! instance counts against the same limit.
//!
//! ```text
//! // In a handler: at most 5 SMS codes per phone number per 15 minutes.
//! rate_limit::hit(&state.db, &format!("sms:{number}"), 15 * 60, 5).await?.check()?;
//! ```
//!
//! Keys are stored as given, for at most [`MAX_WINDOW_SECS`] plus the purge interval: prefer
//! keys that carry no more personal data than needed.

use std::time::Duration;

use sqlx::AnyPool;

use crate::error::ApiError;

/// The longest window a limit may use; counters older than this are purged.
pub const MAX_WINDOW_SECS: u32 = 24 * 60 * 60;

/// How often old counters are purged.
pub const PURGE_INTERVAL: Duration = Duration::from_secs(10 * 60);

/// The outcome of one [`hit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Within the limit; `remaining` more hits fit in this window.
    Allowed { remaining: u32 },
    /// Over the limit until the window ends, `retry_after` seconds from now (at least 1).
    Limited { retry_after: u64 },
}

impl Decision {
    /// `Ok` when allowed, [`ApiError::TooManyRequests`] when limited.
    pub fn check(self) -> Result<(), ApiError> {
        match self {
            Decision::Allowed { .. } => Ok(()),
            Decision::Limited { retry_after } => Err(ApiError::TooManyRequests { retry_after }),
        }
    }
}

/// Counts one hit on `key` and decides whether it is allowed: at most `max` hits per window of
/// `window_secs` seconds (clamped to 1..=[`MAX_WINDOW_SECS`]). Atomic across connections and
/// instances: one upsert, no read-modify-write.
pub async fn hit(
    pool: &AnyPool,
    key: &str,
    window_secs: u32,
    max: u32,
) -> Result<Decision, sqlx::Error> {
    hit_at(pool, key, window_secs, max, unix_now()).await
}

/// [`hit`] at the given time (unix seconds), for tests and callers with their own clock.
pub async fn hit_at(
    pool: &AnyPool,
    key: &str,
    window_secs: u32,
    max: u32,
    now: i64,
) -> Result<Decision, sqlx::Error> {
    let window = i64::from(window_secs.clamp(1, MAX_WINDOW_SECS));
    let window_start = now - now.rem_euclid(window);
    // `ON CONFLICT … DO UPDATE` and `RETURNING`: SQLite ≥ 3.35 and PostgreSQL ≥ 9.5.
    let count: i64 = sqlx::query_scalar(
        "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) \
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1 \
         RETURNING count",
    )
    .bind(key)
    .bind(window_start)
    .fetch_one(pool)
    .await?;
    Ok(if count <= i64::from(max) {
        Decision::Allowed {
            remaining: u32::try_from(i64::from(max) - count).unwrap_or(0),
        }
    } else {
        Decision::Limited {
            retry_after: u64::try_from(window_start + window - now)
                .unwrap_or(1)
                .max(1),
        }
    })
}

/// Deletes counters whose window started more than [`MAX_WINDOW_SECS`] before `now`.
pub async fn purge_expired(pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(now - i64::from(MAX_WINDOW_SECS))
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}

/// Purges expired counters every [`PURGE_INTERVAL`], forever; failures are logged.
pub(crate) async fn purge_periodically(pool: AnyPool) {
    let mut interval = tokio::time::interval(PURGE_INTERVAL);
    loop {
        interval.tick().await;
        match purge_expired(&pool, unix_now()).await {
            Ok(0) => {}
            Ok(purged) => tracing::debug!(purged, "purged expired rate-limit counters"),
            Err(error) => tracing::warn!(%error, "cannot purge expired rate-limit counters"),
        }
    }
}

use crate::clock::unix_now;
