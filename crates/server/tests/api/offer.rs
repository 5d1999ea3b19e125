//! The catalogue, the price list and quotes, as the wizard asks for them.

use serde_json::{Value, json};

use crate::helpers::spawn;

#[tokio::test]
async fn the_catalogue_lists_providers_with_services_and_minimum_levels() {
    let app = spawn().await;
    let catalogue: Value = app
        .get("/api/v1/catalogue")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let providers = catalogue["providers"].as_array().unwrap();
    let tax = providers
        .iter()
        .find(|p| p["id"] == "belastingdienst")
        .unwrap();
    assert_eq!(tax["services"][0]["min_level"], "EH3");
    assert!(
        providers
            .iter()
            .flat_map(|p| p["services"].as_array().unwrap())
            .any(|s| s["min_level"] == "EH4"),
        "EH4 services are listed so the wizard can say why they cannot be chosen"
    );
}

#[tokio::test]
async fn a_quote_prices_means_and_authorisations_beyond_the_free_five() {
    let app = spawn().await;
    let response = app
        .client
        .post(format!("{}/api/v1/quotes", app.url))
        .json(&json!({ "level": "EH3", "term": 3, "users": 4, "authorisations_per_user": 7 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let quote: Value = response.json().await.unwrap();
    // 4 × €90 + 4 × (7 − 5) × €25 = 360 + 200 = €560 excl. VAT
    assert_eq!(quote["total_excl_vat"], 56_000);
    assert_eq!(quote["vat"], 11_760);
    assert_eq!(quote["total_incl_vat"], 67_760);
    assert_eq!(quote["lines"][0]["kind"], "means");
    assert_eq!(quote["lines"][0]["quantity"], 4);
    assert_eq!(quote["lines"][1]["kind"], "authorisations");
    assert_eq!(quote["lines"][1]["quantity"], 8);
    // The free five per means are one line at zero, not a charge and its cancellation.
    assert_eq!(quote["lines"][2]["kind"], "free_authorisations");
    assert_eq!(quote["lines"][2]["quantity"], 20);
    assert_eq!(quote["lines"][2]["unit_price"], 0);
    assert_eq!(quote["lines"][2]["total"], 0);
}

#[tokio::test]
async fn a_quote_for_an_impossible_term_is_a_json_400() {
    let app = spawn().await;
    let response = app
        .client
        .post(format!("{}/api/v1/quotes", app.url))
        .json(&json!({ "level": "EH3", "term": 2, "users": 1, "authorisations_per_user": 0 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "invalid_body");
}
