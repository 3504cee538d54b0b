//! The Open Referral UK API, in process (no socket): every endpoint and parameter on the bundled
//! Croydon directory, responses validated against the ORUK 3.0 schemas (and HSDS 3.1 where it
//! has the same schema), pagination on the first, a middle and the last page, and bad
//! parameters answered with a 400 naming the parameter, never a 500.

use std::sync::OnceLock;

use crate::common::{TODAY, repo};
use crate::opendata::*;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use jsonschema::Validator;
use serde_json::Value;
use signpost::directory::{self, Directory, Options};
use signpost::place::{LatLon, Postcode};
use tower::ServiceExt;

struct Fixture {
    directory: Directory,
    router: Router,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let outcome = directory::load(
            &repo(),
            &Options {
                paths: Vec::new(),
                today: Some(TODAY.parse().unwrap()),
            },
        )
        .expect("load the bundled directory");
        let api = signpost::api::Api::new(&outcome.directory, &Default::default())
            .expect("build the API");
        Fixture {
            router: signpost::api::router(api),
            directory: outcome.directory,
        }
    })
}

/// The validators, compiled once.
struct Schemas {
    oruk_service: Validator,
    hsds_service: Validator,
    oruk_sal: Validator,
    oruk_services_page: Validator,
    hsds_services_page: Validator,
    oruk_sals_page: Validator,
    hsds_sals_page: Validator,
    oruk_taxonomy: Validator,
    oruk_term: Validator,
    oruk_taxonomies_page: Validator,
    oruk_terms_page: Validator,
    hsds_terms_page: Validator,
    root: Validator,
}

fn schemas() -> &'static Schemas {
    static S: OnceLock<Schemas> = OnceLock::new();
    S.get_or_init(|| {
        let oruk = "oruk-3.0/schema/openapi.json";
        let hsds = "hsds-3.1/schema/openapi.json";
        let page =
            |openapi: &str, item: &str| compile_at(&page_schema(openapi, schema(item)), item);
        let root = schema(oruk)["paths"]["/"]["get"]["responses"]["200"]["content"]
            ["application/json"]["schema"]
            .clone();
        Schemas {
            oruk_service: compile("oruk-3.0/schema/compiled/service.json"),
            hsds_service: compile("hsds-3.1/schema/compiled/service.json"),
            oruk_sal: compile("oruk-3.0/schema/compiled/service_at_location.json"),
            oruk_services_page: page(oruk, "oruk-3.0/schema/compiled/service_list.json"),
            hsds_services_page: page(hsds, "hsds-3.1/schema/compiled/service_list.json"),
            oruk_sals_page: page(
                oruk,
                "oruk-3.0/schema/compiled/service_at_location_list.json",
            ),
            hsds_sals_page: page(
                hsds,
                "hsds-3.1/schema/compiled/service_at_location_list.json",
            ),
            oruk_taxonomy: compile("oruk-3.0/schema/taxonomy.json"),
            oruk_term: compile("oruk-3.0/schema/taxonomy_term.json"),
            oruk_taxonomies_page: page(oruk, "oruk-3.0/schema/taxonomy.json"),
            oruk_terms_page: page(oruk, "oruk-3.0/schema/taxonomy_term.json"),
            hsds_terms_page: page(hsds, "hsds-3.1/schema/taxonomy_term.json"),
            root: compile_at(&root, oruk),
        }
    })
}

/// GETs `uri`; returns the status and the JSON body. Every response must be JSON, allow any
/// origin and hold no null.
async fn get(uri: &str) -> (StatusCode, Value) {
    let response = fixture()
        .router
        .clone()
        .oneshot(
            Request::get(uri)
                .header("host", "127.0.0.1:8080")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "*",
        "{uri}: CORS header"
    );
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "{uri}"
    );
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
    if uri != "/openapi.json" {
        let mut bad = Vec::new();
        nulls(&body, "", &mut bad);
        assert!(bad.is_empty(), "{uri}: nulls at {bad:?}");
    }
    (status, body)
}

async fn ok(uri: &str) -> Value {
    let (status, body) = get(uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    body
}

/// GETs `uri`; returns the status, the content type and the body, whatever they are.
async fn get_raw(uri: &str) -> (StatusCode, String, Vec<u8>) {
    let response = fixture()
        .router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, content_type, bytes.to_vec())
}

/// The lines of an `ndjson` answer, each parsed.
async fn ndjson(uri: &str) -> Vec<Value> {
    let (status, content_type, body) = get_raw(uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}");
    assert_eq!(content_type, "application/x-ndjson", "{uri}");
    let text = String::from_utf8(body).unwrap();
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "{uri}: every line ends"
    );
    text.lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{uri}: a line is not JSON ({e}): {line}"))
        })
        .collect()
}

/// A 400 that names `parameter`.
async fn bad_request(uri: &str, parameter: &str) {
    let (status, body) = get(uri).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
    assert_eq!(body["parameter"], parameter, "{uri}: {body}");
    assert!(
        body["message"].as_str().unwrap().contains(parameter),
        "{uri}: the message names the parameter: {body}"
    );
}

fn ids(page: &Value) -> Vec<String> {
    page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

fn published_count() -> usize {
    let d = &fixture().directory;
    d.published().count()
}

#[tokio::test]
async fn the_root_says_version_profile_and_where_the_openapi_is() {
    let body = ok("/").await;
    assert_valid(&schemas().root, &body, "/");
    assert_eq!(body["version"], "3.0");
    assert_eq!(body["openapi_url"], "http://127.0.0.1:8080/openapi.json");
    let openapi = ok("/openapi.json").await;
    assert!(openapi["paths"]["/services"].is_object());
    // The representations are documented, with the HSDS 3.1 names.
    for (path, names) in [
        ("/services", &["format", "full", "minimal"][..]),
        ("/service_at_locations", &["format", "full"][..]),
    ] {
        let op = &openapi["paths"][path]["get"];
        let params: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["$ref"].as_str())
            .collect();
        for name in names {
            let reference = format!("#/components/parameters/{name}");
            assert!(params.contains(&reference.as_str()), "{path}: {name}");
            assert!(openapi["components"]["parameters"][name].is_object());
        }
        assert!(op["responses"]["200"]["content"]["application/x-ndjson"].is_object());
    }
}

#[tokio::test]
async fn services_are_listed_in_pages_that_validate() {
    let s = schemas();
    let n = published_count();
    let first = ok("/services").await;
    assert_valid(&s.oruk_services_page, &first, "/services (ORUK)");
    assert_valid(&s.hsds_services_page, &first, "/services (HSDS 3.1)");
    assert_eq!(first["total_items"], n);
    assert_eq!(first["size"], 50.min(n));

    // First, middle and last pages of 20, as the ORUK validator walks them.
    let per = 20;
    let pages = n.div_ceil(per);
    assert!(pages >= 3, "need at least three pages, have {pages}");
    let mut seen = Vec::new();
    for page in 1..=pages {
        let body = ok(&format!("/services?page={page}&per_page={per}")).await;
        assert_valid(&s.oruk_services_page, &body, &format!("page {page}"));
        assert_eq!(body["page_number"], page);
        assert_eq!(body["total_pages"], pages);
        assert_eq!(body["first_page"], page == 1);
        assert_eq!(body["last_page"], page == pages);
        assert_eq!(body["empty"], false);
        let expected = if page == pages {
            n - per * (pages - 1)
        } else {
            per
        };
        assert_eq!(body["size"], expected, "page {page}");
        seen.extend(ids(&body));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (n, n), "every service once");

    // Past the end: an empty page, still a valid envelope.
    let past = ok(&format!("/services?page={}&per_page={per}", pages + 1)).await;
    assert_valid(&s.oruk_services_page, &past, "past the end");
    assert_eq!(past["empty"], true);
    assert_eq!(past["size"], 0);
    assert_eq!(past["last_page"], true);
}

#[tokio::test]
async fn each_service_is_fully_nested_and_unknown_ids_are_404() {
    let s = schemas();
    let list = ok("/services?per_page=1000").await;
    for id in ids(&list) {
        let service = ok(&format!("/services/{id}")).await;
        assert_valid(&s.oruk_service, &service, &format!("/services/{id} (ORUK)"));
        assert_valid(
            &s.hsds_service,
            &service,
            &format!("/services/{id} (HSDS 3.1)"),
        );
        assert_eq!(service["id"], id.as_str());
    }
    for uri in [
        "/services/6f1c7c3e-0000-5000-8000-000000000000",
        "/services/not-a-uuid",
        "/service_at_locations/6f1c7c3e-0000-5000-8000-000000000000",
        "/taxonomies/nope",
        "/taxonomy_terms/nope",
        "/organizations",
        "/no/such/thing",
    ] {
        let (status, body) = get(uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(body["error"], "not_found");
    }
}

/// Every service the filter returns, fully nested.
async fn hits(query: &str) -> Vec<Value> {
    let page = ok(&format!("/services?per_page=1000&{query}")).await;
    assert_valid(&schemas().oruk_services_page, &page, query);
    let mut out = Vec::new();
    for id in ids(&page) {
        out.push(ok(&format!("/services/{id}")).await);
    }
    out
}

fn has_term(service: &Value, code: &str) -> bool {
    service["attributes"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|a| a["taxonomy_term"]["code"] == code)
}

#[tokio::test]
async fn services_filter_by_every_oruk_parameter() {
    let all = published_count();
    let terms = ok("/taxonomy_terms?per_page=1000").await;
    let term = |code: &str| {
        terms["contents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == code)
            .unwrap()
            .clone()
    };

    let bereavement = term("bereavement");
    let found = hits(&format!(
        "taxonomy_term_id={}",
        bereavement["id"].as_str().unwrap()
    ))
    .await;
    assert!(!found.is_empty());
    assert!(found.iter().all(|s| has_term(s, "bereavement")));

    let audiences = term("carers")["taxonomy_id"].as_str().unwrap().to_string();
    let found = hits(&format!("taxonomy_id={audiences}")).await;
    assert!(!found.is_empty() && found.len() < all);
    assert!(found.iter().all(|s| {
        s["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["link_type"] == "audience")
    }));

    let found = hits("minimum_age=18").await;
    assert!(!found.is_empty() && found.len() < all);
    assert!(
        found
            .iter()
            .all(|s| s["minimum_age"].as_f64().unwrap() >= 18.0)
    );
    let found = hits("maximum_age=18").await;
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|s| s["maximum_age"].as_f64().unwrap() <= 18.0)
    );

    // Weekly or monthly on that day, or a one-off date that falls on it.
    let day_has = |s: &Value, code: &str| {
        s["schedules"].as_array().into_iter().flatten().any(|x| {
            x["byday"].as_str().is_some_and(|d| d.contains(code))
                || x["dtstart"].as_str().is_some_and(|d| {
                    let day = d.parse::<jiff::civil::Date>().unwrap().weekday();
                    format!("{day:?}").to_uppercase().starts_with(code)
                })
        })
    };
    let tuesday = hits("day=tuesday").await;
    assert!(!tuesday.is_empty() && tuesday.len() < all);
    assert!(
        tuesday.iter().all(|s| day_has(s, "TU")),
        "weekly or monthly on a Tuesday"
    );
    assert_eq!(ids_of(&hits("day=TU").await), ids_of(&tuesday));

    let evenings = hits("start_time=17:00").await;
    assert!(!evenings.is_empty());
    assert!(evenings.iter().all(|s| {
        s["schedules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["opens_at"].as_str().is_some_and(|t| t >= "17:00"))
    }));
    let mornings = hits("end_time=12:00&day=monday").await;
    assert!(!mornings.is_empty());
    assert!(mornings.iter().all(|s| {
        s["schedules"].as_array().unwrap().iter().any(|x| {
            x["closes_at"].as_str().is_some_and(|t| t <= "12:00")
                && x["byday"].as_str().is_some_and(|d| d.contains("MO"))
        })
    }));

    let recent = hits("modified_after=2026-10-01T00:00:00Z").await;
    assert!(!recent.is_empty() && recent.len() < all);
    assert!(
        recent
            .iter()
            .all(|s| s["last_modified"].as_str().unwrap() >= "2026-10-01")
    );
    assert_eq!(
        ids_of(&hits("modified_after=2026-10-01").await),
        ids_of(&recent)
    );

    // Search: words in the text, or in the labels and synonyms of the needs.
    let knit = hits("search=KNIT").await;
    assert!(!knit.is_empty());
    assert!(knit.iter().all(|s| {
        s["description"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("knit")
            || s["name"].as_str().unwrap().to_lowercase().contains("knit")
            || has_term(s, "knitting-and-sewing")
    }));
    let lonely = hits("search=lonely").await;
    assert!(
        lonely
            .iter()
            .any(|s| has_term(s, "loneliness-and-isolation"))
    );
    assert!(hits("search=qqqqqq+zzxqj").await.is_empty());
    // The tantivy engine answers: one typo and the needs' synonyms, most relevant first.
    let bereaved = hits("search=bereavment").await;
    assert!(has_term(&bereaved[0], "bereavement"), "{:#}", bereaved[0]);
    let skint = hits("search=skint").await;
    assert!(
        skint.iter().take(3).all(|s| has_term(s, "money-and-debt")),
        "{skint:#?}"
    );

    let org = knit[0]["organization_id"].as_str().unwrap().to_string();
    let found = hits(&format!("organization_id={org}")).await;
    assert!(found.iter().all(|s| s["organization_id"] == org.as_str()));

    // Filters combine.
    let both = hits("day=tuesday&minimum_age=18").await;
    assert!(both.len() <= tuesday.len());
}

fn ids_of(services: &[Value]) -> Vec<String> {
    services
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn service_at_locations_are_found_near_a_postcode() {
    let s = schemas();
    let page = ok("/service_at_locations?per_page=1000").await;
    assert_valid(&s.oruk_sals_page, &page, "/service_at_locations (ORUK)");
    assert_valid(&s.hsds_sals_page, &page, "/service_at_locations (HSDS 3.1)");
    let total = page["total_items"].as_u64().unwrap() as usize;
    assert!(total > published_count() / 2);

    let origin = fixture()
        .directory
        .gazetteer
        .lookup(&"CR0 1NX".parse::<Postcode>().unwrap())
        .unwrap()
        .at;
    let near = ok("/service_at_locations?postcode=cr01nx&proximity=2000&per_page=1000").await;
    assert_valid(&s.oruk_sals_page, &near, "near");
    let distances: Vec<f64> = near["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let l = &c["location"];
            origin.distance_metres(LatLon {
                lat: l["latitude"].as_f64().unwrap(),
                lon: l["longitude"].as_f64().unwrap(),
            })
        })
        .collect();
    assert!(!distances.is_empty() && distances.len() < total);
    assert!(distances.iter().all(|d| *d <= 2000.5), "{distances:?}");
    assert!(
        distances.windows(2).all(|w| w[0] <= w[1] + 1e-6),
        "nearest first"
    );

    // Without proximity: everything, nearest first, online places last.
    let sorted = ok("/service_at_locations?postcode=CR0%201NX&per_page=1000").await;
    assert_eq!(sorted["total_items"], total);
    // No place within the distance is missed.
    let within = sorted["contents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            let l = &c["location"];
            l["latitude"].as_f64().is_some_and(|lat| {
                origin.distance_metres(LatLon {
                    lat,
                    lon: l["longitude"].as_f64().unwrap(),
                }) <= 2000.0
            })
        })
        .count();
    assert_eq!(within, distances.len());
    let last = sorted["contents"].as_array().unwrap().last().unwrap();
    assert_eq!(last["location"]["location_type"], "virtual");

    // The same filters as /services apply.
    let tuesday = ok("/service_at_locations?day=tuesday&per_page=1000").await;
    assert!(tuesday["total_items"].as_u64().unwrap() < total as u64);

    // Pages: first, middle, last.
    let per = 25;
    let pages = total.div_ceil(per);
    for page in [1, pages / 2 + 1, pages] {
        let body = ok(&format!("/service_at_locations?page={page}&per_page={per}")).await;
        assert_valid(&s.oruk_sals_page, &body, &format!("page {page}"));
        assert_eq!(body["first_page"], page == 1);
        assert_eq!(body["last_page"], page == pages);
    }

    // Each one, fully nested with its service.
    for id in ids(&page).iter().step_by(7) {
        let sal = ok(&format!("/service_at_locations/{id}")).await;
        assert_valid(&s.oruk_sal, &sal, &format!("/service_at_locations/{id}"));
        assert_eq!(sal["id"], id.as_str());
        assert_eq!(sal["service"]["id"], sal["service_id"]);
        assert!(sal["location"]["location_type"].is_string());
    }
}

#[tokio::test]
async fn services_come_fully_nested_minimal_or_as_ndjson() {
    let s = schemas();
    let n = published_count();
    let list = ok("/services?per_page=1000").await;

    // full=true: the page envelope around fully nested services, as /services/{id}.
    let full = ok("/services?full=true&per_page=7&page=2").await;
    assert_eq!(full["total_items"], n);
    assert_eq!(full["size"], 7);
    assert_eq!(ids(&full), ids(&list)[7..14]);
    for item in full["contents"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        assert_valid(&s.oruk_service, item, &format!("full {id} (ORUK)"));
        assert_valid(&s.hsds_service, item, &format!("full {id} (HSDS 3.1)"));
        assert_eq!(*item, ok(&format!("/services/{id}")).await);
    }
    let mut envelope = full.clone();
    envelope["contents"] = Value::Array(Vec::new());
    assert_valid(
        &s.oruk_services_page,
        &envelope,
        "the envelope of a full page",
    );

    // minimal=true: the id and the date of the last change.
    let minimal = ok("/services?minimal=true&per_page=1000").await;
    assert_eq!(minimal["total_items"], n);
    assert_eq!(ids(&minimal), ids(&list));
    for (item, listed) in minimal["contents"]
        .as_array()
        .unwrap()
        .iter()
        .zip(list["contents"].as_array().unwrap())
    {
        let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "last_modified"], "{item}");
        assert_eq!(item["last_modified"], listed["last_modified"]);
    }

    // format=ndjson: one fully nested service per line, every one, no envelope.
    let lines = ndjson("/services?format=ndjson").await;
    assert_eq!(lines.len(), n, "every published service, without pages");
    let line_ids: Vec<String> = lines
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(line_ids, ids(&list));
    for line in &lines {
        assert_valid(&s.oruk_service, line, "an ndjson line (ORUK)");
    }
    // Pages do not apply; filters and search do, in the same order as the pages.
    assert_eq!(
        ndjson("/services?format=ndjson&per_page=5&page=3")
            .await
            .len(),
        n
    );
    for query in ["search=knit", "day=tuesday", "search=lonely&minimum_age=18"] {
        let page = ok(&format!("/services?per_page=1000&{query}")).await;
        let lines = ndjson(&format!("/services?format=ndjson&{query}")).await;
        assert_eq!(
            lines.len(),
            page["total_items"].as_u64().unwrap() as usize,
            "{query}"
        );
        let line_ids: Vec<String> = lines
            .iter()
            .map(|l| l["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(line_ids, ids(&page), "{query}");
    }
    let minimal_lines = ndjson("/services?format=ndjson&minimal=true").await;
    assert_eq!(minimal_lines.len(), n);
    assert_eq!(minimal_lines[0].as_object().unwrap().len(), 2);
    assert!(
        ndjson("/services?format=ndjson&search=qqqqqq")
            .await
            .is_empty()
    );
    // format=json is the default.
    assert_eq!(ok("/services?format=json").await, ok("/services").await);
}

#[tokio::test]
async fn service_at_locations_come_fully_nested_or_as_ndjson() {
    let s = schemas();
    let near = "postcode=CR0%201NX&proximity=3000";
    let list = ok(&format!("/service_at_locations?per_page=1000&{near}")).await;
    let total = list["total_items"].as_u64().unwrap() as usize;
    assert!(total > 3);

    let full = ok(&format!(
        "/service_at_locations?full=true&per_page=3&{near}"
    ))
    .await;
    assert_eq!(full["total_items"], total);
    assert_eq!(ids(&full), ids(&list)[..3]);
    for item in full["contents"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        assert_valid(&s.oruk_sal, item, &format!("full {id}"));
        assert_eq!(*item, ok(&format!("/service_at_locations/{id}")).await);
    }

    let lines = ndjson(&format!("/service_at_locations?format=ndjson&{near}")).await;
    assert_eq!(lines.len(), total);
    let line_ids: Vec<String> = lines
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(line_ids, ids(&list), "nearest first, as the pages");
    for line in &lines {
        assert_valid(&s.oruk_sal, line, "an ndjson line");
        assert_eq!(line["service"]["id"], line["service_id"]);
    }
    let all = ok("/service_at_locations").await["total_items"].clone();
    assert_eq!(
        ndjson("/service_at_locations?format=ndjson").await.len(),
        all.as_u64().unwrap() as usize
    );
}

#[tokio::test]
async fn a_search_pages_through_the_same_ranking_at_any_page_size() {
    for query in ["knit", "lonely", "free+toddler+group", "bereavment"] {
        let all = ok(&format!("/services?per_page=1000&search={query}")).await;
        let ranked = ids(&all);
        let total = all["total_items"].as_u64().unwrap() as usize;
        assert_eq!(total, ranked.len(), "{query}");
        assert!(total >= 2, "{query}");
        let mut paged = Vec::new();
        for page in 1..=total.div_ceil(2) {
            let body = ok(&format!("/services?per_page=2&page={page}&search={query}")).await;
            assert_eq!(body["total_items"], total, "{query} page {page}");
            assert_eq!(body["total_pages"], total.div_ceil(2), "{query}");
            paged.extend(ids(&body));
        }
        assert_eq!(paged, ranked, "{query}");
        // Asked again (from the cache), the same.
        assert_eq!(
            ok(&format!("/services?per_page=1000&search={query}")).await,
            all
        );
        // The query is normalised: case and spacing do not matter.
        let shouted = query.to_uppercase().replace('+', "++");
        assert_eq!(
            ids(&ok(&format!("/services?per_page=1000&search={shouted}")).await),
            ranked
        );
    }
}

#[tokio::test]
async fn taxonomies_and_terms() {
    let s = schemas();
    let taxonomies = ok("/taxonomies").await;
    assert_valid(&s.oruk_taxonomies_page, &taxonomies, "/taxonomies");
    assert_eq!(taxonomies["total_items"], 3);
    for id in ids(&taxonomies) {
        let t = ok(&format!("/taxonomies/{id}")).await;
        assert_valid(&s.oruk_taxonomy, &t, "/taxonomies/{id}");
    }
    let needs = ids(&taxonomies)[0].clone();

    let all = ok("/taxonomy_terms?per_page=1000").await;
    assert_valid(&s.oruk_terms_page, &all, "/taxonomy_terms (ORUK)");
    assert_valid(&s.hsds_terms_page, &all, "/taxonomy_terms (HSDS 3.1)");
    let of_needs = ok(&format!(
        "/taxonomy_terms?per_page=1000&taxonomy_id={needs}"
    ))
    .await;
    let n = of_needs["total_items"].as_u64().unwrap();
    assert!(n >= 30 && n < all["total_items"].as_u64().unwrap());
    assert!(
        of_needs["contents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["taxonomy_id"] == needs.as_str())
    );
    // The taxonomies are flat: every term is a top term, none has children.
    let top = ok("/taxonomy_terms?per_page=1000&top_only=true").await;
    assert_eq!(top["total_items"], all["total_items"]);
    let children = ok(&format!("/taxonomy_terms?parent_id={}", ids(&all)[0])).await;
    assert_eq!(children["empty"], true);
    let paged = ok("/taxonomy_terms?page=2&per_page=10").await;
    assert_valid(&s.oruk_terms_page, &paged, "terms page 2");
    assert_eq!(paged["size"], 10);
    for id in ids(&all).iter().take(5) {
        let t = ok(&format!("/taxonomy_terms/{id}")).await;
        assert_valid(&s.oruk_term, &t, "/taxonomy_terms/{id}");
    }
}

#[tokio::test]
async fn bad_parameters_are_400s_that_name_the_parameter() {
    for (uri, parameter) in [
        ("/services?page=abc", "page"),
        ("/services?page=0", "page"),
        ("/services?page=-1", "page"),
        ("/services?per_page=0", "per_page"),
        ("/services?per_page=100000", "per_page"),
        ("/services?per_page=ten", "per_page"),
        ("/services?minimum_age=old", "minimum_age"),
        ("/services?maximum_age=-5", "maximum_age"),
        ("/services?day=funday", "day"),
        ("/services?start_time=25:00", "start_time"),
        ("/services?end_time=noon", "end_time"),
        ("/services?modified_after=yesterday", "modified_after"),
        ("/service_at_locations?postcode=hello", "postcode"),
        ("/service_at_locations?postcode=ZZ99%209ZZ", "postcode"),
        (
            "/service_at_locations?postcode=CR0%201NX&proximity=far",
            "proximity",
        ),
        (
            "/service_at_locations?postcode=CR0%201NX&proximity=0",
            "proximity",
        ),
        (
            "/service_at_locations?postcode=CR0%201NX&proximity=-10",
            "proximity",
        ),
        (
            "/service_at_locations?postcode=CR0%201NX&proximity=1e9",
            "proximity",
        ),
        (
            "/service_at_locations?postcode=CR0%201NX&proximity=NaN",
            "proximity",
        ),
        ("/service_at_locations?proximity=2000", "postcode"),
        ("/service_at_locations?page=x", "page"),
        ("/taxonomies?per_page=x", "per_page"),
        ("/taxonomy_terms?top_only=maybe", "top_only"),
        ("/taxonomy_terms?page=1.5", "page"),
        ("/services?format=xml", "format"),
        ("/services?format=NDJSON", "format"),
        ("/services?full=yes", "full"),
        ("/services?minimal=please", "minimal"),
        ("/services?full=true&minimal=true", "minimal"),
        ("/service_at_locations?format=csv", "format"),
        ("/service_at_locations?full=2", "full"),
    ] {
        bad_request(uri, parameter).await;
    }
}

#[tokio::test]
async fn odd_input_never_causes_a_server_error() {
    let long = "x".repeat(10_000);
    for uri in [
        "/services?search=%ZZ".to_string(),
        "/services?search=%00%ff".to_string(),
        "/services?page=1&page=abc".to_string(),
        "/services?=&&&=x".to_string(),
        format!("/services?search={long}"),
        "/services?page=99999999999999999999999".to_string(),
        "/services?page=18446744073709551615&per_page=1000".to_string(),
        "/services?taxonomy_term_id=%F0%9F%98%80".to_string(),
        "/services/%F0%9F%98%80".to_string(),
        "/services/%FF%FE".to_string(),
        "/service_at_locations/%FF".to_string(),
        "/taxonomy_terms/%C0".to_string(),
        "/service_at_locations?postcode=%20&proximity=".to_string(),
        "/service_at_locations?postcode=CR0%201NX&proximity=inf".to_string(),
        "/taxonomy_terms?parent_id=&taxonomy_id=".to_string(),
    ] {
        let (status, _) = get(&uri).await;
        assert!(!status.is_server_error(), "{uri}: {status}");
    }
}

#[test]
fn signpost_serve_api_answers_on_a_loopback_port() {
    use std::io::{BufRead, BufReader, Read, Write};
    // Port 0: the system picks a free port, which the server prints.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_signpost"))
        .arg("--root")
        .arg(repo())
        .args(["serve", "--api", "--port", "0"])
        .env("SIGNPOST_TODAY", TODAY)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start signpost serve --api");
    // `serve` prints its address on standard output.
    let mut stderr = BufReader::new(child.stdout.take().unwrap());
    let mut url = None;
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap_or(0) > 0 {
        if let Some(rest) = line.split("http://").nth(1) {
            url = rest.split('/').next().map(String::from);
            break;
        }
        line.clear();
    }
    let result = std::panic::catch_unwind(|| {
        let addr = url.expect("the server prints its address");
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET /services?per_page=1 HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        assert!(
            response.contains("access-control-allow-origin: *"),
            "{response}"
        );
        assert!(response.contains("\"total_items\":"), "{response}");
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// The `/services?search=…` ids of `router`, in order.
async fn search_ids(router: &Router, query: &str) -> Vec<String> {
    let uri = format!("/services?per_page=1000&search={query}");
    let response = router
        .clone()
        .oneshot(Request::get(&uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    ids(&serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn search_answers_the_same_when_the_cache_cannot_hold_the_index() {
    // The cache "folder" is a file: the on-disk index cannot be made, so the API builds the
    // index in memory, and every search ranks as the one on disk does (typos, synonyms).
    let tmp = tempfile::tempdir().unwrap();
    let not_a_folder = tmp.path().join("cache");
    std::fs::write(&not_a_folder, "").unwrap();
    let mut directory = directory::load(
        &repo(),
        &Options {
            paths: Vec::new(),
            today: Some(TODAY.parse().unwrap()),
        },
    )
    .expect("load the bundled directory")
    .directory;
    directory.config.cache = not_a_folder;
    assert!(signpost::search::Engine::open(&directory).is_err());
    let api = signpost::api::Api::new(&directory, &Default::default()).expect("build the API");
    let in_memory = signpost::api::router(api);
    for query in ["bereavment", "skint", "knit", "bengali%20women", "qqqqqq"] {
        assert_eq!(
            search_ids(&in_memory, query).await,
            search_ids(&fixture().router, query).await,
            "{query}"
        );
    }
    let bereaved = search_ids(&in_memory, "bereavment").await;
    let cafe = directory
        .listings
        .iter()
        .find(|l| l.id == "heath-bereavement-cafe")
        .unwrap();
    assert_eq!(bereaved[0], signpost::hsds::service_id(cafe));
}
