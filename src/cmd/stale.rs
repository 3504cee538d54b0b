//! `signpost stale`: the listings whose groups should confirm them, oldest first.

use std::path::Path;
use std::process::ExitCode;

use crate::directory::{self, Options};
use crate::stale::{self, ReminderFormat};

pub fn run(root: &Path, format: ReminderFormat, all: bool) -> Result<ExitCode, super::Error> {
    let outcome = directory::load(root, &Options::default())?;
    for note in &outcome.notes {
        eprintln!("note: {note}");
    }
    let entries = stale::report(&outcome.directory, all);
    match format {
        ReminderFormat::Json => print!("{}", stale::to_json(&entries)),
        ReminderFormat::Markdown => print!("{}", stale::to_markdown(&entries, &outcome.directory)),
    }
    Ok(ExitCode::SUCCESS)
}
