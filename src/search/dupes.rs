//! Near-duplicate listings: two files that probably describe the same group, so `check` can
//! warn (W005, "this looks like listings/x.yaml") before a second copy is published.
//!
//! Two listings look alike when their names are alike — the same terms after
//! [`analysis::terms`] with a Dice overlap of at least [`NAME_OVERLAP`], or a normalised
//! Levenshtein similarity of at least [`NAME_SIMILARITY`] between the folded names — or their
//! summaries share at least [`SUMMARY_OVERLAP`] of their terms, *and* they meet in the same
//! place: venues within [`NEAR_METRES`], or neither has a venue. Only pairs in the same or
//! neighbouring grid cells are compared, so 100,000 listings take seconds, not hours.
//! Exact same name at the same postcode is E017 (an error), not this.

use std::collections::{BTreeSet, HashMap};

use super::analysis;
use crate::locate::LatLon;
use crate::model::Listing;

pub const NAME_OVERLAP: f64 = 0.75;
pub const NAME_SIMILARITY: f64 = 0.85;
pub const SUMMARY_OVERLAP: f64 = 0.7;
pub const NEAR_METRES: f64 = 400.0;
/// Grid cell size in degrees of latitude (about 1.1 km), wider than [`NEAR_METRES`].
const CELL: f64 = 0.01;

struct Prepared<'a> {
    listing: &'a Listing,
    folded: String,
    name: BTreeSet<String>,
    summary: BTreeSet<String>,
}

fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(b).count() as f64;
    common / (a.len() + b.len()) as f64 * 2.0
}

fn alike(a: &Prepared, b: &Prepared) -> bool {
    let names = overlap(&a.name, &b.name) >= NAME_OVERLAP
        || strsim::normalized_levenshtein(&a.folded, &b.folded) >= NAME_SIMILARITY;
    let summaries = overlap(&a.summary, &b.summary) >= SUMMARY_OVERLAP;
    (names || summaries) && same_place(a.listing, b.listing)
}

fn same_place(a: &Listing, b: &Listing) -> bool {
    let pa: Vec<LatLon> = a.venues.iter().filter_map(|v| v.at).collect();
    let pb: Vec<LatLon> = b.venues.iter().filter_map(|v| v.at).collect();
    if pa.is_empty() && pb.is_empty() {
        return true;
    }
    pa.iter()
        .any(|x| pb.iter().any(|y| x.distance_metres(*y) <= NEAR_METRES))
}

fn cell(at: LatLon) -> (i64, i64) {
    (
        (at.lat / CELL).floor() as i64,
        (at.lon / (CELL * 1.6)).floor() as i64,
    )
}

/// Pairs of listings that look like the same group, each pair once as (earlier id, later id),
/// sorted.
pub fn near_duplicates(listings: &[Listing]) -> Vec<(&Listing, &Listing)> {
    let prepared: Vec<Prepared> = listings
        .iter()
        .map(|l| Prepared {
            listing: l,
            folded: analysis::words(&l.name).join(" "),
            name: analysis::terms(&l.name).into_iter().collect(),
            summary: analysis::terms(&l.summary).into_iter().collect(),
        })
        .collect();
    // Listings by grid cell of each venue; those without a venue in one bucket.
    let mut cells: HashMap<Option<(i64, i64)>, Vec<usize>> = HashMap::new();
    for (i, p) in prepared.iter().enumerate() {
        let mut mine: Vec<Option<(i64, i64)>> = p
            .listing
            .venues
            .iter()
            .filter_map(|v| v.at)
            .map(|at| Some(cell(at)))
            .collect();
        if mine.is_empty() {
            mine.push(None);
        }
        mine.sort();
        mine.dedup();
        for c in mine {
            cells.entry(c).or_default().push(i);
        }
    }
    let mut pairs = BTreeSet::new();
    for (c, members) in &cells {
        let mut candidates: Vec<usize> = Vec::new();
        match c {
            None => candidates.extend(members),
            Some((y, x)) => {
                for dy in -1..=1 {
                    for dx in -1..=1 {
                        if let Some(m) = cells.get(&Some((y + dy, x + dx))) {
                            candidates.extend(m);
                        }
                    }
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        for &i in members {
            for &j in &candidates {
                if i < j && !pairs.contains(&(i, j)) && alike(&prepared[i], &prepared[j]) {
                    pairs.insert((i, j));
                }
            }
        }
    }
    pairs
        .into_iter()
        .map(|(i, j)| (&listings[i], &listings[j]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_is_the_dice_coefficient() {
        let a: BTreeSet<String> = ["knit", "natter"].iter().map(|s| s.to_string()).collect();
        let b: BTreeSet<String> = ["knit", "natter", "club"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!((overlap(&a, &b) - 0.8).abs() < 1e-9);
    }
}
