//! Passkeys through the API: what the options ask of the browser, and every refusal. (A real
//! credential needs an authenticator: the browser test makes them with Chromium's virtual
//! authenticator, tests/e2e/passkeys.test.mjs.)

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{EMAIL, Session, error_code, invite, set_up};
use crate::helpers::{TestApp, spawn_with_vars};

/// A credential in the browser's JSON form that no authenticator made.
fn forged() -> Value {
    json!({
        "id": "AAAA", "rawId": "AAAA", "type": "public-key",
        "response": {
            "clientDataJSON": "e30", "authenticatorData": "AAAA", "signature": "AAAA",
            "attestationObject": "AAAA", "userHandle": null
        },
        "clientExtensionResults": {}
    })
}

async fn post(app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    app.client
        .post(format!("{}{path}", app.url))
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_sign_in_ceremony_works_once_and_a_forged_passkey_signs_in_nobody() {
    let app = super::app().await;
    let started = post(&app, "/api/v1/passkey-sign-in/options", json!({})).await;
    assert_eq!(started.status(), StatusCode::CREATED);
    let started: Value = started.json().await.unwrap();
    let options = &started["options"]["publicKey"];
    assert_eq!(options["rpId"], "localhost", "{started}");
    assert_eq!(options["userVerification"], "required");
    assert!(options["challenge"].as_str().unwrap().len() >= 43);
    assert!(started.get("mediation").is_none() && started["options"].get("mediation").is_none());
    let ceremony = started["ceremony"].as_str().unwrap();

    let answer = json!({ "ceremony": ceremony, "credential": forged() });
    let refused = post(&app, "/api/v1/passkey-sign-in", answer.clone()).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert!(
        !refused.headers().contains_key("set-cookie"),
        "a refused passkey starts no session"
    );
    assert_eq!(error_code(refused).await, "passkey_refused");
    let again = post(&app, "/api/v1/passkey-sign-in", answer).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(again).await, "passkey_ceremony_invalid");
    let unknown = post(
        &app,
        "/api/v1/passkey-sign-in",
        json!({ "ceremony": "not-a-ceremony", "credential": forged() }),
    )
    .await;
    assert_eq!(error_code(unknown).await, "passkey_ceremony_invalid");
}

#[tokio::test]
async fn adding_a_passkey_asks_for_a_discoverable_verified_key_and_refuses_another_s_ceremony() {
    let app = super::app().await;
    let (session, _, _) = set_up(&app, &invite(&app, EMAIL).await).await;
    let started = session
        .post(&app, "/api/v1/account/passkeys/options", json!({}))
        .await;
    assert_eq!(started.status(), StatusCode::CREATED);
    let started: Value = started.json().await.unwrap();
    let options = &started["options"]["publicKey"];
    assert_eq!(options["user"]["name"], EMAIL);
    assert_eq!(options["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "required"
    );
    let ceremony = started["ceremony"].as_str().unwrap().to_owned();

    // A forged credential is refused; the ceremony is then used.
    let body = |name: &str| json!({ "ceremony": ceremony, "name": name, "credential": forged() });
    let nameless = session
        .post(&app, "/api/v1/account/passkeys", body(" "))
        .await;
    assert_eq!(nameless.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(nameless).await, "passkey_name_invalid");
    let forged_key = session
        .post(&app, "/api/v1/account/passkeys", body("Laptop"))
        .await;
    assert_eq!(forged_key.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(forged_key).await, "passkey_refused");

    // Another account cannot finish this account's ceremony.
    let other = session
        .post(&app, "/api/v1/account/passkeys/options", json!({}))
        .await
        .json::<Value>()
        .await
        .unwrap();
    let (intruder, _, _) = set_up(&app, &invite(&app, "ander@klant.example").await).await;
    let taken = intruder
        .post(
            &app,
            "/api/v1/account/passkeys",
            json!({ "ceremony": other["ceremony"], "name": "X", "credential": forged() }),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(taken).await, "passkey_ceremony_invalid");

    // The list: none yet, and the app; a passkey that is not there is not removed.
    let listed = session.json(&app, "/api/v1/account/passkeys").await;
    assert_eq!(listed, json!({ "passkeys": [], "authenticator_app": true }));
    let missing = session.delete(&app, "/api/v1/account/passkeys/12345").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(missing).await, "passkey_not_found");
    // The second factor with a passkey needs one.
    let none = session
        .post(&app, "/api/v1/session/passkey/options", json!({}))
        .await;
    assert_eq!(error_code(none).await, "passkey_not_found");
}

#[tokio::test]
async fn a_session_that_gave_only_the_password_adds_no_passkey() {
    let app = super::app().await;
    let token = invite(&app, EMAIL).await;
    let (_, _, _) = set_up(&app, &token).await;
    let (pending, _) = Session::from(super::sign_in(&app, EMAIL, super::PASSWORD).await).await;
    let refused = pending
        .post(&app, "/api/v1/account/passkeys/options", json!({}))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(refused).await, "second_factor_required");
    let anonymous = post(&app, "/api/v1/account/passkeys/options", json!({})).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_server_whose_public_url_is_an_ip_address_offers_no_passkeys() {
    let app = spawn_with_vars(&[("MIDDELPUNT_PUBLIC_URL", "http://127.0.0.1:8080")]).await;
    let refused = app
        .client
        .post(format!("{}/api/v1/passkey-sign-in/options", app.url))
        .header("origin", "http://127.0.0.1:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(refused).await, "passkeys_unavailable");
}
