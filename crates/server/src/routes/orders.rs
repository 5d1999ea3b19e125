//! `POST /api/v1/orders` and `GET /api/v1/orders/{order_number}`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use domain::order::OrderRequest;

use crate::AppState;
use crate::auth::CurrentManager;
use crate::clients::caller::{Acting, Order, ReadUsers};
use crate::clients::reads::{self, Read};
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::lang;
use crate::openapi::Error;
use crate::orders::{self, PlacedOrder};

/// Places an order (idempotent by `Idempotency-Key`): 201 when created, 200 for a retry.
#[utoipa::path(
    post, path = "/api/v1/orders", operation_id = "placeOrder", tag = "ordering",
    security(("session" = []), ("apiClient" = [])),
    params(("Idempotency-Key" = String, Header, description = "One key per draft order, 8 to 100 printable ASCII characters: the same key with the same order answers the same order.", min_length = 8, max_length = 100, pattern = "^[\\x21-\\x7E]{8,100}$")),
    request_body = OrderRequest,
    responses(
        (status = 201, description = "The order was placed.", body = PlacedOrder),
        (status = 200, description = "This key already placed this order: the same order.", body = PlacedOrder),
        (status = 403, description = "`organisation_not_managed` or `level_above_own`, `csrf_failed`, or `step_up_required`: an EH3 order needs the second factor given in the last 15 minutes (`POST /api/v1/session/second-factor`).", body = Error),
        (status = 422, description = "The order breaks rules (`order_invalid`, with `details.problems`: each with `location`, `code` and `message`; e.g. `organisation_ended` at `kvk_number` when the KvK register lists the organisation as ended) or reuses a key for another order (`idempotency_key_reused`).", body = Error),
        (status = 503, description = "`register_unavailable` (with `Retry-After`): the KvK register cannot answer now; or the database does not (`service_unavailable`).", body = Error,
            headers(("Retry-After" = u64, description = "Seconds after which the register may answer again (`register_unavailable` only)."))),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    Acting(manager, _): Acting<Order>,
    headers: HeaderMap,
    Json(request): Json<OrderRequest>,
) -> Result<(StatusCode, Json<PlacedOrder>), ApiError> {
    if request.level == domain::Level::Eh3 {
        manager.ensure_recent_second_factor(crate::auth::unix_now(), state.config.demo)?;
    }
    let key = orders::idempotency_key(&headers)?;
    let (order, created) = orders::place(&state, &manager, key, request, lang::current()).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(order)))
}

/// One of the manager's orders.
#[utoipa::path(
    get, path = "/api/v1/orders/{order_number}", operation_id = "getOrder", tag = "ordering",
    security(("session" = []), ("apiClient" = [])),
    params(("order_number" = String, Path, description = "The order number.")),
    responses(
        (status = 200, description = "The order.", body = PlacedOrder),
        (status = 404, description = "No such order of this manager (`order_not_found`).", body = Error),
    )
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    Acting(manager, _): Acting<ReadUsers>,
    Path(order_number): Path<String>,
) -> Result<Json<PlacedOrder>, ApiError> {
    let order = orders::load(&state, manager.id, &order_number).await?;
    // An API client sees only its own organisation's orders; a manager manages all of theirs.
    if !manager.manages(&order.kvk_number) {
        return Err(orders::OrderError::NotFound(order_number).into());
    }
    let path = format!("/api/v1/orders/{order_number}");
    reads::record(&state, &manager, Read::one(&path), crate::clock::unix_now()).await?;
    Ok(Json(order))
}

/// What `POST /api/v1/organisations/{kvk_number}/known-users` takes and answers.
pub(crate) use api::orders::{KnownUsersAnswer, KnownUsersRequest};

/// Which of these e-mail addresses already have an open request at the organisation, so the
/// wizard can flag them before the manager orders twice for the same person.
#[utoipa::path(
    post, path = "/api/v1/organisations/{kvk_number}/known-users", operation_id = "findKnownUsers", tag = "ordering",
    security(("session" = [])),
    params(("kvk_number" = String, Path, description = "The organisation's KvK number, 8 digits.", pattern = "^[0-9]{8}$")),
    request_body = KnownUsersRequest,
    responses(
        (status = 200, description = "The users with an open request at the organisation.", body = KnownUsersAnswer),
        (status = 403, description = "`organisation_not_managed`, or `csrf_failed`.", body = Error),
    )
)]
pub(crate) async fn known_users(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(kvk_number): Path<String>,
    Json(request): Json<KnownUsersRequest>,
) -> Result<Json<KnownUsersAnswer>, ApiError> {
    if domain::kvk::KvkNumber::parse_exact(&kvk_number).is_none() {
        return Err(ApiError::BadRequest {
            part: crate::error::RequestPart::Path,
            reason: "kvk_number: a KvK number of 8 digits".into(),
        });
    }
    manager.ensure_manages(&kvk_number)?;
    if request.emails.len() > state.config.import_max_rows {
        return Err(ApiError::BadRequest {
            part: crate::error::RequestPart::Body,
            reason: format!("at most {} addresses", state.config.import_max_rows),
        });
    }
    let known = orders::known_users(&state, &kvk_number, &request.emails).await?;
    Ok(Json(KnownUsersAnswer { known }))
}
