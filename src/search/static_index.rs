//! The static search index of one site, searched in the browser by `themes/default/search.js`.
//!
//! Everything that can be computed at build time is: terms are analysed ([`super::analysis`]),
//! BM25 weights are multiplied by the walking factor from the site ([`super::walk_factor`]) and
//! rounded to tenths, so the client only adds numbers. The format, JSON:
//!
//! ```text
//! index.json   {"v":1, "n": docs, "syn": {concept: "phrase|phrase"},
//!               "docs": [[id, name, summary, walk minutes or null, sessions, facets, note,
//!                         translations, place], ...],
//!               "terms": {term: [doc delta, weight, doc delta, weight, ...]}}
//! ```
//!
//! Concepts (`n:bereavement`, `d:tue`, `f:free`...) are terms too, so "free" or "tuesday" in a
//! query find them. Docs are in the site's order (nearest first). `sessions` is the string the
//! pages' `when.js` turns into "next session", as cards and listing pages carry it
//! ([`crate::schedule::compact`]: `;`-separated `w:tue,thu 10:00-12:00` (weekly),
//! `e2=2026-11-26:thu` (every other week), `m1:tue 18:00-20:00` (monthly, `m-1` the last),
//! `o:2026-12-12 14:00-16:00` (once), then `open`, `term`, `appt`); empty for a paused or
//! closed group. `facets` is the object of filter values the page's cards carry
//! ([`crate::facets::Facets`]), so the page's filters apply to results too. `note`, when
//! present, says how the next session is worded: `term` (term time only) or `appt` (by
//! appointment); `null` when there is none but translations follow. `translations`, when the
//! listing has any, maps a language code to `[name, summary, name translated?, summary
//! translated?]`, so results on that language's pages read as its cards do. `place` says where
//! the group is, as the cards do: `{"v": the venue's name (the one nearest the site), "o": 1
//! online, "p": 1 by phone, "a": 1 across the area, "w": [wards it serves]}`, with only what
//! applies; `note` and `translations` are `null` before it when the listing has none.
//!
//! The index is the same for the site's pages in every language. Listings' translations are
//! indexed with their English text, and the synonyms gain the vocabulary's words in each of
//! the sites' languages (from the theme's interface text:
//! [`crate::i18n::Strings::search_phrases`]), so "murugo" on a Somali page finds bereavement
//! groups as "grief" does in English.
//!
//! A large directory's services available everywhere would be in every site's index, so that
//! 6,500 practice sites would each carry the same 10,000 online services. There, they get one
//! shared index of their own, and each site's index names it in `"also"` (a path relative to
//! its own folder); the client searches both and merges the results by score. The shared
//! index is an index like any other (its docs have no walk), so it may itself be split.
//!
//! A site of more than [`SMALL_MAX_DOCS`] listings is split so that a query downloads little:
//! `index.json` then holds `syn`, `n`, `chunks` ([first term, file] of term chunks of about
//! [`CHUNK_BYTES`], postings cut to the [`MAX_POSTINGS`] heaviest) and `docs` ([first doc,
//! file] of [`DOCS_PER_CHUNK`]-doc chunks). Chunk files are named by a hash of their content,
//! so unchanged parts stay cached.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use serde_json::{Value, json};

use super::{FIELD_BOOSTS, Fields, bm25_tf, concept_weight, distance_factor, idf};
use crate::analysis::{self, Synonyms};
use crate::directory::Directory;
use crate::facets::Facets;
use crate::model::{Listing, Status};
use crate::select::Selection;
use crate::vocab::Vocabularies;

/// The browser client, `themes/default/search.js`, for the build to copy next to the theme's
/// other scripts (a directory's own `themes/default/search.js` may replace it, as for the
/// other theme files).
pub const CLIENT: &str = include_str!("../../themes/default/search.js");

/// Sites with at most this many listings get a single file.
pub const SMALL_MAX_DOCS: usize = 2_000;
/// Target size of a term chunk, in bytes of JSON.
pub const CHUNK_BYTES: usize = 48 * 1024;
/// In a split index, each term keeps only its heaviest postings.
pub const MAX_POSTINGS: usize = 1_000;
/// Docs per doc chunk in a split index.
pub const DOCS_PER_CHUNK: usize = 100;

/// One listing as the index sees it.
pub struct Doc<'a> {
    pub listing: &'a Listing,
    /// Its text as the index reads it ([`analyse`]): worked out once per build, not per site.
    pub analysed: &'a Analysed,
    /// Walking minutes from the site; `None` for services available everywhere.
    pub walk: Option<u32>,
    /// The venue the site's cards name (the nearest), for listings people go to.
    pub venue: Option<usize>,
    /// What the site's filters match on.
    pub facets: Facets,
}

/// A built index, before it is written.
pub struct SiteIndex {
    pub synonyms: Arc<Synonyms>,
    /// [id, name, summary, walk, sessions, facets, note?, translations?] per doc.
    pub docs: Vec<Value>,
    /// Term → (doc, weight in tenths), docs ascending.
    pub postings: BTreeMap<String, Vec<(u32, u32)>>,
    /// Terms that only listings' translations hold, with their languages: a single-file index
    /// ships them in those languages' `words-<code>.json`, for the queries that need them.
    pub translated: BTreeMap<String, std::collections::BTreeSet<String>>,
    /// Another index the client searches with this one (`"also"` in the manifest, relative
    /// to this index's folder): the one index of services available everywhere that every
    /// site of a large directory shares.
    pub also: Option<String>,
    /// The languages' words every index of a build shares ([`super::words`]), when the build
    /// writes them; else each index has its own.
    pub words: Option<super::words::Shared>,
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
    /// Bytes of `index.json` alone.
    pub manifest_bytes: u64,
}

/// A file of a static index that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}", path.display())]
pub struct WriteError {
    pub path: std::path::PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// The folder an index is written into, and what has been written so far.
pub(super) struct Output<'a> {
    pub(super) dir: &'a Path,
    pub(super) written: Written,
}

impl Output<'_> {
    pub(super) fn put(&mut self, name: &str, text: &str) -> Result<(), WriteError> {
        let path = self.dir.join(name);
        crate::staging::write(&path, text).map_err(|source| WriteError { path, source })?;
        self.written.files += 1;
        self.written.bytes += text.len() as u64;
        Ok(())
    }
}

/// A doc of a single-file index without its translations (index 7), which go to the
/// languages' files: its `place` (index 8) stays; a trailing empty note or translations go.
fn without_translations(doc: &Value) -> Value {
    let mut doc = doc.clone();
    if let Some(a) = doc.as_array_mut()
        && a.len() > 7
    {
        a[7] = Value::Null;
        while a.len() > 6 && a.last().is_some_and(Value::is_null) {
            a.pop();
        }
    }
    doc
}

/// Why a site's search index could not be written.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("the search vocabulary")]
    Vocabulary(#[source] super::vocabulary::Error),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Writes the search index of a site into `out_dir` (created if needed): `index.json`, and for
/// large sites its chunk files, for the selection a site shows (see
/// [`crate::select::for_site`]), with facets but no wards. The site build makes its [`Doc`]s
/// itself (with the wards of a borough-wide site) and calls [`build`] and [`SiteIndex::write`].
pub fn write_site_index(
    directory: &Directory,
    selection: &Selection,
    out_dir: &Path,
) -> Result<Written, IndexError> {
    let listings: Vec<(&Listing, Option<(u32, usize)>)> = selection
        .near
        .iter()
        .map(|n| (n.listing, Some((n.minutes, n.venue))))
        .chain(
            selection
                .local
                .iter()
                .map(|l| (l.listing, l.venue.as_ref().map(|n| (n.minutes, n.venue)))),
        )
        .chain(selection.everywhere.iter().map(|l| (*l, None)))
        .collect();
    let synonyms = super::synonyms_of_directory(directory).map_err(IndexError::Vocabulary)?;
    let analysed: Vec<Analysed> = listings
        .iter()
        .map(|(l, _)| analyse(l, &directory.vocab, &synonyms))
        .collect();
    let docs: Vec<Doc> = listings
        .iter()
        .zip(&analysed)
        .map(|(&(listing, near), analysed)| Doc {
            listing,
            analysed,
            walk: near.map(|(minutes, _)| minutes),
            venue: near.map(|(_, venue)| venue),
            facets: Facets::of(listing),
        })
        .collect();
    let index = build_with(Arc::new(synonyms), &docs);
    Ok(index.write(out_dir)?)
}

/// Builds the index of `docs` (in the order the site shows them).
pub fn build(vocab: &Vocabularies, docs: &[Doc]) -> SiteIndex {
    let languages = super::languages_of(docs.iter().map(|d| d.listing));
    build_with(Arc::new(Synonyms::build(vocab, languages)), docs)
}

/// Like [`build`], with synonyms made once for many indexes (a build's sites share them).
/// The written index keeps only the phrases of concepts its docs have, so synonyms made for
/// more listings, or more languages, than `docs` give the same file.
pub fn build_with(synonyms: Arc<Synonyms>, docs: &[Doc]) -> SiteIndex {
    // Hash maps while counting (a site's index has thousands of terms), sorted once at the end.
    // Document frequencies per field, as tantivy counts them (a term query is per field).
    let mut df: [HashMap<&str, usize>; FIELDS] = std::array::from_fn(|_| HashMap::new());
    for d in docs {
        for (k, counts) in d.analysed.counts.iter().enumerate() {
            for (t, _) in counts {
                *df[k].entry(t.as_str()).or_default() += 1;
            }
        }
    }
    let n = docs.len();
    let mut avg = [0.0; FIELDS];
    for (k, a) in avg.iter_mut().enumerate() {
        *a = docs.iter().map(|d| d.analysed.lens[k]).sum::<f64>() / (n.max(1) as f64);
    }
    let mut postings: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
    let mut weights: Vec<(&str, f64)> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let factor = distance_factor(d.walk);
        // BM25 per field (idf of the field, the length as tantivy stores it), weighted by the
        // field's boost and summed in field order, as tantivy scores it.
        let a = d.analysed;
        weights.clear();
        for (k, counts) in a.counts.iter().enumerate() {
            let len = f64::from(fieldnorm(a.lens[k] as u32));
            for (t, tf) in counts {
                let w = f64::from(FIELD_BOOSTS[k])
                    * idf(n, df[k][t.as_str()])
                    * bm25_tf(f64::from(*tf), len, avg[k]);
                weights.push((t.as_str(), w));
            }
        }
        // Stable, so that a term's weights in several fields are added in field order.
        weights.sort_by(|x, y| x.0.cmp(y.0));
        let mut at = 0;
        while at < weights.len() {
            let t = weights[at].0;
            let mut w = 0.0;
            while at < weights.len() && weights[at].0 == t {
                w += weights[at].1;
                at += 1;
            }
            postings
                .entry(t)
                .or_default()
                .push((i as u32, tenths(w * factor)));
        }
        for (c, rank, mentioned) in &a.concepts {
            // Days, times and flags only filter, on the docs' facets: no postings.
            if !ranks(c) {
                continue;
            }
            // A concept weighs by its kind and centrality (the ranking rule), not its idf.
            let w = concept_weight(c, *rank, *mentioned) * factor;
            postings
                .entry(c.as_str())
                .or_default()
                .push((i as u32, tenths(w)));
        }
    }
    // A term goes to the language files when every listing that has it has it only in
    // translations.
    let mut translated: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    let mut not_only: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for d in docs {
        for t in &d.analysed.distinct {
            match d.analysed.translated.get(t) {
                Some(langs) => translated
                    .entry(t.clone())
                    .or_default()
                    .extend(langs.iter().cloned()),
                None => {
                    not_only.insert(t);
                }
            }
        }
    }
    translated.retain(|t, _| !not_only.contains(t.as_str()));
    SiteIndex {
        synonyms,
        translated,
        docs: docs.iter().map(doc_entry).collect(),
        postings: postings
            .into_iter()
            .map(|(t, p)| (t.to_string(), p))
            .collect(),
        also: None,
        words: None,
    }
}

/// Whether a concept ranks listings, so the index keeps its postings: topics, and the filters
/// whose value may be more or less central to a listing (languages, audiences); not days,
/// times of day or flags, which only filter (on the docs' facets).
pub fn ranks(concept: &str) -> bool {
    !matches!(crate::facets::Condition::of(concept), Some(c) if ["d", "t", "f", "a"].contains(&c.key))
}

/// Whether a query may name a concept on a site whose listings hold `has`: a filter without
/// postings (days, times, flags, ages) always, as it filters on the docs' facets; any other
/// concept when some listing holds it. Both engines decide so.
pub fn may_name(concept: &str, has: impl FnOnce(&str) -> bool) -> bool {
    (crate::facets::Condition::of(concept).is_some() && !ranks(concept)) || has(concept)
}

/// The text fields of the index ([`Fields::terms`]).
const FIELDS: usize = FIELD_BOOSTS.len();

/// What the index reads of a listing's text: the terms of each field with their counts
/// (sorted), each field's length in terms, its distinct terms, and its concepts.
/// The same for every site, so a build works it out once per listing.
#[derive(Clone, Debug, Default)]
pub struct Analysed {
    counts: [Vec<(String, u32)>; FIELDS],
    lens: [f64; FIELDS],
    distinct: Vec<String>,
    /// Concepts with their rank ([`analysis::concept_ranks`]) and whether the listing's name
    /// or summary names them ([`analysis::mentioned`]).
    concepts: Vec<(String, u32, bool)>,
    /// Terms found only in the listing's translations, with the languages they come from.
    translated: BTreeMap<String, std::collections::BTreeSet<String>>,
}

/// Analyses `listing`'s text for the index.
pub fn analyse(listing: &Listing, vocab: &Vocabularies, synonyms: &Synonyms) -> Analysed {
    let mut a = Analysed::default();
    let mut distinct = std::collections::BTreeSet::new();
    for (k, terms) in Fields::of(listing, vocab).terms().into_iter().enumerate() {
        a.lens[k] = terms.len() as f64;
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for t in terms {
            distinct.insert(t.clone());
            *counts.entry(t).or_default() += 1;
        }
        a.counts[k] = counts.into_iter().collect();
    }
    a.distinct = distinct.into_iter().collect();
    let mentioned = analysis::mentioned(listing, synonyms);
    a.concepts = analysis::concept_ranks(listing)
        .into_iter()
        .map(|(c, rank)| {
            let m = mentioned.contains(&c);
            (c, rank, m)
        })
        .collect();
    let translations = FIELD_BOOSTS.len() - 1;
    let elsewhere: std::collections::BTreeSet<&String> = a.counts[..translations]
        .iter()
        .flatten()
        .map(|(t, _)| t)
        .collect();
    for (lang, t) in &listing.translations {
        for text in [t.name.as_deref(), t.summary.as_deref()]
            .into_iter()
            .flatten()
        {
            for term in analysis::terms(text) {
                if !elsewhere.contains(&term) {
                    a.translated.entry(term).or_default().insert(lang.clone());
                }
            }
        }
    }
    a
}

/// A field's length as tantivy stores it (its "fieldnorm"): exact up to 40 terms, then in
/// steps that double every eight values (42, 44 … 56, 60 … 88, 96 …), rounded down, so that
/// the static index weighs long descriptions as tantivy does.
pub fn fieldnorm(len: u32) -> u32 {
    if len <= 40 {
        return len;
    }
    let (mut value, mut step) = (40u32, 2u32);
    loop {
        for _ in 0..8 {
            if value + step > len {
                return value;
            }
            value += step;
        }
        step *= 2;
    }
}

/// A weight as the index stores it: in tenths, at least 1.
fn tenths(w: f64) -> u32 {
    ((w * 10.0).round() as u32).max(1)
}

fn doc_entry(d: &Doc) -> Value {
    let l = d.listing;
    let sessions = match l.status {
        Status::Active => sessions_text(l),
        Status::Paused | Status::Closed => String::new(),
    };
    let mut entry = json!([
        l.id,
        l.name,
        l.summary,
        d.walk,
        sessions,
        d.facets.to_json()
    ]);
    let array = entry.as_array_mut().expect("an array");
    let note = crate::schedule::wording(l);
    // The listing's own name and summary in other languages, for results on those pages.
    let translated: serde_json::Map<String, Value> = l
        .translations
        .iter()
        .filter(|(_, t)| t.name.is_some() || t.summary.is_some())
        .map(|(lang, t)| {
            let name = t.name.as_deref().unwrap_or(&l.name);
            let summary = t.summary.as_deref().unwrap_or(&l.summary);
            let own = [t.name.is_some(), t.summary.is_some()];
            (lang.clone(), json!([name, summary, own[0], own[1]]))
        })
        .collect();
    let mut place = serde_json::Map::new();
    if let Some(v) = d.venue.and_then(|v| l.venues.get(v)) {
        place.insert("v".into(), json!(v.name));
    }
    for (key, yes) in [("o", l.online), ("p", l.by_phone), ("a", l.area.borough)] {
        if yes {
            place.insert(key.into(), json!(1));
        }
    }
    if !l.area.borough && !l.area.wards.is_empty() {
        place.insert("w".into(), json!(l.area.wards));
    }
    if note.is_some() || !translated.is_empty() || !place.is_empty() {
        array.push(json!(note));
    }
    if !translated.is_empty() || !place.is_empty() {
        array.push(match translated.is_empty() {
            true => Value::Null,
            false => Value::Object(translated),
        });
    }
    if !place.is_empty() {
        array.push(Value::Object(place));
    }
    entry
}

/// The sessions of a listing in the index's compact form (see the module documentation).
pub fn sessions_text(l: &Listing) -> String {
    crate::schedule::compact(l)
}

/// Which language's words a file of the index holds: `None` for `index.json` (English, and
/// what every page needs), `Some(code)` for `words-<code>.json`.
pub(super) fn in_file(lang: Option<&str>, langs: &std::collections::BTreeSet<String>) -> bool {
    match lang {
        None => langs.contains("en"),
        Some(code) => langs.contains(code) && !langs.contains("en"),
    }
}

/// `{concept: "phrase|phrase"}` of the file for `lang` (see [`in_file`]), for the concepts
/// some doc has (the others cannot match) and the filters (which apply whoever has them).
pub(super) fn synonym_table(
    s: &Synonyms,
    postings: &BTreeMap<String, Vec<(u32, u32)>>,
    lang: Option<&str>,
) -> Value {
    let keep = |c: &str| may_name(c, |c| postings.contains_key(c));
    synonyms_where(
        s,
        |phrase| s.langs.get(phrase).is_some_and(|l| in_file(lang, l)),
        keep,
    )
}

/// The filler words of the file for `lang`, sorted, `|`-separated.
pub(super) fn filler_text(s: &Synonyms, lang: Option<&str>) -> String {
    let mut words: Vec<&String> = match lang {
        None => s.filler_langs.get("en").into_iter().flatten().collect(),
        Some(code) => {
            let en = s.filler_langs.get("en");
            s.filler_langs
                .get(code)
                .into_iter()
                .flatten()
                .filter(|w| !en.is_some_and(|e| e.contains(*w)))
                .collect()
        }
    };
    words.sort();
    words
        .iter()
        .map(|w| w.as_str())
        .collect::<Vec<_>>()
        .join("|")
}

/// The crisis patterns as the index ships them: `{"c": [[category, [pattern, ...]], ...],
/// "n": {category: [concept, ...]}}`, categories in the order help is shown, each pattern its
/// words' stems, `|` between alternatives and a space between words; `n` (in `index.json`
/// only) the concepts a query describing the crisis names. The patterns of the languages
/// `lang` accepts.
pub fn crisis_json(lang: &dyn Fn(&str) -> bool, with_concepts: bool) -> Value {
    let lexicon = crate::analysis::crisis::Lexicon::builtin();
    let categories: Vec<Value> = lexicon
        .categories
        .iter()
        .map(|c| {
            let langs = lexicon.languages.get(c);
            let patterns: Vec<String> = lexicon
                .patterns
                .get(c)
                .into_iter()
                .flatten()
                .enumerate()
                .filter(|(i, _)| langs.and_then(|l| l.get(*i)).is_some_and(|l| lang(l)))
                .map(|(_, p)| {
                    p.iter()
                        .map(|alts| alts.iter().cloned().collect::<Vec<_>>().join("|"))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            json!([c, patterns])
        })
        .collect();
    if with_concepts {
        json!({"c": categories, "n": lexicon.concepts})
    } else {
        json!({"c": categories})
    }
}

/// The script of a language's words in the index, for the client to know when a query may
/// need them: `arab` or `beng` when its phrases use that script, else `latn`.
pub(super) fn script_of(s: &Synonyms, code: &str) -> &'static str {
    let mut script = "latn";
    for (phrase, langs) in &s.langs {
        if langs.contains(code) {
            for c in phrase.iter().flat_map(|t| t.chars()) {
                if ('\u{0600}'..='\u{06FF}').contains(&c) {
                    return "arab";
                }
                if ('\u{0980}'..='\u{09FF}').contains(&c) {
                    script = "beng";
                }
            }
        }
    }
    script
}

/// The languages other than English whose words the index ships in files of their own.
pub(super) fn other_languages(s: &Synonyms) -> Vec<String> {
    let mut out: std::collections::BTreeSet<String> = s
        .langs
        .values()
        .flatten()
        .chain(s.filler_langs.keys())
        .cloned()
        .collect();
    for langs in crate::analysis::crisis::Lexicon::builtin()
        .languages
        .values()
    {
        out.extend(langs.iter().cloned());
    }
    out.remove("en");
    out.into_iter().collect()
}

/// The synonyms as the index ships them, `{concept: "phrase|phrase"}`, for the concepts that
/// `keep` accepts (every language).
pub fn synonyms_json(s: &Synonyms, keep: impl Fn(&str) -> bool) -> Value {
    synonyms_where(s, |_| true, keep)
}

/// `{concept: "phrase|phrase"}` of the phrases `phrase` accepts, for the concepts `keep` accepts.
pub(super) fn synonyms_where(
    s: &Synonyms,
    phrase: impl Fn(&Vec<String>) -> bool,
    keep: impl Fn(&str) -> bool,
) -> Value {
    let mut by_concept: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (p, concepts) in &s.phrases {
        if !phrase(p) {
            continue;
        }
        for c in concepts {
            if keep(c) {
                by_concept.entry(c).or_default().push(p.join(" "));
            }
        }
    }
    Value::Object(
        by_concept
            .into_iter()
            .map(|(c, p)| (c.to_string(), Value::String(p.join("|"))))
            .collect(),
    )
}

fn encode_postings(list: &[(u32, u32)]) -> Value {
    let mut out = Vec::with_capacity(list.len() * 2);
    let mut prev = 0;
    for (i, &(doc, w)) in list.iter().enumerate() {
        out.push(json!(if i == 0 { doc } else { doc - prev }));
        out.push(json!(w));
        prev = doc;
    }
    Value::Array(out)
}

/// A short hash of some bytes (the low 32 bits of [`crate::hash::fnv1a`]), for
/// content-named files.
fn hash(bytes: &[u8]) -> String {
    format!("{:08x}", crate::hash::fnv1a(bytes) as u32)
}

impl SiteIndex {
    /// The postings of `index.json` (`None`: every term but those only translations hold)
    /// or of a language's file (the terms only its translations hold).
    pub(super) fn language_terms(&self, lang: Option<&str>) -> Value {
        Value::Object(
            self.postings
                .iter()
                .filter(|(t, _)| match (lang, self.translated.get(*t)) {
                    (None, langs) => langs.is_none(),
                    (Some(code), Some(langs)) => langs.contains(code),
                    (Some(_), None) => false,
                })
                .map(|(t, p)| (t.clone(), encode_postings(p)))
                .collect(),
        )
    }

    /// `{doc: [name, summary, name translated?, summary translated?]}`: the docs' own text in
    /// language `code`, for results on that language's pages.
    pub(super) fn language_docs(&self, code: &str) -> Value {
        Value::Object(
            self.docs
                .iter()
                .enumerate()
                .filter_map(|(i, d)| Some((i.to_string(), d.get(7)?.get(code)?.clone())))
                .collect(),
        )
    }

    /// Writes the index, as one file or split (see the module documentation).
    pub fn write(&self, out_dir: &Path) -> Result<Written, WriteError> {
        std::fs::create_dir_all(out_dir).map_err(|source| WriteError {
            path: out_dir.to_path_buf(),
            source,
        })?;
        let mut out = Output {
            dir: out_dir,
            written: Written::default(),
        };
        let single = self.docs.len() <= SMALL_MAX_DOCS;
        let syn = synonym_table(&self.synonyms, &self.postings, None);
        let mut manifest = json!({"v": 2, "n": self.docs.len(), "syn": syn,
                                  "fill": filler_text(&self.synonyms, None),
                                  "crisis": crisis_json(&|l| l == "en", true)});
        self.write_languages(&mut out, single, &mut manifest)?;
        if single {
            // Listings' translations go to their languages' files.
            manifest["docs"] = self.docs.iter().map(without_translations).collect();
            manifest["terms"] = self.language_terms(None);
        } else {
            manifest["chunks"] = Value::Array(self.write_term_chunks(&mut out)?);
            manifest["docs"] = Value::Array(self.write_doc_chunks(&mut out)?);
        }
        if let Some(also) = &self.also {
            manifest["also"] = json!(also);
        }
        let text = manifest.to_string();
        out.put("index.json", &text)?;
        out.written.manifest_bytes = text.len() as u64;
        Ok(out.written)
    }

    /// Writes the postings of a large index in chunks of about [`CHUNK_BYTES`], by term
    /// range, and returns the manifest's `chunks`: `[first term, file]` each.
    fn write_term_chunks(&self, out: &mut Output) -> Result<Vec<Value>, WriteError> {
        let mut chunks = Vec::new();
        let mut current = serde_json::Map::new();
        let mut first = String::new();
        let mut size = 0;
        let mut flush = |current: &mut serde_json::Map<String, Value>,
                         first: &str,
                         out: &mut Output|
         -> Result<(), WriteError> {
            if current.is_empty() {
                return Ok(());
            }
            let text = Value::Object(std::mem::take(current)).to_string();
            let name = format!("t-{}.json", hash(text.as_bytes()));
            out.put(&name, &text)?;
            chunks.push(json!([first, name]));
            Ok(())
        };
        for (term, list) in &self.postings {
            let mut list = list.clone();
            if list.len() > MAX_POSTINGS {
                list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                list.truncate(MAX_POSTINGS);
                list.sort();
            }
            let encoded = encode_postings(&list);
            let bytes = encoded.to_string().len() + term.len() + 4;
            if size + bytes > CHUNK_BYTES && !current.is_empty() {
                flush(&mut current, &first, out)?;
                size = 0;
            }
            if current.is_empty() {
                first = term.clone();
            }
            size += bytes;
            current.insert(term.clone(), encoded);
        }
        flush(&mut current, &first, out)?;
        Ok(chunks)
    }

    /// Writes the docs of a large index, [`DOCS_PER_CHUNK`] a file, and returns the
    /// manifest's `docs`: `[first doc, file]` each.
    fn write_doc_chunks(&self, out: &mut Output) -> Result<Vec<Value>, WriteError> {
        let mut doc_chunks = Vec::new();
        for (i, part) in self.docs.chunks(DOCS_PER_CHUNK).enumerate() {
            let text = Value::Array(part.to_vec()).to_string();
            let name = format!("d-{}.json", hash(text.as_bytes()));
            out.put(&name, &text)?;
            doc_chunks.push(json!([i * DOCS_PER_CHUNK, name]));
        }
        Ok(doc_chunks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_lengths_are_quantised_as_tantivy_does() {
        let table = [
            40, 42, 44, 46, 48, 50, 52, 54, 56, 60, 64, 68, 72, 76, 80, 84, 88, 96,
        ];
        for w in table.windows(2) {
            assert_eq!(fieldnorm(w[0]), w[0]);
            assert_eq!(fieldnorm(w[1] - 1), w[0], "{}", w[1] - 1);
        }
        assert_eq!(fieldnorm(7), 7);
        assert_eq!(fieldnorm(160), 152);
        assert_eq!(fieldnorm(168), 168);
    }

    #[test]
    fn postings_are_delta_encoded() {
        assert_eq!(
            encode_postings(&[(2, 10), (5, 3), (9, 1)]),
            json!([2, 10, 3, 3, 4, 1])
        );
    }
}
