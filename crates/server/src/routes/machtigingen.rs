//! Machtigingen beheren (docs/manage-api.md): `/api/v1/means/{means_id}/authorisations…` for
//! one person, `/api/v1/authorisation-changes…` for many, `/api/v1/users/{request_id}/manager-role`
//! for a co-manager. Every handler reaches only the manager's organisations.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use crate::AppState;
use crate::auth::CurrentManager;
use crate::clock::unix_now;
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::lang;
use crate::manage::co_manager;
use crate::manage::machtigingen::{bulk, one};
use crate::manage::users::MeansDetail;
use crate::openapi::Error;
use api::authorisations::{
    AdditionPlan, AuthorisationAddition, AuthorisationEnd, AuthorisationsAdded, BulkAuthorisations,
    BulkResult, ManagerRole, ManagerRoleRequest,
};

/// The `Idempotency-Key` header, checked as for an order.
pub(crate) fn key(headers: &HeaderMap) -> Result<&str, ApiError> {
    Ok(crate::orders::idempotency_key(headers)?)
}

pub(crate) fn created(new: bool) -> StatusCode {
    if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

#[utoipa::path(
    post, path = "/api/v1/means/{means_id}/authorisations/quote", operation_id = "quoteAuthorisations", tag = "machtigingen",
    security(("session" = [])),
    params(("means_id" = String, Path, description = "The means.")),
    request_body = AuthorisationAddition,
    responses(
        (status = 200, description = "What the addition would add (and what the means holds already), until when, its price and warnings; nothing changes.", body = AdditionPlan),
        (status = 404, description = "`means_not_found` (also for another manager's organisations).", body = Error),
        (status = 409, description = "`means_not_active`: revoked or expired.", body = Error),
        (status = 422, description = "The choice or the date breaks a rule: `no_service_selected`, `unknown_provider`, `unknown_service`, `service_level_too_high` (the means' level is too low: order a higher level), `level_above_own`, `valid_until_invalid`, `valid_until_in_past`, `valid_until_past_means_end`, `valid_until_too_far`; `details.field` names the field.", body = Error),
    )
)]
pub(crate) async fn quote(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(means_id): Path<String>,
    Json(addition): Json<AuthorisationAddition>,
) -> Result<Json<AdditionPlan>, ApiError> {
    let plan = one::quote(
        &state,
        &manager,
        &means_id,
        &addition,
        unix_now(),
        lang::current(),
    );
    Ok(Json(plan.await?))
}

#[utoipa::path(
    post, path = "/api/v1/means/{means_id}/authorisations", operation_id = "addAuthorisations", tag = "machtigingen",
    security(("session" = [])),
    params(
        ("means_id" = String, Path, description = "The means."),
        ("Idempotency-Key" = String, Header, description = "One key per addition the manager confirms, 8 to 100 printable ASCII characters: the same key with the same body answers the same addition.", min_length = 8, max_length = 100, pattern = "^[\\x21-\\x7E]{8,100}$"),
    ),
    request_body = AuthorisationAddition,
    responses(
        (status = 201, description = "Added, in one transaction with the timeline, the audit log and the e-mails (each manager of the organisation, and the user).", body = AuthorisationsAdded),
        (status = 200, description = "Added before under this key: the same answer.", body = AuthorisationsAdded),
        (status = 400, description = "`idempotency_key_missing`.", body = Error),
        (status = 404, description = "`means_not_found`.", body = Error),
        (status = 409, description = "`means_not_active`, or `already_present`: the means holds everything chosen.", body = Error),
        (status = 422, description = "As the quote, and `terms_not_accepted` when it costs money, `idempotency_key_reused`.", body = Error),
    )
)]
pub(crate) async fn add(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(means_id): Path<String>,
    headers: HeaderMap,
    Json(addition): Json<AuthorisationAddition>,
) -> Result<(StatusCode, Json<AuthorisationsAdded>), ApiError> {
    let key = key(&headers)?;
    let lang = lang::current();
    let (added, new) = one::add(
        &state,
        &manager,
        &means_id,
        key,
        &addition,
        unix_now(),
        lang,
    )
    .await?;
    Ok((created(new), Json(added)))
}

#[utoipa::path(
    patch, path = "/api/v1/means/{means_id}/authorisations/{position}", operation_id = "changeAuthorisationEnd", tag = "machtigingen",
    security(("session" = [])),
    params(
        ("means_id" = String, Path, description = "The means."),
        ("position" = i64, Path, description = "The machtiging's number on the means.", minimum = 1),
    ),
    request_body = AuthorisationEnd,
    responses(
        (status = 200, description = "The new last day is recorded (timeline, audit log, e-mails); the means as it is now.", body = MeansDetail),
        (status = 404, description = "`means_not_found` or `authorisation_not_found`.", body = Error),
        (status = 409, description = "`means_not_active`, or `authorisation_not_active`: withdrawn or ended.", body = Error),
        (status = 422, description = "`valid_until_invalid`, `valid_until_in_past`, `valid_until_past_means_end`, `valid_until_too_far` or `valid_until_past_paid` (after the term a paid addition was paid for).", body = Error),
    )
)]
pub(crate) async fn change_end(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path((means_id, position)): Path<(String, i64)>,
    Json(end): Json<AuthorisationEnd>,
) -> Result<Json<MeansDetail>, ApiError> {
    let lang = lang::current();
    let means = one::set_end(
        &state,
        &manager,
        &means_id,
        position,
        &end,
        unix_now(),
        lang,
    )
    .await?;
    Ok(Json(means))
}

#[utoipa::path(
    post, path = "/api/v1/means/{means_id}/authorisations/{position}/withdrawal", operation_id = "withdrawAuthorisation", tag = "machtigingen",
    security(("session" = [])),
    params(
        ("means_id" = String, Path, description = "The means."),
        ("position" = i64, Path, description = "The machtiging's number on the means.", minimum = 1),
    ),
    responses(
        (status = 200, description = "Withdrawn: it stops at once (timeline, audit log, e-mails); the means as it is now.", body = MeansDetail),
        (status = 404, description = "`means_not_found` or `authorisation_not_found`.", body = Error),
        (status = 409, description = "`means_not_active` or `authorisation_not_active`.", body = Error),
    )
)]
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path((means_id, position)): Path<(String, i64)>,
) -> Result<Json<MeansDetail>, ApiError> {
    let lang = lang::current();
    let means = one::withdraw(&state, &manager, &means_id, position, unix_now(), lang).await?;
    Ok(Json(means))
}

#[utoipa::path(
    post, path = "/api/v1/authorisation-changes/preview", operation_id = "previewAuthorisationChange", tag = "machtigingen",
    security(("session" = [])),
    request_body = BulkAuthorisations,
    responses(
        (status = 200, description = "What the change would do for each person (done, or skipped and why) and its price; nothing changes.", body = BulkResult),
        (status = 403, description = "`organisation_not_managed`: the filter names an organisation the manager does not manage.", body = Error),
        (status = 422, description = "`selection_empty`, `selection_too_large` (more than 1,000), `selection_unknown`, `selection_filter_invalid`, or the choice or date breaks a rule (as for one means).", body = Error),
    )
)]
pub(crate) async fn preview(
    State(state): State<AppState>,
    manager: CurrentManager,
    Json(body): Json<BulkAuthorisations>,
) -> Result<Json<BulkResult>, ApiError> {
    let result = bulk::preview(&state, &manager, &body, unix_now(), lang::current());
    Ok(Json(result.await?))
}

#[utoipa::path(
    post, path = "/api/v1/authorisation-changes", operation_id = "applyAuthorisationChange", tag = "machtigingen",
    security(("session" = [])),
    params(("Idempotency-Key" = String, Header, description = "One key per change the manager confirms, 8 to 100 printable ASCII characters: the same key with the same body answers the same result.", min_length = 8, max_length = 100, pattern = "^[\\x21-\\x7E]{8,100}$")),
    request_body = BulkAuthorisations,
    responses(
        (status = 201, description = "Done for everyone it could be done for, in one transaction; per person what happened. Each organisation's managers get one e-mail listing the people, each person one e-mail.", body = BulkResult),
        (status = 200, description = "Done before under this key: the same answer.", body = BulkResult),
        (status = 400, description = "`idempotency_key_missing`.", body = Error),
        (status = 403, description = "`organisation_not_managed`.", body = Error),
        (status = 422, description = "As the preview, and `terms_not_accepted` when it costs money, `idempotency_key_reused`.", body = Error),
    )
)]
pub(crate) async fn apply(
    State(state): State<AppState>,
    manager: CurrentManager,
    headers: HeaderMap,
    Json(body): Json<BulkAuthorisations>,
) -> Result<(StatusCode, Json<BulkResult>), ApiError> {
    let key = key(&headers)?;
    let (result, new) =
        bulk::apply(&state, &manager, key, &body, unix_now(), lang::current()).await?;
    Ok((created(new), Json(result)))
}

#[utoipa::path(
    put, path = "/api/v1/users/{request_id}/manager-role", operation_id = "appointCoManager", tag = "machtigingen",
    security(("session" = [])),
    params(("request_id" = String, Path, description = "The user's request.")),
    request_body = ManagerRoleRequest,
    responses(
        (status = 201, description = "Appointed: an account without a password for the user's address, for the organisation of their means, and the set-up e-mail.", body = ManagerRole),
        (status = 403, description = "`csrf_failed`, or `step_up_required`: appointing needs the second factor given in the last 15 minutes.", body = Error),
        (status = 404, description = "`user_not_found`.", body = Error),
        (status = 409, description = "`means_not_active` (no active means), `manager_role_exists`, or `manager_account_exists` (an account with the address exists: the back office adds the organisation to it).", body = Error),
        (status = 422, description = "`level_too_high`: above the user's means or the manager's own level.", body = Error),
    )
)]
pub(crate) async fn appoint(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(request_id): Path<String>,
    Json(request): Json<ManagerRoleRequest>,
) -> Result<(StatusCode, Json<ManagerRole>), ApiError> {
    let now = unix_now();
    manager.ensure_recent_second_factor(now, state.config.demo)?;
    let role = co_manager::appoint(&state, &manager, &request_id, &request, now).await?;
    Ok((StatusCode::CREATED, Json(role)))
}

#[utoipa::path(
    delete, path = "/api/v1/users/{request_id}/manager-role", operation_id = "withdrawCoManager", tag = "machtigingen",
    security(("session" = [])),
    params(("request_id" = String, Path, description = "The user's request.")),
    responses(
        (status = 204, description = "Withdrawn: the account no longer manages the organisation."),
        (status = 404, description = "`manager_role_not_found`.", body = Error),
    )
)]
pub(crate) async fn withdraw_co_manager(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(request_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    co_manager::withdraw(&state, &manager, &request_id, unix_now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
