//! The search words of `schema/search/words.yaml`, compiled in: per concept and language, the
//! everyday phrases that name it, and the filler words that never make a listing relevant.
//! [`super::Synonyms::build`] reads them; this module only parses the file.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The file, compiled in (its parse is tested).
pub const WORDS: &str = include_str!("../../schema/search/words.yaml");

/// The search words: see `schema/search/words.yaml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// Languages whose words no native speaker has reviewed yet.
    #[serde(default)]
    pub unreviewed: Vec<String>,
    /// Language → filler words.
    #[serde(default)]
    pub filler: BTreeMap<String, Vec<String>>,
    /// Concept → language → phrases.
    pub concepts: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

/// Why the search words could not be read.
#[derive(Debug, thiserror::Error)]
#[error("schema/search/words.yaml: {0}")]
pub struct Error(String);

impl crate::diagnostics::Help for Error {}

impl Lexicon {
    /// Parses a lexicon in the format of `schema/search/words.yaml`.
    pub fn parse(text: &str) -> Result<Lexicon, Error> {
        serde_saphyr::from_str(text).map_err(|e| Error(e.without_snippet().to_string()))
    }

    /// The built-in lexicon, parsed once.
    pub fn builtin() -> &'static Lexicon {
        static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        // Compiled in and parsed by a test: cannot fail.
        LEXICON.get_or_init(|| Lexicon::parse(WORDS).expect("schema/search/words.yaml parses"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_words_parse_and_cover_every_need_in_every_language() {
        let l = Lexicon::parse(WORDS).unwrap();
        let vocab = crate::vocab::Vocabularies::builtin();
        for need in &vocab.needs.terms {
            let by_lang = l
                .concepts
                .get(&format!("n:{}", need.id))
                .unwrap_or_else(|| panic!("no words for the need {}", need.id));
            for lang in ["so", "ar", "bn", "ur", "pl"] {
                assert!(
                    by_lang.get(lang).is_some_and(|p| !p.is_empty()),
                    "no {lang} words for the need {}",
                    need.id
                );
            }
        }
        assert_eq!(l.unreviewed, ["so", "ar", "bn", "ur", "pl"]);
    }
}
