//! `signpost generate`: write a synthetic directory for benchmarks (hidden from help).

use std::path::Path;
use std::process::ExitCode;

use super::Error;
use crate::synth;

pub fn run(
    root: &Path,
    listings: usize,
    practices: usize,
    out: &Path,
    seed: u64,
) -> Result<ExitCode, Error> {
    let read = |source| Error::Read {
        path: out.to_path_buf(),
        source,
    };
    if out.exists() && out.read_dir().map_err(read)?.next().is_some() {
        return Err(Error::NotEmpty {
            path: out.to_path_buf(),
        });
    }
    let districts = synth::read_districts(&root.join(synth::DISTRICTS)).map_err(Error::Synth)?;
    let today = crate::directory::today()?;
    synth::generate(&districts, listings, practices, out, seed, today).map_err(Error::Synth)?;
    eprintln!(
        "wrote {listings} listings and {practices} practices across {} postcode districts to {}",
        districts.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
