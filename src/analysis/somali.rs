//! Light stemming of Somali, for queries that say they are Somali (`--lang so`, the Somali
//! pages): one definite or plural ending (ooyinka ooyin yada yaha ada aha kii tii ka ga ta da
//! ha) is removed when three letters remain, then a final vowel, so "shaqo" and "shaqada",
//! "guri" and "guriga", "lacag" and "lacagta", "hooyo" and "hooyooyinka" meet. Mirrored as
//! `somaliStem` in search.js.

/// Longest first.
const SUFFIXES: &[&str] = &[
    "ooyinka", "ooyin", "yada", "yaha", "ada", "aha", "kii", "tii", "ka", "ga", "ta", "da", "ha",
];

/// The stem of a folded Somali word of plain a–z (see the module documentation).
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    if let Some(s) = SUFFIXES
        .iter()
        .find(|s| w.ends_with(*s) && w.len() >= s.len() + 3)
    {
        w.truncate(w.len() - s.len());
    }
    if w.len() >= 4 && w.ends_with(['a', 'e', 'i', 'o', 'u']) {
        w.pop();
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definite_forms_meet_the_bare_noun() {
        for (a, b) in [
            ("shaqada", "shaqo"),
            ("guriga", "guri"),
            ("lacagta", "lacag"),
            ("hooyooyinka", "hooyo"),
            ("caafimaadka", "caafimaad"),
            ("barashada", "barasho"),
            ("ingiriisiga", "ingiriisi"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        assert_eq!(stem("cun"), "cun");
    }
}
