//! Benchmark: search. Prints figures (it is not a timed test):
//!
//! - tantivy: indexing 100,000 synthetic listings (written once by `signpost generate` into
//!   `target/bench-data/`), reopening with nothing changed, re-indexing 1% of them, and query
//!   latency p50/p99 over 1,000 queries, by relevance and with `--near`;
//! - the static index: building it for the 100,000-listing borough-wide site (split into
//!   chunks), files and bytes, and what the first and later queries fetch (gzip), replaying
//!   the client's fetches in Node;
//! - the static index of every Croydon practice site: the first search's bytes (index +
//!   client, gzip), median and largest;
//! - near-duplicate detection over the 100,000 listings.
//!
//! Run with `cargo bench --bench search`. `SIGNPOST_BENCH_LISTINGS` changes the size.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use signpost::directory::{self, Options};
use signpost::search::{Engine, dupes, static_index};
use signpost::select;
use signpost::sites::Kind;

const WORDS: &[&str] = &[
    "lonely",
    "lonley",
    "walking group",
    "bereavment",
    "skint",
    "free toddler group tuesday",
    "men's group",
    "somali speaking",
    "help with debt",
    "walking group weekend",
    "knit",
    "choir",
    "yoga",
    "food bank",
    "carers",
    "dementia cafe",
    "stop smoking",
    "english classes",
    "gardening",
    "football",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let n: usize = std::env::var("SIGNPOST_BENCH_LISTINGS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (data, _) = signpost::synth::bench_directory(repo, n).expect("synthetic directory");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("search benchmark on {cores} cores, {n} synthetic listings");

    let started = Instant::now();
    let mut dir = directory::load(&data, &Options::default())
        .expect("load")
        .directory;
    println!("load: {:.2}s", started.elapsed().as_secs_f64());

    // tantivy
    let tmp = tempfile::tempdir().unwrap();
    let index_dir = tmp.path().join("tantivy");
    let started = Instant::now();
    let engine = Engine::open_in(&dir, &index_dir).unwrap();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "tantivy index: {} listings in {secs:.2}s ({:.0} listings/s), {:.1} MB on disk",
        engine.sync.added,
        engine.sync.added as f64 / secs,
        dir_size(&index_dir) as f64 / 1e6
    );
    drop(engine);
    let started = Instant::now();
    let engine = Engine::open_in(&dir, &index_dir).unwrap();
    println!(
        "tantivy reopen, nothing changed: {:.2}s",
        started.elapsed().as_secs_f64()
    );
    drop(engine);
    let changed = dir.listings.len() / 100;
    for l in dir.listings.iter_mut().take(changed) {
        l.summary.push_str(" Now on Saturdays too.");
    }
    let started = Instant::now();
    let engine = Engine::open_in(&dir, &index_dir).unwrap();
    println!(
        "tantivy reopen, {} changed: {:.2}s",
        engine.sync.added,
        started.elapsed().as_secs_f64()
    );

    let near = dir.sites.first().map(|s| s.at);
    for (label, from) in [("relevance", None), ("near a practice", near)] {
        let mut times = Vec::with_capacity(1000);
        let mut results = 0;
        for i in 0..1000 {
            let q = WORDS[i % WORDS.len()];
            let started = Instant::now();
            results += engine.search_near(q, from, None, 10).len();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "tantivy query latency ({label}), 1,000 queries, top 10: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({:.1} results/query)",
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            times[times.len() - 1],
            results as f64 / 1000.0
        );
    }

    // Near-duplicates over everything.
    let started = Instant::now();
    let pairs = dupes::near_duplicates(&dir.listings);
    println!(
        "near-duplicates: {} pairs among {} listings in {:.2}s",
        pairs.len(),
        dir.listings.len(),
        started.elapsed().as_secs_f64()
    );

    // The static index of the borough-wide site: split.
    let node = Command::new("node").arg("--version").output().is_ok();
    if let Some(site) = dir
        .sites
        .iter()
        .find(|s| matches!(s.kind, Kind::Extra { borough_wide: true }))
    {
        let selection = select::for_site(site, dir.published(), &dir.wards);
        let out = tmp.path().join("static");
        let started = Instant::now();
        let w = static_index::write_site_index(&dir, &selection, &out).unwrap();
        println!(
            "static index, {} listings: {:.2}s, {} files, {:.1} MB, index.json {:.1} KB",
            selection.listings().count(),
            started.elapsed().as_secs_f64(),
            w.files,
            w.bytes as f64 / 1e6,
            w.manifest_bytes as f64 / 1024.0
        );
        if node {
            let r = client(
                repo,
                &out,
                &["lonely", "walking group", "bereavment", "yoga"],
            );
            let client_gz = r["client_gzip"].as_u64().unwrap();
            for (i, q) in r["results"].as_array().unwrap().iter().enumerate() {
                let bytes = q["bytes"].as_u64().unwrap() + if i == 0 { client_gz } else { 0 };
                println!(
                    "  query {} ({}): {:.1} KB gzip in {} files{}, {:.0} ms in Node",
                    i + 1,
                    q["q"].as_str().unwrap_or(""),
                    bytes as f64 / 1024.0,
                    q["files"].as_array().unwrap().len(),
                    if i == 0 { " (with the client)" } else { "" },
                    q["ms"].as_f64().unwrap()
                );
            }
        }
    }

    // Croydon practice sites.
    if node {
        let croydon = directory::load(repo, &Options::default())
            .unwrap()
            .directory;
        let mut sizes = Vec::new();
        for site in croydon
            .sites
            .iter()
            .filter(|s| matches!(s.kind, Kind::Practice { .. }))
        {
            let selection = select::for_site(site, croydon.published(), &croydon.wards);
            let out = tmp.path().join(&site.id);
            static_index::write_site_index(&croydon, &selection, &out).unwrap();
            let r = client(repo, &out, &["lonely"]);
            let raw = std::fs::metadata(out.join("index.json")).unwrap().len();
            sizes.push((
                r["client_gzip"].as_u64().unwrap() + r["results"][0]["bytes"].as_u64().unwrap(),
                r["results"][0]["bytes"].as_u64().unwrap(),
                raw,
                selection.listings().count(),
            ));
        }
        sizes.sort();
        let (med, med_idx, med_raw, med_n) = sizes[sizes.len() / 2];
        let (max, max_idx, max_raw, max_n) = sizes[sizes.len() - 1];
        println!(
            "Croydon practice sites ({}): first search (index + client, gzip -9) median {:.1} KB (index {:.1} KB gzip, {:.1} KB raw, {med_n} listings), largest {:.1} KB (index {:.1} KB gzip, {:.1} KB raw, {max_n} listings); target 30 KB",
            sizes.len(),
            med as f64 / 1024.0,
            med_idx as f64 / 1024.0,
            med_raw as f64 / 1024.0,
            max as f64 / 1024.0,
            max_idx as f64 / 1024.0,
            max_raw as f64 / 1024.0,
        );
    }
}

fn client(repo: &Path, index: &Path, queries: &[&str]) -> serde_json::Value {
    let input = index.join("bench-queries.json");
    let qs: Vec<_> = queries
        .iter()
        .map(|q| serde_json::json!({"q": q}))
        .collect();
    std::fs::write(
        &input,
        serde_json::json!({"limit": 10, "queries": qs}).to_string(),
    )
    .unwrap();
    let out = Command::new("node")
        .arg(repo.join("tests/js/search.mjs"))
        .arg(index)
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (r, q) in v["results"].as_array_mut().unwrap().iter_mut().zip(queries) {
        r["q"] = serde_json::json!(q);
    }
    v
}

fn dir_size(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
