//! The `attributes` and `excludedAttributes` query parameters (RFC 7644 §3.9).
//!
//! [`parse_list`] splits a parameter's comma-separated value; [`project`] applies both lists
//! to a resource. Entries may be attributes (`userName`), sub-attributes (`name.givenName`,
//! `emails.value`), URN-qualified attributes
//! (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`) or a whole
//! extension (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`); names match
//! case-insensitively. Entries that are no attribute path are ignored.
//!
//! Following RFC 7643 §7 ("returned"): `id` is always returned and so is `schemas` (which a
//! client needs to read the resource); everything else, `meta` included, is returned by
//! default, that is unless `attributes` is given and does not name it.

use serde_json::{Map, Value};

use crate::path::{self, AttrPath, is_schema_urn};

/// The attributes returned whatever the parameters say.
const ALWAYS_RETURNED: [&str; 2] = ["id", "schemas"];

/// The entries of a comma-separated parameter value, trimmed, without empty ones:
/// `"userName, name.givenName,"` is `["userName", "name.givenName"]`.
pub fn parse_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `resource` with only the `attributes` (when not empty) plus `id` and `schemas`, and
/// without the `excluded` attributes (never `id` or `schemas`).
///
/// A resource that is not a JSON object is returned as it is.
pub fn project(resource: &Value, attributes: &[&str], excluded: &[&str]) -> Value {
    let Some(object) = resource.as_object() else {
        return resource.clone();
    };
    let mut out = if attributes.is_empty() {
        object.clone()
    } else {
        let mut out = Map::new();
        for name in ALWAYS_RETURNED {
            if let Some((key, value)) = path::entry(object, name) {
                out.insert(key.clone(), value.clone());
            }
        }
        for entry in attributes {
            include(resource, &mut out, entry);
        }
        out
    };
    for entry in excluded {
        exclude(resource, &mut out, entry);
    }
    Value::Object(out)
}

/// Copies the attribute `entry` names from `resource` into `out`.
fn include(resource: &Value, out: &mut Map<String, Value>, entry: &str) {
    let Some(object) = resource.as_object() else {
        return;
    };
    if is_schema_urn(resource, entry) {
        if let Some((key, value)) = path::entry(object, entry) {
            out.insert(key.clone(), value.clone());
        }
        return;
    }
    let Some(attr) = AttrPath::parse(entry) else {
        return;
    };
    let Some(source) = path::container(resource, attr.extension()) else {
        return;
    };
    let Some((key, value)) = path::entry(source, attr.name()) else {
        return;
    };
    let key = key.clone();
    let dest = match attr.extension() {
        None => out,
        Some(urn) => {
            // The extension's key as the resource spells it; `container` found it.
            let urn_key = path::key_of(object, urn).unwrap_or_else(|| urn.to_owned());
            let slot = out
                .entry(urn_key)
                .or_insert_with(|| Value::Object(Map::new()));
            match slot.as_object_mut() {
                Some(dest) => dest,
                // The whole extension is already in `out`.
                None => return,
            }
        }
    };
    let Some(sub) = attr.sub_attribute() else {
        dest.insert(key, value.clone());
        return;
    };
    match value {
        Value::Object(complex) => {
            if let Some((sub_key, sub_value)) = path::entry(complex, sub) {
                let slot = dest.entry(key).or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(slot) = slot {
                    slot.insert(sub_key.clone(), sub_value.clone());
                }
            }
        }
        Value::Array(items) => {
            let slot = dest.entry(key).or_insert_with(|| {
                Value::Array(items.iter().map(|_| Value::Object(Map::new())).collect())
            });
            let Value::Array(slots) = slot else {
                return;
            };
            for (item, slot) in items.iter().zip(slots.iter_mut()) {
                if let (Value::Object(item), Value::Object(slot)) = (item, slot)
                    && let Some((sub_key, sub_value)) = path::entry(item, sub)
                {
                    slot.insert(sub_key.clone(), sub_value.clone());
                }
            }
        }
        _ => {}
    }
}

/// Removes the attribute `entry` names from `out`, unless it is `id` or `schemas`.
fn exclude(resource: &Value, out: &mut Map<String, Value>, entry: &str) {
    if is_schema_urn(resource, entry) {
        path::remove(out, entry);
        return;
    }
    let Some(attr) = AttrPath::parse(entry) else {
        return;
    };
    if attr.extension().is_none()
        && attr.sub_attribute().is_none()
        && ALWAYS_RETURNED
            .iter()
            .any(|name| name.eq_ignore_ascii_case(attr.name()))
    {
        return;
    }
    let container = match attr.extension() {
        None => out,
        Some(urn) => match path::get_mut(out, urn).and_then(Value::as_object_mut) {
            Some(extension) => extension,
            None => return,
        },
    };
    let Some(sub) = attr.sub_attribute() else {
        path::remove(container, attr.name());
        return;
    };
    match path::get_mut(container, attr.name()) {
        Some(Value::Object(complex)) => {
            path::remove(complex, sub);
        }
        Some(Value::Array(items)) => {
            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                path::remove(item, sub);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    fn user() -> Value {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
            "id": "2819c223",
            "externalId": "ext-1",
            "userName": "bjensen",
            "name": {"familyName": "Jensen", "givenName": "Barbara"},
            "active": true,
            "emails": [
                {"value": "bjensen@example.com", "type": "work"},
                {"value": "babs@jensen.org", "type": "home"}
            ],
            "meta": {"resourceType": "User", "lastModified": "2011-05-13T04:42:34Z"},
            ENTERPRISE: {"employeeNumber": "701984", "department": "Tours"}
        })
    }

    #[test]
    fn parses_lists() {
        assert_eq!(
            parse_list("userName, name.givenName,,emails "),
            vec!["userName", "name.givenName", "emails"]
        );
        assert!(parse_list("").is_empty());
        assert!(parse_list(" , ").is_empty());
    }

    #[test]
    fn nothing_asked_is_everything() {
        assert_eq!(project(&user(), &[], &[]), user());
        assert_eq!(project(&json!("x"), &["id"], &[]), json!("x"));
    }

    #[test]
    fn attributes_keep_id_and_schemas_and_drop_meta() {
        assert_eq!(
            project(&user(), &["USERNAME", "active"], &[]),
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
                "id": "2819c223",
                "userName": "bjensen",
                "active": true
            })
        );
        let with_meta = project(&user(), &["meta"], &[]);
        assert_eq!(with_meta["meta"], user()["meta"]);
        // Unknown and malformed entries are ignored.
        let p = project(&user(), &["nickName", "a.b.c", "1x"], &[]);
        assert_eq!(p.as_object().map(Map::len), Some(2));
    }

    #[test]
    fn sub_attributes() {
        let p = project(&user(), &["name.givenName", "emails.value"], &[]);
        assert_eq!(p["name"], json!({"givenName": "Barbara"}));
        assert_eq!(
            p["emails"],
            json!([{"value": "bjensen@example.com"}, {"value": "babs@jensen.org"}])
        );
        let p = project(&user(), &["emails.value", "emails.type", "name"], &[]);
        assert_eq!(p["emails"], user()["emails"]);
        assert_eq!(p["name"], user()["name"]);
        let p = project(&user(), &["name.middleName"], &[]);
        assert!(p.get("name").is_none());
    }

    #[test]
    fn urn_qualified() {
        let p = project(
            &user(),
            &[
                &format!("{ENTERPRISE}:employeeNumber"),
                "urn:ietf:params:scim:schemas:core:2.0:User:userName",
            ],
            &[],
        );
        assert_eq!(p[ENTERPRISE], json!({"employeeNumber": "701984"}));
        assert_eq!(p["userName"], json!("bjensen"));
        let p = project(&user(), &[ENTERPRISE], &[]);
        assert_eq!(p[ENTERPRISE], user()[ENTERPRISE]);
        let p = project(&user(), &["employeeNumber"], &[]);
        assert!(p.get(ENTERPRISE).is_none());
    }

    #[test]
    fn excluded_attributes() {
        let p = project(
            &user(),
            &[],
            &["emails", "Name.GivenName", "id", "schemas", "meta"],
        );
        assert!(p.get("emails").is_none());
        assert!(p.get("meta").is_none());
        assert_eq!(p["name"], json!({"familyName": "Jensen"}));
        assert_eq!(p["id"], json!("2819c223"));
        assert_eq!(p["schemas"], user()["schemas"]);
        assert_eq!(p["userName"], json!("bjensen"));

        let p = project(
            &user(),
            &[],
            &["emails.type", &format!("{ENTERPRISE}:department")],
        );
        assert_eq!(
            p["emails"],
            json!([{"value": "bjensen@example.com"}, {"value": "babs@jensen.org"}])
        );
        assert_eq!(p[ENTERPRISE], json!({"employeeNumber": "701984"}));

        let p = project(&user(), &[], &[ENTERPRISE]);
        assert!(p.get(ENTERPRISE).is_none());
    }

    #[test]
    fn both_lists() {
        let p = project(&user(), &["name", "userName"], &["name.familyName"]);
        assert_eq!(
            p,
            json!({
                "schemas": user()["schemas"],
                "id": "2819c223",
                "userName": "bjensen",
                "name": {"givenName": "Barbara"}
            })
        );
    }
}
