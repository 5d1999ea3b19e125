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
use crate::openapi::Error;

/// The queue.
pub(crate) use api::identifications::Queue;

/// `GET /api/v1/identifications`: the waiting requests, the nearest deadline first.
#[utoipa::path(
    get, path = "/api/v1/identifications", operation_id = "listIdentifications", tag = "identification",
    security(("session" = [])),
    responses(
        (status = 200, description = "The waiting requests, the nearest deadline first.", body = Queue),
        (status = 403, description = "`operator_only`: the account is a manager's.", body = Error),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    _operator: CurrentOperator,
) -> Result<Json<Queue>, ApiError> {
    Ok(Json(Queue {
        requests: identification::waiting(&state, unix_now()).await?,
    }))
}

/// `GET /api/v1/identifications/{request_id}`: one waiting request.
#[utoipa::path(
    get, path = "/api/v1/identifications/{request_id}", operation_id = "getIdentification", tag = "identification",
    security(("session" = [])),
    params(("request_id" = String, Path, description = "The request.")),
    responses(
        (status = 200, description = "The waiting request.", body = Waiting),
        (status = 403, description = "`operator_only`: the account is a manager's.", body = Error),
        (status = 404, description = "`identification_not_found`.", body = Error),
    )
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    _operator: CurrentOperator,
    Path(request_id): Path<String>,
) -> Result<Json<Waiting>, ApiError> {
    Ok(Json(
        identification::waiting_one(&state, &request_id, unix_now()).await?,
    ))
}

/// `POST /api/v1/identifications/{request_id}`: records the outcome.
#[utoipa::path(
    post, path = "/api/v1/identifications/{request_id}", operation_id = "recordIdentification", tag = "identification",
    security(("session" = [])),
    params(("request_id" = String, Path, description = "The request.")),
    request_body = Recording,
    responses(
        (status = 200, description = "Recorded: approved issues the means, rejected ends the request.", body = Recorded),
        (status = 403, description = "`operator_only`, or `csrf_failed`.", body = Error),
        (status = 404, description = "`identification_not_found`.", body = Error),
        (status = 409, description = "`identification_not_waiting`: handled, expired or cancelled already; or `organisation_ended`: an approval, but the KvK register now lists the organisation as ended, so no means was issued and the request stopped (the manager is told).", body = Error),
        (status = 422, description = "`identification_invalid`: `details.problems`.", body = Error),
        (status = 503, description = "`register_unavailable` (with `Retry-After`): the KvK register, asked before an approval issues a means, cannot answer now; or the database does not (`service_unavailable`).", body = Error,
            headers(("Retry-After" = u64, description = "Seconds after which the register may answer again (`register_unavailable` only)."))),
    )
)]
pub(crate) async fn record(
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
