//! One function per endpoint: each reads its parameters (`params.rs`), asks the [`Api`] what
//! matches (`index.rs`) and answers with pre-serialised JSON: a page envelope, or an NDJSON
//! stream made a chunk at a time. Errors become JSON answers in `router.rs`.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::index::{Api, SEARCH_LIMIT, Selection};
use super::params::{Items, Params, Representation, ServiceFilter};
use super::router::{Error, json_body};
use crate::hsds;

/// The ORUK OpenAPI description this API follows (see `schema/hsds/PROVENANCE.md`); served
/// with Signpost's additions ([`openapi_document`]).
const OPENAPI: &str = include_str!("../../schema/hsds/oruk-openapi.json");

/// The query string as axum reads it (a rejection becomes a 400 in [`Params::from`]).
type Q = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// `GET /`: the API's version, its ORUK profile and where its OpenAPI description is: at the
/// address the API is published at ([`Api::at`]), never one taken from the request's `Host`
/// header, which a client chooses.
pub(super) async fn root(State(api): State<Arc<Api>>) -> Response {
    json_body(
        json!({
            "version": "3.0",
            "profile": hsds::ORUK_PROFILE,
            "openapi_url": format!("{}/openapi.json", api.public_url),
        })
        .to_string(),
    )
}

/// `GET /openapi.json`: [`openapi_document`], made once.
pub(super) async fn openapi() -> Response {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    json_body(DOCUMENT.get_or_init(openapi_document).clone())
}

/// The ORUK OpenAPI description with what Signpost adds, said in its `info`: the HSDS 3.1
/// parameters `format`, `full` and `minimal` (defined in its components, but not listed on
/// these operations) on `/services`, and `format` and `full` on `/service_at_locations`,
/// with the `application/x-ndjson` answer.
fn openapi_document() -> String {
    let Ok(mut doc) = serde_json::from_str::<Value>(OPENAPI) else {
        return OPENAPI.to_string();
    };
    const COMPILED: &str =
        "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled";
    if let Some(info) = doc["info"].as_object_mut() {
        let before = info
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        info.insert(
            "description".into(),
            format!(
                "{before}. As served by Signpost, which adds to `/services` the HSDS 3.1 \
                 parameters `format`, `full` and `minimal`, and to `/service_at_locations` \
                 `format` and `full`; to both, the parameter `lang` (the ISO 639-1 code of \
                 the language `search` is typed in, so that Polish and Somali words are read \
                 as such) and, when `search` describes a crisis (abuse, self-harm, suicidal \
                 thoughts, an emergency), the extension field `signpost_crisis_help` in the \
                 page envelope: the crisis help lines to show first, each with `category`, \
                 `id`, `name`, `contact`, `how` (call or text), `text`, `categories`, \
                 `source`, `checked` and `translations`."
            )
            .into(),
        );
    }
    for (path, params, item, full_note) in [
        (
            "/services",
            &["format", "full", "minimal"][..],
            "service.json",
            "With `full=true` each item is the fully nested service (as `/services/{id}`); with \
             `minimal=true`, its `id` and `last_modified` only. With `format=ndjson` the answer \
             is one fully nested service per line (or minimal with `minimal=true`), every \
             result and no page envelope.",
        ),
        (
            "/service_at_locations",
            &["format", "full"][..],
            "service_at_location.json",
            "With `full=true` each item is the fully nested service_at_location with its \
             service (as `/service_at_locations/{id}`). With `format=ndjson` the answer is one \
             of those per line, every result and no page envelope.",
        ),
    ] {
        let op = &mut doc["paths"][path]["get"];
        if let Some(list) = op["parameters"].as_array_mut() {
            for p in params {
                list.push(json!({"$ref": format!("#/components/parameters/{p}")}));
            }
        }
        let ok = &mut op["responses"]["200"];
        if let Some(d) = ok["description"].as_str() {
            ok["description"] = format!("{d} {full_note}").into();
        }
        if let Some(content) = ok["content"].as_object_mut() {
            content.insert(
                "application/x-ndjson".into(),
                json!({"schema": {"$ref": format!("{COMPILED}/{item}")}}),
            );
        }
    }
    doc.to_string()
}

/// `GET /services`: the services a filter selects, a page at a time or as NDJSON.
pub(super) async fn services(State(api): State<Arc<Api>>, query: Q) -> Result<Response, Error> {
    let p = Params::from(query)?;
    let (page, per_page) = p.pagination()?;
    let filter = ServiceFilter::parse(&p)?;
    let how = Representation::parse(&p, true)?;
    let want = if how.ndjson {
        SEARCH_LIMIT
    } else {
        page.saturating_mul(per_page)
    };
    let selection = api.select(&filter, want);
    let help = api.crisis_help(&filter);
    if how.ndjson {
        let listed = match selection {
            Selection::All => Listed::AllServices,
            Selection::Some { ids, .. } => Listed::Services(ids),
        };
        return Ok(ndjson_response(api, listed, how.items));
    }
    // Items are looked up lazily: only the page shown is touched.
    Ok(match selection {
        Selection::All => page_response(
            (0..api.services.len() as u32).map(|i| api.service_item(i, how.items)),
            page,
            per_page,
        ),
        Selection::Some { ids, total } => {
            let start = (page - 1).saturating_mul(per_page);
            page_envelope(
                total,
                page,
                per_page,
                ids.get(start..)
                    .unwrap_or_default()
                    .iter()
                    .take(per_page)
                    .map(|&i| api.service_item(i, how.items)),
                help.as_deref(),
            )
        }
    })
}

/// `GET /services/{id}`: one service, fully nested.
pub(super) async fn service(
    State(api): State<Arc<Api>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, Error> {
    let id = path_id(id)?;
    let i = api
        .service_by_id
        .get(&id.to_lowercase())
        .ok_or_else(|| Error::NotFound(format!("no service has the id {id:?}")))?;
    Ok(json_body(api.services[*i].full.clone()))
}

/// `GET /service_at_locations`: the places of the selected services, nearest a `postcode`
/// first when one is given.
pub(super) async fn service_at_locations(
    State(api): State<Arc<Api>>,
    query: Q,
) -> Result<Response, Error> {
    let p = Params::from(query)?;
    let (page, per_page) = p.pagination()?;
    let filter = ServiceFilter::parse(&p)?;
    let (from, proximity) = p.origin(&api.gazetteer)?;
    let how = Representation::parse(&p, false)?;
    let hits = api.located(api.select(&filter, SEARCH_LIMIT), from, proximity);
    if how.ndjson {
        let listed = Listed::Sals(hits.into_iter().map(|(_, i)| i).collect());
        return Ok(ndjson_response(api, listed, how.items));
    }
    let start = (page - 1).saturating_mul(per_page).min(hits.len());
    Ok(page_envelope(
        hits.len(),
        page,
        per_page,
        hits[start..]
            .iter()
            .take(per_page)
            .map(|&(_, i)| api.sal_item(i, how.items)),
        api.crisis_help(&filter).as_deref(),
    ))
}

/// `GET /service_at_locations/{id}`: one, fully nested with its service.
pub(super) async fn service_at_location(
    State(api): State<Arc<Api>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, Error> {
    let id = path_id(id)?;
    let i = api
        .sal_by_id
        .get(&id.to_lowercase())
        .ok_or_else(|| Error::NotFound(format!("no service_at_location has the id {id:?}")))?;
    Ok(json_body(api.sal_full(&api.sals[*i])))
}

/// `GET /taxonomies`: the three taxonomies.
pub(super) async fn taxonomies(State(api): State<Arc<Api>>, query: Q) -> Result<Response, Error> {
    let p = Params::from(query)?;
    let (page, per_page) = p.pagination()?;
    Ok(page_response(
        api.taxonomies.iter().map(|(_, json)| json.as_str()),
        page,
        per_page,
    ))
}

/// `GET /taxonomies/{id}`: one taxonomy.
pub(super) async fn taxonomy(
    State(api): State<Arc<Api>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, Error> {
    let id = path_id(id)?;
    let id = id.to_lowercase();
    api.taxonomies
        .iter()
        .find(|(tid, _)| *tid == id)
        .map(|(_, json)| json_body(json.clone()))
        .ok_or_else(|| Error::NotFound(format!("no taxonomy has the id {id:?}")))
}

/// `GET /taxonomy_terms`: the terms, by taxonomy, matching `search` words.
pub(super) async fn taxonomy_terms(
    State(api): State<Arc<Api>>,
    query: Q,
) -> Result<Response, Error> {
    let p = Params::from(query)?;
    let (page, per_page) = p.pagination()?;
    let taxonomy_id = p.get("taxonomy_id").map(str::to_lowercase);
    let parent_id = p.get("parent_id").map(str::to_lowercase);
    // Every Signpost taxonomy is flat: every term is a top-level term.
    let _top_only = p.boolean("top_only")?;
    let search: Vec<String> = p
        .get("search")
        .map(|s| {
            s.to_lowercase()
                .split_whitespace()
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let hits: Vec<&str> = api
        .terms
        .iter()
        .filter(|(t, _)| taxonomy_id.as_ref().is_none_or(|id| *id == t.taxonomy.id()))
        .filter(|_| parent_id.is_none())
        .filter(|(t, _)| {
            let text =
                format!("{} {} {}", t.name, t.description, t.synonyms.join(" ")).to_lowercase();
            search.iter().all(|w| text.contains(w.as_str()))
        })
        .map(|(_, json)| json.as_str())
        .collect();
    Ok(page_response(hits.into_iter(), page, per_page))
}

/// `GET /taxonomy_terms/{id}`: one term.
pub(super) async fn taxonomy_term(
    State(api): State<Arc<Api>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, Error> {
    let id = path_id(id)?;
    let id = id.to_lowercase();
    api.terms
        .iter()
        .find(|(t, _)| t.id() == id)
        .map(|(_, json)| json_body(json.clone()))
        .ok_or_else(|| Error::NotFound(format!("no taxonomy term has the id {id:?}")))
}

/// The `{id}` of a path; one that cannot be read (not UTF-8) is an id nothing has.
fn path_id(id: Result<Path<String>, PathRejection>) -> Result<String, Error> {
    id.map(|Path(id)| id)
        .map_err(|_| Error::NotFound("no such id".into()))
}

/// A page of pre-serialised items, as an HSDS page envelope.
fn page_response<'a>(
    items: impl ExactSizeIterator<Item = &'a str>,
    page: usize,
    per_page: usize,
) -> Response {
    let total = items.len();
    let start = (page - 1).saturating_mul(per_page).min(total);
    page_envelope(
        total,
        page,
        per_page,
        items.skip(start).take(per_page),
        None,
    )
}

/// An HSDS page envelope of `total` items, around the `shown` ones of page `page`, with the
/// extension field `signpost_crisis_help` (a JSON array) when a search described a crisis.
fn page_envelope<S: AsRef<str>>(
    total: usize,
    page: usize,
    per_page: usize,
    shown: impl Iterator<Item = S>,
    crisis_help: Option<&str>,
) -> Response {
    let shown: Vec<S> = shown.collect();
    let total_pages = total.div_ceil(per_page).max(1);
    let mut body =
        String::with_capacity(shown.iter().map(|s| s.as_ref().len() + 1).sum::<usize>() + 200);
    let _ = write!(
        body,
        "{{\"total_items\":{total},\"total_pages\":{total_pages},\"page_number\":{page},\"size\":{},\"first_page\":{},\"last_page\":{},\"empty\":{},\"contents\":[",
        shown.len(),
        page == 1,
        page >= total_pages,
        shown.is_empty(),
    );
    for (i, item) in shown.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(item.as_ref());
    }
    body.push(']');
    if let Some(help) = crisis_help {
        let _ = write!(body, ",\"signpost_crisis_help\":{help}");
    }
    body.push('}');
    json_body(body)
}

/// What an `ndjson` answer lists: services or service-at-locations, by index.
enum Listed {
    AllServices,
    Services(Arc<[u32]>),
    Sals(Vec<u32>),
}

/// The lines of an `ndjson` answer, made a chunk at a time as the client reads them, so a
/// whole directory is never held in memory twice.
struct Lines {
    api: Arc<Api>,
    listed: Listed,
    items: Items,
    next: usize,
}

/// Bytes per chunk of an `ndjson` answer (a little more: whole lines).
const CHUNK: usize = 64 * 1024;

impl futures_core::Stream for Lines {
    type Item = Result<axum::body::Bytes, std::convert::Infallible>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let this = &mut *self;
        let len = match &this.listed {
            Listed::AllServices => this.api.services.len(),
            Listed::Services(ids) => ids.len(),
            Listed::Sals(ids) => ids.len(),
        };
        let mut chunk = String::new();
        while this.next < len && chunk.len() < CHUNK {
            let i = this.next;
            this.next += 1;
            match &this.listed {
                Listed::AllServices => chunk.push_str(this.api.service_item(i as u32, this.items)),
                Listed::Services(ids) => chunk.push_str(this.api.service_item(ids[i], this.items)),
                Listed::Sals(ids) => chunk.push_str(&this.api.sal_item(ids[i], this.items)),
            }
            chunk.push('\n');
        }
        std::task::Poll::Ready((!chunk.is_empty()).then(|| Ok(chunk.into())))
    }
}

fn ndjson_response(api: Arc<Api>, listed: Listed, items: Items) -> Response {
    let lines = Lines {
        api,
        listed,
        items,
        next: 0,
    };
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-ndjson"),
        )],
        axum::body::Body::from_stream(lines),
    )
        .into_response()
}
