//! Light stemming of Polish, for queries that say they are Polish (`--lang pl`, the Polish
//! pages), after folding (ą → a, ł → l, ś → s …): twice, the longest of the common case and
//! number endings below is removed when three letters remain, so "mieszkanie", "mieszkania"
//! and "mieszkaniem" meet, as do "praca", "pracy" and "pracę", and "angielski" and
//! "angielskiego". The stems need not be words. Mirrored as `polishStem` in search.js.

/// Longest first.
const SUFFIXES: &[&str] = &[
    "owie", "ami", "ach", "ego", "emu", "ymi", "imi", "ych", "ich", "iem", "om", "em", "ow", "ie",
    "ia", "iu", "ej", "mi", "a", "e", "i", "o", "u", "y",
];

/// The stem of a folded Polish word of plain a–z (see the module documentation).
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    for _ in 0..2 {
        match SUFFIXES
            .iter()
            .find(|s| w.ends_with(*s) && w.len() >= s.len() + 3)
        {
            Some(s) => w.truncate(w.len() - s.len()),
            None => break,
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fold;

    #[test]
    fn inflected_forms_meet() {
        let s = |w: &str| stem(&fold(w));
        for (a, b) in [
            ("mieszkaniem", "mieszkanie"),
            ("mieszkania", "mieszkanie"),
            ("pracy", "praca"),
            ("pracę", "praca"),
            ("angielskiego", "angielski"),
            ("rodzinami", "rodzina"),
            ("długów", "długi"),
            ("samotności", "samotność"),
            ("depresji", "depresja"),
            ("żałobie", "żałoba"),
        ] {
            assert_eq!(s(a), s(b), "{a} / {b}");
        }
        assert_eq!(s("dom"), "dom");
    }
}
