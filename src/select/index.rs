//! The listings' venues in latitude stripes, built once per build, so choosing a practice
//! site's listings measures only the venues in a small box around it rather than every venue
//! in the directory (which would make a build grow as practices × listings); and the ward
//! services with the wards they name, so a site tests only the outlines of those wards.
//!
//! It chooses exactly what measuring every listing does ([`super::scan`]); the rule is in
//! [`super`].

use super::{
    Local, Nearby, Reach, Scope, Selection, by_distance, by_name, by_wards, is_borough_wide,
    minutes_for, nearest, scan, scope,
};
use crate::model::Listing;
use crate::place::LatLon;
use crate::sites::Site;
use crate::wards::{Ward, Wards};

/// Metres per degree of latitude on the sphere `distance_metres` uses. A point within `r`
/// metres of a site is never more than `r / METRES_PER_DEGREE` degrees north or south of it.
const METRES_PER_DEGREE: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// The radius of that sphere, in metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Height of the index's latitude stripes, in degrees (about 2.2 km).
const STRIPE_DEGREES: f64 = 0.02;

/// A located venue in the index.
#[derive(Clone, Copy, Debug)]
struct Point {
    lat: f64,
    lon: f64,
    /// Position of the listing in `Index::listings`, and of the venue in its `venues`.
    listing: u32,
    venue: u32,
}

/// The published listings, indexed for choosing what each site shows.
pub struct Index<'a> {
    listings: Vec<&'a Listing>,
    /// By stripe, then longitude.
    points: Vec<Point>,
    /// (stripe number, position of its first point in `points`), ascending.
    stripes: Vec<(i64, usize)>,
    /// Positions of the listings available everywhere, by name.
    everywhere: Vec<usize>,
    /// Positions of the listings limited to some wards, by their wards then name.
    limited: Vec<usize>,
    /// The outlines of the wards some listing of `limited` names: the only ones a site
    /// needs to test.
    named: Vec<Ward>,
}

fn stripe(lat: f64) -> i64 {
    (lat / STRIPE_DEGREES).floor() as i64
}

impl<'a> Index<'a> {
    /// Indexes `listings` (the published ones), with the ward outlines of `wards`.
    pub fn new(listings: impl IntoIterator<Item = &'a Listing>, wards: &Wards) -> Index<'a> {
        let listings: Vec<&Listing> = listings.into_iter().collect();
        let mut points = Vec::new();
        for (li, l) in listings.iter().enumerate() {
            for (vi, v) in l.venues.iter().enumerate() {
                if let Some(at) = v.at {
                    points.push(Point {
                        lat: at.lat,
                        lon: at.lon,
                        listing: li as u32,
                        venue: vi as u32,
                    });
                }
            }
        }
        points.sort_by(|a, b| {
            stripe(a.lat)
                .cmp(&stripe(b.lat))
                .then(a.lon.total_cmp(&b.lon))
        });
        let mut stripes: Vec<(i64, usize)> = Vec::new();
        for (i, p) in points.iter().enumerate() {
            let s = stripe(p.lat);
            if stripes.last().is_none_or(|last| last.0 != s) {
                stripes.push((s, i));
            }
        }
        let mut everywhere: Vec<usize> = (0..listings.len())
            .filter(|&i| scope(listings[i]) == Scope::Everywhere)
            .collect();
        everywhere.sort_by(|&a, &b| by_name(&listings[a], &listings[b]));
        let mut limited: Vec<usize> = (0..listings.len())
            .filter(|&i| matches!(scope(listings[i]), Scope::Wards(_)))
            .collect();
        limited.sort_by(|&a, &b| by_wards(&listings[a], &listings[b]));
        let mut names: Vec<&String> = limited
            .iter()
            .flat_map(|&i| &listings[i].area.wards)
            .collect();
        names.sort_unstable();
        names.dedup();
        let named = wards
            .shapes
            .iter()
            .filter(|w| names.binary_search(&&w.name).is_ok())
            .cloned()
            .collect();
        Index {
            listings,
            points,
            stripes,
            everywhere,
            limited,
            named,
        }
    }

    /// The wards `site` reaches, of those some listing is limited to.
    fn reach(&self, site: &Site) -> Reach {
        match is_borough_wide(site) {
            true => Reach::every_ward(),
            false => Reach::of_circle_among(site.at, site.walk_minutes, &self.named),
        }
    }

    /// What `site` shows; the same as measuring every listing.
    pub fn select(&self, site: &Site) -> Selection<'a> {
        let reach = self.reach(site);
        if is_borough_wide(site) {
            return scan(site, self.listings.iter().copied(), &reach);
        }
        // Every listing within the walking radius is closer than this (minutes are rounded).
        let radius = (f64::from(site.walk_minutes) + 1.0) * super::WALK_METRES_PER_MINUTE
            / super::DETOUR_FACTOR;
        let mut found = Vec::new();
        self.venues_within(site.at, radius, &mut found);
        // A listing's nearest venue only (ties: the first venue, as `nearest`).
        found.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.total_cmp(&b.2)).then(a.1.cmp(&b.1)));
        found.dedup_by_key(|f| f.0);
        let mut near: Vec<(u32, Nearby)> = found
            .iter()
            .map(|&(li, venue, metres)| {
                let minutes = minutes_for(metres);
                let nearby = Nearby {
                    listing: self.listings[li as usize],
                    venue: venue as usize,
                    metres,
                    minutes,
                    within: minutes <= site.walk_minutes,
                };
                (li, nearby)
            })
            .filter(|n| n.1.within)
            .collect();
        near.sort_by(|a, b| by_distance(&a.1, &b.1));
        // Sorted by position, to look up what is near already: usually few.
        let mut shown: Vec<usize> = near.iter().map(|n| n.0 as usize).collect();
        shown.sort_unstable();
        let is_near = |i: &usize| shown.binary_search(i).is_ok();
        let local = self
            .limited
            .iter()
            .filter(|i| !is_near(i) && reach.serves(self.listings[**i]))
            .map(|&i| Local {
                listing: self.listings[i],
                venue: nearest(self.listings[i], site.at, site.walk_minutes),
            })
            .collect();
        let everywhere = self
            .everywhere
            .iter()
            .filter(|i| !is_near(i))
            .map(|&i| self.listings[i])
            .collect();
        Selection {
            near: near.into_iter().map(|n| n.1).collect(),
            local,
            everywhere,
        }
    }

    /// The venues within `reach` metres of `from`, as (listing, venue, metres), pushed onto
    /// `found`.
    fn venues_within(&self, from: LatLon, reach: f64, found: &mut Vec<(u32, u32, f64)>) {
        let mut measure = |p: &Point| {
            let metres = from.distance_metres(LatLon {
                lat: p.lat,
                lon: p.lon,
            });
            if metres <= reach {
                found.push((p.listing, p.venue, metres));
            }
        };
        let band = reach / METRES_PER_DEGREE;
        // Along a parallel, a point `dlon` away is at least 2R·cos(φ)·sin(dlon/2) metres away
        // (haversine, with φ the largest latitude in the band): no further east or west.
        let widest = (from.lat.abs() + band).min(90.0).to_radians().cos();
        let ratio = reach / (2.0 * EARTH_RADIUS_M * widest);
        let dlon = if ratio < 1.0 {
            2.0 * ratio.asin().to_degrees()
        } else {
            f64::INFINITY
        };
        let (low, high) = (stripe(from.lat - band), stripe(from.lat + band));
        let first = self.stripes.partition_point(|s| s.0 < low);
        for (k, &(number, start)) in self.stripes.iter().enumerate().skip(first) {
            if number > high {
                break;
            }
            let end = self.stripes.get(k + 1).map_or(self.points.len(), |s| s.1);
            let stripe = &self.points[start..end];
            let a = stripe.partition_point(|p| p.lon < from.lon - dlon);
            let b = stripe.partition_point(|p| p.lon <= from.lon + dlon);
            stripe[a..b]
                .iter()
                .filter(|p| (p.lat - from.lat).abs() <= band)
                .for_each(&mut measure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Venue;
    use crate::sites::Kind;

    fn listing(id: &str) -> Listing {
        Listing {
            needs: vec!["loneliness-and-isolation".into()],
            ..Listing::for_test(id)
        }
    }

    fn site() -> Site {
        Site {
            id: "h83001".into(),
            name: "Test Surgery".into(),
            kind: Kind::Practice {
                ods: "H83001".into(),
            },
            postcode: "CR0 1AA".parse().unwrap(),
            address: vec![],
            phone: None,
            at: LatLon {
                lat: 51.4,
                lon: -0.1,
            },
            walk_minutes: 20,
        }
    }

    fn venue(at: LatLon) -> Venue {
        Venue {
            name: "hall".into(),
            address: vec![],
            postcode: "CR0 1AA".parse().unwrap(),
            at: Some(at),
            access: None,
        }
    }

    #[test]
    fn the_index_chooses_exactly_what_measuring_every_listing_does() {
        // A pseudo-random scatter of 400 venues over about 20 km, and sites across it.
        let mut seed = 42u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as f64 / (1u64 << 31) as f64
        };
        let wards = Wards::default();
        let mut listings = Vec::new();
        for i in 0..400 {
            let mut l = listing(&format!("group-{i:03}"));
            for _ in 0..1 + (i % 3) {
                l.venues.push(venue(LatLon {
                    lat: 51.3 + 0.2 * next(),
                    lon: -0.2 + 0.3 * next(),
                }));
            }
            l.online = i % 7 == 0;
            listings.push(l);
        }
        let index = Index::new(&listings, &wards);
        for j in 0..40 {
            let mut s = site();
            s.at = LatLon {
                lat: 51.2 + 0.4 * next(),
                lon: -0.3 + 0.5 * next(),
            };
            s.walk_minutes = [5, 10, 20, 45][j % 4];
            let reference = scan(&s, &listings, &Reach::default());
            assert_eq!(index.select(&s), reference, "site {j}");
        }
        // Across a country: venues over 8° of latitude and longitude (many stripes, and
        // longitudes that shrink northwards), sites anywhere with long walks.
        let mut country = Vec::new();
        for i in 0..600 {
            let mut l = listing(&format!("venue-{i:03}"));
            l.venues.push(venue(LatLon {
                lat: 50.0 + 8.0 * next(),
                lon: -6.0 + 8.0 * next(),
            }));
            l.online = i % 5 == 0;
            country.push(l);
        }
        let index = Index::new(&country, &wards);
        for j in 0..40 {
            let mut s = site();
            s.at = LatLon {
                lat: 49.0 + 10.0 * next(),
                lon: -7.0 + 10.0 * next(),
            };
            s.walk_minutes = 600;
            let reference = scan(&s, &country, &Reach::default());
            assert_eq!(index.select(&s), reference, "country site {j}");
        }
    }
}
