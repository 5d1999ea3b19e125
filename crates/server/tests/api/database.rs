//! The database: migrations, SQLite settings and the shared rate limiter.

use middelpunt_server::rate_limit::{self, Decision};
use middelpunt_server::{ApiError, Config, db};
use sqlx::{AnyPool, Row};

use crate::helpers::spawn;

async fn text(pool: &AnyPool, sql: &str) -> String {
    let row = sqlx::query(sql).fetch_one(pool).await.unwrap();
    row.try_get::<String, _>(0)
        .or_else(|_| row.try_get::<i64, _>(0).map(|n| n.to_string()))
        .unwrap()
}

#[tokio::test]
async fn start_creates_the_sqlite_file_and_runs_the_migrations() {
    let app = spawn().await;
    assert!(app.database_path().is_file());
    let pool = &app.state.db;
    assert_eq!(
        text(
            pool,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'rate_limits'"
        )
        .await,
        "rate_limits"
    );
    let columns: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info('rate_limits')")
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get(0).unwrap())
        .collect();
    assert_eq!(columns, ["key", "window_start", "count"]);
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout() {
    let app = spawn().await;
    let pool = &app.state.db;
    assert_eq!(text(pool, "PRAGMA journal_mode").await, "wal");
    assert_eq!(text(pool, "PRAGMA foreign_keys").await, "1");
    assert_eq!(text(pool, "PRAGMA busy_timeout").await, "5000");
}

#[tokio::test]
async fn starting_twice_on_the_same_database_is_fine() {
    let app = spawn().await;
    let url = format!("sqlite://{}", app.database_path().display());
    let config = Config::from_lookup(|var| match var {
        "MIDDELPUNT_DATABASE_URL" => Some(url.clone()),
        "MIDDELPUNT_DEV_MAILBOX" => Some("true".to_owned()),
        _ => None,
    })
    .unwrap();
    let again = db::connect(&config.database_url).await.unwrap();
    assert_eq!(text(&again, "SELECT COUNT(*) FROM rate_limits").await, "0");
}

#[tokio::test]
async fn rate_limit_allows_max_hits_per_window_then_limits() {
    let app = spawn().await;
    let pool = &app.state.db;
    let now = 1_800_000_030; // 30 s into a 60-second window.
    for remaining in [2, 1, 0] {
        assert_eq!(
            rate_limit::hit_at(pool, "sms:0612345678", 60, 3, now)
                .await
                .unwrap(),
            Decision::Allowed { remaining }
        );
    }
    let limited = rate_limit::hit_at(pool, "sms:0612345678", 60, 3, now + 5)
        .await
        .unwrap();
    assert_eq!(limited, Decision::Limited { retry_after: 25 });
    assert!(matches!(
        limited.check(),
        Err(ApiError::TooManyRequests { retry_after: 25 })
    ));

    // Other keys count on their own; the next window starts afresh.
    assert!(matches!(
        rate_limit::hit_at(pool, "sms:0687654321", 60, 3, now)
            .await
            .unwrap(),
        Decision::Allowed { remaining: 2 }
    ));
    assert!(matches!(
        rate_limit::hit_at(pool, "sms:0612345678", 60, 3, now + 30)
            .await
            .unwrap(),
        Decision::Allowed { remaining: 2 }
    ));

    // With the real clock: one hit, so that it cannot straddle two windows.
    assert!(matches!(
        rate_limit::hit(pool, "login:x", 60, 0).await.unwrap(),
        Decision::Limited {
            retry_after: 1..=60
        }
    ));
}

#[tokio::test]
async fn rate_limit_counts_concurrent_hits_exactly() {
    let app = spawn().await;
    let hits = (0..20).map(|_| {
        let pool = app.state.db.clone();
        tokio::spawn(async move {
            rate_limit::hit_at(&pool, "import:org-1", 3600, 7, 1_800_000_000)
                .await
                .unwrap()
        })
    });
    let mut allowed = 0;
    for hit in hits {
        if let Decision::Allowed { .. } = hit.await.unwrap() {
            allowed += 1;
        }
    }
    assert_eq!(allowed, 7);
}

#[tokio::test]
async fn expired_counters_are_purged() {
    let app = spawn().await;
    let pool = &app.state.db;
    let day = i64::from(rate_limit::MAX_WINDOW_SECS);
    let now = 1_800_000_000;
    rate_limit::hit_at(pool, "old", 60, 5, now - day - 120)
        .await
        .unwrap();
    rate_limit::hit_at(pool, "recent", 60, 5, now - 30)
        .await
        .unwrap();
    assert_eq!(rate_limit::purge_expired(pool, now).await.unwrap(), 1);
    assert_eq!(text(pool, "SELECT key FROM rate_limits").await, "recent");
}

/// Two transactions that each read, then write, while the other commits in between: the
/// pattern of most business changes here, with the outbox worker as the other writer. A
/// deferred SQLite transaction fails its write at once (`database is locked`, no timeout
/// retries it: its snapshot is stale); `db::begin_write` waits for the lock instead.
#[tokio::test]
#[allow(
    clippy::disallowed_methods,
    reason = "shows the deferred transaction's failure"
)]
async fn a_transaction_that_reads_then_writes_waits_for_another_writer_instead_of_failing() {
    let app = spawn().await;
    let pool = &app.state.db;
    // A table of its own: the server's sweeps purge old rate-limit counters meanwhile.
    sqlx::query("CREATE TABLE lock_probe (name TEXT NOT NULL)")
        .execute(pool)
        .await
        .unwrap();
    let count = "SELECT COUNT(*) FROM lock_probe";
    let insert = "INSERT INTO lock_probe (name) VALUES ($1)";

    // The failure this guards against, shown with a deferred transaction.
    let mut stale = pool.begin().await.unwrap();
    sqlx::query(count).fetch_one(&mut *stale).await.unwrap();
    sqlx::query(insert)
        .bind("other")
        .execute(pool)
        .await
        .unwrap();
    let refused = sqlx::query(insert).bind("stale").execute(&mut *stale).await;
    assert!(
        refused.unwrap_err().to_string().contains("locked"),
        "a deferred transaction's write after another commit fails"
    );
    drop(stale);

    let first = db::begin_write(pool).await.unwrap();
    let second = tokio::spawn({
        let pool = pool.clone();
        async move {
            let mut tx = db::begin_write(&pool).await.unwrap();
            let seen = sqlx::query(count).fetch_one(&mut *tx).await.unwrap();
            sqlx::query(insert)
                .bind("second")
                .execute(&mut *tx)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            seen.try_get::<i64, _>(0).unwrap()
        }
    });
    let mut first = first;
    sqlx::query(count).fetch_one(&mut *first).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    sqlx::query(insert)
        .bind("first")
        .execute(&mut *first)
        .await
        .unwrap();
    first.commit().await.unwrap();
    assert_eq!(
        second.await.unwrap(),
        2,
        "the second transaction began after the first committed, so it read its row"
    );
    assert_eq!(text(pool, count).await, "3");
}
