//! Hostile and careless input, through the public interface (issue 20): links that read as one
//! place and go to another, characters that cannot be seen, YAML tags, files in the listings
//! folder that are not plain listings, the servers' limits (symlinks, timeouts, long
//! addresses), the API's public address, what the authoring tools write, and the words
//! volunteers see for each.
//!
//! Each module drives the real binary (`check`, `build`, `intake`, `serve`) or the library's
//! public functions on small directories in temporary folders.

mod authoring;
mod characters;
mod files;
mod links;
mod servers;
mod tags;
mod wording;

use std::process::Output;

use crate::common::Dir;
use serde_json::Value;

/// A valid listing (online, so it needs no postcode), with `extra` lines appended.
pub fn listing(extra: &str) -> String {
    format!(
        "name: Knit and Natter\nsummary: A friendly knitting group.\n\
         needs: [loneliness-and-isolation]\nonline: true\nmaintainers: [jo-bloggs]\n\
         reviewed: 2026-10-01\n{extra}"
    )
}

/// A directory holding one listing, `listings/knit.yaml`, with `text`.
pub fn dir_with(text: &str) -> Dir {
    let d = Dir::plain("");
    d.write("listings/knit.yaml", text);
    d
}

/// `check --format json` on the directory: the exit code and the diagnostics.
pub fn check_json(d: &Dir) -> (Option<i32>, Vec<Value>) {
    let out = d.run(&["check", "--format", "json"]);
    (out.status.code(), diagnostics(&out))
}

/// The diagnostics of a `--format json` run.
pub fn diagnostics(out: &Output) -> Vec<Value> {
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        })
        .as_array()
        .expect("an array")
        .clone()
}

/// The one diagnostic with `code`, failing the test when there is not exactly one.
pub fn only<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    let found: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == code).collect();
    assert_eq!(found.len(), 1, "one {code} expected in {diagnostics:#?}");
    found[0]
}
