//! `signpost build`: the library build ([`crate::build`]) with its report printed: the
//! listings' problems as `check` prints them, what was left out, and a one-line summary.
//!
//! Listings with errors are left out; the rest are built. With `--strict` any error stops the
//! build before anything is written (exit 1).

use std::path::Path;
use std::process::ExitCode;

use crate::build::{self, Built, plural};

/// `redirects` overrides `[output] redirects` for this build.
pub fn run(
    root: &Path,
    out: Option<&Path>,
    strict: bool,
    redirects: Option<crate::config::Redirects>,
) -> Result<ExitCode, super::Error> {
    let out = match out {
        Some(p) => p.to_path_buf(),
        None => root.join("public"),
    };
    let built = build::build(root, &out, strict, redirects, |outcome| {
        build::report_problems(root, outcome);
        let bad = listings_with_errors(outcome);
        if bad > 0 && !strict {
            eprintln!(
                "warning: {bad} listing{} with errors left out of the build; run `signpost check` for details",
                plural(bad)
            );
        }
    })?;
    match built {
        Built::Refused { .. } => {
            eprintln!("error: {}", built.summary(&out));
            Ok(ExitCode::FAILURE)
        }
        Built::Written { .. } => {
            println!("{}", built.summary(&out));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// How many listing files have at least one error.
fn listings_with_errors(outcome: &crate::directory::Outcome) -> usize {
    let files: std::collections::HashSet<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| &d.file)
        .collect();
    files.len()
}
