//! `signpost generate`: write a synthetic directory for benchmarks (hidden from help).

use std::path::Path;
use std::process::ExitCode;

use crate::diagnostics::{Help, error_text};
use crate::synth;

pub fn run(
    root: &Path,
    listings: usize,
    practices: usize,
    out: &Path,
    seed: u64,
) -> Result<ExitCode, String> {
    if out.exists() && out.read_dir().map_err(|e| e.to_string())?.next().is_some() {
        return Err(format!("{} is not empty", out.display()));
    }
    let districts = synth::read_districts(&root.join(synth::DISTRICTS)).map_err(shown)?;
    let today = crate::directory::today()?;
    synth::generate(&districts, listings, practices, out, seed, today).map_err(shown)?;
    eprintln!(
        "wrote {listings} listings and {practices} practices across {} postcode districts to {}",
        districts.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// An error as `error_text` prints it (with its causes and help line), without the leading
/// "error: " that `main` adds.
fn shown(error: impl Help) -> String {
    let text = error_text(&error);
    text.strip_prefix("error: ").unwrap_or(&text).to_string()
}
