//! `signpost check` through the command line, on the fixture directory in `tests/fixtures`:
//! every folder in `invalid/` holds one mistake and an `expected.json` naming the code, file,
//! line, column and message that must be reported for it.

use std::path::Path;
use std::process::Output;

use crate::common::{Dir, fixtures, signpost, stderr};
use serde_json::Value;

fn json_diagnostics(out: &Output) -> Vec<Value> {
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
        .as_array()
        .expect("an array")
        .clone()
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn matches(d: &Value, expected: &Value) -> bool {
    d["code"] == expected["code"]
        && d["file"] == expected["file"]
        && d["line"] == expected["line"]
        && d["column"] == expected["column"]
        && d["message"]
            .as_str()
            .unwrap()
            .contains(expected["message"].as_str().unwrap())
}

#[test]
fn the_valid_fixtures_pass_with_no_problems() {
    let out = signpost(&fixtures(), &["check", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json_diagnostics(&out), Vec::<Value>::new());
}

#[test]
fn every_invalid_case_fails_with_its_code_file_line_and_message() {
    let cases = cases();
    assert!(cases.len() >= 35, "only {} cases", cases.len());
    for case in cases {
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(fixtures().join("invalid").join(&case).join("expected.json"))
                .unwrap(),
        )
        .unwrap();
        let out = signpost(
            &fixtures(),
            &["check", &format!("invalid/{case}"), "--format", "json"],
        );
        assert_eq!(out.status.code(), Some(1), "{case}: exit code");
        let diags = json_diagnostics(&out);
        assert!(
            diags
                .iter()
                .any(|d| matches(d, &expected) && d["severity"] == "error"),
            "{case}: expected {expected}\ngot {diags:#?}"
        );
    }
}

#[test]
fn human_output_looks_like_rustc() {
    let out = signpost(&fixtures(), &["check", "invalid/unknown-need"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("error[E006]: unknown need `lonelyness`"),
        "{text}"
    );
    assert!(
        text.contains("--> invalid/unknown-need/listing.yaml:8:9"),
        "{text}"
    );
    assert!(
        text.contains("needs: [lonelyness, arts-and-creativity]"),
        "{text}"
    );
    assert!(text.contains("^^^^^^^^^^"), "{text}");
    assert!(
        text.contains("help: did you mean `loneliness-and-isolation`?"),
        "{text}"
    );
    assert!(text.contains("checked 1 listing"), "{text}");
}

#[test]
fn all_problems_in_all_files_are_reported_in_one_run() {
    let out = signpost(&fixtures(), &["check", "invalid", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let diags = json_diagnostics(&out);
    for case in cases() {
        let prefix = format!("invalid/{case}/");
        assert!(
            diags
                .iter()
                .any(|d| d["file"].as_str().unwrap().starts_with(&prefix)),
            "nothing reported for {case}"
        );
    }
    // One file with several mistakes gets one diagnostic per mistake.
    let dir = tempfile::tempdir().unwrap();
    copy_fixture_base(dir.path());
    let text =
        std::fs::read_to_string(fixtures().join("valid/thornton-heath/knit-and-natter.yaml"))
            .unwrap()
            .replace("CR7 7JE", "CR0 1NY")
            .replace("knitandnatter@example.org", "not an email")
            .replace("min_age: 18", "min_age: 200")
            .replace("loneliness-and-isolation", "lonelyness");
    std::fs::write(dir.path().join("valid/many.yaml"), text).unwrap();
    let out = signpost(dir.path(), &["check", "--format", "json"]);
    let codes: Vec<&str> = json_diagnostics(&out)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .leak()
        .iter()
        .map(String::as_str)
        .collect();
    for code in ["E006", "E009", "E012", "E015"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

fn copy_fixture_base(to: &Path) {
    std::fs::create_dir_all(to.join("data")).unwrap();
    std::fs::create_dir_all(to.join("valid")).unwrap();
    for f in ["signpost.toml", "data/postcodes.csv", "data/wards.geojson"] {
        std::fs::copy(fixtures().join(f), to.join(f)).unwrap();
    }
}

#[test]
fn github_format_prints_workflow_annotations() {
    let out = signpost(
        &fixtures(),
        &["check", "invalid/bad-phone", "--format", "github"],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("E013"))
        .expect("an E013 line");
    assert!(
        line.starts_with("::error file=invalid/bad-phone/listing.yaml,line=35,col=10,title=E013"),
        "{line}"
    );
    assert!(
        line.contains("::E013 `555-0199` is not a UK phone number"),
        "{line}"
    );
}

#[test]
fn warnings_do_not_fail_the_check() {
    let out = signpost(&fixtures(), &["check", "warnings", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let diags = json_diagnostics(&out);
    let has = |code: &str, file: &str, line: u64| {
        diags.iter().any(|d| {
            d["code"] == code
                && d["severity"] == "warning"
                && d["file"] == format!("warnings/{file}")
                && d["line"] == line
        })
    };
    assert!(has("W001", "old-and-quiet.yaml", 8), "{diags:#?}");
    assert!(has("W002", "old-and-quiet.yaml", 1), "{diags:#?}");
    assert!(has("W003", "old-and-quiet.yaml", 5), "{diags:#?}");
    assert!(has("W004", "expired.yaml", 11), "{diags:#?}");
    assert!(
        has("W005", "old-and-quiet.yaml", 1)
            || has("W005", "old-and-quiet-coffee-mornings.yaml", 1),
        "{diags:#?}"
    );
    let w005: Vec<&Value> = diags.iter().filter(|d| d["code"] == "W005").collect();
    assert_eq!(w005.len(), 1, "{w005:#?}");
    assert!(
        w005[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("this looks like warnings/"),
        "{w005:#?}"
    );
    assert!(
        !diags
            .iter()
            .any(|d| d["file"] == "warnings/expired.yaml" && d["code"] == "W003")
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = signpost(&fixtures(), &["check", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = signpost(&fixtures(), &["check", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    let out = signpost(Path::new("/nonexistent-root"), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("signpost.toml"));
}

/// What in signpost.toml would stop a build (a site id that cannot be the site's folder, a
/// language without interface text) stops `check` too, with the message `build` gives: exit
/// 2, as for a directory that cannot be used, since no listing makes it right.
#[test]
fn site_ids_and_languages_that_cannot_be_built_stop_check_as_they_stop_build() {
    let site =
        |id: &str| format!("[[sites]]\nid = \"{id}\"\nname = \"Site\"\npostcode = \"CR0 1AA\"\n");
    let cases = [
        (
            "",
            site("add"),
            "the site id `add` is used by the sites' own folders\nhelp: choose another id in signpost.toml",
        ),
        (
            "",
            site("North_Croydon"),
            "the site id `North_Croydon` cannot be used in addresses\nhelp: use lower-case letters, digits and hyphens",
        ),
        (
            "",
            site("pl"),
            "the site id `pl` is the code of a language the sites are built in\nhelp: choose another id in signpost.toml",
        ),
        (
            "languages = [\"en\", \"xx\"]\n",
            String::new(),
            "the theme has no interface text in the language `xx` named in signpost.toml\nhelp: use one of en, so, ar, bn, ur, pl, or add themes/default/i18n/xx.toml",
        ),
        (
            "languages = [\"en\", \"pl\", \"en\"]\n",
            String::new(),
            "the language `en` is named twice in signpost.toml",
        ),
    ];
    for (top, tables, message) in cases {
        let d = Dir::plain(&tables);
        let config = d.path().join("signpost.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("{top}{text}")).unwrap();
        let public = d.path().join("public");
        for args in [
            vec!["check"],
            vec!["build", "--out", public.to_str().unwrap()],
        ] {
            let out = d.run(&args);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
            assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        }
        assert!(!public.exists(), "nothing is built");
    }
    // A language's code is a site id like any other when the sites are not built in it.
    let d = Dir::plain(&site("pl"));
    let config = d.path().join("signpost.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("languages = [\"en\"]\n{text}")).unwrap();
    let out = d.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// A `signpost.toml` that cannot be used stops `check` (exit 2) with the whole error as
/// `diagnostics::error_text` prints it: the message naming the file and the key, then what to do
/// on its own `help:` line, last; a missing one says where to run signpost.
#[test]
fn a_config_error_is_printed_with_its_help_line_last() {
    let d = Dir::plain("[theme]\ncolour = \"navy\"\n");
    let config = d.path().join("signpost.toml");
    let out = d.run(&["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}: `[theme] colour` is \"navy\", which is not a hex colour\n\
             help: write it as \"#rrggbb\", e.g. colour = \"#005eb8\"\n",
            config.display()
        )
    );
    std::fs::remove_file(&config).unwrap();
    let out = d.run(&["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("error: cannot read {}: ", config.display())),
        "{err}"
    );
    assert!(
        err.ends_with("\nhelp: run signpost in a directory repository, or pass --root DIR\n"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[test]
fn the_committed_json_schema_matches_the_listing_types() {
    let out = signpost(&fixtures(), &["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/listing.schema.json"),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        committed,
        "schema/listing.schema.json is out of date: run `signpost schema > schema/listing.schema.json`"
    );
}

#[test]
fn the_bundled_croydon_directory_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = signpost(root, &["check", "--format", "json"]);
    let diags = json_diagnostics(&out);
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(out.status.code(), Some(0));
    let summary = String::from_utf8_lossy(&out.stderr);
    let n: usize = summary
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a count of listings");
    assert!(n >= 93, "only {n} listings: {summary}");
}

#[test]
fn the_readme_documents_every_problem_code() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for code in signpost::diagnostics::Code::ALL {
        let kind = match code.severity() {
            signpost::diagnostics::Severity::Error => "error",
            signpost::diagnostics::Severity::Warning => "warning",
        };
        let row = format!("| `{}` | {kind} | {} |", code.as_str(), code.describe());
        assert!(readme.contains(&row), "README is missing: {row}");
    }
}
