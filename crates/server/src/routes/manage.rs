//! Beheer (docs/manage-api.md): `/api/v1/users…`, `/api/v1/means/{id}/revocation`,
//! `/api/v1/requests…`, `/api/v1/orders/{n}/cancellation` and `/api/v1/audit…`. Every handler
//! takes the logged-in [`CurrentManager`] and reaches only the manager's organisations.

use axum::extract::State;
use axum::response::Response;

use crate::AppState;
use crate::auth::CurrentManager;
use crate::clients::caller::{Acting, ReadUsers, Revoke};
use crate::clients::reads::{self, Read};
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
use crate::openapi::Binary;
use crate::openapi::Error;
use crate::routes::params::{AuditQuery, PagingQuery, PeopleQuery, RequestsQuery, UsersQuery};

#[utoipa::path(
    get, path = "/api/v1/users", operation_id = "listUsers", tag = "beheer",
    security(("session" = []), ("apiClient" = [])),
    params(PagingQuery, PeopleQuery, UsersQuery),
    responses(
        (status = 200, description = "One page of the users at the manager's organisations.", body = Page<Users>),
        (status = 403, description = "`organisation_not_managed`: a filter names an organisation the manager does not manage.", body = Error),
    )
)]
pub(crate) async fn list_users(
    State(state): State<AppState>,
    Acting(manager, _): Acting<ReadUsers>,
    Query(query): Query<ListQuery>,
) -> Result<Json<Page<Users>>, ApiError> {
    let now = unix_now();
    let page = users::list(&state, &manager, &query, now, lang::current()).await?;
    reads::record_page(&state, &manager, "/api/v1/users", &query, &page, now).await?;
    Ok(Json(page))
}

#[utoipa::path(
    get, path = "/api/v1/users/export.csv", operation_id = "exportUsersCsv", tag = "beheer",
    security(("session" = []), ("apiClient" = [])),
    params(PeopleQuery, UsersQuery),
    responses(
        (status = 200, description = "Exactly the filtered users (all pages): UTF-8 with BOM, `;`, formulas neutralised; recorded in the audit log.", content_type = "text/csv", body = String),
        (status = 403, description = "`organisation_not_managed`.", body = Error),
    )
)]
pub(crate) async fn export_users_csv(
    State(state): State<AppState>,
    Acting(manager, _): Acting<ReadUsers>,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    export::users_csv(&state, &manager, &query, unix_now()).await
}

#[utoipa::path(
    get, path = "/api/v1/users/export.xlsx", operation_id = "exportUsersXlsx", tag = "beheer",
    security(("session" = []), ("apiClient" = [])),
    params(PeopleQuery, UsersQuery),
    responses(
        (status = 200, description = "Exactly the filtered users as an Excel workbook; recorded in the audit log.", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Binary),
        (status = 403, description = "`organisation_not_managed`.", body = Error),
    )
)]
pub(crate) async fn export_users_xlsx(
    State(state): State<AppState>,
    Acting(manager, _): Acting<ReadUsers>,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    export::users_xlsx(&state, &manager, &query, unix_now()).await
}

#[utoipa::path(
    get, path = "/api/v1/users/{request_id}", operation_id = "getUser", tag = "beheer",
    security(("session" = []), ("apiClient" = [])),
    params(("request_id" = String, Path, description = "The request.")),
    responses(
        (status = 200, description = "The person: the row, the means with its authorisations, the timeline.", body = UserDetail),
        (status = 404, description = "`user_not_found` (also for another manager's organisations).", body = Error),
    )
)]
pub(crate) async fn show_user(
    State(state): State<AppState>,
    Acting(manager, _): Acting<ReadUsers>,
    Path(request_id): Path<String>,
) -> Result<Json<UserDetail>, ApiError> {
    let now = unix_now();
    let user = users::show(&state, &manager, &request_id, now, lang::current()).await?;
    let path = format!("/api/v1/users/{request_id}");
    reads::record(&state, &manager, Read::one(&path), now).await?;
    Ok(Json(user))
}

#[utoipa::path(
    post, path = "/api/v1/means/{means_id}/revocation", operation_id = "revokeMeans", tag = "beheer",
    security(("session" = []), ("apiClient" = [])),
    params(("means_id" = String, Path, description = "The means.")),
    responses(
        (status = 200, description = "Revoked at once; the user and the manager are told by e-mail.", body = Revoked),
        (status = 403, description = "`csrf_failed`, or `step_up_required`: revoking needs the second factor given in the last 15 minutes (`POST /api/v1/session/second-factor`).", body = Error),
        (status = 404, description = "`means_not_found`.", body = Error),
        (status = 409, description = "`means_not_active`: already revoked.", body = Error),
    )
)]
pub(crate) async fn revoke_means(
    State(state): State<AppState>,
    Acting(manager, _): Acting<Revoke>,
    Path(means_id): Path<String>,
) -> Result<Json<Revoked>, ApiError> {
    manager.ensure_recent_second_factor(unix_now(), state.config.demo)?;
    Ok(Json(
        users::revoke(&state, &manager, &means_id, unix_now()).await?,
    ))
}

#[utoipa::path(
    get, path = "/api/v1/requests", operation_id = "listRequests", tag = "beheer",
    security(("session" = []), ("apiClient" = [])),
    params(PagingQuery, PeopleQuery, RequestsQuery),
    responses(
        (status = 200, description = "One page of the requests with their step, waiting time and deadline.", body = Page<Requests>),
        (status = 403, description = "`organisation_not_managed`.", body = Error),
    )
)]
pub(crate) async fn list_requests(
    State(state): State<AppState>,
    Acting(manager, _): Acting<ReadUsers>,
    Query(query): Query<ListQuery>,
) -> Result<Json<Page<Requests>>, ApiError> {
    let now = unix_now();
    let page = requests::list(&state, &manager, &query, now).await?;
    reads::record_page(&state, &manager, "/api/v1/requests", &query, &page, now).await?;
    Ok(Json(page))
}

#[utoipa::path(
    get, path = "/api/v1/requests/{request_id}", operation_id = "getRequest", tag = "beheer",
    security(("session" = []), ("apiClient" = [])),
    params(("request_id" = String, Path, description = "The request.")),
    responses(
        (status = 200, description = "The request with its timeline.", body = RequestDetail),
        (status = 404, description = "`request_not_found`.", body = Error),
    )
)]
pub(crate) async fn show_request(
    State(state): State<AppState>,
    Acting(manager, _): Acting<ReadUsers>,
    Path(request_id): Path<String>,
) -> Result<Json<RequestDetail>, ApiError> {
    let request = requests::show(&state, &manager, &request_id).await?;
    let path = format!("/api/v1/requests/{request_id}");
    reads::record(&state, &manager, Read::one(&path), unix_now()).await?;
    Ok(Json(request))
}

#[utoipa::path(
    patch, path = "/api/v1/requests/{request_id}", operation_id = "correctRequest", tag = "beheer",
    security(("session" = [])),
    params(("request_id" = String, Path, description = "The request.")),
    request_body = Correction,
    responses(
        (status = 200, description = "Corrected; recorded.", body = RequestRow),
        (status = 404, description = "`request_not_found`.", body = Error),
        (status = 409, description = "`request_not_open` or `request_wrong_step`.", body = Error),
        (status = 422, description = "`request_invalid`: `details.problems`.", body = Error),
    )
)]
pub(crate) async fn correct_request(
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

#[utoipa::path(
    post, path = "/api/v1/requests/{request_id}/invitation", operation_id = "resendInvitation", tag = "beheer",
    security(("session" = [])),
    params(("request_id" = String, Path, description = "The request.")),
    responses(
        (status = 200, description = "A new link was sent; the old one stops working.", body = RequestRow),
        (status = 404, description = "`request_not_found`.", body = Error),
        (status = 409, description = "`request_not_open` or `request_wrong_step`.", body = Error),
    )
)]
pub(crate) async fn resend_invitation(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(request_id): Path<String>,
) -> Result<Json<RequestRow>, ApiError> {
    Ok(Json(
        requests::resend(&state, &manager, &request_id, unix_now()).await?,
    ))
}

#[utoipa::path(
    post, path = "/api/v1/requests/{request_id}/cancellation", operation_id = "cancelRequest", tag = "beheer",
    security(("session" = []), ("apiClient" = [])),
    params(("request_id" = String, Path, description = "The request.")),
    responses(
        (status = 200, description = "Cancelled: the link stops working and the user is told.", body = RequestRow),
        (status = 404, description = "`request_not_found`.", body = Error),
        (status = 409, description = "`request_not_open`.", body = Error),
    )
)]
pub(crate) async fn cancel_request(
    State(state): State<AppState>,
    Acting(manager, _): Acting<Revoke>,
    Path(request_id): Path<String>,
) -> Result<Json<RequestRow>, ApiError> {
    Ok(Json(
        requests::cancel(&state, &manager, &request_id, unix_now()).await?,
    ))
}

#[utoipa::path(
    post, path = "/api/v1/orders/{order_number}/cancellation", operation_id = "cancelOrder", tag = "beheer",
    security(("session" = [])),
    params(("order_number" = String, Path, description = "The order.")),
    responses(
        (status = 200, description = "Every open request of the order is cancelled.", body = OrderCancelled),
        (status = 404, description = "`order_not_found`.", body = Error),
        (status = 409, description = "`request_not_open`: nothing open in this order.", body = Error),
    )
)]
pub(crate) async fn cancel_order(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(order_number): Path<String>,
) -> Result<Json<OrderCancelled>, ApiError> {
    Ok(Json(
        requests::cancel_order(&state, &manager, &order_number, unix_now()).await?,
    ))
}

#[utoipa::path(
    get, path = "/api/v1/audit", operation_id = "listAudit", tag = "beheer",
    security(("session" = [])),
    params(PagingQuery, AuditQuery),
    responses(
        (status = 200, description = "One page of the audit log, newest first.", body = Page<Entries>),
        (status = 403, description = "`organisation_not_managed`.", body = Error),
    )
)]
pub(crate) async fn list_audit(
    State(state): State<AppState>,
    manager: CurrentManager,
    Query(query): Query<ListQuery>,
) -> Result<Json<Page<Entries>>, ApiError> {
    Ok(Json(audit::list(&state, &manager, &query).await?))
}

#[utoipa::path(
    get, path = "/api/v1/audit/export.csv", operation_id = "exportAuditCsv", tag = "beheer",
    security(("session" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "The filtered audit log as CSV; recorded itself.", content_type = "text/csv", body = String),
        (status = 403, description = "`organisation_not_managed`.", body = Error),
    )
)]
pub(crate) async fn export_audit_csv(
    State(state): State<AppState>,
    manager: CurrentManager,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    export::audit_csv(&state, &manager, &query, unix_now()).await
}
