//! What one source says about each postcode, packed small, and the merge rule that combines
//! sources: a [`Record`] per postcode (its packed key, a point in microdegrees, flags), sorted
//! and folded by [`settle`] and [`merge_sorted`]; [`Stored`] is what the gazetteer keeps of it.
//!
//! For the gazetteer's load path (CSV or cache → records → sorted arrays). Not for callers: the
//! public face of a stored record is a [`Place`].

use std::cmp::Ordering;
use std::path::Path;

use super::Place;
use crate::place::LatLon;

/// Degrees to whole microdegrees (about 0.1 m), the unit coordinates are kept
/// in: any value given with at most six decimals comes back exactly as written.
pub(super) fn to_micro(degrees: f64) -> i32 {
    (degrees * 1e6).round() as i32
}

/// Microdegrees back to degrees.
pub(super) fn from_micro(micro: i32) -> f64 {
    f64::from(micro) / 1e6
}

/// What the gazetteer keeps per postcode beside its key: the point in
/// microdegrees and the terminated flag (12 bytes, where a [`Place`] is 24).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stored {
    pub(super) lat: i32,
    pub(super) lon: i32,
    pub(super) terminated: bool,
}

impl Stored {
    pub(super) fn place(self) -> Place {
        Place {
            at: LatLon {
                lat: from_micro(self.lat),
                lon: from_micro(self.lon),
            },
            terminated: self.terminated,
        }
    }
}

/// What one source says about one postcode. `located` is false for a row that
/// only says "terminated" (no point): it still counts for the merge rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Record {
    pub(super) key: u64,
    pub(super) lat: i32,
    pub(super) lon: i32,
    pub(super) terminated: bool,
    pub(super) located: bool,
}

impl Record {
    /// Folds a later statement about the same postcode into this one.
    fn absorb(&mut self, later: &Record) {
        if !self.located && later.located {
            self.lat = later.lat;
            self.lon = later.lon;
            self.located = true;
        }
        self.terminated |= later.terminated;
    }
}

/// Sorts by postcode (stably, so file order decides among repeats) and folds
/// repeats with the merge rule.
pub(super) fn settle(mut records: Vec<Record>) -> Vec<Record> {
    if !records.is_sorted_by(|a, b| a.key < b.key) {
        records.sort_by_key(|r| r.key);
        records.dedup_by(|later, earlier| {
            if later.key == earlier.key {
                earlier.absorb(later);
                true
            } else {
                false
            }
        });
    }
    records
}

/// Merges two settled lists; `earlier` comes from the earlier file.
pub(super) fn merge_sorted(earlier: Vec<Record>, later: Vec<Record>) -> Vec<Record> {
    let mut out = Vec::with_capacity(earlier.len() + later.len());
    let mut a = earlier.into_iter().peekable();
    let mut b = later.into_iter().peekable();
    loop {
        match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => match x.key.cmp(&y.key) {
                Ordering::Less => out.extend(a.next()),
                Ordering::Greater => out.extend(b.next()),
                Ordering::Equal => {
                    let (mut first, second) = (a.next().unwrap(), b.next().unwrap());
                    first.absorb(&second);
                    out.push(first);
                }
            },
            (Some(_), None) => out.extend(a.by_ref()),
            (None, Some(_)) => out.extend(b.by_ref()),
            (None, None) => return out,
        }
    }
}

/// Everything learned from one source file.
pub(super) struct Parsed {
    pub(super) records: Vec<Record>,
    /// Northern Ireland rows whose only coordinates were grid references.
    pub(super) skipped_irish_grid: u32,
}

impl Parsed {
    pub(super) fn irish_grid_warning(&self, path: &Path) -> Option<String> {
        (self.skipped_irish_grid > 0).then(|| {
            format!(
                "{}: left out {} Northern Ireland (BT) postcodes that have only grid references \
                 (ONS gives those on the Irish Grid, which is not converted); use a file with \
                 latitude/longitude columns, such as the full ONSPD, to include them",
                path.display(),
                self.skipped_irish_grid
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(key: u64, at: Option<(i32, i32)>, terminated: bool) -> Record {
        let (lat, lon) = at.unwrap_or((0, 0));
        Record {
            key,
            lat,
            lon,
            terminated,
            located: at.is_some(),
        }
    }

    #[test]
    fn the_first_point_wins_and_any_termination_sticks() {
        let earlier = settle(vec![
            record(3, Some((30, 30)), false),
            record(1, None, true),
            record(2, Some((20, 20)), false),
            record(3, Some((31, 31)), true),
        ]);
        assert_eq!(
            earlier,
            [
                record(1, None, true),
                record(2, Some((20, 20)), false),
                record(3, Some((30, 30)), true),
            ]
        );
        let later = vec![
            record(1, Some((10, 10)), false),
            record(2, Some((21, 21)), false),
            record(4, Some((40, 40)), false),
        ];
        assert_eq!(
            merge_sorted(earlier, later),
            [
                record(1, Some((10, 10)), true),
                record(2, Some((20, 20)), false),
                record(3, Some((30, 30)), true),
                record(4, Some((40, 40)), false),
            ]
        );
    }
}
