//! The fast path for reading listing files: the plain subset of YAML that listings are written
//! in (block mappings and sequences indented with spaces, one-line `[a, b]` lists, plain and
//! quoted one-line scalars, `|` text blocks, comments), read straight into a [`Source`].
//!
//! It is an optimisation, not a second YAML parser to trust: [`parse`] answers `None` for
//! anything it is not sure about — any YAML outside the subset (anchors, tags, flow mappings,
//! folded or chomped blocks, multi-line plain or quoted scalars, tabs, control characters,
//! documents markers...) and any file that would not deserialize (an unknown, repeated or
//! missing field, a value of the wrong kind, a null) — and [`super::parse`] then hands the text
//! to serde-saphyr, which reads it and words every diagnostic. When it answers `Some`, the
//! `Source` is the one serde-saphyr gives, positions included: in debug builds (so in every
//! test) [`super::parse`] reads each file both ways and panics if they differ.
//!
//! Positions follow serde-saphyr's: a scalar points at its first character (the quote of a
//! quoted one) with its length in bytes as written; a `[...]` list at its `[` (length 1); an
//! indented block list at its first `-` (length 0); a mapping at its first key (length 0); a
//! `|` block at its first non-empty line, its length running to the first character of what
//! follows it. Columns count characters.

mod convert;
mod read;
mod scan;

use super::Source;

/// Files with more scalars than this are left to serde-saphyr and its budgets.
const MAX_SCALARS: usize = 2_000;

/// Reads `text` if it is in the subset and is a valid listing; `None` otherwise: the lines are
/// scanned ([`scan`]), read into nodes ([`read`]) and the nodes converted into a `Source`
/// ([`convert`]).
pub(super) fn parse(text: &str) -> Option<Source> {
    let lines = scan::lines(text)?;
    let root = read::Parser::new(text, lines).document()?;
    convert::source(root)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn slow(text: &str) -> Option<Source> {
        serde_saphyr::from_str_with_options(text, crate::listing::options()).ok()
    }

    /// Reads `text` both ways; true when the fast path took it (and then read it the same).
    fn same(text: &str) -> bool {
        match parse(text) {
            Some(fast) => {
                assert_eq!(Some(fast), slow(text), "the fast path misread {text:?}");
                true
            }
            None => false,
        }
    }

    /// Every construct the fast path reads, in one listing.
    const FULL: &str = r#"# yaml-language-server: $schema=../../schema/listing.schema.json
name: "Friendly Drop-in"
summary: A welcoming hub, with tea [and cake] for all.   # a comment
description: |
  Come along.

  - tea and coffee
    # not a comment
  - **no need to book**: just come


organisation: 'It''s ours: Café Été 😀'
needs: [substance-use, "homelessness" ,'carers']
activities:
  - chair-based-exercise
  - "walking"
languages: []
who:
  min_age: 0
  max_age: 99
  audiences: [carers]
cost:
  free: false
  amount: 3.50
  per: session
  pay_what_you_can: true
  concessions: "£1 for under-16s"
joining: self
booking: https://example.org/book?x=1#top
venues:
  - name: "Community Hall"
    address: ["Friendly Road", Élan, x]
    postcode: L14 0AJ
    lat: 51.5
    lon: -0.1
    access: [step-free, accessible-toilet]
  -   name: Church
      postcode: CR0 1AA
      access:
      - hearing-loop
when:
  - days: [saturday, sunday]
    start: "10:00"
    end: 11:30
  - week: first
    days:
      - monday
    start: 9:00
  - date: 2026-12-01
  - days: [thursday]
    every: 2
    starting: 2026-11-26
    start: "18:00"
online: true
by_phone: false
area:
  borough: true
  wards:
    - Norbury
term_time_only: false
by_appointment: true
bank_holidays: open
contact:
  email: hello@example.org
  phone: 020 7946 0209
  website: https://example.org/x
maintainers:
  - volunteer-2209
  - jo
reviewed: 2026-10-16
status: paused
notice: |
    Closed for the summer.
example: true
translations:
  fr:
    name: Café Été
    description: |
      Venez !
  no:
    summary: x
  pt-BR:
    summary: 'y'
"#;

    #[test]
    fn listings_as_people_write_them_are_read_the_same_as_serde_saphyr() {
        assert!(same(FULL));
        let minimal = "name: Knit\nsummary: A knitting group\nneeds: [loneliness-and-isolation]\nmaintainers: [jo]\nreviewed: 2026-10-01\nonline: true";
        assert!(same(minimal), "no line break at the end");
        assert!(same(&format!("{minimal}\n\n# the end\n")));
        assert!(same(&format!("{minimal}\ndescription: |\n  a\n\n  b")));
        assert!(same(&format!("{minimal}\ndescription: |\n\n  a\n\n")));
        assert!(same(&format!(
            "{minimal}\ncost:\n  amount: 3\n  per: week\n"
        )));
        assert!(same(&format!(
            "{minimal}\nvenues:\n- name: x\n  postcode: CR0 1AA\n"
        )));
        // The fallback team looks after a listing without maintainers.
        let unmaintained = minimal.replace("maintainers: [jo]\n", "");
        assert!(same(&unmaintained));
        assert!(parse(&unmaintained).unwrap().maintainers.is_none());
        assert!(same(
            &format!("{minimal}\nmaintainers: []").replace("maintainers: [jo]\n", "")
        ));
        assert!(same(&format!("{minimal}\nbank_holidays: closed\n")));
    }

    #[test]
    fn the_bundled_and_fixture_listings_take_the_fast_path() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = crate::listing::find(repo, &repo.join("listings"));
        files.extend(crate::listing::find(
            repo,
            &repo.join("tests/fixtures/valid"),
        ));
        files.extend(crate::listing::find(
            repo,
            &repo.join("tests/fixtures/warnings"),
        ));
        assert!(files.len() > 100);
        for file in files {
            let text = std::fs::read_to_string(repo.join(&file)).unwrap();
            assert!(same(&text), "{} is left to serde-saphyr", file.display());
        }
    }

    #[test]
    fn synthetic_listings_take_the_fast_path() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let districts = crate::synth::read_districts(&repo.join(crate::synth::DISTRICTS)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("synth");
        let today = "2026-11-22".parse().unwrap();
        crate::synth::generate(&districts, 300, 10, &out, 7, today).unwrap();
        for file in crate::listing::find(&out, &out.join("listings")) {
            let text = std::fs::read_to_string(out.join(&file)).unwrap();
            assert!(same(&text), "{} is left to serde-saphyr", file.display());
        }
    }

    #[test]
    fn what_the_subset_leaves_out_goes_to_serde_saphyr() {
        let base = "name: Knit\nsummary: A knitting group\nneeds: [loneliness-and-isolation]\nmaintainers: [jo]\nreviewed: 2026-10-01\nonline: true\n";
        for extra in [
            "notice: \"a \\\" b\"\n",          // escapes
            "notice: >\n  folded\n",           // folded block
            "notice: |-\n  chomped\n",         // chomping indicator
            "notice: a\n  continued\n",        // multi-line plain
            "notice: \"a\n  b\"\n",            // multi-line quoted
            "notice: &a x\n",                  // anchor
            "notice: !!str x\n",               // tag
            "cost: {free: true}\n",            // flow mapping
            "notice:\n",                       // null
            "notice: ~\n",                     // null
            "notice: a: b\n",                  // not a scalar
            "example: yes\n",                  // not a boolean
            "example: True\n",                 // a boolean serde-saphyr reads, not the fast path
            "who:\n  min_age: 018\n",          // leading zero
            "who:\n  min_age: \"18\"\n",       // quoted number
            "cost:\n  amount: .5\n",           // unusual number
            "cost:\n  per: fortnight\n",       // unknown variant
            "bank_holidays: shut\n",           // unknown variant
            "when:\n  - every: \"2\"\n",       // quoted number
            "organisation: a\torganisation\n", // tab
            "sumary: typo\n",                  // unknown field
            "name: Again\n",                   // duplicate
            "needs:\n- a\n",                   // duplicate, compact list
            "activities: [a,\n  b]\n",         // multi-line flow
            "activities: [a, ]\n",             // trailing comma
            "activities: [a: b]\n",            // flow mapping in a list
            "notice: |\n  a\n# comment\n",     // a comment right after a block
            "notice: |\n  a\n  \n",            // spaces-only line in a block
            "---\n",
            "...\n",
        ] {
            let text = format!("{base}{extra}");
            assert_eq!(parse(&text), None, "{text:?}");
        }
        assert_eq!(parse("\u{feff}name: x\n"), None);
        assert_eq!(parse("name: x\r\nsummary: y\r\n"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("# only a comment\n"), None);
    }

    /// Every line of a listing, mangled in many ways: the fast path either declines or reads
    /// exactly what serde-saphyr reads.
    #[test]
    fn mangled_listings_are_declined_or_read_the_same() {
        const SPLICES: &[&str] = &[
            " ", "  ", "#", " #", " # x", ":", ": ", "- ", "-", "[", "]", ",", "\"", "'", "''",
            "|", ">", "&a ", "*a", "!", "%", "@", "`", "{", "}", "?", "~", "null", "true", "0",
            "-1", "1.5", "é", "😀", "\u{202e}", "\u{a0}", "\\", "\n", "\n  ", "\n#", "\n\n",
        ];
        let lines: Vec<&str> = FULL.lines().collect();
        let mut taken = 0;
        for i in 0..lines.len() {
            let line = lines[i];
            let indent = line.len() - line.trim_start().len();
            let colon = line.find(": ").map_or(line.len(), |c| c + 2);
            for at in [0, indent, colon, line.len()] {
                for splice in SPLICES {
                    let mut changed: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                    changed[i] = format!("{}{splice}{}", &line[..at], &line[at..]);
                    taken += usize::from(same(&(changed.join("\n") + "\n")));
                }
            }
            // The line deleted, doubled, and indented one space more or less.
            let mut changed: Vec<&str> = lines.clone();
            changed.remove(i);
            same(&(changed.join("\n") + "\n"));
            changed.insert(i, line);
            changed.insert(i, line);
            same(&(changed.join("\n") + "\n"));
            let more = format!(" {line}");
            let less = line.strip_prefix(' ').unwrap_or(line);
            for l in [more.as_str(), less] {
                let mut changed = lines.clone();
                changed[i] = l;
                same(&(changed.join("\n") + "\n"));
            }
        }
        assert!(taken > 500, "the fast path took only {taken} variants");
    }
}
