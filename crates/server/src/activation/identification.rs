//! The back office's identification of users who are not employees: the queue of waiting
//! requests and the operator's record of each outcome. Approved: the means is issued. Rejected:
//! the request ends with the reason. Of the identity document only its type and the last 4
//! characters of its number are kept.

use axum::http::StatusCode;
use domain::Lang;
use serde_json::{Value, json};
use sqlx::Row;

use super::events::{self, Actor, Event};
use super::{Milestone, Organisation, Status, expiry, issuance, load_by_id, transition};
use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;
use crate::mail::notices;
use crate::outbox::{self, NewMessage};

/// A request waiting for its identification, as the operator's queue shows it.
pub use api::identifications::Waiting;
/// The body of `POST /api/v1/identifications/{request_id}`, and what is in it.
pub use api::identifications::{DocumentType, Method, Outcome, Recording};

/// One thing wrong with a [`Recording`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub code: &'static str,
    nl: &'static str,
    en: &'static str,
}

impl FieldProblem {
    pub fn message(&self, lang: Lang) -> &'static str {
        if lang == Lang::Nl { self.nl } else { self.en }
    }
}

/// A [`Recording`] with everything present and consistent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub outcome: Outcome,
    pub method: Method,
    pub document_type: DocumentType,
    pub document_last4: String,
    pub name_matches: bool,
    pub birth_date_matches: bool,
    pub reason: Option<String>,
}

const REASON_MAX_CHARS: usize = 500;

/// Checking a [`Recording`] (a trait: the body is the contract's type).
pub trait Check {
    /// Checks every field; all problems at once.
    fn check(&self) -> Result<Checked, Vec<FieldProblem>>;
}

impl Check for Recording {
    fn check(&self) -> Result<Checked, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field, code, nl, en| {
            problems.push(FieldProblem {
                field,
                code,
                nl,
                en,
            });
        };
        if self.method.is_none() {
            problem(
                "method",
                "missing",
                "Kies hoe de identificatie is gedaan.",
                "Choose how the identification was done.",
            );
        }
        if self.document_type.is_none() {
            problem(
                "document_type",
                "missing",
                "Kies het soort identiteitsbewijs.",
                "Choose the type of identity document.",
            );
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
                "Vul de laatste 4 tekens van het documentnummer in.",
                "Enter the last 4 characters of the document number.",
            );
        } else if last4.chars().count() != 4 || !last4.chars().all(|c| c.is_ascii_alphanumeric()) {
            problem(
                "document_last4",
                "format",
                "Vul precies 4 letters of cijfers in: de laatste 4 tekens van het documentnummer.",
                "Enter exactly 4 letters or digits: the last 4 characters of the document number.",
            );
        }
        if self.name_matches.is_none() {
            problem(
                "name_matches",
                "missing",
                "Geef aan of de naam overeenkomt met het identiteitsbewijs.",
                "Say whether the name matches the identity document.",
            );
        }
        if self.birth_date_matches.is_none() {
            problem(
                "birth_date_matches",
                "missing",
                "Geef aan of de geboortedatum overeenkomt met het identiteitsbewijs.",
                "Say whether the birth date matches the identity document.",
            );
        }
        let reason = self
            .reason
            .as_deref()
            .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|r| !r.is_empty());
        match self.outcome {
            None => problem(
                "outcome",
                "missing",
                "Kies de uitkomst: goedkeuren of afwijzen.",
                "Choose the outcome: approve or reject.",
            ),
            Some(Outcome::Approved) => {
                if self.name_matches == Some(false) || self.birth_date_matches == Some(false) {
                    problem(
                        "outcome",
                        "mismatch",
                        "Goedkeuren kan alleen als naam en geboortedatum overeenkomen met het identiteitsbewijs. Wijs de aanvraag anders af, met de reden.",
                        "You can only approve when name and birth date match the identity document. Otherwise reject the request, with the reason.",
                    );
                }
            }
            Some(Outcome::Rejected) => {
                if reason.is_none() {
                    problem(
                        "reason",
                        "missing",
                        "Vul de reden van de afwijzing in; de machtigingenbeheerder krijgt die te lezen.",
                        "Enter the reason for the rejection; the authorisation manager will read it.",
                    );
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
                "De reden mag hoogstens 500 tekens lang zijn.",
                "The reason may be at most 500 characters long.",
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
pub enum IdentificationError {
    #[error("no waiting request {0}")]
    NotFound(String),
    #[error("request {id} is {status:?}, not waiting for identification")]
    NotWaiting { id: String, status: Status },
    #[error("{} problem(s) in the identification", .problems.len())]
    Invalid {
        problems: Vec<FieldProblem>,
        lang: Lang,
    },
}

impl IdentificationError {
    pub fn status(&self) -> StatusCode {
        match self {
            IdentificationError::NotFound(_) => StatusCode::NOT_FOUND,
            IdentificationError::NotWaiting { .. } => StatusCode::CONFLICT,
            IdentificationError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            IdentificationError::NotFound(_) => "identification_not_found",
            IdentificationError::NotWaiting { .. } => "identification_not_waiting",
            IdentificationError::Invalid { .. } => "identification_invalid",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        match self {
            IdentificationError::NotFound(id) => {
                if nl {
                    format!("Er is geen aanvraag {id} die op identificatie wacht.")
                } else {
                    format!("There is no request {id} waiting for identification.")
                }
            }
            IdentificationError::NotWaiting { id, .. } => {
                if nl {
                    format!(
                        "Aanvraag {id} wacht niet (meer) op identificatie: ze is al afgehandeld, verlopen of ingetrokken."
                    )
                } else {
                    format!(
                        "Request {id} is no longer waiting for identification: it was handled, expired or cancelled."
                    )
                }
            }
            IdentificationError::Invalid { problems, .. } => {
                if nl {
                    format!(
                        "De identificatie kan zo niet worden vastgelegd: {} punt(en) moeten eerst worden aangepast.",
                        problems.len()
                    )
                } else {
                    format!(
                        "The identification cannot be recorded as it is: {} point(s) must be changed first.",
                        problems.len()
                    )
                }
            }
        }
    }

    pub fn details(&self) -> Option<Value> {
        match self {
            IdentificationError::NotWaiting { status, .. } => Some(json!({ "status": status })),
            IdentificationError::Invalid { problems, lang } => Some(json!({
                "problems": problems.iter().map(|p| json!({
                    "field": p.field,
                    "code": p.code,
                    "message": p.message(*lang),
                })).collect::<Vec<_>>()
            })),
            IdentificationError::NotFound(_) => None,
        }
    }
}

const WAITING_SELECT: &str = "SELECT r.id, r.order_number, r.first_names, r.infix, r.last_name, \
     r.birth_date, r.birth_place, r.email, o.kvk_number, o.organisation_name, o.branch_number, \
     o.level, r.user_ordered_at, r.identification_deadline \
     FROM requests r JOIN orders o ON o.order_number = r.order_number \
     WHERE r.status = 'identification_required' AND r.identification_deadline > $1";

fn waiting_from_row(row: &sqlx::any::AnyRow) -> Result<Waiting, sqlx::Error> {
    Ok(Waiting {
        request_id: row.try_get(0)?,
        order_number: row.try_get(1)?,
        full_name: crate::manage::name_from(row, 2)?,
        birth_date: row.try_get(5)?,
        birth_place: row.try_get(6)?,
        email: row.try_get(7)?,
        organisation: Organisation {
            kvk_number: row.try_get(8)?,
            name: row.try_get(9)?,
            branch_number: row.try_get(10)?,
        },
        level: row.try_get(11)?,
        ordered_at: row.try_get::<Option<i64>, _>(12)?.unwrap_or_default(),
        deadline: row.try_get::<Option<i64>, _>(13)?.unwrap_or_default(),
    })
}

/// The requests waiting for identification, the nearest deadline first.
pub async fn waiting(state: &AppState, now: i64) -> Result<Vec<Waiting>, ApiError> {
    let rows = sqlx::query(&format!(
        "{WAITING_SELECT} ORDER BY r.identification_deadline, r.id"
    ))
    .bind(now)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .iter()
        .map(waiting_from_row)
        .collect::<Result<_, _>>()?)
}

/// One waiting request.
pub async fn waiting_one(state: &AppState, id: &str, now: i64) -> Result<Waiting, ApiError> {
    let row = sqlx::query(&format!("{WAITING_SELECT} AND r.id = $2"))
        .bind(now)
        .bind(id)
        .fetch_optional(&state.db)
        .await?
        .ok_or_else(|| IdentificationError::NotFound(id.to_owned()))?;
    Ok(waiting_from_row(&row)?)
}

/// What [`record`] did.
pub use api::identifications::Recorded;

/// Records `operator`'s identification of request `id`: issues the means or ends the request.
pub async fn record(
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
    let to = match checked.outcome {
        Outcome::Approved => Status::Issued,
        Outcome::Rejected => Status::Rejected,
    };
    // The conditional update first: see `expiry::expire`.
    let mut tx = state.db.begin().await?;
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
    sqlx::query(
        "INSERT INTO identifications (request_id, outcome, method, document_type, document_last4, \
         name_matches, birth_date_matches, reason, checked_by, checked_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(match checked.outcome {
        Outcome::Approved => "approved",
        Outcome::Rejected => "rejected",
    })
    .bind(match checked.method {
        Method::InPerson => "in_person",
        Method::Video => "video",
    })
    .bind(match checked.document_type {
        DocumentType::Passport => "passport",
        DocumentType::IdCard => "id_card",
    })
    .bind(&checked.document_last4)
    .bind(i64::from(checked.name_matches))
    .bind(i64::from(checked.birth_date_matches))
    .bind(&checked.reason)
    .bind(operator.id)
    .bind(now)
    .execute(&mut *tx)
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
            sqlx::query("UPDATE requests SET end_reason = $1 WHERE id = $2")
                .bind("identification_rejected")
                .bind(id)
                .execute(&mut *tx)
                .await?;
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
