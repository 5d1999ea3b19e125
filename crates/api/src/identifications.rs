//! `/api/v1/identifications…`: the back office's queue of users waiting for identification, and
//! the record of each outcome.

use serde::{Deserialize, Serialize};

use crate::RequestStatus;
use crate::activation::Organisation;

/// The queue: `{"requests": [...]}`, the nearest deadline first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Queue {
    /// The waiting requests.
    pub requests: Vec<Waiting>,
}

/// A request waiting for its identification, as the operator's queue shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Waiting {
    /// The request's id.
    pub request_id: String,
    /// The order it belongs to.
    pub order_number: String,
    /// The person's whole name.
    pub full_name: String,
    /// ISO date.
    pub birth_date: String,
    /// Place of birth.
    pub birth_place: String,
    /// E-mail address.
    pub email: String,
    /// The organisation the means is for.
    pub organisation: Organisation,
    /// The means' level, as stored (`EH3`).
    pub level: String,
    /// When the user ordered (unix seconds).
    pub ordered_at: i64,
    /// When the request expires unless identified (unix seconds).
    pub deadline: i64,
}

pub use crate::vocab::{
    DocumentType, IdentificationMethod as Method, IdentificationOutcome as Outcome,
};

/// The body of `POST /api/v1/identifications/{request_id}`. Every field is optional here so
/// that the server reports a missing one like a wrong one, with the others.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Recording {
    /// Approved or rejected.
    pub outcome: Option<Outcome>,
    /// In person or by video.
    pub method: Option<Method>,
    /// The document shown.
    pub document_type: Option<DocumentType>,
    /// The last 4 characters of the document's number.
    pub document_last4: Option<String>,
    /// Whether the name on the document matches.
    pub name_matches: Option<bool>,
    /// Whether the birth date on the document matches.
    pub birth_date_matches: Option<bool>,
    /// Why the identification was rejected.
    pub reason: Option<String>,
}

/// What recording an identification answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recorded {
    /// The request's id.
    pub request_id: String,
    /// `issued` or `rejected`.
    pub status: RequestStatus,
    /// The issued means, when approved.
    pub means_id: Option<String>,
}
