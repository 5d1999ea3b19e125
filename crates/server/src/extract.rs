//! Extractors whose rejections are [`ApiError`]s, so a malformed request gets the API's JSON
//! error shape instead of axum's plain-text answer: use `crate::extract::{Json, Path, Query}`
//! in handlers, never `axum::Json` and friends.
//!
//! Body limits: [`body_limit`] sets the largest body a route accepts and records it, so that a
//! too large body is answered `payload_too_large` with the limit in its details. The whole API
//! has [`DEFAULT_BODY_LIMIT`]; a route that needs more (the users-file import) adds its own
//! `body_limit(config.import_max_bytes)` with `MethodRouter::layer`.

use axum::Extension;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, RequestPart};

/// The largest request body an API route accepts unless it sets its own [`body_limit`].
pub(crate) const DEFAULT_BODY_LIMIT: usize = 256 * 1024;

/// The body limit in force for a request, recorded by [`body_limit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BodyLimit(pub usize);

/// A layer that limits request bodies to `bytes` and records the limit for error messages.
/// Apply it to a router (`Router::layer`) or one route (`MethodRouter::layer`); the innermost
/// wins.
pub(crate) fn body_limit(bytes: usize) -> (Extension<BodyLimit>, DefaultBodyLimit) {
    (Extension(BodyLimit(bytes)), DefaultBodyLimit::max(bytes))
}

/// [`axum::Json`] with [`ApiError`] rejections; also a response (`Json(value)`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Json<T>(pub T);

/// [`axum::extract::Path`] with [`ApiError`] rejections.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Path<T>(pub T);

/// [`axum::extract::Query`] with [`ApiError`] rejections.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Query<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let limit = request.extensions().get::<BodyLimit>().copied();
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::UnsupportedMediaType {
                expected: "application/json",
            }),
            Err(rejection) => Err(rejected(
                RequestPart::Body,
                rejection.status(),
                rejection.body_text(),
                limit,
            )),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Path(value))
            .map_err(|rejection: PathRejection| {
                rejected(
                    RequestPart::Path,
                    rejection.status(),
                    rejection.body_text(),
                    None,
                )
            })
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Query(value))
            .map_err(|rejection: QueryRejection| {
                rejected(
                    RequestPart::Query,
                    rejection.status(),
                    rejection.body_text(),
                    None,
                )
            })
    }
}

/// The raw request body ([`Bytes`](axum::body::Bytes)) with [`ApiError`] rejections: a body over
/// the route's [`BodyLimit`] is refused with 413 as soon as the limit is passed, without
/// reading the rest.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawBody(pub axum::body::Bytes);

impl<S> FromRequest<S> for RawBody
where
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let limit = request.extensions().get::<BodyLimit>().copied();
        axum::body::Bytes::from_request(request, state)
            .await
            .map(RawBody)
            .map_err(|rejection| {
                rejected(
                    RequestPart::Body,
                    rejection.status(),
                    rejection.body_text(),
                    limit,
                )
            })
    }
}

/// The [`ApiError`] for an axum rejection of `part` with `status` and `reason`; `limit` is the
/// request's [`BodyLimit`], if recorded. For wrapping further extractors the same way.
pub(crate) fn rejected(
    part: RequestPart,
    status: StatusCode,
    reason: String,
    limit: Option<BodyLimit>,
) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge {
            limit: limit.map_or(DEFAULT_BODY_LIMIT, |BodyLimit(bytes)| bytes),
        }
    } else if status.is_server_error() {
        ApiError::internal(reason)
    } else {
        ApiError::BadRequest { part, reason }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorBody;
    use axum::Router;
    use axum::body::Body;
    use axum::routing::{get, post};
    use serde::Deserialize;
    use tower::ServiceExt;

    #[derive(Deserialize, Serialize)]
    struct Order {
        people: u32,
    }

    async fn echo(Json(order): Json<Order>) -> Json<Order> {
        Json(order)
    }

    async fn by_id(Path(id): Path<u32>, Query(order): Query<Order>) -> String {
        format!("{id}:{}", order.people)
    }

    fn app() -> Router {
        Router::new()
            .route("/orders", post(echo))
            .route("/small", post(echo).layer(body_limit(16)))
            .route("/orders/{id}", get(by_id))
            .layer(body_limit(64))
    }

    async fn call(request: Request) -> (StatusCode, ErrorBody) {
        let response = app().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not the error shape: {}", String::from_utf8_lossy(&bytes)));
        (status, body)
    }

    fn post_json(uri: &str, body: &str) -> Request {
        Request::post(uri)
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap()
    }

    #[tokio::test]
    async fn valid_json_passes_through() {
        let response = app()
            .oneshot(post_json("/orders", r#"{"people":3}"#))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn json_rejections_speak_the_error_shape() {
        let (status, body) = call(post_json("/orders", "{not json")).await;
        assert_eq!(
            (status, body.code.as_str()),
            (StatusCode::BAD_REQUEST, "invalid_body")
        );
        assert_eq!(body.message, "De inhoud van het verzoek is ongeldig.");

        let (status, body) = call(post_json("/orders", r#"{"people":"drie"}"#)).await;
        assert_eq!(
            (status, body.code.as_str()),
            (StatusCode::BAD_REQUEST, "invalid_body")
        );
        let reason = body.details.unwrap()["reason"].as_str().unwrap().to_owned();
        assert!(reason.contains("people"), "{reason}");

        let untyped = Request::post("/orders")
            .body(Body::from(r#"{"people":3}"#))
            .unwrap();
        let (status, body) = call(untyped).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(body.code, "unsupported_media_type");
    }

    #[tokio::test]
    async fn too_large_bodies_name_the_limit_of_their_route() {
        let padding = " ".repeat(100);
        let (status, body) = call(post_json("/orders", &format!("{padding}{{}}"))).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(body.code, "payload_too_large");
        assert_eq!(body.details.unwrap()["limit_bytes"], 64);

        let (status, body) = call(post_json("/small", r#"{"people":      3}"#)).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(body.details.unwrap()["limit_bytes"], 16);
        assert_eq!(
            body.message,
            "Het verzoek is te groot: het mag hoogstens 16 bytes zijn."
        );
    }

    #[tokio::test]
    async fn path_and_query_rejections_speak_the_error_shape() {
        let request = Request::get("/orders/abc?people=1")
            .body(Body::empty())
            .unwrap();
        let (status, body) = call(request).await;
        assert_eq!(
            (status, body.code.as_str()),
            (StatusCode::BAD_REQUEST, "invalid_path")
        );

        let request = Request::get("/orders/7?people=veel")
            .body(Body::empty())
            .unwrap();
        let (status, body) = call(request).await;
        assert_eq!(
            (status, body.code.as_str()),
            (StatusCode::BAD_REQUEST, "invalid_query")
        );
    }
}
