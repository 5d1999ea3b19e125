//! An organisation the KvK register lists as ended (issue 13): the wizard's lookup says so, an
//! order for it is refused with the same words, Beheer marks it and its requests, and an order
//! placed before it ended goes no further (the user's order and the operator's approval stop
//! the request, and the manager is told). With the embedded register (96354429, KvK's inactive
//! test case) and with KvK's API (the fake, whose organisations can end after an order).

use domain::Lang;
use domain::organisation::Organisation;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fake_kvk::{self, API_KEY, DEREGISTERED_NUMBER, ENDED_NUMBER, FakeKvk};
use crate::helpers::{DEMO_MANAGER, LoggedIn, TestApp, log_in, spawn_with_vars};
use crate::orders::{count, demo_app, order, place, user};

/// The demo application asking the fake KvK, without a cache: every lookup sees the fake's
/// answer of that moment.
async fn with_fake(fake: &FakeKvk) -> TestApp {
    demo_app(&[
        ("MIDDELPUNT_KVK", "api"),
        ("MIDDELPUNT_KVK_BASE_URL", fake.base_url.as_str()),
        ("MIDDELPUNT_KVK_API_KEY", API_KEY),
        ("MIDDELPUNT_KVK_CACHE_TTL", "0"),
    ])
    .await
}

/// Another instance on the database of `app`, whose register does not answer.
async fn cut_off(app: &TestApp) -> TestApp {
    let unreachable = fake_kvk::unreachable_base_url().await;
    spawn_with_vars(&[
        ("MIDDELPUNT_DEMO", "true"),
        ("MIDDELPUNT_KVK", "api"),
        ("MIDDELPUNT_KVK_BASE_URL", unreachable.as_str()),
        ("MIDDELPUNT_KVK_API_KEY", API_KEY),
        ("MIDDELPUNT_KVK_CACHE_TTL", "0"),
        (
            "MIDDELPUNT_DATABASE_URL",
            app.state.config.database_url.as_str(),
        ),
    ])
    .await
}

async fn get(app: &TestApp, who: &LoggedIn, path: &str, lang: &str) -> (StatusCode, Value) {
    let response = app
        .get(path)
        .header("cookie", &who.cookie)
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// Places `body` in `lang`; the status and the answer.
async fn place_in(
    app: &TestApp,
    manager: &LoggedIn,
    key: &str,
    body: &Value,
    lang: &str,
) -> (StatusCode, Value) {
    let response = app
        .client
        .post(format!("{}/api/v1/orders", app.url))
        .header("cookie", &manager.cookie)
        .header("x-csrf-token", &manager.csrf)
        .header("idempotency-key", key)
        .header("accept-language", lang)
        .json(body)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

fn order_for(kvk_number: &str) -> Value {
    let mut body = order();
    body["kvk_number"] = json!(kvk_number);
    body
}

/// The one problem of a refused order.
fn only_problem(answer: &Value) -> &Value {
    assert_eq!(answer["code"], "order_invalid", "{answer}");
    let problems = answer["details"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{answer}");
    &problems[0]
}

#[tokio::test]
async fn the_wizards_lookup_says_it_ended_and_the_order_is_refused_in_the_same_words() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;

    let path = format!("/api/v1/organisations/{ENDED_NUMBER}");
    let (status, found) = get(&app, &manager, &path, "nl").await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["ended_on"], "2024-03-01");
    let (_, active) = get(&app, &manager, "/api/v1/organisations/68750110", "nl").await;
    assert_eq!(active["ended_on"], Value::Null);

    // What the wizard shows, from the lookup and the domain's words.
    let organisation: Organisation = serde_json::from_value(found).unwrap();
    let ended = organisation.ended().expect("ended");

    for (lang, key, words) in [
        ("nl", "ended-order-nl", "als beëindigd op 01-03-2024"),
        ("en", "ended-order-en", "as ended on 01-03-2024"),
    ] {
        let (status, answer) = place_in(&app, &manager, key, &order_for(ENDED_NUMBER), lang).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        let problem = only_problem(&answer);
        assert_eq!(problem["location"], "kvk_number");
        assert_eq!(problem["code"], "organisation_ended");
        let message = problem["message"].as_str().unwrap();
        assert!(message.contains(words), "{message}");
        let lang = if lang == "nl" { Lang::Nl } else { Lang::En };
        assert_eq!(message, ended.message(lang), "the wizard's words");
    }
    assert_eq!(count(&app, "orders").await, 0);
    assert_eq!(count(&app, "outbox").await, 0, "no invitation");

    // Another organisation of the same manager is ordered as ever.
    let (status, placed) = place(&app, &manager, "active-order", &order()).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
}

#[tokio::test]
async fn with_kvks_api_an_ended_or_deregistered_organisation_is_refused() {
    let fake = fake_kvk::start().await;
    let app = with_fake(&fake).await;
    let manager = log_in(&app, DEMO_MANAGER).await;

    let (_, ended) = get(
        &app,
        &manager,
        &format!("/api/v1/organisations/{ENDED_NUMBER}"),
        "nl",
    )
    .await;
    assert_eq!(ended["ended_on"], "2024-03-01", "{ended}");
    let (_, deregistered) = get(
        &app,
        &manager,
        &format!("/api/v1/organisations/{DEREGISTERED_NUMBER}"),
        "nl",
    )
    .await;
    assert_eq!(deregistered["ended_on"], "2023-05", "{deregistered}");

    let (status, answer) = place(&app, &manager, "ended-by-api", &order_for(ENDED_NUMBER)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(only_problem(&answer)["code"], "organisation_ended");

    // An organisation that ends after the wizard's lookup is refused by the order's own check.
    fake.end("68750110", "20240301");
    let (status, answer) = place(&app, &manager, "ended-since-lookup", &order()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let message = only_problem(&answer)["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("Test BV Donald (KvK-nummer 68750110) als beëindigd op 01-03-2024"),
        "{message}"
    );
    assert_eq!(count(&app, "orders").await, 0);
}

#[tokio::test]
async fn beheer_marks_an_ended_organisation_and_its_requests() {
    let fake = fake_kvk::start().await;
    let app = with_fake(&fake).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (status, placed) = place(&app, &manager, "beheer-donald", &order()).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let mut dagobert = order_for("69599084");
    dagobert["users"] = json!([user("Dirk", "Dagobert", "dirk@voorbeeld.nl", "J")]);
    let (status, placed) = place(&app, &manager, "beheer-dagobert", &dagobert).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");

    let marks = |list: &Value, rows: &str| -> Vec<(String, Value)> {
        let mut marks: Vec<(String, Value)> = list[rows]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                (
                    row["organisation"]["kvk_number"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    row["organisation"]["ended_on"].clone(),
                )
            })
            .collect();
        marks.sort_by(|a, b| a.0.cmp(&b.0));
        marks
    };
    let (status, requests) = get(&app, &manager, "/api/v1/requests", "nl").await;
    assert_eq!(status, StatusCode::OK, "{requests}");
    assert!(
        marks(&requests, "requests")
            .iter()
            .all(|(_, on)| on.is_null()),
        "nothing has ended yet: {requests}"
    );

    fake.end("68750110", "20240301");
    let (_, requests) = get(&app, &manager, "/api/v1/requests", "nl").await;
    assert_eq!(
        marks(&requests, "requests"),
        [
            ("68750110".to_owned(), json!("2024-03-01")),
            ("68750110".to_owned(), json!("2024-03-01")),
            ("69599084".to_owned(), Value::Null),
        ]
    );
    let (_, users) = get(&app, &manager, "/api/v1/users?status=pending", "nl").await;
    assert_eq!(
        marks(&users, "users"),
        marks(&requests, "requests"),
        "{users}"
    );
    let id = requests["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["organisation"]["kvk_number"] == "68750110")
        .unwrap()["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, detail) = get(&app, &manager, &format!("/api/v1/requests/{id}"), "nl").await;
    assert_eq!(detail["organisation"]["ended_on"], "2024-03-01", "{detail}");
    let (_, person) = get(&app, &manager, &format!("/api/v1/users/{id}"), "nl").await;
    assert_eq!(person["organisation"]["ended_on"], "2024-03-01", "{person}");

    // An unreachable register leaves the marks off, and the list answers.
    let cut_off = cut_off(&app).await;
    let manager = log_in(&cut_off, DEMO_MANAGER).await;
    let (status, requests) = get(&cut_off, &manager, "/api/v1/requests", "nl").await;
    assert_eq!(status, StatusCode::OK, "{requests}");
    assert!(
        marks(&requests, "requests")
            .iter()
            .all(|(_, on)| on.is_null())
    );
}
