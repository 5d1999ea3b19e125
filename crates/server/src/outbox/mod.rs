//! The transactional outbox: e-mail and SMS are written to the `outbox` table in the same
//! database transaction as the business change that causes them, and delivered afterwards by
//! the [`worker`]. So an accepted order always gets its mails, and a rolled-back one never does.
//!
//! ```text
//! let mut tx = crate::db::begin_write(&state.db).await?;
//! // … insert the order and its requests …
//! let mail = mail::templates::invitation(InvitationMail { … });
//! outbox::enqueue(&mut tx, NewMessage::email(&user.email, mail, format!("invitation:{request_id}"))).await?;
//! tx.commit().await?;
//! state.outbox.wake(); // deliver now rather than at the next poll
//! ```
//!
//! Delivery is at least once: the worker claims a message (a lease in `locked_until`), sends
//! it, then records `sent_at`. A crash between sending and recording sends it once more after
//! the lease ends; e-mails carry a `Message-ID` derived from the outbox id
//! ([`crate::mail::message_id`]) and the development mailbox stores by outbox id, so the
//! repeat can be recognised. Two workers (several instances) never hold the same lease.
//!
//! `dedupe_key` names the logical message (`invitation:{request_id}`, `sms-code:{code_id}`):
//! enqueueing it again is a no-op that answers the existing message ([`Enqueued::Duplicate`]).
//! Once delivered (or given up), a message's bodies are erased (they hold personal links and
//! codes) and the row itself is purged after [`RETENTION_SECS`].

pub mod worker;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{AnyConnection, AnyPool};
use tokio::sync::Notify;

use crate::mail::templates::RenderedMail;
use crate::mail::{MailConfig, TransportError, Transports};

/// How long delivered and given-up messages are kept before they are purged (30 days); within
/// this time their `dedupe_key` keeps a second enqueue a no-op.
pub const RETENTION_SECS: i64 = 30 * 24 * 60 * 60;

/// What a message is: the contract's vocabulary, stored in the `kind` column.
pub use api::MessageKind as Kind;

/// A message to enqueue: [`NewMessage::email`] or [`NewMessage::sms`]. `Debug` hides the
/// recipient and the bodies.
#[derive(Clone, PartialEq, Eq)]
pub struct NewMessage {
    kind: Kind,
    recipient: String,
    subject: Option<String>,
    body_text: String,
    body_html: Option<String>,
    dedupe_key: String,
}

impl NewMessage {
    /// An e-mail to `to` (an address) with `mail`'s subject, text and HTML; `dedupe_key` names
    /// the logical message, e.g. `invitation:{request_id}`.
    pub fn email(to: &str, mail: RenderedMail, dedupe_key: impl Into<String>) -> NewMessage {
        NewMessage {
            kind: Kind::Email,
            recipient: to.trim().to_owned(),
            subject: Some(mail.subject),
            body_text: mail.text,
            body_html: Some(mail.html),
            dedupe_key: dedupe_key.into(),
        }
    }

    /// An SMS to `to` (a mobile number, E.164) with `text`; `dedupe_key` names the logical
    /// message, e.g. `sms-code:{code_id}`.
    pub fn sms(to: &str, text: impl Into<String>, dedupe_key: impl Into<String>) -> NewMessage {
        NewMessage {
            kind: Kind::Sms,
            recipient: to.trim().to_owned(),
            subject: None,
            body_text: text.into(),
            body_html: None,
            dedupe_key: dedupe_key.into(),
        }
    }

    /// A webhook call to API client `client_id` (the recipient): `event_type` (e.g.
    /// `request.issued`, kept as the subject) with the JSON `payload`; `dedupe_key` names the
    /// event, `webhook:{event_id}`. The worker posts it to the client's URL at delivery.
    pub fn webhook(
        client_id: &str,
        event_type: &str,
        payload: String,
        dedupe_key: impl Into<String>,
    ) -> NewMessage {
        NewMessage {
            kind: Kind::Webhook,
            recipient: client_id.to_owned(),
            subject: Some(event_type.to_owned()),
            body_text: payload,
            body_html: None,
            dedupe_key: dedupe_key.into(),
        }
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn dedupe_key(&self) -> &str {
        &self.dedupe_key
    }
}

impl fmt::Debug for NewMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewMessage")
            .field("kind", &self.kind)
            .field("dedupe_key", &self.dedupe_key)
            .finish_non_exhaustive()
    }
}

/// The outcome of [`enqueue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    /// A new message with this outbox id.
    Queued(i64),
    /// A message with the same `dedupe_key` already exists (queued, sent or given up): nothing
    /// was added. Its id.
    Duplicate(i64),
}

impl Enqueued {
    /// The outbox id of the message.
    pub fn id(self) -> i64 {
        match self {
            Enqueued::Queued(id) | Enqueued::Duplicate(id) => id,
        }
    }
}

/// How many fresh ids [`enqueue`] tries when another instance happened to pick the same one.
const ID_TRIES: usize = 5;

/// Adds `message` to the outbox on `connection`: pass the caller's transaction (`&mut tx`)
/// so the message is committed, or rolled back, with the business change. Due at once; the
/// worker delivers it after the commit (call [`Outbox::wake`] then for no delay).
///
/// A message whose `dedupe_key` is already in the outbox is not added again
/// ([`Enqueued::Duplicate`]). On PostgreSQL, while another open transaction holds the same key,
/// this waits for it to end.
pub async fn enqueue(
    connection: &mut AnyConnection,
    message: NewMessage,
) -> Result<Enqueued, sqlx::Error> {
    let now = unix_now();
    for _ in 0..ID_TRIES {
        let id = new_id();
        // `ON CONFLICT DO NOTHING` without a target covers both unique columns (id and
        // dedupe_key), on SQLite and PostgreSQL alike, without aborting the transaction.
        let inserted = sqlx::query(
            "INSERT INTO outbox \
             (id, kind, recipient, subject, body_text, body_html, dedupe_key, created_at, \
              attempts, next_attempt_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $8) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(message.kind.as_str())
        .bind(&message.recipient)
        .bind(&message.subject)
        .bind(&message.body_text)
        .bind(&message.body_html)
        .bind(&message.dedupe_key)
        .bind(now)
        .execute(&mut *connection)
        .await?
        .rows_affected();
        if inserted == 1 {
            return Ok(Enqueued::Queued(id));
        }
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM outbox WHERE dedupe_key = $1")
                .bind(&message.dedupe_key)
                .fetch_optional(&mut *connection)
                .await?;
        if let Some(existing) = existing {
            return Ok(Enqueued::Duplicate(existing));
        }
        // The id was taken (another instance, same millisecond, same random bits): again.
    }
    Err(sqlx::Error::Protocol(
        "cannot find a free outbox id".to_owned(),
    ))
}

/// A fresh outbox id: milliseconds since 1970 times 1024 plus 10 random bits, increasing within
/// this process. Portable (no auto-increment, which SQLite and PostgreSQL spell differently),
/// roughly in order of creation, and below 2^53 (exact in JavaScript) until the year 2248.
pub(crate) fn new_id() -> i64 {
    static LAST: AtomicI64 = AtomicI64::new(0);
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX >> 10)
        });
    let candidate = (millis << 10) | fastrand::i64(0..1024);
    let mut last = LAST.load(Ordering::Relaxed);
    loop {
        let next = candidate.max(last + 1);
        match LAST.compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return next,
            Err(actual) => last = actual,
        }
    }
}

/// The outbox as handlers see it (`state.outbox`): the transports the worker delivers through
/// and the bell that wakes it. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Outbox {
    transports: Transports,
    wake: Arc<Notify>,
    options: worker::WorkerOptions,
}

impl Outbox {
    /// The outbox for `config`: sets up the transports it names (connecting to nothing yet).
    pub fn new(config: &MailConfig, db: &AnyPool) -> Result<Outbox, TransportError> {
        if config.dev_mailbox {
            tracing::warn!(
                "the development mailbox is on: messages it receives can be read by anyone at \
                 /api/v1/dev/messages; set MIDDELPUNT_SMTP_HOST (and leave \
                 MIDDELPUNT_DEV_MAILBOX unset) in production"
            );
        }
        Ok(Outbox::with_transports(
            Transports::from_config(config, db)?,
            worker::WorkerOptions {
                poll_interval: config.poll_interval,
                ..worker::WorkerOptions::default()
            },
        ))
    }

    /// The outbox delivering through `transports`, e.g. a test's.
    pub fn with_transports(transports: Transports, options: worker::WorkerOptions) -> Outbox {
        Outbox {
            transports,
            wake: Arc::new(Notify::new()),
            options,
        }
    }

    /// The same outbox making webhook calls through `webhook`, e.g. one with a test's name
    /// resolution ([`crate::mail::webhook::WebhookClient::with_lookup`]).
    pub fn with_webhook(mut self, webhook: crate::mail::webhook::WebhookClient) -> Outbox {
        self.transports.webhook = webhook;
        self
    }

    /// Tells this process's worker to look for due messages now. Call it after committing a
    /// transaction that enqueued; other instances find the message at their next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// The transports messages are delivered through.
    pub fn transports(&self) -> &Transports {
        &self.transports
    }

    /// Starts the delivery worker on `db` in the background; it beats `readiness`'s heartbeat
    /// and reports the mail server's state there.
    pub fn start_worker(
        &self,
        db: AnyPool,
        readiness: Arc<crate::ops::readiness::Readiness>,
    ) -> worker::WorkerHandle {
        worker::Worker::new(db, self.transports.clone(), self.options.clone())
            .spawn(self.wake.clone(), readiness)
    }

    /// How long the worker may go without a round before readiness calls it stalled.
    pub fn liveness_limit(&self) -> std::time::Duration {
        self.options.liveness_limit()
    }
}

/// Deletes messages delivered or given up more than [`RETENTION_SECS`] before `now`.
pub async fn purge_finished(db: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
    let before = now - RETENTION_SECS;
    Ok(
        sqlx::query("DELETE FROM outbox WHERE sent_at < $1 OR failed_at < $1")
            .bind(before)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// Seconds since 1970.
pub use crate::clock::unix_now;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_increase_and_stay_exact_in_javascript() {
        let ids: Vec<i64> = (0..5000).map(|_| new_id()).collect();
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(ids.iter().all(|id| *id < (1 << 53) && *id > 0));
    }

    #[test]
    fn new_messages_hide_their_content_in_debug() {
        let sms = NewMessage::sms(" +31612345678 ", "Uw code is 123456", "sms-code:1");
        assert_eq!(sms.kind(), Kind::Sms);
        assert_eq!(sms.recipient, "+31612345678");
        let debug = format!("{sms:?}");
        assert!(
            !debug.contains("123456") && !debug.contains("+316"),
            "{debug}"
        );
        assert_eq!(Kind::parse("email"), Some(Kind::Email));
        assert_eq!(Kind::parse("fax"), None);
    }
}
