//! Placing an order as the demo manager: stored with its price, one invitation e-mail per user,
//! idempotent, and every rule the browser might have been talked out of enforced again.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{DEMO_MANAGER, LoggedIn, TestApp, log_in};
use crate::outbox::eventually;

/// The application with the demo accounts, on a fresh SQLite database; or, when
/// `MIDDELPUNT_TEST_POSTGRES_ADMIN_URL` names a PostgreSQL server (a URL whose user may create
/// databases), on a fresh PostgreSQL database, so the ordering, activation and beheer tests run
/// on both: `MIDDELPUNT_TEST_POSTGRES_ADMIN_URL=postgres://postgres@127.0.0.1:5433/postgres
/// cargo test -p middelpunt-server --test api`.
pub async fn demo_app(extra: &[(&'static str, &str)]) -> TestApp {
    demo_app_with(extra, |_| {}).await
}

/// [`demo_app`] with its state adjusted by `adjust_state` before it starts.
pub async fn demo_app_with(
    extra: &[(&'static str, &str)],
    adjust_state: impl FnOnce(&mut middelpunt_server::AppState),
) -> TestApp {
    let database = match std::env::var("MIDDELPUNT_TEST_POSTGRES_ADMIN_URL") {
        Ok(admin) => Some(crate::helpers::fresh_postgres_database(&admin).await),
        Err(_) => None,
    };
    let mut vars = vec![
        ("MIDDELPUNT_DEMO", "true"),
        ("MIDDELPUNT_OUTBOX_POLL_MS", "20"),
    ];
    if let Some(url) = &database {
        vars.push(("MIDDELPUNT_DATABASE_URL", url.as_str()));
    }
    vars.extend_from_slice(extra);
    crate::helpers::spawn_with_vars_and_state(&vars, adjust_state).await
}

pub fn user(first: &str, last: &str, email: &str, employed: &str) -> Value {
    json!({
        "first_names": first, "infix": "", "last_name": last, "birth_date": "15-03-1985",
        "birth_place": "Utrecht", "email": email, "mobile": "06 12345678", "employed": employed
    })
}

pub fn order() -> Value {
    json!({
        "kvk_number": "68750110",
        "branch_number": null,
        "level": "EH3",
        "users": [
            user("Jan Pieter", "Dijk", "jan@voorbeeld.nl", "J"),
            user("Anna", "Vries", "anna@voorbeeld.nl", "N"),
        ],
        "authorisations": { "kind": "selected", "providers": [], "services": ["belastingdienst.mijn-zakelijk", "uwv.werkgeversportaal"] },
        "term": 3,
        "accepted_terms": true
    })
}

pub async fn place(
    app: &TestApp,
    manager: &LoggedIn,
    key: &str,
    body: &Value,
) -> (StatusCode, Value) {
    place_in(app, manager, key, body, None).await
}

/// [`place`], asking for the answer in `lang` (`Accept-Language`) when given.
pub async fn place_in(
    app: &TestApp,
    manager: &LoggedIn,
    key: &str,
    body: &Value,
    lang: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = app
        .client
        .post(format!("{}/api/v1/orders", app.url))
        .header("cookie", &manager.cookie)
        .header("x-csrf-token", &manager.csrf)
        .header("idempotency-key", key);
    if let Some(lang) = lang {
        request = request.header("accept-language", lang);
    }
    let response = request.json(body).send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

pub async fn invitations(app: &TestApp) -> Vec<Value> {
    let listing: Value = app
        .get("/api/v1/dev/messages")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    listing["messages"].as_array().unwrap().clone()
}

pub async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.state.db)
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

#[tokio::test]
async fn an_order_is_stored_with_its_price_and_every_user_gets_an_invitation() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (status, placed) = place(&app, &manager, "draft-0001-abcdef", &order()).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let number = placed["order_number"].as_str().unwrap();
    assert!(number.starts_with("MP-"), "{number}");
    assert_eq!(placed["organisation_name"], "Test BV Donald");
    assert_eq!(placed["users"][0]["name"], "Jan Pieter Dijk");
    assert_eq!(placed["users"][1]["status"], "invited");
    // 2 × €90 (EH3, 3 years) + 2 × 2 authorisations × €25, of which the first 5 are free.
    assert_eq!(placed["quote"]["total_excl_vat"], 18_000);

    let mails = eventually("two invitations in the mailbox", || async {
        let mails = invitations(&app).await;
        (mails.len() == 2).then_some(mails)
    })
    .await;
    let to_jan = mails
        .iter()
        .find(|m| m["recipient"] == "jan@voorbeeld.nl")
        .unwrap();
    let text = to_jan["text"].as_str().unwrap();
    assert!(
        text.contains("Test BV Donald"),
        "names the organisation: {text}"
    );
    assert!(
        text.contains("/activeren/"),
        "holds the personal link: {text}"
    );

    let shown: Value = app
        .get(&format!("/api/v1/orders/{number}"))
        .header("cookie", &manager.cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(shown["order_number"], number);
    assert_eq!(count(&app, "request_events").await, 2);
}

#[tokio::test]
async fn the_same_key_twice_is_one_order_and_a_reused_key_is_refused() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (first, a) = place(&app, &manager, "draft-0002-abcdef", &order()).await;
    let (again, b) = place(&app, &manager, "draft-0002-abcdef", &order()).await;
    assert_eq!((first, again), (StatusCode::CREATED, StatusCode::OK));
    assert_eq!(a["order_number"], b["order_number"]);
    assert_eq!(count(&app, "orders").await, 1);
    assert_eq!(count(&app, "requests").await, 2);

    let mut other = order();
    other["term"] = json!(5);
    let (status, body) = place(&app, &manager, "draft-0002-abcdef", &other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "idempotency_key_reused");
}

async fn problems(app: &TestApp, manager: &LoggedIn, body: &Value) -> Vec<(String, String)> {
    let (status, answer) = place(app, manager, &format!("key-{}", rand_suffix()), body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["code"], "order_invalid");
    answer["details"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["location"].as_str().unwrap().to_owned(),
                p["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn rand_suffix() -> String {
    format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

#[tokio::test]
async fn rules_the_browser_may_have_skipped_are_enforced_with_their_location() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;

    let mut foreign = order();
    foreign["kvk_number"] = json!("69599068X");
    assert_eq!(
        problems(&app, &manager, &foreign).await,
        [(
            "kvk_number".to_owned(),
            "organisation_not_managed".to_owned()
        )]
    );
    let mut not_managed = order();
    not_managed["kvk_number"] = json!("90004760");
    assert_eq!(
        problems(&app, &manager, &not_managed).await[0].1,
        "organisation_not_managed"
    );

    let mut bad_users = order();
    bad_users["users"][1]["mobile"] = json!("0201234567");
    bad_users["users"][1]["email"] = json!("JAN@voorbeeld.nl");
    let found = problems(&app, &manager, &bad_users).await;
    assert!(
        found.contains(&("users[1].mobile".to_owned(), "mobile_landline".to_owned())),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(l, c)| l == "users[1].email" && c == "duplicate_email"),
        "{found:?}"
    );

    let mut not_accepted = order();
    not_accepted["accepted_terms"] = json!(false);
    assert_eq!(
        problems(&app, &manager, &not_accepted).await[0].1,
        "terms_not_accepted"
    );
    assert_eq!(count(&app, "orders").await, 0, "nothing refused is stored");
    assert_eq!(count(&app, "outbox").await, 0, "and nothing is sent");
}

#[tokio::test]
async fn a_manager_orders_at_most_at_their_own_level() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, "beheerder2@demo.middelpunt.nl").await;
    let mut above = order();
    above["kvk_number"] = json!("68727720");
    above["authorisations"] = json!({ "kind": "all_services" });
    let found = problems(&app, &manager, &above).await;
    assert_eq!(found, [("level".to_owned(), "level_above_own".to_owned())]);
}

#[tokio::test]
async fn without_the_csrf_token_or_a_session_nothing_is_ordered() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let no_csrf = app
        .client
        .post(format!("{}/api/v1/orders", app.url))
        .header("cookie", &manager.cookie)
        .header("idempotency-key", "draft-0003-abcdef")
        .json(&order())
        .send()
        .await
        .unwrap();
    assert_eq!(no_csrf.status(), StatusCode::FORBIDDEN);
    let body: Value = no_csrf.json().await.unwrap();
    assert_eq!(body["code"], "csrf_failed");
    let anonymous = app
        .client
        .post(format!("{}/api/v1/orders", app.url))
        .header("idempotency-key", "draft-0004-abcdef")
        .json(&order())
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(count(&app, "orders").await, 0);
}

#[tokio::test]
async fn an_unreachable_register_is_a_503_and_nothing_is_stored() {
    // Nothing listens on port 9 of loopback.
    let app = demo_app(&[
        ("MIDDELPUNT_KVK", "api"),
        ("MIDDELPUNT_KVK_BASE_URL", "http://127.0.0.1:9/api"),
        ("MIDDELPUNT_KVK_API_KEY", "test-key"),
    ])
    .await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (status, body) = place(&app, &manager, "draft-0005-abcdef", &order()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["code"], "register_unavailable");
    assert_eq!(count(&app, "orders").await, 0);
}

#[tokio::test]
async fn people_with_an_open_request_are_known_at_their_organisation() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (status, _) = place(&app, &manager, "draft-0006-abcdef", &order()).await;
    assert_eq!(status, StatusCode::CREATED);
    let ask = |kvk: &'static str| {
        app.client
            .post(format!(
                "{}/api/v1/organisations/{kvk}/known-users",
                app.url
            ))
            .header("cookie", &manager.cookie)
            .header("x-csrf-token", &manager.csrf)
            .json(&json!({ "emails": ["JAN@voorbeeld.nl", "nieuw@voorbeeld.nl"] }))
            .send()
    };
    let answer: Value = ask("68750110").await.unwrap().json().await.unwrap();
    let known = answer["known"].as_array().unwrap();
    assert_eq!(known.len(), 1, "{answer}");
    assert_eq!(known[0]["email"], "jan@voorbeeld.nl");
    assert_eq!(known[0]["status"], "invited");
    // Another organisation of the same manager knows nobody; a foreign one is refused.
    let other: Value = ask("69599084").await.unwrap().json().await.unwrap();
    assert_eq!(other["known"], json!([]));
    assert_eq!(
        ask("90004760").await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
}
