//! Why a postcode file could not be loaded: [`LocateError`].

use std::io;
use std::path::{Path, PathBuf};

use super::dialect::understood_columns;
use crate::diagnostics::Help;
use crate::place::PostcodeError;

/// Why a postcode file could not be loaded. Every variant names the file;
/// those about a row give its line number, and each says what to do next.
///
/// For stopping the build with a clear message. Cache trouble is never an
/// error (see [`Gazetteer::warnings`](super::Gazetteer::warnings)).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LocateError {
    /// The file could not be found, opened or read.
    #[error(
        "cannot {action} postcode file {}: {source}; check the path in the configuration",
        .path.display()
    )]
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
    /// The file is not well-formed CSV (e.g. a row with the wrong number of fields).
    #[error(
        "{}{}: not valid CSV ({source}); fix the row or re-export the file",
        .path.display(),
        .line.map(|line| format!(":{line}")).unwrap_or_default()
    )]
    Csv {
        path: PathBuf,
        line: Option<u64>,
        source: csv::Error,
    },
    /// The header lacks a column this module needs. Understood names
    /// (any case): postcode `pcds`, `pcd`, `pcd7`, `pcd8`, `pcd2`, `Postcode`;
    /// point `Latitude`/`lat` with `Longitude`/`long`/`lon`/`lng` (preferred
    /// when present), else `oseast1m`/`east1m`/`Easting` with
    /// `osnrth1m`/`north1m`/`Northing`; termination `doterm` or `Terminated`
    /// (any value means terminated) and `In Use?` ("No" means terminated).
    #[error(
        "{}: no {needed} in the header (found: {}); rename the column or use an ONS Postcode \
         Directory export",
        .path.display(),
        .found.join(", ")
    )]
    MissingColumn {
        path: PathBuf,
        needed: &'static str,
        found: Vec<String>,
    },
    /// A value that should be a number is not one, or is out of range.
    #[error(
        "{}:{line}: column \"{column}\" has \"{value}\"; expected {expected}",
        .path.display()
    )]
    BadValue {
        path: PathBuf,
        line: u64,
        column: String,
        value: String,
        expected: &'static str,
    },
    /// A postcode cell that is not a UK postcode.
    #[error("{}:{line}: {error}; fix or remove the row", .path.display())]
    BadPostcode {
        path: PathBuf,
        line: u64,
        #[source]
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

    /// A CSV reader's error: trouble reading the file is [`LocateError::Io`],
    /// anything else [`LocateError::Csv`] at the line the reader had reached.
    pub(super) fn csv(path: &Path, error: csv::Error) -> LocateError {
        if let csv::ErrorKind::Io(_) = error.kind() {
            let csv::ErrorKind::Io(source) = error.into_kind() else {
                unreachable!()
            };
            return LocateError::io(path, "read", source);
        }
        LocateError::Csv {
            path: path.to_path_buf(),
            line: error.position().map(|p| p.line()),
            source: error,
        }
    }
}

impl Help for LocateError {
    /// Where the file names come from, when a file is missing; every header
    /// name understood, when a column is missing. The other messages already
    /// end with what to do.
    fn help(&self) -> Option<String> {
        match self {
            LocateError::Io { source, .. } if source.kind() == io::ErrorKind::NotFound => Some(
                "postcode files are named by `files` in the `[postcodes]` table of signpost.toml, \
                 relative to the directory's root"
                    .into(),
            ),
            LocateError::MissingColumn { .. } => Some(understood_columns()),
            _ => None,
        }
    }
}
