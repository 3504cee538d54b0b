//! Step 4 of the analysis: stemming. English for words of plain a–z; Arabic and Urdu
//! ([`super::arabic`]) and Bengali ([`super::bengali`]) by their script, whatever the query's
//! language, as that cannot harm English; Polish ([`super::polish`]) and Somali
//! ([`super::somali`]) only when the query says it is in that language, as they share the Latin
//! script with English. `themes/default/search.js` mirrors every stemmer (`stem`, `stemIn`).

use super::{arabic, bengali, polish, somali};

/// The language a query is typed in, as far as the analysis cares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Not given (or English, or a language without stemming of its own): English for the
    /// Latin script, each other script by its own rules.
    #[default]
    Any,
    Polish,
    Somali,
}

impl Lang {
    /// The analysis language of an ISO 639-1 code (`None`, or a code without rules of its own,
    /// is [`Lang::Any`]).
    pub fn of(code: Option<&str>) -> Lang {
        match code {
            Some("pl") => Lang::Polish,
            Some("so") => Lang::Somali,
            _ => Lang::Any,
        }
    }
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
///    undoubled ("knitting" → "knit"); otherwise, when three letters remain that end
///    consonant–vowel–consonant (the last not w, x or y), an `e` is put back ("caring" →
///    "care", so it never meets "car");
/// 3. a final `-e` is dropped from words of 5+ letters unless it follows another `e`
///    ("dance" → "danc", to meet "dancing"; "coffee" and "care" stay).
///
/// The stems need not be words: they only have to be the same for the forms people type.
pub fn english(word: &str) -> String {
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
                } else if n == 3
                    && !is_vowel(r[0])
                    && is_vowel(r[1])
                    && !is_vowel(r[2])
                    && !b"wxy".contains(&r[2])
                {
                    w.push('e');
                }
                return w;
            }
        }
    }
    // 3. final -e
    let r = w.as_bytes();
    if r.len() >= 5 && r[r.len() - 1] == b'e' && r[r.len() - 2] != b'e' {
        w.truncate(w.len() - 1);
    }
    w
}

/// A word's stem in any language: [`english`] for words of plain a–z, the Arabic-script and
/// Bengali stemmers for words of those scripts, the word itself otherwise. What documents are
/// indexed with.
pub fn stem(word: &str) -> String {
    if arabic::is_arabic(word) {
        arabic::stem(word)
    } else if bengali::is_bengali(word) {
        bengali::stem(word)
    } else {
        english(word)
    }
}

/// A word's stem in `lang`: [`stem`], except that a word of plain a–z is stemmed by the
/// Polish or Somali rules when `lang` says so.
pub fn stem_in(word: &str, lang: Lang) -> String {
    let latin = !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase());
    match lang {
        Lang::Polish if latin => polish::stem(word),
        Lang::Somali if latin => somali::stem(word),
        _ => stem(word),
    }
}
