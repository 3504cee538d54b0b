//! The golden build: the bundled Croydon directory, committed into a temporary git repository
//! with fixed authors and dates, built with a fixed `SIGNPOST_TODAY`, must give exactly the
//! output recorded in `tests/golden/`:
//!
//! - `manifest.tsv`: path, size and SHA-256 of every file `build` writes, of every file
//!   `export --format hsds` and `export --format csv` write (under `export/…`), and of
//!   `gaps --format json` (under `gaps/…`);
//! - `files/`: full copies of about twenty of those files that a person can read in a diff (a
//!   practice home page, need pages, listing pages in English and Arabic, the calendar file,
//!   the poster, the shortlist, the gaps report, the open data, …).
//!
//! Every performance shortcut (the fast YAML path, stamped cards, the raw git tree reader, the
//! spare output folder, the packed postcode cache) is guarded by this: a change that alters
//! what residents get shows here, file by file. Nothing is left out of the comparison.
//!
//! When a change is meant to alter the output, bless it on purpose, in the same commit:
//! `SIGNPOST_BLESS=1 cargo test --test it golden` rewrites the manifest and the copies (and refuses
//! to run when `CI` is set, so CI can never bless itself). The test fails, listing the changed
//! paths and a text diff of the changed copies, when the manifest is missing or differs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::common;

/// "Today" for the golden build: fixed, so freshness and next sessions never drift.
const TODAY: &str = "2026-11-22";

/// The files kept in full under `tests/golden/files/`: the pages and data a reviewer reads.
const COPIES: &[&str] = &[
    "build/index.html",
    "build/h83009/index.html",
    "build/_redirects",
    "build/h83009/poster/index.html",
    "build/h83009/shortlist/index.html",
    "build/ar/h83009/index.html",
    "build/croydon/index.html",
    "build/croydon/insight/index.html",
    "build/croydon/insight/loneliness-and-isolation.html",
    "build/everywhere/index.html",
    "build/listings/selhurst-arabic-womens-coffee-morning/index.html",
    "build/listings/selhurst-arabic-womens-coffee-morning/selhurst-arabic-womens-coffee-morning.ics",
    "build/listings/central-parade-food-share/index.html",
    "build/add/index.html",
    "build/embed/index.html",
    "build/sites.json",
    "export/csv/service_at_locations.csv",
    "gaps/gaps.json",
];

fn golden() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Copies the parts of the repository a directory is made of (not the code, tests or caches).
pub(crate) fn copy_directory(to: &Path) {
    let repo = common::repo();
    std::fs::copy(repo.join("signpost.toml"), to.join("signpost.toml")).unwrap();
    for folder in ["listings", "data", "schema", "themes"] {
        for entry in walkdir::WalkDir::new(repo.join(folder)).sort_by_file_name() {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(&repo).unwrap();
            if rel.components().any(|c| c.as_os_str() == ".signpost-cache") {
                continue;
            }
            let target = to.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    std::fs::write(to.join(".gitignore"), ".signpost-cache/\n/public/\n/out/\n").unwrap();
}

/// Commits everything but the listings as one import, then each listing (in path order) in a
/// commit of its own, on a date between 2025-09 and 2026-11 that depends only on its position,
/// by one of three authors in turn: the listing's first maintainer (through a GitHub no-reply
/// address, so the change counts as the group confirming it), a volunteer who maintains nothing,
/// and a council editor. Pages then show real "Last changed … by …" lines and freshness from
/// git, the same on every machine.
fn commit_history(root: &Path) {
    let repo = git2::Repository::init(root).unwrap();
    let commit = |paths: &[PathBuf], who: (&str, &str), date: &str, message: &str| {
        let mut index = repo.index().unwrap();
        for p in paths {
            index.add_path(p).unwrap();
        }
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = common::signature(who.0, who.1, date);
        let parent = repo.head().ok().map(|h| h.peel_to_commit().unwrap());
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap();
    };
    let files = |folder: &str| -> Vec<PathBuf> {
        walkdir::WalkDir::new(root.join(folder))
            .sort_by_file_name()
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
            .collect()
    };
    let mut import = vec![PathBuf::from("signpost.toml"), PathBuf::from(".gitignore")];
    for folder in ["data", "schema", "themes"] {
        import.extend(files(folder));
    }
    commit(
        &import,
        ("Signpost Bot", "bot@signpost.example.org"),
        "2025-08-01",
        "Import the directory",
    );
    let start: jiff::civil::Date = "2025-09-01".parse().unwrap();
    let mut listings: Vec<(jiff::civil::Date, usize, PathBuf)> = files("listings")
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let days = (i as i64 * 37) % 430;
            (start + jiff::Span::new().days(days), i, p)
        })
        .collect();
    listings.sort();
    for (date, i, path) in listings {
        let text = std::fs::read_to_string(root.join(&path)).unwrap();
        let maintainer = text
            .lines()
            .find_map(|l| l.strip_prefix("maintainers: ["))
            .and_then(|rest| rest.split([',', ']']).next())
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .unwrap_or("signpost-volunteer")
            .to_string();
        let email = format!("{}+{maintainer}@users.noreply.github.com", 1000 + i);
        let who = match i % 3 {
            0 => (maintainer.as_str(), email.as_str()),
            1 => ("Volunteer Val", "val@example.org"),
            _ => ("Council Editor", "editor@council.example.org"),
        };
        let date = date.to_string();
        commit(
            std::slice::from_ref(&path),
            who,
            &date,
            &format!("Add {}", path.display()),
        );
    }
}

fn signpost(root: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("SIGNPOST_TODAY", TODAY)
        .env_remove("SIGNPOST_TIMINGS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "signpost {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file under `dir`: its path (with `prefix`, `/`-separated) → its bytes.
fn files_under(dir: &Path, prefix: &str, into: &mut BTreeMap<String, Vec<u8>>) {
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            into.insert(
                format!("{prefix}/{}", rel.join("/")),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
}

/// Builds the golden directory and returns every output file by its manifest path.
fn outputs() -> BTreeMap<String, Vec<u8>> {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("croydon");
    std::fs::create_dir_all(&root).unwrap();
    copy_directory(&root);
    commit_history(&root);
    let out = temp.path().join("out");
    let arg = |p: PathBuf| p.to_string_lossy().into_owned();
    signpost(&root, &["build", "--out", &arg(out.join("build"))]);
    for format in ["hsds", "csv"] {
        let to = arg(out.join("export").join(format));
        signpost(&root, &["export", "--format", format, "--out", &to]);
    }
    signpost(
        &root,
        &["gaps", "--format", "json", "--out", &arg(out.join("gaps"))],
    );
    let mut files = BTreeMap::new();
    for part in ["build", "export", "gaps"] {
        files_under(&out.join(part), part, &mut files);
    }
    files
}

fn manifest(files: &BTreeMap<String, Vec<u8>>) -> String {
    let mut text =
        String::from("# path\tsize\tsha256 (tests/it/golden.rs; bless with SIGNPOST_BLESS=1)\n");
    for (path, bytes) in files {
        let hash = Sha256::digest(bytes);
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        writeln!(text, "{path}\t{}\t{hex}", bytes.len()).unwrap();
    }
    text
}

fn bless(files: &BTreeMap<String, Vec<u8>>, manifest: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "SIGNPOST_BLESS is refused when CI is set: bless on a development machine and commit"
    );
    let dir = golden();
    let _ = std::fs::remove_dir_all(dir.join("files"));
    for copy in COPIES {
        let bytes = files
            .get(*copy)
            .unwrap_or_else(|| panic!("{copy} is not in the output: update COPIES"));
        let path = dir.join("files").join(copy);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::write(dir.join("manifest.tsv"), manifest).unwrap();
}

/// A unified diff of two texts, at most `max` lines of it.
fn diff(old: &str, new: &str, max: usize) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff.unified_diff().context_radius(2).to_string();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = lines[..lines.len().min(max)].join("\n");
    if lines.len() > max {
        write!(out, "\n… {} more lines of diff", lines.len() - max).unwrap();
    }
    out
}

#[test]
fn the_bundled_directory_builds_exactly_the_golden_output() {
    let files = outputs();
    let manifest = manifest(&files);
    if std::env::var_os("SIGNPOST_BLESS").is_some() {
        bless(&files, &manifest);
        return;
    }
    let recorded = std::fs::read_to_string(golden().join("manifest.tsv")).unwrap_or_else(|_| {
        panic!(
            "tests/golden/manifest.tsv is missing: run `SIGNPOST_BLESS=1 cargo test --test \
             it golden` and commit tests/golden/"
        )
    });
    if recorded == manifest {
        // The copies are in the manifest too; they can only differ if edited by hand.
        for copy in COPIES {
            let kept = std::fs::read(golden().join("files").join(copy)).unwrap_or_default();
            assert!(
                kept == files[*copy],
                "tests/golden/files/{copy} differs from the manifest: bless again"
            );
        }
        return;
    }
    let entries = |text: &str| -> BTreeMap<String, String> {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(p, rest)| (p.to_string(), rest.to_string()))
            .collect()
    };
    let (old, new) = (entries(&recorded), entries(&manifest));
    let mut report = String::from(
        "the build differs from tests/golden/ (if the change is meant, bless it on purpose: \
         SIGNPOST_BLESS=1 cargo test --test it golden, and commit tests/golden/ with it)\n",
    );
    let mut changed = 0;
    for path in old
        .keys()
        .chain(new.keys().filter(|p| !old.contains_key(*p)))
    {
        let what = match (old.get(path), new.get(path)) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(_), Some(_)) => "changed",
            (Some(_), None) => "removed",
            _ => "added",
        };
        changed += 1;
        if changed <= 200 {
            writeln!(report, "  {what}: {path}").unwrap();
        }
    }
    if changed > 200 {
        writeln!(report, "  … {} more paths", changed - 200).unwrap();
    }
    writeln!(report, "{changed} paths differ").unwrap();
    for copy in COPIES {
        let kept = std::fs::read(golden().join("files").join(copy)).unwrap_or_default();
        let now = files.get(*copy).cloned().unwrap_or_default();
        if kept != now {
            writeln!(
                report,
                "\n--- tests/golden/files/{copy}\n+++ the build now\n{}",
                diff(
                    &String::from_utf8_lossy(&kept),
                    &String::from_utf8_lossy(&now),
                    80
                )
            )
            .unwrap();
        }
    }
    panic!("{report}");
}
