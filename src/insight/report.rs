//! The report's types: what [`super::analyse`] produces and [`super::html`] and
//! [`super::export`] write out. Plain data (serialised as `gaps.json`), plus the rules the
//! figures follow, stated once here so the JSON and the pages say the same thing.
//!
//! Not for working anything out: the counts are [`super::analysis`]'s, the ranking
//! [`super::deprivation`]'s.

use geo::{InteriorPoint, Simplify};
use serde::Serialize;

use crate::locate;
use crate::place::LatLon;
use crate::wards::Ward;

/// Ward outlines are simplified to this tolerance, in metres, for the maps only.
const MAP_TOLERANCE_METRES: f64 = 8.0;

/// The whole report: every area, every need.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub title: String,
    pub area: String,
    /// The date listings were judged published against (YYYY-MM-DD).
    pub today: String,
    pub rules: ReportRules,
    /// The needs, in vocabulary order.
    pub needs: Vec<Need>,
    /// Wards, most deprived first (wards without a score last, by name).
    pub wards: Vec<AreaReport>,
    /// Practice sites (and other local sites that are not borough-wide), by name.
    pub practices: Vec<AreaReport>,
    /// How many listings are published (made-up examples included).
    pub listings: usize,
    /// Of those, how many are made-up examples (`example: true`): they are left out of every
    /// count and never fill a gap (see [`ReportRules::examples`]).
    pub examples: usize,
    /// LSOAs with an IMD score whose centroid is in no ward.
    pub unassigned_lsoas: Vec<String>,
    /// Problems with the data that did not stop the report (shown by `signpost gaps`).
    pub notes: Vec<String>,
    /// Ward outlines for the maps, in `wards` order (not part of the JSON).
    #[serde(skip)]
    pub shapes: Vec<Shape>,
}

/// The rules the figures follow, stated in the report (`"rules"` in gaps.json) so readers of
/// the JSON know them. Not the listing rules of `validate`: these define the report's counts.
#[derive(Clone, Debug, Serialize)]
pub struct ReportRules {
    pub ward_walk_minutes: u32,
    pub ward_reach: &'static str,
    pub practice_reach: &'static str,
    pub everywhere: &'static str,
    pub free: &'static str,
    pub evening_or_weekend: &'static str,
    pub gap: &'static str,
    /// Whether made-up examples are counted (they are not), and why.
    pub examples: &'static str,
    pub deprivation: String,
}

impl ReportRules {
    /// The rules for wards reached within `ward_walk_minutes`, with deprivation from the
    /// ward summary when `ward_summary` is true, else from the mean of the LSOAs.
    pub fn new(ward_walk_minutes: u32, ward_summary: bool) -> ReportRules {
        let deprivation = if ward_summary {
            "the ward summary's IMD average score (population-weighted average of LSOA IMD 2019 \
             scores); LSOAs are also assigned to the ward containing their centroid for the LSOA \
             columns"
        } else {
            "the mean IMD 2019 score of the LSOAs whose centroid lies in the ward (no population \
             weighting: the LSOA file has no population)"
        };
        ReportRules {
            ward_walk_minutes,
            ward_reach: "a venue inside the ward, or within the walking radius of the ward's \
                         geometric centroid",
            practice_reach: "a venue within the site's walking time, as the site's own pages \
                             list it (the same function)",
            everywhere: "no venue within a walk, but online, by phone, borough-wide, or \
                         limited to wards the area reaches (a ward reaches itself; a practice \
                         the wards its walking circle overlaps, as its site shows them)",
            free: "cost.free is true (pay what you can is not free)",
            evening_or_weekend: "a session starting at or after 17:00, or on a Saturday or \
                                 Sunday",
            gap: "no free group within a walk for the need (services available everywhere are \
                  counted apart and do not fill a gap)",
            examples: "made-up examples (listings with example: true, published to show how a \
                       directory looks) are left out of every count and never fill a gap: a \
                       commissioner reads a gap as a need no real group meets, so only real \
                       groups count; the examples that would have been counted are shown apart",
            deprivation: deprivation.to_string(),
        }
    }
}

/// A need of the vocabulary, as the report names it.
#[derive(Clone, Debug, Serialize)]
pub struct Need {
    pub id: String,
    pub label: String,
}

/// A ward or a practice site.
#[derive(Clone, Debug, Serialize)]
pub struct AreaReport {
    pub kind: AreaKind,
    /// Ward: a slug of the name; site: the site id (lower-case ODS code for practices).
    pub id: String,
    pub name: String,
    /// The ward the area is in (a ward is in itself).
    pub ward: Option<String>,
    pub walk_minutes: u32,
    /// The deprivation of the area's ward.
    pub deprivation: Option<Deprivation>,
    /// Distinct listings, whatever their needs.
    pub total: Counts,
    /// One entry per need, in vocabulary order.
    pub needs: Vec<NeedCounts>,
    /// Need ids with no free reachable group.
    pub gaps: Vec<String>,
}

/// What kind of area an [`AreaReport`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AreaKind {
    Ward,
    Practice,
    Site,
}

/// Listings counted for one area (and one need, or all).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// In person, within a walk.
    pub reachable: usize,
    /// Of those, free.
    pub free: usize,
    /// Of those, with a session in the evening or at the weekend.
    pub evening_or_weekend: usize,
    /// Not reachable in person but available everywhere (online, phone, area).
    pub everywhere: usize,
    /// Of those, free.
    pub everywhere_free: usize,
    /// Made-up examples (`example: true`) within reach or available everywhere: in none of
    /// the figures above.
    pub examples: usize,
}

/// The counts of one area for one need, and whether the need is a gap there.
#[derive(Clone, Debug, Serialize)]
pub struct NeedCounts {
    pub need: String,
    #[serde(flatten)]
    pub counts: Counts,
    pub gap: bool,
}

/// How deprived a ward is, and where it ranks in the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deprivation {
    /// The score the ranking uses: higher is more deprived.
    pub score: f64,
    /// 1 = the most deprived ward in the report.
    pub rank: usize,
    pub measure: Measure,
    /// LSOAs whose centroid lies in the ward.
    pub lsoas: usize,
    /// Mean IMD score of those LSOAs.
    pub lsoa_mean: Option<f64>,
    /// The national IMD rank of the most deprived of them (1 = most deprived in England).
    pub worst_lsoa_rank: Option<u32>,
}

/// Which score a ward's [`Deprivation`] ranks by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The ward summary's `IMD average score` (population-weighted).
    WardSummary,
    /// The mean score of the ward's LSOAs.
    LsoaMean,
}

/// A ward outline for drawing: rings of WGS84 points (simplified), and where its number goes.
#[derive(Clone, Debug)]
pub struct Shape {
    pub ward: String,
    pub rings: Vec<Vec<LatLon>>,
    /// A point inside the ward (not always its centroid, which a crescent-shaped ward does
    /// not contain), for the ward's number on the maps.
    pub label: LatLon,
}

impl Shape {
    /// The ward's outline for the maps: simplified on the grid, then converted to WGS84; its
    /// label goes at an interior point of the full outline.
    pub fn of(ward: &Ward) -> Shape {
        let simple = ward.grid.simplify(MAP_TOLERANCE_METRES);
        let mut rings = Vec::new();
        for polygon in &simple {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                rings.push(
                    ring.coords()
                        .map(|c| locate::osgb36_to_wgs84(c.x, c.y))
                        .collect(),
                );
            }
        }
        let label = ward
            .grid
            .interior_point()
            .map_or(ward.centroid, |p| locate::osgb36_to_wgs84(p.x(), p.y()));
        Shape {
            ward: ward.name.clone(),
            rings,
            label,
        }
    }
}
