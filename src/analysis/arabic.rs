//! Light stemming of words in the Arabic script, for Arabic and Urdu, after folding (which has
//! already turned alef forms into bare alef, alef maksura into yeh and ta marbuta into heh).
//!
//! A word holding a letter that Arabic does not use (ٹ ڈ ڑ ں ھ ہ ۃ ی ے ک گ پ چ ژ) is Urdu: its
//! letter variants are brought together (ی → ي, ک → ك, ہ ۃ ھ → ه) and a final oblique plural
//! `وں` is removed. Any other word is stemmed as Arabic, after Larkey's "light10": the definite
//! article with the clitics that join it (ال وال بال كال فال لل) when two letters remain; else
//! one leading conjunction (و ف) when four letters remain (ب and ل are taken off only with
//! the article: alone they begin too many words, "لاجئ"); then the first of the suffixes ها ان
//! ات ون ين يه ه ي that the word ends with, when two letters remain. So "الوحدة", "والوحدة" and
//! "وحدة" meet, as do "لاجئ" and "لاجئين". Mirrored as `arabicStem` in search.js.

/// Whether `word` is written in the Arabic script (every character in U+0600–U+06FF).
pub fn is_arabic(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// Letters of Urdu that Arabic does not use.
const URDU_ONLY: &[char] = &[
    '\u{0679}', '\u{0688}', '\u{0691}', '\u{06BA}', '\u{06BE}', '\u{06C1}', '\u{06C3}', '\u{06CC}',
    '\u{06D2}', '\u{06A9}', '\u{06AF}', '\u{067E}', '\u{0686}', '\u{0698}',
];

/// Urdu letter variants and the Arabic letter they are matched as.
const URDU_VARIANTS: &[(char, char)] = &[
    ('\u{06CC}', '\u{064A}'),
    ('\u{06A9}', '\u{0643}'),
    ('\u{06C1}', '\u{0647}'),
    ('\u{06C3}', '\u{0647}'),
    ('\u{06BE}', '\u{0647}'),
];

const ARTICLES: &[&str] = &["وال", "بال", "كال", "فال", "لل", "ال"];
const CLITICS: &[char] = &['و', 'ف'];
const SUFFIXES: &[&str] = &["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// The stem of a word of the Arabic script (see the module documentation).
pub fn stem(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.iter().any(|c| URDU_ONLY.contains(c)) {
        let mut out: Vec<char> = chars
            .iter()
            .map(|c| {
                URDU_VARIANTS
                    .iter()
                    .find(|(from, _)| from == c)
                    .map_or(*c, |(_, to)| *to)
            })
            .collect();
        if out.len() >= 4 && out.ends_with(&['و', 'ں']) {
            out.truncate(out.len() - 2);
        }
        return out.into_iter().collect();
    }
    let mut w: Vec<char> = chars;
    let mut article = false;
    for a in ARTICLES {
        let a: Vec<char> = a.chars().collect();
        if w.starts_with(&a) && w.len() >= a.len() + 2 {
            w.drain(..a.len());
            article = true;
            break;
        }
    }
    if !article && w.len() >= 5 && CLITICS.contains(&w[0]) {
        w.remove(0);
    }
    for s in SUFFIXES {
        let s: Vec<char> = s.chars().collect();
        if w.ends_with(&s) && w.len() >= s.len() + 2 {
            w.truncate(w.len() - s.len());
            break;
        }
    }
    w.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fold;

    fn s(w: &str) -> String {
        stem(&fold(w))
    }

    #[test]
    fn the_article_clitics_and_suffixes_meet_the_bare_noun() {
        assert_eq!(s("الوحدة"), s("وحدة"));
        assert_eq!(s("والوحدة"), s("وحدة"));
        assert_eq!(s("بالعربية"), s("عربية"));
        assert_eq!(s("لاجئين"), s("لاجئ"));
        assert_eq!(s("المساعدة"), s("مساعدة"));
        assert_eq!(s("أسرة"), s("اسره"));
        assert_eq!(s("إكتئاب"), s("الاكتئاب"));
    }

    #[test]
    fn short_words_and_urdu_words_keep_their_letters() {
        assert_eq!(s("بيت"), "بيت");
        assert_eq!(s("دين"), "دين");
        // Urdu: ی is matched as ي, ک as ك; the Arabic rules are not applied.
        assert_eq!(s("خواتین"), "خواتين");
        assert_eq!(s("بچوں"), "بچ");
        assert_eq!(s("والدین"), "والدين");
    }
}
