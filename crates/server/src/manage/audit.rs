//! The audit log: who did what and when for which organisation. Entries are only ever added
//! ([`record`], in the transaction of the change itself); nothing in the application changes
//! or deletes them. Managers read the entries of their organisations and their own.

use serde::Serialize;
use sqlx::AnyConnection;

use super::{ListQuery, Page, Paging};
use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;

/// What was done: the vocabulary's word.
pub use api::AuditAction as Action;

/// The Dutch label of an action, as the audit page's export shows it.
pub trait ActionLabel {
    /// As the audit page and its export show it, in Dutch.
    fn label(self) -> &'static str;
}

impl ActionLabel for Action {
    /// As the audit page and its export show it, in Dutch.
    fn label(self) -> &'static str {
        match self {
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
}

/// What the free-text filter searches in an entry: its subject and detail, folded like the
/// filter's text ([`super::like_pattern`]).
pub fn search_text(subject: &str, detail: Option<&str>) -> String {
    domain::user::search_key(&format!("{subject} {}", detail.unwrap_or_default()))
}

/// Adds an entry, in the caller's transaction. `kvk_number` is the organisation concerned
/// (`None` for something across the manager's organisations, such as an export of all).
pub async fn record(
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    kvk_number: Option<&str>,
    action: Action,
    subject: &str,
    detail: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    super::store::audit::insert(tx, manager, kvk_number, action, subject, detail, now).await
}

/// One entry as listed.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: i64,
    pub at: i64,
    pub actor_name: String,
    pub actor_email: String,
    pub action: String,
    pub kvk_number: Option<String>,
    pub subject: String,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Entries {
    pub entries: Vec<Entry>,
}

/// A page of entries, newest first.
pub async fn list(
    state: &AppState,
    manager: &CurrentManager,
    query: &ListQuery,
) -> Result<Page<Entries>, ApiError> {
    let paging = Paging::parse(query)?;
    let (total, entries) = super::store::audit::page(&state.db, manager, query, paging).await?;
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
