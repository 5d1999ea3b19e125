//! `/api/v1/admin/…`: the back office's onboarding ([`crate::back_office`]). Admins only
//! (`403 admin_only` for anyone else); appointing, adding an organisation and changing a level
//! need the second factor within the last 15 minutes (`403 step_up_required`).

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use sqlx::{Any, Transaction};
use utoipa::IntoParams;

use crate::AppState;
use crate::auth::{CurrentAdmin, CurrentManager};
use crate::back_office::{
    self, Appointment, LevelChange, ManagerDetail, Managers, Mandate, OrganisationRegistration,
    RegisteredOrganisation, RegisteredOrganisations, store,
};
use crate::clock::unix_now;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::kvk;
use crate::lang;
use crate::openapi::Error;

/// `GET /api/v1/admin/organisations`.
#[utoipa::path(
    get, path = "/api/v1/admin/organisations", operation_id = "listRegisteredOrganisations", tag = "back office",
    security(("session" = [])),
    responses(
        (status = 200, description = "Every registered organisation, by name.", body = RegisteredOrganisations),
        (status = 403, description = "`admin_only`.", body = Error),
    )
)]
pub(crate) async fn list_organisations(
    State(state): State<AppState>,
    _admin: CurrentAdmin,
) -> Result<Json<RegisteredOrganisations>, ApiError> {
    Ok(Json(RegisteredOrganisations {
        organisations: store::organisations(&state.db).await?,
    }))
}

/// `POST /api/v1/admin/organisations`: looks the organisation up in the KvK register and
/// registers it as the register names it.
#[utoipa::path(
    post, path = "/api/v1/admin/organisations", operation_id = "registerOrganisation", tag = "back office",
    security(("session" = [])),
    request_body = OrganisationRegistration,
    responses(
        (status = 201, description = "Registered.", body = RegisteredOrganisation),
        (status = 400, description = "`invalid_kvk_number`.", body = Error),
        (status = 403, description = "`admin_only`, or `csrf_failed`.", body = Error),
        (status = 404, description = "`organisation_not_found`: the register holds no such organisation.", body = Error),
        (status = 409, description = "`organisation_registered`: registered already.", body = Error),
        (status = 503, description = "`register_unavailable` (with `Retry-After`), or `service_unavailable`.", body = Error,
            headers(("Retry-After" = u64, description = "Seconds after which the register may answer again."))),
    )
)]
pub(crate) async fn register_organisation(
    State(state): State<AppState>,
    CurrentAdmin(admin): CurrentAdmin,
    Json(body): Json<OrganisationRegistration>,
) -> Result<(StatusCode, Json<RegisteredOrganisation>), ApiError> {
    let number = kvk::parse_number(&body.kvk_number)?;
    let organisation = kvk::find(state.kvk.as_ref(), &number).await?;
    let now = unix_now();
    let mut tx = crate::db::begin_write(&state.db).await?;
    if !store::register(&mut tx, &admin, &organisation, now).await? {
        return Err(
            back_office::BackOfficeError::OrganisationRegistered(number.to_string()).into(),
        );
    }
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(RegisteredOrganisation {
            place: organisation.place().map(str::to_owned),
            kvk_number: organisation.kvk_number,
            name: Some(organisation.name),
            registered_at: now,
            managers: 0,
        }),
    ))
}

/// The query of `GET /api/v1/admin/managers`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ManagersQuery {
    /// Free text on name, e-mail address or KvK number; empty: all (only its first 200
    /// characters count).
    q: Option<String>,
}

/// `GET /api/v1/admin/managers`.
#[utoipa::path(
    get, path = "/api/v1/admin/managers", operation_id = "listManagers", tag = "back office",
    security(("session" = [])),
    params(ManagersQuery),
    responses(
        (status = 200, description = "The managers, by name (at most 200; `truncated` when more matched).", body = Managers),
        (status = 403, description = "`admin_only`.", body = Error),
    )
)]
pub(crate) async fn list_managers(
    State(state): State<AppState>,
    _admin: CurrentAdmin,
    Query(query): Query<ManagersQuery>,
) -> Result<Json<Managers>, ApiError> {
    let search = query.q.unwrap_or_default();
    let search: String = search.trim().chars().take(200).collect();
    let (managers, truncated) = store::managers(&state.db, &search).await?;
    Ok(Json(Managers {
        managers,
        truncated,
    }))
}

/// `POST /api/v1/admin/managers`: appoints a manager for one organisation; the manager gets an
/// e-mail with a one-time link (24 hours) to set up the account.
#[utoipa::path(
    post, path = "/api/v1/admin/managers", operation_id = "appointManager", tag = "back office",
    security(("session" = [])),
    request_body = Appointment,
    responses(
        (status = 201, description = "Appointed; the set-up mail is on its way.", body = ManagerDetail),
        (status = 403, description = "`admin_only`, `csrf_failed`, or `step_up_required`: the second factor within the last 15 minutes (`POST /api/v1/session/second-factor`).", body = Error),
        (status = 409, description = "`manager_exists`: an account with this address exists.", body = Error),
        (status = 422, description = "`appointment_invalid`: `details.problems` (also `not_registered` for an organisation the back office has not registered).", body = Error),
    )
)]
pub(crate) async fn appoint(
    State(state): State<AppState>,
    CurrentAdmin(admin): CurrentAdmin,
    Json(appointment): Json<Appointment>,
) -> Result<(StatusCode, Json<ManagerDetail>), ApiError> {
    let now = unix_now();
    admin.ensure_recent_second_factor(now, state.config.demo)?;
    let checked = back_office::check_appointment(&appointment, lang::current())?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    let public_url = state.config.public_url.as_str();
    let id = store::appoint(&mut tx, &admin, &checked, public_url, now).await?;
    let detail = store::manager(&mut tx, id).await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(manager_id = id, admin_id = admin.id, "manager appointed");
    Ok((StatusCode::CREATED, Json(detail)))
}

/// `GET /api/v1/admin/managers/{manager_id}`.
#[utoipa::path(
    get, path = "/api/v1/admin/managers/{manager_id}", operation_id = "getManager", tag = "back office",
    security(("session" = [])),
    params(("manager_id" = i64, Path, description = "The manager's account.")),
    responses(
        (status = 200, description = "The manager, each organisation with its authority.", body = ManagerDetail),
        (status = 403, description = "`admin_only`.", body = Error),
        (status = 404, description = "`manager_not_found`.", body = Error),
    )
)]
pub(crate) async fn show_manager(
    State(state): State<AppState>,
    _admin: CurrentAdmin,
    Path(manager_id): Path<i64>,
) -> Result<Json<ManagerDetail>, ApiError> {
    let mut connection = state.db.acquire().await?;
    Ok(Json(store::manager(&mut connection, manager_id).await?))
}

/// The manager to change, read in the transaction that changes it, with the manager's row
/// locked (PostgreSQL) or the database's write lock held (SQLite) until it ends, so that two
/// admins' changes to one manager run one after the other (the "only organisation" check).
async fn begin(
    state: &AppState,
    manager_id: i64,
) -> Result<(Transaction<'static, Any>, ManagerDetail), ApiError> {
    let mut tx = crate::db::begin_write(&state.db).await?;
    sqlx::query("UPDATE managers SET level = level WHERE id = $1")
        .bind(manager_id)
        .execute(&mut *tx)
        .await?;
    let manager = store::manager(&mut tx, manager_id).await?;
    Ok((tx, manager))
}

/// Commits the change and answers the manager as it is now.
async fn finish(
    state: &AppState,
    admin: &CurrentManager,
    mut tx: Transaction<'static, Any>,
    manager_id: i64,
) -> Result<Json<ManagerDetail>, ApiError> {
    let after = store::manager(&mut tx, manager_id).await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(manager_id, admin_id = admin.id, "manager changed");
    Ok(Json(after))
}

/// `PUT /api/v1/admin/managers/{manager_id}/level`.
#[utoipa::path(
    put, path = "/api/v1/admin/managers/{manager_id}/level", operation_id = "changeManagerLevel", tag = "back office",
    security(("session" = [])),
    params(("manager_id" = i64, Path, description = "The manager's account.")),
    request_body = LevelChange,
    responses(
        (status = 200, description = "Changed (or the same already).", body = ManagerDetail),
        (status = 403, description = "`admin_only`, `csrf_failed`, or `step_up_required`.", body = Error),
        (status = 404, description = "`manager_not_found`.", body = Error),
        (status = 409, description = "`changed_meanwhile`.", body = Error),
    )
)]
pub(crate) async fn change_level(
    State(state): State<AppState>,
    CurrentAdmin(admin): CurrentAdmin,
    Path(manager_id): Path<i64>,
    Json(body): Json<LevelChange>,
) -> Result<Json<ManagerDetail>, ApiError> {
    let now = unix_now();
    admin.ensure_recent_second_factor(now, state.config.demo)?;
    let (mut tx, manager) = begin(&state, manager_id).await?;
    store::change_level(&mut tx, &admin, &manager, body.level, now).await?;
    finish(&state, &admin, tx, manager_id).await
}

/// `POST /api/v1/admin/managers/{manager_id}/organisations`.
#[utoipa::path(
    post, path = "/api/v1/admin/managers/{manager_id}/organisations", operation_id = "addManagerOrganisation", tag = "back office",
    security(("session" = [])),
    params(("manager_id" = i64, Path, description = "The manager's account.")),
    request_body = Mandate,
    responses(
        (status = 200, description = "The manager now manages the organisation too.", body = ManagerDetail),
        (status = 403, description = "`admin_only`, `csrf_failed`, or `step_up_required`.", body = Error),
        (status = 404, description = "`manager_not_found`.", body = Error),
        (status = 409, description = "`mandate_exists`: manages it already.", body = Error),
        (status = 422, description = "`appointment_invalid`: `details.problems`.", body = Error),
    )
)]
pub(crate) async fn add_organisation(
    State(state): State<AppState>,
    CurrentAdmin(admin): CurrentAdmin,
    Path(manager_id): Path<i64>,
    Json(mandate): Json<Mandate>,
) -> Result<Json<ManagerDetail>, ApiError> {
    let now = unix_now();
    admin.ensure_recent_second_factor(now, state.config.demo)?;
    let checked = back_office::check_own_mandate(&mandate, lang::current())?;
    let (mut tx, manager) = begin(&state, manager_id).await?;
    store::add_mandate(&mut tx, &admin, &manager, &checked, now).await?;
    finish(&state, &admin, tx, manager_id).await
}

/// `DELETE /api/v1/admin/managers/{manager_id}/organisations/{kvk_number}`.
#[utoipa::path(
    delete, path = "/api/v1/admin/managers/{manager_id}/organisations/{kvk_number}", operation_id = "removeManagerOrganisation", tag = "back office",
    security(("session" = [])),
    params(
        ("manager_id" = i64, Path, description = "The manager's account."),
        ("kvk_number" = String, Path, description = "The organisation."),
    ),
    responses(
        (status = 200, description = "The manager no longer manages the organisation.", body = ManagerDetail),
        (status = 403, description = "`admin_only`, or `csrf_failed`.", body = Error),
        (status = 404, description = "`manager_not_found`, or `mandate_not_found`.", body = Error),
        (status = 409, description = "`last_organisation`: the manager's only one (suspend instead).", body = Error),
    )
)]
pub(crate) async fn remove_organisation(
    State(state): State<AppState>,
    CurrentAdmin(admin): CurrentAdmin,
    Path((manager_id, kvk_number)): Path<(i64, String)>,
) -> Result<Json<ManagerDetail>, ApiError> {
    let now = unix_now();
    let (mut tx, manager) = begin(&state, manager_id).await?;
    store::remove_mandate(&mut tx, &admin, &manager, &kvk_number, now).await?;
    finish(&state, &admin, tx, manager_id).await
}

/// `POST /api/v1/admin/managers/{manager_id}/suspension`.
#[utoipa::path(
    post, path = "/api/v1/admin/managers/{manager_id}/suspension", operation_id = "suspendManager", tag = "back office",
    security(("session" = [])),
    params(("manager_id" = i64, Path, description = "The manager's account.")),
    responses(
        (status = 200, description = "Suspended (or so already): the manager's sessions have ended and they cannot sign in.", body = ManagerDetail),
        (status = 403, description = "`admin_only`, or `csrf_failed`.", body = Error),
        (status = 404, description = "`manager_not_found`.", body = Error),
    )
)]
pub(crate) async fn suspend(
    State(state): State<AppState>,
    CurrentAdmin(admin): CurrentAdmin,
    Path(manager_id): Path<i64>,
) -> Result<Json<ManagerDetail>, ApiError> {
    let now = unix_now();
    let (mut tx, manager) = begin(&state, manager_id).await?;
    store::set_suspended(&mut tx, &admin, &manager, true, now).await?;
    finish(&state, &admin, tx, manager_id).await
}

/// `DELETE /api/v1/admin/managers/{manager_id}/suspension`.
#[utoipa::path(
    delete, path = "/api/v1/admin/managers/{manager_id}/suspension", operation_id = "reactivateManager", tag = "back office",
    security(("session" = [])),
    params(("manager_id" = i64, Path, description = "The manager's account.")),
    responses(
        (status = 200, description = "Reactivated (or not suspended): the manager signs in again.", body = ManagerDetail),
        (status = 403, description = "`admin_only`, or `csrf_failed`.", body = Error),
        (status = 404, description = "`manager_not_found`.", body = Error),
    )
)]
pub(crate) async fn reactivate(
    State(state): State<AppState>,
    CurrentAdmin(admin): CurrentAdmin,
    Path(manager_id): Path<i64>,
) -> Result<Json<ManagerDetail>, ApiError> {
    let now = unix_now();
    let (mut tx, manager) = begin(&state, manager_id).await?;
    store::set_suspended(&mut tx, &admin, &manager, false, now).await?;
    finish(&state, &admin, tx, manager_id).await
}

/// `POST /api/v1/admin/managers/{manager_id}/setup-link`: a new set-up link for a manager who
/// has not set up the account (the links sent before stop working).
#[utoipa::path(
    post, path = "/api/v1/admin/managers/{manager_id}/setup-link", operation_id = "resendSetupLink", tag = "back office",
    security(("session" = [])),
    params(("manager_id" = i64, Path, description = "The manager's account.")),
    responses(
        (status = 200, description = "Sent.", body = ManagerDetail),
        (status = 403, description = "`admin_only`, or `csrf_failed`.", body = Error),
        (status = 404, description = "`manager_not_found`.", body = Error),
        (status = 409, description = "`account_set_up`: the account is set up already.", body = Error),
    )
)]
pub(crate) async fn resend_setup_link(
    State(state): State<AppState>,
    CurrentAdmin(admin): CurrentAdmin,
    Path(manager_id): Path<i64>,
) -> Result<Json<ManagerDetail>, ApiError> {
    let now = unix_now();
    let public_url = state.config.public_url.as_str().to_owned();
    let (mut tx, manager) = begin(&state, manager_id).await?;
    store::resend_setup_link(&mut tx, &admin, &manager, &public_url, now).await?;
    finish(&state, &admin, tx, manager_id).await
}

/// `POST /api/v1/admin/managers/{manager_id}/second-factor-reset`: for a manager who lost
/// their phone and their recovery codes.
#[utoipa::path(
    post, path = "/api/v1/admin/managers/{manager_id}/second-factor-reset", operation_id = "resetManagerSecondFactor", tag = "back office",
    security(("session" = [])),
    params(("manager_id" = i64, Path, description = "The manager's account.")),
    responses(
        (status = 200, description = "The app, passkeys and recovery codes are removed, the manager's sessions have ended and they are told by e-mail; they add a second factor at the next sign-in.", body = ManagerDetail),
        (status = 403, description = "`admin_only`, `csrf_failed`, or `step_up_required`.", body = Error),
        (status = 404, description = "`manager_not_found`.", body = Error),
    )
)]
pub(crate) async fn reset_second_factor(
    State(state): State<AppState>,
    CurrentAdmin(admin): CurrentAdmin,
    Path(manager_id): Path<i64>,
) -> Result<Json<ManagerDetail>, ApiError> {
    let now = unix_now();
    admin.ensure_recent_second_factor(now, state.config.demo)?;
    let (mut tx, manager) = begin(&state, manager_id).await?;
    store::reset_second_factor(&mut tx, &admin, &manager, now).await?;
    finish(&state, &admin, tx, manager_id).await
}
