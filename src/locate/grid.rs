//! OSGB36 / British National Grid easting and northing → WGS84 latitude and longitude: the
//! inverse Transverse Mercator projection on the Airy 1830 ellipsoid, then Ordnance Survey's
//! 7-parameter Helmert transformation. [`osgb36_to_wgs84`] says how accurate that is.
//!
//! For the grid references in ONS and Ordnance Survey files (and ward boundaries drawn on the
//! National Grid). Not for the Irish Grid (Northern Ireland), and not for survey-grade work:
//! OSTN15 would be needed for that.

use crate::place::LatLon;

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

#[cfg(test)]
mod tests {
    use super::super::tests::DOOGAL;
    use super::*;

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
}
