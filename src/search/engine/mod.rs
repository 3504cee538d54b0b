//! The tantivy engine: the search behind `signpost search` and the Open Referral API.
//!
//! The index lives in the cache folder (`<cache>/search/`, see `signpost.toml`) with a manifest
//! of a content hash per published listing. Opening the engine brings the index up to date by
//! deleting and re-adding only the listings whose hash changed (and dropping the ones that are
//! gone); a change of analysis or vocabulary ([`FORMAT`] and the vocabulary hash) rebuilds it.
//! Text goes through [`SignpostTokenizer`], which is [`analysis::terms`]; queries go through
//! [`analysis::query`], and the ranking is the one documented in [`super`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use tantivy::{Index, ReloadPolicy, Searcher, TantivyDocument, Term, doc};

use super::impacts::{Allowed, Impacts};
use crate::analysis::crisis::{Lexicon, Line, Lines};
use crate::analysis::{Lang, Synonyms};
use crate::directory::Directory;
use crate::facets::Facets;
use crate::model::Listing;
use crate::place::LatLon;
use crate::select;

mod rank;
mod store;

use store::{Schema_, TOKENIZER, Vocab, doc_ordinals, document, read_vocab, schema, text_fields};
pub use store::{SignpostTokenizer, Tokens};

/// Changes whenever the analysis or the schema changes, so old indexes are rebuilt.
pub const FORMAT: &str = "signpost-search-6";
const MANIFEST: &str = "manifest.json";
/// Analysis reads at most this much of a query.
const MAX_QUERY_BYTES: usize = 400;

/// A search result.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Hit {
    pub id: String,
    pub name: String,
    pub score: f32,
    /// From the place searched near, to the nearest venue; `None` with no place or no venue.
    pub walk_minutes: Option<u32>,
}

/// A search as `signpost search` and the API ask it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Request<'a> {
    pub query: &'a str,
    /// The place to measure walks from (a site's postcode, `--near`).
    pub near: Option<LatLon>,
    /// Only these listings (a site's, `--site`).
    pub only: Option<&'a HashSet<String>>,
    /// The language the query is typed in (ISO 639-1), if known.
    pub lang: Option<&'a str>,
    pub limit: usize,
}

/// A crisis line to show before the results, and the crisis it is shown for.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Help {
    pub category: String,
    #[serde(flatten)]
    pub line: Line,
}

/// What a search found: the crisis help first, then the listings.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Found {
    pub help: Vec<Help>,
    pub results: Vec<Hit>,
    /// How many listings answer in all.
    pub total: usize,
}

/// The crisis help for a query: the lines of the categories it describes, in order.
pub fn crisis_help(lines: &Lines, query: &str, lang: Option<&str>) -> Vec<Help> {
    let categories = Lexicon::builtin().detect(&bounded(query), Lang::of(lang));
    let mut out = Vec::new();
    for line in lines.for_categories(&categories) {
        let category = categories
            .iter()
            .find(|c| line.categories.contains(c))
            .cloned()
            .unwrap_or_default();
        out.push(Help {
            category,
            line: line.clone(),
        });
    }
    out
}

/// A listing ranked by [`Engine::rank`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranked {
    /// Its ordinal in [`Engine::ids`].
    pub listing: u32,
    pub score: f32,
    /// From the place searched near, to the nearest venue; `None` with no place or no venue.
    pub walk_minutes: Option<u32>,
    /// Its number across the index's segments ([`Impacts::address`]).
    doc: u32,
}

/// The best matches of a query, and how many listings it matches in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matches {
    /// Best first.
    pub top: Vec<Ranked>,
    pub total: usize,
}

/// How the index was brought up to date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sync {
    pub added: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// The tantivy index of a directory, open and up to date.
pub struct Engine {
    /// One searcher for the life of the engine: the index does not change while it is open.
    searcher: Searcher,
    synonyms: Synonyms,
    /// Every term of the text fields: for prefix and typo expansion.
    vocab: Vocab,
    /// Every term's weight in every document, by the vocabulary's order and for concepts.
    impacts: Impacts,
    /// Listing ids by ordinal, and back.
    ids: Vec<String>,
    ordinals: HashMap<String, u32>,
    /// By document number across segments ([`Impacts::address`]): the ordinal of its listing.
    listing_of: Vec<u32>,
    /// The documents of listings (deleted ones have no postings in `impacts`).
    live: Allowed,
    /// By listing ordinal: its name, filter facets and venues' coordinates.
    listings: Vec<Facts>,
    /// The directory's crisis lines.
    lines: Lines,
    /// What the last open changed.
    pub sync: Sync,
}

/// What the engine keeps of a listing beside the index.
#[derive(Clone, Debug, Default)]
struct Facts {
    name: String,
    facets: Facets,
    venues: Vec<LatLon>,
}

/// A content hash of what the index holds of a listing (FNV-1a 64 of its debug form).
fn listing_hash(listing: &Listing, vocab_hash: &str) -> String {
    listing_hash_text(&format!("{FORMAT}{vocab_hash}{listing:?}"))
}

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct Manifest {
    format: String,
    vocab: String,
    listings: BTreeMap<String, String>,
}

impl Engine {
    /// Opens the index in the directory's cache folder, creating it or bringing it up to date
    /// with the directory's published listings.
    pub fn open(directory: &Directory) -> Result<Engine, String> {
        let dir = directory.root.join(&directory.config.cache).join("search");
        Engine::open_in(directory, &dir)
    }

    /// As [`Engine::open`], with the index in `dir`.
    pub fn open_in(directory: &Directory, dir: &Path) -> Result<Engine, String> {
        let synonyms = super::synonyms_of_directory(directory).map_err(|e| e.to_string())?;
        let err = |e: tantivy::TantivyError| format!("search index {}: {e}", dir.display());
        let vocab_hash = listing_hash_text(&format!("{:?}", directory.vocab));
        let manifest_path = dir.join(MANIFEST);
        let old: Manifest = std::fs::read_to_string(&manifest_path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .filter(|m: &Manifest| m.format == FORMAT && m.vocab == vocab_hash)
            .unwrap_or_default();
        let (schema, fields) = schema();
        let fresh = old.format.is_empty() || Index::open_in_dir(dir).is_err();
        if fresh {
            let _ = std::fs::remove_dir_all(dir);
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let index = if fresh {
            Index::create_in_dir(dir, schema).map_err(err)?
        } else {
            Index::open_in_dir(dir).map_err(err)?
        };
        index.tokenizers().register(TOKENIZER, SignpostTokenizer);
        let old_listings = if fresh { BTreeMap::new() } else { old.listings };

        let published: Vec<&Listing> = directory.published().collect();
        let mut now = BTreeMap::new();
        let mut changed = Vec::new();
        for l in &published {
            let h = listing_hash(l, &vocab_hash);
            if old_listings.get(&l.id) != Some(&h) {
                changed.push(*l);
            }
            now.insert(l.id.clone(), h);
        }
        let removed: Vec<&String> = old_listings
            .keys()
            .filter(|id| !now.contains_key(*id))
            .collect();
        let sync = Sync {
            added: changed.len(),
            removed: removed.len(),
            unchanged: published.len() - changed.len(),
        };
        if !changed.is_empty() || !removed.is_empty() {
            let mut writer = index
                .writer_with_num_threads::<TantivyDocument>(1, 64_000_000)
                .map_err(err)?;
            let stale = removed.iter().map(|id| id.to_string());
            for id in stale.chain(changed.iter().map(|l| l.id.clone())) {
                writer.delete_term(Term::from_field_text(fields.id, &id));
            }
            for l in &changed {
                writer
                    .add_document(document(l, directory, &synonyms, &fields))
                    .map_err(err)?;
            }
            writer.commit().map_err(err)?;
            writer.wait_merging_threads().map_err(err)?;
            let manifest = Manifest {
                format: FORMAT.into(),
                vocab: vocab_hash,
                listings: now,
            };
            std::fs::write(
                &manifest_path,
                serde_json::to_string(&manifest).map_err(|e| e.to_string())?,
            )
            .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
        }
        Engine::read(&index, directory, &published, fields, sync, synonyms)
    }

    /// The index of the directory's published listings built afresh in memory, nothing
    /// written to disk: for when the cache folder cannot hold one (read only, or its index
    /// locked by another process), so a search still finds what [`Engine::open`] would.
    pub fn in_memory(directory: &Directory) -> Result<Engine, String> {
        let synonyms = super::synonyms_of_directory(directory).map_err(|e| e.to_string())?;
        let err = |e: tantivy::TantivyError| format!("search index in memory: {e}");
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(TOKENIZER, SignpostTokenizer);
        let published: Vec<&Listing> = directory.published().collect();
        let mut writer = index
            .writer_with_num_threads::<TantivyDocument>(1, 64_000_000)
            .map_err(err)?;
        for l in &published {
            writer
                .add_document(document(l, directory, &synonyms, &fields))
                .map_err(err)?;
        }
        writer.commit().map_err(err)?;
        writer.wait_merging_threads().map_err(err)?;
        let sync = Sync {
            added: published.len(),
            ..Sync::default()
        };
        Engine::read(&index, directory, &published, fields, sync, synonyms)
    }

    /// The engine over an index that is up to date: one searcher, the vocabulary, every
    /// term's impacts and the listing of each document, read once; the synonyms and crisis
    /// lines of the directory.
    fn read(
        index: &Index,
        directory: &Directory,
        published: &[&Listing],
        fields: Schema_,
        sync: Sync,
        synonyms: Synonyms,
    ) -> Result<Engine, String> {
        let lines = super::crisis_lines(directory).map_err(|e| e.to_string())?;
        let err = |e: tantivy::TantivyError| format!("search index: {e}");
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(err)?;
        let searcher = reader.searcher();
        let vocab = read_vocab(&searcher, &fields).map_err(err)?;
        let terms: Vec<(&str, u8)> = vocab.terms.iter().map(|t| (&*t.text, t.fields)).collect();
        let impacts = Impacts::read(&searcher, &terms, &text_fields(&fields), fields.concepts)
            .map_err(err)?;
        let (mut ids, mut ordinals) = (Vec::new(), HashMap::new());
        let doc_ordinals =
            doc_ordinals(&searcher, fields.id, &mut ids, &mut ordinals).map_err(err)?;
        let listing_of: Vec<u32> = (0..impacts.len())
            .map(|doc| {
                let at = impacts.address(doc);
                doc_ordinals[at.segment_ord as usize][at.doc_id as usize]
            })
            .collect();
        let by_id: HashMap<&str, &Listing> =
            published.iter().map(|l| (l.id.as_str(), *l)).collect();
        let listings = ids
            .iter()
            .map(|id| match by_id.get(id.as_str()) {
                Some(l) => Facts {
                    name: l.name.clone(),
                    facets: Facets::of(l),
                    venues: l.venues.iter().filter_map(|v| v.at).collect(),
                },
                None => Facts::default(),
            })
            .collect();
        Ok(Engine {
            live: Allowed::from_fn(impacts.len(), |doc| listing_of[doc as usize] != u32::MAX),
            listing_of,
            impacts,
            vocab,
            searcher,
            ids,
            ordinals,
            synonyms,
            listings,
            lines,
            sync,
        })
    }

    /// The `limit` best matches for `query` by relevance alone: (listing id, score).
    pub fn search(&self, query: &str, limit: usize) -> Vec<(String, f32)> {
        self.rank(query, None, None, None, limit)
            .top
            .into_iter()
            .map(|r| (self.ids[r.listing as usize].clone(), r.score))
            .collect()
    }

    /// The `limit` best matches, ranked with the walking distance from `near` (when given),
    /// among the listings in `only` (when given), with their names.
    pub fn search_near(
        &self,
        query: &str,
        near: Option<LatLon>,
        only: Option<&HashSet<String>>,
        limit: usize,
    ) -> Vec<Hit> {
        self.find(&Request {
            query,
            near,
            only,
            lang: None,
            limit,
        })
        .results
    }

    /// A search: the crisis help for the query, then the best matches.
    pub fn find(&self, request: &Request) -> Found {
        let only = request.only.map(|ids| {
            let mut allowed = vec![false; self.ids.len()];
            for id in ids {
                if let Some(&i) = self.ordinals.get(id) {
                    allowed[i as usize] = true;
                }
            }
            self.allowed(&allowed)
        });
        let matches = self.rank(
            request.query,
            request.near,
            request.lang,
            only.as_ref(),
            request.limit,
        );
        Found {
            help: self.help(request.query, request.lang),
            results: matches
                .top
                .into_iter()
                .map(|r| Hit {
                    id: self.ids[r.listing as usize].clone(),
                    name: self.listings[r.listing as usize].name.clone(),
                    score: r.score,
                    walk_minutes: r.walk_minutes,
                })
                .collect(),
            total: matches.total,
        }
    }

    /// The crisis help for a query in `lang` (see [`crisis_help`]).
    pub fn help(&self, query: &str, lang: Option<&str>) -> Vec<Help> {
        crisis_help(&self.lines, query, lang)
    }

    /// The documents of the listings whose ordinal `only` allows, for [`Engine::rank`].
    pub fn allowed(&self, only: &[bool]) -> Allowed {
        Allowed::from_fn(self.impacts.len(), |doc| {
            let listing = self.listing_of[doc as usize];
            listing != u32::MAX && only.get(listing as usize).copied().unwrap_or(false)
        })
    }

    /// The listing ids the index holds, by ordinal (the `listing` of a [`Ranked`]).
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Number of listings in the index.
    pub fn len(&self) -> u64 {
        self.searcher.num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The part of a query the engine reads: 400 bytes at most (`MAX_QUERY_BYTES`), whole
/// words, so a huge query costs no more than a long one.
pub fn bounded(query: &str) -> std::borrow::Cow<'_, str> {
    if query.len() <= MAX_QUERY_BYTES {
        return query.into();
    }
    let mut end = MAX_QUERY_BYTES;
    while !query.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &query[..end];
    match cut.rfind(char::is_whitespace) {
        Some(space) => cut[..space].into(),
        None => cut.into(),
    }
}

fn listing_hash_text(text: &str) -> String {
    format!("{:016x}", crate::hash::fnv1a(text.as_bytes()))
}

/// The listings a site shows, by id (for `--site`).
pub fn site_ids(directory: &Directory, site: &crate::sites::Site) -> HashSet<String> {
    select::for_site(site, directory.published(), &directory.wards)
        .listings()
        .map(|l| l.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_query_is_cut_at_a_word_within_the_limit() {
        assert_eq!(bounded("knit and natter"), "knit and natter");
        let long = "knitting ".repeat(100);
        let cut = bounded(&long);
        assert!(cut.len() <= MAX_QUERY_BYTES && cut.len() > MAX_QUERY_BYTES - 10);
        assert!(cut.ends_with("knitting"));
        let accents = "é".repeat(1000);
        assert!(bounded(&accents).len() <= MAX_QUERY_BYTES);
    }
}
