//! A SCIM User as JSON: rendered from the identity provider's record and the real state of
//! the request and means, and read back into the person it describes.

use api::{MeansStatus, RequestStatus};
use domain::user::RawUser;
use serde_json::{Map, Value, json};

use super::store::UserRow;
use super::{EXTENSION, ScimError};

/// The extension's attributes that the server derives (the state of the request and the
/// means): never taken from a request, returned only when asked for.
pub(super) const READ_ONLY: [&str; 7] = [
    "requestId",
    "requestStatus",
    "level",
    "meansId",
    "meansStatus",
    "validFrom",
    "validUntil",
];

/// Whether the user's request is open, or its means valid on `today` (ISO): what `active`
/// reads as, and when the person's details belong to a live request.
pub(super) fn is_live(row: &UserRow, today: &str) -> bool {
    let Some(status) = row.status.as_deref().and_then(RequestStatus::parse) else {
        return false;
    };
    status.is_open()
        || status == RequestStatus::Issued
            && row.means_status.as_deref() == Some(MeansStatus::Active.as_str())
            && row
                .valid_until
                .as_deref()
                .is_some_and(|until| until >= today)
}

/// The user as answered: the stored record, with the live request's e-mail address and
/// mobile number, `active`, the derived names, the state of request and means, and `meta`.
pub(super) fn render(row: &UserRow, base: &str, today: &str) -> Value {
    let mut user: Value = serde_json::from_str(&row.resource).unwrap_or_else(|_| json!({}));
    let live = is_live(row, today);
    if live {
        if let (Some(email), Some(index)) = (&row.email, email_index(&user)) {
            user["emails"][index]["value"] = json!(email);
        }
        if let (Some(mobile), Some(index)) = (&row.mobile, phone_index(&user)) {
            user["phoneNumbers"][index]["value"] = json!(mobile);
        }
    }
    let object = ensure_object(&mut user);
    object.insert("id".into(), json!(row.id));
    object.insert("schemas".into(), json!([scim::USER_SCHEMA, EXTENSION]));
    object.insert("userName".into(), json!(row.user_name));
    match &row.external_id {
        Some(external) => object.insert("externalId".into(), json!(external)),
        None => object.remove("externalId"),
    };
    object.insert("active".into(), json!(live));
    let person = person(&user);
    let full = domain::user::full_name(&person.first_names, &person.infix, &person.last_name);
    if !full.trim().is_empty() {
        user["displayName"] = json!(full);
        if user["name"].is_object() {
            user["name"]["formatted"] = json!(full);
        }
    }
    let extension = ensure_object(&mut user[EXTENSION]);
    let mut derived = |key: &str, value: &Option<String>| match value {
        Some(value) => extension.insert(key.into(), json!(value)),
        None => extension.remove(key),
    };
    derived("requestId", &row.request_id);
    derived("requestStatus", &row.status);
    derived("level", &row.level);
    derived("meansId", &row.means_id);
    derived("meansStatus", &row.means_status);
    derived("validFrom", &row.valid_from);
    derived("validUntil", &row.valid_until);
    user["meta"] = json!({
        "resourceType": "User",
        "created": rfc3339(row.created_at),
        "lastModified": rfc3339(row.updated_at),
        "location": format!("{base}/Users/{}", row.id),
        "version": version_tag(row.version),
    });
    user
}

/// The ETag of `version`: `W/"3"`.
pub(super) fn version_tag(version: i64) -> String {
    format!("W/\"{version}\"")
}

/// A unix time as RFC 3339 in UTC.
fn rfc3339(at: i64) -> String {
    let date = domain::Date::from_days_since_unix_epoch(at.div_euclid(86_400))
        .map(domain::Date::iso_string)
        .unwrap_or_default();
    let second = at.rem_euclid(86_400);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        second / 3600,
        second % 3600 / 60,
        second % 60
    )
}

fn ensure_object(value: &mut Value) -> &mut Map<String, Value> {
    if !value.is_object() {
        *value = json!({});
    }
    value
        .as_object_mut()
        .expect("the value was just made an object")
}

/// What the server keeps of a user sent by the provider: everything but what it derives.
pub(super) fn record_of(mut user: Value) -> Value {
    if let Some(object) = user.as_object_mut() {
        for derived in [
            "id",
            "meta",
            "displayName",
            "schemas",
            "userName",
            "externalId",
            "active",
        ] {
            object.remove(derived);
        }
    }
    if let Some(name) = user.get_mut("name").and_then(Value::as_object_mut) {
        name.remove("formatted");
    }
    if let Some(extension) = user.get_mut(EXTENSION).and_then(Value::as_object_mut) {
        for derived in READ_ONLY {
            extension.remove(derived);
        }
    }
    user
}

/// The e-mail address to use: the primary one, else the first of type work, else the first.
fn email_index(user: &Value) -> Option<usize> {
    pick(
        &user["emails"],
        |e| e["primary"] == json!(true),
        |e| e["type"] == "work",
    )
}

/// The mobile number to use: of type mobile, else the primary one, else the first.
fn phone_index(user: &Value) -> Option<usize> {
    pick(
        &user["phoneNumbers"],
        |p| p["type"] == "mobile",
        |p| p["primary"] == json!(true),
    )
}

fn pick(
    values: &Value,
    first: impl Fn(&Value) -> bool,
    then: impl Fn(&Value) -> bool,
) -> Option<usize> {
    let values = values.as_array()?;
    values
        .iter()
        .position(first)
        .or_else(|| values.iter().position(then))
        .or((!values.is_empty()).then_some(0))
}

fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(number) => number.to_string(),
        _ => String::new(),
    }
}

/// The person the user describes, as the wizard's fields: the extension's full first names
/// (else `name.givenName`), tussenvoegsel, birth date and place and employment, the core's
/// family name, e-mail address and mobile number. Checked by the order's rules when ordered.
pub(super) fn person(user: &Value) -> RawUser {
    let extension = &user[EXTENSION];
    let first_names = match text(&extension["firstNames"]) {
        given if given.is_empty() => text(&user["name"]["givenName"]),
        full => full,
    };
    let employed = match &extension["employed"] {
        Value::Bool(true) => "J".to_owned(),
        Value::Bool(false) => "N".to_owned(),
        other => match text(other).to_lowercase().as_str() {
            "true" => "J".to_owned(),
            "false" => "N".to_owned(),
            other => other.to_uppercase(),
        },
    };
    let value_at = |list: &str, index: Option<usize>| {
        index
            .map(|i| text(&user[list][i]["value"]))
            .unwrap_or_default()
    };
    RawUser {
        first_names,
        infix: text(&extension["infix"]),
        last_name: text(&user["name"]["familyName"]),
        birth_date: text(&extension["birthDate"]),
        birth_place: text(&extension["birthPlace"]),
        email: value_at("emails", email_index(user)),
        mobile: value_at("phoneNumbers", phone_index(user)),
        employed,
    }
}

/// `active` as sent: a boolean, or `"True"`/`"False"` as Entra ID sends it; `None` when absent.
pub(super) fn active_of(user: &Value) -> Result<Option<bool>, ScimError> {
    match &user["active"] {
        Value::Null => Ok(None),
        Value::Bool(active) => Ok(Some(*active)),
        Value::String(text) if text.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Value::String(text) if text.eq_ignore_ascii_case("false") => Ok(Some(false)),
        _ => Err(ScimError::bad(
            "invalidValue",
            "active must be true or false",
        )),
    }
}

/// `userName`: required, a non-empty string.
pub(super) fn user_name_of(user: &Value) -> Result<String, ScimError> {
    match user["userName"].as_str().map(str::trim) {
        Some(name) if !name.is_empty() && name.chars().count() <= 256 => Ok(name.to_owned()),
        _ => Err(ScimError::bad(
            "invalidValue",
            "userName is required: a text of 1 to 256 characters",
        )),
    }
}

/// `externalId`, when sent as a non-empty string.
pub(super) fn external_id_of(user: &Value) -> Option<String> {
    user["externalId"]
        .as_str()
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}
