//! The crisis help lines as pages show them (`themes/default/crisis.html`): per language, a
//! block for each crisis category (written hidden into one file per language,
//! `assets/crisis-<lang>.json`, that a site's search fetches and reveals when a query
//! describes that crisis), and for each need that a crisis names, one
//! block of every line of those crises, shown on the need's pages without JavaScript.
//!
//! A line in a language it has a reviewed translation for shows the translation; an
//! unreviewed translation shows the English line beside it; numbers are digits everywhere.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::crisis::{How, Lexicon, Line, Lines};

/// One line as a page shows it.
#[derive(Clone, Debug, Serialize)]
pub(super) struct CrisisLine {
    name: String,
    /// The number, in digits.
    contact: String,
    /// `tel:` or `sms:` with the digits.
    href: String,
    /// "call" or "text".
    how: &'static str,
    text: String,
    /// The English name and text, beside an unreviewed translation.
    en_name: Option<String>,
    en_text: Option<String>,
    /// The language of `name` and `text` when it is not the page's (English on a page with
    /// no translation of the line).
    lang: Option<&'static str>,
}

/// The lines for one category (or one need).
#[derive(Clone, Debug, Serialize)]
pub(super) struct CrisisBlock {
    category: String,
    lines: Vec<CrisisLine>,
}

/// The crisis help of one language.
#[derive(Clone, Debug, Default)]
pub(super) struct Crisis {
    /// One block per category, in the lexicon's order.
    pub(super) blocks: Vec<CrisisBlock>,
    /// Need id → the block of every line of the crises that name it.
    pub(super) by_need: BTreeMap<String, CrisisBlock>,
}

fn line_in(line: &Line, lang: &str) -> CrisisLine {
    let digits: String = line.contact.chars().filter(char::is_ascii_digit).collect();
    let (how, scheme) = match line.how {
        How::Call => ("call", "tel"),
        How::Text => ("text", "sms"),
    };
    let translated = (lang != "en")
        .then(|| line.translations.get(lang))
        .flatten();
    let (name, text, en_name, en_text, other) = match translated {
        Some(t) if t.reviewed => (
            t.name.clone().unwrap_or_else(|| line.name.clone()),
            t.text.clone(),
            None,
            None,
            None,
        ),
        Some(t) => (
            t.name.clone().unwrap_or_else(|| line.name.clone()),
            t.text.clone(),
            Some(line.name.clone()),
            Some(line.text.clone()),
            None,
        ),
        None => (
            line.name.clone(),
            line.text.clone(),
            None,
            None,
            (lang != "en").then_some("en"),
        ),
    };
    CrisisLine {
        name,
        contact: line.contact.clone(),
        href: format!("{scheme}:{digits}"),
        how,
        text,
        en_name,
        en_text,
        lang: other,
    }
}

impl Crisis {
    /// The crisis help of language `lang` from a directory's `lines`.
    pub(super) fn of(lines: &Lines, lang: &str) -> Crisis {
        let lexicon = Lexicon::builtin();
        let block = |category: &str, categories: &[String]| CrisisBlock {
            category: category.to_string(),
            lines: lines
                .for_categories(categories)
                .into_iter()
                .map(|l| line_in(l, lang))
                .collect(),
        };
        let blocks = lexicon
            .categories
            .iter()
            .map(|c| block(c, std::slice::from_ref(c)))
            .collect();
        let mut needs: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for c in &lexicon.categories {
            for concept in lexicon.concepts.get(c).into_iter().flatten() {
                if let Some(need) = concept.strip_prefix("n:") {
                    needs.entry(need.to_string()).or_default().push(c.clone());
                }
            }
        }
        let by_need = needs
            .into_iter()
            .map(|(need, categories)| {
                let b = block(&need, &categories);
                (need, b)
            })
            .collect();
        Crisis { blocks, by_need }
    }
}
