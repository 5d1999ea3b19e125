//! The API: every route under `/api`, in one list ([`api_routes`]) that both the router and the
//! OpenAPI test read, so a route cannot go undocumented.
//!
//! A later endpoint adds one line to [`api_routes`], e.g. the users-file import with its own
//! body limit from the configuration:
//!
//! ```text
//! ("/api/v1/imports", post(imports::create).layer(body_limit(config.import_max_bytes))),
//! ```
//!
//! and reads `State(state): State<AppState>` for `state.config` and `state.db`.

pub mod activation;
pub mod dev_messages;
pub mod health;
pub mod identifications;
pub mod manage;
pub mod offer;
pub mod orders;
pub mod organisations;
pub mod session;
pub mod user_files;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::Response;
use axum::routing::{MethodRouter, any, get, post};

use crate::config::Config;
use crate::error::ApiError;
use crate::extract::{DEFAULT_BODY_LIMIT, body_limit};
use crate::{AppState, openapi};

/// Where the API lives; every other path is the SPA.
pub const PREFIX: &str = "/api";

/// Every API route: its full path (as in `openapi.json`) and its handlers.
/// `config` gives routes their configured limits, such as the users-file import's.
pub fn api_routes(config: &Config) -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/api/v1/health", get(health::health)),
        ("/api/v1/openapi.json", get(openapi::document)),
        (
            "/api/v1/session",
            post(session::log_in)
                .get(session::show)
                .delete(session::log_out),
        ),
        (
            "/api/v1/organisations/{kvk_number}",
            get(organisations::show),
        ),
        ("/api/v1/catalogue", get(offer::catalogue)),
        ("/api/v1/prices", get(offer::prices)),
        ("/api/v1/quotes", post(offer::quote)),
        ("/api/v1/orders", post(orders::create)),
        ("/api/v1/orders/{order_number}", get(orders::show)),
        (
            "/api/v1/organisations/{kvk_number}/known-users",
            post(orders::known_users),
        ),
        ("/api/v1/activation", get(activation::show)),
        (
            "/api/v1/activation/email-confirmation",
            post(activation::confirm_email),
        ),
        ("/api/v1/activation/sms-code", post(activation::send_code)),
        (
            "/api/v1/activation/sms-code/verification",
            post(activation::verify_code),
        ),
        ("/api/v1/activation/order", post(activation::order)),
        ("/api/v1/identifications", get(identifications::list)),
        (
            "/api/v1/identifications/{request_id}",
            get(identifications::show).post(identifications::record),
        ),
        ("/api/v1/users", get(manage::list_users)),
        ("/api/v1/users/export.csv", get(manage::export_users_csv)),
        ("/api/v1/users/export.xlsx", get(manage::export_users_xlsx)),
        ("/api/v1/users/{request_id}", get(manage::show_user)),
        (
            "/api/v1/means/{means_id}/revocation",
            post(manage::revoke_means),
        ),
        ("/api/v1/requests", get(manage::list_requests)),
        (
            "/api/v1/requests/{request_id}",
            get(manage::show_request).patch(manage::correct_request),
        ),
        (
            "/api/v1/requests/{request_id}/invitation",
            post(manage::resend_invitation),
        ),
        (
            "/api/v1/requests/{request_id}/cancellation",
            post(manage::cancel_request),
        ),
        (
            "/api/v1/orders/{order_number}/cancellation",
            post(manage::cancel_order),
        ),
        ("/api/v1/audit", get(manage::list_audit)),
        ("/api/v1/audit/export.csv", get(manage::export_audit_csv)),
        (
            "/api/v1/user-files/validate",
            post(user_files::validate).layer(body_limit(config.import_max_bytes)),
        ),
        (
            "/api/v1/user-files/template.csv",
            get(user_files::template_csv),
        ),
        (
            "/api/v1/user-files/template.xlsx",
            get(user_files::template_xlsx),
        ),
    ]
    .into_iter()
    // The development mailbox only when it is on (`MIDDELPUNT_DEV_MAILBOX`).
    .chain(dev_messages::routes(config))
    .collect()
}

/// The `/api` router: the routes, JSON 404/405 for everything else under `/api`, the default
/// body limit, and `Cache-Control: no-store` unless a handler says otherwise (answers may hold
/// personal data). Error messages follow the request's language through
/// [`lang::negotiate`](crate::lang::negotiate),
/// which [`app`](crate::app) applies to every request.
pub fn router(config: &Config) -> Router<AppState> {
    let mut api = Router::new();
    for (path, route) in api_routes(config) {
        let relative = path
            .strip_prefix(PREFIX)
            .unwrap_or_else(|| panic!("API route {path} must start with {PREFIX}"));
        api = api.route(relative, route);
    }
    let api = api
        .fallback(not_found)
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(body_limit(DEFAULT_BODY_LIMIT))
        .layer(middleware::map_response(no_store_by_default));
    Router::new()
        .nest(PREFIX, api)
        // `nest` covers `/api` and `/api/…`, not `/api/` itself; never the SPA's index.html.
        .route(
            &format!("{PREFIX}/"),
            any(not_found).layer(middleware::map_response(no_store_by_default)),
        )
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn no_store_by_default(mut response: Response) -> Response {
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}
