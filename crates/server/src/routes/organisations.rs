//! `GET /api/v1/organisations/{kvk_number}`: an organisation as the KvK register holds it, with
//! its branches, for the order wizard's steps 2 (branch) and 3 (organisation check).
//!
//! - 200: the [`Organisation`]; shielded addresses are absent. `ended_on` says when the register
//!   lists it as ended: the wizard then refuses to order for it, as the order's own check does.
//! - 401 `not_logged_in`: only managers look organisations up.
//! - 400 `invalid_kvk_number`: not 8 digits (spaces, dots and hyphens are allowed), with the
//!   reason.
//! - 404 `organisation_not_found`: the register holds no such organisation.
//! - 503 `register_unavailable` with `Retry-After`: the register cannot answer now (also when
//!   KvK answers 404 with "temporarily unavailable"); the wizard keeps the input and offers to
//!   try again.

use axum::extract::State;
use domain::organisation::Organisation;

use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::kvk;
use crate::openapi::Error;

/// Only for a logged-in manager: a lookup may cost a paid call to KvK, so the server is no open
/// proxy to the register. The register is public, so any organisation may be looked up (the
/// wizard offers only the manager's own; ordering checks that again).
#[utoipa::path(
    get, path = "/api/v1/organisations/{kvk_number}", operation_id = "getOrganisation", tag = "ordering",
    security(("session" = [])),
    params(("kvk_number" = String, Path, description = "8 digits; spaces, dots and hyphens between them are allowed.", pattern = "^[ .-]*([0-9][ .-]*){8}$")),
    responses(
        (status = 200, description = "The organisation; shielded addresses are absent. `ended_on` (not null) when the register lists it as ended: no order is accepted for it (`organisation_ended`).", body = Organisation),
        (status = 400, description = "Not a KvK number (`invalid_kvk_number`, `details.reason`: `required`, `not_digits` or `wrong_length`).", body = Error),
        (status = 404, description = "The register holds no such organisation (`organisation_not_found`).", body = Error),
        (status = 503, description = "The register cannot answer now (`register_unavailable`, with `Retry-After` and `details.retry_after_seconds`), or the database does not (`service_unavailable`).", body = Error,
            headers(("Retry-After" = u64, description = "Seconds after which the register may answer again (`register_unavailable` only)."))),
    )
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    _manager: CurrentManager,
    Path(kvk_number): Path<String>,
) -> Result<Json<Organisation>, ApiError> {
    let number = kvk::parse_number(&kvk_number)?;
    let organisation = kvk::find(state.kvk.as_ref(), &number).await?;
    Ok(Json(organisation))
}
