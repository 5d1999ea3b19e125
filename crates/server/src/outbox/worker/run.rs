//! The worker's loop in the server: per transport ("lane": e-mail, SMS, webhook calls) at most
//! [`WorkerOptions::mail_in_flight`] / [`WorkerOptions::sms_in_flight`] /
//! [`super::WEBHOOK_IN_FLIGHT`] messages are being sent
//! at once; it claims as many due messages as there is room for, in one statement, and records
//! the deliveries that finished together in one statement.
//!
//! The transports are checked every [`WorkerOptions::probe_interval`] (a fifth of it while the
//! mail server is away): the mail server's answer goes to readiness, and when a transport
//! answers again (the check passed, or a message of its kind went out since the last check),
//! its `stalled` messages (those that failed because it could not be reached) are due at once,
//! rather than after their backoff of up to an hour. While the mail server is known to be away,
//! no e-mail is claimed: each attempt would only wait for its connection to fail.
//!
//! Every round of the loop beats [`Readiness::worker`], so readiness can tell it is alive.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Notify, watch};
use tokio::task::{JoinHandle, JoinSet};

use super::{Claimed, Kind, Worker, WorkerOptions};
use crate::mail::SendError;
use crate::ops::readiness::{MailState, Readiness};
use crate::outbox::{purge_finished, unix_now};

/// How often delivered and given-up messages are purged.
const PURGE_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// How long a check of the mail server may take.
const CHECK_TIMEOUT: Duration = Duration::from_secs(10);

/// One transport's share of the worker.
#[derive(Debug)]
struct Lane {
    kind: Kind,
    limit: usize,
    /// The deliveries under way.
    sends: JoinSet<Finished>,
    /// Messages of this kind sent since the last check of the transports.
    sent_since_check: usize,
}

impl Lane {
    fn new(kind: Kind, limit: usize) -> Lane {
        Lane {
            kind,
            limit: limit.max(1),
            sends: JoinSet::new(),
            sent_since_check: 0,
        }
    }

    fn room(&self) -> usize {
        self.limit.saturating_sub(self.sends.len())
    }

    /// The deliveries that have finished, without waiting; `first` one that was waited for.
    fn finished(&mut self, first: Option<Finished>) -> Vec<Finished> {
        let mut finished: Vec<Finished> = first.into_iter().collect();
        while let Some(joined) = self.sends.try_join_next() {
            finished.extend(joined_outcome(joined));
        }
        finished
    }
}

type Finished = (Claimed, Result<(), SendError>);

impl WorkerOptions {
    /// How long the loop may go without a round before readiness calls it stalled: a round
    /// waits at most a poll interval, a check of the transports or a statement.
    pub fn liveness_limit(&self) -> Duration {
        (self.poll_interval * 5).max(Duration::from_secs(30))
    }
}

impl Worker {
    /// Runs in the background until [`WorkerHandle::stop`]: delivers what is due, then waits for
    /// `wake`, a finished delivery or the poll interval.
    pub fn spawn(self, wake: Arc<Notify>, readiness: Arc<Readiness>) -> WorkerHandle {
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(Arc::new(self).run(wake, stopped, readiness));
        WorkerHandle { stop, task }
    }

    async fn run(
        self: Arc<Self>,
        wake: Arc<Notify>,
        mut stop: watch::Receiver<bool>,
        readiness: Arc<Readiness>,
    ) {
        let mut lanes = [
            Lane::new(Kind::Email, self.options.mail_in_flight),
            Lane::new(Kind::Sms, self.options.sms_in_flight),
            Lane::new(Kind::Webhook, super::WEBHOOK_IN_FLIGHT),
        ];
        let mut last_purge: Option<Instant> = None;
        let mut next_check = Instant::now();
        let renew_every = self.options.lease / 3;
        let mut next_renewal = Instant::now() + renew_every;
        let mut waited: [Option<Finished>; 3] = [None, None, None];
        loop {
            readiness.worker.beat();
            for (lane, first) in lanes.iter_mut().zip(&mut waited) {
                let finished = lane.finished(first.take());
                self.record_lane(lane, finished, &readiness, &mut next_check)
                    .await;
            }
            if *stop.borrow() {
                break;
            }
            if Instant::now() >= next_check {
                self.check_transports(&mut lanes, &readiness).await;
                let interval = self.options.probe_interval;
                next_check = Instant::now()
                    + match readiness.mail() {
                        MailState::Unreachable => interval / 5,
                        _ => interval,
                    };
            }
            let mut more_due = false;
            for lane in &mut lanes {
                let mail_away =
                    lane.kind == Kind::Email && readiness.mail() == MailState::Unreachable;
                let room = lane.room();
                if mail_away || room == 0 {
                    continue;
                }
                match self.claim(Some(lane.kind), room).await {
                    Ok(batch) => {
                        more_due |= batch.len() == room;
                        for claimed in batch {
                            let worker = Arc::clone(&self);
                            lane.sends.spawn(async move {
                                let outcome = worker.send(&claimed).await;
                                (claimed, outcome)
                            });
                        }
                    }
                    Err(error) => tracing::warn!(%error, "outbox: cannot claim messages"),
                }
            }
            if Instant::now() >= next_renewal {
                next_renewal = Instant::now() + renew_every;
                if lanes.iter().any(|lane| !lane.sends.is_empty())
                    && let Err(error) = self.renew_leases().await
                {
                    tracing::warn!(%error, "outbox: cannot renew the leases of messages being sent");
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
            if more_due && lanes.iter().any(|lane| lane.room() > 0) {
                // One lane was filled and another has room: claim again at once.
                continue;
            }
            let wait = self
                .options
                .poll_interval
                .min(next_check.saturating_duration_since(Instant::now()))
                .min(next_renewal.saturating_duration_since(Instant::now()));
            let [mail, sms, webhook] = &mut lanes;
            tokio::select! {
                Some(joined) = mail.sends.join_next(), if !mail.sends.is_empty() => {
                    waited[0] = joined_outcome(joined);
                }
                Some(joined) = sms.sends.join_next(), if !sms.sends.is_empty() => {
                    waited[1] = joined_outcome(joined);
                }
                Some(joined) = webhook.sends.join_next(), if !webhook.sends.is_empty() => {
                    waited[2] = joined_outcome(joined);
                }
                () = wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
                changed = stop.changed() => {
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
        // Stopping: let the deliveries under way finish (the handle's grace bounds this).
        for lane in &mut lanes {
            let mut finished = Vec::new();
            while let Some(joined) = lane.sends.join_next().await {
                finished.extend(joined_outcome(joined));
            }
            let mut never = Instant::now();
            self.record_lane(lane, finished, &readiness, &mut never)
                .await;
        }
    }

    /// Records a lane's finished deliveries: the sent ones in one statement, each failure on
    /// its own. When the mail server could not be reached it is checked again soon.
    async fn record_lane(
        &self,
        lane: &mut Lane,
        finished: Vec<Finished>,
        readiness: &Readiness,
        next_check: &mut Instant,
    ) {
        let mut sent = Vec::new();
        for (claimed, outcome) in finished {
            match outcome {
                Ok(()) => sent.push(claimed.id),
                Err(error) => {
                    if error.is_unreachable() && lane.kind == Kind::Email {
                        readiness.set_mail(MailState::Unreachable);
                        *next_check =
                            (*next_check).min(Instant::now() + self.options.probe_interval / 5);
                    }
                    if let Err(db_error) = self.record_failure(&claimed, &error).await {
                        tracing::warn!(outbox_id = claimed.id, %db_error, "cannot record a failed delivery");
                    }
                }
            }
        }
        lane.sent_since_check += sent.len();
        if let Err(error) = self.mark_sent(lane.kind.as_str(), &sent).await {
            tracing::warn!(%error, "outbox: cannot record deliveries");
        }
    }

    /// Checks the mail server (for readiness) and releases the stalled messages of every
    /// transport that answers again.
    async fn check_transports(&self, lanes: &mut [Lane], readiness: &Readiness) {
        let mail_check = tokio::time::timeout(CHECK_TIMEOUT, self.transports.mail.check()).await;
        let mail_answers = match mail_check {
            Ok(Some(Ok(()))) => {
                readiness.set_mail(MailState::Reachable);
                true
            }
            Ok(Some(Err(error))) => {
                if readiness.mail() != MailState::Unreachable {
                    tracing::warn!(%error, "the mail server does not answer");
                }
                readiness.set_mail(MailState::Unreachable);
                false
            }
            Err(_elapsed) => {
                readiness.set_mail(MailState::Unreachable);
                false
            }
            // Nothing to check (the development mailbox).
            Ok(None) => false,
        };
        for lane in lanes.iter_mut() {
            let answers = lane.sent_since_check > 0 || (lane.kind == Kind::Email && mail_answers);
            lane.sent_since_check = 0;
            if !answers {
                continue;
            }
            match self.release_stalled(lane.kind).await {
                Ok(0) => {}
                Ok(released) => tracing::info!(
                    kind = lane.kind.as_str(),
                    released,
                    "the transport answers again: its waiting messages are due now"
                ),
                Err(error) => tracing::warn!(%error, "cannot release stalled messages"),
            }
        }
    }

    /// Makes the `stalled` messages of `kind` due now (reading first, so that nothing is
    /// written when there are none).
    async fn release_stalled(&self, kind: Kind) -> Result<u64, sqlx::Error> {
        let now = unix_now();
        let any: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM outbox WHERE stalled = 1 AND kind = $1 \
             AND sent_at IS NULL AND failed_at IS NULL LIMIT 1",
        )
        .bind(kind.as_str())
        .fetch_optional(&self.db)
        .await?;
        if any.is_none() {
            return Ok(0);
        }
        Ok(sqlx::query(
            "UPDATE outbox SET next_attempt_at = $1, stalled = 0 \
             WHERE stalled = 1 AND kind = $2 AND sent_at IS NULL AND failed_at IS NULL",
        )
        .bind(now)
        .bind(kind.as_str())
        .execute(&self.db)
        .await?
        .rows_affected())
    }
}

/// A delivery task's outcome; a panicked send (a bug in a transport) leaves its message to
/// its lease, after which it is tried again.
fn joined_outcome(joined: Result<Finished, tokio::task::JoinError>) -> Option<Finished> {
    match joined {
        Ok(finished) => Some(finished),
        Err(error) => {
            tracing::error!(%error, "a delivery task failed");
            None
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
    /// Stops the worker: lets the deliveries under way finish for up to `grace`, then aborts
    /// them (an aborted delivery may be sent again, see [`crate::outbox`]).
    pub async fn stop(self, grace: Duration) {
        let _ = self.stop.send(true);
        let mut task = self.task;
        if tokio::time::timeout(grace, &mut task).await.is_err() {
            tracing::warn!("the outbox worker did not stop in time: aborted");
            task.abort();
        }
    }
}
