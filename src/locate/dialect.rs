//! Reading one postcode CSV file into records. The header decides the dialect: ONSPD/NSPL
//! (`pcd`/`pcds`, grid references `oseast1m`/`osnrth1m`, `doterm`), Doogal (`Postcode`,
//! `Latitude`/`Longitude`, `Easting`/`Northing`, `In Use?`, `Terminated`), or any file with a
//! postcode column and latitude/longitude columns.
//!
//! For turning rows into [`Record`]s (blank and sentinel coordinates skipped, grid references
//! converted on all cores, Northern Ireland's Irish Grid references left out and counted).
//! Problems name the file, line and column ([`LocateError`]). Not for merging files or caching:
//! that is the gazetteer's load ([`super::Gazetteer::load`]).

use std::fs;
use std::path::Path;

use super::LocateError;
use super::grid::osgb36_to_wgs84;
use super::records::{Parsed, Record, settle, to_micro};
use crate::place::Postcode;

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

/// Every header name this module understands, for the help line of
/// [`LocateError::MissingColumn`] (built from the lists above, so it cannot drift).
pub(super) fn understood_columns() -> String {
    format!(
        "header names understood (any case): postcode {}; point {} with {} (preferred), or {} \
         with {}; terminated if {} or {} has any value, or {} is \"No\"",
        POSTCODE_COLUMNS.join(", "),
        LATITUDE_COLUMNS.join("/"),
        LONGITUDE_COLUMNS.join("/"),
        EASTING_COLUMNS.join("/"),
        NORTHING_COLUMNS.join("/"),
        DATE_OF_TERMINATION_COLUMN,
        TERMINATED_COLUMN,
        IN_USE_COLUMN
    )
}

const NEEDS_POSTCODE: &str = "a postcode column (pcds, pcd, pcd7, pcd8 or Postcode)";
const NEEDS_COORDINATES: &str = "coordinate columns (Latitude and Longitude, or oseast1m and osnrth1m, or Easting and Northing)";

/// A grid-referenced row waiting for the (slow part) coordinate transform.
struct PendingGrid {
    record: usize,
    easting: f64,
    northing: f64,
}

pub(super) fn read_csv(path: &Path) -> Result<Parsed, LocateError> {
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

#[cfg(test)]
mod tests {
    use super::super::tests::{TempDir, load, load_err, pc};
    use super::*;
    use crate::diagnostics::{Help, error_text};
    use crate::locate::Place;
    use crate::place::LatLon;

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
        // The help line lists every name understood, including those the message leaves out.
        let help = err.help().expect("a missing column has help");
        for name in ["pcd2", "lng", "east1m", "north1m", "doterm", "in use?"] {
            assert!(help.contains(name), "{name} missing from: {help}");
        }
        let shown = error_text(&err);
        assert!(
            shown.starts_with(&format!("error: {message}\nhelp: header names understood")),
            "{shown}"
        );
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
    fn text_that_is_not_ascii_or_not_utf8_is_reported_not_panicked_on() {
        let tmp = TempDir::new("bytes");
        let cache = tmp.0.join("cache");
        let cases: [(&str, &[u8], &str); 4] = [
            (
                "header.csv",
                "pöstcode,lat,long\nCR0 1AA,51.1,-0.1\n".as_bytes(),
                "found: pöstcode, lat, long",
            ),
            (
                "latin1.csv",
                b"pcds,lat,long\nCR0 1AA,51.1,-0.1\nCR\xd8 1AA,51.1,-0.1\n",
                "latin1.csv:3: \"CR\u{fffd} 1AA\" is not a UK postcode",
            ),
            (
                "cell.csv",
                "pcds,lat,long\nCR0 1AA,51.1é,-0.1\n".as_bytes(),
                "cell.csv:2: column \"lat\" has \"51.1é\"",
            ),
            (
                "split.csv",
                b"pcds,lat,long\nCR0 1AA,51.1,-0.1\xe2\x82\n",
                "split.csv:2: column \"long\" has \"-0.1\u{fffd}\"",
            ),
        ];
        for (name, bytes, expected) in cases {
            let path = tmp.0.join(name);
            fs::write(&path, bytes).unwrap();
            let message = load_err(&[&path], &cache).to_string();
            assert!(message.contains(expected), "{name}: {message}");
        }
    }

    #[test]
    fn ragged_csv_and_missing_files_are_errors_naming_the_file() {
        let tmp = TempDir::new("ragged");
        let src = tmp.write(
            "ragged.csv",
            "pcds,lat,long\nCR0 1AA,51.1,-0.1\nCR0 1AB,51.1\n",
        );
        let err = load_err(&[&src], &tmp.0.join("cache"));
        let message = err.to_string();
        assert!(message.contains("ragged.csv:3: not valid CSV"), "{message}");
        // The CSV reader's own error is the cause, and its text is shown once.
        let cause = std::error::Error::source(&err).expect("a cause");
        assert!(cause.downcast_ref::<csv::Error>().is_some(), "{cause:?}");
        assert_eq!(error_text(&err), format!("error: {message}"));

        let missing = tmp.0.join("missing.csv");
        let err = load_err(&[&missing], &tmp.0.join("cache"));
        assert!(matches!(err, LocateError::Io { .. }));
        assert!(err.to_string().contains("missing.csv"), "{err}");
        let help = err.help().expect("a missing file has help");
        assert!(help.contains("[postcodes]"), "{help}");
    }
}
