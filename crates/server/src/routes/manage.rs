//! Beheer (docs/manage-api.md): `/api/v1/users…`, `/api/v1/means/{id}/revocation`,
//! `/api/v1/requests…`, `/api/v1/orders/{n}/cancellation` and `/api/v1/audit…`. Every handler
//! takes the logged-in [`CurrentManager`] and reaches only the manager's organisations.

use axum::extract::State;
use axum::response::Response;

use crate::AppState;
use crate::auth::CurrentManager;
use crate::clock::unix_now;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::lang;
use crate::manage::audit::{self, Entries};
use crate::manage::requests::{
    self, Correction, OrderCancelled, RequestDetail, RequestRow, Requests,
};
use crate::manage::users::{self, Revoked, UserDetail, Users};
use crate::manage::{ListQuery, Page, export};

pub async fn list_users(
    State(state): State<AppState>,
    manager: CurrentManager,
    Query(query): Query<ListQuery>,
) -> Result<Json<Page<Users>>, ApiError> {
    Ok(Json(
        users::list(&state, &manager, &query, unix_now(), lang::current()).await?,
    ))
}

pub async fn export_users_csv(
    State(state): State<AppState>,
    manager: CurrentManager,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    export::users_csv(&state, &manager, &query, unix_now()).await
}

pub async fn export_users_xlsx(
    State(state): State<AppState>,
    manager: CurrentManager,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    export::users_xlsx(&state, &manager, &query, unix_now()).await
}

pub async fn show_user(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(request_id): Path<String>,
) -> Result<Json<UserDetail>, ApiError> {
    Ok(Json(
        users::show(&state, &manager, &request_id, unix_now(), lang::current()).await?,
    ))
}

pub async fn revoke_means(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(means_id): Path<String>,
) -> Result<Json<Revoked>, ApiError> {
    Ok(Json(
        users::revoke(&state, &manager, &means_id, unix_now()).await?,
    ))
}

pub async fn list_requests(
    State(state): State<AppState>,
    manager: CurrentManager,
    Query(query): Query<ListQuery>,
) -> Result<Json<Page<Requests>>, ApiError> {
    Ok(Json(requests::list(&state, &manager, &query).await?))
}

pub async fn show_request(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(request_id): Path<String>,
) -> Result<Json<RequestDetail>, ApiError> {
    Ok(Json(requests::show(&state, &manager, &request_id).await?))
}

pub async fn correct_request(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(request_id): Path<String>,
    Json(correction): Json<Correction>,
) -> Result<Json<RequestRow>, ApiError> {
    Ok(Json(
        requests::correct(
            &state,
            &manager,
            &request_id,
            &correction,
            unix_now(),
            lang::current(),
        )
        .await?,
    ))
}

pub async fn resend_invitation(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(request_id): Path<String>,
) -> Result<Json<RequestRow>, ApiError> {
    Ok(Json(
        requests::resend(&state, &manager, &request_id, unix_now()).await?,
    ))
}

pub async fn cancel_request(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(request_id): Path<String>,
) -> Result<Json<RequestRow>, ApiError> {
    Ok(Json(
        requests::cancel(&state, &manager, &request_id, unix_now()).await?,
    ))
}

pub async fn cancel_order(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(order_number): Path<String>,
) -> Result<Json<OrderCancelled>, ApiError> {
    Ok(Json(
        requests::cancel_order(&state, &manager, &order_number, unix_now()).await?,
    ))
}

pub async fn list_audit(
    State(state): State<AppState>,
    manager: CurrentManager,
    Query(query): Query<ListQuery>,
) -> Result<Json<Page<Entries>>, ApiError> {
    Ok(Json(audit::list(&state, &manager, &query).await?))
}

pub async fn export_audit_csv(
    State(state): State<AppState>,
    manager: CurrentManager,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    export::audit_csv(&state, &manager, &query, unix_now()).await
}
