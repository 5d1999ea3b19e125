//! The same code on PostgreSQL, the database for several instances. Needs a server:
//!
//! ```text
//! MIDDELPUNT_TEST_POSTGRES_URL=postgres://USER@127.0.0.1:5432/DB \
//!     cargo test -p middelpunt-server --test api -- --ignored postgres
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use middelpunt_server::rate_limit::{self, Decision};
use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{TestApp, spawn_on};

const URL_VAR: &str = "MIDDELPUNT_TEST_POSTGRES_URL";

async fn spawn_postgres() -> TestApp {
    let url = std::env::var(URL_VAR)
        .unwrap_or_else(|_| panic!("set {URL_VAR} to a PostgreSQL database for this test"));
    spawn_on(&url).await
}

/// A key no earlier run used: the database outlives the test.
fn fresh_key(name: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("test:{name}:{nanos}")
}

#[tokio::test]
#[ignore = "needs MIDDELPUNT_TEST_POSTGRES_URL"]
async fn postgres_migrates_answers_health_and_rate_limits() {
    let app = spawn_postgres().await;
    assert!(
        !app.database_path().exists(),
        "no SQLite file on PostgreSQL"
    );

    // Ready once the outbox worker went round (it claims with `FOR UPDATE SKIP LOCKED` here).
    let mut body = Value::Null;
    for _ in 0..100 {
        body = app
            .get("/api/v1/health/ready")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if body["status"] == "ready" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(body["database"], json!("ok"));
    assert_eq!(body["migrations"], json!("ok"));
    assert_eq!(body["status"], json!("ready"), "{body}");

    let pool = &app.state.db;
    let table: String = sqlx::query(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_name = $1",
    )
    .bind("rate_limits")
    .fetch_one(pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    assert_eq!(table, "rate_limits");

    let key = fresh_key("sequential");
    let now = 1_800_000_030;
    for remaining in [1, 0] {
        assert_eq!(
            rate_limit::hit_at(pool, &key, 60, 2, now).await.unwrap(),
            Decision::Allowed { remaining }
        );
    }
    assert_eq!(
        rate_limit::hit_at(pool, &key, 60, 2, now).await.unwrap(),
        Decision::Limited { retry_after: 30 }
    );

    let key = fresh_key("concurrent");
    let hits = (0..20).map(|_| {
        let (pool, key) = (pool.clone(), key.clone());
        tokio::spawn(async move { rate_limit::hit_at(&pool, &key, 3600, 7, now).await.unwrap() })
    });
    let mut allowed = 0;
    for hit in hits {
        if let Decision::Allowed { .. } = hit.await.unwrap() {
            allowed += 1;
        }
    }
    assert_eq!(allowed, 7);

    let far_future = now + 10 * i64::from(rate_limit::MAX_WINDOW_SECS);
    assert!(rate_limit::purge_expired(pool, far_future).await.unwrap() >= 2);
}
