//! Every state change of a request is an event in `request_events`, with its time and actor:
//! the timeline of "Lopende aanvragen" and the answer to an audit. Events are only ever added.

use std::fmt;

use sqlx::AnyConnection;

/// What happened to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The manager ordered; the invitation went out.
    Invited,
    /// The user opened the link: the e-mail address is confirmed.
    EmailConfirmed,
    /// An SMS code was sent to the user's mobile number.
    SmsSent,
    /// The user typed the right code.
    MobileVerified,
    /// The user checked the request and ordered.
    UserOrdered,
    /// The user is no employee: identification first.
    IdentificationRequired,
    /// The operator recorded a successful identification.
    Identified,
    /// The means was issued.
    Issued,
    /// The identification failed: the request ended.
    Rejected,
    /// The link or the identification deadline passed: the request ended.
    Expired,
    /// The manager cancelled the request.
    Cancelled,
    /// The manager sent a new invitation link; the old one stopped working.
    InvitationResent,
    /// The manager corrected the e-mail address (before it was confirmed).
    EmailCorrected,
    /// The manager corrected the mobile number (before it was verified).
    MobileCorrected,
    /// The manager revoked the means.
    Revoked,
}

impl Event {
    /// As stored in `request_events.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Invited => "invited",
            Event::EmailConfirmed => "email_confirmed",
            Event::SmsSent => "sms_sent",
            Event::MobileVerified => "mobile_verified",
            Event::UserOrdered => "user_ordered",
            Event::IdentificationRequired => "identification_required",
            Event::Identified => "identified",
            Event::Issued => "issued",
            Event::Rejected => "rejected",
            Event::Expired => "expired",
            Event::Cancelled => "cancelled",
            Event::InvitationResent => "invitation_resent",
            Event::EmailCorrected => "email_corrected",
            Event::MobileCorrected => "mobile_corrected",
            Event::Revoked => "revoked",
        }
    }
}

/// Who caused an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The manager with this id.
    Manager(i64),
    /// The user of the request (through the link).
    User,
    /// The back-office operator with this id.
    Operator(i64),
    /// The server itself, e.g. when a deadline passes.
    System,
}

impl fmt::Display for Actor {
    /// As stored in `request_events.actor`: `manager:12`, `user`, `operator:3`, `system`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Manager(id) => write!(f, "manager:{id}"),
            Actor::User => f.write_str("user"),
            Actor::Operator(id) => write!(f, "operator:{id}"),
            Actor::System => f.write_str("system"),
        }
    }
}

/// Adds the event to the request's timeline, in the caller's transaction. `detail` may say
/// more (a rejection's reason); never a secret.
pub async fn record(
    tx: &mut AnyConnection,
    request_id: &str,
    at: i64,
    event: Event,
    actor: &Actor,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO request_events (request_id, at, kind, actor, detail, id) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(request_id)
    .bind(at)
    .bind(event.as_str())
    .bind(actor.to_string())
    .bind(detail)
    .bind(crate::outbox::new_id())
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE requests SET last_event_at = $1 WHERE id = $2")
        .bind(at)
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_are_stored_with_their_id() {
        assert_eq!(Actor::Manager(12).to_string(), "manager:12");
        assert_eq!(Actor::Operator(3).to_string(), "operator:3");
        assert_eq!(Actor::User.to_string(), "user");
        assert_eq!(
            Event::IdentificationRequired.as_str(),
            "identification_required"
        );
    }
}
