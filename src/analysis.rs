//! The one definition of how text becomes search terms, shared by the tantivy engine (through
//! [`SignpostTokenizer`](crate::search::engine::SignpostTokenizer)) and the static index writer, and
//! mirrored line for line in `themes/default/search.js` (a test runs that file in Node over a
//! word list and compares; keep both in step).
//!
//! The steps, in order:
//!
//! 1. **Fold**: each character is lower-cased on its own (`char::to_lowercase`, which is
//!    JavaScript's `toLowerCase` on one code point), then looked up in [`FOLD`] (é → e, ß → ss,
//!    ł → l, Arabic alef forms → ا; apostrophes → nothing, so "men's" → "mens") and dropped if
//!    it falls in one of the [`STRIP`] ranges (combining accents, Arabic short vowels).
//! 2. **Tokenise**: words are runs of alphanumeric characters (Unicode Alphabetic or Numeric;
//!    `\p{Alphabetic}|\p{N}` in JavaScript); everything else separates words, hyphens
//!    included ("well-being" → "well", "being").
//! 3. **Stop words**: the few words in [`STOP_WORDS`] are kept for matching synonym phrases
//!    ("on my own") and dropped from the terms.
//! 4. **Stem**: [`stem`], a small English suffix stripper, applied to words of plain a–z only
//!    (so Arabic or numbers pass through): plurals, -ing, -ed and a final -e, so that "groups",
//!    "walking", "dances" and "bereaved" meet "group", "walk", "dance" and "bereave".
//! 5. **Synonyms** ([`Synonyms`]): phrases from the needs and activities vocabularies, the
//!    audiences, days, times of day, languages and a few facets, analysed by steps 1–4 into
//!    token sequences, each naming one or more *concepts* (`n:bereavement`, `d:tue`, `f:free`).
//!    A listing carries the concepts it has ([`listing_concepts`]); a query gets the concepts
//!    of the phrases it contains, a single word also within one typo. The static index ships
//!    the analysed phrases, so the browser only has to match token sequences.
//!
//! This module knows nothing about indexes or ranking.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Listing;
use crate::vocab::Vocabularies;

/// Match weights: a query word that is a prefix of a term, and one typo away from it
/// (`themes/default/search.js` uses the same figures; the ranking is in `search`).
pub const PREFIX_FACTOR: f64 = 0.6;
pub const TYPO_FACTOR: f64 = 0.5;

/// Characters folded to something else after lower-casing. Mirrored as `FOLD` in search.js.
pub const FOLD: &[(char, &str)] = &[
    // Latin-1
    ('à', "a"),
    ('á', "a"),
    ('â', "a"),
    ('ã', "a"),
    ('ä', "a"),
    ('å', "a"),
    ('æ', "ae"),
    ('ç', "c"),
    ('è', "e"),
    ('é', "e"),
    ('ê', "e"),
    ('ë', "e"),
    ('ì', "i"),
    ('í', "i"),
    ('î', "i"),
    ('ï', "i"),
    ('ð', "d"),
    ('ñ', "n"),
    ('ò', "o"),
    ('ó', "o"),
    ('ô', "o"),
    ('õ', "o"),
    ('ö', "o"),
    ('ø', "o"),
    ('ù', "u"),
    ('ú', "u"),
    ('û', "u"),
    ('ü', "u"),
    ('ý', "y"),
    ('ÿ', "y"),
    ('þ', "th"),
    ('ß', "ss"),
    // Latin Extended-A (Polish, Czech, Turkish, Romanian, Welsh, ...)
    ('ā', "a"),
    ('ă', "a"),
    ('ą', "a"),
    ('ć', "c"),
    ('ĉ', "c"),
    ('ċ', "c"),
    ('č', "c"),
    ('ď', "d"),
    ('đ', "d"),
    ('ē', "e"),
    ('ĕ', "e"),
    ('ė', "e"),
    ('ę', "e"),
    ('ě', "e"),
    ('ĝ', "g"),
    ('ğ', "g"),
    ('ġ', "g"),
    ('ģ', "g"),
    ('ĥ', "h"),
    ('ħ', "h"),
    ('ĩ', "i"),
    ('ī', "i"),
    ('ĭ', "i"),
    ('į', "i"),
    ('ı', "i"),
    ('ĳ', "ij"),
    ('ĵ', "j"),
    ('ķ', "k"),
    ('ĺ', "l"),
    ('ļ', "l"),
    ('ľ', "l"),
    ('ŀ', "l"),
    ('ł', "l"),
    ('ń', "n"),
    ('ņ', "n"),
    ('ň', "n"),
    ('ō', "o"),
    ('ŏ', "o"),
    ('ő', "o"),
    ('œ', "oe"),
    ('ŕ', "r"),
    ('ŗ', "r"),
    ('ř', "r"),
    ('ś', "s"),
    ('ŝ', "s"),
    ('ş', "s"),
    ('š', "s"),
    ('ţ', "t"),
    ('ť', "t"),
    ('ŧ', "t"),
    ('ũ', "u"),
    ('ū', "u"),
    ('ŭ', "u"),
    ('ů', "u"),
    ('ű', "u"),
    ('ų', "u"),
    ('ŵ', "w"),
    ('ŷ', "y"),
    ('ź', "z"),
    ('ż', "z"),
    ('ž', "z"),
    ('ſ', "s"),
    ('ș', "s"),
    ('ț', "t"),
    // Apostrophes join a word instead of splitting it: "men's" → "mens", Somali "ba'an".
    ('\'', ""),
    ('\u{2018}', ""),
    ('\u{2019}', ""),
    ('\u{02BB}', ""),
    ('\u{02BC}', ""),
    ('`', ""),
    ('\u{00B4}', ""),
    // Arabic: alef forms to bare alef, alef maksura to yeh, teh marbuta to heh, no tatweel.
    ('\u{0622}', "\u{0627}"),
    ('\u{0623}', "\u{0627}"),
    ('\u{0625}', "\u{0627}"),
    ('\u{0671}', "\u{0627}"),
    ('\u{0649}', "\u{064A}"),
    ('\u{0629}', "\u{0647}"),
    ('\u{0640}', ""),
];

/// Inclusive ranges of characters dropped after lower-casing: combining accents (text typed
/// in decomposed form), Arabic short vowels and marks, Bengali marks that are not letters,
/// and zero-width joiners. Mirrored as `STRIP` in search.js.
pub const STRIP: &[(char, char)] = &[
    ('\u{0300}', '\u{036F}'),
    ('\u{064B}', '\u{065F}'),
    ('\u{0670}', '\u{0670}'),
    // Bengali nukta and virama (hasanta): marks, not letters, so without this "একাকীত্ব"
    // (loneliness) would split into two words at the virama.
    ('\u{09BC}', '\u{09BC}'),
    ('\u{09CD}', '\u{09CD}'),
    // Zero-width non-joiner and joiner, which Urdu and Bengali text use inside words.
    ('\u{200C}', '\u{200D}'),
];

/// Words dropped from the terms (kept only to match synonym phrases). Mirrored in search.js.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "an", "and", "any", "are", "as", "at", "be", "by", "can", "do", "for", "from",
    "i", "im", "in", "is", "it", "me", "my", "of", "on", "or", "our", "so", "some", "that", "the",
    "there", "to", "us", "we", "who", "with", "you", "your",
];

/// Folds one character after lower-casing it, appending the result to `out`.
fn fold_char(c: char, out: &mut String) {
    // Fast path, same result: the only ASCII characters in the tables are ' and `.
    if c.is_ascii() {
        if c != '\'' && c != '`' {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    for lower in c.to_lowercase() {
        if STRIP.iter().any(|&(a, b)| (a..=b).contains(&lower)) {
            continue;
        }
        match FOLD.iter().find(|(from, _)| *from == lower) {
            Some((_, to)) => out.push_str(to),
            None => out.push(lower),
        }
    }
}

/// Lower-cases and folds text (step 1).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

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

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// The small English stemmer (step 4). Words shorter than 4 letters, or with anything but
/// a–z, are returned unchanged. Otherwise, in order:
///
/// 1. plurals: `-sses` → `-ss`; `-ies` → `-y` (if 5+ letters); `-ches`, `-shes`, `-xes`, `-zes`
///    lose `-es`; `-s` is dropped unless the word ends in `-ss`, `-us` or `-is`;
/// 2. `-ied` → `-y`; otherwise `-ing` or `-ed` is dropped (not from `-eed`) when at least 3
///    letters with a vowel remain, and a doubled final consonant other than l, s or z is then
///    undoubled ("knitting" → "knit");
/// 3. a final `-e` is dropped from words of 4+ letters unless it follows another `e`
///    ("dance" → "danc", to meet "dancing"; "coffee" stays).
///
/// The stems need not be words: they only have to be the same for the forms people type.
pub fn stem(word: &str) -> String {
    let b = word.as_bytes();
    if b.len() < 4 || !b.iter().all(u8::is_ascii_lowercase) {
        return word.to_string();
    }
    let mut w = word.to_string();
    // 1. plurals
    if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with("ies") && w.len() >= 5 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if ["ches", "shes", "xes", "zes"]
        .iter()
        .any(|s| w.ends_with(s))
    {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !["ss", "us", "is"].iter().any(|s| w.ends_with(s)) {
        w.truncate(w.len() - 1);
    }
    // 2. -ied, -ing, -ed
    if w.ends_with("ied") && w.len() >= 5 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else {
        let suffix = if w.ends_with("ing") {
            3
        } else if w.ends_with("ed") && !w.ends_with("eed") {
            2
        } else {
            0
        };
        if suffix > 0 {
            let rest = &w.as_bytes()[..w.len() - suffix];
            if rest.len() >= 3 && rest.iter().copied().any(is_vowel) {
                w.truncate(w.len() - suffix);
                let r = w.as_bytes();
                let n = r.len();
                if r[n - 1] == r[n - 2] && !is_vowel(r[n - 1]) && !b"lsz".contains(&r[n - 1]) {
                    w.truncate(n - 1);
                }
                return w;
            }
        }
    }
    // 3. final -e
    let r = w.as_bytes();
    if r.len() >= 4 && r[r.len() - 1] == b'e' && r[r.len() - 2] != b'e' {
        w.truncate(w.len() - 1);
    }
    w
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

/// A word may match with one typo when it has [`TYPO_MIN_LETTERS`] letters or more both as
/// typed and stemmed ("knitting" stems to "knit", which must not match "quit").
pub fn may_have_typo(typed: &str, stemmed: &str) -> bool {
    typed.chars().count() >= TYPO_MIN_LETTERS && stemmed.chars().count() >= TYPO_MIN_LETTERS
}

/// Concept prefixes: `n:` need, `a:` activity, `au:` audience, `l:` language, `d:` day,
/// `t:` time of day, `f:free`, `x:step-free`, `j:self` (no referral needed).
pub const DAYS: &[(&str, &[&str])] = &[
    ("mon", &["monday", "mondays", "mon"]),
    ("tue", &["tuesday", "tuesdays", "tue", "tues"]),
    ("wed", &["wednesday", "wednesdays", "wed", "weds"]),
    ("thu", &["thursday", "thursdays", "thu", "thur", "thurs"]),
    ("fri", &["friday", "fridays", "fri"]),
    ("sat", &["saturday", "saturdays", "sat"]),
    ("sun", &["sunday", "sundays", "sun"]),
];

/// Words for who a group is for, by audience id (`vocab::AUDIENCES`).
pub const AUDIENCE_WORDS: &[(&str, &[&str])] = &[
    (
        "men",
        &[
            "men",
            "man",
            "male",
            "mens group",
            "men only",
            "blokes",
            "gentlemen",
            "guys",
        ],
    ),
    (
        "women",
        &[
            "women",
            "woman",
            "female",
            "ladies",
            "womens group",
            "women only",
        ],
    ),
    (
        "older-people",
        &[
            "older people",
            "older",
            "elderly",
            "pensioner",
            "pensioners",
            "seniors",
            "over 50s",
            "over 60s",
            "over 65s",
            "retired",
        ],
    ),
    (
        "young-people",
        &[
            "young people",
            "youth",
            "teenagers",
            "teens",
            "young adults",
        ],
    ),
    (
        "children",
        &["children", "kids", "child", "under 5s", "toddlers"],
    ),
    (
        "parents-and-carers",
        &["parents", "parent", "mums", "dads", "mum", "dad"],
    ),
    ("carers", &["carers", "carer", "unpaid carers"]),
    (
        "refugees-and-asylum-seekers",
        &["refugees", "refugee", "asylum seekers", "asylum"],
    ),
    (
        "not-registered-with-gp",
        &["not registered", "no gp", "without a gp"],
    ),
    (
        "lgbtq",
        &[
            "lgbt", "lgbtq", "lgbtqia", "gay", "lesbian", "trans", "queer", "bisexual",
        ],
    ),
    (
        "disabled-people",
        &["disabled", "disabled people", "disability"],
    ),
    (
        "learning-disabilities",
        &["learning disability", "learning disabilities"],
    ),
    (
        "veterans",
        &[
            "veterans",
            "veteran",
            "ex forces",
            "armed forces",
            "ex military",
        ],
    ),
];

/// Other phrases that name a concept.
pub const OTHER_WORDS: &[(&str, &[&str])] = &[
    (
        "t:morning",
        &["morning", "mornings", "breakfast", "coffee morning"],
    ),
    (
        "t:afternoon",
        &["afternoon", "afternoons", "lunchtime", "pm"],
    ),
    (
        "t:evening",
        &[
            "evening",
            "evenings",
            "night",
            "nights",
            "after work",
            "tonight",
        ],
    ),
    (
        "f:free",
        &[
            "free",
            "no cost",
            "free of charge",
            "costs nothing",
            "no charge",
        ],
    ),
    (
        "x:step-free",
        &[
            "step free",
            "wheelchair accessible",
            "wheelchair access",
            "no steps",
        ],
    ),
    (
        "j:self",
        &[
            "drop in",
            "drop-in",
            "self referral",
            "self refer",
            "no referral",
            "just turn up",
            "walk in",
        ],
    ),
];

/// When a session starts: before 12:00 morning, before 17:00 afternoon, else evening.
pub fn time_of_day(hour: i8) -> &'static str {
    if hour < 12 {
        "t:morning"
    } else if hour < 17 {
        "t:afternoon"
    } else {
        "t:evening"
    }
}

/// A weekday as the concepts, facets and index name it: `mon` … `sun`, the first three
/// letters of its id in [`crate::model::WEEKDAYS`].
pub fn day_id(day: jiff::civil::Weekday) -> &'static str {
    let id = crate::model::weekday_id(day);
    // The ids are ASCII words of six letters or more.
    &id[..3]
}

/// The concepts a listing carries, sorted: its needs, activities, audiences, languages other
/// than English, days and times of day of its sessions, and the facets free, step-free (every
/// venue says so) and self (no referral needed).
pub fn listing_concepts(listing: &Listing) -> Vec<String> {
    let mut out = BTreeSet::new();
    for n in &listing.needs {
        out.insert(format!("n:{n}"));
    }
    for a in &listing.activities {
        out.insert(format!("a:{a}"));
    }
    for a in &listing.audiences {
        out.insert(format!("au:{a}"));
    }
    for l in &listing.languages {
        if l != "en" {
            out.insert(format!("l:{l}"));
        }
    }
    for s in &listing.sessions {
        for d in s.repeat.weekdays() {
            out.insert(format!("d:{}", day_id(d)));
        }
        if let Some(start) = s.start {
            out.insert(time_of_day(start.hour()).to_string());
        }
    }
    if listing.cost.free {
        out.insert("f:free".into());
    }
    if !listing.venues.is_empty()
        && listing.venues.iter().all(|v| {
            v.access
                .as_ref()
                .is_some_and(|a| a.iter().any(|x| x == "step-free"))
        })
    {
        out.insert("x:step-free".into());
    }
    if listing.joining != crate::model::Joining::Professional {
        out.insert("j:self".into());
    }
    out.into_iter().collect()
}

/// Synonym phrases, analysed: token sequence → concepts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Synonyms {
    /// Sorted by phrase; each phrase at most once.
    pub phrases: BTreeMap<Vec<String>, BTreeSet<String>>,
    /// The longest phrase, in tokens.
    pub longest: usize,
}

impl Synonyms {
    /// Synonyms from a directory's vocabularies, the built-in audiences, days, times and facets,
    /// and the names of the given languages (pass the ones listings use; English is left out,
    /// as nearly every group speaks it and "english" means the classes).
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
            let concept = format!("au:{id}");
            s.add(label, &concept);
        }
        for (id, words) in AUDIENCE_WORDS {
            for w in *words {
                s.add(w, &format!("au:{id}"));
            }
        }
        for (id, words) in DAYS {
            for w in *words {
                s.add(w, &format!("d:{id}"));
            }
        }
        for w in ["weekend", "weekends", "saturday or sunday"] {
            s.add(w, "d:sat");
            s.add(w, "d:sun");
        }
        for w in ["weekday", "weekdays"] {
            for d in ["mon", "tue", "wed", "thu", "fri"] {
                s.add(w, &format!("d:{d}"));
            }
        }
        for (concept, words) in OTHER_WORDS {
            for w in *words {
                s.add(w, concept);
            }
        }
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
                s.add(&format!("in {name}"), &concept);
            }
        }
        s
    }

    /// Adds a phrase naming `concept` (a phrase already present gains the concept). Phrases
    /// of stop words alone are ignored.
    pub fn add(&mut self, phrase: &str, concept: &str) {
        let tokens = phrase_tokens(phrase);
        if tokens.is_empty() || tokens.iter().all(|t| is_stop_word(t)) {
            return;
        }
        self.longest = self.longest.max(tokens.len());
        self.phrases
            .entry(tokens)
            .or_default()
            .insert(concept.to_string());
    }

    /// The concepts named in a query's phrase tokens, each with its factor (1, or
    /// `typo_factor` when only a typo named it) and the token positions it covers: at each
    /// position the longest phrase that matches exactly; failing that, any one-word phrase
    /// within one typo of a word of [`TYPO_MIN_LETTERS`]+ letters (`typed` are the words as
    /// typed, folded, for the length).
    pub fn concepts(
        &self,
        tokens: &[String],
        typed: &[String],
        typo_factor: f64,
    ) -> BTreeMap<String, (f64, BTreeSet<usize>)> {
        let mut out: BTreeMap<String, (f64, BTreeSet<usize>)> = BTreeMap::new();
        let mut add = |c: &str, factor: f64, from: usize, len: usize| {
            let e = out.entry(c.to_string()).or_insert((0.0, BTreeSet::new()));
            e.0 = f64::max(e.0, factor);
            e.1.extend(from..from + len);
        };
        for i in 0..tokens.len() {
            let mut found = false;
            for len in (1..=self.longest.min(tokens.len() - i)).rev() {
                if let Some(c) = self.phrases.get(&tokens[i..i + len]) {
                    for c in c {
                        add(c, 1.0, i, len);
                    }
                    found = true;
                    break;
                }
            }
            if !found && may_have_typo(&typed[i], &tokens[i]) {
                for (phrase, c) in &self.phrases {
                    if phrase.len() == 1 && within_one_edit(&phrase[0], &tokens[i]) {
                        for c in c {
                            add(c, typo_factor, i, 1);
                        }
                    }
                }
            }
        }
        out
    }
}

/// One word of a query, analysed.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryWord {
    /// The stemmed term.
    pub term: String,
    /// May match with one typo (see [`may_have_typo`]).
    pub typo: bool,
}

/// A concept the query names.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryConcept {
    pub concept: String,
    /// 1, or the typo factor when only a typo named it.
    pub factor: f64,
    /// The query words (indexes into [`Query::words`]) its phrase covers.
    pub covers: Vec<usize>,
}

/// A query, analysed: its words (no stop words, no repeats) and the concepts its phrases name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    pub words: Vec<QueryWord>,
    /// Sorted by concept.
    pub concepts: Vec<QueryConcept>,
}

impl Query {
    /// The share of the query's words a document covers, given which words it matched and
    /// which concepts it has: a word is covered when it matched, or when it is part of the
    /// phrase of a concept the document has. 1 for a query of stop words only.
    pub fn coverage(&self, matched: &[bool], has_concept: &[bool]) -> f64 {
        if self.words.is_empty() {
            return 1.0;
        }
        let mut covered = matched.to_vec();
        for (c, &has) in self.concepts.iter().zip(has_concept) {
            if has {
                for &w in &c.covers {
                    covered[w] = true;
                }
            }
        }
        covered.iter().filter(|&&c| c).count() as f64 / self.words.len() as f64
    }
}

/// Analyses a query the way the browser client does (`analyse` in search.js).
pub fn query(text: &str, synonyms: &Synonyms) -> Query {
    let typed = words(text);
    let tokens: Vec<String> = typed.iter().map(|w| stem(w)).collect();
    let mut words: Vec<QueryWord> = Vec::new();
    // The word index of each token position, if it is not a stop word.
    let mut word_of = Vec::with_capacity(tokens.len());
    for (w, t) in typed.iter().zip(&tokens) {
        if is_stop_word(w) {
            word_of.push(None);
        } else if let Some(i) = words.iter().position(|q| &q.term == t) {
            word_of.push(Some(i));
        } else {
            word_of.push(Some(words.len()));
            words.push(QueryWord {
                term: t.clone(),
                typo: may_have_typo(w, t),
            });
        }
    }
    let concepts = synonyms
        .concepts(&tokens, &typed, TYPO_FACTOR)
        .into_iter()
        .map(|(concept, (factor, positions))| {
            let mut covers: Vec<usize> = positions.iter().filter_map(|&p| word_of[p]).collect();
            covers.sort_unstable();
            covers.dedup();
            QueryConcept {
                concept,
                factor,
                covers,
            }
        })
        .collect();
    Query { words, concepts }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn synonyms_name_the_need_for_everyday_words() {
        let s = synonyms();
        let q = query("lonely", &s);
        assert!(names(&q).contains(&"n:loneliness-and-isolation".to_string()));
        let q = query("skint", &s);
        assert_eq!(names(&q), ["n:money-and-debt"]);
        let q = query("living on my own", &s);
        assert!(names(&q).contains(&"n:loneliness-and-isolation".to_string()));
        let q = query("lonley", &s);
        assert!(names(&q).contains(&"n:loneliness-and-isolation".to_string()));
        let q = query("somali speaking", &s);
        assert_eq!(names(&q), ["l:so"]);
        assert_eq!(q.concepts[0].covers, [0, 1]);
        let q = query("walking group weekend", &s);
        for c in ["a:walking", "d:sat", "d:sun"] {
            assert!(names(&q).contains(&c.to_string()), "{c}: {q:?}");
        }
        let q = query("free toddler group tuesday", &s);
        for c in ["f:free", "n:baby-and-toddler", "d:tue"] {
            assert!(names(&q).contains(&c.to_string()), "{c}: {q:?}");
        }
    }

    #[test]
    fn query_words_drop_stop_words_and_repeat() {
        let q = query("i am lonely", &synonyms());
        assert_eq!(
            names(&q),
            ["n:loneliness-and-isolation"],
            "\"am\" is not a time"
        );
        let q = query("help with the debt debts", &synonyms());
        let terms: Vec<&str> = q.words.iter().map(|w| w.term.as_str()).collect();
        assert_eq!(terms, ["help", "debt"]);
        assert!(!q.words[0].typo);
        let q = query("knitting", &synonyms());
        assert!(!q.words[0].typo, "\"knit\" is too short for a typo");
    }

    #[test]
    fn concepts_named_only_through_a_typo_count_less() {
        let q = query("lonley", &synonyms());
        let c = q
            .concepts
            .iter()
            .find(|c| c.concept == "n:loneliness-and-isolation")
            .unwrap();
        assert_eq!(c.factor, TYPO_FACTOR);
        let q = query("lonely", &synonyms());
        assert_eq!(q.concepts[0].factor, 1.0);
    }

    #[test]
    fn coverage_counts_words_matched_or_covered_by_a_concept() {
        let q = query("bengali women", &synonyms());
        assert_eq!(q.words.len(), 2);
        let women: Vec<bool> = q.concepts.iter().map(|c| c.concept == "au:women").collect();
        assert_eq!(q.coverage(&[false, false], &women), 0.5);
        assert_eq!(q.coverage(&[true, false], &women), 1.0);
        assert_eq!(q.coverage(&[true, false], &vec![false; women.len()]), 0.5);
    }
}
