//! The errors of the server: [`ApiError`], the one error of every API request, answered as one
//! JSON shape ([`ErrorBody`]), and [`StartError`], why the server could not start.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Lang;
use serde_json::{Value, json};

use crate::lang::{self, Text};

/// Any error that can be turned into an internal-error answer.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The JSON body of every API error: `{"code": "not_found", "message": "…", "details": {…}}`.
pub use api::error::ErrorBody;
use api::error::Messages;

/// The part of a request that could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestPart {
    /// The body, e.g. JSON that does not parse or does not fit the expected type.
    Body,
    /// A parameter in the path, e.g. `/api/v1/orders/{id}` with a malformed id.
    Path,
    /// The query string.
    Query,
}

/// One way to describe a problem to the caller. Every feature's error implements it (the manager's
/// account, the register, orders, the user's activation, identifications, Beheer's users and
/// requests); [`ApiError`] takes any of them through `?` and forwards to it, so the answer's
/// status, code, message, details and `Retry-After` are decided by the error itself, in one
/// place per feature. The texts come from [`Text`].
pub trait Problem: std::error::Error + Send + Sync + 'static {
    /// The HTTP status of the answer.
    fn status(&self) -> StatusCode;

    /// The stable snake_case machine code of the answer, e.g. `order_not_found`.
    fn code(&self) -> &'static str;

    /// The human message in `lang`.
    fn message(&self, lang: Lang) -> String;

    /// Structured extras for the caller in `lang`, if any.
    fn details(&self, lang: Lang) -> Option<Value> {
        let _ = lang;
        None
    }

    /// Seconds for a `Retry-After` header, if the request may be repeated later.
    fn retry_after(&self) -> Option<u64> {
        None
    }
}

/// The one error type of API handlers. Handlers return `Result<_, ApiError>`; `?` converts
/// database errors, every feature's [`Problem`] and (through [`ApiError::internal`]) anything
/// else. Internal details are logged, never sent to the caller.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("payload larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("unsupported media type, expected {expected}")]
    UnsupportedMediaType { expected: &'static str },
    #[error("invalid request {part:?}: {reason}")]
    BadRequest { part: RequestPart, reason: String },
    #[error("too many requests, retry after {retry_after} s")]
    TooManyRequests { retry_after: u64 },
    #[error("internal error: {0}")]
    Internal(#[from] BoxError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A feature's own problem, e.g. [`AuthError`](crate::auth::AuthError) or
    /// [`OrderError`](crate::orders::OrderError): answered as it describes itself.
    #[error("{0}")]
    Problem(Box<dyn Problem>),
}

impl<E: Problem> From<E> for ApiError {
    fn from(problem: E) -> ApiError {
        ApiError::Problem(Box::new(problem))
    }
}

impl ApiError {
    /// An internal error from anything that is an error: logged, answered as `internal_error`.
    pub fn internal(error: impl Into<BoxError>) -> ApiError {
        ApiError::Internal(error.into())
    }

    /// The feature's problem of type `E`, if this is one; e.g. to tell "not logged in" from
    /// other refusals.
    pub fn problem<E: Problem>(&self) -> Option<&E> {
        match self {
            ApiError::Problem(problem) => {
                (problem.as_ref() as &dyn std::error::Error).downcast_ref()
            }
            _ => None,
        }
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Database(error) if database_unavailable(error) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Problem(problem) => problem.status(),
        }
    }

    /// The stable machine code of the answer.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::UnsupportedMediaType { .. } => "unsupported_media_type",
            ApiError::BadRequest {
                part: RequestPart::Body,
                ..
            } => "invalid_body",
            ApiError::BadRequest {
                part: RequestPart::Path,
                ..
            } => "invalid_path",
            ApiError::BadRequest {
                part: RequestPart::Query,
                ..
            } => "invalid_query",
            ApiError::TooManyRequests { .. } => "too_many_requests",
            ApiError::Database(error) if database_unavailable(error) => "service_unavailable",
            ApiError::Internal(_) | ApiError::Database(_) => "internal_error",
            ApiError::Problem(problem) => problem.code(),
        }
    }

    /// The human message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let size;
        let text = match self {
            ApiError::NotFound => Text::NotFound,
            ApiError::MethodNotAllowed => Text::MethodNotAllowed,
            ApiError::PayloadTooLarge { limit } => {
                size = format_size(*limit);
                Text::PayloadTooLarge { size: &size }
            }
            ApiError::UnsupportedMediaType { expected } => Text::UnsupportedMediaType { expected },
            ApiError::BadRequest { part, .. } => match part {
                RequestPart::Body => Text::InvalidBody,
                RequestPart::Path => Text::InvalidPath,
                RequestPart::Query => Text::InvalidQuery,
            },
            ApiError::TooManyRequests { retry_after } => Text::TooManyRequests {
                seconds: *retry_after,
            },
            ApiError::Database(error) if database_unavailable(error) => Text::ServiceUnavailable,
            ApiError::Internal(_) | ApiError::Database(_) => Text::InternalError,
            ApiError::Problem(problem) => return problem.message(lang),
        };
        text.text(lang)
    }

    /// Structured extras for the caller in `lang`, if any.
    pub fn details(&self, lang: Lang) -> Option<Value> {
        match self {
            ApiError::PayloadTooLarge { limit } => Some(json!({ "limit_bytes": limit })),
            ApiError::UnsupportedMediaType { expected } => Some(json!({ "expected": expected })),
            ApiError::BadRequest { reason, .. } => Some(json!({ "reason": reason })),
            ApiError::TooManyRequests { retry_after } => {
                Some(json!({ "retry_after_seconds": retry_after }))
            }
            ApiError::Problem(problem) => problem.details(lang),
            ApiError::NotFound
            | ApiError::MethodNotAllowed
            | ApiError::Internal(_)
            | ApiError::Database(_) => None,
        }
    }

    /// Seconds for a `Retry-After` header, if the request may be repeated later.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::TooManyRequests { retry_after } => Some(*retry_after),
            ApiError::Problem(problem) => problem.retry_after(),
            _ => None,
        }
    }

    /// The JSON body in `lang`.
    pub fn body(&self, lang: Lang) -> ErrorBody {
        ErrorBody {
            code: self.code().to_owned(),
            message: self.message(lang),
            messages: Some(Box::new(Messages {
                nl: self.message(Lang::Nl),
                en: self.message(Lang::En),
            })),
            details: self.details(lang),
            request_id: crate::ops::client::current_request_id(),
        }
    }
}

/// The pool gave up: the database does not answer, as opposed to a failing statement.
fn database_unavailable(error: &sqlx::Error) -> bool {
    matches!(
        error,
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)
    )
}

/// `1048576` → `1 MiB`, `65536` → `64 KiB`, `1000` → `1000 bytes`.
fn format_size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * KIB;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, code = self.code(), "request failed");
        } else {
            tracing::debug!(error = %self, code = self.code(), "request rejected");
        }
        let lang = lang::current();
        let mut response = (status, Json(self.body(lang))).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.code()),
        );
        headers.append(header::VARY, HeaderValue::from_static("accept-language"));
        if let Some(retry_after) = self.retry_after() {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the directory {path} for the SQLite database: {source}")]
    DatabaseDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot connect to the database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot refresh the database's query planner statistics: {0}")]
    Optimize(#[source] sqlx::Error),
    #[error("cannot read the SPA's {path}: {source}")]
    ReadIndex {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
    #[error("cannot prepare the managers' accounts (MIDDELPUNT_DEMO): {0}")]
    Demo(BoxError),
    #[error("{0}")]
    Mail(#[from] crate::mail::TransportError),
    #[error("cannot set up the KvK register: {0}")]
    Kvk(#[from] crate::kvk::KvkSetupError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::AuthError;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(format_size(1_048_576), "1 MiB");
        assert_eq!(format_size(256 * 1024), "256 KiB");
        assert_eq!(format_size(1000), "1000 bytes");
    }

    #[test]
    fn every_error_speaks_both_languages() {
        let errors = [
            ApiError::NotFound,
            ApiError::MethodNotAllowed,
            ApiError::PayloadTooLarge { limit: 1024 },
            ApiError::UnsupportedMediaType {
                expected: "application/json",
            },
            ApiError::BadRequest {
                part: RequestPart::Query,
                reason: "x".into(),
            },
            ApiError::TooManyRequests { retry_after: 7 },
            ApiError::internal("boom"),
            ApiError::Database(sqlx::Error::PoolTimedOut),
            ApiError::Database(sqlx::Error::RowNotFound),
        ];
        for error in errors {
            let (nl, en) = (error.message(Lang::Nl), error.message(Lang::En));
            assert_ne!(nl, en, "{error:?}");
            assert!(!nl.is_empty() && !en.is_empty());
            assert!(
                !nl.contains("boom") && !en.contains("boom"),
                "internals leak"
            );
        }
    }

    #[test]
    fn unavailable_database_is_503_other_database_errors_500() {
        let unavailable = ApiError::Database(sqlx::Error::PoolClosed);
        assert_eq!(unavailable.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(unavailable.code(), "service_unavailable");
        let failing = ApiError::Database(sqlx::Error::RowNotFound);
        assert_eq!(failing.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(failing.code(), "internal_error");
    }

    /// A feature's problem, as a test sees it.
    #[derive(Debug, PartialEq, thiserror::Error)]
    #[error("slow down ({0} s)")]
    struct SlowDown(u64);

    impl Problem for SlowDown {
        fn status(&self) -> StatusCode {
            StatusCode::TOO_MANY_REQUESTS
        }

        fn code(&self) -> &'static str {
            "slow_down"
        }

        fn message(&self, lang: Lang) -> String {
            Text::TooManyRequests { seconds: self.0 }.text(lang)
        }

        fn details(&self, lang: Lang) -> Option<Value> {
            Some(json!({ "lang": lang.code() }))
        }

        fn retry_after(&self) -> Option<u64> {
            Some(self.0)
        }
    }

    #[test]
    fn a_problem_is_answered_as_it_describes_itself() {
        let error = ApiError::from(SlowDown(9));
        assert_eq!(error.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            error.body(Lang::En),
            ErrorBody {
                code: "slow_down".into(),
                message: "Too many requests. Please try again in 9 seconds.".into(),
                messages: Some(Box::new(Messages {
                    nl: Text::TooManyRequests { seconds: 9 }.text(Lang::Nl),
                    en: "Too many requests. Please try again in 9 seconds.".into(),
                })),
                details: Some(json!({ "lang": "en" })),
                request_id: None,
            }
        );
        assert_eq!(error.details(Lang::Nl), Some(json!({ "lang": "nl" })));
        assert_eq!(error.retry_after(), Some(9));
        assert_eq!(error.problem::<SlowDown>(), Some(&SlowDown(9)));
        assert_eq!(error.problem::<AuthError>(), None);
        assert_eq!(error.to_string(), "slow down (9 s)");

        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "9");
    }

    #[test]
    fn feature_errors_convert_with_question_mark() {
        fn refuse() -> Result<(), ApiError> {
            Err(AuthError::NotLoggedIn)?
        }
        let error = refuse().unwrap_err();
        assert_eq!(error.problem(), Some(&AuthError::NotLoggedIn));
        assert_eq!(
            (error.status(), error.code()),
            (StatusCode::UNAUTHORIZED, "not_logged_in")
        );
        assert!(error.retry_after().is_none());
        let response = error.into_response();
        assert!(response.headers().get(header::RETRY_AFTER).is_none());
    }
}
