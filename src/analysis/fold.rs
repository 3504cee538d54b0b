//! Step 1 of the analysis: lower-casing and folding each character by the tables below, which
//! `themes/default/search.js` mirrors as `FOLD` and `STRIP`.

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
