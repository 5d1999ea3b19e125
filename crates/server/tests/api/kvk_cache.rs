//! KvK's answers kept in the database: the wizard's lookups and the order's own check cost one
//! paid call per organisation within `MIDDELPUNT_KVK_CACHE_TTL`, shared by every instance.

use crate::fake_kvk::{self, API_KEY, FakeKvk};
use crate::helpers::{DEMO_MANAGER, TestApp, log_in, spawn_with_vars};
use crate::orders::{order, place};

const PROFILE: &str = "/v1/basisprofielen/68750110";

/// An instance on `database` asking the fake KvK, with these extra variables.
async fn instance(fake: &FakeKvk, database: &str, extra: &[(&'static str, &str)]) -> TestApp {
    let mut vars = vec![
        ("MIDDELPUNT_DEMO", "true"),
        ("MIDDELPUNT_KVK", "api"),
        ("MIDDELPUNT_KVK_BASE_URL", fake.base_url.as_str()),
        ("MIDDELPUNT_KVK_API_KEY", API_KEY),
        ("MIDDELPUNT_DATABASE_URL", database),
    ];
    vars.extend_from_slice(extra);
    spawn_with_vars(&vars).await
}

/// Looks 68750110 up as the wizard does; the status.
async fn look_up(app: &TestApp) -> u16 {
    let manager = log_in(app, DEMO_MANAGER).await;
    app.get("/api/v1/organisations/68750110")
        .header("cookie", manager.cookie)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn profile_calls(fake: &FakeKvk) -> usize {
    fake.paths().iter().filter(|path| *path == PROFILE).count()
}

#[tokio::test]
async fn an_order_costs_one_paid_call_within_the_cache_time_on_every_instance() {
    let fake = fake_kvk::start().await;
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("gedeeld.db").display());
    let first = instance(&fake, &database, &[]).await;

    // The wizard's steps 2, 3 and 6, then the order, which the server checks again.
    for _ in 0..3 {
        assert_eq!(look_up(&first).await, 200);
    }
    let manager = log_in(&first, DEMO_MANAGER).await;
    let (status, body) = place(&first, &manager, "kvk-cache-order-1", &order()).await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{body}");
    assert_eq!(profile_calls(&fake), 1, "{:?}", fake.paths());
    assert_eq!(fake.paths().len(), 2, "the profile and the branch list");

    // A second instance on the same database reuses the answer.
    let second = instance(&fake, &database, &[]).await;
    assert_eq!(look_up(&second).await, 200);
    assert_eq!(profile_calls(&fake), 1);

    // Past the cache time KvK is asked again.
    sqlx::query("UPDATE kvk_cache SET fetched_at = fetched_at - 86401")
        .execute(&second.state.db)
        .await
        .unwrap();
    assert_eq!(look_up(&second).await, 200);
    assert_eq!(profile_calls(&fake), 2);
}

#[tokio::test]
async fn unknown_numbers_outages_and_a_cache_time_of_zero_ask_kvk_every_time() {
    let fake = fake_kvk::start().await;
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("geen.db").display());
    let app = instance(&fake, &database, &[("MIDDELPUNT_KVK_CACHE_TTL", "0")]).await;
    for _ in 0..2 {
        assert_eq!(look_up(&app).await, 200);
    }
    assert_eq!(profile_calls(&fake), 2);

    let cached = instance(&fake, &database, &[]).await;
    let manager = log_in(&cached, DEMO_MANAGER).await;
    // Unknown (one call each) and down (a 500: three calls each, two of them tries again).
    for (number, calls) in [("12345678", 1), ("90002903", 3)] {
        for _ in 0..2 {
            let status = cached
                .get(&format!("/api/v1/organisations/{number}"))
                .header("cookie", &manager.cookie)
                .send()
                .await
                .unwrap()
                .status();
            assert!(status == 404 || status == 503, "{number}: {status}");
        }
        let asked = fake
            .paths()
            .iter()
            .filter(|path| **path == format!("/v1/basisprofielen/{number}"))
            .count();
        assert_eq!(asked, 2 * calls, "{number} is asked again");
    }
}
