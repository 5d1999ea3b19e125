//! `/api/v1/orders…` and `/api/v1/organisations/{kvk}/known-users`: the manager's orders; and
//! `/api/v1/user-files/annotated.{csv,xlsx}`: the order's list of users as a file.

use domain::pricing::Quote;
use domain::{Level, RawUser};
use serde::{Deserialize, Serialize};

use crate::RequestStatus;

pub use domain::order::OrderRequest;

/// One user of a placed order, as the manager sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderedUser {
    /// The whole name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Whether the person is an employee (no identification needed).
    pub employed: bool,
    /// Where the user's request is.
    pub status: RequestStatus,
}

/// A placed order, as answered to the manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacedOrder {
    /// The order's number, e.g. `MP-2026-000123`.
    pub order_number: String,
    /// The organisation's KvK number.
    pub kvk_number: String,
    /// The organisation's name.
    pub organisation_name: String,
    /// The branch, when the order is for one.
    pub branch_number: Option<String>,
    /// The means' level.
    pub level: Level,
    /// The means' term in years.
    pub term_years: i64,
    /// One request per user.
    pub users: Vec<OrderedUser>,
    /// The price, as quoted when the order was placed.
    pub quote: Quote,
    /// When the order was placed (unix seconds).
    pub created_at: i64,
}

/// The body of `POST /api/v1/organisations/{kvk_number}/known-users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KnownUsersRequest {
    /// The e-mail addresses to look up.
    pub emails: Vec<String>,
}

/// The answer: the users the server already knows at the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KnownUsersAnswer {
    /// One entry per known address.
    pub known: Vec<KnownUser>,
}

/// A user the server already knows at an organisation: an open request (`status` is the
/// request's) or an active means (`status` = `active_means`, `order_number` the order it came
/// from).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KnownUser {
    /// The address, lower-cased.
    pub email: String,
    /// An open request's status, or `active_means`.
    pub status: String,
    /// The order the request or the means came from.
    pub order_number: String,
    /// The request (its id in Beheer).
    #[serde(default)]
    pub request_id: String,
    /// The level of the request or the means.
    #[serde(default)]
    pub level: Option<domain::Level>,
    /// The active means' last valid day (ISO date), to offer its renewal instead.
    #[serde(default)]
    pub valid_until: Option<String>,
}

/// The body of `POST /api/v1/user-files/annotated.csv` and `….xlsx`: the users step's list as
/// typed, to be written as a file with each row's errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsersList {
    /// The users, in the list's order; at most 100 (`domain::users_merge::MAX_USERS`).
    pub users: Vec<RawUser>,
}
