//! `signpost intake FILE`: turn the body of an "Add our group" issue into a listing file,
//! validated; print its path. A body that is not the form, or a listing with errors, writes
//! nothing and exits 1 with the reason (a workflow posts it back on the issue).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Error;
use crate::directory::{self, Options};
use crate::intake;

pub fn run(
    root: &Path,
    file: &Path,
    out: Option<&Path>,
    maintainer: Option<&str>,
) -> Result<ExitCode, Error> {
    let body = if file == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(Error::Stdin)?;
        s
    } else {
        std::fs::read_to_string(file).map_err(|source| Error::Read {
            path: file.to_path_buf(),
            source,
        })?
    };
    let outcome = directory::load(root, &Options::default())?;
    let dir = outcome.directory;
    let folder = match out {
        None => PathBuf::new(),
        Some(out) => {
            let out = out.strip_prefix(&dir.root).unwrap_or(out);
            out.strip_prefix(&dir.config.listings)
                .map(Path::to_path_buf)
                .map_err(|_| Error::OutsideListings {
                    out: out.to_path_buf(),
                    listings: dir.config.listings.clone(),
                })?
        }
    };
    let today = dir.today.to_string();
    let context = intake::Context {
        needs: &dir.vocab.needs,
        team: !dir.config.fallback_team().is_empty(),
        maintainer,
        today: &today,
    };
    let draft = match intake::parse(&body, &context) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("no listing was written");
            return Ok(ExitCode::FAILURE);
        }
    };
    Ok(super::new::write_and_report(&dir, &draft, &folder))
}
