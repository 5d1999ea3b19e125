//! `GET /api/v1/dev/messages` and `GET /api/v1/dev/messages/{id}`: the development mailbox
//! (e-mail and SMS the server "sent" without sending), for the SPA's `/dev/berichten` and the
//! browser tests. Routed only when `MIDDELPUNT_DEV_MAILBOX` is on; otherwise these paths answer
//! 404 like any unknown path.

use axum::extract::State;
use axum::routing::{MethodRouter, get};

use crate::AppState;
use crate::config::Config;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::mail::dev_mailbox::{self, DevMessage};

/// How many messages a listing answers unless `limit` says otherwise.
pub const DEFAULT_LIMIT: u32 = 100;

/// The query of the listing, and the listing: `{"messages": [...]}`, newest first.
pub use api::dev::{ListQuery, MessageList};

pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Json<MessageList>, ApiError> {
    let recipient = query
        .recipient
        .as_deref()
        .map(str::trim)
        .filter(|recipient| !recipient.is_empty());
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let messages = dev_mailbox::list(&state.db, recipient, limit).await?;
    Ok(Json(MessageList { messages }))
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<DevMessage>, ApiError> {
    dev_mailbox::get(&state.db, id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// The development mailbox's routes when `MIDDELPUNT_DEV_MAILBOX` is on, else none.
pub fn routes(config: &Config) -> Vec<(&'static str, MethodRouter<AppState>)> {
    if !config.mail.dev_mailbox {
        return Vec::new();
    }
    vec![
        ("/api/v1/dev/messages", get(list)),
        ("/api/v1/dev/messages/{id}", get(show)),
    ]
}
