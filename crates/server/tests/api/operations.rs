//! Running as a service: the client's address through trusted proxies, request ids, liveness
//! and readiness, and the Prometheus metrics on their own listener.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{DEMO_MANAGER, DEMO_PASSWORD, client_from, spawn, spawn_with_vars};

/// The proxy of these tests: connections from 127.0.0.5 (all of 127/8 is this machine).
const PROXY: u8 = 5;

async fn log_in_via(
    app_url: &str,
    from: u8,
    headers: &[(&str, &str)],
    password: &str,
) -> reqwest::Response {
    let mut request = client_from(from)
        .post(format!("{app_url}/api/v1/session"))
        .json(&json!({ "email": DEMO_MANAGER, "password": password }));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn an_untrusted_peers_forwarding_headers_are_ignored() {
    let app = spawn_with_vars(&[
        ("MIDDELPUNT_DEMO", "true"),
        ("MIDDELPUNT_TRUSTED_PROXIES", "127.0.0.5"),
    ])
    .await;
    // Five wrong passwords from 127.0.0.9, each claiming another client address: had the
    // claims been believed, five addresses would have one failure each and none would wait.
    for n in 1..=5 {
        let spoofed = format!("203.0.113.{n}");
        let response = log_in_via(
            &app.url,
            9,
            &[
                ("x-forwarded-for", spoofed.as_str()),
                ("forwarded", &format!("for={spoofed}")),
            ],
            "fout",
        )
        .await;
        assert!(
            [StatusCode::UNAUTHORIZED, StatusCode::LOCKED].contains(&response.status()),
            "attempt {n}: {}",
            response.status()
        );
    }
    let response = log_in_via(
        &app.url,
        9,
        &[("x-forwarded-for", "203.0.113.77")],
        DEMO_PASSWORD,
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::LOCKED,
        "the peer itself waits"
    );
}

#[tokio::test]
async fn a_trusted_proxy_names_each_client_so_one_guesser_blocks_nobody_else() {
    let app = spawn_with_vars(&[
        ("MIDDELPUNT_DEMO", "true"),
        ("MIDDELPUNT_TRUSTED_PROXIES", "127.0.0.5"),
    ])
    .await;
    let guesser = [("x-forwarded-for", "198.51.100.1")];
    for _ in 1..=5 {
        log_in_via(&app.url, PROXY, &guesser, "fout").await;
    }
    let response = log_in_via(&app.url, PROXY, &guesser, DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::LOCKED, "the guesser waits");
    // Another client behind the same proxy signs in; so does one named by `Forwarded`.
    let other = log_in_via(
        &app.url,
        PROXY,
        &[("x-forwarded-for", "198.51.100.2")],
        DEMO_PASSWORD,
    )
    .await;
    assert_eq!(other.status(), StatusCode::OK);
    let third = log_in_via(
        &app.url,
        PROXY,
        &[("forwarded", "for=\"[2001:db8::7]:4711\";proto=https")],
        DEMO_PASSWORD,
    )
    .await;
    assert_eq!(third.status(), StatusCode::OK);
    // What the client put in front of the chain is not believed: the proxy's entry counts.
    let prefixed = log_in_via(
        &app.url,
        PROXY,
        &[("x-forwarded-for", "198.51.100.99, 198.51.100.1")],
        DEMO_PASSWORD,
    )
    .await;
    assert_eq!(prefixed.status(), StatusCode::LOCKED);
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_errors_quote_it() {
    let app = spawn_with_vars(&[("MIDDELPUNT_TRUSTED_PROXIES", "127.0.0.5")]).await;
    let from = |last: u8, id: &str| {
        client_from(last)
            .get(format!("{}/api/v1/no-such-thing", app.url))
            .header("x-request-id", id)
            .send()
    };
    // A trusted proxy's id is kept, in the header and in the error body.
    let response = from(PROXY, "haproxy-7f3a:01").await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()["x-request-id"], "haproxy-7f3a:01");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["request_id"], "haproxy-7f3a:01");
    // Anyone else's is replaced by the server's own, different each time.
    let response = from(9, "chosen-by-the-client").await.unwrap();
    let made = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(made, "chosen-by-the-client");
    assert_eq!(made.len(), 32);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["request_id"], made.as_str());
    let again = from(9, "x").await.unwrap();
    assert_ne!(again.headers()["x-request-id"].to_str().unwrap(), made);
    // A malformed id from the proxy is replaced too.
    let response = from(PROXY, "two words").await.unwrap();
    assert_ne!(response.headers()["x-request-id"], "two words");
    // Successful answers carry it as well.
    let health = app.get("/api/v1/health").send().await.unwrap();
    assert!(health.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn liveness_answers_while_readiness_follows_the_database_and_the_drain() {
    let app = spawn().await;
    let ready = wait_ready(&app.url).await;
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["database"], "ok");
    assert_eq!(ready["migrations"], "ok");
    assert_eq!(ready["outbox_worker"], "ok");
    assert_eq!(ready["draining"], false);
    // The development mailbox has no server to check.
    assert_eq!(ready["mail"], "unknown");

    app.state.readiness.start_draining();
    let response = app.get("/api/v1/health/ready").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "not_ready");
    assert_eq!(body["draining"], true);

    app.state.db.close().await;
    let response = app.get("/api/v1/health/ready").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["database"], "unavailable");
    assert_eq!(body["migrations"], "unknown");
    let live = app.get("/api/v1/health").send().await.unwrap();
    assert_eq!(live.status(), StatusCode::OK);
    assert_eq!(
        live.json::<Value>().await.unwrap(),
        json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")})
    );
}

/// Readiness once the outbox worker has gone round its loop (it starts with the server).
async fn wait_ready(url: &str) -> Value {
    for _ in 0..100 {
        let response = reqwest::get(format!("{url}/api/v1/health/ready"))
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        if status == StatusCode::OK {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not become ready within 5 s");
}

/// A free port on 127.0.0.1 (free when asked; the server binds it right after).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The value of the sample `name{labels}` in Prometheus text, labels in any order.
fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find(|line| {
            let (series, _) = line.rsplit_once(' ').unwrap_or((line, ""));
            let series_name = series.split('{').next().unwrap_or(series);
            series_name == name
                && labels
                    .iter()
                    .all(|(key, value)| series.contains(&format!("{key}=\"{value}\"")))
        })
        .and_then(|line| line.rsplit_once(' ')?.1.parse().ok())
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address_with_every_family() {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let app = spawn_with_vars(&[
        ("MIDDELPUNT_DEMO", "true"),
        ("MIDDELPUNT_METRICS_LISTEN", &listen),
    ])
    .await;
    // Some traffic: a failed and a good sign-in, a page, an unknown API path, an order.
    log_in_via(&app.url, 1, &[], "fout").await;
    let signed_in = crate::helpers::log_in(&app, DEMO_MANAGER).await;
    app.get("/").send().await.unwrap();
    app.get("/api/v1/nope").send().await.unwrap();
    let (status, _) =
        crate::orders::place(&app, &signed_in, "metrics-order", &crate::orders::order()).await;
    assert_eq!(status, StatusCode::CREATED);
    // The public address does not serve them.
    let public = app.get("/metrics").send().await.unwrap();
    assert_ne!(
        public
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap()),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );

    let mut text = String::new();
    // The invitations go out through the worker; wait until the deliveries are counted.
    for _ in 0..100 {
        text = reqwest::get(format!("http://{listen}/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if sample(
            &text,
            "middelpunt_outbox_deliveries_total",
            &[("kind", "email"), ("outcome", "sent")],
        )
        .is_some_and(|sent| sent >= 1.0)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let at_least = |name: &str, labels: &[(&str, &str)], min: f64| {
        let value = sample(&text, name, labels)
            .unwrap_or_else(|| panic!("{name} {labels:?} missing in:\n{text}"));
        assert!(
            value >= min,
            "{name} {labels:?} = {value}, expected ≥ {min}"
        );
    };
    at_least(
        "middelpunt_http_requests_total",
        &[
            ("route", "/api/v1/session"),
            ("method", "POST"),
            ("status", "401"),
        ],
        1.0,
    );
    at_least(
        "middelpunt_http_requests_total",
        &[
            ("route", "/api/v1/orders"),
            ("method", "POST"),
            ("status", "201"),
        ],
        1.0,
    );
    at_least(
        "middelpunt_http_requests_total",
        &[("route", "spa"), ("method", "GET"), ("status", "200")],
        1.0,
    );
    at_least(
        "middelpunt_http_requests_total",
        &[("route", "unmatched"), ("status", "404")],
        1.0,
    );
    at_least(
        "middelpunt_http_request_duration_seconds_count",
        &[("route", "/api/v1/session"), ("method", "POST")],
        2.0,
    );
    at_least(
        "middelpunt_sign_ins_total",
        &[("method", "password"), ("outcome", "success")],
        1.0,
    );
    at_least(
        "middelpunt_sign_ins_total",
        &[("method", "password"), ("outcome", "invalid_credentials")],
        1.0,
    );
    at_least("middelpunt_orders_placed_total", &[], 1.0);
    at_least("middelpunt_users_ordered_total", &[], 1.0);
    at_least(
        "middelpunt_outbox_deliveries_total",
        &[("kind", "email"), ("outcome", "sent")],
        1.0,
    );
    at_least("middelpunt_outbox_queued", &[("kind", "email")], 0.0);
    at_least(
        "middelpunt_outbox_oldest_due_age_seconds",
        &[("kind", "sms")],
        0.0,
    );
    at_least("middelpunt_db_pool_connections", &[("state", "idle")], 0.0);
    at_least(
        "middelpunt_db_pool_connections",
        &[("state", "in_use")],
        0.0,
    );
    at_least("middelpunt_db_pool_acquire_seconds_count", &[], 1.0);
    assert!(
        text.contains("# TYPE middelpunt_http_request_duration_seconds histogram"),
        "{text}"
    );
}

#[tokio::test]
async fn the_database_pool_has_the_configured_size() {
    let app = spawn_with_vars(&[("MIDDELPUNT_DATABASE_MAX_CONNECTIONS", "3")]).await;
    assert_eq!(app.state.db.options().get_max_connections(), 3);
    let app = spawn().await;
    assert_eq!(app.state.db.options().get_max_connections(), 10);
}
