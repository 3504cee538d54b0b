//! One file per command, each a thin wrapper over the pipeline modules. A command returns the
//! process exit code, or an [`Error`] for problems that stop it before it starts or part way
//! (`main` prints it with [`crate::diagnostics::error_text`] and exits 2).

pub mod build;
pub mod check;
pub mod codeowners;
pub mod confirm;
pub mod export;
pub mod gaps;
pub mod generate;
pub mod intake;
pub mod new;
pub mod schema;
pub mod search;
pub mod serve;
pub mod stale;

use std::path::PathBuf;

use crate::diagnostics::Help;
use crate::place::{Postcode, PostcodeError};

/// What stops a command: a layer's error, kept whole (its message, causes and help line), or
/// a command's own (a file it cannot read or write, a flag it cannot use).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] crate::config::Error),
    #[error(transparent)]
    Load(#[from] crate::directory::Error),
    #[error(transparent)]
    Build(#[from] crate::build::Error),
    #[error(transparent)]
    Draft(#[from] crate::draft::Error),
    #[error(transparent)]
    Data(#[from] crate::hsds::Error),
    #[error(transparent)]
    Serve(#[from] crate::serve::Error),
    #[error(transparent)]
    Insight(#[from] crate::insight::Error),
    /// The search engine (`search` still reports its errors as text).
    #[error("{0}")]
    Search(String),
    #[error(transparent)]
    Synth(#[from] crate::synth::Error),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read the issue body from standard input: {0}")]
    Stdin(#[source] std::io::Error),
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
    #[error("cannot write to standard output: {0}")]
    Stdout(#[source] std::io::Error),
    #[error("cannot write the results as JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// `generate --out` that already holds files.
    #[error("{} is not empty", path.display())]
    NotEmpty { path: PathBuf },
    /// `intake --out` outside the listings folder.
    #[error("--out {} is not inside the listings folder ({})", out.display(), listings.display())]
    OutsideListings { out: PathBuf, listings: PathBuf },
    /// `search --site` that names no site.
    #[error("there is no site `{id}`")]
    NoSite { id: String },
    /// `search --near` that is not a postcode.
    #[error("--near: {0}")]
    Near(#[source] PostcodeError),
    /// `search --near` that no postcode file has.
    #[error("--near: the postcode {0} is not in the postcode files")]
    NearUnknown(Postcode),
    /// `new` given some answers as flags but not all.
    #[error("missing {}", .0.join(", "))]
    Missing(Vec<&'static str>),
    /// `new` asking in the terminal.
    #[error("cannot ask the questions: {0}")]
    Ask(#[source] std::io::Error),
    #[error("the answers ended before every question was answered")]
    AnswersEnded,
    /// `serve`'s runtime.
    #[error("cannot start the server: {0}")]
    Runtime(#[source] std::io::Error),
    /// `serve --public-url` that is not a web address.
    #[error("--public-url {0:?} is not a web address")]
    PublicUrl(String),
}

impl Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::Config(e) => e.help(),
            Error::Load(e) => e.help(),
            Error::Build(e) => e.help(),
            Error::Draft(e) => e.help(),
            Error::Data(e) => e.help(),
            Error::Serve(e) => e.help(),
            Error::Insight(e) => e.help(),
            Error::Synth(e) => e.help(),
            Error::NoSite { .. } => Some(
                "site ids are practice ODS codes in lower case, or the ids in signpost.toml".into(),
            ),
            Error::Missing(_) => Some("give every answer as a flag, or none to be asked".into()),
            Error::PublicUrl(_) => {
                Some("write where the API is published, e.g. https://api.example.org".into())
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::error_text;

    #[test]
    fn a_layer_error_prints_through_the_command_as_its_layer_prints_it() {
        let sites = || crate::sites::Error::Language { id: "pl".into() };
        let layer = error_text(&crate::directory::Error::Sites(sites()));
        let command = error_text(&Error::from(crate::directory::Error::Sites(sites())));
        assert_eq!(command, layer);
        assert_eq!(
            command,
            "error: the site id `pl` is the code of a language the sites are built in\n\
             help: choose another id in signpost.toml"
        );
        // Through the build, as `signpost build` and `serve` see it.
        let built = Error::from(crate::build::Error::from(crate::directory::Error::Sites(
            sites(),
        )));
        assert_eq!(error_text(&built), layer);
    }

    #[test]
    fn a_command_error_names_the_file_and_its_cause() {
        let e = Error::Write {
            path: "out/gaps.csv".into(),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert_eq!(
            error_text(&e),
            "error: cannot write out/gaps.csv: permission denied"
        );
        assert_eq!(
            error_text(&Error::Missing(vec!["--summary", "--need"])),
            "error: missing --summary, --need\n\
             help: give every answer as a flag, or none to be asked"
        );
    }
}
