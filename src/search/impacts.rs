//! The engine's scores held in memory, and the search for the best of them.
//!
//! For every term of the index (text terms and concepts), the documents it is in with its
//! weight there: tantivy's BM25 over each field the term is in, times the field's boost,
//! summed. They are read once from tantivy's own scorers when the engine opens, so the
//! scores are tantivy's, not a formula of ours.
//!
//! A query is a list of clauses (a query word, or a concept), each a few terms with a factor;
//! a clause's weight in a document is the best of its terms' weights times their factors, and
//! a document's text score is the sum over clauses. Documents are numbered across segments and
//! grouped in blocks of [`BLOCK`]; each term keeps, per block it is in, its highest weight there
//! and which documents of the block have it. A search first adds up, per block, an upper bound
//! of any score in it and which documents match (so counting the matches costs a few bit
//! operations per block, not a look at each document), then scores the blocks in document
//! order, in small arrays that stay in the processor's cache, passing over every block whose
//! bound cannot beat the worst result kept ("block-max" pruning). The results are those of
//! scoring every match (a unit test compares them), for less work: on 100,000 synthetic
//! listings, `cargo bench --bench api` went from p99 28–39 ms to 15–17 ms for distinct
//! searches under load.

use rayon::prelude::*;
use tantivy::query::{EnableScoring, Query as _, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED, Term};

/// Documents per block: the bits of a `u128`.
pub const BLOCK: u32 = 128;

/// Queries of at most this many clauses admit documents by the masks `admit` accepts, listed
/// once per query ([`Impacts::top`]).
const FEW_CLAUSES: usize = 5;

/// A document (its number across segments, see [`Impacts::address`]) and a term's weight in it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Posting {
    doc: u32,
    weight: f32,
}

/// What a term has in one block of documents.
#[derive(Clone, Copy, Debug)]
struct Block {
    /// The block's number (document number / [`BLOCK`]).
    id: u32,
    /// Where its postings start among the term's.
    start: u32,
    /// The term's highest weight in the block.
    max: f32,
    /// Which of the block's documents have the term.
    docs: u128,
}

/// The postings and blocks of one term, as ranges into [`Impacts`]' arenas.
#[derive(Clone, Copy, Debug, Default)]
struct TermAt {
    postings: (usize, usize),
    blocks: (usize, usize),
}

/// A set of documents by number, a bit each: which may be answered.
#[derive(Clone, Debug, Default)]
pub struct Allowed {
    blocks: Vec<u128>,
}

impl Allowed {
    /// The documents `0..n` for which `allow` is true.
    pub fn from_fn(n: u32, mut allow: impl FnMut(u32) -> bool) -> Allowed {
        let mut blocks = vec![0u128; n.div_ceil(BLOCK) as usize];
        for doc in (0..n).filter(|&d| allow(d)) {
            blocks[(doc / BLOCK) as usize] |= 1 << (doc % BLOCK);
        }
        Allowed { blocks }
    }

    fn block(&self, id: u32) -> u128 {
        self.blocks.get(id as usize).copied().unwrap_or(0)
    }

    /// Whether document `doc` is in the set.
    pub fn contains(&self, doc: u32) -> bool {
        self.block(doc / BLOCK) & (1 << (doc % BLOCK)) != 0
    }
}

/// The weights of every term in every live document.
#[derive(Default)]
pub struct Impacts {
    /// Text terms by their index in the sorted terms given to [`Impacts::read`], then concepts.
    terms: Vec<TermAt>,
    /// Concept terms (sorted) and their index in `terms`.
    concepts: Vec<(String, usize)>,
    postings: Vec<Posting>,
    blocks: Vec<Block>,
    /// By document number: where tantivy keeps it.
    addresses: Vec<DocAddress>,
}

/// The best results of [`Impacts::top`], best first, and how many documents matched.
pub struct Top<T> {
    pub best: Vec<Scored<T>>,
    pub total: usize,
}

/// A document kept by [`Impacts::top`]: its score, number and what the caller attached.
#[derive(Clone, Debug)]
pub struct Scored<T> {
    pub score: f32,
    pub doc: u32,
    pub with: T,
}

impl<T> PartialEq for Scored<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl<T> Eq for Scored<T> {}

impl<T> PartialOrd for Scored<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Better is greater: a higher score, then a lower document number.
impl<T> Ord for Scored<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.score
            .total_cmp(&other.score)
            .then(other.doc.cmp(&self.doc))
    }
}

impl Impacts {
    /// Reads the weights of `terms` (sorted text terms, each with the bit set of the
    /// `fields` it is in, and each field's boost) and of every term of `concepts`, leaving out
    /// deleted documents.
    pub fn read(
        searcher: &Searcher,
        terms: &[(&str, u8)],
        fields: &[(Field, f32)],
        concepts: Field,
    ) -> tantivy::Result<Impacts> {
        let mut bases = Vec::new();
        let mut addresses = Vec::new();
        for (seg, reader) in searcher.segment_readers().iter().enumerate() {
            bases.push(addresses.len() as u32);
            addresses.extend((0..reader.max_doc()).map(|doc| DocAddress::new(seg as u32, doc)));
        }
        let base = Bases {
            bases: &bases,
            searcher,
        };
        let mut concept_terms = Vec::new();
        for reader in searcher.segment_readers() {
            let inverted = reader.inverted_index(concepts)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                if let Ok(t) = std::str::from_utf8(stream.key()) {
                    concept_terms.push(t.to_string());
                }
            }
        }
        concept_terms.sort();
        concept_terms.dedup();

        let text = terms.par_iter().map(|&(text, in_fields)| {
            let mut all = Vec::new();
            for (i, &(field, boost)) in fields.iter().enumerate() {
                if in_fields & (1 << i) != 0 {
                    let term = Term::from_field_text(field, text);
                    base.postings(&term, IndexRecordOption::WithFreqs, boost, &mut all)?;
                }
            }
            // By document, then field: the sum adds fields in the order a boolean query
            // over them would.
            all.sort_by_key(|p| p.doc);
            all.dedup_by(|later, kept| {
                let same = later.doc == kept.doc;
                if same {
                    kept.weight += later.weight;
                }
                same
            });
            Ok(all)
        });
        // A concept's weight in a document is its centrality there, given by how often the
        // document holds it (see `engine::document`), not tantivy's score.
        let concept_lists = concept_terms.par_iter().map(|c| {
            let term = Term::from_field_text(concepts, c);
            base.frequencies(&term, &mut |tf| {
                crate::analysis::centrality_of_level(tf) as f32
            })
        });
        let lists: Vec<Vec<Posting>> = text.chain(concept_lists).collect::<tantivy::Result<_>>()?;

        let mut impacts = Impacts {
            concepts: concept_terms
                .into_iter()
                .enumerate()
                .map(|(i, c)| (c, terms.len() + i))
                .collect(),
            postings: Vec::with_capacity(lists.iter().map(Vec::len).sum()),
            addresses,
            ..Impacts::default()
        };
        for list in lists {
            let (p0, b0) = (impacts.postings.len(), impacts.blocks.len());
            for (i, p) in list.iter().enumerate() {
                let id = p.doc / BLOCK;
                let first = impacts.blocks.len() == b0;
                match impacts.blocks.last_mut() {
                    Some(b) if !first && b.id == id => {
                        b.max = b.max.max(p.weight);
                        b.docs |= 1 << (p.doc % BLOCK);
                    }
                    _ => impacts.blocks.push(Block {
                        id,
                        start: i as u32,
                        max: p.weight,
                        docs: 1 << (p.doc % BLOCK),
                    }),
                }
            }
            impacts.postings.extend(list);
            impacts.terms.push(TermAt {
                postings: (p0, impacts.postings.len()),
                blocks: (b0, impacts.blocks.len()),
            });
        }
        Ok(impacts)
    }

    /// Where tantivy keeps document `doc`.
    pub fn address(&self, doc: u32) -> DocAddress {
        self.addresses[doc as usize]
    }

    /// The number of documents (live or not) across segments.
    pub fn len(&self) -> u32 {
        self.addresses.len() as u32
    }

    pub fn is_empty(&self) -> bool {
        self.addresses.is_empty()
    }

    /// The term index of a concept (`n:loneliness`), if any document has it.
    pub fn concept(&self, concept: &str) -> Option<usize> {
        self.concepts
            .binary_search_by(|(c, _)| c.as_str().cmp(concept))
            .ok()
            .map(|i| self.concepts[i].1)
    }

    /// Whether some document `allowed` has the term (by its index, as for [`Impacts::top`]).
    pub fn any_in(&self, term: usize, allowed: &Allowed) -> bool {
        self.blocks(term)
            .iter()
            .any(|b| b.docs & allowed.block(b.id) != 0)
    }

    fn postings(&self, term: usize) -> &[Posting] {
        self.terms
            .get(term)
            .map_or(&[], |t| &self.postings[t.postings.0..t.postings.1])
    }

    fn blocks(&self, term: usize) -> &[Block] {
        self.terms
            .get(term)
            .map_or(&[], |t| &self.blocks[t.blocks.0..t.blocks.1])
    }

    /// The `limit` best documents `allowed` for a query of `clauses` (per clause, its terms
    /// with their factors; at most 32 clauses), best first, and how many documents allowed
    /// answer at all. A document answers when `admit` accepts the mask of clauses it matched
    /// (bit `i` for clause `i`; it must depend on the mask alone, as it is asked once per
    /// mask) and `passes` (if given) accepts its number (asked only of documents allowed whose
    /// mask `admit` accepts: filters that would cost a look at every document otherwise). `score`
    /// turns a document's number, text score and mask into its final score, which must not
    /// exceed the text score, and something to keep with it.
    pub fn top<T>(
        &self,
        clauses: &[Vec<(usize, f32)>],
        allowed: &Allowed,
        limit: usize,
        admit: impl Fn(u32) -> bool,
        passes: Option<impl Fn(u32) -> bool>,
        mut score: impl FnMut(u32, f32, u32) -> (f32, T),
    ) -> Top<T> {
        assert!(clauses.len() <= 32, "at most 32 clauses");
        let n_clauses = clauses.len();
        let (bound, mut matching, by_clause) = self.bounds(clauses);
        let (candidates, total) = admitted(
            n_clauses,
            &by_clause,
            &mut matching,
            allowed,
            &admit,
            &passes,
        );
        let mut heap = std::collections::BinaryHeap::with_capacity(limit + 1);
        if limit == 0 {
            return Top {
                best: Vec::new(),
                total,
            };
        }
        // Blocks in document order, so each term's blocks and postings are read in order;
        // a block whose bound cannot beat the worst result kept is passed over.
        let mut cursors: Vec<Vec<usize>> = clauses.iter().map(|c| vec![0; c.len()]).collect();
        let mut local = [Slot::default(); BLOCK as usize];
        let mut best = [0f32; BLOCK as usize];
        for id in candidates {
            if heap.len() == limit
                && heap.peek().is_some_and(
                    |std::cmp::Reverse(worst): &std::cmp::Reverse<Scored<T>>| {
                        bound[id as usize] < worst.score
                    },
                )
            {
                continue;
            }
            let first = id * BLOCK;
            self.score_block(clauses, &mut cursors, id, &mut local, &mut best);
            // The final score is at most the text score, and documents come in increasing
            // order (a tie with the worst kept loses): once the heap is full, a document whose
            // text score is below the worst kept cannot enter it, and is not scored further.
            let mut worst = heap
                .peek()
                .filter(|_| heap.len() == limit)
                .map_or(f32::NEG_INFINITY, |w: &std::cmp::Reverse<Scored<T>>| {
                    w.0.score
                });
            for i in bits(matching[id as usize]) {
                let s = local[i];
                if s.score < worst {
                    continue;
                }
                let doc = first + i as u32;
                let (score, with) = score(doc, s.score, s.mask);
                let candidate = std::cmp::Reverse(Scored { score, doc, with });
                if heap.len() < limit {
                    heap.push(candidate);
                } else if heap.peek().is_some_and(|worst| candidate < *worst) {
                    heap.pop();
                    heap.push(candidate);
                }
                if heap.len() == limit {
                    worst = heap.peek().map_or(worst, |w| w.0.score);
                }
            }
            // Cleared whole: documents not allowed may have been scored too.
            local = [Slot::default(); BLOCK as usize];
        }
        Top {
            best: heap.into_sorted_vec().into_iter().map(|r| r.0).collect(),
            total,
        }
    }

    /// Per block: the bound of any text score in it (the sum over clauses of the best
    /// weight of the clause's terms), which documents match any clause, and which match each
    /// clause (`by_clause[block * clauses + k]`).
    fn bounds(&self, clauses: &[Vec<(usize, f32)>]) -> (Vec<f32>, Vec<u128>, Vec<u128>) {
        let n_blocks = self.addresses.len().div_ceil(BLOCK as usize);
        let n_clauses = clauses.len();
        let mut bound = vec![0f32; n_blocks];
        let mut matching = vec![0u128; n_blocks];
        let mut by_clause = vec![0u128; n_blocks * n_clauses];
        let mut clause_bound = vec![0f32; n_blocks];
        let mut seen: Vec<u32> = Vec::new();
        for (k, terms) in clauses.iter().enumerate() {
            for &(term, factor) in terms {
                for b in self.blocks(term) {
                    let slot = &mut clause_bound[b.id as usize];
                    if *slot == 0.0 {
                        seen.push(b.id);
                    }
                    *slot = slot.max(b.max * factor);
                    matching[b.id as usize] |= b.docs;
                    by_clause[b.id as usize * n_clauses + k] |= b.docs;
                }
            }
            for &id in &seen {
                bound[id as usize] += std::mem::take(&mut clause_bound[id as usize]);
            }
            seen.clear();
        }
        (bound, matching, by_clause)
    }

    /// Adds the text score of every document of block `id` that matches to `local` (its
    /// score and the mask of clauses it matched), moving each term's cursor to the block;
    /// `best` is scratch space, left as zeros.
    #[inline]
    fn score_block(
        &self,
        clauses: &[Vec<(usize, f32)>],
        cursors: &mut [Vec<usize>],
        id: u32,
        local: &mut [Slot; BLOCK as usize],
        best: &mut [f32; BLOCK as usize],
    ) {
        let first = id * BLOCK;
        for (bit, (terms, cursors)) in clauses.iter().zip(cursors.iter_mut()).enumerate() {
            let bit = 1u32 << bit;
            if let ([(term, factor)], [cursor]) = (terms.as_slice(), cursors.as_mut_slice()) {
                for p in self.in_block(*term, id, cursor) {
                    let slot = &mut local[(p.doc - first) as usize];
                    slot.score += p.weight * factor;
                    slot.mask |= bit;
                }
            } else {
                // The best of the clause's terms in each document, then added once.
                let mut docs = 0u128;
                for (&(term, factor), cursor) in terms.iter().zip(cursors.iter_mut()) {
                    for p in self.in_block(term, id, cursor) {
                        let i = p.doc - first;
                        docs |= 1 << i;
                        let b = &mut best[i as usize];
                        *b = b.max(p.weight * factor);
                    }
                }
                for i in bits(docs) {
                    let slot = &mut local[i];
                    slot.score += std::mem::take(&mut best[i]);
                    slot.mask |= bit;
                }
            }
        }
    }

    /// The postings of `term` in block `id`, moving `cursor` (an index into the term's
    /// blocks) forward to it: blocks are asked for in increasing order.
    fn in_block(&self, term: usize, id: u32, cursor: &mut usize) -> &[Posting] {
        let blocks = self.blocks(term);
        while blocks.get(*cursor).is_some_and(|b| b.id < id) {
            *cursor += 1;
        }
        match blocks.get(*cursor) {
            Some(b) if b.id == id => {
                let postings = self.postings(term);
                let end = blocks
                    .get(*cursor + 1)
                    .map_or(postings.len(), |b| b.start as usize);
                &postings[b.start as usize..end]
            }
            _ => &[],
        }
    }
}

/// The first step of [`Impacts::top`]: per block, which documents of `matching` (narrowed to
/// them in place) are allowed, have a mask `admit` accepts and pass `passes`; the blocks that
/// keep some, in order, and how many documents that is.
fn admitted(
    n_clauses: usize,
    by_clause: &[u128],
    matching: &mut [u128],
    allowed: &Allowed,
    admit: &impl Fn(u32) -> bool,
    passes: &Option<impl Fn(u32) -> bool>,
) -> (Vec<u32>, usize) {
    let mut candidates: Vec<u32> = Vec::new();
    let mut total = 0;
    // With few clauses, the masks `admit` accepts are listed once, and a block's
    // documents are admitted by a few operations on its bit sets (every document of
    // `docs` matches some clause, so when every mask is accepted they all are); with
    // more, by each document's mask.
    let listed: Option<Vec<u32>> =
        (n_clauses <= FEW_CLAUSES).then(|| (1..1u32 << n_clauses).filter(|&m| admit(m)).collect());
    let every_mask = listed
        .as_ref()
        .is_some_and(|l| l.len() == (1 << n_clauses) - 1);
    let mut admits = Memo::default();
    let mut masks = [0u32; BLOCK as usize];
    for (id, docs) in matching.iter_mut().enumerate() {
        *docs &= allowed.block(id as u32);
        if *docs == 0 {
            continue;
        }
        let of_block = &by_clause[id * n_clauses..(id + 1) * n_clauses];
        let mut admitted = match &listed {
            _ if every_mask => *docs,
            Some(list) => list.iter().fold(0u128, |admitted, &m| {
                let with_mask = of_block.iter().enumerate().fold(*docs, |set, (k, &c)| {
                    set & if m & (1 << k) != 0 { c } else { !c }
                });
                admitted | with_mask
            }),
            None => {
                // Each document's mask, a clause at a time (only the bits of matching
                // documents are set, and they are cleared again below).
                for (k, &c) in of_block.iter().enumerate() {
                    for i in bits(c & *docs) {
                        masks[i] |= 1 << k;
                    }
                }
                bits(*docs).fold(0u128, |admitted, i| {
                    let mask = std::mem::take(&mut masks[i]);
                    if admits.get(mask, admit) {
                        admitted | 1 << i
                    } else {
                        admitted
                    }
                })
            }
        };
        if let Some(passes) = passes {
            let first = id as u32 * BLOCK;
            for i in bits(admitted) {
                if !passes(first + i as u32) {
                    admitted &= !(1 << i);
                }
            }
        }
        *docs = admitted;
        if admitted != 0 {
            total += admitted.count_ones() as usize;
            candidates.push(id as u32);
        }
    }
    (candidates, total)
}

/// The positions of the bits set in `bits`, lowest first.
fn bits(mut bits: u128) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        if bits == 0 {
            return None;
        }
        let i = bits.trailing_zeros() as usize;
        bits &= bits - 1;
        Some(i)
    })
}

/// The searcher and where each segment's documents start in the numbering across segments.
struct Bases<'a> {
    bases: &'a [u32],
    searcher: &'a Searcher,
}

impl Bases<'_> {
    /// Each live document that has `term`, with `weight` of the term's frequency there.
    fn frequencies(
        &self,
        term: &Term,
        weight: &mut dyn FnMut(u32) -> f32,
    ) -> tantivy::Result<Vec<Posting>> {
        use tantivy::postings::Postings;
        let mut out = Vec::new();
        for (seg, reader) in self.searcher.segment_readers().iter().enumerate() {
            let alive = reader.alive_bitset();
            let inverted = reader.inverted_index(term.field())?;
            let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::WithFreqs)?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    out.push(Posting {
                        doc: self.bases[seg] + doc,
                        weight: weight(postings.term_freq()),
                    });
                }
                doc = postings.advance();
            }
        }
        Ok(out)
    }

    /// Appends `term`'s weight (× `boost`) in each live document, as tantivy's scorer gives it.
    fn postings(
        &self,
        term: &Term,
        option: IndexRecordOption,
        boost: f32,
        out: &mut Vec<Posting>,
    ) -> tantivy::Result<()> {
        let weight = TermQuery::new(term.clone(), option)
            .weight(EnableScoring::enabled_from_searcher(self.searcher))?;
        for (seg, reader) in self.searcher.segment_readers().iter().enumerate() {
            let alive = reader.alive_bitset();
            let mut scorer = weight.scorer(reader, boost)?;
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    out.push(Posting {
                        doc: self.bases[seg] + doc,
                        weight: scorer.score(),
                    });
                }
                doc = scorer.advance();
            }
        }
        Ok(())
    }
}

/// What a function of a clause mask answered for the last few masks asked (a query's
/// documents have few distinct masks), so that it is worked out once per mask, not once per
/// document.
struct Memo {
    /// Direct-mapped by the mask's low bits: the mask and the answer.
    slots: [(u32, bool); 64],
    /// Which slots hold an answer.
    filled: u64,
}

impl Default for Memo {
    fn default() -> Memo {
        Memo {
            slots: [(0, false); 64],
            filled: 0,
        }
    }
}

impl Memo {
    /// `f(mask)`, from the memo when it holds the mask.
    #[inline]
    fn get(&mut self, mask: u32, f: impl Fn(u32) -> bool) -> bool {
        let at = (mask ^ (mask >> 6) ^ (mask >> 12) ^ (mask >> 18) ^ (mask >> 24)) as usize % 64;
        match self.slots[at] {
            (m, answer) if m == mask && self.filled & (1 << at) != 0 => answer,
            _ => {
                let answer = f(mask);
                self.slots[at] = (mask, answer);
                self.filled |= 1 << at;
                answer
            }
        }
    }
}

/// A document's score so far and which clauses matched it.
#[derive(Clone, Copy, Default)]
struct Slot {
    score: f32,
    mask: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{STRING, Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    /// A small deterministic random number generator (64-bit LCG), for test data.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }
    }

    const WORDS: [&str; 12] = [
        "walk", "walking", "walks", "knit", "knitting", "tea", "talk", "debt", "advice", "carers",
        "yoga", "choir",
    ];

    /// An index of `n` documents over two text fields and a concept field, in two segments,
    /// with some documents deleted.
    fn index(n: u32) -> (Index, Field, Field, Field) {
        let mut b = Schema::builder();
        let (name, body) = (
            b.add_text_field("name", TEXT),
            b.add_text_field("body", TEXT),
        );
        let (concepts, id) = (
            b.add_text_field("c", STRING),
            b.add_text_field("id", STRING),
        );
        let index = Index::create_in_ram(b.build());
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut rng = Lcg(7);
        for i in 0..n {
            let mut d = TantivyDocument::default();
            d.add_text(id, i.to_string());
            let words = |rng: &mut Lcg, k: u64| {
                (0..rng.below(k))
                    .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            d.add_text(name, words(&mut rng, 3));
            d.add_text(body, words(&mut rng, 12));
            for c in ["n:a", "n:b", "d:mon"] {
                if rng.below(3) == 0 {
                    d.add_text(concepts, c);
                }
            }
            writer.add_document(d).unwrap();
            if i == n / 2 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        for i in (0..n).step_by(17) {
            writer.delete_term(Term::from_field_text(id, &i.to_string()));
        }
        writer.commit().unwrap();
        (index, name, body, concepts)
    }

    #[test]
    fn the_best_blocks_give_what_scoring_every_match_gives() {
        let (index, name, body, concepts) = index(3000);
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() >= 2, "two segments");
        let mut terms: Vec<&str> = WORDS.to_vec();
        terms.sort();
        let vocab: Vec<(&str, u8)> = terms.iter().map(|&t| (t, 0b11)).collect();
        let impacts =
            Impacts::read(&searcher, &vocab, &[(name, 3.0), (body, 1.0)], concepts).unwrap();
        let n = impacts.len();
        let mut rng = Lcg(11);
        for round in 0..200 {
            // Up to three clauses (sometimes eight: more than `FEW_CLAUSES`) of up to three
            // terms (some with a factor < 1), and sometimes a concept.
            let most = if round % 7 == 0 { 8 } else { 3 };
            let mut clauses: Vec<Vec<(usize, f32)>> = (0..1 + rng.below(most))
                .map(|_| {
                    (0..1 + rng.below(3))
                        .map(|k| {
                            let factor = if k == 0 { 1.0 } else { 0.6 };
                            (rng.below(terms.len() as u64) as usize, factor)
                        })
                        .collect()
                })
                .collect();
            if round % 2 == 0 {
                let c = ["n:a", "n:b", "d:mon"][rng.below(3) as usize];
                clauses.push(vec![(impacts.concept(c).unwrap(), 1.5)]);
            }
            let allowed = Allowed::from_fn(n, |d| round % 3 != 0 || d % 5 != 0);
            // Every document scored, the plain way.
            let mut score = vec![0f32; n as usize];
            let mut mask = vec![0u32; n as usize];
            for (i, clause) in clauses.iter().enumerate() {
                let mut best = vec![0f32; n as usize];
                for &(term, factor) in clause {
                    for p in impacts.postings(term) {
                        let b = &mut best[p.doc as usize];
                        *b = b.max(p.weight * factor);
                    }
                }
                for d in 0..n as usize {
                    if best[d] > 0.0 {
                        score[d] += best[d];
                        mask[d] |= 1 << i;
                    }
                }
            }
            // Some rounds admit only documents matching two clauses, or leave some out.
            let admit = |m: u32| round % 5 != 2 || m.count_ones() >= 2;
            let passes = |d: u32| d % 7 != 3;
            // A final score below the text score, as coverage makes it.
            let fin = |s: f32, m: u32| s * (m.count_ones() as f32 / clauses.len() as f32);
            let mut all: Vec<Scored<u32>> = (0..n)
                .filter(|&d| {
                    let m = mask[d as usize];
                    m != 0
                        && allowed.block(d / BLOCK) >> (d % BLOCK) & 1 == 1
                        && admit(m)
                        && (round % 4 != 1 || passes(d))
                })
                .map(|d| Scored {
                    score: fin(score[d as usize], mask[d as usize]),
                    doc: d,
                    with: mask[d as usize],
                })
                .collect();
            all.sort_by(|a, b| b.cmp(a));
            for limit in [0, 1, 7, 100, 5000] {
                let top = impacts.top(
                    &clauses,
                    &allowed,
                    limit,
                    admit,
                    (round % 4 == 1).then_some(passes),
                    |_, s, m| (fin(s, m), m),
                );
                assert_eq!(top.total, all.len(), "round {round}");
                let want: Vec<_> = all
                    .iter()
                    .take(limit)
                    .map(|s| (s.doc, s.score, s.with))
                    .collect();
                let got: Vec<_> = top.best.iter().map(|s| (s.doc, s.score, s.with)).collect();
                assert_eq!(got, want, "round {round}, limit {limit}");
            }
        }
        // Deleted documents have no postings.
        let deleted = searcher
            .segment_readers()
            .iter()
            .map(|r| r.num_deleted_docs())
            .sum::<u32>();
        assert!(deleted > 0);
        assert_eq!(
            impacts
                .postings
                .iter()
                .filter(|p| {
                    let at = impacts.address(p.doc);
                    !searcher
                        .segment_reader(at.segment_ord)
                        .is_deleted(at.doc_id)
                })
                .count(),
            impacts.postings.len()
        );
    }
}
