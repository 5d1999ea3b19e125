//! API clients ("Koppelingen", docs/clients-api.md, issue 12): a manager's standing connection
//! through which an HR system or identity provider orders and revokes means itself (SCIM 2.0).
//! Creating one and a new secret answer the secret, once.

use super::{ApiError, get, post, post_empty};

pub use ::api::clients::{
    ApiClient, ApiClients, IssuedSecret, MAX_NAME_CHARS, MAX_VALIDITY_DAYS, NewApiClient,
    ProvisioningProfile, ROTATION_GRACE_HOURS,
};
pub use ::api::{ClientPermission, ClientStatus};

/// `GET /api/v1/api-clients`: the clients of the manager's organisations, newest first.
pub async fn clients() -> Result<Vec<ApiClient>, ApiError> {
    get::<ApiClients>("/api/v1/api-clients")
        .await
        .map(|c| c.clients)
}

/// `GET /api/v1/api-clients/{client_id}`: one client.
pub async fn client(client_id: String) -> Result<ApiClient, ApiError> {
    get(&format!("/api/v1/api-clients/{client_id}")).await
}

/// `POST /api/v1/api-clients`: creates a client; the answer holds its secret, the only time.
pub async fn create(body: NewApiClient) -> Result<IssuedSecret, ApiError> {
    post("/api/v1/api-clients", &body).await
}

/// `POST /api/v1/api-clients/{client_id}/secret`: a new secret; the previous one keeps working
/// for [`ROTATION_GRACE_HOURS`] hours.
pub async fn rotate_secret(client_id: String) -> Result<IssuedSecret, ApiError> {
    post_empty(&format!("/api/v1/api-clients/{client_id}/secret")).await
}

/// `POST /api/v1/api-clients/{client_id}/revocation`: every secret of the client stops working
/// at once.
pub async fn revoke(client_id: String) -> Result<ApiClient, ApiError> {
    post_empty(&format!("/api/v1/api-clients/{client_id}/revocation")).await
}
