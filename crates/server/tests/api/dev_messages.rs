//! The development mailbox: `GET /api/v1/dev/messages` lists what was delivered to it, when on;
//! a JSON 404 when off.

use middelpunt_server::ErrorBody;
use middelpunt_server::outbox::NewMessage;
use serde_json::Value;

use crate::helpers::spawn_with_vars;
use crate::outbox::{LINK, enqueue_committed, eventually, invitation};

#[tokio::test]
async fn the_dev_mailbox_lists_delivered_mail_and_sms_newest_first() {
    let app = spawn_with_vars(&[("MIDDELPUNT_OUTBOX_POLL_MS", "20")]).await;
    let mail = enqueue_committed(
        &app,
        NewMessage::email("Jan.Dijk@example.nl", invitation(), "invitation:dev-1"),
    )
    .await
    .id();
    let sms = enqueue_committed(
        &app,
        NewMessage::sms(
            "+31612345678",
            "Uw Middelpunt-code is 123456",
            "sms-code:dev-1",
        ),
    )
    .await
    .id();

    let listing: Value = eventually("both messages in the mailbox", || async {
        let listing: Value = app
            .get("/api/v1/dev/messages")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (listing["messages"].as_array().unwrap().len() == 2).then_some(listing)
    })
    .await;
    let messages = listing["messages"].as_array().unwrap();
    // Newest first: the SMS was enqueued (and so delivered) last, or in the same second with a
    // higher id.
    assert_eq!(messages[0]["id"], sms);
    assert_eq!(messages[1]["id"], mail);

    let sms_json = &messages[0];
    assert_eq!(sms_json["kind"], "sms");
    assert_eq!(sms_json["recipient"], "+31612345678");
    assert_eq!(sms_json["subject"], Value::Null);
    assert_eq!(sms_json["text"], "Uw Middelpunt-code is 123456");
    assert_eq!(sms_json["html"], Value::Null);
    assert!(sms_json["sent_at"].as_i64().unwrap() > 1_700_000_000);

    let mail_json = &messages[1];
    assert_eq!(mail_json["kind"], "email");
    assert_eq!(mail_json["recipient"], "Jan.Dijk@example.nl");
    assert_eq!(
        mail_json["subject"],
        "Bevestig uw e-mailadres voor eHerkenning bij Bakkerij De Korenbloem B.V."
    );
    assert!(mail_json["text"].as_str().unwrap().contains(LINK));
    assert!(mail_json["html"].as_str().unwrap().contains(LINK));

    // One message by id; the listing filtered by recipient, case aside.
    let response = app
        .get(&format!("/api/v1/dev/messages/{mail}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let one: Value = response.json().await.unwrap();
    assert_eq!(&one, mail_json);

    let filtered: Value = app
        .get("/api/v1/dev/messages?recipient=jan.dijk@example.nl")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(filtered["messages"].as_array().unwrap().len(), 1);
    assert_eq!(filtered["messages"][0]["id"], mail);
    let limited: Value = app
        .get("/api/v1/dev/messages?limit=1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(limited["messages"].as_array().unwrap().len(), 1);

    let missing = app.get("/api/v1/dev/messages/1").send().await.unwrap();
    assert_eq!(missing.status(), 404);
    let body: ErrorBody = missing.json().await.unwrap();
    assert_eq!(body.code, "not_found");
    let malformed = app.get("/api/v1/dev/messages/abc").send().await.unwrap();
    assert_eq!(malformed.status(), 400);
    let body: ErrorBody = malformed.json().await.unwrap();
    assert_eq!(body.code, "invalid_path");
}

#[tokio::test]
async fn the_dev_mailbox_is_a_json_404_when_off() {
    for vars in [
        // SMTP configured, outside demo mode: off unless asked for (an empty value is unset).
        vec![
            ("MIDDELPUNT_SMTP_HOST", "127.0.0.1"),
            ("MIDDELPUNT_SMTP_TLS", "none"),
            ("MIDDELPUNT_DEV_MAILBOX", ""),
        ],
        // Explicitly off.
        vec![
            ("MIDDELPUNT_SMTP_HOST", "127.0.0.1"),
            ("MIDDELPUNT_SMTP_TLS", "none"),
            ("MIDDELPUNT_DEV_MAILBOX", "false"),
        ],
    ] {
        let app = spawn_with_vars(&vars).await;
        for path in ["/api/v1/dev/messages", "/api/v1/dev/messages/1"] {
            let response = app.get(path).send().await.unwrap();
            assert_eq!(response.status(), 404, "{path}");
            assert_eq!(response.headers()["content-type"], "application/json");
            let body: ErrorBody = response.json().await.unwrap();
            assert_eq!(body.code, "not_found");
        }
    }
}

#[tokio::test]
async fn the_dev_mailbox_can_be_on_next_to_smtp() {
    let app = spawn_with_vars(&[
        ("MIDDELPUNT_SMTP_HOST", "127.0.0.1"),
        ("MIDDELPUNT_SMTP_TLS", "none"),
        ("MIDDELPUNT_DEV_MAILBOX", "true"),
    ])
    .await;
    let response = app.get("/api/v1/dev/messages").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let listing: Value = response.json().await.unwrap();
    assert_eq!(listing["messages"], serde_json::json!([]));
}
