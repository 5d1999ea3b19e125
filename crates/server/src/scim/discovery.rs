//! What the service provider says about itself (RFC 7643 §5–§7): `/ServiceProviderConfig`,
//! `/ResourceTypes` and `/Schemas`. Users only; PATCH, filters and ETags supported; no bulk,
//! no sorting, no password changes.

use axum::extract::Path;
use serde_json::{Value, json};

use super::{EXTENSION, MAX_RESULTS, ScimError, ScimJson, base_url};
use crate::AppState;
use axum::extract::State;

const SPC_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

pub(super) async fn service_provider_config(State(state): State<AppState>) -> ScimJson {
    let base = base_url(&state);
    ScimJson::ok(json!({
        "schemas": [SPC_SCHEMA],
        "documentationUri": format!("{}/api/v1/openapi.json", state.config.public_url.as_str().trim_end_matches('/')),
        "patch": { "supported": true },
        "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
        "filter": { "supported": true, "maxResults": MAX_RESULTS },
        "changePassword": { "supported": false },
        "sort": { "supported": false },
        "etag": { "supported": true },
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "The secret of an API client (Koppeling), made in Beheer → Koppelingen: Authorization: Bearer mpk_…",
            "specUri": "https://www.rfc-editor.org/info/rfc6750",
            "primary": true,
        }],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{base}/ServiceProviderConfig"),
        },
    }))
}

fn user_resource_type(base: &str) -> Value {
    json!({
        "schemas": [RESOURCE_TYPE_SCHEMA],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "A person of the organisation who gets an eHerkenning means under the client's provisioning profile.",
        "schema": scim::USER_SCHEMA,
        "schemaExtensions": [{ "schema": EXTENSION, "required": true }],
        "meta": { "resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/User") },
    })
}

pub(super) async fn resource_types(State(state): State<AppState>) -> ScimJson {
    let types = vec![user_resource_type(&base_url(&state))];
    ScimJson::ok(scim::list_response(1, 1, types))
}

pub(super) async fn resource_type(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<ScimJson, ScimError> {
    if id == "User" {
        Ok(ScimJson::ok(user_resource_type(&base_url(&state))))
    } else {
        Err(ScimError::not_found(&format!("No resource type {id}")))
    }
}

/// One attribute of a schema.
fn attribute(name: &str, kind: &str, required: bool, mutability: &str, description: &str) -> Value {
    json!({
        "name": name,
        "type": kind,
        "multiValued": false,
        "description": description,
        "required": required,
        "caseExact": false,
        "mutability": mutability,
        "returned": "default",
        "uniqueness": "none",
    })
}

/// A multi-valued complex attribute with `value`, `type` and `primary`.
fn multi_valued(name: &str, description: &str, types: &[&str]) -> Value {
    let mut value = attribute("value", "string", true, "readWrite", description);
    value["required"] = json!(true);
    let mut kind = attribute("type", "string", false, "readWrite", "The kind of value.");
    kind["canonicalValues"] = json!(types);
    let primary = attribute(
        "primary",
        "boolean",
        false,
        "readWrite",
        "The value to use.",
    );
    json!({
        "name": name,
        "type": "complex",
        "multiValued": true,
        "description": description,
        "required": true,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
        "subAttributes": [value, kind, primary],
    })
}

fn user_schema(base: &str) -> Value {
    let mut user_name = attribute(
        "userName",
        "string",
        true,
        "readWrite",
        "The identity provider's unique name for the person, e.g. their sign-in name.",
    );
    user_name["uniqueness"] = json!("server");
    let mut given = attribute(
        "givenName",
        "string",
        false,
        "immutable",
        "The name the person goes by (roepnaam); the full first names are firstNames in the extension, or this when it is absent.",
    );
    given["mutability"] = json!("immutable");
    let family = attribute(
        "familyName",
        "string",
        true,
        "immutable",
        "The last name without tussenvoegsel.",
    );
    let formatted = attribute(
        "formatted",
        "string",
        false,
        "readOnly",
        "The full name as the means holds it.",
    );
    let name = json!({
        "name": "name",
        "type": "complex",
        "multiValued": false,
        "description": "The person's name, as the means will hold it: it can change only until the person confirms their details.",
        "required": true,
        "mutability": "immutable",
        "returned": "default",
        "uniqueness": "none",
        "subAttributes": [given, family, formatted],
    });
    json!({
        "schemas": [SCHEMA_SCHEMA],
        "id": scim::USER_SCHEMA,
        "name": "User",
        "description": "A person who gets an eHerkenning means.",
        "attributes": [
            user_name,
            name,
            attribute("displayName", "string", false, "readOnly", "The full name."),
            multi_valued("emails", "The e-mail address the invitation goes to (the primary one, else the first of type work, else the first); it can change until the person confirms it.", &["work", "home", "other"]),
            multi_valued("phoneNumbers", "The Dutch mobile number for the SMS code (type mobile, else the primary, else the first); it can change until the person verifies it.", &["mobile", "work", "home", "other"]),
            attribute("active", "boolean", true, "readWrite", "Whether the person should have eHerkenning: true orders a means under the client's profile (absent on creation means true); false revokes the means or cancels the request. Read back, it says whether the request is open or the means valid."),
        ],
        "meta": { "resourceType": "Schema", "location": format!("{base}/Schemas/{}", scim::USER_SCHEMA) },
    })
}

fn extension_schema(base: &str) -> Value {
    let read_only = |name: &str, description: &str| {
        let mut state = attribute(name, "string", false, "readOnly", description);
        state["returned"] = json!("request");
        state
    };
    json!({
        "schemas": [SCHEMA_SCHEMA],
        "id": EXTENSION,
        "name": "EHerkenningUser",
        "description": "What eHerkenning needs of a person beyond SCIM's core, and the state of their request and means.",
        "attributes": [
            attribute("firstNames", "string", true, "immutable", "All first names in full, as on the passport."),
            attribute("infix", "string", false, "immutable", "The tussenvoegsel, e.g. van der."),
            attribute("birthDate", "string", true, "immutable", "The date of birth, YYYY-MM-DD (or DD-MM-YYYY)."),
            attribute("birthPlace", "string", true, "immutable", "The place of birth."),
            attribute("employed", "boolean", true, "immutable", "Whether the person is employed by the organisation (in loondienst): then no identification is needed."),
            read_only("requestId", "The request ordered for the person."),
            read_only("requestStatus", "invited, email_confirmed, mobile_verified, identification_required, issued, rejected, expired or cancelled."),
            read_only("level", "The level of the means: EH2, EH2+ or EH3."),
            read_only("meansId", "The means, once issued (EHM-…)."),
            read_only("meansStatus", "active or revoked."),
            read_only("validFrom", "The means' first day, YYYY-MM-DD."),
            read_only("validUntil", "The means' last day, YYYY-MM-DD."),
        ],
        "meta": { "resourceType": "Schema", "location": format!("{base}/Schemas/{EXTENSION}") },
    })
}

pub(super) async fn schemas(State(state): State<AppState>) -> ScimJson {
    let base = base_url(&state);
    let all = vec![user_schema(&base), extension_schema(&base)];
    ScimJson::ok(scim::list_response(2, 1, all))
}

pub(super) async fn schema(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<ScimJson, ScimError> {
    let base = base_url(&state);
    match id.as_str() {
        scim::USER_SCHEMA => Ok(ScimJson::ok(user_schema(&base))),
        EXTENSION => Ok(ScimJson::ok(extension_schema(&base))),
        _ => Err(ScimError::not_found(&format!("No schema {id}"))),
    }
}
