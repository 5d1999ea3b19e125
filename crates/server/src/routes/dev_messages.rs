//! `GET /api/v1/dev/messages` and `GET /api/v1/dev/messages/{id}`: the development mailbox
//! (e-mail and SMS the server "sent" without sending), for the SPA's `/dev/berichten` and the
//! browser tests. Routed only when `MIDDELPUNT_DEV_MAILBOX` is on; otherwise these paths answer
//! 404 like any unknown path.

use axum::extract::State;

use crate::AppState;
use crate::config::Config;
use crate::error::{ApiError, RequestPart};
use crate::extract::{Json, Path, Query};
use crate::mail::dev_mailbox::{self, DevMessage};
use crate::openapi::Error;
use crate::routes::ApiRoute;

/// How many messages a listing answers unless `limit` says otherwise.
pub(crate) const DEFAULT_LIMIT: u32 = 100;

/// The query of the listing, and the listing: `{"messages": [...]}`, newest first.
pub(crate) use api::dev::{ListQuery, MessageList};

#[utoipa::path(
    get, path = "/api/v1/dev/messages", operation_id = "listDevMessages", tag = "development",
    params(ListQuery),
    responses((status = 200, description = "The messages, newest first.", body = MessageList))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Json<MessageList>, ApiError> {
    let recipient = query
        .recipient
        .as_deref()
        .map(str::trim)
        .filter(|recipient| !recipient.is_empty());
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=dev_mailbox::MAX_LIST).contains(&limit) {
        return Err(ApiError::BadRequest {
            part: RequestPart::Query,
            reason: format!("limit: a whole number from 1 to {}", dev_mailbox::MAX_LIST),
        });
    }
    let messages = dev_mailbox::list(&state.db, recipient, limit).await?;
    Ok(Json(MessageList { messages }))
}

#[utoipa::path(
    get, path = "/api/v1/dev/messages/{id}", operation_id = "getDevMessage", tag = "development",
    params(("id" = i64, Path, description = "The message.")),
    responses(
        (status = 200, description = "The message.", body = DevMessage),
        (status = 404, description = "No such message (`not_found`).", body = Error),
    )
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<DevMessage>, ApiError> {
    dev_mailbox::get(&state.db, id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// The development mailbox's routes when `MIDDELPUNT_DEV_MAILBOX` is on, else none.
pub(crate) fn routes(config: &Config) -> Vec<ApiRoute> {
    if !config.mail.dev_mailbox {
        return Vec::new();
    }
    vec![
        ("/api/v1/dev/messages", utoipa_axum::routes!(list)),
        ("/api/v1/dev/messages/{id}", utoipa_axum::routes!(show)),
    ]
}
