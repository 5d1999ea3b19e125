//! The audit entry of an API client's read: every call of a client is in the audit log under
//! its name, reads included (issue 12). A read that succeeded adds one entry
//! (`api_client_read`), not one per resource returned: what was asked for (method and path, the
//! filter if any) and how many resources the answer holds. A manager's own reads through the
//! portal are not recorded; a refused read (401, 403, 404) neither.

use api::manage::Items;

use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;
use crate::manage::audit::{self, Action};
use crate::manage::{ListQuery, Page};

/// One read of an API client, as its audit entry tells it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Read<'a> {
    /// `GET`, or `POST` for a search (`/scim/v2/Users/.search`) or a file's validation.
    pub method: &'a str,
    /// The path, without the query string: `/scim/v2/Users/3f2c…`, `/api/v1/users`.
    pub path: &'a str,
    /// The filter as asked for (a SCIM `filter`, or a Beheer list's), if any.
    pub filter: Option<&'a str>,
    /// The page of a Beheer list.
    pub page: Option<i64>,
    /// How many resources the answer holds (users, requests, orders, rows).
    pub count: usize,
}

impl<'a> Read<'a> {
    /// A `GET` of one resource at `path`.
    pub(crate) fn one(path: &'a str) -> Read<'a> {
        Read {
            method: "GET",
            path,
            filter: None,
            page: None,
            count: 1,
        }
    }

    /// The entry's detail: `GET /scim/v2/Users; filter userName eq "sanne@…"; 1 resultaat`.
    pub(crate) fn detail(&self) -> String {
        let mut detail = format!("{} {}", self.method, self.path);
        if let Some(filter) = self.filter.map(str::trim).filter(|f| !f.is_empty()) {
            detail.push_str("; filter ");
            detail.push_str(filter);
        }
        if let Some(page) = self.page {
            detail.push_str(&format!("; pagina {page}"));
        }
        let noun = if self.count == 1 {
            "resultaat"
        } else {
            "resultaten"
        };
        detail.push_str(&format!("; {} {noun}", self.count));
        detail
    }
}

/// Records `read` when `manager` acts through an API client (one small insert of its own);
/// does nothing for a manager's session.
pub(crate) async fn record(
    state: &AppState,
    manager: &CurrentManager,
    read: Read<'_>,
    now: i64,
) -> Result<(), ApiError> {
    if manager.client.is_none() {
        return Ok(());
    }
    // A client acts for exactly one organisation: its entries are that organisation's.
    let organisation = manager.organisations.first().map(String::as_str);
    let mut tx = crate::db::begin_write(&state.db).await?;
    audit::record(
        &mut tx,
        manager,
        organisation,
        Action::ApiClientRead,
        read.path,
        Some(&read.detail()),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a page of a Beheer list (`GET path`) read by a client: its filter, its page and
/// how many rows it holds.
pub(crate) async fn record_page<T: Items>(
    state: &AppState,
    manager: &CurrentManager,
    path: &str,
    query: &ListQuery,
    page: &Page<T>,
    now: i64,
) -> Result<(), ApiError> {
    let filter = crate::manage::export::filter_given(query);
    let read = Read {
        method: "GET",
        path,
        filter: filter.as_deref(),
        page: Some(page.page),
        count: page.items.items().len(),
    };
    record(state, manager, read, now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_detail_says_what_was_read_and_how_much() {
        let list = Read {
            method: "GET",
            path: "/scim/v2/Users",
            filter: Some("userName eq \"sanne@gemeente.nl\""),
            page: None,
            count: 1,
        };
        assert_eq!(
            list.detail(),
            "GET /scim/v2/Users; filter userName eq \"sanne@gemeente.nl\"; 1 resultaat"
        );
        let one = Read {
            method: "GET",
            path: "/api/v1/users",
            filter: Some(" "),
            page: Some(2),
            count: 0,
        };
        assert_eq!(one.detail(), "GET /api/v1/users; pagina 2; 0 resultaten");
    }
}
