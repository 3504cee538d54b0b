//! Why a postcode file could not be loaded: [`LocateError`].

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::place::PostcodeError;

/// Why a postcode file could not be loaded. Every variant names the file;
/// those about a row give its line number, and each says what to do next.
///
/// For stopping the build with a clear message. Cache trouble is never an
/// error (see [`Gazetteer::warnings`](super::Gazetteer::warnings)).
#[derive(Debug)]
#[non_exhaustive]
pub enum LocateError {
    /// The file could not be found, opened or read.
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
    /// The file is not well-formed CSV (e.g. a row with the wrong number of fields).
    Csv {
        path: PathBuf,
        line: Option<u64>,
        message: String,
    },
    /// The header lacks a column this module needs. Understood names
    /// (any case): postcode `pcds`, `pcd`, `pcd7`, `pcd8`, `pcd2`, `Postcode`;
    /// point `Latitude`/`lat` with `Longitude`/`long`/`lon`/`lng` (preferred
    /// when present), else `oseast1m`/`east1m`/`Easting` with
    /// `osnrth1m`/`north1m`/`Northing`; termination `doterm` or `Terminated`
    /// (any value means terminated) and `In Use?` ("No" means terminated).
    MissingColumn {
        path: PathBuf,
        needed: &'static str,
        found: Vec<String>,
    },
    /// A value that should be a number is not one, or is out of range.
    BadValue {
        path: PathBuf,
        line: u64,
        column: String,
        value: String,
        expected: &'static str,
    },
    /// A postcode cell that is not a UK postcode.
    BadPostcode {
        path: PathBuf,
        line: u64,
        error: PostcodeError,
    },
}

impl LocateError {
    pub(super) fn io(path: &Path, action: &'static str, source: io::Error) -> LocateError {
        LocateError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    pub(super) fn csv(path: &Path, error: csv::Error) -> LocateError {
        if let csv::ErrorKind::Io(_) = error.kind() {
            let csv::ErrorKind::Io(source) = error.into_kind() else {
                unreachable!()
            };
            return LocateError::io(path, "read", source);
        }
        let line = error.position().map(|p| p.line());
        LocateError::Csv {
            path: path.to_path_buf(),
            line,
            message: error.to_string(),
        }
    }
}

impl fmt::Display for LocateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocateError::Io {
                path,
                action,
                source,
            } => write!(
                f,
                "cannot {action} postcode file {}: {source}; check the path in the configuration",
                path.display()
            ),
            LocateError::Csv {
                path,
                line,
                message,
            } => {
                write!(f, "{}", path.display())?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                }
                write!(
                    f,
                    ": not valid CSV ({message}); fix the row or re-export the file"
                )
            }
            LocateError::MissingColumn {
                path,
                needed,
                found,
            } => write!(
                f,
                "{}: no {needed} in the header (found: {}); rename the column or use an ONS \
                 Postcode Directory export",
                path.display(),
                found.join(", ")
            ),
            LocateError::BadValue {
                path,
                line,
                column,
                value,
                expected,
            } => write!(
                f,
                "{}:{line}: column \"{column}\" has \"{value}\"; expected {expected}",
                path.display()
            ),
            LocateError::BadPostcode { path, line, error } => {
                write!(
                    f,
                    "{}:{line}: {error}; fix or remove the row",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for LocateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LocateError::Io { source, .. } => Some(source),
            LocateError::BadPostcode { error, .. } => Some(error),
            _ => None,
        }
    }
}
