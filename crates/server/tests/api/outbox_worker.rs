//! The outbox worker's loop as the server runs it: several deliveries at once within each
//! transport's bound, each message once across instances, and messages held up by an
//! unreachable mail server released as soon as it answers.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use middelpunt_server::mail::{
    BoxFuture, MailTransport, Message, SendError, SmsMessage, SmsTransport, Transports,
};
use middelpunt_server::ops::readiness::{MailState, Readiness};
use middelpunt_server::outbox::worker::{Worker, WorkerOptions};
use sqlx::AnyPool;
use tokio::sync::Notify;

use crate::outbox::{enqueue_many, sqlite_pool};

/// A transport that takes 15 ms per message and remembers how many were under way at most.
#[derive(Default)]
struct Gauge {
    sent: Mutex<Vec<i64>>,
    mail_now: AtomicUsize,
    mail_max: AtomicUsize,
    sms_now: AtomicUsize,
    sms_max: AtomicUsize,
}

impl Gauge {
    async fn deliver(
        &self,
        id: i64,
        now: &AtomicUsize,
        max: &AtomicUsize,
    ) -> Result<(), SendError> {
        let under_way = now.fetch_add(1, Ordering::SeqCst) + 1;
        max.fetch_max(under_way, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(15)).await;
        now.fetch_sub(1, Ordering::SeqCst);
        self.sent.lock().unwrap().push(id);
        Ok(())
    }
}

impl MailTransport for Gauge {
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(self.deliver(message.outbox_id, &self.mail_now, &self.mail_max))
    }
}

impl SmsTransport for Gauge {
    fn send<'a>(&'a self, message: &'a SmsMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(self.deliver(message.outbox_id, &self.sms_now, &self.sms_max))
    }
}

fn options() -> WorkerOptions {
    WorkerOptions {
        poll_interval: Duration::from_millis(20),
        mail_in_flight: 4,
        sms_in_flight: 2,
        probe_interval: Duration::from_secs(1),
        ..WorkerOptions::default()
    }
}

/// Waits (at most 20 s) until `done` says so.
async fn until(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while !done().await {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "waited 20 s for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn unsent(pool: &AnyPool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Two workers (two instances) with the given pools deliver `n` messages; answers the
/// transport with what it saw.
async fn deliver_with_two_workers(a: &AnyPool, b: &AnyPool, n: usize) -> (Vec<i64>, Arc<Gauge>) {
    let mut ids = enqueue_many(a, "lanes", n).await;
    ids.sort_unstable();
    let gauge = Arc::new(Gauge::default());
    let transports = Transports {
        mail: gauge.clone(),
        sms: gauge.clone(),
        webhook: middelpunt_server::mail::webhook::WebhookClient::new(None).unwrap(),
    };
    let workers: Vec<_> = [a, b]
        .into_iter()
        .map(|pool| {
            Worker::new(pool.clone(), transports.clone(), options())
                .spawn(Arc::new(Notify::new()), Arc::new(Readiness::default()))
        })
        .collect();
    until("every message to be recorded as sent", async || {
        unsent(a).await == 0
    })
    .await;
    for worker in workers {
        worker.stop(Duration::from_secs(5)).await;
    }
    (ids, gauge)
}

fn assert_each_once_within_bounds(ids: &[i64], gauge: &Gauge) {
    let mut sent = gauge.sent.lock().unwrap().clone();
    sent.sort_unstable();
    assert_eq!(sent, ids, "every message exactly once");
    // Two workers, each with at most 4 e-mails and 2 SMS under way.
    let (mail, sms) = (
        gauge.mail_max.load(Ordering::SeqCst),
        gauge.sms_max.load(Ordering::SeqCst),
    );
    assert!((2..=8).contains(&mail), "e-mails under way at most: {mail}");
    assert!((2..=4).contains(&sms), "SMS under way at most: {sms}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn workers_send_several_at_once_within_each_transports_bound_and_each_message_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.db");
    let url =
        middelpunt_server::config::DatabaseUrl::parse(&format!("sqlite://{}", path.display()))
            .unwrap();
    let a = middelpunt_server::db::connect(&url).await.unwrap();
    let b = middelpunt_server::db::connect(&url).await.unwrap();
    let (ids, gauge) = deliver_with_two_workers(&a, &b, 80).await;
    assert_each_once_within_bounds(&ids, &gauge);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_postgresql_two_workers_claim_past_each_other_and_send_each_message_once() {
    let Ok(admin) = std::env::var("MIDDELPUNT_TEST_POSTGRES_ADMIN_URL") else {
        eprintln!("skipped: MIDDELPUNT_TEST_POSTGRES_ADMIN_URL is not set");
        return;
    };
    let url = crate::helpers::fresh_postgres_database(&admin).await;
    let url = middelpunt_server::config::DatabaseUrl::parse(&url).unwrap();
    let a = middelpunt_server::db::connect(&url).await.unwrap();
    let b = middelpunt_server::db::connect(&url).await.unwrap();
    let (ids, gauge) = deliver_with_two_workers(&a, &b, 80).await;
    assert_each_once_within_bounds(&ids, &gauge);
}

/// A mail server that can be switched off and on.
#[derive(Default)]
struct Switchable {
    up: AtomicBool,
    sent: Mutex<HashMap<i64, usize>>,
}

impl MailTransport for Switchable {
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            if !self.up.load(Ordering::SeqCst) {
                return Err(SendError::Unreachable("connection refused".into()));
            }
            *self
                .sent
                .lock()
                .unwrap()
                .entry(message.outbox_id)
                .or_default() += 1;
            Ok(())
        })
    }

    fn check(&self) -> BoxFuture<'_, Option<Result<(), SendError>>> {
        Box::pin(async move {
            Some(if self.up.load(Ordering::SeqCst) {
                Ok(())
            } else {
                Err(SendError::Unreachable("connection refused".into()))
            })
        })
    }
}

impl SmsTransport for Switchable {
    fn send<'a>(&'a self, _: &'a SmsMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_held_up_by_an_unreachable_server_goes_as_soon_as_it_answers_not_after_its_backoff() {
    let dir = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(&dir.path().join("outbox.db")).await;
    let server = Arc::new(Switchable::default());
    server.up.store(true, Ordering::SeqCst);
    let readiness = Arc::new(Readiness::default());
    let wake = Arc::new(Notify::new());
    let worker = Worker::new(
        pool.clone(),
        Transports {
            mail: server.clone(),
            sms: server.clone(),
            webhook: middelpunt_server::mail::webhook::WebhookClient::new(None).unwrap(),
        },
        options(),
    )
    .spawn(wake.clone(), readiness.clone());
    until("the first check of the mail server", async || {
        readiness.mail() == MailState::Reachable
    })
    .await;

    // The server goes away; then an order's e-mails are queued.
    server.up.store(false, Ordering::SeqCst);
    let ids: Vec<i64> = enqueue_many(&pool, "away", 20)
        .await
        .into_iter()
        .step_by(2)
        .collect(); // the e-mails
    wake.notify_one();
    until("the first e-mails to fail and wait", async || {
        let stalled: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND stalled = 1 AND attempts = 1",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        stalled >= 1 && readiness.mail() == MailState::Unreachable
    })
    .await;
    // While the server is away no e-mail is tried again, nor are the others tried at all: the
    // checks go on, the messages wait (a failed one's backoff would make it due in a minute).
    tokio::time::sleep(Duration::from_millis(600)).await;
    let attempts: i64 = sqlx::query_scalar("SELECT MAX(attempts) FROM outbox WHERE kind = 'email'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(attempts, 1);
    let stalled: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND stalled = 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(
        (1..=4).contains(&stalled),
        "at most one batch was tried: {stalled}"
    );

    // Back: within the 20 s `until` allows, well before the 60 s backoff.
    server.up.store(true, Ordering::SeqCst);
    until("the held-up e-mails to go", async || {
        unsent(&pool).await == 0
    })
    .await;
    assert_eq!(readiness.mail(), MailState::Reachable);
    let sent = server.sent.lock().unwrap().clone();
    for id in &ids {
        assert_eq!(sent.get(id), Some(&1), "e-mail {id} exactly once");
    }
    worker.stop(Duration::from_secs(5)).await;
}

#[tokio::test]
async fn an_invitation_given_up_shows_on_its_requests_timeline() {
    let sink = crate::smtp_sink::SmtpSink::start().await;
    sink.refuse_recipients("550 5.1.1 No such mailbox");
    let port = sink.port.to_string();
    let app = crate::helpers::spawn_with_vars(&[
        ("MIDDELPUNT_DEMO", "true"),
        ("MIDDELPUNT_SMTP_HOST", "127.0.0.1"),
        ("MIDDELPUNT_SMTP_PORT", &port),
        ("MIDDELPUNT_SMTP_TLS", "none"),
        (
            "MIDDELPUNT_MAIL_FROM",
            "Middelpunt <noreply@middelpunt.test>",
        ),
        ("MIDDELPUNT_OUTBOX_POLL_MS", "20"),
    ])
    .await;
    let manager = crate::helpers::log_in(&app, crate::helpers::DEMO_MANAGER).await;
    let (status, order) =
        crate::orders::place(&app, &manager, "undeliverable", &crate::orders::order()).await;
    assert_eq!(status, reqwest::StatusCode::CREATED);
    let request_id = format!("{}-1", order["order_number"].as_str().unwrap());
    let mut events = Vec::new();
    until("the given-up invitation on the timeline", async || {
        let detail: serde_json::Value = app
            .get(&format!("/api/v1/requests/{request_id}"))
            .header("cookie", &manager.cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        events = detail["events"].as_array().cloned().unwrap_or_default();
        events
            .iter()
            .any(|event| event["kind"] == "message_undeliverable")
    })
    .await;
    let event = events
        .iter()
        .find(|event| event["kind"] == "message_undeliverable")
        .unwrap();
    assert_eq!(event["actor"], "system");
    let detail = event["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("Uitnodiging per e-mail: ") && detail.contains("550"),
        "{detail}"
    );
}

/// A transport that takes `delay` per message (forever when `None`) and counts deliveries.
struct Slow {
    delay: Option<Duration>,
    sent: Mutex<HashMap<i64, usize>>,
}

impl Slow {
    fn new(delay: Option<Duration>) -> Arc<Slow> {
        Arc::new(Slow {
            delay,
            sent: Mutex::default(),
        })
    }

    fn transports(self: &Arc<Self>) -> Transports {
        Transports {
            mail: self.clone(),
            sms: self.clone(),
            webhook: middelpunt_server::mail::webhook::WebhookClient::new(None).unwrap(),
        }
    }

    fn count(&self, id: i64) -> usize {
        self.sent.lock().unwrap().get(&id).copied().unwrap_or(0)
    }
}

impl MailTransport for Slow {
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            match self.delay {
                Some(delay) => tokio::time::sleep(delay).await,
                None => std::future::pending::<()>().await,
            }
            *self
                .sent
                .lock()
                .unwrap()
                .entry(message.outbox_id)
                .or_default() += 1;
            Ok(())
        })
    }
}

impl SmsTransport for Slow {
    fn send<'a>(&'a self, _: &'a SmsMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async { Ok(()) })
    }
}

fn short_lease() -> WorkerOptions {
    WorkerOptions {
        lease: Duration::from_secs(1),
        ..options()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_keeps_what_it_sends_and_a_dead_workers_messages_go_out_from_another() {
    let dir = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(&dir.path().join("outbox.db")).await;
    let start = |transports: Transports| {
        Worker::new(pool.clone(), transports, short_lease())
            .spawn(Arc::new(Notify::new()), Arc::new(Readiness::default()))
    };

    // A send that takes 2.5 leases: the sender renews its lease, so the other worker, polling
    // all the while, never takes the message over.
    let slow = Slow::new(Some(Duration::from_millis(2500)));
    let id = enqueue_many(&pool, "slow", 1).await[0];
    let a = start(slow.transports());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let b = start(slow.transports());
    until("the slow e-mail to be recorded", async || {
        unsent(&pool).await == 0
    })
    .await;
    assert_eq!(slow.count(id), 1, "sent once: the lease was renewed");
    a.stop(Duration::from_secs(5)).await;
    b.stop(Duration::from_secs(5)).await;

    // A worker dies while sending (its send never ends; it is aborted, as by kill -9): its
    // lease ends a second later and another worker sends the message.
    let stuck = Slow::new(None);
    let id = enqueue_many(&pool, "stuck", 1).await[0];
    let dying = start(stuck.transports());
    until("the message to be claimed", async || {
        let owner: Option<String> =
            sqlx::query_scalar("SELECT lease_owner FROM outbox WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap();
        owner.is_some()
    })
    .await;
    dying.stop(Duration::ZERO).await;
    let healthy = Slow::new(Some(Duration::from_millis(10)));
    let other = start(healthy.transports());
    until("another worker to send it", async || {
        unsent(&pool).await == 0
    })
    .await;
    assert_eq!(healthy.count(id), 1);
    assert_eq!(stuck.count(id), 0);
    other.stop(Duration::from_secs(5)).await;
}
