//! The errors of the server: [`ApiError`], the one error of every API request, answered as one
//! JSON shape ([`ErrorBody`]), and [`StartError`], why the server could not start.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Lang;
use serde_json::{Value, json};

use crate::auth::AuthError;
use crate::lang;

/// Any error that can be turned into an internal-error answer.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The JSON body of every API error: `{"code": "not_found", "message": "…", "details": {…}}`.
pub use api::error::ErrorBody;

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

/// The one error type of API handlers. Handlers return `Result<_, ApiError>`; `?` converts
/// database errors and (through [`ApiError::internal`]) anything else. Internal details are
/// logged, never sent to the caller.
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
    /// The manager's account: login, session, CSRF, rights (see [`AuthError`]).
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// An organisation the KvK register cannot give: 400, 404 or 503.
    #[error("organisation lookup: {0}")]
    Organisation(#[from] crate::kvk::LookupError),
    /// An order that cannot be placed: 422 with every problem, or a reused idempotency key.
    #[error(transparent)]
    Order(#[from] crate::orders::OrderError),
    /// The user's invitation link and its steps (e-mail, SMS code, order).
    #[error(transparent)]
    Activation(#[from] crate::activation::ActivationError),
    /// The back office's record of an identification.
    #[error(transparent)]
    Identification(#[from] crate::activation::identification::IdentificationError),
    /// "Gebruikers": a user or means that is not the manager's, or a means already revoked.
    #[error(transparent)]
    User(#[from] crate::manage::users::UserError),
    /// "Lopende aanvragen": a request that is not open, past the step, or a wrong correction.
    #[error(transparent)]
    Request(#[from] crate::manage::requests::RequestError),
}

impl ApiError {
    /// An internal error from anything that is an error: logged, answered as `internal_error`.
    pub fn internal(error: impl Into<BoxError>) -> ApiError {
        ApiError::Internal(error.into())
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
            ApiError::Auth(error) => error.status(),
            ApiError::Organisation(error) => error.status(),
            ApiError::Order(error) => error.status(),
            ApiError::Activation(error) => error.status(),
            ApiError::Identification(error) => error.status(),
            ApiError::User(error) => error.status(),
            ApiError::Request(error) => error.status(),
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
            ApiError::Auth(error) => error.code(),
            ApiError::Organisation(error) => error.code(),
            ApiError::Order(error) => error.code(),
            ApiError::Activation(error) => error.code(),
            ApiError::Identification(error) => error.code(),
            ApiError::User(error) => error.code(),
            ApiError::Request(error) => error.code(),
        }
    }

    /// The human message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        match self {
            ApiError::NotFound => pick(
                nl,
                "Het gevraagde bestaat niet.",
                "The requested resource does not exist.",
            ),
            ApiError::MethodNotAllowed => pick(
                nl,
                "Deze HTTP-methode is hier niet toegestaan.",
                "This HTTP method is not allowed here.",
            ),
            ApiError::PayloadTooLarge { limit } => {
                let size = format_size(*limit);
                if nl {
                    format!("Het verzoek is te groot: het mag hoogstens {size} zijn.")
                } else {
                    format!("The request is too large: it may be at most {size}.")
                }
            }
            ApiError::UnsupportedMediaType { expected } => {
                if nl {
                    format!("Het verzoek heeft het verkeerde formaat; verwacht wordt {expected}.")
                } else {
                    format!("The request has the wrong content type; expected {expected}.")
                }
            }
            ApiError::BadRequest { part, .. } => match part {
                RequestPart::Body => pick(
                    nl,
                    "De inhoud van het verzoek is ongeldig.",
                    "The request body is invalid.",
                ),
                RequestPart::Path => pick(
                    nl,
                    "Het adres van het verzoek is ongeldig.",
                    "The request path is invalid.",
                ),
                RequestPart::Query => pick(
                    nl,
                    "De parameters in het adres van het verzoek zijn ongeldig.",
                    "The query parameters of the request are invalid.",
                ),
            },
            ApiError::TooManyRequests { retry_after } => {
                if nl {
                    format!("Te veel verzoeken. Probeer het over {retry_after} seconden opnieuw.")
                } else {
                    format!("Too many requests. Please try again in {retry_after} seconds.")
                }
            }
            ApiError::Database(error) if database_unavailable(error) => pick(
                nl,
                "De dienst is tijdelijk niet beschikbaar. Probeer het later opnieuw.",
                "The service is temporarily unavailable. Please try again later.",
            ),
            ApiError::Internal(_) | ApiError::Database(_) => pick(
                nl,
                "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
                "Something went wrong on our side. Please try again later.",
            ),
            ApiError::Auth(error) => error.message(lang),
            ApiError::Organisation(error) => error.message(lang),
            ApiError::Order(error) => error.message(lang),
            ApiError::Activation(error) => error.message(lang),
            ApiError::Identification(error) => error.message(lang),
            ApiError::User(error) => error.message(lang),
            ApiError::Request(error) => error.message(lang),
        }
    }

    /// Structured extras for the caller, if any.
    pub fn details(&self) -> Option<Value> {
        match self {
            ApiError::PayloadTooLarge { limit } => Some(json!({ "limit_bytes": limit })),
            ApiError::UnsupportedMediaType { expected } => Some(json!({ "expected": expected })),
            ApiError::BadRequest { reason, .. } => Some(json!({ "reason": reason })),
            ApiError::TooManyRequests { retry_after } => {
                Some(json!({ "retry_after_seconds": retry_after }))
            }
            ApiError::Auth(error) => error.details(),
            ApiError::Organisation(error) => error.details(),
            ApiError::Order(error) => error.details(),
            ApiError::Activation(error) => error.details(),
            ApiError::Identification(error) => error.details(),
            ApiError::User(error) => error.details(),
            ApiError::Request(error) => error.details(),
            _ => None,
        }
    }

    /// The JSON body in `lang`.
    pub fn body(&self, lang: Lang) -> ErrorBody {
        ErrorBody {
            code: self.code().to_owned(),
            message: self.message(lang),
            details: self.details(),
        }
    }
}

fn pick(nl: bool, dutch: &str, english: &str) -> String {
    if nl { dutch } else { english }.to_owned()
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
        if let ApiError::TooManyRequests { retry_after } = self {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        if let ApiError::Auth(error) = &self
            && let Some(retry_after) = error.retry_after()
        {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        if let ApiError::Activation(error) = &self
            && let Some(retry_after) = error.retry_after()
        {
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
}
