//! The HTTP SMS gateway client against a fake gateway on 127.0.0.1: the request it sends, and
//! how the outbox delivers, retries and gives up SMS through it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use middelpunt_server::config::DatabaseUrl;
use middelpunt_server::db;
use middelpunt_server::mail::config::SmsGatewayConfig;
use middelpunt_server::mail::dev_mailbox::DevMailbox;
use middelpunt_server::mail::sms_gateway::HttpSmsGateway;
use middelpunt_server::mail::{SendError, SmsMessage, SmsTransport, Transports};
use middelpunt_server::outbox::worker::{Delivery, Worker, WorkerOptions};
use middelpunt_server::outbox::{self, NewMessage, unix_now};
use serde_json::{Value, json};
use sqlx::AnyPool;
use tokio::net::TcpListener;

use crate::helpers::{TestApp, spawn_with_vars};
use crate::outbox::{enqueue_committed, eventually, outbox_row};

/// The key the fake expects.
const KEY: &str = "sk_test_middelpunt_0123456789";
/// The recipient and the text of the test messages: neither may show in an error.
const NUMBER: &str = "+31612345678";
const TEXT: &str = "Uw Middelpunt-code is 482913";
const CODE: &str = "482913";
const PATH: &str = "/v1/messages";

/// What the fake does with the next request.
#[derive(Debug, Clone, Copy)]
pub enum Answer {
    /// Answers with this status (2xx with a message id, otherwise an error that repeats the
    /// number and the text, as some gateways do).
    Status(u16),
    /// Answers 202 only after this long.
    Stall(Duration),
}

/// One request as the fake received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub authorization: Option<String>,
    pub idempotency_key: Option<String>,
    pub content_type: Option<String>,
    pub body: Value,
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    script: Mutex<VecDeque<Answer>>,
}

/// A fake SMS gateway: records every request and answers per its script, then 202.
pub struct FakeGateway {
    /// `http://127.0.0.1:PORT/v1/messages`
    pub url: String,
    shared: Arc<Shared>,
}

impl FakeGateway {
    pub async fn start(script: &[Answer]) -> FakeGateway {
        let shared = Arc::new(Shared::default());
        shared.script.lock().unwrap().extend(script.iter().copied());
        let app = Router::new()
            .route(PATH, post(receive))
            .with_state(shared.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}{PATH}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        FakeGateway { url, shared }
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// The client of this gateway, as the server would configure it.
    pub fn client(&self, timeout: Duration) -> HttpSmsGateway {
        let config = SmsGatewayConfig::new(&self.url, KEY, "Middelpunt").unwrap();
        HttpSmsGateway::with_timeout(&config, timeout).unwrap()
    }
}

async fn receive(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: String) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    };
    shared.received.lock().unwrap().push(Received {
        authorization: header("authorization"),
        idempotency_key: header("idempotency-key"),
        content_type: header("content-type"),
        body: serde_json::from_str(&body).unwrap_or(Value::String(body.clone())),
    });
    let answer = shared
        .script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or(Answer::Status(202));
    let status = match answer {
        Answer::Status(status) => StatusCode::from_u16(status).unwrap(),
        Answer::Stall(pause) => {
            tokio::time::sleep(pause).await;
            StatusCode::ACCEPTED
        }
    };
    if status.is_success() {
        (
            status,
            axum::Json(json!({ "id": "msg-1", "status": "queued" })),
        )
            .into_response()
    } else {
        let error = json!({
            "error": format!("cannot deliver to {NUMBER}"),
            "detail": format!("text {TEXT:?} rejected"),
        });
        (status, [("retry-after", "7")], axum::Json(error)).into_response()
    }
}

fn sms(outbox_id: i64) -> SmsMessage {
    SmsMessage {
        outbox_id,
        to: NUMBER.to_owned(),
        text: TEXT.to_owned(),
    }
}

/// Sends one SMS through the trait, as the outbox worker does.
async fn send(gateway: HttpSmsGateway, outbox_id: i64) -> Result<(), SendError> {
    let transport: Arc<dyn SmsTransport> = Arc::new(gateway);
    transport.send(&sms(outbox_id)).await
}

/// No number, text, code or key in `error`.
fn assert_discreet(error: &str) {
    for secret in [NUMBER, &NUMBER[1..], &NUMBER[3..], TEXT, CODE, KEY] {
        assert!(!error.contains(secret), "{secret:?} in the error: {error}");
    }
}

async fn spawn_with_gateway(fake: &FakeGateway) -> TestApp {
    spawn_with_vars(&[
        ("MIDDELPUNT_SMS_GATEWAY_URL", &fake.url),
        ("MIDDELPUNT_SMS_GATEWAY_KEY", KEY),
        ("MIDDELPUNT_SMS_SENDER", "Middelpunt"),
        ("MIDDELPUNT_OUTBOX_POLL_MS", "50"),
    ])
    .await
}

#[tokio::test]
async fn the_gateway_receives_json_with_the_bearer_key_and_an_idempotency_key() {
    let fake = FakeGateway::start(&[]).await;
    send(fake.client(HttpSmsGateway::TIMEOUT), 4242)
        .await
        .unwrap();

    let received = fake.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(
        request.body,
        json!({
            "to": NUMBER,
            "from": "Middelpunt",
            "text": TEXT,
            "reference": "outbox-4242",
        })
    );
    assert_eq!(
        request.authorization.as_deref(),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(request.idempotency_key.as_deref(), Some("outbox-4242"));
    assert_eq!(request.content_type.as_deref(), Some("application/json"));
}

#[tokio::test]
async fn an_enqueued_sms_is_delivered_to_the_gateway_exactly_once() {
    let fake = FakeGateway::start(&[]).await;
    let app = spawn_with_gateway(&fake).await;
    let id = enqueue_committed(&app, NewMessage::sms(NUMBER, TEXT, "sms-code:gateway-1"))
        .await
        .id();

    let row = eventually("the delivery recorded", || async {
        outbox_row(&app.state.db, id)
            .await
            .filter(|row| row.sent_at.is_some())
    })
    .await;
    assert_eq!(row.attempts, 1);
    assert_eq!(row.failed_at, None);
    assert_eq!(row.last_error, None);
    assert_eq!(row.body_text, "", "the text is erased once sent");

    // The worker keeps polling: nothing is sent a second time.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let received = fake.received();
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0].body["to"], NUMBER);
    assert_eq!(received[0].body["text"], TEXT);
    assert_eq!(received[0].body["reference"], format!("outbox-{id}"));
    assert_eq!(
        received[0].idempotency_key.as_deref(),
        Some(format!("outbox-{id}").as_str())
    );
    // The gateway, not the development mailbox (which is on for e-mail), got the SMS.
    let in_dev_mailbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dev_messages")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(in_dev_mailbox, 0);
}

#[tokio::test]
async fn a_503_is_retried_through_the_outbox_with_the_same_idempotency_key() {
    let fake = FakeGateway::start(&[Answer::Status(503)]).await;
    let app = spawn_with_gateway(&fake).await;
    let before = unix_now();
    let id = enqueue_committed(&app, NewMessage::sms(NUMBER, TEXT, "sms-code:gateway-503"))
        .await
        .id();

    let failed = eventually("the failure recorded", || async {
        outbox_row(&app.state.db, id)
            .await
            .filter(|row| row.last_error.is_some())
    })
    .await;
    assert_eq!(failed.attempts, 1);
    assert_eq!((failed.sent_at, failed.failed_at), (None, None));
    // An SMS code is waited for: the first retry comes after 5 s, not at once.
    assert!(
        failed.next_attempt_at >= before + 5,
        "retried later, not at once"
    );
    let error = failed.last_error.unwrap();
    assert!(error.contains("503"), "{error}");
    assert_discreet(&error);
    assert_eq!(failed.body_text, TEXT, "kept for the next attempt");
    assert_eq!(fake.received().len(), 1);

    // The seconds pass (moved forward, not waited for).
    sqlx::query("UPDATE outbox SET next_attempt_at = $1 WHERE id = $2")
        .bind(unix_now() - 1)
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();
    app.state.outbox.wake();
    let sent = eventually("the delivery recorded", || async {
        outbox_row(&app.state.db, id)
            .await
            .filter(|row| row.sent_at.is_some())
    })
    .await;
    assert_eq!(sent.attempts, 2);
    assert_eq!(sent.last_error, None);

    tokio::time::sleep(Duration::from_millis(200)).await;
    let received = fake.received();
    assert_eq!(received.len(), 2, "one refused attempt, one delivery");
    let key = format!("outbox-{id}");
    for request in &received {
        assert_eq!(request.idempotency_key.as_deref(), Some(key.as_str()));
        assert_eq!(request.body, received[0].body, "the same request again");
    }
}

#[tokio::test]
async fn a_400_gives_the_message_up_at_once_without_the_number_or_text_in_the_error() {
    let fake = FakeGateway::start(&[Answer::Status(400)]).await;
    let app = spawn_with_gateway(&fake).await;
    let id = enqueue_committed(&app, NewMessage::sms(NUMBER, TEXT, "sms-code:gateway-400"))
        .await
        .id();

    let row = eventually("the message given up", || async {
        outbox_row(&app.state.db, id)
            .await
            .filter(|row| row.failed_at.is_some())
    })
    .await;
    assert_eq!(row.attempts, 1);
    assert_eq!(row.sent_at, None);
    assert_eq!(row.body_text, "", "a given-up text is erased");
    let error = row.last_error.unwrap();
    assert!(error.contains("400"), "{error}");
    // The fake's answer repeats the number and the text: they stay out.
    assert_discreet(&error);

    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(fake.received().len(), 1, "not tried again");
}

#[tokio::test]
async fn busy_answers_are_transient_and_refusals_permanent() {
    for status in [408, 425, 429, 500, 502, 503, 504] {
        let fake = FakeGateway::start(&[Answer::Status(status)]).await;
        let error = send(fake.client(HttpSmsGateway::TIMEOUT), 1)
            .await
            .unwrap_err();
        assert!(!error.is_permanent(), "{status}: {error}");
        assert!(error.to_string().contains(&status.to_string()), "{error}");
        assert_discreet(&error.to_string());
    }
    for status in [400, 401, 403, 404, 422] {
        let fake = FakeGateway::start(&[Answer::Status(status)]).await;
        let error = send(fake.client(HttpSmsGateway::TIMEOUT), 1)
            .await
            .unwrap_err();
        assert!(error.is_permanent(), "{status}: {error}");
        assert_discreet(&error.to_string());
    }
}

#[tokio::test]
async fn an_unreachable_gateway_is_transient_and_the_outbox_retries() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let url = format!("http://{addr}{PATH}");
    let config = SmsGatewayConfig::new(&url, KEY, "Middelpunt").unwrap();
    let gateway = HttpSmsGateway::with_timeout(&config, Duration::from_secs(2)).unwrap();

    let error = send(gateway.clone(), 7).await.unwrap_err();
    // Not the message's fault: tried again, and at once when the gateway answers again.
    assert!(matches!(error, SendError::Unreachable(_)), "{error:?}");
    assert!(!error.is_permanent());
    assert!(error.to_string().contains("cannot connect"), "{error}");
    assert_discreet(&error.to_string());

    // Through a worker: the message waits for the next attempt.
    let dir = tempfile::tempdir().unwrap();
    let database =
        DatabaseUrl::parse(&format!("sqlite://{}", dir.path().join("sms.db").display())).unwrap();
    let pool: AnyPool = db::connect(&database).await.unwrap();
    let mut connection = pool.acquire().await.unwrap();
    let id = outbox::enqueue(
        &mut connection,
        NewMessage::sms(NUMBER, TEXT, "sms-code:unreachable"),
    )
    .await
    .unwrap()
    .id();
    drop(connection);
    let transports = Transports {
        mail: Arc::new(DevMailbox::new(pool.clone())),
        sms: Arc::new(gateway),
        webhook: middelpunt_server::mail::webhook::WebhookClient::new(None).unwrap(),
    };
    let worker = Worker::new(pool.clone(), transports, WorkerOptions::default());
    let delivery = worker.deliver_next().await.unwrap();
    assert!(
        matches!(delivery, Delivery::Retry { id: retried, attempts: 1, .. } if retried == id),
        "{delivery:?}"
    );
    let row = outbox_row(&pool, id).await.unwrap();
    assert_eq!((row.sent_at, row.failed_at), (None, None));
    assert_discreet(&row.last_error.unwrap());
}

#[tokio::test]
async fn a_gateway_that_does_not_answer_in_time_is_transient() {
    let stall = Duration::from_secs(5);
    let fake = FakeGateway::start(&[Answer::Stall(stall)]).await;
    let started = Instant::now();
    let error = send(fake.client(Duration::from_millis(300)), 9)
        .await
        .unwrap_err();
    assert!(started.elapsed() < stall, "gave up at the timeout");
    assert!(matches!(error, SendError::Transient(_)), "{error:?}");
    assert!(error.to_string().contains("no answer within"), "{error}");
    assert_discreet(&error.to_string());
}
