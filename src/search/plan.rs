//! How a query analysed ([`crate::analysis::Query`]) is searched, in both engines: which of its
//! concepts filter and which rank, which words score and which a listing must cover, and the
//! rules that admit a listing and weigh its coverage (the ranking rule in [`super`]).
//! search.js mirrors it (`plan`, `admit`, `share`).
//!
//! A query becomes clauses, each a bit of a listing's mask: the scoring words first, then the
//! topic groups (the concepts one phrase names, of which a listing counts the best), then the
//! filter concepts that have index terms (they rank listings that pass by how central the
//! filter's value is to them, and answer a query of filters alone).

use crate::analysis::Query;
use crate::facets::Condition;

/// At most this many words, topic groups and filter concepts count (a mask bit each, 32 in
/// all); the rest of a longer query is left out.
pub const MAX_WORDS: usize = 16;
pub const MAX_GROUPS: usize = 8;
pub const MAX_FILTERS: usize = 8;

/// A query's search plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// The filters the query's words name ([`Condition::all`]).
    pub conditions: Vec<Condition>,
    /// The query words that score (indexes into [`Query::words`]): every word but those a
    /// filter's phrase covers.
    pub words: Vec<usize>,
    /// Words a listing must cover (not filler), as a words mask.
    pub required: u32,
    /// Required words that neither the index nor the synonyms know, as a words mask.
    pub unknown: u32,
    /// How many unknown required words a listing may leave uncovered: none in English, one in
    /// another language (whose search words are fewer).
    pub tolerance: u32,
    /// Topic groups: the concepts (indexes into [`Query::concepts`]) that cover the same words
    /// (one phrase); each concept a crisis names is a group of its own.
    pub groups: Vec<Vec<usize>>,
    /// Per group, the words it covers, as a words mask.
    pub covers: Vec<u32>,
    /// Groups that make a listing that holds them relevant: named without a typo, and covering
    /// a required word. As a groups mask.
    pub strong: u32,
    /// The words that groups named without a typo cover: evidence only through their topic.
    pub topical: u32,
    /// Filter concepts that rank the listings that pass (languages, audiences; not days,
    /// times, flags or ages): indexes into [`Query::concepts`].
    pub filters: Vec<usize>,
}

impl Plan {
    /// The plan of `q`, typed in `lang` (ISO 639-1, if known).
    pub fn of(q: &Query, lang: Option<&str>) -> Plan {
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
            .take(MAX_WORDS)
            .collect();
        let mask = |keep: &dyn Fn(usize) -> bool| -> u32 {
            words
                .iter()
                .enumerate()
                .filter(|(_, w)| keep(**w))
                .fold(0, |m, (i, _)| m | 1 << i)
        };
        let required = mask(&|w| !q.words[w].filler);
        let unknown = mask(&|w| !q.words[w].filler && !q.words[w].known);
        let bits_of = |covers: &[usize]| -> u32 {
            covers
                .iter()
                .filter_map(|w| words.iter().position(|x| x == w))
                .fold(0, |m, i| m | 1 << i)
        };
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut group_covers: Vec<Vec<usize>> = Vec::new();
        for (c, concept) in q.concepts.iter().enumerate() {
            if is_filter(&concept.concept) {
                continue;
            }
            let same = |g: usize| group_covers[g] == concept.covers && !concept.crisis;
            match (0..groups.len()).find(|&g| same(g) && !q.concepts[groups[g][0]].crisis) {
                Some(g) => groups[g].push(c),
                None if groups.len() < MAX_GROUPS => {
                    groups.push(vec![c]);
                    group_covers.push(concept.covers.clone());
                }
                None => {}
            }
        }
        let covers: Vec<u32> = group_covers.iter().map(|c| bits_of(c)).collect();
        let sure = |g: &Vec<usize>| g.iter().any(|&i| q.concepts[i].factor >= 1.0);
        let strong = groups
            .iter()
            .zip(&covers)
            .enumerate()
            .filter(|(_, (g, c))| sure(g) && **c & required != 0)
            .fold(0, |m, (j, _)| m | 1 << j);
        let topical = groups
            .iter()
            .zip(&covers)
            .filter(|(g, _)| sure(g))
            .fold(0, |m, (_, c)| m | c);
        let filters = q
            .concepts
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                matches!(Condition::of(&c.concept), Some(f) if f.key == "l" || f.key == "au")
            })
            .map(|(i, _)| i)
            .take(MAX_FILTERS)
            .collect();
        Plan {
            conditions,
            words,
            required,
            unknown,
            tolerance: u32::from(lang.is_some_and(|l| l != "en")),
            groups,
            covers,
            strong,
            topical,
            filters,
        }
    }

    /// Nothing to search for: no filter, no word a listing must match, no topic.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty() && self.required == 0 && self.groups.is_empty()
    }

    /// Filters, and nothing a listing must match or hold to be relevant: every listing that
    /// passes the filters and matches some clause answers (with no clause, every listing that
    /// passes, nearest first).
    pub fn filters_only(&self) -> bool {
        !self.conditions.is_empty() && self.required == 0 && self.strong == 0
    }

    /// The number of clauses: words, groups, filters.
    pub fn clauses(&self) -> usize {
        self.words.len() + self.groups.len() + self.filters.len()
    }

    /// Splits a clause mask into (words, groups, filters) masks.
    pub fn split(&self, mask: u32) -> (u32, u32, u32) {
        let (nw, ng) = (self.words.len(), self.groups.len());
        let low = |n: usize| if n >= 32 { u32::MAX } else { (1u32 << n) - 1 };
        (
            mask & low(nw),
            (mask >> nw) & low(ng),
            mask.checked_shr((nw + ng) as u32).unwrap_or(0),
        )
    }

    /// The required words a listing covers: matched (unless the phrase of a topic named
    /// without a typo holds the word: such a word is evidence only through its topic), or
    /// covered by a group it holds.
    fn covered(&self, words: u32, groups: u32) -> u32 {
        let mut covered = words & !self.topical;
        for (j, c) in self.covers.iter().enumerate() {
            if groups & (1 << j) != 0 {
                covered |= c;
            }
        }
        covered & self.required
    }

    /// Whether a listing with this clause mask answers. For filters alone: it matches some
    /// clause. Otherwise it leaves at most [`Plan::tolerance`] unknown required words
    /// uncovered, and either holds a strong group or covers the required words (all of one or
    /// two, two thirds of more).
    pub fn admit(&self, mask: u32) -> bool {
        if self.filters_only() {
            return mask != 0;
        }
        let (words, groups, _) = self.split(mask);
        let covered = self.covered(words, groups);
        if (self.unknown & !covered).count_ones() > self.tolerance {
            return false;
        }
        if groups & self.strong != 0 {
            return true;
        }
        let r = self.required.count_ones();
        let need = if r <= 2 { r } else { (2 * r).div_ceil(3) };
        r > 0 && covered.count_ones() >= need
    }

    /// The share of the required words a listing with this mask covers; 1 when none is
    /// required.
    pub fn share(&self, mask: u32) -> f64 {
        let r = self.required.count_ones();
        if r == 0 {
            return 1.0;
        }
        let (words, groups, _) = self.split(mask);
        f64::from(self.covered(words, groups).count_ones()) / f64::from(r)
    }
}
