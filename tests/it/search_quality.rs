//! Search quality over the labelled queries in `tests/search/queries.yaml`, searched from the
//! borough-wide Croydon site in both engines (tantivy, and search.js in Node): a report of
//! recall@3, recall@10 and MRR per kind, per language and per engine (out-of-scope queries
//! apart, as the share that found nothing), every miss listed, and assertions on the floors
//! of issue 18: recall@3 ≥ 95% overall and ≥ 85% for every language, the crisis help first
//! for every safety query, nothing found for ≥ 90% of out-of-scope queries.
//!
//! Print the report with `cargo test --locked --test it search_quality -- --nocapture`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::Command;

use crate::common::{self, croydon, repo};
use serde::Deserialize;
use serde_json::json;
use signpost::directory::Directory;
use signpost::search::{Engine, Request, engine, static_index};
use signpost::select;

const RECALL3_FLOOR: f64 = 0.95;
const LANGUAGE_FLOOR: f64 = 0.85;
const NOTHING_FLOOR: f64 = 0.90;

#[derive(Deserialize, Clone)]
pub struct Labelled {
    pub q: String,
    #[serde(default = "everyday")]
    pub kind: String,
    #[serde(default = "english")]
    pub lang: String,
    pub top3: Vec<String>,
    #[serde(default)]
    pub crisis: Option<String>,
}

fn everyday() -> String {
    "everyday".into()
}

fn english() -> String {
    "en".into()
}

pub fn queries() -> Vec<Labelled> {
    let text = std::fs::read_to_string(repo().join("tests/search/queries.yaml")).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

/// What an engine answered to one query: the listing ids, best first, and the crisis
/// categories of the help it showed first.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    pub ids: Vec<String>,
    pub crisis: Vec<String>,
}

/// recall@3, recall@10, MRR over some queries, and how many.
#[derive(Default, Clone, Copy)]
struct Figures {
    at3: f64,
    at10: f64,
    rr: f64,
    n: usize,
}

impl Figures {
    fn add(&mut self, l: &Labelled, a: &Answer) {
        let rank = a.ids.iter().position(|id| l.top3.contains(id));
        self.n += 1;
        if rank.is_some_and(|r| r < 3) {
            self.at3 += 1.0;
        }
        if rank.is_some_and(|r| r < 10) {
            self.at10 += 1.0;
        }
        if let Some(r) = rank {
            self.rr += 1.0 / (r + 1) as f64;
        }
    }

    fn recall3(&self) -> f64 {
        self.at3 / self.n.max(1) as f64
    }

    fn line(&self, name: &str) -> String {
        let n = self.n.max(1) as f64;
        format!(
            "  {name:<14} {:>4}  recall@3 {:>5.1}%  recall@10 {:>5.1}%  MRR {:.3}",
            self.n,
            100.0 * self.at3 / n,
            100.0 * self.at10 / n,
            self.rr / n
        )
    }
}

/// The figures of one engine's answers, printed; every miss listed.
pub struct Report {
    overall: Figures,
    languages: BTreeMap<String, Figures>,
    /// Safety queries whose crisis help did not come first.
    safety_misses: Vec<String>,
    /// Out-of-scope queries: (found nothing, of).
    nothing: (usize, usize),
}

fn measure(engine: &str, labels: &[Labelled], answers: &[Answer]) -> Report {
    let mut overall = Figures::default();
    let mut kinds: BTreeMap<String, Figures> = BTreeMap::new();
    let mut languages: BTreeMap<String, Figures> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut safety_misses = Vec::new();
    let mut nothing = (0, 0);
    let mut empty_expected = (0, 0);
    for (l, a) in labels.iter().zip(answers) {
        if let Some(c) = &l.crisis
            && a.crisis.first() != Some(c)
        {
            safety_misses.push(format!("{:?} ({}): help {:?}", l.q, l.lang, a.crisis));
        }
        if l.kind == "out-of-scope" {
            nothing.1 += 1;
            if a.ids.is_empty() {
                nothing.0 += 1;
            } else {
                misses.push(format!("{:?} (out of scope): found {:?}", l.q, a.ids));
            }
            continue;
        }
        if l.top3.is_empty() {
            if l.kind != "safety" {
                empty_expected.1 += 1;
                if a.ids.is_empty() {
                    empty_expected.0 += 1;
                } else {
                    misses.push(format!("{:?}: expected nothing, found {:?}", l.q, a.ids));
                }
            }
            continue;
        }
        overall.add(l, a);
        kinds.entry(l.kind.clone()).or_default().add(l, a);
        languages.entry(l.lang.clone()).or_default().add(l, a);
        if !a.ids.iter().take(3).any(|id| l.top3.contains(id)) {
            let top: Vec<&String> = a.ids.iter().take(3).collect();
            misses.push(format!(
                "{:?} ({}, {}): want one of {:?}, got {top:?}",
                l.q, l.kind, l.lang, l.top3
            ));
        }
    }
    eprintln!("search quality, {engine}:");
    eprintln!("{}", overall.line("overall"));
    eprintln!(" per kind:");
    for (k, f) in &kinds {
        eprintln!("{}", f.line(k));
    }
    eprintln!(" per language:");
    for (k, f) in &languages {
        eprintln!("{}", f.line(k));
    }
    eprintln!(
        "  out of scope: nothing found for {} of {} ({:.1}%); other queries expecting nothing: {} of {}",
        nothing.0,
        nothing.1,
        100.0 * nothing.0 as f64 / nothing.1.max(1) as f64,
        empty_expected.0,
        empty_expected.1
    );
    let safety = labels.iter().filter(|l| l.crisis.is_some()).count();
    eprintln!(
        "  safety: crisis help first for {} of {safety}",
        safety - safety_misses.len()
    );
    for m in misses.iter().chain(&safety_misses) {
        eprintln!("  miss: {m}");
    }
    Report {
        overall,
        languages,
        safety_misses,
        nothing,
    }
}

fn assert_floors(engine: &str, r: &Report) {
    let mut failed = Vec::new();
    if r.overall.recall3() < RECALL3_FLOOR {
        failed.push(format!(
            "recall@3 {:.3} < {RECALL3_FLOOR}",
            r.overall.recall3()
        ));
    }
    for (lang, f) in &r.languages {
        if f.recall3() < LANGUAGE_FLOOR {
            failed.push(format!(
                "{lang}: recall@3 {:.3} < {LANGUAGE_FLOOR}",
                f.recall3()
            ));
        }
    }
    if !r.safety_misses.is_empty() {
        failed.push(format!("crisis help not first: {:?}", r.safety_misses));
    }
    let share = r.nothing.0 as f64 / r.nothing.1.max(1) as f64;
    if share < NOTHING_FLOOR {
        failed.push(format!(
            "out of scope: nothing found for {share:.3} < {NOTHING_FLOOR}"
        ));
    }
    assert!(failed.is_empty(), "{engine}: {failed:#?}");
}

#[test]
fn the_labelled_queries_are_enough_and_name_published_listings() {
    let labels = queries();
    assert!(labels.len() >= 150, "only {} queries", labels.len());
    let dir = croydon();
    let published: HashSet<&str> = dir.published().map(|l| l.id.as_str()).collect();
    let categories = signpost::analysis::crisis::Lexicon::builtin().categories();
    for l in &labels {
        for id in &l.top3 {
            assert!(
                published.contains(id.as_str()),
                "{:?}: {id} is not published",
                l.q
            );
        }
        if let Some(c) = &l.crisis {
            assert!(categories.contains(c), "{:?}: no crisis category {c}", l.q);
        }
    }
}

/// The tantivy engine's answers from `site` (limit 10), as `signpost search --site` gives them.
pub fn tantivy_answers(dir: &Directory, site: &str, labels: &[Labelled]) -> Vec<Answer> {
    let site = dir.sites.iter().find(|s| s.id == site).unwrap();
    let only = engine::site_ids(dir, site);
    let tmp = tempfile::tempdir().unwrap();
    let engine = Engine::open_in(dir, tmp.path()).unwrap();
    labels
        .iter()
        .map(|l| {
            let found = engine.find(&Request {
                query: &l.q,
                near: Some(site.at),
                only: Some(&only),
                lang: Some(&l.lang),
                limit: 10,
            });
            let mut crisis: Vec<String> = found.help.iter().map(|h| h.category.clone()).collect();
            crisis.dedup();
            Answer {
                ids: found.results.into_iter().map(|h| h.id).collect(),
                crisis,
            }
        })
        .collect()
}

/// Runs search.js in Node over the queries (each with its page's language) against an index
/// written in `out` (limit 10).
pub fn static_answers(out: &Path, labels: &[Labelled]) -> Vec<Answer> {
    let input = out.join("queries.json");
    let qs: Vec<_> = labels
        .iter()
        .map(|l| json!({"q": l.q, "lang": l.lang}))
        .collect();
    std::fs::write(&input, json!({"limit": 10, "queries": qs}).to_string()).unwrap();
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
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|s| s.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| Answer {
            ids: strings(&r["ids"]),
            crisis: strings(&r["crisis"]),
        })
        .collect()
}

/// Writes the static index of `site` into `out`, as the build does.
pub fn write_static(dir: &Directory, site: &str, out: &Path) {
    let site = dir.sites.iter().find(|s| s.id == site).unwrap();
    let selection = select::for_site(site, dir.published(), &dir.wards);
    static_index::write_site_index(dir, &selection, out).unwrap();
}

#[test]
fn the_tantivy_engine_meets_the_floors() {
    let labels = queries();
    let dir = croydon();
    let answers = tantivy_answers(&dir, "croydon", &labels);
    let report = measure("tantivy (signpost search, the API)", &labels, &answers);
    assert_floors("tantivy", &report);
}

#[test]
fn the_static_client_meets_the_floors() {
    if common::node("search quality of the static client").is_none() {
        return;
    }
    let labels = queries();
    let dir = croydon();
    let tmp = tempfile::tempdir().unwrap();
    write_static(&dir, "croydon", tmp.path());
    let answers = static_answers(tmp.path(), &labels);
    let report = measure("static client (search.js in Node)", &labels, &answers);
    assert_floors("static", &report);
}
