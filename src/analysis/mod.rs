//! The one definition of how text becomes search terms, shared by the tantivy engine (through
//! [`SignpostTokenizer`](crate::search::engine::SignpostTokenizer)) and the static index writer, and
//! mirrored line for line in `themes/default/search.js` (a test runs that file in Node over a
//! word list and compares; keep both in step).
//!
//! The steps, in order:
//!
//! 1. **Fold** ([`fold`]): each character is lower-cased on its own (`char::to_lowercase`, which
//!    is JavaScript's `toLowerCase` on one code point), then looked up in [`FOLD`] (é → e, ß → ss,
//!    ł → l, Arabic alef forms → ا, teh marbuta → ه; apostrophes → nothing, so "men's" → "mens")
//!    and dropped if it falls in one of the [`STRIP`] ranges (combining accents, Arabic short
//!    vowels, Bengali virama).
//! 2. **Tokenise**: words are runs of alphanumeric characters (Unicode Alphabetic or Numeric;
//!    `\p{Alphabetic}|\p{N}` in JavaScript); everything else separates words, hyphens
//!    included ("well-being" → "well", "being").
//! 3. **Stop words**: the few words in [`STOP_WORDS`] are kept for matching synonym phrases
//!    ("on my own") and dropped from the terms.
//! 4. **Stem** ([`stem`]): English for words of plain a–z; Arabic and Urdu ([`arabic`]: the
//!    article, the clitics و ب ل ف, common suffixes) and Bengali ([`bengali`]: case endings) by
//!    their script, whatever the language, as that cannot harm English. Polish ([`polish`]) and
//!    Somali ([`somali`]) share the Latin script with English, so their stemming applies only
//!    when a query says its language ([`Lang`], `--lang`, the API's `lang`, the page's
//!    language), and only to match synonym phrases and crisis patterns.
//! 5. **Synonyms** ([`Synonyms`]): phrases from the needs and activities vocabularies, the
//!    audiences, and the search words of `schema/search/words.yaml` in every language
//!    ([`lexicon`]), analysed by steps 1–4 into token sequences, each naming one or more
//!    *concepts* (`n:bereavement`, `d:tue`, `f:free`). A listing carries the concepts it has
//!    ([`listing_concepts`]); a query gets the concepts of the phrases it contains, a single
//!    unknown word also within one typo ([`query`]). The static index ships the analysed
//!    phrases, so the browser only has to match token sequences.
//!
//! Crisis patterns ([`crisis`]) are matched on the same analysis.
//! This module knows nothing about indexes or ranking.

pub mod arabic;
pub mod bengali;
mod concepts;
pub mod crisis;
mod fold;
pub mod lexicon;
pub mod polish;
mod query;
pub mod somali;
mod stem;
mod synonyms;

pub use concepts::{
    RANKS, centrality, centrality_of_level, concept_ranks, day_id, level, listing_concepts,
    mentioned, time_of_day,
};
pub use fold::{FOLD, STRIP, fold};
pub use query::{
    AGE_AFTER, AGE_BEFORE, PREFIX_MIN_LETTERS, Query, QueryConcept, QueryWord, Reading, query,
};
pub use stem::{Lang, english, stem, stem_in};
pub use synonyms::{Named, Synonyms};

/// Match weights: a query word that is a prefix of a term, and one typo away from it
/// (`themes/default/search.js` uses the same figures; the ranking is in `search`).
pub const PREFIX_FACTOR: f64 = 0.6;
pub const TYPO_FACTOR: f64 = 0.5;

/// Words dropped from the terms (kept only to match synonym phrases). Mirrored in search.js.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "an", "and", "any", "are", "as", "at", "be", "by", "can", "do", "for", "from",
    "i", "im", "in", "is", "it", "me", "my", "of", "on", "or", "our", "so", "some", "that", "the",
    "there", "to", "us", "we", "who", "with", "you", "your",
];

/// Folded words (steps 1 and 2), stop words included, not stemmed.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// The terms of a text: folded words without stop words, stemmed. What documents are indexed
/// with, in both engines.
pub fn terms(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| !is_stop_word(w))
        .map(|w| stem(&w))
        .collect()
}

/// Tokens as synonym phrases are matched: every word stemmed, stop words kept.
pub fn phrase_tokens(text: &str) -> Vec<String> {
    words(text).iter().map(|w| stem(w)).collect()
}

/// True when `a` and `b` differ by at most one edit: an insertion, a deletion, a substitution
/// or a swap of two neighbouring characters (optimal string alignment distance ≤ 1). Works on
/// characters. Mirrored as `oneEdit` in search.js.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let mut i = 0;
    while i < la && i < lb && a[i] == b[i] {
        i += 1;
    }
    if i == la && i == lb {
        return true;
    }
    if la == lb {
        // substitution, or a swap of i and i+1
        if a[i + 1..] == b[i + 1..] {
            return true;
        }
        return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..];
    }
    if la > lb {
        a[i + 1..] == b[i..]
    } else {
        a[i..] == b[i + 1..]
    }
}

/// Words of this many letters or more may match with one typo.
pub const TYPO_MIN_LETTERS: usize = 5;

/// A word may match with one typo when it has [`TYPO_MIN_LETTERS`] letters or more as typed
/// and its stem has four or more (a misspelling whose stem is short, "swiming" → "swim",
/// still finds "swimming"; a two-letter stem finds nothing by chance).
pub fn may_have_typo(typed: &str, stemmed: &str) -> bool {
    typed.chars().count() >= TYPO_MIN_LETTERS && stemmed.chars().count() >= 4
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Vocabularies;

    #[test]
    fn folding_lowercases_and_removes_accents_by_the_table() {
        assert_eq!(fold("Café Crème"), "cafe creme");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Łódź ŻÓŁW"), "lodz zolw");
        assert_eq!(fold("Men’s"), "mens");
        assert_eq!(fold("e\u{0301}te\u{0301}"), "ete");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("أَهْلاً"), "اهلا");
    }

    #[test]
    fn the_tables_are_sorted_or_unique_as_lookups_need() {
        let mut s = STOP_WORDS.to_vec();
        s.sort();
        assert_eq!(s, STOP_WORDS, "STOP_WORDS must be sorted for binary search");
        let mut from: Vec<char> = FOLD.iter().map(|f| f.0).collect();
        from.sort();
        from.dedup();
        assert_eq!(from.len(), FOLD.len(), "a character is folded twice");
    }

    #[test]
    fn words_split_on_hyphens_and_punctuation() {
        assert_eq!(words("Well-being, 16-25!"), ["well", "being", "16", "25"]);
        assert_eq!(words("men's group"), ["mens", "group"]);
        assert_eq!(words("  "), Vec::<String>::new());
    }

    #[test]
    fn stemming_brings_forms_together() {
        for (a, b) in [
            ("groups", "group"),
            ("walking", "walk"),
            ("walked", "walks"),
            ("knitting", "knit"),
            ("dancing", "dance"),
            ("dances", "dance"),
            ("babies", "baby"),
            ("classes", "class"),
            ("churches", "church"),
            ("bereaved", "bereave"),
            ("caring", "care"),
            ("swimming", "swim"),
            ("mens", "men"),
            ("carried", "carry"),
            ("houses", "housing"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        for same in [
            "loneliness",
            "bus",
            "arthritis",
            "sing",
            "need",
            "coffee",
            "free",
            "zumba",
            "ab12",
        ] {
            assert_eq!(stem(same), same);
        }
        assert_eq!(stem("stressed"), "stress");
        assert_eq!(stem("falling"), "fall");
    }

    #[test]
    fn one_edit_means_insert_delete_substitute_or_swap() {
        assert!(within_one_edit("lonley", "lonely"));
        assert!(within_one_edit("bereavment", "bereavement"));
        assert!(within_one_edit("walk", "walk"));
        assert!(within_one_edit("walk", "talk"));
        assert!(within_one_edit("walks", "walk"));
        assert!(!within_one_edit("walk", "wlka"));
        assert!(!within_one_edit("abcd", "badc"));
        assert!(!within_one_edit("walk", "wa"));
    }

    fn names(q: &Query) -> Vec<String> {
        q.concepts.iter().map(|c| c.concept.clone()).collect()
    }

    fn synonyms() -> Synonyms {
        Synonyms::build(&Vocabularies::builtin(), ["so", "en", "pl"])
    }

    fn analyse(text: &str, s: &Synonyms) -> Query {
        query(
            text,
            s,
            &Reading {
                lang: Lang::Any,
                typing: false,
                known: &|_| false,
                keep: &|_| true,
            },
        )
    }

    #[test]
    fn synonyms_name_the_need_for_everyday_words() {
        let s = synonyms();
        let q = analyse("lonely", &s);
        assert!(names(&q).contains(&"n:loneliness-and-isolation".to_string()));
        let q = analyse("skint", &s);
        assert!(names(&q).contains(&"n:money-and-debt".to_string()));
        let q = analyse("living on my own", &s);
        assert!(names(&q).contains(&"n:loneliness-and-isolation".to_string()));
        let q = analyse("lonley", &s);
        assert!(names(&q).contains(&"n:loneliness-and-isolation".to_string()));
        let q = analyse("somali speaking", &s);
        assert_eq!(names(&q), ["l:so"]);
        assert_eq!(q.concepts[0].covers, [0, 1]);
        let q = analyse("walking group weekend", &s);
        for c in ["a:walking", "d:sat", "d:sun"] {
            assert!(names(&q).contains(&c.to_string()), "{c}: {q:?}");
        }
        let q = analyse("free toddler group tuesday", &s);
        for c in ["f:free", "n:baby-and-toddler", "d:tue"] {
            assert!(names(&q).contains(&c.to_string()), "{c}: {q:?}");
        }
    }

    #[test]
    fn query_words_drop_stop_words_and_repeat() {
        let q = analyse("i am lonely", &synonyms());
        assert_eq!(
            names(&q),
            ["n:loneliness-and-isolation"],
            "\"am\" is not a time"
        );
        let q = analyse("help with the debt debts", &synonyms());
        let terms: Vec<&str> = q.words.iter().map(|w| w.term.as_str()).collect();
        assert_eq!(terms, ["help", "debt"]);
        assert!(!q.words[0].typo);
        let q = analyse("knitting", &synonyms());
        assert!(!q.words[0].typo, "\"knit\" is a known word");
    }

    #[test]
    fn concepts_named_only_through_a_typo_count_less() {
        let q = analyse("lonley", &synonyms());
        let c = q
            .concepts
            .iter()
            .find(|c| c.concept == "n:loneliness-and-isolation")
            .unwrap();
        assert_eq!(c.factor, TYPO_FACTOR);
        let q = analyse("lonely", &synonyms());
        assert_eq!(q.concepts[0].factor, 1.0);
    }
}
