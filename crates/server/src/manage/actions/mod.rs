//! Actions on many people at once (`/api/v1/bulk-actions…`): revoke their means, re-send their
//! invitations, cancel their requests, renew their means or order them at a higher level.
//!
//! The selection (at most [`BulkAction::MAX_PEOPLE`]) is decided person by person ([`people`]:
//! done, or skipped and why) and then worked through in bounded batches, each ONE transaction
//! with every person's change, event, audit entry and e-mails and the person's outcome
//! ([`store`]); a renewal's batch is one order ([`renew`]). The action is kept under its
//! idempotency key with each outcome, so a retry with the same key answers what was done and
//! goes on where an interrupted attempt stopped, without doing anything twice.

pub(crate) mod people;
mod renew;
mod store;

use std::collections::HashSet;

use api::BulkOutcome;
use api::year::{BulkAction, BulkActionResult, PeopleAction};
use axum::http::StatusCode;
use domain::pricing::Term;
use domain::{Lang, Level};
use serde_json::{Value, json};

use self::people::Person;
use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::{ApiError, Problem};
use crate::lang::Text;
use crate::manage::machtigingen::{MachtigingError, request_hash};

/// People per transaction for the actions that place no order.
const BATCH: usize = 200;

/// Why a bulk action is refused as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ActionError {
    #[error("the term is not 1, 3 or 5 years")]
    TermInvalid,
    #[error("{level} is above the manager's own {own}")]
    LevelAboveOwn { level: Level, own: Level },
    #[error("the idempotency key was used for another action")]
    KeyReused,
}

impl Problem for ActionError {
    fn status(&self) -> StatusCode {
        StatusCode::UNPROCESSABLE_ENTITY
    }

    fn code(&self) -> &'static str {
        match self {
            ActionError::TermInvalid => "term_invalid",
            ActionError::LevelAboveOwn { .. } => "level_above_own",
            ActionError::KeyReused => "idempotency_key_reused",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            ActionError::TermInvalid => Text::ActionTermInvalid,
            ActionError::LevelAboveOwn { level, own } => Text::ActionLevelAboveOwn {
                level: level.label(),
                own: own.label(),
            },
            ActionError::KeyReused => Text::ActionKeyReused,
        }
        .text(lang)
    }

    fn details(&self, _: Lang) -> Option<Value> {
        match self {
            ActionError::TermInvalid => Some(json!({ "field": "term_years" })),
            ActionError::LevelAboveOwn { .. } => Some(json!({ "field": "level" })),
            ActionError::KeyReused => None,
        }
    }
}

/// The action, checked as a whole: its term and level, and the machtigingen chosen.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    pub action: PeopleAction,
    pub term: Option<Term>,
    pub level: Option<Level>,
    pub authorisations: Option<domain::catalogue::Authorisations>,
}

fn check(action: &PeopleAction, manager: &CurrentManager) -> Result<Checked, ApiError> {
    let term = |years: i64| {
        u8::try_from(years)
            .ok()
            .and_then(|y| Term::try_from(y).ok())
            .ok_or(ActionError::TermInvalid)
    };
    let (term, level, chosen) = match action {
        PeopleAction::Revoke | PeopleAction::ResendInvitation | PeopleAction::CancelRequest => {
            (None, None, None)
        }
        PeopleAction::Renew {
            term_years,
            authorisations,
        } => (Some(term(*term_years)?), None, authorisations.as_ref()),
        PeopleAction::ChangeLevel {
            level,
            term_years,
            authorisations,
        } => {
            if *level > manager.level {
                return Err(ActionError::LevelAboveOwn {
                    level: *level,
                    own: manager.level,
                }
                .into());
            }
            (
                Some(term(*term_years)?),
                Some(*level),
                authorisations.as_ref(),
            )
        }
    };
    let authorisations = chosen
        .map(|choice| {
            crate::manage::machtigingen::plan::check_choice(choice, manager.level)
                .map_err(|p| MachtigingError::of_choice(p, manager.level))
        })
        .transpose()?;
    Ok(Checked {
        action: action.clone(),
        term,
        level,
        authorisations,
    })
}

/// The request ids of the action's selection.
async fn selected(
    state: &AppState,
    manager: &CurrentManager,
    body: &BulkAction,
    now: i64,
) -> Result<Vec<String>, ApiError> {
    let max = BulkAction::MAX_PEOPLE;
    crate::manage::selection::request_ids(state, manager, &body.selection, now, max).await
}

/// What the action would do.
pub(crate) async fn preview(
    state: &AppState,
    manager: &CurrentManager,
    body: &BulkAction,
    now: i64,
    lang: Lang,
) -> Result<BulkActionResult, ApiError> {
    let checked = check(&body.action, manager)?;
    let ids = selected(state, manager, body, now).await?;
    let people = people::load(state, &ids).await?;
    let decisions = people::decide(state, &checked, people, now, lang).await?;
    let quote = renew::quote(&checked, &decisions)?;
    let outcomes = decisions
        .iter()
        .map(|(person, decision)| decision.outcome(person))
        .collect();
    Ok(result(outcomes, quote, Vec::new()))
}

/// Does the action, or answers what this key did (and finishes it, when it was interrupted).
/// `Ok((answer, true))` when done now.
pub(crate) async fn apply(
    state: &AppState,
    manager: &CurrentManager,
    key: &str,
    body: &BulkAction,
    now: i64,
    lang: Lang,
) -> Result<(BulkActionResult, bool), ApiError> {
    let hash = request_hash(body)?;
    let checked = check(&body.action, manager)?;
    let ids = selected(state, manager, body, now).await?;
    let action =
        match store::start(state, manager, key, &hash, &body.action, ids.len(), now).await? {
            store::Started::Finished(result) => return Ok((*result, false)),
            store::Started::Running(action) => action,
        };
    let recorded: HashSet<String> = store::recorded(&state.db, &action.id).await?;
    let people: Vec<Person> = people::load(state, &ids)
        .await?
        .into_iter()
        .filter(|p| !recorded.contains(&p.record.id))
        .collect();
    let decisions = people::decide(state, &checked, people, now, lang).await?;
    let quote = renew::quote(&checked, &decisions)?;
    if quote.total_excl_vat.0 > 0 && !body.accepted_terms {
        store::forget_if_empty(&state.db, &action.id).await?;
        return Err(MachtigingError::TermsNotAccepted.into());
    }
    match checked.action {
        PeopleAction::Renew { .. } | PeopleAction::ChangeLevel { .. } => {
            renew::place(state, manager, &action, &checked, decisions, now).await?;
        }
        _ => {
            for batch in decisions.chunks(BATCH) {
                people::apply_batch(state, manager, &action, batch, now, lang).await?;
            }
        }
    }
    let answer = store::finish(state, &action, now).await?;
    state.outbox.wake();
    tracing::info!(
        manager = manager.id,
        action = %action.id,
        done = answer.done,
        skipped = answer.skipped,
        "bulk action"
    );
    Ok((answer, true))
}

/// The answer for these outcomes.
pub(crate) fn result(
    people: Vec<api::authorisations::PersonOutcome>,
    quote: domain::pricing::Quote,
    orders: Vec<String>,
) -> BulkActionResult {
    let done = people
        .iter()
        .filter(|p| p.outcome == BulkOutcome::Done)
        .count() as u32;
    BulkActionResult {
        done,
        skipped: people.len() as u32 - done,
        people,
        quote,
        warnings: Vec::new(),
        orders,
    }
}
