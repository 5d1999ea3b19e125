//! What readiness knows beyond the database: whether this instance is draining before it stops,
//! whether its outbox worker is alive, and whether the mail server answered lately.
//!
//! Liveness (`GET /api/v1/health`) says the process answers; readiness
//! (`GET /api/v1/health/ready`) says it should get traffic: the database answers, every
//! migration this build knows is applied, the outbox worker went round its loop lately, and it
//! is not draining. A proxy takes an instance that is not ready out of rotation. The mail
//! server's state is reported but does not decide: while it is away the outbox keeps the mail,
//! and taking every instance out of rotation for it would stop the whole service.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use crate::clock::unix_now_millis;

/// The outbox worker's last round, in milliseconds since 1970 (0: not yet); the worker beats,
/// readiness reads.
#[derive(Debug, Clone, Default)]
pub struct Heartbeat(Arc<AtomicI64>);

impl Heartbeat {
    /// Records a round of the worker now.
    pub fn beat(&self) {
        self.0.store(unix_now_millis(), Ordering::Relaxed);
    }

    /// How long ago the last round was; `None` before the first.
    pub fn age(&self) -> Option<Duration> {
        let last = self.0.load(Ordering::Relaxed);
        (last > 0)
            .then(|| Duration::from_millis(u64::try_from(unix_now_millis() - last).unwrap_or(0)))
    }
}

/// Whether the mail server answered the last check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailState {
    /// Not checked yet (or there is nothing to check: the development mailbox).
    Unknown,
    Reachable,
    Unreachable,
}

/// This instance's readiness, shared by the server's tasks (`state.readiness`).
#[derive(Debug, Default)]
pub struct Readiness {
    draining: AtomicBool,
    /// The outbox worker's heartbeat.
    pub worker: Heartbeat,
    /// 0 unknown, 1 reachable, 2 unreachable.
    mail: std::sync::atomic::AtomicU8,
}

impl Readiness {
    /// From now on this instance answers "not ready", so that the proxy sends its traffic
    /// elsewhere before it stops (after SIGTERM).
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::Relaxed);
    }

    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Relaxed)
    }

    /// Records the outcome of a check of the mail server.
    pub fn set_mail(&self, state: MailState) {
        let value = match state {
            MailState::Unknown => 0,
            MailState::Reachable => 1,
            MailState::Unreachable => 2,
        };
        self.mail.store(value, Ordering::Relaxed);
    }

    pub fn mail(&self) -> MailState {
        match self.mail.load(Ordering::Relaxed) {
            1 => MailState::Reachable,
            2 => MailState::Unreachable,
            _ => MailState::Unknown,
        }
    }

    /// Whether the outbox worker went round its loop within `within` (it goes round at least
    /// once per poll interval, also while deliveries are under way).
    pub fn worker_alive(&self, within: Duration) -> bool {
        self.worker.age().is_some_and(|age| age <= within)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_counts_as_alive_only_after_a_recent_beat() {
        let readiness = Readiness::default();
        assert!(!readiness.worker_alive(Duration::from_secs(10)));
        readiness.worker.beat();
        assert!(readiness.worker_alive(Duration::from_secs(10)));
        assert!(!readiness.is_draining());
        readiness.start_draining();
        assert!(readiness.is_draining());
        assert_eq!(readiness.mail(), MailState::Unknown);
        readiness.set_mail(MailState::Unreachable);
        assert_eq!(readiness.mail(), MailState::Unreachable);
    }
}
