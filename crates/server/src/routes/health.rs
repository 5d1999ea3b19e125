//! `GET /api/v1/health`: whether the server and its database answer. For load balancers, the
//! xtask and monitoring.

use axum::extract::State;
use axum::http::StatusCode;

use crate::extract::Json;
use crate::{AppState, db};

/// The answer: `{"status":"ok","database":"ok","version":"0.1.0"}`, or degraded (HTTP 503).
pub(crate) use api::health::Health;

#[utoipa::path(
    get, path = "/api/v1/health", operation_id = "getHealth", tag = "operations",
    responses(
        (status = 200, description = "The server and its database answer.", body = Health),
        (status = 503, description = "The database does not answer: `status` is `degraded`, `database` is `unavailable`.", body = Health),
    )
)]
pub(crate) async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let (status, code, database) = match db::ping(&state.db).await {
        Ok(()) => ("ok", StatusCode::OK, "ok"),
        Err(error) => {
            tracing::warn!(%error, "health check: the database does not answer");
            ("degraded", StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        }
    };
    let health = Health {
        status: status.to_owned(),
        database: database.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    (code, Json(health))
}
