//! The controlled vocabularies a listing draws from: needs (`schema/needs.yaml`), activities
//! (`schema/activities.yaml`), and the fixed lists of audiences and venue access features.
//!
//! A directory may keep its own copies of the YAML files in its `schema/` folder; otherwise
//! the ones compiled into the binary are used, so `signpost` works in an empty folder.
//! This module only knows the terms; it does not check listings (that is `validate`).

use std::path::Path;

use serde::Deserialize;

/// A vocabulary file that cannot be used; `name` is the file's path, or its name for a built-in
/// one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Not YAML, or not a list of terms.
    #[error("{name}: {source}")]
    Yaml {
        name: String,
        source: Box<serde_saphyr::Error>,
    },
    /// Two terms with the same id.
    #[error("{name}: the id `{id}` is used twice")]
    Twice { name: String, id: String },
    /// An id that cannot be part of an address ([`crate::text::is_slug`]).
    #[error(
        "{name}: the id `{id}` cannot be used in addresses (need pages and filters use it): \
         write lower-case letters, digits and single hyphens"
    )]
    NotASlug { name: String, id: String },
}

impl crate::diagnostics::Help for Error {}

/// The parser's error without the source lines it quotes: the message names the file, and a
/// vocabulary's problem is told in one line.
fn without_snippet(mut error: serde_saphyr::Error) -> serde_saphyr::Error {
    while let serde_saphyr::Error::WithSnippet { error: inner, .. } = error {
        error = *inner;
    }
    error
}

/// One term: an id written in listings, a label shown to people, search synonyms, and where
/// one exists the URI of the same concept in a published list (LGA, OpenActive).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub label: String,
    pub description: String,
    #[serde(default)]
    pub synonyms: Vec<String>,
    #[serde(default)]
    pub uri: Option<String>,
}

/// A list of terms, in the order they are shown.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    pub terms: Vec<Term>,
}

impl Vocabulary {
    /// Parses a vocabulary file; `name` is used in error messages.
    pub fn parse(name: &str, text: &str) -> Result<Vocabulary, Error> {
        let terms: Vec<Term> = serde_saphyr::from_str(text).map_err(|e| Error::Yaml {
            name: name.to_string(),
            source: Box::new(without_snippet(e)),
        })?;
        let mut seen = std::collections::HashSet::new();
        for term in &terms {
            let id = || (name.to_string(), term.id.clone());
            if !seen.insert(term.id.as_str()) {
                let (name, id) = id();
                return Err(Error::Twice { name, id });
            }
            if !crate::text::is_slug(&term.id) {
                let (name, id) = id();
                return Err(Error::NotASlug { name, id });
            }
        }
        Ok(Vocabulary { terms })
    }

    pub fn get(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|t| t.id.as_str())
    }

    /// The term a mistaken `word` most likely meant: a close id, or a term whose label or
    /// synonyms contain the word ("lonely" → loneliness-and-isolation).
    pub fn suggest(&self, word: &str) -> Option<&Term> {
        let lower = word.trim().to_lowercase();
        let spaced = lower.replace(['-', '_'], " ");
        if let Some(t) = self
            .terms
            .iter()
            .find(|t| t.label.to_lowercase() == spaced || t.synonyms.contains(&spaced))
        {
            return Some(t);
        }
        if let Some(id) = crate::text::closest(&lower, self.ids()) {
            return self.get(id);
        }
        self.terms.iter().find(|t| {
            t.id.split('-')
                .any(|part| part.len() > 3 && lower.contains(part))
                || t.synonyms
                    .iter()
                    .any(|s| s.len() > 3 && spaced.contains(s.as_str()))
        })
    }
}

/// Who a group can be especially for. Listings write the id; pages show the label.
pub const AUDIENCES: &[(&str, &str)] = &[
    ("men", "Men"),
    ("women", "Women"),
    ("older-people", "Older people"),
    ("young-people", "Young people"),
    ("children", "Children"),
    ("parents-and-carers", "Parents and carers of children"),
    ("carers", "Carers"),
    ("refugees-and-asylum-seekers", "Refugees and asylum seekers"),
    ("not-registered-with-gp", "People not registered with a GP"),
    ("lgbtq", "LGBTQ+ people"),
    ("disabled-people", "Disabled people"),
    ("learning-disabilities", "People with learning disabilities"),
    ("veterans", "Armed forces veterans"),
];

/// Accessibility features of a venue.
pub const ACCESS: &[(&str, &str)] = &[
    ("step-free", "Step-free access"),
    ("accessible-toilet", "Accessible toilet"),
    ("hearing-loop", "Hearing loop"),
    ("lift", "Lift to all floors"),
    ("accessible-parking", "Accessible parking"),
    ("quiet-space", "Quiet space"),
    ("baby-changing", "Baby changing"),
    ("large-print", "Large print materials"),
    ("bsl", "British Sign Language"),
];

/// The label of an id in a fixed list such as [`AUDIENCES`].
pub fn label(list: &'static [(&'static str, &'static str)], id: &str) -> Option<&'static str> {
    list.iter().find(|(i, _)| *i == id).map(|(_, l)| *l)
}

const NEEDS: &str = include_str!("../schema/needs.yaml");
const ACTIVITIES: &str = include_str!("../schema/activities.yaml");

/// The vocabularies a directory uses.
#[derive(Clone, Debug)]
pub struct Vocabularies {
    pub needs: Vocabulary,
    pub activities: Vocabulary,
}

impl Vocabularies {
    /// The directory's own `schema/needs.yaml` and `schema/activities.yaml` where present,
    /// else the built-in ones.
    pub fn load(root: &Path) -> Result<Vocabularies, Error> {
        let read = |file: &str, builtin: &str| -> Result<Vocabulary, Error> {
            let path = root.join("schema").join(file);
            match std::fs::read_to_string(&path) {
                Ok(text) => Vocabulary::parse(&path.display().to_string(), &text),
                Err(_) => Vocabulary::parse(file, builtin),
            }
        };
        Ok(Vocabularies {
            needs: read("needs.yaml", NEEDS)?,
            activities: read("activities.yaml", ACTIVITIES)?,
        })
    }

    pub fn builtin() -> Vocabularies {
        Vocabularies {
            needs: Vocabulary::parse("needs.yaml", NEEDS).expect("built-in needs vocabulary"),
            activities: Vocabulary::parse("activities.yaml", ACTIVITIES)
                .expect("built-in activities vocabulary"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_needs_are_complete() {
        let v = Vocabularies::builtin();
        assert!((30..=40).contains(&v.needs.terms.len()));
        for t in &v.needs.terms {
            assert!(!t.label.is_empty() && !t.description.is_empty(), "{}", t.id);
            assert!(!t.synonyms.is_empty(), "{} has no synonyms", t.id);
        }
        assert!(v.activities.contains("walking"));
    }

    #[test]
    fn a_vocabulary_that_cannot_be_used_is_an_error_naming_the_file_and_the_id() {
        let text = |e: Error| crate::diagnostics::error_text(&e);
        let term = |id: &str| format!("- id: {id}\n  label: L\n  description: D\n");
        let twice = format!("{}{}", term("walking"), term("walking"));
        assert_eq!(
            text(Vocabulary::parse("schema/activities.yaml", &twice).unwrap_err()),
            "error: schema/activities.yaml: the id `walking` is used twice"
        );
        assert_eq!(
            text(Vocabulary::parse("schema/needs.yaml", &term("Money")).unwrap_err()),
            "error: schema/needs.yaml: the id `Money` cannot be used in addresses (need pages \
             and filters use it): write lower-case letters, digits and single hyphens"
        );
        let e = Vocabulary::parse("needs.yaml", "- id: x\n  lable: L\n").unwrap_err();
        assert!(matches!(e, Error::Yaml { .. }));
        let e = text(e);
        assert!(
            e.starts_with("error: needs.yaml: ") && e.contains("lable"),
            "{e}"
        );
        assert!(
            !e.contains(" | "),
            "the message quotes no source lines: {e}"
        );
    }

    #[test]
    fn suggestions_use_ids_labels_and_synonyms() {
        let v = Vocabularies::builtin();
        assert_eq!(
            v.needs.suggest("lonely").unwrap().id,
            "loneliness-and-isolation"
        );
        assert_eq!(v.needs.suggest("bereavment").unwrap().id, "bereavement");
        assert_eq!(
            v.needs.suggest("money-and-dept").unwrap().id,
            "money-and-debt"
        );
    }
}
