//! `signpost stale`: the listings whose groups should confirm them, oldest first.

use std::path::Path;
use std::process::ExitCode;

use crate::directory::{self, Options};
use crate::stale;

/// How `stale` prints its report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Markdown table with @-mentions, for an issue or a job summary.
    Markdown,
    /// A JSON array, one object per listing.
    Json,
}

pub fn run(root: &Path, format: Format, all: bool) -> Result<ExitCode, String> {
    let outcome = directory::load(root, &Options::default())?;
    for note in &outcome.notes {
        eprintln!("note: {note}");
    }
    let entries = stale::report(&outcome.directory, all);
    match format {
        Format::Json => print!("{}", stale::to_json(&entries)),
        Format::Markdown => print!("{}", stale::to_markdown(&entries, &outcome.directory)),
    }
    Ok(ExitCode::SUCCESS)
}
