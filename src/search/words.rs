//! The words of each language other than English that a static index's client loads when a
//! query needs them (`words-<code>.json`: the language's synonym phrases, filler words and
//! crisis patterns; in a single-file index also the terms and texts only that language's
//! translations of the site's listings hold).
//!
//! The phrases, filler words and crisis patterns are the same for every site of a build, so
//! a build writes them once per language ([`write_shared`], into `assets/`) and each site's
//! index names them (`"words"` in its manifest, a path relative to its folder) instead of
//! holding a copy (300 files, 1.9 MiB in Croydon; 1,500 at ICB scale). The shared file has
//! the phrases of every concept; the client keeps only those of concepts the index may name
//! (the keys of its own `syn`, and `"kept"` for any with no English phrase), as the site's
//! own file did ([`super::static_index::may_name`]). What is the site's own (`terms`, `tr`)
//! stays in the index's folder, in `words-<code>.json`, for the languages that have any
//! (`"own"`). An index written on its own (`signpost search`, the tests) keeps a full file
//! per language in its folder, as before.
//!
//! Not for the English words, which are in every `index.json`.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Value, json};

use super::static_index::{
    Output, SiteIndex, WriteError, Written, crisis_json, filler_text, in_file, may_name,
    other_languages, script_of, synonym_table, synonyms_where,
};
use crate::analysis::Synonyms;
use crate::model::Listing;

/// The languages' words a build shares: where they are from an index's folder, and which
/// languages have a file there.
#[derive(Clone, Debug)]
pub struct Shared {
    /// The folder of the shared files relative to an index's folder, ending in `/`
    /// (`../../assets/` from `<site>/search/`).
    pub at: String,
    pub langs: BTreeSet<String>,
}

/// The languages whose words an index of some of `listings` may need: those of the synonyms
/// and crisis patterns, and those the listings are translated into.
pub fn languages<'a>(
    synonyms: &Synonyms,
    listings: impl IntoIterator<Item = &'a Listing>,
) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = other_languages(synonyms).into_iter().collect();
    for l in listings {
        out.extend(l.translations.keys().filter(|c| *c != "en").cloned());
    }
    out
}

/// A language's words: the synonym phrases `syn`, its filler words and its crisis patterns.
fn language_words(syn: Value, synonyms: &Synonyms, code: &str) -> Value {
    json!({
        "syn": syn,
        "fill": filler_text(synonyms, Some(code)),
        "crisis": crisis_json(&|l| l == code, false),
    })
}

/// A language's words as every index shares them: the phrases of every concept.
fn shared_words(synonyms: &Synonyms, code: &str) -> Value {
    let syn = synonyms_where(
        synonyms,
        |phrase| {
            synonyms
                .langs
                .get(phrase)
                .is_some_and(|l| in_file(Some(code), l))
        },
        |_| true,
    );
    language_words(syn, synonyms, code)
}

/// Writes `words-<code>.json` of each of `langs` into `dir`.
pub fn write_shared(
    synonyms: &Synonyms,
    langs: &BTreeSet<String>,
    dir: &Path,
) -> Result<Written, WriteError> {
    std::fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut out = Output {
        dir,
        written: Written::default(),
    };
    for code in langs {
        out.put(
            &format!("words-{code}.json"),
            &shared_words(synonyms, code).to_string(),
        )?;
    }
    Ok(out.written)
}

impl SiteIndex {
    /// Writes the index's own `words-<code>.json` for each language other than English (all
    /// of a language's words, or with [`SiteIndex::words`] only the terms and texts of the
    /// site's translations, when it has any), and puts in the manifest its `langs` (code →
    /// script) and, with shared words, `words`, `own`, `full` (languages the shared files
    /// lack, whose own file has every word) and `kept`.
    pub(super) fn write_languages(
        &self,
        out: &mut Output,
        single: bool,
        manifest: &mut Value,
    ) -> Result<(), WriteError> {
        let mut others = other_languages(&self.synonyms);
        if single {
            others.extend(self.translated.values().flatten().cloned());
            others.sort();
            others.dedup();
        }
        let (mut own, mut full) = (Vec::new(), Vec::new());
        for code in &others {
            let shared = self.words.as_ref().is_some_and(|w| w.langs.contains(code));
            let mut words = match shared {
                true => json!({}),
                false => language_words(
                    synonym_table(&self.synonyms, &self.postings, Some(code)),
                    &self.synonyms,
                    code,
                ),
            };
            if single {
                let terms = self.language_terms(Some(code));
                let tr = self.language_docs(code);
                if !shared || terms.as_object().is_some_and(|t| !t.is_empty()) {
                    words["terms"] = terms;
                }
                if !shared || tr.as_object().is_some_and(|t| !t.is_empty()) {
                    words["tr"] = tr;
                }
            }
            if words.as_object().is_some_and(|w| !w.is_empty()) {
                out.put(&format!("words-{code}.json"), &words.to_string())?;
                match shared {
                    true => own.push(code.clone()),
                    false => full.push(code.clone()),
                }
            }
        }
        manifest["langs"] = others
            .iter()
            .map(|code| (code.clone(), json!(script_of(&self.synonyms, code))))
            .collect();
        if let Some(words) = &self.words {
            manifest["words"] = json!(words.at);
            for (key, list) in [("own", own), ("full", full)] {
                if !list.is_empty() {
                    manifest[key] = json!(list);
                }
            }
            let kept = self.kept_without_english(manifest);
            if !kept.is_empty() {
                manifest["kept"] = json!(kept);
            }
        }
        Ok(())
    }

    /// The concepts whose phrases the index keeps ([`super::static_index::may_name`]) that
    /// have no English phrase, so are not keys of the manifest's `syn`.
    fn kept_without_english(&self, manifest: &Value) -> Vec<String> {
        let table = synonyms_where(
            &self.synonyms,
            |_| true,
            |c| may_name(c, |c| self.postings.contains_key(c)),
        );
        let english = manifest["syn"].as_object();
        table
            .as_object()
            .into_iter()
            .flatten()
            .map(|(c, _)| c)
            .filter(|c| !english.is_some_and(|e| e.contains_key(*c)))
            .cloned()
            .collect()
    }
}
