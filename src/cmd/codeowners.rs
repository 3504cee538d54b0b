//! `signpost codeowners`: write `.github/CODEOWNERS` from the listings' maintainers, or with
//! `--check` exit 1 when it is out of date.

use std::path::Path;
use std::process::ExitCode;

use super::Error;
use crate::codeowners;
use crate::config::Config;

pub fn run(root: &Path, check: bool) -> Result<ExitCode, Error> {
    let config = Config::load(root)?;
    let (text, skipped) = codeowners::generate(root, &config);
    for file in &skipped {
        eprintln!(
            "note: {} has no line: it does not parse or names no valid maintainer (see `signpost check`)",
            file.display()
        );
    }
    let path = root.join(codeowners::FILE);
    let current = std::fs::read_to_string(&path).ok();
    if check {
        return Ok(if current.as_deref() == Some(text.as_str()) {
            eprintln!("{} is up to date", codeowners::FILE);
            ExitCode::SUCCESS
        } else {
            eprintln!(
                "error: {} is out of date\nhelp: run `signpost codeowners` and commit the result",
                codeowners::FILE
            );
            ExitCode::FAILURE
        });
    }
    if current.as_deref() == Some(text.as_str()) {
        eprintln!("{} is up to date", codeowners::FILE);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Create {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    if let Err(source) = std::fs::write(&path, &text) {
        return Err(Error::Write { path, source });
    }
    let lines = text.lines().filter(|l| l.starts_with('/')).count();
    eprintln!("wrote {} ({lines} listings)", codeowners::FILE);
    Ok(ExitCode::SUCCESS)
}
