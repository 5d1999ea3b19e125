//! The API: every route under `/api`, in one list ([`api_routes`]) from which both the router and
//! the OpenAPI document ([`openapi::build`]) are built, so a route cannot go undocumented.
//!
//! A later endpoint adds one line to [`api_routes`], e.g. the users-file import with its own
//! body limit from the configuration:
//!
//! ```text
//! ("/api/v1/imports", limited(routes!(imports::create), config.import_max_bytes)),
//! ```
//!
//! where `imports::create` carries its `#[utoipa::path(...)]` (method, path, parameters, request
//! body, every answer), and reads `State(state): State<AppState>` for `state.config` and
//! `state.db`.

pub(crate) mod account;
pub(crate) mod account_sessions;
pub(crate) mod account_settings;
pub(crate) mod activation;
pub(crate) mod back_office;
pub(crate) mod clients;
pub(crate) mod dev_messages;
pub(crate) mod health;
pub(crate) mod identifications;
pub(crate) mod machtigingen;
pub(crate) mod manage;
pub(crate) mod offer;
pub(crate) mod orders;
pub(crate) mod organisations;
pub(crate) mod params;
pub(crate) mod passkeys;
pub(crate) mod session;
pub(crate) mod user_files;
pub(crate) mod year;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::Response;
use axum::routing::any;
use utoipa::openapi::RefOr;
use utoipa_axum::router::UtoipaMethodRouter;
use utoipa_axum::routes;

use crate::config::Config;
use crate::error::ApiError;
use crate::extract::{DEFAULT_BODY_LIMIT, body_limit};
use crate::{AppState, openapi};

/// Where the API lives; every other path is the SPA.
pub const PREFIX: &str = "/api";

/// One API route: its full path, and its handlers with their OpenAPI operations (utoipa's
/// `routes!`), so that the router and the document are built from the same entry.
pub type ApiRoute = (&'static str, UtoipaMethodRouter<AppState>);

/// Every API route: its full path (as in the OpenAPI document) and its handlers.
/// `config` gives routes their configured limits, such as the users-file import's.
pub fn api_routes(config: &Config) -> Vec<ApiRoute> {
    vec![
        ("/api/v1/health", routes!(health::health)),
        ("/api/v1/health/ready", routes!(health::ready)),
        ("/api/v1/openapi.json", routes!(openapi::document)),
        (
            "/api/v1/session",
            routes!(session::log_in, session::show, session::log_out),
        ),
        (
            "/api/v1/session/second-factor",
            routes!(account::pass_second_factor),
        ),
        (
            "/api/v1/session/passkey/options",
            routes!(passkeys::start_second_factor),
        ),
        (
            "/api/v1/session/passkey",
            routes!(passkeys::pass_second_factor),
        ),
        (
            "/api/v1/passkey-sign-in/options",
            routes!(passkeys::start_sign_in),
        ),
        ("/api/v1/passkey-sign-in", routes!(passkeys::sign_in)),
        (
            "/api/v1/account/passkeys",
            routes!(passkeys::list, passkeys::add),
        ),
        (
            "/api/v1/account/passkeys/options",
            routes!(passkeys::start_registration),
        ),
        (
            "/api/v1/account/passkeys/{passkey_id}",
            routes!(passkeys::remove),
        ),
        (
            "/api/v1/account-setup",
            routes!(account::show_link, account::set_password),
        ),
        ("/api/v1/password-reset", routes!(account::request_reset)),
        (
            "/api/v1/account/sessions",
            routes!(account_sessions::list, account_sessions::end_others),
        ),
        (
            "/api/v1/account/sessions/{session_id}",
            routes!(account_sessions::end),
        ),
        (
            "/api/v1/account/authenticator",
            routes!(
                account::start_authenticator,
                account_settings::remove_authenticator
            ),
        ),
        (
            "/api/v1/account/password",
            routes!(account_settings::change_password),
        ),
        (
            "/api/v1/account/recovery-codes",
            routes!(account_settings::renew_recovery_codes),
        ),
        (
            "/api/v1/account/authenticator/confirmation",
            routes!(account::confirm_authenticator),
        ),
        (
            "/api/v1/organisations/{kvk_number}",
            routes!(organisations::show),
        ),
        ("/api/v1/catalogue", routes!(offer::catalogue)),
        ("/api/v1/prices", routes!(offer::prices)),
        ("/api/v1/quotes", routes!(offer::quote)),
        ("/api/v1/orders", routes!(orders::create)),
        ("/api/v1/orders/{order_number}", routes!(orders::show)),
        (
            "/api/v1/organisations/{kvk_number}/known-users",
            routes!(orders::known_users),
        ),
        ("/api/v1/activation", routes!(activation::show)),
        (
            "/api/v1/activation/email-confirmation",
            routes!(activation::confirm_email),
        ),
        (
            "/api/v1/activation/sms-code",
            routes!(activation::send_code),
        ),
        (
            "/api/v1/activation/sms-code/verification",
            routes!(activation::verify_code),
        ),
        ("/api/v1/activation/order", routes!(activation::order)),
        (
            "/api/v1/admin/organisations",
            routes!(
                back_office::list_organisations,
                back_office::register_organisation
            ),
        ),
        (
            "/api/v1/admin/managers",
            routes!(back_office::list_managers, back_office::appoint),
        ),
        (
            "/api/v1/admin/managers/{manager_id}",
            routes!(back_office::show_manager),
        ),
        (
            "/api/v1/admin/managers/{manager_id}/level",
            routes!(back_office::change_level),
        ),
        (
            "/api/v1/admin/managers/{manager_id}/organisations",
            routes!(back_office::add_organisation),
        ),
        (
            "/api/v1/admin/managers/{manager_id}/organisations/{kvk_number}",
            routes!(back_office::remove_organisation),
        ),
        (
            "/api/v1/admin/managers/{manager_id}/suspension",
            routes!(back_office::suspend, back_office::reactivate),
        ),
        (
            "/api/v1/admin/managers/{manager_id}/setup-link",
            routes!(back_office::resend_setup_link),
        ),
        (
            "/api/v1/admin/managers/{manager_id}/second-factor-reset",
            routes!(back_office::reset_second_factor),
        ),
        ("/api/v1/identifications", routes!(identifications::list)),
        (
            "/api/v1/identifications/{request_id}",
            routes!(identifications::show, identifications::record),
        ),
        ("/api/v1/users", routes!(manage::list_users)),
        (
            "/api/v1/users/export.csv",
            routes!(manage::export_users_csv),
        ),
        (
            "/api/v1/users/export.xlsx",
            routes!(manage::export_users_xlsx),
        ),
        ("/api/v1/users/{request_id}", routes!(manage::show_user)),
        (
            "/api/v1/means/{means_id}/revocation",
            routes!(manage::revoke_means),
        ),
        (
            "/api/v1/means/{means_id}/authorisations",
            routes!(machtigingen::add),
        ),
        (
            "/api/v1/means/{means_id}/authorisations/quote",
            routes!(machtigingen::quote),
        ),
        (
            "/api/v1/means/{means_id}/authorisations/{position}",
            routes!(machtigingen::change_end),
        ),
        (
            "/api/v1/means/{means_id}/authorisations/{position}/withdrawal",
            routes!(machtigingen::withdraw),
        ),
        (
            "/api/v1/authorisation-changes",
            routes!(machtigingen::apply),
        ),
        (
            "/api/v1/authorisation-changes/preview",
            routes!(machtigingen::preview),
        ),
        ("/api/v1/overview", routes!(year::show_overview)),
        ("/api/v1/bulk-actions", routes!(year::apply_bulk_action)),
        (
            "/api/v1/bulk-actions/preview",
            routes!(year::preview_bulk_action),
        ),
        (
            "/api/v1/users/{request_id}/manager-role",
            routes!(machtigingen::appoint, machtigingen::withdraw_co_manager),
        ),
        ("/api/v1/requests", routes!(manage::list_requests)),
        (
            "/api/v1/requests/{request_id}",
            routes!(manage::show_request, manage::correct_request),
        ),
        (
            "/api/v1/requests/{request_id}/invitation",
            routes!(manage::resend_invitation),
        ),
        (
            "/api/v1/requests/{request_id}/cancellation",
            routes!(manage::cancel_request),
        ),
        (
            "/api/v1/orders/{order_number}/cancellation",
            routes!(manage::cancel_order),
        ),
        ("/api/v1/audit", routes!(manage::list_audit)),
        (
            "/api/v1/api-clients",
            routes!(clients::list, clients::create),
        ),
        ("/api/v1/api-clients/{client_id}", routes!(clients::show)),
        (
            "/api/v1/api-clients/{client_id}/secret",
            routes!(clients::rotate),
        ),
        (
            "/api/v1/api-clients/{client_id}/revocation",
            routes!(clients::revoke),
        ),
        (
            "/api/v1/api-clients/{client_id}/webhook",
            routes!(clients::set_webhook, clients::remove_webhook),
        ),
        (
            "/api/v1/audit/export.csv",
            routes!(manage::export_audit_csv),
        ),
        (
            "/api/v1/user-files/validate",
            limited(routes!(user_files::validate), config.import_max_bytes),
        ),
        (
            "/api/v1/user-files/template.csv",
            routes!(user_files::template_csv),
        ),
        (
            "/api/v1/user-files/template.xlsx",
            routes!(user_files::template_xlsx),
        ),
        (
            "/api/v1/user-files/annotated.csv",
            routes!(user_files::annotated_csv),
        ),
        (
            "/api/v1/user-files/annotated.xlsx",
            routes!(user_files::annotated_xlsx),
        ),
    ]
    .into_iter()
    // The development mailbox only when it is on (`MIDDELPUNT_DEV_MAILBOX`).
    .chain(dev_messages::routes(config))
    .collect()
}

/// `route` with its own body limit of `bytes` instead of [`DEFAULT_BODY_LIMIT`]: the layer, and
/// the limit on its operations' request bodies, which the OpenAPI document states.
fn limited(route: UtoipaMethodRouter<AppState>, bytes: usize) -> UtoipaMethodRouter<AppState> {
    let (schemas, mut paths, router) = route;
    for item in paths.paths.values_mut() {
        for operation in openapi::operations_mut(item) {
            if let Some(RefOr::T(body)) = &mut operation.request_body {
                body.extensions
                    .get_or_insert_with(Default::default)
                    .insert(openapi::BODY_LIMIT_EXTENSION.to_owned(), bytes.into());
            }
        }
    }
    (schemas, paths, router.layer(body_limit(bytes)))
}

/// The `/api` router: the routes, JSON 404/405 for everything else under `/api`, the default
/// body limit, and `Cache-Control: no-store` unless a handler says otherwise (answers may hold
/// personal data). Error messages follow the request's language through
/// [`lang::negotiate`](crate::lang::negotiate),
/// which [`app`](crate::app) applies to every request.
pub fn router(config: &Config) -> Router<AppState> {
    let mut api = Router::new();
    for (path, (_, _, route)) in api_routes(config) {
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
