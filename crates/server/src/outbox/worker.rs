//! The delivery worker: claims due outbox messages one at a time, sends them through the
//! transport of their kind, and records the outcome.
//!
//! - Claim: a compare-and-set on the lease, portable SQL: pick the oldest due message, then
//!   `UPDATE … SET locked_until = now + lease WHERE id = $id AND (locked_until IS NULL OR
//!   locked_until < now) … RETURNING …`. Of two workers (two instances) that pick the same
//!   message, one updates it and the other updates nothing: SQLite serialises writers, and
//!   PostgreSQL re-checks the condition on the row the first one locked. The loser just picks
//!   again.
//! - Success: `sent_at` is recorded and the bodies erased.
//! - Failure: `last_error` is recorded and the message is due again after [`backoff_secs`]
//!   (1, 5, 15 minutes, 1 hour, …); after [`WorkerOptions::max_attempts`] attempts, or at once
//!   when the failure is permanent (an invalid address, an SMTP 5xx), it is given up
//!   (`failed_at`).
//! - A crash after sending but before recording leaves the lease to expire, after which the
//!   message is sent again: at least once, see [`crate::outbox`].
//!
//! The log names messages by outbox id and kind; never the recipient, the body or a secret.

use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::{AnyPool, Row};
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use super::{Kind, purge_finished, unix_now};
use crate::mail::{Message, SendError, SmsMessage, Transports};

/// After the n-th failed attempt (1-based), the next one waits `BACKOFF_SECS[n - 1]` seconds;
/// the last entry repeats.
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

/// How long after the n-th failed attempt (1-based) the message is due again.
pub fn backoff_secs(attempts: i64) -> i64 {
    let index = usize::try_from(attempts.max(1) - 1).unwrap_or(usize::MAX);
    BACKOFF_SECS[index.min(BACKOFF_SECS.len() - 1)]
}

/// The longest `last_error` stored, in characters.
const MAX_ERROR_CHARS: usize = 1000;

/// How often delivered and given-up messages are purged.
const PURGE_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// How the worker behaves. [`Default`] is what the server uses, with the configured
/// `poll_interval`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerOptions {
    /// How often to look for due messages when not woken (`MIDDELPUNT_OUTBOX_POLL_MS`).
    pub poll_interval: Duration,
    /// How long a claim holds: another worker may take the message over after this. Must be
    /// well above `send_timeout`.
    pub lease: Duration,
    /// How long one delivery may take before it counts as a (transient) failure.
    pub send_timeout: Duration,
    /// After this many attempts the message is given up.
    pub max_attempts: i64,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            poll_interval: crate::mail::config::DEFAULT_POLL_INTERVAL,
            lease: Duration::from_secs(10 * 60),
            send_timeout: Duration::from_secs(2 * 60),
            max_attempts: 10,
        }
    }
}

/// What one [`Worker::deliver_next`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// No message is due.
    Idle,
    /// Another worker claimed the message first; look again.
    Contended,
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
    lease_until: i64,
}

impl Worker {
    pub fn new(db: AnyPool, transports: Transports, options: WorkerOptions) -> Worker {
        Worker {
            db,
            transports,
            options,
        }
    }

    /// Claims the oldest due message, if any, delivers it and records the outcome.
    pub async fn deliver_next(&self) -> Result<Delivery, sqlx::Error> {
        let now = unix_now();
        let Some(id) = self.pick(now).await? else {
            return Ok(Delivery::Idle);
        };
        let Some(claimed) = self.claim(id, now).await? else {
            return Ok(Delivery::Contended);
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

    async fn pick(&self, now: i64) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT id FROM outbox \
             WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
             AND (locked_until IS NULL OR locked_until < $1) \
             ORDER BY id LIMIT 1",
        )
        .bind(now)
        .fetch_optional(&self.db)
        .await
    }

    /// Takes the lease on message `id`, unless another worker holds it or it is done.
    async fn claim(&self, id: i64, now: i64) -> Result<Option<Claimed>, sqlx::Error> {
        let lease = i64::try_from(self.options.lease.as_secs()).unwrap_or(i64::MAX / 2);
        let lease_until = now + lease.max(1);
        let row = sqlx::query(
            "UPDATE outbox SET locked_until = $1, attempts = attempts + 1 \
             WHERE id = $2 AND sent_at IS NULL AND failed_at IS NULL \
             AND (locked_until IS NULL OR locked_until < $3) \
             RETURNING kind, recipient, subject, body_text, body_html, attempts",
        )
        .bind(lease_until)
        .bind(id)
        .bind(now)
        .fetch_optional(&self.db)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(Claimed {
            id,
            kind: row.try_get("kind")?,
            recipient: row.try_get("recipient")?,
            subject: row.try_get("subject")?,
            body_text: row.try_get("body_text")?,
            body_html: row.try_get("body_html")?,
            attempts: row.try_get("attempts")?,
            lease_until,
        }))
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
        let id = claimed.id;
        let kind = claimed.kind.as_str();
        let attempts = claimed.attempts;
        match outcome {
            Ok(()) => {
                self.mark_sent(id).await?;
                tracing::info!(outbox_id = id, kind, attempts, "message delivered");
                Ok(Delivery::Sent { id })
            }
            Err(error) if error.is_permanent() || attempts >= self.options.max_attempts => {
                // The bodies go: the message will not be sent, and they hold personal links.
                sqlx::query(
                    "UPDATE outbox SET failed_at = $1, last_error = $2, locked_until = NULL, \
                     body_text = '', body_html = NULL \
                     WHERE id = $3 AND locked_until = $4 AND sent_at IS NULL",
                )
                .bind(unix_now())
                .bind(truncate(&error.to_string()))
                .bind(id)
                .bind(claimed.lease_until)
                .execute(&self.db)
                .await?;
                tracing::error!(
                    outbox_id = id,
                    kind,
                    attempts,
                    permanent = error.is_permanent(),
                    %error,
                    "message given up"
                );
                Ok(Delivery::GaveUp { id, attempts })
            }
            Err(error) => {
                let wait = backoff_secs(attempts);
                let next_attempt_at = unix_now() + wait;
                sqlx::query(
                    "UPDATE outbox SET next_attempt_at = $1, last_error = $2, locked_until = NULL \
                     WHERE id = $3 AND locked_until = $4 AND sent_at IS NULL",
                )
                .bind(next_attempt_at)
                .bind(truncate(&error.to_string()))
                .bind(id)
                .bind(claimed.lease_until)
                .execute(&self.db)
                .await?;
                tracing::warn!(
                    outbox_id = id,
                    kind,
                    attempts,
                    retry_in_secs = wait,
                    %error,
                    "message not delivered, will retry"
                );
                Ok(Delivery::Retry {
                    id,
                    attempts,
                    next_attempt_at,
                })
            }
        }
    }

    /// Records that `id` was sent, trying a few times: failing here means the message goes out
    /// again once its lease ends.
    async fn mark_sent(&self, id: i64) -> Result<(), sqlx::Error> {
        let mut tries = 0;
        loop {
            let result = sqlx::query(
                "UPDATE outbox SET sent_at = $1, locked_until = NULL, last_error = NULL, \
                 body_text = '', body_html = NULL WHERE id = $2",
            )
            .bind(unix_now())
            .bind(id)
            .execute(&self.db)
            .await;
            match result {
                Ok(_) => return Ok(()),
                Err(error) if tries < 3 => {
                    tries += 1;
                    tracing::warn!(outbox_id = id, %error, "cannot record a delivery yet");
                    tokio::time::sleep(Duration::from_millis(500 * tries)).await;
                }
                Err(error) => {
                    tracing::error!(
                        outbox_id = id,
                        %error,
                        "delivered, but cannot record it: it will be sent again"
                    );
                    return Err(error);
                }
            }
        }
    }

    /// Runs in the background until [`WorkerHandle::stop`]: delivers everything due, then
    /// waits for `wake` or the poll interval.
    pub fn spawn(self, wake: Arc<Notify>) -> WorkerHandle {
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(self.run(wake, stopped));
        WorkerHandle { stop, task }
    }

    async fn run(self, wake: Arc<Notify>, mut stop: watch::Receiver<bool>) {
        let mut last_purge: Option<Instant> = None;
        loop {
            loop {
                if *stop.borrow() {
                    return;
                }
                match self.deliver_next().await {
                    Ok(Delivery::Idle) => break,
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(%error, "outbox: cannot deliver");
                        break;
                    }
                }
            }
            if last_purge.is_none_or(|at| at.elapsed() >= PURGE_INTERVAL) {
                last_purge = Some(Instant::now());
                match purge_finished(&self.db, unix_now()).await {
                    Ok(0) => {}
                    Ok(purged) => tracing::debug!(purged, "purged old outbox messages"),
                    Err(error) => tracing::warn!(%error, "cannot purge old outbox messages"),
                }
            }
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(self.options.poll_interval) => {}
                changed = stop.changed() => {
                    if changed.is_err() {
                        return;
                    }
                }
            }
        }
    }
}

/// The running worker.
#[derive(Debug)]
pub struct WorkerHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl WorkerHandle {
    /// Stops the worker: lets the delivery under way finish for up to `grace`, then aborts it
    /// (an aborted delivery may be sent again, see [`crate::outbox`]).
    pub async fn stop(self, grace: Duration) {
        let _ = self.stop.send(true);
        let mut task = self.task;
        if tokio::time::timeout(grace, &mut task).await.is_err() {
            tracing::warn!("the outbox worker did not stop in time: aborted");
            task.abort();
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
