//! The ListResponse body and the paging parameters of a query (RFC 7644 §3.4.2, §3.4.2.4).

use serde_json::{Map, Value};

use crate::LIST_RESPONSE_SCHEMA;

/// The body of a query response:
/// `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":…,"startIndex":…,"itemsPerPage":…,"Resources":[…]}`.
///
/// `total` is the number of resources matching the query, `start_index` the 1-based index of
/// the first of `resources` among them; `itemsPerPage` is the number of `resources`.
pub fn list_response(total: usize, start_index: usize, resources: Vec<Value>) -> Value {
    let mut body = Map::new();
    body.insert("schemas".into(), Value::from(vec![LIST_RESPONSE_SCHEMA]));
    body.insert("totalResults".into(), Value::from(total));
    body.insert("startIndex".into(), Value::from(start_index));
    body.insert("itemsPerPage".into(), Value::from(resources.len()));
    body.insert("Resources".into(), Value::Array(resources));
    Value::Object(body)
}

/// The `startIndex` and `count` query parameters (RFC 7644 §3.4.2.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    /// The 1-based index of the first result to return; at least 1.
    pub start_index: usize,
    /// The most results to return; at most the server's maximum, and 0 asks for the total only.
    pub count: usize,
}

/// A paging parameter that is not an integer.
///
/// Both variants map to the scimType `invalidValue` ([`PagingError::scim_type`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PagingError {
    /// `startIndex` is not an integer.
    #[error("startIndex {0:?} is not an integer")]
    StartIndex(String),
    /// `count` is not an integer.
    #[error("count {0:?} is not an integer")]
    Count(String),
}

impl PagingError {
    /// The scimType of the error response: `invalidValue`.
    pub fn scim_type(&self) -> &'static str {
        "invalidValue"
    }
}

impl Paging {
    /// Reads the parameters as RFC 7644 §3.4.2.4 says: a missing or less than 1 `startIndex` is
    /// 1; a missing `count` is `max`, a negative one 0 and one above `max` is `max`.
    pub fn parse(
        start_index: Option<&str>,
        count: Option<&str>,
        max: usize,
    ) -> Result<Paging, PagingError> {
        let start_index = match start_index {
            None => 1,
            Some(s) => integer(s)
                .ok_or_else(|| PagingError::StartIndex(s.to_owned()))?
                .max(1),
        };
        let count = match count {
            None => max,
            Some(s) => integer(s)
                .ok_or_else(|| PagingError::Count(s.to_owned()))?
                .clamp(0, max),
        };
        Ok(Paging { start_index, count })
    }

    /// The number of results to skip: `start_index - 1`, for an SQL `OFFSET`.
    pub fn offset(&self) -> usize {
        self.start_index.saturating_sub(1)
    }
}

/// An optionally signed decimal integer, clamped to `0..=usize::MAX` (a negative one is 0).
fn integer(s: &str) -> Option<usize> {
    let s = s.trim();
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if negative {
        return Some(0);
    }
    // All digits: the only way to fail is to overflow.
    Some(digits.parse().unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn list_body() {
        let body = list_response(12, 11, vec![json!({"id": "a"}), json!({"id": "b"})]);
        assert_eq!(
            body,
            json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                "totalResults": 12,
                "startIndex": 11,
                "itemsPerPage": 2,
                "Resources": [{"id": "a"}, {"id": "b"}]
            })
        );
        assert_eq!(list_response(0, 1, vec![])["itemsPerPage"], json!(0));
    }

    #[test]
    fn defaults() {
        assert_eq!(
            Paging::parse(None, None, 100),
            Ok(Paging {
                start_index: 1,
                count: 100
            })
        );
    }

    #[test]
    fn clamps() {
        let p = |s, c| Paging::parse(s, c, 100).unwrap();
        assert_eq!(
            p(Some("0"), Some("10")),
            Paging {
                start_index: 1,
                count: 10
            }
        );
        assert_eq!(
            p(Some("-5"), Some("-1")),
            Paging {
                start_index: 1,
                count: 0
            }
        );
        assert_eq!(
            p(Some("21"), Some("1000")),
            Paging {
                start_index: 21,
                count: 100
            }
        );
        assert_eq!(
            p(Some(" 3 "), Some("+7")),
            Paging {
                start_index: 3,
                count: 7
            }
        );
        assert_eq!(
            p(Some("99999999999999999999999"), None).start_index,
            usize::MAX
        );
        assert_eq!(p(Some("21"), None).offset(), 20);
        assert_eq!(p(None, None).offset(), 0);
    }

    #[test]
    fn rejects_non_numbers() {
        let e = Paging::parse(Some("one"), None, 10).unwrap_err();
        assert_eq!(e, PagingError::StartIndex("one".into()));
        assert_eq!(e.scim_type(), "invalidValue");
        assert_eq!(e.to_string(), r#"startIndex "one" is not an integer"#);
        for bad in ["", "1.5", "1e3", "-", "0x10", "١"] {
            assert_eq!(
                Paging::parse(None, Some(bad), 10),
                Err(PagingError::Count(bad.into())),
                "{bad:?}"
            );
        }
    }
}
