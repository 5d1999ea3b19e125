//! The query parameters of the Beheer lists and their exports as the OpenAPI document describes
//! them: one type per list, with each parameter's format and values taken from the constants the
//! handlers check against. The handlers themselves read [`ListQuery`](crate::manage::ListQuery)
//! (every value as given) and answer `400 invalid_query` for a value outside these.

use domain::Level;
use utoipa::IntoParams;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{KnownFormat, RefOr, SchemaFormat};

#[cfg(test)]
use crate::manage::MAX_PER_PAGE;
use crate::manage::audit::Action;
use crate::manage::{requests, users};

/// Which page of a Beheer list (not of an export, which holds every row).
// Never built: the types below only describe the query (`IntoParams`).
#[allow(dead_code)]
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PagingQuery {
    /// 1-based page (default 1).
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
    /// Rows per page (default 50, at most 200).
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

/// The filters the lists of people share: `GET /api/v1/users` (and its exports) and
/// `GET /api/v1/requests`.
#[allow(dead_code)]
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PeopleQuery {
    /// KvK number (8 digits); default: all the manager's organisations.
    #[param(pattern = "^[0-9]{8}$")]
    organisation: Option<String>,
    /// Vestigingsnummer (12 digits).
    #[param(pattern = "^[0-9]{12}$")]
    branch: Option<String>,
    /// The level.
    level: Option<Level>,
    /// Free text on name or e-mail, case- and accent-insensitive; empty: no filter.
    q: Option<String>,
}

/// The other filters and the order of `GET /api/v1/users` and its exports.
#[allow(dead_code)]
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct UsersQuery {
    /// A column, with `-` in front for descending (default `name`).
    #[param(schema_with = users_sort)]
    sort: Option<String>,
    /// The user status.
    #[param(schema_with = users_status)]
    status: Option<String>,
    /// Active means whose validity ends within this many days.
    #[param(minimum = 0, maximum = 3650)]
    expiring_within: Option<i64>,
}

/// The other filters and the order of `GET /api/v1/requests`.
#[allow(dead_code)]
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct RequestsQuery {
    /// A column, with `-` in front for descending (default `-created_at`).
    #[param(schema_with = requests_sort)]
    sort: Option<String>,
    /// `open` (default), `finished`, `waiting_for_user` (not ordered yet), `failed`
    /// (rejected or expired), `all`, or one request status.
    #[param(schema_with = requests_status)]
    status: Option<String>,
    /// One order; empty: no filter.
    order_number: Option<String>,
    /// Requests whose last event is more than this many days ago.
    #[param(minimum = 0, maximum = 3650)]
    waiting_over: Option<i64>,
    /// Requests whose deadline (the link's end, or the identification's) is within this many
    /// days.
    #[param(minimum = 0, maximum = 3650)]
    deadline_within: Option<i64>,
    /// Requests that ended within the last this many days.
    #[param(minimum = 0, maximum = 3650)]
    ended_within: Option<i64>,
}

/// The filters of `GET /api/v1/audit` and its export.
#[allow(dead_code)]
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AuditQuery {
    /// KvK number (8 digits); default: all the manager's organisations.
    #[param(pattern = "^[0-9]{8}$")]
    organisation: Option<String>,
    /// Free text on name, e-mail or subject; empty: no filter.
    q: Option<String>,
    /// One action.
    action: Option<Action>,
    /// From this Dutch day, inclusive.
    #[param(schema_with = date)]
    from: Option<String>,
    /// Up to this Dutch day, inclusive.
    #[param(schema_with = date)]
    to: Option<String>,
}

/// A string that is one of `words`.
fn one_of(words: impl IntoIterator<Item = String>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .enum_values(Some(words))
        .into()
}

/// Each column, ascending and with `-` descending.
fn sorts(columns: &[&str]) -> RefOr<Schema> {
    one_of(
        columns
            .iter()
            .flat_map(|column| [column.to_string(), format!("-{column}")]),
    )
}

fn users_sort() -> RefOr<Schema> {
    sorts(&users::SORTS)
}

fn users_status() -> RefOr<Schema> {
    one_of(
        api::UserStatus::ALL
            .iter()
            .map(|status| status.as_str().to_owned()),
    )
}

fn requests_sort() -> RefOr<Schema> {
    sorts(&requests::SORTS)
}

fn requests_status() -> RefOr<Schema> {
    one_of(
        ["open", "finished", "waiting_for_user", "failed", "all"]
            .into_iter()
            .map(str::to_owned)
            .chain(
                api::RequestStatus::ALL
                    .iter()
                    .map(|status| status.as_str().to_owned()),
            ),
    )
}

fn date() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_size_bound_is_the_handlers() {
        // The literal `maximum = 200` in the attributes above must follow the constant.
        assert_eq!(MAX_PER_PAGE, 200);
    }
}
