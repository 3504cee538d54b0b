//! The fuzz targets on the stable toolchain. The targets themselves are `fuzz/targets/`, shared
//! with the cargo-fuzz crate in `fuzz/` (nightly, libFuzzer) through `#[path]`, so both run the
//! same code. For each target, in every `cargo test`:
//!
//! 1. every regression fixture, `fuzz/regressions/<target>/*` (each an input that once failed);
//! 2. every seed, `fuzz/corpus/<target>/*` (made from the bundled listings and the test
//!    fixtures by `fuzz::seeds::write_seed_corpora`);
//! 3. inputs made by mutating the seeds with proptest: edits at random places (tokens of the
//!    target, bytes, lines from other seeds, deletions, lines dropped, repeated, or repeated
//!    thousands of times past the size limits): [`QUICK_CASES`] of them from a fixed seed;
//!    with `SIGNPOST_FUZZ_SECONDS=N` (the bounded run in tests/run.sh), as many as fit in N
//!    seconds per target, from a random seed printed for replay with `SIGNPOST_FUZZ_SEED`.
//!
//! A failing mutated input is shrunk by proptest to the fewest and smallest edits, written to
//! `target/tmp/fuzz-failures/<target>/`, and the test fails naming it: commit it under
//! `fuzz/regressions/<target>/` with the fix.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

#[path = "../../../fuzz/targets/mod.rs"]
mod targets;

mod seeds;

use targets::Target;

/// Mutated inputs per target in a plain `cargo test`.
const QUICK_CASES: u32 = 48;

/// The seed of the plain `cargo test` run (any fixed number: the run is the same each time).
const QUICK_SEED: u64 = 20;

/// The committed corpora stay small (the brief: a few hundred KB in all).
const MAX_CORPORA_BYTES: u64 = 400 * 1024;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, sorted, with their bytes.
fn inputs(kind: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = fuzz_dir().join(kind).join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read an input");
            (p, bytes)
        })
        .collect()
}

/// Runs `target` on one input, naming the input when it fails.
fn replay(target: &Target, path: &Path, bytes: &[u8]) {
    let result = std::panic::catch_unwind(|| (target.run)(bytes));
    if let Err(panic) = result {
        eprintln!(
            "fuzz target `{}` failed on {} ({:?})",
            target.name,
            path.display(),
            String::from_utf8_lossy(bytes)
        );
        std::panic::resume_unwind(panic);
    }
}

/// One edit of a seed. Positions are taken modulo the length, so any number is a place.
#[derive(Clone, Debug)]
enum Edit {
    /// One of the target's tokens, inserted.
    Token(usize, usize),
    /// Bytes, inserted.
    Bytes(usize, Vec<u8>),
    /// A line of another seed, inserted at a line start.
    Line(usize, usize, usize),
    /// Bytes removed.
    Delete(usize, usize),
    /// A byte replaced.
    Byte(usize, u8),
    /// A line repeated.
    Repeat(usize),
    /// A line repeated many times (inputs over the size limits).
    Many(usize, usize),
    /// A line dropped.
    Drop(usize),
    /// Everything from here cut.
    Cut(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), any::<usize>()).prop_map(|(at, t)| Edit::Token(at, t)),
        2 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..6))
            .prop_map(|(at, b)| Edit::Bytes(at, b)),
        2 => (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(at, seed, line)| Edit::Line(at, seed, line)),
        2 => (any::<usize>(), 1usize..24).prop_map(|(at, n)| Edit::Delete(at, n)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Byte(at, b)),
        1 => any::<usize>().prop_map(Edit::Repeat),
        1 => (any::<usize>(), 2usize..3000).prop_map(|(n, times)| Edit::Many(n, times)),
        1 => any::<usize>().prop_map(Edit::Drop),
        1 => any::<usize>().prop_map(Edit::Cut),
    ]
}

/// A mutated input: which seed, and the edits, in order.
fn case(seeds: usize) -> impl Strategy<Value = (usize, Vec<Edit>)> {
    (0..seeds, prop::collection::vec(edit(), 1..8))
}

/// The line starts of `bytes`, and its end.
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1),
    );
    starts
}

/// The bytes of line `n` (modulo the line count), with its newline.
fn line(bytes: &[u8], n: usize) -> &[u8] {
    let starts = line_starts(bytes);
    let start = starts[n % starts.len()];
    let end = bytes[start..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |p| start + p + 1);
    &bytes[start..end]
}

/// Applies `edits` to a copy of seed `seed`.
fn mutate(target: &Target, seeds: &[Vec<u8>], seed: usize, edits: &[Edit]) -> Vec<u8> {
    let mut out = seeds[seed].clone();
    for e in edits {
        let len = out.len();
        let at = |n: usize| n % (len + 1);
        match e {
            Edit::Token(p, t) => {
                let token = target.tokens[t % target.tokens.len()].as_bytes();
                let p = at(*p);
                out.splice(p..p, token.iter().copied());
            }
            Edit::Bytes(p, b) => {
                let p = at(*p);
                out.splice(p..p, b.iter().copied());
            }
            Edit::Line(p, s, n) => {
                let piece = line(&seeds[s % seeds.len()], *n).to_vec();
                let starts = line_starts(&out);
                let p = starts[p % starts.len()];
                out.splice(p..p, piece);
            }
            Edit::Delete(p, n) => {
                let p = at(*p);
                out.drain(p..(p + n).min(len));
            }
            Edit::Byte(p, b) => {
                if len > 0 {
                    out[p % len] = *b;
                }
            }
            Edit::Repeat(n) => {
                let piece = line(&out, *n).to_vec();
                let starts = line_starts(&out);
                let p = starts[n % starts.len()];
                out.splice(p..p, piece);
            }
            Edit::Many(n, times) => {
                let piece = line(&out, *n).repeat(*times);
                let starts = line_starts(&out);
                let p = starts[n % starts.len()];
                out.splice(p..p, piece);
            }
            Edit::Drop(n) => {
                let starts = line_starts(&out);
                let p = starts[n % starts.len()];
                let l = line(&out, *n).len();
                out.drain(p..p + l);
            }
            Edit::Cut(p) => out.truncate(at(*p)),
        }
        // After each edit, so that repeating a long line again cannot grow without bound.
        out.truncate(target.max_len);
    }
    out
}

/// How long the bounded run gives each target, if this is one (`SIGNPOST_FUZZ_SECONDS`).
fn budget() -> Option<Duration> {
    let value = std::env::var("SIGNPOST_FUZZ_SECONDS").ok()?;
    let seconds: u64 = value
        .parse()
        .unwrap_or_else(|_| panic!("SIGNPOST_FUZZ_SECONDS must be a whole number, not {value:?}"));
    Some(Duration::from_secs(seconds))
}

/// The seed of the mutations: `SIGNPOST_FUZZ_SEED`, else a fixed one for a plain `cargo test`
/// and the clock for the bounded run.
fn rng_seed(bounded: bool) -> u64 {
    if let Ok(s) = std::env::var("SIGNPOST_FUZZ_SEED") {
        return s
            .parse()
            .unwrap_or_else(|_| panic!("SIGNPOST_FUZZ_SEED must be a number, not {s:?}"));
    }
    if !bounded {
        return QUICK_SEED;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(QUICK_SEED, |d| d.as_nanos() as u64)
}

/// Regression fixtures, seeds, then mutated seeds (see the module comment).
fn fuzz(name: &str) {
    let target = targets::target(name);
    let fixtures = inputs("regressions", name);
    for (path, bytes) in &fixtures {
        replay(target, path, bytes);
    }
    let corpus = inputs("corpus", name);
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{name}/ is empty: run `cargo test --test it fuzz::write_seed_corpora -- --ignored`"
    );
    for (path, bytes) in &corpus {
        replay(target, path, bytes);
    }
    let seeds: Vec<Vec<u8>> = corpus.into_iter().map(|(_, b)| b).collect();

    let budget = budget();
    let seed = rng_seed(budget.is_some());
    let config = Config {
        failure_persistence: None,
        max_shrink_iters: 4096,
        max_shrink_time: 60_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(seed)),
    );
    let strategy = case(seeds.len());
    let started = Instant::now();
    let mut cases = 0u64;
    loop {
        let done = match budget {
            Some(b) => started.elapsed() >= b,
            None => cases >= u64::from(QUICK_CASES),
        };
        if done {
            break;
        }
        cases += 1;
        let tree = strategy
            .new_tree(&mut runner)
            .expect("proptest makes a case");
        let result = runner.run_one(tree, |(s, edits)| {
            let input = mutate(target, &seeds, s, &edits);
            (target.run)(&input);
            Ok::<(), TestCaseError>(())
        });
        if let Err(error) = result {
            fail(target, &seeds, seed, &error);
        }
    }
    eprintln!(
        "fuzz {name}: {} regression fixtures, {} seeds, {cases} mutated inputs in {:.1} s (SIGNPOST_FUZZ_SEED={seed})",
        fixtures.len(),
        seeds.len(),
        started.elapsed().as_secs_f64()
    );
}

fn seed_bytes(seed: u64) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&(seed.wrapping_add(i as u64)).to_le_bytes());
    }
    bytes
}

/// Writes the shrunk failing input where it can be committed from, and fails.
fn fail(
    target: &Target,
    seeds: &[Vec<u8>],
    seed: u64,
    error: &proptest::test_runner::TestError<(usize, Vec<Edit>)>,
) -> ! {
    use proptest::test_runner::TestError;
    match error {
        TestError::Fail(why, (s, edits)) => {
            let input = mutate(target, seeds, *s, edits);
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("fuzz-failures")
                .join(target.name);
            std::fs::create_dir_all(&dir).expect("create the failures folder");
            let file = dir.join(format!("{:016x}", signpost::hash::fnv1a(&input)));
            std::fs::write(&file, &input).expect("write the failing input");
            panic!(
                "fuzz target `{}` failed (SIGNPOST_FUZZ_SEED={seed}): {why}\n\
                 input ({} bytes, seed {s} with {edits:?}): {:?}\n\
                 written to {}: fix it, and commit the input under fuzz/regressions/{}/",
                target.name,
                input.len(),
                String::from_utf8_lossy(&input),
                file.display(),
                target.name
            )
        }
        TestError::Abort(why) => panic!("fuzz target `{}`: {why}", target.name),
    }
}

#[test]
fn listing() {
    fuzz("listing");
}

#[test]
fn postcode() {
    fuzz("postcode");
}

#[test]
fn sessions() {
    fuzz("sessions");
}

#[test]
fn api() {
    fuzz("api");
}

#[test]
fn search() {
    fuzz("search");
}

#[test]
fn intake() {
    fuzz("intake");
}

#[test]
fn draft() {
    fuzz("draft");
}

/// The test-only hook of `validate::check` (`SIGNPOST_TEST_PANIC`, proved by
/// `robustness::one_listing_that_panics_or_crashed_never_stops_the_run`) never fails a target:
/// this test binary, run again with the hook naming the id each target checks listings under
/// (`fuzzed`, `fuzzed-sessions`, and the id of the intake fixture's group), passes those
/// targets' plain runs.
#[test]
fn the_test_panic_hook_never_trips_a_target() {
    for (id, test) in [
        ("fuzzed", "fuzz::listing"),
        ("fuzzed-sessions", "fuzz::sessions"),
        ("knit-and-natter", "fuzz::intake"),
    ] {
        let out = std::process::Command::new(std::env::current_exe().expect("this test binary"))
            .args(["--exact", test])
            .env("SIGNPOST_TEST_PANIC", id)
            .env_remove("SIGNPOST_FUZZ_SECONDS")
            .output()
            .expect("run the fuzz target again");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "{test} with SIGNPOST_TEST_PANIC={id}:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
