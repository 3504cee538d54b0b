//! Near-duplicate listings: two files that probably describe the same group, so `check` can
//! warn (W005, "this looks like listings/x.yaml") before a second copy is published.
//!
//! Two listings look alike when their names are alike — the same terms after
//! [`analysis::terms`] with a Dice overlap of at least [`NAME_OVERLAP`], or a normalised
//! Levenshtein similarity of at least [`NAME_SIMILARITY`] between the folded names — or their
//! summaries share at least [`SUMMARY_OVERLAP`] of their terms, *and* they meet in the same
//! place: venues within [`NEAR_METRES`], or neither has a venue. Only listings in the same or
//! neighbouring grid cells are compared, and listings without a venue only with those that
//! share an uncommon name term, so the work grows with the listings, not their square.
//! Exact same name at the same postcode is E017 (an error), not this.

use std::borrow::Borrow;
use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::analysis;
use crate::model::Listing;
use crate::place::LatLon;

pub const NAME_OVERLAP: f64 = 0.8;
pub const NAME_SIMILARITY: f64 = 0.85;
pub const SUMMARY_OVERLAP: f64 = 0.85;
pub const NEAR_METRES: f64 = 400.0;
/// Grid cell size in degrees of latitude (about 1.1 km), wider than [`NEAR_METRES`].
const CELL: f64 = 0.01;
/// Listings without a venue are compared only when they share a name term that at most this
/// many of them have.
const MAX_BLOCK: usize = 500;

struct Prepared {
    folded: String,
    chars: usize,
    /// Interned terms, sorted and distinct.
    name: Vec<u32>,
    summary: Vec<u32>,
    places: Vec<LatLon>,
}

/// Dice coefficient of two sorted, distinct lists.
fn overlap(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = crate::sorted::count_common(a, b) as u32;
    2.0 * f64::from(common) / (a.len() + b.len()) as f64
}

fn alike(a: &Prepared, b: &Prepared) -> bool {
    if !same_place(&a.places, &b.places) {
        return false;
    }
    let names = overlap(&a.name, &b.name);
    if names >= NAME_OVERLAP || overlap(&a.summary, &b.summary) >= SUMMARY_OVERLAP {
        return true;
    }
    // Spelling variants ("Thornton Heath Knitters" / "... Knittters") still share most words,
    // and a Levenshtein similarity ≥ 0.85 needs lengths within 15% of each other.
    let (short, long) = (a.chars.min(b.chars), a.chars.max(b.chars));
    names >= 0.5
        && (long as f64) * (1.0 - NAME_SIMILARITY) >= (long - short) as f64
        && strsim::normalized_levenshtein(&a.folded, &b.folded) >= NAME_SIMILARITY
}

fn same_place(a: &[LatLon], b: &[LatLon]) -> bool {
    if a.is_empty() && b.is_empty() {
        return true;
    }
    // A degree of latitude is about 111 km: most pairs are ruled out before the haversine.
    const NEAR_DEGREES: f64 = NEAR_METRES / 111_000.0;
    a.iter().any(|x| {
        b.iter()
            .any(|y| (x.lat - y.lat).abs() <= NEAR_DEGREES && x.distance_metres(*y) <= NEAR_METRES)
    })
}

fn cell(at: LatLon) -> (i64, i64) {
    (
        (at.lat / CELL).floor() as i64,
        (at.lon / (CELL * 1.6)).floor() as i64,
    )
}

/// Pairs of listings that look like the same group, each pair once as (earlier, later) in the
/// order given, sorted. Takes listings or references to them, so a caller need not copy them.
pub fn near_duplicates<L: Borrow<Listing> + Sync>(listings: &[L]) -> Vec<(&Listing, &Listing)> {
    // The text analysis is the costly part: do it in parallel, then intern the terms in order.
    let analysed: Vec<(String, Vec<String>, Vec<String>)> = listings
        .par_iter()
        .map(|l| {
            let l = l.borrow();
            (
                analysis::words(&l.name).join(" "),
                analysis::terms(&l.name),
                analysis::terms(&l.summary),
            )
        })
        .collect();
    let mut vocabulary: HashMap<String, u32> = HashMap::new();
    let mut intern = |terms: Vec<String>| -> Vec<u32> {
        let mut ids: Vec<u32> = terms
            .into_iter()
            .map(|t| {
                let next = vocabulary.len() as u32;
                *vocabulary.entry(t).or_insert(next)
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let prepared: Vec<Prepared> = listings
        .iter()
        .zip(analysed)
        .map(|(l, (folded, name, summary))| Prepared {
            chars: folded.chars().count(),
            folded,
            name: intern(name),
            summary: intern(summary),
            places: l.borrow().venues.iter().filter_map(|v| v.at).collect(),
        })
        .collect();
    // With venues: compare within neighbouring grid cells.
    let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    // Without: compare those sharing an uncommon name term.
    let mut by_term: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, p) in prepared.iter().enumerate() {
        if p.places.is_empty() {
            for &t in &p.name {
                by_term.entry(t).or_default().push(i);
            }
        }
        let mut mine: Vec<(i64, i64)> = p.places.iter().map(|&at| cell(at)).collect();
        mine.sort_unstable();
        mine.dedup();
        for c in mine {
            cells.entry(c).or_default().push(i);
        }
    }
    let prepared = &prepared;
    let pairs: BTreeSet<(usize, usize)> = prepared
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, p)| {
            let mut candidates = Vec::new();
            if p.places.is_empty() {
                for t in &p.name {
                    let block = &by_term[t];
                    if block.len() <= MAX_BLOCK {
                        candidates.extend(block);
                    }
                }
            } else {
                let mut mine: Vec<(i64, i64)> = p.places.iter().map(|&at| cell(at)).collect();
                mine.sort_unstable();
                mine.dedup();
                for (y, x) in mine {
                    for dy in -1..=1 {
                        for dx in -1..=1 {
                            if let Some(m) = cells.get(&(y + dy, x + dx)) {
                                candidates.extend(m);
                            }
                        }
                    }
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            candidates
                .into_iter()
                .filter(move |&j| i < j && alike(p, &prepared[j]))
                .map(move |j| (i, j))
        })
        .collect();
    pairs
        .into_iter()
        .map(|(i, j)| (listings[i].borrow(), listings[j].borrow()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_name_at_the_same_place_is_alike() {
        let p = |name: &str| Prepared {
            folded: analysis::words(name).join(" "),
            chars: analysis::words(name).join(" ").chars().count(),
            name: Vec::new(),
            summary: Vec::new(),
            places: vec![LatLon {
                lat: 51.4,
                lon: -0.1,
            }],
        };
        let mut a = p("Thornton Heath Knitters");
        let mut b = p("Thornton Heath Knittters");
        (a.name, b.name) = (vec![1, 2, 3], vec![1, 2, 4]);
        assert!(alike(&a, &b));
        b.places[0].lat += 0.01;
        assert!(!alike(&a, &b), "a kilometre away");
    }

    #[test]
    fn overlap_is_the_dice_coefficient() {
        assert!((overlap(&[1, 2], &[1, 2, 3]) - 0.8).abs() < 1e-9);
        assert_eq!(overlap(&[], &[1]), 0.0);
        assert_eq!(overlap(&[1, 5], &[2, 6]), 0.0);
    }
}
