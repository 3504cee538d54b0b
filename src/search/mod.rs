//! Search: one analysis of text ([`analysis`]) behind two engines — a tiny static index per
//! site that a vanilla JavaScript client searches in the browser ([`static_index`],
//! `themes/default/search.js`), and tantivy wherever a process runs (the CLI and the API,
//! [`engine`]) — plus near-duplicate detection for `check` ([`dupes`]).
//!
//! Both engines read the same vocabulary ([`synonyms`]: the vocabularies, the search words of
//! every language, the theme's translated labels) and rank the same way; the labelled queries
//! in `tests/search/queries.yaml` measure both and compare their top three.
//!
//! ## Safety first
//! A query that describes a crisis in any of the languages (the patterns of
//! `schema/search/crisis-words.yaml`, [`analysis::crisis`]) gets the crisis lines for it first
//! (`schema/search/crisis.yaml`, and a directory's `[[crisis_lines]]`): `signpost search`
//! prints them before the results, `--format json` gives them as `help`, the API as the
//! extension field `signpost_crisis_help`, the static search above its results; the need pages
//! of those needs show them without JavaScript.
//!
//! ## The ranking rule
//! A query's words and concepts are read into a [`Plan`]:
//!
//! - **Filters**: a concept that names a filter of the site's form ("free", a day, "weekend",
//!   a time of day, an age such as "over 60", "kids" or "teenagers", "women", "men", a language;
//!   [`crate::facets::Condition`]) only filters: listings that fail it are left out, exactly as
//!   the site's filter does, and the words of its phrase neither score nor need matching.
//! - **Topics**: every other concept the query names (a need, an activity, an audience).
//! - **Words**: the rest. A word the index or the synonyms know matches only exactly; an
//!   unknown word of four letters or more also as the prefix of a term (× [`PREFIX_FACTOR`]),
//!   and of five or more within one typo (× [`TYPO_FACTOR`]); in the browser, the word being
//!   typed matches as a prefix too. Filler words ("help", "near", "want") score but are never
//!   required.
//!
//! A listing answers when it passes the filters and either **holds a topic** the query names
//! without a typo (one that covers a word it must match), or **covers the required words**
//! (all of one or two, two thirds of more), a word being covered when the listing matches it
//! or holds a topic whose phrase holds it. A required word that neither the index nor the
//! synonyms know must be covered (in English; one may be left in another language, whose
//! search words are fewer): so an out-of-scope query ("car insurance", "iphone screen repair")
//! finds nothing rather than a listing that mentions "car park" or "repairs". A query of
//! filters alone lists the listings that pass them. Then
//!
//! ```text
//! score     = relevance × coverage × distance
//! relevance = Σ over topic groups (the concepts one phrase names) the listing holds:
//!               the best of CONCEPT_WEIGHT 20 × centrality (× TYPO_FACTOR when only a typo named it)
//!           + Σ over filters it holds: FILTER_WEIGHT 1 × centrality
//!           + Σ over scoring words: the best matching term's weight × (1, PREFIX_FACTOR or TYPO_FACTOR)
//! centrality = 1, 0.9, 0.8, 0.7 for a listing's first, second, third, later need, activity,
//!              audience or language (the order its maintainers gave), + 0.05 when its name
//!              or summary names the concept in words; 1 for days, times, facets
//! weight    = idf × Σ over fields of boost × BM25 tf part   (k1 1.2, b 0.75; per field)
//! coverage  = share of required words covered
//! distance  = 1 − DISTANCE_WEIGHT 0.1 × m / (m + HALF_WALK 45)   for m walking minutes
//!             (1 with no place to measure from; as at 45 minutes for online, phone and
//!             area-wide services)
//! ```
//!
//! A topic outweighs any word match (a BM25 weight rarely passes 15), so listings for the
//! concept the query names come before listings that merely share one of its words ("husband
//! died" finds bereavement groups before a group whose description says "husband"), and a
//! listing whose main need it is before one that lists it fourth. Distance is a
//! **tie-breaker**: it moves a score by at most 10%, so it orders results of similar relevance
//! (nearest first) but never lets a weak match next door beat a strong one across the
//! borough.
//!
//! Field boosts: name 3, summary 2, (labels: matched as concepts, not words), organisation
//! and venues 1, description 1, translated names and summaries 2. Concepts are `n:` needs,
//! `a:` activities, `au:` audiences, `l:` languages, `d:` days, `t:` times of day, `f:free`,
//! `x:step-free`, `j:self` ([`analysis::listing_concepts`]), `age:N` from the query only. The
//! static index precomputes weight × distance at build; tantivy computes BM25 itself (each
//! term's weight in each document, read once when the engine opens: [`impacts`]) and
//! [`Engine::rank`] applies the plan at query time, to every match, in the same pass.
//! This module does not render pages; `signpost build` writes each site's static index through
//! [`static_index::build`] (see `render`), with the facets the site's filters match on.

pub mod dupes;
pub mod engine;
pub mod impacts;
mod plan;
pub mod static_index;
mod vocabulary;
pub mod words;

pub use engine::{Engine, Found, Help, Request};
pub use plan::{MAX_FILTERS, MAX_GROUPS, MAX_WORDS, Plan};
pub use vocabulary::{Error, crisis_lines, synonyms, synonyms_of_directory};

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

/// Walking minutes at which a listing is half as far as distance can count.
pub const HALF_WALK: f64 = 45.0;
/// How much distance can lower a score: at most this share.
pub const DISTANCE_WEIGHT: f64 = 0.1;
/// How far services people do not travel to (online, phone, area-wide) count: as at
/// [`HALF_WALK`] minutes.
pub const EVERYWHERE_NEARNESS: f64 = 0.5;
/// What a topic the query names counts for, against words' BM25 weights (× the topic's
/// centrality to the listing, [`analysis::centrality`]).
pub const CONCEPT_WEIGHT: f64 = 20.0;
/// What a filter the query names counts for among the listings that pass it (× its
/// centrality: a group whose first language is Somali before one that also speaks it).
pub const FILTER_WEIGHT: f64 = 1.0;

/// The weight of a concept in a listing where it has rank `rank`
/// ([`analysis::concept_ranks`]), before distance: topics [`CONCEPT_WEIGHT`], filters
/// [`FILTER_WEIGHT`], times [`analysis::centrality`].
pub fn concept_weight(concept: &str, rank: u32, mentioned: bool) -> f64 {
    let base = if crate::facets::Condition::of(concept).is_some() {
        FILTER_WEIGHT
    } else {
        CONCEPT_WEIGHT
    };
    base * analysis::centrality(rank, mentioned)
}
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

/// The distance factor of the ranking rule for a walk of `walk_minutes`: `None` for services
/// available everywhere.
pub fn distance_factor(walk_minutes: Option<u32>) -> f64 {
    let nearness = match walk_minutes {
        Some(m) => f64::from(m) / (HALF_WALK + f64::from(m)),
        None => EVERYWHERE_NEARNESS,
    };
    1.0 - DISTANCE_WEIGHT * nearness
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
    /// Empty: the labels of its needs, activities and audiences are matched as concepts
    /// (kept as a field so the boosts and the tantivy schema keep their places).
    pub labels: String,
    /// Organisation, venue names and addresses.
    pub place: String,
    /// The description as plain text.
    pub description: String,
    /// The names and summaries of its translations, so people can search in their language.
    pub translations: String,
}

impl Fields {
    pub fn of(listing: &Listing, _vocab: &Vocabularies) -> Fields {
        let mut place: Vec<String> = listing.organisation.iter().cloned().collect();
        for v in &listing.venues {
            place.push(v.name.clone());
            place.extend(v.address.iter().cloned());
        }
        Fields {
            name: listing.name.clone(),
            summary: listing.summary.clone(),
            // The labels of its needs, activities and audiences are concepts, which the query's
            // phrases name (the labels are synonyms): as words they would only count twice.
            labels: String::new(),
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
