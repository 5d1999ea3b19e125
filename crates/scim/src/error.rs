//! The SCIM error response body (RFC 7644 §3.12).

use serde_json::{Map, Value};

use crate::ERROR_SCHEMA;

/// The body of a SCIM error response:
/// `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter","detail":"…"}`.
///
/// `status` is written as a string, as RFC 7644 §3.12 requires; `scimType` is left out when
/// `scim_type` is `None` (it is only defined for 400 and a few 409/413 responses).
pub fn error_body(status: u16, scim_type: Option<&str>, detail: &str) -> Value {
    let mut body = Map::new();
    body.insert("schemas".into(), Value::from(vec![ERROR_SCHEMA]));
    body.insert("status".into(), Value::String(status.to_string()));
    if let Some(scim_type) = scim_type {
        body.insert("scimType".into(), Value::from(scim_type));
    }
    body.insert("detail".into(), Value::from(detail));
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn with_scim_type() {
        assert_eq!(
            error_body(400, Some("invalidFilter"), "unknown operator"),
            json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
                "status": "400",
                "scimType": "invalidFilter",
                "detail": "unknown operator"
            })
        );
    }

    #[test]
    fn without_scim_type() {
        let body = error_body(404, None, "Resource 2819c223 not found");
        assert_eq!(
            body,
            json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
                "status": "404",
                "detail": "Resource 2819c223 not found"
            })
        );
        assert!(body.get("scimType").is_none());
    }
}
