//! Nothing in the listings folder is skipped without a word: a symbolic link (to anything) is
//! an error and is never followed, a FIFO is an error and never waited on, a hidden YAML file
//! or folder is a warning, and no problem ever shows the text of a file outside the
//! repository.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{check_json, diagnostics, listing, only};
use crate::common::{Dir, TODAY};

/// A file outside the repository whose text must never be shown.
const SECRET: &str = "name: SECRET-OUTSIDE-THE-REPOSITORY\nsummary: x\n";

/// `signpost --root ROOT ARGS…`, failing the test if it runs longer than 60 s (a FIFO read
/// would wait forever); returns the exit code, standard output and standard error.
fn run_bounded(root: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("SIGNPOST_TODAY", TODAY)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("signpost {args:?} was still running after 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

#[test]
fn a_symbolic_link_to_anything_is_an_error_and_its_target_is_never_shown() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), SECRET).unwrap();
    let d = Dir::plain("");
    d.write("listings/knit.yaml", &listing(""));
    d.write("elsewhere/chess.yaml", &listing(""));
    let l = d.path().join("listings");
    symlink(outside.path().join("secret.yaml"), l.join("secret.yaml")).unwrap();
    symlink(d.path().join("elsewhere/chess.yaml"), l.join("chess.yaml")).unwrap();
    symlink(outside.path(), l.join("folder")).unwrap();
    symlink(d.path().join("missing.yaml"), l.join("dangling.yaml")).unwrap();
    symlink(outside.path().join("secret.yaml"), l.join("README")).unwrap();

    let (code, diags) = check_json(&d);
    assert_eq!(code, Some(1), "{diags:#?}");
    let mut files: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "E028")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "listings/README",
            "listings/chess.yaml",
            "listings/dangling.yaml",
            "listings/folder",
            "listings/secret.yaml"
        ]
    );
    let errors = diags.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(errors, 5, "the plain listing is fine: {diags:#?}");
    let link = diags
        .iter()
        .find(|d| d["file"] == "listings/secret.yaml")
        .unwrap();
    assert!(
        link["message"]
            .as_str()
            .unwrap()
            .starts_with("this is a symbolic link, not a plain file"),
        "{diags:#?}"
    );
    for format in ["human", "github", "json"] {
        let (code, out, err) = run_bounded(d.path(), &["check", "--format", format]);
        assert_eq!(code, Some(1));
        assert!(
            !out.contains("SECRET") && !err.contains("SECRET"),
            "{format}: {out}{err}"
        );
    }
    // Named on the command line, a link is refused the same way, never read.
    for path in ["listings/secret.yaml", "listings/folder"] {
        let (code, out, err) = run_bounded(d.path(), &["check", path]);
        assert_eq!(code, Some(1), "{path}: {err}");
        assert!(err.contains("error[E028]"), "{path}: {err}");
        assert!(
            !out.contains("SECRET") && !err.contains("SECRET"),
            "{path}: {err}"
        );
    }
    // The build publishes the plain listing and nothing through a link.
    let public = d.path().join("public");
    let (code, _, err) = run_bounded(d.path(), &["build", "--out", public.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(public.join("listings/knit/index.html").is_file());
    assert!(!public.join("listings/secret").exists() && !public.join("listings/chess").exists());
}

#[test]
fn a_link_on_the_way_to_a_listing_is_refused_too() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), SECRET).unwrap();
    let d = Dir::plain("");
    symlink(outside.path(), d.path().join("listings/through")).unwrap();
    let (code, out, err) = run_bounded(
        d.path(),
        &["check", "--format", "json", "listings/through/secret.yaml"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        !out.contains("SECRET") && !err.contains("SECRET"),
        "{out}{err}"
    );
    let diags: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(only(&diags, "E028")["file"], "listings/through/secret.yaml");
}

#[test]
fn a_fifo_is_an_error_and_check_never_waits_on_it() {
    let d = Dir::plain("");
    d.write("listings/knit.yaml", &listing(""));
    mkfifo(&d.path().join("listings/pipe.yaml"));
    mkfifo(&d.path().join("listings/notes"));
    let (code, out, err) = run_bounded(d.path(), &["check", "--format", "json"]);
    assert_eq!(code, Some(1), "{err}");
    let diags: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let mut files: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "E028")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["listings/notes", "listings/pipe.yaml"],
        "{diags:#?}"
    );
    let fifo = diags.iter().find(|d| d["code"] == "E028").unwrap();
    assert!(
        fifo["message"].as_str().unwrap().contains("a FIFO"),
        "{fifo}"
    );
    let (code, _, err) = run_bounded(d.path(), &["check", "listings/pipe.yaml"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("error[E028]: this is a FIFO (a named pipe)"),
        "{err}"
    );
}

#[test]
fn hidden_yaml_files_and_folders_are_a_warning_not_silence() {
    let d = Dir::plain("");
    d.write("listings/knit.yaml", &listing(""));
    d.write("listings/.chess.yaml", &listing(""));
    d.write("listings/.drafts/bowls.yaml", &listing(""));
    d.write("listings/.gitkeep", "");
    d.write("listings/README.md", "Listings go here.\n");
    let out = d.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let diags: Vec<serde_json::Value> = diagnostics(&out)
        .into_iter()
        .filter(|d| d["code"] != "W002")
        .collect();
    let mut files: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ("W006", "listings/.chess.yaml"),
            ("W006", "listings/.drafts")
        ],
        "{diags:#?}"
    );
    assert_eq!(
        diags[0]["message"],
        "this file's name starts with a dot, so it is not read"
    );
    assert!(
        diags[0]["help"].as_str().unwrap().contains("`chess.yaml`"),
        "{diags:#?}"
    );
}
