//! The SCIM 2.0 service provider at `/scim/v2` (RFC 7643, RFC 7644; docs/clients-api.md), for
//! an organisation's identity provider or HR system holding an API client's secret.
//!
//! A SCIM User is a person who should (`active`) have an eHerkenning means at the client's
//! organisation: creating one orders a means for them under the client's provisioning profile
//! (the wizard's rules, messages and price; the invitation e-mail as from the wizard), and
//! `active=false` or `DELETE` revokes the means or cancels the request. Reading a user shows
//! the real state of their request and means. Users only: no groups, no bulk.
//!
//! - [`discovery`]: `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`.
//! - [`users`]: `/Users` (`GET` with `filter`, `startIndex`, `count`, `attributes`,
//!   `excludedAttributes`; `POST`; `POST /.search`) and `/Users/{id}` (`GET`, `PUT`, `PATCH`,
//!   `DELETE`; `If-Match` against `meta.version`).
//! - [`resource`]: the user as JSON, and the person it describes.
//! - [`audit`]: the audit entries of writes to the stored user (`scim_user_created`,
//!   `scim_user_changed`, `scim_user_deleted`), in the transaction of the change.
//!
//! The crate `scim` holds the parts that need no database: filters, PATCH, projections.

mod audit;
mod discovery;
mod resource;
mod store;
mod users;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::Lang;
use serde_json::Value;

use crate::AppState;
use crate::auth::CurrentManager;
use crate::clients::caller::bearer;
use crate::clock::unix_now;
use crate::error::ApiError;

/// Where the service lives.
pub(crate) const PREFIX: &str = "/scim/v2";

/// Middelpunt's extension of the User: what eHerkenning needs beyond SCIM's core, and the
/// state of the request and the means.
pub(crate) const EXTENSION: &str =
    "urn:middelpunt:params:scim:schemas:extension:eherkenning:2.0:User";

/// The media type of SCIM's bodies.
const SCIM_JSON: &str = "application/scim+json";

/// At most this many users in one page of a list.
pub(crate) const MAX_RESULTS: usize = 1000;

/// The service's base URL, e.g. `https://portal.example/scim/v2`.
pub(crate) fn base_url(state: &AppState) -> String {
    format!(
        "{}{PREFIX}",
        state.config.public_url.as_str().trim_end_matches('/')
    )
}

/// The `/scim/v2` router; every route needs an API client's bearer token.
pub(crate) fn router() -> Router<AppState> {
    let routes = Router::new()
        .route(
            "/ServiceProviderConfig",
            get(discovery::service_provider_config),
        )
        .route("/ResourceTypes", get(discovery::resource_types))
        .route("/ResourceTypes/{id}", get(discovery::resource_type))
        .route("/Schemas", get(discovery::schemas))
        .route("/Schemas/{id}", get(discovery::schema))
        .route("/Users", get(users::list).post(users::create))
        .route("/Users/.search", post(users::search))
        // A search at the root searches every resource type: Users are all there are.
        .route("/.search", post(users::search))
        .route(
            "/Users/{id}",
            get(users::show)
                .put(users::replace)
                .patch(users::patch)
                .delete(users::delete),
        )
        .fallback(|_: Client| async { ScimError::not_found("No such SCIM endpoint") })
        .method_not_allowed_fallback(|| async {
            ScimError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                None,
                "Method not allowed here",
            )
        });
    Router::new().nest(
        PREFIX,
        routes
            .layer(crate::extract::body_limit(
                crate::extract::DEFAULT_BODY_LIMIT,
            ))
            .layer(axum::middleware::map_response(no_store)),
    )
}

/// Users are personal data: never cached.
async fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A SCIM answer: a JSON body as `application/scim+json`, with a status and an ETag.
pub(crate) struct ScimJson {
    status: StatusCode,
    body: Value,
    headers: HeaderMap,
}

impl ScimJson {
    pub(crate) fn ok(body: Value) -> ScimJson {
        ScimJson::with_status(StatusCode::OK, body)
    }

    pub(crate) fn with_status(status: StatusCode, body: Value) -> ScimJson {
        let mut headers = HeaderMap::new();
        if let Some(version) = body["meta"]["version"].as_str()
            && let Ok(value) = HeaderValue::from_str(version)
        {
            headers.insert(header::ETAG, value);
        }
        if status == StatusCode::CREATED
            && let Some(location) = body["meta"]["location"].as_str()
            && let Ok(value) = HeaderValue::from_str(location)
        {
            headers.insert(header::LOCATION, value);
        }
        ScimJson {
            status,
            body,
            headers,
        }
    }
}

impl IntoResponse for ScimJson {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON))],
            self.body.to_string(),
        )
            .into_response();
        response.headers_mut().extend(self.headers);
        response
    }
}

/// A SCIM error (RFC 7644 §3.12): its status, `scimType` and `detail`, in the request's
/// language.
#[derive(Debug)]
pub(crate) struct ScimError {
    status: StatusCode,
    scim_type: Option<&'static str>,
    detail: String,
}

impl ScimError {
    pub(crate) fn new(status: StatusCode, scim_type: Option<&'static str>, detail: &str) -> Self {
        ScimError {
            status,
            scim_type,
            detail: detail.to_owned(),
        }
    }

    pub(crate) fn bad(scim_type: &'static str, detail: &str) -> Self {
        ScimError::new(StatusCode::BAD_REQUEST, Some(scim_type), detail)
    }

    pub(crate) fn not_found(detail: &str) -> Self {
        ScimError::new(StatusCode::NOT_FOUND, None, detail)
    }
}

impl From<ApiError> for ScimError {
    /// The API's error as SCIM's: a rule broken is `400 invalidValue` with every problem's
    /// message in the detail; a step too late is `400 mutability`.
    fn from(error: ApiError) -> ScimError {
        let lang = crate::lang::current();
        let mut detail = error.message(lang);
        if let Some(problems) = error
            .details(lang)
            .and_then(|d| d["problems"].as_array().cloned())
        {
            let listed: Vec<String> = problems
                .iter()
                .map(|p| {
                    let place = p["location"].as_str().or(p["field"].as_str()).unwrap_or("");
                    format!("{place}: {}", p["message"].as_str().unwrap_or(""))
                })
                .collect();
            detail = format!("{detail} {}", listed.join("; "));
        }
        let (status, scim_type) = match error.status() {
            StatusCode::UNPROCESSABLE_ENTITY => (StatusCode::BAD_REQUEST, Some("invalidValue")),
            StatusCode::CONFLICT => (StatusCode::BAD_REQUEST, Some("mutability")),
            StatusCode::INTERNAL_SERVER_ERROR => {
                tracing::error!(%error, "SCIM request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, None)
            }
            other => (other, None),
        };
        ScimError {
            status,
            scim_type,
            detail,
        }
    }
}

impl From<sqlx::Error> for ScimError {
    fn from(error: sqlx::Error) -> ScimError {
        ScimError::from(ApiError::from(error))
    }
}

impl IntoResponse for ScimError {
    fn into_response(self) -> Response {
        let body = scim::error_body(self.status.as_u16(), self.scim_type, &self.detail);
        let mut response = ScimJson::with_status(self.status, body).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"Middelpunt SCIM\""),
            );
        }
        response
    }
}

/// The API client of a SCIM request, as the manager it acts for: `401` without a working
/// secret. What it may do is checked per change ([`Client::ensure`]).
pub(crate) struct Client(pub CurrentManager);

impl Client {
    /// `403` unless the client holds `permission`.
    pub(crate) fn ensure(&self, permission: api::ClientPermission) -> Result<(), ScimError> {
        let holds = self
            .0
            .client
            .as_ref()
            .is_some_and(|c| c.permissions.contains(&permission));
        if holds {
            Ok(())
        } else {
            let lang = crate::lang::current();
            let error = crate::clients::ClientError::PermissionMissing(permission);
            Err(ScimError::new(
                StatusCode::FORBIDDEN,
                None,
                &crate::error::Problem::message(&error, lang),
            ))
        }
    }

    /// The client's id.
    pub(crate) fn id(&self) -> &str {
        self.0
            .client
            .as_ref()
            .map(|c| c.id.as_str())
            .unwrap_or_default()
    }
}

impl FromRequestParts<AppState> for Client {
    type Rejection = ScimError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ScimError> {
        let lang = crate::lang::current();
        let refused = || {
            let error = crate::clients::ClientError::Unauthorized;
            ScimError::new(
                StatusCode::UNAUTHORIZED,
                None,
                &crate::error::Problem::message(&error, lang),
            )
        };
        let token = bearer(parts).ok_or_else(refused)?;
        let manager = crate::clients::authenticate(state, token, unix_now())
            .await?
            .ok_or_else(refused)?;
        Ok(Client(manager))
    }
}

/// The request's language, for messages in `detail`.
pub(crate) fn lang() -> Lang {
    crate::lang::current()
}
