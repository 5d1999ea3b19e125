//! The database: one [`AnyPool`] through sqlx's `Any` driver, so the same code runs on embedded
//! SQLite (the default) and on PostgreSQL (several server instances sharing one database).
//!
//! Portable SQL only:
//! - `$1`-style placeholders, numbered in order of first appearance;
//! - column types the `Any` driver decodes on both: `BIGINT` for integers (PostgreSQL's
//!   `INTEGER` is 32-bit: unix seconds overflow it in 2038), `TEXT`, `BOOLEAN`, `BYTEA` for binary
//!   data (PostgreSQL has no `BLOB`; SQLite keeps blobs unchanged in it); times as `BIGINT`
//!   unix seconds; cast PostgreSQL-only types such as `name` to `TEXT` in queries;
//! - `INSERT … ON CONFLICT … DO UPDATE` and `RETURNING` work on both.
//!
//! Migrations live in `crates/server/migrations/` and run at start.

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyPool, Executor, Transaction};

use crate::config::{DatabaseKind, DatabaseUrl};
use crate::error::StartError;

/// The migrations in `crates/server/migrations/`, compiled in.
pub static MIGRATOR: Migrator = sqlx::migrate!();

/// How long a request waits for a free connection before it fails with `service_unavailable`.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// How long an SQLite connection waits for another writer before it gives up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

/// How much of an SQLite file is read through a memory map (the rest through `read`).
const SQLITE_MMAP_BYTES: u64 = 1 << 30;

/// How often the query planner's statistics are refreshed (SQLite; PostgreSQL's autovacuum
/// does this itself).
const OPTIMIZE_INTERVAL: Duration = Duration::from_secs(3600);

/// How long the health check waits for `SELECT 1`.
const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// Connects to the database with a pool of the default size (command-line tools), creating an
/// SQLite file (and its directory) when missing, and runs the migrations.
pub async fn connect(url: &DatabaseUrl) -> Result<AnyPool, StartError> {
    connect_with(
        url,
        crate::config::operations::DEFAULT_DATABASE_MAX_CONNECTIONS,
    )
    .await
}

/// [`connect`] with a pool of at most `max_connections` (`MIDDELPUNT_DATABASE_MAX_CONNECTIONS`).
pub async fn connect_with(url: &DatabaseUrl, max_connections: u32) -> Result<AnyPool, StartError> {
    install_default_drivers();
    let mut options = AnyPoolOptions::new()
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .max_connections(max_connections);
    let mut connect_url = url.as_str().to_owned();
    match url.kind() {
        DatabaseKind::SqliteFile(path) => {
            if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| StartError::DatabaseDir {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
            if !connect_url.contains("mode=") {
                connect_url.push(if connect_url.contains('?') { '&' } else { '?' });
                connect_url.push_str("mode=rwc");
            }
        }
        // Every connection to `sqlite::memory:` would open a database of its own: keep one.
        DatabaseKind::SqliteMemory => {
            options = options
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        }
        DatabaseKind::Postgres => {}
    }
    let pool = options
        .after_connect(|connection, _meta| {
            Box::pin(async move {
                if connection.backend_name() == "SQLite" {
                    // WAL lets readers work while one connection writes; it is a property of the
                    // file, so setting it again is a no-op. The others hold per connection:
                    // with WAL, `synchronous = NORMAL` loses no committed data on a crash of the
                    // process (only, on power loss, the last transactions); the memory map lets
                    // every connection read the file through the OS's one page cache.
                    connection
                        .execute(
                            format!(
                                "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                                 PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; \
                                 PRAGMA synchronous = NORMAL; PRAGMA mmap_size = {SQLITE_MMAP_BYTES};"
                            )
                            .as_str(),
                        )
                        .await?;
                }
                Ok(())
            })
        })
        .connect(&connect_url)
        .await
        .map_err(|source| StartError::Connect {
            url: url.redacted(),
            source,
        })?;
    MIGRATOR.run(&pool).await?;
    optimize(&pool).await.map_err(StartError::Optimize)?;
    if let Err(error) = check_collation(&pool).await {
        tracing::warn!(%error, "cannot read the database's collation");
    }
    Ok(pool)
}

/// A transaction, for every business change here (most read before they write; `clippy.toml`
/// refuses a plain `Pool::begin`). On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`, waiting up to the busy timeout for another writer): a deferred
/// transaction whose snapshot another connection's commit made stale fails its first write at
/// once with `SQLITE_BUSY`, which no timeout retries. On PostgreSQL a plain `BEGIN`.
#[allow(
    clippy::disallowed_methods,
    reason = "the one place a plain BEGIN is right: PostgreSQL locks rows as it writes"
)]
pub async fn begin_write(pool: &AnyPool) -> Result<Transaction<'static, Any>, sqlx::Error> {
    if pool.connect_options().database_url.scheme() == "sqlite" {
        pool.begin_with("BEGIN IMMEDIATE").await
    } else {
        pool.begin().await
    }
}

/// Refreshes the statistics SQLite's query planner chooses indexes by. Without them (or with
/// the approximate ones of `PRAGMA optimize`'s analysis limit) SQLite sorts a whole
/// organisation's users for one page instead of walking the index that is already in that
/// order. A full `ANALYZE` of a database with 100,000 users takes about 0.2 s. Does nothing on
/// PostgreSQL, whose autovacuum keeps its statistics.
pub async fn optimize(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let mut connection = pool.acquire().await?;
    if connection.backend_name() == "SQLite" {
        connection.execute("ANALYZE").await?;
    }
    Ok(())
}

/// Warns when a PostgreSQL database sorts text by a language's rules: Beheer's name order is
/// made by the application (the sort key "vries anna de" puts "de Vries" under V, and
/// "Dijk" before "Dijkman"), which only a byte-wise collation keeps, as SQLite does. Such a
/// locale ignores spaces, so "Dijkman" would come before "Dijk, Piet".
pub async fn check_collation(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let mut connection = pool.acquire().await?;
    if connection.backend_name() == "PostgreSQL" {
        let collation: String = sqlx::query_scalar(
            "SELECT datcollate::TEXT FROM pg_database WHERE datname = current_database()",
        )
        .fetch_one(&mut *connection)
        .await?;
        if !is_bytewise(&collation) {
            tracing::warn!(
                %collation,
                "the database sorts text by a language's rules: create it with \
                 LC_COLLATE 'C' (or 'C.UTF-8') for Beheer's Dutch name order"
            );
        }
    }
    Ok(())
}

/// Whether a PostgreSQL collation compares bytes (code points for UTF-8).
fn is_bytewise(collation: &str) -> bool {
    matches!(
        collation.to_ascii_lowercase().as_str(),
        "c" | "posix" | "c.utf-8" | "c.utf8" | "ucs_basic"
    )
}

/// Runs [`optimize`] every [`OPTIMIZE_INTERVAL`] until aborted.
pub async fn optimize_periodically(pool: AnyPool) {
    let mut ticks = tokio::time::interval(OPTIMIZE_INTERVAL);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        if let Err(error) = optimize(&pool).await {
            tracing::warn!(%error, "cannot refresh the query planner's statistics");
        }
    }
}

/// Why the database did not answer the health check.
#[derive(Debug, thiserror::Error)]
pub enum PingError {
    #[error("the database did not answer within {} s", PING_TIMEOUT.as_secs())]
    Timeout,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Checks that the database answers `SELECT 1`, waiting at most a few seconds.
pub async fn ping(pool: &AnyPool) -> Result<(), PingError> {
    let query = sqlx::query("SELECT 1").execute(pool);
    tokio::time::timeout(PING_TIMEOUT, query)
        .await
        .map_err(|_elapsed| PingError::Timeout)??;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_byte_wise_collations_keep_the_dutch_name_order() {
        for bytewise in ["C", "POSIX", "C.UTF-8", "C.utf8"] {
            assert!(super::is_bytewise(bytewise), "{bytewise}");
        }
        for language in ["en_US.UTF-8", "nl_NL.UTF-8", "und-x-icu"] {
            assert!(!super::is_bytewise(language), "{language}");
        }
    }
}
