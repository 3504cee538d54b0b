//! Writing new listings through the command line: `signpost new` (flags, and answers piped to
//! its questions) and `signpost intake` (GitHub issue-form bodies, including malformed ones).
//! A listing with errors, or a body that is not the form, writes no file.

use std::path::Path;

use crate::common::{self, Dir, fixtures, signpost_with_input, stderr, stdout};

fn listing_files(d: &Dir) -> Vec<String> {
    let mut out: Vec<String> = walk(&d.path().join("listings"))
        .into_iter()
        .map(|p| {
            p.strip_prefix(d.path())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The written file passes `signpost check` with no errors.
fn assert_checks(d: &Dir, file: &str) {
    let out = d.run(&["check", file, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn new_with_flags_writes_a_valid_listing_with_the_schema_modeline() {
    let d = Dir::plain("");
    let out = d.run(&[
        "new",
        "--name",
        "Knit and Natter",
        "--summary",
        "A friendly knitting group: tea, cake and company.",
        "--need",
        "loneliness-and-isolation",
        "--need",
        "Arts and creativity",
        "--postcode",
        "CR7 7JE",
        "--venue",
        "Thornton Heath Library",
        "--day",
        "Tuesday",
        "--start",
        "10:00",
        "--end",
        "12:00",
        "--email",
        "knit@example.org",
        "--phone",
        "020 8123 4567",
        "--website",
        "https://example.org/knit",
        "--maintainer",
        "jo-bloggs",
        "--folder",
        "thornton-heath",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "listings/thornton-heath/knit-and-natter.yaml"
    );
    let text = std::fs::read_to_string(
        d.path()
            .join("listings/thornton-heath/knit-and-natter.yaml"),
    )
    .unwrap();
    assert_eq!(
        text,
        "\
# yaml-language-server: $schema=../../schema/listing.schema.json
name: Knit and Natter
summary: \"A friendly knitting group: tea, cake and company.\"
needs: [loneliness-and-isolation, arts-and-creativity]
venues:
  - name: Thornton Heath Library
    postcode: CR7 7JE
when:
  - days: [tuesday]
    start: \"10:00\"
    end: \"12:00\"
contact:
  email: knit@example.org
  phone: 020 8123 4567
  website: \"https://example.org/knit\"
maintainers: [jo-bloggs]
reviewed: 2026-11-22
"
    );
    assert_checks(&d, "listings/thornton-heath/knit-and-natter.yaml");
}

#[test]
fn new_refuses_an_invalid_listing_and_prints_the_problems() {
    let d = Dir::plain("");
    let out = d.run(&[
        "new",
        "--name",
        "Chess Club",
        "--summary",
        "Chess for all ages.",
        "--need",
        "lonelyness",
        "--postcode",
        "CR0 9ZZ",
        "--venue",
        "Hall",
        "--email",
        "not an email",
        "--maintainer",
        "jo",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[E006]: unknown need `lonelyness`"),
        "{err}"
    );
    assert!(
        err.contains("help: did you mean `loneliness-and-isolation`?"),
        "{err}"
    );
    assert!(err.contains("E009"), "{err}");
    assert!(err.contains("E012"), "{err}");
    assert!(
        err.contains("listings/chess-club.yaml was not written"),
        "{err}"
    );
    assert!(listing_files(&d).is_empty());
}

#[test]
fn new_with_some_flags_missing_says_which() {
    let d = Dir::plain("");
    let out = d.run(&["new", "--name", "Chess Club"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing --summary, --need, --maintainer"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn new_does_not_overwrite_or_reuse_an_id() {
    let d = Dir::plain("");
    d.write(
        "listings/north/chess-club.yaml",
        &common::listing("Chess Club", &["x"], "2026-10-01"),
    );
    let args = [
        "new",
        "--name",
        "Chess Club",
        "--summary",
        "Chess.",
        "--need",
        "loneliness-and-isolation",
        "--online",
        "--phone",
        "020 8123 4567",
        "--maintainer",
        "jo",
    ];
    let out = d.run(&args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("already used by listings/north/chess-club.yaml"),
        "{}",
        stderr(&out)
    );
    let mut args = args.to_vec();
    args.extend(["--folder", "north"]);
    let out = d.run(&args);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
}

#[test]
fn new_asks_questions_when_given_no_flags() {
    let d = Dir::plain("");
    let answers = "\
Tuesday Walkers
Gentle walks in the park, followed by a cup of tea.
1, physical-activity

CR0 1AA
Park gates
tuesday
10:30
12:00
walkers@example.org


@sam-smith
";
    let out = signpost_with_input(d.path(), &["new"], Some(answers));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Group name: "), "{err}");
    assert!(
        err.contains(" 1. Loneliness and isolation (loneliness-and-isolation)"),
        "{err}"
    );
    assert!(
        err.contains("(this one is needed)"),
        "an empty answer to a required question is asked again: {err}"
    );
    assert_eq!(stdout(&out).trim(), "listings/tuesday-walkers.yaml");
    let text = std::fs::read_to_string(d.path().join("listings/tuesday-walkers.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../schema/listing.schema.json\n"));
    assert!(
        text.contains("needs: [loneliness-and-isolation, physical-activity]\n"),
        "{text}"
    );
    assert!(
        text.contains("  - name: Park gates\n    postcode: CR0 1AA\n"),
        "{text}"
    );
    assert!(text.contains("maintainers: [sam-smith]\n"), "{text}");
    assert!(!text.contains("phone"), "{text}");
    assert_checks(&d, "listings/tuesday-walkers.yaml");
}

#[test]
fn new_interactive_stops_cleanly_when_the_answers_run_out() {
    let d = Dir::plain("");
    let out = signpost_with_input(d.path(), &["new"], Some("Half a Group\n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the answers ended before every question was answered"));
    assert!(listing_files(&d).is_empty());
}

fn intake(d: &Dir, fixture: &str, extra: &[&str]) -> std::process::Output {
    let file = fixtures().join("intake").join(fixture);
    let mut args = vec!["intake", file.to_str().unwrap()];
    args.extend(extra);
    d.run(&args)
}

#[test]
fn intake_turns_an_add_our_group_issue_into_a_listing() {
    let d = Dir::plain("");
    let out = intake(
        &d,
        "knit-and-natter.md",
        &[
            "--out",
            "listings/thornton-heath",
            "--maintainer",
            "issue-author",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "listings/thornton-heath/knit-and-natter.yaml"
    );
    let text = std::fs::read_to_string(
        d.path()
            .join("listings/thornton-heath/knit-and-natter.yaml"),
    )
    .unwrap();
    assert_eq!(
        text,
        "\
# yaml-language-server: $schema=../../schema/listing.schema.json
name: Knit and Natter
summary: A friendly knitting and crochet group with tea, cake and good company.
organisation: Friends of Thornton Heath Library
description: |
  Bring your own project or learn from scratch: we have spare needles and wool.

  ### Everyone is welcome

  Whatever your skill. **No need to book**, just come along.
needs: [loneliness-and-isolation, arts-and-creativity]
venues:
  - name: Thornton Heath Library
    address: [190 Brigstock Road, Thornton Heath]
    postcode: CR7 7JE
when:
  - days: [tuesday, thursday]
    start: \"10:00\"
    end: \"12:00\"
contact:
  email: knitandnatter@example.org
  phone: 020 8123 4567
maintainers: [jo-bloggs]
reviewed: 2026-11-22
"
    );
    assert_checks(&d, "listings/thornton-heath/knit-and-natter.yaml");
}

#[test]
fn intake_reads_crlf_bodies_and_falls_back_to_the_issue_author() {
    let d = Dir::plain("");
    let out = intake(&d, "helpline-crlf.md", &["--maintainer", "issue-author"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text =
        std::fs::read_to_string(d.path().join("listings/talking-together-helpline.yaml")).unwrap();
    assert!(text.contains("online: true\nby_phone: true\n"), "{text}");
    assert!(text.contains("maintainers: [issue-author]\n"), "{text}");
    assert!(!text.contains("\r"), "{text:?}");
    assert!(!text.contains("venues"), "{text}");
    assert_checks(&d, "listings/talking-together-helpline.yaml");
    // From standard input too.
    let body = std::fs::read_to_string(fixtures().join("intake/helpline-crlf.md")).unwrap();
    let out = signpost_with_input(
        d.path(),
        &[
            "intake",
            "-",
            "--maintainer",
            "x",
            "--out",
            "listings/again",
        ],
        Some(&body),
    );
    assert_eq!(out.status.code(), Some(1), "the id is taken now");
    assert!(stderr(&out).contains("already used by"), "{}", stderr(&out));
}

#[test]
fn malformed_issue_bodies_give_a_clear_error_and_write_nothing() {
    let cases = [
        (
            "malformed-missing-section.md",
            "the form is missing the section \"### One-line summary\"",
        ),
        (
            "malformed-no-consent.md",
            "is not ticked: we only list groups with their permission",
        ),
        (
            "malformed-no-needs.md",
            "nothing is ticked under \"What does it help with?\"",
        ),
        (
            "malformed-empty-name.md",
            "\"Group name\" is empty, and it is required",
        ),
        (
            "malformed-unknown-option.md",
            "\"Knitting\" is not one of the options of \"What does it help with?\"",
        ),
        (
            "malformed-duplicate-section.md",
            "the section \"### Group name\" appears twice",
        ),
        (
            "malformed-venue-without-postcode.md",
            "\"Venue name\" is given but \"Postcode\" is empty",
        ),
        (
            "malformed-other-form.md",
            "this is not an \"Add our group\" form",
        ),
    ];
    for (fixture, message) in cases {
        let d = Dir::plain("");
        let out = intake(&d, fixture, &["--maintainer", "someone"]);
        assert_eq!(out.status.code(), Some(1), "{fixture}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(message), "{fixture}: {err}");
        assert!(err.contains("no listing was written"), "{fixture}: {err}");
        assert!(listing_files(&d).is_empty(), "{fixture}");
    }
}

#[test]
fn an_issue_with_wrong_answers_is_refused_with_the_problems() {
    let d = Dir::plain("");
    let out = intake(&d, "invalid-listing.md", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for code in ["E009", "E012", "E014"] {
        assert!(err.contains(code), "{code}: {err}");
    }
    assert!(err.contains("was not written"), "{err}");
    assert!(listing_files(&d).is_empty());
}

/// What `intake` writes must pass `check` (found by the fuzz target `draft`): an answer so long
/// that the listing would be over the 64 KB limit is refused before anything is written, as
/// `check` would refuse the file (E018); and an answer with control characters still
/// makes a file that parses (never E001).
#[test]
fn intake_never_writes_a_file_check_refuses() {
    let d = Dir::plain("");
    let body = std::fs::read_to_string(fixtures().join("intake/knit-and-natter.md")).unwrap();
    let long = body.replace(
        "Bring your own project",
        &"Bring your own project. ".repeat(3_000),
    );
    let out = signpost_with_input(d.path(), &["intake", "-"], Some(&long));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Refused before a file is made, naming the answer that is too long (as E018 would).
    let err = stderr(&out);
    assert!(err.contains("over the 64 KB"), "{err}");
    assert!(err.contains("no listing was written"), "{err}");
    assert!(listing_files(&d).is_empty());

    let control = body.replace(
        "Bring your own project",
        "Bring\u{e} your own\u{7f} project",
    );
    let out = signpost_with_input(d.path(), &["intake", "-"], Some(&control));
    assert!(!stderr(&out).contains("E001"), "{}", stderr(&out));
    if out.status.success() {
        assert_checks(&d, "listings/knit-and-natter.yaml");
    }
}

/// A blank "GitHub user name" where the directory has a fallback team: the listing names no
/// maintainer (the team looks after it, whoever opened the issue), passes `check`, and gets
/// the team in CODEOWNERS; without the team, `intake` refuses rather than guess a name.
#[test]
fn intake_without_a_user_name_gives_the_listing_to_the_fallback_team() {
    let team = "[support]\nname = \"Testshire CVS\"\nurl = \"https://cvs.example.org/\"\nmaintainers = [\"@testshire/listings\"]\n";
    let d = Dir::plain(team);
    let out = intake(&d, "helpline-crlf.md", &["--maintainer", "issue-author"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = "listings/talking-together-helpline.yaml";
    let text = std::fs::read_to_string(d.path().join(file)).unwrap();
    assert!(!text.contains("maintainers"), "{text}");
    assert_checks(&d, file);
    assert!(d.run(&["codeowners"]).status.success());
    let owners = std::fs::read_to_string(d.path().join(".github/CODEOWNERS")).unwrap();
    assert!(
        owners.contains("/listings/talking-together-helpline.yaml @testshire/listings\n"),
        "{owners}"
    );

    // No team and no --maintainer: refused, nothing written, and the help names both ways.
    let d = Dir::plain("");
    let out = intake(&d, "helpline-crlf.md", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("signpost.toml names no fallback team and no --maintainer was given"),
        "{}",
        stderr(&out)
    );
    assert!(!d.path().join(file).exists());
}

/// `signpost new` with a fallback team: `--maintainer` may be left out, and the interactive
/// question may be skipped; the listing then names no maintainer and passes `check`. Without a
/// team it is still required.
#[test]
fn new_without_a_maintainer_needs_a_fallback_team() {
    let args = [
        "new",
        "--name",
        "Walk and Talk",
        "--summary",
        "A gentle walk.",
        "--need",
        "loneliness-and-isolation",
        "--online",
        "--email",
        "walk@example.org",
    ];
    let team = "[support]\nname = \"CVS\"\nurl = \"https://cvs.example.org/\"\nmaintainers = [\"@testshire/listings\"]\n";
    let d = Dir::plain(team);
    let out = d.run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = "listings/walk-and-talk.yaml";
    let text = std::fs::read_to_string(d.path().join(file)).unwrap();
    assert!(!text.contains("maintainers"), "{text}");
    assert_checks(&d, file);
    // Asked in the terminal: an empty answer is fine with a team.
    let answers = "Chess Club\nChess for all.\n1\nonline\n\nchess@example.org\n\n\n\n";
    let out = signpost_with_input(d.path(), &["new"], Some(answers));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(d.path().join("listings/chess-club.yaml")).unwrap();
    assert!(!text.contains("maintainers"), "{text}");

    let out = Dir::plain("").run(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing --maintainer"),
        "{}",
        stderr(&out)
    );
}
