//! `POST /api/v1/orders` and `GET /api/v1/orders/{order_number}`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use domain::order::OrderRequest;

use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::lang;
use crate::orders::{self, PlacedOrder};

/// Places an order (idempotent by `Idempotency-Key`): 201 when created, 200 for a retry.
pub async fn create(
    State(state): State<AppState>,
    manager: CurrentManager,
    headers: HeaderMap,
    Json(request): Json<OrderRequest>,
) -> Result<(StatusCode, Json<PlacedOrder>), ApiError> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    let (order, created) = orders::place(&state, &manager, key, request, lang::current()).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(order)))
}

/// One of the manager's orders.
pub async fn show(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(order_number): Path<String>,
) -> Result<Json<PlacedOrder>, ApiError> {
    Ok(Json(orders::load(&state, manager.id, &order_number).await?))
}

/// What `POST /api/v1/organisations/{kvk_number}/known-users` takes and answers.
pub use api::orders::{KnownUsersAnswer, KnownUsersRequest};

/// Which of these e-mail addresses already have an open request at the organisation, so the
/// wizard can flag them before the manager orders twice for the same person.
pub async fn known_users(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(kvk_number): Path<String>,
    Json(request): Json<KnownUsersRequest>,
) -> Result<Json<KnownUsersAnswer>, ApiError> {
    manager.ensure_manages(&kvk_number)?;
    if request.emails.len() > state.config.import_max_rows {
        return Err(ApiError::BadRequest {
            part: crate::error::RequestPart::Body,
            reason: format!("at most {} addresses", state.config.import_max_rows),
        });
    }
    let known = orders::known_users(&state, &kvk_number, &request.emails).await?;
    Ok(Json(KnownUsersAnswer { known }))
}
