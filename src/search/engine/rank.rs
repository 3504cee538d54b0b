//! The engine's ranking: a query's [`Plan`] over the impacts held in memory, the filters,
//! the walk from a place, and the words' exact, prefix and typo matches (the rule is in
//! [`crate::search`]).

use super::{Engine, Matches, Ranked, bounded};
use crate::analysis::{self, Lang, Reading};
use crate::place::LatLon;
use crate::search::impacts::Allowed;
use crate::search::{CONCEPT_WEIGHT, FILTER_WEIGHT, Plan, distance_factor};
use crate::select;

/// At most this many index terms a query word expands to by prefix.
const MAX_EXPANSIONS: usize = 64;

impl Engine {
    /// Whether some document `allowed` has the text term `term`.
    fn knows(&self, term: &str, allowed: &Allowed) -> bool {
        self.vocab
            .terms
            .binary_search_by(|t| (*t.text).cmp(term))
            .is_ok_and(|i| self.impacts.any_in(i, allowed))
    }

    /// The ranking of [`super`] over every listing `query` (typed in `lang`) answers: the
    /// [`Plan`] of the query, with walks from `near` (when given), among the listings `only`
    /// allows (when given; see [`Engine::allowed`]). Keeps the `limit` best (best first, ties
    /// in index order) and counts them all; no document is read from the store.
    ///
    /// The weights are those held in memory ([`Impacts`]): each query word and each topic is
    /// a clause of [`Impacts::top`], which scores only the blocks of documents that may hold
    /// one of the `limit` best.
    pub fn rank(
        &self,
        query: &str,
        near: Option<LatLon>,
        lang: Option<&str>,
        only: Option<&Allowed>,
        limit: usize,
    ) -> Matches {
        let allowed = only.unwrap_or(&self.live);
        let q = self.analyse(query, lang, allowed);
        let plan = Plan::of(&q, lang);
        if plan.is_empty() {
            return Matches::default();
        }
        // The filters the query's words name: tested only on the documents a clause admits
        // (not on every document of the index, as a set of those passing would need).
        let passes = |doc: u32| {
            let l = self.listing_of[doc as usize];
            l != u32::MAX && self.listings[l as usize].facets.passes(&plan.conditions)
        };
        let passes = (!plan.conditions.is_empty()).then_some(passes);
        if plan.filters_only() && plan.clauses() == 0 {
            let filtered = Allowed::from_fn(self.impacts.len(), |doc| {
                allowed.contains(doc) && passes.as_ref().is_none_or(|p| p(doc))
            });
            return self.nearest(&filtered, near, limit);
        }
        let clauses = self.clauses(&q, &plan);
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
            allowed,
            limit,
            |mask| plan.admit(mask),
            passes,
            |number, text, mask| {
                let (walk, factor) = match near {
                    Some(from) => {
                        let at = self.impacts.address(number);
                        let (lat, lon, everywhere) = &columns[at.segment_ord as usize];
                        let doc = at.doc_id;
                        let walk = nearest_walk(from, lat.as_ref(), lon.as_ref(), doc);
                        let everywhere =
                            everywhere.as_ref().and_then(|c| c.first(doc)).unwrap_or(0) == 1;
                        let factor = match walk {
                            Some(m) if !everywhere || f64::from(m) <= crate::search::HALF_WALK => {
                                distance_factor(Some(m))
                            }
                            _ => distance_factor(None),
                        };
                        (walk, factor)
                    }
                    None => (None, 1.0),
                };
                // In tenths, as the static index weighs (never above the text score, which
                // bounds it for the pruning).
                let score = f64::from(text) * factor * plan.share(mask);
                let tenths = (round(score * 10.0) / 10.0).min(f64::from(text));
                (tenths as f32, walk)
            },
        );
        let mut ranked: Vec<Ranked> = top
            .best
            .into_iter()
            .map(|s| Ranked {
                listing: self.listing_of[s.doc as usize],
                score: s.score,
                walk_minutes: s.with,
                doc: s.doc,
            })
            .collect();
        self.sort_ties(&mut ranked);
        Matches {
            top: ranked,
            total: top.total,
        }
    }

    /// `query` as the analysis reads it for the listings `allowed`: the words they know match
    /// only exactly, and only the concepts they hold (or filters) may be named.
    fn analyse(&self, query: &str, lang: Option<&str>, allowed: &Allowed) -> analysis::Query {
        let known = |t: &str| self.knows(t, allowed);
        let keep = |c: &str| {
            crate::search::static_index::may_name(c, |c| {
                self.impacts
                    .concept(c)
                    .is_some_and(|i| self.impacts.any_in(i, allowed))
            })
        };
        analysis::query(
            &bounded(query),
            &self.synonyms,
            &Reading {
                lang: Lang::of(lang),
                typing: false,
                known: &known,
                keep: &keep,
            },
        )
    }

    /// The clauses of [`crate::search::impacts::Impacts::top`] for a plan: words, topic
    /// groups, filters (see [`Plan`]).
    fn clauses(&self, q: &analysis::Query, plan: &Plan) -> Vec<Vec<(usize, f32)>> {
        let concept = |c: usize, weight: f64| -> Vec<(usize, f32)> {
            self.impacts
                .concept(&q.concepts[c].concept)
                .map(|term| (term, weight as f32))
                .into_iter()
                .collect()
        };
        // The clauses of `Impacts::top`: words, topic groups, filters (see `Plan`). A word
        // that matches no term has no terms but still counts in coverage.
        plan.words
            .iter()
            .map(|&w| self.word_terms(&q.words[w]))
            .chain(plan.groups.iter().map(|g| {
                g.iter()
                    .flat_map(|&c| concept(c, CONCEPT_WEIGHT * q.concepts[c].factor))
                    .collect()
            }))
            .chain(plan.filters.iter().map(|&c| concept(c, FILTER_WEIGHT)))
            .collect()
    }

    /// Ranked listings best first, ties as a site lists them: nearer first, then services
    /// people do not travel to, by name.
    fn sort_ties(&self, ranked: &mut [Ranked]) {
        let name = |r: &Ranked| &self.listings[r.listing as usize].name;
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| match (a.walk_minutes, b.walk_minutes) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                })
                .then_with(|| name(a).cmp(name(b)))
                .then_with(|| a.doc.cmp(&b.doc))
        });
    }

    /// Every listing `allowed`, as a site lists them: those with a venue nearest first from
    /// `near` (by distance, then id), then the others by name (then id); without `near`, all
    /// by name. The score is the distance factor.
    fn nearest(&self, allowed: &Allowed, near: Option<LatLon>, limit: usize) -> Matches {
        let mut found: Vec<(Option<f64>, u32, u32)> = Vec::new();
        for doc in (0..self.impacts.len()).filter(|&d| allowed.contains(d)) {
            let l = self.listing_of[doc as usize];
            if l == u32::MAX {
                continue;
            }
            let metres = near.and_then(|from| {
                self.listings[l as usize]
                    .venues
                    .iter()
                    .map(|v| from.distance_metres(*v))
                    .min_by(f64::total_cmp)
            });
            found.push((metres, l, doc));
        }
        let name = |l: u32| (&self.listings[l as usize].name, &self.ids[l as usize]);
        found.sort_by(|a, b| match (a.0, b.0) {
            (Some(x), Some(y)) => x
                .total_cmp(&y)
                .then_with(|| self.ids[a.1 as usize].cmp(&self.ids[b.1 as usize])),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => name(a.1).cmp(&name(b.1)),
        });
        let total = found.len();
        found.truncate(limit);
        let top = found
            .into_iter()
            .map(|(metres, listing, doc)| {
                let walk = metres.and_then(|_| {
                    let from = near?;
                    self.listings[listing as usize]
                        .venues
                        .iter()
                        .map(|v| select::walk_minutes(from, *v))
                        .min()
                });
                Ranked {
                    listing,
                    score: distance_factor(walk) as f32,
                    walk_minutes: walk,
                    doc,
                }
            })
            .collect();
        Matches { top, total }
    }

    /// One query word: its exact matches among the index's terms and, when the word may be
    /// a prefix or have a typo ([`analysis::QueryWord`]), its prefix and one-typo matches, as
    /// indexes into the vocabulary with their factors (1, [`crate::search::PREFIX_FACTOR`],
    /// [`crate::search::TYPO_FACTOR`]); the word's weight in a document is the best of theirs. Empty
    /// when no term of the index matches.
    fn word_terms(&self, w: &analysis::QueryWord) -> Vec<(usize, f32)> {
        let vocab = &self.vocab.terms;
        let mut candidates: Vec<(usize, f32)> = Vec::new();
        let start = vocab.partition_point(|t| &*t.text < w.term.as_str());
        for (i, t) in vocab[start..]
            .iter()
            .enumerate()
            .take_while(|(_, t)| t.text.starts_with(&w.term))
            .take(MAX_EXPANSIONS)
        {
            if *t.text == w.term {
                candidates.push((start + i, 1.0));
            } else if w.prefix {
                candidates.push((start + i, crate::search::PREFIX_FACTOR as f32));
            } else {
                break;
            }
        }
        if w.typo {
            let len = w.term.chars().count();
            for n in len.saturating_sub(1)..=len + 1 {
                for &i in self.vocab.by_chars.get(n).into_iter().flatten() {
                    let t = &vocab[i as usize];
                    if n >= analysis::TYPO_MIN_LETTERS
                        && may_be_one_edit(&t.text, &w.term)
                        && !candidates.iter().any(|&(c, _)| c == i as usize)
                        && analysis::within_one_edit(&t.text, &w.term)
                    {
                        candidates.push((i as usize, crate::search::TYPO_FACTOR as f32));
                    }
                }
            }
        }
        candidates
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

/// `x.round()` (halves away from zero), without the call into libm that `f64::round` is on
/// x86-64 without SSE4.1: a score is rounded this way for every document scored. For
/// `0 < x < 2^52` the whole part is exact as an integer and `x - whole` is exact, so the
/// answer is the same; anything else (zeros keep their sign) goes to `f64::round`.
#[inline]
fn round(x: f64) -> f64 {
    const EXACT: f64 = 4_503_599_627_370_496.0; // 2^52
    if x > 0.0 && x < EXACT {
        let whole = (x as u64) as f64;
        if x - whole >= 0.5 { whole + 1.0 } else { whole }
    } else {
        x.round()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_is_f64_round() {
        let mut xs = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            0.49999999999999994,
            4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            9.0e15 + 1.0,
            -2.5,
            f64::INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
        ];
        let mut x = 1.0e-3f64;
        while x < 1.0e6 {
            xs.extend([x, x * 10.0, x.next_up(), x.next_down(), x + 0.05]);
            x *= 1.0173;
        }
        for k in 0..100_000 {
            let h = f64::from(k) / 100.0;
            xs.extend([
                h,
                h + 0.005,
                h.next_up(),
                h.next_down(),
                (h + 0.005).next_down(),
            ]);
        }
        for x in xs {
            assert_eq!(round(x).to_bits(), x.round().to_bits(), "{x}");
        }
        assert!(round(f64::NAN).is_nan());
    }

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
}
