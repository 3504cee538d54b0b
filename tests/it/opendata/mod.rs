//! Shared by the open data tests (`api`, `hsds`): the HSDS / Open Referral UK schemas
//! (the repository's copies in `tests/schemas/`, see its PROVENANCE.md) as validators.

use std::path::Path;

use jsonschema::{Draft, Validator};
use serde_json::{Value, json};

use crate::common::repo;

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A schema file from `tests/schemas/`, e.g. `oruk-3.0/schema/compiled/service.json`.
pub fn schema(path: &str) -> Value {
    read_json(&repo().join("tests/schemas").join(path))
}

/// The base of the URIs the schemas are given, so their relative `$ref`s ("metadata.json")
/// resolve to files in `tests/schemas/`; nothing is fetched from the network.
const BASE: &str = "https://schemas.invalid/";

struct RepoSchemas;

impl jsonschema::Retrieve for RepoSchemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let rel = uri
            .as_str()
            .strip_prefix(BASE)
            .ok_or_else(|| format!("{uri} is not in tests/schemas"))?;
        Ok(schema(rel))
    }
}

/// Compiles the schema file at `path` (under `tests/schemas/`), see [`compile_at`].
pub fn compile(path: &str) -> Validator {
    compile_at(&schema(path), path)
}

/// Compiles a schema as draft 2020-12 with format checking (uuid, uri, email, date-time);
/// relative references resolve against `path` in `tests/schemas/`.
pub fn compile_at(schema: &Value, path: &str) -> Validator {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_base_uri(format!("{BASE}{path}"))
        .with_retriever(RepoSchemas)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .build(schema)
        .expect("schema compiles")
}

/// A page envelope whose `contents` are items of `item` (as the OpenAPI documents define it,
/// with every page field required, as HSDS 3.1.1 made `empty`).
pub fn page_schema(openapi: &str, item: Value) -> Value {
    let openapi = schema(openapi);
    let page = openapi["components"]["schemas"]["Page"].clone();
    json!({
        "allOf": [page],
        "type": "object",
        "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
        "properties": {"contents": {"type": "array", "items": item}},
    })
}

/// Panics with every error if `instance` does not validate.
pub fn assert_valid(validator: &Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect();
    assert!(
        errors.is_empty(),
        "{what} is not valid:\n{}",
        errors.join("\n")
    );
}

/// Every JSON path in `value` that holds `null`.
pub fn nulls(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Null => out.push(path.to_string()),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                nulls(v, &format!("{path}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                nulls(v, &format!("{path}/{k}"), out);
            }
        }
        _ => {}
    }
}

/// Every empty array or empty string in `value`: optional fields that should have been left out.
pub fn empties(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::String(s) if s.is_empty() => out.push(path.to_string()),
        Value::Array(items) if items.is_empty() => out.push(path.to_string()),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                empties(v, &format!("{path}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                empties(v, &format!("{path}/{k}"), out);
            }
        }
        _ => {}
    }
}
