//! `/api/v1/identifications…`: the back office's queue of users waiting for identification, and
//! the record of each outcome. Operators only (`403 operator_only` for a manager).

use axum::extract::State;

use crate::AppState;
use crate::activation::identification::{self, Recorded, Recording, Waiting};
use crate::auth::CurrentOperator;
use crate::clock::unix_now;
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::lang;

/// The queue.
pub use api::identifications::Queue;

/// `GET /api/v1/identifications`: the waiting requests, the nearest deadline first.
pub async fn list(
    State(state): State<AppState>,
    _operator: CurrentOperator,
) -> Result<Json<Queue>, ApiError> {
    Ok(Json(Queue {
        requests: identification::waiting(&state, unix_now()).await?,
    }))
}

/// `GET /api/v1/identifications/{request_id}`: one waiting request.
pub async fn show(
    State(state): State<AppState>,
    _operator: CurrentOperator,
    Path(request_id): Path<String>,
) -> Result<Json<Waiting>, ApiError> {
    Ok(Json(
        identification::waiting_one(&state, &request_id, unix_now()).await?,
    ))
}

/// `POST /api/v1/identifications/{request_id}`: records the outcome.
pub async fn record(
    State(state): State<AppState>,
    CurrentOperator(operator): CurrentOperator,
    Path(request_id): Path<String>,
    Json(recording): Json<Recording>,
) -> Result<Json<Recorded>, ApiError> {
    Ok(Json(
        identification::record(
            &state,
            &operator,
            &request_id,
            &recording,
            unix_now(),
            lang::current(),
        )
        .await?,
    ))
}
