//! The user's side of a request, as a browser would call it with the invitation token: the
//! e-mail confirmed, the SMS code with its limits, the order, the means issued or the
//! identification by the back office, and the manager told by e-mail at every end.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;

use crate::helpers::{DEMO_MANAGER, LoggedIn, TestApp, log_in};
use crate::orders::{demo_app, invitations, place, user};
use crate::outbox::eventually;

mod sms;

pub const OPERATOR: &str = "operator@demo.middelpunt.nl";

/// An order for an employee (Jan, +31611111111) and a non-employee (Anna, +31622222222);
/// answers the invitation tokens of Jan and Anna.
pub async fn ordered(app: &TestApp, manager: &LoggedIn) -> (String, String) {
    let mut jan = user("Jan Pieter", "Dijk", "jan@voorbeeld.nl", "J");
    jan["infix"] = json!("van");
    jan["mobile"] = json!("06 11111111");
    let mut anna = user("Anna", "Vries", "anna@voorbeeld.nl", "N");
    anna["mobile"] = json!("06 22222222");
    let order = json!({
        "kvk_number": "68750110", "branch_number": null, "level": "EH3",
        "users": [jan, anna],
        "authorisations": { "kind": "selected", "providers": [], "services": ["uwv.werkgeversportaal"] },
        "term": 3, "accepted_terms": true
    });
    let (status, placed) = place(app, manager, "activation-0001", &order).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let mails = eventually("two invitations", || async {
        let mails = invitations(app).await;
        (mails.len() >= 2).then_some(mails)
    })
    .await;
    let token = |to: &str| {
        let mail = mails.iter().find(|m| m["recipient"] == to).unwrap();
        let text = mail["text"].as_str().unwrap();
        let start = text.find("/activeren/").unwrap() + "/activeren/".len();
        text[start..]
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap()
            .to_owned()
    };
    (token("jan@voorbeeld.nl"), token("anna@voorbeeld.nl"))
}

pub async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value, reqwest::header::HeaderMap) {
    let url = format!("{}{path}", app.url);
    let mut request = match method {
        "GET" => app.client.get(url),
        _ => app.client.post(url),
    };
    if let Some(token) = token {
        request = request.header("x-activation-token", token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    (status, response.json().await.unwrap(), headers)
}

pub async fn step(
    app: &TestApp,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let (status, body, _) = call(
        app,
        if path.is_empty() { "GET" } else { "POST" },
        &format!("/api/v1/activation{path}"),
        Some(token),
        body,
    )
    .await;
    (status, body)
}

/// The newest SMS to `mobile` in the development mailbox, and its code.
pub async fn sms_code(app: &TestApp, mobile: &str, count: usize) -> String {
    eventually("the SMS", || async {
        let sms: Vec<Value> = invitations(app)
            .await
            .into_iter()
            .filter(|m| m["kind"] == "sms" && m["recipient"] == mobile)
            .collect();
        (sms.len() >= count).then(|| {
            let text = sms.iter().max_by_key(|m| m["id"].as_i64()).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_owned();
            let start = text.find("code is ").unwrap() + "code is ".len();
            text[start..start + 6].to_owned()
        })
    })
    .await
}

pub async fn mail_to(app: &TestApp, to: &str, subject_part: &str) -> Value {
    eventually(
        &format!("a mail to {to} about {subject_part:?}"),
        || async {
            invitations(app).await.into_iter().find(|m| {
                m["recipient"] == to
                    && m["subject"]
                        .as_str()
                        .is_some_and(|s| s.contains(subject_part))
            })
        },
    )
    .await
}

/// Confirms, sends a code and verifies it: the request is `mobile_verified`.
pub async fn verify_mobile(app: &TestApp, token: &str, mobile: &str) {
    assert_eq!(
        step(app, "/email-confirmation", token, None).await.0,
        StatusCode::OK
    );
    let (status, sent) = step(app, "/sms-code", token, None).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    let code = sms_code(app, mobile, 1).await;
    let (status, verified) = step(
        app,
        "/sms-code/verification",
        token,
        Some(json!({ "code": code })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    assert_eq!(verified["status"], "mobile_verified");
}

pub async fn execute(app: &TestApp, sql: &str) {
    sqlx::query(sql).execute(&app.state.db).await.unwrap();
}

#[tokio::test]
async fn an_employee_confirms_verifies_orders_and_has_the_means_at_once() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (jan, _) = ordered(&app, &manager).await;

    let (status, view) = step(&app, "", &jan, None).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["status"], "invited", "looking does not confirm");
    assert_eq!(view["user"]["full_name"], "Jan Pieter van Dijk");
    assert_eq!(view["user"]["birth_date"], "1985-03-15");
    assert_eq!(view["user"]["mobile"], "+31611111111");
    assert_eq!(view["organisation"]["name"], "Test BV Donald");
    assert_eq!(view["manager"]["name"], "Bea Beheerder");
    assert!(
        view["authorisations"]["items"][0]
            .as_str()
            .unwrap()
            .starts_with("UWV: Werkgeversportaal")
    );
    // Where the user will log in: the service's provider's website, from the catalogue.
    assert_eq!(
        view["authorisations"]["websites"],
        serde_json::json!([{ "name": "UWV", "url": "https://www.uwv.nl" }])
    );

    let (_, confirmed) = step(&app, "/email-confirmation", &jan, None).await;
    assert_eq!(confirmed["status"], "email_confirmed");
    let (_, again) = step(&app, "/email-confirmation", &jan, None).await;
    assert_eq!(
        again["status"], "email_confirmed",
        "opening the link twice is fine"
    );

    let (status, early) = step(
        &app,
        "/order",
        &jan,
        Some(json!({ "accepted_terms": true })),
    )
    .await;
    assert_eq!(
        (status, early["code"].as_str()),
        (StatusCode::CONFLICT, Some("activation_wrong_step"))
    );

    let (_, sent) = step(&app, "/sms-code", &jan, None).await;
    assert_eq!(sent["sms"]["attempts_left"], 5);
    assert_eq!(sent["sms"]["sends_left"], 4);
    let code = sms_code(&app, "+31611111111", 1).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, refused) = step(
        &app,
        "/sms-code/verification",
        &jan,
        Some(json!({ "code": wrong })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["code"], "sms_code_wrong");
    assert_eq!(refused["details"]["attempts_left"], 4);
    assert!(
        refused["message"].as_str().unwrap().contains("nog 4 keer"),
        "{refused}"
    );
    let (status, refused) = step(
        &app,
        "/sms-code/verification",
        &jan,
        Some(json!({ "code": "12a" })),
    )
    .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("sms_code_format"))
    );
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    let (status, verified) = step(
        &app,
        "/sms-code/verification",
        &jan,
        Some(json!({ "code": spaced })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    assert_eq!(verified["status"], "mobile_verified");
    let (status, reused) = step(
        &app,
        "/sms-code/verification",
        &jan,
        Some(json!({ "code": code })),
    )
    .await;
    assert_eq!(
        (status, reused["code"].as_str()),
        (StatusCode::CONFLICT, Some("activation_wrong_step")),
        "a code works once"
    );

    let (status, refused) = step(
        &app,
        "/order",
        &jan,
        Some(json!({ "accepted_terms": false })),
    )
    .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("terms_not_accepted"))
    );
    let (status, issued) = step(
        &app,
        "/order",
        &jan,
        Some(json!({ "accepted_terms": true })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    assert_eq!(issued["status"], "issued");
    let means = &issued["means"];
    assert!(means["id"].as_str().unwrap().starts_with("EHM-"), "{means}");
    assert_eq!(means["level"], "EH3");
    let from = means["valid_from"].as_str().unwrap();
    let until = means["valid_until"].as_str().unwrap();
    let from_year: i32 = from[..4].parse().unwrap();
    assert_eq!(
        &until[..4],
        (from_year + 3).to_string(),
        "3 years: {from} – {until}"
    );
    assert_eq!(means["authorisations"], view["authorisations"]);

    let mail = mail_to(
        &app,
        DEMO_MANAGER,
        "eHerkenningsmiddel uitgegeven aan Jan Pieter van Dijk",
    )
    .await;
    assert!(
        mail["text"]
            .as_str()
            .unwrap()
            .contains(means["id"].as_str().unwrap())
    );

    let (status, finished) = step(&app, "", &jan, None).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(finished["code"], "activation_finished");
    assert_eq!(finished["details"]["status"], "issued");

    // Ordering for Jan again warns that he already holds a means there.
    let known: Value = app
        .client
        .post(format!(
            "{}/api/v1/organisations/68750110/known-users",
            app.url
        ))
        .header("cookie", &manager.cookie)
        .header("x-csrf-token", &manager.csrf)
        .json(&json!({ "emails": ["JAN@voorbeeld.nl", "anna@voorbeeld.nl"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let statuses: Vec<(&str, &str)> = known["known"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["email"].as_str().unwrap(), k["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("anna@voorbeeld.nl", "invited"),
            ("jan@voorbeeld.nl", "active_means")
        ]
    );

    let stored = sqlx::query("SELECT m.status, COUNT(a.position) FROM means m JOIN means_authorisations a ON a.means_id = m.id GROUP BY m.status")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        (stored.get::<String, _>(0), stored.get::<i64, _>(1)),
        ("active".to_owned(), 1)
    );
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM request_events e JOIN requests r ON r.id = e.request_id WHERE r.email = 'jan@voorbeeld.nl' ORDER BY e.at")
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    for expected in [
        "invited",
        "email_confirmed",
        "sms_sent",
        "mobile_verified",
        "user_ordered",
        "issued",
    ] {
        assert!(
            kinds.iter().any(|k| k == expected),
            "{expected} in {kinds:?}"
        );
    }
}

#[tokio::test]
async fn a_non_employee_waits_for_the_operator_who_approves_and_the_means_is_issued() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (_, anna) = ordered(&app, &manager).await;
    verify_mobile(&app, &anna, "+31622222222").await;
    let (status, waiting) = step(
        &app,
        "/order",
        &anna,
        Some(json!({ "accepted_terms": true })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{waiting}");
    assert_eq!(waiting["status"], "identification_required");
    assert!(waiting["means"].is_null());
    let deadline = waiting["identification"]["deadline"].as_i64().unwrap();
    let now = middelpunt_server::clock::unix_now();
    assert!((deadline - now - 30 * 86_400).abs() < 60, "30 days");
    let (status, still) = step(&app, "", &anna, None).await;
    assert_eq!(
        (status, still["status"].as_str()),
        (StatusCode::OK, Some("identification_required")),
        "the link shows the status"
    );

    // Nobody, and a manager, are refused the queue.
    let (status, refused, _) = call(&app, "GET", "/api/v1/identifications", None, None).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("not_logged_in"))
    );
    let as_manager = app
        .get("/api/v1/identifications")
        .header("cookie", &manager.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(as_manager.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        as_manager.json::<Value>().await.unwrap()["code"],
        "operator_only"
    );

    let operator = log_in(&app, OPERATOR).await;
    let queue: Value = app
        .get("/api/v1/identifications")
        .header("cookie", &operator.cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let requests = queue["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1, "{queue}");
    assert_eq!(requests[0]["full_name"], "Anna Vries");
    assert_eq!(requests[0]["birth_date"], "1985-03-15");
    let id = requests[0]["request_id"].as_str().unwrap().to_owned();

    let record = |who: &LoggedIn, body: Value| {
        app.client
            .post(format!("{}/api/v1/identifications/{id}", app.url))
            .header("cookie", &who.cookie)
            .header("x-csrf-token", &who.csrf)
            .json(&body)
            .send()
    };
    let approval = json!({
        "outcome": "approved", "method": "video", "document_type": "id_card",
        "document_last4": "x7k2", "name_matches": true, "birth_date_matches": true, "reason": null
    });
    let response = record(&manager, approval.clone()).await.unwrap();
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "a manager cannot record"
    );
    let response = record(
        &operator,
        json!({ "outcome": "approved", "name_matches": false }),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let invalid: Value = response.json().await.unwrap();
    assert_eq!(invalid["code"], "identification_invalid");
    let fields: Vec<&str> = invalid["details"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "method",
            "document_type",
            "document_last4",
            "birth_date_matches",
            "outcome"
        ]
    );

    let response = record(&operator, approval.clone()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let recorded: Value = response.json().await.unwrap();
    assert_eq!(recorded["status"], "issued");
    let means_id = recorded["means_id"].as_str().unwrap();
    let mail = mail_to(
        &app,
        DEMO_MANAGER,
        "eHerkenningsmiddel uitgegeven aan Anna Vries",
    )
    .await;
    assert!(mail["text"].as_str().unwrap().contains(means_id));
    mail_to(&app, "anna@voorbeeld.nl", "is uitgegeven").await;

    let response = record(&operator, approval).await.unwrap();
    assert_eq!(response.status(), StatusCode::CONFLICT, "recorded once");
    let stored =
        sqlx::query("SELECT document_type, document_last4, checked_by FROM identifications")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(stored.get::<String, _>(0), "id_card");
    assert_eq!(stored.get::<String, _>(1), "X7K2");
    let (status, finished) = step(&app, "", &anna, None).await;
    assert_eq!(
        (status, finished["code"].as_str()),
        (StatusCode::GONE, Some("activation_finished"))
    );
    let actors: Vec<String> = sqlx::query_scalar("SELECT actor FROM request_events WHERE request_id = $1 AND kind IN ('identified', 'issued')")
        .bind(&id)
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(actors.len(), 2);
    assert!(
        actors.iter().all(|a| a.starts_with("operator:")),
        "{actors:?}"
    );
}

#[tokio::test]
async fn a_rejected_identification_ends_the_request_and_tells_the_manager_why() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (_, anna) = ordered(&app, &manager).await;
    verify_mobile(&app, &anna, "+31622222222").await;
    step(
        &app,
        "/order",
        &anna,
        Some(json!({ "accepted_terms": true })),
    )
    .await;
    let operator = log_in(&app, OPERATOR).await;
    let id: String =
        sqlx::query_scalar("SELECT id FROM requests WHERE email = 'anna@voorbeeld.nl'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    let response = app
        .client
        .post(format!("{}/api/v1/identifications/{id}", app.url))
        .header("cookie", &operator.cookie)
        .header("x-csrf-token", &operator.csrf)
        .json(&json!({
            "outcome": "rejected", "method": "in_person", "document_type": "passport",
            "document_last4": "1234", "name_matches": false, "birth_date_matches": true,
            "reason": "Achternaam op het paspoort is Visser"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mail = mail_to(&app, DEMO_MANAGER, "Aanvraag voor Anna Vries afgewezen").await;
    assert!(
        mail["text"]
            .as_str()
            .unwrap()
            .contains("Reden: Achternaam op het paspoort is Visser")
    );
    let (status, gone) = step(&app, "", &anna, None).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(gone["details"]["status"], "rejected");
    assert_eq!(gone["details"]["manager"]["email"], DEMO_MANAGER);
}

#[tokio::test]
async fn forged_missing_expired_and_cancelled_links_each_say_so() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (jan, anna) = ordered(&app, &manager).await;

    // No token at all: the credential is missing (401), with the same advice as a bad link.
    let (status, body, _) = call(&app, "GET", "/api/v1/activation", None, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("activation_token_missing"))
    );
    assert!(
        body["message"].as_str().unwrap().contains("hele link"),
        "{body}"
    );
    let (status, body) = step(&app, "", &"A".repeat(201), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("activation_not_found"))
    );
    let mut forged = jan.clone();
    forged.replace_range(..2, if jan.starts_with("AA") { "BB" } else { "AA" });
    let (status, body) = step(&app, "", &forged, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("activation_not_found"))
    );
    assert!(
        body["message"].as_str().unwrap().contains("hele link"),
        "{body}"
    );

    // Jan's link passes its end: refused, the request expired, the manager told.
    execute(
        &app,
        "UPDATE requests SET token_expires_at = 1000 WHERE email = 'jan@voorbeeld.nl'",
    )
    .await;
    let (status, body) = step(&app, "/email-confirmation", &jan, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::GONE, Some("activation_expired"))
    );
    assert!(
        body["message"].as_str().unwrap().contains("Bea Beheerder"),
        "names the manager: {body}"
    );
    let status: String =
        sqlx::query_scalar("SELECT status FROM requests WHERE email = 'jan@voorbeeld.nl'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(status, "expired");
    mail_to(
        &app,
        DEMO_MANAGER,
        "Aanvraag voor Jan Pieter van Dijk verlopen",
    )
    .await;

    // Anna's request was cancelled by the manager.
    execute(&app, "UPDATE requests SET status = 'cancelled', finished_at = 2000 WHERE email = 'anna@voorbeeld.nl'").await;
    let (status, body) = step(&app, "", &anna, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::GONE, Some("activation_cancelled"))
    );
    assert_eq!(body["details"]["at"], 2000);
}

#[tokio::test]
async fn the_identification_deadline_expires_the_request_in_the_periodic_sweep() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (_, anna) = ordered(&app, &manager).await;
    verify_mobile(&app, &anna, "+31622222222").await;
    step(
        &app,
        "/order",
        &anna,
        Some(json!({ "accepted_terms": true })),
    )
    .await;
    let later = middelpunt_server::clock::unix_now() + 31 * 86_400;
    let expired = middelpunt_server::activation::expiry::expire_due(&app.state, later)
        .await
        .unwrap();
    assert_eq!(expired, 2, "Anna after her deadline, and Jan's unused link");
    let mail = mail_to(&app, DEMO_MANAGER, "Aanvraag voor Anna Vries verlopen").await;
    assert!(mail["text"].as_str().unwrap().contains("30 dagen"));
    assert_eq!(
        middelpunt_server::activation::expiry::expire_due(&app.state, later)
            .await
            .unwrap(),
        0,
        "once"
    );
}
