//! The analysis: for every ward and practice site, the published groups within reach for
//! each need, the free ones, the evening or weekend ones, those available everywhere, and the
//! gaps; then the report that holds them with the wards' deprivation.
//!
//! The rules are stated in the [module doc](super) and in [`ReportRules`]; this file applies
//! them. Not for reading files ([`super::inputs`]) or ranking wards
//! ([`super::deprivation`]).

use std::collections::{BTreeMap, HashMap};

use jiff::civil::{Time, Weekday};

use super::deprivation::ward_deprivation;
use super::inputs::Inputs;
use super::report::{
    AreaKind, AreaReport, Counts, Deprivation, Need, NeedCounts, Report, ReportRules, Shape,
};
use crate::directory::Directory;
use crate::model::Listing;
use crate::place::LatLon;
use crate::select::{self, Reach};
use crate::sites::{Kind, Site};

/// Sessions starting at this time or later are evening sessions.
pub const EVENING: Time = Time::constant(17, 0, 0, 0);

/// Counts, gaps and deprivation for every ward and practice site.
pub fn analyse(directory: &Directory, inputs: &Inputs) -> Report {
    let listings: Vec<&Listing> = directory.published().collect();
    let needs = needs(directory);
    let deprivation = ward_deprivation(inputs);
    let (wards, shapes) = ward_reports(&needs, &listings, inputs, &deprivation);
    let practices = practice_reports(directory, &needs, &listings, inputs, &deprivation);
    let unassigned_lsoas = inputs.unassigned_lsoas();
    let notes = inputs.notes(&unassigned_lsoas);
    Report {
        title: directory.config.title.clone(),
        area: directory.config.area.clone(),
        today: directory.today.to_string(),
        rules: ReportRules::new(inputs.ward_walk_minutes, inputs.summary.is_some()),
        needs,
        wards,
        practices,
        listings: listings.len(),
        examples: listings.iter().filter(|l| l.example).count(),
        unassigned_lsoas,
        notes,
        shapes,
    }
}

/// The vocabulary's needs, in its order.
fn needs(directory: &Directory) -> Vec<Need> {
    directory
        .vocab
        .needs
        .terms
        .iter()
        .map(|t| Need {
            id: t.id.clone(),
            label: t.label.clone(),
        })
        .collect()
}

/// Every ward's counts, most deprived first (wards without a score last, by name), with
/// their outlines for the maps in the same order.
fn ward_reports(
    needs: &[Need],
    listings: &[&Listing],
    inputs: &Inputs,
    deprivation: &HashMap<String, Deprivation>,
) -> (Vec<AreaReport>, Vec<Shape>) {
    let mut wards: Vec<(AreaReport, Shape)> = inputs
        .wards
        .iter()
        .map(|ward| {
            let serves = Reach::ward(&ward.name);
            let area = count_area(
                needs,
                listings,
                Some(&ward.name),
                Within {
                    walk: &|at| {
                        ward.contains(at)
                            || select::walk_minutes(ward.centroid, at) <= inputs.ward_walk_minutes
                    },
                    apart: &|l| select::is_everywhere(l) || serves.serves(l),
                },
                AreaHead {
                    kind: AreaKind::Ward,
                    id: crate::text::slugify(&ward.name),
                    name: ward.name.clone(),
                    walk_minutes: inputs.ward_walk_minutes,
                    deprivation: deprivation.get(&ward.name).cloned(),
                },
            );
            (area, Shape::of(ward))
        })
        .collect();
    wards.sort_by(|(a, _), (b, _)| {
        let rank = |r: &AreaReport| r.deprivation.as_ref().map_or(usize::MAX, |d| d.rank);
        rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name))
    });
    wards.into_iter().unzip()
}

/// Every site that is not borough-wide (the practices, and other local sites), by name.
fn practice_reports(
    directory: &Directory,
    needs: &[Need],
    listings: &[&Listing],
    inputs: &Inputs,
    deprivation: &HashMap<String, Deprivation>,
) -> Vec<AreaReport> {
    let mut practices: Vec<AreaReport> = directory
        .sites
        .iter()
        .filter(|s| !matches!(s.kind, Kind::Extra { borough_wide: true }))
        .map(|site| {
            let reach = Reach::of_site(site, &directory.wards);
            practice_report(site, &reach, needs, listings, inputs, deprivation)
        })
        .collect();
    practices.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    practices
}

/// One site's counts, as the site selects its listings ([`select::Index::select`]): within a
/// walk when a venue is within its walking time ([`select::minutes_to`]); apart, the services
/// the site shows to everyone who can use them from home or in the wards its walk reaches
/// (`reach`). The ward its surgery stands in gives its deprivation.
fn practice_report(
    site: &Site,
    reach: &Reach,
    needs: &[Need],
    listings: &[&Listing],
    inputs: &Inputs,
    deprivation: &HashMap<String, Deprivation>,
) -> AreaReport {
    let ward = inputs.wards.iter().find(|w| w.contains(site.at));
    let kind = match site.kind {
        Kind::Practice { .. } => AreaKind::Practice,
        Kind::Extra { .. } => AreaKind::Site,
    };
    count_area(
        needs,
        listings,
        ward.map(|w| w.name.as_str()),
        Within {
            walk: &|at| select::walk_minutes(site.at, at) <= site.walk_minutes,
            apart: &|l| select::is_everywhere(l) || reach.serves(l),
        },
        AreaHead {
            kind,
            id: site.id.clone(),
            name: site.name.clone(),
            walk_minutes: site.walk_minutes,
            deprivation: ward.and_then(|w| deprivation.get(&w.name).cloned()),
        },
    )
}

/// What an [`AreaReport`] says about its area, before the counts.
struct AreaHead {
    kind: AreaKind,
    id: String,
    name: String,
    walk_minutes: u32,
    deprivation: Option<Deprivation>,
}

/// What counts for an area: within a walk, and apart.
struct Within<'a> {
    /// Whether a venue at a point is within a walk of the area.
    walk: &'a dyn Fn(LatLon) -> bool,
    /// Whether a listing with no venue within a walk is still there for the area's people:
    /// available everywhere, or limited to wards the area reaches.
    apart: &'a dyn Fn(&Listing) -> bool,
}

/// Counts the listings for one area (`ward` is the ward it is in, for the report). Made-up
/// examples are counted apart, in `examples` only.
fn count_area(
    needs: &[Need],
    listings: &[&Listing],
    ward: Option<&str>,
    within: Within,
    head: AreaHead,
) -> AreaReport {
    let mut total = Counts::default();
    let mut per_need: BTreeMap<&str, Counts> = BTreeMap::new();
    for listing in listings {
        let in_person = listing
            .venues
            .iter()
            .any(|v| v.at.is_some_and(|at| (within.walk)(at)));
        let everywhere = !in_person && (within.apart)(listing);
        if !in_person && !everywhere {
            continue;
        }
        let free = listing.cost.free;
        let add = |c: &mut Counts| {
            if listing.example {
                c.examples += 1;
            } else if in_person {
                c.reachable += 1;
                c.free += usize::from(free);
                c.evening_or_weekend += usize::from(evening_or_weekend(listing));
            } else {
                c.everywhere += 1;
                c.everywhere_free += usize::from(free);
            }
        };
        add(&mut total);
        let mut seen: Vec<&str> = Vec::new();
        for need in &listing.needs {
            if !seen.contains(&need.as_str()) {
                seen.push(need);
                add(per_need.entry(need).or_default());
            }
        }
    }
    let needs: Vec<NeedCounts> = needs
        .iter()
        .map(|n| {
            let counts = per_need.get(n.id.as_str()).copied().unwrap_or_default();
            NeedCounts {
                need: n.id.clone(),
                counts,
                gap: counts.free == 0,
            }
        })
        .collect();
    let gaps = needs
        .iter()
        .filter(|n| n.gap)
        .map(|n| n.need.clone())
        .collect();
    AreaReport {
        kind: head.kind,
        id: head.id,
        name: head.name,
        ward: ward.map(str::to_string),
        walk_minutes: head.walk_minutes,
        deprivation: head.deprivation,
        total,
        needs,
        gaps,
    }
}

/// True when any session starts at or after [`EVENING`] or falls on a weekend.
pub fn evening_or_weekend(listing: &Listing) -> bool {
    let weekend = |d: &Weekday| matches!(d, Weekday::Saturday | Weekday::Sunday);
    listing
        .sessions
        .iter()
        .any(|s| s.start.is_some_and(|t| t >= EVENING) || s.repeat.weekdays().iter().any(weekend))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate;
    use crate::model::Repeat;
    use crate::model::Session;
    use crate::wards::Ward;
    use geo::{LineString, MultiPolygon, Polygon};

    fn listing_with(sessions: Vec<Session>) -> Listing {
        Listing {
            sessions,
            ..Listing::for_test("x")
        }
    }

    fn session(repeat: Repeat, start: (i8, i8)) -> Session {
        Session {
            repeat,
            start: Some(jiff::civil::time(start.0, start.1, 0, 0)),
            end: None,
        }
    }

    #[test]
    fn evenings_start_at_five_and_weekends_include_one_off_dates() {
        let weekly = |day, start| listing_with(vec![session(Repeat::Weekly(vec![day]), start)]);
        assert!(!evening_or_weekend(&weekly(Weekday::Monday, (16, 59))));
        assert!(evening_or_weekend(&weekly(Weekday::Monday, (17, 0))));
        assert!(evening_or_weekend(&weekly(Weekday::Sunday, (10, 0))));
        let monthly = listing_with(vec![session(
            Repeat::Monthly(1, vec![Weekday::Saturday]),
            (10, 0),
        )]);
        assert!(evening_or_weekend(&monthly));
        // 2026-11-28 is a Saturday, 2026-11-27 a Friday.
        let once = |d| listing_with(vec![session(Repeat::Once(d), (10, 0))]);
        assert!(evening_or_weekend(&once(jiff::civil::date(2026, 11, 28))));
        assert!(!evening_or_weekend(&once(jiff::civil::date(2026, 11, 27))));
        assert!(!evening_or_weekend(&listing_with(vec![])));
    }

    #[test]
    fn ward_ids_are_lower_case_words_and_hyphens() {
        assert_eq!(
            crate::text::slugify("Norbury & Pollards Hill"),
            "norbury-pollards-hill"
        );
        assert_eq!(
            crate::text::slugify("Crystal Palace & Upper Norwood"),
            "crystal-palace-upper-norwood"
        );
    }

    #[test]
    fn a_square_ward_contains_its_middle_and_not_its_neighbour() {
        let square = |e: f64, n: f64| {
            MultiPolygon(vec![Polygon::new(
                LineString::from(vec![
                    (e, n),
                    (e + 1000.0, n),
                    (e + 1000.0, n + 1000.0),
                    (e, n + 1000.0),
                    (e, n),
                ]),
                vec![],
            )])
        };
        let ward = Ward::new("Square".into(), square(531000.0, 166000.0));
        let middle = locate::osgb36_to_wgs84(531500.0, 166500.0);
        assert!(ward.centroid.distance_metres(middle) < 0.01);
        assert!(ward.contains(middle));
        assert!(!ward.contains(locate::osgb36_to_wgs84(532100.0, 166500.0)));
    }
}
