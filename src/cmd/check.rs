//! `signpost check`: load and validate listings, print every problem, exit 1 if any is an error.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::diagnostics::{self, Format};
use crate::directory::{self, Options};

pub fn run(root: &Path, paths: &[PathBuf], format: Format) -> Result<ExitCode, String> {
    let started = std::time::Instant::now();
    let outcome = directory::load(
        root,
        &Options {
            paths: paths.to_vec(),
            today: None,
        },
    )?;
    for note in &outcome.notes {
        eprintln!("note: {note}");
    }
    let diags = &outcome.diagnostics;
    let color = format == Format::Human && std::io::stderr().is_terminal();
    let text = diagnostics::render(diags, format, color, &|file: &Path| {
        std::fs::read_to_string(root.join(file)).ok()
    });
    match format {
        Format::Human => eprint!("{text}"),
        Format::Json | Format::Github => print!("{text}"),
    }
    for note in &outcome.notes {
        eprintln!("note: {note}");
    }
    let (errors, warnings) = diagnostics::tally(diags);
    let bad_files: std::collections::HashSet<_> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| &d.file)
        .collect();
    eprintln!(
        "checked {} listing{} in {:.2}s: {} error{} in {} file{}, {} warning{}",
        outcome.files,
        plural(outcome.files),
        started.elapsed().as_secs_f64(),
        errors,
        plural(errors),
        bad_files.len(),
        plural(bad_files.len()),
        warnings,
        plural(warnings),
    );
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
