//! Benchmark: `signpost build` through the real (release) binary, on the bundled Croydon
//! directory and on synthetic directories across England (written once into
//! `target/bench-data/` by `synth::bench_directory_with`). Prints figures; it is not a test:
//!
//! - wall time, CPU time (user + system) and peak resident memory of the `signpost build`
//!   process, read by `/usr/bin/time`, with the machine's load averages before each run (the
//!   first run builds into an empty folder, the others over the previous output);
//! - the build's own phase timings (`SIGNPOST_TIMINGS`);
//! - the output: files and bytes in all, per practice site, and shared by every site
//!   (listing pages, open data, the everywhere pages, assets), against the ~20,000-file cap
//!   that static hosts put on one deployment.
//!
//! Goals (issue #3): Croydon well under a second; 100,000 listings with 6,500 practice sites
//! (national scale) at most 30 s and 2 GB peak memory on 2 cores.
//!
//! Run with `cargo bench --bench build`. `SIGNPOST_BENCH_BUILD` chooses the directories, e.g.
//! `croydon,10000:1000,100000:6500:en` (the default; `LISTINGS:PRACTICES` is synthetic, built
//! in every language the theme has, or `LISTINGS:PRACTICES:en+so` in those named; national
//! scale is built in English only by default, as six languages would be 1.6 million pages), and
//! `SIGNPOST_BENCH_RUNS` the timed runs of each (default 5, 3 and 1 by size). Outputs are
//! written to `target/bench-out/`; the largest is deleted afterwards unless
//! `SIGNPOST_BENCH_KEEP` is set.

#[path = "common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{Cost, load, measure, median, size};

/// What static hosts accept in one deployment, about (Cloudflare Pages: 20,000 files).
const HOST_FILE_CAP: usize = 20_000;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = env!("CARGO_BIN_EXE_signpost");
    let plan = std::env::var("SIGNPOST_BENCH_BUILD")
        .unwrap_or_else(|_| "croydon,10000:1000,100000:6500:en".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "build benchmark: `signpost build` (release) on {cores} cores; {}",
        load()
    );
    println!("(CPU time is user + system of the build process; peak RSS from /usr/bin/time)");
    let mut summary = Vec::new();
    for item in plan.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (label, root, listings, goal) = if item == "croydon" {
            (
                "Croydon (bundled)".to_string(),
                repo.to_path_buf(),
                0,
                Some((1.0, None)),
            )
        } else {
            let mut parts = item.split(':');
            let listings: usize = parts.next().unwrap().parse().expect("LISTINGS:PRACTICES");
            let practices: usize = parts
                .next()
                .map_or(1000, |p| p.parse().expect("LISTINGS:PRACTICES"));
            let languages = parts.next();
            let started = std::time::Instant::now();
            let (dir, written) = signpost::synth::bench_directory_with(repo, listings, practices)
                .expect("synthetic directory");
            let dir = match languages {
                Some(codes) => in_languages(&dir, codes),
                None => dir,
            };
            if written {
                println!(
                    "generated {listings} listings and {practices} practices in {:.1}s",
                    started.elapsed().as_secs_f64()
                );
            }
            let goal = (listings >= 100_000).then_some((30.0, Some(2_000_000_000)));
            (
                format!(
                    "{listings} listings, {practices} practices (synthetic), languages: {}",
                    languages.unwrap_or("all six")
                ),
                dir,
                listings,
                goal,
            )
        };
        let runs: usize = std::env::var("SIGNPOST_BENCH_RUNS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(match listings {
                0 => 5,
                l if l < 50_000 => 3,
                _ => 1,
            });
        let out = repo
            .join("target/bench-out")
            .join(format!("build-{}", item.replace(':', "-p")))
            .join("public");
        let result = bench(exe, &label, &root, &out, runs, goal);
        summary.push((label, result));
        if listings >= 100_000 && std::env::var_os("SIGNPOST_BENCH_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&out);
            let _ = std::fs::remove_dir_all(out.with_file_name(".public.spare"));
        }
    }
    println!("\nsummary ({cores} cores; {})", load());
    println!(
        "| directory | wall (median) | CPU | peak RSS | files | size | largest practice site |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (label, r) in summary {
        println!(
            "| {label} | {:.2} s | {:.2} s | {} | {} | {} | {} files |",
            r.cost.wall,
            r.cost.cpu,
            size(r.cost.peak_rss),
            r.files,
            size(r.bytes),
            r.largest_site
        );
    }
}

/// The synthetic directory `dir` built only in `codes` (`+`-separated, e.g. `en` or `en+so`):
/// a sibling folder whose signpost.toml names them, with the listings and data linked, not
/// copied.
fn in_languages(dir: &Path, codes: &str) -> std::path::PathBuf {
    let name = dir.file_name().unwrap().to_string_lossy();
    let variant = dir.with_file_name(format!("{name}-{}", codes.replace('+', "-")));
    std::fs::create_dir_all(&variant).unwrap();
    for linked in ["listings", "data"] {
        let link = variant.join(linked);
        if !link.exists() {
            std::os::unix::fs::symlink(dir.join(linked), link).unwrap();
        }
    }
    let config = std::fs::read_to_string(dir.join("signpost.toml")).unwrap();
    let list: Vec<String> = codes.split('+').map(|c| format!("{c:?}")).collect();
    std::fs::write(
        variant.join("signpost.toml"),
        format!("languages = [{}]\n{config}", list.join(", ")),
    )
    .unwrap();
    variant
}

struct Result {
    cost: Cost,
    files: usize,
    bytes: u64,
    largest_site: usize,
}

fn bench(
    exe: &str,
    label: &str,
    root: &Path,
    out: &Path,
    runs: usize,
    goal: Option<(f64, Option<u64>)>,
) -> Result {
    println!("\n## {label}");
    // Postcode and history caches are written on first use: warm them outside the timing.
    let started = std::time::Instant::now();
    Command::new(exe)
        .arg("--root")
        .arg(root)
        .args(["check", "--format", "json"])
        .output()
        .expect("run signpost check");
    println!(
        "warm-up `signpost check`: {:.2}s",
        started.elapsed().as_secs_f64()
    );
    let mut costs = Vec::new();
    let mut phases = String::new();
    let mut built = String::new();
    for run in 1..=runs {
        // The first run into an empty folder; the others over the previous output, as
        // rebuilds are (each keeps the build before as `.public.spare` and writes over it).
        if run == 1 {
            let _ = std::fs::remove_dir_all(out);
            let _ = std::fs::remove_dir_all(out.with_file_name(".public.spare"));
        }
        let before = load();
        let (cost, stdout, stderr) = measure(
            Command::new(exe)
                .arg("--root")
                .arg(root)
                .args(["build", "--out"])
                .arg(out)
                .env("SIGNPOST_TIMINGS", "1"),
        );
        println!(
            "run {run}: wall {:.2}s, CPU {:.2}s ({:.2}× wall), peak RSS {}  [{before}]",
            cost.wall,
            cost.cpu,
            cost.cpu / cost.wall,
            size(cost.peak_rss)
        );
        phases = stderr
            .lines()
            .filter_map(|l| l.strip_prefix("timing: "))
            .collect::<Vec<_>>()
            .join(", ");
        built = stdout.trim().to_string();
        costs.push(cost);
    }
    println!("{built}");
    println!("phases (last run): {phases}");
    let cost = Cost {
        wall: median(costs.iter().map(|c| c.wall).collect()),
        cpu: median(costs.iter().map(|c| c.cpu).collect()),
        peak_rss: costs.iter().map(|c| c.peak_rss).max().unwrap_or(0),
    };
    if runs > 1 {
        println!(
            "median of {runs}: wall {:.2}s, CPU {:.2}s, peak RSS {} (largest)",
            cost.wall,
            cost.cpu,
            size(cost.peak_rss)
        );
    }

    // The output, by site and shared.
    let sites: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(out.join("sites.json")).expect("sites.json"))
            .expect("sites.json is JSON");
    let files = common::files(out);
    let total: u64 = files.iter().map(|f| f.1).sum();
    let mut per_site: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
    let mut shared: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    let mut search = (0usize, 0u64);
    for (path, len) in &files {
        let first = path
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some((id, _)) = sites.get_key_value(&first) {
            let e = per_site.entry(id.as_str()).or_default();
            e.0 += 1;
            e.1 += len;
            if path
                .components()
                .nth(1)
                .is_some_and(|c| c.as_os_str() == "search")
            {
                search.0 += 1;
                search.1 += len;
            }
        } else {
            let key = if path.components().count() > 1 {
                format!("{first}/")
            } else {
                "top-level files".to_string()
            };
            let e = shared.entry(key).or_default();
            e.0 += 1;
            e.1 += len;
        }
    }
    println!(
        "output: {} files, {} ({} sites)",
        files.len(),
        size(total),
        sites.len()
    );
    let mut counts: Vec<(usize, u64, &str)> =
        per_site.iter().map(|(id, (n, b))| (*n, *b, *id)).collect();
    counts.sort();
    let site_files: usize = counts.iter().map(|c| c.0).sum();
    let site_bytes: u64 = counts.iter().map(|c| c.1).sum();
    if let (Some(mid), Some(max)) = (counts.get(counts.len() / 2), counts.last()) {
        println!(
            "  per site: median {} files ({}), largest {} files ({}, `{}`); all sites {} files, {}; of which search indexes {} files, {}",
            mid.0,
            size(mid.1),
            max.0,
            size(max.1),
            max.2,
            site_files,
            size(site_bytes),
            search.0,
            size(search.1)
        );
    }
    let shared_files: usize = shared.values().map(|s| s.0).sum();
    println!(
        "  shared by every site: {shared_files} files: {}",
        shared
            .iter()
            .map(|(k, (n, b))| format!("{k} {n} ({})", size(*b)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if files.len() > HOST_FILE_CAP {
        let per_site = site_files as f64 / sites.len().max(1) as f64;
        println!(
            "  over the ~{HOST_FILE_CAP}-file cap of one static-host deployment: publish per area (each area's sites, its listings and the shared files); the shared files alone are {shared_files}, each site adds {per_site:.0} on average"
        );
    }
    if let Some((secs, memory)) = goal {
        let time_ok = cost.wall <= secs;
        let memory_ok = memory.is_none_or(|m| cost.peak_rss <= m);
        println!(
            "goal: wall ≤ {secs} s{}: {}",
            memory.map_or(String::new(), |m| format!(" and peak RSS ≤ {}", size(m))),
            if time_ok && memory_ok {
                "met"
            } else {
                "MISSED"
            }
        );
    }
    Result {
        cost,
        files: files.len(),
        bytes: total,
        largest_site: counts.last().map_or(0, |c| c.0),
    }
}
