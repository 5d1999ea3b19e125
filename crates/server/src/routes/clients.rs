//! API clients ("Koppelingen", docs/clients-api.md): `/api/v1/api-clients…`. Every handler
//! reaches only the manager's organisations, with the manager's session (never a client's
//! token: a client cannot make or change clients).

use axum::extract::State;
use axum::http::StatusCode;

use crate::AppState;
use crate::auth::CurrentManager;
use crate::clients::{self, ApiClient, ApiClients, IssuedSecret, NewApiClient};
use crate::clock::unix_now;
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::lang;
use crate::openapi::Error;
use api::clients::{NewWebhook, WebhookSet};

#[utoipa::path(
    get, path = "/api/v1/api-clients", operation_id = "listApiClients", tag = "clients",
    security(("session" = [])),
    responses(
        (status = 200, description = "The API clients of the manager's organisations, newest first; never their secrets.", body = ApiClients),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    manager: CurrentManager,
) -> Result<Json<ApiClients>, ApiError> {
    Ok(Json(clients::list(&state, &manager, unix_now()).await?))
}

#[utoipa::path(
    post, path = "/api/v1/api-clients", operation_id = "createApiClient", tag = "clients",
    security(("session" = [])),
    request_body = NewApiClient,
    responses(
        (status = 201, description = "The client, with its secret: the only time the secret is shown.", body = IssuedSecret),
        (status = 403, description = "`organisation_not_managed`, `level_above_own` (the profile's level), or `step_up_required`: the second factor given in the last 15 minutes.", body = Error),
        (status = 422, description = "`api_client_invalid`, with `details.problems`: each with `location` (`name`, `permissions`, `expires_on`, `kvk_number`, `profile.branch_number`, `profile.authorisations`, `accepted_terms`), `code` and `message`. The profile is checked by the order's rules.", body = Error),
        (status = 503, description = "`register_unavailable`: the KvK register cannot answer now.", body = Error),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    manager: CurrentManager,
    Json(new): Json<NewApiClient>,
) -> Result<(StatusCode, Json<IssuedSecret>), ApiError> {
    let now = unix_now();
    manager.ensure_recent_second_factor(now, state.config.demo)?;
    let issued = clients::create(&state, &manager, new, now, lang::current()).await?;
    Ok((StatusCode::CREATED, Json(issued)))
}

#[utoipa::path(
    get, path = "/api/v1/api-clients/{client_id}", operation_id = "getApiClient", tag = "clients",
    security(("session" = [])),
    params(("client_id" = String, Path, description = "The client, `KP-XXXXX-XXXXX`.")),
    responses(
        (status = 200, description = "The client; never its secret.", body = ApiClient),
        (status = 404, description = "`api_client_not_found`: no such client at the manager's organisations.", body = Error),
    )
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(client_id): Path<String>,
) -> Result<Json<ApiClient>, ApiError> {
    Ok(Json(
        clients::show(&state, &manager, &client_id, unix_now()).await?,
    ))
}

#[utoipa::path(
    post, path = "/api/v1/api-clients/{client_id}/secret", operation_id = "rotateApiClientSecret", tag = "clients",
    security(("session" = [])),
    params(("client_id" = String, Path, description = "The client, `KP-XXXXX-XXXXX`.")),
    responses(
        (status = 200, description = "A new secret, shown this once; the previous one keeps working for 24 hours (`previous_secret_valid_until`).", body = IssuedSecret),
        (status = 403, description = "`step_up_required`: the second factor given in the last 15 minutes.", body = Error),
        (status = 404, description = "`api_client_not_found`.", body = Error),
        (status = 409, description = "`api_client_not_active`: the client is revoked or expired.", body = Error),
    )
)]
pub(crate) async fn rotate(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(client_id): Path<String>,
) -> Result<Json<IssuedSecret>, ApiError> {
    let now = unix_now();
    manager.ensure_recent_second_factor(now, state.config.demo)?;
    Ok(Json(
        clients::rotate(&state, &manager, &client_id, now).await?,
    ))
}

#[utoipa::path(
    post, path = "/api/v1/api-clients/{client_id}/revocation", operation_id = "revokeApiClient", tag = "clients",
    security(("session" = [])),
    params(("client_id" = String, Path, description = "The client, `KP-XXXXX-XXXXX`.")),
    responses(
        (status = 200, description = "The client, revoked: every secret stopped working. Revoking a revoked client answers it unchanged.", body = ApiClient),
        (status = 404, description = "`api_client_not_found`.", body = Error),
    )
)]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(client_id): Path<String>,
) -> Result<Json<ApiClient>, ApiError> {
    Ok(Json(
        clients::revoke(&state, &manager, &client_id, unix_now()).await?,
    ))
}

#[utoipa::path(
    put, path = "/api/v1/api-clients/{client_id}/webhook", operation_id = "setApiClientWebhook", tag = "clients",
    security(("session" = [])),
    params(("client_id" = String, Path, description = "The client, `KP-XXXXX-XXXXX`.")),
    request_body = NewWebhook,
    responses(
        (status = 200, description = "The client with its webhook, and a new signing secret (`whsec_…`), shown this once: every call is signed with it (`Middelpunt-Signature`, see docs/clients-api.md). Changes of the client's users' requests (invited, e-mail confirmed, identification required, issued, rejected, expired, cancelled, revoked) are `POST`ed to the URL from now on.", body = WebhookSet),
        (status = 403, description = "`step_up_required`: the second factor given in the last 15 minutes.", body = Error),
        (status = 404, description = "`api_client_not_found`.", body = Error),
        (status = 409, description = "`api_client_not_active`: the client is revoked or expired.", body = Error),
        (status = 422, description = "`api_client_invalid`, with `details.problems` at `location` `url`: `url_invalid` (no absolute URL), `url_not_https` (`http://` only to `localhost`, `127.0.0.1` or `[::1]`), `url_userinfo` (a user or password in it), `url_too_long` (over 2,000 characters).", body = Error),
    )
)]
pub(crate) async fn set_webhook(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(client_id): Path<String>,
    Json(new): Json<NewWebhook>,
) -> Result<Json<WebhookSet>, ApiError> {
    let now = unix_now();
    manager.ensure_recent_second_factor(now, state.config.demo)?;
    Ok(Json(
        clients::webhooks::set(&state, &manager, &client_id, new, now, lang::current()).await?,
    ))
}

#[utoipa::path(
    delete, path = "/api/v1/api-clients/{client_id}/webhook", operation_id = "removeApiClientWebhook", tag = "clients",
    security(("session" = [])),
    params(("client_id" = String, Path, description = "The client, `KP-XXXXX-XXXXX`.")),
    responses(
        (status = 200, description = "The client, without a webhook: calls not yet delivered are dropped. Removing an absent webhook answers the client unchanged.", body = ApiClient),
        (status = 403, description = "`step_up_required`: the second factor given in the last 15 minutes.", body = Error),
        (status = 404, description = "`api_client_not_found`.", body = Error),
        (status = 409, description = "`api_client_not_active`: the client is revoked or expired.", body = Error),
    )
)]
pub(crate) async fn remove_webhook(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(client_id): Path<String>,
) -> Result<Json<ApiClient>, ApiError> {
    let now = unix_now();
    manager.ensure_recent_second_factor(now, state.config.demo)?;
    Ok(Json(
        clients::webhooks::remove(&state, &manager, &client_id, now).await?,
    ))
}
