//! The SQL of the audit log: adding an entry, and the entries a manager may read, filtered.

use api::AuditAction;
use sqlx::{AnyConnection, AnyPool};

use super::super::audit::{Actor, Entry, search_text};
use super::super::{ListQuery, Paging, given, invalid, like_pattern, present};
use crate::auth::CurrentManager;
use crate::error::ApiError;
use crate::sql::Sql;

/// Adds an entry, in the caller's transaction.
pub(crate) async fn insert(
    tx: &mut AnyConnection,
    actor: Actor<'_>,
    kvk_number: Option<&str>,
    action: AuditAction,
    subject: &str,
    detail: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor, actor_name, actor_email, kvk_number, action, subject, \
         detail, search_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(crate::outbox::new_id())
    .bind(now)
    .bind(actor.key())
    .bind(actor.name)
    .bind(actor.email)
    .bind(kvk_number)
    .bind(action.as_str())
    .bind(subject)
    .bind(detail)
    .bind(search_text(subject, detail))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// An entry as stored.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct EntryRow {
    id: i64,
    at: i64,
    actor_name: String,
    actor_email: String,
    action: AuditAction,
    kvk_number: Option<String>,
    subject: String,
    detail: Option<String>,
}

impl From<EntryRow> for Entry {
    fn from(row: EntryRow) -> Entry {
        Entry {
            id: row.id,
            at: row.at,
            actor_name: row.actor_name,
            actor_email: row.actor_email,
            action: row.action,
            kvk_number: row.kvk_number,
            subject: row.subject,
            detail: row.detail,
        }
    }
}

const SELECT: &str = "SELECT a.id, a.at, a.actor_name, a.actor_email, a.action, a.kvk_number, \
     a.subject, a.detail FROM audit_log a";

const ORDER: &str = " ORDER BY a.at DESC, a.id DESC";

/// The entries a manager may read, filtered by `query`: those of the organisations asked for
/// (all the manager's by default), and the manager's own across organisations.
fn filter(sql: &mut Sql, manager: &CurrentManager, query: &ListQuery) -> Result<(), ApiError> {
    let organisations = super::super::organisations(manager, query)?;
    sql.push(" WHERE (");
    if organisations.is_empty() {
        sql.push("1 = 0");
    } else {
        sql.push("a.kvk_number IN ").push_tuple(organisations);
    }
    if present(&query.organisation).is_none() {
        sql.push(" OR a.actor = ")
            .push_bind(format!("{}:{}", api::ActorKind::Manager, manager.id));
    }
    sql.push(")");
    if let Some(action) = present(&query.action) {
        let action = AuditAction::parse(action).ok_or_else(|| {
            let all: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
            invalid("action", &format!("one of {}", all.join(", ")))
        })?;
        sql.push(" AND a.action = ").push_bind(action.as_str());
    }
    if let Some(from) = present(&query.from) {
        let from =
            domain::Date::parse_iso(from).map_err(|_| invalid("from", "a date as YYYY-MM-DD"))?;
        sql.push(" AND a.at >= ")
            .push_bind(domain::dutch_time::start_of_day(from));
    }
    if let Some(to) = present(&query.to) {
        let to = domain::Date::parse_iso(to)
            .ok()
            // The day is included: entries before the start of the next Dutch day.
            .and_then(domain::dutch_time::end_of_day)
            .ok_or_else(|| invalid("to", "a date as YYYY-MM-DD"))?;
        sql.push(" AND a.at < ").push_bind(to);
    }
    if let Some(text) = given(&query.q) {
        sql.push(" AND a.search_text LIKE ")
            .push_bind(like_pattern(text))
            .push(" ESCAPE '\\'");
    }
    Ok(())
}

/// One page of the entries `manager` may read, newest first, with the total.
pub(crate) async fn page(
    db: &AnyPool,
    manager: &CurrentManager,
    query: &ListQuery,
    paging: Paging,
) -> Result<(i64, Vec<Entry>), ApiError> {
    let from_where = |sql: &mut Sql| {
        sql.push("FROM audit_log a");
        filter(sql, manager, query)
    };
    let (total, rows) =
        super::fetch_page::<EntryRow>(db, SELECT, "a.id", from_where, ORDER, paging).await?;
    Ok((total, rows.into_iter().map(Entry::from).collect()))
}

/// Every entry of `query` (all pages), newest first: the statement of an export.
pub(crate) fn all(manager: &CurrentManager, query: &ListQuery) -> Result<Sql, ApiError> {
    let mut sql = Sql::new(SELECT);
    filter(&mut sql, manager, query)?;
    sql.push(ORDER);
    Ok(sql)
}
