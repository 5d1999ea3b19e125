//! Requests whose invitation link passed its end before the user ordered, or whose
//! identification did not happen before its deadline, expire: the link stops working, the event
//! is recorded and the manager is told. [`expire_due`] runs every few minutes on every instance
//! (each transition happens once, whoever gets there first); [`super::open`] expires a request
//! it finds past its end right away.

use std::time::Duration;

use super::events::{self, Actor, Event};
use super::store::{self, EndReason};
use super::{Milestone, Status, load_by_id, transition};
use crate::AppState;
use crate::error::ApiError;
use crate::mail::notices::{self, Expiry};
use crate::outbox::{self, NewMessage};

/// How often [`expire_due`] runs.
pub const INTERVAL: Duration = Duration::from_secs(5 * 60);

/// Expires request `request_id` if it is past its end at `now`; whether it did.
pub async fn expire(state: &AppState, request_id: &str, now: i64) -> Result<bool, ApiError> {
    let mut connection = state.db.acquire().await?;
    let Some(record) = load_by_id(&mut connection, request_id).await? else {
        return Ok(false);
    };
    drop(connection);
    let expiry = match record.status {
        s if s.before_order() && record.token_expires_at <= now => Expiry::Invitation,
        Status::IdentificationRequired
            if record.identification_deadline.is_some_and(|d| d <= now) =>
        {
            Expiry::Identification
        }
        _ => return Ok(false),
    };
    // The conditional update comes first in the transaction: it takes SQLite's write lock
    // before anything is read in it (a read first could not be upgraded after another write).
    let mut tx = crate::db::begin_write(&state.db).await?;
    if !transition(
        &mut tx,
        &record.id,
        record.status,
        Status::Expired,
        Milestone::Finished,
        now,
    )
    .await?
    {
        return Ok(false);
    }
    let reason = match expiry {
        Expiry::Invitation => EndReason::InvitationExpired,
        Expiry::Identification => EndReason::IdentificationDeadlinePassed,
    };
    store::set_end_reason(&mut tx, &record.id, reason).await?;
    let reason = reason.as_str();
    events::record(
        &mut tx,
        &record.id,
        now,
        Event::Expired,
        &Actor::System,
        Some(reason),
    )
    .await?;
    let full_name = record.full_name();
    outbox::enqueue(
        &mut tx,
        NewMessage::email(
            &record.manager.email,
            notices::expired_to_manager(&record.manager.name, record.facts(&full_name), expiry),
            format!("expired:{}", record.id),
        ),
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(request = %record.id, reason, "request expired");
    Ok(true)
}

/// Expires every request past its end at `now`; how many.
pub async fn expire_due(state: &AppState, now: i64) -> Result<usize, ApiError> {
    let due = store::due_for_expiry(&state.db, now).await?;
    let mut expired = 0;
    for id in due {
        if expire(state, &id, now).await? {
            expired += 1;
        }
    }
    Ok(expired)
}

/// Runs [`expire_due`] every [`INTERVAL`] until aborted.
pub async fn run_periodically(state: AppState) {
    let mut ticks = tokio::time::interval(INTERVAL);
    loop {
        ticks.tick().await;
        if let Err(error) = expire_due(&state, crate::clock::unix_now()).await {
            tracing::warn!(%error, "cannot expire requests");
        }
    }
}
