//! `GET /api/v1/organisations/{kvk_number}`: with the embedded KvK test register (the default)
//! and with KvK's API (a fake on 127.0.0.1).

use serde_json::Value;

use crate::fake_kvk::{self, API_KEY, BRANCHES_AWAY_NUMBER, PROFILE_AWAY_NUMBER};
use crate::helpers::{DEMO_MANAGER, TestApp, log_in, spawn_with_vars};

/// The application with the demo manager, who looks organisations up.
async fn spawn() -> TestApp {
    spawn_with_vars(&[("MIDDELPUNT_DEMO", "true")]).await
}

/// As the logged-in demo manager.
async fn organisation(app: &TestApp, number: &str, lang: &str) -> (u16, Value) {
    let manager = log_in(app, DEMO_MANAGER).await;
    let response = app
        .get(&format!("/api/v1/organisations/{number}"))
        .header("cookie", manager.cookie)
        .header("Accept-Language", lang)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    assert_eq!(response.headers()["content-type"], "application/json");
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_known_organisation_comes_with_its_branches() {
    let app = spawn().await;
    let (status, donald) = organisation(&app, "68750110", "nl").await;
    assert_eq!(status, 200, "{donald}");
    assert_eq!(donald["kvk_number"], "68750110");
    assert_eq!(donald["name"], "Test BV Donald");
    assert_eq!(
        donald["legal_form"],
        "Besloten vennootschap met gewone structuur"
    );
    assert_eq!(donald["visiting_address"]["street"], "Hizzaarderlaan");
    assert_eq!(donald["visiting_address"]["house_number"], "3 A");
    assert_eq!(donald["visiting_address"]["postcode"], "8823SJ");
    assert_eq!(donald["visiting_address"]["city"], "Lollum");
    assert_eq!(donald["postal_address"]["po_box"], "200");
    assert_eq!(donald["postal_address"]["city"], "Rommeldam");
    assert_eq!(donald["main_branch"], "000037178598");
    let branches = donald["branches"].as_array().unwrap();
    assert_eq!(branches.len(), 2);
    assert_eq!(branches[0]["branch_number"], "000037178598");
    assert_eq!(branches[0]["is_main"], true);
    assert_eq!(branches[1]["branch_number"], "000037178601");
    assert_eq!(branches[1]["is_main"], false);

    // What the SPA reads it into.
    let typed: domain::organisation::Organisation = serde_json::from_value(donald).unwrap();
    assert_eq!(
        typed.branches[1].trade_name,
        "Test BV Donald Nevenvestiging"
    );
}

#[tokio::test]
async fn the_number_may_be_typed_with_spaces_and_dots() {
    let app = spawn().await;
    let (status, dagobert) = organisation(&app, "6959%209084", "nl").await;
    assert_eq!(status, 200, "{dagobert}");
    assert_eq!(dagobert["kvk_number"], "69599084");
    let branches: Vec<&str> = dagobert["branches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["branch_number"].as_str().unwrap())
        .collect();
    assert_eq!(branches, ["000038509504", "000038509520"]);
    assert_eq!(
        dagobert["branches"][1]["visiting_address"]["city"],
        "Maastricht"
    );
    let (status, _) = organisation(&app, "69.59.90.84", "nl").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_shielded_address_is_absent() {
    let app = spawn().await;
    let (status, shielded) = organisation(&app, "90001354", "nl").await;
    assert_eq!(status, 200, "{shielded}");
    assert_eq!(shielded["visiting_address"], Value::Null);
    assert_eq!(shielded["branches"][0]["branch_number"], "990000541921");
    assert_eq!(shielded["branches"][0]["visiting_address"], Value::Null);
    assert!(!shielded.to_string().contains("Afgeschermde"), "{shielded}");
}

#[tokio::test]
async fn an_unknown_number_is_a_clear_404() {
    let app = spawn().await;
    let (status, body) = organisation(&app, "12345678", "nl").await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "organisation_not_found");
    assert_eq!(
        body["message"],
        "Er is geen organisatie met KvK-nummer 12345678 in het Handelsregister"
    );
    assert_eq!(body["details"]["kvk_number"], "12345678");
    let (_, body) = organisation(&app, "12345678", "en").await;
    assert_eq!(
        body["message"],
        "There is no organisation with KvK number 12345678 in the Business Register"
    );
}

#[tokio::test]
async fn kvks_error_scenarios_answer_503() {
    let app = spawn().await;
    for number in ["90002903", "90004973"] {
        let (status, body) = organisation(&app, number, "nl").await;
        assert_eq!(status, 503, "{number}: {body}");
        assert_eq!(body["code"], "register_unavailable");
        assert_eq!(
            body["message"],
            "Het Handelsregister is nu niet bereikbaar. Probeer het over een paar minuten \
             opnieuw; uw gegevens blijven bewaard."
        );
    }
    let (_, body) = organisation(&app, "90002903", "en").await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("The Business Register"),
        "{body}"
    );
}

#[tokio::test]
async fn a_malformed_number_is_400_with_what_is_wrong() {
    let app = spawn().await;
    let (status, body) = organisation(&app, "6875011", "nl").await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "invalid_kvk_number");
    assert_eq!(
        body["message"],
        "Een KvK-nummer heeft 8 cijfers; u vulde er 7 in"
    );
    assert_eq!(body["details"]["reason"], "wrong_length");

    let (status, body) = organisation(&app, "6875011", "en-GB,en;q=0.9").await;
    assert_eq!(status, 400);
    assert_eq!(body["message"], "A KvK number has 8 digits; you entered 7");

    let (status, body) = organisation(&app, "6875O110", "nl").await;
    assert_eq!(status, 400);
    assert_eq!(
        body["message"],
        "Een KvK-nummer bestaat alleen uit cijfers; verwijder het teken ‘O’"
    );
    assert_eq!(body["details"]["reason"], "not_digits");
}

#[tokio::test]
async fn with_kvks_api_the_same_organisation_comes_from_the_api() {
    let fake = fake_kvk::start().await;
    let app = spawn_with_vars(&[
        ("MIDDELPUNT_DEMO", "true"),
        ("MIDDELPUNT_KVK", "api"),
        ("MIDDELPUNT_KVK_BASE_URL", &fake.base_url),
        ("MIDDELPUNT_KVK_API_KEY", API_KEY),
    ])
    .await;
    let (status, from_api) = organisation(&app, "68750110", "nl").await;
    assert_eq!(status, 200, "{from_api}");
    assert!(
        fake.paths()
            .contains(&"/v1/basisprofielen/68750110".to_owned())
    );

    let embedded = spawn().await;
    let (_, from_embedded) = organisation(&embedded, "68750110", "nl").await;
    assert_eq!(from_api, from_embedded);

    let (status, body) = organisation(&app, "12345678", "nl").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("organisation_not_found"))
    );
    let (status, body) = organisation(&app, "90002903", "nl").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (503, Some("register_unavailable"))
    );
    // A 404 that KvK marks as temporary is no "does not exist": try again in a minute.
    for number in [PROFILE_AWAY_NUMBER, BRANCHES_AWAY_NUMBER] {
        let manager = log_in(&app, DEMO_MANAGER).await;
        let response = app
            .get(&format!("/api/v1/organisations/{number}"))
            .header("cookie", manager.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 503, "{number}");
        assert_eq!(response.headers()["retry-after"], "60");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "register_unavailable", "{number}");
        assert_eq!(body["details"]["retry_after_seconds"], 60);
    }
}

#[tokio::test]
async fn an_unreachable_register_answers_503() {
    let base_url = fake_kvk::unreachable_base_url().await;
    let app = spawn_with_vars(&[
        ("MIDDELPUNT_DEMO", "true"),
        ("MIDDELPUNT_KVK", "api"),
        ("MIDDELPUNT_KVK_BASE_URL", &base_url),
        ("MIDDELPUNT_KVK_API_KEY", API_KEY),
    ])
    .await;
    let (status, body) = organisation(&app, "68750110", "nl").await;
    assert_eq!(status, 503);
    assert_eq!(body["code"], "register_unavailable");
    assert!(
        !body.to_string().contains("127.0.0.1"),
        "internals stay in the log: {body}"
    );
}

#[tokio::test]
async fn only_a_logged_in_manager_may_look_organisations_up() {
    // Every lookup may cost a paid call to KvK: no anonymous use.
    let app = spawn().await;
    let response = app
        .get("/api/v1/organisations/68750110")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "not_logged_in");
}
