//! The back office's onboarding (`/api/v1/admin/…`, admins only).

use gloo_net::http::Request;

use super::{ApiError, decode, delete_for, get, post, post_empty, prepare, send};
pub use ::api::back_office::{
    Appointment, LevelChange, ManagedOrganisation, ManagerDetail, ManagerSummary, Managers,
    Mandate, MandateRecord, OrganisationRegistration, RegisteredOrganisation,
};
pub use ::api::{AccountState, Authority};

/// `GET /api/v1/admin/organisations`.
pub async fn organisations() -> Result<Vec<RegisteredOrganisation>, ApiError> {
    get::<::api::back_office::RegisteredOrganisations>("/api/v1/admin/organisations")
        .await
        .map(|list| list.organisations)
}

/// `POST /api/v1/admin/organisations`: registers the organisation as the register names it.
pub async fn register_organisation(kvk_number: &str) -> Result<RegisteredOrganisation, ApiError> {
    let body = OrganisationRegistration {
        kvk_number: kvk_number.to_string(),
    };
    post("/api/v1/admin/organisations", &body).await
}

/// `GET /api/v1/admin/managers?q=…`.
pub async fn managers(search: String) -> Result<Managers, ApiError> {
    let query: String = js_sys::encode_uri_component(search.trim()).into();
    get(&format!("/api/v1/admin/managers?q={query}")).await
}

/// `GET /api/v1/admin/managers/{id}`.
pub async fn manager(id: i64) -> Result<ManagerDetail, ApiError> {
    get(&format!("/api/v1/admin/managers/{id}")).await
}

/// `POST /api/v1/admin/managers`: appoints the manager; the set-up mail goes out.
pub async fn appoint(appointment: Appointment) -> Result<ManagerDetail, ApiError> {
    post("/api/v1/admin/managers", &appointment).await
}

/// `PUT /api/v1/admin/managers/{id}/level`.
pub async fn change_level(id: i64, level: domain::Level) -> Result<ManagerDetail, ApiError> {
    let path = format!("/api/v1/admin/managers/{id}/level");
    let request = prepare(Request::put(&path), true).json(&LevelChange { level });
    decode(send(request).await?).await
}

/// `POST /api/v1/admin/managers/{id}/organisations`.
pub async fn add_organisation(id: i64, mandate: Mandate) -> Result<ManagerDetail, ApiError> {
    post(
        &format!("/api/v1/admin/managers/{id}/organisations"),
        &mandate,
    )
    .await
}

/// `DELETE /api/v1/admin/managers/{id}/organisations/{kvk}`.
pub async fn remove_organisation(id: i64, kvk_number: String) -> Result<ManagerDetail, ApiError> {
    delete_for(&format!(
        "/api/v1/admin/managers/{id}/organisations/{kvk_number}"
    ))
    .await
}

/// `POST` (suspend) or `DELETE` (reactivate) `/api/v1/admin/managers/{id}/suspension`.
pub async fn set_suspended(id: i64, suspended: bool) -> Result<ManagerDetail, ApiError> {
    let path = format!("/api/v1/admin/managers/{id}/suspension");
    if suspended {
        post_empty(&path).await
    } else {
        delete_for(&path).await
    }
}

/// `POST /api/v1/admin/managers/{id}/setup-link`.
pub async fn resend_setup_link(id: i64) -> Result<ManagerDetail, ApiError> {
    post_empty(&format!("/api/v1/admin/managers/{id}/setup-link")).await
}

/// `POST /api/v1/admin/managers/{id}/second-factor-reset`.
pub async fn reset_second_factor(id: i64) -> Result<ManagerDetail, ApiError> {
    post_empty(&format!("/api/v1/admin/managers/{id}/second-factor-reset")).await
}
