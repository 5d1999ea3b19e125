//! The served OpenAPI document describes every API route, and only those.

use std::collections::BTreeSet;

use middelpunt_server::Config;
use middelpunt_server::routes::api_routes;
use serde_json::Value;

use crate::helpers::spawn;

#[tokio::test]
async fn the_document_lists_every_route_and_its_references_resolve() {
    let app = spawn().await;
    let response = app.get("/api/v1/openapi.json").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));

    let documented: BTreeSet<&str> = document["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let routed: BTreeSet<&str> = api_routes(&Config::default())
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(documented, routed);

    let error = &document["components"]["schemas"]["Error"];
    assert_eq!(error["required"], serde_json::json!(["code", "message"]));

    let mut references = Vec::new();
    collect_refs(&document, &mut references);
    assert!(!references.is_empty());
    for reference in references {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external $ref {reference}"));
        assert!(
            document.pointer(pointer).is_some(),
            "dangling $ref {reference}"
        );
    }
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(reference)) => out.push(reference.clone()),
                    _ => collect_refs(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}
