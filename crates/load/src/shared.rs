//! What the goose users of one run share: the people handed out, the invitations that managers'
//! orders sent and users have yet to follow, and the next loopback address to sign in from.

use std::collections::VecDeque;
use std::net::IpAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::http::loopback_address;
use crate::people::People;

/// The organisations of the demo manager (`crates/server/src/auth/demo.rs`), KvK test numbers
/// from the embedded register.
pub const DEMO_ORGANISATIONS: [&str; 3] = ["68750110", "69599084", "69599068"];

/// Invitations kept for users to follow; the oldest are dropped past this (an invitee who never
/// answers, as many do).
const MAX_WAITING: usize = 20_000;

/// A user invited by an order: where their invitation and SMS code arrive.
#[derive(Debug, Clone)]
pub struct Invitee {
    pub email: String,
    pub mobile_e164: String,
    pub invited_at: Instant,
}

/// State shared by every goose user of a run.
#[derive(Debug)]
pub struct Shared {
    pub people: People,
    invitees: Mutex<VecDeque<Invitee>>,
    next_address: AtomicUsize,
    /// The last loopback address this run may sign in from, exclusive.
    address_end: usize,
    backlog: Backlog,
}

/// The backlog's orders: when the first was sent and the last answered, and how many users
/// they invited.
#[derive(Debug, Default)]
struct Backlog {
    /// No order is sent after this.
    deadline: Option<Instant>,
    /// Unix milliseconds; 0 before the first.
    first_sent_ms: AtomicU64,
    last_placed_ms: AtomicU64,
    orders: AtomicUsize,
    invitations: AtomicUsize,
}

/// What the backlog placed, when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct BacklogFigures {
    pub orders: usize,
    pub invitations: usize,
    /// Unix milliseconds at which the first order was sent and the last one answered.
    pub first_sent_ms: u64,
    pub last_placed_ms: u64,
}

/// Milliseconds since the Unix epoch (0 for a clock set before it).
pub fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Shared {
    /// A run tagged `tag` that signs in from the loopback addresses from index `first_address`
    /// on (see [`loopback_address`]), at most `addresses` of them.
    pub fn new(tag: &str, mobile_offset: u64, first_address: usize, addresses: usize) -> Shared {
        Shared {
            people: People::new(tag, mobile_offset),
            invitees: Mutex::new(VecDeque::new()),
            next_address: AtomicUsize::new(first_address),
            address_end: first_address.saturating_add(addresses),
            backlog: Backlog::default(),
        }
    }

    /// The same, sending no backlog order after `limit` from now.
    pub fn with_backlog_limit(mut self, limit: Duration) -> Shared {
        self.backlog.deadline = Some(Instant::now() + limit);
        self
    }

    /// Whether the backlog may send no more orders.
    pub fn backlog_time_is_up(&self) -> bool {
        self.backlog
            .deadline
            .is_some_and(|deadline| Instant::now() >= deadline)
    }

    /// A backlog order is being sent.
    pub fn backlog_started(&self) {
        let now = unix_ms();
        let _ = self.backlog.first_sent_ms.compare_exchange(
            0,
            now,
            Ordering::Relaxed,
            Ordering::Relaxed,
        );
    }

    /// A backlog order of `invitations` users was placed.
    pub fn backlog_placed(&self, invitations: usize) {
        self.backlog
            .last_placed_ms
            .fetch_max(unix_ms(), Ordering::Relaxed);
        self.backlog.orders.fetch_add(1, Ordering::Relaxed);
        self.backlog
            .invitations
            .fetch_add(invitations, Ordering::Relaxed);
    }

    pub fn backlog_figures(&self) -> BacklogFigures {
        BacklogFigures {
            orders: self.backlog.orders.load(Ordering::Relaxed),
            invitations: self.backlog.invitations.load(Ordering::Relaxed),
            first_sent_ms: self.backlog.first_sent_ms.load(Ordering::Relaxed),
            last_placed_ms: self.backlog.last_placed_ms.load(Ordering::Relaxed),
        }
    }

    /// A loopback address no other user of this run signed in from; `None` once the run's
    /// share is used up.
    pub fn sign_in_address(&self) -> Option<IpAddr> {
        let index = self.next_address.fetch_add(1, Ordering::Relaxed);
        (index < self.address_end).then(|| loopback_address(index))
    }

    /// How many addresses were handed out (for the next run's first address).
    pub fn addresses_used(&self, first_address: usize) -> usize {
        self.next_address
            .load(Ordering::Relaxed)
            .min(self.address_end)
            .saturating_sub(first_address)
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, VecDeque<Invitee>> {
        // A panic while holding the lock leaves a queue still valid (push and pop only).
        self.invitees
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Keeps the invitations of a placed order for users to follow.
    pub fn invited(&self, invitees: impl IntoIterator<Item = Invitee>) {
        let mut queue = self.queue();
        queue.extend(invitees);
        while queue.len() > MAX_WAITING {
            queue.pop_front();
        }
    }

    /// The oldest invitation waiting, once there is one, asked every 50 ms for at most `wait`.
    pub async fn next_invitee(&self, wait: Duration) -> Option<Invitee> {
        let until = Instant::now() + wait;
        loop {
            if let Some(invitee) = self.queue().pop_front() {
                return Some(invitee);
            }
            if Instant::now() >= until {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Invitations no user followed.
    pub fn waiting(&self) -> usize {
        self.queue().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_handed_out_once_and_run_out() {
        let shared = Shared::new("t", 0, 10, 2);
        assert_eq!(shared.sign_in_address(), Some(loopback_address(10)));
        assert_eq!(shared.sign_in_address(), Some(loopback_address(11)));
        assert_eq!(shared.sign_in_address(), None);
        assert_eq!(shared.addresses_used(10), 2);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn invitees_come_oldest_first_and_the_queue_is_bounded() {
        let shared = Shared::new("t", 0, 0, 1);
        let invitee = |n: usize| Invitee {
            email: format!("{n}@x.nl"),
            mobile_e164: String::new(),
            invited_at: Instant::now(),
        };
        shared.invited((0..MAX_WAITING + 5).map(invitee));
        assert_eq!(shared.waiting(), MAX_WAITING);
        let first = shared.next_invitee(Duration::ZERO).await.unwrap();
        assert_eq!(first.email, "5@x.nl");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn waiting_for_an_invitee_ends() {
        let shared = Shared::new("t", 0, 0, 1);
        let started = Instant::now();
        assert!(
            shared
                .next_invitee(Duration::from_millis(100))
                .await
                .is_none()
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
