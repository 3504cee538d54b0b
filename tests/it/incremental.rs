//! Incremental builds, through the real binary on a copy of the bundled Croydon directory:
//! after one listing's summary is edited, a rebuild writes only the files whose bytes changed
//! (at most 200 of Croydon's 2,000-odd), every other file keeps its modification time, and the
//! build says how many files it wrote, kept and removed; a build killed half way leaves the
//! previous output byte for byte as it was, and the next build succeeds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::common::{TODAY, signpost, stderr, stdout};

/// A file of a build: its bytes and its modification time.
#[derive(Clone, PartialEq, Eq, Debug)]
struct File {
    bytes: Vec<u8>,
    modified: SystemTime,
}

/// Every file under `out`, by its path below it.
fn snapshot(out: &Path) -> BTreeMap<PathBuf, File> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let file = File {
                bytes: std::fs::read(e.path()).unwrap(),
                modified: e.metadata().unwrap().modified().unwrap(),
            };
            (e.path().strip_prefix(out).unwrap().to_path_buf(), file)
        })
        .collect()
}

/// The figures of the build's summary line: (wrote, kept, removed).
fn changes(summary: &str) -> (usize, usize, usize) {
    let rest = &summary[summary.find(": wrote ").expect(summary) + ": wrote ".len()..];
    let number = |s: &str| -> usize {
        s.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap()
    };
    let wrote = number(rest);
    let kept = number(&rest[rest.find("kept ").unwrap() + 5..]);
    let removed = number(&rest[rest.find("removed ").unwrap() + 8..]);
    (wrote, kept, removed)
}

/// A copy of the bundled Croydon directory, and its output folder.
fn croydon() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("croydon");
    std::fs::create_dir_all(&root).unwrap();
    crate::golden::copy_directory(&root);
    let out = temp.path().join("public");
    (temp, root, out)
}

fn build(root: &Path, out: &Path) -> String {
    let built = signpost(root, &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    stdout(&built)
}

/// Puts `words` in front of the summary of the listing file `rel` under `root`.
fn edit_summary(root: &Path, rel: &str, words: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("\nsummary: ", &format!("\nsummary: {words} "), 1);
    assert_ne!(text, edited);
    std::fs::write(&path, edited).unwrap();
}

const LISTING: &str = "listings/kenley/kenley-chalk-grassland-helpers.yaml";

#[test]
fn one_edited_summary_rewrites_only_the_files_that_changed_and_says_so() {
    let (_temp, root, out) = croydon();
    let first = build(&root, &out);
    let (wrote, kept, removed) = changes(&first);
    let before = snapshot(&out);
    assert_eq!((wrote, kept, removed), (before.len(), 0, 0), "{first}");
    assert!(before.len() > 1000, "{}", before.len());
    // Past the file system's clock tick, so that a file written again would show it.
    std::thread::sleep(Duration::from_millis(50));

    edit_summary(&root, LISTING, "Newly edited.");
    let second = build(&root, &out);
    let after = snapshot(&out);
    let (wrote, kept, removed) = changes(&second);
    let mut touched = 0;
    for (rel, file) in &after {
        match before.get(rel) {
            Some(old) if old.bytes == file.bytes => {
                assert_eq!(
                    old.modified,
                    file.modified,
                    "{}: same bytes, new time",
                    rel.display()
                );
            }
            Some(old) => {
                assert_ne!(old.modified, file.modified, "{}", rel.display());
                touched += 1;
            }
            None => touched += 1,
        }
    }
    assert!(touched > 0 && touched <= 200, "{touched} files written");
    assert_eq!(wrote, touched, "{second}");
    assert_eq!(kept, after.len() - touched, "{second}");
    assert_eq!(removed, 0, "{second}");
    // The edit is in the output: the listing's page, in every language.
    let page = String::from_utf8_lossy(
        &after[Path::new("listings/kenley-chalk-grassland-helpers/index.html")].bytes,
    )
    .into_owned();
    assert!(page.contains("Newly edited."), "{page}");

    // A listing taken out: its pages, calendar and open data go, and the build says how many.
    std::thread::sleep(Duration::from_millis(50));
    std::fs::remove_file(root.join(LISTING)).unwrap();
    let third = build(&root, &out);
    let gone = snapshot(&out);
    let (_, _, removed) = changes(&third);
    let missing = after.keys().filter(|rel| !gone.contains_key(*rel)).count();
    // Its page (which holds every language) and its open data at least.
    assert!(missing >= 2, "{missing}");
    assert_eq!(removed, missing, "{third}");
    assert!(!out.join("listings/kenley-chalk-grassland-helpers").exists());
}

#[test]
fn a_build_killed_half_way_leaves_the_previous_output_as_it_was() {
    let (temp, root, out) = croydon();
    build(&root, &out);
    let before = snapshot(&out);
    edit_summary(&root, LISTING, "Never published.");

    let mut child = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .arg("--root")
        .arg(&root)
        .args(["build", "--out", out.to_str().unwrap()])
        .env("SIGNPOST_TODAY", TODAY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The staging folder beside the output, once it holds some of the new build's files.
    let staging = temp.path().join(format!(".public.new-{}", child.id()));
    let started = Instant::now();
    loop {
        let files = walkdir::WalkDir::new(&staging)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count();
        if files >= 20 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no staging folder"
        );
        assert!(child.try_wait().unwrap().is_none(), "the build ended first");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "{status:?}");
    }
    assert!(staging.exists(), "killed before the swap");
    // The previous output, byte for byte and time for time.
    assert_eq!(snapshot(&out), before);

    // The next build succeeds, publishes the edit and clears the killed build's folder.
    build(&root, &out);
    assert!(!staging.exists());
    let page =
        std::fs::read_to_string(out.join("listings/kenley-chalk-grassland-helpers/index.html"))
            .unwrap();
    assert!(page.contains("Never published."));
}

/// Every file under `out` and its bytes, by its path below it (times left out).
fn contents(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot(out)
        .into_iter()
        .map(|(rel, file)| (rel, file.bytes))
        .collect()
}

/// Builds `root` into `out` with timings on: (the summary, how many jobs kept their files).
fn build_timed(root: &Path, out: &Path) -> (String, usize) {
    let built = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .arg("--root")
        .arg(root)
        .args(["build", "--out", out.to_str().unwrap()])
        .env("SIGNPOST_TODAY", TODAY)
        .env("SIGNPOST_TIMINGS", "1")
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let err = stderr(&built);
    let line = err
        .lines()
        .find(|l| l.starts_with("timing: pages "))
        .unwrap_or_else(|| panic!("{err}"));
    let kept = line
        .split("kept ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line}"));
    (stdout(&built), kept)
}

/// Replaces `from` by `to` in the file `rel` under `root`, once.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel}: no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn after_any_kind_of_edit_a_rebuild_is_byte_for_byte_a_clean_build() {
    let (temp, root, out) = croydon();
    let (_, kept) = build_timed(&root, &out);
    assert_eq!(kept, 0);
    type Edit = fn(&Path);
    let edits: [(&str, Edit); 8] = [
        ("a listing's summary", |root| {
            edit_summary(root, LISTING, "Edited again.")
        }),
        (
            "a listing's postcode, to another part of the borough",
            |root| edit(root, LISTING, "postcode: CR8 5EG", "postcode: SW16 5PY"),
        ),
        ("the theme", |root| {
            let theme = root.join("themes/default/listing.html");
            let text = std::fs::read_to_string(&theme).unwrap();
            let edited = text.replacen(
                "{% block content %}",
                "{% block content %}<p>Edited.</p>",
                1,
            );
            assert_ne!(text, edited);
            std::fs::write(&theme, edited).unwrap();
        }),
        ("signpost.toml", |root| {
            edit(
                root,
                "signpost.toml",
                "title = \"Signpost Croydon\"",
                "title = \"Signpost Croydon, edited\"",
            )
        }),
        ("a new listing", |root| {
            let text = std::fs::read_to_string(root.join(LISTING)).unwrap();
            let text = text.replacen(
                "name: Kenley Chalk Grassland Helpers",
                "name: Kenley Meadow Friends",
                1,
            );
            std::fs::write(
                root.join("listings/kenley/kenley-meadow-friends.yaml"),
                text,
            )
            .unwrap();
        }),
        ("a deleted listing", |root| {
            std::fs::remove_file(root.join(LISTING)).unwrap()
        }),
        ("nothing", |_| {}),
        ("the date", |_| {}),
    ];
    let fresh = temp.path().join("fresh");
    for (what, change) in edits {
        change(&root);
        let (summary, kept) = if what == "the date" {
            // Another day: what pages say of next sessions and freshness may change.
            let built = Command::new(env!("CARGO_BIN_EXE_signpost"))
                .arg("--root")
                .arg(&root)
                .args(["build", "--out", out.to_str().unwrap()])
                .env("SIGNPOST_TODAY", "2026-12-09")
                .output()
                .unwrap();
            assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
            let _ = std::fs::remove_dir_all(&fresh);
            let clean = Command::new(env!("CARGO_BIN_EXE_signpost"))
                .arg("--root")
                .arg(&root)
                .args(["build", "--out", fresh.to_str().unwrap()])
                .env("SIGNPOST_TODAY", "2026-12-09")
                .output()
                .unwrap();
            assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
            (stdout(&built), 0)
        } else {
            let rebuilt = build_timed(&root, &out);
            let _ = std::fs::remove_dir_all(&fresh);
            build(&root, &fresh);
            rebuilt
        };
        let (incremental, clean) = (contents(&out), contents(&fresh));
        let differ: Vec<&PathBuf> = incremental
            .keys()
            .chain(clean.keys())
            .filter(|rel| incremental.get(*rel) != clean.get(*rel))
            .collect();
        assert!(differ.is_empty(), "after {what}: {differ:?}\n{summary}");
        // Jobs whose inputs did not change kept their files; a change every page shows
        // (the theme of listing pages only, the title, a new day) leaves fewer to keep.
        match what {
            "a listing's summary" | "a new listing" | "a deleted listing" | "nothing" => {
                // Of Croydon's 428 (99 listing pages, 47 sites × 6 languages, 47 indexes).
                assert!(kept > 350, "after {what}: only {kept} jobs kept")
            }
            _ => {}
        }
    }
}
