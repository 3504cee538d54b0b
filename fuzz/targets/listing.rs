//! Listing files end to end: the text is parsed (`listing::parse`: the fast path, and in builds
//! with debug assertions serde-saphyr too, which must read it the same or refuse it alike), then
//! checked as `check` checks a file (`Directory::check_text`: validation, freshness, postcodes
//! against the real gazetteer), and every diagnostic is printed in each format.
//!
//! Properties: nothing panics (a panic in validation would come back as E025, which fails the
//! target); a parse error and every diagnostic point inside the file; a listing comes back
//! exactly when there is no error.

use std::path::PathBuf;

use signpost::listing;

use super::{assert_inside, assert_no_internal_error, directory, render_all, unhooked};

/// The id of the file the input is checked as (another when `SIGNPOST_TEST_PANIC` names it).
pub const ID: &str = "fuzzed";

/// YAML and listing pieces that reach the corners of both parsers and of validation.
pub const TOKENS: &[&str] = &[
    "\n",
    "\t",
    ": ",
    "- ",
    "  - ",
    "    ",
    "&a ",
    "*a",
    "<<: *a",
    "!!binary ",
    "!!str ",
    "!custom ",
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "\u{feff}",
    "\u{a0}",
    "\u{3000}",
    "\u{202e}",
    "\u{200b}",
    "é",
    "😀",
    "'",
    "\"",
    "\\u0000",
    "{",
    "}",
    "[",
    "]",
    ",",
    "|",
    "|-",
    ">",
    "#",
    " # ",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "? ",
    "~",
    "null",
    "true",
    "yes",
    "-1",
    "0x1F",
    "1e309",
    ".nan",
    "9999999999999999999999",
    "2026-02-30",
    "24:00",
    "\"09:30\"",
    "days: [mo\u{a0}nday]",
    "week: last",
    "date: 2026-12-05",
    "postcode: CR0 1NX",
    "postcode: GIR 0AA",
    "email: a@b.c",
    "website: https://user@example.org/",
    "phone: 020 8123 4567",
    "translations:\n  cy:\n    name: Grŵp",
    "who:\n  min_age: 130\n",
    "area:\n  wards: [Fairfield]\n",
    "cost:\n  amount: 3.5\n  per: session\n",
    "status: paused\n",
    "<script>alert(1)</script>",
];

/// Runs one input (see the module comment).
pub fn run(data: &[u8]) {
    let text = super::text(data);
    let id = unhooked(ID);
    let path: PathBuf = directory().config.listings.join(format!("{id}.yaml"));
    match listing::parse(&path, &text) {
        Err(d) => {
            assert_inside(std::slice::from_ref(&d), &text);
            render_all(std::slice::from_ref(&d), &text);
        }
        Ok(loaded) => assert_eq!(loaded.id, id),
    }
    let (found, diagnostics) = directory().check_text(&path, &text);
    assert_no_internal_error(&diagnostics, &text);
    assert_inside(&diagnostics, &text);
    let errors = diagnostics.iter().any(|d| d.is_error());
    assert_eq!(
        found.is_some(),
        !errors,
        "a listing comes back exactly when there is no error: {diagnostics:?}\ninput: {text:?}"
    );
    render_all(&diagnostics, &text);
}
