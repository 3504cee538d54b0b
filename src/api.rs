//! The Open Referral UK API (`signpost serve --api`): the endpoints of the ORUK 3.0 profile of
//! HSDS, answered from an in-memory directory with axum on tokio.
//!
//! [`Api::new`] builds every service once (with `hsds`) and keeps each as serialised JSON plus
//! the few facts the filters need, so a request only filters, sorts and concatenates. Bad
//! parameters are answered with a 400 whose JSON names the parameter; unknown ids with a 404;
//! a handler never panics on input. Every response allows any origin (open data, no
//! authentication).
//!
//! `search` uses the tantivy engine of `signpost search` (the same analysis: synonyms,
//! stemming, one typo), most relevant first; if its index cannot be opened it falls back to a
//! case-insensitive match of word prefixes ([`WordIndex`]) on name, summary, description and the
//! labels and synonyms of the needs, activities and audiences. Reloading when listings change
//! is `serve`'s watcher (see `crate::serve`), which builds a new `Api`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiff::Timestamp;
use jiff::civil::{Time, Weekday};
use serde_json::{Value, json};

use crate::directory::Directory;
use crate::hsds::{self, History, Taxonomy, Term};
use crate::locate::Gazetteer;
use crate::model::{Listing, Repeat};
use crate::place::{LatLon, Postcode};

/// Results per page when `per_page` is not given, and the most a client may ask for.
pub const DEFAULT_PER_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 1000;
/// The largest `proximity` accepted, in metres.
pub const MAX_PROXIMITY: f64 = 100_000.0;

/// The ORUK OpenAPI description this API follows (see `schema/hsds/PROVENANCE.md`); served
/// with Signpost's additions ([`openapi_document`]).
const OPENAPI: &str = include_str!("../schema/hsds/oruk-openapi.json");

/// A service and what the filters need to know about it.
struct ServiceEntry {
    id: String,
    /// The fully nested service.
    full: String,
    /// The one-to-one fields, for lists.
    list_item: String,
    /// `id` and `last_modified`, for `minimal=true`.
    minimal: String,
    term_ids: Vec<String>,
    taxonomy_ids: Vec<String>,
    organization_id: String,
    min_age: Option<u8>,
    max_age: Option<u8>,
    sessions: Vec<SessionFacts>,
    modified: Timestamp,
}

struct SessionFacts {
    days: Vec<Weekday>,
    start: Option<Time>,
    end: Option<Time>,
}

/// A service at a location.
struct SalEntry {
    id: String,
    service: usize,
    at: Option<LatLon>,
    list_item: String,
    /// The service-at-location itself (without the service), for `/service_at_locations/{id}`.
    own: String,
}

/// Everything the API answers from: built once, shared by every request.
pub struct Api {
    services: Vec<ServiceEntry>,
    service_by_id: HashMap<String, usize>,
    sals: Vec<SalEntry>,
    sal_by_id: HashMap<String, usize>,
    taxonomies: Vec<(String, String)>,
    terms: Vec<(Term, String)>,
    gazetteer: Gazetteer,
    words: WordIndex,
    /// The tantivy engine of `signpost search`. `None` when its index cannot be opened (then
    /// `words` answers `search`).
    engine: Option<Search>,
    /// Located service-at-locations by latitude: (latitude, index into `sals`).
    by_lat: Vec<(f64, u32)>,
}

impl Api {
    pub fn new(directory: &Directory, history: &History) -> Arc<Api> {
        let terms = hsds::terms(&directory.vocab);
        let built: Vec<(ServiceEntry, Vec<SalParts>, String)> =
            hsds::build_services(directory, history, |listing, service| {
                entry(listing, &service, &terms, history)
            });
        let words = WordIndex::new(built.iter().map(|(_, _, text)| text.as_str()));
        let mut services = Vec::with_capacity(built.len());
        let mut sals = Vec::new();
        for (entry, entry_sals, _) in built {
            let service = services.len();
            for (id, at, list_item, own) in entry_sals {
                sals.push(SalEntry {
                    id,
                    service,
                    at,
                    list_item,
                    own,
                });
            }
            services.push(entry);
        }
        let service_by_id: HashMap<String, usize> = services
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let mut by_lat: Vec<(f64, u32)> = sals
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.at.map(|at| (at.lat, i as u32)))
            .collect();
        by_lat.sort_by(|a, b| a.0.total_cmp(&b.0));
        let sal_by_id = sals
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let engine = open_engine(directory).map(|engine| {
            let service_by_listing: HashMap<String, u32> = directory
                .listings
                .iter()
                .filter_map(|l| {
                    let i = service_by_id.get(&hsds::service_id(l))?;
                    Some((l.id.clone(), *i as u32))
                })
                .collect();
            Search::new(engine, &service_by_listing)
        });
        let taxonomies = Taxonomy::ALL
            .iter()
            .map(|t| (t.id(), t.to_json().to_string()))
            .collect();
        let terms = terms
            .into_iter()
            .map(|t| {
                let json = t.to_json().to_string();
                (t, json)
            })
            .collect();
        Arc::new(Api {
            services,
            service_by_id,
            sals,
            sal_by_id,
            taxonomies,
            terms,
            gazetteer: directory.gazetteer.clone(),
            words,
            engine,
            by_lat,
        })
    }

    /// How many services it answers with.
    pub fn len(&self) -> usize {
        self.services.len()
    }

    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }

    /// The services that pass `filter`, in order: directory order, or the most relevant first
    /// when searching. A search with no other filter ranks only the first `want` (the page
    /// shown and those before it) and counts the rest.
    fn select(&self, filter: &ServiceFilter, want: usize) -> Selection {
        if filter.is_empty() {
            return Selection::All;
        }
        let (candidates, total) = if filter.search.is_empty() {
            let all: Arc<[u32]> = (0..self.services.len() as u32).collect();
            let n = all.len();
            (all, n)
        } else if let Some(search) = &self.engine {
            let want = if filter.only_search() {
                want.min(SEARCH_LIMIT)
            } else {
                SEARCH_LIMIT
            };
            search.ranked(&filter.search.join(" "), want)
        } else {
            let found: Arc<[u32]> = self.words.matching(&filter.search).into();
            let n = found.len();
            (found, n)
        };
        if filter.only_search() {
            return Selection::Some {
                ids: candidates,
                total,
            };
        }
        let ids: Arc<[u32]> = candidates
            .iter()
            .copied()
            .filter(|&i| filter.matches(&self.services[i as usize]))
            .collect();
        Selection::Some {
            total: ids.len(),
            ids,
        }
    }
}

/// The services a request selects (see [`Api::select`]).
enum Selection {
    /// Every service, in directory order.
    All,
    /// These services in order, the first of `total`: a search may rank only the first few.
    Some { ids: Arc<[u32]>, total: usize },
}

/// `search` answers with at most this many services, the most relevant first: ranking every
/// loose match of a large directory would cost far more than anyone pages through.
pub const SEARCH_LIMIT: usize = 1000;
/// How many searches [`Search`] remembers.
const SEARCH_CACHE: usize = 256;

/// The tantivy engine of `signpost search` with what the API needs around it: the service of
/// each listing the index holds, and the latest searches' results.
struct Search {
    engine: crate::search::Engine,
    /// By listing ordinal ([`crate::search::Engine::ids`]): the service's index, if published.
    service_of: Vec<Option<u32>>,
    /// The listings that have a service (what a search may answer with).
    has_service: crate::search::impacts::Allowed,
    cache: std::sync::Mutex<SearchCache>,
}

/// Recent searches by normalised query (the analysis's words): the services ranked first and
/// how many matched. Bounded; the least recently used goes first. An `Api` is rebuilt when
/// listings change, and its cache with it.
#[derive(Default)]
struct SearchCache {
    entries: HashMap<String, Cached>,
    clock: u64,
}

struct Cached {
    ids: Arc<[u32]>,
    total: usize,
    used: u64,
}

impl Search {
    fn new(engine: crate::search::Engine, service_by_listing: &HashMap<String, u32>) -> Search {
        let service_of: Vec<Option<u32>> = engine
            .ids()
            .iter()
            .map(|id| service_by_listing.get(id).copied())
            .collect();
        let has_service: Vec<bool> = service_of.iter().map(Option::is_some).collect();
        Search {
            has_service: engine.allowed(&has_service),
            service_of,
            engine,
            cache: Default::default(),
        }
    }

    /// The first `want` services for `query`, most relevant first, and how many match (at most
    /// [`SEARCH_LIMIT`]).
    fn ranked(&self, query: &str, want: usize) -> (Arc<[u32]>, usize) {
        // What the engine reads of the query, as its analysis splits and folds it.
        let key = crate::analysis::words(&crate::search::engine::bounded(query)).join(" ");
        {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            cache.clock += 1;
            let now = cache.clock;
            if let Some(hit) = cache.entries.get_mut(&key)
                && (hit.ids.len() >= want || hit.ids.len() == hit.total)
            {
                hit.used = now;
                return (hit.ids.clone(), hit.total);
            }
        }
        let matches = self.engine.rank(query, None, Some(&self.has_service), want);
        let ids: Arc<[u32]> = matches
            .top
            .iter()
            .filter_map(|r| self.service_of[r.listing as usize])
            .collect();
        let total = matches.total.min(SEARCH_LIMIT);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.entries.len() >= SEARCH_CACHE && !cache.entries.contains_key(&key) {
            let oldest = cache
                .entries
                .iter()
                .min_by_key(|(_, c)| c.used)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                cache.entries.remove(&oldest);
            }
        }
        let used = cache.clock;
        cache.entries.insert(
            key,
            Cached {
                ids: ids.clone(),
                total,
                used,
            },
        );
        (ids, total)
    }
}

/// Opens the tantivy index in the directory's cache, one opening at a time in this process
/// (an opening may update the index on disk, which tantivy allows to one writer).
fn open_engine(directory: &Directory) -> Option<crate::search::Engine> {
    static OPENING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = OPENING.lock().unwrap_or_else(|e| e.into_inner());
    match crate::search::Engine::open(directory) {
        Ok(engine) => Some(engine),
        Err(e) => {
            eprintln!(
                "warning: the search index cannot be opened ({e}): `search` matches words only"
            );
            None
        }
    }
}

/// The fallback search index: every word (lower case, split at anything not a letter or
/// digit) of each service's text, sorted, with the services it is in. A query matches the
/// services that have, for every query word, a word that begins with it ("knit" finds
/// "knitting"). To be replaced by the tantivy index of the search issue.
struct WordIndex {
    words: Vec<(Box<str>, Vec<u32>)>,
}

fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The values in both sorted lists.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

impl WordIndex {
    /// Indexes texts, one per service in order.
    fn new<'a>(texts: impl Iterator<Item = &'a str>) -> WordIndex {
        let mut map: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, text) in texts.enumerate() {
            let lower = text.to_lowercase();
            for word in split_words(&lower) {
                let postings = map.entry(word.to_string()).or_default();
                if postings.last() != Some(&(i as u32)) {
                    postings.push(i as u32);
                }
            }
        }
        let mut words: Vec<(Box<str>, Vec<u32>)> = map
            .into_iter()
            .map(|(w, p)| (w.into_boxed_str(), p))
            .collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        WordIndex { words }
    }

    /// The services (sorted) that match every word of `query`.
    fn matching(&self, query: &[String]) -> Vec<u32> {
        let mut result: Option<Vec<u32>> = None;
        for q in query.iter().flat_map(|q| split_words(q)) {
            let start = self.words.partition_point(|(w, _)| &**w < q);
            let end = start
                + self.words[start..]
                    .iter()
                    .take_while(|(w, _)| w.starts_with(q))
                    .count();
            let found: Vec<u32> = match &self.words[start..end] {
                [(_, postings)] => postings.clone(), // one word: already sorted
                several => {
                    let mut found: Vec<u32> = several
                        .iter()
                        .flat_map(|(_, postings)| postings.iter().copied())
                        .collect();
                    found.sort_unstable();
                    found.dedup();
                    found
                }
            };
            result = Some(match result {
                None => found,
                Some(before) => intersect(&before, &found),
            });
            if result.as_ref().is_some_and(Vec::is_empty) {
                break;
            }
        }
        result.unwrap_or_default()
    }
}

type SalParts = (String, Option<LatLon>, String, String);

/// What the API keeps of a service, its service-at-locations, and the text `search` matches.
fn entry(
    listing: &Listing,
    service: &Value,
    terms: &[Term],
    history: &History,
) -> (ServiceEntry, Vec<SalParts>, String) {
    let mut haystack = format!(
        "{}\n{}\n{}",
        listing.name,
        listing.summary,
        listing.description.as_deref().unwrap_or("")
    );
    let mut term_ids = Vec::new();
    let mut taxonomy_ids = Vec::new();
    for (taxonomy, codes) in [
        (Taxonomy::Needs, &listing.needs),
        (Taxonomy::Activities, &listing.activities),
        (Taxonomy::Audiences, &listing.audiences),
    ] {
        for code in codes {
            if let Some(t) = terms
                .iter()
                .find(|t| t.taxonomy == taxonomy && &t.code == code)
            {
                haystack.push('\n');
                haystack.push_str(&t.name);
                for s in &t.synonyms {
                    haystack.push('\n');
                    haystack.push_str(s);
                }
                term_ids.push(t.id());
            }
        }
        if !codes.is_empty() {
            taxonomy_ids.push(taxonomy.id());
        }
    }
    let sessions = listing
        .sessions
        .iter()
        .map(|s| SessionFacts {
            days: match &s.repeat {
                Repeat::Weekly(d) | Repeat::Monthly(_, d) => d.clone(),
                Repeat::Once(date) => vec![date.weekday()],
            },
            start: s.start,
            end: s.end,
        })
        .collect();
    let sals = service["service_at_locations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|sal| {
            let location = &sal["location"];
            let at = match (
                location["latitude"].as_f64(),
                location["longitude"].as_f64(),
            ) {
                (Some(lat), Some(lon)) => Some(LatLon { lat, lon }),
                _ => None,
            };
            (
                sal["id"].as_str().unwrap_or_default().to_string(),
                at,
                hsds::service_at_location_list_item(service, sal).to_string(),
                sal.to_string(),
            )
        })
        .collect();
    let entry = ServiceEntry {
        id: service["id"].as_str().unwrap_or_default().to_string(),
        full: service.to_string(),
        list_item: hsds::service_list_item(service).to_string(),
        minimal: json!({"id": service["id"], "last_modified": service["last_modified"]})
            .to_string(),
        term_ids,
        taxonomy_ids,
        organization_id: service["organization_id"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        min_age: listing.min_age,
        max_age: listing.max_age,
        sessions,
        modified: history.last_modified(listing),
    };
    (entry, sals, haystack)
}

// ---------------------------------------------------------------------------------------------
// Errors

/// A request the API cannot answer, as the JSON body and status it gets.
#[derive(Debug)]
enum ApiError {
    BadParameter { parameter: String, message: String },
    NotFound(String),
}

fn bad(parameter: &str, message: impl Into<String>) -> ApiError {
    ApiError::BadParameter {
        parameter: parameter.to_string(),
        message: message.into(),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            ApiError::BadParameter { parameter, message } => (
                StatusCode::BAD_REQUEST,
                json!({"error": "bad_request", "parameter": parameter, "message": message}),
            ),
            ApiError::NotFound(message) => (
                StatusCode::NOT_FOUND,
                json!({"error": "not_found", "message": message}),
            ),
        };
        (status, json_body(body.to_string())).into_response()
    }
}

fn json_body(body: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------------
// Parameters

/// The query string, first value of each name.
struct Params(HashMap<String, String>);

impl Params {
    fn from(
        query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    ) -> Result<Params, ApiError> {
        let Query(pairs) =
            query.map_err(|e| bad("query", format!("cannot read the query string: {e}")))?;
        let mut map = HashMap::new();
        for (k, v) in pairs {
            map.entry(k).or_insert(v);
        }
        Ok(Params(map))
    }

    /// A present, non-empty value.
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    fn number<T: std::str::FromStr>(&self, name: &str, what: &str) -> Result<Option<T>, ApiError> {
        self.get(name)
            .map(|s| {
                s.parse::<T>()
                    .map_err(|_| bad(name, format!("`{name}` must be {what}, not {s:?}")))
            })
            .transpose()
    }

    fn pagination(&self) -> Result<(usize, usize), ApiError> {
        let page = self
            .number::<usize>("page", "a whole number from 1")?
            .unwrap_or(1);
        if page == 0 {
            return Err(bad("page", "`page` must be a whole number from 1"));
        }
        let per_page = self
            .number::<usize>(
                "per_page",
                &format!("a whole number from 1 to {MAX_PER_PAGE}"),
            )?
            .unwrap_or(DEFAULT_PER_PAGE);
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(bad(
                "per_page",
                format!("`per_page` must be a whole number from 1 to {MAX_PER_PAGE}"),
            ));
        }
        Ok((page, per_page))
    }

    fn boolean(&self, name: &str) -> Result<bool, ApiError> {
        match self.get(name) {
            None => Ok(false),
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            Some(s) => Err(bad(
                name,
                format!("`{name}` must be true or false, not {s:?}"),
            )),
        }
    }

    fn time(&self, name: &str) -> Result<Option<Time>, ApiError> {
        self.get(name)
            .map(|s| {
                let t = s.trim_end_matches('Z');
                Time::strptime("%H:%M:%S", t)
                    .or_else(|_| Time::strptime("%H:%M", t))
                    .map_err(|_| {
                        bad(
                            name,
                            format!("`{name}` must be a time such as 09:30, not {s:?}"),
                        )
                    })
            })
            .transpose()
    }
}

/// The filters `/services` and `/service_at_locations` share.
struct ServiceFilter {
    search: Vec<String>,
    taxonomy_term_id: Option<String>,
    taxonomy_id: Option<String>,
    organization_id: Option<String>,
    minimum_age: Option<f64>,
    maximum_age: Option<f64>,
    day: Option<Weekday>,
    start_time: Option<Time>,
    end_time: Option<Time>,
    modified_after: Option<Timestamp>,
}

fn parse_day(s: &str) -> Option<Weekday> {
    let lower = s.to_lowercase();
    [
        (Weekday::Monday, "mo"),
        (Weekday::Tuesday, "tu"),
        (Weekday::Wednesday, "we"),
        (Weekday::Thursday, "th"),
        (Weekday::Friday, "fr"),
        (Weekday::Saturday, "sa"),
        (Weekday::Sunday, "su"),
    ]
    .into_iter()
    .find(|(day, code)| lower == *code || lower == format!("{day:?}").to_lowercase())
    .map(|(day, _)| day)
}

impl ServiceFilter {
    fn parse(p: &Params) -> Result<ServiceFilter, ApiError> {
        let age = |name: &str| -> Result<Option<f64>, ApiError> {
            let v = p.number::<f64>(name, "a number of years")?;
            match v {
                Some(a) if !(0.0..=150.0).contains(&a) => {
                    Err(bad(name, format!("`{name}` must be from 0 to 150 years")))
                }
                _ => Ok(v),
            }
        };
        let day = p
            .get("day")
            .map(|s| {
                parse_day(s).ok_or_else(|| {
                    bad(
                        "day",
                        format!("`day` must be a day such as monday or MO, not {s:?}"),
                    )
                })
            })
            .transpose()?;
        let modified_after = p
            .get("modified_after")
            .map(|s| {
                s.parse::<Timestamp>()
                    .or_else(|_| {
                        s.parse::<jiff::civil::DateTime>()
                            .or_else(|_| s.parse::<jiff::civil::Date>().map(|d| d.to_datetime(Time::midnight())))
                            .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC))
                            .map(|z| z.timestamp())
                    })
                    .map_err(|_| {
                        bad(
                            "modified_after",
                            format!("`modified_after` must be a date or date-time such as 2026-10-01T00:00:00Z, not {s:?}"),
                        )
                    })
            })
            .transpose()?;
        Ok(ServiceFilter {
            search: p
                .get("search")
                .map(|s| {
                    s.to_lowercase()
                        .split_whitespace()
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
            taxonomy_term_id: p.get("taxonomy_term_id").map(str::to_lowercase),
            taxonomy_id: p.get("taxonomy_id").map(str::to_lowercase),
            organization_id: p.get("organization_id").map(str::to_lowercase),
            minimum_age: age("minimum_age")?,
            maximum_age: age("maximum_age")?,
            day,
            start_time: p.time("start_time")?,
            end_time: p.time("end_time")?,
            modified_after,
        })
    }

    /// True when no filter is set: every service matches.
    fn is_empty(&self) -> bool {
        self.search.is_empty() && self.only_search()
    }

    /// True when no filter but `search` is set.
    fn only_search(&self) -> bool {
        self.taxonomy_term_id.is_none()
            && self.taxonomy_id.is_none()
            && self.organization_id.is_none()
            && self.minimum_age.is_none()
            && self.maximum_age.is_none()
            && self.day.is_none()
            && self.start_time.is_none()
            && self.end_time.is_none()
            && self.modified_after.is_none()
    }

    /// Everything but `search` (see [`Api::select`]). ORUK's meanings: `minimum_age`: the service's minimum age is at least this;
    /// `maximum_age`: its maximum age is at most this; `day`, `start_time`, `end_time`: one
    /// session on that day, starting at or after and ending at or before those times.
    fn matches(&self, s: &ServiceEntry) -> bool {
        if let Some(t) = &self.taxonomy_term_id
            && !s.term_ids.iter().any(|id| id == t)
        {
            return false;
        }
        if let Some(t) = &self.taxonomy_id
            && !s.taxonomy_ids.iter().any(|id| id == t)
        {
            return false;
        }
        if let Some(o) = &self.organization_id
            && &s.organization_id != o
        {
            return false;
        }
        if let Some(min) = self.minimum_age
            && !s.min_age.is_some_and(|a| f64::from(a) >= min)
        {
            return false;
        }
        if let Some(max) = self.maximum_age
            && !s.max_age.is_some_and(|a| f64::from(a) <= max)
        {
            return false;
        }
        if self.day.is_some() || self.start_time.is_some() || self.end_time.is_some() {
            let ok = s.sessions.iter().any(|session| {
                self.day.is_none_or(|d| session.days.contains(&d))
                    && self
                        .start_time
                        .is_none_or(|t| session.start.is_some_and(|s| s >= t))
                    && self
                        .end_time
                        .is_none_or(|t| session.end.is_some_and(|e| e <= t))
            });
            if !ok {
                return false;
            }
        }
        if let Some(after) = self.modified_after
            && s.modified < after
        {
            return false;
        }
        true
    }
}

/// A latitude/longitude box that holds every point within some metres of a centre (with a
/// margin), for ruling places out before measuring the great-circle distance.
#[derive(Clone, Copy)]
struct Bounds {
    lat: (f64, f64),
    lon: (f64, f64),
}

impl Bounds {
    fn around(centre: LatLon, metres: f64) -> Bounds {
        // A degree of latitude is at least 110.5 km; a degree of longitude shrinks with cos(lat).
        let dlat = metres * 1.01 / 110_500.0;
        let cos = centre.lat.to_radians().cos().max(0.01);
        let dlon = dlat / cos;
        Bounds {
            lat: (centre.lat - dlat, centre.lat + dlat),
            lon: (centre.lon - dlon, centre.lon + dlon),
        }
    }

    fn contains(self, p: LatLon) -> bool {
        (self.lat.0..=self.lat.1).contains(&p.lat) && (self.lon.0..=self.lon.1).contains(&p.lon)
    }
}

/// A page of pre-serialised items, as an HSDS page envelope.
fn page_response<'a>(
    items: impl ExactSizeIterator<Item = &'a str>,
    page: usize,
    per_page: usize,
) -> Response {
    let total = items.len();
    let start = (page - 1).saturating_mul(per_page).min(total);
    page_envelope(total, page, per_page, items.skip(start).take(per_page))
}

/// An HSDS page envelope of `total` items, around the `shown` ones of page `page`.
fn page_envelope<S: AsRef<str>>(
    total: usize,
    page: usize,
    per_page: usize,
    shown: impl Iterator<Item = S>,
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
    body.push_str("]}");
    json_body(body)
}

// ---------------------------------------------------------------------------------------------
// Representations: `format`, `full` and `minimal`

/// What each item of `/services` and `/service_at_locations` holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Items {
    /// The one-to-one fields (the default).
    List,
    /// Fully nested, as `/services/{id}` and `/service_at_locations/{id}` answer.
    Full,
    /// `id` and `last_modified` only (`/services`).
    Minimal,
}

/// How a list is answered: the HSDS 3.1 parameters `format` (`json`, the default, or `ndjson`:
/// one item per line, every result, no envelope or pages), `full` and `minimal` (booleans).
/// Lines of `ndjson` are fully nested unless `minimal` is true.
#[derive(Clone, Copy, Debug)]
struct Representation {
    items: Items,
    ndjson: bool,
}

impl Representation {
    /// `minimal` is read only where HSDS defines it (`/services`).
    fn parse(p: &Params, with_minimal: bool) -> Result<Representation, ApiError> {
        let ndjson = match p.get("format") {
            None | Some("json") => false,
            Some("ndjson") => true,
            Some(other) => {
                return Err(bad(
                    "format",
                    format!("`format` must be json or ndjson, not {other:?}"),
                ));
            }
        };
        let full = p.boolean("full")?;
        let minimal = with_minimal && p.boolean("minimal")?;
        if full && minimal {
            return Err(bad(
                "minimal",
                "`minimal` and `full` cannot both be true: choose one",
            ));
        }
        let items = if minimal {
            Items::Minimal
        } else if full || ndjson {
            Items::Full
        } else {
            Items::List
        };
        Ok(Representation { items, ndjson })
    }
}

impl Api {
    /// Service `i` as `items` asks.
    fn service_item(&self, i: u32, items: Items) -> &str {
        let s = &self.services[i as usize];
        match items {
            Items::List => &s.list_item,
            Items::Full => &s.full,
            Items::Minimal => &s.minimal,
        }
    }

    /// Service-at-location `i` as `items` asks (there is no minimal one: the list item).
    fn sal_item(&self, i: u32, items: Items) -> std::borrow::Cow<'_, str> {
        let sal = &self.sals[i as usize];
        match items {
            Items::Full => self.sal_full(sal).into(),
            Items::List | Items::Minimal => sal.list_item.as_str().into(),
        }
    }

    /// A service-at-location fully nested with its service, as `/service_at_locations/{id}`.
    fn sal_full(&self, sal: &SalEntry) -> String {
        let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
        hsds::service_at_location_full(&parse(&self.services[sal.service].full), &parse(&sal.own))
            .to_string()
    }
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

// ---------------------------------------------------------------------------------------------
// Handlers

type Q = Result<Query<Vec<(String, String)>>, QueryRejection>;

async fn root(headers: HeaderMap) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("127.0.0.1");
    json_body(
        json!({
            "version": "3.0",
            "profile": hsds::ORUK_PROFILE,
            "openapi_url": format!("http://{host}/openapi.json"),
        })
        .to_string(),
    )
}

async fn openapi() -> Response {
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
                 `format` and `full`."
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

async fn services(State(api): State<Arc<Api>>, query: Q) -> Result<Response, ApiError> {
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
            )
        }
    })
}

async fn service(
    State(api): State<Arc<Api>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id)?;
    let i = api
        .service_by_id
        .get(&id.to_lowercase())
        .ok_or_else(|| ApiError::NotFound(format!("no service has the id {id:?}")))?;
    Ok(json_body(api.services[*i].full.clone()))
}

async fn service_at_locations(State(api): State<Arc<Api>>, query: Q) -> Result<Response, ApiError> {
    let p = Params::from(query)?;
    let (page, per_page) = p.pagination()?;
    let filter = ServiceFilter::parse(&p)?;
    let from = match p.get("postcode") {
        None => None,
        Some(text) => {
            let postcode: Postcode = text.parse().map_err(|e| {
                bad(
                    "postcode",
                    format!("`postcode` {text:?} is not a UK postcode: {e}"),
                )
            })?;
            let place = api
                .gazetteer
                .lookup(&postcode)
                .filter(|p| !p.terminated)
                .ok_or_else(|| bad("postcode", format!("unknown postcode {postcode}")))?;
            Some(place.at)
        }
    };
    let proximity = p.number::<f64>("proximity", "a distance in metres")?;
    if let Some(m) = proximity {
        if !(m > 0.0 && m <= MAX_PROXIMITY) {
            return Err(bad(
                "proximity",
                format!("`proximity` must be more than 0 and at most {MAX_PROXIMITY} metres"),
            ));
        }
        if from.is_none() {
            return Err(bad(
                "postcode",
                "`proximity` needs a `postcode` to measure from",
            ));
        }
    }
    let how = Representation::parse(&p, false)?;
    let service_ok: Option<Vec<bool>> = match api.select(&filter, SEARCH_LIMIT) {
        Selection::All => None,
        Selection::Some { ids, .. } => {
            let mut ok = vec![false; api.services.len()];
            for &i in ids.iter() {
                ok[i as usize] = true;
            }
            Some(ok)
        }
    };
    // Within a distance, only the band of latitudes around the postcode is looked at, then a
    // box around the circle rules most places out without trigonometry.
    let bounds = from
        .zip(proximity)
        .map(|(origin, m)| Bounds::around(origin, m));
    let candidates: Box<dyn Iterator<Item = (u32, &SalEntry)>> = match bounds {
        Some(b) => {
            let start = api.by_lat.partition_point(|(lat, _)| *lat < b.lat.0);
            let end = api.by_lat.partition_point(|(lat, _)| *lat <= b.lat.1);
            let mut band: Vec<u32> = api.by_lat[start..end].iter().map(|(_, i)| *i).collect();
            band.sort_unstable();
            Box::new(band.into_iter().map(|i| (i, &api.sals[i as usize])))
        }
        None => Box::new(api.sals.iter().enumerate().map(|(i, s)| (i as u32, s))),
    };
    let mut hits: Vec<(f64, u32)> = candidates
        .filter(|(_, sal)| service_ok.as_ref().is_none_or(|ok| ok[sal.service]))
        .filter(|(_, sal)| match (bounds, sal.at) {
            (Some(b), Some(at)) => b.contains(at),
            (Some(_), None) => false,
            (None, _) => true,
        })
        .filter_map(|(i, sal)| match from {
            None => Some((0.0, i)),
            Some(origin) => {
                let d = sal.at.map(|at| origin.distance_metres(at));
                match (d, proximity) {
                    (Some(d), Some(max)) if d <= max => Some((d, i)),
                    (Some(_), Some(_)) | (None, Some(_)) => None,
                    (Some(d), None) => Some((d, i)),
                    (None, None) => Some((f64::INFINITY, i)),
                }
            }
        })
        .collect();
    if from.is_some() {
        // Nearest first; places without coordinates (online) last; ties in directory order.
        hits.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
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
    ))
}

async fn service_at_location(
    State(api): State<Arc<Api>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id)?;
    let i = api
        .sal_by_id
        .get(&id.to_lowercase())
        .ok_or_else(|| ApiError::NotFound(format!("no service_at_location has the id {id:?}")))?;
    Ok(json_body(api.sal_full(&api.sals[*i])))
}

async fn taxonomies(State(api): State<Arc<Api>>, query: Q) -> Result<Response, ApiError> {
    let p = Params::from(query)?;
    let (page, per_page) = p.pagination()?;
    Ok(page_response(
        api.taxonomies.iter().map(|(_, json)| json.as_str()),
        page,
        per_page,
    ))
}

async fn taxonomy(
    State(api): State<Arc<Api>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id)?;
    let id = id.to_lowercase();
    api.taxonomies
        .iter()
        .find(|(tid, _)| *tid == id)
        .map(|(_, json)| json_body(json.clone()))
        .ok_or_else(|| ApiError::NotFound(format!("no taxonomy has the id {id:?}")))
}

async fn taxonomy_terms(State(api): State<Arc<Api>>, query: Q) -> Result<Response, ApiError> {
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

async fn taxonomy_term(
    State(api): State<Arc<Api>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id)?;
    let id = id.to_lowercase();
    api.terms
        .iter()
        .find(|(t, _)| t.id() == id)
        .map(|(_, json)| json_body(json.clone()))
        .ok_or_else(|| ApiError::NotFound(format!("no taxonomy term has the id {id:?}")))
}

/// The `{id}` of a path; one that cannot be read (not UTF-8) is an id nothing has.
fn path_id(id: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    id.map(|Path(id)| id)
        .map_err(|_| ApiError::NotFound("no such id".into()))
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such endpoint; see /openapi.json".into())
}

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

/// Listens on `addr` and answers until interrupted (Ctrl-C).
pub async fn serve(api: Arc<Api>, addr: SocketAddr) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let addr = listener.local_addr().unwrap_or(addr);
    eprintln!("Open Referral UK API on http://{addr}/ (Ctrl-C to stop)");
    axum::serve(listener, router(api))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_holds_every_point_within_the_distance() {
        for centre in [
            LatLon {
                lat: 51.37,
                lon: -0.1,
            },
            LatLon {
                lat: 55.9,
                lon: -3.2,
            },
            LatLon {
                lat: 50.1,
                lon: -5.5,
            },
        ] {
            let b = Bounds::around(centre, 2000.0);
            for step in 0..360 {
                let bearing = f64::from(step).to_radians();
                // A point 1,999 m away on this bearing (small-distance approximation, checked
                // with the real distance below).
                let dlat = 1999.0 * bearing.cos() / 111_195.0;
                let dlon = 1999.0 * bearing.sin() / (111_195.0 * centre.lat.to_radians().cos());
                let p = LatLon {
                    lat: centre.lat + dlat,
                    lon: centre.lon + dlon,
                };
                if centre.distance_metres(p) <= 2000.0 {
                    assert!(b.contains(p), "{centre:?} bearing {step}");
                }
            }
            let far = LatLon {
                lat: centre.lat + 0.05,
                lon: centre.lon,
            };
            assert!(!b.contains(far));
        }
    }

    #[test]
    fn days_are_names_or_icalendar_codes() {
        assert_eq!(parse_day("Tuesday"), Some(Weekday::Tuesday));
        assert_eq!(parse_day("TU"), Some(Weekday::Tuesday));
        assert_eq!(parse_day("su"), Some(Weekday::Sunday));
        assert_eq!(parse_day("funday"), None);
    }
}

#[cfg(test)]
mod word_tests {
    use super::*;

    #[test]
    fn search_words_match_the_start_of_words_in_any_order() {
        let index = WordIndex::new(
            [
                "Knit and Natter: knitting, crochet",
                "Debt advice drop-in",
                "Knitting for debt-free living",
            ]
            .into_iter(),
        );
        let q = |s: &str| index.matching(&[s.to_lowercase()]);
        assert_eq!(q("knit"), [0, 2]);
        assert_eq!(q("KNITTING"), [0, 2]);
        assert_eq!(q("debt knit"), [2]);
        assert_eq!(q("drop-in"), [1]);
        assert_eq!(q("nit"), Vec::<u32>::new(), "words, not substrings");
        assert_eq!(q("debt zebra"), Vec::<u32>::new());
    }
}
