//! Which listings each site shows: the groups within walking distance of the site, nearest
//! first, and the services available everywhere.
//!
//! Walking time is estimated, not routed: the straight-line (haversine) distance from the site
//! to the listing's nearest venue, times [`DETOUR_FACTOR`] for streets not running straight,
//! divided by [`WALK_METRES_PER_MINUTE`] (4.8 km/h, a comfortable pace that allows for older
//! people and crossings), rounded to the nearest minute. A site shows the in-person listings
//! within its walking radius (`walk_minutes`); when fewer than [`MIN_NEARBY`] fall inside, it
//! shows the nearest [`MIN_NEARBY`] anyway, marking those beyond the radius so pages can say
//! how far they are. A borough-wide site shows every listing.
//!
//! "Available everywhere" is every published listing that people do not travel to: online,
//! by phone, or serving an area. Ward areas are only names for now (there is no point-in-ward
//! test yet), so a listing that serves some wards is treated as available everywhere on the
//! borough site and on every practice site; a later change should keep only the practices whose
//! ward it serves.
//!
//! This module only chooses and orders; it does not decide what is published (that is
//! [`Directory::published`](crate::directory::Directory::published)) nor how pages look.

use crate::model::Listing;
use crate::place::LatLon;
use crate::sites::{Kind, Site};

/// Streets do not run straight: a walk is about 1.3 times the straight-line distance, a
/// common figure for urban street networks.
pub const DETOUR_FACTOR: f64 = 1.3;

/// Walking speed: 4.8 km/h, that is 80 metres a minute.
pub const WALK_METRES_PER_MINUTE: f64 = 80.0;

/// A site shows at least this many in-person listings, even beyond its radius, when it has
/// them.
pub const MIN_NEARBY: usize = 10;

/// Estimated walking time in whole minutes (rounded, at least 1) between two points.
pub fn walk_minutes(from: LatLon, to: LatLon) -> u32 {
    minutes_for(from.distance_metres(to))
}

fn minutes_for(metres: f64) -> u32 {
    let minutes = (metres * DETOUR_FACTOR / WALK_METRES_PER_MINUTE).round();
    (minutes as u32).max(1)
}

/// An in-person listing as seen from a site.
#[derive(Clone, Debug, PartialEq)]
pub struct Nearby<'a> {
    pub listing: &'a Listing,
    /// Index of the listing's nearest venue in `listing.venues`.
    pub venue: usize,
    /// Straight-line distance to that venue, in metres.
    pub metres: f64,
    /// Estimated walking time to that venue.
    pub minutes: u32,
    /// True when within the site's walking radius; false for the listings shown only to make
    /// up [`MIN_NEARBY`] (or, on a borough-wide site, everything further out).
    pub within: bool,
}

/// What one site shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection<'a> {
    /// In-person listings, nearest first.
    pub near: Vec<Nearby<'a>>,
    /// Listings people do not travel to (online, by phone, area-wide), by name; a listing
    /// already in `near` is not repeated here.
    pub everywhere: Vec<&'a Listing>,
}

impl<'a> Selection<'a> {
    /// Every listing shown, near ones first.
    pub fn listings(&self) -> impl Iterator<Item = &'a Listing> + '_ {
        self.near
            .iter()
            .map(|n| n.listing)
            .chain(self.everywhere.iter().copied())
    }

    /// How many in-person listings are within the walking radius.
    pub fn within(&self) -> usize {
        self.near.iter().filter(|n| n.within).count()
    }
}

/// True for a listing people can use wherever they live: online, by phone, or serving the
/// borough or some of its wards (see the module documentation on wards).
pub fn is_everywhere(listing: &Listing) -> bool {
    listing.online || listing.by_phone || listing.area.borough || !listing.area.wards.is_empty()
}

/// The nearest located venue of a listing to `from`: (venue index, metres).
fn nearest_venue(listing: &Listing, from: LatLon) -> Option<(usize, f64)> {
    listing
        .venues
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.at.map(|at| (i, from.distance_metres(at))))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// Chooses what `site` shows from `listings` (pass the published ones). For many sites, build
/// an [`Index`] once instead.
pub fn for_site<'a>(site: &Site, listings: impl IntoIterator<Item = &'a Listing>) -> Selection<'a> {
    Index::new(listings).select(site)
}

/// Measures every listing: what a borough-wide site shows, and the reference the index is
/// tested against.
fn scan<'a>(site: &Site, listings: impl IntoIterator<Item = &'a Listing>) -> Selection<'a> {
    let borough_wide = matches!(site.kind, Kind::Extra { borough_wide: true });
    let mut near = Vec::new();
    let mut everywhere = Vec::new();
    for listing in listings {
        match nearest_venue(listing, site.at) {
            Some((venue, metres)) => {
                let minutes = minutes_for(metres);
                near.push(Nearby {
                    listing,
                    venue,
                    metres,
                    minutes,
                    within: minutes <= site.walk_minutes,
                });
            }
            None if is_everywhere(listing) => everywhere.push(listing),
            None => {}
        }
    }
    near.sort_by(|a, b| {
        a.metres
            .total_cmp(&b.metres)
            .then_with(|| a.listing.id.cmp(&b.listing.id))
    });
    if !borough_wide {
        let keep = near.iter().filter(|n| n.within).count().max(MIN_NEARBY);
        // Sorted by distance, so the ones within the radius come first.
        for dropped in near.drain(keep.min(near.len())..) {
            if is_everywhere(dropped.listing) {
                everywhere.push(dropped.listing);
            }
        }
    }
    everywhere.sort_by(by_name);
    Selection { near, everywhere }
}

fn by_name(a: &&Listing, b: &&Listing) -> std::cmp::Ordering {
    a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id))
}

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

/// The listings' venues in latitude stripes, each sorted by longitude, built once, so choosing
/// a practice site's listings measures only the venues in a small box around it rather than
/// every venue in the directory (which would make a build grow as practices × listings).
pub struct Index<'a> {
    listings: Vec<&'a Listing>,
    /// By stripe, then longitude.
    points: Vec<Point>,
    /// (stripe number, position of its first point in `points`), ascending.
    stripes: Vec<(i64, usize)>,
    /// Positions of the listings available everywhere, by name.
    everywhere: Vec<usize>,
    /// Per listing: available everywhere.
    is_everywhere: Vec<bool>,
}

fn stripe(lat: f64) -> i64 {
    (lat / STRIPE_DEGREES).floor() as i64
}

impl<'a> Index<'a> {
    pub fn new(listings: impl IntoIterator<Item = &'a Listing>) -> Index<'a> {
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
        let is_everywhere: Vec<bool> = listings.iter().map(|l| is_everywhere(l)).collect();
        let mut everywhere: Vec<usize> =
            (0..listings.len()).filter(|&i| is_everywhere[i]).collect();
        everywhere.sort_by(|&a, &b| by_name(&listings[a], &listings[b]));
        Index {
            listings,
            points,
            stripes,
            everywhere,
            is_everywhere,
        }
    }

    /// What `site` shows; the same as measuring every listing.
    pub fn select(&self, site: &Site) -> Selection<'a> {
        self.select_where(site, |_| true)
    }

    /// The venues within `reach` metres of `from` of the listings that pass `keep`, as
    /// (listing, venue, metres), pushed onto `found`. Returns true when the box it searched
    /// held every venue of the index.
    fn venues_within(
        &self,
        from: LatLon,
        reach: f64,
        keep: &impl Fn(&Listing) -> bool,
        found: &mut Vec<(u32, u32, f64)>,
    ) -> bool {
        let mut measure = |p: &Point| {
            let listing = self.listings[p.listing as usize];
            if !keep(listing) {
                return;
            }
            let metres = from.distance_metres(LatLon {
                lat: p.lat,
                lon: p.lon,
            });
            if metres <= reach {
                found.push((p.listing, p.venue, metres));
            }
        };
        if reach.is_infinite() {
            self.points.iter().for_each(measure);
            return true;
        }
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
        let mut all = first == 0 && dlon.is_infinite();
        for (k, &(number, start)) in self.stripes.iter().enumerate().skip(first) {
            if number > high {
                all = false;
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
        all
    }

    /// What `site` shows of the listings that pass `keep` (a need page: the nearby ones with
    /// that need, topped up to [`MIN_NEARBY`] with the nearest ones further away); the same
    /// as measuring every such listing.
    pub fn select_where(&self, site: &Site, keep: impl Fn(&Listing) -> bool) -> Selection<'a> {
        if matches!(site.kind, Kind::Extra { borough_wide: true }) {
            return scan(site, self.listings.iter().copied().filter(|l| keep(l)));
        }
        // Every listing within the walking radius is closer than this (minutes are rounded).
        let mut reach =
            (f64::from(site.walk_minutes) + 1.0) * WALK_METRES_PER_MINUTE / DETOUR_FACTOR;
        let mut found = Vec::new();
        loop {
            found.clear();
            let all = self.venues_within(site.at, reach, &keep, &mut found);
            // A listing's nearest venue only (ties: the first venue, as `nearest_venue`).
            found.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.total_cmp(&b.2)).then(a.1.cmp(&b.1)));
            found.dedup_by_key(|f| f.0);
            // With MIN_NEARBY listings within `reach`, the nearest MIN_NEARBY are among them.
            if found.len() >= MIN_NEARBY || reach.is_infinite() {
                break;
            }
            reach = if all { f64::INFINITY } else { reach * 2.0 };
        }
        let mut near: Vec<(u32, Nearby)> = found
            .iter()
            .map(|&(li, venue, metres)| {
                let minutes = minutes_for(metres);
                (
                    li,
                    Nearby {
                        listing: self.listings[li as usize],
                        venue: venue as usize,
                        metres,
                        minutes,
                        within: minutes <= site.walk_minutes,
                    },
                )
            })
            .collect();
        near.sort_by(|a, b| {
            a.1.metres
                .total_cmp(&b.1.metres)
                .then_with(|| a.1.listing.id.cmp(&b.1.listing.id))
        });
        let shown_near = near.iter().filter(|n| n.1.within).count().max(MIN_NEARBY);
        near.truncate(shown_near);
        // Services available everywhere that are shown near already are not repeated: usually
        // none, so the common case copies the list without looking anything up.
        let mut shown: Vec<usize> = near
            .iter()
            .map(|n| n.0 as usize)
            .filter(|&li| self.is_everywhere[li])
            .collect();
        shown.sort_unstable();
        let everywhere = self
            .everywhere
            .iter()
            .filter(|i| shown.binary_search(i).is_err())
            .map(|&i| self.listings[i])
            .filter(|l| keep(l))
            .collect();
        Selection {
            near: near.into_iter().map(|n| n.1).collect(),
            everywhere,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::{Gazetteer, Place};
    use crate::model::Venue;
    use crate::place::Postcode;

    /// A point `metres` north of the site (1 degree of latitude is about 111.2 km).
    fn north_of(site: LatLon, metres: f64) -> LatLon {
        LatLon {
            lat: site.lat + metres / 111_195.0,
            lon: site.lon,
        }
    }

    const SITE_AT: LatLon = LatLon {
        lat: 51.4,
        lon: -0.1,
    };

    fn site(borough_wide: bool) -> Site {
        Site {
            id: "h83001".into(),
            name: "Test Surgery".into(),
            kind: if borough_wide {
                Kind::Extra { borough_wide }
            } else {
                Kind::Practice {
                    ods: "H83001".into(),
                }
            },
            postcode: "CR0 1AA".parse().unwrap(),
            address: vec![],
            phone: None,
            at: SITE_AT,
            walk_minutes: 20,
        }
    }

    fn listing(id: &str) -> Listing {
        Listing {
            needs: vec!["loneliness-and-isolation".into()],
            ..Listing::for_test(id)
        }
    }

    /// A listing meeting at the given postcode, located through a gazetteer as `directory`
    /// does.
    fn at(id: &str, gazetteer: &Gazetteer, postcode: &str) -> Listing {
        let postcode: Postcode = postcode.parse().unwrap();
        let mut l = listing(id);
        l.venues.push(Venue {
            name: format!("{id} hall"),
            address: vec![],
            postcode,
            at: gazetteer.lookup(&postcode).map(|p| p.at),
            access: None,
        });
        l
    }

    /// Postcodes CR0 1xx at `metres` north of the site.
    fn gazetteer(distances: &[(&str, f64)]) -> Gazetteer {
        Gazetteer::from_places(distances.iter().map(|(pc, m)| {
            (
                pc.parse().unwrap(),
                Place {
                    at: north_of(SITE_AT, *m),
                    terminated: false,
                },
            )
        }))
    }

    #[test]
    fn walking_time_uses_the_detour_factor_and_walking_speed() {
        // 800 m straight line × 1.3 = 1040 m at 80 m/min = 13 minutes.
        assert_eq!(walk_minutes(SITE_AT, north_of(SITE_AT, 800.0)), 13);
        // Next door still takes a minute.
        assert_eq!(walk_minutes(SITE_AT, SITE_AT), 1);
        // 20 minutes is 1600 m of walking, about 1231 m in a straight line.
        assert_eq!(walk_minutes(SITE_AT, north_of(SITE_AT, 1230.0)), 20);
        assert_eq!(walk_minutes(SITE_AT, north_of(SITE_AT, 1300.0)), 21);
    }

    #[test]
    fn nearby_listings_come_nearest_first_with_their_walking_time() {
        let g = gazetteer(&[("CR0 1AA", 900.0), ("CR0 1AB", 100.0), ("CR0 1AD", 500.0)]);
        let listings = [
            at("far", &g, "CR0 1AA"),
            at("close", &g, "CR0 1AB"),
            at("middle", &g, "CR0 1AD"),
        ];
        let s = for_site(&site(false), &listings);
        let order: Vec<_> = s.near.iter().map(|n| n.listing.id.as_str()).collect();
        assert_eq!(order, ["close", "middle", "far"]);
        let minutes: Vec<_> = s.near.iter().map(|n| n.minutes).collect();
        assert_eq!(minutes, [2, 8, 15]);
        assert!(s.near.iter().all(|n| n.within));
    }

    #[test]
    fn a_listing_is_as_near_as_its_nearest_venue() {
        let g = gazetteer(&[("CR0 1AA", 3000.0), ("CR0 1AB", 300.0), ("CR0 1AD", 600.0)]);
        let mut two = at("two-venues", &g, "CR0 1AA");
        two.venues.extend(at("x", &g, "CR0 1AB").venues);
        let listings = [at("one-venue", &g, "CR0 1AD"), two];
        let s = for_site(&site(false), &listings);
        assert_eq!(s.near[0].listing.id, "two-venues");
        assert_eq!(s.near[0].venue, 1);
        assert_eq!(s.near[0].minutes, 5);
    }

    #[test]
    fn fewer_than_ten_inside_the_radius_are_topped_up_with_the_nearest_outside() {
        // Three within 20 minutes (about 1231 m), twelve beyond.
        let mut places: Vec<(String, f64)> = vec![
            ("CR0 1AA".into(), 200.0),
            ("CR0 1AB".into(), 700.0),
            ("CR0 1AD".into(), 1200.0),
        ];
        for i in 0..12 {
            places.push((
                format!("CR0 2A{}", (b'A' + i as u8) as char),
                2000.0 + 100.0 * i as f64,
            ));
        }
        let refs: Vec<(&str, f64)> = places.iter().map(|(p, m)| (p.as_str(), *m)).collect();
        let g = gazetteer(&refs);
        let listings: Vec<Listing> = places
            .iter()
            .enumerate()
            .map(|(i, (p, _))| at(&format!("group-{i:02}"), &g, p))
            .collect();
        let s = for_site(&site(false), &listings);
        assert_eq!(s.near.len(), MIN_NEARBY);
        assert_eq!(s.within(), 3);
        assert!(s.near[..3].iter().all(|n| n.within));
        assert!(s.near[3..].iter().all(|n| !n.within && n.minutes > 20));
        // The nearest ones outside, in order: group-03 … group-09.
        assert_eq!(s.near[9].listing.id, "group-09");
        assert!(s.everywhere.is_empty());
    }

    #[test]
    fn more_than_ten_inside_the_radius_are_all_shown_and_nothing_beyond() {
        let mut places: Vec<(String, f64)> = Vec::new();
        for i in 0..12u8 {
            places.push((format!("CR0 1A{}", (b'A' + i) as char), 50.0 * f64::from(i)));
        }
        places.push(("CR0 9ZZ".into(), 5000.0));
        let refs: Vec<(&str, f64)> = places.iter().map(|(p, m)| (p.as_str(), *m)).collect();
        let g = gazetteer(&refs);
        let listings: Vec<Listing> = places
            .iter()
            .enumerate()
            .map(|(i, (p, _))| at(&format!("group-{i:02}"), &g, p))
            .collect();
        let s = for_site(&site(false), &listings);
        assert_eq!(s.near.len(), 12);
        assert!(s.near.iter().all(|n| n.within));
    }

    #[test]
    fn online_phone_and_area_services_are_available_everywhere() {
        let g = gazetteer(&[("CR0 1AA", 100.0)]);
        let mut online = listing("online-chat");
        online.online = true;
        let mut phone = listing("helpline");
        phone.by_phone = true;
        let mut borough = listing("home-visits");
        borough.area.borough = true;
        let mut wards = listing("ward-service");
        wards.area.wards = vec!["Thornton Heath".into()];
        let listings = [
            online,
            phone,
            borough,
            wards,
            at("in-person", &g, "CR0 1AA"),
        ];
        let s = for_site(&site(false), &listings);
        let everywhere: Vec<_> = s.everywhere.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(
            everywhere,
            ["helpline", "home-visits", "online-chat", "ward-service"]
        );
        assert_eq!(s.near.len(), 1);
        assert_eq!(s.listings().count(), 5);
    }

    #[test]
    fn a_far_hybrid_group_is_still_available_online() {
        let mut places: Vec<(String, f64)> = Vec::new();
        for i in 0..11u8 {
            places.push((
                format!("CR0 1A{}", (b'A' + i) as char),
                100.0 * f64::from(i),
            ));
        }
        let refs: Vec<(&str, f64)> = places.iter().map(|(p, m)| (p.as_str(), *m)).collect();
        let g = gazetteer(&refs);
        let mut listings: Vec<Listing> = places
            .iter()
            .enumerate()
            .map(|(i, (p, _))| at(&format!("group-{i:02}"), &g, p))
            .collect();
        // Make the farthest one also online, and push it outside the radius.
        let far = listings.last_mut().unwrap();
        far.online = true;
        far.venues[0].at = Some(north_of(SITE_AT, 9000.0));
        let s = for_site(&site(false), &listings);
        assert_eq!(s.near.len(), 10);
        assert_eq!(s.everywhere.len(), 1);
        assert_eq!(s.everywhere[0].id, "group-10");
    }

    #[test]
    fn a_borough_wide_site_lists_everything_nearest_first() {
        let mut places: Vec<(String, f64)> = Vec::new();
        for i in 0..15u8 {
            places.push((
                format!("CR0 1A{}", (b'A' + i) as char),
                500.0 * f64::from(15 - i),
            ));
        }
        let refs: Vec<(&str, f64)> = places.iter().map(|(p, m)| (p.as_str(), *m)).collect();
        let g = gazetteer(&refs);
        let mut listings: Vec<Listing> = places
            .iter()
            .enumerate()
            .map(|(i, (p, _))| at(&format!("group-{i:02}"), &g, p))
            .collect();
        let mut phone = listing("helpline");
        phone.by_phone = true;
        listings.push(phone);
        let s = for_site(&site(true), &listings);
        assert_eq!(s.near.len(), 15);
        assert_eq!(s.near[0].listing.id, "group-14");
        assert_eq!(s.near[14].listing.id, "group-00");
        assert!(s.near.windows(2).all(|w| w[0].metres <= w[1].metres));
        assert_eq!(s.everywhere.len(), 1);
        assert_eq!(s.listings().count(), 16);
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
        let mut listings = Vec::new();
        for i in 0..400 {
            let mut l = listing(&format!("group-{i:03}"));
            let venues = 1 + (i % 3);
            for _ in 0..venues {
                l.venues.push(Venue {
                    name: "hall".into(),
                    address: vec![],
                    postcode: "CR0 1AA".parse().unwrap(),
                    at: Some(LatLon {
                        lat: 51.3 + 0.2 * next(),
                        lon: -0.2 + 0.3 * next(),
                    }),
                    access: None,
                });
            }
            l.online = i % 7 == 0;
            listings.push(l);
        }
        for j in 0..40 {
            let mut s = site(false);
            s.at = LatLon {
                lat: 51.2 + 0.4 * next(),
                lon: -0.3 + 0.5 * next(),
            };
            s.walk_minutes = [5, 10, 20, 45][j % 4];
            let index = Index::new(&listings);
            assert_eq!(index.select(&s), scan(&s, &listings), "site {j}");
            let odd = |l: &Listing| l.id.ends_with(['1', '3', '5', '7', '9']);
            assert_eq!(
                index.select_where(&s, odd),
                scan(&s, listings.iter().filter(|l| odd(l))),
                "site {j}, odd listings"
            );
        }
        // Across a country: venues over 8° of latitude and longitude (many stripes, and
        // longitudes that shrink northwards), sites anywhere, a need kept by a few.
        let mut country = Vec::new();
        for i in 0..600 {
            let mut l = listing(&format!("venue-{i:03}"));
            l.venues.push(Venue {
                name: "hall".into(),
                address: vec![],
                postcode: "CR0 1AA".parse().unwrap(),
                at: Some(LatLon {
                    lat: 50.0 + 8.0 * next(),
                    lon: -6.0 + 8.0 * next(),
                }),
                access: None,
            });
            l.online = i % 5 == 0;
            country.push(l);
        }
        let index = Index::new(&country);
        for j in 0..40 {
            let mut s = site(false);
            s.at = LatLon {
                lat: 49.0 + 10.0 * next(),
                lon: -7.0 + 10.0 * next(),
            };
            assert_eq!(index.select(&s), scan(&s, &country), "country site {j}");
            let rare = |l: &Listing| l.id.ends_with("7");
            assert_eq!(
                index.select_where(&s, rare),
                scan(&s, country.iter().filter(|l| rare(l))),
                "country site {j}, rare listings"
            );
        }
        // Fewer listings than MIN_NEARBY, far away: all of them.
        let few = &listings[..3];
        let mut s = site(false);
        s.at = LatLon {
            lat: 55.0,
            lon: -3.0,
        };
        assert_eq!(Index::new(few).select(&s).near.len(), 3);
        assert_eq!(Index::new(few).select(&s), scan(&s, few));
    }

    #[test]
    fn a_need_page_is_topped_up_with_the_nearest_listings_with_that_need() {
        let g = gazetteer(&[("CR0 1AA", 100.0), ("CR0 1AB", 4000.0), ("CR0 1AD", 9000.0)]);
        let mut far = at("far-bereavement", &g, "CR0 1AB");
        far.needs = vec!["bereavement".into()];
        let mut farther = at("farther-bereavement", &g, "CR0 1AD");
        farther.needs = vec!["bereavement".into()];
        let mut listings = vec![far, farther];
        for i in 0..12 {
            listings.push(at(&format!("near-{i:02}"), &g, "CR0 1AA"));
        }
        let index = Index::new(&listings);
        // The site's own nearest ten are all nearby; neither bereavement group is among them.
        assert!(
            index
                .select(&site(false))
                .near
                .iter()
                .all(|n| n.listing.id.starts_with("near-"))
        );
        let bereavement =
            index.select_where(&site(false), |l| l.needs.iter().any(|n| n == "bereavement"));
        let ids: Vec<_> = bereavement
            .near
            .iter()
            .map(|n| n.listing.id.as_str())
            .collect();
        assert_eq!(ids, ["far-bereavement", "farther-bereavement"]);
        assert!(bereavement.near.iter().all(|n| !n.within));
    }

    #[test]
    fn ties_in_distance_are_ordered_by_id() {
        let g = gazetteer(&[("CR0 1AA", 300.0)]);
        let listings = [at("b-group", &g, "CR0 1AA"), at("a-group", &g, "CR0 1AA")];
        let s = for_site(&site(false), &listings);
        assert_eq!(s.near[0].listing.id, "a-group");
    }
}
