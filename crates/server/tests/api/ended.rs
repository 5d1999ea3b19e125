//! An organisation the KvK register lists as ended (issue 13): the wizard's lookup says so, an
//! order for it is refused with the same words, Beheer marks it and its requests, and an order
//! placed before it ended goes no further (the user's order and the operator's approval stop
//! the request, and the manager is told). With the embedded register (96354429, KvK's inactive
//! test case) and with KvK's API (the fake, whose organisations can end after an order).

use domain::Lang;
use domain::organisation::Organisation;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::activation::{OPERATOR, call, mail_to, ordered, step, verify_mobile};
use crate::fake_kvk::{self, API_KEY, DEREGISTERED_NUMBER, ENDED_NUMBER, FakeKvk};
use crate::helpers::{DEMO_MANAGER, LoggedIn, TestApp, log_in, spawn_with_vars};
use crate::orders::{count, demo_app, invitations, order, place, place_in, user};

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
        let (status, answer) =
            place_in(&app, &manager, key, &order_for(ENDED_NUMBER), Some(lang)).await;
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

#[tokio::test]
async fn a_placed_order_stops_when_the_organisation_has_ended_and_the_manager_is_told() {
    let fake = fake_kvk::start().await;
    let app = with_fake(&fake).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (jan, anna) = ordered(&app, &manager).await;
    // Anna (no employee) orders while the organisation exists: she waits for identification.
    verify_mobile(&app, &anna, "+31622222222").await;
    let accepted = Some(json!({ "accepted_terms": true }));
    let (status, waiting) = step(&app, "/order", &anna, accepted.clone()).await;
    assert_eq!(status, StatusCode::OK, "{waiting}");
    assert_eq!(waiting["status"], "identification_required");
    verify_mobile(&app, &jan, "+31611111111").await;

    fake.end("68750110", "20240301");

    // The user's order: refused, the request stops, the manager is told.
    let (status, refused) = step(&app, "/order", &jan, accepted.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(refused["code"], "organisation_ended");
    let message = refused["message"].as_str().unwrap();
    assert!(
        message.contains("als beëindigd op 01-03-2024")
            && message.contains("is uw aanvraag gestopt")
            && message.contains(DEMO_MANAGER),
        "{message}"
    );
    assert_eq!(refused["details"]["status"], "rejected");
    assert_eq!(refused["details"]["end_reason"], "organisation_ended");
    let (status, again) = step(&app, "/order", &jan, accepted).await;
    assert_eq!(status, StatusCode::GONE, "{again}");
    let (status, link) = step(&app, "", &jan, None).await;
    assert_eq!(
        (status, link["code"].as_str()),
        (StatusCode::GONE, Some("activation_finished"))
    );
    assert_eq!(link["details"]["end_reason"], "organisation_ended");
    assert!(
        link["message"]
            .as_str()
            .unwrap()
            .contains("het Handelsregister vermeldt de organisatie als beëindigd"),
        "{link}"
    );
    let mail = mail_to(
        &app,
        DEMO_MANAGER,
        "Aanvraag voor Jan Pieter van Dijk gestopt",
    )
    .await;
    let text = mail["text"].as_str().unwrap();
    assert!(
        text.contains("Test BV Donald (KvK-nummer 68750110) als beëindigd op 01-03-2024"),
        "{text}"
    );

    // The operator's approval: refused, no means, the request stops, the manager is told.
    let operator = log_in(&app, OPERATOR).await;
    let anna_id: String =
        sqlx::query_scalar("SELECT id FROM requests WHERE email = 'anna@voorbeeld.nl'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    let response = app
        .client
        .post(format!("{}/api/v1/identifications/{anna_id}", app.url))
        .header("cookie", &operator.cookie)
        .header("x-csrf-token", &operator.csrf)
        .header("accept-language", "en")
        .json(&json!({
            "outcome": "approved", "method": "video", "document_type": "passport",
            "document_last4": "1234", "name_matches": true, "birth_date_matches": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let refused: Value = response.json().await.unwrap();
    assert_eq!(refused["code"], "organisation_ended");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .starts_with("The Business Register lists Test BV Donald (KvK number 68750110) as ended on 01-03-2024. Therefore no means was issued"),
        "{refused}"
    );
    mail_to(&app, DEMO_MANAGER, "Aanvraag voor Anna Vries gestopt").await;
    let (_, queue, _) = call(&app, "GET", "/api/v1/identifications", None, None).await;
    assert_eq!(queue["code"], "not_logged_in");
    let queue: Value = app
        .get("/api/v1/identifications")
        .header("cookie", &operator.cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(queue["requests"], json!([]), "no longer waiting");

    // Both stopped, as one change each: status, reason, event; no means; one mail each.
    let stopped: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT r.email, r.status, r.end_reason FROM requests r ORDER BY r.email")
            .fetch_all(&app.state.db)
            .await
            .unwrap();
    assert_eq!(
        stopped,
        [
            (
                "anna@voorbeeld.nl".to_owned(),
                "rejected".to_owned(),
                Some("organisation_ended".to_owned())
            ),
            (
                "jan@voorbeeld.nl".to_owned(),
                "rejected".to_owned(),
                Some("organisation_ended".to_owned())
            ),
        ]
    );
    let events: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT actor, detail FROM request_events WHERE kind = 'organisation_ended' ORDER BY request_id",
    )
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    assert_eq!(
        events,
        [
            ("system".to_owned(), Some("01-03-2024".to_owned())),
            ("system".to_owned(), Some("01-03-2024".to_owned()))
        ]
    );
    assert_eq!(count(&app, "means").await, 0);
    let stop_mails = invitations(&app)
        .await
        .into_iter()
        .filter(|m| m["subject"].as_str().is_some_and(|s| s.contains("gestopt")))
        .count();
    assert_eq!(stop_mails, 2);
}

#[tokio::test]
async fn a_register_that_cannot_answer_stops_the_step_not_the_request() {
    let fake = fake_kvk::start().await;
    let app = with_fake(&fake).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (jan, _) = ordered(&app, &manager).await;
    verify_mobile(&app, &jan, "+31611111111").await;
    // The same database, with a register that does not answer.
    let cut_off = cut_off(&app).await;
    let accepted = Some(json!({ "accepted_terms": true }));
    let (status, refused) = step(&cut_off, "/order", &jan, accepted.clone()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{refused}");
    assert_eq!(refused["code"], "register_unavailable");
    assert_eq!(count(&app, "means").await, 0, "no means unchecked");
    // Once it answers again, the employee's means is issued.
    let (status, issued) = step(&app, "/order", &jan, accepted).await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    assert_eq!(issued["status"], "issued");
}
