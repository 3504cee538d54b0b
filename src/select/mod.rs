//! Which listings each site shows, by one rule that every page of the site, its search index,
//! its shortlist and its poster share: the groups within walking distance of the site,
//! nearest first; the services limited to some wards, for the wards the site reaches; and the
//! services available wherever you live.
//!
//! Walking time is estimated, not routed: the straight-line (haversine) distance from the site
//! to the listing's nearest venue, times [`DETOUR_FACTOR`] for streets not running straight,
//! divided by [`WALK_METRES_PER_MINUTE`] (4.8 km/h, a comfortable pace that allows for older
//! people and crossings), rounded to the nearest minute ([`walk_minutes`]). A practice site
//! shows the in-person listings within its walking radius (`walk_minutes`) and nothing further
//! away: no page is topped up with farther groups, so what a page says is near is near, and a
//! need with nothing near says so. A borough-wide site shows every listing.
//!
//! Where a listing can be used is its [`Scope`]: online, by phone or across the borough it is
//! available wherever you live; serving some wards (`area.wards`), it is for the people living
//! in them. A site *reaches* a ward when its catchment overlaps the ward's outline
//! ([`Reach`]): a practice's catchment is the circle its walking radius covers
//! ([`walk_radius_metres`]), a borough-wide site's is every ward (its ward filter offers them
//! all). A ward-limited listing appears on a site only when the site reaches one of its wards,
//! under its own heading ([`Local`]); outside its wards it may appear only as an in-person
//! group within the walking radius, never as available everywhere.
//!
//! This module only chooses and orders; it does not decide what is published (that is
//! [`Directory::published`](crate::directory::Directory::published)) nor how pages look.
//! The gaps report calls [`walk_minutes`] (or [`minutes_to`]), [`Reach`] and [`scope`] too, so
//! its counts follow the same rules.

use crate::model::Listing;
use crate::place::LatLon;
use crate::sites::{Kind, Site};
use crate::wards::Wards;

mod index;
mod reach;

pub use index::Index;
pub use reach::Reach;

/// Streets do not run straight: a walk is about 1.3 times the straight-line distance, a
/// common figure for urban street networks.
pub const DETOUR_FACTOR: f64 = 1.3;

/// Walking speed: 4.8 km/h, that is 80 metres a minute.
pub const WALK_METRES_PER_MINUTE: f64 = 80.0;

/// Estimated walking time in whole minutes (rounded, at least 1) between two points.
pub fn walk_minutes(from: LatLon, to: LatLon) -> u32 {
    minutes_for(from.distance_metres(to))
}

fn minutes_for(metres: f64) -> u32 {
    let minutes = (metres * DETOUR_FACTOR / WALK_METRES_PER_MINUTE).round();
    (minutes as u32).max(1)
}

/// Estimated walking time from `from` to the nearest located venue of `listing`; `None` when
/// it has none. A listing is within a walk of `walk` minutes when this is at most `walk`.
pub fn minutes_to(listing: &Listing, from: LatLon) -> Option<u32> {
    nearest(listing, from, 0).map(|n| n.minutes)
}

/// The straight-line radius, in metres, of the circle a walk of `minutes` covers: a point
/// closer than this is at most `minutes` away by [`walk_minutes`] (which rounds to the
/// nearest minute), a point further is more.
pub fn walk_radius_metres(minutes: u32) -> f64 {
    match minutes {
        0 => 0.0,
        m => (f64::from(m) + 0.5) * WALK_METRES_PER_MINUTE / DETOUR_FACTOR,
    }
}

/// Where people can use a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Online, by phone, or across the borough: wherever they live.
    Everywhere,
    /// Only the people living in these wards (it may also have venues anyone can go to).
    Wards(&'a [String]),
    /// Only at its venues.
    Venues,
}

/// Where people can use `listing` (see [`Scope`]): online, by phone and borough-wide services
/// are available everywhere even when they also name wards.
pub fn scope(listing: &Listing) -> Scope<'_> {
    if listing.online || listing.by_phone || listing.area.borough {
        Scope::Everywhere
    } else if !listing.area.wards.is_empty() {
        Scope::Wards(&listing.area.wards)
    } else {
        Scope::Venues
    }
}

/// True for a listing people can use wherever they live: online, by phone, or serving the
/// whole borough. A listing serving only some wards is not ([`Scope::Wards`]).
pub fn is_everywhere(listing: &Listing) -> bool {
    scope(listing) == Scope::Everywhere
}

/// A listing with a venue, as seen from a site.
#[derive(Clone, Debug, PartialEq)]
pub struct Nearby<'a> {
    pub listing: &'a Listing,
    /// Index of the listing's nearest venue in `listing.venues`.
    pub venue: usize,
    /// Straight-line distance to that venue, in metres.
    pub metres: f64,
    /// Estimated walking time to that venue.
    pub minutes: u32,
    /// True when within the site's walking radius. Always true in [`Selection::near`] of a
    /// practice site; false there on a borough-wide site for venues further than its radius,
    /// and in [`Selection::local`] for a ward service's venue beyond the walk.
    pub within: bool,
}

/// A service limited to some wards that the site reaches, shown under a heading naming them.
#[derive(Clone, Debug, PartialEq)]
pub struct Local<'a> {
    pub listing: &'a Listing,
    /// Its nearest located venue, when it has one (it is not within the walk, or it would be
    /// in [`Selection::near`]).
    pub venue: Option<Nearby<'a>>,
}

impl<'a> Local<'a> {
    /// The wards it serves: its heading ("For people living in …").
    pub fn wards(&self) -> &'a [String] {
        &self.listing.area.wards
    }
}

/// What one site shows, on every one of its pages: the need pages show the same lists
/// narrowed to the need ([`Selection::with_need`]), its search index and shortlist hold
/// [`Selection::listings`], and a need's count anywhere is [`Selection::count`] of its part.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection<'a> {
    /// In-person listings within the walking radius (a borough-wide site: every one with a
    /// located venue), nearest first.
    pub near: Vec<Nearby<'a>>,
    /// Services limited to wards the site reaches, not in `near`, by their wards then name
    /// (so that the listings of one heading are together).
    pub local: Vec<Local<'a>>,
    /// Listings people do not travel to (online, by phone, borough-wide), by name; a listing
    /// already in `near` is not repeated here.
    pub everywhere: Vec<&'a Listing>,
}

impl<'a> Selection<'a> {
    /// Every listing shown: near ones, local ones, then those available everywhere.
    pub fn listings(&self) -> impl Iterator<Item = &'a Listing> + '_ {
        self.near
            .iter()
            .map(|n| n.listing)
            .chain(self.local.iter().map(|l| l.listing))
            .chain(self.everywhere.iter().copied())
    }

    /// How many listings are shown: the figure a need's link, page and poster line give.
    pub fn count(&self) -> usize {
        self.near.len() + self.local.len() + self.everywhere.len()
    }

    /// How many in-person listings are within the walking radius.
    pub fn within(&self) -> usize {
        self.near.iter().filter(|n| n.within).count()
    }

    /// The same lists, keeping only the listings with the need `need` (an id): what the
    /// site's page for that need shows.
    pub fn with_need(&self, need: &str) -> Selection<'a> {
        let has = |l: &Listing| l.needs.iter().any(|n| n == need);
        Selection {
            near: self
                .near
                .iter()
                .filter(|n| has(n.listing))
                .cloned()
                .collect(),
            local: self
                .local
                .iter()
                .filter(|l| has(l.listing))
                .cloned()
                .collect(),
            everywhere: self.everywhere.iter().copied().filter(|l| has(l)).collect(),
        }
    }
}

/// The nearest located venue of a listing to `from`, as a [`Nearby`] for a site whose
/// walking radius is `walk`.
fn nearest<'a>(listing: &'a Listing, from: LatLon, walk: u32) -> Option<Nearby<'a>> {
    listing
        .venues
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.at.map(|at| (i, from.distance_metres(at))))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(venue, metres)| {
            let minutes = minutes_for(metres);
            Nearby {
                listing,
                venue,
                metres,
                minutes,
                within: minutes <= walk,
            }
        })
}

fn is_borough_wide(site: &Site) -> bool {
    matches!(site.kind, Kind::Extra { borough_wide: true })
}

/// Chooses what `site` shows from `listings` (pass the published ones), with the ward
/// outlines of `wards`. For many sites, build an [`Index`] once instead.
pub fn for_site<'a>(
    site: &Site,
    listings: impl IntoIterator<Item = &'a Listing>,
    wards: &Wards,
) -> Selection<'a> {
    Index::new(listings, wards).select(site)
}

/// Measures every listing: what a borough-wide site shows, and the reference the index is
/// tested against.
fn scan<'a>(
    site: &Site,
    listings: impl IntoIterator<Item = &'a Listing>,
    reach: &Reach,
) -> Selection<'a> {
    let borough_wide = is_borough_wide(site);
    let mut near = Vec::new();
    let mut local = Vec::new();
    let mut everywhere = Vec::new();
    for listing in listings {
        let nearby = nearest(listing, site.at, site.walk_minutes);
        let scope = scope(listing);
        match nearby {
            Some(n) if borough_wide || n.within => near.push(n),
            _ if scope == Scope::Everywhere => everywhere.push(listing),
            _ if reach.serves(listing) => local.push(Local {
                listing,
                venue: nearby,
            }),
            _ => {}
        }
    }
    near.sort_by(by_distance);
    local.sort_by(|a, b| by_wards(&a.listing, &b.listing));
    everywhere.sort_by(by_name);
    Selection {
        near,
        local,
        everywhere,
    }
}

fn by_distance(a: &Nearby, b: &Nearby) -> std::cmp::Ordering {
    a.metres
        .total_cmp(&b.metres)
        .then_with(|| a.listing.id.cmp(&b.listing.id))
}

fn by_name(a: &&Listing, b: &&Listing) -> std::cmp::Ordering {
    a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id))
}

/// Ward services: by their wards (the heading they are shown under), then by name.
fn by_wards(a: &&Listing, b: &&Listing) -> std::cmp::Ordering {
    a.area.wards.cmp(&b.area.wards).then_with(|| by_name(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::{Gazetteer, Place, osgb36_to_wgs84};
    use crate::model::Venue;
    use crate::place::Postcode;
    use crate::wards::Ward;
    use geo::{LineString, MultiPolygon, Polygon};

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

    /// Two wards north of the site, as squares on the grid: "Near Ward" from 1 km to 2 km
    /// north (so a 20-minute walk, about 1.3 km, reaches it) and "Far Ward" from 8 km to 9 km.
    fn wards() -> Wards {
        let (e, n) = (530_000.0, 170_000.0);
        let square = |name: &str, from: f64| {
            let corners = [(-500.0, from), (500.0, from), (500.0, from + 1000.0)];
            let mut ring: Vec<(f64, f64)> = corners.iter().map(|(x, y)| (e + x, n + y)).collect();
            ring.push((e - 500.0, n + from + 1000.0));
            ring.push(ring[0]);
            Ward::new(
                name.into(),
                MultiPolygon(vec![Polygon::new(LineString::from(ring), vec![])]),
            )
        };
        let shapes = vec![square("Near Ward", 1000.0), square("Far Ward", 8000.0)];
        Wards {
            names: vec!["Far Ward".into(), "Near Ward".into()],
            shapes,
        }
    }

    /// A site at the grid point the wards of [`wards`] are measured from.
    fn site_by_wards() -> Site {
        Site {
            at: osgb36_to_wgs84(530_000.0, 170_000.0),
            ..site(false)
        }
    }

    fn ids<'a>(listings: impl Iterator<Item = &'a Listing>) -> Vec<&'a str> {
        listings.map(|l| l.id.as_str()).collect()
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
    fn the_walk_to_a_listing_is_the_walk_to_its_nearest_venue() {
        let g = gazetteer(&[("CR0 1AA", 3000.0), ("CR0 1AB", 800.0)]);
        let mut two = at("two-venues", &g, "CR0 1AA");
        two.venues.extend(at("x", &g, "CR0 1AB").venues);
        assert_eq!(minutes_to(&two, SITE_AT), Some(13));
        assert_eq!(minutes_to(&listing("online-only"), SITE_AT), None);
    }

    #[test]
    fn the_walking_radius_is_where_walking_time_passes_the_limit() {
        for minutes in [1, 5, 20, 45] {
            let r = walk_radius_metres(minutes);
            assert_eq!(walk_minutes(SITE_AT, north_of(SITE_AT, r - 1.0)), minutes);
            assert_eq!(
                walk_minutes(SITE_AT, north_of(SITE_AT, r + 1.0)),
                minutes + 1
            );
        }
        assert_eq!(walk_radius_metres(0), 0.0);
    }

    #[test]
    fn nearby_listings_come_nearest_first_with_their_walking_time() {
        let g = gazetteer(&[("CR0 1AA", 900.0), ("CR0 1AB", 100.0), ("CR0 1AD", 500.0)]);
        let listings = [
            at("far", &g, "CR0 1AA"),
            at("close", &g, "CR0 1AB"),
            at("middle", &g, "CR0 1AD"),
        ];
        let s = for_site(&site(false), &listings, &Wards::default());
        assert_eq!(ids(s.listings()), ["close", "middle", "far"]);
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
        let s = for_site(&site(false), &listings, &Wards::default());
        assert_eq!(s.near[0].listing.id, "two-venues");
        assert_eq!(s.near[0].venue, 1);
        assert_eq!(s.near[0].minutes, 5);
    }

    #[test]
    fn a_practice_shows_what_is_within_its_walk_and_nothing_further() {
        // Three within 20 minutes (about 1231 m), twelve beyond: no top-up with the nearest
        // ones outside, however few are inside.
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
        let s = for_site(&site(false), &listings, &Wards::default());
        assert_eq!(ids(s.listings()), ["group-00", "group-01", "group-02"]);
        assert_eq!(s.within(), 3);
        assert_eq!(s.count(), 3);
        // Nothing at all within the walk: nothing near.
        let far = for_site(&site(false), &listings[3..], &Wards::default());
        assert_eq!(far, Selection::default());
    }

    #[test]
    fn online_phone_and_borough_services_are_available_everywhere() {
        let g = gazetteer(&[("CR0 1AA", 100.0)]);
        let mut online = listing("online-chat");
        online.online = true;
        let mut phone = listing("helpline");
        phone.by_phone = true;
        let mut borough = listing("home-visits");
        borough.area.borough = true;
        // Online and naming wards: still available everywhere.
        let mut online_wards = listing("online-for-wards");
        online_wards.online = true;
        online_wards.area.wards = vec!["Far Ward".into()];
        let listings = [
            online,
            phone,
            borough,
            online_wards,
            at("in-person", &g, "CR0 1AA"),
        ];
        let s = for_site(&site(false), &listings, &Wards::default());
        assert_eq!(
            ids(s.everywhere.iter().copied()),
            ["helpline", "home-visits", "online-chat", "online-for-wards"]
        );
        assert_eq!(s.near.len(), 1);
        assert!(s.local.is_empty());
        assert_eq!(s.count(), 5);
    }

    #[test]
    fn a_ward_service_is_shown_where_the_walk_reaches_one_of_its_wards() {
        let wards = wards();
        let mut near_ward = listing("near-ward-visits");
        near_ward.area.wards = vec!["Near Ward".into()];
        let mut far_ward = listing("far-ward-visits");
        far_ward.area.wards = vec!["Far Ward".into()];
        let mut both = listing("both-wards-visits");
        both.area.wards = vec!["Far Ward".into(), "Near Ward".into()];
        let listings = [near_ward, far_ward, both];
        let s = for_site(&site_by_wards(), &listings, &wards);
        // By their wards, then name: the heading "Far Ward and Near Ward" first.
        assert_eq!(
            ids(s.local.iter().map(|l| l.listing)),
            ["both-wards-visits", "near-ward-visits"]
        );
        assert!(s.everywhere.is_empty());
        assert_eq!(s.local[1].wards(), ["Near Ward"]);
        // A 5-minute walk (about 338 m) reaches neither ward: none of them.
        let short = Site {
            walk_minutes: 5,
            ..site_by_wards()
        };
        assert_eq!(for_site(&short, &listings, &wards), Selection::default());
        // The borough-wide site reaches every ward.
        let borough = Site {
            kind: Kind::Extra { borough_wide: true },
            ..site_by_wards()
        };
        assert_eq!(for_site(&borough, &listings, &wards).local.len(), 3);
    }

    #[test]
    fn outside_its_wards_a_ward_service_is_only_a_group_within_the_walk() {
        let wards = wards();
        let from = site_by_wards();
        // A venue 500 m north of the site (within the walk, outside both wards) and one
        // 8.5 km north (in Far Ward, far beyond the walk).
        let place = |metres: f64| Venue {
            name: "Parade".into(),
            address: vec![],
            postcode: "CR0 1AA".parse().unwrap(),
            at: Some(north_of(from.at, metres)),
            access: None,
        };
        let mut walkable = listing("walkable-food-share");
        walkable.area.wards = vec!["Far Ward".into()];
        walkable.venues = vec![place(500.0)];
        let mut far = listing("far-food-share");
        far.area.wards = vec!["Far Ward".into()];
        far.venues = vec![place(8500.0)];
        let mut for_near_ward = listing("near-ward-food-share");
        for_near_ward.area.wards = vec!["Near Ward".into()];
        for_near_ward.venues = vec![place(8500.0)];
        let listings = [walkable, far, for_near_ward];
        let s = for_site(&from, &listings, &wards);
        // Within the walk: near, with its walking time.
        assert_eq!(
            ids(s.near.iter().map(|n| n.listing)),
            ["walkable-food-share"]
        );
        assert_eq!(s.near[0].minutes, 8);
        // Far beyond the walk and outside its ward: not shown at all. For a ward the walk
        // reaches: under its ward, with its venue's distance, not within the walk.
        assert_eq!(
            ids(s.local.iter().map(|l| l.listing)),
            ["near-ward-food-share"]
        );
        let venue = s.local[0].venue.as_ref().unwrap();
        assert!(!venue.within && venue.minutes > 100);
        assert!(s.everywhere.is_empty());
    }

    #[test]
    fn a_far_hybrid_group_is_still_available_online() {
        let g = gazetteer(&[("CR0 1AA", 100.0), ("CR0 1AB", 9000.0)]);
        let mut far = at("hybrid", &g, "CR0 1AB");
        far.online = true;
        let listings = [at("near", &g, "CR0 1AA"), far];
        let s = for_site(&site(false), &listings, &Wards::default());
        assert_eq!(ids(s.near.iter().map(|n| n.listing)), ["near"]);
        assert_eq!(ids(s.everywhere.iter().copied()), ["hybrid"]);
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
        let s = for_site(&site(true), &listings, &Wards::default());
        assert_eq!(s.near.len(), 15);
        assert_eq!(s.near[0].listing.id, "group-14");
        assert_eq!(s.near[14].listing.id, "group-00");
        assert!(s.near.windows(2).all(|w| w[0].metres <= w[1].metres));
        assert_eq!(s.everywhere.len(), 1);
        assert_eq!(s.count(), 16);
    }

    #[test]
    fn a_need_page_shows_the_sites_lists_narrowed_to_the_need() {
        let wards = wards();
        let from = site_by_wards();
        let mut g_places = Vec::new();
        let mut listings = Vec::new();
        for (i, metres) in [100.0, 400.0, 5000.0].into_iter().enumerate() {
            g_places.push((format!("CR0 1A{}", (b'A' + i as u8) as char), metres));
        }
        for (i, (_, metres)) in g_places.iter().enumerate() {
            let mut l = listing(&format!("group-{i}"));
            l.venues.push(Venue {
                name: "hall".into(),
                address: vec![],
                postcode: "CR0 1AA".parse().unwrap(),
                at: Some(north_of(from.at, *metres)),
                access: None,
            });
            l.needs = match i {
                0 => vec!["bereavement".into()],
                _ => vec!["bereavement".into(), "carers".into()],
            };
            listings.push(l);
        }
        let mut visits = listing("near-ward-visits");
        visits.area.wards = vec!["Near Ward".into()];
        visits.needs = vec!["bereavement".into()];
        let mut line = listing("grief-line");
        line.by_phone = true;
        line.needs = vec!["bereavement".into()];
        listings.push(visits);
        listings.push(line);
        let s = for_site(&from, &listings, &wards);
        let grief = s.with_need("bereavement");
        assert_eq!(
            ids(grief.listings()),
            ["group-0", "group-1", "near-ward-visits", "grief-line"]
        );
        assert_eq!(grief.count(), 4);
        // The farther group is on no page: it is beyond the walk.
        assert_eq!(ids(s.with_need("carers").listings()), ["group-1"]);
        assert_eq!(s.with_need("housing"), Selection::default());
    }

    #[test]
    fn the_index_places_ward_services_as_measuring_every_listing_does() {
        let wards = wards();
        let mut listings = Vec::new();
        for i in 0..60u32 {
            let mut l = listing(&format!("group-{i:02}"));
            let metres = 150.0 * f64::from(i);
            if i % 2 == 0 {
                l.venues.push(Venue {
                    name: "hall".into(),
                    address: vec![],
                    postcode: "CR0 1AA".parse().unwrap(),
                    at: Some(north_of(site_by_wards().at, metres)),
                    access: None,
                });
            }
            l.area.wards = match i % 3 {
                0 => vec!["Near Ward".into()],
                1 => vec!["Far Ward".into()],
                _ => vec![],
            };
            l.by_phone = i % 2 == 1 && i % 3 == 2;
            listings.push(l);
        }
        let index = Index::new(&listings, &wards);
        for (minutes, north) in [(5, 0.0), (20, 0.0), (20, 7000.0), (45, 3000.0)] {
            let s = Site {
                walk_minutes: minutes,
                at: north_of(site_by_wards().at, north),
                ..site_by_wards()
            };
            let reach = Reach::of_site(&s, &wards);
            assert_eq!(
                index.select(&s),
                scan(&s, &listings, &reach),
                "{minutes} {north}"
            );
        }
    }

    #[test]
    fn ties_in_distance_are_ordered_by_id() {
        let g = gazetteer(&[("CR0 1AA", 300.0)]);
        let listings = [at("b-group", &g, "CR0 1AA"), at("a-group", &g, "CR0 1AA")];
        let s = for_site(&site(false), &listings, &Wards::default());
        assert_eq!(s.near[0].listing.id, "a-group");
    }
}
