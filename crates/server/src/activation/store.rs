//! The SQL of the activation: a request with its order and manager ([`load_by_id`],
//! [`load_by_token`]), the one status transition ([`transition`]), the SMS codes, the
//! identifications, the means and the timeline's events. Rows are read by column name into
//! the private `*Row` structs and handed out as the feature's own types.

use api::SuccessionKind;
use domain::catalogue::Authorisations;
use sqlx::{AnyConnection, AnyPool};

use super::events::Actor;
use super::{ManagerContact, RequestRecord, Status};
use crate::error::ApiError;
use crate::sql::statuses;

/// A request joined with its order and its manager, as stored.
#[derive(sqlx::FromRow)]
struct RecordRow {
    id: String,
    order_number: String,
    first_names: String,
    infix: String,
    last_name: String,
    birth_date: String,
    birth_place: String,
    email: String,
    mobile: String,
    /// 0/1: the `Any` driver maps no boolean on SQLite.
    employed: i64,
    status: String,
    token_expires_at: i64,
    identification_deadline: Option<i64>,
    finished_at: Option<i64>,
    created_at: i64,
    user_ordered_at: Option<i64>,
    kvk_number: String,
    organisation_name: String,
    branch_number: Option<String>,
    level: String,
    term_years: i64,
    authorisations: String,
    manager_id: i64,
    manager_name: String,
    manager_email: String,
    end_reason: Option<String>,
    predecessor_means_id: Option<String>,
    succession: Option<String>,
}

const RECORD_SELECT: &str = "SELECT r.id, r.order_number, r.first_names, r.infix, r.last_name, \
     r.birth_date, r.birth_place, r.email, r.mobile, r.employed, r.status, r.token_expires_at, \
     r.identification_deadline, r.finished_at, r.created_at, r.user_ordered_at, o.kvk_number, \
     o.organisation_name, o.branch_number, o.level, o.term_years, o.authorisations, \
     m.id AS manager_id, m.display_name AS manager_name, m.email AS manager_email, \
     r.end_reason, r.predecessor_means_id, r.succession \
     FROM requests r JOIN orders o ON o.order_number = r.order_number \
     JOIN managers m ON m.id = o.manager_id";

/// A stored request status as the vocabulary's word.
pub(crate) fn parse_status(stored: &str) -> Result<Status, ApiError> {
    Status::parse(stored)
        .ok_or_else(|| ApiError::internal(format!("stored request status {stored:?}")))
}

impl TryFrom<RecordRow> for RequestRecord {
    type Error = ApiError;

    fn try_from(row: RecordRow) -> Result<RequestRecord, ApiError> {
        let authorisations: Authorisations =
            serde_json::from_str(&row.authorisations).map_err(ApiError::internal)?;
        Ok(RequestRecord {
            status: parse_status(&row.status)?,
            level: crate::auth::parse_level(&row.level)?,
            end_reason: row
                .end_reason
                .as_deref()
                .map(|stored| {
                    EndReason::parse(stored)
                        .ok_or_else(|| ApiError::internal(format!("stored end reason {stored:?}")))
                })
                .transpose()?,
            authorisations,
            predecessor: match (row.predecessor_means_id, row.succession.as_deref()) {
                (Some(means_id), Some(kind)) => Some((
                    means_id,
                    SuccessionKind::parse(kind)
                        .ok_or_else(|| ApiError::internal(format!("stored succession {kind:?}")))?,
                )),
                _ => None,
            },
            id: row.id,
            order_number: row.order_number,
            first_names: row.first_names,
            infix: row.infix,
            last_name: row.last_name,
            birth_date: row.birth_date,
            birth_place: row.birth_place,
            email: row.email,
            mobile: row.mobile,
            employed: row.employed == 1,
            token_expires_at: row.token_expires_at,
            identification_deadline: row.identification_deadline,
            finished_at: row.finished_at,
            created_at: row.created_at,
            user_ordered_at: row.user_ordered_at,
            kvk_number: row.kvk_number,
            organisation_name: row.organisation_name,
            branch_number: row.branch_number,
            term_years: row.term_years,
            manager_id: row.manager_id,
            manager: ManagerContact {
                name: row.manager_name,
                email: row.manager_email,
            },
        })
    }
}

async fn load_where(
    connection: &mut AnyConnection,
    condition: &str,
    value: &str,
) -> Result<Option<RequestRecord>, ApiError> {
    sqlx::query_as::<_, RecordRow>(&format!("{RECORD_SELECT} WHERE {condition} = $1"))
        .bind(value.to_owned())
        .fetch_optional(&mut *connection)
        .await?
        .map(RequestRecord::try_from)
        .transpose()
}

/// The request with this id.
pub async fn load_by_id(
    connection: &mut AnyConnection,
    id: &str,
) -> Result<Option<RequestRecord>, ApiError> {
    load_where(connection, "r.id", id).await
}

/// The requests with these ids (at most a few hundred: one `IN`), in no particular order.
pub(crate) async fn load_many(
    connection: &mut AnyConnection,
    ids: &[String],
) -> Result<Vec<RequestRecord>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = crate::sql::Sql::new(format!("{RECORD_SELECT} WHERE r.id IN "));
    sql.push_tuple(ids.to_vec());
    sql.build_as::<RecordRow>()
        .fetch_all(&mut *connection)
        .await?
        .into_iter()
        .map(RequestRecord::try_from)
        .collect()
}

/// The request whose invitation token has this hash.
pub(crate) async fn load_by_token_hash(
    connection: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<RequestRecord>, ApiError> {
    load_where(connection, "r.token_hash", token_hash).await
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
/// `now`; false when another request moved it first. Every status change of a request goes
/// through here (or [`transition_from_any`]).
pub async fn transition(
    tx: &mut AnyConnection,
    request_id: &str,
    from: Status,
    to: Status,
    milestone: Milestone,
    now: i64,
) -> Result<bool, sqlx::Error> {
    transition_from_any(tx, request_id, &[from], to, milestone, now).await
}

/// As [`transition`], from whichever status of `from` the request is at (for a cancellation:
/// any open one).
pub(crate) async fn transition_from_any(
    tx: &mut AnyConnection,
    request_id: &str,
    from: &[Status],
    to: Status,
    milestone: Milestone,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let column = milestone.column();
    let updated = sqlx::query(&format!(
        "UPDATE requests SET status = $1, {column} = $3 WHERE id = $2 AND status IN {}",
        statuses(from)
    ))
    .bind(to.as_str())
    .bind(request_id.to_owned())
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Why a request ended without a means, as stored in `requests.end_reason`: the contract's
/// vocabulary.
pub(crate) use api::EndReason;

/// Records why the request ended (in the transaction of its transition).
pub(crate) async fn set_end_reason(
    tx: &mut AnyConnection,
    request_id: &str,
    reason: EndReason,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE requests SET end_reason = $1 WHERE id = $2")
        .bind(reason.as_str())
        .bind(request_id.to_owned())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Sets the identification deadline and keeps the link working until then.
pub(crate) async fn set_identification_deadline(
    tx: &mut AnyConnection,
    request_id: &str,
    deadline: i64,
    token_expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE requests SET identification_deadline = $1, token_expires_at = $2 WHERE id = $3",
    )
    .bind(deadline)
    .bind(token_expires_at)
    .bind(request_id.to_owned())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The ids of the requests past their end at `now`: the link's before the user ordered, the
/// identification deadline while waiting for it.
pub(crate) async fn due_for_expiry(db: &AnyPool, now: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT id FROM requests WHERE \
         (status IN {} AND token_expires_at <= $1) \
         OR (status = $2 AND identification_deadline <= $1) \
         ORDER BY id",
        statuses(Status::BEFORE_ORDER)
    ))
    .bind(now)
    .bind(Status::IdentificationRequired.as_str())
    .fetch_all(db)
    .await
}

/// Adds an event to a request's timeline and stamps the request's last event; when the request
/// is an API client's with a webhook, the client's call is enqueued with it
/// ([`crate::clients::webhooks::on_event`]).
pub(crate) async fn insert_event(
    tx: &mut AnyConnection,
    request_id: &str,
    at: i64,
    kind: api::EventKind,
    actor: &Actor,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    let event_id = crate::outbox::new_id();
    sqlx::query(
        "INSERT INTO request_events (request_id, at, kind, actor, detail, id) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(request_id.to_owned())
    .bind(at)
    .bind(kind.as_str())
    .bind(actor.to_string())
    .bind(detail.map(str::to_owned))
    .bind(event_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE requests SET last_event_at = $1 WHERE id = $2")
        .bind(at)
        .bind(request_id.to_owned())
        .execute(&mut *tx)
        .await?;
    crate::clients::webhooks::on_event(tx, request_id, event_id, kind, at).await
}

/// The newest SMS code of a request, as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct LatestCode {
    pub id: String,
    pub code_hash: String,
    pub sent_at: i64,
    pub expires_at: i64,
    pub wrong_attempts: i64,
    pub used_at: Option<i64>,
}

/// The newest SMS code of request `request_id`, if one was sent.
pub(crate) async fn latest_code(
    db: &AnyPool,
    request_id: &str,
) -> Result<Option<LatestCode>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, code_hash, sent_at, expires_at, wrong_attempts, used_at FROM sms_codes \
         WHERE request_id = $1 ORDER BY sent_at DESC, id DESC LIMIT 1",
    )
    .bind(request_id.to_owned())
    .fetch_optional(db)
    .await
}

/// The send times of the codes sent after `since`, oldest first.
pub(crate) async fn codes_sent_since(
    db: &AnyPool,
    request_id: &str,
    since: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT sent_at FROM sms_codes WHERE request_id = $1 AND sent_at > $2 ORDER BY sent_at",
    )
    .bind(request_id.to_owned())
    .bind(since)
    .fetch_all(db)
    .await
}

/// Stores a new code (its hash) of request `request_id`.
pub(crate) async fn insert_code(
    tx: &mut AnyConnection,
    id: &str,
    request_id: &str,
    code_hash: &str,
    sent_at: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sms_codes (id, request_id, code_hash, sent_at, expires_at, wrong_attempts) \
         VALUES ($1, $2, $3, $4, $5, 0)",
    )
    .bind(id.to_owned())
    .bind(request_id.to_owned())
    .bind(code_hash.to_owned())
    .bind(sent_at)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Counts a wrong try of code `id` unless it already has `max` or was used; the count after.
/// The condition keeps concurrent wrong tries from counting beyond the limit. `None` when
/// nothing was counted.
pub(crate) async fn count_wrong_try(
    db: &AnyPool,
    id: &str,
    max: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let counted = sqlx::query(
        "UPDATE sms_codes SET wrong_attempts = wrong_attempts + 1 \
         WHERE id = $1 AND wrong_attempts < $2 AND used_at IS NULL",
    )
    .bind(id.to_owned())
    .bind(max)
    .execute(db)
    .await?
    .rows_affected();
    let wrong: i64 = sqlx::query_scalar("SELECT wrong_attempts FROM sms_codes WHERE id = $1")
        .bind(id.to_owned())
        .fetch_one(db)
        .await?;
    Ok((counted == 1).then_some(wrong))
}

/// Marks code `id` used if it is unused and below `max` wrong tries; whether it was.
pub(crate) async fn use_code(
    tx: &mut AnyConnection,
    id: &str,
    max: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let used = sqlx::query(
        "UPDATE sms_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND wrong_attempts < $3",
    )
    .bind(now)
    .bind(id.to_owned())
    .bind(max)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(used == 1)
}

/// Voids every unused code of the request (its mobile number changed).
pub(crate) async fn void_codes(
    tx: &mut AnyConnection,
    request_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sms_codes SET used_at = $1 WHERE request_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(request_id.to_owned())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// A request waiting for its identification, as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct WaitingRow {
    pub id: String,
    pub order_number: String,
    pub first_names: String,
    pub infix: String,
    pub last_name: String,
    pub birth_date: String,
    pub birth_place: String,
    pub email: String,
    pub kvk_number: String,
    pub organisation_name: String,
    pub branch_number: Option<String>,
    pub level: String,
    pub user_ordered_at: Option<i64>,
    pub identification_deadline: Option<i64>,
}

/// The requests waiting for identification at `now` (the nearest deadline first), or the one
/// with id `only`.
pub(crate) async fn waiting(
    db: &AnyPool,
    now: i64,
    only: Option<&str>,
) -> Result<Vec<WaitingRow>, sqlx::Error> {
    let mut sql = crate::sql::Sql::new(
        "SELECT r.id, r.order_number, r.first_names, r.infix, r.last_name, \
         r.birth_date, r.birth_place, r.email, o.kvk_number, o.organisation_name, o.branch_number, \
         o.level, r.user_ordered_at, r.identification_deadline \
         FROM requests r JOIN orders o ON o.order_number = r.order_number WHERE r.status = ",
    );
    sql.push_bind(Status::IdentificationRequired.as_str())
        .push(" AND r.identification_deadline > ")
        .push_bind(now);
    if let Some(id) = only {
        sql.push(" AND r.id = ").push_bind(id.to_owned());
    }
    sql.push(" ORDER BY r.identification_deadline, r.id");
    sql.build_as().fetch_all(db).await
}

/// The operator's record of an identification, as stored.
pub(crate) struct NewIdentification<'a> {
    pub request_id: &'a str,
    pub outcome: &'static str,
    pub method: &'static str,
    pub document_type: &'static str,
    pub document_last4: &'a str,
    pub name_matches: bool,
    pub birth_date_matches: bool,
    pub reason: Option<&'a str>,
    pub checked_by: i64,
    pub checked_at: i64,
}

/// Stores an identification.
pub(crate) async fn insert_identification(
    tx: &mut AnyConnection,
    new: NewIdentification<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO identifications (request_id, outcome, method, document_type, document_last4, \
         name_matches, birth_date_matches, reason, checked_by, checked_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(new.request_id.to_owned())
    .bind(new.outcome)
    .bind(new.method)
    .bind(new.document_type)
    .bind(new.document_last4.to_owned())
    // 0/1: the Any driver has no boolean that both SQLite and PostgreSQL map.
    .bind(i64::from(new.name_matches))
    .bind(i64::from(new.birth_date_matches))
    .bind(new.reason.map(str::to_owned))
    .bind(new.checked_by)
    .bind(new.checked_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Stores the means of `record` with its machtigingen (`(kind, subject, label)`), valid from
/// `from` to `until` (ISO), and stamps the request's end.
pub(crate) async fn insert_means(
    tx: &mut AnyConnection,
    id: &str,
    record: &RequestRecord,
    (from, until): (&str, &str),
    items: &[super::AuthorisationItem],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO means (id, request_id, kvk_number, organisation_name, branch_number, level, \
         email, valid_from, valid_until, status, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.to_owned())
    .bind(record.id.clone())
    .bind(record.kvk_number.clone())
    .bind(record.organisation_name.clone())
    .bind(record.branch_number.clone())
    .bind(record.level.label())
    .bind(record.email.clone())
    .bind(from.to_owned())
    .bind(until.to_owned())
    .bind(api::MeansStatus::Active.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    for (position, item) in items.iter().enumerate() {
        sqlx::query(
            "INSERT INTO means_authorisations (means_id, position, kind, subject, label, \
             valid_from, valid_until) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.to_owned())
        .bind(position as i64 + 1)
        .bind(item.kind)
        .bind(item.subject.clone())
        .bind(item.label.clone())
        .bind(from.to_owned())
        .bind(until.to_owned())
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE requests SET finished_at = $1 WHERE id = $2")
        .bind(now)
        .bind(record.id.clone())
        .execute(&mut *tx)
        .await?;
    Ok(())
}
