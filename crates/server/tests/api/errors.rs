//! One JSON error shape for the whole API, in the request's language.

use middelpunt_server::ErrorBody;

use crate::helpers::spawn;

#[tokio::test]
async fn unknown_api_paths_are_json_404_in_dutch_by_default() {
    let app = spawn().await;
    for path in [
        "/api/v1/nope",
        "/api",
        "/api/",
        "/api/v2/health",
        "/api/v1/health/extra",
    ] {
        let response = app.get(path).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{path}"
        );
        assert_eq!(response.headers()["content-language"], "nl");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        let body: ErrorBody = response.json().await.unwrap();
        assert_eq!(body.code, "not_found");
        assert_eq!(body.message, "Het gevraagde bestaat niet.");
        assert_eq!(body.details, None);
    }
}

#[tokio::test]
async fn error_messages_follow_accept_language() {
    let app = spawn().await;
    let response = app
        .get("/api/v1/nope")
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["content-language"], "en");
    assert!(
        response.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("accept-language")
    );
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.code, "not_found");
    assert_eq!(body.message, "The requested resource does not exist.");
    // And in every language of the interface, for a client to show again after a switch.
    let messages = body
        .messages
        .as_deref()
        .expect("every error carries its messages");
    assert_eq!(messages.nl, "Het gevraagde bestaat niet.");
    assert_eq!(messages.en, body.message);
    assert_eq!(
        body.message_in(domain::Lang::Nl),
        "Het gevraagde bestaat niet."
    );

    let body: ErrorBody = app
        .get("/api/v1/nope")
        .header("accept-language", "en;q=0.5, nl;q=0.8")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body.message, "Het gevraagde bestaat niet.");
}

#[tokio::test]
async fn a_wrong_method_is_json_405_with_allow() {
    let app = spawn().await;
    let response = app
        .client
        .post(format!("{}/api/v1/health", app.url))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let allow = response.headers()["allow"].to_str().unwrap().to_owned();
    assert!(allow.contains("GET"), "{allow}");
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.code, "method_not_allowed");
    assert_eq!(body.message, "This HTTP method is not allowed here.");
}
