//! No input makes `check` panic: every truncation of a real listing, every line deleted or
//! doubled, and hostile text spliced into every line are parsed and validated without a panic,
//! and each either passes or yields diagnostics that point inside the file.

use std::path::Path;

use signpost::listing;
use signpost::validate::{self, Rules};
use signpost::vocab::Vocabularies;

fn check_text(text: &str, rules: &Rules) {
    let path = Path::new("listings/knit-and-natter.yaml");
    let lines = text.lines().count().max(1);
    match listing::parse(path, text) {
        Err(d) => assert!(d.pos.line <= lines + 1, "{d:?} for {text:?}"),
        Ok(loaded) => {
            let checked = validate::check(&loaded, rules);
            for d in &checked.diagnostics {
                assert!(d.pos.line <= lines + 1, "{d:?}");
            }
            assert_eq!(
                checked.listing.is_some(),
                !checked.diagnostics.iter().any(|d| d.is_error())
            );
        }
    }
}

const SPLICES: &[&str] = &[
    "\t",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!binary ",
    "\u{0}",
    "\u{feff}",
    "'",
    "\"",
    "{",
    "[",
    "|",
    ">",
    "%YAML 1.1",
    "---",
    "...",
    "? ",
    "\u{202e}",
    "9999999999999999999999",
    "-1",
    ".nan",
    "~",
    "<script>",
    "\r",
];

#[test]
fn mangled_listings_never_panic() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/valid/thornton-heath/knit-and-natter.yaml"),
    )
    .unwrap();
    let vocab = Vocabularies::builtin();
    let wards = vec!["Thornton Heath".to_string()];
    let rules = Rules {
        vocab: &vocab,
        wards: &wards,
        today: "2026-11-22".parse().unwrap(),
        fallback_team: false,
    };
    check_text(&text, &rules);

    // Every prefix, cut at each character boundary.
    for (i, _) in text.char_indices() {
        check_text(&text[..i], &rules);
    }
    let lines: Vec<&str> = text.lines().collect();
    for i in 0..lines.len() {
        // Each line deleted, and each line doubled.
        let mut deleted = lines.clone();
        deleted.remove(i);
        check_text(&deleted.join("\n"), &rules);
        let mut doubled = lines.clone();
        doubled.insert(i, lines[i]);
        check_text(&doubled.join("\n"), &rules);
        // Hostile text spliced into the middle of each line.
        let line = lines[i];
        let mid = (0..=line.len() / 2)
            .rev()
            .find(|&m| line.is_char_boundary(m))
            .unwrap_or(0);
        for splice in SPLICES {
            let mixed = format!("{}{splice}{}", &line[..mid], &line[mid..]);
            let mut spliced = lines.clone();
            spliced[i] = &mixed;
            check_text(&spliced.join("\n"), &rules);
        }
    }
}

/// The listing that once crashed every command (`days: [éé]`: a day name whose first three bytes
/// end inside a character), and a listing whose checking panics through the test-only hook
/// (`SIGNPOST_TEST_PANIC`, debug builds only): `check` reports each with its file and goes on,
/// `build` and `export` publish every other listing.
#[test]
fn one_listing_that_panics_or_crashed_never_stops_the_run() {
    use std::process::Command;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for entry in walkdir::WalkDir::new(fixtures.join("build")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(fixtures.join("build")).unwrap();
        let to = root.join("build").join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::copy(
        fixtures.join("data/wards.geojson"),
        root.join("data/wards.geojson"),
    )
    .unwrap();
    let root = root.join("build");
    std::fs::copy(
        fixtures.join("invalid/accented-day/listing.yaml"),
        root.join("listings/accented-day.yaml"),
    )
    .unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_signpost"))
            .arg("--root")
            .arg(&root)
            .args(args)
            .env("SIGNPOST_TODAY", "2026-11-22")
            .env("SIGNPOST_TEST_PANIC", "far-choir")
            .output()
            .unwrap()
    };
    let out = run(&["check", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes = |file: &str| -> Vec<String> {
        found
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["file"].as_str().unwrap().ends_with(file))
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes("far-choir.yaml"), ["E025"], "{found:#}");
    assert!(
        codes("accented-day.yaml").contains(&"E022".to_string()),
        "{found:#}"
    );
    assert!(codes("close-coffee-morning.yaml").is_empty(), "{found:#}");
    for format in ["human", "github"] {
        let out = run(&["check", "--format", format]);
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            text.contains("E025") && text.contains("far-choir.yaml"),
            "{text}"
        );
        assert!(
            text.contains("E022") && text.contains("accented-day.yaml"),
            "{text}"
        );
    }

    let site = root.join("site");
    let out = run(&["build", "--out", site.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        root.join("site/listings/close-coffee-morning/index.html")
            .is_file()
    );
    assert!(!root.join("site/listings/far-choir").exists());
    assert!(!root.join("site/listings/accented-day").exists());

    let open = root.join("open");
    let out = run(&[
        "export",
        "--format",
        "ndjson",
        "--out",
        open.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let services = std::fs::read_to_string(root.join("open/services.ndjson")).unwrap();
    assert!(services.contains("Close Coffee Morning") && !services.contains("Far Choir"));
}
