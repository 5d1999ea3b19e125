//! API clients ("Koppelingen"): created with a profile checked by the order's rules, the
//! secret shown once and working as a bearer token within the client's organisation and
//! permissions, rotated with a grace period, revoked at once; the audit log names the client.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{DEMO_MANAGER, TestApp, log_in};
use crate::machtigingen::{get, none, post};
use crate::orders::{demo_app, user};

/// A new client's body at Test BV Donald (68750110), EH2 for a year, with `permissions`.
pub fn new_client(name: &str, permissions: &[&str]) -> Value {
    json!({
        "name": name,
        "kvk_number": "68750110",
        "permissions": permissions,
        "expires_on": "2099-01-01",
        "profile": { "level": "EH2", "branch_number": null, "authorisations": none(), "term": 1 },
        "accepted_terms": true,
    })
}

/// The client's expiry a year from now, as the page proposes.
pub fn next_year() -> String {
    let today = middelpunt_server::clock::today(middelpunt_server::clock::unix_now());
    today.add_days(365).unwrap().iso_string()
}

/// Creates a client as the demo manager; answers `(client, secret)`.
pub async fn create_client(app: &TestApp, name: &str, permissions: &[&str]) -> (Value, String) {
    let manager = log_in(app, DEMO_MANAGER).await;
    let mut body = new_client(name, permissions);
    body["expires_on"] = json!(next_year());
    let (status, issued) = post(app, &manager, "/api/v1/api-clients", body).await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    let secret = issued["secret"].as_str().unwrap().to_owned();
    (issued["client"].clone(), secret)
}

/// `method path` with the bearer `secret` (and `body`).
pub async fn bearer(
    app: &TestApp,
    secret: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.url))
        .bearer_auth(secret);
    if let Some(body) = body {
        request = request
            .json(&body)
            .header("Idempotency-Key", format!("client-{}", key_of(&body)));
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// An idempotency key that differs for different bodies.
fn key_of(body: &Value) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    body.to_string().hash(&mut hasher);
    hasher.finish()
}

#[tokio::test]
async fn a_client_is_made_with_its_profile_and_its_secret_shown_once() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let mut body = new_client("Entra ID", &["order", "read_users", "revoke"]);
    body["expires_on"] = json!(next_year());
    let (status, issued) = post(&app, &manager, "/api/v1/api-clients", body).await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    let secret = issued["secret"].as_str().unwrap();
    assert!(
        secret.starts_with("mpk_") && secret.len() == 4 + 43,
        "{secret}"
    );
    let client = &issued["client"];
    let id = client["id"].as_str().unwrap();
    assert!(id.starts_with("KP-"), "{id}");
    assert_eq!(client["status"], "active");
    assert_eq!(
        client["permissions"],
        json!(["read_users", "order", "revoke"])
    );
    assert_eq!(client["secret_hint"], secret[..8]);
    assert_eq!(client["created_by"], "Bea Beheerder");
    assert_eq!(client["last_used_at"], Value::Null);
    // The price of one person under the profile, as the wizard quotes it.
    let quote = app
        .client
        .post(format!("{}/api/v1/quotes", app.url))
        .json(&json!({"level": "EH2", "term": 1, "users": 1, "authorisations_per_user": 0}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(client["price_per_user"], quote);

    // Never again: not in the list, not in the client.
    let (_, list) = get(&app, &manager, "/api/v1/api-clients").await;
    assert_eq!(list["clients"][0]["id"], id);
    assert!(!list.to_string().contains(secret));
    let (status, shown) = get(&app, &manager, &format!("/api/v1/api-clients/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!shown.to_string().contains(secret));

    // The audit log has the creation, by the manager.
    let (_, audit) = get(&app, &manager, "/api/v1/audit?action=api_client_created").await;
    assert_eq!(audit["entries"][0]["subject"], id, "{audit}");
}

#[tokio::test]
async fn a_wrong_client_is_refused_field_by_field() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let body = json!({
        "name": "  ",
        "kvk_number": "68750110",
        "permissions": [],
        "expires_on": "2020-01-01",
        "profile": { "level": "EH2", "branch_number": "999999999999",
                     "authorisations": {"kind": "selected", "providers": [], "services": []}, "term": 1 },
        "accepted_terms": false,
    });
    let (status, error) = post(&app, &manager, "/api/v1/api-clients", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["code"], "api_client_invalid");
    let locations: Vec<&str> = error["details"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["location"].as_str().unwrap())
        .collect();
    assert_eq!(
        locations,
        [
            "name",
            "permissions",
            "expires_on",
            "profile.branch_number",
            "profile.authorisations",
            "accepted_terms"
        ],
        "{error}"
    );
    // Not an organisation of the manager's.
    let mut other = new_client("X", &["order"]);
    other["kvk_number"] = json!("68727720");
    other["expires_on"] = json!(next_year());
    let (status, error) = post(&app, &manager, "/api/v1/api-clients", other).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error["code"], "organisation_not_managed");
    let (_, list) = get(&app, &manager, "/api/v1/api-clients").await;
    assert_eq!(list["clients"], json!([]));
    let (status, error) = get(&app, &manager, "/api/v1/api-clients/KP-AAAAA-AAAAA").await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("api_client_not_found"))
    );
}

#[tokio::test]
async fn a_secret_orders_and_reads_for_its_organisation_only_and_the_audit_names_the_client() {
    let app = demo_app(&[]).await;
    let (client, secret) = create_client(&app, "HR-systeem", &["order", "read_users"]).await;
    let order = json!({
        "kvk_number": "68750110", "branch_number": null, "level": "EH2",
        "users": [user("Hanna", "Hr", "hanna@voorbeeld.nl", "J")],
        "authorisations": none(), "term": 1, "accepted_terms": true
    });
    let (status, placed) = bearer(
        &app,
        &secret,
        Method::POST,
        "/api/v1/orders",
        Some(order.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let number = placed["order_number"].as_str().unwrap();
    let (status, _) = bearer(
        &app,
        &secret,
        Method::GET,
        &format!("/api/v1/orders/{number}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // Another organisation of the same manager: not the client's.
    let mut elsewhere = order.clone();
    elsewhere["kvk_number"] = json!("69599084");
    elsewhere["users"][0]["email"] = json!("other@voorbeeld.nl");
    let (status, error) = bearer(
        &app,
        &secret,
        Method::POST,
        "/api/v1/orders",
        Some(elsewhere),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(
        error["details"]["problems"][0]["code"], "organisation_not_managed",
        "{error}"
    );
    let manager = log_in(&app, DEMO_MANAGER).await;
    let mut own = order.clone();
    own["kvk_number"] = json!("69599084");
    let (status, other) = crate::orders::place(&app, &manager, "manager-own-0001", &own).await;
    assert_eq!(status, StatusCode::CREATED);
    let other_number = other["order_number"].as_str().unwrap();
    let (status, _) = bearer(
        &app,
        &secret,
        Method::GET,
        &format!("/api/v1/orders/{other_number}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The lists show the client's organisation alone.
    let (status, users) = bearer(&app, &secret, Method::GET, "/api/v1/requests", None).await;
    assert_eq!(status, StatusCode::OK, "{users}");
    assert_eq!(users["total"], 1, "{users}");
    assert_eq!(
        users["requests"][0]["organisation"]["kvk_number"], "68750110",
        "{users}"
    );

    // No revoke permission: refused, and nothing without a token works as a session.
    let (status, error) = bearer(
        &app,
        &secret,
        Method::POST,
        &format!("/api/v1/requests/{number}-1/cancellation"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    assert_eq!(error["code"], "api_client_permission_missing");
    let (status, error) = bearer(&app, &secret, Method::GET, "/api/v1/api-clients", None).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("not_logged_in"))
    );
    let (status, error) =
        bearer(&app, "mpk_not-a-secret", Method::GET, "/api/v1/users", None).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("api_client_unauthorized"))
    );

    // The audit log names the client for its order; the client's last use is shown.
    let path = format!("/api/v1/audit?q={number}&action=order_placed");
    let (_, audit) = get(&app, &manager, &path).await;
    let entry = &audit["entries"][0];
    assert_eq!(entry["action"], "order_placed", "{audit}");
    let id = client["id"].as_str().unwrap();
    assert_eq!(
        entry["actor_name"],
        format!("Koppeling HR-systeem ({id})"),
        "{audit}"
    );
    let (_, shown) = get(&app, &manager, &format!("/api/v1/api-clients/{id}")).await;
    assert!(shown["last_used_at"].as_i64().is_some(), "{shown}");
}

#[tokio::test]
async fn a_rotated_secret_works_for_its_grace_period_and_a_revoked_client_not_at_all() {
    let app = demo_app(&[]).await;
    let (client, old) = create_client(&app, "Okta", &["read_users"]).await;
    let id = client["id"].as_str().unwrap();
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (status, rotated) = post(
        &app,
        &manager,
        &format!("/api/v1/api-clients/{id}/secret"),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{rotated}");
    let new = rotated["secret"].as_str().unwrap();
    assert_ne!(new, old);
    assert_eq!(rotated["client"]["secret_hint"], new[..8]);
    let until = rotated["client"]["previous_secret_valid_until"]
        .as_i64()
        .unwrap();
    let now = middelpunt_server::clock::unix_now();
    assert!(
        (now + 24 * 3600 - 5..=now + 24 * 3600 + 5).contains(&until),
        "{until}"
    );
    for secret in [old.as_str(), new] {
        let (status, _) = bearer(&app, secret, Method::GET, "/api/v1/users", None).await;
        assert_eq!(status, StatusCode::OK);
    }
    // After the grace period the old one ends: moved back in the database.
    sqlx::query("UPDATE api_client_secrets SET valid_until = $1 WHERE valid_until IS NOT NULL")
        .bind(now - 1)
        .execute(&app.state.db)
        .await
        .unwrap();
    let (status, _) = bearer(&app, &old, Method::GET, "/api/v1/users", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, revoked) = post(
        &app,
        &manager,
        &format!("/api/v1/api-clients/{id}/revocation"),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(revoked["status"], "revoked");
    let (status, _) = bearer(&app, new, Method::GET, "/api/v1/users", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, error) = post(
        &app,
        &manager,
        &format!("/api/v1/api-clients/{id}/secret"),
        Value::Null,
    )
    .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("api_client_not_active"))
    );
    let (_, audit) = get(&app, &manager, &format!("/api/v1/audit?q={id}")).await;
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "api_client_revoked",
            "api_client_secret_rotated",
            "api_client_created"
        ],
        "{audit}"
    );
}

/// The entries of `action` the demo manager reads, newest first.
pub async fn audit_entries(app: &TestApp, action: &str) -> Vec<Value> {
    let manager = log_in(app, DEMO_MANAGER).await;
    let (status, audit) = get(
        app,
        &manager,
        &format!("/api/v1/audit?action={action}&per_page=100"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{audit}");
    audit["entries"].as_array().unwrap().clone()
}

#[tokio::test]
async fn every_read_of_a_client_is_in_the_audit_log_once_per_call() {
    let app = demo_app(&[]).await;
    let (client, secret) = create_client(&app, "HR-systeem", &["order", "read_users"]).await;
    let id = client["id"].as_str().unwrap();
    let order = json!({
        "kvk_number": "68750110", "branch_number": null, "level": "EH2",
        "users": [user("Hanna", "Hr", "hanna@voorbeeld.nl", "J"),
                  user("Joost", "Hr", "joost@voorbeeld.nl", "J")],
        "authorisations": none(), "term": 1, "accepted_terms": true
    });
    let (status, placed) = bearer(&app, &secret, Method::POST, "/api/v1/orders", Some(order)).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let number = placed["order_number"].as_str().unwrap();
    let request = format!("{number}-1");

    // Reads that answer: one entry each, whatever the number of rows.
    for path in [
        "/api/v1/users?level=EH2".to_owned(),
        format!("/api/v1/users/{request}"),
        "/api/v1/requests".to_owned(),
        format!("/api/v1/requests/{request}"),
        format!("/api/v1/orders/{number}"),
    ] {
        let (status, answer) = bearer(&app, &secret, Method::GET, &path, None).await;
        assert_eq!(status, StatusCode::OK, "{path}: {answer}");
    }
    // A file checked: a call that changes nothing, recorded with its rows.
    let file = app
        .client
        .post(format!("{}/api/v1/user-files/validate", app.url))
        .bearer_auth(&secret)
        .header("X-File-Name", "team.csv")
        .body(
            "volledige voornamen;tussenvoegsel;achternaam;geboortedatum;geboorteplaats;\
             e-mailadres;mobiel nummer;loondienst\n\
             Anna;;Jansen;3-4-1990;Zwolle;anna@voorbeeld.nl;0612345678;J\n\
             Bram;;Smit;3-4-1991;Zwolle;bram@voorbeeld.nl;0612345679;J\n",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    // Refused reads add nothing: not found, or a wrong token.
    let (status, _) = bearer(
        &app,
        &secret,
        Method::GET,
        "/api/v1/users/MP-AAAAA-AAAAA-1",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = bearer(&app, "mpk_wrong", Method::GET, "/api/v1/requests", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The manager's own reading through the portal is no client's call.
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (status, _) = get(&app, &manager, "/api/v1/users").await;
    assert_eq!(status, StatusCode::OK);

    let entries = audit_entries(&app, "api_client_read").await;
    let details: Vec<(&str, &str)> = entries
        .iter()
        .rev()
        .map(|e| {
            (
                e["subject"].as_str().unwrap(),
                e["detail"].as_str().unwrap(),
            )
        })
        .collect();
    let users = format!("/api/v1/users/{request}");
    let requests = format!("/api/v1/requests/{request}");
    let orders = format!("/api/v1/orders/{number}");
    let [users_detail, requests_detail, orders_detail] =
        [&users, &requests, &orders].map(|path| format!("GET {path}; 1 resultaat"));
    assert_eq!(
        details,
        [
            (
                "/api/v1/users",
                "GET /api/v1/users; filter level=EH2; pagina 1; 2 resultaten"
            ),
            (users.as_str(), users_detail.as_str()),
            (
                "/api/v1/requests",
                "GET /api/v1/requests; pagina 1; 2 resultaten"
            ),
            (requests.as_str(), requests_detail.as_str()),
            (orders.as_str(), orders_detail.as_str()),
            (
                "/api/v1/user-files/validate",
                "POST /api/v1/user-files/validate; 2 resultaten"
            ),
        ],
        "{entries:?}"
    );
    let actor = format!("Koppeling HR-systeem ({id})");
    for entry in &entries {
        assert_eq!(entry["actor_name"], actor.as_str(), "{entry}");
        assert_eq!(entry["kvk_number"], "68750110", "{entry}");
    }
}
