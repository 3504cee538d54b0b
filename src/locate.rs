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
//! was ever issued; [`Postcode`] only checks the shape, and the gazetteer says
//! whether the files know it.
//!
//! The pieces, in the order the pipeline meets them:
//! - [`Postcode`]: a parsed, normalised postcode (`"cr01aa"` → `CR0 1AA`).
//! - [`osgb36_to_wgs84`]: British National Grid easting/northing to WGS84.
//! - [`Gazetteer`]: postcode → [`Place`] (a [`LatLon`] and a terminated flag).
//! - [`LocateError`]: why a postcode file could not be read, naming file and line.

use std::cmp::Ordering;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::hash::fnv1a;
use crate::place::{LatLon, Postcode, PostcodeError};

// ---------------------------------------------------------------------------
// OSGB36 → WGS84
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct Ellipsoid {
    a: f64,
    b: f64,
}

impl Ellipsoid {
    fn e2(&self) -> f64 {
        (self.a * self.a - self.b * self.b) / (self.a * self.a)
    }
}

const AIRY_1830: Ellipsoid = Ellipsoid {
    a: 6_377_563.396,
    b: 6_356_256.909,
};
const GRS80: Ellipsoid = Ellipsoid {
    a: 6_378_137.0,
    b: 6_356_752.314_140,
};

// National Grid projection constants.
const NG_F0: f64 = 0.999_601_271_7;
const NG_LAT0_DEG: f64 = 49.0;
const NG_LON0_DEG: f64 = -2.0;
const NG_E0: f64 = 400_000.0;
const NG_N0: f64 = -100_000.0;

/// OSGB36 / British National Grid easting and northing (EPSG:27700, metres)
/// to WGS84 latitude/longitude.
///
/// For grid references from ONS and Ordnance Survey files (`oseast1m`,
/// `osnrth1m`) in England, Scotland and Wales. Not for Northern Ireland: ONS
/// gives BT postcodes Irish Grid references in the same columns, and feeding
/// those in gives a wrong point, typically somewhere in northern England.
///
/// Method: inverse Transverse Mercator on the Airy 1830 ellipsoid with the
/// National Grid constants, to OSGB36 latitude/longitude at height 0; then to
/// Earth-centred cartesian, the Ordnance Survey's published 7-parameter
/// Helmert transformation (inverted, OSGB36 → WGS84), and back to latitude and
/// longitude on GRS80.
///
/// Accuracy: the Helmert transformation is one best fit for all of Great
/// Britain, so it cannot follow OSGB36's local distortions. Ordnance Survey
/// state its error as up to 3.5 m (95%), typically within ~5 m and worse in a
/// few places. OSTN15 would be sub-metre, but needs a large grid file
/// (tens of MB), which this module does not ship. Measured here:
/// - against the 40 OSTN15 test points of Ordnance Survey's developer pack
///   (ETRS89, Scilly to Shetland): median 1.8 m, worst 4.9 m (St Kilda);
///   1.7 m at the Lambeth point, the nearest to Croydon;
/// - against the `Latitude`/`Longitude` of all 13,138 rows of the Doogal
///   Croydon file: median 0.04 m, 99th percentile 0.25 m, worst 0.31 m.
///   Doogal evidently used this same Helmert transformation, so this checks
///   the implementation, not the method's error.
///
/// WGS84 and ETRS89 are treated as the same, as Ordnance Survey do for this
/// transformation; they have drifted under a metre apart since 1989, well
/// within its error.
pub fn osgb36_to_wgs84(easting: f64, northing: f64) -> LatLon {
    let (lat, lon) = inverse_national_grid(easting, northing);
    let (x, y, z) = geodetic_to_cartesian(&AIRY_1830, lat, lon);
    let (x, y, z) = helmert_osgb36_to_wgs84(x, y, z);
    let (lat, lon) = cartesian_to_geodetic(&GRS80, x, y, z);
    LatLon {
        lat: lat.to_degrees(),
        lon: lon.to_degrees(),
    }
}

/// Inverse Transverse Mercator (National Grid) → OSGB36 (lat, lon) in radians.
fn inverse_national_grid(easting: f64, northing: f64) -> (f64, f64) {
    let Ellipsoid { a, b } = AIRY_1830;
    let e2 = AIRY_1830.e2();
    let lat0 = NG_LAT0_DEG.to_radians();
    let lon0 = NG_LON0_DEG.to_radians();
    let n = (a - b) / (a + b);
    let (n2, n3) = (n * n, n * n * n);

    // Meridional arc from the true origin's latitude to `lat`. The multiple
    // angles come from one sin/cos pair each (this runs millions of times).
    let meridional_arc = |lat: f64| {
        let (sd, cd) = (lat - lat0).sin_cos();
        let cs = (lat + lat0).cos();
        let (sin2d, cos2s) = (2.0 * sd * cd, 2.0 * cs * cs - 1.0);
        let (sin3d, cos3s) = (sd * (3.0 - 4.0 * sd * sd), cs * (4.0 * cs * cs - 3.0));
        b * NG_F0
            * ((1.0 + n + 1.25 * n2 + 1.25 * n3) * (lat - lat0)
                - (3.0 * n + 3.0 * n2 + 21.0 / 8.0 * n3) * sd * cs
                + (15.0 / 8.0 * (n2 + n3)) * sin2d * cos2s
                - (35.0 / 24.0 * n3) * sin3d * cos3s)
    };

    let mut lat = lat0 + (northing - NG_N0) / (a * NG_F0);
    let mut m = meridional_arc(lat);
    // Converges in 3–4 steps; the cap only guards against NaN input.
    for _ in 0..20 {
        let residual = northing - NG_N0 - m;
        if residual.abs() < 1e-5 {
            break;
        }
        lat += residual / (a * NG_F0);
        m = meridional_arc(lat);
    }

    let (sin_lat, cos_lat) = lat.sin_cos();
    let tan_lat = sin_lat / cos_lat;
    let sec_lat = 1.0 / cos_lat;
    let w = 1.0 - e2 * sin_lat * sin_lat;
    let nu = a * NG_F0 / w.sqrt();
    let rho = a * NG_F0 * (1.0 - e2) / (w * w.sqrt());
    let eta2 = nu / rho - 1.0;
    let (t2, t4, t6) = (tan_lat * tan_lat, tan_lat.powi(4), tan_lat.powi(6));

    let vii = tan_lat / (2.0 * rho * nu);
    let viii = tan_lat / (24.0 * rho * nu.powi(3)) * (5.0 + 3.0 * t2 + eta2 - 9.0 * t2 * eta2);
    let ix = tan_lat / (720.0 * rho * nu.powi(5)) * (61.0 + 90.0 * t2 + 45.0 * t4);
    let x = sec_lat / nu;
    let xi = sec_lat / (6.0 * nu.powi(3)) * (nu / rho + 2.0 * t2);
    let xii = sec_lat / (120.0 * nu.powi(5)) * (5.0 + 28.0 * t2 + 24.0 * t4);
    let xiia = sec_lat / (5040.0 * nu.powi(7)) * (61.0 + 662.0 * t2 + 1320.0 * t4 + 720.0 * t6);

    let de = easting - NG_E0;
    let (de2, de3) = (de * de, de * de * de);
    let (de5, de7) = (de3 * de2, de3 * de2 * de2);
    let lat = lat - vii * de2 + viii * de2 * de2 - ix * de3 * de3;
    let lon = lon0 + x * de - xi * de3 + xii * de5 - xiia * de7;
    (lat, lon)
}

fn geodetic_to_cartesian(ellipsoid: &Ellipsoid, lat: f64, lon: f64) -> (f64, f64, f64) {
    let e2 = ellipsoid.e2();
    let (sin_lat, cos_lat) = lat.sin_cos();
    let (sin_lon, cos_lon) = lon.sin_cos();
    let nu = ellipsoid.a / (1.0 - e2 * sin_lat * sin_lat).sqrt();
    (
        nu * cos_lat * cos_lon,
        nu * cos_lat * sin_lon,
        (1.0 - e2) * nu * sin_lat,
    )
}

/// Ordnance Survey's WGS84 → OSGB36 Helmert parameters, applied with every
/// sign flipped (the small-angle inverse; the error from inverting this way is
/// millimetres).
fn helmert_osgb36_to_wgs84(x: f64, y: f64, z: f64) -> (f64, f64, f64) {
    const ARCSEC: f64 = std::f64::consts::PI / (180.0 * 3600.0);
    // Published WGS84 → OSGB36: tx, ty, tz (m), scale (ppm), rx, ry, rz (″).
    const TX: f64 = -446.448;
    const TY: f64 = 125.157;
    const TZ: f64 = -542.060;
    const S_PPM: f64 = 20.4894;
    const RX: f64 = -0.1502;
    const RY: f64 = -0.2470;
    const RZ: f64 = -0.8421;
    let (tx, ty, tz) = (-TX, -TY, -TZ);
    let s = -S_PPM * 1e-6;
    let (rx, ry, rz) = (-RX * ARCSEC, -RY * ARCSEC, -RZ * ARCSEC);
    (
        tx + (1.0 + s) * x - rz * y + ry * z,
        ty + rz * x + (1.0 + s) * y - rx * z,
        tz - ry * x + rx * y + (1.0 + s) * z,
    )
}

/// Bowring's closed form: for points near the ellipsoid's surface (within a
/// few km) its error is far below a millimetre, with no iteration.
fn cartesian_to_geodetic(ellipsoid: &Ellipsoid, x: f64, y: f64, z: f64) -> (f64, f64) {
    let Ellipsoid { a, b } = *ellipsoid;
    let e2 = ellipsoid.e2();
    let ep2 = (a * a - b * b) / (b * b);
    let p = x.hypot(y);
    let (sin_t, cos_t) = (z * a).atan2(p * b).sin_cos();
    let lat = (z + ep2 * b * sin_t.powi(3)).atan2(p - e2 * a * cos_t.powi(3));
    (lat, y.atan2(x))
}

// Coordinates are kept as whole microdegrees (about 0.1 m). Any value given
// with at most six decimals comes back exactly as written.
fn to_micro(degrees: f64) -> i32 {
    (degrees * 1e6).round() as i32
}

fn from_micro(micro: i32) -> f64 {
    f64::from(micro) / 1e6
}

// ---------------------------------------------------------------------------
// Gazetteer
// ---------------------------------------------------------------------------

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stored {
    lat: i32,
    lon: i32,
    terminated: bool,
}

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

impl Stored {
    fn place(self) -> Place {
        Place {
            at: LatLon {
                lat: from_micro(self.lat),
                lon: from_micro(self.lon),
            },
            terminated: self.terminated,
        }
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

/// What one source says about one postcode. `located` is false for a row that
/// only says "terminated" (no point): it still counts for the merge rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Record {
    key: u64,
    lat: i32,
    lon: i32,
    terminated: bool,
    located: bool,
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
fn settle(mut records: Vec<Record>) -> Vec<Record> {
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
fn merge_sorted(earlier: Vec<Record>, later: Vec<Record>) -> Vec<Record> {
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

// ---------------------------------------------------------------------------
// Reading one source: cache or CSV
// ---------------------------------------------------------------------------

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

/// Everything learned from one source file.
struct Parsed {
    records: Vec<Record>,
    /// Northern Ireland rows whose only coordinates were grid references.
    skipped_irish_grid: u32,
}

impl Parsed {
    fn irish_grid_warning(&self, path: &Path) -> Option<String> {
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

/// Header names understood, most preferred first (compared case-insensitively).
const POSTCODE_COLUMNS: &[&str] = &["pcds", "pcd", "pcd7", "pcd8", "pcd2", "postcode"];
const LATITUDE_COLUMNS: &[&str] = &["latitude", "lat"];
const LONGITUDE_COLUMNS: &[&str] = &["longitude", "long", "lon", "lng"];
const EASTING_COLUMNS: &[&str] = &["oseast1m", "east1m", "easting"];
const NORTHING_COLUMNS: &[&str] = &["osnrth1m", "north1m", "northing"];
const DATE_OF_TERMINATION_COLUMN: &str = "doterm";
const TERMINATED_COLUMN: &str = "terminated";
const IN_USE_COLUMN: &str = "in use?";

/// Where in a row each thing is, decided from the header.
struct Columns {
    postcode: usize,
    coordinates: CoordinateColumns,
    /// Columns where any non-empty value means terminated (`doterm`, `Terminated`).
    terminated_if_set: Vec<usize>,
    /// `In Use?`: "No" means terminated.
    in_use: Option<usize>,
}

enum CoordinateColumns {
    LatLon { lat: usize, lon: usize },
    Grid { easting: usize, northing: usize },
}

impl Columns {
    fn from_header(path: &Path, header: &csv::ByteRecord) -> Result<Columns, LocateError> {
        let names: Vec<String> = header
            .iter()
            .map(|raw| {
                let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
                String::from_utf8_lossy(raw).trim().to_ascii_lowercase()
            })
            .collect();
        let find = |choices: &[&str]| {
            choices
                .iter()
                .find_map(|c| names.iter().position(|n| n == c))
        };
        let missing = |needed: &'static str| LocateError::MissingColumn {
            path: path.to_path_buf(),
            needed,
            found: names.clone(),
        };
        let postcode = find(POSTCODE_COLUMNS).ok_or_else(|| missing(NEEDS_POSTCODE))?;
        let coordinates = match (find(LATITUDE_COLUMNS), find(LONGITUDE_COLUMNS)) {
            (Some(lat), Some(lon)) => CoordinateColumns::LatLon { lat, lon },
            _ => match (find(EASTING_COLUMNS), find(NORTHING_COLUMNS)) {
                (Some(easting), Some(northing)) => CoordinateColumns::Grid { easting, northing },
                _ => return Err(missing(NEEDS_COORDINATES)),
            },
        };
        let terminated_if_set = [DATE_OF_TERMINATION_COLUMN, TERMINATED_COLUMN]
            .iter()
            .filter_map(|c| find(&[c]))
            .collect();
        let in_use = find(&[IN_USE_COLUMN]);
        Ok(Columns {
            postcode,
            coordinates,
            terminated_if_set,
            in_use,
        })
    }
}

const NEEDS_POSTCODE: &str = "a postcode column (pcds, pcd, pcd7, pcd8 or Postcode)";
const NEEDS_COORDINATES: &str = "coordinate columns (Latitude and Longitude, or oseast1m and osnrth1m, or Easting and Northing)";

/// A grid-referenced row waiting for the (slow part) coordinate transform.
struct PendingGrid {
    record: usize,
    easting: f64,
    northing: f64,
}

fn read_csv(path: &Path) -> Result<Parsed, LocateError> {
    let file = fs::File::open(path).map_err(|e| LocateError::io(path, "open", e))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .buffer_capacity(1 << 20)
        .from_reader(file);
    let header = reader
        .byte_headers()
        .map_err(|e| LocateError::csv(path, e))?
        .clone();
    let columns = Columns::from_header(path, &header)?;

    let mut records = Vec::new();
    let mut pending = Vec::new();
    let mut skipped_irish_grid = 0u32;
    let mut fields = csv::ByteRecord::new();
    while reader
        .read_byte_record(&mut fields)
        .map_err(|e| LocateError::csv(path, e))?
    {
        let row = Row {
            path,
            header: &header,
            fields: &fields,
            line: fields.position().map_or(0, |p| p.line()),
        };
        let postcode = row.postcode(columns.postcode)?;
        let mut record = Record {
            key: postcode.key(),
            lat: 0,
            lon: 0,
            terminated: columns.terminated(&row),
            located: false,
        };
        match columns.point(&row)? {
            Point::Blank => {}
            Point::LatLon(lat, lon) => {
                (record.lat, record.lon) = (to_micro(lat), to_micro(lon));
                record.located = true;
            }
            Point::Grid { .. } if postcode.in_northern_ireland() => skipped_irish_grid += 1,
            Point::Grid { easting, northing } => {
                let record_index = records.len();
                pending.push(PendingGrid {
                    record: record_index,
                    easting,
                    northing,
                });
                record.located = true;
            }
        }
        if record.located || record.terminated {
            records.push(record);
        }
    }

    convert_grid_references(&mut records, &pending);
    Ok(Parsed {
        records: settle(records),
        skipped_irish_grid,
    })
}

/// One data row of a CSV, with what is needed to point at a problem in it.
struct Row<'a> {
    path: &'a Path,
    header: &'a csv::ByteRecord,
    fields: &'a csv::ByteRecord,
    line: u64,
}

impl Row<'_> {
    fn field(&self, i: usize) -> &[u8] {
        self.fields.get(i).unwrap_or(b"").trim_ascii()
    }

    fn postcode(&self, i: usize) -> Result<Postcode, LocateError> {
        Postcode::parse_bytes(self.field(i)).map_err(|error| LocateError::BadPostcode {
            path: self.path.to_path_buf(),
            line: self.line,
            error,
        })
    }

    /// `None` for an empty cell.
    fn number(&self, i: usize, expected: &'static str) -> Result<Option<f64>, LocateError> {
        let text = self.field(i);
        if text.is_empty() {
            return Ok(None);
        }
        match std::str::from_utf8(text)
            .ok()
            .and_then(|t| t.parse::<f64>().ok())
        {
            Some(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(self.bad_value(i, expected)),
        }
    }

    fn bad_value(&self, i: usize, expected: &'static str) -> LocateError {
        LocateError::BadValue {
            path: self.path.to_path_buf(),
            line: self.line,
            column: String::from_utf8_lossy(&self.header[i]).trim().to_string(),
            value: String::from_utf8_lossy(self.field(i)).into_owned(),
            expected,
        }
    }
}

/// Where one row puts its postcode, before any conversion.
enum Point {
    /// No coordinates, or the ONS "no location" values.
    Blank,
    LatLon(f64, f64),
    Grid {
        easting: f64,
        northing: f64,
    },
}

impl Columns {
    fn terminated(&self, row: &Row) -> bool {
        let in_use_no = self.in_use.is_some_and(|i| {
            let v = row.field(i);
            v.eq_ignore_ascii_case(b"no") || v.eq_ignore_ascii_case(b"n")
        });
        in_use_no
            || self
                .terminated_if_set
                .iter()
                .any(|&i| !row.field(i).is_empty())
    }

    fn point(&self, row: &Row) -> Result<Point, LocateError> {
        match self.coordinates {
            CoordinateColumns::LatLon { lat, lon } => {
                let (Some(lat_value), Some(lon_value)) = (
                    row.number(lat, EXPECTED_LATITUDE)?,
                    row.number(lon, EXPECTED_LONGITUDE)?,
                ) else {
                    return Ok(Point::Blank);
                };
                // ONS writes latitude 99.999999 for "no location"; (0, 0) is another common blank.
                if lat_value.abs() > 90.0 || (lat_value == 0.0 && lon_value == 0.0) {
                    return Ok(Point::Blank);
                }
                if lon_value.abs() > 180.0 {
                    return Err(row.bad_value(lon, EXPECTED_LONGITUDE));
                }
                Ok(Point::LatLon(lat_value, lon_value))
            }
            CoordinateColumns::Grid { easting, northing } => {
                let (Some(e), Some(n)) = (
                    row.number(easting, EXPECTED_EASTING)?,
                    row.number(northing, EXPECTED_NORTHING)?,
                ) else {
                    return Ok(Point::Blank);
                };
                // ONS gives a zero easting (with northing 0 or 1,000,000) for
                // postcodes that have no grid reference.
                if e == 0.0 || n == 0.0 {
                    return Ok(Point::Blank);
                }
                if !(0.0..=GRID_MAX_EASTING).contains(&e) {
                    return Err(row.bad_value(easting, EXPECTED_EASTING));
                }
                if !(0.0..=GRID_MAX_NORTHING).contains(&n) {
                    return Err(row.bad_value(northing, EXPECTED_NORTHING));
                }
                Ok(Point::Grid {
                    easting: e,
                    northing: n,
                })
            }
        }
    }
}

const GRID_MAX_EASTING: f64 = 700_000.0;
const GRID_MAX_NORTHING: f64 = 1_300_000.0;
const EXPECTED_LATITUDE: &str = "a latitude in decimal degrees (e.g. 51.3762), or empty if unknown";
const EXPECTED_LONGITUDE: &str =
    "a longitude in decimal degrees between -180 and 180 (e.g. -0.0982), or empty if unknown";
const EXPECTED_EASTING: &str =
    "a National Grid easting in metres between 0 and 700000 (e.g. 532500), or empty if unknown";
const EXPECTED_NORTHING: &str =
    "a National Grid northing in metres between 0 and 1300000 (e.g. 165800), or empty if unknown";

/// Runs the OSGB36 → WGS84 transform for grid-referenced rows, on all cores
/// (it is most of the cost of reading a CSV).
fn convert_grid_references(records: &mut [Record], pending: &[PendingGrid]) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let mut converted = vec![(0i32, 0i32); pending.len()];
    let chunk = pending.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for (input, output) in pending.chunks(chunk).zip(converted.chunks_mut(chunk)) {
            scope.spawn(move || {
                for (p, out) in input.iter().zip(output) {
                    let at = osgb36_to_wgs84(p.easting, p.northing);
                    *out = (to_micro(at.lat), to_micro(at.lon));
                }
            });
        }
    });
    for (p, (lat, lon)) in pending.iter().zip(converted) {
        records[p.record].lat = lat;
        records[p.record].lon = lon;
    }
}

// ---------------------------------------------------------------------------
// Cache files
// ---------------------------------------------------------------------------
//
// Layout, all little-endian:
//   0  magic            8 bytes  "SPLOCATE"
//   8  format version   u32
//  12  record size      u32      (16)
//  16  source path hash u64      (FNV-1a of the canonical path)
//  24  source size      u64
//  32  source mtime     i64 seconds since the Unix epoch
//  40  source mtime     u32 nanoseconds
//  44  skipped BT rows  u32
//  48  record count     u64
//  56  checksum         u64      (over the record bytes)
//  64  records: count × { key+flags u64, lat i32 µdeg, lon i32 µdeg }, sorted
//      by key, keys unique. Flag bits in the key word: 63 terminated,
//      62 located.

const CACHE_MAGIC: &[u8; 8] = b"SPLOCATE";
/// Bump whenever the layout or the way CSV rows are interpreted changes.
const CACHE_VERSION: u32 = 1;
const CACHE_HEADER_LEN: usize = 64;
const CACHE_RECORD_LEN: usize = 16;
const FLAG_TERMINATED: u64 = 1 << 63;
const FLAG_LOCATED: u64 = 1 << 62;

/// What identifies one version of one source file.
struct SourceStamp {
    path_hash: u64,
    size: u64,
    mtime_secs: i64,
    mtime_nanos: u32,
}

impl SourceStamp {
    fn of(path: &Path) -> Result<SourceStamp, LocateError> {
        let canonical = fs::canonicalize(path).map_err(|e| LocateError::io(path, "find", e))?;
        let meta = fs::metadata(&canonical).map_err(|e| LocateError::io(path, "read", e))?;
        let (mtime_secs, mtime_nanos) = match meta.modified().map(|t| t.duration_since(UNIX_EPOCH))
        {
            Ok(Ok(d)) => (d.as_secs() as i64, d.subsec_nanos()),
            Ok(Err(before)) => (
                -(before.duration().as_secs() as i64),
                before.duration().subsec_nanos(),
            ),
            Err(_) => (0, 0),
        };
        Ok(SourceStamp {
            path_hash: fnv1a(canonical.as_os_str().as_encoded_bytes()),
            size: meta.len(),
            mtime_secs,
            mtime_nanos,
        })
    }

    /// `postcodes-<path hash>-<version hash>.cache`: one name per path, size,
    /// modification time and format version, so any change means a new file.
    fn cache_name(&self) -> String {
        let mut state = Vec::with_capacity(32);
        state.extend_from_slice(&self.path_hash.to_le_bytes());
        state.extend_from_slice(&self.size.to_le_bytes());
        state.extend_from_slice(&self.mtime_secs.to_le_bytes());
        state.extend_from_slice(&self.mtime_nanos.to_le_bytes());
        state.extend_from_slice(&CACHE_VERSION.to_le_bytes());
        format!("{}{:016x}.cache", self.cache_prefix(), fnv1a(&state))
    }

    fn cache_prefix(&self) -> String {
        format!("postcodes-{:016x}-", self.path_hash)
    }
}

/// A checksum over whole 8-byte words; any change to one word changes it.
fn checksum(bytes: &[u8]) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15u64 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = (h ^ u64::from_le_bytes(w.try_into().unwrap()))
            .wrapping_mul(0x0100_0000_01b3)
            .rotate_left(23);
    }
    for &b in words.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn encode_cache(stamp: &SourceStamp, parsed: &Parsed) -> Vec<u8> {
    let mut body = Vec::with_capacity(parsed.records.len() * CACHE_RECORD_LEN);
    for r in &parsed.records {
        let mut word = r.key;
        if r.terminated {
            word |= FLAG_TERMINATED;
        }
        if r.located {
            word |= FLAG_LOCATED;
        }
        body.extend_from_slice(&word.to_le_bytes());
        body.extend_from_slice(&r.lat.to_le_bytes());
        body.extend_from_slice(&r.lon.to_le_bytes());
    }
    let mut out = Vec::with_capacity(CACHE_HEADER_LEN + body.len());
    out.extend_from_slice(CACHE_MAGIC);
    out.extend_from_slice(&CACHE_VERSION.to_le_bytes());
    out.extend_from_slice(&(CACHE_RECORD_LEN as u32).to_le_bytes());
    out.extend_from_slice(&stamp.path_hash.to_le_bytes());
    out.extend_from_slice(&stamp.size.to_le_bytes());
    out.extend_from_slice(&stamp.mtime_secs.to_le_bytes());
    out.extend_from_slice(&stamp.mtime_nanos.to_le_bytes());
    out.extend_from_slice(&parsed.skipped_irish_grid.to_le_bytes());
    out.extend_from_slice(&(parsed.records.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(&body).to_le_bytes());
    debug_assert_eq!(out.len(), CACHE_HEADER_LEN);
    out.extend_from_slice(&body);
    out
}

/// `Ok(None)`: no cache yet. `Err`: a cache exists but cannot be trusted.
fn read_cache(cache_path: &Path, stamp: &SourceStamp) -> Result<Option<Parsed>, String> {
    let bytes = match fs::read(cache_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    decode_cache(&bytes, stamp).map(Some)
}

fn decode_cache(bytes: &[u8], stamp: &SourceStamp) -> Result<Parsed, String> {
    if bytes.len() < CACHE_HEADER_LEN || &bytes[..8] != CACHE_MAGIC {
        return Err("not a postcode cache file".into());
    }
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
    if u32_at(8) != CACHE_VERSION || u32_at(12) as usize != CACHE_RECORD_LEN {
        return Err(format!(
            "written in format {}, this program reads format {CACHE_VERSION}",
            u32_at(8)
        ));
    }
    if u64_at(16) != stamp.path_hash
        || u64_at(24) != stamp.size
        || u64_at(32) as i64 != stamp.mtime_secs
        || u32_at(40) != stamp.mtime_nanos
    {
        return Err("made from a different version of the source file".into());
    }
    let skipped_irish_grid = u32_at(44);
    let count = u64_at(48);
    let body = &bytes[CACHE_HEADER_LEN..];
    if count.checked_mul(CACHE_RECORD_LEN as u64) != Some(body.len() as u64) {
        return Err(format!(
            "truncated: expected {count} records, found {} bytes",
            body.len()
        ));
    }
    if checksum(body) != u64_at(56) {
        return Err("checksum mismatch".into());
    }
    let mut records = Vec::with_capacity(count as usize);
    let mut previous_key = None;
    for chunk in body.chunks_exact(CACHE_RECORD_LEN) {
        let word = u64::from_le_bytes(chunk[..8].try_into().unwrap());
        let key = word & !(FLAG_TERMINATED | FLAG_LOCATED);
        let record = Record {
            key,
            lat: i32::from_le_bytes(chunk[8..12].try_into().unwrap()),
            lon: i32::from_le_bytes(chunk[12..16].try_into().unwrap()),
            terminated: word & FLAG_TERMINATED != 0,
            located: word & FLAG_LOCATED != 0,
        };
        if previous_key.is_some_and(|p| p >= key) {
            return Err("records out of order".into());
        }
        if Postcode::from_key(key).is_none() {
            return Err("holds an invalid postcode".into());
        }
        if record.lat.unsigned_abs() > 90_000_000 || record.lon.unsigned_abs() > 180_000_000 {
            return Err("holds an impossible coordinate".into());
        }
        previous_key = Some(key);
        records.push(record);
    }
    Ok(Parsed {
        records,
        skipped_irish_grid,
    })
}

/// Writes the cache to a temporary file beside it, then renames it into place,
/// so a reader never sees half a file.
fn write_cache(cache_path: &Path, stamp: &SourceStamp, parsed: &Parsed) -> io::Result<()> {
    let bytes = encode_cache(stamp, parsed);
    let nonce = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut temp_name = cache_path.as_os_str().to_owned();
    temp_name.push(format!(".tmp-{}-{nonce}", std::process::id()));
    let temp_path = PathBuf::from(temp_name);
    let result = fs::write(&temp_path, &bytes).and_then(|()| fs::rename(&temp_path, cache_path));
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    }
    result
}

/// Deletes caches of earlier versions of the same source file. Best effort.
fn remove_stale_caches(dir: &Path, stamp: &SourceStamp, keep: &Path) {
    let prefix = stamp.cache_prefix();
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".cache") && entry.path() != keep {
            let _ = fs::remove_file(entry.path());
        }
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Why a postcode file could not be loaded. Every variant names the file;
/// those about a row give its line number, and each says what to do next.
///
/// For stopping the build with a clear message. Cache trouble is never an
/// error (see [`Gazetteer::warnings`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum LocateError {
    /// The file could not be found, opened or read.
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
    /// The file is not well-formed CSV (e.g. a row with the wrong number of fields).
    Csv {
        path: PathBuf,
        line: Option<u64>,
        message: String,
    },
    /// The header lacks a column this module needs. Understood names
    /// (any case): postcode `pcds`, `pcd`, `pcd7`, `pcd8`, `pcd2`, `Postcode`;
    /// point `Latitude`/`lat` with `Longitude`/`long`/`lon`/`lng` (preferred
    /// when present), else `oseast1m`/`east1m`/`Easting` with
    /// `osnrth1m`/`north1m`/`Northing`; termination `doterm` or `Terminated`
    /// (any value means terminated) and `In Use?` ("No" means terminated).
    MissingColumn {
        path: PathBuf,
        needed: &'static str,
        found: Vec<String>,
    },
    /// A value that should be a number is not one, or is out of range.
    BadValue {
        path: PathBuf,
        line: u64,
        column: String,
        value: String,
        expected: &'static str,
    },
    /// A postcode cell that is not a UK postcode.
    BadPostcode {
        path: PathBuf,
        line: u64,
        error: PostcodeError,
    },
}

impl LocateError {
    fn io(path: &Path, action: &'static str, source: io::Error) -> LocateError {
        LocateError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    fn csv(path: &Path, error: csv::Error) -> LocateError {
        if let csv::ErrorKind::Io(_) = error.kind() {
            let csv::ErrorKind::Io(source) = error.into_kind() else {
                unreachable!()
            };
            return LocateError::io(path, "read", source);
        }
        let line = error.position().map(|p| p.line());
        LocateError::Csv {
            path: path.to_path_buf(),
            line,
            message: error.to_string(),
        }
    }
}

impl fmt::Display for LocateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocateError::Io {
                path,
                action,
                source,
            } => write!(
                f,
                "cannot {action} postcode file {}: {source}; check the path in the configuration",
                path.display()
            ),
            LocateError::Csv {
                path,
                line,
                message,
            } => {
                write!(f, "{}", path.display())?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                }
                write!(
                    f,
                    ": not valid CSV ({message}); fix the row or re-export the file"
                )
            }
            LocateError::MissingColumn {
                path,
                needed,
                found,
            } => write!(
                f,
                "{}: no {needed} in the header (found: {}); rename the column or use an ONS \
                 Postcode Directory export",
                path.display(),
                found.join(", ")
            ),
            LocateError::BadValue {
                path,
                line,
                column,
                value,
                expected,
            } => write!(
                f,
                "{}:{line}: column \"{column}\" has \"{value}\"; expected {expected}",
                path.display()
            ),
            LocateError::BadPostcode { path, line, error } => {
                write!(
                    f,
                    "{}:{line}: {error}; fix or remove the row",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for LocateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LocateError::Io { source, .. } => Some(source),
            LocateError::BadPostcode { error, .. } => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOOGAL: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/postcodes/croydon_postcodes_doogal_2021.csv"
    );
    const ONSPD: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/postcodes/croydon_area_onspd_nov2025_osgb.csv"
    );

    /// A fresh folder under the system temp folder, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(label: &str) -> TempDir {
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

        fn write(&self, name: &str, contents: &str) -> PathBuf {
            let path = self.0.join(name);
            fs::write(&path, contents).unwrap();
            path
        }

        fn cache_files(&self, sub: &str) -> Vec<PathBuf> {
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

    fn pc(s: &str) -> Postcode {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn load(files: &[&Path], cache: &Path) -> Gazetteer {
        let files: Vec<PathBuf> = files.iter().map(|p| p.to_path_buf()).collect();
        Gazetteer::load(&files, cache).unwrap_or_else(|e| panic!("{e}"))
    }

    fn load_err(files: &[&Path], cache: &Path) -> LocateError {
        let files: Vec<PathBuf> = files.iter().map(|p| p.to_path_buf()).collect();
        Gazetteer::load(&files, cache).expect_err("load should fail")
    }

    // --- Coordinates ----------------------------------------------------------

    #[test]
    fn inverse_projection_matches_the_ordnance_survey_worked_example() {
        // OS "A guide to coordinate systems in Great Britain", worked example:
        // E 651409.903 N 313177.270 is OSGB36 52°39′27.2531″N 1°43′04.5177″E.
        let (lat, lon) = inverse_national_grid(651_409.903, 313_177.270);
        let expected_lat = 52.0 + 39.0 / 60.0 + 27.2531 / 3600.0;
        let expected_lon = 1.0 + 43.0 / 60.0 + 4.5177 / 3600.0;
        // The example is given to 0.0001″ (3 mm).
        assert!(
            (lat.to_degrees() - expected_lat).abs() * 3600.0 < 0.0002,
            "lat {}",
            lat.to_degrees()
        );
        assert!(
            (lon.to_degrees() - expected_lon).abs() * 3600.0 < 0.0002,
            "lon {}",
            lon.to_degrees()
        );
    }

    #[test]
    fn helmert_is_within_five_metres_of_ostn15_at_ordnance_survey_test_points() {
        // Test points TP01, TP09, TP26, TP31 and TP40 of the OS OSTN15/OSGM15
        // developer pack: OSGB36 easting, northing → ETRS89 latitude, longitude
        // (Contains OS data © Crown copyright and database rights 2016).
        for (name, e, n, lat, lon) in [
            (
                "TP01 St Mary's, Scilly",
                91_492.146,
                11_318.804,
                49.922_263_937_30,
                -6.299_777_520_14,
            ),
            (
                "TP09 Lambeth",
                530_624.974,
                178_388.464,
                51.489_365_649_50,
                -0.119_925_571_80,
            ),
            (
                "TP26 Glasgow",
                256_340.925,
                664_697.269,
                55.853_999_529_50,
                -4.296_490_162_51,
            ),
            (
                "TP31 Hirta, St Kilda",
                9_587.909,
                899_448.996,
                57.813_518_384_10,
                -8.578_544_560_76,
            ),
            (
                "TP40 Foula",
                395_999.668,
                1_138_728.951,
                60.133_080_916_60,
                -2.073_828_227_98,
            ),
        ] {
            let d = osgb36_to_wgs84(e, n).distance_metres(LatLon { lat, lon });
            assert!(d < 5.0, "{name}: {d:.2} m from OSTN15");
        }
    }

    #[test]
    fn known_croydon_points_match_doogal_within_a_few_metres() {
        // Postcode, easting, northing, latitude, longitude — rows of the Doogal file.
        for (code, e, n, lat, lon) in [
            ("CR0 0AA", 539_052.0, 162_028.0, 51.34034, -0.005061),
            ("BR3 3BZ", 537_388.0, 166_253.0, 51.378711, -0.027304),
            ("CR0 0AB", 539_266.0, 161_728.0, 51.337592, -0.002108),
        ] {
            let got = osgb36_to_wgs84(e, n);
            let d = got.distance_metres(LatLon { lat, lon });
            assert!(
                d < 1.0,
                "{code}: {got:?} is {d:.2} m from the published point"
            );
        }
    }

    #[test]
    fn helmert_is_within_ten_metres_of_published_latitudes() {
        let mut reader = csv::Reader::from_path(DOOGAL).unwrap();
        let header = reader.headers().unwrap().clone();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (lat, lon, east, north) = (
            col("Latitude"),
            col("Longitude"),
            col("Easting"),
            col("Northing"),
        );
        let mut distances: Vec<f64> = reader
            .records()
            .map(|row| {
                let row = row.unwrap();
                let number = |i: usize| row[i].parse::<f64>().unwrap();
                let published = LatLon {
                    lat: number(lat),
                    lon: number(lon),
                };
                osgb36_to_wgs84(number(east), number(north)).distance_metres(published)
            })
            .collect();
        distances.sort_by(f64::total_cmp);
        let n = distances.len();
        assert!(n >= 13_000, "only {n} rows");
        let within = distances.iter().filter(|&&d| d <= 10.0).count();
        let pct = |p: f64| distances[((n as f64 * p) as usize).min(n - 1)];
        println!(
            "OSGB36→WGS84 (Helmert) vs Doogal over {n} postcodes: median {:.2} m, 99th percentile {:.2} m, \
             max {:.2} m, within 10 m {:.2}%",
            pct(0.5),
            pct(0.99),
            distances[n - 1],
            100.0 * within as f64 / n as f64
        );
        assert!(within * 100 >= n * 99, "only {within} of {n} within 10 m");
    }

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

    #[test]
    fn cached_load_gives_identical_results() {
        let tmp = TempDir::new("roundtrip");
        let cache = tmp.0.join("cache");
        let from_csv = load(&[Path::new(ONSPD), Path::new(DOOGAL)], &cache);
        assert_eq!(
            tmp.cache_files("cache").len(),
            2,
            "one cache file per source"
        );
        let from_cache = load(&[Path::new(ONSPD), Path::new(DOOGAL)], &cache);
        assert!(
            from_cache.warnings().is_empty(),
            "{:?}",
            from_cache.warnings()
        );
        assert!(from_csv.iter().eq(from_cache.iter()));
    }

    #[test]
    fn corrupt_or_truncated_cache_is_rebuilt() {
        let tmp = TempDir::new("corrupt");
        let cache = tmp.0.join("cache");
        let good = load(&[Path::new(ONSPD)], &cache);
        let [cache_file] = tmp.cache_files("cache").try_into().unwrap();
        let original = fs::read(&cache_file).unwrap();

        let mut flipped = original.clone();
        flipped[CACHE_HEADER_LEN + 1000] ^= 0x10;
        let truncated = original[..original.len() - 7].to_vec();
        let mut bad_count = original.clone();
        bad_count[48..56].copy_from_slice(&u64::MAX.to_le_bytes());
        let garbage = b"not a cache".to_vec();

        for (what, bytes) in [
            ("flipped bit", flipped),
            ("truncated", truncated),
            ("bad count", bad_count),
            ("garbage", garbage),
            ("empty", Vec::new()),
        ] {
            fs::write(&cache_file, bytes).unwrap();
            let rebuilt = load(&[Path::new(ONSPD)], &cache);
            assert!(good.iter().eq(rebuilt.iter()), "{what}");
            assert_eq!(rebuilt.warnings().len(), 1, "{what}");
            assert!(
                rebuilt.warnings()[0].contains("rebuilt"),
                "{what}: {:?}",
                rebuilt.warnings()
            );
            assert_eq!(
                fs::read(&cache_file).unwrap(),
                original,
                "{what}: cache rewritten"
            );
        }
    }

    #[test]
    fn any_damaged_byte_of_a_cache_is_caught_without_panicking() {
        let tmp = TempDir::new("everybyte");
        let cache = tmp.0.join("cache");
        let src = tmp.write(
            "p.csv",
            "pcds,lat,long,doterm\nCR0 1AA,51.1,-0.1,\nCR0 1AB,51.2,-0.2,2019\nSE25 4AA,51.4,-0.07,\n",
        );
        let good = load(&[&src], &cache);
        let [cache_file] = tmp.cache_files("cache").try_into().unwrap();
        let original = fs::read(&cache_file).unwrap();
        for at in 0..original.len() {
            for flip in [0x01u8, 0x80] {
                let mut damaged = original.clone();
                damaged[at] ^= flip;
                fs::write(&cache_file, &damaged).unwrap();
                let reloaded = load(&[&src], &cache);
                assert!(good.iter().eq(reloaded.iter()), "byte {at}");
                assert_eq!(
                    reloaded.warnings().len(),
                    1,
                    "byte {at} ^ {flip:#x} went unnoticed"
                );
            }
        }
    }

    #[test]
    fn changed_source_invalidates_its_cache_and_the_old_one_is_removed() {
        let tmp = TempDir::new("stale");
        let cache = tmp.0.join("cache");
        let src = tmp.write("p.csv", "pcds,lat,long\nCR0 1AA,51.1,-0.1\n");
        assert_eq!(load(&[&src], &cache).len(), 1);
        let first_cache = tmp.cache_files("cache");
        tmp.write(
            "p.csv",
            "pcds,lat,long\nCR0 1AA,51.1,-0.1\nCR0 1AB,51.2,-0.2\n",
        );
        let g = load(&[&src], &cache);
        assert_eq!(g.len(), 2);
        let second_cache = tmp.cache_files("cache");
        assert_eq!(second_cache.len(), 1);
        assert_ne!(first_cache, second_cache);
    }

    #[test]
    fn unwritable_cache_folder_still_loads_with_a_warning() {
        let tmp = TempDir::new("nocache");
        let src = tmp.write("p.csv", "pcds,lat,long\nCR0 1AA,51.1,-0.1\n");
        let blocker = tmp.write("not-a-folder", "");
        let g = load(&[&src], &blocker.join("cache"));
        assert_eq!(g.len(), 1);
        assert_eq!(g.warnings().len(), 1);
        assert!(
            g.warnings()[0].contains("cannot create the postcode cache folder"),
            "{:?}",
            g.warnings()
        );
    }

    // --- Reading CSV ----------------------------------------------------------

    #[test]
    fn onspd_blanks_and_sentinels_are_skipped_and_doterm_terminates() {
        let tmp = TempDir::new("onspd");
        let src = tmp.write(
            "onspd.csv",
            "PCD,laua,OSEAST1M,OSNRTH1M,DOTERM\n\
             CR0 1AA,E09000008,532000,165000,\n\
             SE254AA,E09000008,534000,168000,201506\n\
             CR0 1AB,E09000008,,,\n\
             CR0 1AD,E09000008,0,1000000,\n\
             CR0 1AE,E09000008,0,0,201001\n\
             ZE1 0AA,S12000027,446285,1141081,\n",
        );
        let g = load(&[&src], &tmp.0.join("cache"));
        assert_eq!(g.len(), 3);
        assert!(!g.lookup(&pc("CR0 1AA")).unwrap().terminated);
        assert!(g.lookup(&pc("SE25 4AA")).unwrap().terminated);
        assert_eq!(g.lookup(&pc("CR0 1AB")), None);
        assert_eq!(g.lookup(&pc("CR0 1AD")), None);
        let lerwick = g.lookup(&pc("ZE1 0AA")).unwrap().at;
        assert!(
            lerwick.distance_metres(LatLon {
                lat: 60.1516,
                lon: -1.16818
            }) < 20.0,
            "{lerwick:?}"
        );
    }

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
    fn latitude_longitude_are_preferred_over_grid_references() {
        let tmp = TempDir::new("prefer");
        let src = tmp.write(
            "both.csv",
            "Postcode,Easting,Northing,Latitude,Longitude,Terminated\n\
             CR0 1AA,100000,100000,51.5,-0.1,\n\
             CR0 1AB,100000,100000,99.999999,0.000000,\n\
             CR0 1AD,100000,100000,51.6,-0.2,2019-01-01\n",
        );
        let g = load(&[&src], &tmp.0.join("cache"));
        assert_eq!(g.len(), 2);
        assert_eq!(
            g.lookup(&pc("CR0 1AA")).unwrap(),
            Place {
                at: LatLon {
                    lat: 51.5,
                    lon: -0.1
                },
                terminated: false
            }
        );
        assert!(g.lookup(&pc("CR0 1AD")).unwrap().terminated);
    }

    #[test]
    fn northern_ireland_grid_references_are_left_out_with_a_warning() {
        let tmp = TempDir::new("bt");
        let cache = tmp.0.join("cache");
        let src = tmp.write(
            "uk.csv",
            "pcd,oseast1m,osnrth1m\nBT1 1AA,333800,374000\nCR0 1AA,532000,165000\n",
        );
        for _ in 0..2 {
            // The warning survives a cached load too.
            let g = load(&[&src], &cache);
            assert_eq!(g.len(), 1);
            assert_eq!(g.lookup(&pc("BT1 1AA")), None);
            assert_eq!(g.warnings().len(), 1, "{:?}", g.warnings());
            assert!(
                g.warnings()[0].contains("1 Northern Ireland (BT) postcodes"),
                "{:?}",
                g.warnings()
            );
        }
    }

    #[test]
    fn header_names_are_case_insensitive_and_a_bom_is_ignored() {
        let tmp = TempDir::new("bom");
        let src = tmp.write(
            "bom.csv",
            "\u{feff}POSTCODE , LATITUDE,longitude\nse25 4aa,51.4,-0.07\n",
        );
        let g = load(&[&src], &tmp.0.join("cache"));
        assert_eq!(
            g.lookup(&pc("SE25 4AA")).unwrap().at,
            LatLon {
                lat: 51.4,
                lon: -0.07
            }
        );
    }

    #[test]
    fn no_postcode_column_is_an_error_naming_the_file() {
        let tmp = TempDir::new("nopc");
        let src = tmp.write("nopc.csv", "code,lat,long\nCR0 1AA,51.1,-0.1\n");
        let err = load_err(&[&src], &tmp.0.join("cache"));
        assert!(matches!(err, LocateError::MissingColumn { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.contains("nopc.csv"), "{message}");
        assert!(
            message.contains("no a postcode column") || message.contains("postcode column"),
            "{message}"
        );
        assert!(message.contains("found: code, lat, long"), "{message}");
    }

    #[test]
    fn no_coordinate_columns_is_an_error() {
        let tmp = TempDir::new("nocoord");
        let src = tmp.write("nocoord.csv", "pcd,laua\nCR0 1AA,E09000008\n");
        let message = load_err(&[&src], &tmp.0.join("cache")).to_string();
        assert!(
            message.contains("nocoord.csv") && message.contains("coordinate columns"),
            "{message}"
        );
    }

    #[test]
    fn a_bad_number_names_file_line_and_column() {
        let tmp = TempDir::new("badnum");
        let src = tmp.write(
            "badnum.csv",
            "pcd,oseast1m,osnrth1m\nCR0 1AA,532000,165000\nCR0 1AB,53x000,165000\n",
        );
        let err = load_err(&[&src], &tmp.0.join("cache"));
        let message = err.to_string();
        assert!(
            message.contains("badnum.csv:3: column \"oseast1m\" has \"53x000\""),
            "{message}"
        );
        assert!(
            message.contains("expected a National Grid easting"),
            "{message}"
        );
    }

    #[test]
    fn out_of_range_coordinates_are_errors() {
        let tmp = TempDir::new("range");
        let grid = tmp.write(
            "grid.csv",
            "pcd,oseast1m,osnrth1m\nCR0 1AA,9532000,165000\n",
        );
        let message = load_err(&[&grid], &tmp.0.join("cache")).to_string();
        assert!(
            message.contains("grid.csv:2: column \"oseast1m\" has \"9532000\""),
            "{message}"
        );
        let ll = tmp.write("ll.csv", "postcode,lat,lon\nCR0 1AA,51.3,-200.5\n");
        let message = load_err(&[&ll], &tmp.0.join("cache")).to_string();
        assert!(
            message.contains("ll.csv:2: column \"lon\" has \"-200.5\""),
            "{message}"
        );
    }

    #[test]
    fn a_bad_postcode_names_file_and_line() {
        let tmp = TempDir::new("badpc");
        let src = tmp.write(
            "badpc.csv",
            "pcds,lat,long\nCR0 1AA,51.1,-0.1\nCR0 XYZ,51.1,-0.1\n",
        );
        let message = load_err(&[&src], &tmp.0.join("cache")).to_string();
        assert!(
            message.contains("badpc.csv:3: \"CR0 XYZ\" is not a UK postcode"),
            "{message}"
        );
    }

    #[test]
    fn ragged_csv_and_missing_files_are_errors_naming_the_file() {
        let tmp = TempDir::new("ragged");
        let src = tmp.write(
            "ragged.csv",
            "pcds,lat,long\nCR0 1AA,51.1,-0.1\nCR0 1AB,51.1\n",
        );
        let message = load_err(&[&src], &tmp.0.join("cache")).to_string();
        assert!(message.contains("ragged.csv:3: not valid CSV"), "{message}");
        let missing = tmp.0.join("missing.csv");
        let err = load_err(&[&missing], &tmp.0.join("cache"));
        assert!(matches!(err, LocateError::Io { .. }));
        assert!(err.to_string().contains("missing.csv"), "{err}");
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
