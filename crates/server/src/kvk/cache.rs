//! [`CachedRegister`]: KvK's answers kept in the database (`kvk_cache`), shared by every
//! instance. Every call to KvK's API is paid (and the branch list is a second call), while the
//! wizard looks the same organisation up in three steps, the server checks it again when the
//! order is placed, and Beheer shows the managed organisations on every page: within the cache
//! time all of that is one call.
//!
//! Only organisations that were found are kept: an unknown number may be registered tomorrow,
//! and an outage must be asked again. An answer is served only for the number it was fetched
//! for. A cache that fails (the database) is logged and passed by: the register answers.

use std::fmt;
use std::sync::Arc;

use domain::kvk::KvkNumber;
use domain::organisation::Organisation;
use sqlx::AnyPool;

use super::{KvkError, KvkRegister, OrganisationFuture};
use crate::clock::unix_now;

/// A register whose answers are reused for `ttl_secs`.
pub(crate) struct CachedRegister {
    inner: Arc<dyn KvkRegister>,
    db: AnyPool,
    ttl_secs: i64,
}

impl fmt::Debug for CachedRegister {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedRegister")
            .field("inner", &self.inner)
            .field("ttl_secs", &self.ttl_secs)
            .finish_non_exhaustive()
    }
}

impl CachedRegister {
    pub(crate) fn new(inner: Arc<dyn KvkRegister>, db: AnyPool, ttl_secs: u64) -> CachedRegister {
        CachedRegister {
            inner,
            db,
            ttl_secs: i64::try_from(ttl_secs).unwrap_or(i64::MAX),
        }
    }

    /// The organisation kept for `number`, if it was fetched after `now - ttl`.
    async fn cached(
        &self,
        number: &KvkNumber,
        now: i64,
    ) -> Result<Option<Organisation>, CacheError> {
        let kept = sqlx::query_scalar::<_, String>(
            "SELECT organisation FROM kvk_cache WHERE kvk_number = $1 AND fetched_at > $2",
        )
        .bind(number.as_str())
        .bind(now.saturating_sub(self.ttl_secs))
        .fetch_optional(&self.db)
        .await?;
        let Some(kept) = kept else {
            return Ok(None);
        };
        let organisation: Organisation = serde_json::from_str(&kept)?;
        // Never an answer for another number, whatever the table holds.
        Ok((organisation.kvk_number == number.as_str()).then_some(organisation))
    }

    async fn keep(&self, organisation: &Organisation, now: i64) -> Result<(), CacheError> {
        sqlx::query(
            "INSERT INTO kvk_cache (kvk_number, organisation, fetched_at) VALUES ($1, $2, $3) \
             ON CONFLICT (kvk_number) DO UPDATE \
             SET organisation = excluded.organisation, fetched_at = excluded.fetched_at",
        )
        .bind(&organisation.kvk_number)
        .bind(serde_json::to_string(organisation)?)
        .bind(now)
        .execute(&self.db)
        .await?;
        Ok(())
    }

    async fn fetch(&self, number: &KvkNumber) -> Result<Organisation, KvkError> {
        let now = unix_now();
        if self.ttl_secs > 0 {
            match self.cached(number, now).await {
                Ok(Some(organisation)) => return Ok(organisation),
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "the KvK cache cannot be read; asking KvK"),
            }
        }
        let organisation = self.inner.organisation(number).await?;
        if self.ttl_secs > 0
            && let Err(error) = self.keep(&organisation, now).await
        {
            tracing::warn!(%error, "the KvK answer cannot be kept in the cache");
        }
        Ok(organisation)
    }
}

impl KvkRegister for CachedRegister {
    fn organisation<'a>(&'a self, kvk_number: &'a KvkNumber) -> OrganisationFuture<'a> {
        Box::pin(self.fetch(kvk_number))
    }
}

/// Why the cache was passed by.
#[derive(Debug, thiserror::Error)]
enum CacheError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored answer: {0}")]
    Json(#[from] serde_json::Error),
}
