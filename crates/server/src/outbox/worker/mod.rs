//! The delivery worker: claims due outbox messages in batches, sends them through the transport
//! of their kind, a bounded number at a time per transport ([`run`]), and records the outcome.
//!
//! - Claim: a compare-and-set on the lease, portable SQL: `WITH picked AS MATERIALIZED (the
//!   oldest due ids) UPDATE … SET locked_until = now + lease WHERE id IN picked AND (locked_until IS NULL OR locked_until < now) …
//!   RETURNING …`. Of two workers (two instances) that pick the same messages, only one updates
//!   each: SQLite serialises writers, and PostgreSQL re-checks the condition on a row another
//!   transaction locked (and there `FOR UPDATE SKIP LOCKED` lets the second pick other rows).
//! - Success: `sent_at` is recorded and the bodies erased (in one statement per batch).
//! - Failure: `last_error` is recorded and the message is due again after [`backoff_secs`]
//!   (e-mail: 1, 5, 15 minutes, 1 hour, …; SMS: 5 s, 15 s, 1 minute, …; webhook calls: 10 s,
//!   30 s, 2 minutes, 10 minutes, then hourly); after [`WorkerOptions::max_attempts`] attempts, or at once
//!   when the failure is permanent (an invalid address, an SMTP 5xx), it is given up
//!   (`failed_at`). A message whose transport could not be reached at all is marked `stalled`:
//!   once the transport answers again it is due at once ([`run`]).
//! - A lease lasts [`WorkerOptions::lease`] (30 s) and carries the worker's token
//!   (`lease_owner`); the loop renews its leases every third of that while sending, and only
//!   the owner records an outcome. A worker that dies holds its messages for at most one lease.
//! - A crash after sending but before recording leaves the lease to expire, after which the
//!   message is sent again: at least once, see [`crate::outbox`].
//!
//! The log names messages by outbox id and kind; never the recipient, the body or a secret.

mod run;

use std::time::Duration;

use sqlx::{AnyPool, Row};

pub use run::WorkerHandle;

use super::{Kind, unix_now};
use crate::mail::webhook::WebhookCall;
use crate::mail::{Message, SendError, SmsMessage, Transports};

/// After the n-th failed attempt (1-based) of an e-mail, the next one waits `BACKOFF_SECS[n - 1]`
/// seconds; the last entry repeats.
pub const BACKOFF_SECS: [i64; 9] = [
    60,
    5 * 60,
    15 * 60,
    60 * 60,
    2 * 60 * 60,
    4 * 60 * 60,
    8 * 60 * 60,
    12 * 60 * 60,
    24 * 60 * 60,
];

/// The same for an SMS: a code the user is waiting for, valid for minutes, so the first retries
/// come sooner.
pub const SMS_BACKOFF_SECS: [i64; 6] = [5, 15, 60, 5 * 60, 15 * 60, 60 * 60];

/// The same for an API client's webhook call: its receiver may be briefly away (a deploy).
pub const WEBHOOK_BACKOFF_SECS: [i64; 5] = [10, 30, 2 * 60, 10 * 60, 60 * 60];

/// How long after the n-th failed attempt (1-based) an e-mail is due again.
pub fn backoff_secs(attempts: i64) -> i64 {
    backoff_of(&BACKOFF_SECS, attempts)
}

/// How long after the n-th failed attempt a message of `kind` is due again.
fn backoff_for(kind: &str, attempts: i64) -> i64 {
    match Kind::parse(kind) {
        Some(Kind::Sms) => backoff_of(&SMS_BACKOFF_SECS, attempts),
        Some(Kind::Webhook) => backoff_of(&WEBHOOK_BACKOFF_SECS, attempts),
        _ => backoff_of(&BACKOFF_SECS, attempts),
    }
}

fn backoff_of(table: &[i64], attempts: i64) -> i64 {
    let index = usize::try_from(attempts.max(1) - 1).unwrap_or(usize::MAX);
    table[index.min(table.len() - 1)]
}

/// The most e-mails one worker sends at once (and the SMTP pool's size).
pub const MAIL_IN_FLIGHT: usize = 16;
/// The most SMS one worker sends at once.
pub const SMS_IN_FLIGHT: usize = 8;
/// The most webhook calls one worker makes at once.
pub const WEBHOOK_IN_FLIGHT: usize = 4;

/// How often recording a delivery is tried again, 0.5 s, 1 s, … 4 s apart (18 s in all).
const MARK_SENT_TRIES: u64 = 8;

/// The longest `last_error` stored, in characters.
const MAX_ERROR_CHARS: usize = 1000;

/// How the worker behaves. [`Default`] is what the server uses, with the configured
/// `poll_interval`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerOptions {
    /// How often to look for due messages when not woken (`MIDDELPUNT_OUTBOX_POLL_MS`).
    pub poll_interval: Duration,
    /// How long a claim holds unless renewed: another worker may take the message over after
    /// this. The worker loop renews its leases every third of it while sending, so a worker
    /// that dies holds its messages for at most this long.
    pub lease: Duration,
    /// How long one delivery may take before it counts as a (transient) failure.
    pub send_timeout: Duration,
    /// After this many attempts the message is given up.
    pub max_attempts: i64,
    /// The most e-mails being sent at once by this worker (and SMTP connections in its pool).
    pub mail_in_flight: usize,
    /// The most SMS being sent at once by this worker.
    pub sms_in_flight: usize,
    /// How often the transports are checked: the mail server's reachability (for readiness),
    /// and whether stalled messages can go (every `probe_interval`, more often while the mail
    /// server is away: a fifth of it).
    pub probe_interval: Duration,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            poll_interval: crate::mail::config::DEFAULT_POLL_INTERVAL,
            lease: Duration::from_secs(30),
            send_timeout: Duration::from_secs(2 * 60),
            max_attempts: 10,
            mail_in_flight: MAIL_IN_FLIGHT,
            sms_in_flight: SMS_IN_FLIGHT,
            probe_interval: Duration::from_secs(25),
        }
    }
}

/// What one [`Worker::deliver_next`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// No message is due.
    Idle,
    /// Delivered and recorded.
    Sent { id: i64 },
    /// Failed; due again at `next_attempt_at`.
    Retry {
        id: i64,
        attempts: i64,
        next_attempt_at: i64,
    },
    /// Failed for good after `attempts` attempts.
    GaveUp { id: i64, attempts: i64 },
}

/// Delivers outbox messages from one database through [`Transports`].
#[derive(Debug, Clone)]
pub struct Worker {
    db: AnyPool,
    transports: Transports,
    options: WorkerOptions,
    /// On PostgreSQL a claim skips rows another worker is claiming (`FOR UPDATE SKIP LOCKED`).
    postgres: bool,
    /// This worker's leases carry this random token (`lease_owner`).
    owner: String,
}

/// A claimed message.
struct Claimed {
    id: i64,
    kind: String,
    recipient: String,
    subject: Option<String>,
    body_text: String,
    body_html: Option<String>,
    attempts: i64,
    /// The logical message, e.g. `invitation:{request_id}`: names the request it belongs to.
    dedupe_key: String,
}

impl Worker {
    pub fn new(db: AnyPool, transports: Transports, options: WorkerOptions) -> Worker {
        let postgres = db
            .connect_options()
            .database_url
            .scheme()
            .starts_with("postgres");
        Worker {
            db,
            transports,
            options,
            postgres,
            owner: format!("{:032x}", fastrand::u128(..)),
        }
    }

    /// Claims the oldest due message, if any, delivers it and records the outcome.
    pub async fn deliver_next(&self) -> Result<Delivery, sqlx::Error> {
        let Some(claimed) = self.claim(None, 1).await?.pop() else {
            return Ok(Delivery::Idle);
        };
        let outcome = self.send(&claimed).await;
        self.record(&claimed, outcome).await
    }

    /// Delivers until no message is due; answers how many were sent.
    pub async fn drain(&self) -> Result<usize, sqlx::Error> {
        let mut sent = 0;
        loop {
            match self.deliver_next().await? {
                Delivery::Idle => return Ok(sent),
                Delivery::Sent { .. } => sent += 1,
                _ => {}
            }
        }
    }

    /// Takes the lease on up to `limit` due messages (of `kind`, or of any kind), oldest first;
    /// none that another worker holds or that is done.
    async fn claim(&self, kind: Option<Kind>, limit: usize) -> Result<Vec<Claimed>, sqlx::Error> {
        let now = unix_now();
        // A read first: an idle worker must not take SQLite's write lock every poll (a request's
        // transaction that read before writing would then fail with "database is locked").
        let due: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM outbox \
             WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
             AND (locked_until IS NULL OR locked_until < $1) AND ($2 = 'any' OR kind = $2) \
             LIMIT 1",
        )
        .bind(now)
        .bind(kind.map_or("any", Kind::as_str))
        .fetch_optional(&self.db)
        .await?;
        if due.is_none() {
            return Ok(Vec::new());
        }
        let lease = i64::try_from(self.options.lease.as_secs()).unwrap_or(i64::MAX / 2);
        let lease_until = now + lease.max(1);
        let kind_filter = if kind.is_some() {
            "AND kind = $4 "
        } else {
            "AND $4 = $4 "
        };
        let skip_locked = if self.postgres {
            "FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        // The ids are picked once, in a materialised CTE: as `id IN (SELECT … LIMIT n FOR UPDATE
        // SKIP LOCKED)`, PostgreSQL may run the subquery again for each row it tests, each time
        // skipping other locked rows, and claim far more than `n`.
        let statement = format!(
            "WITH picked AS MATERIALIZED (SELECT id FROM outbox \
                WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2 \
                AND (locked_until IS NULL OR locked_until < $2) {kind_filter}\
                ORDER BY id LIMIT $3 {skip_locked}) \
             UPDATE outbox SET locked_until = $1, lease_owner = $5, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM picked) \
             AND sent_at IS NULL AND failed_at IS NULL \
             AND (locked_until IS NULL OR locked_until < $2) \
             RETURNING id, kind, recipient, subject, body_text, body_html, attempts, dedupe_key"
        );
        let rows = sqlx::query(&statement)
            .bind(lease_until)
            .bind(now)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .bind(kind.map_or("any", Kind::as_str))
            .bind(&self.owner)
            .fetch_all(&self.db)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(Claimed {
                    id: row.try_get("id")?,
                    kind: row.try_get("kind")?,
                    recipient: row.try_get("recipient")?,
                    subject: row.try_get("subject")?,
                    body_text: row.try_get("body_text")?,
                    body_html: row.try_get("body_html")?,
                    attempts: row.try_get("attempts")?,
                    dedupe_key: row.try_get("dedupe_key")?,
                })
            })
            .collect()
    }

    async fn send(&self, claimed: &Claimed) -> Result<(), SendError> {
        let sending = async {
            match Kind::parse(&claimed.kind) {
                Some(Kind::Email) => {
                    let message = Message {
                        outbox_id: claimed.id,
                        to: claimed.recipient.clone(),
                        subject: claimed.subject.clone().unwrap_or_default(),
                        text: claimed.body_text.clone(),
                        html: claimed.body_html.clone(),
                    };
                    self.transports.mail.send(&message).await
                }
                Some(Kind::Sms) => {
                    let message = SmsMessage {
                        outbox_id: claimed.id,
                        to: claimed.recipient.clone(),
                        text: claimed.body_text.clone(),
                    };
                    self.transports.sms.send(&message).await
                }
                Some(Kind::Webhook) => {
                    let event_id = claimed.dedupe_key.strip_prefix("webhook:").unwrap_or("");
                    let delivery_id = crate::clients::webhooks::delivery_id(
                        event_id.parse().unwrap_or(claimed.id),
                    );
                    let call = WebhookCall {
                        client_id: &claimed.recipient,
                        event_type: claimed.subject.as_deref().unwrap_or_default(),
                        delivery_id: &delivery_id,
                        body: &claimed.body_text,
                    };
                    self.transports.webhook.deliver(&self.db, &call).await
                }
                None => Err(SendError::Permanent(format!(
                    "unknown message kind {:?}",
                    claimed.kind
                ))),
            }
        };
        match tokio::time::timeout(self.options.send_timeout, sending).await {
            Ok(outcome) => outcome,
            Err(_elapsed) => Err(SendError::Transient(format!(
                "no answer within {} s",
                self.options.send_timeout.as_secs()
            ))),
        }
    }

    async fn record(
        &self,
        claimed: &Claimed,
        outcome: Result<(), SendError>,
    ) -> Result<Delivery, sqlx::Error> {
        match outcome {
            Ok(()) => {
                self.mark_sent(&claimed.kind, &[claimed.id]).await?;
                Ok(Delivery::Sent { id: claimed.id })
            }
            Err(error) => self.record_failure(claimed, &error).await,
        }
    }

    /// Records a failed attempt: due again after the backoff (and `stalled` when the transport
    /// could not be reached), or given up.
    async fn record_failure(
        &self,
        claimed: &Claimed,
        error: &SendError,
    ) -> Result<Delivery, sqlx::Error> {
        let id = claimed.id;
        let kind = claimed.kind.as_str();
        let attempts = claimed.attempts;
        if error.is_permanent() || attempts >= self.options.max_attempts {
            // The bodies go: the message will not be sent, and they hold personal links.
            sqlx::query(
                "UPDATE outbox SET failed_at = $1, last_error = $2, locked_until = NULL, \
                 lease_owner = NULL, stalled = 0, body_text = '', body_html = NULL \
                 WHERE id = $3 AND lease_owner = $4 AND sent_at IS NULL",
            )
            .bind(unix_now())
            .bind(truncate(&error.to_string()))
            .bind(id)
            .bind(&self.owner)
            .execute(&self.db)
            .await?;
            crate::ops::metrics::delivery(kind, "given_up");
            if let Err(db_error) = self.note_undeliverable(claimed, error).await {
                tracing::warn!(outbox_id = id, %db_error, "cannot note the undeliverable message on its request");
            }
            tracing::error!(
                outbox_id = id,
                kind,
                attempts,
                permanent = error.is_permanent(),
                %error,
                "message given up"
            );
            return Ok(Delivery::GaveUp { id, attempts });
        }
        let wait = backoff_for(kind, attempts);
        let next_attempt_at = unix_now() + wait;
        sqlx::query(
            "UPDATE outbox SET next_attempt_at = $1, last_error = $2, locked_until = NULL, \
             lease_owner = NULL, stalled = $3 WHERE id = $4 AND lease_owner = $5 AND sent_at IS NULL",
        )
        .bind(next_attempt_at)
        .bind(truncate(&error.to_string()))
        .bind(i32::from(error.is_unreachable()))
        .bind(id)
        .bind(&self.owner)
        .execute(&self.db)
        .await?;
        crate::ops::metrics::delivery(kind, "retry");
        tracing::warn!(
            outbox_id = id,
            kind,
            attempts,
            retry_in_secs = wait,
            unreachable = error.is_unreachable(),
            %error,
            "message not delivered, will retry"
        );
        Ok(Delivery::Retry {
            id,
            attempts,
            next_attempt_at,
        })
    }

    /// Puts a given-up invitation or SMS code on its request's timeline, so the manager and the
    /// operator see why the user heard nothing.
    async fn note_undeliverable(
        &self,
        claimed: &Claimed,
        error: &SendError,
    ) -> Result<(), sqlx::Error> {
        let key = claimed.dedupe_key.as_str();
        let (what, request_id) = if let Some(rest) = key.strip_prefix("invitation:") {
            let request = rest.split(':').next().unwrap_or(rest).to_owned();
            ("Uitnodiging per e-mail", Some(request))
        } else if let Some(code) = key.strip_prefix("sms-code:") {
            let request: Option<String> =
                sqlx::query_scalar("SELECT request_id FROM sms_codes WHERE id = $1")
                    .bind(code)
                    .fetch_optional(&self.db)
                    .await?;
            ("Sms-code", request)
        } else {
            return Ok(());
        };
        let Some(request_id) = request_id else {
            return Ok(());
        };
        let reason: String = error.to_string().chars().take(200).collect();
        let detail = format!("{what}: {reason}");
        let mut tx = crate::db::begin_write(&self.db).await?;
        crate::activation::store::insert_event(
            &mut tx,
            &request_id,
            unix_now(),
            api::EventKind::MessageUndeliverable,
            &crate::activation::events::Actor::System,
            Some(&detail),
        )
        .await?;
        tx.commit().await
    }

    /// Extends the leases this worker holds (the messages it is sending) by a lease from now.
    async fn renew_leases(&self) -> Result<u64, sqlx::Error> {
        let now = unix_now();
        let lease = i64::try_from(self.options.lease.as_secs()).unwrap_or(i64::MAX / 2);
        Ok(sqlx::query(
            "UPDATE outbox SET locked_until = $1 WHERE lease_owner = $2 \
             AND sent_at IS NULL AND failed_at IS NULL",
        )
        .bind(now + lease.max(1))
        .bind(&self.owner)
        .execute(&self.db)
        .await?
        .rows_affected())
    }

    /// Records that the messages `ids` were sent, in one statement, trying a few times: failing
    /// here means they go out again once their lease ends.
    async fn mark_sent(&self, kind: &str, ids: &[i64]) -> Result<(), sqlx::Error> {
        if ids.is_empty() {
            return Ok(());
        }
        // Integers the worker itself read from the table: written into the statement, so that
        // a batch needs no placeholder per id.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let statement = format!(
            "UPDATE outbox SET sent_at = $1, locked_until = NULL, lease_owner = NULL, \
             last_error = NULL, stalled = 0, body_text = '', body_html = NULL WHERE id IN ({list})"
        );
        // While the database is away (a restart), keep trying for up to 18 s, within the lease
        // (30 s, not renewed meanwhile): giving up means they go out once more when it ends.
        let mut tries = 0;
        loop {
            let result = sqlx::query(&statement)
                .bind(unix_now())
                .execute(&self.db)
                .await;
            match result {
                Ok(_) => {
                    crate::ops::metrics::deliveries(kind, "sent", ids.len());
                    tracing::debug!(kind, messages = ids.len(), "messages delivered");
                    return Ok(());
                }
                Err(error) if tries < MARK_SENT_TRIES => {
                    tries += 1;
                    tracing::warn!(messages = ids.len(), %error, "cannot record deliveries yet");
                    tokio::time::sleep(Duration::from_millis(500 * tries)).await;
                }
                Err(error) => {
                    tracing::error!(
                        messages = ids.len(),
                        %error,
                        "delivered, but cannot record it: they will be sent again"
                    );
                    return Err(error);
                }
            }
        }
    }
}

fn truncate(error: &str) -> String {
    match error.char_indices().nth(MAX_ERROR_CHARS) {
        Some((end, _)) => format!("{}…", &error[..end]),
        None => error.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_sms_is_retried_sooner_than_an_e_mail() {
        assert_eq!(backoff_for("sms", 1), 5);
        assert_eq!(backoff_for("sms", 2), 15);
        assert_eq!(backoff_for("sms", 99), 3600);
        assert_eq!(backoff_for("email", 1), 60);
        assert_eq!(backoff_for("webhook", 1), 10);
        assert_eq!(backoff_for("webhook", 3), 120);
        assert_eq!(backoff_for("webhook", 99), 3600);
    }

    #[test]
    fn backoff_grows_then_stays_at_a_day() {
        assert_eq!(backoff_secs(1), 60);
        assert_eq!(backoff_secs(2), 300);
        assert_eq!(backoff_secs(3), 900);
        assert_eq!(backoff_secs(4), 3600);
        assert_eq!(backoff_secs(9), 86_400);
        assert_eq!(backoff_secs(50), 86_400);
        assert_eq!(backoff_secs(0), 60);
    }

    #[test]
    fn long_errors_are_cut() {
        assert_eq!(truncate("kort"), "kort");
        let long = "é".repeat(MAX_ERROR_CHARS + 10);
        assert_eq!(truncate(&long).chars().count(), MAX_ERROR_CHARS + 1);
    }
}
