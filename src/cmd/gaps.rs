//! `signpost gaps`: the report for commissioners (see `insight`), as HTML pages, CSV or JSON.

use std::path::Path;
use std::process::ExitCode;

use super::Error;
use crate::directory::{self, Options};
use crate::insight::GapsFormat;
use crate::insight::{self, export, html};

/// Where the HTML goes when `--out` is not given, inside the directory.
pub const DEFAULT_HTML_OUT: &str = "public/insight";

pub fn run(root: &Path, format: GapsFormat, out: Option<&Path>) -> Result<ExitCode, Error> {
    let outcome = directory::load(root, &Options::default())?;
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!(
            "note: {errors} problem{} in listings: those listings are left out (run `signpost check`)",
            if errors == 1 { "" } else { "s" }
        );
    }
    let directory = &outcome.directory;
    let report = insight::report(directory).map_err(Error::Insight)?;
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    let write = |name: &str, text: String| -> Result<(), Error> {
        match out {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| Error::Create {
                    path: dir.to_path_buf(),
                    source,
                })?;
                let path = dir.join(name);
                if let Err(source) = std::fs::write(&path, text) {
                    return Err(Error::Write { path, source });
                }
                eprintln!("wrote {}", path.display());
            }
            None => {
                use std::io::Write;
                match std::io::stdout().lock().write_all(text.as_bytes()) {
                    // A reader such as `head` that stops early is not an error.
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        return Err(Error::Stdout(e));
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    };
    match format {
        GapsFormat::Html => {
            let dir = out.map_or_else(|| root.join(DEFAULT_HTML_OUT), Path::to_path_buf);
            let attribution = directory.attribution.clone();
            let site = insight::published_site(directory);
            html::write(&report, attribution.as_deref(), &site, &dir).map_err(Error::Insight)?;
            eprintln!(
                "wrote the gaps report ({} pages, report.css and gaps.csv) to {}",
                report.needs.len() + 1,
                dir.display()
            );
        }
        GapsFormat::Csv => write("gaps.csv", export::csv(&report).map_err(Error::Insight)?)?,
        GapsFormat::Json => write("gaps.json", export::json(&report).map_err(Error::Insight)?)?,
    }
    let gaps: usize = report.wards.iter().map(|w| w.gaps.len()).sum();
    eprintln!(
        "{} wards, {} practice sites, {} listings ({} made-up examples, not counted): {gaps} ward \
         gaps (needs with no free group within a walk)",
        report.wards.len(),
        report.practices.len(),
        report.listings,
        report.examples
    );
    Ok(ExitCode::SUCCESS)
}
