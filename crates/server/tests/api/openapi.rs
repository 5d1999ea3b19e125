//! The served OpenAPI document describes every API route, and only those; it is the one the
//! route table builds; and the conformance check (crate::conformance) refuses an answer that
//! does not match it.

use std::collections::BTreeSet;

use middelpunt_server::Config;
use middelpunt_server::openapi;
use middelpunt_server::routes::api_routes;
use serde_json::{Value, json};

use crate::conformance::Checker;
use crate::helpers::spawn_with_vars;

#[tokio::test]
async fn the_document_lists_every_route_and_its_references_resolve() {
    let app = spawn_with_vars(&[("MIDDELPUNT_DEV_MAILBOX", "true")]).await;
    let response = app.get("/api/v1/openapi.json").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(document, openapi::build(&app.state.config));

    let documented: BTreeSet<&str> = document["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let routes = api_routes(&app.state.config);
    let routed: BTreeSet<&str> = routes.iter().map(|(path, _)| *path).collect();
    assert_eq!(documented, routed);
    assert!(documented.contains("/api/v1/dev/messages"));
    // Each entry's operations are documented at the entry's own path.
    for (path, (_, paths, _)) in &routes {
        let keys: Vec<&String> = paths.paths.keys().collect();
        assert_eq!(keys, [path], "the utoipa path of the handlers of {path}");
    }

    let error = &document["components"]["schemas"]["Error"];
    assert_eq!(error["required"], json!(["code", "message"]));

    let mut references = Vec::new();
    collect_refs(&document, &mut references);
    assert!(!references.is_empty());
    for reference in references {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external $ref {reference}"));
        assert!(
            document.pointer(pointer).is_some(),
            "dangling $ref {reference}"
        );
    }
}

#[tokio::test]
async fn the_development_mailbox_is_documented_only_when_it_is_routed() {
    // Off: e-mail goes out over SMTP. (Without an SMTP host the mailbox is on by default.)
    let app = spawn_with_vars(&[
        ("MIDDELPUNT_SMTP_HOST", "127.0.0.1"),
        ("MIDDELPUNT_SMTP_TLS", "none"),
        ("MIDDELPUNT_DEV_MAILBOX", "false"),
    ])
    .await;
    let unrouted = app.get("/api/v1/dev/messages").send().await.unwrap();
    assert_eq!(unrouted.status(), 404);
    let document: Value = app
        .get("/api/v1/openapi.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(document["paths"].get("/api/v1/dev/messages").is_none());
    assert!(document["paths"].get("/api/v1/health").is_some());
}

#[test]
fn every_operation_documents_the_shared_answers_and_headers() {
    let document = openapi::build(&Config::default());
    let operation = |path: &str, method: &str| document["paths"][path][method].clone();
    let statuses = |operation: &Value| -> BTreeSet<String> {
        operation["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let parameters = |operation: &Value| -> Vec<String> {
        operation["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p["$ref"]
                    .as_str()
                    .or(p["name"].as_str())
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };

    // A state-changing request with a session: CSRF header, 401, 403, and its JSON body's.
    let order = operation("/api/v1/orders", "post");
    for status in [
        "201", "200", "400", "401", "403", "413", "415", "422", "500", "503",
    ] {
        assert!(statuses(&order).contains(status), "placeOrder {status}");
    }
    let order_parameters = parameters(&order);
    // With a session the CSRF token; an API client's bearer token needs none.
    assert!(order_parameters.contains(&"#/components/parameters/CsrfTokenWithSession".to_owned()));
    assert!(
        order["security"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"apiClient": []}))
    );
    let rotate = operation("/api/v1/api-clients/{client_id}/secret", "post");
    assert!(parameters(&rotate).contains(&"#/components/parameters/CsrfToken".to_owned()));
    assert!(order_parameters.contains(&"Idempotency-Key".to_owned()));
    assert_eq!(order["requestBody"]["x-max-body-bytes"], 256 * 1024);

    // A read with a session: no CSRF token.
    let users = operation("/api/v1/users", "get");
    assert!(statuses(&users).contains("401"));
    assert!(!parameters(&users).contains(&"#/components/parameters/CsrfToken".to_owned()));

    // "Who am I" is no error without a session.
    assert!(!statuses(&operation("/api/v1/session", "get")).contains("401"));

    // The users file: raw bytes up to the configured limit, so no 415.
    let validate = operation("/api/v1/user-files/validate", "post");
    assert_eq!(
        validate["requestBody"]["x-max-body-bytes"],
        Config::default().import_max_bytes
    );
    assert!(statuses(&validate).contains("413"));
    assert!(!statuses(&validate).contains("415"));
}

#[test]
fn the_conformance_check_refuses_an_answer_the_document_does_not_allow() {
    let checker = Checker::new(openapi::build(&Config::default()));
    let json = Some("application/json");
    let health = br#"{"status":"ok","database":"ok","version":"0.1.0"}"#;
    assert_eq!(
        checker.validate("GET", "/api/v1/health", 200, json, health),
        Ok(())
    );
    // A field of the wrong type.
    let wrong = br#"{"status":1,"database":"ok","version":"0.1.0"}"#;
    assert!(
        checker
            .validate("GET", "/api/v1/health", 200, json, wrong)
            .is_err()
    );
    // A status the operation does not document.
    assert!(
        checker
            .validate("GET", "/api/v1/health", 418, json, health)
            .is_err()
    );
    // An error that is not in the one shape.
    assert!(
        checker
            .validate("GET", "/api/v1/users", 401, json, br#"{"error":"no"}"#)
            .is_err()
    );
    let not_logged_in = br#"{"code":"not_logged_in","message":"Log in."}"#;
    assert_eq!(
        checker.validate("GET", "/api/v1/users", 401, json, not_logged_in),
        Ok(())
    );
    // The wrong content type, and the literal path over the template.
    assert!(
        checker
            .validate("GET", "/api/v1/users/export.csv", 200, json, b"{}")
            .is_err()
    );
    // An unknown path answers the JSON 404.
    let not_found = br#"{"code":"not_found","message":"Niet gevonden."}"#;
    assert_eq!(
        checker.validate("GET", "/api/v1/nope", 404, json, not_found),
        Ok(())
    );
    assert!(
        checker
            .validate("GET", "/api/v1/nope", 200, json, not_found)
            .is_err()
    );
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(reference)) => out.push(reference.clone()),
                    _ => collect_refs(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}
