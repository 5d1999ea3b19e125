//! The outbox and its worker: transactional enqueue, deduplication, delivery over a real SMTP
//! conversation with retries, and claims that never let two workers send the same message.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use domain::{Date, Level};
use middelpunt_server::config::DatabaseUrl;
use middelpunt_server::db;
use middelpunt_server::mail::templates::{self, INVITATION_VALID_DAYS, InvitationMail};
use middelpunt_server::mail::{
    BoxFuture, MailTransport, Message, SendError, SmsMessage, SmsTransport, Transports,
};
use middelpunt_server::outbox::worker::{Delivery, Worker, WorkerOptions};
use middelpunt_server::outbox::{self, Enqueued, NewMessage, unix_now};
use sqlx::{AnyPool, Row};

use crate::helpers::{TestApp, spawn_with_vars};
use crate::smtp_sink::SmtpSink;

pub const LINK: &str = "http://127.0.0.1:8080/activeren/persoonlijk-token-123";

pub fn invitation() -> templates::RenderedMail {
    templates::invitation(InvitationMail {
        user_name: "Jan Pieter van Dijk",
        organisation: "Bakkerij De Korenbloem B.V.",
        kvk_number: "68750110",
        manager_name: "Petra de Boer",
        manager_email: "petra@korenbloem.example",
        level: Level::Eh3,
        link: LINK,
        expires_on: Date::new(2026, 12, 25).unwrap(),
        valid_days: INVITATION_VALID_DAYS,
        succession: None,
    })
}

/// Enqueues `message` in a transaction of its own, commits, and wakes the worker.
pub async fn enqueue_committed(app: &TestApp, message: NewMessage) -> Enqueued {
    let mut tx = db::begin_write(&app.state.db).await.unwrap();
    let enqueued = outbox::enqueue(&mut tx, message).await.unwrap();
    tx.commit().await.unwrap();
    app.state.outbox.wake();
    enqueued
}

/// Waits (at most 10 s) until `check` answers `Some`.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The state of one outbox row.
#[derive(Debug)]
pub struct OutboxRow {
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub sent_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
    pub locked_until: Option<i64>,
    pub body_text: String,
}

pub async fn outbox_row(pool: &AnyPool, id: i64) -> Option<OutboxRow> {
    let row = sqlx::query(
        "SELECT attempts, next_attempt_at, sent_at, failed_at, last_error, locked_until, body_text \
         FROM outbox WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    .unwrap()?;
    Some(OutboxRow {
        attempts: row.try_get("attempts").unwrap(),
        next_attempt_at: row.try_get("next_attempt_at").unwrap(),
        sent_at: row.try_get("sent_at").unwrap(),
        failed_at: row.try_get("failed_at").unwrap(),
        last_error: row.try_get("last_error").unwrap(),
        locked_until: row.try_get("locked_until").unwrap(),
        body_text: row.try_get("body_text").unwrap(),
    })
}

async fn count(pool: &AnyPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

async fn spawn_with_smtp(sink: &SmtpSink) -> TestApp {
    let port = sink.port.to_string();
    spawn_with_vars(&[
        ("MIDDELPUNT_SMTP_HOST", "127.0.0.1"),
        ("MIDDELPUNT_SMTP_PORT", &port),
        ("MIDDELPUNT_SMTP_TLS", "none"),
        (
            "MIDDELPUNT_MAIL_FROM",
            "Middelpunt Test <noreply@middelpunt.test>",
        ),
        ("MIDDELPUNT_OUTBOX_POLL_MS", "50"),
    ])
    .await
}

#[tokio::test]
async fn mail_is_what_strict_relays_accept_greeting_with_a_domain_sent_now_and_auto_submitted() {
    let sink = SmtpSink::start().await;
    let port = sink.port.to_string();
    let app = spawn_with_vars(&[
        ("MIDDELPUNT_SMTP_HOST", "127.0.0.1"),
        ("MIDDELPUNT_SMTP_PORT", &port),
        ("MIDDELPUNT_SMTP_TLS", "none"),
        (
            "MIDDELPUNT_MAIL_FROM",
            "Middelpunt <noreply@middelpunt.test>",
        ),
        ("MIDDELPUNT_PUBLIC_URL", "https://portaal.middelpunt.test"),
        ("MIDDELPUNT_OUTBOX_POLL_MS", "50"),
    ])
    .await;
    let id = enqueue_committed(
        &app,
        NewMessage::email("jan.dijk@example.nl", invitation(), "invitation:strict-1"),
    )
    .await
    .id();
    // Created an hour ago (an order whose mail waited): `Date` is still the time of sending.
    sqlx::query("UPDATE outbox SET created_at = created_at - 3600 WHERE id = $1")
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();
    let mails = sink.wait_for_mails(1).await;
    assert!(
        sink.greetings()
            .iter()
            .all(|name| name == "portaal.middelpunt.test"),
        "{:?}",
        sink.greetings()
    );
    let mail = &mails[0];
    assert_eq!(mail.header("Auto-Submitted").unwrap(), "auto-generated");
    let date = mail.header("Date").unwrap();
    let sent = rfc2822_unix(&date);
    let now = middelpunt_server::clock::unix_now();
    assert!((now - 120..=now + 5).contains(&sent), "Date: {date}");
}

/// Unix seconds of an RFC 2822 date such as `Sun, 06 Dec 2026 18:13:43 +0000`.
fn rfc2822_unix(date: &str) -> i64 {
    let parts: Vec<&str> = date.split_whitespace().collect();
    let [_, day, month, year, time, zone] = parts[..] else {
        panic!("not an RFC 2822 date: {date}");
    };
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| *m == month)
    .unwrap() as i64
        + 1;
    let (year, day): (i64, i64) = (year.parse().unwrap(), day.parse().unwrap());
    // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let hms: Vec<i64> = time.split(':').map(|p| p.parse().unwrap()).collect();
    let offset: i64 = zone.parse::<i64>().unwrap();
    let offset_secs = (offset / 100) * 3600 + (offset % 100) * 60;
    days * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2] - offset_secs
}

#[tokio::test]
async fn an_invitation_goes_out_over_smtp_with_a_text_and_an_html_part() {
    let sink = SmtpSink::start().await;
    let app = spawn_with_smtp(&sink).await;
    let id = enqueue_committed(
        &app,
        NewMessage::email("jan.dijk@example.nl", invitation(), "invitation:smtp-1"),
    )
    .await
    .id();

    let mails = sink.wait_for_mails(1).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.mail_from, "<noreply@middelpunt.test>");
    assert_eq!(mail.rcpt_to, ["<jan.dijk@example.nl>"]);
    assert_eq!(mail.header("To").unwrap(), "jan.dijk@example.nl");
    let from = mail.header("From").unwrap();
    assert!(
        from.contains("Middelpunt Test") && from.ends_with("<noreply@middelpunt.test>"),
        "{from}"
    );
    assert_eq!(
        mail.header("Subject").unwrap(),
        "Bevestig uw e-mailadres voor eHerkenning bij Bakkerij De Korenbloem B.V."
    );
    assert_eq!(
        mail.header("Message-ID").unwrap(),
        format!("<outbox.{id}@middelpunt.test>")
    );
    assert!(
        mail.header("Content-Type")
            .unwrap()
            .starts_with("multipart/alternative"),
        "{}",
        mail.headers()
    );
    assert!(
        mail.data
            .contains("Content-Type: text/plain; charset=utf-8"),
        "{}",
        mail.data
    );
    assert!(
        mail.data.contains("Content-Type: text/html; charset=utf-8"),
        "{}",
        mail.data
    );

    // Both parts carry the personal link, the organisation and the manager.
    let decoded = mail.decoded();
    let (text, html) = decoded
        .split_once("Content-Type: text/html")
        .expect("an HTML part after the text part");
    for part in [text, html] {
        for expected in [
            LINK,
            "Bakkerij De Korenbloem B.V.",
            "Petra de Boer",
            "Beste Jan Pieter van Dijk,",
            "Bevestig uw e-mailadres en start uw aanvraag",
        ] {
            assert!(part.contains(expected), "{expected:?} missing in\n{part}");
        }
    }
    assert!(html.contains(&format!("<a href=\"{LINK}\"")), "{html}");

    let row = eventually("the delivery recorded", || async {
        outbox_row(&app.state.db, id)
            .await
            .filter(|row| row.sent_at.is_some())
    })
    .await;
    assert_eq!(row.attempts, 1);
    assert_eq!(row.last_error, None);
    assert_eq!(row.locked_until, None);
    assert_eq!(row.body_text, "", "the body is erased once sent");
}

#[tokio::test]
async fn a_451_is_recorded_and_retried_later_until_it_succeeds() {
    let sink = SmtpSink::start().await;
    sink.refuse_recipients("451 4.3.0 Mailbox temporarily unavailable");
    let app = spawn_with_smtp(&sink).await;
    let before = unix_now();
    let id = enqueue_committed(
        &app,
        NewMessage::email("jan.dijk@example.nl", invitation(), "invitation:retry-1"),
    )
    .await
    .id();

    let failed = eventually("the failure recorded", || async {
        outbox_row(&app.state.db, id)
            .await
            .filter(|row| row.last_error.is_some())
    })
    .await;
    assert_eq!(failed.attempts, 1);
    assert_eq!(failed.sent_at, None);
    assert_eq!(failed.failed_at, None);
    assert_eq!(failed.locked_until, None);
    assert!(
        failed.next_attempt_at >= before + 60 && failed.next_attempt_at <= unix_now() + 60,
        "retry in a minute, not {} s",
        failed.next_attempt_at - before
    );
    let error = failed.last_error.unwrap();
    assert!(error.contains("451"), "{error}");
    assert!(!error.contains(LINK), "no body in the error: {error}");
    assert_eq!(sink.refused(), 1);
    assert!(sink.mails().is_empty());

    // Not before it is due: the worker polls every 50 ms meanwhile.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.refused(), 1);
    assert_eq!(outbox_row(&app.state.db, id).await.unwrap().attempts, 1);

    // The minute passes (moved forward, not waited for) and the server accepts again.
    sink.accept_recipients();
    sqlx::query("UPDATE outbox SET next_attempt_at = $1 WHERE id = $2")
        .bind(unix_now() - 1)
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();
    app.state.outbox.wake();
    let mails = sink.wait_for_mails(1).await;
    assert_eq!(mails[0].rcpt_to, ["<jan.dijk@example.nl>"]);
    let sent = eventually("the delivery recorded", || async {
        outbox_row(&app.state.db, id)
            .await
            .filter(|row| row.sent_at.is_some())
    })
    .await;
    assert_eq!(sent.attempts, 2);
    assert_eq!(sent.last_error, None);
}

#[tokio::test]
async fn a_550_is_given_up_at_once() {
    let sink = SmtpSink::start().await;
    sink.refuse_recipients("550 5.1.1 No such mailbox");
    let app = spawn_with_smtp(&sink).await;
    let id = enqueue_committed(
        &app,
        NewMessage::email("bestaat.niet@example.nl", invitation(), "invitation:550"),
    )
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
    assert!(row.last_error.unwrap().contains("550"));
    assert_eq!(row.body_text, "", "a given-up body is erased");
}

#[tokio::test]
async fn a_rolled_back_enqueue_is_never_sent() {
    let app = spawn_with_vars(&[("MIDDELPUNT_OUTBOX_POLL_MS", "20")]).await;
    let pool = &app.state.db;

    let mut tx = db::begin_write(pool).await.unwrap();
    let rolled_back = outbox::enqueue(
        &mut tx,
        NewMessage::email(
            "teruggedraaid@example.nl",
            invitation(),
            "invitation:rollback",
        ),
    )
    .await
    .unwrap();
    assert!(matches!(rolled_back, Enqueued::Queued(_)));
    // Woken while the transaction is open: the worker must not see the message.
    app.state.outbox.wake();
    tokio::time::sleep(Duration::from_millis(100)).await;
    tx.rollback().await.unwrap();

    // A committed message afterwards shows the worker is running.
    let committed = enqueue_committed(
        &app,
        NewMessage::email("vastgelegd@example.nl", invitation(), "invitation:commit"),
    )
    .await
    .id();
    eventually("the committed message delivered", || async {
        outbox_row(pool, committed)
            .await
            .and_then(|row| row.sent_at)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(100)).await;

    assert!(outbox_row(pool, rolled_back.id()).await.is_none());
    assert_eq!(count(pool, "SELECT COUNT(*) FROM outbox").await, 1);
    let recipients: Vec<String> = sqlx::query_scalar("SELECT recipient FROM dev_messages")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(recipients, ["vastgelegd@example.nl"]);

    // The same key can be used after a rollback: nothing of it remains.
    let again = enqueue_committed(
        &app,
        NewMessage::email(
            "teruggedraaid@example.nl",
            invitation(),
            "invitation:rollback",
        ),
    )
    .await;
    assert!(matches!(again, Enqueued::Queued(_)));
}

#[tokio::test]
async fn the_same_dedupe_key_twice_is_one_message() {
    let app = spawn_with_vars(&[("MIDDELPUNT_OUTBOX_POLL_MS", "20")]).await;
    let pool = &app.state.db;

    // Twice in one transaction, then once more in another.
    let mut tx = db::begin_write(pool).await.unwrap();
    let first = outbox::enqueue(
        &mut tx,
        NewMessage::sms("+31612345678", "Uw code is 123456", "sms-code:7"),
    )
    .await
    .unwrap();
    let second = outbox::enqueue(
        &mut tx,
        NewMessage::sms("+31612345678", "Uw code is 654321", "sms-code:7"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    app.state.outbox.wake();
    let Enqueued::Queued(id) = first else {
        panic!("{first:?}")
    };
    assert_eq!(second, Enqueued::Duplicate(id));

    eventually("the message delivered", || async {
        outbox_row(pool, id).await.and_then(|row| row.sent_at)
    })
    .await;
    // Once delivered, still a duplicate: nothing new is queued or sent.
    let third = enqueue_committed(
        &app,
        NewMessage::sms("+31612345678", "Uw code is 111111", "sms-code:7"),
    )
    .await;
    assert_eq!(third, Enqueued::Duplicate(id));
    tokio::time::sleep(Duration::from_millis(100)).await;

    assert_eq!(count(pool, "SELECT COUNT(*) FROM outbox").await, 1);
    let texts: Vec<String> = sqlx::query_scalar("SELECT body_text FROM dev_messages")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(texts, ["Uw code is 123456"]);
}

/// A transport that records which outbox ids it delivered, after a short pause, so that
/// concurrent workers overlap.
#[derive(Default)]
pub struct Recorder {
    pub sent: Mutex<Vec<i64>>,
}

impl Recorder {
    async fn deliver(&self, id: i64) -> Result<(), SendError> {
        tokio::time::sleep(Duration::from_millis(2)).await;
        self.sent.lock().unwrap().push(id);
        Ok(())
    }
}

impl MailTransport for Recorder {
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(self.deliver(message.outbox_id))
    }
}

impl SmsTransport for Recorder {
    fn send<'a>(&'a self, message: &'a SmsMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(self.deliver(message.outbox_id))
    }
}

pub fn recording() -> (Arc<Recorder>, Transports) {
    let recorder = Arc::new(Recorder::default());
    let transports = Transports {
        mail: recorder.clone(),
        sms: recorder.clone(),
        webhook: middelpunt_server::mail::webhook::WebhookClient::new(None).unwrap(),
    };
    (recorder, transports)
}

/// Enqueues `n` messages, half e-mail and half SMS, keys unique to this run; answers their ids.
pub async fn enqueue_many(pool: &AnyPool, run: &str, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut connection = pool.acquire().await.unwrap();
    for i in 0..n {
        let message = if i % 2 == 0 {
            NewMessage::email("jan.dijk@example.nl", invitation(), format!("{run}:{i}"))
        } else {
            NewMessage::sms("+31612345678", format!("code {i}"), format!("{run}:{i}"))
        };
        ids.push(
            outbox::enqueue(&mut connection, message)
                .await
                .unwrap()
                .id(),
        );
    }
    ids
}

/// Four workers (two per pool, as two instances with two tasks each) drain the outbox at
/// once; answers the ids delivered, sorted, duplicates kept.
pub async fn drain_concurrently(a: &AnyPool, b: &AnyPool) -> Vec<i64> {
    let (recorder, transports) = recording();
    let drains: Vec<_> = [a, b, a, b]
        .into_iter()
        .map(|pool| {
            let worker = Worker::new(pool.clone(), transports.clone(), WorkerOptions::default());
            tokio::spawn(async move { worker.drain().await })
        })
        .collect();
    for drain in drains {
        drain.await.unwrap().unwrap();
    }
    let mut sent = recorder.sent.lock().unwrap().clone();
    sent.sort_unstable();
    sent
}

/// A pool on the SQLite file at `path` (created and migrated when new).
pub async fn sqlite_pool(path: &std::path::Path) -> AnyPool {
    let url = DatabaseUrl::parse(&format!("sqlite://{}", path.display())).unwrap();
    db::connect(&url).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_on_one_sqlite_database_never_send_a_message_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.db");
    let (a, b) = (sqlite_pool(&path).await, sqlite_pool(&path).await);
    let mut ids = enqueue_many(&a, "contention", 60).await;
    ids.sort_unstable();

    let sent = drain_concurrently(&a, &b).await;
    assert_eq!(sent, ids, "every message exactly once");
    assert_eq!(
        count(
            &a,
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND attempts = 1"
        )
        .await,
        60
    );
}

#[tokio::test]
async fn a_lease_left_by_a_crashed_worker_is_taken_over_once_it_ends() {
    let dir = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(&dir.path().join("outbox.db")).await;
    let ids = enqueue_many(&pool, "crash", 2).await;
    let now = unix_now();
    // One claimed by a worker that died while sending (lease over), one still leased.
    for (id, locked_until) in [(ids[0], now - 1), (ids[1], now + 600)] {
        sqlx::query("UPDATE outbox SET attempts = 1, locked_until = $1 WHERE id = $2")
            .bind(locked_until)
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
    }
    let (recorder, transports) = recording();
    let worker = Worker::new(pool.clone(), transports, WorkerOptions::default());
    assert_eq!(
        worker.deliver_next().await.unwrap(),
        Delivery::Sent { id: ids[0] }
    );
    assert_eq!(worker.deliver_next().await.unwrap(), Delivery::Idle);
    assert_eq!(*recorder.sent.lock().unwrap(), [ids[0]]);
    assert_eq!(outbox_row(&pool, ids[0]).await.unwrap().attempts, 2);
}

#[tokio::test]
async fn failures_back_off_and_are_given_up_after_the_last_attempt() {
    struct Failing;
    impl MailTransport for Failing {
        fn send<'a>(&'a self, _: &'a Message) -> BoxFuture<'a, Result<(), SendError>> {
            Box::pin(async { Err(SendError::Transient("connection refused".into())) })
        }
    }
    impl SmsTransport for Failing {
        fn send<'a>(&'a self, _: &'a SmsMessage) -> BoxFuture<'a, Result<(), SendError>> {
            Box::pin(async { Err(SendError::Transient("gateway down".into())) })
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(&dir.path().join("outbox.db")).await;
    let id = enqueue_many(&pool, "failing", 1).await[0];
    let failing = Arc::new(Failing);
    let options = WorkerOptions {
        max_attempts: 3,
        ..WorkerOptions::default()
    };
    let worker = Worker::new(
        pool.clone(),
        Transports {
            mail: failing.clone(),
            sms: failing,
            webhook: middelpunt_server::mail::webhook::WebhookClient::new(None).unwrap(),
        },
        options,
    );
    let make_due = || async {
        sqlx::query("UPDATE outbox SET next_attempt_at = 0 WHERE id = $1")
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
    };
    for (attempts, wait) in [(1, 60), (2, 300)] {
        let before = unix_now();
        let Delivery::Retry {
            attempts: made,
            next_attempt_at,
            ..
        } = worker.deliver_next().await.unwrap()
        else {
            panic!("a retry expected");
        };
        assert_eq!(made, attempts);
        assert!((before + wait..=unix_now() + wait).contains(&next_attempt_at));
        assert_eq!(
            worker.deliver_next().await.unwrap(),
            Delivery::Idle,
            "not yet due"
        );
        make_due().await;
    }
    assert_eq!(
        worker.deliver_next().await.unwrap(),
        Delivery::GaveUp { id, attempts: 3 }
    );
    make_due().await;
    assert_eq!(worker.deliver_next().await.unwrap(), Delivery::Idle);
    let row = outbox_row(&pool, id).await.unwrap();
    assert!(row.failed_at.is_some());
    assert_eq!(row.last_error.as_deref(), Some("connection refused"));
}

/// The same on PostgreSQL (several instances share one database): enqueue in a transaction,
/// deduplication, and four workers on two pools. Needs a server:
///
/// ```text
/// MIDDELPUNT_TEST_POSTGRES_URL=postgres://USER@127.0.0.1:5432/DB \
///     cargo test -p middelpunt-server --test api -- --ignored postgres
/// ```
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs MIDDELPUNT_TEST_POSTGRES_URL"]
async fn postgres_outbox_enqueues_in_transactions_and_claims_each_message_once() {
    let url = std::env::var("MIDDELPUNT_TEST_POSTGRES_URL")
        .expect("set MIDDELPUNT_TEST_POSTGRES_URL to a PostgreSQL database for this test");
    let url = DatabaseUrl::parse(&url).unwrap();
    let (a, b) = (
        db::connect(&url).await.unwrap(),
        db::connect(&url).await.unwrap(),
    );
    // The database outlives the test: keys unique to this run.
    let run = format!(
        "pg-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let with_key = |key: &str| {
        let sql = "SELECT COUNT(*) FROM outbox WHERE dedupe_key = $1";
        let key = key.to_owned();
        let pool = a.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .bind(key)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };

    let rollback_key = format!("{run}:rollback");
    let mut tx = db::begin_write(&a).await.unwrap();
    outbox::enqueue(
        &mut tx,
        NewMessage::email("x@example.nl", invitation(), rollback_key.clone()),
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(with_key(&rollback_key).await, 0);

    let dedupe_key = format!("{run}:dedupe");
    let mut tx = db::begin_write(&a).await.unwrap();
    let first = outbox::enqueue(
        &mut tx,
        NewMessage::sms("+31612345678", "a", dedupe_key.clone()),
    )
    .await
    .unwrap();
    let second = outbox::enqueue(
        &mut tx,
        NewMessage::sms("+31612345678", "b", dedupe_key.clone()),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(second, Enqueued::Duplicate(first.id()));
    assert_eq!(with_key(&dedupe_key).await, 1);

    let mut ids = enqueue_many(&a, &run, 60).await;
    ids.push(first.id());
    ids.sort_unstable();
    let mut sent = drain_concurrently(&a, &b).await;
    // Other tests' servers may deliver some of them meanwhile; none may be delivered twice.
    sent.retain(|id| ids.binary_search(id).is_ok());
    let before = sent.len();
    sent.dedup();
    assert_eq!(sent.len(), before, "a message was delivered twice");
    assert!(!sent.is_empty());
    for id in &ids {
        let row = outbox_row(&a, *id).await.unwrap();
        // Claimed exactly once: by these workers (then sent), or by another test's server
        // (which may have stopped before recording it; its lease then ends later).
        assert_eq!(row.attempts, 1, "{id} claimed twice");
        if sent.binary_search(id).is_ok() {
            assert!(row.sent_at.is_some(), "{id} sent but not recorded");
        }
    }
    middelpunt_server::mail::dev_mailbox::list(&a, Some("+31612345678"), 5)
        .await
        .unwrap();
}
