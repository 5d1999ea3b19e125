//! "Lopende aanvragen": every request per order and per user with its current step, how long it
//! has been waiting and its deadline, with its timeline; re-sending the invitation, correcting an
//! unconfirmed e-mail address or unverified mobile number, cancelling a request or an order.

use axum::http::StatusCode;
use domain::Lang;
use serde_json::{Value, json};
use sqlx::{AnyConnection, Row};

use super::audit::{self, Action};
use super::users::OrganisationRef;
use super::{Bind, ListQuery, Page, PageOf, Paging, Sql, given, invalid, like_pattern};
use crate::AppState;
use crate::activation::events::{self, Actor, Event};
use crate::activation::{RequestRecord, Status, load_by_id};
use crate::auth::CurrentManager;
use crate::auth::session::{hash_token, random_token};
use crate::error::ApiError;
use crate::mail::notices;
use crate::mail::templates::{self, InvitationMail};
use crate::orders::{OPEN_STATUSES, today};
use crate::outbox::{self, NewMessage};

/// Why an action on a request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
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

impl RequestError {
    pub fn status(&self) -> StatusCode {
        match self {
            RequestError::NotFound(_) | RequestError::OrderNotFound(_) => StatusCode::NOT_FOUND,
            RequestError::NotOpen { .. } | RequestError::WrongStep { .. } => StatusCode::CONFLICT,
            RequestError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            RequestError::NotFound(_) => "request_not_found",
            RequestError::OrderNotFound(_) => "order_not_found",
            RequestError::NotOpen { .. } => "request_not_open",
            RequestError::WrongStep { .. } => "request_wrong_step",
            RequestError::Invalid { .. } => "request_invalid",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        match self {
            RequestError::NotFound(id) if nl => {
                format!("Aanvraag {id} bestaat niet bij uw organisaties.")
            }
            RequestError::NotFound(id) => {
                format!("Request {id} does not exist at your organisations.")
            }
            RequestError::OrderNotFound(id) if nl => {
                format!("Bestelling {id} bestaat niet bij uw organisaties.")
            }
            RequestError::OrderNotFound(id) => {
                format!("Order {id} does not exist at your organisations.")
            }
            RequestError::NotOpen { id, .. } if nl => {
                format!("Aanvraag {id} loopt niet meer: ze is afgerond, verlopen of geannuleerd.")
            }
            RequestError::NotOpen { id, .. } => {
                format!("Request {id} is no longer open: it was completed, expired or cancelled.")
            }
            RequestError::WrongStep { id, .. } if nl => format!(
                "Dit kan niet meer voor aanvraag {id}: de gebruiker heeft deze stap al gedaan."
            ),
            RequestError::WrongStep { id, .. } => format!(
                "This is no longer possible for request {id}: the user has already done this step."
            ),
            RequestError::Invalid { problems } if nl => format!(
                "De correctie kan zo niet worden opgeslagen: {} punt(en) moeten eerst worden aangepast.",
                problems.len()
            ),
            RequestError::Invalid { problems } => format!(
                "The correction cannot be saved as it is: {} point(s) must be changed first.",
                problems.len()
            ),
        }
    }

    pub fn details(&self) -> Option<Value> {
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
pub use api::manage::{RequestDetail, RequestRow, Requests, TimelineEvent};

pub const SORTS: [&str; 5] = ["created_at", "name", "deadline", "waiting", "status"];

const SELECT: &str = "SELECT r.id, r.order_number, r.first_names, r.infix, r.last_name, r.email, \
     r.mobile, r.kvk_number, o.organisation_name, r.branch_number, r.level, r.employed, r.status, \
     r.created_at, r.last_event_at, r.token_expires_at, r.identification_deadline, mg.display_name, \
     r.email_confirmed_at, r.mobile_verified_at \
     FROM requests r JOIN orders o ON o.order_number = r.order_number \
     JOIN managers mg ON mg.id = o.manager_id";

const DEADLINE_SQL: &str = "(CASE WHEN r.status = 'identification_required' THEN r.identification_deadline \
     WHEN r.status IN ('invited', 'email_confirmed', 'mobile_verified') THEN r.token_expires_at END)";

fn filter(sql: &mut Sql, organisations: &[String], query: &ListQuery) -> Result<(), ApiError> {
    sql.push(" WHERE r.kvk_number IN ").push_list(organisations);
    match given(&query.status).unwrap_or("open") {
        "open" => {
            sql.push(&format!(" AND r.status IN ({OPEN_STATUSES})"));
        }
        "finished" => {
            sql.push(&format!(" AND r.status NOT IN ({OPEN_STATUSES})"));
        }
        "all" => {}
        one => {
            let status = Status::parse(one).ok_or_else(|| {
                invalid(
                    "status",
                    "open, finished, all, or a request status such as invited",
                )
            })?;
            sql.push(" AND r.status = ")
                .push_bind(Bind::Text(status.as_str().to_owned()));
        }
    }
    if let Some(level) = super::level(query)? {
        sql.push(" AND r.level = ")
            .push_bind(Bind::Text(level.label().to_owned()));
    }
    if let Some(branch) = given(&query.branch) {
        sql.push(" AND r.branch_number = ")
            .push_bind(Bind::Text(branch.to_owned()));
    }
    if let Some(order) = given(&query.order_number) {
        sql.push(" AND r.order_number = ")
            .push_bind(Bind::Text(order.to_uppercase()));
    }
    if let Some(text) = given(&query.q) {
        sql.push(" AND r.search_text LIKE ")
            .push_bind(Bind::Text(like_pattern(text)))
            .push(" ESCAPE '\\'");
    }
    Ok(())
}

fn order_by(query: &ListQuery) -> Result<String, ApiError> {
    let (column, descending) = super::sort(query, &SORTS, "-created_at")?;
    let dir = if descending { "DESC" } else { "ASC" };
    Ok(match column {
        "name" => format!(" ORDER BY r.sort_name {dir}, r.id {dir}"),
        "deadline" => format!(
            " ORDER BY (CASE WHEN {DEADLINE_SQL} IS NULL THEN 1 ELSE 0 END), {DEADLINE_SQL} {dir}, r.id {dir}"
        ),
        // Waiting time, shortest first: the most recent last event first.
        "waiting" => {
            let since = if descending { "ASC" } else { "DESC" };
            format!(" ORDER BY r.last_event_at {since}, r.id {since}")
        }
        "status" => format!(" ORDER BY r.status {dir}, r.sort_name {dir}, r.id {dir}"),
        _ => format!(" ORDER BY r.created_at {dir}, r.order_number {dir}, r.position {dir}"),
    })
}

fn row(r: &sqlx::any::AnyRow) -> Result<RequestRow, sqlx::Error> {
    let status: Status = r.try_get(12)?;
    let token_end: i64 = r.try_get(15)?;
    let identification: Option<i64> = r.try_get(16)?;
    let deadline = match status {
        Status::IdentificationRequired => identification,
        s if s.before_order() => Some(token_end),
        _ => None,
    };
    Ok(RequestRow {
        request_id: r.try_get(0)?,
        order_number: r.try_get(1)?,
        name: super::name_from(r, 2)?,
        email: r.try_get(5)?,
        mobile: r.try_get(6)?,
        organisation: OrganisationRef {
            kvk_number: r.try_get(7)?,
            name: r.try_get(8)?,
        },
        branch_number: r.try_get(9)?,
        level: r.try_get(10)?,
        employed: r.try_get::<i64, _>(11)? == 1,
        status,
        created_at: r.try_get(13)?,
        last_event_at: r.try_get::<Option<i64>, _>(14)?.unwrap_or_default(),
        deadline,
        ordered_by: r.try_get(17)?,
        email_confirmed: r.try_get::<Option<i64>, _>(18)?.is_some(),
        mobile_verified: r.try_get::<Option<i64>, _>(19)?.is_some(),
    })
}

/// A page of requests.
pub async fn list(
    state: &AppState,
    manager: &CurrentManager,
    query: &ListQuery,
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
    let mut count = Sql::new("SELECT COUNT(*) FROM requests r");
    filter(&mut count, &organisations, query)?;
    let mut ids = Sql::new("SELECT r.id FROM requests r");
    filter(&mut ids, &organisations, query)?;
    let order = order_by(query)?;
    ids.push(&order);
    let (total, rows) =
        super::fetch_page(&state.db, &count, ids, SELECT, "r.id", &order, paging).await?;
    let requests = rows.iter().map(row).collect::<Result<_, _>>()?;
    Ok(Page::new(paging, total, Requests { requests }))
}

/// The request `id` as a row, if it is at one of the manager's organisations.
async fn find(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
) -> Result<RequestRow, ApiError> {
    let found = sqlx::query(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&state.db)
        .await?
        .map(|r| row(&r))
        .transpose()?;
    match found {
        Some(request) if manager.manages(&request.organisation.kvk_number) => Ok(request),
        _ => Err(RequestError::NotFound(id.to_owned()).into()),
    }
}

/// The events of request `id`, in order, with the names of the people behind them.
pub async fn timeline(state: &AppState, id: &str) -> Result<Vec<TimelineEvent>, ApiError> {
    let rows = sqlx::query(
        "SELECT e.at, e.kind, e.actor, e.detail, m.display_name FROM request_events e \
         LEFT JOIN managers m ON e.actor = 'manager:' || CAST(m.id AS TEXT) \
            OR e.actor = 'operator:' || CAST(m.id AS TEXT) \
         WHERE e.request_id = $1 ORDER BY e.at, e.id",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    rows.iter()
        .map(|r| {
            let actor: String = r.try_get(2)?;
            Ok(TimelineEvent {
                at: r.try_get(0)?,
                kind: r.try_get(1)?,
                actor: Actor::stored_kind(&actor).map_err(|e| sqlx::Error::ColumnDecode {
                    index: "actor".to_owned(),
                    source: Box::new(e),
                })?,
                actor_name: r.try_get(4)?,
                detail: r.try_get(3)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(ApiError::from)
}

/// A request with its timeline.
pub async fn show(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
) -> Result<RequestDetail, ApiError> {
    let request = find(state, manager, id).await?;
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
            if record.status.before_order() || record.status == Status::IdentificationRequired {
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
    let expires_at = now + i64::from(valid_days) * 86_400;
    sqlx::query("UPDATE requests SET token_hash = $1, token_expires_at = $2 WHERE id = $3")
        .bind(hash_token(&token))
        .bind(expires_at)
        .bind(&record.id)
        .execute(&mut *tx)
        .await?;
    let link = templates::activation_link(state.config.public_url.as_str(), &token);
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

/// Sends a new invitation link; the old one stops working. Only before the user ordered.
pub async fn resend(
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
    let mut tx = state.db.begin().await?;
    new_invitation(state, &mut tx, &record, &record.email, now).await?;
    events::record(
        &mut tx,
        id,
        now,
        Event::InvitationResent,
        &Actor::Manager(manager.id),
        None,
    )
    .await?;
    audit::record(
        &mut tx,
        manager,
        Some(&record.kvk_number),
        Action::InvitationResent,
        id,
        Some(&record.email),
        now,
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    find(state, manager, id).await
}

/// The body of a correction.
pub use api::manage::Correction;

/// Corrects the e-mail address (while not confirmed: a new link goes to the new address) or
/// the mobile number (while not verified).
pub async fn correct(
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
        problems.push((
            "email",
            "missing",
            if lang == Lang::Nl {
                "Vul een nieuw e-mailadres of mobiel nummer in.".to_owned()
            } else {
                "Enter a new e-mail address or mobile number.".to_owned()
            },
        ));
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
    let mut tx = state.db.begin().await?;
    if let Some(new) = &email {
        sqlx::query(
            "UPDATE requests SET email = $1, search_text = $2 WHERE id = $3 AND status = 'invited'",
        )
        .bind(new)
        .bind(domain::user::search_text(
            &record.first_names,
            &record.infix,
            &record.last_name,
            new,
        ))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        new_invitation(state, &mut tx, &record, new, now).await?;
        let change = format!("{} → {new}", record.email);
        let what = (Event::EmailCorrected, Action::EmailCorrected);
        record_correction(&mut tx, manager, &record, what, &change, now).await?;
    }
    if let Some(new) = &mobile {
        sqlx::query("UPDATE requests SET mobile = $1 WHERE id = $2")
            .bind(new)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // A code sent to the old number no longer counts.
        sqlx::query("UPDATE sms_codes SET used_at = $1 WHERE request_id = $2 AND used_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let change = format!("{} → {new}", record.mobile);
        let what = (Event::MobileCorrected, Action::MobileCorrected);
        record_correction(&mut tx, manager, &record, what, &change, now).await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    find(state, manager, id).await
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
    let cancelled = sqlx::query(&format!(
        "UPDATE requests SET status = 'cancelled', finished_at = $1, end_reason = 'cancelled' \
         WHERE id = $2 AND status IN ({OPEN_STATUSES})"
    ))
    .bind(now)
    .bind(&record.id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
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

/// Cancels request `id`.
pub async fn cancel(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
    now: i64,
) -> Result<RequestRow, ApiError> {
    let record = open_record(state, manager, id).await?;
    let mut tx = state.db.begin().await?;
    if !cancel_in(&mut tx, manager, &record, now).await? {
        return Err(RequestError::NotOpen {
            id: id.to_owned(),
            status: record.status,
        }
        .into());
    }
    audit::record(
        &mut tx,
        manager,
        Some(&record.kvk_number),
        Action::RequestCancelled,
        id,
        Some(&format!("{} ({})", record.full_name(), record.email)),
        now,
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    find(state, manager, id).await
}

/// What cancelling an order answers.
pub use api::manage::OrderCancelled;

/// Cancels every open request of order `order_number`.
pub async fn cancel_order(
    state: &AppState,
    manager: &CurrentManager,
    order_number: &str,
    now: i64,
) -> Result<OrderCancelled, ApiError> {
    let kvk: Option<String> =
        sqlx::query_scalar("SELECT kvk_number FROM orders WHERE order_number = $1")
            .bind(order_number)
            .fetch_optional(&state.db)
            .await?;
    let kvk = match kvk {
        Some(kvk) if manager.manages(&kvk) => kvk,
        _ => return Err(RequestError::OrderNotFound(order_number.to_owned()).into()),
    };
    let ids: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT id FROM requests WHERE order_number = $1 AND status IN ({OPEN_STATUSES}) ORDER BY position"
    ))
    .bind(order_number)
    .fetch_all(&state.db)
    .await?;
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
    let mut tx = state.db.begin().await?;
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
