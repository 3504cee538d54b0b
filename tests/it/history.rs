//! Git history and freshness through `signpost stale` and `signpost check`, on real git
//! repositories made in temporary folders (set authors and dates, renames, merges).

use crate::common::{self, Dir, JO, VAL, json, listing, signature, stderr, stdout};
use serde_json::Value;

fn entry<'a>(report: &'a Value, id: &str) -> &'a Value {
    report
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {report:#}"))
}

#[test]
fn added_and_changed_dates_count_and_last_author_follow_renames() {
    let d = Dir::git();
    d.write(
        "listings/a.yaml",
        &listing("Group A", &["jo-bloggs"], "2026-10-01"),
    );
    d.write(
        "listings/b.yaml",
        &listing("Group B", &["bee"], "2026-10-01"),
    );
    d.commit(JO.0, JO.1, "2025-01-10", "Add A and B");
    d.write(
        "listings/a.yaml",
        &listing("Group A!", &["jo-bloggs"], "2026-10-01"),
    );
    d.commit(VAL.0, VAL.1, "2025-03-05", "Fix A's name");
    d.rename("listings/a.yaml", "listings/north/a.yaml");
    d.commit(VAL.0, VAL.1, "2025-06-01", "Move A to north");
    d.write(
        "listings/b.yaml",
        &listing("Group Bee", &["bee"], "2026-10-01"),
    );
    d.commit("Sam", "sam@example.org", "2025-07-01", "Change B");
    // A rename with a small edit in the same commit is still followed.
    let text = listing("Group Bee", &["bee"], "2026-10-02");
    std::fs::remove_file(d.path().join("listings/b.yaml")).unwrap();
    d.write("listings/south/bee.yaml", &text);
    d.commit("Sam", "sam@example.org", "2025-08-01", "Rename B");

    let out = d.run(&["stale", "--all", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = json(&out);
    let a = entry(&report, "a");
    assert_eq!(a["file"], "listings/north/a.yaml");
    assert_eq!(a["added"], "2025-01-10");
    assert_eq!(a["last_changed"], "2025-06-01");
    assert_eq!(a["changes"], 3);
    assert_eq!(a["last_author"], "Volunteer Val");
    let b = entry(&report, "bee");
    assert_eq!(b["added"], "2025-01-10");
    assert_eq!(b["last_changed"], "2025-08-01");
    assert_eq!(b["changes"], 3);
    assert_eq!(b["last_author"], "Sam");
    // Email addresses are never published.
    assert!(!stdout(&out).contains("example.org"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("noreply"), "{}", stdout(&out));
}

#[test]
fn a_change_by_a_maintainer_confirms_a_listing_and_a_change_by_anyone_else_does_not() {
    let d = Dir::git();
    // All reviewed 22 months ago: left out by `reviewed` alone.
    for id in ["by-noreply", "by-name", "by-other", "by-old-noreply"] {
        d.write(
            &format!("listings/{id}.yaml"),
            &listing(id, &["Jo-Bloggs", "someone-else"], "2025-01-01"),
        );
    }
    d.commit("Admin", "admin@example.org", "2025-01-01", "Import");
    d.write(
        "listings/by-noreply.yaml",
        &listing("by-noreply x", &["Jo-Bloggs", "someone-else"], "2025-01-01"),
    );
    d.commit(
        "Jo B",
        "12345+jo-bloggs@users.noreply.github.com",
        "2026-10-01",
        "web edit",
    );
    d.write(
        "listings/by-old-noreply.yaml",
        &listing(
            "by-old-noreply x",
            &["Jo-Bloggs", "someone-else"],
            "2025-01-01",
        ),
    );
    d.commit(
        "Jo B",
        "JO-BLOGGS@users.noreply.github.com",
        "2026-09-01",
        "old-style noreply",
    );
    d.write(
        "listings/by-name.yaml",
        &listing("by-name x", &["Jo-Bloggs", "someone-else"], "2025-01-01"),
    );
    d.commit(
        "jo-bloggs",
        "jo@example.org",
        "2026-08-01",
        "name matches the handle",
    );
    d.write(
        "listings/by-other.yaml",
        &listing("by-other x", &["Jo-Bloggs", "someone-else"], "2025-01-01"),
    );
    d.commit(
        "Jo Bloggs",
        "jo@example.org",
        "2026-10-01",
        "a display name is not a handle",
    );

    let report = json(&d.run(&["stale", "--all", "--format", "json"]));
    let confirmed = |id: &str| {
        let e = entry(&report, id);
        (
            e["confirmed"].as_str().unwrap().to_string(),
            e["state"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        confirmed("by-noreply"),
        ("2026-10-01".into(), "fresh".into())
    );
    assert_eq!(entry(&report, "by-noreply")["confirmed_by"], "Jo B");
    assert_eq!(
        confirmed("by-old-noreply"),
        ("2026-09-01".into(), "fresh".into())
    );
    assert_eq!(confirmed("by-name"), ("2026-08-01".into(), "fresh".into()));
    assert_eq!(
        confirmed("by-other"),
        ("2025-01-01".into(), "left-out".into())
    );
    assert_eq!(entry(&report, "by-other")["confirmed_by"], "reviewed");
    assert_eq!(entry(&report, "by-other")["left_out"], true);

    // `check` reports from the same rule.
    let diags = json(&d.run(&["check", "--format", "json"]));
    let codes_for = |file: &str| -> Vec<String> {
        diags
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["file"] == file)
            .map(|d| d["code"].as_str().unwrap().to_string())
            // These listings are near-copies of each other on purpose: W005 is not the point.
            .filter(|c| c != "W005")
            .collect()
    };
    assert_eq!(codes_for("listings/by-other.yaml"), ["W004"]);
    assert!(
        codes_for("listings/by-noreply.yaml").is_empty(),
        "{diags:#}"
    );
    assert!(codes_for("listings/by-name.yaml").is_empty(), "{diags:#}");
}

#[test]
fn a_change_made_on_a_merged_branch_is_credited_to_its_author_once() {
    let d = Dir::git();
    let repo = d.repo.as_ref().unwrap();
    d.write(
        "listings/a.yaml",
        &listing("A", &["jo-bloggs"], "2025-01-01"),
    );
    d.write("listings/b.yaml", &listing("B", &["bee"], "2025-01-01"));
    let base = d.commit("Admin", "admin@example.org", "2025-01-01", "Import");
    // Jo's branch changes a.yaml; main meanwhile changes b.yaml; an admin merges.
    let base_commit = repo.find_commit(base).unwrap();
    d.write(
        "listings/a.yaml",
        &listing("A2", &["jo-bloggs"], "2025-01-01"),
    );
    let mut index = repo.index().unwrap();
    index
        .add_path(std::path::Path::new("listings/a.yaml"))
        .unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let jo = signature(JO.0, JO.1, "2026-10-05");
    let branch = repo
        .commit(None, &jo, &jo, "Jo edits A", &tree, &[&base_commit])
        .unwrap();
    // Back to main: restore a.yaml, change b.yaml.
    d.write(
        "listings/a.yaml",
        &listing("A", &["jo-bloggs"], "2025-01-01"),
    );
    d.write("listings/b.yaml", &listing("B2", &["bee"], "2025-01-01"));
    let main = d.commit("Admin", "admin@example.org", "2026-10-06", "Edit B");
    d.write(
        "listings/a.yaml",
        &listing("A2", &["jo-bloggs"], "2025-01-01"),
    );
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"].iter(), git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let admin = signature("Admin", "admin@example.org", "2026-10-07");
    let parents = [
        &repo.find_commit(main).unwrap(),
        &repo.find_commit(branch).unwrap(),
    ];
    repo.commit(
        Some("HEAD"),
        &admin,
        &admin,
        "Merge Jo's branch",
        &tree,
        &parents,
    )
    .unwrap();

    let report = json(&d.run(&["stale", "--all", "--format", "json"]));
    let a = entry(&report, "a");
    assert_eq!(a["changes"], 2, "{a:#}");
    assert_eq!(a["last_author"], "Jo Bloggs");
    assert_eq!(a["confirmed"], "2026-10-05");
    let b = entry(&report, "b");
    assert_eq!(b["changes"], 2, "{b:#}");
    assert_eq!(b["last_author"], "Admin");
}

/// Reviewed dates on either side of each threshold, measured from 2026-11-22 with the default
/// 6 and 12 months, in a folder that is not a git repository.
#[test]
fn stale_classification_at_the_thresholds_without_git() {
    let d = Dir::plain("[freshness]\nstale_months = 6\nexpired_months = 12\n");
    let cases = [
        ("fresh-4-months", "2026-06-23", "fresh"),
        ("due-5-months", "2026-06-22", "due-soon"),
        ("due-just-under-6", "2026-05-23", "due-soon"),
        ("stale-6-months", "2026-05-22", "stale"),
        ("stale-11-months", "2025-11-23", "stale"),
        ("left-out-12-months", "2025-11-22", "left-out"),
    ];
    for (id, reviewed, _) in cases {
        d.write(
            &format!("listings/{id}.yaml"),
            &listing(id, &["group-x"], reviewed),
        );
    }
    let out = d.run(&["stale", "--format", "json"]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("not a git repository"),
        "{}",
        stderr(&out)
    );
    let report = json(&out);
    let ids: Vec<&str> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    // Oldest first, and the fresh one is not reported.
    assert_eq!(
        ids,
        [
            "left-out-12-months",
            "stale-11-months",
            "stale-6-months",
            "due-just-under-6",
            "due-5-months"
        ]
    );
    for (id, _, state) in cases.iter().skip(1) {
        assert_eq!(entry(&report, id)["state"], *state, "{id}");
        assert_eq!(entry(&report, id)["changes"], 0);
        assert_eq!(entry(&report, id)["added"], Value::Null);
    }
    assert_eq!(entry(&report, "stale-6-months")["months"], 6);
    assert_eq!(entry(&report, "left-out-12-months")["left_out"], true);
    assert_eq!(entry(&report, "stale-11-months")["left_out"], false);

    // `check` warns at the same thresholds.
    let out = d.run(&["check", "--format", "json"]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("note: not a git repository"));
    let diags = json(&out);
    let code = |id: &str| -> Vec<String> {
        diags
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["file"] == format!("listings/{id}.yaml"))
            .map(|d| d["code"].as_str().unwrap().to_string())
            .filter(|c| c != "W005")
            .collect()
    };
    assert!(code("due-just-under-6").is_empty());
    assert_eq!(code("stale-6-months"), ["W001"]);
    assert_eq!(code("stale-11-months"), ["W001"]);
    assert_eq!(code("left-out-12-months"), ["W004"]);

    // Markdown: a table with @-mentions.
    let md = stdout(&d.run(&["stale"]));
    assert!(md.contains("## Listings to confirm (5)"), "{md}");
    assert!(
        md.contains("| [left-out-12-months](listings/left-out-12-months.yaml) | @group-x | 2025-11-22 (reviewed) | 12 | **left out of the sites** ([still correct?](https://github.com/test/directory/issues/new?template=still-correct.yml&listing=left-out-12-months)) |"),
        "{md}"
    );
}

#[test]
fn thresholds_come_from_signpost_toml() {
    let d = Dir::plain("[freshness]\nstale_months = 2\nexpired_months = 3\n");
    d.write("listings/two.yaml", &listing("two", &["g"], "2026-09-22"));
    d.write(
        "listings/three.yaml",
        &listing("three", &["g"], "2026-08-22"),
    );
    let report = json(&d.run(&["stale", "--format", "json"]));
    assert_eq!(entry(&report, "two")["state"], "stale");
    assert_eq!(entry(&report, "three")["state"], "left-out");
}

#[test]
fn uncommitted_listings_in_a_repository_use_reviewed() {
    let d = Dir::git();
    d.write(
        "listings/a.yaml",
        &listing("A", &["jo-bloggs"], "2026-01-01"),
    );
    d.commit(JO.0, JO.1, "2026-11-01", "Add A");
    d.write(
        "listings/new.yaml",
        &listing("New", &["jo-bloggs"], "2026-05-01"),
    );
    let out = d.run(&["stale", "--all", "--format", "json"]);
    assert!(!stderr(&out).contains("not a git repository"));
    let report = json(&out);
    assert_eq!(entry(&report, "a")["confirmed"], "2026-11-01");
    assert_eq!(entry(&report, "new")["confirmed"], "2026-05-01");
    assert_eq!(entry(&report, "new")["changes"], 0);
}

#[test]
fn exported_last_modified_comes_from_git_and_assured_date_from_reviewed() {
    let d = Dir::git();
    d.write(
        "listings/knit.yaml",
        &listing("Knit", &["jo"], "2026-03-01"),
    );
    d.commit("Jo", "jo@example.org", "2026-04-02", "Add knit");
    d.write(
        "listings/knit.yaml",
        &listing("Knit and Natter", &["jo"], "2026-03-01"),
    );
    d.commit("Sam", "sam@example.org", "2026-09-15", "Rename the group");
    d.write(
        "listings/walk.yaml",
        &listing("Walk", &["al"], "2026-05-05"),
    );
    let out_dir = d.path().join("export");
    let out = d.run(&[
        "export",
        "--format",
        "ndjson",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(out_dir.join("services.ndjson")).unwrap();
    let services: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let by_name = |name: &str| services.iter().find(|s| s["name"] == name).unwrap();
    // Committed: the date of its last commit.
    assert_eq!(
        by_name("Knit and Natter")["last_modified"],
        "2026-09-15T00:00:00.000Z"
    );
    assert_eq!(by_name("Knit and Natter")["assured_date"], "2026-03-01");
    // Not committed yet: its reviewed date.
    assert_eq!(by_name("Walk")["last_modified"], "2026-05-05T00:00:00.000Z");
}

/// Made with the git command (skipped where it is not installed): a clone with `--depth 1`
/// cannot tell what its oldest commit changed, so that commit credits nothing, and the run
/// says the history is incomplete.
#[test]
fn a_shallow_clone_is_noted_and_its_boundary_commit_credits_nothing() {
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("git is not installed: skipped");
        return;
    }
    let d = Dir::git();
    d.write(
        "listings/a.yaml",
        &listing("A", &["jo-bloggs"], "2025-01-01"),
    );
    d.write(
        "listings/b.yaml",
        &listing("B", &["jo-bloggs"], "2025-01-01"),
    );
    d.commit(JO.0, JO.1, "2025-01-01", "Add A and B");
    d.write(
        "listings/b.yaml",
        &listing("B2", &["jo-bloggs"], "2025-01-01"),
    );
    d.commit(JO.0, JO.1, "2026-10-01", "Change B");
    let clone = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "1"])
        .arg(format!("file://{}", d.path().display()))
        .arg(clone.path())
        .status()
        .unwrap();
    assert!(status.success());
    let out = common::signpost(clone.path(), &["stale", "--all", "--format", "json"]);
    assert!(stderr(&out).contains("shallow clone"), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(entry(&report, "a")["changes"], 0);
    assert_eq!(entry(&report, "a")["confirmed"], "2025-01-01");
    assert_eq!(
        entry(&report, "b")["changes"],
        0,
        "the boundary commit credits nothing"
    );
}

/// `signpost` keeps the history it read in `.signpost-cache/history.json`; later runs walk only
/// the new commits. The result must be the same as reading everything again.
#[test]
fn the_history_cache_gives_the_same_answers_as_a_full_walk() {
    let d = Dir::git();
    d.write(
        "listings/a.yaml",
        &listing("A", &["jo-bloggs"], "2025-01-01"),
    );
    d.write("listings/b.yaml", &listing("B", &["bee"], "2025-01-01"));
    d.commit(JO.0, JO.1, "2025-01-10", "Add A and B");
    let first = json(&d.run(&["stale", "--all", "--format", "json"]));
    assert!(d.path().join(".signpost-cache/history.json").exists());
    // Same HEAD: read from the cache.
    assert_eq!(json(&d.run(&["stale", "--all", "--format", "json"])), first);

    // New commits on top, including a rename of a cached file and a new file.
    d.rename("listings/a.yaml", "listings/north/a.yaml");
    d.commit(VAL.0, VAL.1, "2025-06-01", "Move A");
    d.write(
        "listings/north/a.yaml",
        &listing("A2", &["jo-bloggs"], "2025-01-01"),
    );
    d.write("listings/c.yaml", &listing("C", &["sea"], "2025-01-01"));
    d.commit(JO.0, JO.1, "2026-10-01", "Edit A, add C");
    let incremental = json(&d.run(&["stale", "--all", "--format", "json"]));
    std::fs::remove_dir_all(d.path().join(".signpost-cache")).unwrap();
    let full = json(&d.run(&["stale", "--all", "--format", "json"]));
    assert_eq!(incremental, full);
    let a = entry(&full, "a");
    assert_eq!(a["added"], "2025-01-10");
    assert_eq!(a["changes"], 3);
    assert_eq!(a["confirmed"], "2026-10-01");

    // History rewritten (the last commit amended): the cache is not used.
    let repo = d.repo.as_ref().unwrap();
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    let sig = signature("Sam", "sam@example.org", "2026-10-02");
    head.amend(
        Some("HEAD"),
        Some(&sig),
        Some(&sig),
        None,
        Some("Amended"),
        None,
    )
    .unwrap();
    let after = json(&d.run(&["stale", "--all", "--format", "json"]));
    assert_eq!(entry(&after, "a")["last_author"], "Sam");
    assert_eq!(entry(&after, "a")["changes"], 3);
    assert_eq!(entry(&after, "c")["changes"], 1);
}
