//! The Open Referral UK API's paths and query parameters (src/api/params.rs and the handlers),
//! through the real router (`tower::ServiceExt::oneshot`, no socket) on the bundled directory.
//! Each line of the input is one request target (`/services?page=2&search=knit`); bytes that
//! cannot be in a URI are percent-encoded, so what reaches the API is what a client could send.
//!
//! Properties: no answer is a server error; every answer allows any origin and is JSON (or
//! NDJSON, one JSON value a line) with no null outside the OpenAPI description.

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

/// Paths, parameter names and values of the API.
pub const TOKENS: &[&str] = &[
    "\n",
    "/services",
    "/services/",
    "/service_at_locations",
    "/taxonomies",
    "/taxonomy_terms",
    "/openapi.json",
    "?",
    "&",
    "=",
    "%",
    "%00",
    "%ff",
    "%F0%9F%98%80",
    "%2F",
    "+",
    "page=",
    "per_page=",
    "search=",
    "postcode=",
    "proximity=",
    "day=",
    "start_time=",
    "end_time=",
    "modified_after=",
    "taxonomy_term_id=",
    "taxonomy_id=",
    "organization_id=",
    "minimum_age=",
    "maximum_age=",
    "parent_id=",
    "top_only=",
    "vocabulary=",
    "format=ndjson",
    "full=true",
    "minimal=1",
    "CR0%201NX",
    "1000",
    "18446744073709551616",
    "-1",
    "0",
    "inf",
    "NaN",
    "1e308",
    "09:30",
    "23:59:59Z",
    "2026-11-22T10:00:00Z",
    "monday",
    "su",
    "needs",
];

/// Runs one input (see the module comment).
pub fn run(data: &[u8]) {
    let text = super::text(data);
    for line in text.split('\n').take(8) {
        request(line);
    }
}

/// The router on the bundled directory, and a runtime to run it on, made once.
fn service() -> &'static (tokio::runtime::Runtime, Router) {
    static SERVICE: OnceLock<(tokio::runtime::Runtime, Router)> = OnceLock::new();
    SERVICE.get_or_init(|| {
        let api = signpost::api::Api::new(super::directory(), &Default::default())
            .expect("build the API");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        (runtime, signpost::api::router(Arc::clone(&api)))
    })
}

/// `line` as a request target a client could send: a leading `/`, and every byte that a URI
/// cannot hold percent-encoded (a `%` is kept, so malformed escapes reach the API).
fn target(line: &str) -> String {
    let mut uri = String::from("/");
    for &b in line.strip_prefix('/').unwrap_or(line).as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// One GET, and the properties of its answer.
fn request(line: &str) {
    let uri = target(line);
    let Ok(request) = Request::get(&uri)
        .header("host", "127.0.0.1:8080")
        .body(Body::empty())
    else {
        return;
    };
    let (runtime, router) = service();
    let (status, headers, body) = runtime.block_on(async {
        let response = router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .expect("read the body");
        (parts.status, parts.headers, bytes)
    });
    let body_text = String::from_utf8_lossy(&body);
    assert!(
        !status.is_server_error(),
        "{uri}: {status}: {body_text}\ninput line: {line:?}"
    );
    assert_eq!(
        headers
            .get("access-control-allow-origin")
            .map(|v| v.as_bytes()),
        Some(&b"*"[..]),
        "{uri}: no CORS header"
    );
    let kind = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let values: Vec<serde_json::Value> = match kind {
        "application/json" => vec![json(&uri, &body_text)],
        "application/x-ndjson" => body_text
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| json(&uri, l))
            .collect(),
        other => panic!("{uri}: answered with content-type {other:?}"),
    };
    if !uri.starts_with("/openapi.json") {
        for v in &values {
            assert!(!has_null(v), "{uri}: a null in {v}");
        }
    }
}

fn json(uri: &str, text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {text}"))
}

fn has_null(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => true,
        serde_json::Value::Array(a) => a.iter().any(has_null),
        serde_json::Value::Object(o) => o.values().any(has_null),
        _ => false,
    }
}
