//! Every answer of the API tests' servers, checked against the OpenAPI document: the test
//! helper ([`spawn`](crate::helpers)) wraps each server in [`check`], which finds the documented
//! operation of the request (method and path template), refuses a status the operation does
//! not document, and validates the body against the documented schema of that status (JSON
//! Schema 2020-12, the dialect of OpenAPI 3.1). A mismatch panics in the server, so the test
//! that made the request fails, with the mismatch in its output.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{Value, json};

/// The document of one server, and its compiled schemas.
pub struct Checker {
    document: Value,
    /// Validators by JSON pointer into the document.
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

impl Checker {
    pub fn new(document: Value) -> Arc<Checker> {
        Arc::new(Checker {
            document,
            validators: Mutex::new(HashMap::new()),
        })
    }

    /// Whether an answer of `status` with `content_type` and `body` to `method path` is one
    /// the document allows; the mismatch if not.
    pub fn validate(
        &self,
        method: &str,
        path: &str,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), String> {
        let method = method.to_ascii_lowercase();
        let Some(template) = self.template(path) else {
            // No documented path: the API's JSON 404.
            return self.validate_error(status, 404, body);
        };
        let item = &self.document["paths"][template.as_str()];
        // HEAD is answered like GET, without a body.
        let documented = if method == "head" { "get" } else { &method };
        let Some(operation) = item.get(documented) else {
            return self.validate_error(status, 405, body);
        };
        let escaped = escape(&template);
        let (mut response, mut pointer) = (
            &operation["responses"][status.to_string()],
            format!("/paths/{escaped}/{documented}/responses/{status}"),
        );
        if response.is_null() {
            return Err(format!(
                "status {status} is not documented for {method} {template}"
            ));
        }
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            pointer = reference.trim_start_matches('#').to_owned();
            response = self
                .document
                .pointer(&pointer)
                .ok_or_else(|| format!("dangling $ref {reference}"))?;
        }
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            return match body.is_empty() || method == "head" {
                true => Ok(()),
                false => Err(format!(
                    "a body where {method} {template} {status} has none"
                )),
            };
        };
        let content_type = content_type.unwrap_or_default();
        let media = content
            .keys()
            .find(|media| content_type.starts_with(media.as_str()))
            .ok_or_else(|| {
                format!(
                    "content type {content_type:?} is not one of {:?} for {method} {template} {status}",
                    content.keys().collect::<Vec<_>>()
                )
            })?;
        if media != "application/json" || method == "head" {
            return Ok(());
        }
        let instance: Value =
            serde_json::from_slice(body).map_err(|error| format!("not JSON: {error}"))?;
        self.validate_schema(
            &format!("{pointer}/content/application~1json/schema"),
            &instance,
        )
        .map_err(|problem| format!("{method} {template} {status}: {problem}"))
    }

    /// An answer for a path or method the document does not have: `expected` with the one
    /// error shape.
    fn validate_error(&self, status: u16, expected: u16, body: &[u8]) -> Result<(), String> {
        if status != expected {
            return Err(format!(
                "status {status} for an undocumented path or method"
            ));
        }
        let instance: Value =
            serde_json::from_slice(body).map_err(|error| format!("not JSON: {error}"))?;
        self.validate_schema("/components/schemas/Error", &instance)
    }

    /// `instance` against the schema at `pointer`, with every `$ref` of the document resolved.
    fn validate_schema(&self, pointer: &str, instance: &Value) -> Result<(), String> {
        let validator = {
            let mut validators = self.validators.lock().expect("no test panics holding it");
            match validators.get(pointer) {
                Some(validator) => Arc::clone(validator),
                None => {
                    // The whole document as the root schema, so that `#/components/…` resolves;
                    // its other members are not schema keywords and are ignored.
                    let mut root = self.document.clone();
                    root["$ref"] = json!(format!("#{}", fragment(pointer)));
                    root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
                    let validator = Arc::new(
                        jsonschema::draft202012::new(&root)
                            .map_err(|error| format!("the schema at {pointer}: {error}"))?,
                    );
                    validators.insert(pointer.to_owned(), Arc::clone(&validator));
                    validator
                }
            }
        };
        let problems: Vec<String> = validator
            .iter_errors(instance)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        match problems.is_empty() {
            true => Ok(()),
            false => Err(format!("{} in {instance}", problems.join("; "))),
        }
    }

    /// The documented path template `path` falls under; literal segments win over parameters
    /// (`/api/v1/users/export.csv` over `/api/v1/users/{request_id}`).
    fn template(&self, path: &str) -> Option<String> {
        let segments: Vec<&str> = path.split('/').collect();
        self.document["paths"]
            .as_object()?
            .keys()
            .filter_map(|template| {
                let parts: Vec<&str> = template.split('/').collect();
                let matches = parts.len() == segments.len()
                    && parts.iter().zip(&segments).all(|(part, segment)| {
                        part == segment || (part.starts_with('{') && !segment.is_empty())
                    });
                let literal = parts.iter().filter(|part| !part.starts_with('{')).count();
                matches.then_some((literal, template))
            })
            .max_by_key(|(literal, _)| *literal)
            .map(|(_, template)| template.clone())
    }
}

/// A path as a JSON pointer token.
fn escape(path: &str) -> String {
    path.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer as a URI fragment (RFC 6901, section 6): the braces of a path template
/// (`{kvk_number}`) are not allowed in a URI and are percent-encoded.
fn fragment(pointer: &str) -> String {
    pointer
        .replace('%', "%25")
        .replace('{', "%7B")
        .replace('}', "%7D")
}

/// The layer: checks every `/api` answer with `checker`, and panics on a mismatch.
pub async fn check(State(checker): State<Arc<Checker>>, request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    if !path.starts_with("/api/") {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .expect("a test answer can be read whole");
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    if let Err(problem) =
        checker.validate(&method, &path, parts.status.as_u16(), content_type, &bytes)
    {
        panic!(
            "the answer {} to {method} {path} does not match the OpenAPI document: {problem}",
            parts.status
        );
    }
    Response::from_parts(parts, Body::from(bytes))
}
