//! Why the gaps report could not be made or written: [`Error`], naming the file, what was
//! being done and the cause, with a help line ([`Help`]) where there is something to add to
//! signpost.toml.

use std::path::{Path, PathBuf};

use crate::diagnostics::Help;

/// Why the gaps report could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("signpost.toml has no [wards] section: the gaps report needs ward boundaries")]
    NoWards,
    #[error("signpost.toml has no [insight] section: the gaps report needs deprivation data")]
    NoDeprivation,
    /// The LSOA boundaries could not be read (the GeoJSON reader of [`crate::wards`]).
    #[error(transparent)]
    LsoaBoundaries(crate::wards::Error),
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: csv::Error },
    #[error("{}: no {wanted} column (found: {found})", path.display())]
    NoColumn {
        path: PathBuf,
        wanted: &'static str,
        found: String,
    },
    #[error("{}:{line}: {what} is not a number", path.display())]
    NotANumber {
        path: PathBuf,
        line: usize,
        what: &'static str,
    },
    #[error("cannot create {}: {source}", path.display())]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot make the CSV: {0}")]
    Csv(#[source] csv::Error),
    #[error("cannot make the JSON: {0}")]
    Json(#[source] serde_json::Error),
}

impl Error {
    /// A failed read of the CSV file `path`.
    pub(super) fn read(path: &Path) -> impl FnOnce(csv::Error) -> Error + '_ {
        move |source| Error::Read {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A failed creation of the folder `path`.
    pub(super) fn create(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::Create {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A failed write of `path`.
    pub(super) fn write(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::NoWards => {
                Some("add [wards] file = \"…geojson\" (OSGB36 grid, one feature per ward)".into())
            }
            Error::NoDeprivation => {
                Some("add [insight] with lsoa_file and imd_file (see README.md)".into())
            }
            Error::NoColumn { .. } => Some(
                "use the file as published, with its official column names (see README.md)".into(),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::error_text;

    #[test]
    fn a_missing_section_says_what_to_add() {
        assert_eq!(
            error_text(&Error::NoDeprivation),
            "error: signpost.toml has no [insight] section: the gaps report needs deprivation \
             data\nhelp: add [insight] with lsoa_file and imd_file (see README.md)"
        );
    }

    #[test]
    fn a_failed_write_names_the_file_and_the_cause_once() {
        let denied = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let e = Error::write(Path::new("out/index.html"))(denied);
        assert_eq!(error_text(&e), "error: cannot write out/index.html: denied");
    }
}
