//! "Both engines rank the same way": every labelled query of `tests/search/queries.yaml`, in
//! its language, through the tantivy engine as `signpost search --site X --lang L` runs it and
//! through the static index of site X in search.js, for the borough-wide site and two practice
//! sites, must give the same top three. At most 5% of the queries may differ; each difference
//! is printed with its reason. A few queries also go through the real binary, to hold that
//! the engine here is the one `signpost search` runs.

use std::process::Command;

use crate::common::{self, croydon, repo};
use crate::search_quality::{Answer, queries, static_answers, tantivy_answers, write_static};

/// The sites compared: the borough-wide one and two practices.
const SITES: &[&str] = &["croydon", "h83001", "h83004"];
/// At most this share of queries may have a different top three.
const MAX_EXCEPTIONS: f64 = 0.05;

/// Why two top threes differ.
fn reason(tantivy: &Answer, js: &Answer) -> &'static str {
    let t: Vec<&String> = tantivy.ids.iter().take(3).collect();
    let s: Vec<&String> = js.ids.iter().take(3).collect();
    let mut ts = t.clone();
    let mut ss = s.clone();
    ts.sort();
    ss.sort();
    if ts == ss {
        "the same three in another order (scores tied after rounding to tenths)"
    } else if t.len() != s.len() {
        "one engine found fewer"
    } else if tantivy.ids.iter().take(6).any(|id| s.contains(&id))
        && js.ids.iter().take(6).any(|id| t.contains(&id))
    {
        "a near tie at the cut (the third and fourth swap: the static index sums weights rounded to tenths, the engine rounds its total)"
    } else {
        "the engines disagree (idf over the site's listings in the static index, over the directory in tantivy)"
    }
}

#[test]
fn both_engines_give_the_same_top_three_on_the_borough_and_two_practice_sites() {
    if common::node("the engines' agreement").is_none() {
        return;
    }
    let labels = queries();
    let dir = croydon();
    let mut lines = Vec::new();
    let mut failed = Vec::new();
    for site in SITES {
        let tantivy = tantivy_answers(&dir, site, &labels);
        let tmp = tempfile::tempdir().unwrap();
        write_static(&dir, site, tmp.path());
        let js = static_answers(tmp.path(), &labels);
        let mut exceptions = 0;
        for ((l, t), s) in labels.iter().zip(&tantivy).zip(&js) {
            let top = |a: &Answer| a.ids.iter().take(3).cloned().collect::<Vec<_>>();
            if top(t) != top(s) {
                exceptions += 1;
                lines.push(format!(
                    "  {site}: {:?} ({}): tantivy {:?}, static {:?}: {}",
                    l.q,
                    l.lang,
                    top(t),
                    top(s),
                    reason(t, s)
                ));
            }
            if t.crisis != s.crisis {
                failed.push(format!(
                    "{site}: {:?}: crisis help tantivy {:?}, static {:?}",
                    l.q, t.crisis, s.crisis
                ));
            }
        }
        let share = exceptions as f64 / labels.len() as f64;
        eprintln!(
            "consistency, {site}: the same top three for {} of {} queries ({exceptions} exceptions, {:.1}%)",
            labels.len() - exceptions,
            labels.len(),
            100.0 * share
        );
        if share > MAX_EXCEPTIONS {
            failed.push(format!(
                "{site}: {exceptions} exceptions ({:.1}%)",
                100.0 * share
            ));
        }
    }
    for l in &lines {
        eprintln!("{l}");
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn signpost_search_runs_the_engine_these_tests_measure() {
    let labels = queries();
    let dir = croydon();
    let sample: Vec<_> = labels
        .iter()
        .filter(|l| ["safety", "language", "filter"].contains(&l.kind.as_str()))
        .step_by(6)
        .cloned()
        .collect();
    let answers = tantivy_answers(&dir, "h83001", &sample);
    for (l, a) in sample.iter().zip(&answers) {
        let out = Command::new(env!("CARGO_BIN_EXE_signpost"))
            .args(["search", "--root"])
            .arg(repo())
            .args(["--site", "h83001", "--lang", &l.lang, "--limit", "10"])
            .args(["--format", "json", &l.q])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let ids: Vec<&str> = v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap())
            .collect();
        let mut crisis: Vec<&str> = v["help"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["category"].as_str().unwrap())
            .collect();
        crisis.dedup();
        assert_eq!(ids, a.ids, "{:?}", l.q);
        assert_eq!(crisis, a.crisis, "{:?}", l.q);
    }
}
