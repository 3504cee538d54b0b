//! What the API holds in memory, built once per directory: every service serialised three
//! ways (full, list item, minimal) with the facts its filters read, every service at a location
//! with its coordinates (sorted by latitude for `proximity`), the taxonomies and terms, and the
//! search engine with a cache of recent searches. [`Api::select`] picks the services a filter
//! passes; answering HTTP is `handlers.rs`.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::{Time, Weekday};
use serde_json::{Value, json};

use super::params::{Items, ServiceFilter};
use super::router::Error;
use crate::directory::Directory;
use crate::hsds::{self, History, Taxonomy, Term};
use crate::locate::Gazetteer;
use crate::model::Listing;
use crate::place::LatLon;

/// A service and what the filters need to know about it.
pub(super) struct ServiceEntry {
    id: String,
    /// The fully nested service.
    pub(super) full: String,
    /// The one-to-one fields, for lists.
    list_item: String,
    /// `id` and `last_modified`, for `minimal=true`.
    minimal: String,
    pub(super) term_ids: Vec<String>,
    pub(super) taxonomy_ids: Vec<String>,
    pub(super) organization_id: String,
    pub(super) min_age: Option<u8>,
    pub(super) max_age: Option<u8>,
    pub(super) sessions: Vec<SessionFacts>,
    pub(super) modified: Timestamp,
}

/// When a session happens, for the `day`, `start_time` and `end_time` filters.
pub(super) struct SessionFacts {
    pub(super) days: Vec<Weekday>,
    pub(super) start: Option<Time>,
    pub(super) end: Option<Time>,
}

/// A service at a location.
pub(super) struct SalEntry {
    id: String,
    pub(super) service: usize,
    pub(super) at: Option<LatLon>,
    list_item: String,
    /// The service-at-location itself (without the service), for `/service_at_locations/{id}`.
    own: String,
}

/// Everything the API answers from: built once, shared by every request.
pub struct Api {
    pub(super) services: Vec<ServiceEntry>,
    pub(super) service_by_id: HashMap<String, usize>,
    pub(super) sals: Vec<SalEntry>,
    pub(super) sal_by_id: HashMap<String, usize>,
    pub(super) taxonomies: Vec<(String, String)>,
    pub(super) terms: Vec<(Term, String)>,
    pub(super) gazetteer: Gazetteer,
    /// The tantivy engine of `signpost search`, for `search`.
    engine: Search,
    /// Located service-at-locations by latitude: (latitude, index into `sals`).
    by_lat: Vec<(f64, u32)>,
    /// Where the API is published, without a trailing `/`: `GET /` names its OpenAPI
    /// description there (see [`Api::at`]). Never taken from a request.
    pub(super) public_url: String,
}

/// Where an API is published when nothing says: the loopback address of the default port.
pub const LOOPBACK_URL: &str = "http://127.0.0.1:8080";

impl Api {
    /// Builds every service of the directory and opens the search engine (see
    /// [`open_engine`]). Fails only when the search index cannot be built even in memory. The
    /// API names itself at `[open_data] api_url`, else at [`LOOPBACK_URL`].
    pub fn new(directory: &Directory, history: &History) -> Result<Arc<Api>, Error> {
        Api::at(directory, history, None)
    }

    /// [`Api::new`], published at `public_url` when it is given (`serve --api --public-url`),
    /// else at `[open_data] api_url`, else at [`LOOPBACK_URL`].
    pub fn at(
        directory: &Directory,
        history: &History,
        public_url: Option<&str>,
    ) -> Result<Arc<Api>, Error> {
        let public_url = public_url
            .or_else(|| {
                let open_data = directory.config.open_data.as_ref()?;
                open_data.api_url.as_deref()
            })
            .unwrap_or(LOOPBACK_URL)
            .trim_end_matches('/')
            .to_string();
        let terms = hsds::terms(&directory.vocab);
        let built: Vec<(ServiceEntry, Vec<SalParts>)> =
            hsds::build_services(directory, history, |listing, service| {
                entry(listing, &service, &terms, history)
            });
        let mut services = Vec::with_capacity(built.len());
        let mut sals = Vec::new();
        for (entry, entry_sals) in built {
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
        let service_by_listing: HashMap<String, u32> = directory
            .listings
            .iter()
            .filter_map(|l| {
                let i = service_by_id.get(&hsds::service_id(l))?;
                Some((l.id.clone(), *i as u32))
            })
            .collect();
        let engine = Search::new(open_engine(directory)?, &service_by_listing);
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
        Ok(Arc::new(Api {
            services,
            service_by_id,
            sals,
            sal_by_id,
            taxonomies,
            terms,
            gazetteer: directory.gazetteer.clone(),
            engine,
            by_lat,
            public_url,
        }))
    }

    /// How many services it answers with.
    pub fn len(&self) -> usize {
        self.services.len()
    }

    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }

    /// The crisis help for `filter`'s search, as the JSON array of the extension field
    /// `signpost_crisis_help`; `None` when the search describes no crisis.
    pub(super) fn crisis_help(&self, filter: &ServiceFilter) -> Option<String> {
        if filter.search.is_empty() {
            return None;
        }
        let help = self
            .engine
            .engine
            .help(&filter.search.join(" "), filter.lang.as_deref());
        if help.is_empty() {
            return None;
        }
        serde_json::to_string(&help).ok()
    }

    /// The services that pass `filter`, in order: directory order, or the most relevant first
    /// when searching. A search with no other filter ranks only the first `want` (the page
    /// shown and those before it) and counts the rest.
    pub(super) fn select(&self, filter: &ServiceFilter, want: usize) -> Selection {
        if filter.is_empty() {
            return Selection::All;
        }
        let (candidates, total) = if filter.search.is_empty() {
            let all: Arc<[u32]> = (0..self.services.len() as u32).collect();
            let n = all.len();
            (all, n)
        } else {
            let want = if filter.only_search() {
                want.min(SEARCH_LIMIT)
            } else {
                SEARCH_LIMIT
            };
            self.engine
                .ranked(&filter.search.join(" "), filter.lang.as_deref(), want)
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

    /// The service-at-locations of the `selection`'s services, as (distance in metres, index):
    /// all of them in directory order, or with a place to measure `from`, nearest first
    /// (those without coordinates, online, last, unless `proximity` rules them out) and
    /// within `proximity` metres when it is given.
    pub(super) fn located(
        &self,
        selection: Selection,
        from: Option<LatLon>,
        proximity: Option<f64>,
    ) -> Vec<(f64, u32)> {
        let service_ok: Option<Vec<bool>> = match selection {
            Selection::All => None,
            Selection::Some { ids, .. } => {
                let mut ok = vec![false; self.services.len()];
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
                let start = self.by_lat.partition_point(|(lat, _)| *lat < b.lat.0);
                let end = self.by_lat.partition_point(|(lat, _)| *lat <= b.lat.1);
                let mut band: Vec<u32> = self.by_lat[start..end].iter().map(|(_, i)| *i).collect();
                band.sort_unstable();
                Box::new(band.into_iter().map(|i| (i, &self.sals[i as usize])))
            }
            None => Box::new(self.sals.iter().enumerate().map(|(i, s)| (i as u32, s))),
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
        hits
    }
}

/// The services a request selects (see [`Api::select`]).
pub(super) enum Selection {
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
    fn ranked(&self, query: &str, lang: Option<&str>, want: usize) -> (Arc<[u32]>, usize) {
        // What the engine reads of the query, as its analysis splits and folds it, and in
        // which language.
        let key = format!(
            "{}|{}",
            lang.unwrap_or(""),
            crate::analysis::words(&crate::search::engine::bounded(query)).join(" ")
        );
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
        let matches = self
            .engine
            .rank(query, None, lang, Some(&self.has_service), want);
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
/// (an opening may update the index on disk, which tantivy allows to one writer). When the
/// cache cannot hold it (a read-only folder, an index locked by another process), the index
/// is built in memory for this `Api` instead: `search` answers the same, only the start is
/// slower, and the cache is tried again when listings change.
fn open_engine(directory: &Directory) -> Result<crate::search::Engine, Error> {
    static OPENING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = OPENING.lock().unwrap_or_else(|e| e.into_inner());
    crate::search::Engine::open(directory).or_else(|e| {
        eprintln!("warning: the search index cannot be opened ({e}): building it in memory");
        crate::search::Engine::in_memory(directory).map_err(Error::Search)
    })
}

type SalParts = (String, Option<LatLon>, String, String);

/// What the API keeps of a service and its service-at-locations.
fn entry(
    listing: &Listing,
    service: &Value,
    terms: &[Term],
    history: &History,
) -> (ServiceEntry, Vec<SalParts>) {
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
            days: s.repeat.weekdays(),
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
    (entry, sals)
}

impl Api {
    /// Service `i` as `items` asks.
    pub(super) fn service_item(&self, i: u32, items: Items) -> &str {
        let s = &self.services[i as usize];
        match items {
            Items::List => &s.list_item,
            Items::Full => &s.full,
            Items::Minimal => &s.minimal,
        }
    }

    /// Service-at-location `i` as `items` asks (there is no minimal one: the list item).
    pub(super) fn sal_item(&self, i: u32, items: Items) -> std::borrow::Cow<'_, str> {
        let sal = &self.sals[i as usize];
        match items {
            Items::Full => self.sal_full(sal).into(),
            Items::List | Items::Minimal => sal.list_item.as_str().into(),
        }
    }

    /// A service-at-location fully nested with its service, as `/service_at_locations/{id}`.
    pub(super) fn sal_full(&self, sal: &SalEntry) -> String {
        let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
        hsds::service_at_location_full(&parse(&self.services[sal.service].full), &parse(&sal.own))
            .to_string()
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
}
