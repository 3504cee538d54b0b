//! Benchmark: `signpost check` on a synthetic directory of 100,000 listings across England
//! (written once into `target/bench-data/` by `synth::bench_directory`), through the real binary.
//! Prints wall-clock figures; the target is at most 5 s on a 2-core machine.
//!
//! Run with `cargo bench --bench check`. `SIGNPOST_BENCH_LISTINGS` changes the size.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn main() {
    let n: usize = std::env::var("SIGNPOST_BENCH_LISTINGS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = env!("CARGO_BIN_EXE_signpost");
    let started = Instant::now();
    let (dir, written) = signpost::synth::bench_directory(repo, n).expect("synthetic directory");
    if written {
        println!(
            "generate: {n} listings in {:.2}s",
            started.elapsed().as_secs_f64()
        );
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut times = Vec::new();
    for run in 0..4 {
        let started = Instant::now();
        let out = Command::new(exe)
            .arg("--root")
            .arg(&dir)
            .args(["check", "--format", "json"])
            .output()
            .expect("run signpost check");
        let secs = started.elapsed().as_secs_f64();
        assert!(
            out.status.success(),
            "check failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let label = if run == 0 {
            "first run (writes the postcode cache)"
        } else {
            "warm"
        };
        println!("check {n} listings: {secs:.2}s  [{label}]");
        if run > 0 {
            times.push(secs);
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "check {n} listings: median {median:.2}s on {cores} cores ({:.0} listings/s); target 5 s",
        n as f64 / median
    );
}
