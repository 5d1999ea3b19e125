//! Every state change of a request is an event in `request_events`, with its time and actor:
//! the timeline of "Lopende aanvragen" and the answer to an audit. Events are only ever added.

use std::fmt;

use api::{ActorKind, UnknownWord};
use sqlx::AnyConnection;

/// What happened to a request: the contract's vocabulary, stored in `request_events.kind`.
pub(crate) use api::EventKind as Event;

/// Who caused an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Actor {
    /// The manager with this id.
    Manager(i64),
    /// The user of the request (through the link).
    User,
    /// The back-office operator with this id.
    Operator(i64),
    /// The server itself, e.g. when a deadline passes.
    System,
}

impl Actor {
    /// The kind of actor as stored in `request_events.actor` (`manager:12` is a manager).
    pub(crate) fn stored_kind(stored: &str) -> Result<ActorKind, UnknownWord> {
        stored.split(':').next().unwrap_or_default().parse()
    }
}

impl fmt::Display for Actor {
    /// As stored in `request_events.actor`: `manager:12`, `user`, `operator:3`, `system`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Manager(id) => write!(f, "{}:{id}", ActorKind::Manager),
            Actor::User => f.write_str(ActorKind::User.as_str()),
            Actor::Operator(id) => write!(f, "{}:{id}", ActorKind::Operator),
            Actor::System => f.write_str(ActorKind::System.as_str()),
        }
    }
}

/// Adds the event to the request's timeline, in the caller's transaction. `detail` may say
/// more (a rejection's reason); never a secret.
pub(crate) async fn record(
    tx: &mut AnyConnection,
    request_id: &str,
    at: i64,
    event: Event,
    actor: &Actor,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    super::store::insert_event(tx, request_id, at, event, actor, detail).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_are_stored_with_their_id() {
        assert_eq!(Actor::Manager(12).to_string(), "manager:12");
        assert_eq!(Actor::Operator(3).to_string(), "operator:3");
        assert_eq!(Actor::User.to_string(), "user");
        assert!(Actor::stored_kind("robot:1").is_err());
        for actor in [
            Actor::Manager(12),
            Actor::User,
            Actor::Operator(3),
            Actor::System,
        ] {
            let kind = Actor::stored_kind(&actor.to_string()).expect("a stored actor");
            assert_eq!(Some(kind.as_str()), actor.to_string().split(':').next());
        }
        assert_eq!(
            Event::IdentificationRequired.as_str(),
            "identification_required"
        );
    }
}
