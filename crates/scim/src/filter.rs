//! The `filter` query parameter (RFC 7644 §3.4.2.2).
//!
//! [`parse`] turns a filter such as
//! `userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")`
//! into a [`Filter`], and [`Filter::matches`] tests a resource against it:
//!
//! * attribute names are case-insensitive (RFC 7643 §2.1);
//! * strings compare case-insensitively, except `id` and `externalId`, which compare exactly;
//! * a multi-valued attribute matches when any of its values matches; a complex value (an
//!   object such as an email) is compared by its `value` sub-attribute;
//! * `gt`, `ge`, `lt` and `le` compare strings lexically (so ISO 8601 timestamps compare in
//!   time order) and numbers numerically;
//! * `pr` is true when the attribute is there and neither null nor empty;
//! * an attribute qualified with an extension URN is looked up in the resource's object keyed
//!   by that URN; one qualified with a core schema URN at the top level.
//!
//! [`Filter::simple_eq`] tells the server when the whole filter is one `attr eq value`, which
//! it can hand to its database query.

mod parse;
#[cfg(test)]
mod tests;

use std::cmp::Ordering;

use serde_json::Value;

pub use crate::path::AttrPath;

pub(crate) use parse::parse_patch_path;

/// Parses a SCIM filter (RFC 7644 §3.4.2.2).
///
/// Operators (`eq`, `and`, `pr`, …) and the literals `true`, `false` and `null` are
/// case-insensitive; `and` binds tighter than `or`.
pub fn parse(input: &str) -> Result<Filter, FilterError> {
    parse::parse_filter(input)
}

/// A parsed filter.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// `attrPath op value`, such as `userName eq "bjensen"`.
    Compare {
        /// The attribute compared.
        path: AttrPath,
        /// The comparison.
        op: CompareOp,
        /// The literal compared with: a string, a number, a boolean or null.
        value: Value,
    },
    /// `attrPath pr`: the attribute has a non-empty value.
    Present(AttrPath),
    /// `left and right`.
    And(Box<Filter>, Box<Filter>),
    /// `left or right`.
    Or(Box<Filter>, Box<Filter>),
    /// `not (filter)`.
    Not(Box<Filter>),
    /// `attrPath[filter]`, such as `emails[type eq "work" and value co "@example.com"]`: some
    /// value of the multi-valued attribute matches the inner filter, whose paths are relative
    /// to that value. With a sub-attribute (`emails[type eq "work"].value`, the form of PATCH
    /// paths), that value must also have the sub-attribute present.
    ValuePath {
        /// The multi-valued attribute, without a sub-attribute.
        path: AttrPath,
        /// The filter each value is tested with.
        filter: Box<Filter>,
        /// The sub-attribute after the closing bracket.
        sub: Option<String>,
    },
}

/// A comparison operator of RFC 7644 table 3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `eq`: equal.
    Eq,
    /// `ne`: not equal.
    Ne,
    /// `co`: contains (strings only).
    Co,
    /// `sw`: starts with (strings only).
    Sw,
    /// `ew`: ends with (strings only).
    Ew,
    /// `gt`: greater than (strings and numbers).
    Gt,
    /// `ge`: greater than or equal (strings and numbers).
    Ge,
    /// `lt`: less than (strings and numbers).
    Lt,
    /// `le`: less than or equal (strings and numbers).
    Le,
}

impl CompareOp {
    /// The operator for a keyword, case-insensitively.
    pub fn from_keyword(word: &str) -> Option<CompareOp> {
        const OPS: [(&str, CompareOp); 9] = [
            ("eq", CompareOp::Eq),
            ("ne", CompareOp::Ne),
            ("co", CompareOp::Co),
            ("sw", CompareOp::Sw),
            ("ew", CompareOp::Ew),
            ("gt", CompareOp::Gt),
            ("ge", CompareOp::Ge),
            ("lt", CompareOp::Lt),
            ("le", CompareOp::Le),
        ];
        OPS.iter()
            .find(|(keyword, _)| keyword.eq_ignore_ascii_case(word))
            .map(|&(_, op)| op)
    }

    /// The operator's keyword, lower-case.
    pub fn keyword(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Co => "co",
            CompareOp::Sw => "sw",
            CompareOp::Ew => "ew",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
        }
    }
}

impl std::fmt::Display for CompareOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.keyword())
    }
}

/// Why a filter could not be parsed. Positions are byte offsets into the input.
///
/// Every variant maps to the scimType `invalidFilter` ([`FilterError::scim_type`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// The filter is empty or only whitespace.
    #[error("the filter is empty")]
    Empty,
    /// A character that starts no token.
    #[error("unexpected character {ch:?} at position {pos}")]
    UnexpectedChar {
        /// Where the character is.
        pos: usize,
        /// The character.
        ch: char,
    },
    /// A string literal without its closing quote.
    #[error("the string starting at position {pos} has no closing quote")]
    UnterminatedString {
        /// Where the string starts.
        pos: usize,
    },
    /// A string literal with an escape that JSON does not allow.
    #[error("the string starting at position {pos} has an invalid escape")]
    InvalidString {
        /// Where the string starts.
        pos: usize,
    },
    /// A number literal that is not a JSON number.
    #[error("invalid number {text:?} at position {pos}")]
    InvalidNumber {
        /// Where the number starts.
        pos: usize,
        /// The number as written.
        text: String,
    },
    /// A word where an attribute path was expected that is not one.
    #[error("invalid attribute path {path:?} at position {pos}")]
    InvalidAttributePath {
        /// Where the path starts.
        pos: usize,
        /// The path as written.
        path: String,
    },
    /// Something other than an attribute path, `not` or `(` where an expression was expected.
    #[error("expected an attribute path, `not` or `(` at position {pos}")]
    ExpectedExpression {
        /// Where the expression should start (the input's length at its end).
        pos: usize,
    },
    /// An attribute path without an operator after it.
    #[error("expected an operator after the attribute path at position {pos}")]
    MissingOperator {
        /// Where the operator should be.
        pos: usize,
    },
    /// A word in operator position that is no operator.
    #[error("unknown operator {operator:?} at position {pos}")]
    UnknownOperator {
        /// Where the word is.
        pos: usize,
        /// The word.
        operator: String,
    },
    /// A comparison operator without a value after it.
    #[error("expected a value after the operator at position {pos}")]
    MissingValue {
        /// Where the value should be.
        pos: usize,
    },
    /// A word in value position other than `true`, `false` and `null` (strings are quoted).
    #[error("invalid value {value:?} at position {pos} (strings need double quotes)")]
    InvalidValue {
        /// Where the word is.
        pos: usize,
        /// The word.
        value: String,
    },
    /// An operator with a value it does not apply to, such as `co 5` or `gt true`.
    #[error("operator {op} at position {pos} does not apply to a {kind}")]
    OperatorNotApplicable {
        /// Where the operator is.
        pos: usize,
        /// The operator.
        op: CompareOp,
        /// The kind of value: `number`, `boolean` or `null`.
        kind: &'static str,
    },
    /// A `(` that is never closed.
    #[error("the parenthesis at position {pos} is not closed")]
    UnclosedParenthesis {
        /// Where the `(` is.
        pos: usize,
    },
    /// A `)` without a `(`.
    #[error("unexpected closing parenthesis at position {pos}")]
    UnexpectedCloseParenthesis {
        /// Where the `)` is.
        pos: usize,
    },
    /// A `[` that is never closed.
    #[error("the bracket at position {pos} is not closed")]
    UnclosedBracket {
        /// Where the `[` is.
        pos: usize,
    },
    /// A value filter inside a value filter, which RFC 7644 does not allow.
    #[error("nested value filter at position {pos}")]
    NestedValuePath {
        /// Where the inner `[` is.
        pos: usize,
    },
    /// Input left after a complete filter.
    #[error("unexpected input at position {pos}")]
    TrailingInput {
        /// Where the input starts.
        pos: usize,
    },
    /// Parentheses nested deeper than this crate accepts.
    #[error("the filter nests deeper than {max} levels at position {pos}")]
    TooDeep {
        /// Where the limit was passed.
        pos: usize,
        /// The deepest nesting accepted.
        max: usize,
    },
}

impl FilterError {
    /// The scimType of the error response: `invalidFilter`.
    pub fn scim_type(&self) -> &'static str {
        "invalidFilter"
    }
}

impl Filter {
    /// Whether `resource` (a JSON object) matches the filter.
    pub fn matches(&self, resource: &Value) -> bool {
        match self {
            Filter::Compare { path, op, value } => {
                compare_values(&path.values(resource), *op, value, path.is_case_exact())
            }
            Filter::Present(path) => path.values(resource).into_iter().any(is_present),
            Filter::And(left, right) => left.matches(resource) && right.matches(resource),
            Filter::Or(left, right) => left.matches(resource) || right.matches(resource),
            Filter::Not(inner) => !inner.matches(resource),
            Filter::ValuePath { path, filter, sub } => {
                path.values(resource).into_iter().any(|item| {
                    filter.matches(item)
                        && sub.as_deref().is_none_or(|sub| {
                            item.as_object()
                                .and_then(|o| crate::path::get(o, sub))
                                .is_some_and(is_present)
                        })
                })
            }
        }
    }

    /// The attribute and value when the whole filter is one `attr eq value`.
    ///
    /// The attribute is [`AttrPath::canonical`]: lower-cased, without a core schema URN
    /// (`username`, `name.familyname`), with an extension URN
    /// (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:employeenumber`). Remember
    /// that the comparison is case-insensitive for strings other than `id` and `externalId`.
    pub fn simple_eq(&self) -> Option<(&str, &Value)> {
        match self {
            Filter::Compare {
                path,
                op: CompareOp::Eq,
                value,
            } => Some((path.canonical(), value)),
            _ => None,
        }
    }

    /// The `attr eq value` comparisons of a filter made of them and `and`, such as
    /// `type eq "work" and primary eq true`; `None` for any other filter. PATCH uses them to
    /// build the value a filter describes.
    pub(crate) fn equalities(&self) -> Option<Vec<(&AttrPath, &Value)>> {
        match self {
            Filter::Compare {
                path,
                op: CompareOp::Eq,
                value,
            } if !value.is_null() => Some(vec![(path, value)]),
            Filter::And(left, right) => {
                let mut all = left.equalities()?;
                all.extend(right.equalities()?);
                Some(all)
            }
            _ => None,
        }
    }
}

/// Whether a value counts as present for `pr`: not null, and not an empty string, array or
/// object.
pub(crate) fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => items.iter().any(is_present),
        Value::Object(map) => !map.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

/// Applies `op` to the attribute's values: any value matches, except for `ne`, which matches
/// when no value is equal.
fn compare_values(values: &[&Value], op: CompareOp, literal: &Value, case_exact: bool) -> bool {
    // A complex value (an email object) compares by its `value` sub-attribute.
    let scalars = values.iter().map(|v| match v {
        Value::Object(o) => crate::path::get(o, "value").unwrap_or(&Value::Null),
        other => other,
    });
    if literal.is_null() {
        let present = scalars.into_iter().any(|v| !v.is_null());
        return match op {
            CompareOp::Eq => !present,
            CompareOp::Ne => present,
            _ => false,
        };
    }
    match op {
        CompareOp::Ne => !scalars
            .into_iter()
            .any(|v| compare(v, CompareOp::Eq, literal, case_exact)),
        _ => scalars
            .into_iter()
            .any(|v| compare(v, op, literal, case_exact)),
    }
}

/// Compares one attribute value with the literal.
fn compare(value: &Value, op: CompareOp, literal: &Value, case_exact: bool) -> bool {
    match (value, literal) {
        (Value::String(a), Value::String(b)) => {
            let (a, b) = if case_exact {
                (a.clone(), b.clone())
            } else {
                (a.to_lowercase(), b.to_lowercase())
            };
            match op {
                CompareOp::Eq => a == b,
                CompareOp::Ne => a != b,
                CompareOp::Co => a.contains(&b),
                CompareOp::Sw => a.starts_with(&b),
                CompareOp::Ew => a.ends_with(&b),
                _ => ordered(op, a.cmp(&b)),
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            let ordering = match (a.as_i64(), b.as_i64()) {
                (Some(a), Some(b)) => Some(a.cmp(&b)),
                _ => a
                    .as_f64()
                    .zip(b.as_f64())
                    .and_then(|(a, b)| a.partial_cmp(&b)),
            };
            ordering.is_some_and(|ordering| ordered(op, ordering))
        }
        (Value::Bool(a), Value::Bool(b)) => match op {
            CompareOp::Eq => a == b,
            CompareOp::Ne => a != b,
            _ => false,
        },
        _ => false,
    }
}

/// Whether `ordering` (attribute versus literal) satisfies `op`.
fn ordered(op: CompareOp, ordering: Ordering) -> bool {
    match op {
        CompareOp::Eq => ordering == Ordering::Equal,
        CompareOp::Ne => ordering != Ordering::Equal,
        CompareOp::Gt => ordering == Ordering::Greater,
        CompareOp::Ge => ordering != Ordering::Less,
        CompareOp::Lt => ordering == Ordering::Less,
        CompareOp::Le => ordering != Ordering::Greater,
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => false,
    }
}
