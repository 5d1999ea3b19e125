//! Attribute paths and their lookup in a resource.
//!
//! An attribute path (RFC 7644 §3.10) is `[URN ":"] name ["." subAttribute]`. The URN, when
//! there is one, is everything up to the last `:` before the attribute name. A core schema URN
//! (`urn:ietf:params:scim:schemas:core:…`) points at the top level of the resource; any other
//! URN points at the resource's extension object keyed by that URN.
//!
//! Names are matched case-insensitively (RFC 7643 §2.1); an exact match is preferred, so that a
//! resource's own spelling is found first and kept.

use serde_json::{Map, Value};

use crate::CORE_SCHEMA_PREFIX;
use crate::filter::Filter;

/// An attribute path: an optional schema URN, an attribute name and an optional sub-attribute
/// name, such as `userName`, `name.familyName` or
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrPath {
    urn: Option<String>,
    name: String,
    sub: Option<String>,
    /// The lower-cased path, without the URN when the URN is a core one.
    canonical: String,
}

impl AttrPath {
    /// Parses `[URN ":"] name ["." sub]`, or returns `None` when `input` is not an attribute path.
    pub(crate) fn parse(input: &str) -> Option<AttrPath> {
        let (urn, rest) = if starts_with_ci(input, "urn:") {
            let colon = input.rfind(':')?;
            (Some(&input[..colon]), &input[colon + 1..])
        } else {
            (None, input)
        };
        if urn.is_some_and(|urn| urn.len() <= "urn:".len() || urn.ends_with(':')) {
            return None;
        }
        let (name, sub) = match rest.split_once('.') {
            Some((name, sub)) => (name, Some(sub)),
            None => (rest, None),
        };
        if !is_attr_name(name) || sub.is_some_and(|sub| !is_attr_name(sub)) {
            return None;
        }
        Some(AttrPath::new(urn, name, sub))
    }

    /// Builds a path from parts that have been checked.
    fn new(urn: Option<&str>, name: &str, sub: Option<&str>) -> AttrPath {
        let mut canonical = String::new();
        if let Some(urn) = urn.filter(|urn| !is_core_urn(urn)) {
            canonical.push_str(urn);
            canonical.push(':');
        }
        canonical.push_str(name);
        if let Some(sub) = sub {
            canonical.push('.');
            canonical.push_str(sub);
        }
        AttrPath {
            urn: urn.map(str::to_owned),
            name: name.to_owned(),
            sub: sub.map(str::to_owned),
            canonical: canonical.to_lowercase(),
        }
    }

    /// The same path without its sub-attribute.
    pub(crate) fn without_sub(&self) -> AttrPath {
        AttrPath::new(self.urn.as_deref(), &self.name, None)
    }

    /// The schema URN the path was qualified with, as written.
    pub fn urn(&self) -> Option<&str> {
        self.urn.as_deref()
    }

    /// The attribute name, as written.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The sub-attribute name (`givenName` in `name.givenName`), as written.
    pub fn sub_attribute(&self) -> Option<&str> {
        self.sub.as_deref()
    }

    /// The URN of the extension the attribute lives in, or `None` for a core attribute (one
    /// without a URN or with a core schema URN).
    pub fn extension(&self) -> Option<&str> {
        self.urn.as_deref().filter(|urn| !is_core_urn(urn))
    }

    /// The path lower-cased, without the URN when that is a core schema URN: `name.familyname`,
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:employeenumber`.
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    /// Whether the path names `id` or `externalId` at the top level: the attributes compared
    /// case-exactly.
    pub(crate) fn is_case_exact(&self) -> bool {
        self.extension().is_none()
            && self.sub.is_none()
            && (self.name.eq_ignore_ascii_case("id")
                || self.name.eq_ignore_ascii_case("externalId"))
    }

    /// The values at this path in `resource`, with multi-valued attributes flattened: every
    /// value of `emails.value` over the array of `emails`.
    pub(crate) fn values<'a>(&self, resource: &'a Value) -> Vec<&'a Value> {
        let mut out = Vec::new();
        let Some(value) = container(resource, self.extension()).and_then(|c| get(c, &self.name))
        else {
            return out;
        };
        match &self.sub {
            None => flatten(value, &mut out),
            Some(sub) => {
                let mut items = Vec::new();
                flatten(value, &mut items);
                for item in items {
                    if let Some(v) = item.as_object().and_then(|o| get(o, sub)) {
                        flatten(v, &mut out);
                    }
                }
            }
        }
        out
    }
}

impl std::fmt::Display for AttrPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(urn) = &self.urn {
            write!(f, "{urn}:")?;
        }
        f.write_str(&self.name)?;
        if let Some(sub) = &self.sub {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

/// A PATCH operation's path (RFC 7644 §3.5.2): `attrPath` or `valuePath [ "." subAttr ]`.
#[derive(Clone, Debug)]
pub(crate) struct PatchPath {
    /// The attribute, without sub-attribute: `emails`, `name`, `urn:…:User:manager`.
    pub(crate) attr: AttrPath,
    /// The value filter of `emails[type eq "work"]`.
    pub(crate) filter: Option<Filter>,
    /// The sub-attribute: `givenName` of `name.givenName`, `value` of `emails[…].value`.
    pub(crate) sub: Option<String>,
}

/// Whether `name` is an ATTRNAME of RFC 7643 §2.1 (`ALPHA *(nameChar)`), or `$ref`.
pub(crate) fn is_attr_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => {
            chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        }
        _ => name == "$ref",
    }
}

/// Whether `urn` is a core schema URN, whose attributes sit at the top level of a resource.
pub(crate) fn is_core_urn(urn: &str) -> bool {
    starts_with_ci(urn, CORE_SCHEMA_PREFIX)
}

/// Whether `s` starts with `prefix`, ignoring ASCII case.
pub(crate) fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Whether `s` names a whole schema of `resource` rather than an attribute: a key of the
/// resource, an entry of its `schemas`, or the enterprise User extension.
pub(crate) fn is_schema_urn(resource: &Value, s: &str) -> bool {
    if !starts_with_ci(s, "urn:") {
        return false;
    }
    let Some(object) = resource.as_object() else {
        return false;
    };
    s.eq_ignore_ascii_case(crate::ENTERPRISE_USER_SCHEMA)
        || key_of(object, s).is_some()
        || get(object, "schemas")
            .and_then(Value::as_array)
            .is_some_and(|schemas| {
                schemas
                    .iter()
                    .any(|schema| schema.as_str().is_some_and(|x| x.eq_ignore_ascii_case(s)))
            })
}

/// The object holding the attributes of `extension` (the resource itself for `None`).
pub(crate) fn container<'a>(
    resource: &'a Value,
    extension: Option<&str>,
) -> Option<&'a Map<String, Value>> {
    let object = resource.as_object()?;
    match extension {
        None => Some(object),
        Some(urn) => get(object, urn)?.as_object(),
    }
}

/// The existing key of `object` that matches `name` case-insensitively (an exact match first).
pub(crate) fn key_of(object: &Map<String, Value>, name: &str) -> Option<String> {
    if object.contains_key(name) {
        return Some(name.to_owned());
    }
    object
        .keys()
        .find(|key| key.eq_ignore_ascii_case(name))
        .cloned()
}

/// The key of `object` that matches `name` case-insensitively (an exact match first), and its
/// value.
pub(crate) fn entry<'a>(
    object: &'a Map<String, Value>,
    name: &str,
) -> Option<(&'a String, &'a Value)> {
    object.get_key_value(name).or_else(|| {
        object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
    })
}

/// The value of `name` in `object`, matched case-insensitively.
pub(crate) fn get<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    entry(object, name).map(|(_, value)| value)
}

/// The value of `name` in `object`, matched case-insensitively, for changing.
pub(crate) fn get_mut<'a>(object: &'a mut Map<String, Value>, name: &str) -> Option<&'a mut Value> {
    let key = key_of(object, name)?;
    object.get_mut(&key)
}

/// Removes `name` from `object`, matched case-insensitively; returns whether it was there.
pub(crate) fn remove(object: &mut Map<String, Value>, name: &str) -> bool {
    match key_of(object, name) {
        Some(key) => object.remove(&key).is_some(),
        None => false,
    }
}

/// Pushes `value`'s elements when it is an array, else `value` itself.
fn flatten<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Array(items) => out.extend(items),
        other => out.push(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_sub_and_urn_paths() {
        let p = AttrPath::parse("userName").unwrap();
        assert_eq!(
            (p.urn(), p.name(), p.sub_attribute()),
            (None, "userName", None)
        );
        assert_eq!(p.canonical(), "username");

        let p = AttrPath::parse("name.familyName").unwrap();
        assert_eq!((p.name(), p.sub_attribute()), ("name", Some("familyName")));
        assert_eq!(p.canonical(), "name.familyname");

        let p = AttrPath::parse("urn:ietf:params:scim:schemas:core:2.0:User:userName").unwrap();
        assert_eq!(p.urn(), Some("urn:ietf:params:scim:schemas:core:2.0:User"));
        assert_eq!(p.extension(), None);
        assert_eq!(p.canonical(), "username");

        let p = AttrPath::parse(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        )
        .unwrap();
        assert_eq!(
            p.extension(),
            Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        );
        assert_eq!((p.name(), p.sub_attribute()), ("manager", Some("value")));
        assert_eq!(
            p.canonical(),
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager.value"
        );
        assert_eq!(
            p.to_string(),
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
        );
    }

    #[test]
    fn rejects_malformed_paths() {
        for bad in [
            "", "1abc", "a.b.c", "name.", ".name", "urn:", "urn::x", "a b", "é",
        ] {
            assert!(AttrPath::parse(bad).is_none(), "{bad:?}");
        }
        assert!(AttrPath::parse("members.$ref").is_some());
    }

    #[test]
    fn lookup_is_case_insensitive_and_prefers_exact() {
        let v = serde_json::json!({"UserName": "a", "userName": "b", "Emails": [{"Value": "x"}]});
        let o = v.as_object().unwrap();
        assert_eq!(get(o, "userName"), Some(&serde_json::json!("b")));
        assert!(get(o, "USERNAME").is_some());
        let p = AttrPath::parse("emails.value").unwrap();
        assert_eq!(p.values(&v), vec![&serde_json::json!("x")]);
    }
}
