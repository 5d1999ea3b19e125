use serde_json::{Value, json};

use crate::helpers::spawn;

#[tokio::test]
async fn liveness_is_ok_while_the_process_answers() {
    let app = spawn().await;
    let response = app.get("/api/v1/health").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")})
    );
}
