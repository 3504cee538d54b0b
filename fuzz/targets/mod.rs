//! The fuzz targets: one function per target that takes the bytes of one input and panics when
//! a property fails. Shared, with `#[path]`, by the two harnesses that run them, so both run the
//! same code:
//!
//! - `tests/it/fuzz.rs`, on the stable toolchain: each target's regression fixtures
//!   (`fuzz/regressions/<target>/`), its seed corpus (`fuzz/corpus/<target>/`), then inputs made
//!   by mutating the seeds with proptest (a few in every `cargo test`; for a bounded time in
//!   `tests/run.sh`);
//! - the cargo-fuzz crate in this folder (`fuzz/fuzz_targets/<target>.rs`), on nightly, where
//!   libFuzzer mutates the same corpora for as long as it is left to run.
//!
//! Every input is text (invalid UTF-8 is read lossily), so corpora and regression fixtures are
//! files a person can read. A panic anywhere is a failure: the targets check that what
//! Signpost catches and reports as a listing's own error (E025, "Signpost failed while checking
//! this listing") never happens.
//!
//! Not for tests of particular inputs with particular answers: those are the areas of
//! `tests/it/` and the unit tests beside the code.

#![allow(dead_code)] // each cargo-fuzz binary uses one target

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use signpost::diagnostics::{Code, Diagnostic};
use signpost::directory::{self, Directory, Options};

pub mod api;
pub mod authoring;
pub mod listing;
pub mod postcode;
pub mod search;
pub mod sessions;

/// One fuzz target: its name (the folder of its corpus and regression fixtures, and the
/// cargo-fuzz binary), what it runs, text worth splicing into its inputs (the stable harness
/// inserts these; libFuzzer finds its own), and the longest input worth making (past the
/// size limits for files, short for queries and postcodes; `fuzz/nightly.sh` passes the same
/// as libFuzzer's `-max_len`).
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
    pub tokens: &'static [&'static str],
    pub max_len: usize,
}

/// Longer than a listing file may be (64 KB), for the targets that write or read files.
const FILES: usize = 80_000;

/// Every target, in the order the README lists them.
pub const ALL: &[Target] = &[
    Target {
        name: "listing",
        run: listing::run,
        tokens: listing::TOKENS,
        max_len: FILES,
    },
    Target {
        name: "postcode",
        run: postcode::run,
        tokens: postcode::TOKENS,
        max_len: 64,
    },
    Target {
        name: "sessions",
        run: sessions::run,
        tokens: sessions::TOKENS,
        max_len: 1_024,
    },
    Target {
        name: "api",
        run: api::run,
        tokens: api::TOKENS,
        max_len: 4_096,
    },
    Target {
        name: "search",
        run: search::run,
        tokens: search::TOKENS,
        max_len: 1_024,
    },
    Target {
        name: "intake",
        run: authoring::intake,
        tokens: authoring::INTAKE_TOKENS,
        max_len: FILES,
    },
    Target {
        name: "draft",
        run: authoring::draft,
        tokens: authoring::DRAFT_TOKENS,
        max_len: FILES,
    },
];

/// The target called `name`.
pub fn target(name: &str) -> &'static Target {
    ALL.iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no fuzz target `{name}`"))
}

/// The date every target takes as today, as the tests do.
pub const TODAY: &str = "2026-11-22";

/// The repository: the folder with `signpost.toml`, whichever crate includes this file (the
/// main crate, or `fuzz/` one folder down).
pub fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        if here.join("signpost.toml").is_file() {
            here.to_path_buf()
        } else {
            here.parent()
                .expect("fuzz/ is inside the repository")
                .to_path_buf()
        }
    })
}

/// An input as text: invalid UTF-8 is replaced, so byte-level mutations still reach the code.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// This process's own scratch folder, `target/fuzz-scratch/<pid>/` in the repository (ignored
/// by git, emptied when the process starts using it): where the authoring targets write
/// listings, so nothing tracked ever changes. The folders of processes that have ended are
/// removed (where `/proc` tells which have).
pub fn scratch() -> &'static Path {
    static SCRATCH: OnceLock<PathBuf> = OnceLock::new();
    SCRATCH.get_or_init(|| {
        let all = root().join("target/fuzz-scratch");
        let proc = Path::new("/proc");
        for entry in std::fs::read_dir(&all).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let ended = name
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|pid| proc.is_dir() && !proc.join(pid.to_string()).exists());
            if ended {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let dir = all.join(std::process::id().to_string());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("listings")).expect("create the fuzz scratch folder");
        dir
    })
}

/// The bundled Croydon directory (its postcodes, wards and vocabularies, today fixed), loaded
/// once, with its listings folder moved to the empty [`scratch`] one: new listings are checked
/// against the real data, and writing one touches nothing tracked.
pub fn directory() -> &'static Directory {
    static DIRECTORY: OnceLock<Directory> = OnceLock::new();
    DIRECTORY.get_or_init(|| {
        let mut directory = directory::load(
            root(),
            &Options {
                paths: Vec::new(),
                today: Some(TODAY.parse().expect("a date")),
            },
        )
        .expect("load the bundled directory")
        .directory;
        // Relative to the root, as in signpost.toml, so paths read as `check` shows them.
        directory.config.listings = scratch()
            .strip_prefix(root())
            .expect("the scratch folder is inside the repository")
            .join("listings");
        directory
    })
}

/// The test-only hook in `validate::check` (debug builds, so the stable harness and cargo-fuzz
/// alike) panics while checking the listing whose id is in `SIGNPOST_TEST_PANIC`: true for an
/// id it names. The tests set that variable only for the commands they start, so here it is
/// normally unset; when a whole run has it set, the targets still never check a listing under
/// the id it names (see [`unhooked`]), so the hook's panic is never taken for a crash.
pub fn hook_names(id: &str) -> bool {
    std::env::var("SIGNPOST_TEST_PANIC").is_ok_and(|named| named == id)
}

/// `id`, or another id when `SIGNPOST_TEST_PANIC` names it (see [`hook_names`]).
pub fn unhooked(id: &str) -> String {
    if hook_names(id) {
        format!("{id}-unhooked")
    } else {
        id.to_string()
    }
}

/// Fails on a diagnostic that reports Signpost's own failure (a caught panic, E025).
pub fn assert_no_internal_error(diagnostics: &[Diagnostic], input: &str) {
    if let Some(d) = diagnostics.iter().find(|d| d.code == Code::Internal) {
        panic!(
            "Signpost failed on this input: {}\ninput: {input:?}",
            d.message
        );
    }
}

/// Fails when a diagnostic points outside a text of `lines` lines (one past the end is where
/// a missing field is reported).
pub fn assert_inside(diagnostics: &[Diagnostic], text: &str) {
    let lines = text.lines().count().max(1);
    for d in diagnostics {
        assert!(
            d.pos.line >= 1 && d.pos.line <= lines + 1,
            "a diagnostic points outside the file: {d:?}\ninput: {text:?}"
        );
    }
}

/// Prints `diagnostics` in every format `check` has, with `text` as the file's source: the
/// printing code slices listing text at the diagnostics' positions.
pub fn render_all(diagnostics: &[Diagnostic], text: &str) {
    use signpost::diagnostics::{ProblemFormat, render};
    let source = |_: &Path| Some(text.to_string());
    for format in [
        ProblemFormat::Human,
        ProblemFormat::Json,
        ProblemFormat::Github,
    ] {
        for color in [false, true] {
            let _ = render(diagnostics, format, color, &source);
        }
    }
}
