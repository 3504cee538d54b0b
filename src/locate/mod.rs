//! Offline geocoding: postcode → WGS84 latitude/longitude, from ONS-style CSV
//! files, with a compact on-disk cache.
//!
//! This module is for turning a UK postcode that a listing gives into a point
//! on the map, and for knowing whether that postcode has been terminated
//! (withdrawn by Royal Mail). It reads the postcode files the configuration
//! names, in order, merges them ([`Gazetteer::load`]), and afterwards answers
//! [`Gazetteer::lookup`] from memory. It never goes to the network.
//!
//! It is not a street-address geocoder: a postcode's point is the one the
//! source file gives (for ONS files, a representative address near the middle
//! of the postcode), not the venue's door. It does not check that a postcode
//! was ever issued; [`Postcode`] (in `place`) only checks the shape, and the
//! gazetteer says whether the files know it.
//!
//! The pieces, in the order the pipeline meets them:
//! - `dialect`: one CSV file's header decides how its rows are read.
//! - `grid` ([`osgb36_to_wgs84`]): British National Grid easting/northing to WGS84.
//! - `records`: what each source says about a postcode, and the merge rule.
//! - `cache`: a binary copy of each source's records, so the next load is fast.
//! - [`Gazetteer`] (here): postcode → [`Place`] (a [`LatLon`] and a terminated flag).
//! - [`LocateError`] (`error`): why a postcode file could not be read, naming file and line.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::place::{LatLon, Postcode};
use cache::{SourceStamp, read_cache, remove_stale_caches, write_cache};
use dialect::read_csv;
use records::{Record, Stored, merge_sorted, settle, to_micro};

mod cache;
mod dialect;
mod error;
mod grid;
mod records;

pub use error::LocateError;
pub use grid::osgb36_to_wgs84;

/// Where a postcode is, and whether it has been terminated.
///
/// A terminated postcode still has its last known point (useful for old
/// listings), but a listing that gives one should be told to check its address.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place {
    pub at: LatLon,
    pub terminated: bool,
}

/// Postcode → [`Place`] for every postcode the loaded files locate.
///
/// For answering many lookups quickly after one load. Not for fuzzy or
/// partial matching (outward codes, typos): lookups are by exact [`Postcode`].
///
/// Held in memory as two sorted arrays (packed postcodes; places) plus a
/// small index of every 64th postcode, about 20 bytes per postcode (54 MB for
/// the full UK). On the 2-core development machine, with 2.7 million
/// postcodes, a random lookup takes about 0.2 µs. A `HashMap` would look up
/// in 0.05–0.09 µs but adds 0.25 s to every load and several times the
/// memory; loads happen on every run, lookups number in the thousands, so
/// sorted arrays win.
///
/// Coordinates are held to a microdegree (about 0.1 m); a latitude or
/// longitude written with at most six decimals comes back exactly.
#[derive(Clone, Default)]
pub struct Gazetteer {
    /// Packed postcodes, ascending.
    keys: Vec<u64>,
    /// `places[i]` belongs to `keys[i]`.
    places: Vec<Stored>,
    /// Every `FENCE_STRIDE`-th key: a small index that stays in the CPU cache,
    /// so a lookup touches only one short run of `keys`.
    fences: Vec<u64>,
    warnings: Vec<String>,
}

const FENCE_STRIDE: usize = 64;

impl Gazetteer {
    /// Loads and merges the files in order; uses/writes a cache file per
    /// source in `cache_dir` (created if missing).
    ///
    /// Merge rule: the first file that gives a postcode a point decides where
    /// it is; a postcode is terminated if any file says so (a later file never
    /// revives it). Each CSV's header decides how it is read — see
    /// [`LocateError::MissingColumn`] for the column names understood.
    ///
    /// The cache is a speed-up only: if it is missing, stale (the source's
    /// size or modification time changed), corrupt or cannot be written, the
    /// CSV is read instead and a note is added to [`Gazetteer::warnings`].
    /// Errors are for problems in the CSV files themselves, or files that
    /// cannot be read.
    pub fn load(files: &[PathBuf], cache_dir: &Path) -> Result<Gazetteer, LocateError> {
        let mut warnings = Vec::new();
        let cache_usable = match fs::create_dir_all(cache_dir) {
            Ok(()) => true,
            Err(e) => {
                warnings.push(format!(
                    "cannot create the postcode cache folder {}: {e}; loading from CSV every time \
                     (set a writable cache folder to make loading faster)",
                    cache_dir.display()
                ));
                false
            }
        };
        let mut merged: Option<Vec<Record>> = None;
        for file in files {
            let records = load_source(file, cache_usable.then_some(cache_dir), &mut warnings)?;
            merged = Some(match merged {
                None => records,
                Some(earlier) => merge_sorted(earlier, records),
            });
        }
        let mut gazetteer = Gazetteer::from_records(merged.unwrap_or_default());
        gazetteer.warnings = warnings;
        Ok(gazetteer)
    }

    /// Builds a gazetteer from postcodes and places directly, for tests and
    /// generators. Repeated postcodes follow the same rule as
    /// [`Gazetteer::load`]: the first point wins, and terminated if any says so.
    /// Places must hold real latitudes and longitudes (they are not checked).
    pub fn from_places(iter: impl IntoIterator<Item = (Postcode, Place)>) -> Gazetteer {
        let records = iter
            .into_iter()
            .map(|(postcode, place)| Record {
                key: postcode.key(),
                lat: to_micro(place.at.lat),
                lon: to_micro(place.at.lon),
                terminated: place.terminated,
                located: true,
            })
            .collect();
        Gazetteer::from_records(settle(records))
    }

    fn from_records(records: Vec<Record>) -> Gazetteer {
        let located = records.iter().filter(|r| r.located).count();
        let mut keys = Vec::with_capacity(located);
        let mut places = Vec::with_capacity(located);
        for r in records.into_iter().filter(|r| r.located) {
            keys.push(r.key);
            places.push(Stored {
                lat: r.lat,
                lon: r.lon,
                terminated: r.terminated,
            });
        }
        let fences = keys.iter().step_by(FENCE_STRIDE).copied().collect();
        Gazetteer {
            keys,
            places,
            fences,
            warnings: Vec::new(),
        }
    }

    /// Where `postcode` is, or `None` if no loaded file locates it.
    pub fn lookup(&self, postcode: &Postcode) -> Option<Place> {
        let key = postcode.key();
        let block = self
            .fences
            .partition_point(|&fence| fence <= key)
            .checked_sub(1)?;
        let start = block * FENCE_STRIDE;
        let run = &self.keys[start..self.keys.len().min(start + FENCE_STRIDE)];
        let i = run.binary_search(&key).ok()?;
        Some(self.places[start + i].place())
    }

    /// How many postcodes have a place.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when no postcode has a place (e.g. no files were given).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Every postcode and its place, in [`Postcode`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Postcode, Place)> + '_ {
        self.keys
            .iter()
            .zip(&self.places)
            .map(|(&key, stored)| (Postcode::from_trusted_key(key), stored.place()))
    }

    /// Every postcode with the same outward code as `postcode` (all of `CR0`
    /// for `CR0 9ZZ`), in [`Postcode`] order, whether or not `postcode` itself
    /// is known.
    ///
    /// For "did you mean" suggestions and district summaries: it costs two
    /// binary searches plus the district's size, where filtering
    /// [`Gazetteer::iter`] by [`Postcode::outward`] visits every postcode
    /// and allocates two strings each.
    pub fn same_outward(
        &self,
        postcode: &Postcode,
    ) -> impl Iterator<Item = (Postcode, Place)> + '_ {
        let std::ops::Range {
            start: low,
            end: high,
        } = postcode.outward_keys();
        let start = self.keys.partition_point(|&k| k < low);
        let end = start + self.keys[start..].partition_point(|&k| k < high);
        self.keys[start..end]
            .iter()
            .zip(&self.places[start..end])
            .map(|(&key, stored)| (Postcode::from_trusted_key(key), stored.place()))
    }

    /// Things the last [`Gazetteer::load`] worked around rather than failed
    /// on — a cache that could not be used or written, rows left out — each
    /// saying what to do about it. For logging; empty when all went well.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("len", &self.len())
            .field("warnings", &self.warnings)
            .finish()
    }
}

/// Records from one file, through its cache when the cache is good.
fn load_source(
    path: &Path,
    cache_dir: Option<&Path>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Record>, LocateError> {
    let stamp = SourceStamp::of(path)?;
    let cache_path = cache_dir.map(|dir| dir.join(stamp.cache_name()));
    if let Some(cache_path) = &cache_path {
        match read_cache(cache_path, &stamp) {
            Ok(Some(cached)) => {
                warnings.extend(cached.irish_grid_warning(path));
                return Ok(cached.records);
            }
            Ok(None) => {}
            Err(why) => warnings.push(format!(
                "postcode cache {} for {} was unusable ({why}); rebuilt it from the CSV",
                cache_path.display(),
                path.display()
            )),
        }
    }
    let parsed = read_csv(path)?;
    warnings.extend(parsed.irish_grid_warning(path));
    if let (Some(dir), Some(cache_path)) = (cache_dir, &cache_path) {
        match write_cache(cache_path, &stamp, &parsed) {
            Ok(()) => remove_stale_caches(dir, &stamp, cache_path),
            Err(e) => warnings.push(format!(
                "cannot write postcode cache {}: {e}; {} will be read from CSV again next time \
                 (check the cache folder is writable and has space)",
                cache_path.display(),
                path.display()
            )),
        }
    }
    Ok(parsed.records)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const DOOGAL: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/postcodes/croydon_postcodes_doogal_2021.csv"
    );
    pub(super) const ONSPD: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/postcodes/croydon_area_onspd_nov2025_osgb.csv"
    );

    /// A fresh folder under the system temp folder, removed on drop.
    pub(super) struct TempDir(pub(super) PathBuf);

    impl TempDir {
        pub(super) fn new(label: &str) -> TempDir {
            use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
            static COUNTER: AtomicU32 = AtomicU32::new(0);
            let n = COUNTER.fetch_add(1, Relaxed);
            let dir = std::env::temp_dir().join(format!(
                "signpost-locate-{label}-{}-{n}",
                std::process::id()
            ));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }

        pub(super) fn write(&self, name: &str, contents: &str) -> PathBuf {
            let path = self.0.join(name);
            fs::write(&path, contents).unwrap();
            path
        }

        pub(super) fn cache_files(&self, sub: &str) -> Vec<PathBuf> {
            let mut files: Vec<PathBuf> = fs::read_dir(self.0.join(sub))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "cache"))
                .collect();
            files.sort();
            files
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    pub(super) fn pc(s: &str) -> Postcode {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    pub(super) fn load(files: &[&Path], cache: &Path) -> Gazetteer {
        let files: Vec<PathBuf> = files.iter().map(|p| p.to_path_buf()).collect();
        Gazetteer::load(&files, cache).unwrap_or_else(|e| panic!("{e}"))
    }

    pub(super) fn load_err(files: &[&Path], cache: &Path) -> LocateError {
        let files: Vec<PathBuf> = files.iter().map(|p| p.to_path_buf()).collect();
        Gazetteer::load(&files, cache).expect_err("load should fail")
    }

    // --- Coordinates ----------------------------------------------------------

    // --- Loading the real files ----------------------------------------------

    #[test]
    fn real_files_merge_with_onspd_points_and_doogal_terminations() {
        let tmp = TempDir::new("merge");
        let cache = tmp.0.join("cache");
        let g = load(&[Path::new(ONSPD), Path::new(DOOGAL)], &cache);
        assert!(g.warnings().is_empty(), "{:?}", g.warnings());
        // 34,982 ONSPD postcodes; every Doogal postcode is also in the ONSPD file.
        assert_eq!(g.len(), 34_982);

        // Doogal says "In Use? = No"; ONSPD has it with no flag.
        let terminated = g.lookup(&pc("CR0 0WZ")).unwrap();
        assert!(terminated.terminated);
        // Only in the ONSPD file (Bromley): present and live.
        let bromley = g.lookup(&pc("BR1 1AA")).unwrap();
        assert!(!bromley.terminated);
        let expected = osgb36_to_wgs84(540_291.0, 168_873.0);
        assert!(bromley.at.distance_metres(expected) < 0.2);
        // In both, live: the point is ONSPD's (loaded first), not Doogal's.
        let both = g.lookup(&pc("CR0 0AE")).unwrap();
        assert!(!both.terminated);
        let live = g.iter().filter(|(_, p)| !p.terminated).count();
        let dead = g.len() - live;
        assert_eq!(dead, 6_150, "every Doogal termination, and nothing else");
        assert_eq!(g.lookup(&pc("ZZ9 9ZZ")), None);
    }

    #[test]
    fn file_order_decides_whose_point_wins() {
        let tmp = TempDir::new("order");
        let cache = tmp.0.join("cache");
        let onspd_first = load(&[Path::new(ONSPD), Path::new(DOOGAL)], &cache);
        let doogal_first = load(&[Path::new(DOOGAL), Path::new(ONSPD)], &cache);
        // ONSPD puts CR0 0AE at E 539086, Doogal at E 539088.
        let code = pc("CR0 0AE");
        let doogal_point = LatLon {
            lat: 51.340719,
            lon: -0.004528,
        };
        assert_eq!(doogal_first.lookup(&code).unwrap().at, doogal_point);
        assert_ne!(onspd_first.lookup(&code).unwrap().at, doogal_point);
        // Terminations are the same whichever order.
        assert_eq!(
            onspd_first.iter().filter(|(_, p)| p.terminated).count(),
            doogal_first.iter().filter(|(_, p)| p.terminated).count()
        );
    }

    // --- Reading CSV ----------------------------------------------------------

    #[test]
    fn a_point_less_termination_in_a_later_file_still_terminates() {
        let tmp = TempDir::new("pointless");
        let first = tmp.write("a.csv", "pcd,oseast1m,osnrth1m\nCR0 1AA,532000,165000\n");
        let second = tmp.write(
            "b.csv",
            "Postcode,In Use?,Latitude,Longitude\nCR0 1AA,No,,\nCR0 1AB,Yes,,\n",
        );
        let g = load(&[&first, &second], &tmp.0.join("cache"));
        assert_eq!(g.len(), 1);
        assert!(g.lookup(&pc("CR0 1AA")).unwrap().terminated);
        // The other way round: the point comes from the later file, still terminated.
        let g = load(&[&second, &first], &tmp.0.join("cache"));
        assert!(g.lookup(&pc("CR0 1AA")).unwrap().terminated);
    }

    #[test]
    fn same_outward_lists_one_district_in_order() {
        let tmp = TempDir::new("outward");
        let g = load(&[Path::new(ONSPD)], &tmp.0.join("cache"));
        let slow: Vec<Postcode> = g
            .iter()
            .map(|(p, _)| p)
            .filter(|p| p.outward() == "CR4")
            .collect();
        let fast: Vec<Postcode> = g.same_outward(&pc("CR4 9ZZ")).map(|(p, _)| p).collect();
        assert!(!fast.is_empty());
        assert_eq!(fast, slow);
        // CR44 (a non-geographic district) is not part of CR4, nor CR4 of it.
        let cr44: Vec<Postcode> = g.same_outward(&pc("CR44 9ZZ")).map(|(p, _)| p).collect();
        assert!(!cr44.is_empty() && cr44.iter().all(|p| p.outward() == "CR44"));
        assert_eq!(g.same_outward(&pc("ZZ9 9ZZ")).count(), 0);
        assert_eq!(Gazetteer::default().same_outward(&pc("CR4 1AA")).count(), 0);
    }

    // --- In-memory construction ------------------------------------------------

    #[test]
    fn from_places_follows_the_merge_rule_and_keeps_six_decimals_exactly() {
        let at = |lat, lon| LatLon { lat, lon };
        let g = Gazetteer::from_places([
            (
                pc("CR0 1AA"),
                Place {
                    at: at(51.376_211, -0.098_207),
                    terminated: false,
                },
            ),
            (
                pc("SE25 4AA"),
                Place {
                    at: at(51.4, -0.07),
                    terminated: false,
                },
            ),
            (
                pc("CR0 1AA"),
                Place {
                    at: at(0.0, 0.0),
                    terminated: true,
                },
            ),
        ]);
        assert_eq!(g.len(), 2);
        assert!(!g.is_empty());
        assert_eq!(
            g.lookup(&pc("CR0 1AA")),
            Some(Place {
                at: at(51.376_211, -0.098_207),
                terminated: true
            })
        );
        let order: Vec<String> = g.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(order, ["CR0 1AA", "SE25 4AA"]);
        assert!(Gazetteer::from_places([]).is_empty());
        assert!(
            Gazetteer::load(&[], Path::new("/nonexistent/never-created"))
                .unwrap()
                .is_empty()
        );
    }
}
