//! `middelpunt-server seed-demo`: fills a database with a large, realistic organisation for the
//! demo manager (beheerder@demo.middelpunt.nl), so that "Gebruikers", "Lopende aanvragen" and the
//! audit log can be tried and measured at scale (issue 6, "Scale"; `cargo xtask bench`).
//!
//! What is written, with the columns and value formats the application itself writes:
//! - orders of 1–200 users for three of the demo manager's organisations (not the ended one),
//!   some for a branch, at EH2, EH2+ or EH3, with their machtigingen and the price list's quote;
//! - `users` people with an issued means (most active; some revoked, some whose validity has
//!   passed, some expiring within 60 days), with the means' machtigingen, the used SMS codes and,
//!   for non-employees, the operator's identification;
//! - `open` open requests spread over invited, email_confirmed, mobile_verified and
//!   identification_required, from orders of the last four weeks;
//! - a few ended requests (expired, cancelled, rejected: 1% of `users`);
//! - a timeline in `request_events` for every request, and the audit log of it all.
//!
//! People are generated from Dutch first names, infixes and last names (some with accents) and
//! pass the same validation as an imported users file. The seed is deterministic for a given
//! `seed` and start time; it is written in ONE transaction, so a database either holds the whole
//! seed or none of it. No e-mail or SMS is put in the outbox, and the e-mail addresses are under
//! `.example`, so a seeded database never mails anyone.

mod generator;
mod tables;

use std::time::{Duration, Instant};

use api::RequestStatus;
use sqlx::{AnyPool, Connection};

use crate::auth::demo;
use crate::config::DatabaseUrl;
use crate::error::{BoxError, StartError};
use crate::sql::{Placeholders, statuses};
use generator::Generator;
use tables::FLUSH_REQUESTS;

/// How many users with a means, unless asked otherwise.
pub const DEFAULT_USERS: usize = 100_000;
/// How many open requests, unless asked otherwise.
pub const DEFAULT_OPEN: usize = 10_000;
/// The random generator's seed, unless asked otherwise.
pub const DEFAULT_SEED: u64 = 2026;

/// Every seeded order's idempotency key starts with this, followed by the seed's size, so that a
/// seeded database can be recognised: `seed-demo/u100000/o10000/s2026/t1764000000/17`.
pub const KEY_PREFIX: &str = "seed-demo/";

/// The invitation link's validity the seed assumes (the server's default).
pub(crate) const INVITATION_DAYS: i64 = crate::mail::templates::INVITATION_VALID_DAYS as i64;

pub(crate) const MINUTE: i64 = 60;
pub(crate) const HOUR: i64 = 60 * MINUTE;
pub(crate) const DAY: i64 = 24 * HOUR;

/// The size of the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedOptions {
    /// People with an issued means.
    pub users: usize,
    /// Open requests.
    pub open: usize,
    /// The random generator's seed.
    pub seed: u64,
}

impl Default for SeedOptions {
    fn default() -> Self {
        SeedOptions {
            users: DEFAULT_USERS,
            open: DEFAULT_OPEN,
            seed: DEFAULT_SEED,
        }
    }
}

impl SeedOptions {
    /// Ended requests (expired, cancelled, rejected) that come along: 1% of the users.
    pub fn ended(&self) -> usize {
        self.users / 100
    }

    fn key_stem(&self, now: i64) -> String {
        format!(
            "{KEY_PREFIX}u{}/o{}/s{}/t{now}/",
            self.users, self.open, self.seed
        )
    }
}

/// What a seed wrote (or, when `existing`, what the database already held), and how long it took.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// The database already held this seed: nothing was written.
    pub existing: bool,
    /// When the seed was made (unix seconds).
    pub seeded_at: i64,
    pub manager_id: i64,
    pub orders: u64,
    pub requests: u64,
    pub means: u64,
    pub active: u64,
    pub revoked: u64,
    pub validity_passed: u64,
    pub expiring_soon: u64,
    pub open: u64,
    pub open_by_status: [u64; 4],
    pub ended: u64,
    pub events: u64,
    pub authorisations: u64,
    pub sms_codes: u64,
    pub identifications: u64,
    pub audit: u64,
    pub elapsed: Duration,
}

impl SeedReport {
    /// Every row written.
    pub fn rows(&self) -> u64 {
        self.orders
            + self.requests
            + self.means
            + self.events
            + self.authorisations
            + self.sms_codes
            + self.identifications
            + self.audit
    }
}

/// Why seeding failed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the demo managers: {0}")]
    Demo(BoxError),
    #[error(
        "the database already holds a different seed ({found}); seed a fresh database \
         (remove the SQLite file) or ask for the same size"
    )]
    OtherSeed { found: String },
    #[error("the database already holds orders that are not a seed; seed a fresh database")]
    NotEmpty,
    #[error("the seed generated an invalid {what}: {detail}")]
    Generated { what: &'static str, detail: String },
}

/// Connects to `url` (creating an SQLite file when missing), runs the migrations, creates the
/// demo managers and seeds; the same start-up path as the server's.
pub async fn run(url: &DatabaseUrl, options: &SeedOptions) -> Result<SeedReport, SeedError> {
    let pool = crate::db::connect(url).await?;
    demo::seed(&pool).await.map_err(SeedError::Demo)?;
    let report = seed(&pool, options, crate::clock::unix_now()).await;
    if report.as_ref().is_ok_and(|r| !r.existing) && url.as_str().starts_with("sqlite:") {
        // Fold the WAL into the file: its size is then the database's.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&pool)
            .await?;
    }
    pool.close().await;
    report
}

/// Seeds `pool` (migrated, with the demo managers) as of `now`. A database that already holds
/// this seed (same size and generator seed) is left alone (`existing`); one holding another
/// seed, or orders of its own, is refused.
pub async fn seed(
    pool: &AnyPool,
    options: &SeedOptions,
    now: i64,
) -> Result<SeedReport, SeedError> {
    let started = Instant::now();
    let manager = demo::MANAGERS[0];
    let operator = demo::MANAGERS[2];
    let manager_id = find_manager(pool, manager.email).await?;
    let operator_id = find_manager(pool, operator.email).await?;

    let key: Option<String> = sqlx::query_scalar(
        "SELECT idempotency_key FROM orders WHERE idempotency_key LIKE $1 \
         ORDER BY created_at LIMIT 1",
    )
    .bind(format!("{KEY_PREFIX}%"))
    .fetch_optional(pool)
    .await?;
    if let Some(key) = key {
        return existing(pool, options, &key, manager_id, started).await;
    }
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(pool)
        .await?;
    if orders > 0 {
        return Err(SeedError::NotEmpty);
    }

    let mut connection = pool.acquire().await?;
    // SQLite looks a `$N` parameter up by name, scanning all names: a statement of N
    // parameters costs N² there. Its `?` parameters are bound by position.
    let placeholders = Placeholders::for_backend(connection.backend_name());
    let mut generator = Generator::new(options, now, (manager_id, operator_id), placeholders)?;
    if connection.backend_name() == "SQLite" {
        // The whole seed's indexes in memory: random keys (ids, token hashes, names) would
        // otherwise thrash the default 2 MB cache.
        sqlx::query("PRAGMA cache_size = -262144")
            .execute(&mut *connection)
            .await?;
    }
    let mut tx = connection.begin().await?;
    while generator.next_order()? {
        if generator.tables.requests.pending() >= FLUSH_REQUESTS {
            generator.tables.flush(&mut tx).await?;
        }
    }
    generator.audit_exports();
    generator.tables.flush(&mut tx).await?;
    tx.commit().await?;
    // Statistics for the query planner over the whole seed (portable: both databases have it).
    sqlx::query("ANALYZE").execute(&mut *connection).await?;
    if connection.backend_name() == "SQLite" {
        sqlx::query("PRAGMA cache_size = -2000")
            .execute(&mut *connection)
            .await?;
    }
    drop(connection);

    let mut report = generator.report;
    report.seeded_at = now;
    report.manager_id = manager_id;
    report.elapsed = started.elapsed();
    Ok(report)
}

async fn find_manager(pool: &AnyPool, email: &str) -> Result<i64, SeedError> {
    sqlx::query_scalar("SELECT id FROM managers WHERE email = $1")
        .bind(email)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| SeedError::Generated {
            what: "demo manager",
            detail: format!("{email} is missing"),
        })
}

/// The report of a seed found in the database, or why it is not the one asked for.
async fn existing(
    pool: &AnyPool,
    options: &SeedOptions,
    key: &str,
    manager_id: i64,
    started: Instant,
) -> Result<SeedReport, SeedError> {
    let seeded_at = key
        .split('/')
        .find_map(|part| part.strip_prefix('t')?.parse::<i64>().ok())
        .unwrap_or_default();
    if !key.starts_with(&options.key_stem(seeded_at)) {
        return Err(SeedError::OtherSeed {
            found: key
                .rsplit_once('/')
                .map_or(key, |(stem, _)| stem)
                .to_owned(),
        });
    }
    let count = |sql: &str| {
        let sql = sql.to_owned();
        async move {
            sqlx::query_scalar::<_, i64>(&sql)
                .fetch_one(pool)
                .await
                .map(|n| n as u64)
        }
    };
    Ok(SeedReport {
        existing: true,
        seeded_at,
        manager_id,
        orders: count("SELECT COUNT(*) FROM orders").await?,
        requests: count("SELECT COUNT(*) FROM requests").await?,
        means: count("SELECT COUNT(*) FROM means").await?,
        open: count(&format!(
            "SELECT COUNT(*) FROM requests WHERE status IN {}",
            statuses(RequestStatus::OPEN)
        ))
        .await?,
        events: count("SELECT COUNT(*) FROM request_events").await?,
        authorisations: count("SELECT COUNT(*) FROM means_authorisations").await?,
        sms_codes: count("SELECT COUNT(*) FROM sms_codes").await?,
        identifications: count("SELECT COUNT(*) FROM identifications").await?,
        audit: count("SELECT COUNT(*) FROM audit_log").await?,
        elapsed: started.elapsed(),
        ..SeedReport::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn memory_pool() -> AnyPool {
        let pool = crate::db::connect(&DatabaseUrl::parse("sqlite::memory:").unwrap())
            .await
            .unwrap();
        demo::seed(&pool).await.unwrap();
        pool
    }

    async fn count(pool: &AnyPool, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
    }

    #[test]
    fn people_pass_the_users_file_validation() {
        let options = SeedOptions {
            users: 0,
            open: 0,
            seed: 7,
        };
        let mut generator =
            Generator::new(&options, 1_764_000_000, (1, 3), Placeholders::Numbered).unwrap();
        for i in 0..5_000 {
            let user = generator.person(i % 3, i % 4 != 0).unwrap();
            assert!(user.email.as_str().ends_with(".example"), "{user:?}");
            assert!(user.mobile.as_str().starts_with("+316"), "{user:?}");
        }
        let accented = generator.emails.iter().filter(|e| !e.is_ascii()).count();
        assert_eq!(accented, 0, "e-mail addresses are plain ASCII");
    }

    #[tokio::test]
    async fn a_small_seed_is_complete_and_consistent() {
        let pool = memory_pool().await;
        let options = SeedOptions {
            users: 600,
            open: 150,
            seed: 11,
        };
        let now = 1_764_000_000;
        let report = seed(&pool, &options, now).await.unwrap();
        assert!(!report.existing);
        assert_eq!(report.means, 600);
        assert_eq!(report.open, 150);
        assert_eq!(report.ended, 6);
        assert_eq!(report.requests, 756);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM means").await, 600);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM requests").await, 756);
        assert_eq!(
            count(
                &pool,
                &format!(
                    "SELECT COUNT(*) FROM requests WHERE status IN {}",
                    statuses(RequestStatus::OPEN)
                )
            )
            .await,
            150
        );
        for status in RequestStatus::OPEN {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM requests WHERE status = $1")
                .bind(status.as_str())
                .fetch_one(&pool)
                .await
                .unwrap();
            assert!(n > 0, "no request {}", status.as_str());
        }
        assert!(report.revoked > 0 && report.validity_passed > 0 && report.expiring_soon > 0);
        // Every request starts with its invitation and ends at last_event_at.
        assert_eq!(
            count(
                &pool,
                "SELECT COUNT(*) FROM requests r WHERE last_event_at IS NOT \
                 (SELECT MAX(at) FROM request_events e WHERE e.request_id = r.id) \
                 OR created_at IS NOT \
                 (SELECT MIN(at) FROM request_events e WHERE e.request_id = r.id)"
            )
            .await,
            0
        );
        // Issued requests have their means; nothing happens after the seed's time.
        assert_eq!(
            count(
                &pool,
                &format!(
                    "SELECT COUNT(*) FROM requests r LEFT JOIN means m ON m.request_id = r.id \
                     WHERE (r.status = '{}') <> (m.id IS NOT NULL)",
                    RequestStatus::Issued
                )
            )
            .await,
            0
        );
        assert_eq!(
            count(
                &pool,
                "SELECT COUNT(*) FROM request_events WHERE at > 1764000000"
            )
            .await,
            0
        );
        // Open links still work for at least two days.
        assert_eq!(
            count(
                &pool,
                &format!(
                    "SELECT COUNT(*) FROM requests WHERE status IN {} \
                     AND token_expires_at < 1764000000 + 2 * {}",
                    statuses(RequestStatus::BEFORE_ORDER),
                    domain::SECONDS_PER_DAY
                )
            )
            .await,
            0
        );
        let fk: Vec<sqlx::any::AnyRow> = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert!(fk.is_empty());
        let (first, infix, last, email, sort_name, search_text): (
            String,
            String,
            String,
            String,
            String,
            String,
        ) = sqlx::query_as(
            "SELECT first_names, infix, last_name, email, sort_name, search_text FROM requests \
             WHERE infix <> '' LIMIT 1",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(sort_name, domain::user::sort_name(&first, &infix, &last));
        assert_eq!(
            search_text,
            domain::user::search_text(&first, &infix, &last, &email)
        );

        // The same seed again is recognised; another size is refused.
        let again = seed(&pool, &options, now + 10).await.unwrap();
        assert!(again.existing);
        assert_eq!(again.means, 600);
        let other = SeedOptions {
            users: 601,
            ..options
        };
        assert!(matches!(
            seed(&pool, &other, now).await,
            Err(SeedError::OtherSeed { .. })
        ));
    }
}
