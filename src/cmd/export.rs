//! `signpost export`: write the published listings as open data (see `hsds`).

use std::path::Path;
use std::process::ExitCode;

use crate::directory::{self, Options};
use crate::hsds::{self, ExportFormat, History};

pub fn run(root: &Path, format: ExportFormat, out: &Path) -> Result<ExitCode, super::Error> {
    let started = std::time::Instant::now();
    let outcome = directory::load(root, &Options::default())?;
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!(
            "warning: {errors} problem{} in the listings: those listings are left out \
             (run `signpost check` to see them)",
            if errors == 1 { "" } else { "s" }
        );
    }
    let n = hsds::write(
        &outcome.directory,
        &History::of(&outcome.directory),
        format,
        out,
    )?;
    eprintln!(
        "exported {n} service{} to {} in {:.2}s",
        if n == 1 { "" } else { "s" },
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
