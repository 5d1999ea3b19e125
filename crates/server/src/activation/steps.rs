//! The user's steps: opening the link ([`open`]), the page's view ([`view`]), confirming the
//! e-mail address ([`confirm_email`]) and ordering ([`order`]).

use axum::http::HeaderMap;
use domain::Lang;

use super::events::{self, Actor, Event};
use super::store::{self, Milestone, transition};
use super::{
    ActivationError, ActivationUser, ActivationView, IDENTIFICATION_DAYS, IdentificationDue,
    Organisation, RequestRecord, Status, TOKEN_HEADER, authorisation_list, ended, expiry, issuance,
    sms_code, succession,
};
use crate::AppState;
use crate::auth::session::hash_token;
use crate::error::ApiError;

/// The longest token looked up; a longer one is no token of ours (they are 43 characters).
const MAX_TOKEN_LEN: usize = 200;

/// The token of the request, from the `X-Activation-Token` header; `None` when the header is
/// absent, empty or not text.
pub fn token_from_headers(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(TOKEN_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|token| !token.is_empty())
}

/// The open request of this token, or why it does not open: no token (401), unknown, cancelled,
/// finished or expired (a request found past its deadline is expired now, with its event and
/// mail).
pub async fn open(
    state: &AppState,
    token: Option<&str>,
    now: i64,
) -> Result<RequestRecord, ApiError> {
    let token = token.ok_or(ActivationError::TokenMissing)?;
    if token.len() > MAX_TOKEN_LEN {
        return Err(ActivationError::NotFound.into());
    }
    let mut connection = state.db.acquire().await?;
    let record = store::load_by_token_hash(&mut connection, &hash_token(token))
        .await?
        .ok_or(ActivationError::NotFound)?;
    drop(connection);
    let at = record.finished_at.unwrap_or(now);
    let manager = record.manager.clone();
    match record.status {
        Status::Cancelled => Err(ActivationError::Cancelled { at, manager }.into()),
        Status::Expired => Err(ActivationError::Expired { at, manager }.into()),
        status @ (Status::Issued | Status::Rejected) => Err(ActivationError::Finished {
            status,
            at,
            manager,
            end_reason: record.end_reason,
        }
        .into()),
        _ if record.expires_at().is_some_and(|end| end <= now) => {
            expiry::expire(state, &record.id, now).await?;
            Err(ActivationError::Expired { at: now, manager }.into())
        }
        _ => Ok(record),
    }
}

/// The view of `record` now, in `lang`; `means` when it was just issued.
pub async fn view(
    state: &AppState,
    record: &RequestRecord,
    means: Option<issuance::MeansView>,
    now: i64,
    lang: Lang,
) -> Result<ActivationView, ApiError> {
    let succession = {
        let mut connection = state.db.acquire().await?;
        succession::predecessor(&mut connection, record)
            .await?
            .map(|p| succession::view(&p, record.employed, crate::orders::today(now)))
    };
    let sms = if record.status == Status::EmailConfirmed {
        sms_code::state(&state.db, &record.id, now).await?
    } else {
        None
    };
    Ok(ActivationView {
        status: record.status,
        user: ActivationUser {
            first_names: record.first_names.clone(),
            infix: record.infix.clone(),
            last_name: record.last_name.clone(),
            full_name: record.full_name(),
            birth_date: record.birth_date.clone(),
            birth_place: record.birth_place.clone(),
            email: record.email.clone(),
            mobile: record.mobile.clone(),
            employed: record.employed,
        },
        organisation: Organisation {
            kvk_number: record.kvk_number.clone(),
            name: record.organisation_name.clone(),
            branch_number: record.branch_number.clone(),
        },
        level: record.level,
        term_years: record.term_years,
        authorisations: authorisation_list(&record.authorisations, lang),
        manager: record.manager.clone(),
        invitation_expires_at: record.token_expires_at,
        sms,
        identification: (record.status == Status::IdentificationRequired)
            .then_some(record.identification_deadline)
            .flatten()
            .map(|deadline| IdentificationDue { deadline }),
        means,
        succession,
    })
}

/// Opening the link confirms the e-mail address (idempotent).
pub async fn confirm_email(
    state: &AppState,
    record: &mut RequestRecord,
    now: i64,
) -> Result<(), ApiError> {
    if record.status != Status::Invited {
        return Ok(());
    }
    let mut tx = crate::db::begin_write(&state.db).await?;
    if transition(
        &mut tx,
        &record.id,
        Status::Invited,
        Status::EmailConfirmed,
        Milestone::EmailConfirmed,
        now,
    )
    .await?
    {
        events::record(
            &mut tx,
            &record.id,
            now,
            Event::EmailConfirmed,
            &Actor::User,
            None,
        )
        .await?;
        tx.commit().await?;
        tracing::info!(request = %record.id, "e-mail address confirmed");
    }
    record.status = Status::EmailConfirmed;
    Ok(())
}

/// The user orders: an employee's means is issued at once; anyone else waits for an
/// identification until the deadline. Unless the register now lists the organisation as ended:
/// then the request stops ([`ended`]).
pub async fn order(
    state: &AppState,
    record: &mut RequestRecord,
    accepted_terms: bool,
    now: i64,
    lang: Lang,
) -> Result<Option<issuance::MeansView>, ApiError> {
    if record.status != Status::MobileVerified {
        return Err(ActivationError::WrongStep(record.status).into());
    }
    if !accepted_terms {
        return Err(ActivationError::TermsNotAccepted.into());
    }
    if let Some(ended) = ended::check(state, record).await? {
        if !ended::stop(state, record, Status::MobileVerified, &ended, now).await? {
            return Err(ActivationError::WrongStep(record.status).into());
        }
        record.status = Status::Rejected;
        return Err(ActivationError::OrganisationEnded {
            ended,
            manager: record.manager.clone(),
        }
        .into());
    }
    let mut tx = crate::db::begin_write(&state.db).await?;
    // A renewal while the old means is valid needs no identification.
    let predecessor = succession::predecessor(&mut tx, record).await?;
    let spared = predecessor
        .as_ref()
        .is_some_and(|p| p.spares_identification(crate::orders::today(now)));
    let issue_now = record.employed || spared;
    let to = if issue_now {
        Status::Issued
    } else {
        Status::IdentificationRequired
    };
    if !transition(
        &mut tx,
        &record.id,
        Status::MobileVerified,
        to,
        Milestone::UserOrdered,
        now,
    )
    .await?
    {
        return Err(ActivationError::WrongStep(record.status).into());
    }
    events::record(
        &mut tx,
        &record.id,
        now,
        Event::UserOrdered,
        &Actor::User,
        None,
    )
    .await?;
    if issue_now {
        let means = issuance::issue(&mut tx, record, &Actor::User, now, lang).await?;
        tx.commit().await?;
        state.outbox.wake();
        record.status = Status::Issued;
        tracing::info!(request = %record.id, means = %means.id, "means issued");
        Ok(Some(means))
    } else {
        let deadline = now + IDENTIFICATION_DAYS * domain::SECONDS_PER_DAY;
        // The link keeps working until the deadline, to show the identification's status.
        store::set_identification_deadline(
            &mut tx,
            &record.id,
            deadline,
            deadline.max(record.token_expires_at),
        )
        .await?;
        events::record(
            &mut tx,
            &record.id,
            now,
            Event::IdentificationRequired,
            &Actor::System,
            None,
        )
        .await?;
        tx.commit().await?;
        record.status = Status::IdentificationRequired;
        record.identification_deadline = Some(deadline);
        tracing::info!(request = %record.id, "identification required");
        Ok(None)
    }
}
