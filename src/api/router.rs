//! The API's routes, the header that lets any origin read them, and its error type with the
//! status and JSON body each error is answered with. What each route does is `handlers.rs`.

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use super::handlers::*;
use super::index::Api;
use crate::diagnostics::Help;

/// What goes wrong in the API: a request it cannot answer (a bad parameter, an unknown id or
/// endpoint), answered with a status and a JSON body that says why; or its search index not
/// being built.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A parameter that cannot be read or is out of range: 400, naming the parameter.
    #[error("{message}")]
    BadParameter { parameter: String, message: String },
    /// No such id or endpoint: 404.
    #[error("{0}")]
    NotFound(String),
    /// The search index cannot be built, not even in memory (see [`super::Api::new`]).
    #[error("cannot build the search index: {0}")]
    Search(String),
}

impl Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::NotFound(_) => Some("the endpoints and their ids are in /openapi.json".into()),
            _ => None,
        }
    }
}

/// A bad value of `parameter`, and what is wrong with it.
pub(super) fn bad(parameter: &str, message: impl Into<String>) -> Error {
    Error::BadParameter {
        parameter: parameter.to_string(),
        message: message.into(),
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Error::BadParameter { parameter, message } => (
                StatusCode::BAD_REQUEST,
                json!({"error": "bad_request", "parameter": parameter, "message": message}),
            ),
            Error::NotFound(message) => (
                StatusCode::NOT_FOUND,
                json!({"error": "not_found", "message": message}),
            ),
            // Not an answer to a request: the server's own failures, never made by a handler.
            other => (
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"error": "internal", "message": other.to_string()}),
            ),
        };
        (status, json_body(body.to_string())).into_response()
    }
}

/// A response of JSON text, already serialised.
pub(super) fn json_body(body: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// Any other path: a 404 that points at the OpenAPI description.
async fn not_found() -> Error {
    Error::NotFound("no such endpoint; see /openapi.json".into())
}

/// CORS: open data, so any web page may read every answer.
async fn allow_any_origin(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// The API's routes.
pub fn router(api: Arc<Api>) -> Router {
    Router::new()
        .route("/", get(root))
        .route("/openapi.json", get(openapi))
        .route("/services", get(services))
        .route("/services/{id}", get(service))
        .route("/service_at_locations", get(service_at_locations))
        .route("/service_at_locations/{id}", get(service_at_location))
        .route("/taxonomies", get(taxonomies))
        .route("/taxonomies/{id}", get(taxonomy))
        .route("/taxonomy_terms", get(taxonomy_terms))
        .route("/taxonomy_terms/{id}", get(taxonomy_term))
        .fallback(not_found)
        .layer(axum::middleware::map_response(allow_any_origin))
        .with_state(api)
}
