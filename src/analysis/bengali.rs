//! Light stemming of Bengali words, after folding (which drops the virama and nukta): one case
//! or plural ending (গুলো গুলি দের েরা ের কে তে টি টা রা ে) is removed when two characters
//! remain, so "মহিলাদের" meets "মহিলা" and "বাড়িতে" meets "বাড়ি". Mirrored as `bengaliStem` in
//! search.js.

/// Whether `word` is written in the Bengali script (every character in U+0980–U+09FF).
pub fn is_bengali(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| ('\u{0980}'..='\u{09FF}').contains(&c))
}

/// Longest first.
const SUFFIXES: &[&str] = &[
    "গুলো",
    "গুলি",
    "দের",
    "েরা",
    "ের",
    "কে",
    "তে",
    "টি",
    "টা",
    "রা",
    "ে",
];

/// The stem of a Bengali word (see the module documentation).
pub fn stem(word: &str) -> String {
    let w: Vec<char> = word.chars().collect();
    for s in SUFFIXES {
        let s: Vec<char> = s.chars().collect();
        if w.ends_with(&s) && w.len() >= s.len() + 2 {
            return w[..w.len() - s.len()].iter().collect();
        }
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fold;

    #[test]
    fn case_endings_come_off() {
        let s = |w: &str| stem(&fold(w));
        assert_eq!(s("মহিলাদের"), s("মহিলা"));
        assert_eq!(s("বাড়িতে"), s("বাড়ি"));
        assert_eq!(s("স্বামীকে"), s("স্বামী"));
        assert_eq!(s("ঘর"), "ঘর");
    }
}
