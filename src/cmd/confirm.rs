//! `signpost confirm ID` or `signpost confirm --issue FILE`: set a listing's `reviewed` date to
//! today (the "Still correct" path, see [`crate::confirm`]) and print the file's path. A body
//! that is not the form, or an id with no listing, changes nothing and exits 1 with the reason
//! (a workflow posts it back on the issue).

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use super::Error;
use crate::config::Config;
use crate::confirm;
use crate::diagnostics::{error_text, slash_path};

pub fn run(root: &Path, id: Option<&str>, issue: Option<&Path>) -> Result<ExitCode, Error> {
    let config = Config::load(root)?;
    let today = crate::directory::today()?;
    let id = match (id, issue) {
        (Some(id), _) => Ok(id.to_string()),
        (None, Some(file)) => confirm::listing_id(&read(file)?),
        (None, None) => unreachable!("clap asks for an id or --issue"),
    };
    match id.and_then(|id| confirm::confirm(root, &config, &id, today)) {
        Ok(done) => {
            if !done.changed {
                eprintln!(
                    "note: {} already says reviewed: {today}",
                    slash_path(&done.path)
                );
            }
            println!("{}", slash_path(&done.path));
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{}", error_text(&e));
            eprintln!("nothing was changed");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The issue body from a file, or standard input for `-`.
fn read(file: &Path) -> Result<String, Error> {
    if file == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(Error::Stdin)?;
        return Ok(s);
    }
    std::fs::read_to_string(file).map_err(|source| Error::Read {
        path: file.to_path_buf(),
        source,
    })
}
