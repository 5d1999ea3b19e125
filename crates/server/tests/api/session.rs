//! The manager's account: login, "who am I", logout, lockout, CSRF and the demo managers.

use middelpunt_server::auth::{self, demo, session};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use sqlx::{AnyPool, Row};

use crate::helpers::{TestApp, client_from, retry_after, spawn, spawn_with_vars};

const EMAIL: &str = "beheerder@demo.middelpunt.nl";
const PASSWORD: &str = "Middelpunt-demo-2026";

async fn demo_app() -> TestApp {
    spawn_with_vars(&[("MIDDELPUNT_DEMO", "true")]).await
}

async fn log_in(app: &TestApp, email: &str, password: &str) -> Response {
    app.client
        .post(format!("{}/api/v1/session", app.url))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
}

/// Logs in as the demo manager; answers the session token (from the cookie) and the CSRF token.
async fn logged_in(app: &TestApp) -> (String, String) {
    let response = log_in(app, EMAIL, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let token = session_cookie(&response).expect("a session cookie");
    let body: Value = response.json().await.unwrap();
    (token, body["csrf_token"].as_str().unwrap().to_owned())
}

fn set_cookie(response: &Response) -> String {
    response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned()
}

/// The token in `Set-Cookie: middelpunt_session=…`, if not empty.
fn session_cookie(response: &Response) -> Option<String> {
    let header = response.headers().get("set-cookie")?.to_str().unwrap();
    let value = header
        .strip_prefix("middelpunt_session=")?
        .split(';')
        .next()?;
    (!value.is_empty()).then(|| value.to_owned())
}

fn get_session(app: &TestApp, token: &str) -> reqwest::RequestBuilder {
    app.get("/api/v1/session")
        .header("cookie", format!("middelpunt_session={token}"))
}

/// Whether "who am I" with this token answers a manager.
async fn opens_a_session(app: &TestApp, token: &str) -> bool {
    let response = get_session(app, token).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    !body["manager"].is_null()
}

fn delete_session(app: &TestApp, token: &str) -> reqwest::RequestBuilder {
    app.client
        .delete(format!("{}/api/v1/session", app.url))
        .header("cookie", format!("middelpunt_session={token}"))
}

/// The status and the body of an error answer, without its request id (which differs every
/// time and is checked to match the `X-Request-Id` header).
async fn error(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let header = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let mut body: Value = response.json().await.unwrap();
    let id = body
        .as_object_mut()
        .and_then(|body| body.remove("request_id"));
    assert_eq!(id, Some(Value::String(header)));
    (status, body)
}

async fn int(pool: &AnyPool, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

async fn execute(pool: &AnyPool, sql: &str) {
    sqlx::query(sql).execute(pool).await.unwrap();
}

#[tokio::test]
async fn login_sets_an_http_only_strict_cookie_and_answers_the_manager() {
    let app = demo_app().await;
    let response = log_in(&app, " Beheerder@Demo.Middelpunt.nl ", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let cookie = set_cookie(&response);
    let token = session_cookie(&response).unwrap();
    assert_eq!(
        cookie,
        format!("middelpunt_session={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=28800")
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["manager"],
        json!({
            "email": EMAIL,
            "name": "Bea Beheerder",
            "level": "EH3",
            "organisations": ["68750110", "69599068", "69599084", "96354429"],
            "roles": ["manager"],
        })
    );
    let csrf = body["csrf_token"].as_str().unwrap();
    assert!(csrf.len() >= 43, "{csrf}");
    assert_ne!(csrf, token);

    // Only the token's SHA-256 is stored.
    let pool = &app.state.db;
    let stored: String = sqlx::query("SELECT token_hash FROM sessions")
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(stored, session::hash_token(&token));
    assert_ne!(stored, token);
}

#[tokio::test]
async fn the_cookie_is_secure_when_served_over_https() {
    let app = spawn_with_vars(&[
        ("MIDDELPUNT_DEMO", "true"),
        ("MIDDELPUNT_PUBLIC_URL", "https://middelpunt.example.nl"),
    ])
    .await;
    let response = log_in(&app, EMAIL, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(set_cookie(&response).ends_with("; Secure"));
}

#[tokio::test]
async fn a_wrong_password_is_refused_in_the_requests_language() {
    let app = demo_app().await;
    let (status, body) = error(log_in(&app, EMAIL, "fout").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!({
            "code": "invalid_credentials",
            "message": "E-mailadres of wachtwoord klopt niet.",
            "messages": {
                "nl": "E-mailadres of wachtwoord klopt niet.",
                "en": "E-mail address or password is incorrect.",
            },
        })
    );

    let response = app
        .client
        .post(format!("{}/api/v1/session", app.url))
        .header("accept-language", "en-GB,en;q=0.9")
        .json(&json!({ "email": EMAIL, "password": "wrong" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-language"], "en");
    assert!(response.headers().get("set-cookie").is_none());
    let (status, body) = error(response).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["message"], "E-mail address or password is incorrect.");
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_as_a_wrong_password() {
    let app = demo_app().await;
    let wrong_password = error(log_in(&app, EMAIL, "fout").await).await;
    let unknown = error(log_in(&app, "niemand@example.nl", PASSWORD).await).await;
    assert_eq!(unknown, wrong_password);
    let empty = error(log_in(&app, "", "").await).await;
    assert_eq!(empty, wrong_password);
}

/// A login from 127.0.0.`last`: another network address on this machine.
async fn log_in_from(app: &TestApp, last: u8, email: &str, password: &str) -> Response {
    client_from(last)
        .post(format!("{}/api/v1/session", app.url))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn five_failures_make_that_address_wait_longer_each_time_while_others_sign_in() {
    let app = demo_app().await;
    let guesser = 9;
    for attempt in 1..=4 {
        let (status, body) = error(log_in_from(&app, guesser, EMAIL, "fout").await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
        assert_eq!(body["code"], "invalid_credentials");
    }
    let (status, body) = error(log_in_from(&app, guesser, EMAIL, "fout").await).await;
    assert_eq!(status, StatusCode::LOCKED);
    assert_eq!(body["code"], "account_locked");

    // Even the right password waits at that address, unchecked…
    let response = log_in_from(&app, guesser, EMAIL, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::LOCKED);
    assert!(response.headers().get("set-cookie").is_none());
    let wait = retry_after(response.headers());
    assert!((55..=60).contains(&wait), "{wait}");
    let body: Value = response.json().await.unwrap();
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("vanaf deze verbinding") && message.contains("over 1 minuut"),
        "{message}"
    );
    assert_eq!(body["details"]["retry_after_seconds"], wait);

    // …but the manager on their own connection is not kept out.
    assert_eq!(
        log_in_from(&app, 10, EMAIL, PASSWORD).await.status(),
        StatusCode::OK
    );

    // After the wait, the next failure waits twice as long.
    let pool = &app.state.db;
    execute(
        pool,
        "UPDATE login_throttles SET locked_until = locked_until - 61",
    )
    .await;
    let response = log_in_from(&app, guesser, EMAIL, "fout").await;
    assert_eq!(response.status(), StatusCode::LOCKED);
    let wait = retry_after(response.headers());
    assert!((115..=120).contains(&wait), "{wait}");

    // The right password after the wait starts afresh.
    execute(
        pool,
        "UPDATE login_throttles SET locked_until = locked_until - 121",
    )
    .await;
    assert_eq!(
        log_in_from(&app, guesser, EMAIL, PASSWORD).await.status(),
        StatusCode::OK
    );
    assert_eq!(int(pool, "SELECT COUNT(*) FROM login_throttles").await, 0);
    assert_eq!(
        log_in_from(&app, guesser, EMAIL, "fout").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // The manager's audit log holds every sign-in, failure and refused wait, with the address.
    let (token, _) = logged_in(&app).await;
    let audit = app
        .get("/api/v1/audit?per_page=200")
        .header("cookie", format!("middelpunt_session={token}"))
        .send()
        .await
        .unwrap();
    let entries: Value = audit.json().await.unwrap();
    let count = |action: &str, address: &str| {
        entries["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == action && e["subject"] == address)
            .count()
    };
    assert_eq!(count("sign_in_failed", "127.0.0.9"), 7, "{entries}");
    assert_eq!(count("sign_in_waited", "127.0.0.9"), 1, "{entries}");
    assert_eq!(count("signed_in", "127.0.0.9"), 1, "{entries}");
    assert_eq!(count("signed_in", "127.0.0.10"), 1, "{entries}");
}

#[tokio::test]
async fn a_successful_login_resets_the_count_of_failures() {
    let app = demo_app().await;
    for _ in 0..4 {
        log_in(&app, EMAIL, "fout").await;
    }
    assert_eq!(log_in(&app, EMAIL, PASSWORD).await.status(), StatusCode::OK);
    for _ in 0..4 {
        assert_eq!(
            log_in(&app, EMAIL, "fout").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn unknown_addresses_wait_like_accounts_so_a_wait_reveals_nothing() {
    let app = demo_app().await;
    let mut answers = Vec::new();
    for _ in 0..6 {
        let response = log_in(&app, "niemand@example.nl", "fout").await;
        answers.push(response.status());
    }
    assert_eq!(&answers[..4], &[StatusCode::UNAUTHORIZED; 4]);
    assert_eq!(&answers[4..], &[StatusCode::LOCKED; 2]);
    // Another address is not affected.
    assert_eq!(
        log_in(&app, "iemand@example.nl", "fout").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn one_network_address_gets_a_limited_number_of_attempts() {
    let app = demo_app().await;
    // After 5 failures the address waits, which costs no password hashing: quick.
    for _ in 0..60 {
        let status = log_in(&app, "niemand@example.nl", "fout").await.status();
        assert_ne!(status, StatusCode::TOO_MANY_REQUESTS);
    }
    let response = log_in(&app, EMAIL, PASSWORD).await;
    assert!(response.headers().contains_key("retry-after"));
    let (status, body) = error(response).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["code"], "too_many_requests");
}

#[tokio::test]
async fn who_am_i_answers_the_manager_with_a_cookie_and_nobody_without() {
    let app = demo_app().await;
    let response = app.get("/api/v1/session").send().await.unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "asking who is logged in is no error"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, json!({ "manager": null }));

    let (token, csrf) = logged_in(&app).await;
    let response = get_session(&app, &token).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("set-cookie").is_none());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["manager"]["email"], EMAIL);
    assert_eq!(body["manager"]["level"], "EH3");
    assert_eq!(body["csrf_token"], csrf.as_str());

    // A made-up token opens nothing, and the stale cookie is cleared.
    let forged = "A".repeat(43);
    let response = get_session(&app, &forged).send().await.unwrap();
    assert!(set_cookie(&response).contains("Max-Age=0"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["manager"], Value::Null);
}

#[tokio::test]
async fn logout_needs_the_csrf_token_and_ends_the_session() {
    let app = demo_app().await;
    let (token, csrf) = logged_in(&app).await;

    let (status, body) = error(delete_session(&app, &token).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "csrf_failed");
    assert_eq!(body["details"]["reason"], "missing_token");

    let wrong = delete_session(&app, &token)
        .header("x-csrf-token", "A".repeat(43))
        .send()
        .await
        .unwrap();
    let (status, body) = error(wrong).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["details"]["reason"], "wrong_token");
    assert_eq!(
        get_session(&app, &token).send().await.unwrap().status(),
        StatusCode::OK,
        "a refused logout leaves the session"
    );

    let response = delete_session(&app, &token)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        set_cookie(&response),
        "middelpunt_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"
    );
    assert!(!opens_a_session(&app, &token).await);
    assert_eq!(int(&app.state.db, "SELECT COUNT(*) FROM sessions").await, 0);

    let again = delete_session(&app, &token)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_foreign_origin_is_refused() {
    let app = demo_app().await;
    let foreign = app
        .client
        .post(format!("{}/api/v1/session", app.url))
        .header("origin", "https://evil.example")
        .json(&json!({ "email": EMAIL, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert!(foreign.headers().get("set-cookie").is_none());
    let (status, body) = error(foreign).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "csrf_failed");
    assert_eq!(body["details"]["reason"], "foreign_origin");

    // The page's own origin (the host it was served from) is fine.
    let own = app
        .client
        .post(format!("{}/api/v1/session", app.url))
        .header("origin", &app.url)
        .json(&json!({ "email": EMAIL, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);

    let (token, csrf) = logged_in(&app).await;
    let response = delete_session(&app, &token)
        .header("x-csrf-token", &csrf)
        .header("origin", "null")
        .send()
        .await
        .unwrap();
    let (status, body) = error(response).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["details"]["reason"], "foreign_origin");

    // MIDDELPUNT_PUBLIC_URL's origin is fine too (behind a proxy that rewrites Host).
    let behind_proxy = spawn_with_vars(&[
        ("MIDDELPUNT_DEMO", "true"),
        ("MIDDELPUNT_PUBLIC_URL", "http://middelpunt.example.nl"),
    ])
    .await;
    let response = behind_proxy
        .client
        .post(format!("{}/api/v1/session", behind_proxy.url))
        .header("origin", "http://middelpunt.example.nl")
        .json(&json!({ "email": EMAIL, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_expired_or_idle_session_is_not_logged_in() {
    let app = demo_app().await;
    let pool = &app.state.db;
    let now = auth::unix_now();

    let (token, _) = logged_in(&app).await;
    execute(
        pool,
        &format!("UPDATE sessions SET expires_at = {}", now - 1),
    )
    .await;
    assert!(!opens_a_session(&app, &token).await);
    assert_eq!(int(pool, "SELECT COUNT(*) FROM sessions").await, 0);

    let (token, _) = logged_in(&app).await;
    execute(
        pool,
        &format!("UPDATE sessions SET last_seen_at = {}", now - 31 * 60),
    )
    .await;
    assert!(!opens_a_session(&app, &token).await);
}

#[tokio::test]
async fn using_a_session_slides_its_idle_timeout_writing_at_most_once_a_minute() {
    let app = demo_app().await;
    let pool = &app.state.db;
    let (token, _) = logged_in(&app).await;
    let now = auth::unix_now();

    execute(
        pool,
        &format!("UPDATE sessions SET last_seen_at = {}", now - 20),
    )
    .await;
    get_session(&app, &token).send().await.unwrap();
    assert_eq!(
        int(pool, "SELECT last_seen_at FROM sessions").await,
        now - 20,
        "seen less than a minute ago: no write"
    );

    execute(
        pool,
        &format!("UPDATE sessions SET last_seen_at = {}", now - 25 * 60),
    )
    .await;
    assert_eq!(
        get_session(&app, &token).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert!(int(pool, "SELECT last_seen_at FROM sessions").await >= now);
}

#[tokio::test]
async fn ended_sessions_are_purged() {
    let app = demo_app().await;
    let pool = &app.state.db;
    let (_, _) = logged_in(&app).await;
    let (_, _) = logged_in(&app).await;
    let now = auth::unix_now();
    assert_eq!(session::purge_expired(pool, now).await.unwrap(), 0);
    execute(
        pool,
        &format!(
            "UPDATE sessions SET expires_at = {} WHERE token_hash = (SELECT MIN(token_hash) FROM sessions)",
            now - 1
        ),
    )
    .await;
    assert_eq!(session::purge_expired(pool, now).await.unwrap(), 1);
    assert_eq!(int(pool, "SELECT COUNT(*) FROM sessions").await, 1);
    assert_eq!(
        session::purge_expired(pool, now + 8 * 60 * 60)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn the_demo_seed_is_idempotent() {
    let app = demo_app().await;
    let pool = &app.state.db;
    let hash_before: String = sqlx::query("SELECT password_hash FROM managers WHERE email = $1")
        .bind(EMAIL)
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    demo::seed(pool).await.unwrap();
    demo::seed(pool).await.unwrap();
    assert_eq!(int(pool, "SELECT COUNT(*) FROM managers").await, 3);
    assert_eq!(
        int(
            pool,
            "SELECT COUNT(*) FROM account_roles WHERE role IN ('operator', 'admin')"
        )
        .await,
        2,
        "the demo operator is the demo's admin too"
    );
    assert_eq!(
        int(
            pool,
            "SELECT COUNT(*) FROM organisations WHERE name IS NOT NULL"
        )
        .await,
        5,
        "the demo's organisations have the embedded register's names"
    );
    assert_eq!(
        int(pool, "SELECT COUNT(*) FROM manager_organisations").await,
        5
    );
    let hash_after: String = sqlx::query("SELECT password_hash FROM managers WHERE email = $1")
        .bind(EMAIL)
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(hash_before, hash_after);
    assert!(hash_after.starts_with("$argon2id$"));

    // The second demo manager holds EH2+, for "a level above your own".
    let response = log_in(&app, "beheerder2@demo.middelpunt.nl", PASSWORD).await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["manager"]["level"], "EH2+");
    assert_eq!(body["manager"]["organisations"], json!(["68727720"]));
    assert_eq!(
        demo::announcement(),
        "Demo: log in as beheerder@demo.middelpunt.nl with password Middelpunt-demo-2026"
    );
}

#[tokio::test]
async fn without_the_demo_the_demo_accounts_cannot_log_in() {
    let app = spawn().await;
    let pool = &app.state.db;
    assert_eq!(int(pool, "SELECT COUNT(*) FROM managers").await, 0);
    // Seeded earlier (say, by a demo run on the same database).
    demo::seed(pool).await.unwrap();
    let (status, body) = error(log_in(&app, EMAIL, PASSWORD).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "invalid_credentials");
}

/// The same on PostgreSQL (several instances share sessions and locks there):
/// `MIDDELPUNT_TEST_POSTGRES_URL=postgres://… cargo test -p middelpunt-server --test api -- --ignored postgres`
#[tokio::test]
#[ignore = "needs MIDDELPUNT_TEST_POSTGRES_URL"]
async fn postgres_keeps_managers_sessions_and_locks() {
    let url = std::env::var("MIDDELPUNT_TEST_POSTGRES_URL")
        .expect("set MIDDELPUNT_TEST_POSTGRES_URL to a PostgreSQL database for this test");
    let app = crate::helpers::spawn_on(&url).await;
    let pool = &app.state.db;
    // The database outlives the test: fresh addresses, and no attempts left over from earlier runs.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let email = format!("pg-{nanos}@example.nl");
    execute(pool, "DELETE FROM rate_limits WHERE key LIKE 'login:%'").await;

    let password_hash = auth::password::hash("geheim wachtwoord").unwrap();
    let manager = auth::NewManager {
        email: &email,
        name: "Pim Postgres",
        password_hash: &password_hash,
        level: domain::Level::Eh2Plus,
        organisations: &["68750110", "69599084"],
        roles: &[auth::Role::Manager],
    };
    let mut connection = pool.acquire().await.unwrap();
    let (id, created) = auth::create_manager(&mut connection, &manager, auth::unix_now())
        .await
        .unwrap();
    assert!(created);
    let again = auth::create_manager(&mut connection, &manager, auth::unix_now())
        .await
        .unwrap();
    assert_eq!(again, (id, false));
    drop(connection);
    demo::seed(pool).await.unwrap();
    demo::seed(pool).await.unwrap();

    for _ in 0..4 {
        assert_eq!(
            log_in(&app, &email, "fout").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        log_in(&app, &email, "fout").await.status(),
        StatusCode::LOCKED
    );
    assert_eq!(
        log_in(&app, &email, "geheim wachtwoord").await.status(),
        StatusCode::LOCKED
    );
    sqlx::query("UPDATE login_throttles SET locked_until = 1 WHERE subject = $1")
        .bind(format!("manager:{id}"))
        .execute(pool)
        .await
        .unwrap();
    let response = log_in(&app, &email, "geheim wachtwoord").await;
    assert_eq!(response.status(), StatusCode::OK);
    let token = session_cookie(&response).unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["manager"]["level"], "EH2+");
    assert_eq!(
        body["manager"]["organisations"],
        json!(["68750110", "69599084"])
    );
    let csrf = body["csrf_token"].as_str().unwrap().to_owned();

    let unknown = format!("niemand-{nanos}@example.nl");
    for _ in 0..4 {
        log_in(&app, &unknown, "fout").await;
    }
    assert_eq!(
        log_in(&app, &unknown, "fout").await.status(),
        StatusCode::LOCKED
    );

    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 120 WHERE manager_id = $1")
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
    assert!(opens_a_session(&app, &token).await);
    let response = delete_session(&app, &token)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(!opens_a_session(&app, &token).await);
    session::purge_expired(pool, auth::unix_now())
        .await
        .unwrap();
    auth::lockout::purge(pool, auth::unix_now()).await.unwrap();
    demo::end_sessions(pool).await.unwrap();
}
