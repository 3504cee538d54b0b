//! How the engine's index is laid out and filled: the tokenizer (the analysis), the schema,
//! one document per listing, and reading back the vocabulary and each document's listing.

use std::collections::{BTreeMap, HashMap};

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{DocSet, Searcher, TERMINATED, TantivyDocument, doc};

use super::super::Fields;
use crate::analysis::{self, Synonyms};
use crate::directory::Directory;
use crate::model::Listing;
use crate::select;

pub(super) const TOKENIZER: &str = "signpost";

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
pub(super) struct Schema_ {
    pub(super) id: Field,
    pub(super) name: Field,
    pub(super) summary: Field,
    pub(super) labels: Field,
    pub(super) place: Field,
    pub(super) description: Field,
    pub(super) translations: Field,
    pub(super) concepts: Field,
    pub(super) lat: Field,
    pub(super) lon: Field,
    pub(super) everywhere: Field,
}

pub(super) fn schema() -> (Schema, Schema_) {
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
        // Each concept as often as it is central to the listing (RANKS − its rank), so that
        // its frequency gives its centrality (`Impacts::read`).
        concepts: b.add_text_field(
            "concepts",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
        lat: b.add_f64_field("lat", FAST),
        lon: b.add_f64_field("lon", FAST),
        everywhere: b.add_u64_field("everywhere", FAST),
    };
    (b.build(), f)
}

/// The documents of each segment of `searcher`, by doc id: the ordinal of their listing id in
/// `ids` (added there when new), from the postings of the `id` field; `u32::MAX` for none.
pub(super) fn doc_ordinals(
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
pub(super) fn text_fields(f: &Schema_) -> [(Field, f32); 6] {
    let fields = [
        f.name,
        f.summary,
        f.labels,
        f.place,
        f.description,
        f.translations,
    ];
    std::array::from_fn(|i| (fields[i], crate::search::FIELD_BOOSTS[i] as f32))
}

/// The terms of the text fields, for prefix and typo expansion.
#[derive(Default)]
pub(super) struct Vocab {
    /// Sorted, distinct.
    pub(super) terms: Vec<VocabTerm>,
    /// Indexes into `terms` by length in characters: a typo changes the length by one at most.
    pub(super) by_chars: Vec<Vec<u32>>,
}

pub(super) struct VocabTerm {
    pub(super) text: Box<str>,
    /// The text fields it is in: bit `i` for the `i`-th of [`text_fields`].
    pub(super) fields: u8,
}

/// The distinct terms of the text fields, with the fields each is in.
pub(super) fn read_vocab(searcher: &Searcher, f: &Schema_) -> tantivy::Result<Vocab> {
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

pub(super) fn document(
    l: &Listing,
    directory: &Directory,
    synonyms: &Synonyms,
    f: &Schema_,
) -> TantivyDocument {
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
    let mentioned = analysis::mentioned(l, synonyms);
    for (c, rank) in analysis::concept_ranks(l) {
        for _ in 0..analysis::level(rank, mentioned.contains(&c)) {
            d.add_text(f.concepts, &c);
        }
    }
    for v in &l.venues {
        if let Some(at) = v.at {
            d.add_f64(f.lat, at.lat);
            d.add_f64(f.lon, at.lon);
        }
    }
    d
}
