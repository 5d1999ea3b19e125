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
