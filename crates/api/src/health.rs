//! `GET /api/v1/health` (liveness: the process answers) and `GET /api/v1/health/ready`
//! (readiness: this instance should get traffic).

use serde::{Deserialize, Serialize};

/// Liveness: `{"status":"ok","version":"0.1.0"}`, whenever the process answers at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `ok`.
    pub status: String,
    /// The server's version.
    pub version: String,
}

/// Readiness: `status` is `ready` (HTTP 200) when every deciding check passes, else `not_ready`
/// (HTTP 503), with each check's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// `ready` or `not_ready`.
    pub status: String,
    /// Decides: `ok` or `unavailable` (no answer within a few seconds).
    pub database: String,
    /// Decides: `ok` (every migration of this build is applied), `pending` or `unknown`.
    pub migrations: String,
    /// Decides: `ok` (the e-mail and SMS worker went round its loop lately) or `stalled`.
    pub outbox_worker: String,
    /// Decides: `true` after SIGTERM, while the instance finishes its requests before stopping.
    pub draining: bool,
    /// Reported, does not decide (the outbox keeps the mail while the server is away):
    /// `reachable`, `unreachable` or `unknown` (not checked yet, or the development mailbox).
    pub mail: String,
    /// The server's version.
    pub version: String,
}
