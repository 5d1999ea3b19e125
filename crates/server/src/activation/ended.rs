//! An order placed for an organisation that has since ended is not silently continued. Before a
//! request moves on to a means (the user orders, the operator approves an identification) the
//! KvK register is asked again, through its cache; when it lists the organisation as ended, the
//! request stops: refused (`rejected`, end reason `organisation_ended`), with its event and the
//! manager told by e-mail, in one transaction whose status change is compare-and-set, and the
//! step answers 409 `organisation_ended` saying why. A register that cannot answer stops the
//! step (503): no means is issued unchecked.

use domain::Lang;
use domain::organisation::OrganisationEnded;

use super::events::{self, Actor, Event};
use super::store::{self, EndReason, Milestone, transition};
use super::{RequestRecord, Status};
use crate::AppState;
use crate::error::ApiError;
use crate::kvk;
use crate::mail::notices;
use crate::outbox::{self, NewMessage};

/// Whether the register lists the organisation of `record` as ended.
pub(crate) async fn check(
    state: &AppState,
    record: &RequestRecord,
) -> Result<Option<OrganisationEnded>, ApiError> {
    let number = kvk::parse_number(&record.kvk_number)?;
    let organisation = kvk::find(state.kvk.as_ref(), &number).await?;
    Ok(organisation.ended())
}

/// Stops `record`, still at `from`, because its organisation has `ended`: false when another
/// request moved it first (and nothing was written).
pub(crate) async fn stop(
    state: &AppState,
    record: &RequestRecord,
    from: Status,
    ended: &OrganisationEnded,
    now: i64,
) -> Result<bool, ApiError> {
    let mut tx = crate::db::begin_write(&state.db).await?;
    if !transition(
        &mut tx,
        &record.id,
        from,
        Status::Rejected,
        Milestone::Finished,
        now,
    )
    .await?
    {
        return Ok(false);
    }
    store::set_end_reason(&mut tx, &record.id, EndReason::OrganisationEnded).await?;
    let since = ended.on.to_dutch();
    events::record(
        &mut tx,
        &record.id,
        now,
        Event::OrganisationEnded,
        &Actor::System,
        Some(&since),
    )
    .await?;
    let full_name = record.full_name();
    // The notices are Dutch, as every notice to the manager.
    let register_says = ended.register_says(Lang::Nl);
    outbox::enqueue(
        &mut tx,
        NewMessage::email(
            &record.manager.email,
            notices::organisation_ended_to_manager(
                &record.manager.name,
                record.facts(&full_name),
                &register_says,
            ),
            format!("organisation-ended:{}", record.id),
        ),
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(request = %record.id, kvk = %record.kvk_number, ended_on = %ended.on, "request stopped: the register lists the organisation as ended");
    Ok(true)
}
