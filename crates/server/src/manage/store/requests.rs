//! The SQL of "Lopende aanvragen": the list (filter, order, page), one request, its timeline,
//! and the writes of the actions on a request (new token, corrections, cancellation).

use api::EventKind;
use sqlx::{AnyConnection, AnyPool};

use super::super::requests::{RequestRow, SORTS, TimelineEvent};
use super::super::{ListQuery, Paging, given, invalid, present};
use super::{PERSON_COLUMNS, PersonColumns};
use crate::activation::Status;
use crate::activation::events::Actor;
use crate::activation::store::{EndReason, Milestone, set_end_reason, transition_from_any};
use crate::error::ApiError;
use crate::sql::{Sql, statuses};

/// A request of the list, with its order's manager.
#[derive(Debug, sqlx::FromRow)]
struct ListedRequest {
    #[sqlx(flatten)]
    person: PersonColumns,
    /// 0/1: the `Any` driver maps no boolean on SQLite.
    employed: i64,
    created_at: i64,
    last_event_at: Option<i64>,
    token_expires_at: i64,
    identification_deadline: Option<i64>,
    ordered_by: String,
    email_confirmed_at: Option<i64>,
    mobile_verified_at: Option<i64>,
}

impl From<ListedRequest> for RequestRow {
    fn from(row: ListedRequest) -> RequestRow {
        let deadline = match row.person.status {
            Status::IdentificationRequired => row.identification_deadline,
            s if s.before_order() => Some(row.token_expires_at),
            _ => None,
        };
        let person = row.person;
        RequestRow {
            name: person.name(),
            organisation: person.organisation(),
            request_id: person.request_id,
            order_number: person.order_number,
            email: person.email,
            mobile: person.mobile,
            branch_number: person.branch_number,
            level: person.level,
            employed: row.employed == 1,
            status: person.status,
            created_at: row.created_at,
            last_event_at: row.last_event_at.unwrap_or_default(),
            deadline,
            ordered_by: row.ordered_by,
            email_confirmed: row.email_confirmed_at.is_some(),
            mobile_verified: row.mobile_verified_at.is_some(),
            // Filled in by `manage::succession`.
            predecessor: None,
        }
    }
}

/// Every column of a [`ListedRequest`]; no `WHERE` yet.
fn select() -> String {
    format!(
        "SELECT {PERSON_COLUMNS}, r.employed, r.created_at, r.last_event_at, r.token_expires_at, \
         r.identification_deadline, mg.display_name AS ordered_by, r.email_confirmed_at, \
         r.mobile_verified_at \
         FROM requests r JOIN orders o ON o.order_number = r.order_number \
         JOIN managers mg ON mg.id = o.manager_id"
    )
}

/// A request's deadline in SQL: the link's end before the user ordered, the identification
/// deadline while waiting for it.
fn deadline_sql() -> String {
    format!(
        "(CASE WHEN r.status = '{}' THEN r.identification_deadline \
         WHEN r.status IN {} THEN r.token_expires_at END)",
        Status::IdentificationRequired.as_str(),
        statuses(Status::BEFORE_ORDER)
    )
}

/// The status groups of the list's `status` filter, besides one status.
const STATUS_GROUPS: [(&str, &[Status]); 4] = [
    ("open", Status::OPEN),
    ("finished", Status::FINISHED),
    ("waiting_for_user", Status::BEFORE_ORDER),
    ("failed", &[Status::Rejected, Status::Expired]),
];

/// A number of days from 0 to 3650 in filter `name`, in seconds.
fn days(name: &'static str, given: &Option<String>) -> Result<Option<i64>, ApiError> {
    present(given)
        .map(|days| {
            days.parse::<i64>()
                .ok()
                .filter(|d| (0..=3650).contains(d))
                .map(|d| d * 86_400)
                .ok_or_else(|| invalid(name, "a number of days from 0 to 3650"))
        })
        .transpose()
}

fn filter(
    sql: &mut Sql,
    organisations: &[String],
    query: &ListQuery,
    now: i64,
) -> Result<(), ApiError> {
    sql.push(" WHERE r.kvk_number IN ")
        .push_tuple(organisations.to_vec());
    match present(&query.status).unwrap_or("open") {
        "all" => {}
        word => match STATUS_GROUPS.iter().find(|(group, _)| *group == word) {
            Some((_, group)) => {
                sql.push(" AND r.status IN ").push(&statuses(group));
            }
            None => {
                let status = Status::parse(word).ok_or_else(|| {
                    invalid(
                        "status",
                        "open, finished, waiting_for_user, failed, all, or a request status \
                         such as invited",
                    )
                })?;
                sql.push(" AND r.status = ").push_bind(status.as_str());
            }
        },
    }
    super::push_people_filters(sql, query)?;
    if let Some(order) = given(&query.order_number) {
        sql.push(" AND r.order_number = ")
            .push_bind(order.to_uppercase());
    }
    if let Some(seconds) = days("waiting_over", &query.waiting_over)? {
        sql.push(" AND r.last_event_at < ").push_bind(now - seconds);
    }
    if let Some(seconds) = days("deadline_within", &query.deadline_within)? {
        let deadline = deadline_sql();
        sql.push(&format!(" AND {deadline} >= "))
            .push_bind(now)
            .push(&format!(" AND {deadline} <= "))
            .push_bind(now + seconds);
    }
    if let Some(seconds) = days("ended_within", &query.ended_within)? {
        sql.push(" AND r.finished_at >= ").push_bind(now - seconds);
    }
    Ok(())
}

/// Every request of `query` at `organisations` (not empty), all pages, in the list's order:
/// the ids of a bulk action's selection, at most `limit`.
pub(crate) async fn ids(
    db: &AnyPool,
    organisations: &[String],
    query: &ListQuery,
    now: i64,
    limit: usize,
) -> Result<Vec<String>, ApiError> {
    let mut sql = Sql::new("SELECT r.id FROM requests r".to_owned());
    filter(&mut sql, organisations, query, now)?;
    sql.push(&order_by(query)?);
    sql.push(&format!(" LIMIT {limit}"));
    let rows: Vec<(String,)> = sql.build_as().fetch_all(db).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

fn order_by(query: &ListQuery) -> Result<String, ApiError> {
    let (column, descending) = super::super::sort(query, &SORTS, "-created_at")?;
    let dir = if descending { "DESC" } else { "ASC" };
    Ok(match column {
        "name" => format!(" ORDER BY r.sort_name {dir}, r.id {dir}"),
        "deadline" => {
            let deadline = deadline_sql();
            format!(
                " ORDER BY (CASE WHEN {deadline} IS NULL THEN 1 ELSE 0 END), {deadline} {dir}, r.id {dir}"
            )
        }
        // Waiting time, shortest first: the most recent last event first.
        "waiting" => {
            let since = if descending { "ASC" } else { "DESC" };
            format!(" ORDER BY r.last_event_at {since}, r.id {since}")
        }
        "status" => format!(" ORDER BY r.status {dir}, r.sort_name {dir}, r.id {dir}"),
        _ => format!(" ORDER BY r.created_at {dir}, r.order_number {dir}, r.position {dir}"),
    })
}

/// One page of the requests of `query` at `organisations` (not empty), with the total.
pub(crate) async fn page(
    db: &AnyPool,
    organisations: &[String],
    query: &ListQuery,
    paging: Paging,
    now: i64,
) -> Result<(i64, Vec<RequestRow>), ApiError> {
    let order = order_by(query)?;
    let from_where = |sql: &mut Sql| {
        sql.push("FROM requests r");
        filter(sql, organisations, query, now)
    };
    let (total, rows) =
        super::fetch_page::<ListedRequest>(db, &select(), "r.id", from_where, &order, paging)
            .await?;
    Ok((total, rows.into_iter().map(RequestRow::from).collect()))
}

/// Request `id` as the list shows it.
pub(crate) async fn one(db: &AnyPool, id: &str) -> Result<Option<RequestRow>, sqlx::Error> {
    let mut sql = Sql::new(select());
    sql.push(" WHERE r.id = ").push_bind(id.to_owned());
    Ok(sql
        .build_as::<ListedRequest>()
        .fetch_optional(db)
        .await?
        .map(RequestRow::from))
}

#[derive(sqlx::FromRow)]
struct EventRow {
    at: i64,
    kind: EventKind,
    actor: String,
    detail: Option<String>,
    actor_name: Option<String>,
}

/// The events of request `id`, in order, with the names of the people behind them.
pub(crate) async fn timeline(db: &AnyPool, id: &str) -> Result<Vec<TimelineEvent>, sqlx::Error> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT e.at, e.kind, e.actor, e.detail, m.display_name AS actor_name \
         FROM request_events e \
         LEFT JOIN managers m ON e.actor = $2 || CAST(m.id AS TEXT) \
            OR e.actor = $3 || CAST(m.id AS TEXT) \
         WHERE e.request_id = $1 ORDER BY e.at, e.id",
    )
    .bind(id)
    .bind(format!("{}:", api::ActorKind::Manager))
    .bind(format!("{}:", api::ActorKind::Operator))
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(TimelineEvent {
                at: r.at,
                kind: r.kind,
                actor: Actor::stored_kind(&r.actor).map_err(|e| sqlx::Error::ColumnDecode {
                    index: "actor".to_owned(),
                    source: Box::new(e),
                })?,
                actor_name: r.actor_name,
                detail: r.detail,
            })
        })
        .collect()
}

/// The organisation of order `order_number`, if it exists.
pub(crate) async fn order_organisation(
    db: &AnyPool,
    order_number: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT kvk_number FROM orders WHERE order_number = $1")
        .bind(order_number)
        .fetch_optional(db)
        .await
}

/// The ids of the open requests of order `order_number`, in the order's order.
pub(crate) async fn open_of_order(
    db: &AnyPool,
    order_number: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT id FROM requests WHERE order_number = $1 AND status IN {} ORDER BY position",
        statuses(Status::OPEN)
    ))
    .bind(order_number)
    .fetch_all(db)
    .await
}

/// Gives request `id` a new invitation token (its hash) valid until `expires_at`.
pub(crate) async fn set_token(
    tx: &mut AnyConnection,
    id: &str,
    token_hash: &str,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE requests SET token_hash = $1, token_expires_at = $2 WHERE id = $3")
        .bind(token_hash)
        .bind(expires_at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Corrects the e-mail address (and the search text) while the request is still `invited`.
pub(crate) async fn set_email(
    tx: &mut AnyConnection,
    id: &str,
    email: &str,
    search_text: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE requests SET email = $1, search_text = $2 WHERE id = $3 AND status = $4")
        .bind(email)
        .bind(search_text)
        .bind(id)
        .bind(Status::Invited.as_str())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Corrects the person's names, birth and employment while the user has not confirmed them
/// (`invited`); `false` when the request moved on.
pub(crate) async fn set_person(
    tx: &mut AnyConnection,
    id: &str,
    person: &domain::NewUser,
) -> Result<bool, sqlx::Error> {
    let email = person.email.as_str();
    let (first, infix, last) = (&person.first_names, &person.infix, &person.last_name);
    let done = sqlx::query(
        "UPDATE requests SET first_names = $1, infix = $2, last_name = $3, birth_date = $4, \
         birth_place = $5, employed = $6, sort_name = $7, search_text = $8 \
         WHERE id = $9 AND status = $10",
    )
    .bind(first)
    .bind(infix)
    .bind(last)
    .bind(person.birth_date.iso_string())
    .bind(&person.birth_place)
    .bind(i64::from(person.employed))
    .bind(domain::user::sort_name(first, infix, last))
    .bind(domain::user::search_text(first, infix, last, email))
    .bind(id)
    .bind(Status::Invited.as_str())
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Corrects the mobile number; a code sent to the old number no longer counts.
pub(crate) async fn set_mobile(
    tx: &mut AnyConnection,
    id: &str,
    mobile: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE requests SET mobile = $1 WHERE id = $2")
        .bind(mobile)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    crate::activation::store::void_codes(tx, id, now).await
}

/// Cancels request `id` if it is still open (through the one transition); whether it was.
pub(crate) async fn cancel(
    tx: &mut AnyConnection,
    id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let cancelled = transition_from_any(
        tx,
        id,
        Status::OPEN,
        Status::Cancelled,
        Milestone::Finished,
        now,
    )
    .await?;
    if cancelled {
        set_end_reason(tx, id, EndReason::Cancelled).await?;
    }
    Ok(cancelled)
}
