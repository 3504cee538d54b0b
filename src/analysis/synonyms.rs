//! Step 5 of the analysis: synonym phrases, each naming one or more concepts, and the filler
//! words. Both engines build them with [`Synonyms::build`] (the search layer adds the theme's
//! translated labels: `search::synonyms`), and the static index ships them, so the browser
//! only matches token sequences.

use std::collections::{BTreeMap, BTreeSet};

use super::lexicon::Lexicon;
use super::stem::{Lang, stem_in};
use super::{TYPO_MIN_LETTERS, is_stop_word, may_have_typo, phrase_tokens, within_one_edit, words};
use crate::vocab::Vocabularies;

/// Synonym phrases, analysed: token sequence → concepts; and the filler words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Synonyms {
    /// Sorted by phrase; each phrase at most once.
    pub phrases: BTreeMap<Vec<String>, BTreeSet<String>>,
    /// The longest phrase, in tokens.
    pub longest: usize,
    /// Filler words, stemmed (in English and in their language): a query may hold them, but a
    /// listing need not match them to be relevant.
    pub filler: BTreeSet<String>,
    /// The languages each phrase comes from (`en` for the vocabularies, English words and
    /// language names), so the static index can ship each language's apart.
    pub langs: BTreeMap<Vec<String>, BTreeSet<String>>,
    /// Filler words by language.
    pub filler_langs: BTreeMap<String, BTreeSet<String>>,
    /// Every token of every phrase, with the concepts of the phrases it is in: words the
    /// synonyms know (when one of those concepts may be named).
    pub tokens: BTreeMap<String, BTreeSet<String>>,
}

/// A language of the lexicon as the analysis stems it.
fn lang_of(code: &str) -> Lang {
    Lang::of(Some(code))
}

/// The concepts a query names, each with its factor (1, or the typo factor when only a typo
/// named it) and the token positions it covers.
pub type Named = BTreeMap<String, (f64, BTreeSet<usize>)>;

impl Synonyms {
    /// Synonyms from a directory's vocabularies (labels, ids and synonyms of needs and
    /// activities), the audiences' labels, the search words of `schema/search/words.yaml`
    /// (every language) and the names of the given languages (pass the ones listings use;
    /// English is left out, as nearly every group speaks it and "english" means the classes).
    pub fn build<'a>(vocab: &Vocabularies, languages: impl IntoIterator<Item = &'a str>) -> Self {
        let mut s = Synonyms::default();
        for (prefix, v) in [("n", &vocab.needs), ("a", &vocab.activities)] {
            for t in &v.terms {
                let concept = format!("{prefix}:{}", t.id);
                s.add(&t.label, &concept);
                s.add(&t.id.replace('-', " "), &concept);
                for syn in &t.synonyms {
                    s.add(syn, &concept);
                }
            }
        }
        for (id, label) in crate::vocab::AUDIENCES {
            s.add(label, &format!("au:{id}"));
        }
        let lexicon = Lexicon::builtin();
        for (concept, by_lang) in &lexicon.concepts {
            for (lang, phrases) in by_lang {
                for p in phrases {
                    s.add_in(p, concept, lang);
                }
            }
        }
        for (lang, fillers) in &lexicon.filler {
            let of_lang = s.filler_langs.entry(lang.clone()).or_default();
            for w in fillers {
                for word in words(w).into_iter().filter(|w| !is_stop_word(w)) {
                    of_lang.insert(stem_in(&word, Lang::Any));
                    of_lang.insert(stem_in(&word, lang_of(lang)));
                }
            }
            s.filler.extend(of_lang.iter().cloned());
        }
        s.prune();
        for code in languages {
            if code == "en" {
                continue;
            }
            if let Ok(i) = crate::languages::LANGUAGES.binary_search_by(|(c, _)| c.cmp(&code)) {
                let name = crate::languages::LANGUAGES[i].1;
                let concept = format!("l:{code}");
                s.add(name, &concept);
                s.add(&format!("{name} speaking"), &concept);
                s.add(&format!("{name} speakers"), &concept);
                s.add(&format!("{name} speaker"), &concept);
                s.add(&format!("in {name}"), &concept);
            }
        }
        s
    }

    /// The concepts the phrases in `text` name, wherever they are (no typos, no filtering).
    pub fn named_in(&self, text: &str) -> BTreeSet<String> {
        let tokens = phrase_tokens(text);
        let mut out = BTreeSet::new();
        for i in 0..tokens.len() {
            for len in 1..=self.longest.min(tokens.len() - i) {
                if let Some(cs) = self.phrases.get(&tokens[i..i + len]) {
                    out.extend(cs.iter().cloned());
                }
            }
        }
        out
    }

    /// Drops a phrase when the phrase without its stop and filler words is itself a phrase
    /// naming every concept it names ("feel alone" names nothing "alone" does not): such
    /// phrases match nothing more, and the static index ships fewer.
    fn prune(&mut self) {
        let filler = self.filler.clone();
        let mut drop: Vec<Vec<String>> = Vec::new();
        for (phrase, concepts) in &self.phrases {
            let core: Vec<String> = phrase
                .iter()
                .filter(|t| !is_stop_word(t) && !filler.contains(*t))
                .cloned()
                .collect();
            if core.is_empty() || core.len() == phrase.len() {
                continue;
            }
            if self
                .phrases
                .get(&core)
                .is_some_and(|of_core| of_core.is_superset(concepts))
            {
                drop.push(phrase.clone());
            }
        }
        for phrase in drop {
            self.phrases.remove(&phrase);
            self.langs.remove(&phrase);
        }
        self.tokens = BTreeMap::new();
        for (phrase, cs) in &self.phrases {
            for t in phrase {
                self.tokens
                    .entry(t.clone())
                    .or_default()
                    .extend(cs.iter().cloned());
            }
        }
        self.longest = self.phrases.keys().map(Vec::len).max().unwrap_or(0);
    }

    /// Adds a phrase naming `concept` (a phrase already present gains the concept). Phrases
    /// of stop words alone are ignored.
    pub fn add(&mut self, phrase: &str, concept: &str) {
        let tokens = phrase_tokens(phrase);
        self.add_tokens(tokens, concept, "en");
    }

    /// Adds a phrase of language `lang` (an ISO 639-1 code): as [`Synonyms::add`], and, where
    /// the language's own stemming differs, stemmed that way too, for queries in that language.
    pub fn add_in(&mut self, phrase: &str, concept: &str, lang: &str) {
        self.add_tokens(phrase_tokens(phrase), concept, lang);
        let rules = lang_of(lang);
        if rules != Lang::Any {
            let tokens: Vec<String> = words(phrase).iter().map(|w| stem_in(w, rules)).collect();
            self.add_tokens(tokens, concept, lang);
        }
    }

    fn add_tokens(&mut self, tokens: Vec<String>, concept: &str, lang: &str) {
        if tokens.is_empty() || tokens.iter().all(|t| is_stop_word(t)) {
            return;
        }
        self.langs
            .entry(tokens.clone())
            .or_default()
            .insert(lang.to_string());
        self.longest = self.longest.max(tokens.len());
        for t in &tokens {
            self.tokens
                .entry(t.clone())
                .or_default()
                .insert(concept.to_string());
        }
        self.phrases
            .entry(tokens)
            .or_default()
            .insert(concept.to_string());
    }

    /// The concepts named in a query's phrase tokens (`tokens[i]` are the stems word `i` may
    /// have: in English, then in the query's language), with their factors and the positions
    /// they cover. From the first word on, the longest phrase that matches with some choice of
    /// stems (tried in order: earlier positions first, each stem in turn) and names a concept
    /// that `keep` accepts, the next match starting after it; failing that, when the word may
    /// have a typo ([`may_have_typo`] of `typed`, the words as typed) and `known` does not know
    /// its stem, every one-word phrase of [`TYPO_MIN_LETTERS`]+ letters within one edit of it,
    /// with `typo_factor`.
    pub fn concepts(
        &self,
        tokens: &[Vec<String>],
        typed: &[String],
        typo_factor: f64,
        keep: &dyn Fn(&str) -> bool,
        known: &dyn Fn(&str) -> bool,
    ) -> Named {
        let mut out: Named = BTreeMap::new();
        let mut add = |c: &str, factor: f64, from: usize, len: usize| {
            let e = out.entry(c.to_string()).or_insert((0.0, BTreeSet::new()));
            e.0 = f64::max(e.0, factor);
            e.1.extend(from..from + len);
        };
        let mut i = 0;
        while i < tokens.len() {
            let mut found = 0;
            for len in (1..=self.longest.min(tokens.len() - i)).rev() {
                if let Some(cs) = self.first_phrase(&tokens[i..i + len], keep) {
                    for c in cs.iter().filter(|c| keep(c)) {
                        add(c, 1.0, i, len);
                    }
                    found = len;
                    break;
                }
            }
            let stem = &tokens[i][0];
            if found == 0 && may_have_typo(&typed[i], stem) && !known(stem) {
                for (phrase, cs) in &self.phrases {
                    if phrase.len() == 1
                        && phrase[0].chars().count() >= TYPO_MIN_LETTERS
                        && within_one_edit(&phrase[0], stem)
                    {
                        for c in cs.iter().filter(|c| keep(c)) {
                            add(c, typo_factor, i, 1);
                        }
                    }
                }
            }
            // A phrase's words name only what the phrase names ("after work" is a time, not
            // a need for work): the next phrase starts after it.
            i += found.max(1);
        }
        out
    }

    /// The concepts of the first phrase, in the order of [`Synonyms::concepts`], that some
    /// choice of stems for `slots` spells and that names a concept `keep` accepts.
    fn first_phrase(
        &self,
        slots: &[Vec<String>],
        keep: &dyn Fn(&str) -> bool,
    ) -> Option<&BTreeSet<String>> {
        let mut choice = vec![0usize; slots.len()];
        loop {
            let key: Vec<String> = slots
                .iter()
                .zip(&choice)
                .map(|(s, &k)| s[k].clone())
                .collect();
            if let Some(cs) = self.phrases.get(&key)
                && cs.iter().any(|c| keep(c))
            {
                return Some(cs);
            }
            // The next choice: the last position moves fastest.
            let mut p = slots.len();
            loop {
                if p == 0 {
                    return None;
                }
                p -= 1;
                choice[p] += 1;
                if choice[p] < slots[p].len() {
                    break;
                }
                choice[p] = 0;
            }
        }
    }
}
