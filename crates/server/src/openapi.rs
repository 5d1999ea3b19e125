//! `GET /api/v1/openapi.json`: the hand-written OpenAPI 3.1 description of the API
//! (`crates/server/openapi.json`). Every route in [`api_routes`](crate::routes::api_routes)
//! must appear in it; a test checks.

use axum::http::header;
use axum::response::IntoResponse;

/// The document, compiled in.
pub const DOCUMENT: &str = include_str!("../openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
