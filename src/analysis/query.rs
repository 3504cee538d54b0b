//! A query, analysed the way both engines and the browser client (`analyse` in search.js) read
//! it: its words, the concepts its phrases name (synonyms, and ages said as "over 60"), and
//! which words may match by prefix or typo. Ranking is the engines' business (`search`).

use std::collections::BTreeSet;

use super::stem::{Lang, stem, stem_in};
use super::synonyms::Synonyms;
use super::{TYPO_FACTOR, is_stop_word, may_have_typo, words};

/// Words shorter than this match only exactly, unless they are being typed (see
/// [`QueryWord::prefix`]).
pub const PREFIX_MIN_LETTERS: usize = 4;

/// Words that say an age follows ("over 60", "aged 70"), and words that say one came before
/// ("16 year olds"). Mirrored in search.js.
pub const AGE_BEFORE: &[&str] = &["over", "aged", "age", "powyzej", "ponad", "فوق"];
pub const AGE_AFTER: &[&str] = &["year", "years", "yr", "yrs"];

/// One word of a query, analysed.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryWord {
    /// The stemmed term.
    pub term: String,
    /// May match with one typo: not a word the index or the synonyms know, and long enough
    /// ([`may_have_typo`]).
    pub typo: bool,
    /// May match as the prefix of a longer term: not a word the index or the synonyms know
    /// and [`PREFIX_MIN_LETTERS`] long, or the last word while it is being typed.
    pub prefix: bool,
    /// A filler word (`filler` in `schema/search/words.yaml`): a listing need not match it.
    pub filler: bool,
    /// A word the index or the synonyms know.
    pub known: bool,
}

/// A concept the query names.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryConcept {
    pub concept: String,
    /// 1, or the typo factor when only a typo named it.
    pub factor: f64,
    /// The query words (indexes into [`Query::words`]) its phrase covers.
    pub covers: Vec<usize>,
    /// Named because the query describes a crisis (`concepts` in crisis-words.yaml).
    pub crisis: bool,
}

/// A query, analysed: its words (no stop words, no repeats) and the concepts its phrases name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    pub words: Vec<QueryWord>,
    /// Sorted by concept.
    pub concepts: Vec<QueryConcept>,
}

/// How to read a query besides its text.
pub struct Reading<'a> {
    /// The language it is typed in.
    pub lang: Lang,
    /// The last word is still being typed (the browser, as someone types): it may match as a
    /// prefix whatever its length.
    pub typing: bool,
    /// Whether the index knows a term: known words match only exactly.
    pub known: &'a dyn Fn(&str) -> bool,
    /// Whether a concept may be named (the static index ships the phrases of the concepts its
    /// listings have, and of filters; the engine asks the same of its listings).
    pub keep: &'a dyn Fn(&str) -> bool,
}

/// The age said at positions `i` (and `i + 1`) of the typed words, and how many words it
/// takes: "over 60", "over 60s", "aged 70", "16 year olds".
fn age_at(typed: &[String], i: usize) -> Option<u32> {
    let number = |w: &str| -> Option<u32> {
        let digits = w.strip_suffix('s').unwrap_or(w);
        if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().filter(|n| *n <= 120)
    };
    let next = typed.get(i + 1)?;
    if AGE_BEFORE.contains(&typed[i].as_str()) {
        return number(next);
    }
    if AGE_AFTER.contains(&next.as_str()) {
        return number(&typed[i]);
    }
    None
}

/// Analyses a query.
pub fn query(text: &str, synonyms: &Synonyms, how: &Reading) -> Query {
    let typed = words(text);
    let tokens: Vec<Vec<String>> = typed
        .iter()
        .map(|w| {
            let any = stem(w);
            let own = stem_in(w, how.lang);
            if own == any {
                vec![any]
            } else {
                vec![any, own]
            }
        })
        .collect();
    let known = |t: &str| {
        (how.known)(t)
            || synonyms
                .tokens
                .get(t)
                .is_some_and(|cs| cs.iter().any(|c| (how.keep)(c)))
    };
    let mut words: Vec<QueryWord> = Vec::new();
    // The word index of each token position, if it is not a stop word.
    let mut word_of = Vec::with_capacity(tokens.len());
    for (k, (w, t)) in typed.iter().zip(&tokens).enumerate() {
        let t = &t[0];
        if is_stop_word(w) {
            word_of.push(None);
        } else if let Some(i) = words.iter().position(|q| &q.term == t) {
            word_of.push(Some(i));
        } else {
            word_of.push(Some(words.len()));
            let being_typed = how.typing && k + 1 == typed.len();
            let unknown = !known(t);
            words.push(QueryWord {
                term: t.clone(),
                typo: unknown && may_have_typo(w, t),
                prefix: being_typed || (unknown && t.chars().count() >= PREFIX_MIN_LETTERS),
                filler: synonyms.filler.contains(t),
                known: !unknown,
            });
        }
    }
    let mut named = synonyms.concepts(&tokens, &typed, TYPO_FACTOR, how.keep, &known);
    for i in 0..typed.len() {
        if let Some(age) = age_at(&typed, i) {
            let e = named
                .entry(format!("age:{age}"))
                .or_insert((1.0, BTreeSet::new()));
            e.0 = 1.0;
            e.1.extend([i, i + 1]);
        }
    }
    // A query that describes a crisis names the concepts whose groups follow the help lines
    // (`concepts` in schema/search/crisis-words.yaml), with every word of the query.
    let crisis = super::crisis::Lexicon::builtin();
    let mut from_crisis = BTreeSet::new();
    for category in crisis.detect_words(&typed, how.lang) {
        for concept in crisis.concepts.get(&category).into_iter().flatten() {
            if (how.keep)(concept) {
                from_crisis.insert(concept.clone());
                let concept = concept.clone();
                let e = named.entry(concept).or_insert((1.0, BTreeSet::new()));
                e.0 = 1.0;
                e.1.extend(0..typed.len());
            }
        }
    }
    let concepts = named
        .into_iter()
        .map(|(concept, (factor, positions))| {
            let mut covers: Vec<usize> = positions.iter().filter_map(|&p| word_of[p]).collect();
            covers.sort_unstable();
            covers.dedup();
            QueryConcept {
                crisis: from_crisis.contains(&concept),
                concept,
                factor,
                covers,
            }
        })
        .collect();
    Query { words, concepts }
}

impl Query {
    /// The concepts' names.
    pub fn concept_names(&self) -> Vec<&str> {
        self.concepts.iter().map(|c| c.concept.as_str()).collect()
    }
}
