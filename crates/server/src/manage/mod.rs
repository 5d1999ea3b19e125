//! Beheer: the manager's lists of users ([`users`]) and requests ([`requests`]), their exports
//! ([`export`]), the actions on them (revoke, re-send, correct, cancel) and the audit log
//! ([`audit`]). Filtering, sorting and paging happen here, in SQL, so that a list of 100,000
//! people answers in milliseconds; the manager only ever reaches the organisations they manage.

pub(crate) mod actions;
pub(crate) mod audit;
pub(crate) mod co_manager;
pub(crate) mod ended;
pub(crate) mod export;
pub(crate) mod machtigingen;
pub(crate) mod overview;
pub(crate) mod requests;
pub(crate) mod selection;
pub(crate) mod succession;
pub(crate) mod users;

pub(crate) mod store;

use domain::Level;
use serde::Serialize;

use crate::auth::CurrentManager;
use crate::error::{ApiError, RequestPart};

/// The query string of the lists, as given; [`Paging`] and each list parse what they need.
pub(crate) use api::manage::ListQuery;

/// The most rows one page may hold.
pub(crate) const MAX_PER_PAGE: i64 = 200;
/// Rows per page unless asked otherwise.
pub(crate) const DEFAULT_PER_PAGE: i64 = 50;

/// A 400 `invalid_query` naming the parameter and what is wrong with it.
pub(crate) fn invalid(parameter: &str, problem: &str) -> ApiError {
    ApiError::BadRequest {
        part: RequestPart::Query,
        reason: format!("{parameter}: {problem}"),
    }
}

/// A typed parameter (a number, date, code or word from a list) exactly as given: `None` only
/// when absent. An empty or padded value goes on to its parser and is refused there with 400,
/// as the OpenAPI document's formats say; only free text goes through [`given`].
pub(crate) fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref()
}

/// The value of a free-text parameter, trimmed, `None` when empty.
pub(crate) fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Which page, of how many rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Paging {
    pub page: i64,
    pub per_page: i64,
}

impl Paging {
    pub(crate) fn parse(query: &ListQuery) -> Result<Paging, ApiError> {
        let number = |value: &Option<String>, name: &str, default: i64, max: i64| {
            present(value).map_or(Ok(default), |v| {
                v.parse::<i64>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| invalid(name, &format!("a whole number from 1 to {max}")))
            })
        };
        Ok(Paging {
            page: number(&query.page, "page", 1, 1_000_000)?,
            per_page: number(&query.per_page, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?,
        })
    }

    pub(crate) fn offset(self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

/// The organisations a list covers: the one asked for (if the manager manages it), else all the
/// manager's.
pub(crate) fn organisations(
    manager: &CurrentManager,
    query: &ListQuery,
) -> Result<Vec<String>, ApiError> {
    match present(&query.organisation) {
        Some(kvk) => {
            if domain::kvk::KvkNumber::parse_exact(kvk).is_none() {
                return Err(invalid("organisation", "a KvK number of 8 digits"));
            }
            manager.ensure_manages(kvk)?;
            Ok(vec![kvk.to_owned()])
        }
        None => Ok(manager.organisations.clone()),
    }
}

/// A level filter.
pub(crate) fn level(query: &ListQuery) -> Result<Option<Level>, ApiError> {
    present(&query.level)
        .map(|v| {
            Level::ALL
                .into_iter()
                .find(|level| level.label() == v)
                .ok_or_else(|| invalid("level", "EH2, EH2+ or EH3"))
        })
        .transpose()
}

/// A sort parameter: one of `columns`, with `-` in front for descending.
pub(crate) fn sort<'a>(
    query: &ListQuery,
    columns: &[&'a str],
    default: &str,
) -> Result<(&'a str, bool), ApiError> {
    let wanted = present(&query.sort).unwrap_or(default);
    let (name, descending) = match wanted.strip_prefix('-') {
        Some(name) => (name, true),
        None => (wanted, false),
    };
    columns
        .iter()
        .find(|c| **c == name)
        .map(|c| (*c, descending))
        .ok_or_else(|| invalid("sort", &format!("one of {}", columns.join(", "))))
}

/// `%…%` for `LIKE`, with the key folded like the stored search text and `%`, `_` and `\`
/// escaped (the statement says `ESCAPE '\'`).
pub(crate) fn like_pattern(input: &str) -> String {
    let key = domain::user::search_key(input);
    let mut pattern = String::with_capacity(key.len() + 2);
    pattern.push('%');
    for c in key.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// A page of a list: `{"total", "page", "per_page", "<name>": [...]}` (the items are flattened
/// in by the list's own type).
pub(crate) use api::manage::Page;

/// [`Page::new`]: a page from the server's [`Paging`] (a trait: the page is the contract's type).
pub(crate) trait PageOf<T> {
    /// Page `paging` of `total` rows.
    fn new(paging: Paging, total: i64, items: T) -> Self;
}

impl<T> PageOf<T> for Page<T> {
    fn new(paging: Paging, total: i64, items: T) -> Page<T> {
        Page {
            total,
            page: paging.page,
            per_page: paging.per_page,
            items,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards_and_fold_accents() {
        assert_eq!(like_pattern(" Dïjk_50% "), "%dijk\\_50\\%%");
    }

    #[test]
    fn sorting_and_paging_are_checked() {
        let query = ListQuery {
            sort: Some("-name".into()),
            page: Some("3".into()),
            ..ListQuery::default()
        };
        assert_eq!(
            sort(&query, &["name", "email"], "name").unwrap(),
            ("name", true)
        );
        assert_eq!(Paging::parse(&query).unwrap().offset(), 100);
        let bad = ListQuery {
            sort: Some("password".into()),
            per_page: Some("5000".into()),
            ..ListQuery::default()
        };
        assert!(sort(&bad, &["name"], "name").is_err());
        assert!(Paging::parse(&bad).is_err());
    }
}
