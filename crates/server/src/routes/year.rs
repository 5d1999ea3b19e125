//! The manager's year (docs/manage-api.md): `/api/v1/overview` and `/api/v1/bulk-actions…`.
//! Every handler reaches only the manager's organisations.

use api::year::{BulkAction, BulkActionResult, Overview, PeopleAction};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use super::machtigingen::{created, key};
use crate::AppState;
use crate::auth::CurrentManager;
use crate::clock::unix_now;
use crate::error::ApiError;
use crate::extract::Json;
use crate::lang;
use crate::manage::{actions, overview};
use crate::openapi::Error;

#[utoipa::path(
    get, path = "/api/v1/overview", operation_id = "getOverview", tag = "beheer",
    security(("session" = [])),
    responses(
        (status = 200, description = "What needs attention at the manager's organisations, each with the list (and its filter) whose total is the count.", body = Overview),
    )
)]
pub(crate) async fn show_overview(
    State(state): State<AppState>,
    manager: CurrentManager,
) -> Result<Json<Overview>, ApiError> {
    Ok(Json(
        overview::overview(&state, &manager, unix_now()).await?,
    ))
}

#[utoipa::path(
    post, path = "/api/v1/bulk-actions/preview", operation_id = "previewBulkAction", tag = "beheer",
    security(("session" = [])),
    request_body = BulkAction,
    responses(
        (status = 200, description = "What the action would do for each person (done, or skipped and why) and, for a renewal or a higher level, its price; nothing changes.", body = BulkActionResult),
        (status = 403, description = "`organisation_not_managed`: the filter names an organisation the manager does not manage.", body = Error),
        (status = 422, description = "`selection_empty`, `selection_too_large` (more than 10,000), `selection_unknown`, `selection_filter_invalid`, `term_invalid`, `level_above_own`, or a choice of machtigingen the manager may not order (`no_service_selected`, …).", body = Error),
    )
)]
pub(crate) async fn preview_bulk_action(
    State(state): State<AppState>,
    manager: CurrentManager,
    Json(body): Json<BulkAction>,
) -> Result<Json<BulkActionResult>, ApiError> {
    let result = actions::preview(&state, &manager, &body, unix_now(), lang::current());
    Ok(Json(result.await?))
}

#[utoipa::path(
    post, path = "/api/v1/bulk-actions", operation_id = "applyBulkAction", tag = "beheer",
    security(("session" = [])),
    params(("Idempotency-Key" = String, Header, description = "One key per action the manager confirms, 8 to 100 printable ASCII characters: the same key with the same body answers the same result, and finishes an action that was interrupted.", min_length = 8, max_length = 100, pattern = "^[\\x21-\\x7E]{8,100}$")),
    request_body = BulkAction,
    responses(
        (status = 201, description = "Done for everyone it could be done for, in batches; per person what happened, with one audit entry each. A renewal or higher level places orders (one per organisation, branch, level and machtigingen, at most 100 people each) and invites each person.", body = BulkActionResult),
        (status = 200, description = "Done before under this key: the same answer.", body = BulkActionResult),
        (status = 400, description = "`idempotency_key_missing`.", body = Error),
        (status = 403, description = "`organisation_not_managed`, or `step_up_required`: revoking needs the second factor given in the last 15 minutes.", body = Error),
        (status = 422, description = "As the preview, and `terms_not_accepted` when it costs money, `idempotency_key_reused`.", body = Error),
    )
)]
pub(crate) async fn apply_bulk_action(
    State(state): State<AppState>,
    manager: CurrentManager,
    headers: HeaderMap,
    Json(body): Json<BulkAction>,
) -> Result<(StatusCode, Json<BulkActionResult>), ApiError> {
    let key = key(&headers)?;
    let now = unix_now();
    if body.action == PeopleAction::Revoke {
        manager.ensure_recent_second_factor(now, state.config.demo)?;
    }
    let (result, new) = actions::apply(&state, &manager, key, &body, now, lang::current()).await?;
    Ok((created(new), Json(result)))
}
