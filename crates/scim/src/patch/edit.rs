//! Changing a resource's attributes: the building blocks of [`apply`](super::apply).

use serde_json::{Map, Value};

use super::{Op, PathProblem};
use crate::path;

/// The attributes of the User and Group schemas that are multi-valued: a single value added to
/// one of them is wrapped in an array.
const MULTI_VALUED: [&str; 10] = [
    "emails",
    "phoneNumbers",
    "ims",
    "photos",
    "addresses",
    "groups",
    "entitlements",
    "roles",
    "x509Certificates",
    "members",
];

/// The single-valued complex attributes of the User schema and its enterprise extension: an
/// array of one object given for one of them is unwrapped.
const SINGULAR_COMPLEX: [&str; 2] = ["name", "manager"];

/// The object holding `extension`'s attributes (the resource's top level for `None`); created,
/// and listed in `schemas`, when missing and `create`. `Ok(None)` when missing otherwise.
pub(super) fn container_mut<'a>(
    resource: &'a mut Value,
    extension: Option<&str>,
    create: bool,
) -> Result<Option<&'a mut Map<String, Value>>, PathProblem> {
    let Some(object) = resource.as_object_mut() else {
        return Ok(None);
    };
    let Some(urn) = extension else {
        return Ok(Some(object));
    };
    let key = match path::key_of(object, urn) {
        Some(key) => key,
        None if create => {
            object.insert(urn.to_owned(), Value::Object(Map::new()));
            add_schema(object, urn);
            urn.to_owned()
        }
        None => return Ok(None),
    };
    let slot = object.get_mut(&key);
    match slot {
        Some(slot @ Value::Null) if create => {
            *slot = Value::Object(Map::new());
            Ok(slot.as_object_mut())
        }
        Some(Value::Object(extension)) => Ok(Some(extension)),
        Some(Value::Null) | None => Ok(None),
        Some(_) => Err(PathProblem::ExtensionNotObject),
    }
}

/// Lists `urn` in the resource's `schemas`, when it has that array and the URN is not in it.
fn add_schema(object: &mut Map<String, Value>, urn: &str) {
    if let Some(Value::Array(schemas)) = path::get_mut(object, "schemas")
        && !schemas
            .iter()
            .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)))
    {
        schemas.push(Value::from(urn));
    }
}

/// Takes `urn` out of the resource's `schemas`.
pub(super) fn remove_schema(object: &mut Map<String, Value>, urn: &str) {
    if let Some(Value::Array(schemas)) = path::get_mut(object, "schemas") {
        schemas.retain(|s| !s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)));
    }
}

/// Carries out `op` on the attribute `name` of `object` (add, replace or remove it).
pub(super) fn set(object: &mut Map<String, Value>, name: &str, op: Op, value: Option<&Value>) {
    let key = path::key_of(object, name);
    let existing = key.as_deref().and_then(|key| object.get(key));
    let value = match (op, value) {
        (Op::Remove, Some(value)) => {
            // Remove only the given values of a multi-valued attribute.
            if let (Some(key), Some(Value::Array(_))) = (&key, existing) {
                let remove: Vec<Value> = match value {
                    Value::Array(items) => items.clone(),
                    other => vec![other.clone()],
                };
                if let Some(Value::Array(items)) = object.get_mut(key) {
                    items.retain(|item| !remove.iter().any(|r| same_value(item, r)));
                    if items.is_empty() {
                        object.remove(key);
                    }
                }
                return;
            }
            None
        }
        (_, value) => value.filter(|v| !v.is_null()),
    };
    let (Some(value), false) = (value, op == Op::Remove) else {
        if let Some(key) = key {
            object.remove(&key);
        }
        return;
    };
    let value = normalize(name, value, existing);
    let key = key.unwrap_or_else(|| name.to_owned());
    match (object.get_mut(&key), value) {
        (Some(Value::Array(items)), Value::Array(new)) if op == Op::Add => {
            for item in new {
                if !items.contains(&item) {
                    items.push(item);
                }
            }
        }
        (Some(Value::Object(existing)), Value::Object(new)) => merge(existing, &new),
        (_, value) => {
            object.insert(key, value);
        }
    }
}

/// `value` shaped for the attribute `name` (whose current value is `existing`), accepting what
/// Entra ID sends: `"True"`/`"False"` for `active`, an array of one object for a single-valued
/// complex attribute, a bare id for `manager`; and a single value for a multi-valued attribute
/// wrapped in an array.
fn normalize(name: &str, value: &Value, existing: Option<&Value>) -> Value {
    let is = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    let multi = match existing {
        Some(Value::Array(_)) => true,
        Some(Value::Null) | None => is(&MULTI_VALUED),
        Some(_) => false,
    };
    let complex = matches!(existing, Some(Value::Object(_))) || is(&SINGULAR_COMPLEX);
    match value {
        Value::String(s) if name.eq_ignore_ascii_case("active") => {
            if s.eq_ignore_ascii_case("true") {
                Value::Bool(true)
            } else if s.eq_ignore_ascii_case("false") {
                Value::Bool(false)
            } else {
                value.clone()
            }
        }
        Value::String(id) if name.eq_ignore_ascii_case("manager") => {
            let mut manager = Map::new();
            manager.insert("value".into(), Value::String(id.clone()));
            Value::Object(manager)
        }
        Value::Array(items) if !multi && complex => match items.as_slice() {
            [one @ Value::Object(_)] => one.clone(),
            _ => value.clone(),
        },
        Value::Array(_) => value.clone(),
        _ if multi => Value::Array(vec![value.clone()]),
        _ => value.clone(),
    }
}

/// The object in `value`, or in an array of one (Entra ID's shape).
pub(super) fn single(value: Option<&Value>) -> Option<&Map<String, Value>> {
    match value? {
        Value::Object(object) => Some(object),
        Value::Array(items) => match items.as_slice() {
            [Value::Object(object)] => Some(object),
            _ => None,
        },
        _ => None,
    }
}

/// The values of the multi-valued attribute `name` that are primary (`"primary": true`).
pub(super) fn primaries(container: &Map<String, Value>, name: &str) -> Vec<Value> {
    match path::get(container, name) {
        Some(Value::Array(values)) => values.iter().filter(|v| is_primary(v)).cloned().collect(),
        _ => Vec::new(),
    }
}

/// Keeps one primary value (RFC 7644 §3.5.2: setting a value's `primary` to true sets the
/// others' to false): when the operation made a value primary that was not primary before
/// (`before`), every other primary value stops being so.
pub(super) fn demote_other_primaries(
    container: &mut Map<String, Value>,
    name: &str,
    before: &[Value],
) {
    let Some(Value::Array(values)) = path::get_mut(container, name) else {
        return;
    };
    let Some(keep) = values
        .iter()
        .rposition(|v| is_primary(v) && !before.contains(v))
    else {
        return;
    };
    for (i, value) in values.iter_mut().enumerate() {
        if i != keep
            && is_primary(value)
            && let Some(primary) = value
                .as_object_mut()
                .and_then(|o| path::get_mut(o, "primary"))
        {
            *primary = Value::Bool(false);
        }
    }
}

/// Whether `value` is an object with `"primary": true`.
fn is_primary(value: &Value) -> bool {
    value
        .as_object()
        .and_then(|o| path::get(o, "primary"))
        .is_some_and(|p| p == &Value::Bool(true))
}

/// The values of `values` whose indices are in `matching`.
pub(super) fn matching_mut<'a>(
    values: &'a mut [Value],
    matching: &'a [usize],
) -> impl Iterator<Item = (usize, &'a mut Value)> {
    values
        .iter_mut()
        .enumerate()
        .filter(move |(i, _)| matching.contains(i))
}

/// Sets each of `new`'s attributes in `object` (matching names case-insensitively).
pub(super) fn merge(object: &mut Map<String, Value>, new: &Map<String, Value>) {
    for (name, value) in new {
        set(object, name, Op::Replace, Some(value));
    }
}

/// Whether `item` is the value `given` asks to remove: equal, or equal in `value`.
fn same_value(item: &Value, given: &Value) -> bool {
    if item == given {
        return true;
    }
    match (item, given) {
        (Value::Object(item), Value::Object(given)) => {
            match (path::get(item, "value"), path::get(given, "value")) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            }
        }
        _ => false,
    }
}
