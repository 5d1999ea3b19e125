//! The manager's year (docs/manage-api.md, issue 11): what needs attention, and the actions on
//! many people at once (revoke, re-send, cancel, renew, change level), with a preview first.

use gloo_net::http::Request;

use super::{ApiError, decode, get, post, prepare, send};

pub use ::api::year::{
    Attention, AttentionList, BulkAction, BulkActionResult, Overview, PeopleAction, Succession,
};
pub use ::api::{AttentionKind, SuccessionKind};

/// `GET /api/v1/overview`: what needs the manager's attention.
pub async fn overview() -> Result<Overview, ApiError> {
    get("/api/v1/overview").await
}

/// `POST /api/v1/bulk-actions/preview`: what a bulk action would do.
pub async fn preview_bulk_action(action: BulkAction) -> Result<BulkActionResult, ApiError> {
    post("/api/v1/bulk-actions/preview", &action).await
}

/// `POST /api/v1/bulk-actions`: the action, once per `key` (the same key answers the same
/// result again).
pub async fn bulk_action(action: BulkAction, key: String) -> Result<BulkActionResult, ApiError> {
    let builder =
        prepare(Request::post("/api/v1/bulk-actions"), true).header("Idempotency-Key", &key);
    decode(send(builder.json(&action)).await?).await
}
