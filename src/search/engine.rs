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

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{DocSet, TERMINATED};
use tantivy::{Index, ReloadPolicy, Searcher, TantivyDocument, Term, doc};

use super::impacts::{Allowed, Impacts};
use super::{Fields, walk_factor};
use crate::analysis::{self, Synonyms};
use crate::directory::Directory;
use crate::model::Listing;
use crate::place::LatLon;
use crate::select;

/// Changes whenever the analysis or the schema changes, so old indexes are rebuilt.
pub const FORMAT: &str = "signpost-search-3";
const TOKENIZER: &str = "signpost";
const MANIFEST: &str = "manifest.json";
/// At most this many query words (and concepts) count; the rest of a longer query is left out.
/// With one bit each, they fill the 32-bit mask of [`Impacts::accumulate`].
const MAX_WORDS: usize = 16;
/// Analysis reads at most this much of a query.
const MAX_QUERY_BYTES: usize = 400;
/// At most this many index terms a query word expands to by prefix.
const MAX_EXPANSIONS: usize = 64;

/// The analysis as a tantivy tokenizer: the terms of [`analysis::terms`], one position each.
#[derive(Clone, Default)]
pub struct SignpostTokenizer;

/// The tokens of one text, computed up front.
pub struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for SignpostTokenizer {
    type TokenStream<'a> = Tokens;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let tokens = analysis::terms(text)
            .into_iter()
            .enumerate()
            .map(|(position, text)| Token {
                offset_from: 0,
                offset_to: 0,
                position,
                text,
                position_length: 1,
            })
            .collect();
        Tokens { tokens, next: 0 }
    }
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The fields of the index.
#[derive(Clone, Copy)]
struct Schema_ {
    id: Field,
    name: Field,
    summary: Field,
    labels: Field,
    place: Field,
    description: Field,
    translations: Field,
    concepts: Field,
    lat: Field,
    lon: Field,
    everywhere: Field,
}

fn schema() -> (Schema, Schema_) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let f = Schema_ {
        id: b.add_text_field("id", STRING | STORED),
        name: b.add_text_field("name", text.clone() | STORED),
        summary: b.add_text_field("summary", text.clone()),
        labels: b.add_text_field("labels", text.clone()),
        place: b.add_text_field("place", text.clone()),
        description: b.add_text_field("description", text.clone()),
        translations: b.add_text_field("translations", text),
        concepts: b.add_text_field("concepts", STRING),
        lat: b.add_f64_field("lat", FAST),
        lon: b.add_f64_field("lon", FAST),
        everywhere: b.add_u64_field("everywhere", FAST),
    };
    (b.build(), f)
}

/// A search result.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Hit {
    pub id: String,
    pub name: String,
    pub score: f32,
    /// From the place searched near, to the nearest venue; `None` with no place or no venue.
    pub walk_minutes: Option<u32>,
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
    fields: Schema_,
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
    /// What the last open changed.
    pub sync: Sync,
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
                    .add_document(document(l, directory, &fields))
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
        Engine::read(&index, directory, &published, fields, sync).map_err(err)
    }

    /// The index of the directory's published listings built afresh in memory, nothing
    /// written to disk: for when the cache folder cannot hold one (read only, or its index
    /// locked by another process), so a search still finds what [`Engine::open`] would.
    pub fn in_memory(directory: &Directory) -> Result<Engine, String> {
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
                .add_document(document(l, directory, &fields))
                .map_err(err)?;
        }
        writer.commit().map_err(err)?;
        writer.wait_merging_threads().map_err(err)?;
        let sync = Sync {
            added: published.len(),
            ..Sync::default()
        };
        Engine::read(&index, directory, &published, fields, sync).map_err(err)
    }

    /// The engine over an index that is up to date: one searcher, the vocabulary, every
    /// term's impacts and the listing of each document, read once.
    fn read(
        index: &Index,
        directory: &Directory,
        published: &[&Listing],
        fields: Schema_,
        sync: Sync,
    ) -> tantivy::Result<Engine> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let languages = super::languages_of(published.iter().copied());
        let searcher = reader.searcher();
        let vocab = read_vocab(&searcher, &fields)?;
        let terms: Vec<(&str, u8)> = vocab.terms.iter().map(|t| (&*t.text, t.fields)).collect();
        let impacts = Impacts::read(&searcher, &terms, &text_fields(&fields), fields.concepts)?;
        let (mut ids, mut ordinals) = (Vec::new(), HashMap::new());
        let doc_ordinals = doc_ordinals(&searcher, fields.id, &mut ids, &mut ordinals)?;
        let listing_of: Vec<u32> = (0..impacts.len())
            .map(|doc| {
                let at = impacts.address(doc);
                doc_ordinals[at.segment_ord as usize][at.doc_id as usize]
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
            fields,
            synonyms: Synonyms::build(&directory.vocab, languages),
            sync,
        })
    }

    /// The `limit` best matches for `query` by relevance alone: (listing id, score).
    pub fn search(&self, query: &str, limit: usize) -> Vec<(String, f32)> {
        self.rank(query, None, None, limit)
            .top
            .into_iter()
            .map(|r| (self.ids[r.listing as usize].clone(), r.score))
            .collect()
    }

    /// The `limit` best matches, ranked by relevance times the walking factor from `near`
    /// (when given), among the listings in `only` (when given), with their names.
    pub fn search_near(
        &self,
        query: &str,
        near: Option<LatLon>,
        only: Option<&HashSet<String>>,
        limit: usize,
    ) -> Vec<Hit> {
        let only = only.map(|ids| {
            let mut allowed = vec![false; self.ids.len()];
            for id in ids {
                if let Some(&i) = self.ordinals.get(id) {
                    allowed[i as usize] = true;
                }
            }
            self.allowed(&allowed)
        });
        self.rank(query, near, only.as_ref(), limit)
            .top
            .into_iter()
            .map(|r| {
                let name = self
                    .searcher
                    .doc::<TantivyDocument>(self.impacts.address(r.doc))
                    .ok()
                    .and_then(|d| d.get_first(self.fields.name)?.as_str().map(String::from))
                    .unwrap_or_default();
                Hit {
                    id: self.ids[r.listing as usize].clone(),
                    name,
                    score: r.score,
                    walk_minutes: r.walk_minutes,
                }
            })
            .collect()
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

    /// The ranking of [`super`] over every listing `query` matches: text × walk factor from
    /// `near` (when given) × coverage, among the listings `only` allows (when given; see
    /// [`Engine::allowed`]). Keeps the `limit` best (best first, ties in index order) and
    /// counts them all; no document is read from the store.
    ///
    /// The weights are those held in memory ([`Impacts`]): each query word and each concept
    /// is a clause of [`Impacts::top`], which scores only the blocks of documents that may
    /// hold one of the `limit` best.
    pub fn rank(
        &self,
        query: &str,
        near: Option<LatLon>,
        only: Option<&Allowed>,
        limit: usize,
    ) -> Matches {
        let mut q = analysis::query(&bounded(query), &self.synonyms);
        // Coverage is kept in a 32-bit mask per document: a longer query is cut short.
        q.words.truncate(MAX_WORDS);
        q.concepts.truncate(MAX_WORDS);
        let n_words = q.words.len();
        // The clauses of `Impacts::top`: words first, then concepts. A word that matches no
        // term has no terms but still counts in coverage.
        let clauses: Vec<Vec<(usize, f32)>> = q
            .words
            .iter()
            .map(|w| self.word_terms(w))
            .chain(q.concepts.iter().map(|c| {
                let boost = (super::CONCEPT_BOOST * c.factor) as f32;
                self.impacts
                    .concept(&c.concept)
                    .map(|term| (term, boost))
                    .into_iter()
                    .collect()
            }))
            .collect();
        let coverage = Coverage::of(&q);
        // Per segment, for the walk from `near`: venues' coordinates and "everywhere".
        let columns: Vec<_> = match near {
            None => Vec::new(),
            Some(_) => self
                .searcher
                .segment_readers()
                .iter()
                .map(|r| {
                    let ff = r.fast_fields();
                    (
                        ff.f64("lat").ok(),
                        ff.f64("lon").ok(),
                        ff.u64("everywhere").ok(),
                    )
                })
                .collect(),
        };
        let top = self.impacts.top(
            &clauses,
            only.unwrap_or(&self.live),
            limit,
            |number, text, matched| {
                let (walk, factor) = match near {
                    Some(from) => {
                        let at = self.impacts.address(number);
                        let (lat, lon, everywhere) = &columns[at.segment_ord as usize];
                        let doc = at.doc_id;
                        let walk = nearest_walk(from, lat.as_ref(), lon.as_ref(), doc);
                        let everywhere =
                            everywhere.as_ref().and_then(|c| c.first(doc)).unwrap_or(0) == 1;
                        let factor = match walk {
                            Some(m) if !everywhere || f64::from(m) <= super::HALF_WALK => {
                                walk_factor(Some(m))
                            }
                            _ => walk_factor(None),
                        };
                        (walk, factor)
                    }
                    None => (None, 1.0),
                };
                let matched = u64::from(matched);
                let score = text
                    * factor as f32
                    * coverage.share(matched & ((1 << n_words) - 1), matched >> n_words);
                (score, walk)
            },
        );
        Matches {
            top: top
                .best
                .into_iter()
                .map(|s| Ranked {
                    listing: self.listing_of[s.doc as usize],
                    score: s.score,
                    walk_minutes: s.with,
                    doc: s.doc,
                })
                .collect(),
            total: top.total,
        }
    }

    /// One query word: its exact, prefix and one-typo matches among the index's terms, as
    /// indexes into the vocabulary with their factors (1, [`super::PREFIX_FACTOR`],
    /// [`super::TYPO_FACTOR`]); the word's weight in a document is the best of theirs. Empty
    /// when no term of the index matches.
    fn word_terms(&self, w: &analysis::QueryWord) -> Vec<(usize, f32)> {
        let vocab = &self.vocab.terms;
        let mut candidates: Vec<(usize, f32)> = Vec::new();
        let start = vocab.partition_point(|t| &*t.text < w.term.as_str());
        let prefixes = w.term.chars().count() >= 2;
        for (i, t) in vocab[start..]
            .iter()
            .enumerate()
            .take_while(|(_, t)| t.text.starts_with(&w.term))
            .take(MAX_EXPANSIONS)
        {
            if *t.text == w.term {
                candidates.push((start + i, 1.0));
            } else if prefixes {
                candidates.push((start + i, super::PREFIX_FACTOR as f32));
            }
        }
        if w.typo {
            let len = w.term.chars().count();
            for n in len.saturating_sub(1)..=len + 1 {
                for &i in self.vocab.by_chars.get(n).into_iter().flatten() {
                    let t = &vocab[i as usize];
                    if may_be_one_edit(&t.text, &w.term)
                        && !candidates.iter().any(|&(c, _)| c == i as usize)
                        && analysis::within_one_edit(&t.text, &w.term)
                    {
                        candidates.push((i as usize, super::TYPO_FACTOR as f32));
                    }
                }
            }
        }
        candidates
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

/// A quick test that rules out most pairs before [`analysis::within_one_edit`] (which
/// allocates): words of 3+ characters one edit apart share their first or their last
/// character, as the edit cannot be at both ends. Typo matching starts at 5 letters.
fn may_be_one_edit(a: &str, b: &str) -> bool {
    a.chars().next() == b.chars().next()
        || a.chars().next_back() == b.chars().next_back()
        || a.chars().nth(2).is_none()
        || b.chars().nth(2).is_none()
}

/// Coverage ([`analysis::Query::coverage`]) on bit masks: bit `i` of the words mask is query
/// word `i`, bit `j` of the concepts mask is concept `j`.
struct Coverage {
    /// The words each concept covers, as a mask.
    covers: Vec<u64>,
    /// The share for each number of covered words.
    shares: Vec<f32>,
}

impl Coverage {
    fn of(q: &analysis::Query) -> Coverage {
        let n = q.words.len();
        Coverage {
            covers: q
                .concepts
                .iter()
                .map(|c| {
                    c.covers
                        .iter()
                        .filter(|&&w| w < MAX_WORDS)
                        .fold(0, |m, &w| m | 1 << w)
                })
                .collect(),
            shares: if n == 0 {
                vec![1.0]
            } else {
                (0..=n).map(|k| (k as f64 / n as f64) as f32).collect()
            },
        }
    }

    /// The share of the query's words covered by the matched words and concepts.
    fn share(&self, words: u64, concepts: u64) -> f32 {
        if self.shares.len() == 1 {
            return 1.0;
        }
        let mut covered = words;
        let mut rest = concepts;
        while rest != 0 {
            let c = rest.trailing_zeros() as usize;
            covered |= self.covers.get(c).copied().unwrap_or(0);
            rest &= rest - 1;
        }
        self.shares[covered.count_ones() as usize]
    }
}

/// The documents of each segment of `searcher`, by doc id: the ordinal of their listing id in
/// `ids` (added there when new), from the postings of the `id` field; `u32::MAX` for none.
fn doc_ordinals(
    searcher: &Searcher,
    id_field: Field,
    ids: &mut Vec<String>,
    ordinals: &mut HashMap<String, u32>,
) -> tantivy::Result<Vec<Vec<u32>>> {
    let mut out = Vec::new();
    for seg in searcher.segment_readers() {
        let mut of_doc = vec![u32::MAX; seg.max_doc() as usize];
        let inverted = seg.inverted_index(id_field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let Ok(id) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let ordinal = *ordinals.entry(id.to_string()).or_insert_with(|| {
                ids.push(id.to_string());
                (ids.len() - 1) as u32
            });
            let mut postings =
                inverted.read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)?;
            while postings.doc() != TERMINATED {
                if let Some(slot) = of_doc.get_mut(postings.doc() as usize) {
                    *slot = ordinal;
                }
                postings.advance();
            }
        }
        out.push(of_doc);
    }
    Ok(out)
}

/// The text fields with their boosts, in the order of [`Fields`] (and of
/// [`VocabTerm::fields`]' bits).
fn text_fields(f: &Schema_) -> [(Field, f32); 6] {
    let fields = [
        f.name,
        f.summary,
        f.labels,
        f.place,
        f.description,
        f.translations,
    ];
    std::array::from_fn(|i| (fields[i], super::FIELD_BOOSTS[i] as f32))
}

/// The terms of the text fields, for prefix and typo expansion.
#[derive(Default)]
struct Vocab {
    /// Sorted, distinct.
    terms: Vec<VocabTerm>,
    /// Indexes into `terms` by length in characters: a typo changes the length by one at most.
    by_chars: Vec<Vec<u32>>,
}

struct VocabTerm {
    text: Box<str>,
    /// The text fields it is in: bit `i` for the `i`-th of [`text_fields`].
    fields: u8,
}

/// The distinct terms of the text fields, with the fields each is in.
fn read_vocab(searcher: &Searcher, f: &Schema_) -> tantivy::Result<Vocab> {
    let mut terms: BTreeMap<String, u8> = BTreeMap::new();
    for seg in searcher.segment_readers() {
        for (i, (field, _)) in text_fields(f).into_iter().enumerate() {
            let inverted = seg.inverted_index(field)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                if let Ok(t) = std::str::from_utf8(stream.key()) {
                    *terms.entry(t.to_string()).or_default() |= 1 << i;
                }
            }
        }
    }
    let mut vocab = Vocab::default();
    for (i, (text, fields)) in terms.into_iter().enumerate() {
        let n = text.chars().count();
        if vocab.by_chars.len() <= n {
            vocab.by_chars.resize(n + 1, Vec::new());
        }
        vocab.by_chars[n].push(i as u32);
        vocab.terms.push(VocabTerm {
            text: text.into(),
            fields,
        });
    }
    Ok(vocab)
}

fn nearest_walk(
    from: LatLon,
    lat: Option<&tantivy::columnar::Column<f64>>,
    lon: Option<&tantivy::columnar::Column<f64>>,
    doc: tantivy::DocId,
) -> Option<u32> {
    let (lat, lon) = (lat?, lon?);
    lat.values_for_doc(doc)
        .zip(lon.values_for_doc(doc))
        .map(|(lat, lon)| select::walk_minutes(from, LatLon { lat, lon }))
        .min()
}

fn listing_hash_text(text: &str) -> String {
    format!("{:016x}", crate::hash::fnv1a(text.as_bytes()))
}

fn document(l: &Listing, directory: &Directory, f: &Schema_) -> TantivyDocument {
    let fields = Fields::of(l, &directory.vocab);
    let mut d = doc!(
        f.id => l.id.as_str(),
        f.name => fields.name,
        f.summary => fields.summary,
        f.labels => fields.labels,
        f.place => fields.place,
        f.description => fields.description,
        f.translations => fields.translations,
        f.everywhere => u64::from(select::is_everywhere(l)),
    );
    for c in analysis::listing_concepts(l) {
        d.add_text(f.concepts, c);
    }
    for v in &l.venues {
        if let Some(at) = v.at {
            d.add_f64(f.lat, at.lat);
            d.add_f64(f.lon, at.lon);
        }
    }
    d
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
    fn the_quick_test_never_rules_out_a_word_one_edit_away() {
        let words = [
            "bereavement",
            "knitting",
            "café",
            "yoga",
            "ab",
            "a",
            "ba",
            "lonely",
        ];
        let alphabet = ['a', 'e', 'z', 'é', 'n'];
        for w in words {
            let chars: Vec<char> = w.chars().collect();
            let mut edits = Vec::new();
            for i in 0..=chars.len() {
                for c in alphabet {
                    let mut insert = chars.clone();
                    insert.insert(i, c);
                    edits.push(insert);
                    if i < chars.len() {
                        let mut substitute = chars.clone();
                        substitute[i] = c;
                        edits.push(substitute);
                    }
                }
                if i < chars.len() {
                    let mut delete = chars.clone();
                    delete.remove(i);
                    edits.push(delete);
                }
                if i + 1 < chars.len() {
                    let mut swap = chars.clone();
                    swap.swap(i, i + 1);
                    edits.push(swap);
                }
            }
            for e in edits {
                let e: String = e.into_iter().collect();
                assert!(analysis::within_one_edit(w, &e), "{w} / {e}");
                assert!(may_be_one_edit(w, &e), "{w} / {e}");
                assert!(may_be_one_edit(&e, w), "{e} / {w}");
            }
        }
        assert!(!may_be_one_edit("knitting", "walked"));
    }

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
