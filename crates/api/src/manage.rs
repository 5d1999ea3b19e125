//! Beheer (docs/manage-api.md): `/api/v1/users…`, `/api/v1/means/{id}/revocation`,
//! `/api/v1/requests…`, `/api/v1/orders/{n}/cancellation` and `/api/v1/audit…`.

use serde::{Deserialize, Serialize};

use crate::authorisations::ManagerRole;
use crate::{
    ActorKind, AuditAction, AuthorisationStatus, EventKind, MeansStatus, RequestStatus, UserStatus,
};

/// The query string of the lists, as given: the server parses what each list needs, and the
/// SPA's pages use the same names in their own URLs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListQuery {
    /// Page number, from 1.
    pub page: Option<String>,
    /// Rows per page.
    pub per_page: Option<String>,
    /// The column to sort by, `-` first for descending.
    pub sort: Option<String>,
    /// KvK numbers, comma-separated.
    pub organisation: Option<String>,
    /// Branch number.
    pub branch: Option<String>,
    /// Level.
    pub level: Option<String>,
    /// Status (of the user or of the request, by list); comma-separated where several.
    pub status: Option<String>,
    /// Free text.
    pub q: Option<String>,
    /// Means that expire within this many days.
    pub expiring_within: Option<String>,
    /// Requests of this order.
    pub order_number: Option<String>,
    /// Audit action.
    pub action: Option<String>,
    /// From this ISO date (audit).
    pub from: Option<String>,
    /// Up to this ISO date (audit).
    pub to: Option<String>,
    /// Requests whose last event is more than this many days ago ("Lopende aanvragen").
    pub waiting_over: Option<String>,
    /// Requests whose deadline is within this many days ("Lopende aanvragen").
    pub deadline_within: Option<String>,
    /// Requests that ended within the last this many days ("Lopende aanvragen").
    pub ended_within: Option<String>,
}

/// A page of a list: `{"total", "page", "per_page", "<users|requests|entries>": [...]}`; `T`
/// ([`Users`], [`Requests`] or [`Entries`]) names the items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// Rows that match the filter, on all pages.
    pub total: i64,
    /// This page's number, from 1.
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
    /// This page's rows.
    #[serde(flatten)]
    pub items: T,
}

impl<T> Page<T> {
    /// How many pages the list has (at least one).
    pub fn pages(&self) -> i64 {
        let per_page = self.per_page.max(1);
        ((self.total + per_page - 1) / per_page).max(1)
    }
}

/// The rows of a [`Page`], under the list's own name.
pub trait Items {
    /// One row.
    type Item;
    /// The rows, in order.
    fn items(&self) -> &[Self::Item];
    /// The rows, taken.
    fn into_items(self) -> Vec<Self::Item>;
}

macro_rules! items {
    ($(#[$meta:meta])* $name:ident { $field:ident: $item:ty }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct $name {
            /// This page's rows.
            pub $field: Vec<$item>,
        }

        impl Items for $name {
            type Item = $item;

            fn items(&self) -> &[$item] {
                &self.$field
            }

            fn into_items(self) -> Vec<$item> {
                self.$field
            }
        }
    };
}

items! {
    /// The rows of a page of "Gebruikers".
    Users { users: UserRow }
}

items! {
    /// The rows of a page of "Lopende aanvragen".
    Requests { requests: RequestRow }
}

items! {
    /// The rows of a page of the audit log.
    Entries { entries: AuditEntry }
}

/// The organisation of a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationRef {
    /// KvK number.
    pub kvk_number: String,
    /// Name.
    pub name: String,
    /// The day the KvK register lists the organisation as ended (or only the month or year),
    /// so that Beheer marks it and its requests; `null` while it exists, and when the register
    /// could not be asked in time.
    #[serde(default)]
    pub ended_on: Option<domain::RegisterDate>,
}

/// One person in "Gebruikers".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRow {
    /// The request the person came with (their id in Beheer).
    pub request_id: String,
    /// Their means, once issued.
    pub means_id: Option<String>,
    /// The whole name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Mobile number.
    pub mobile: String,
    /// The organisation.
    pub organisation: OrganisationRef,
    /// The branch, when the means is for one.
    pub branch_number: Option<String>,
    /// The level, as stored (`EH3`).
    pub level: String,
    /// Active, revoked, expired (validity passed) or pending (an open request).
    pub status: UserStatus,
    /// The request's own status.
    pub request_status: RequestStatus,
    /// The means' last valid day (ISO date).
    pub valid_until: Option<String>,
    /// The machtigingen in words.
    pub authorisations: Vec<String>,
    /// The means this request renews or replaces.
    #[serde(default)]
    pub predecessor: Option<crate::year::Succession>,
    /// The request that renews or replaces this means (the latest).
    #[serde(default)]
    pub successor: Option<crate::year::Succession>,
}

/// One person: the row, the means and the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDetail {
    /// The person as listed.
    #[serde(flatten)]
    pub user: UserRow,
    /// Their means, once issued.
    pub means: Option<MeansDetail>,
    /// The request's timeline, oldest first.
    pub events: Vec<TimelineEvent>,
    /// Their role as machtigingenbeheerder of the organisation, when a manager gave them one.
    #[serde(default)]
    pub manager_role: Option<ManagerRole>,
}

/// An issued means with its machtigingen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeansDetail {
    /// The means' identifier.
    pub id: String,
    /// Its level, which bounds the machtigingen it can hold.
    pub level: domain::Level,
    /// The branch it is restricted to, if any.
    pub branch_number: Option<String>,
    /// Active or revoked (expiry follows from the dates).
    pub status: MeansStatus,
    /// ISO date.
    pub valid_from: String,
    /// ISO date.
    pub valid_until: String,
    /// Unix seconds.
    pub issued_at: i64,
    /// Unix seconds, once revoked.
    pub revoked_at: Option<i64>,
    /// The means at a higher level that replaced this one (it was revoked then).
    #[serde(default)]
    pub replaced_by: Option<String>,
    /// Its machtigingen.
    pub authorisations: Vec<MeansAuthorisation>,
}

/// A machtiging of a means, with its validity (ISO dates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeansAuthorisation {
    /// Its number on the means (from 1), which addresses it
    /// (`/api/v1/means/{means_id}/authorisations/{position}`).
    pub position: i64,
    /// In words, in the request's language.
    pub label: String,
    /// ISO date.
    pub valid_from: String,
    /// ISO date: the last day it is valid.
    pub valid_until: String,
    /// Active, withdrawn or ended.
    pub status: AuthorisationStatus,
    /// When it was withdrawn (unix seconds).
    #[serde(default)]
    pub withdrawn_at: Option<i64>,
    /// The latest last day it may be given (ISO date): the means' last day, or for a paid
    /// addition the end of the term it was paid for.
    pub latest_until: String,
}

/// What revoking a means answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revoked {
    /// The means.
    pub means_id: String,
    /// `revoked`.
    pub status: MeansStatus,
    /// Unix seconds.
    pub revoked_at: i64,
}

/// One request in "Lopende aanvragen".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestRow {
    /// The request's id.
    pub request_id: String,
    /// The order it belongs to.
    pub order_number: String,
    /// The person's whole name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Mobile number.
    pub mobile: String,
    /// The organisation.
    pub organisation: OrganisationRef,
    /// The branch, when the order is for one.
    pub branch_number: Option<String>,
    /// The level, as stored (`EH3`).
    pub level: String,
    /// Whether the person is an employee.
    pub employed: bool,
    /// Where the request is.
    pub status: RequestStatus,
    /// When the manager ordered (unix seconds).
    pub created_at: i64,
    /// Waiting since (unix seconds).
    pub last_event_at: i64,
    /// The link's end before the user ordered; the identification deadline while waiting.
    pub deadline: Option<i64>,
    /// The ordering manager's name.
    pub ordered_by: String,
    /// Whether the e-mail address is confirmed.
    pub email_confirmed: bool,
    /// Whether the mobile number is verified.
    pub mobile_verified: bool,
    /// The means this request renews or replaces.
    #[serde(default)]
    pub predecessor: Option<crate::year::Succession>,
}

/// A request with its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestDetail {
    /// The request as listed.
    #[serde(flatten)]
    pub request: RequestRow,
    /// Its timeline, oldest first.
    pub events: Vec<TimelineEvent>,
}

/// One event of a request's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEvent {
    /// Unix seconds.
    pub at: i64,
    /// What happened.
    pub kind: EventKind,
    /// Who did it.
    pub actor: ActorKind,
    /// The manager's or operator's name.
    pub actor_name: Option<String>,
    /// More about it (a rejection's reason); never a secret.
    pub detail: Option<String>,
}

/// The body of `PATCH /api/v1/requests/{request_id}`: the e-mail address or the mobile number
/// to correct.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Correction {
    /// The new e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The new mobile number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
}

/// What cancelling an order answers: how many open requests stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderCancelled {
    /// The order.
    pub order_number: String,
    /// How many requests were cancelled.
    pub cancelled: u64,
}

/// An entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// The entry's number.
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// Who did it.
    pub actor_name: String,
    /// Their e-mail address.
    pub actor_email: String,
    /// What was done.
    pub action: AuditAction,
    /// The organisation concerned, when one.
    pub kvk_number: Option<String>,
    /// What it was done to (an order, request or means).
    pub subject: String,
    /// More about it.
    pub detail: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_names_its_rows_after_the_list() {
        let page = Page {
            total: 101,
            page: 1,
            per_page: 50,
            items: Entries::default(),
        };
        let json = serde_json::to_string(&page).expect("a page");
        assert_eq!(json, r#"{"total":101,"page":1,"per_page":50,"entries":[]}"#);
        let back: Page<Entries> = serde_json::from_str(&json).expect("the page back");
        assert_eq!(back.pages(), 3);
        assert!(back.items.items().is_empty());
    }
}
