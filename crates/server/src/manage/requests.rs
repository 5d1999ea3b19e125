//! "Lopende aanvragen": every request per order and per user with its current step, how long it
//! has been waiting and its deadline, with its timeline; re-sending the invitation, correcting an
//! unconfirmed e-mail address or unverified mobile number, cancelling a request or an order.

use axum::http::StatusCode;
use domain::Lang;
use serde_json::{Value, json};
use sqlx::AnyConnection;

use super::audit::{self, Action};
use super::{ListQuery, Page, PageOf, Paging, given, store};
use crate::AppState;
use crate::activation::events::{self, Actor, Event};
use crate::activation::{RequestRecord, Status, load_by_id};
use crate::auth::CurrentManager;
use crate::auth::session::{hash_token, random_token};
use crate::error::{ApiError, Problem};
use crate::lang::Text;
use crate::mail::notices;
use crate::mail::templates::{self, InvitationMail};
use crate::orders::today;
use crate::outbox::{self, NewMessage};

/// Why an action on a request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RequestError {
    #[error("no request {0} at the manager's organisations")]
    NotFound(String),
    #[error("no order {0} at the manager's organisations")]
    OrderNotFound(String),
    #[error("request {id} is {status:?}, no longer open")]
    NotOpen { id: String, status: Status },
    #[error("request {id} is {status:?}: too late for this")]
    WrongStep { id: String, status: Status },
    #[error("{} problem(s) in the correction", .problems.len())]
    Invalid {
        problems: Vec<(&'static str, &'static str, String)>,
    },
}

impl Problem for RequestError {
    fn status(&self) -> StatusCode {
        match self {
            RequestError::NotFound(_) | RequestError::OrderNotFound(_) => StatusCode::NOT_FOUND,
            RequestError::NotOpen { .. } | RequestError::WrongStep { .. } => StatusCode::CONFLICT,
            RequestError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            RequestError::NotFound(_) => "request_not_found",
            RequestError::OrderNotFound(_) => "order_not_found",
            RequestError::NotOpen { .. } => "request_not_open",
            RequestError::WrongStep { .. } => "request_wrong_step",
            RequestError::Invalid { .. } => "request_invalid",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            RequestError::NotFound(id) => Text::RequestNotFound { id },
            RequestError::OrderNotFound(id) => Text::RequestOrderNotFound { id },
            RequestError::NotOpen { id, .. } => Text::RequestNotOpen { id },
            RequestError::WrongStep { id, .. } => Text::RequestWrongStep { id },
            RequestError::Invalid { problems } => Text::CorrectionInvalid {
                count: problems.len(),
            },
        }
        .text(lang)
    }

    fn details(&self, _: Lang) -> Option<Value> {
        match self {
            RequestError::NotOpen { status, .. } | RequestError::WrongStep { status, .. } => {
                Some(json!({ "status": status }))
            }
            RequestError::Invalid { problems } => Some(json!({
                "problems": problems.iter().map(|(field, code, message)| json!({
                    "field": field, "code": code, "message": message,
                })).collect::<Vec<_>>()
            })),
            _ => None,
        }
    }
}

/// One request in "Lopende aanvragen", a page of them, and one with its timeline.
pub(crate) use api::manage::{RequestDetail, RequestRow, Requests, TimelineEvent};

pub(crate) const SORTS: [&str; 5] = ["created_at", "name", "deadline", "waiting", "status"];

/// A page of requests.
pub(crate) async fn list(
    state: &AppState,
    manager: &CurrentManager,
    query: &ListQuery,
    now: i64,
) -> Result<Page<Requests>, ApiError> {
    let paging = Paging::parse(query)?;
    let organisations = super::organisations(manager, query)?;
    if organisations.is_empty() {
        return Ok(Page {
            total: 0,
            page: paging.page,
            per_page: paging.per_page,
            items: Requests {
                requests: Vec::new(),
            },
        });
    }
    let (total, mut requests) =
        store::requests::page(&state.db, &organisations, query, paging, now).await?;
    super::succession::fill_requests(&state.db, &mut requests).await?;
    super::ended::mark(state, requests.iter_mut().map(|r| &mut r.organisation)).await;
    Ok(Page::new(paging, total, Requests { requests }))
}

/// The request `id` as a row, if it is at one of the manager's organisations.
async fn find(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
) -> Result<RequestRow, ApiError> {
    let found = store::requests::one(&state.db, id).await?;
    match found {
        Some(request) if manager.manages(&request.organisation.kvk_number) => Ok(request),
        _ => Err(RequestError::NotFound(id.to_owned()).into()),
    }
}

/// The events of request `id`, in order, with the names of the people behind them.
pub(crate) async fn timeline(state: &AppState, id: &str) -> Result<Vec<TimelineEvent>, ApiError> {
    Ok(store::requests::timeline(&state.db, id).await?)
}

/// A request with its timeline.
pub(crate) async fn show(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
) -> Result<RequestDetail, ApiError> {
    let mut request = find(state, manager, id).await?;
    super::succession::fill_requests(&state.db, std::slice::from_mut(&mut request)).await?;
    super::ended::mark(state, [&mut request.organisation]).await;
    let events = timeline(state, id).await?;
    Ok(RequestDetail { request, events })
}

/// The request's record for an action, checked to be open (and at the manager's organisations).
async fn open_record(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
) -> Result<RequestRecord, ApiError> {
    let mut connection = state.db.acquire().await?;
    let record = load_by_id(&mut connection, id).await?;
    match record {
        Some(record) if manager.manages(&record.kvk_number) => {
            if record.status.is_open() {
                Ok(record)
            } else {
                Err(RequestError::NotOpen {
                    id: id.to_owned(),
                    status: record.status,
                }
                .into())
            }
        }
        _ => Err(RequestError::NotFound(id.to_owned()).into()),
    }
}

/// Gives the request a new token (the old one stops working), valid for the configured days
/// from now, and queues the invitation to `email`. `sequence` makes the mail's dedupe key new.
async fn new_invitation(
    state: &AppState,
    tx: &mut AnyConnection,
    record: &RequestRecord,
    email: &str,
    now: i64,
) -> Result<(), ApiError> {
    let token = random_token()?;
    let valid_days = state.config.invitation_valid_days;
    let expires_at = crate::clock::end_of_dutch_day_after(now, valid_days);
    store::requests::set_token(tx, &record.id, &hash_token(&token), expires_at).await?;
    let link = templates::activation_link(state.config.public_url.as_str(), &token);
    let predecessor = crate::activation::succession::predecessor(tx, record).await?;
    let mail = templates::invitation(InvitationMail {
        user_name: &record.full_name(),
        organisation: &record.organisation_name,
        kvk_number: &record.kvk_number,
        manager_name: &record.manager.name,
        manager_email: &record.manager.email,
        level: record.level,
        link: &link,
        expires_on: today(expires_at),
        valid_days,
        succession: predecessor
            .as_ref()
            .map(|p| (p.kind, p.means_id.as_str(), p.valid_until)),
    });
    outbox::enqueue(
        tx,
        NewMessage::email(
            email,
            mail,
            format!("invitation:{}:{}", record.id, crate::outbox::new_id()),
        ),
    )
    .await?;
    Ok(())
}

/// A new invitation for `record` in `tx`, with its event and audit entry.
pub(crate) async fn resend_in(
    state: &AppState,
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    record: &RequestRecord,
    now: i64,
) -> Result<(), ApiError> {
    new_invitation(state, tx, record, &record.email, now).await?;
    let actor = Actor::Manager(manager.id);
    events::record(tx, &record.id, now, Event::InvitationResent, &actor, None).await?;
    let kvk = Some(record.kvk_number.as_str());
    let (action, email) = (Action::InvitationResent, Some(record.email.as_str()));
    audit::record(tx, manager, kvk, action, &record.id, email, now).await?;
    Ok(())
}

/// Sends a new invitation link; the old one stops working. Only before the user ordered.
pub(crate) async fn resend(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
    now: i64,
) -> Result<RequestRow, ApiError> {
    let record = open_record(state, manager, id).await?;
    if !record.status.before_order() {
        return Err(RequestError::WrongStep {
            id: id.to_owned(),
            status: record.status,
        }
        .into());
    }
    let mut tx = crate::db::begin_write(&state.db).await?;
    resend_in(state, &mut tx, manager, &record, now).await?;
    tx.commit().await?;
    state.outbox.wake();
    find(state, manager, id).await
}

/// The body of a correction.
pub(crate) use api::manage::Correction;

/// Corrects the e-mail address (while not confirmed: a new link goes to the new address) or
/// the mobile number (while not verified).
pub(crate) async fn correct(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
    correction: &Correction,
    now: i64,
    lang: Lang,
) -> Result<RequestRow, ApiError> {
    let record = open_record(state, manager, id).await?;
    let mut problems = Vec::new();
    let email = match given(&correction.email) {
        Some(input) => match domain::parse_email(input) {
            Ok((email, _)) => Some(email.as_str().to_owned()),
            Err(error) => {
                problems.push(("email", error.code(), error.detail(lang, input)));
                None
            }
        },
        None => None,
    };
    let mobile = match given(&correction.mobile) {
        Some(input) => match domain::parse_mobile(input) {
            Ok((mobile, _)) => Some(mobile.as_str().to_owned()),
            Err(error) => {
                problems.push(("mobile", error.code(), error.detail(lang, input)));
                None
            }
        },
        None => None,
    };
    if email.is_none() && mobile.is_none() && problems.is_empty() {
        problems.push(("email", "missing", Text::CorrectionEmpty.text(lang)));
    }
    if !problems.is_empty() {
        return Err(RequestError::Invalid { problems }.into());
    }
    let email = email.filter(|e| !e.eq_ignore_ascii_case(&record.email));
    let mobile = mobile.filter(|m| *m != record.mobile);
    if email.is_some() && record.status != Status::Invited
        || mobile.is_some() && !matches!(record.status, Status::Invited | Status::EmailConfirmed)
    {
        return Err(RequestError::WrongStep {
            id: id.to_owned(),
            status: record.status,
        }
        .into());
    }
    let mut tx = crate::db::begin_write(&state.db).await?;
    if let Some(new) = &email {
        let search_text =
            domain::user::search_text(&record.first_names, &record.infix, &record.last_name, new);
        store::requests::set_email(&mut tx, id, new, &search_text).await?;
        new_invitation(state, &mut tx, &record, new, now).await?;
        let change = format!("{} → {new}", record.email);
        let what = (Event::EmailCorrected, Action::EmailCorrected);
        record_correction(&mut tx, manager, &record, what, &change, now).await?;
    }
    if let Some(new) = &mobile {
        store::requests::set_mobile(&mut tx, id, new, now).await?;
        let change = format!("{} → {new}", record.mobile);
        let what = (Event::MobileCorrected, Action::MobileCorrected);
        record_correction(&mut tx, manager, &record, what, &change, now).await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    find(state, manager, id).await
}

/// Corrects the person's names, birth date and place and employment of request `id` (already
/// checked by the import engine's rules) while the user has not confirmed them (`invited`):
/// the invitation's link still works, and the user sees the new details when they follow it.
/// An identity provider's correction through an API client (crate::scim).
pub(crate) async fn amend_person(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
    person: &domain::NewUser,
    now: i64,
) -> Result<(), ApiError> {
    let record = open_record(state, manager, id).await?;
    let wrong_step = || RequestError::WrongStep {
        id: id.to_owned(),
        status: record.status,
    };
    if record.status != Status::Invited {
        return Err(wrong_step().into());
    }
    let mut tx = crate::db::begin_write(&state.db).await?;
    if !store::requests::set_person(&mut tx, id, person).await? {
        return Err(wrong_step().into());
    }
    let change = format!(
        "{} → {}",
        record.audit_name(),
        domain::user::full_name(&person.first_names, &person.infix, &person.last_name)
    );
    let what = (Event::DetailsCorrected, Action::DetailsCorrected);
    record_correction(&mut tx, manager, &record, what, &change, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A correction's event on the request and its entry in the audit log.
async fn record_correction(
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    record: &RequestRecord,
    (event, action): (Event, Action),
    change: &str,
    now: i64,
) -> Result<(), ApiError> {
    let actor = Actor::Manager(manager.id);
    events::record(tx, &record.id, now, event, &actor, Some(change)).await?;
    let kvk = Some(record.kvk_number.as_str());
    audit::record(tx, manager, kvk, action, &record.id, Some(change), now).await?;
    Ok(())
}

/// Cancels one open request in `tx`: the link stops working, the user is told.
async fn cancel_in(
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    record: &RequestRecord,
    now: i64,
) -> Result<bool, ApiError> {
    let cancelled = store::requests::cancel(tx, &record.id, now).await?;
    if cancelled {
        events::record(
            tx,
            &record.id,
            now,
            Event::Cancelled,
            &Actor::Manager(manager.id),
            None,
        )
        .await?;
        let full_name = record.full_name();
        outbox::enqueue(
            tx,
            NewMessage::email(
                &record.email,
                notices::cancelled_to_user(record.facts(&full_name), &manager.name, &manager.email),
                format!("cancelled:{}", record.id),
            ),
        )
        .await?;
    }
    Ok(cancelled)
}

/// Cancels one open request in `tx`, with its audit entry; false when it was no longer open.
pub(crate) async fn cancel_one_in(
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    record: &RequestRecord,
    now: i64,
) -> Result<bool, ApiError> {
    if !cancel_in(tx, manager, record, now).await? {
        return Ok(false);
    }
    audit::record(
        tx,
        manager,
        Some(&record.kvk_number),
        Action::RequestCancelled,
        &record.id,
        Some(&record.audit_name()),
        now,
    )
    .await?;
    Ok(true)
}

/// Cancels request `id`.
pub(crate) async fn cancel(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
    now: i64,
) -> Result<RequestRow, ApiError> {
    let record = open_record(state, manager, id).await?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    if !cancel_one_in(&mut tx, manager, &record, now).await? {
        return Err(RequestError::NotOpen {
            id: id.to_owned(),
            status: record.status,
        }
        .into());
    }
    tx.commit().await?;
    state.outbox.wake();
    find(state, manager, id).await
}

/// What cancelling an order answers.
pub(crate) use api::manage::OrderCancelled;

/// Cancels every open request of order `order_number`.
pub(crate) async fn cancel_order(
    state: &AppState,
    manager: &CurrentManager,
    order_number: &str,
    now: i64,
) -> Result<OrderCancelled, ApiError> {
    let kvk = store::requests::order_organisation(&state.db, order_number).await?;
    let kvk = match kvk {
        Some(kvk) if manager.manages(&kvk) => kvk,
        _ => return Err(RequestError::OrderNotFound(order_number.to_owned()).into()),
    };
    let ids = store::requests::open_of_order(&state.db, order_number).await?;
    let mut records = Vec::with_capacity(ids.len());
    {
        let mut connection = state.db.acquire().await?;
        for id in &ids {
            if let Some(record) = load_by_id(&mut connection, id).await? {
                records.push(record);
            }
        }
    }
    if records.is_empty() {
        return Err(RequestError::NotOpen {
            id: order_number.to_owned(),
            status: Status::Cancelled,
        }
        .into());
    }
    let mut tx = crate::db::begin_write(&state.db).await?;
    let mut cancelled = 0;
    for record in &records {
        if cancel_in(&mut tx, manager, record, now).await? {
            cancelled += 1;
        }
    }
    audit::record(
        &mut tx,
        manager,
        Some(&kvk),
        Action::OrderCancelled,
        order_number,
        Some(&if cancelled == 1 {
            "1 aanvraag geannuleerd".to_owned()
        } else {
            format!("{cancelled} aanvragen geannuleerd")
        }),
        now,
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(OrderCancelled {
        order_number: order_number.to_owned(),
        cancelled,
    })
}
