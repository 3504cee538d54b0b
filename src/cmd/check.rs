//! `signpost check`: load and validate listings, print every problem, exit 1 if any is an error.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::diagnostics::{self, Code, Diagnostic, Pos, ProblemFormat};
use crate::directory::{self, Options};

pub fn run(
    root: &Path,
    paths: &[PathBuf],
    format: ProblemFormat,
) -> Result<ExitCode, super::Error> {
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
    let mut diags = outcome.diagnostics;
    let dupes_started = std::time::Instant::now();
    diags.extend(near_duplicates(root, paths, &outcome.directory.listings));
    crate::timing::phase("near-duplicates", dupes_started);
    diags.sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
    let diags = &diags;
    let color = format == ProblemFormat::Human && std::io::stderr().is_terminal();
    // Only plain files inside the repository are shown beside their problems (never a
    // link's target).
    let text = diagnostics::render(diags, format, color, &|file: &Path| {
        crate::listing::read_shown(root, file)
    });
    match format {
        ProblemFormat::Human => eprint!("{text}"),
        ProblemFormat::Json | ProblemFormat::Github => print!("{text}"),
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

/// W005 for each pair of listings that look alike, on the later file (or the one being
/// checked), pointing at its name. When only some files are checked, they are compared with
/// the whole directory too, so a new listing that repeats an existing one is caught.
fn near_duplicates(
    root: &Path,
    paths: &[PathBuf],
    checked: &[crate::model::Listing],
) -> Vec<Diagnostic> {
    // Checking everything (the usual case): compare the checked listings, without copies.
    let full = match paths.is_empty() {
        true => None,
        false => directory::load(root, &Options::default()).ok(),
    };
    let mut all: Vec<&crate::model::Listing> = match &full {
        Some(full) => full.directory.listings.iter().collect(),
        None => Vec::new(),
    };
    let known: std::collections::HashSet<&Path> = all.iter().map(|l| l.path.as_path()).collect();
    all.extend(checked.iter().filter(|l| !known.contains(l.path.as_path())));
    let is_checked: std::collections::HashSet<&Path> = match full {
        Some(_) => checked.iter().map(|l| l.path.as_path()).collect(),
        None => std::collections::HashSet::new(),
    };
    crate::search::dupes::near_duplicates(&all)
        .into_iter()
        .filter_map(|(a, b)| {
            let (other, this) = if full.is_none() || is_checked.contains(b.path.as_path()) {
                (a, b)
            } else if is_checked.contains(a.path.as_path()) {
                (b, a)
            } else {
                return None;
            };
            let pos = std::fs::read_to_string(root.join(&this.path))
                .ok()
                .and_then(|text| name_position(&text))
                .unwrap_or(Pos::new(1, 1));
            Some(
                Diagnostic::new(
                    Code::NearDuplicate,
                    &this.path,
                    pos,
                    format!(
                        "this looks like {} (\"{}\")",
                        other.path.display(),
                        other.name
                    ),
                )
                .help("if it is the same group, keep one listing; if not, make the names or summaries tell them apart"),
            )
        })
        .collect()
}

/// Where the value of the top-level `name:` is, for pointing at it.
fn name_position(text: &str) -> Option<Pos> {
    text.lines().enumerate().find_map(|(i, line)| {
        let rest = line.strip_prefix("name:")?;
        let value = rest.trim_start();
        let column = line.len() - value.len() + 1;
        Some(Pos {
            line: i + 1,
            column,
            len: value.trim_end().len(),
        })
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
