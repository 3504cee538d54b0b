//! Search quality: recall@3 of both engines over the labelled queries in
//! `tests/search/queries.yaml`, searched from the borough-wide Croydon site. Prints the
//! figures and every miss; fails below 90%.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use crate::common::{self, croydon, repo};
use serde::Deserialize;
use serde_json::json;
use signpost::search::{Engine, engine, static_index};
use signpost::select;

const TARGET: f64 = 0.9;

#[derive(Deserialize)]
struct Labelled {
    q: String,
    top3: Vec<String>,
}

fn queries() -> Vec<Labelled> {
    let text = std::fs::read_to_string(repo().join("tests/search/queries.yaml")).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

/// (recall, misses) of `results` (top ids per query) against the labels.
fn recall(labels: &[Labelled], results: &[Vec<String>]) -> (f64, Vec<String>) {
    let (mut found, mut total) = (0, 0);
    let mut misses = Vec::new();
    for (l, got) in labels.iter().zip(results) {
        for want in &l.top3 {
            total += 1;
            if got.iter().take(3).any(|g| g == want) {
                found += 1;
            } else {
                misses.push(format!("{:?}: missing {want}, got {got:?}", l.q));
            }
        }
    }
    (f64::from(found) / f64::from(total), misses)
}

fn report(engine: &str, labels: &[Labelled], results: &[Vec<String>]) -> f64 {
    let (r, misses) = recall(labels, results);
    eprintln!(
        "recall@3 {engine}: {:.1}% over {} queries",
        r * 100.0,
        labels.len()
    );
    for m in &misses {
        eprintln!("  miss: {m}");
    }
    r
}

#[test]
fn the_labelled_queries_cover_enough_and_name_published_listings() {
    let labels = queries();
    assert!(labels.len() >= 40, "only {} queries", labels.len());
    let dir = croydon();
    let published: HashSet<&str> = dir.published().map(|l| l.id.as_str()).collect();
    for l in &labels {
        for id in &l.top3 {
            assert!(
                published.contains(id.as_str()),
                "{:?}: {id} is not published",
                l.q
            );
        }
    }
}

#[test]
fn recall_at_3_of_the_tantivy_engine() {
    let labels = queries();
    let dir = croydon();
    let site = dir.sites.iter().find(|s| s.id == "croydon").unwrap();
    let only = engine::site_ids(&dir, site);
    let tmp = tempfile::tempdir().unwrap();
    let engine = Engine::open_in(&dir, tmp.path()).unwrap();
    let results: Vec<Vec<String>> = labels
        .iter()
        .map(|l| {
            engine
                .search_near(&l.q, Some(site.at), Some(&only), 3)
                .into_iter()
                .map(|h| h.id)
                .collect()
        })
        .collect();
    let r = report("tantivy", &labels, &results);
    assert!(r >= TARGET, "recall@3 {r:.3} is below {TARGET}");
}

/// Runs search.js in Node over the queries against an index written in `out`.
fn static_results(out: &Path, labels: &[Labelled]) -> Vec<Vec<String>> {
    let input = out.join("queries.json");
    let qs: Vec<_> = labels.iter().map(|l| json!({"q": l.q})).collect();
    std::fs::write(&input, json!({"limit": 3, "queries": qs}).to_string()).unwrap();
    let run = Command::new("node")
        .arg(repo().join("tests/js/search.mjs"))
        .arg(out)
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn recall_at_3_of_the_static_client() {
    if common::node("recall@3 of the static client").is_none() {
        return;
    }
    let labels = queries();
    let dir = croydon();
    let site = dir.sites.iter().find(|s| s.id == "croydon").unwrap();
    let selection = select::for_site(site, dir.published(), &dir.wards);
    let tmp = tempfile::tempdir().unwrap();
    static_index::write_site_index(&dir, &selection, tmp.path()).unwrap();
    let results = static_results(tmp.path(), &labels);
    let r = report("static client (search.js in Node)", &labels, &results);
    assert!(r >= TARGET, "recall@3 {r:.3} is below {TARGET}");
}
