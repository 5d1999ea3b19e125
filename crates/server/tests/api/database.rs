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
