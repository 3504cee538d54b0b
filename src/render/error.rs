//! What stops rendering: [`Error`], naming what was being done and to which file.
//!
//! Problems in listings are not errors here: a listing with errors never reaches rendering
//! (`directory` leaves it out and reports it).

use std::path::PathBuf;

use crate::diagnostics::Help;

/// An error that stops a build's pages from being rendered or written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file of the directory's own theme (`themes/default/…`) that cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    ReadTheme {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The directory's own theme has a template or interface text that does not parse.
    #[error("the theme in {} has an error:\n{source}", folder.display())]
    Theme { folder: PathBuf, source: Box<Error> },
    /// A template that does not parse.
    #[error("{0}")]
    Template(#[source] tera::Error),
    /// Interface text (`i18n/<code>.toml`) that does not parse.
    #[error("{0}")]
    Strings(#[source] crate::i18n::Error),
    /// A template that fails while rendering a page.
    #[error("rendering {template}: {source}")]
    Render {
        template: String,
        source: tera::Error,
    },
    /// `[theme]` in signpost.toml: the house colour or the logo.
    #[error("{0}")]
    Brand(#[source] crate::brand::Error),
    /// A language to build that the theme has no interface text in (`Config::parse` lets
    /// none through; this is for a directory made some other way).
    #[error("the theme has no interface text in the language `{code}`")]
    Language { code: String },
    /// A folder of the output that cannot be made.
    #[error("cannot create {}: {source}", path.display())]
    CreateFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file of the output that cannot be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A JSON file of the output (`sites.json`, `shortlist.json`) that cannot be made.
    #[error("cannot write {} as JSON: {source}", path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    /// The crisis help lines of signpost.toml (`[[crisis_lines]]`).
    #[error("the crisis help lines")]
    Crisis(#[source] crate::search::Error),
    /// A search index that cannot be written.
    #[error("the search index")]
    Search(#[source] crate::search::static_index::WriteError),
    /// An address too long for a QR code.
    #[error("cannot make a QR code of {text}: {source}")]
    Qr {
        text: String,
        source: qrcode::types::QrError,
    },
    /// A job of the build, and what it was writing.
    #[error("while writing {what}: {source}")]
    Job { what: String, source: Box<Error> },
}

impl Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            // What to do about the file itself (a misspelt key) comes before the general advice.
            Error::Theme { source, .. } => source
                .help()
                .or_else(|| Some("fix the template, or delete it to use the built-in one".into())),
            Error::Job { source, .. } => source.help(),
            Error::Strings(e) => e.help(),
            Error::Brand(e) => e.help(),
            Error::Crisis(e) => e.help(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::error_text;

    #[test]
    fn an_error_prints_its_path_its_cause_and_what_to_do() {
        let error = Error::Job {
            what: "the top index".into(),
            source: Box::new(Error::Theme {
                folder: "themes/default".into(),
                source: Box::new(Error::ReadTheme {
                    path: "themes/default/base.html".into(),
                    source: std::io::Error::from(std::io::ErrorKind::NotFound),
                }),
            }),
        };
        assert_eq!(
            error_text(&error),
            "error: while writing the top index: the theme in themes/default has an error:\n\
             cannot read themes/default/base.html: entity not found\n\
             help: fix the template, or delete it to use the built-in one"
        );
    }
}
