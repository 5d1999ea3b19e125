//! `GET /api/v1/health`: whether the server and its database answer.

use serde::{Deserialize, Serialize};

/// The answer: `{"status":"ok","database":"ok","version":"0.1.0"}`, or with status
/// `"degraded"` and database `"unavailable"` (HTTP 503).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` or `degraded`.
    pub status: String,
    /// `ok` or `unavailable`.
    pub database: String,
    /// The server's version.
    pub version: String,
}
