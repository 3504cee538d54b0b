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
        stale_months: 6,
        expired_months: 12,
        history: None,
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
