//! What both engines read besides the listings: the synonyms (one vocabulary for the static
//! index, `signpost search` and the API) and the crisis lines of a directory.

use std::path::PathBuf;

use crate::analysis::Synonyms;
use crate::analysis::crisis::{self, Lines};
use crate::directory::Directory;
use crate::i18n::{self, Strings};

/// Why the search vocabulary of a directory could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the interface text")]
    Strings(#[source] i18n::Error),
    #[error("signpost.toml [[crisis_lines]]")]
    Crisis(#[source] crisis::Error),
}

impl crate::diagnostics::Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::Crisis(e) => crate::diagnostics::Help::help(e),
            Error::Strings(e) => crate::diagnostics::Help::help(e),
            _ => None,
        }
    }
}

/// The synonyms of a directory as both engines read them: [`Synonyms::build`] over the
/// directory's vocabularies and the languages its listings speak, plus, for each interface
/// language in `strings`, its translated need and audience labels, distinctive words of those
/// labels and its day names ([`Strings::search_phrases`]), stemmed in that language too.
pub fn synonyms(directory: &Directory, strings: &[&Strings]) -> Synonyms {
    let spoken = super::languages_of(directory.published());
    let mut synonyms = Synonyms::build(&directory.vocab, spoken);
    for t in strings {
        for (phrase, concept) in t.search_phrases() {
            synonyms.add_in(&phrase, &concept, &t.lang);
        }
    }
    synonyms
}

/// The synonyms of a directory with the interface text of its languages (`languages` in
/// signpost.toml, or every language of the theme), each from the directory's
/// `themes/default/i18n/<code>.toml` when it has one, as the build reads them.
pub fn synonyms_of_directory(directory: &Directory) -> Result<Synonyms, Error> {
    let folder = directory.root.join("themes/default/i18n");
    let mut parsed: Vec<Strings> = Vec::new();
    for (code, builtin) in i18n::BUILTIN {
        let path = folder.join(format!("{code}.toml"));
        let text = if path.is_file() {
            std::fs::read_to_string(&path).map_err(|source| Error::Read { path, source })?
        } else {
            builtin.to_string()
        };
        let s = Strings::parse(code, &text, parsed.first()).map_err(Error::Strings)?;
        parsed.push(s);
    }
    let wanted = &directory.config.languages;
    let strings: Vec<&Strings> = parsed
        .iter()
        .filter(|s| wanted.is_empty() || wanted.contains(&s.lang))
        .collect();
    Ok(synonyms(directory, &strings))
}

/// The crisis lines of a directory: the built-in ones with its `[[crisis_lines]]`.
pub fn crisis_lines(directory: &Directory) -> Result<Lines, Error> {
    Lines::builtin()
        .with(&directory.config.crisis_lines)
        .map_err(Error::Crisis)
}
