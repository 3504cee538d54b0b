//! The actions the workflows in `.github/workflows/` use are pinned by full commit, with the
//! release tag in a comment (`uses: owner/action@<40 lowercase hex> # vX.Y.Z`, GitHub's
//! hardening advice: a tag can be moved to other code, a commit cannot), and every pin is
//! recorded with where its commit was seen in `.github/workflows/PINS.md`.
//!
//! Not for what the workflows run: `workflow` checks the `signpost` commands and flags they call.
//! Local actions (`./…`) and `docker://` images are not pinned here and are let through.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One `uses:` reference in the pinned form.
#[derive(Debug, PartialEq, Eq)]
struct Pin {
    /// `owner/repo`, or `owner/repo/path` for an action in a subfolder.
    action: String,
    commit: String,
    tag: String,
}

/// Reads one workflow line. `Ok(None)` when it is not a `uses:` line, or names a local action or
/// a `docker://` image; `Ok(Some(pin))` when it is `uses: owner/repo[/path]@<40 lowercase hex>
/// # vX.Y.Z` (nothing after the tag); otherwise why not.
fn pin_on(line: &str) -> Result<Option<Pin>, String> {
    let mut rest = line.trim_start();
    if let Some(item) = rest.strip_prefix('-') {
        rest = item.trim_start();
    }
    let Some(value) = rest.strip_prefix("uses:") else {
        return Ok(None);
    };
    let value = value.trim();
    let (reference, comment) = value.split_once(char::is_whitespace).unwrap_or((value, ""));
    if reference.starts_with("./") || reference.starts_with("docker://") {
        return Ok(None);
    }
    let Some((action, commit)) = reference.split_once('@') else {
        return Err(format!("`{reference}` names no version"));
    };
    let parts: Vec<&str> = action.split('/').collect();
    let name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if parts.len() < 2
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(name_char))
    {
        return Err(format!("`{action}` is not owner/repo[/path]"));
    }
    if commit.len() != 40 || !commit.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')) {
        return Err(format!(
            "`{reference}` is not pinned to a full commit (40 lowercase hex digits)"
        ));
    }
    let Some(tag) = comment.trim_start().strip_prefix('#').map(str::trim) else {
        return Err(format!(
            "`{reference}` has no `# vX.Y.Z` comment naming its tag"
        ));
    };
    let numbers = tag
        .strip_prefix('v')
        .map(|n| n.split('.').collect::<Vec<_>>());
    let full = numbers.is_some_and(|n| {
        n.len() == 3
            && n.iter()
                .all(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    });
    if !full {
        return Err(format!(
            "`{reference}`: the comment `# {tag}` is not a full release tag `# vX.Y.Z`"
        ));
    }
    Ok(Some(Pin {
        action: action.to_string(),
        commit: commit.to_string(),
        tag: tag.to_string(),
    }))
}

fn workflows_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows")
}

/// Every workflow file, by name, with its text.
fn workflows() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(workflows_dir()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&p).unwrap()));
        }
    }
    out.sort();
    out
}

/// The `uses` values of a parsed workflow (steps, and jobs that call a reusable workflow), as
/// YAML reads them, so a reference written where the line check cannot see it still counts.
fn parsed_uses(file: &str, text: &str) -> Vec<String> {
    let wf: serde_json::Value =
        serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{file} is not valid YAML: {e}"));
    let mut out = Vec::new();
    for job in wf["jobs"].as_object().expect("jobs").values() {
        out.extend(job["uses"].as_str().map(str::to_string));
        for step in job["steps"].as_array().into_iter().flatten() {
            out.extend(step["uses"].as_str().map(str::to_string));
        }
    }
    out.retain(|u| !u.starts_with("./") && !u.starts_with("docker://"));
    out.sort();
    out
}

/// Every pin in every workflow, with the problems found on the way (`file:line: why`).
fn all_pins() -> (Vec<(String, Pin)>, Vec<String>) {
    let (mut pins, mut problems) = (Vec::new(), Vec::new());
    for (file, text) in workflows() {
        let mut seen = Vec::new();
        for (n, line) in text.lines().enumerate() {
            match pin_on(line) {
                Ok(Some(pin)) => {
                    seen.push(format!("{}@{}", pin.action, pin.commit));
                    pins.push((file.clone(), pin));
                }
                Ok(None) => {}
                Err(why) => problems.push(format!("{file}:{}: {why}", n + 1)),
            }
        }
        seen.sort();
        let parsed = parsed_uses(&file, &text);
        if problems.is_empty() && seen != parsed {
            problems.push(format!(
                "{file}: the `uses:` lines read {seen:?} but the YAML has {parsed:?} \
                 (write each as one `uses: owner/action@<commit> # vX.Y.Z` line)"
            ));
        }
    }
    (pins, problems)
}

#[test]
fn every_action_is_pinned_by_commit_with_its_tag() {
    let (pins, problems) = all_pins();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The four workflows check out the repository at least once each.
    assert!(pins.len() >= 8, "only {} pins found: {pins:?}", pins.len());
}

#[test]
fn one_commit_per_action_and_each_recorded_in_pins_md() {
    let (pins, problems) = all_pins();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let record = std::fs::read_to_string(workflows_dir().join("PINS.md")).unwrap();
    let mut by_action: BTreeMap<&str, (&str, &str, &str)> = BTreeMap::new();
    for (file, pin) in &pins {
        let now = (pin.commit.as_str(), pin.tag.as_str(), file.as_str());
        if let Some(&(commit, tag, other)) = by_action.get(pin.action.as_str()) {
            assert_eq!(
                (commit, tag),
                (now.0, now.1),
                "{} is pinned differently in {other} and {file}",
                pin.action
            );
        }
        by_action.insert(&pin.action, now);
        let row = format!("| {} | {} | {} |", pin.action, pin.tag, pin.commit);
        assert!(
            record.lines().any(|l| l.starts_with(&row)),
            "{file}: {}@{} # {} has no row `{row} …` in PINS.md saying where the commit was seen",
            pin.action,
            pin.commit,
            pin.tag
        );
    }
}

#[test]
fn the_pin_check_refuses_tags_short_commits_and_missing_tag_comments() {
    let sha = "11bd71901bbe5b1630ceea73d27597364c9af683";
    assert_eq!(
        pin_on(&format!("      - uses: actions/checkout@{sha} # v4.2.2")),
        Ok(Some(Pin {
            action: "actions/checkout".into(),
            commit: sha.into(),
            tag: "v4.2.2".into()
        }))
    );
    let sub = pin_on(&format!(
        "        uses: github/codeql-action/init@{sha} # v3.28.1"
    ));
    assert_eq!(sub.unwrap().unwrap().action, "github/codeql-action/init");
    for ignored in [
        "      - uses: ./.github/actions/setup",
        "      - uses: docker://alpine:3.20",
        "      - run: echo uses: actions/checkout@v4",
        "  # uses: actions/checkout@v4",
    ] {
        assert_eq!(pin_on(ignored), Ok(None), "{ignored}");
    }
    for bad in [
        "      - uses: actions/checkout@v4.2.2".to_string(),
        "      - uses: actions/checkout@v4".to_string(),
        "      - uses: actions/checkout".to_string(),
        "      - uses: actions/checkout@11bd719 # v4.2.2".to_string(),
        format!("      - uses: actions/checkout@{sha}0 # v4.2.2"),
        format!(
            "      - uses: actions/checkout@{} # v4.2.2",
            sha.to_uppercase()
        ),
        format!("      - uses: actions/checkout@{sha}"),
        format!("      - uses: actions/checkout@{sha} # 4.2.2"),
        format!("      - uses: actions/checkout@{sha} # v4"),
        format!("      - uses: actions/checkout@{sha} # v4.2.2 (latest)"),
        format!("      - uses: 'actions/checkout@{sha}' # v4.2.2"),
        format!("      - uses: checkout@{sha} # v4.2.2"),
    ] {
        assert!(pin_on(&bad).is_err(), "accepted: {bad}");
    }
}
