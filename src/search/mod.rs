//! Search: one analysis of text ([`analysis`]) behind two engines — a tiny static index per
//! site that a vanilla JavaScript client searches in the browser ([`static_index`],
//! `themes/default/search.js`), and tantivy wherever a process runs (the CLI and the API,
//! [`engine`]) — plus near-duplicate detection for `check` ([`dupes`]).
//!
//! Both engines rank the same way (the labelled queries in `tests/search/queries.yaml` check
//! both, and agree):
//!
//! ```text
//! score    = text × coverage × walk_factor
//! text     = Σ over query words of the best matching term's weight
//!              × (1 exact, PREFIX_FACTOR 0.6 prefix, TYPO_FACTOR 0.5 one typo)
//!          + Σ over the concepts the query names of the concept's weight
//!              × CONCEPT_BOOST 1.5 (× TYPO_FACTOR when only a typo named it)
//! weight   = idf × Σ over fields of boost × BM25 tf part   (k1 1.2, b 0.75; per field)
//! coverage = share of query words the listing matched, or that are part of the phrase
//!            of a concept it has (so "bengali women" prefers listings with both)
//! walk_factor = HALF_WALK / (HALF_WALK + walking minutes)   (HALF_WALK 45: 0.9 at 5
//!               minutes, 0.69 at 20, 0.43 at 60); EVERYWHERE_FACTOR 0.5 for online, phone
//!               and area-wide services; 1 when there is no place to measure from
//! ```
//!
//! Field boosts: name 3, summary 2, labels of needs, activities and audiences 2, organisation
//! and venues 1, description 1, translated names and summaries 2. Concepts are `n:` needs, `a:` activities, `au:` audiences,
//! `l:` languages, `d:` days, `t:` times of day, `f:free`, `x:step-free`, `j:self`
//! ([`analysis::listing_concepts`]). The static index precomputes weight × walk factor at
//! build; tantivy computes BM25 itself (each term's weight in each document, read once when
//! the engine opens: [`impacts`]) and [`Engine::rank`] applies the walk factor and coverage
//! at query time, to every match, in the same pass.
//! This module does not render pages; `signpost build` writes each site's static index through
//! [`static_index::build`] (see `render`), with the facets the site's filters match on.

pub mod dupes;
pub mod engine;
pub mod impacts;
pub mod static_index;

pub use engine::Engine;

use crate::analysis;
use crate::model::Listing;
use crate::vocab::Vocabularies;

/// How `signpost search` prints its results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultFormat {
    /// Lines for people.
    Human,
    /// JSON.
    Json,
}

/// Walking minutes at which the walk factor halves. 45 rather than the practice radius of 20:
/// on the borough-wide site walks run to two hours, and a halving at 20 minutes let a weak
/// match nearby beat the only relevant group further out (recall@3 86.6% → 90.2% on the
/// labelled queries).
pub const HALF_WALK: f64 = 45.0;
/// The walk factor of services people do not travel to (online, phone, area-wide).
pub const EVERYWHERE_FACTOR: f64 = 0.5;
/// How much a concept named by the query counts against a word.
pub const CONCEPT_BOOST: f64 = 1.5;
/// Match weights: a word that is a prefix of a term, and one typo away from it (defined with
/// the analysis, which weighs concepts named through a typo the same way).
pub use crate::analysis::{PREFIX_FACTOR, TYPO_FACTOR};

/// BM25 parameters.
pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;

/// The languages `listings` are held in, each once, sorted: the language names the synonyms
/// know ([`analysis::Synonyms::build`]).
pub fn languages_of<'a>(listings: impl IntoIterator<Item = &'a Listing>) -> Vec<&'a str> {
    let mut languages: Vec<&str> = listings
        .into_iter()
        .flat_map(|l| l.languages.iter().map(String::as_str))
        .collect();
    languages.sort();
    languages.dedup();
    languages
}

/// The walking-time factor of the ranking formula: `None` for services available everywhere.
pub fn walk_factor(walk_minutes: Option<u32>) -> f64 {
    match walk_minutes {
        Some(m) => HALF_WALK / (HALF_WALK + f64::from(m)),
        None => EVERYWHERE_FACTOR,
    }
}

/// Field boosts: how many times a word counts in each field.
pub const NAME_BOOST: u32 = 3;
pub const SUMMARY_BOOST: u32 = 2;
pub const LABELS_BOOST: u32 = 2;
pub const OTHER_BOOST: u32 = 1;
/// The boost of each field of [`Fields`], in its order: name, summary, labels, place,
/// description, translations (both engines read this).
pub const FIELD_BOOSTS: [u32; 6] = [
    NAME_BOOST,
    SUMMARY_BOOST,
    LABELS_BOOST,
    OTHER_BOOST,
    OTHER_BOOST,
    SUMMARY_BOOST,
];

/// The searchable text of a listing, by field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fields {
    pub name: String,
    pub summary: String,
    /// Labels of its needs, activities and audiences.
    pub labels: String,
    /// Organisation, venue names and addresses.
    pub place: String,
    /// The description as plain text.
    pub description: String,
    /// The names and summaries of its translations, so people can search in their language.
    pub translations: String,
}

impl Fields {
    pub fn of(listing: &Listing, vocab: &Vocabularies) -> Fields {
        let mut labels = Vec::new();
        for n in &listing.needs {
            if let Some(t) = vocab.needs.get(n) {
                labels.push(t.label.clone());
            }
        }
        for a in &listing.activities {
            if let Some(t) = vocab.activities.get(a) {
                labels.push(t.label.clone());
            }
        }
        for a in &listing.audiences {
            if let Some(l) = crate::vocab::label(crate::vocab::AUDIENCES, a) {
                labels.push(l.to_string());
            }
        }
        let mut place: Vec<String> = listing.organisation.iter().cloned().collect();
        for v in &listing.venues {
            place.push(v.name.clone());
            place.extend(v.address.iter().cloned());
        }
        Fields {
            name: listing.name.clone(),
            summary: listing.summary.clone(),
            labels: labels.join(". "),
            place: place.join(". "),
            description: listing
                .description
                .as_deref()
                .map(markdown_text)
                .unwrap_or_default(),
            translations: listing
                .translations
                .values()
                .flat_map(|t| [t.name.as_deref(), t.summary.as_deref()])
                .flatten()
                .collect::<Vec<_>>()
                .join(". "),
        }
    }

    /// The terms of every field, in the order of [`FIELD_BOOSTS`].
    pub fn terms(&self) -> [Vec<String>; 6] {
        [
            &self.name,
            &self.summary,
            &self.labels,
            &self.place,
            &self.description,
            &self.translations,
        ]
        .map(|text| analysis::terms(text))
    }
}

/// The text of some Markdown, without markup or link targets.
pub fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for e in Parser::new(md) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Inverse document frequency, BM25's: ln(1 + (N − n + 0.5) / (n + 0.5)).
pub fn idf(docs: usize, with_term: usize) -> f64 {
    let (n, df) = (docs as f64, with_term as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// BM25's term-frequency part for a (boosted) count in a document of (boosted) length `len`.
pub fn bm25_tf(tf: f64, len: f64, avg_len: f64) -> f64 {
    tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg_len.max(1.0)))
}
