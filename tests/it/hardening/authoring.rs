//! What the authoring tools write, `check` accepts: `intake` refuses an issue whose answers
//! would make a listing over the size limit (naming the answer to shorten) and one with
//! characters `check` refuses, and writes nothing; `new` writes nowhere `check` would not read
//! (a hidden folder, through a link); the "Add your group" page's script drops control
//! characters and direction overrides from the answers before it writes the file.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use super::diagnostics;
use crate::common::{self, Dir, TODAY, fixtures, signpost_with_input, stderr, stdout};

/// The knit-and-natter issue body with `from` replaced by `to`.
fn body(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(fixtures().join("intake/knit-and-natter.md")).unwrap();
    assert!(text.contains(from), "{from}");
    text.replace(from, to)
}

/// `intake -` with `body` on standard input.
fn intake(d: &Dir, body: &str) -> std::process::Output {
    signpost_with_input(d.path(), &["intake", "-"], Some(body))
}

/// The listing files under `listings/`.
fn written(d: &Dir) -> Vec<String> {
    signpost::listing::find(d.path(), &d.path().join("listings"))
        .iter()
        .map(|p| p.display().to_string())
        .collect()
}

#[test]
fn intake_refuses_answers_too_long_for_a_listing_and_names_the_one_to_shorten() {
    let d = Dir::plain("");
    let long = "Knitting is good for you. ".repeat(8_000); // 208,000 characters
    let out = intake(
        &d,
        &body("Bring your own project or learn from scratch", &long),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("over the 64 KB a listing file may be: \"More about the group\" alone is 208"),
        "{err}"
    );
    assert!(err.contains("no listing was written"), "{err}");
    assert!(written(&d).is_empty());

    // Just under the limit is written, and check accepts it.
    let fits = "Knitting is good for you. ".repeat(2_300); // 59,800 characters
    let out = intake(
        &d,
        &body("Bring your own project or learn from scratch", &fits),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let check = d.run(&["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn intake_never_writes_a_file_check_refuses_for_its_characters() {
    let d = Dir::plain("");
    let out = intake(
        &d,
        &body("wool.", "wool.\u{0}\u{1b}[31m")
            .replace("Knit and Natter", "Knit \u{202e}and Natter"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("error[E026]: `name` contains a hidden text-direction control"),
        "{err}"
    );
    assert!(
        err.contains("error[E026]: `description` contains a NUL character"),
        "{err}"
    );
    assert!(err.contains("was not written"), "{err}");
    assert!(written(&d).is_empty());
}

#[test]
fn new_writes_nowhere_check_would_not_read() {
    let d = Dir::plain("");
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), d.path().join("listings/linked")).unwrap();
    let args = |folder: &'static str| {
        [
            "new",
            "--name",
            "Chess Club",
            "--summary",
            "Chess for all.",
            "--need",
            "loneliness-and-isolation",
            "--online",
            "--email",
            "chess@example.org",
            "--maintainer",
            "jo-bloggs",
            "--folder",
            folder,
        ]
    };
    let out = d.run(&args(".drafts"));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("must be a plain folder inside the listings folder"));
    let out = d.run(&args("linked"));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error[E028]: this is a symbolic link"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing written outside"
    );
    let out = d.run(&args("chess"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn the_add_page_script_drops_what_check_refuses() {
    use std::io::Write;
    if common::node("the add page's script").is_none() {
        return;
    }
    let answers = serde_json::json!([{
        "name": "Knit\u{0} \u{1b}[31mand\u{202e} Natter",
        "summary": "A friendly\nknitting\u{2028}group.\u{7}",
        "description": "Bring \u{0}your needles.\r\nTea\u{85} and cake.\u{2066}",
        "organisation": "Friends\u{7f}",
        "needs": ["loneliness-and-isolation"],
        "venue": "Hall\u{1b}", "address": "1 High St\r\nCroydon\u{0}", "postcode": "CR0 1AA",
        "email": "knit@example.org", "maintainer": "jo-bloggs", "reviewed": TODAY
    }]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new("node")
        .arg(root.join("tests/js/add.mjs"))
        .arg("# yaml-language-server: $schema=../schema/listing.schema.json")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answers.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let results: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let yaml = results[0]["yaml"].as_str().unwrap();
    let d = Dir::plain("");
    d.write("listings/knit.yaml", yaml);
    let check = d.run(&["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(0), "{yaml}\n{}", stdout(&check));
    assert!(diagnostics(&check).iter().all(|d| d["severity"] != "error"));
    let loaded = signpost::listing::parse(Path::new("listings/knit.yaml"), yaml).unwrap();
    let s = loaded.source;
    assert_eq!(s.name.value, "Knit [31mand Natter");
    assert_eq!(s.summary.value, "A friendly knitting group.");
    assert_eq!(
        s.description.unwrap().value,
        "Bring your needles.\nTea and cake.\n"
    );
    assert_eq!(s.venues[0].value.address.len(), 2);
}
