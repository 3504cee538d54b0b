//! How a query analysed ([`crate::analysis::Query`]) is searched, in both engines: which of its
//! concepts are filters and which rank, which words score and which must be covered, and the
//! rules that admit a listing and weigh its coverage (see the ranking rule in [`super`]).
//! search.js mirrors it (`plan`, `admit`, `share`).

use crate::analysis::Query;
use crate::facets::Condition;

/// A query's search plan. Bit `i` of a words mask is `words[i]`; bit `j` of a topics mask is
/// `topics[j]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// The filters the query's words name ([`Condition::all`]).
    pub conditions: Vec<Condition>,
    /// The query words that score (indexes into [`Query::words`]): every word but those a
    /// filter's phrase covers.
    pub words: Vec<usize>,
    /// Words a listing must cover to be relevant (not filler), as a words mask.
    pub required: u32,
    /// The concepts that rank (indexes into [`Query::concepts`]): every concept but filters.
    pub topics: Vec<usize>,
    /// Per topic, the words its phrase covers, as a words mask.
    pub covers: Vec<u32>,
}

/// At most this many words and topics count (a mask bit each); the rest of a longer query is
/// left out.
pub const MAX_CLAUSES: usize = 16;

impl Plan {
    /// The plan of `q`.
    pub fn of(q: &Query) -> Plan {
        let is_filter = |c: &str| Condition::of(c).is_some();
        let conditions = Condition::all(
            q.concepts
                .iter()
                .filter(|c| is_filter(&c.concept))
                .map(|c| c.concept.as_str()),
        );
        let filtered: Vec<usize> = q
            .concepts
            .iter()
            .filter(|c| is_filter(&c.concept))
            .flat_map(|c| c.covers.iter().copied())
            .collect();
        let words: Vec<usize> = (0..q.words.len())
            .filter(|w| !filtered.contains(w))
            .take(MAX_CLAUSES)
            .collect();
        let bit_of = |w: usize| words.iter().position(|&x| x == w).map(|i| 1u32 << i);
        let required = words
            .iter()
            .enumerate()
            .filter(|(_, w)| !q.words[**w].filler)
            .fold(0, |m, (i, _)| m | 1 << i);
        let topics: Vec<usize> = (0..q.concepts.len())
            .filter(|&c| !is_filter(&q.concepts[c].concept))
            .take(MAX_CLAUSES)
            .collect();
        let covers = topics
            .iter()
            .map(|&c| {
                q.concepts[c]
                    .covers
                    .iter()
                    .filter_map(|&w| bit_of(w))
                    .fold(0, |m, b| m | b)
            })
            .collect();
        Plan {
            conditions,
            words,
            required,
            topics,
            covers,
        }
    }

    /// Nothing to rank by, but filters: every listing that passes them answers, nearest first.
    pub fn filters_only(&self) -> bool {
        self.required == 0 && self.topics.is_empty() && !self.conditions.is_empty()
    }

    /// Nothing to search for at all: no filter, no topic, no word a listing must match.
    pub fn is_empty(&self) -> bool {
        self.required == 0 && self.topics.is_empty() && self.conditions.is_empty()
    }

    /// Whether a listing that matched these words and holds these topics is relevant: it holds
    /// a topic the query names, or it covers the required words (all of one or two, two thirds
    /// of more).
    pub fn admit(&self, words: u32, topics: u32) -> bool {
        if topics != 0 {
            return true;
        }
        let r = self.required.count_ones();
        if r == 0 {
            return false;
        }
        let need = if r <= 2 { r } else { (2 * r).div_ceil(3) };
        (words & self.required).count_ones() >= need
    }

    /// The share of the required words a listing covers: matched, or part of the phrase of a
    /// topic it holds. 1 when no word is required.
    pub fn share(&self, words: u32, topics: u32) -> f64 {
        let r = self.required.count_ones();
        if r == 0 {
            return 1.0;
        }
        let mut covered = words;
        for (j, c) in self.covers.iter().enumerate() {
            if topics & (1 << j) != 0 {
                covered |= c;
            }
        }
        f64::from((covered & self.required).count_ones()) / f64::from(r)
    }
}
