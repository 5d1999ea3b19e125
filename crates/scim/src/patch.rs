//! The PatchOp request (RFC 7644 §3.5.2) and its application to a resource.
//!
//! [`PatchRequest`] is the request body; [`apply`] carries out its operations on a resource
//! (a JSON object) in order, all or nothing. Paths may be:
//!
//! * an attribute: `active`, `emails`;
//! * a sub-attribute: `name.givenName`;
//! * URN-qualified: `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`
//!   (inside the extension object, which is created when missing) or
//!   `urn:ietf:params:scim:schemas:core:2.0:User:userName` (at the top level);
//! * a whole extension: `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`;
//! * a value filter: `emails[type eq "work"]`, `emails[type eq "work"].value`.
//!
//! Without a path, `add` and `replace` take an object whose keys are any of these.
//!
//! Semantics, per RFC 7644 §3.5.2.1–3:
//!
//! * `add` appends to a multi-valued attribute (skipping a value already there), merges into
//!   a complex one and sets any other;
//! * `replace` sets, except that a complex attribute keeps the sub-attributes the value does
//!   not mention; with a value filter it replaces the matching values (or their
//!   sub-attribute);
//! * `remove` deletes the attribute or the matching values. It needs a path, and removing what
//!   is not there succeeds.
//! * a value made primary (`"primary": true`) makes the attribute's other values not primary.
//!
//! What Microsoft Entra ID's provisioning client sends is accepted as well:
//!
//! * capitalised operations (`"Replace"`);
//! * `"True"`/`"False"` strings for `active`;
//! * an array of one object for a single-valued complex attribute (`name`, `manager`);
//! * the enterprise `manager` as a bare id string (stored as `{"value": id}`);
//! * `add` or `replace` through a value filter that matches nothing
//!   (`emails[type eq "work"].value` on a user without a work email) adds the value the filter
//!   describes: `{"type": "work", "value": …}`. RFC 7644 says `noTarget` for `replace`; every
//!   Entra ID user without a work email would then fail to provision.
//! * `remove` with a value on a multi-valued attribute (`members`) removes only those values.
//!
//! What may change (mutability, read-only attributes) is not decided here: the server compares
//! the resource before and after.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::PATCH_OP_SCHEMA;
use crate::filter::{FilterError, parse_patch_path};
use crate::path::{self, PatchPath, is_core_urn, is_schema_urn};

use edit::{
    container_mut, demote_other_primaries, matching_mut, merge, primaries, remove_schema, set,
    single,
};

/// A PATCH request body: `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[…]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatchRequest {
    /// The body's schemas; must include [`PATCH_OP_SCHEMA`].
    pub schemas: Vec<String>,
    /// The operations, carried out in order.
    #[serde(rename = "Operations", alias = "operations")]
    pub operations: Vec<Operation>,
}

/// One PATCH operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// What to do.
    pub op: Op,
    /// Where: an attribute path, optionally with a value filter. Required for `remove`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The value to add or replace with (or, for `remove` on a multi-valued attribute, the
    /// values to remove).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// A PATCH operation's kind, read case-insensitively (Entra ID sends `"Replace"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// `add`.
    Add,
    /// `replace`.
    Replace,
    /// `remove`.
    Remove,
}

impl Op {
    /// The operation named `word`, case-insensitively.
    pub fn from_word(word: &str) -> Option<Op> {
        [Op::Add, Op::Replace, Op::Remove]
            .into_iter()
            .find(|op| op.as_str().eq_ignore_ascii_case(word))
    }

    /// The operation's name, lower-case.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Replace => "replace",
            Op::Remove => "remove",
        }
    }
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Op {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Op {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Op, D::Error> {
        let word = String::deserialize(deserializer)?;
        Op::from_word(&word).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown op {word:?}, expected add, replace or remove"
            ))
        })
    }
}

/// Why a path cannot be used, though it parses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PathProblem {
    /// A sub-attribute of a multi-valued attribute without a value filter (`emails.value`).
    #[error("names a sub-attribute of a multi-valued attribute without a value filter")]
    SubAttributeOfMultiValued,
    /// A sub-attribute of an attribute that is neither complex nor absent.
    #[error("names a sub-attribute of an attribute that is not complex")]
    SubAttributeOfSimple,
    /// A value filter on an attribute that is not multi-valued.
    #[error("has a value filter on an attribute that is not multi-valued")]
    FilterOnSingleValued,
    /// An extension URN whose attribute in the resource is not an object.
    #[error("names an extension that is not an object in the resource")]
    ExtensionNotObject,
}

/// Why an operation's value cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValueProblem {
    /// `add` or `replace` without a path needs an object of attributes.
    #[error("without a path, the value must be an object of attributes")]
    NotAnObject,
    /// A whole extension (a URN path or key) needs an object of its attributes.
    #[error("the value of an extension must be an object of its attributes")]
    ExtensionNotObject,
    /// A value for a value filter path without sub-attribute needs an object.
    #[error("the value for a value filter must be an object")]
    FilterValueNotObject,
}

/// Why a PATCH request could not be applied. Each variant says which operation (its index in
/// `Operations`, from 0) and maps to a scimType ([`PatchError::scim_type`]).
#[derive(Debug, thiserror::Error)]
pub enum PatchError {
    /// The body is not a PatchOp request: not JSON, a missing field, an unknown `op`.
    #[error("the body is not a PatchOp request: {0}")]
    Syntax(#[source] serde_json::Error),
    /// The body's `schemas` lacks [`PATCH_OP_SCHEMA`].
    #[error("the body's schemas do not include {PATCH_OP_SCHEMA}")]
    MissingSchema,
    /// The body has no operations.
    #[error("the body has no Operations")]
    NoOperations,
    /// The resource to patch is not a JSON object.
    #[error("the resource is not a JSON object")]
    ResourceNotObject,
    /// A path that does not parse.
    #[error("Operations[{index}]: invalid path {path:?}: {source}")]
    InvalidPath {
        /// The operation's index.
        index: usize,
        /// The path as given.
        path: String,
        /// What is wrong with it.
        #[source]
        source: FilterError,
    },
    /// A path that parses but cannot be used on this resource.
    #[error("Operations[{index}]: path {path:?} {problem}")]
    UnusablePath {
        /// The operation's index.
        index: usize,
        /// The path as given.
        path: String,
        /// What is wrong with it.
        problem: PathProblem,
    },
    /// `remove` without a path.
    #[error("Operations[{index}]: remove needs a path")]
    RemoveWithoutPath {
        /// The operation's index.
        index: usize,
    },
    /// A value filter that matches nothing and describes no value to add (only `eq`
    /// comparisons joined by `and` do).
    #[error("Operations[{index}]: no value matches path {path:?}")]
    NoTarget {
        /// The operation's index.
        index: usize,
        /// The path as given.
        path: String,
    },
    /// `add` or `replace` without a value.
    #[error("Operations[{index}]: {op} needs a value")]
    MissingValue {
        /// The operation's index.
        index: usize,
        /// The operation.
        op: Op,
    },
    /// A value of the wrong shape.
    #[error("Operations[{index}]: {problem}")]
    InvalidValue {
        /// The operation's index.
        index: usize,
        /// What is wrong with it.
        problem: ValueProblem,
    },
}

impl PatchError {
    /// The scimType of the error response: `invalidSyntax`, `invalidPath`, `noTarget` or
    /// `invalidValue`.
    pub fn scim_type(&self) -> &'static str {
        match self {
            PatchError::Syntax(_) | PatchError::MissingSchema | PatchError::NoOperations => {
                "invalidSyntax"
            }
            PatchError::InvalidPath { .. } | PatchError::UnusablePath { .. } => "invalidPath",
            PatchError::RemoveWithoutPath { .. } | PatchError::NoTarget { .. } => "noTarget",
            PatchError::ResourceNotObject
            | PatchError::MissingValue { .. }
            | PatchError::InvalidValue { .. } => "invalidValue",
        }
    }
}

impl PatchRequest {
    /// Reads and checks a request body: JSON of the right shape, the PatchOp schema, at least
    /// one operation.
    pub fn from_json(body: &[u8]) -> Result<PatchRequest, PatchError> {
        let request: PatchRequest = serde_json::from_slice(body).map_err(PatchError::Syntax)?;
        request.check()?;
        Ok(request)
    }

    /// Checks what serde cannot: the PatchOp schema and at least one operation.
    pub fn check(&self) -> Result<(), PatchError> {
        if !self
            .schemas
            .iter()
            .any(|s| s.eq_ignore_ascii_case(PATCH_OP_SCHEMA))
        {
            return Err(PatchError::MissingSchema);
        }
        if self.operations.is_empty() {
            return Err(PatchError::NoOperations);
        }
        Ok(())
    }
}

/// Carries out `request`'s operations on `resource`, in order. On error `resource` is left as
/// it was.
pub fn apply(resource: &mut Value, request: &PatchRequest) -> Result<(), PatchError> {
    request.check()?;
    if !resource.is_object() {
        return Err(PatchError::ResourceNotObject);
    }
    let mut patched = resource.clone();
    for (index, operation) in request.operations.iter().enumerate() {
        Step { index, operation }.run(&mut patched)?;
    }
    *resource = patched;
    Ok(())
}

/// One operation being carried out, for its error messages.
struct Step<'a> {
    index: usize,
    operation: &'a Operation,
}

impl Step<'_> {
    fn run(&self, resource: &mut Value) -> Result<(), PatchError> {
        let op = self.operation.op;
        let value = self.operation.value.as_ref();
        let Some(path) = self.operation.path.as_deref() else {
            if op == Op::Remove {
                return Err(PatchError::RemoveWithoutPath { index: self.index });
            }
            let value = value.ok_or(PatchError::MissingValue {
                index: self.index,
                op,
            })?;
            let Value::Object(attributes) = value else {
                return Err(self.invalid_value(ValueProblem::NotAnObject));
            };
            for (key, value) in attributes {
                self.at(resource, key, op, Some(value))?;
            }
            return Ok(());
        };
        if op != Op::Remove && value.is_none_or(|v| v.is_null() && op == Op::Add) {
            return Err(PatchError::MissingValue {
                index: self.index,
                op,
            });
        }
        self.at(resource, path, op, value)
    }

    /// Carries out `op` at `path`, a whole extension's URN or an attribute path.
    fn at(
        &self,
        resource: &mut Value,
        path: &str,
        op: Op,
        value: Option<&Value>,
    ) -> Result<(), PatchError> {
        if is_schema_urn(resource, path) {
            return self.extension(resource, path, op, value);
        }
        let parsed = parse_patch_path(path).map_err(|source| PatchError::InvalidPath {
            index: self.index,
            path: path.to_owned(),
            source,
        })?;
        self.attribute(resource, path, &parsed, op, value)
    }

    /// `op` on a whole extension object (or, for a core URN, the top level).
    fn extension(
        &self,
        resource: &mut Value,
        urn: &str,
        op: Op,
        value: Option<&Value>,
    ) -> Result<(), PatchError> {
        if op == Op::Remove {
            if !is_core_urn(urn)
                && let Some(object) = resource.as_object_mut()
            {
                path::remove(object, urn);
                remove_schema(object, urn);
            }
            return Ok(());
        }
        let Some(Value::Object(attributes)) = value else {
            return Err(self.invalid_value(ValueProblem::ExtensionNotObject));
        };
        for (key, value) in attributes {
            self.at(resource, &format!("{urn}:{key}"), op, Some(value))?;
        }
        Ok(())
    }

    /// `op` on an attribute path.
    fn attribute(
        &self,
        resource: &mut Value,
        raw: &str,
        path: &PatchPath,
        op: Op,
        value: Option<&Value>,
    ) -> Result<(), PatchError> {
        let unusable = |problem| PatchError::UnusablePath {
            index: self.index,
            path: raw.to_owned(),
            problem,
        };
        let Some(container) =
            container_mut(resource, path.attr.extension(), op != Op::Remove).map_err(unusable)?
        else {
            // Removing from an extension the resource does not have.
            return Ok(());
        };
        let name = path.attr.name();
        let primaries_before = primaries(container, name);
        self.change(container, raw, path, op, value)?;
        demote_other_primaries(container, name, &primaries_before);
        Ok(())
    }

    /// `op` on the attribute `path` names in `container`, its resource or extension object.
    fn change(
        &self,
        container: &mut Map<String, Value>,
        raw: &str,
        path: &PatchPath,
        op: Op,
        value: Option<&Value>,
    ) -> Result<(), PatchError> {
        let unusable = |problem| PatchError::UnusablePath {
            index: self.index,
            path: raw.to_owned(),
            problem,
        };
        let name = path.attr.name();
        match (&path.filter, &path.sub) {
            (None, None) => {
                set(container, name, op, value);
                Ok(())
            }
            (None, Some(sub)) => {
                let target = match path::get_mut(container, name) {
                    Some(Value::Object(object)) => object,
                    Some(Value::Array(_)) => {
                        return Err(unusable(PathProblem::SubAttributeOfMultiValued));
                    }
                    Some(Value::Null) | None if op == Op::Remove => return Ok(()),
                    Some(Value::Null) | None => {
                        let key = path::key_of(container, name).unwrap_or_else(|| name.to_owned());
                        container.insert(key.clone(), Value::Object(Map::new()));
                        match container.get_mut(&key) {
                            Some(Value::Object(object)) => object,
                            // Just inserted as an object.
                            _ => return Ok(()),
                        }
                    }
                    Some(_) => return Err(unusable(PathProblem::SubAttributeOfSimple)),
                };
                set(target, sub, op, value);
                Ok(())
            }
            (Some(filter), sub) => {
                let values = match path::get_mut(container, name) {
                    Some(Value::Array(values)) => Some(values),
                    Some(Value::Null) | None => None,
                    Some(_) => return Err(unusable(PathProblem::FilterOnSingleValued)),
                };
                let matching: Vec<usize> = values
                    .as_ref()
                    .map(|values| {
                        values
                            .iter()
                            .enumerate()
                            .filter(|(_, item)| filter.matches(item))
                            .map(|(i, _)| i)
                            .collect()
                    })
                    .unwrap_or_default();
                if matching.is_empty() {
                    if op == Op::Remove {
                        return Ok(());
                    }
                    let new = self.described(filter, sub.as_deref(), value, raw)?;
                    match path::get_mut(container, name) {
                        Some(Value::Array(values)) => values.push(new),
                        _ => {
                            container.insert(name.to_owned(), Value::Array(vec![new]));
                        }
                    }
                    return Ok(());
                }
                let Some(values) = path::get_mut(container, name).and_then(Value::as_array_mut)
                else {
                    // `matching` is not empty, so there is an array.
                    return Ok(());
                };
                match sub {
                    Some(sub) => {
                        for (_, item) in matching_mut(values, &matching) {
                            if let Value::Object(item) = item {
                                set(item, sub, op, value);
                            }
                        }
                    }
                    None if op == Op::Remove => {
                        let mut i = 0;
                        values.retain(|_| {
                            i += 1;
                            !matching.contains(&(i - 1))
                        });
                        if values.is_empty() {
                            path::remove(container, name);
                        }
                    }
                    None => {
                        let value = single(value).ok_or_else(|| {
                            self.invalid_value(ValueProblem::FilterValueNotObject)
                        })?;
                        for (_, item) in matching_mut(values, &matching) {
                            match (item, op) {
                                (Value::Object(item), Op::Add) => merge(item, value),
                                (item, _) => *item = Value::Object(value.clone()),
                            }
                        }
                    }
                }
                Ok(())
            }
        }
    }

    /// The value a value filter describes, for `add` or `replace` when it matches nothing:
    /// `emails[type eq "work"].value` with `"a@b.nl"` is `{"type":"work","value":"a@b.nl"}`.
    fn described(
        &self,
        filter: &crate::Filter,
        sub: Option<&str>,
        value: Option<&Value>,
        raw: &str,
    ) -> Result<Value, PatchError> {
        let no_target = || PatchError::NoTarget {
            index: self.index,
            path: raw.to_owned(),
        };
        let mut new = Map::new();
        for (path, literal) in filter.equalities().ok_or_else(no_target)? {
            if path.urn().is_some() || path.sub_attribute().is_some() {
                return Err(no_target());
            }
            new.insert(path.name().to_owned(), literal.clone());
        }
        match sub {
            Some(sub) => set(&mut new, sub, Op::Replace, value),
            None => {
                let value = single(value)
                    .ok_or_else(|| self.invalid_value(ValueProblem::FilterValueNotObject))?;
                merge(&mut new, value);
            }
        }
        Ok(Value::Object(new))
    }

    fn invalid_value(&self, problem: ValueProblem) -> PatchError {
        PatchError::InvalidValue {
            index: self.index,
            problem,
        }
    }
}

mod edit;
#[cfg(test)]
mod tests;
