//! The wards a site reaches, for the services limited to some wards: a practice reaches the
//! wards its walking circle overlaps, a borough-wide site every ward, a ward (for the gaps
//! report's rows) itself.
//!
//! It does not choose listings ([`super::Index`] does) and does not read the boundaries
//! ([`crate::wards`] does, once, in the load phase).

use super::{Scope, scope, walk_radius_metres};
use crate::model::Listing;
use crate::place::LatLon;
use crate::sites::{Kind, Site};
use crate::wards::{Ward, Wards};

/// The wards a site's catchment reaches (by name, as `area.wards` holds them once validated).
/// The default reaches none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// Every ward, whether or not it has an outline.
    all: bool,
    /// Otherwise these, sorted.
    names: Vec<String>,
}

impl Reach {
    /// Every ward: a borough-wide site's catchment.
    pub fn every_ward() -> Reach {
        Reach {
            all: true,
            names: Vec::new(),
        }
    }

    /// One ward, by name: who lives in it.
    pub fn ward(name: &str) -> Reach {
        Reach {
            all: false,
            names: vec![name.to_string()],
        }
    }

    /// The wards `site` reaches: every ward from a borough-wide site, else those its walking
    /// circle overlaps ([`Reach::of_circle`]).
    pub fn of_site(site: &Site, wards: &Wards) -> Reach {
        match site.kind {
            Kind::Extra { borough_wide: true } => Reach::every_ward(),
            _ => Reach::of_circle(site.at, site.walk_minutes, wards),
        }
    }

    /// The wards of `wards` that the circle a walk of `walk_minutes` covers around `at`
    /// ([`walk_radius_metres`]) overlaps. A ward without an outline (no `[wards]` file) is
    /// never reached this way.
    pub fn of_circle(at: LatLon, walk_minutes: u32, wards: &Wards) -> Reach {
        Reach::of_circle_among(at, walk_minutes, &wards.shapes)
    }

    /// As [`Reach::of_circle`], testing only the wards `among`.
    pub(super) fn of_circle_among(at: LatLon, walk_minutes: u32, among: &[Ward]) -> Reach {
        let metres = walk_radius_metres(walk_minutes);
        let mut names: Vec<String> = among
            .iter()
            .filter(|w| w.within_metres(at, metres))
            .map(|w| w.name.clone())
            .collect();
        names.sort();
        names.dedup();
        Reach { all: false, names }
    }

    /// True when the ward named `name` is reached.
    pub fn reaches(&self, name: &str) -> bool {
        self.all
            || self
                .names
                .binary_search_by(|n| n.as_str().cmp(name))
                .is_ok()
    }

    /// True when `listing` is limited to some wards ([`Scope::Wards`]) and one of them is
    /// reached: then the site shows it for the people living there.
    pub fn serves(&self, listing: &Listing) -> bool {
        match scope(listing) {
            Scope::Wards(names) => names.iter().any(|n| self.reaches(n)),
            Scope::Everywhere | Scope::Venues => false,
        }
    }

    /// The wards reached, by name (empty for [`Reach::every_ward`]).
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, MultiPolygon, Polygon};

    /// A square ward 1 km a side on the grid, its south-west corner at (`e`, `n`).
    fn square(name: &str, e: f64, n: f64) -> Ward {
        let ring = LineString::from(vec![
            (e, n),
            (e + 1000.0, n),
            (e + 1000.0, n + 1000.0),
            (e, n + 1000.0),
            (e, n),
        ]);
        Ward::new(name.into(), MultiPolygon(vec![Polygon::new(ring, vec![])]))
    }

    fn wards() -> Wards {
        let shapes = vec![
            square("Fieldway", 538_000.0, 163_000.0),
            square("New Addington North", 539_000.0, 163_000.0),
            square("Selhurst", 532_000.0, 168_000.0),
        ];
        Wards {
            names: shapes.iter().map(|w| w.name.clone()).collect(),
            shapes,
        }
    }

    #[test]
    fn a_circle_reaches_the_wards_it_overlaps_and_no_others() {
        let wards = wards();
        // Inside Fieldway, 100 m west of its border with New Addington North.
        let inside = crate::locate::osgb36_to_wgs84(538_900.0, 163_500.0);
        // A 1-minute walk (about 92 m) stays in Fieldway; a 2-minute one (about 154 m)
        // crosses into New Addington North.
        assert_eq!(Reach::of_circle(inside, 1, &wards).names(), ["Fieldway"]);
        let r = Reach::of_circle(inside, 2, &wards);
        assert_eq!(r.names(), ["Fieldway", "New Addington North"]);
        // 600 m west of Fieldway: a 5-minute walk (about 338 m) does not reach it, a
        // 10-minute walk (about 646 m) does.
        let west = crate::locate::osgb36_to_wgs84(537_400.0, 163_500.0);
        assert!(Reach::of_circle(west, 5, &wards).names().is_empty());
        assert_eq!(Reach::of_circle(west, 10, &wards).names(), ["Fieldway"]);
        assert!(!Reach::of_circle(west, 10, &wards).reaches("Selhurst"));
    }

    #[test]
    fn a_ward_service_is_served_where_one_of_its_wards_is_reached() {
        let mut food = Listing::for_test("food-share");
        food.area.wards = vec!["New Addington North".into(), "Fieldway".into()];
        assert!(Reach::ward("Fieldway").serves(&food));
        assert!(!Reach::ward("Selhurst").serves(&food));
        assert!(Reach::every_ward().serves(&food));
        assert!(!Reach::default().serves(&food));
        // Online, it is available everywhere, not a ward service.
        food.online = true;
        assert!(!Reach::every_ward().serves(&food));
    }
}
