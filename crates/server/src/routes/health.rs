//! `GET /api/v1/health` (liveness) and `GET /api/v1/health/ready` (readiness), for the reverse
//! proxy, the orchestrator and monitoring; see [`crate::ops::readiness`].

use axum::extract::State;
use axum::http::StatusCode;
use sqlx::AnyPool;

use crate::extract::Json;
use crate::ops::readiness::MailState;
use crate::{AppState, db};

pub(crate) use api::health::{Health, Readiness};

/// Liveness: the process answers.
#[utoipa::path(
    get, path = "/api/v1/health", operation_id = "getHealth", tag = "operations",
    responses(
        (status = 200, description = "The process answers (liveness). Whether it should get traffic is `/api/v1/health/ready`.", body = Health),
    )
)]
pub(crate) async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// Readiness: the database answers, the migrations are applied, the outbox worker is alive and
/// the instance is not draining.
#[utoipa::path(
    get, path = "/api/v1/health/ready", operation_id = "getReadiness", tag = "operations",
    responses(
        (status = 200, description = "Ready for traffic.", body = Readiness),
        (status = 503, description = "Not ready: the database does not answer, a migration is missing, the outbox worker stalled, or the instance is draining before it stops.", body = Readiness),
    )
)]
pub(crate) async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let database = match db::ping(&state.db).await {
        Ok(()) => "ok",
        Err(error) => {
            tracing::warn!(%error, "readiness: the database does not answer");
            "unavailable"
        }
    };
    let migrations = if database == "ok" {
        migrations_state(&state.db).await
    } else {
        "unknown"
    };
    let worker_limit = state.outbox.liveness_limit();
    let outbox_worker = if state.readiness.worker_alive(worker_limit) {
        "ok"
    } else {
        "stalled"
    };
    let draining = state.readiness.is_draining();
    let mail = match state.readiness.mail() {
        MailState::Unknown => "unknown",
        MailState::Reachable => "reachable",
        MailState::Unreachable => "unreachable",
    };
    let ready = database == "ok" && migrations == "ok" && outbox_worker == "ok" && !draining;
    let body = Readiness {
        status: if ready { "ready" } else { "not_ready" }.to_owned(),
        database: database.to_owned(),
        migrations: migrations.to_owned(),
        outbox_worker: outbox_worker.to_owned(),
        draining,
        mail: mail.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let code = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(body))
}

/// `ok` when the newest migration this build knows is applied, `pending` when not.
async fn migrations_state(db: &AnyPool) -> &'static str {
    let newest = db::MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    let applied: Result<Option<i64>, sqlx::Error> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(db)
            .await;
    match applied {
        Ok(Some(version)) if version >= newest => "ok",
        Ok(_) => "pending",
        Err(error) => {
            tracing::warn!(%error, "readiness: cannot read the applied migrations");
            "unknown"
        }
    }
}
