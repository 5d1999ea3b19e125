//! Machtigingen beheren (docs/manage-api.md, issue 15): adding machtigingen to one means (with a
//! quote first), a new end date, a withdrawal, the same for many people at once (with a
//! preview), and the co-manager role.

use gloo_net::http::Request;

use super::{ApiError, MeansDetail, decode, delete, post, post_empty, prepare, send};

pub use ::api::authorisations::{
    AdditionPlan, AuthorisationAddition, AuthorisationEnd, AuthorisationsAdded, BulkAuthorisations,
    BulkChange, BulkResult, ManagerRole, ManagerRoleRequest, PersonOutcome, Selection,
};
pub use ::api::manage::{ListQuery, MeansAuthorisation};
pub use ::api::{AccountState, AuthorisationStatus, BulkOutcome, SkipReason};

/// A new key for one attempt at a change that must not happen twice (`Idempotency-Key`).
pub fn new_idempotency_key() -> String {
    leptos::prelude::window()
        .crypto()
        .map(|c| c.random_uuid())
        // Only where crypto is missing (no supported browser): time plus randomness.
        .unwrap_or_else(|_| format!("{}-{}", js_sys::Date::now(), js_sys::Math::random()))
}

/// `POST /api/v1/means/{means_id}/authorisations/quote`: what an addition would add and cost.
pub async fn quote_addition(
    means_id: String,
    addition: AuthorisationAddition,
) -> Result<AdditionPlan, ApiError> {
    post(
        &format!("/api/v1/means/{means_id}/authorisations/quote"),
        &addition,
    )
    .await
}

/// `POST /api/v1/means/{means_id}/authorisations`: adds machtigingen; the same `key` makes a
/// retry return the same answer instead of adding (and charging) twice.
pub async fn add_authorisations(
    means_id: String,
    addition: AuthorisationAddition,
    key: String,
) -> Result<AuthorisationsAdded, ApiError> {
    let path = format!("/api/v1/means/{means_id}/authorisations");
    let builder = prepare(Request::post(&path), true).header("Idempotency-Key", &key);
    decode(send(builder.json(&addition)).await?).await
}

/// `PATCH /api/v1/means/{means_id}/authorisations/{position}`: a new last day.
pub async fn change_authorisation_end(
    means_id: String,
    position: i64,
    valid_until: String,
) -> Result<MeansDetail, ApiError> {
    let path = format!("/api/v1/means/{means_id}/authorisations/{position}");
    let request = prepare(Request::patch(&path), true).json(&AuthorisationEnd { valid_until });
    decode(send(request).await?).await
}

/// `POST /api/v1/means/{means_id}/authorisations/{position}/withdrawal`: stops it at once.
pub async fn withdraw_authorisation(
    means_id: String,
    position: i64,
) -> Result<MeansDetail, ApiError> {
    post_empty(&format!(
        "/api/v1/means/{means_id}/authorisations/{position}/withdrawal"
    ))
    .await
}

/// `POST /api/v1/authorisation-changes/preview`: what a change for many people would do.
pub async fn preview_bulk(change: BulkAuthorisations) -> Result<BulkResult, ApiError> {
    post("/api/v1/authorisation-changes/preview", &change).await
}

/// `POST /api/v1/authorisation-changes`: the change for many people, once per `key`.
pub async fn bulk_change(change: BulkAuthorisations, key: String) -> Result<BulkResult, ApiError> {
    let builder = prepare(Request::post("/api/v1/authorisation-changes"), true)
        .header("Idempotency-Key", &key);
    decode(send(builder.json(&change)).await?).await
}

/// `PUT /api/v1/users/{request_id}/manager-role`: makes the user a co-manager.
pub async fn give_manager_role(
    request_id: String,
    level: domain::Level,
) -> Result<ManagerRole, ApiError> {
    let path = format!("/api/v1/users/{request_id}/manager-role");
    let request = prepare(Request::put(&path), true).json(&ManagerRoleRequest { level });
    decode(send(request).await?).await
}

/// `DELETE /api/v1/users/{request_id}/manager-role`: takes the role away.
pub async fn withdraw_manager_role(request_id: String) -> Result<(), ApiError> {
    delete(&format!("/api/v1/users/{request_id}/manager-role")).await
}
