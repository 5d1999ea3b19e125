//! The audit log: who did what and when for which organisation. Entries are only ever added
//! ([`record`], in the transaction of the change itself); nothing in the application changes
//! or deletes them. Managers read the entries of their organisations and their own.

use sqlx::{AnyConnection, Row};

use super::{Bind, ListQuery, Page, PageOf, Paging, Sql, given, invalid, like_pattern};
use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;

/// What was done: the contract's vocabulary, stored in `audit_log.action`.
pub use api::AuditAction as Action;

/// An action as the audit page's export shows it, in Dutch.
pub fn label(action: Action) -> &'static str {
    match action {
        Action::OrderPlaced => "Bestelling geplaatst",
        Action::RequestCancelled => "Aanvraag geannuleerd",
        Action::OrderCancelled => "Bestelling geannuleerd",
        Action::InvitationResent => "Uitnodiging opnieuw verstuurd",
        Action::EmailCorrected => "E-mailadres gecorrigeerd",
        Action::MobileCorrected => "Mobiel nummer gecorrigeerd",
        Action::MeansRevoked => "Middel ingetrokken",
        Action::UsersExported => "Gebruikers geëxporteerd",
        Action::AuditExported => "Auditlog geëxporteerd",
    }
}

/// Adds an entry, in the caller's transaction. `kvk_number` is the organisation concerned
/// (`None` for something across the manager's organisations, such as an export of all).
/// What the free-text filter searches in an entry: its subject and detail, folded like the
/// filter's text ([`super::like_pattern`]).
pub fn search_text(subject: &str, detail: Option<&str>) -> String {
    domain::user::search_key(&format!("{subject} {}", detail.unwrap_or_default()))
}

pub async fn record(
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    kvk_number: Option<&str>,
    action: Action,
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
    .bind(format!("manager:{}", manager.id))
    .bind(&manager.name)
    .bind(&manager.email)
    .bind(kvk_number)
    .bind(action.as_str())
    .bind(subject)
    .bind(detail)
    .bind(search_text(subject, detail))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// One entry as listed, and a page of them.
pub use api::manage::{AuditEntry as Entry, Entries};

pub(crate) const SELECT: &str = "SELECT a.id, a.at, a.actor_name, a.actor_email, a.action, a.kvk_number, a.subject, a.detail \
     FROM audit_log a";

/// The entries a manager may read, filtered by `query`: those of the organisations asked for
/// (all the manager's by default), and the manager's own across organisations.
pub(crate) fn filter(
    sql: &mut Sql,
    manager: &CurrentManager,
    query: &ListQuery,
) -> Result<(), ApiError> {
    let organisations = super::organisations(manager, query)?;
    sql.push(" WHERE (");
    if organisations.is_empty() {
        sql.push("1 = 0");
    } else {
        sql.push("a.kvk_number IN ").push_list(&organisations);
    }
    if given(&query.organisation).is_none() {
        sql.push(" OR a.actor = ")
            .push_bind(Bind::Text(format!("manager:{}", manager.id)));
    }
    sql.push(")");
    if let Some(action) = given(&query.action) {
        let action = Action::parse(action).ok_or_else(|| {
            invalid(
                "action",
                &format!(
                    "one of {}",
                    Action::ALL
                        .iter()
                        .map(|a| a.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        sql.push(" AND a.action = ")
            .push_bind(Bind::Text(action.as_str().to_owned()));
    }
    let day = |value: &Option<String>, name: &str| {
        given(value)
            .map(|v| {
                domain::Date::parse_iso(v)
                    .map_err(|_| invalid(name, "a date as YYYY-MM-DD"))
                    .map(dutch_midnight)
            })
            .transpose()
    };
    if let Some(from) = day(&query.from, "from")? {
        sql.push(" AND a.at >= ").push_bind(Bind::Int(from));
    }
    if let Some(to) = given(&query.to) {
        let to = domain::Date::parse_iso(to)
            .ok()
            .and_then(|d| domain::Date::from_days_since_unix_epoch(d.days_since_unix_epoch() + 1))
            .ok_or_else(|| invalid("to", "a date as YYYY-MM-DD"))?;
        sql.push(" AND a.at < ")
            .push_bind(Bind::Int(dutch_midnight(to)));
    }
    if let Some(text) = given(&query.q) {
        sql.push(" AND a.search_text LIKE ")
            .push_bind(Bind::Text(like_pattern(text)))
            .push(" ESCAPE '\\'");
    }
    Ok(())
}

pub(crate) fn entry(r: &sqlx::any::AnyRow) -> Result<Entry, sqlx::Error> {
    Ok(Entry {
        id: r.try_get(0)?,
        at: r.try_get(1)?,
        actor_name: r.try_get(2)?,
        actor_email: r.try_get(3)?,
        action: r.try_get(4)?,
        kvk_number: r.try_get(5)?,
        subject: r.try_get(6)?,
        detail: r.try_get(7)?,
    })
}

/// A page of entries, newest first.
pub async fn list(
    state: &AppState,
    manager: &CurrentManager,
    query: &ListQuery,
) -> Result<Page<Entries>, ApiError> {
    let paging = Paging::parse(query)?;
    let mut count = Sql::new("SELECT COUNT(*) FROM audit_log a");
    filter(&mut count, manager, query)?;
    let order = " ORDER BY a.at DESC, a.id DESC";
    let mut ids = Sql::new("SELECT a.id FROM audit_log a");
    filter(&mut ids, manager, query)?;
    ids.push(order);
    let (total, rows) =
        super::fetch_page(&state.db, &count, ids, SELECT, "a.id", order, paging).await?;
    let entries = rows.iter().map(entry).collect::<Result<_, _>>()?;
    Ok(Page::new(paging, total, Entries { entries }))
}

/// The start of `date` in the Netherlands (Europe/Amsterdam), as unix seconds: the audit log's
/// days are the manager's days, not UTC's. Central European Time (UTC+1), and summer time
/// (UTC+2) from the last Sunday of March to the last Sunday of October (EU rule, switching at
/// 01:00 UTC, so that midnight of either switching day still has the earlier offset).
pub fn dutch_midnight(date: domain::Date) -> i64 {
    let last_sunday = |month: u8| {
        let end = domain::Date::new(date.year(), month, 31)
            .expect("March and October have 31 days")
            .days_since_unix_epoch();
        // 1970-01-01 was a Thursday: (days + 4) % 7 is 0 on Sundays.
        end - (end + 4).rem_euclid(7)
    };
    let day = date.days_since_unix_epoch();
    let summer = day > last_sunday(3) && day <= last_sunday(10);
    day * 86_400 - if summer { 7_200 } else { 3_600 }
}

#[cfg(test)]
mod tests {
    #[test]
    fn audit_days_are_dutch_days() {
        let at = |y, m, d| super::dutch_midnight(domain::Date::new(y, m, d).unwrap());
        // 2026-01-15 00:00 CET = 2026-01-14 23:00 UTC.
        assert_eq!(at(2026, 1, 15), 1_768_431_600);
        // Summer time: 2026-07-01 00:00 CEST = 2026-06-30 22:00 UTC.
        assert_eq!(at(2026, 7, 1), 1_782_856_800);
        // 2026-03-29 (last Sunday of March) starts in winter time, the next day in summer time.
        assert_eq!(at(2026, 3, 30) - at(2026, 3, 29), 23 * 3600);
        // 2026-10-25 (last Sunday of October) starts in summer time and lasts 25 hours.
        assert_eq!(at(2026, 10, 26) - at(2026, 10, 25), 25 * 3600);
    }
}
