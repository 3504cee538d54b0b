//! Ward boundaries: the `[wards]` GeoJSON file (OSGB36 grid), read once in the load phase,
//! with each ward's name as the sites show it, its outline on the grid and in WGS84, and its
//! centroid. Validation checks `area.wards` against the names; the sites' ward filter, the ward
//! scope of listings and the gaps report use the outlines.
//!
//! Not for deciding which listings a ward's people can reach: that is `select`.

use std::path::{Path, PathBuf};

use geo::{BoundingRect, Centroid, Contains, Coord, LineString, MapCoords, MultiPolygon, Point};
use geo::{Polygon, Rect};

use crate::locate::osgb36_to_wgs84;
use crate::place::LatLon;

/// The wards of the area: their names (sorted) and outlines (in file order).
#[derive(Clone, Debug, Default)]
pub struct Wards {
    /// Ward names as the sites show them, sorted.
    pub names: Vec<String>,
    /// Every ward with its geometry, in the file's order.
    pub shapes: Vec<Ward>,
}

impl Wards {
    /// Reads `[wards] file` (relative to `root`), naming each ward by its `name_field` property.
    pub fn load(root: &Path, config: &crate::config::Wards) -> Result<Wards, Error> {
        let shapes: Vec<Ward> = read_features(&root.join(&config.file), &config.name_field)?
            .into_iter()
            .map(|(name, grid)| Ward::new(ward_name(&name).to_string(), grid))
            .collect();
        let mut names: Vec<String> = shapes.iter().map(|w| w.name.clone()).collect();
        names.sort();
        Ok(Wards { names, shapes })
    }
}

/// A source typo kept as published in the ward boundaries (see data/PROVENANCE.md), shown and
/// matched under its right name.
const WARD_NAME_FIXES: &[(&str, &str)] = &[("Shirly South", "Shirley South")];

/// A ward name as the sites show it: the name from a data file, with known source typos fixed.
pub fn ward_name(raw: &str) -> &str {
    WARD_NAME_FIXES
        .iter()
        .find(|(bad, _)| *bad == raw)
        .map_or(raw, |(_, good)| good)
}

/// A ward with its geometry.
#[derive(Clone, Debug)]
pub struct Ward {
    pub name: String,
    /// On the British National Grid (metres).
    pub grid: MultiPolygon<f64>,
    /// In WGS84, x = longitude, y = latitude.
    pub wgs: MultiPolygon<f64>,
    bbox: Option<Rect<f64>>,
    /// The geometric centroid, converted to WGS84.
    pub centroid: LatLon,
}

impl Ward {
    /// A ward from its outline on the British National Grid.
    pub fn new(name: String, grid: MultiPolygon<f64>) -> Ward {
        let wgs = grid.map_coords(|c| {
            let at = osgb36_to_wgs84(c.x, c.y);
            Coord {
                x: at.lon,
                y: at.lat,
            }
        });
        let centroid = grid.centroid().map_or(LatLon { lat: 0.0, lon: 0.0 }, |c| {
            osgb36_to_wgs84(c.x(), c.y())
        });
        Ward {
            name,
            bbox: wgs.bounding_rect(),
            grid,
            wgs,
            centroid,
        }
    }

    /// True when the point is inside the ward.
    pub fn contains(&self, at: LatLon) -> bool {
        let p = Coord {
            x: at.lon,
            y: at.lat,
        };
        self.bbox.is_some_and(|b| {
            b.min().x <= p.x && p.x <= b.max().x && b.min().y <= p.y && p.y <= b.max().y
        }) && self.wgs.contains(&Point::from(p))
    }

    /// The straight-line distance in metres from `at` to the ward: 0 inside it, else to the
    /// nearest point of its outline. Measured on a flat projection centred on `at`
    /// (equirectangular), which over the few kilometres of a walk differs from the
    /// haversine distance of [`LatLon::distance_metres`] by far less than a metre.
    pub fn metres_from(&self, at: LatLon) -> f64 {
        if self.contains(at) {
            return 0.0;
        }
        let per_degree = EARTH_RADIUS_M.to_radians();
        let per_degree_lon = per_degree * at.lat.to_radians().cos();
        let flat = |c: &Coord<f64>| ((c.x - at.lon) * per_degree_lon, (c.y - at.lat) * per_degree);
        let mut nearest = f64::INFINITY;
        for polygon in &self.wgs.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for edge in ring.0.windows(2) {
                    let d = from_origin_to_segment(flat(&edge[0]), flat(&edge[1]));
                    nearest = nearest.min(d);
                }
            }
        }
        nearest
    }

    /// True when some of the ward is within `metres` of `at` (a circle of that radius around
    /// `at` overlaps it): a quick test of its bounding box first, then [`Ward::metres_from`].
    pub fn within_metres(&self, at: LatLon, metres: f64) -> bool {
        let Some(b) = self.bbox else {
            return false;
        };
        // The box grown by `metres` in degrees (a degree of longitude is shortest at the
        // box's edge furthest from the equator).
        let dlat = metres / EARTH_RADIUS_M.to_radians();
        let widest = b.min().y.abs().max(b.max().y.abs()) + dlat;
        let dlon = dlat / widest.min(89.0).to_radians().cos();
        let outside = at.lon < b.min().x - dlon
            || at.lon > b.max().x + dlon
            || at.lat < b.min().y - dlat
            || at.lat > b.max().y + dlat;
        !outside && self.metres_from(at) <= metres
    }
}

/// The radius of the sphere [`LatLon::distance_metres`] uses, in metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// The distance from (0, 0) to the segment from `a` to `b`, on a plane.
fn from_origin_to_segment(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = match length2 > 0.0 {
        true => (-(a.0 * dx + a.1 * dy) / length2).clamp(0.0, 1.0),
        false => 0.0,
    };
    let (x, y) = (a.0 + t * dx, a.1 + t * dy);
    (x * x + y * y).sqrt()
}

/// Why a boundary file (the `[wards]` file, or the gaps report's LSOAs) cannot be used. Every
/// message starts with the file's path.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not JSON.
    #[error("{} is not GeoJSON: {source}", path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    /// JSON without a `features` list.
    #[error("{} has no `features`", path.display())]
    NoFeatures { path: PathBuf },
    /// A feature (counted from 1) without the property that names it.
    #[error("{}: feature {number} has no `{field}` property", path.display())]
    NoName {
        path: PathBuf,
        number: usize,
        field: String,
    },
    /// A feature whose geometry is not polygons of coordinate pairs.
    #[error(
        "{}: feature `{name}` is not a Polygon or MultiPolygon with [easting, northing] \
         coordinates",
        path.display()
    )]
    Geometry { path: PathBuf, name: String },
    /// A feature in longitude and latitude rather than on the British National Grid.
    #[error(
        "{}: feature `{name}` looks like longitude/latitude; the boundary files must be \
         OSGB36 / British National Grid eastings and northings (EPSG:27700)",
        path.display()
    )]
    LatLon { path: PathBuf, name: String },
}

impl crate::diagnostics::Help for Error {}

/// Features of a GeoJSON file of OSGB36 polygons: (the `field` property, the geometry).
pub fn read_features(path: &Path, field: &str) -> Result<Vec<(String, MultiPolygon<f64>)>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|source| Error::Json {
        path: path.to_path_buf(),
        source,
    })?;
    let features = json["features"]
        .as_array()
        .ok_or_else(|| Error::NoFeatures {
            path: path.to_path_buf(),
        })?;
    let mut out = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let name = f["properties"][field]
            .as_str()
            .ok_or_else(|| Error::NoName {
                path: path.to_path_buf(),
                number: i + 1,
                field: field.to_string(),
            })?;
        let geometry = &f["geometry"];
        let bad = || Error::Geometry {
            path: path.to_path_buf(),
            name: name.to_string(),
        };
        let polygons = match geometry["type"].as_str() {
            Some("Polygon") => vec![polygon(&geometry["coordinates"]).ok_or_else(bad)?],
            Some("MultiPolygon") => geometry["coordinates"]
                .as_array()
                .ok_or_else(bad)?
                .iter()
                .map(polygon)
                .collect::<Option<Vec<_>>>()
                .ok_or_else(bad)?,
            _ => return Err(bad()),
        };
        if let Some(first) = polygons.first().and_then(|p| p.exterior().0.first())
            && (first.x.abs() <= 180.0 && first.y.abs() <= 90.0)
        {
            return Err(Error::LatLon {
                path: path.to_path_buf(),
                name: name.to_string(),
            });
        }
        out.push((name.to_string(), MultiPolygon(polygons)));
    }
    Ok(out)
}

fn polygon(value: &serde_json::Value) -> Option<Polygon<f64>> {
    let mut rings = value.as_array()?.iter().map(|ring| {
        ring.as_array()?
            .iter()
            .map(|p| {
                Some(Coord {
                    x: p.get(0)?.as_f64()?,
                    y: p.get(1)?.as_f64()?,
                })
            })
            .collect::<Option<Vec<Coord<f64>>>>()
            .map(LineString)
    });
    let exterior = rings.next()??;
    let interiors = rings.collect::<Option<Vec<_>>>()?;
    Some(Polygon::new(exterior, interiors))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::error_text;

    /// A GeoJSON file of one square ward at `(x, y)`, named by `properties`.
    fn one_ward(dir: &Path, properties: &str, x: f64, y: f64) -> PathBuf {
        let path = dir.join("wards.geojson");
        let ring = format!(
            "[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]",
            x + 1.0,
            x + 1.0,
            y + 1.0,
            y + 1.0
        );
        std::fs::write(
            &path,
            format!(
                r#"{{"features":[{{"properties":{properties},"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}]}}"#
            ),
        )
        .unwrap();
        path
    }

    #[test]
    fn a_boundary_file_that_cannot_be_used_is_an_error_naming_it() {
        let temp = tempfile::tempdir().unwrap();
        let path = one_ward(temp.path(), r#"{"NAME":"Selhurst"}"#, 533000.0, 167000.0);
        let read = read_features(&path, "NAME").unwrap();
        assert_eq!(read[0].0, "Selhurst");

        let e = read_features(&path, "WD23NM").unwrap_err();
        assert_eq!(
            error_text(&e),
            format!(
                "error: {}: feature 1 has no `WD23NM` property",
                path.display()
            )
        );
        let path = one_ward(temp.path(), r#"{"NAME":"Selhurst"}"#, -0.1, 51.4);
        assert_eq!(
            error_text(&read_features(&path, "NAME").unwrap_err()),
            format!(
                "error: {}: feature `Selhurst` looks like longitude/latitude; the boundary \
                 files must be OSGB36 / British National Grid eastings and northings \
                 (EPSG:27700)",
                path.display()
            )
        );
        std::fs::write(&path, "{").unwrap();
        let e = read_features(&path, "NAME").unwrap_err();
        assert!(matches!(e, Error::Json { .. }), "{e:?}");
        assert!(
            error_text(&e).starts_with(&format!("error: {} is not GeoJSON: ", path.display())),
            "{e}"
        );
    }
}
