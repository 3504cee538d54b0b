//! Crisis help: recognising a query that describes a crisis ([`Lexicon`], from
//! `schema/search/crisis-words.yaml`) and the help lines to show first ([`Lines`], from
//! `schema/search/crisis.yaml`, which a directory extends in `signpost.toml`).
//!
//! A pattern is a list of words, each a set of alternatives; it matches a query that holds one
//! alternative of each, in any order. Both sides are analysed alike: every word of the query
//! is folded and stemmed in English and in the query's language, every alternative of a
//! pattern in English and in the pattern's language, and a word matches an alternative when
//! one of its stems is one of the alternative's. The static index ships the analysed patterns
//! (`crisis` in index.json) and search.js matches them the same way. This module does not
//! rank or render: the engines put the lines first (`search`), the pages render them
//! (`themes/default/crisis.html`).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::stem::{Lang, stem_in};
use super::words;

/// `schema/search/crisis.yaml`, compiled in.
pub const LINES: &str = include_str!("../../schema/search/crisis.yaml");
/// `schema/search/crisis-words.yaml`, compiled in.
pub const WORDS: &str = include_str!("../../schema/search/crisis-words.yaml");

/// How a line is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    Call,
    Text,
}

/// One crisis help line.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// A slug; a directory's line with the id of a built-in one replaces it.
    pub id: String,
    pub name: String,
    /// The number to call or text, in digits.
    pub contact: String,
    pub how: How,
    /// One or two sentences: when and for what.
    pub text: String,
    /// The crisis categories it is for ([`Lexicon::categories`]).
    pub categories: Vec<String>,
    /// Where the number was checked.
    pub source: String,
    /// When it was last checked against `source`.
    pub checked: jiff::civil::Date,
    /// The line in other languages, by ISO 639-1 code.
    #[serde(default)]
    pub translations: BTreeMap<String, Translated>,
}

/// A line's name and text in another language.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Translated {
    #[serde(default)]
    pub name: Option<String>,
    pub text: String,
    /// Whether a person has checked the translation; until then pages show the English beside it.
    #[serde(default)]
    pub reviewed: bool,
}

/// The crisis lines of a directory.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lines {
    /// Line ids in the order they are shown (lines not named come after, in file order).
    #[serde(default)]
    pub order: Vec<String>,
    pub lines: Vec<Line>,
}

/// Why crisis data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}: {message}")]
    Parse { file: &'static str, message: String },
    #[error("crisis line `{line}`: no crisis category `{category}`")]
    Category { line: String, category: String },
}

impl crate::diagnostics::Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::Category { .. } => Some(format!(
                "the categories are {}",
                Lexicon::builtin().categories.join(", ")
            )),
            Error::Parse { .. } => None,
        }
    }
}

impl Lines {
    /// Parses lines in the format of `schema/search/crisis.yaml`.
    pub fn parse(text: &str) -> Result<Lines, Error> {
        serde_saphyr::from_str(text).map_err(|e| Error::Parse {
            file: "schema/search/crisis.yaml",
            message: e.without_snippet().to_string(),
        })
    }

    /// The built-in lines.
    pub fn builtin() -> &'static Lines {
        static LINES_: std::sync::OnceLock<Lines> = std::sync::OnceLock::new();
        // Compiled in and parsed by a test: cannot fail.
        LINES_.get_or_init(|| Lines::parse(LINES).expect("schema/search/crisis.yaml parses"))
    }

    /// These lines with a directory's own (`[[crisis_lines]]`): one with the id of a line here
    /// replaces it, the others are added. Refuses a category the lexicon does not have.
    pub fn with(&self, own: &[Line]) -> Result<Lines, Error> {
        let categories = &Lexicon::builtin().categories;
        let mut out = self.clone();
        for line in own {
            if let Some(c) = line.categories.iter().find(|c| !categories.contains(c)) {
                return Err(Error::Category {
                    line: line.id.clone(),
                    category: c.clone(),
                });
            }
            match out.lines.iter_mut().find(|l| l.id == line.id) {
                Some(l) => *l = line.clone(),
                None => out.lines.push(line.clone()),
            }
        }
        Ok(out)
    }

    /// The lines for the given categories (in the lexicon's order of categories), each once,
    /// in the order of [`Lines::order`].
    pub fn for_categories(&self, categories: &[String]) -> Vec<&Line> {
        let rank = |l: &Line| {
            self.order
                .iter()
                .position(|id| *id == l.id)
                .unwrap_or(usize::MAX)
        };
        let mut out: Vec<&Line> = Vec::new();
        for c in categories {
            let mut of: Vec<&Line> = self
                .lines
                .iter()
                .filter(|l| l.categories.contains(c) && !out.iter().any(|o| o.id == l.id))
                .collect();
            of.sort_by_key(|l| rank(l));
            out.extend(of);
        }
        out
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    categories: Vec<String>,
    #[serde(default)]
    concepts: BTreeMap<String, Vec<String>>,
    words: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

/// One pattern: for each of its words, the stems of its alternatives.
pub type Pattern = Vec<BTreeSet<String>>;

/// What recognises a crisis: per category, its patterns, analysed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lexicon {
    /// In the order their help is shown.
    pub categories: Vec<String>,
    /// Per category, the concepts whose groups follow its help lines.
    pub concepts: BTreeMap<String, Vec<String>>,
    pub patterns: BTreeMap<String, Vec<Pattern>>,
    /// The language of each pattern, in the same places as `patterns`.
    pub languages: BTreeMap<String, Vec<String>>,
}

impl Lexicon {
    /// Parses and analyses patterns in the format of `schema/search/crisis-words.yaml`.
    pub fn parse(text: &str) -> Result<Lexicon, Error> {
        let file: WordsFile = serde_saphyr::from_str(text).map_err(|e| Error::Parse {
            file: "schema/search/crisis-words.yaml",
            message: e.without_snippet().to_string(),
        })?;
        let mut patterns: BTreeMap<String, Vec<Pattern>> = BTreeMap::new();
        let mut languages: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (category, by_lang) in file.words {
            for (code, list) in by_lang {
                let lang = Lang::of(Some(&code));
                for p in list {
                    let pattern: Pattern = p
                        .split_whitespace()
                        .map(|word| {
                            let mut stems = BTreeSet::new();
                            for alt in word.split('|') {
                                for w in words(alt) {
                                    stems.insert(stem_in(&w, Lang::Any));
                                    stems.insert(stem_in(&w, lang));
                                }
                            }
                            stems
                        })
                        .filter(|s| !s.is_empty())
                        .collect();
                    if !pattern.is_empty() {
                        patterns.entry(category.clone()).or_default().push(pattern);
                        languages
                            .entry(category.clone())
                            .or_default()
                            .push(code.clone());
                    }
                }
            }
        }
        Ok(Lexicon {
            categories: file.categories,
            concepts: file.concepts,
            patterns,
            languages,
        })
    }

    /// The built-in lexicon.
    pub fn builtin() -> &'static Lexicon {
        static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        // Compiled in and parsed by a test: cannot fail.
        LEXICON
            .get_or_init(|| Lexicon::parse(WORDS).expect("schema/search/crisis-words.yaml parses"))
    }

    /// The category names.
    pub fn categories(&self) -> Vec<String> {
        self.categories.clone()
    }

    /// The categories whose patterns `text` matches, in [`Lexicon::categories`]' order.
    pub fn detect(&self, text: &str, lang: Lang) -> Vec<String> {
        self.detect_words(&words(text), lang)
    }

    /// [`Lexicon::detect`] on a query's words (folded, not stemmed).
    pub fn detect_words(&self, typed: &[String], lang: Lang) -> Vec<String> {
        let mut stems = BTreeSet::new();
        for w in typed {
            stems.insert(stem_in(w, Lang::Any));
            stems.insert(stem_in(w, lang));
        }
        self.categories
            .iter()
            .filter(|c| {
                self.patterns.get(*c).is_some_and(|ps| {
                    ps.iter()
                        .any(|p| p.iter().all(|alts| alts.iter().any(|a| stems.contains(a))))
                })
            })
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_data_parses_and_every_line_has_a_known_category() {
        let lexicon = Lexicon::parse(WORDS).unwrap();
        let lines = Lines::parse(LINES).unwrap();
        assert!(lines.with(&[]).is_ok());
        for l in &lines.lines {
            assert!(!l.categories.is_empty(), "{}", l.id);
            for c in &l.categories {
                assert!(lexicon.categories.contains(c), "{}: {c}", l.id);
            }
            assert!(l.contact.chars().all(|c| c.is_ascii_digit() || c == ' '));
        }
        for c in &lexicon.categories {
            assert!(
                !lines.for_categories(std::slice::from_ref(c)).is_empty(),
                "{c}"
            );
            assert!(lexicon.patterns.contains_key(c), "{c}");
        }
    }

    #[test]
    fn phrasings_not_in_the_lexicon_are_recognised() {
        let l = Lexicon::builtin();
        let en = |q: &str| l.detect(q, Lang::Any);
        assert_eq!(en("my boyfriend punched me last night"), ["domestic-abuse"]);
        assert_eq!(en("I'm frightened of my husband"), ["domestic-abuse"]);
        assert_eq!(en("my wife takes my bank card"), ["domestic-abuse"]);
        assert_eq!(en("I've been thinking of ending my life"), ["suicide"]);
        assert_eq!(en("everyone would be better off without me"), ["suicide"]);
        assert_eq!(en("sometimes i hurt myself on purpose"), ["self-harm"]);
        assert!(en("I don't feel safe in my house").contains(&"domestic-abuse".to_string()));
        assert_eq!(
            l.detect("nie chcę już żyć", Lang::Polish),
            ["suicide"],
            "Polish, with the language given"
        );
        assert_eq!(
            l.detect("زوجي يهددني بالقتل", Lang::Any),
            ["domestic-abuse"]
        );
        assert_eq!(l.detect("খুব বিপদে আছি", Lang::Any), ["emergency"]);
    }

    #[test]
    fn everyday_queries_are_not_crises() {
        let l = Lexicon::builtin();
        for q in [
            "lonely",
            "help with debt",
            "my landlord wants me out",
            "lost my husband",
            "walking group",
            "stressed out",
            "panic attacks",
            "i need a job",
            "cant pay my bills",
            "looking after my husband",
        ] {
            assert!(
                l.detect(q, Lang::Any).is_empty(),
                "{q}: {:?}",
                l.detect(q, Lang::Any)
            );
        }
    }

    #[test]
    fn a_directory_replaces_or_adds_lines() {
        let mut own = Lines::builtin().lines[1].clone();
        own.contact = "020 0000 0000".into();
        let mut local = own.clone();
        local.id = "croydon-crisis-team".into();
        let lines = Lines::builtin().with(&[own.clone(), local]).unwrap();
        assert_eq!(lines.lines.len(), Lines::builtin().lines.len() + 1);
        assert!(
            lines
                .lines
                .iter()
                .any(|l| l.contact == "020 0000 0000" && l.id == own.id)
        );
        own.categories = vec!["nonsense".into()];
        assert!(Lines::builtin().with(&[own]).is_err());
    }
}
