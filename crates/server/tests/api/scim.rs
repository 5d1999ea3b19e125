//! The SCIM service provider at /scim/v2, as an identity provider such as Microsoft Entra ID
//! calls it: creating orders under the client's profile, lookups by userName, Entra ID's PATCH
//! forms, ETags, permissions, and details that follow the request only until the user confirms
//! them. (scim2-tester and the joiner-to-leaver scenario run in `cargo xtask scim`.)

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::activation::step;
use crate::clients::create_client;
use crate::helpers::{DEMO_MANAGER, TestApp, log_in};
use crate::machtigingen::get;
use crate::orders::{count, demo_app, invitations};
use crate::outbox::eventually;

pub const EXTENSION: &str = "urn:middelpunt:params:scim:schemas:extension:eherkenning:2.0:User";

/// `method /scim/v2{path}` with the bearer `secret`, a SCIM body and `If-Match`.
pub async fn scim(
    app: &TestApp,
    secret: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
    if_match: Option<&str>,
) -> (StatusCode, Value, reqwest::header::HeaderMap) {
    let mut request = app
        .client
        .request(method, format!("{}/scim/v2{path}", app.url))
        .bearer_auth(secret);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/scim+json")
            .body(body.to_string());
    }
    if let Some(tag) = if_match {
        request = request.header("if-match", tag);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
    )
}

/// A joiner as Entra ID sends one, with Middelpunt's extension.
pub fn joiner(user_name: &str, email: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", EXTENSION],
        "userName": user_name,
        "externalId": format!("ext-{user_name}"),
        "active": true,
        "name": { "givenName": "Sanne", "familyName": "Berg" },
        "emails": [{ "value": email, "type": "work", "primary": true }],
        "phoneNumbers": [{ "value": "06 11 22 33 44", "type": "mobile" }],
        EXTENSION: {
            "firstNames": "Sanne Maria", "infix": "van den", "birthDate": "1990-06-01",
            "birthPlace": "Zwolle", "employed": true
        }
    })
}

/// The state of the user `id`, asked for explicitly (it is returned on request only).
async fn state(app: &TestApp, secret: &str, id: &str) -> Value {
    let path = format!("/Users/{id}?attributes={EXTENSION}:requestId,{EXTENSION}:requestStatus");
    let (status, user, _) = scim(app, secret, Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::OK, "{user}");
    user[EXTENSION].clone()
}

pub fn entra_patch(operations: Value) -> Value {
    json!({ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": operations })
}

#[tokio::test]
async fn an_identity_provider_orders_finds_and_ends_users_within_its_permissions() {
    let app = demo_app(&[]).await;
    let (_, secret) = create_client(&app, "Entra ID", &["read_users", "order", "revoke"]).await;

    // Created: ordered under the profile, the invitation sent as from the wizard.
    let body = joiner("sanne@gemeente.nl", "sanne@voorbeeld.nl");
    let (status, user, headers) =
        scim(&app, &secret, Method::POST, "/Users", Some(body), None).await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    assert_eq!(headers["content-type"], "application/scim+json");
    let id = user["id"].as_str().unwrap().to_owned();
    let location = headers["location"].to_str().unwrap();
    assert!(
        location.ends_with(&format!("/scim/v2/Users/{id}")),
        "{location}"
    );
    assert_eq!(headers["etag"], "W/\"1\"");
    assert_eq!(user["active"], true);
    assert_eq!(user["displayName"], "Sanne Maria van den Berg");
    assert_eq!(
        user[EXTENSION].get("requestStatus"),
        None,
        "on request only: {user}"
    );
    let requested = state(&app, &secret, &id).await;
    assert_eq!(requested["requestStatus"], "invited");
    let request_id = requested["requestId"].as_str().unwrap().to_owned();
    eventually("the invitation", || async {
        invitations(&app)
            .await
            .into_iter()
            .find(|m| m["recipient"] == "sanne@voorbeeld.nl")
    })
    .await;

    // The same userName in other letters: taken. Wrong details: the wizard's messages, no order.
    let again = joiner("SANNE@gemeente.nl", "other@voorbeeld.nl");
    let (status, error, _) = scim(&app, &secret, Method::POST, "/Users", Some(again), None).await;
    assert_eq!(
        (status, error["scimType"].as_str()),
        (StatusCode::CONFLICT, Some("uniqueness"))
    );
    let requests = count(&app, "requests").await;
    let mut wrong = joiner("piet@gemeente.nl", "piet@voorbeeld.nl");
    wrong[EXTENSION]["birthDate"] = json!("2090-01-01");
    wrong["phoneNumbers"][0]["value"] = json!("020 123 4567");
    let (status, error, _) = scim(&app, &secret, Method::POST, "/Users", Some(wrong), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["scimType"], "invalidValue");
    assert_eq!(error["status"], "400");
    let detail = error["detail"].as_str().unwrap();
    assert!(
        detail.contains("geboortedatum") && detail.contains("mobiel nummer"),
        "{detail}"
    );
    assert_eq!(count(&app, "requests").await, requests);

    // Entra ID's lookups; a filter that does not parse.
    for filter in [
        "userName eq \"SANNE@GEMEENTE.NL\"",
        "externalId eq \"ext-sanne@gemeente.nl\"",
        "emails[type eq \"work\" and value co \"@voorbeeld.nl\"]",
        "active eq true and name.familyName sw \"be\"",
    ] {
        let path = format!("/Users?filter={}", urlencode(filter));
        let (status, list, _) = scim(&app, &secret, Method::GET, &path, None, None).await;
        assert_eq!(status, StatusCode::OK, "{filter}: {list}");
        assert_eq!(list["totalResults"], 1, "{filter}: {list}");
        assert_eq!(list["Resources"][0]["id"], id.as_str());
    }
    let path = format!(
        "/Users?filter={}",
        urlencode("externalId eq \"EXT-SANNE@GEMEENTE.NL\"")
    );
    let (_, list, _) = scim(&app, &secret, Method::GET, &path, None, None).await;
    assert_eq!(list["totalResults"], 0, "externalId is case-exact: {list}");
    let path = format!("/Users?filter={}", urlencode("userName eq"));
    let (status, error, _) = scim(&app, &secret, Method::GET, &path, None, None).await;
    assert_eq!(
        (status, error["scimType"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalidFilter"))
    );

    // A stale ETag is refused; Entra ID's PATCH of active as the text "False" cancels.
    let leave = entra_patch(json!([{ "op": "Replace", "path": "active", "value": "False" }]));
    let path = format!("/Users/{id}");
    let (status, _, _) = scim(
        &app,
        &secret,
        Method::PATCH,
        &path,
        Some(leave.clone()),
        Some("W/\"7\""),
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, left, headers) = scim(
        &app,
        &secret,
        Method::PATCH,
        &path,
        Some(leave),
        Some("W/\"1\""),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{left}");
    assert_eq!(left["active"], false);
    assert_eq!(headers["etag"], "W/\"2\"");
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (_, request) = get(&app, &manager, &format!("/api/v1/requests/{request_id}")).await;
    assert_eq!(request["status"], "cancelled", "{request}");

    // A client without the permission to order, and no token at all.
    let (_, reader) = create_client(&app, "Alleen lezen", &["read_users"]).await;
    let body = joiner("kees@gemeente.nl", "kees@voorbeeld.nl");
    let (status, _, _) = scim(&app, &reader, Method::POST, "/Users", Some(body), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, list, _) = scim(&app, &reader, Method::GET, "/Users", None, None).await;
    assert_eq!(
        (status, list["totalResults"].as_i64()),
        (StatusCode::OK, Some(0)),
        "another client's users"
    );
    let response = app
        .client
        .get(format!("{}/scim/v2/Users", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(
        response.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
}

#[tokio::test]
async fn details_follow_the_request_until_the_user_confirms_them() {
    let app = demo_app(&[]).await;
    let (_, secret) = create_client(&app, "HR", &["read_users", "order", "revoke"]).await;
    let body = joiner("anna@gemeente.nl", "anna@voorbeeld.nl");
    let (status, user, _) = scim(&app, &secret, Method::POST, "/Users", Some(body), None).await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    let id = user["id"].as_str().unwrap().to_owned();
    let request_id = state(&app, &secret, &id).await["requestId"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/Users/{id}");

    // Before the user confirms: the name and the e-mail address follow (a new link goes out).
    let fix = entra_patch(json!([
        { "op": "replace", "value": { "name.familyName": "Bakker" } },
        { "op": "Replace", "path": "emails[type eq \"work\"].value", "value": "anna.bakker@voorbeeld.nl" }
    ]));
    let (status, fixed, _) = scim(&app, &secret, Method::PATCH, &path, Some(fix), None).await;
    assert_eq!(status, StatusCode::OK, "{fixed}");
    assert_eq!(fixed["displayName"], "Sanne Maria van den Bakker");
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (_, request) = get(&app, &manager, &format!("/api/v1/requests/{request_id}")).await;
    assert_eq!(request["name"], "Sanne Maria van den Bakker", "{request}");
    assert_eq!(request["email"], "anna.bakker@voorbeeld.nl", "{request}");
    let mail = eventually("the new invitation", || async {
        invitations(&app)
            .await
            .into_iter()
            .find(|m| m["recipient"] == "anna.bakker@voorbeeld.nl")
    })
    .await;
    let text = mail["text"].as_str().unwrap();
    let start = text.find("/activeren/").unwrap() + "/activeren/".len();
    let token = text[start..].split(char::is_whitespace).next().unwrap();

    // Once confirmed, the details are the means': a change is refused, the record kept.
    assert_eq!(
        step(&app, "/email-confirmation", token, None).await.0,
        StatusCode::OK
    );
    let late =
        entra_patch(json!([{ "op": "replace", "path": "name.familyName", "value": "Visser" }]));
    let (status, error, _) = scim(&app, &secret, Method::PATCH, &path, Some(late), None).await;
    assert_eq!(
        (status, error["scimType"].as_str()),
        (StatusCode::BAD_REQUEST, Some("mutability")),
        "{error}"
    );
    let (_, user, _) = scim(&app, &secret, Method::GET, &path, None, None).await;
    assert_eq!(user["name"]["familyName"], "Bakker");

    // DELETE cancels the request; the user is gone, the request stays in Beheer.
    let (status, _, _) = scim(&app, &secret, Method::DELETE, &path, None, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, _) = scim(&app, &secret, Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, request) = get(&app, &manager, &format!("/api/v1/requests/{request_id}")).await;
    assert_eq!(request["status"], "cancelled", "{request}");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn every_scim_read_is_in_the_audit_log_once_with_its_filter_and_count() {
    let app = demo_app(&[]).await;
    let (client, secret) = create_client(&app, "Entra ID", &["read_users", "order"]).await;
    let client_id = client["id"].as_str().unwrap();
    let mut ids = Vec::new();
    for name in ["sanne", "piet"] {
        let body = joiner(
            &format!("{name}@gemeente.nl"),
            &format!("{name}@voorbeeld.nl"),
        );
        let (status, user, _) = scim(&app, &secret, Method::POST, "/Users", Some(body), None).await;
        assert_eq!(status, StatusCode::CREATED, "{user}");
        ids.push(user["id"].as_str().unwrap().to_owned());
    }

    // A lookup, a whole list, one user, a search in the body: one entry each.
    let lookup = "/Users?filter=userName%20eq%20%22sanne%40gemeente.nl%22";
    let one = format!("/Users/{}", ids[1]);
    for path in [lookup, "/Users", one.as_str()] {
        let (status, answer, _) = scim(&app, &secret, Method::GET, path, None, None).await;
        assert_eq!(status, StatusCode::OK, "{path}: {answer}");
    }
    let search = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": "emails.value co \"@voorbeeld.nl\"", "count": 1
    });
    let (status, found, _) = scim(
        &app,
        &secret,
        Method::POST,
        "/Users/.search",
        Some(search),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["totalResults"], 2, "{found}");
    // Not found, or no token: nothing recorded; the discovery documents need no client.
    let (status, _, _) = scim(&app, &secret, Method::GET, "/Users/nobody", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = scim(&app, "mpk_wrong", Method::GET, "/Users", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = scim(&app, &secret, Method::GET, "/Schemas", None, None).await;
    assert_eq!(status, StatusCode::OK);

    let entries = crate::clients::audit_entries(&app, "api_client_read").await;
    let got: Vec<(&str, &str)> = entries
        .iter()
        .rev()
        .map(|e| {
            (
                e["subject"].as_str().unwrap(),
                e["detail"].as_str().unwrap(),
            )
        })
        .collect();
    let user_path = format!("/scim/v2/Users/{}", ids[1]);
    let user_detail = format!("GET {user_path}; 1 resultaat");
    assert_eq!(
        got,
        [
            (
                "/scim/v2/Users",
                "GET /scim/v2/Users; filter userName eq \"sanne@gemeente.nl\"; 1 resultaat"
            ),
            ("/scim/v2/Users", "GET /scim/v2/Users; 2 resultaten"),
            (user_path.as_str(), user_detail.as_str()),
            (
                "/scim/v2/Users/.search",
                "POST /scim/v2/Users/.search; filter emails.value co \"@voorbeeld.nl\"; 1 resultaat"
            ),
        ],
        "{entries:?}"
    );
    let actor = format!("Koppeling Entra ID ({client_id})");
    assert!(
        entries.iter().all(|e| e["actor_name"] == actor.as_str()),
        "{entries:?}"
    );
}

/// The (subject, detail) of every entry of `action`, oldest first, all by the client named
/// `actor` at an organisation.
async fn scim_entries(app: &TestApp, action: &str, actor: &str) -> Vec<(String, String)> {
    let entries = crate::clients::audit_entries(app, action).await;
    for entry in &entries {
        assert_eq!(entry["actor_name"], actor, "{entry}");
        assert!(entry["kvk_number"].is_string(), "{entry}");
    }
    entries
        .iter()
        .rev()
        .map(|e| {
            let text = |key: &str| e[key].as_str().unwrap().to_owned();
            (text("subject"), text("detail"))
        })
        .collect()
}

#[tokio::test]
async fn every_scim_write_to_a_stored_user_is_in_the_audit_log_once() {
    let app = demo_app(&[]).await;
    let permissions = ["read_users", "order", "revoke"];
    let (client, secret) = create_client(&app, "Entra ID", &permissions).await;
    let actor = format!("Koppeling Entra ID ({})", client["id"].as_str().unwrap());
    let orders_before = count(&app, "orders").await;

    // An inactive joiner: stored, nothing ordered, one entry.
    let mut body = joiner("piet@gemeente.nl", "piet@voorbeeld.nl");
    body["active"] = json!(false);
    let (status, user, _) = scim(&app, &secret, Method::POST, "/Users", Some(body), None).await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    assert_eq!(count(&app, "orders").await, orders_before);
    let id = user["id"].as_str().unwrap().to_owned();
    let (path, subject) = (format!("/Users/{id}"), format!("/scim/v2/Users/{id}"));
    let created = scim_entries(&app, "scim_user_created", &actor).await;
    let detail = "userName piet@gemeente.nl; active false, niets besteld";
    assert_eq!(created, [(subject.clone(), detail.to_owned())]);

    // A PATCH of externalId; a stale If-Match (412) changes and records nothing.
    let patch = entra_patch(json!([{ "op": "replace", "path": "externalId", "value": "ext-2" }]));
    let (status, answer, _) = scim(
        &app,
        &secret,
        Method::PATCH,
        &path,
        Some(patch.clone()),
        Some("W/\"99\""),
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{answer}");
    let (status, patched, _) = scim(&app, &secret, Method::PATCH, &path, Some(patch), None).await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_eq!(patched["externalId"], "ext-2");

    // A PUT with another userName and a title, still inactive.
    let mut body = joiner("pieter@gemeente.nl", "piet@voorbeeld.nl");
    body["active"] = json!(false);
    body["externalId"] = json!("ext-2");
    body["title"] = json!("Adviseur");
    let (status, put, _) = scim(&app, &secret, Method::PUT, &path, Some(body), None).await;
    assert_eq!(status, StatusCode::OK, "{put}");
    let changed = scim_entries(&app, "scim_user_changed", &actor).await;
    let expected = [
        "userName piet@gemeente.nl; gewijzigd: externalId",
        "userName pieter@gemeente.nl; gewijzigd: userName, title",
    ]
    .map(|detail| (subject.clone(), detail.to_owned()));
    assert_eq!(changed, expected);

    // A DELETE: a stale If-Match records nothing; without a live request, one entry.
    let stale = Some("W/\"1\"");
    let (status, _, _) = scim(&app, &secret, Method::DELETE, &path, None, stale).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert!(
        scim_entries(&app, "scim_user_deleted", &actor)
            .await
            .is_empty()
    );
    let (status, _, _) = scim(&app, &secret, Method::DELETE, &path, None, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let deleted = scim_entries(&app, "scim_user_deleted", &actor).await;
    let detail = "userName pieter@gemeente.nl".to_owned();
    assert_eq!(deleted, [(subject.clone(), detail)]);
    assert_eq!(count(&app, "orders").await, orders_before);

    // An active joiner is the order's entry alone; deleting them revokes and records the
    // user's removal besides.
    let body = joiner("sanne@gemeente.nl", "sanne@voorbeeld.nl");
    let (status, user, _) = scim(&app, &secret, Method::POST, "/Users", Some(body), None).await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    let sanne = format!("/Users/{}", user["id"].as_str().unwrap());
    let (status, _, _) = scim(&app, &secret, Method::DELETE, &sanne, None, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let deleted = scim_entries(&app, "scim_user_deleted", &actor).await;
    let sanne = (
        format!("/scim/v2{sanne}"),
        "userName sanne@gemeente.nl".to_owned(),
    );
    assert_eq!(deleted.last(), Some(&sanne));
    assert_eq!(deleted.len(), 2);
    assert_eq!(
        scim_entries(&app, "scim_user_changed", &actor).await.len(),
        2
    );
    assert_eq!(
        scim_entries(&app, "scim_user_created", &actor).await.len(),
        1
    );
}
