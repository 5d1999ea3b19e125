use serde_json::{Value, json};

use crate::helpers::spawn;

#[tokio::test]
async fn health_is_ok_when_the_database_answers() {
    let app = spawn().await;
    let response = app.get("/api/v1/health").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"status": "ok", "database": "ok", "version": env!("CARGO_PKG_VERSION")})
    );
}

#[tokio::test]
async fn health_is_503_degraded_when_the_database_is_gone() {
    let app = spawn().await;
    app.state.db.close().await;
    let response = app.get("/api/v1/health").send().await.unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"status": "degraded", "database": "unavailable", "version": env!("CARGO_PKG_VERSION")})
    );
}
