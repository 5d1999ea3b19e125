//! The back office's identification of users who are not employees: the queue of waiting
//! requests and the operator's record of each outcome. Approved: the means is issued. Rejected:
//! the request ends with the reason. Of the identity document only its type and the last 4
//! characters of its number are kept. An approval for an organisation the register now lists as
//! ended issues nothing: the request stops ([`super::ended`]).

use axum::http::StatusCode;
use domain::Lang;
use serde_json::{Value, json};

use domain::organisation::OrganisationEnded;

use super::events::{self, Actor, Event};
use super::{
    Milestone, Organisation, Status, ended, expiry, issuance, load_by_id, store, transition,
};
use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::{ApiError, Problem};
use crate::lang::{FieldProblem, Text};
use crate::mail::notices;
use crate::outbox::{self, NewMessage};

/// A request waiting for its identification, as the operator's queue shows it.
pub(crate) use api::identifications::Waiting;
/// The body of `POST /api/v1/identifications/{request_id}`, and what is in it.
pub(crate) use api::identifications::{DocumentType, Method, Outcome, Recording};

/// A [`Recording`] with everything present and consistent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checked {
    pub outcome: Outcome,
    pub method: Method,
    pub document_type: DocumentType,
    pub document_last4: String,
    pub name_matches: bool,
    pub birth_date_matches: bool,
    pub reason: Option<String>,
}

const REASON_MAX_CHARS: usize = 500;

/// How many of the document number's last characters are recorded.
const DOCUMENT_LAST_CHARS: usize = 4;

/// Checking a [`Recording`] (a trait: the body is the contract's type).
pub(crate) trait Check {
    /// Checks every field; all problems at once.
    fn check(&self) -> Result<Checked, Vec<FieldProblem>>;
}

impl Check for Recording {
    fn check(&self) -> Result<Checked, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field, code, text| problems.push(FieldProblem::new(field, code, text));
        if self.method.is_none() {
            problem("method", "missing", Text::IdMethodMissing);
        }
        if self.document_type.is_none() {
            problem("document_type", "missing", Text::IdDocumentTypeMissing);
        }
        let last4: String = self
            .document_last4
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if last4.is_empty() {
            problem(
                "document_last4",
                "missing",
                Text::IdLastCharsMissing {
                    count: DOCUMENT_LAST_CHARS,
                },
            );
        } else if last4.chars().count() != DOCUMENT_LAST_CHARS
            || !last4.chars().all(|c| c.is_ascii_alphanumeric())
        {
            problem(
                "document_last4",
                "format",
                Text::IdLastCharsFormat {
                    count: DOCUMENT_LAST_CHARS,
                },
            );
        }
        if self.name_matches.is_none() {
            problem("name_matches", "missing", Text::IdNameMatchesMissing);
        }
        if self.birth_date_matches.is_none() {
            problem(
                "birth_date_matches",
                "missing",
                Text::IdBirthDateMatchesMissing,
            );
        }
        let reason = self
            .reason
            .as_deref()
            .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|r| !r.is_empty());
        match self.outcome {
            None => problem("outcome", "missing", Text::IdOutcomeMissing),
            Some(Outcome::Approved) => {
                if self.name_matches == Some(false) || self.birth_date_matches == Some(false) {
                    problem("outcome", "mismatch", Text::IdOutcomeMismatch);
                }
            }
            Some(Outcome::Rejected) => {
                if reason.is_none() {
                    problem("reason", "missing", Text::IdReasonMissing);
                }
            }
        }
        if reason
            .as_ref()
            .is_some_and(|r| r.chars().count() > REASON_MAX_CHARS)
        {
            problem(
                "reason",
                "too_long",
                Text::IdReasonTooLong {
                    max: REASON_MAX_CHARS,
                },
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Checked {
            outcome: self.outcome.expect("checked"),
            method: self.method.expect("checked"),
            document_type: self.document_type.expect("checked"),
            document_last4: last4,
            name_matches: self.name_matches.expect("checked"),
            birth_date_matches: self.birth_date_matches.expect("checked"),
            reason,
        })
    }
}

/// Why an identification could not be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum IdentificationError {
    #[error("no waiting request {0}")]
    NotFound(String),
    #[error("request {id} is {status:?}, not waiting for identification")]
    NotWaiting { id: String, status: Status },
    #[error("{} problem(s) in the identification", .problems.len())]
    Invalid {
        problems: Vec<FieldProblem>,
        lang: Lang,
    },
    /// An approval, but the register lists the organisation as ended: the request stopped.
    #[error("{0}: the request stopped")]
    OrganisationEnded(OrganisationEnded),
}

impl Problem for IdentificationError {
    fn status(&self) -> StatusCode {
        match self {
            IdentificationError::NotFound(_) => StatusCode::NOT_FOUND,
            IdentificationError::NotWaiting { .. } | IdentificationError::OrganisationEnded(_) => {
                StatusCode::CONFLICT
            }
            IdentificationError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            IdentificationError::NotFound(_) => "identification_not_found",
            IdentificationError::NotWaiting { .. } => "identification_not_waiting",
            IdentificationError::Invalid { .. } => "identification_invalid",
            IdentificationError::OrganisationEnded(_) => "organisation_ended",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            IdentificationError::OrganisationEnded(ended) => {
                return format!(
                    "{} {}",
                    ended.register_says(lang),
                    Text::IdentificationOrganisationEnded.text(lang)
                );
            }
            IdentificationError::NotFound(id) => Text::IdentificationNotFound { id },
            IdentificationError::NotWaiting { id, .. } => Text::IdentificationNotWaiting { id },
            IdentificationError::Invalid { problems, .. } => Text::IdentificationInvalid {
                count: problems.len(),
            },
        }
        .text(lang)
    }

    /// For an invalid recording: every problem, in the language it was checked in.
    fn details(&self, _: Lang) -> Option<Value> {
        match self {
            IdentificationError::NotWaiting { status, .. } => Some(json!({ "status": status })),
            IdentificationError::Invalid { problems, lang } => {
                Some(FieldProblem::details(problems, *lang))
            }
            IdentificationError::OrganisationEnded(_) => Some(json!({
                "status": Status::Rejected,
                "end_reason": api::EndReason::OrganisationEnded,
            })),
            IdentificationError::NotFound(_) => None,
        }
    }
}

impl From<store::WaitingRow> for Waiting {
    fn from(row: store::WaitingRow) -> Waiting {
        Waiting {
            full_name: domain::user::full_name(&row.first_names, &row.infix, &row.last_name),
            request_id: row.id,
            order_number: row.order_number,
            birth_date: row.birth_date,
            birth_place: row.birth_place,
            email: row.email,
            organisation: Organisation {
                kvk_number: row.kvk_number,
                name: row.organisation_name,
                branch_number: row.branch_number,
            },
            level: row.level,
            ordered_at: row.user_ordered_at.unwrap_or_default(),
            deadline: row.identification_deadline.unwrap_or_default(),
        }
    }
}

/// The requests waiting for identification, the nearest deadline first.
pub(crate) async fn waiting(state: &AppState, now: i64) -> Result<Vec<Waiting>, ApiError> {
    let rows = store::waiting(&state.db, now, None).await?;
    Ok(rows.into_iter().map(Waiting::from).collect())
}

/// One waiting request.
pub(crate) async fn waiting_one(state: &AppState, id: &str, now: i64) -> Result<Waiting, ApiError> {
    store::waiting(&state.db, now, Some(id))
        .await?
        .pop()
        .map(Waiting::from)
        .ok_or_else(|| IdentificationError::NotFound(id.to_owned()).into())
}

/// What [`record`] did.
pub(crate) use api::identifications::Recorded;

/// Records `operator`'s identification of request `id`: issues the means or ends the request.
pub(crate) async fn record(
    state: &AppState,
    operator: &CurrentManager,
    id: &str,
    recording: &Recording,
    now: i64,
    lang: Lang,
) -> Result<Recorded, ApiError> {
    let checked = recording
        .check()
        .map_err(|problems| IdentificationError::Invalid { problems, lang })?;
    // A request past its deadline expires first, and is then no longer waiting.
    expiry::expire(state, id, now).await?;
    let mut connection = state.db.acquire().await?;
    let record = load_by_id(&mut connection, id)
        .await?
        .ok_or_else(|| IdentificationError::NotFound(id.to_owned()))?;
    drop(connection);
    let not_waiting = || IdentificationError::NotWaiting {
        id: id.to_owned(),
        status: record.status,
    };
    if record.status != Status::IdentificationRequired {
        return Err(not_waiting().into());
    }
    if checked.outcome == Outcome::Approved
        && let Some(ended) = ended::check(state, &record).await?
    {
        if !ended::stop(state, &record, Status::IdentificationRequired, &ended, now).await? {
            return Err(not_waiting().into());
        }
        return Err(IdentificationError::OrganisationEnded(ended).into());
    }
    let to = match checked.outcome {
        Outcome::Approved => Status::Issued,
        Outcome::Rejected => Status::Rejected,
    };
    // The conditional update first: see `expiry::expire`.
    let mut tx = crate::db::begin_write(&state.db).await?;
    if !transition(
        &mut tx,
        id,
        Status::IdentificationRequired,
        to,
        Milestone::Finished,
        now,
    )
    .await?
    {
        return Err(not_waiting().into());
    }
    store::insert_identification(
        &mut tx,
        store::NewIdentification {
            request_id: id,
            outcome: match checked.outcome {
                Outcome::Approved => "approved",
                Outcome::Rejected => "rejected",
            },
            method: match checked.method {
                Method::InPerson => "in_person",
                Method::Video => "video",
            },
            document_type: match checked.document_type {
                DocumentType::Passport => "passport",
                DocumentType::IdCard => "id_card",
            },
            document_last4: &checked.document_last4,
            name_matches: checked.name_matches,
            birth_date_matches: checked.birth_date_matches,
            reason: checked.reason.as_deref(),
            checked_by: operator.id,
            checked_at: now,
        },
    )
    .await?;
    let actor = Actor::Operator(operator.id);
    let means_id = match checked.outcome {
        Outcome::Approved => {
            events::record(&mut tx, id, now, Event::Identified, &actor, None).await?;
            Some(
                issuance::issue(&mut tx, &record, &actor, now, lang)
                    .await?
                    .id,
            )
        }
        Outcome::Rejected => {
            let reason = checked.reason.as_deref().unwrap_or_default();
            store::set_end_reason(&mut tx, id, store::EndReason::IdentificationRejected).await?;
            events::record(&mut tx, id, now, Event::Rejected, &actor, Some(reason)).await?;
            let full_name = record.full_name();
            outbox::enqueue(
                &mut tx,
                NewMessage::email(
                    &record.manager.email,
                    notices::rejected_to_manager(
                        &record.manager.name,
                        record.facts(&full_name),
                        reason,
                    ),
                    format!("rejected:{id}"),
                ),
            )
            .await?;
            None
        }
    };
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(request = %id, operator = operator.id, status = to.as_str(), "identification recorded");
    Ok(Recorded {
        request_id: id.to_owned(),
        status: to,
        means_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approved() -> Recording {
        Recording {
            outcome: Some(Outcome::Approved),
            method: Some(Method::Video),
            document_type: Some(DocumentType::Passport),
            document_last4: Some(" ab 12".into()),
            name_matches: Some(true),
            birth_date_matches: Some(true),
            reason: None,
        }
    }

    #[test]
    fn a_complete_approval_is_accepted_and_the_number_normalised() {
        let checked = approved().check().unwrap();
        assert_eq!(checked.document_last4, "AB12");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let problems = Recording::default().check().unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "method",
                "document_type",
                "document_last4",
                "name_matches",
                "birth_date_matches",
                "outcome"
            ]
        );
    }

    #[test]
    fn approval_needs_matches_and_rejection_a_reason() {
        let mismatch = Recording {
            birth_date_matches: Some(false),
            ..approved()
        };
        let problems = mismatch.check().unwrap_err();
        assert_eq!(
            (problems[0].field, problems[0].code),
            ("outcome", "mismatch")
        );
        let rejected = Recording {
            outcome: Some(Outcome::Rejected),
            reason: Some("   ".into()),
            ..approved()
        };
        assert_eq!(rejected.check().unwrap_err()[0].field, "reason");
        let short = Recording {
            document_last4: Some("12345".into()),
            ..approved()
        };
        assert_eq!(short.check().unwrap_err()[0].code, "format");
    }
}
