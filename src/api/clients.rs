//! API clients ("Koppelingen", docs/clients-api.md, issue 12): a manager's standing connection
//! through which an HR system or identity provider orders and revokes means itself (SCIM 2.0).
//! Creating one and a new secret answer the secret, once.

use gloo_net::http::Request;

use super::{ApiError, decode, delete_for, get, post, post_empty, prepare, send};

pub use ::api::clients::{
    ApiClient, ApiClients, IssuedSecret, MAX_NAME_CHARS, MAX_VALIDITY_DAYS, NewApiClient,
    NewWebhook, ProvisioningProfile, ROTATION_GRACE_HOURS, Webhook, WebhookOutcome, WebhookSet,
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

/// `PUT /api/v1/api-clients/{client_id}/webhook`: sets the client's webhook; the answer holds
/// its new signing secret, the only time.
pub async fn set_webhook(client_id: String, body: NewWebhook) -> Result<WebhookSet, ApiError> {
    let path = format!("/api/v1/api-clients/{client_id}/webhook");
    decode(send(prepare(Request::put(&path), true).json(&body)).await?).await
}

/// `DELETE /api/v1/api-clients/{client_id}/webhook`: removes it; nothing is called any more.
pub async fn remove_webhook(client_id: String) -> Result<ApiClient, ApiError> {
    delete_for(&format!("/api/v1/api-clients/{client_id}/webhook")).await
}
