//! The user's side of a request (seed steps 16–20) and what follows it: the invitation link
//! opens the request (`X-Activation-Token`, see docs/activation-api.md), the e-mail address is
//! confirmed, the mobile number verified with an SMS code ([`sms_code`]), the user orders, and
//! the means is issued at once for an employee or after an identification by the back office
//! ([`identification`]); requests whose link or identification deadline passes expire
//! ([`expiry`]). Every change is an event ([`events`]) and the manager is told by e-mail.
//!
//! Every transition is a conditional `UPDATE … WHERE status = <expected>` in one transaction
//! with its event and its messages, so two tabs or two instances cannot both make it.

pub mod events;
pub mod expiry;
pub mod identification;
pub mod issuance;
pub mod sms_code;

use axum::http::{HeaderMap, StatusCode};
use domain::catalogue::Authorisations;
use domain::{Lang, Level};
use serde_json::{Value, json};
use sqlx::{AnyConnection, Row};

use crate::AppState;
use crate::auth::session::hash_token;
use crate::error::ApiError;
use crate::offer;
use events::{Actor, Event};

/// The header that carries the invitation token.
pub const TOKEN_HEADER: &str = "x-activation-token";

/// How long a non-employee has for the identification after ordering (30 days, Reconi's term).
pub const IDENTIFICATION_DAYS: i64 = 30;

/// Where a request is: the contract's vocabulary.
pub use api::RequestStatus as Status;
/// The manager behind a request, as the user may contact them.
pub use api::activation::Contact as ManagerContact;
pub use api::activation::{
    ActivationUser, ActivationView, AuthorisationList, IdentificationDue, Organisation,
};

/// Why a request's link or step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivationError {
    #[error("no request with this token")]
    NotFound,
    #[error("the request expired")]
    Expired { at: i64, manager: ManagerContact },
    #[error("the request was cancelled")]
    Cancelled { at: i64, manager: ManagerContact },
    #[error("the request is finished ({status:?})")]
    Finished {
        status: Status,
        at: i64,
        manager: ManagerContact,
    },
    #[error("the request is at step {0:?}")]
    WrongStep(Status),
    #[error("a new code only after {retry_after} s")]
    ResendTooSoon { retry_after: u64 },
    #[error(
        "{} codes this hour, next after {retry_after} s",
        sms_code::MAX_SENDS_PER_HOUR
    )]
    HourlyLimit { retry_after: u64 },
    #[error("the code is not 6 digits")]
    CodeFormat,
    #[error("wrong code, {attempts_left} attempts left")]
    CodeWrong { attempts_left: i64 },
    #[error("too many wrong codes")]
    CodeBlocked,
    #[error("the code expired")]
    CodeExpired,
    #[error("no code was sent")]
    CodeMissing,
    #[error("the terms were not accepted")]
    TermsNotAccepted,
}

impl ActivationError {
    pub fn status(&self) -> StatusCode {
        match self {
            ActivationError::NotFound => StatusCode::NOT_FOUND,
            ActivationError::Expired { .. }
            | ActivationError::Cancelled { .. }
            | ActivationError::Finished { .. }
            | ActivationError::CodeExpired => StatusCode::GONE,
            ActivationError::WrongStep(_) | ActivationError::CodeMissing => StatusCode::CONFLICT,
            ActivationError::ResendTooSoon { .. }
            | ActivationError::HourlyLimit { .. }
            | ActivationError::CodeBlocked => StatusCode::TOO_MANY_REQUESTS,
            ActivationError::CodeFormat
            | ActivationError::CodeWrong { .. }
            | ActivationError::TermsNotAccepted => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ActivationError::NotFound => "activation_not_found",
            ActivationError::Expired { .. } => "activation_expired",
            ActivationError::Cancelled { .. } => "activation_cancelled",
            ActivationError::Finished { .. } => "activation_finished",
            ActivationError::WrongStep(_) => "activation_wrong_step",
            ActivationError::ResendTooSoon { .. } => "sms_resend_too_soon",
            ActivationError::HourlyLimit { .. } => "sms_hourly_limit",
            ActivationError::CodeFormat => "sms_code_format",
            ActivationError::CodeWrong { .. } => "sms_code_wrong",
            ActivationError::CodeBlocked => "sms_code_blocked",
            ActivationError::CodeExpired => "sms_code_expired",
            ActivationError::CodeMissing => "sms_code_missing",
            ActivationError::TermsNotAccepted => "terms_not_accepted",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        match self {
            ActivationError::NotFound => pick(
                nl,
                "Deze link werkt niet. Controleer of u de hele link uit de e-mail heeft gebruikt, of vraag uw machtigingenbeheerder om een nieuwe uitnodiging.",
                "This link does not work. Check that you used the whole link from the e-mail, or ask your authorisation manager for a new invitation.",
            ),
            ActivationError::Expired { manager, .. } => {
                if nl {
                    format!(
                        "Deze aanvraag is verlopen. Vraag {} ({}) om een nieuwe aanvraag.",
                        manager.name, manager.email
                    )
                } else {
                    format!(
                        "This request has expired. Ask {} ({}) for a new request.",
                        manager.name, manager.email
                    )
                }
            }
            ActivationError::Cancelled { manager, .. } => {
                if nl {
                    format!(
                        "Deze aanvraag is ingetrokken door uw machtigingenbeheerder. Vragen? Neem contact op met {} ({}).",
                        manager.name, manager.email
                    )
                } else {
                    format!(
                        "This request was cancelled by your authorisation manager. Questions? Contact {} ({}).",
                        manager.name, manager.email
                    )
                }
            }
            ActivationError::Finished {
                status: Status::Issued,
                ..
            } => pick(
                nl,
                "Deze aanvraag is afgerond: uw eHerkenningsmiddel is uitgegeven. De link is niet meer nodig.",
                "This request is complete: your eHerkenning means has been issued. The link is no longer needed.",
            ),
            ActivationError::Finished { manager, .. } => {
                if nl {
                    format!(
                        "Deze aanvraag is afgerond zonder dat er een middel is uitgegeven. Vragen? Neem contact op met {} ({}).",
                        manager.name, manager.email
                    )
                } else {
                    format!(
                        "This request ended without a means being issued. Questions? Contact {} ({}).",
                        manager.name, manager.email
                    )
                }
            }
            ActivationError::WrongStep(_) => pick(
                nl,
                "Deze stap past niet bij waar uw aanvraag nu is. Laad de pagina opnieuw om verder te gaan.",
                "This step does not match where your request is now. Reload the page to continue.",
            ),
            ActivationError::ResendTooSoon { retry_after } => {
                if nl {
                    format!("U kunt over {retry_after} seconden een nieuwe code aanvragen.")
                } else {
                    format!("You can request a new code in {retry_after} seconds.")
                }
            }
            ActivationError::HourlyLimit { retry_after } => {
                let minutes = retry_after.div_ceil(60);
                let max = sms_code::MAX_SENDS_PER_HOUR;
                if nl {
                    format!(
                        "U heeft binnen een uur {max} codes aangevraagd. U kunt over {minutes} minuten een nieuwe code aanvragen."
                    )
                } else {
                    format!(
                        "You requested {max} codes within an hour. You can request a new code in {minutes} minutes."
                    )
                }
            }
            ActivationError::CodeFormat => pick(
                nl,
                "Vul de code in van 6 cijfers uit de sms.",
                "Enter the 6-digit code from the text message.",
            ),
            ActivationError::CodeWrong { attempts_left: 1 } => pick(
                nl,
                "Deze code klopt niet. U kunt het nog 1 keer proberen; daarna moet u een nieuwe code aanvragen.",
                "This code is not correct. You have 1 try left; after that you must request a new code.",
            ),
            ActivationError::CodeWrong { attempts_left } => {
                if nl {
                    format!("Deze code klopt niet. U kunt het nog {attempts_left} keer proberen.")
                } else {
                    format!("This code is not correct. You have {attempts_left} tries left.")
                }
            }
            ActivationError::CodeBlocked => {
                let max = sms_code::MAX_WRONG_ATTEMPTS;
                if nl {
                    format!(
                        "U heeft {max} keer een verkeerde code ingevuld. Deze code werkt niet meer: vraag een nieuwe code aan."
                    )
                } else {
                    format!(
                        "You entered a wrong code {max} times. This code no longer works: request a new code."
                    )
                }
            }
            ActivationError::CodeExpired => {
                let minutes = sms_code::VALID_SECS / 60;
                if nl {
                    format!(
                        "Deze code is verlopen (een code is {minutes} minuten geldig). Vraag een nieuwe code aan."
                    )
                } else {
                    format!(
                        "This code has expired (a code is valid for {minutes} minutes). Request a new code."
                    )
                }
            }
            ActivationError::CodeMissing => pick(
                nl,
                "Er is nog geen code verstuurd. Vraag eerst een code aan.",
                "No code has been sent yet. Request a code first.",
            ),
            ActivationError::TermsNotAccepted => pick(
                nl,
                "Ga akkoord met de Gebruiksvoorwaarden om te bestellen.",
                "Accept the terms of use to order.",
            ),
        }
    }

    pub fn details(&self) -> Option<Value> {
        match self {
            ActivationError::Expired { at, manager } => {
                Some(json!({ "status": "expired", "at": at, "manager": manager }))
            }
            ActivationError::Cancelled { at, manager } => {
                Some(json!({ "status": "cancelled", "at": at, "manager": manager }))
            }
            ActivationError::Finished {
                status,
                at,
                manager,
            } => Some(json!({ "status": status, "at": at, "manager": manager })),
            ActivationError::WrongStep(status) => Some(json!({ "status": status })),
            ActivationError::ResendTooSoon { retry_after }
            | ActivationError::HourlyLimit { retry_after } => {
                Some(json!({ "retry_after_seconds": retry_after }))
            }
            ActivationError::CodeWrong { attempts_left } => {
                Some(json!({ "attempts_left": attempts_left }))
            }
            _ => None,
        }
    }

    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ActivationError::ResendTooSoon { retry_after }
            | ActivationError::HourlyLimit { retry_after } => Some(*retry_after),
            _ => None,
        }
    }
}

fn pick(nl: bool, dutch: &str, english: &str) -> String {
    if nl { dutch } else { english }.to_owned()
}

/// A request with its order and manager, as stored.
#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub id: String,
    pub order_number: String,
    pub first_names: String,
    pub infix: String,
    pub last_name: String,
    /// ISO.
    pub birth_date: String,
    pub birth_place: String,
    pub email: String,
    pub mobile: String,
    pub employed: bool,
    pub status: Status,
    pub token_expires_at: i64,
    pub identification_deadline: Option<i64>,
    pub finished_at: Option<i64>,
    pub created_at: i64,
    pub user_ordered_at: Option<i64>,
    pub kvk_number: String,
    pub organisation_name: String,
    pub branch_number: Option<String>,
    pub level: Level,
    pub term_years: i64,
    pub authorisations: Authorisations,
    pub manager_id: i64,
    pub manager: ManagerContact,
}

impl RequestRecord {
    pub fn full_name(&self) -> String {
        domain::user::full_name(&self.first_names, &self.infix, &self.last_name)
    }

    /// When the request is due to expire: the link's end before the user ordered, the
    /// identification deadline while waiting for it, never otherwise.
    pub fn expires_at(&self) -> Option<i64> {
        match self.status {
            s if s.before_order() => Some(self.token_expires_at),
            Status::IdentificationRequired => self.identification_deadline,
            _ => None,
        }
    }

    /// The facts the notices name; `full_name` is [`RequestRecord::full_name`].
    pub fn facts<'a>(&'a self, full_name: &'a str) -> crate::mail::notices::RequestFacts<'a> {
        crate::mail::notices::RequestFacts {
            user_name: full_name,
            user_email: &self.email,
            organisation: &self.organisation_name,
            kvk_number: &self.kvk_number,
            level: self.level,
            order_number: &self.order_number,
        }
    }
}

const RECORD_SELECT: &str = "SELECT r.id, r.order_number, r.first_names, r.infix, r.last_name, \
     r.birth_date, r.birth_place, r.email, r.mobile, r.employed, r.status, r.token_expires_at, \
     r.identification_deadline, r.finished_at, r.created_at, r.user_ordered_at, o.kvk_number, \
     o.organisation_name, o.branch_number, o.level, o.term_years, o.authorisations, m.id, \
     m.display_name, m.email \
     FROM requests r JOIN orders o ON o.order_number = r.order_number \
     JOIN managers m ON m.id = o.manager_id";

fn record_from_row(row: &sqlx::any::AnyRow) -> Result<RequestRecord, ApiError> {
    let status: String = row.try_get(10)?;
    let level: String = row.try_get(19)?;
    let authorisations: String = row.try_get(21)?;
    Ok(RequestRecord {
        id: row.try_get(0)?,
        order_number: row.try_get(1)?,
        first_names: row.try_get(2)?,
        infix: row.try_get(3)?,
        last_name: row.try_get(4)?,
        birth_date: row.try_get(5)?,
        birth_place: row.try_get(6)?,
        email: row.try_get(7)?,
        mobile: row.try_get(8)?,
        employed: row.try_get::<i64, _>(9)? == 1,
        status: Status::parse(&status)
            .ok_or_else(|| ApiError::internal(format!("stored request status {status:?}")))?,
        token_expires_at: row.try_get(11)?,
        identification_deadline: row.try_get(12)?,
        finished_at: row.try_get(13)?,
        created_at: row.try_get(14)?,
        user_ordered_at: row.try_get(15)?,
        kvk_number: row.try_get(16)?,
        organisation_name: row.try_get(17)?,
        branch_number: row.try_get(18)?,
        level: crate::auth::parse_level(&level)?,
        term_years: row.try_get(20)?,
        authorisations: serde_json::from_str(&authorisations).map_err(ApiError::internal)?,
        manager_id: row.try_get(22)?,
        manager: ManagerContact {
            name: row.try_get(23)?,
            email: row.try_get(24)?,
        },
    })
}

/// The request with this id.
pub async fn load_by_id(
    connection: &mut AnyConnection,
    id: &str,
) -> Result<Option<RequestRecord>, ApiError> {
    let row = sqlx::query(&format!("{RECORD_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&mut *connection)
        .await?;
    row.as_ref().map(record_from_row).transpose()
}

/// The token of the request, from the `X-Activation-Token` header.
pub fn token_from_headers(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(TOKEN_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|token| !token.is_empty() && token.len() <= 200)
}

/// The open request of this token, or why it does not open: unknown, cancelled, finished or
/// expired (a request found past its deadline is expired now, with its event and mail).
pub async fn open(
    state: &AppState,
    token: Option<&str>,
    now: i64,
) -> Result<RequestRecord, ApiError> {
    let token = token.ok_or(ActivationError::NotFound)?;
    let mut connection = state.db.acquire().await?;
    let row = sqlx::query(&format!("{RECORD_SELECT} WHERE r.token_hash = $1"))
        .bind(hash_token(token))
        .fetch_optional(&mut *connection)
        .await?
        .ok_or(ActivationError::NotFound)?;
    drop(connection);
    let record = record_from_row(&row)?;
    let at = record.finished_at.unwrap_or(now);
    let manager = record.manager.clone();
    match record.status {
        Status::Cancelled => Err(ActivationError::Cancelled { at, manager }.into()),
        Status::Expired => Err(ActivationError::Expired { at, manager }.into()),
        status @ (Status::Issued | Status::Rejected) => Err(ActivationError::Finished {
            status,
            at,
            manager,
        }
        .into()),
        _ if record.expires_at().is_some_and(|end| end <= now) => {
            expiry::expire(state, &record.id, now).await?;
            Err(ActivationError::Expired { at: now, manager }.into())
        }
        _ => Ok(record),
    }
}

/// The column that records when a request reached a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    EmailConfirmed,
    MobileVerified,
    UserOrdered,
    Finished,
}

impl Milestone {
    fn column(self) -> &'static str {
        match self {
            Milestone::EmailConfirmed => "email_confirmed_at",
            Milestone::MobileVerified => "mobile_verified_at",
            Milestone::UserOrdered => "user_ordered_at",
            Milestone::Finished => "finished_at",
        }
    }
}

/// Moves the request from `from` to `to` if it is still at `from`, stamping `milestone` with
/// `now`; false when another request moved it first.
pub async fn transition(
    tx: &mut AnyConnection,
    request_id: &str,
    from: Status,
    to: Status,
    milestone: Milestone,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let column = milestone.column();
    let updated = sqlx::query(&format!(
        "UPDATE requests SET status = $1, {column} = $3 WHERE id = $2 AND status = $4"
    ))
    .bind(to.as_str())
    .bind(request_id)
    .bind(now)
    .bind(from.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// One machtiging as stored with a means: kind, subject (provider or service id) and label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorisationItem {
    pub kind: &'static str,
    pub subject: String,
    pub label: String,
}

/// The machtigingen of an order, one item per grant, labelled from the catalogue in `lang`.
pub fn authorisation_items(authorisations: &Authorisations, lang: Lang) -> Vec<AuthorisationItem> {
    let catalogue = offer::catalogue();
    match authorisations {
        Authorisations::None => Vec::new(),
        Authorisations::AllServices => vec![AuthorisationItem {
            kind: "all_services",
            subject: String::new(),
            label: pick(lang == Lang::Nl, "Alle diensten", "All services"),
        }],
        Authorisations::Selected {
            providers,
            services,
        } => {
            let providers = providers.iter().map(|id| AuthorisationItem {
                kind: "provider",
                subject: id.clone(),
                label: match (catalogue.provider(id), lang) {
                    (Some(p), Lang::Nl) => format!("Alle diensten van {}", p.name),
                    (Some(p), Lang::En) => format!("All services of {}", p.name),
                    (None, _) => id.clone(),
                },
            });
            let services = services.iter().map(|id| AuthorisationItem {
                kind: "service",
                subject: id.clone(),
                label: catalogue
                    .service(id)
                    .map_or_else(|| id.clone(), |(p, s)| format!("{}: {}", p.name, s.name)),
            });
            providers.chain(services).collect()
        }
    }
}

/// Machtigingen as shown, in `lang`: all services, or these items.
pub fn authorisation_list(authorisations: &Authorisations, lang: Lang) -> AuthorisationList {
    AuthorisationList {
        all_services: matches!(authorisations, Authorisations::AllServices),
        items: match authorisations {
            Authorisations::AllServices => Vec::new(),
            other => authorisation_items(other, lang)
                .into_iter()
                .map(|i| i.label)
                .collect(),
        },
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
    let mut tx = state.db.begin().await?;
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
/// identification until the deadline.
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
    let mut tx = state.db.begin().await?;
    if record.employed {
        if !transition(
            &mut tx,
            &record.id,
            Status::MobileVerified,
            Status::Issued,
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
        let means = issuance::issue(&mut tx, record, &Actor::User, now, lang).await?;
        tx.commit().await?;
        state.outbox.wake();
        record.status = Status::Issued;
        tracing::info!(request = %record.id, means = %means.id, "means issued");
        Ok(Some(means))
    } else {
        let deadline = now + IDENTIFICATION_DAYS * 86_400;
        // The link keeps working until the deadline, to show the identification's status.
        if !transition(
            &mut tx,
            &record.id,
            Status::MobileVerified,
            Status::IdentificationRequired,
            Milestone::UserOrdered,
            now,
        )
        .await?
        {
            return Err(ActivationError::WrongStep(record.status).into());
        }
        sqlx::query(
            "UPDATE requests SET identification_deadline = $1, token_expires_at = $2 WHERE id = $3",
        )
        .bind(deadline)
        .bind(deadline.max(record.token_expires_at))
        .bind(&record.id)
        .execute(&mut *tx)
        .await?;
        events::record(
            &mut tx,
            &record.id,
            now,
            Event::UserOrdered,
            &Actor::User,
            None,
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
