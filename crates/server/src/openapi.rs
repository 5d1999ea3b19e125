//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the API, built from the code.
//!
//! Each handler carries its operation (`#[utoipa::path(...)]`: method, path, parameters, request
//! body, its own answers) and each body type its schema (`utoipa::ToSchema`). [`build`] gathers
//! them from the route table ([`api_routes`]), the same list the router is built from, and adds
//! what the shared layers and extractors do to every operation alike:
//!
//! - `Accept-Language` on every operation (the language of error messages);
//! - a session's `401 not_logged_in`, and on state-changing requests the required
//!   `X-CSRF-Token` header with `403 csrf_failed`;
//! - for a request body: its byte limit (`x-max-body-bytes`), `400 invalid_body`,
//!   `413 payload_too_large` and, for JSON, `415 unsupported_media_type`;
//! - for path or query parameters: `400 invalid_path` / `invalid_query`;
//! - `500 internal_error` and `503 service_unavailable` everywhere.
//!
//! Every error answer has the one shape `Error` ([`ErrorBody`](crate::error::ErrorBody)).

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{KnownFormat, RefOr, SchemaFormat};
use utoipa::{OpenApi, PartialSchema, ToSchema};

use crate::AppState;
use crate::config::Config;
use crate::extract::DEFAULT_BODY_LIMIT;
use crate::routes::api_routes;

/// The request-body extension that states the route's byte limit.
pub const BODY_LIMIT_EXTENSION: &str = "x-max-body-bytes";

/// A file's bytes as a body: `{"type": "string", "format": "binary"}`.
pub struct Binary;

impl PartialSchema for Binary {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl ToSchema for Binary {}

/// The one error shape ([`ErrorBody`](crate::error::ErrorBody)) as the document names it: `Error`.
pub struct Error;

impl PartialSchema for Error {
    fn schema() -> RefOr<Schema> {
        let text = || ObjectBuilder::new().schema_type(SchemaType::Type(Type::String));
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Object))
            .description(Some("The body of every error answer."))
            .property(
                "code",
                text().pattern(Some("^[a-z][a-z0-9_]*$")).description(Some(
                    "Stable snake_case machine code; clients branch on it.",
                )),
            )
            .property(
                "message",
                text().description(Some("Human text in the language of the request.")),
            )
            .property(
                "messages",
                ObjectBuilder::new()
                    .schema_type(SchemaType::Type(Type::Object))
                    .description(Some(
                        "The same text in every language of the interface, to show it again \
                         after the user switches language.",
                    ))
                    .property("nl", text().description(Some("In Dutch.")))
                    .property("en", text().description(Some("In English.")))
                    .required("nl")
                    .required("en")
                    .additional_properties(Some(AdditionalProperties::FreeForm(false))),
            )
            .property(
                "details",
                ObjectBuilder::new()
                    .schema_type(SchemaType::Type(Type::Object))
                    .description(Some("Structured extras; absent when there are none.")),
            )
            .property(
                "request_id",
                text().description(Some(
                    "The request's id, as in the `X-Request-Id` answer header: quoted to the \
                     help desk, it finds the request in the server's logs.",
                )),
            )
            .required("code")
            .required("message")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))
            .into()
    }
}

impl ToSchema for Error {}

/// The fixed parts: title, licence, tags and the error shape.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Middelpunt API",
        description = "The API of Middelpunt, the self-service portal for issuing eHerkenning \
            means. Every error answers with one JSON shape (`Error`): a stable machine `code`, a \
            human `message` in the language asked for with `Accept-Language` (Dutch by default, \
            or English), optional `details`, and the request's id (`request_id`, also in every \
            answer's `X-Request-Id` header). Unknown paths under `/api` answer \
            `404 not_found`, a known path with a wrong method `405 method_not_allowed`. Answers \
            carry `Cache-Control: no-store` unless stated otherwise.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    components(schemas(Error)),
    tags(
        (name = "operations", description = "Running the service."),
        (name = "session", description = "Signing in: the password, then the second factor."),
        (name = "account", description = "The account's set-up through its one-time link, and its second factor."),
        (name = "ordering", description = "The order wizard: organisations, catalogue, prices and orders."),
        (name = "users file", description = "The users file: validation and templates."),
        (name = "activation", description = "The user completes their request through the invitation link (no login)."),
        (name = "identification", description = "The back office identifies users who are not employees (operators only)."),
        (name = "back office", description = "The back office registers organisations and appoints their managers (admins only)."),
        (name = "beheer", description = "The manager's \"Gebruikers\", \"Lopende aanvragen\" and audit log, for the organisations they manage."),
        (name = "machtigingen", description = "Machtigingen beheren: adding, re-dating and withdrawing the machtigingen of people who hold a means, one at a time or many at once, and making a user a co-manager."),
        (name = "clients", description = "API clients (\"Koppelingen\"): a manager's standing connection for one organisation, through which an HR system or identity provider orders and revokes means itself, with SCIM 2.0 at `/scim/v2` or with this API and the client's bearer token (`Authorization: Bearer mpk_…`, the `apiClient` scheme). See docs/clients-api.md."),
        (name = "development", description = "Only in development mode: the mailbox of e-mail and SMS that were not really sent."),
    )
)]
struct Fixed;

/// `GET /api/v1/openapi.json`: this document.
#[utoipa::path(
    get, path = "/api/v1/openapi.json", operation_id = "getOpenApi", tag = "operations",
    responses((status = 200, description = "This document (OpenAPI 3.1).", content_type = "application/json", body = Object))
)]
pub async fn document(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        build(&state.config).to_string(),
    )
}

/// The document for a server running with `config` (which routes exist and their limits).
pub fn build(config: &Config) -> Value {
    let mut document = Fixed::openapi();
    for (_, (schemas, paths, _)) in api_routes(config) {
        for (path, item) in paths.paths {
            match document.paths.paths.get_mut(&path) {
                Some(known) => known.merge_operations(item),
                None => {
                    document.paths.paths.insert(path, item);
                }
            }
        }
        document
            .components
            .get_or_insert_with(Default::default)
            .schemas
            .extend(schemas);
    }
    let mut document =
        serde_json::to_value(&document).expect("an OpenAPI document always serialises to JSON");
    add_shared_components(&mut document);
    if let Some(paths) = document["paths"].as_object_mut() {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for (method, operation) in item.iter_mut() {
                if let Some(operation) = operation.as_object_mut() {
                    complete(method, operation);
                }
            }
        }
    }
    document
}

/// The operations of a path item, whichever methods it has.
pub fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
        &mut item.query,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

/// An error answer in the one shape, described.
fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    })
}

/// The responses, parameters, headers and security schemes every operation may refer to.
fn add_shared_components(document: &mut Value) {
    let components = &mut document["components"];
    components["responses"] = json!({
        "NotLoggedIn": error_response("No valid session: no cookie, or the session ended (`not_logged_in`)."),
        "ActivationTokenMissing": error_response("No `X-Activation-Token` header, or an empty one (`activation_token_missing`)."),
        "SetupTokenMissing": error_response("No `X-Setup-Token` header, or an empty one (`setup_token_missing`)."),
        "CsrfFailed": error_response("A state-changing request without the session's `X-CSRF-Token`, or from a foreign `Origin` (`csrf_failed`, `details.reason`: `missing_token`, `wrong_token` or `foreign_origin`); or a session that gave the password but not the second factor (`second_factor_required`, `details.second_factor`: `required` or `not_set_up`)."),
        "SecondFactorRequired": error_response("A session that gave the password but not the second factor (`second_factor_required`, `details.second_factor`: `required` or `not_set_up`)."),
        "BadRequest": error_response("The path, query or body cannot be read (`invalid_path`, `invalid_query`, `invalid_body`)."),
        "PayloadTooLarge": error_response("The body is larger than the route accepts (`payload_too_large`, `details.limit_bytes`)."),
        "UnsupportedMediaType": error_response("The body has the wrong `Content-Type` (`unsupported_media_type`, `details.expected`)."),
        "InternalError": error_response("A fault on the server's side (`internal_error`); details are logged, never returned."),
        "ServiceUnavailable": error_response("The database does not answer (`service_unavailable`)."),
    });
    components["parameters"] = json!({
        "AcceptLanguage": {
            "name": "Accept-Language",
            "in": "header",
            "required": false,
            "description": "The language of error messages: `nl` (default) or `en`, with q-values.",
            "schema": {"type": "string"},
        },
        "CsrfToken": {
            "name": "X-CSRF-Token",
            "in": "header",
            "required": true,
            "description": "The session's `csrf_token` (from `POST` or `GET /api/v1/session`), required on every state-changing request made with a session.",
            "schema": {"type": "string", "minLength": 1},
        },
        "CsrfTokenWithSession": {
            "name": "X-CSRF-Token",
            "in": "header",
            "required": false,
            "description": "With a session: its `csrf_token`, required. With an API client's bearer token: not needed.",
            "schema": {"type": "string", "minLength": 1},
        },
    });
    components["securitySchemes"] = json!({
        "session": {
            "type": "apiKey",
            "in": "cookie",
            "name": crate::auth::session::COOKIE_NAME,
            "description": "The session cookie set by `POST /api/v1/session`. State-changing requests also need the `X-CSRF-Token` header.",
        },
        "apiClient": {
            "type": "http",
            "scheme": "bearer",
            "description": "An API client's secret (`mpk_…`, from `POST /api/v1/api-clients`): acts for the manager who made the client, for the client's one organisation and within its permissions (`read_users`, `order`, `revoke`); no CSRF token. `401 api_client_unauthorized` when the secret does not work; `403 api_client_permission_missing` without the permission.",
        },
        "activationToken": {
            "type": "apiKey",
            "in": "header",
            "name": "X-Activation-Token",
            "description": "The token of the user's invitation link, in a header so that it is in no access log.",
        },
        "setupToken": {
            "type": "apiKey",
            "in": "header",
            "name": crate::routes::account::SETUP_TOKEN_HEADER,
            "description": "The token of an account's one-time set-up or reset link (from the link's `#` fragment), in a header so that it is in no access log.",
        },
    });
}

/// Adds to `operation` (of HTTP `method`) what the shared layers and extractors answer.
fn complete(method: &str, operation: &mut Map<String, Value>) {
    let reference = |name: &str| json!({"$ref": format!("#/components/responses/{name}")});
    let mut parameters = vec![json!({"$ref": "#/components/parameters/AcceptLanguage"})];
    let mut shared = vec![
        ("500", reference("InternalError")),
        ("503", reference("ServiceUnavailable")),
    ];

    let security = operation.get("security").and_then(Value::as_array);
    let session = security.is_some_and(|requirements| {
        requirements
            .iter()
            .any(|requirement| requirement.get("session").is_some())
    });
    let session_optional = security.is_some_and(|requirements| {
        requirements
            .iter()
            .any(|requirement| requirement.as_object().is_some_and(Map::is_empty))
    });
    if session && !session_optional {
        shared.push(("401", reference("NotLoggedIn")));
        if method == "get" {
            shared.push(("403", reference("SecondFactorRequired")));
        }
    }
    let activation = security.is_some_and(|requirements| {
        requirements
            .iter()
            .any(|requirement| requirement.get("activationToken").is_some())
    });
    if activation {
        shared.push(("401", reference("ActivationTokenMissing")));
    }
    let setup = security.is_some_and(|requirements| {
        requirements
            .iter()
            .any(|requirement| requirement.get("setupToken").is_some())
    });
    if setup {
        shared.push(("401", reference("SetupTokenMissing")));
    }
    let client = security.is_some_and(|requirements| {
        requirements
            .iter()
            .any(|requirement| requirement.get("apiClient").is_some())
    });
    if session && method != "get" {
        let csrf = if client {
            "CsrfTokenWithSession"
        } else {
            "CsrfToken"
        };
        parameters.push(json!({"$ref": format!("#/components/parameters/{csrf}")}));
        shared.push(("403", reference("CsrfFailed")));
    }

    let has_parameters = operation
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|own| {
            own.iter()
                .any(|parameter| matches!(parameter["in"].as_str(), Some("path" | "query")))
        });
    if let Some(body) = operation
        .get_mut("requestBody")
        .and_then(Value::as_object_mut)
    {
        let limit = body
            .get(BODY_LIMIT_EXTENSION)
            .and_then(Value::as_u64)
            .unwrap_or(DEFAULT_BODY_LIMIT as u64);
        body.insert(BODY_LIMIT_EXTENSION.to_owned(), json!(limit));
        let description = body
            .get("description")
            .and_then(Value::as_str)
            .map(|own| format!("{own} "))
            .unwrap_or_default();
        body.insert(
            "description".to_owned(),
            json!(format!("{description}At most {limit} bytes.")),
        );
        let json_body = body
            .get("content")
            .and_then(Value::as_object)
            .is_some_and(|content| content.contains_key("application/json"));
        shared.push(("400", reference("BadRequest")));
        shared.push(("413", reference("PayloadTooLarge")));
        if json_body {
            shared.push(("415", reference("UnsupportedMediaType")));
        }
    }
    if has_parameters {
        shared.push(("400", reference("BadRequest")));
    }

    let own = operation
        .entry("parameters")
        .or_insert_with(|| json!([]))
        .as_array_mut()
        .expect("`parameters` is an array");
    parameters.append(own);
    *own = parameters;
    let responses = operation
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("`responses` is an object");
    for (status, response) in shared {
        // A handler's own description of a status comes first.
        responses.entry(status).or_insert(response);
    }
}
