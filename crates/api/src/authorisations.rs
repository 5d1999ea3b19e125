//! Machtigingen beheren (docs/manage-api.md): adding, changing and withdrawing the machtigingen
//! of people who hold a means, one person at a time (`/api/v1/means/{means_id}/authorisations…`)
//! or many at once (`/api/v1/authorisation-changes…`), and making one of them a co-manager
//! (`/api/v1/users/{request_id}/manager-role`).

use domain::Level;
use domain::catalogue::Authorisations;
use domain::pricing::Quote;
use serde::{Deserialize, Serialize};

use crate::manage::{ListQuery, MeansDetail};
use crate::{AccountState, BulkOutcome, SkipReason};

/// What to add to one means: the body of `POST /api/v1/means/{means_id}/authorisations` and of
/// its quote (`…/authorisations/quote`, which ignores `accepted_terms`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorisationAddition {
    /// All services, or providers and services, as in the wizard; `none` is refused.
    pub authorisations: Authorisations,
    /// The last day they are valid (ISO date): from today, at most five years ahead and never
    /// past the means' own last day. Absent: the means' last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// Whether the manager accepted the terms; needed when the addition costs money.
    #[serde(default)]
    pub accepted_terms: bool,
}

/// What an addition adds and costs: the answer of the quote, and part of the addition's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdditionPlan {
    /// The machtigingen added, in words.
    pub added: Vec<String>,
    /// The chosen machtigingen the means holds already, in words: not added twice, not charged.
    pub already_present: Vec<String>,
    /// Their last valid day (ISO date).
    pub valid_until: String,
    /// The price: each machtiging beyond the means' free allowance, at the price list's price
    /// for its level and the shortest term that covers its validity.
    pub quote: Quote,
    /// What the manager should know but does not stop the addition (a means for one branch,
    /// which some services refuse), in the request's language.
    pub warnings: Vec<String>,
}

/// What `POST /api/v1/means/{means_id}/authorisations` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorisationsAdded {
    /// What was added and what it cost.
    #[serde(flatten)]
    pub plan: AdditionPlan,
    /// The means as it is now.
    pub means: MeansDetail,
}

/// The body of `PATCH /api/v1/means/{means_id}/authorisations/{position}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorisationEnd {
    /// The new last day (ISO date): from today, never past the means' last day nor past the
    /// machtiging's `latest_until`.
    pub valid_until: String,
}

/// Whom a bulk action is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Selection {
    /// These people: their request ids, as "Gebruikers" and "Lopende aanvragen" list them
    /// (at most the action's limit: [`Selection::MAX_PEOPLE`] for machtigingen).
    People {
        /// Request ids.
        request_ids: Vec<String>,
    },
    /// Everyone "Gebruikers" lists with this filter, on every page (at most the action's
    /// limit); paging and sorting are ignored.
    Filter {
        /// The list's filter, as in its query string (boxed: it is much larger than a list).
        filter: Box<ListQuery>,
    },
    /// Everyone "Lopende aanvragen" lists with this filter, on every page (at most the
    /// action's limit); paging and sorting are ignored.
    Requests {
        /// The list's filter, as in its query string.
        filter: Box<ListQuery>,
    },
}

impl Selection {
    /// The most people one change of machtigingen is for (it is one transaction).
    pub const MAX_PEOPLE: usize = 1_000;
}

/// What a bulk action does to each selected person's means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BulkChange {
    /// Adds these machtigingen (until `valid_until`, or each means' last day when absent or
    /// later).
    Add {
        /// All services, or providers and services; `none` is refused.
        authorisations: Authorisations,
        /// The last day (ISO date); absent: each means' last day.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        valid_until: Option<String>,
    },
    /// Withdraws the active machtigingen that are exactly these (all services, a provider's
    /// services, a service).
    Withdraw {
        /// What to withdraw; `none` is refused.
        authorisations: Authorisations,
    },
}

/// The body of `POST /api/v1/authorisation-changes` and of its preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkAuthorisations {
    /// Whom.
    pub selection: Selection,
    /// What.
    pub change: BulkChange,
    /// Whether the manager accepted the terms; needed when the change costs money.
    #[serde(default)]
    pub accepted_terms: bool,
}

/// What a bulk action did (or, in the preview, would do) for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonOutcome {
    /// Their request (their id in Beheer).
    pub request_id: String,
    /// The whole name.
    pub name: String,
    /// Done or skipped.
    pub outcome: BulkOutcome,
    /// Why skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<SkipReason>,
    /// What was done or why not, in words, in the request's language.
    pub message: String,
}

/// What `POST /api/v1/authorisation-changes` (and its preview) answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkResult {
    /// How many people it was done for.
    pub done: u32,
    /// How many were skipped.
    pub skipped: u32,
    /// Per person, in the list's order (by name).
    pub people: Vec<PersonOutcome>,
    /// The price of the additions, with every person's free allowance; zero for a withdrawal.
    pub quote: Quote,
    /// Warnings that do not stop the change, in the request's language.
    pub warnings: Vec<String>,
}

/// The body of `PUT /api/v1/users/{request_id}/manager-role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagerRoleRequest {
    /// Their level as manager: at most their means' and the appointing manager's own.
    pub level: Level,
}

/// A user's role as machtigingenbeheerder of the organisation of their means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagerRole {
    /// Their level as manager.
    pub level: Level,
    /// Invited (the set-up link is out), active or suspended.
    pub state: AccountState,
    /// When they were appointed (unix seconds).
    pub appointed_at: i64,
    /// Who appointed them.
    pub appointed_by: String,
}
