//! The manager's year (docs/manage-api.md): what needs attention (`/api/v1/overview`), and the
//! actions on many people at once (`/api/v1/bulk-actions…`): revoke, re-send the invitation,
//! cancel the request, renew the means, or order it at a higher level.

use domain::Level;
use domain::catalogue::Authorisations;
use domain::pricing::Quote;
use serde::{Deserialize, Serialize};

use crate::authorisations::{PersonOutcome, Selection};
use crate::manage::ListQuery;
use crate::{AttentionKind, SuccessionKind};

/// What `GET /api/v1/overview` answers: what needs the manager's attention, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    /// One entry per kind, also when its count is zero.
    pub items: Vec<Attention>,
}

/// One thing that needs attention: how many, and the list that shows exactly them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attention {
    /// What it is.
    pub kind: AttentionKind,
    /// How many: the `total` the list answers for `query`.
    pub count: i64,
    /// The list that shows them: `users` ("Gebruikers") or `requests` ("Lopende aanvragen").
    pub list: AttentionList,
    /// That list's filter, as its query string's fields.
    pub query: ListQuery,
}

/// Which list an [`Attention`] links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttentionList {
    /// "Gebruikers" (`/api/v1/users`).
    Users,
    /// "Lopende aanvragen" (`/api/v1/requests`).
    Requests,
}

/// What a bulk action does to each selected person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeopleAction {
    /// Revokes the active means at once (needs the second factor, as one revocation does).
    Revoke,
    /// Sends a new invitation link to those who have not ordered yet; the old link stops
    /// working.
    ResendInvitation,
    /// Cancels the open requests.
    CancelRequest,
    /// Orders a new means at the same level, organisation and branch for each active means:
    /// valid from the day after the old one ends (or today, when that has passed), for the
    /// term. The user confirms by e-mail link and SMS code as for a new means, and is not
    /// identified again while the current means is valid.
    Renew {
        /// 1, 3 or 5.
        #[serde(deserialize_with = "whole")]
        term_years: i64,
        /// The machtigingen of the new means; absent: each keeps what its means holds today.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        authorisations: Option<Authorisations>,
    },
    /// Orders a new means at a higher level for each active means (EH2 → EH2+ or EH3, EH2+ →
    /// EH3), at most the manager's own level, valid from today for the term; non-employees are
    /// identified as for a new means; the old means ends when the new one is issued.
    ChangeLevel {
        /// The new level.
        level: Level,
        /// 1, 3 or 5.
        #[serde(deserialize_with = "whole")]
        term_years: i64,
        /// The machtigingen of the new means; absent: each keeps what its means holds today.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        authorisations: Option<Authorisations>,
    },
}

/// A whole number from JSON, written with or without a zero fraction (`3` and `3.0` are the same
/// JSON Schema `integer`); a real fraction is refused, a number past `i64` saturates (and is then
/// refused as a term by the server, with what terms there are).
fn whole<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    use serde::de::{Error, Unexpected, Visitor};

    struct Whole;

    impl Visitor<'_> for Whole {
        type Value = i64;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a whole number")
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<i64, E> {
            Ok(i64::try_from(v).unwrap_or(i64::MAX))
        }

        fn visit_f64<E: Error>(self, v: f64) -> Result<i64, E> {
            if v.fract() == 0.0 {
                // Saturating: whole numbers past i64 are no term either.
                Ok(v as i64)
            } else {
                Err(E::invalid_value(Unexpected::Float(v), &self))
            }
        }
    }

    deserializer.deserialize_any(Whole)
}

/// The body of `POST /api/v1/bulk-actions` and of its preview (`…/preview`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkAction {
    /// Whom: people, "Gebruikers" filter or "Lopende aanvragen" filter (at most
    /// [`BulkAction::MAX_PEOPLE`]).
    pub selection: Selection,
    /// What.
    pub action: PeopleAction,
    /// Whether the manager accepted the terms; needed when the action costs money.
    #[serde(default)]
    pub accepted_terms: bool,
}

impl BulkAction {
    /// The most people one bulk action is for; the server works through them in batches.
    pub const MAX_PEOPLE: usize = 10_000;
}

/// What `POST /api/v1/bulk-actions` (and its preview) answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkActionResult {
    /// How many people it was done for.
    pub done: u32,
    /// How many were skipped.
    pub skipped: u32,
    /// Per person, by name.
    pub people: Vec<PersonOutcome>,
    /// The price (renewal and level change; zero otherwise), from the price list as in the
    /// wizard.
    pub quote: Quote,
    /// Warnings that do not stop the action, in the request's language.
    pub warnings: Vec<String>,
    /// The orders placed (renewal and level change: one per organisation, branch, level and
    /// machtigingen); empty in the preview.
    pub orders: Vec<String>,
}

/// The means a request renews or replaces, or the request that renews or replaces a means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Succession {
    /// A renewal or a change of level.
    pub kind: SuccessionKind,
    /// The other request (its id in Beheer).
    pub request_id: String,
    /// The other request's means, once issued.
    pub means_id: Option<String>,
}
