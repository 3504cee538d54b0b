//! "Still correct", end to end on a real git repository: the body GitHub writes from
//! `.github/ISSUE_TEMPLATE/still-correct.yml` goes through `signpost confirm --issue -` as the
//! workflow runs it; the listing's `reviewed` date becomes today and no other byte of the
//! repository changes, `check` passes, the stale reminder (which links to the form) no longer
//! lists it, and bodies that are not the form or name no listing change nothing.

use crate::common::{Dir, JO, TODAY, listing, signpost_with_input, stderr, stdout};

/// A repository with a fallback team, a listing with its own maintainer, one looked after by
/// the team (written as the add form writes it: no `maintainers` line), and one written by
/// hand with a quoted date, a comment and Windows line ends; all confirmed long ago.
fn repo() -> Dir {
    let mut d = Dir::plain(
        "[support]\nname = \"Testshire CVS\"\nurl = \"https://cvs.example.org/\"\nmaintainers = [\"@test/listings\"]\n",
    );
    d.repo = Some(git2::Repository::init(d.path()).unwrap());
    d.write(
        "listings/knit.yaml",
        &listing("Knit", &["jo-bloggs"], "2026-01-10"),
    );
    d.write(
        "listings/north/walk.yaml",
        &listing("Walk", &[], "2026-02-01").replace("maintainers: []\n", ""),
    );
    d.write(
        "listings/choir.yaml",
        &listing("Choir", &["sam-smith"], "2026-01-05")
            .replace(
                "reviewed: 2026-01-05",
                "reviewed: \"2026-01-05\"  # on the phone",
            )
            .replace('\n', "\r\n"),
    );
    d.commit(JO.0, JO.1, "2026-02-01", "Add three listings");
    d
}

/// The body GitHub writes for the form, from the form's own labels and options.
fn body(id: &str, ticked: bool) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".github/ISSUE_TEMPLATE/still-correct.yml");
    let form: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = String::new();
    for field in form["body"].as_array().unwrap() {
        let label = field["attributes"]["label"].as_str();
        match (field["type"].as_str().unwrap(), label) {
            ("input", Some(label)) => out += &format!("### {label}\n\n{id}\n\n"),
            ("checkboxes", Some(label)) => {
                out += &format!("### {label}\n\n");
                for o in field["attributes"]["options"].as_array().unwrap() {
                    let mark = if ticked { "X" } else { " " };
                    out += &format!("- [{mark}] {}\n", o["label"].as_str().unwrap());
                }
                out += "\n";
            }
            _ => {}
        }
    }
    out
}

fn confirm(d: &Dir, body: &str) -> std::process::Output {
    signpost_with_input(d.path(), &["confirm", "--issue", "-"], Some(body))
}

/// Every file git sees as changed, with its status.
fn changes(d: &Dir) -> Vec<String> {
    let repo = d.repo.as_ref().unwrap();
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true);
    repo.statuses(Some(&mut options))
        .unwrap()
        .iter()
        .filter(|s| !s.path().unwrap().starts_with(".signpost-cache"))
        .map(|s| {
            format!("{:?} {}", s.status(), s.path().unwrap())
                .replace("Status(", "")
                .replace(") ", " ")
        })
        .collect()
}

fn read(d: &Dir, rel: &str) -> String {
    std::fs::read_to_string(d.path().join(rel)).unwrap()
}

#[test]
fn the_still_correct_form_sets_reviewed_to_today_and_changes_nothing_else() {
    let d = repo();
    let stale = |d: &Dir| -> serde_json::Value {
        let out = d.run(&["stale", "--format", "json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // Before: all three are due; the team gets the reminder for the listing without
    // maintainers, and each reminder links to the form with the id filled in.
    let before = stale(&d);
    let walk = before
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "walk")
        .unwrap();
    assert_eq!(walk["maintainers"], serde_json::json!(["test/listings"]));
    assert_eq!(
        walk["confirm_url"],
        "https://github.com/test/directory/issues/new?template=still-correct.yml&listing=walk"
    );
    let markdown = stdout(&d.run(&["stale"]));
    assert!(markdown.contains("@test/listings"), "{markdown}");
    assert!(markdown.contains("([still correct?](https://github.com/test/directory/issues/new?template=still-correct.yml&listing=walk))"), "{markdown}");

    for (id, file) in [
        ("walk", "listings/north/walk.yaml"),
        ("choir", "listings/choir.yaml"),
    ] {
        let old = read(&d, file);
        let out = confirm(&d, &body(id, true));
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stdout(&out), format!("{file}\n"));
        let new = read(&d, file);
        let expected = match id {
            "walk" => old.replace("reviewed: 2026-02-01", &format!("reviewed: {TODAY}")),
            _ => old.replace("\"2026-01-05\"", &format!("\"{TODAY}\"")),
        };
        assert_ne!(old, new);
        assert_eq!(new, expected, "only the date changes");
        assert_eq!(changes(&d), [format!("WT_MODIFIED {file}")]);
        d.commit(JO.0, JO.1, TODAY, &format!("{id}: still correct"));
    }
    assert!(
        read(&d, "listings/choir.yaml")
            .contains("\r\nreviewed: \"2026-11-22\"  # on the phone\r\n")
    );

    let check = d.run(&["check"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    let after = stale(&d);
    let ids: Vec<&str> = after
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["knit"], "the confirmed listings are no longer due");

    // Again the same day: nothing to change, and it says so.
    let again = confirm(&d, &body("walk", true));
    assert!(again.status.success());
    assert!(stderr(&again).contains("already says reviewed: 2026-11-22"));
    assert!(changes(&d).is_empty());
    // The id alone works too (for a volunteer at a terminal).
    let by_id = d.run(&["confirm", "knit"]);
    assert!(by_id.status.success(), "{}", stderr(&by_id));
    assert_eq!(changes(&d), ["WT_MODIFIED listings/knit.yaml"]);
}

#[test]
fn a_body_that_is_not_the_form_or_names_no_listing_changes_nothing() {
    let d = repo();
    let cases = [
        (
            body("no-such-group", true),
            "there is no listing with the id `no-such-group`",
        ),
        (
            "Please mark our knitting group as still correct, thanks!".to_string(),
            "this is not a \"Still correct\" form: there is no \"### Listing id\" section",
        ),
        (body("knit", false), "is not ticked"),
        (body("_No response_", true), "\"Listing id\" is empty"),
        (body("../knit", true), "\"../knit\" is not a listing id"),
    ];
    for (body, message) in cases {
        let out = confirm(&d, &body);
        assert_eq!(out.status.code(), Some(1), "{body}");
        let err = stderr(&out);
        assert!(err.contains(message), "{err}");
        assert!(err.contains("nothing was changed"), "{err}");
        assert!(stdout(&out).is_empty());
        assert!(changes(&d).is_empty(), "{:?}", changes(&d));
    }
    // A listing file that does not parse is left for a person.
    d.write("listings/broken.yaml", "name: [unclosed\n");
    d.commit(JO.0, JO.1, "2026-02-02", "A broken file");
    let out = confirm(&d, &body("broken", true));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("listings/broken.yaml:"),
        "{}",
        stderr(&out)
    );
    assert!(changes(&d).is_empty());
}

/// The listing page and the reminder lead to the form, and the workflow runs the command.
#[test]
fn the_form_the_workflow_and_the_listing_page_agree() {
    let github = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".github");
    let workflow = std::fs::read_to_string(github.join("workflows/still-correct.yml")).unwrap();
    assert!(workflow.contains("signpost confirm --issue \"$RUNNER_TEMP/issue.md\""));
    assert!(workflow.contains("contains(github.event.issue.labels.*.name, 'still-correct')"));
    assert!(workflow.contains(
        "peter-evans/create-pull-request@271a8d0340265f705b14b6d32b9829c1cb33d45e # v7.0.8"
    ));
    let form = std::fs::read_to_string(github.join("ISSUE_TEMPLATE/still-correct.yml")).unwrap();
    assert!(form.contains("labels: [still-correct]"));
    let stale = std::fs::read_to_string(github.join("workflows/stale.yml")).unwrap();
    assert!(
        stale.contains("e.confirm_url"),
        "the reminder links to the form"
    );

    let d = repo();
    let out = d.path().join("public");
    let build = d.run(&["build", "--out", out.to_str().unwrap()]);
    assert!(build.status.success(), "{}", stderr(&build));
    let page = std::fs::read_to_string(out.join("listings/walk/index.html")).unwrap();
    assert!(page.contains(r#"<a href="https://github.com/test/directory/issues/new?template=still-correct.yml&amp;listing=walk" rel="noopener noreferrer">Run this group? Confirm it is still correct"#), "{page}");
}
