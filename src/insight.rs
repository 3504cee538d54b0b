//! Insight for commissioners: for every practice site and every ward, how many published groups
//! meet each need within walking distance, and where there is no free one (a gap), with the
//! wards ranked by deprivation.
//!
//! One job: a [`Directory`] plus ward and LSOA boundaries and the English Indices of
//! Deprivation 2019 → a [`Report`]. Writing the report out is for [`html`] (the pages with
//! their SVG maps) and [`export`] (CSV and JSON); `signpost gaps` and `signpost build` call
//! them.
//!
//! The rules, each one decided here and nowhere else:
//!
//! - **Reachable from a practice site**: a listing with a located venue whose walking time
//!   from the site, by [`select::walk_minutes`], is within the site's `walk_minutes`.
//! - **Reachable from a ward**: a listing with a venue *inside the ward* (point in polygon), or
//!   within the ward radius of the ward's *geometric* centroid (the centroid of its polygon in
//!   British National Grid metres; there is no population below ward level in the data, so
//!   not a population-weighted one). The radius is `[insight] walk_minutes`, else
//!   `[practices] walk_minutes` (20).
//! - **Available everywhere**, counted apart and never as reachable: a published listing with
//!   no reachable venue that is online, by phone, serves the whole borough, or serves a ward
//!   the area is in (for a practice, the ward its surgery stands in).
//! - **Free**: `cost.free`. Pay-what-you-can is not free.
//! - **Evenings or weekends**: any session starting at or after 17:00, or on a Saturday or
//!   Sunday (one-off dates included).
//! - **Gap**: a need with no free *reachable* group. Free online or phone services do not fill
//!   a gap (they are shown next to it), because the question is what people can walk to.
//! - **Deprivation of a ward**: each LSOA goes to the ward containing the centroid of its
//!   polygon. When `[insight] ward_summary` names the GLA ward summary file, the ward's score
//!   is its official `IMD average score` (the population-weighted average of its LSOAs'
//!   scores); otherwise it is the simple mean of the IMD scores of its LSOAs (the LSOA file
//!   has no population). Both are reported. Rank 1 is the most deprived ward of the report.
//!
//! Boundary files are OSGB36 / British National Grid (EPSG:27700): geometry that needs metres
//! (centroids, the LSOA test, simplifying outlines) is done on the grid; points are converted
//! with [`locate::osgb36_to_wgs84`], the same transform as the geocoder, and venues are tested
//! against ward outlines converted the same way.

pub mod export;
pub mod html;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use geo::Simplify;
use geo::{Centroid, Contains, Point};
use jiff::civil::{Time, Weekday};
use serde::Serialize;

use crate::config::Insight as InsightConfig;
use crate::directory::Directory;
use crate::locate;
use crate::model::Listing;
use crate::place::LatLon;
use crate::select;
use crate::sites::{Kind, Site};
use crate::wards::Ward;

/// Sessions starting at this time or later are evening sessions.
pub const EVENING: Time = Time::constant(17, 0, 0, 0);

/// Ward outlines are simplified to this tolerance, in metres, for the maps only.
const MAP_TOLERANCE_METRES: f64 = 8.0;

/// Output of `signpost gaps`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GapsFormat {
    /// An overview page and a page per need, with maps (index.html and NEED-ID.html).
    Html,
    /// One row per area and need (gaps.csv).
    Csv,
    /// The whole report (gaps.json).
    Json,
}

/// The whole report: every area, every need.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub title: String,
    pub area: String,
    /// The date listings were judged published against (YYYY-MM-DD).
    pub today: String,
    pub rules: Rules,
    /// The needs, in vocabulary order.
    pub needs: Vec<Need>,
    /// Wards, most deprived first (wards without a score last, by name).
    pub wards: Vec<AreaReport>,
    /// Practice sites (and other local sites that are not borough-wide), by name.
    pub practices: Vec<AreaReport>,
    /// How many published listings the report counted.
    pub listings: usize,
    /// LSOAs with an IMD score whose centroid is in no ward.
    pub unassigned_lsoas: Vec<String>,
    /// Problems with the data that did not stop the report (shown by `signpost gaps`).
    pub notes: Vec<String>,
    /// Ward outlines for the maps, in `wards` order (not part of the JSON).
    #[serde(skip)]
    pub shapes: Vec<Shape>,
}

/// The rules the figures follow, stated in the report so readers of the JSON know them.
#[derive(Clone, Debug, Serialize)]
pub struct Rules {
    pub ward_walk_minutes: u32,
    pub ward_reach: &'static str,
    pub practice_reach: &'static str,
    pub everywhere: &'static str,
    pub free: &'static str,
    pub evening_or_weekend: &'static str,
    pub gap: &'static str,
    pub deprivation: String,
}

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
    /// In person, within reach.
    pub reachable: usize,
    /// Of those, free.
    pub free: usize,
    /// Of those, with a session in the evening or at the weekend.
    pub evening_or_weekend: usize,
    /// Not reachable in person but available everywhere (online, phone, area).
    pub everywhere: usize,
    /// Of those, free.
    pub everywhere_free: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct NeedCounts {
    pub need: String,
    #[serde(flatten)]
    pub counts: Counts,
    pub gap: bool,
}

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The ward summary's `IMD average score` (population-weighted).
    WardSummary,
    /// The mean score of the ward's LSOAs.
    LsoaMean,
}

/// A ward outline for drawing: rings of WGS84 points (simplified).
#[derive(Clone, Debug)]
pub struct Shape {
    pub ward: String,
    pub rings: Vec<Vec<LatLon>>,
}

/// One LSOA's Index of Multiple Deprivation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Imd {
    pub score: f64,
    pub rank: u32,
}

/// What the analysis reads besides the directory.
pub struct Inputs {
    pub wards: Vec<Ward>,
    /// LSOA code → centroid on the grid.
    pub lsoas: Vec<(String, Point<f64>)>,
    pub imd: HashMap<String, Imd>,
    /// Ward name → official summary score.
    pub summary: Option<HashMap<String, f64>>,
    pub ward_walk_minutes: u32,
}

/// Reads the ward boundaries named in `[wards]` and the deprivation files named in
/// `[insight]`.
pub fn load_inputs(directory: &Directory) -> Result<Inputs, String> {
    let config = &directory.config;
    let root = &directory.root;
    let wards_config = config.wards.as_ref().ok_or(
        "signpost.toml has no [wards] section: the gaps report needs ward boundaries\n\
         help: add [wards] file = \"…geojson\" (OSGB36 grid, one feature per ward)",
    )?;
    let insight: &InsightConfig = config.insight.as_ref().ok_or(
        "signpost.toml has no [insight] section: the gaps report needs deprivation data\n\
         help: add [insight] with lsoa_file and imd_file (see README.md)",
    )?;
    let _ = wards_config;
    let wards = directory.wards.shapes.clone();
    let lsoas =
        crate::wards::read_features(&root.join(&insight.lsoa_file), &insight.lsoa_code_field)?
            .into_iter()
            .filter_map(|(code, grid)| grid.centroid().map(|c| (code, c)))
            .collect();
    let imd = read_imd(&root.join(&insight.imd_file))?;
    let summary = match &insight.ward_summary {
        Some(path) => Some(read_ward_summary(&root.join(path))?),
        None => None,
    };
    let ward_walk_minutes = insight
        .walk_minutes
        .or(config.practices.as_ref().map(|p| p.walk_minutes))
        .unwrap_or(20);
    Ok(Inputs {
        wards,
        lsoas,
        imd,
        summary,
        ward_walk_minutes,
    })
}

/// Loads the inputs and analyses the directory.
pub fn report(directory: &Directory) -> Result<Report, String> {
    Ok(analyse(directory, &load_inputs(directory)?))
}

/// True when the directory has what the report needs: `[wards]` and `[insight]` in
/// signpost.toml.
pub fn is_configured(directory: &Directory) -> bool {
    directory.config.wards.is_some() && directory.config.insight.is_some()
}

/// Publishes the HTML report (an `index.html` and a page per need) into `out_dir`; this is
/// what `signpost build` calls for `/insight/` on the borough-wide site. Returns `Ok(false)`,
/// writing nothing, when the directory has no ward boundaries or deprivation data
/// ([`is_configured`]); an error when the data files named cannot be used.
pub fn write_html(directory: &Directory, out_dir: &Path) -> Result<bool, String> {
    if !is_configured(directory) {
        return Ok(false);
    }
    let report = report(directory)?;
    html::write(&report, directory.attribution.as_deref(), out_dir)?;
    Ok(true)
}

/// A ward's outline for the maps, simplified.
trait MapShape {
    /// Simplified outline in WGS84 for the maps.
    fn shape(&self) -> Shape;
}

impl MapShape for Ward {
    fn shape(&self) -> Shape {
        let simple = self.grid.simplify(MAP_TOLERANCE_METRES);
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
        Shape {
            ward: self.name.clone(),
            rings,
        }
    }
}

/// Counts, gaps and deprivation for every ward and practice site.
pub fn analyse(directory: &Directory, inputs: &Inputs) -> Report {
    let listings: Vec<&Listing> = directory.published().collect();
    let needs: Vec<Need> = directory
        .vocab
        .needs
        .terms
        .iter()
        .map(|t| Need {
            id: t.id.clone(),
            label: t.label.clone(),
        })
        .collect();

    let deprivation = ward_deprivation(inputs);
    let mut wards: Vec<(AreaReport, Shape)> = inputs
        .wards
        .iter()
        .map(|ward| {
            let area = count_area(
                &needs,
                &listings,
                Some(&ward.name),
                |at| {
                    ward.contains(at)
                        || select::walk_minutes(ward.centroid, at) <= inputs.ward_walk_minutes
                },
                AreaHead {
                    kind: AreaKind::Ward,
                    id: crate::text::slugify(&ward.name),
                    name: ward.name.clone(),
                    walk_minutes: inputs.ward_walk_minutes,
                    deprivation: deprivation.get(&ward.name).cloned(),
                },
            );
            (area, ward.shape())
        })
        .collect();
    wards.sort_by(|(a, _), (b, _)| {
        let rank = |r: &AreaReport| r.deprivation.as_ref().map_or(usize::MAX, |d| d.rank);
        rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name))
    });
    let (wards, shapes): (Vec<AreaReport>, Vec<Shape>) = wards.into_iter().unzip();

    let mut practices: Vec<AreaReport> = directory
        .sites
        .iter()
        .filter(|s| !matches!(s.kind, Kind::Extra { borough_wide: true }))
        .map(|site| practice_report(site, &needs, &listings, inputs, &deprivation))
        .collect();
    practices.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));

    let unassigned_lsoas: Vec<String> = inputs
        .lsoas
        .iter()
        .filter(|(code, at)| {
            inputs.imd.contains_key(code) && !inputs.wards.iter().any(|w| w.grid.contains(at))
        })
        .map(|(code, _)| code.clone())
        .collect();

    let mut notes = Vec::new();
    if let Some(summary) = &inputs.summary {
        for ward in &inputs.wards {
            if !summary.contains_key(&ward.name) {
                notes.push(format!(
                    "the ward summary has no row for `{}`: it has no deprivation score",
                    ward.name
                ));
            }
        }
    }
    let no_imd = inputs
        .lsoas
        .iter()
        .filter(|(code, _)| !inputs.imd.contains_key(code))
        .count();
    if no_imd > 0 {
        notes.push(format!(
            "{no_imd} LSOA{} in the boundaries {} no IMD score and {} left out",
            if no_imd == 1 { "" } else { "s" },
            if no_imd == 1 { "has" } else { "have" },
            if no_imd == 1 { "is" } else { "are" }
        ));
    }
    if !unassigned_lsoas.is_empty() {
        notes.push(format!(
            "{} with an IMD score {} in no ward: {}",
            if unassigned_lsoas.len() == 1 {
                "1 LSOA".to_string()
            } else {
                format!("{} LSOAs", unassigned_lsoas.len())
            },
            if unassigned_lsoas.len() == 1 {
                "lies"
            } else {
                "lie"
            },
            unassigned_lsoas.join(", ")
        ));
    }
    let deprivation_rule = if inputs.summary.is_some() {
        "the ward summary's IMD average score (population-weighted average of LSOA IMD 2019 \
         scores); LSOAs are also assigned to the ward containing their centroid for the LSOA \
         columns"
    } else {
        "the mean IMD 2019 score of the LSOAs whose centroid lies in the ward (no population \
         weighting: the LSOA file has no population)"
    };
    Report {
        title: directory.config.title.clone(),
        area: directory.config.area.clone(),
        today: directory.today.to_string(),
        rules: Rules {
            ward_walk_minutes: inputs.ward_walk_minutes,
            ward_reach: "a venue inside the ward, or within the walking radius of the ward's \
                         geometric centroid",
            practice_reach: "a venue within the site's walking radius",
            everywhere: "no reachable venue, but online, by phone, borough-wide, or serving \
                         the area's ward",
            free: "cost.free is true (pay what you can is not free)",
            evening_or_weekend: "a session starting at or after 17:00, or on a Saturday or \
                                 Sunday",
            gap: "no free group within reach for the need (services available everywhere are \
                  counted apart and do not fill a gap)",
            deprivation: deprivation_rule.to_string(),
        },
        needs,
        wards,
        practices,
        listings: listings.len(),
        unassigned_lsoas,
        notes,
        shapes,
    }
}

fn practice_report(
    site: &Site,
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
        |at| select::walk_minutes(site.at, at) <= site.walk_minutes,
        AreaHead {
            kind,
            id: site.id.clone(),
            name: site.name.clone(),
            walk_minutes: site.walk_minutes,
            deprivation: ward.and_then(|w| deprivation.get(&w.name).cloned()),
        },
    )
}

struct AreaHead {
    kind: AreaKind,
    id: String,
    name: String,
    walk_minutes: u32,
    deprivation: Option<Deprivation>,
}

/// Counts the listings for one area; `reaches` says whether a venue at a point is within
/// reach, `ward` is the ward the area is in (for ward-area services).
fn count_area(
    needs: &[Need],
    listings: &[&Listing],
    ward: Option<&str>,
    reaches: impl Fn(LatLon) -> bool,
    head: AreaHead,
) -> AreaReport {
    let mut total = Counts::default();
    let mut per_need: BTreeMap<&str, Counts> = BTreeMap::new();
    for listing in listings {
        let in_person = listing.venues.iter().any(|v| v.at.is_some_and(&reaches));
        let everywhere = !in_person
            && (listing.online
                || listing.by_phone
                || listing.area.borough
                || ward.is_some_and(|w| listing.area.wards.iter().any(|x| x == w)));
        if !in_person && !everywhere {
            continue;
        }
        let free = listing.cost.free;
        let add = |c: &mut Counts| {
            if in_person {
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

/// Each ward's deprivation, ranked.
fn ward_deprivation(inputs: &Inputs) -> HashMap<String, Deprivation> {
    let mut scores: HashMap<&str, Vec<Imd>> = HashMap::new();
    for (code, at) in &inputs.lsoas {
        let Some(imd) = inputs.imd.get(code) else {
            continue;
        };
        if let Some(ward) = inputs.wards.iter().find(|w| w.grid.contains(at)) {
            scores.entry(&ward.name).or_default().push(*imd);
        }
    }
    let mut out: Vec<Deprivation> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for ward in &inputs.wards {
        let lsoas = scores
            .get(ward.name.as_str())
            .map_or(&[][..], Vec::as_slice);
        let lsoa_mean = (!lsoas.is_empty())
            .then(|| lsoas.iter().map(|i| i.score).sum::<f64>() / lsoas.len() as f64);
        let worst_lsoa_rank = lsoas.iter().map(|i| i.rank).min();
        let (score, measure) = match &inputs.summary {
            Some(summary) => (summary.get(&ward.name).copied(), Measure::WardSummary),
            None => (lsoa_mean, Measure::LsoaMean),
        };
        if let Some(score) = score {
            names.push(&ward.name);
            out.push(Deprivation {
                score,
                rank: 0,
                measure,
                lsoas: lsoas.len(),
                lsoa_mean,
                worst_lsoa_rank,
            });
        }
    }
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|&a, &b| {
        out[b]
            .score
            .total_cmp(&out[a].score)
            .then_with(|| names[a].cmp(names[b]))
    });
    for (rank, &i) in order.iter().enumerate() {
        out[i].rank = rank + 1;
    }
    names.into_iter().map(str::to_string).zip(out).collect()
}

/// Reads a CSV file's header (without a byte-order mark) and rows.
fn read_csv(path: &Path) -> Result<(Vec<String>, Vec<csv::StringRecord>), String> {
    let mut reader = csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let header = reader
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((header, rows))
}

fn column(
    path: &Path,
    header: &[String],
    wanted: &str,
    found: impl Fn(&str) -> bool,
) -> Result<usize, String> {
    header.iter().position(|h| found(h)).ok_or_else(|| {
        format!(
            "{}: no {wanted} column (found: {})",
            path.display(),
            header.join(", ")
        )
    })
}

/// Reads IMD 2019 scores and ranks by LSOA from a file with the official column names
/// (`LSOA code (2011)`, `Index of Multiple Deprivation (IMD) Score`, `… (IMD) Rank …`).
pub fn read_imd(path: &Path) -> Result<HashMap<String, Imd>, String> {
    let (header, rows) = read_csv(path)?;
    let code = column(path, &header, "`LSOA code (2011)`", |h| {
        h.to_lowercase().starts_with("lsoa code")
    })?;
    let score = column(path, &header, "`… (IMD) Score`", |h| {
        h.contains("(IMD) Score")
    })?;
    let rank = column(path, &header, "`… (IMD) Rank …`", |h| {
        h.contains("(IMD) Rank")
    })?;
    let mut out = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let get = |c: usize| row.get(c).unwrap_or("").trim();
        let bad = |what: &str| format!("{}:{}: {what} is not a number", path.display(), i + 2);
        out.insert(
            get(code).to_string(),
            Imd {
                score: get(score).parse().map_err(|_| bad("the IMD score"))?,
                rank: get(rank).parse().map_err(|_| bad("the IMD rank"))?,
            },
        );
    }
    Ok(out)
}

/// Reads the GLA ward summary: ward name (typos fixed) → `IMD average score`.
pub fn read_ward_summary(path: &Path) -> Result<HashMap<String, f64>, String> {
    let (header, rows) = read_csv(path)?;
    let name = column(path, &header, "`Ward Name`", |h| h == "Ward Name")?;
    let score = column(path, &header, "`IMD average score`", |h| {
        h == "IMD average score"
    })?;
    let mut out = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let get = |c: usize| row.get(c).unwrap_or("").trim();
        let value: f64 = get(score).parse().map_err(|_| {
            format!(
                "{}:{}: the IMD average score is not a number",
                path.display(),
                i + 2
            )
        })?;
        out.insert(crate::wards::ward_name(get(name)).to_string(), value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Repeat, Session};
    use geo::{LineString, MultiPolygon, Polygon};

    fn listing_with(sessions: Vec<Session>) -> Listing {
        Listing {
            id: "x".into(),
            path: "listings/x.yaml".into(),
            name: "X".into(),
            summary: "X.".into(),
            description: None,
            organisation: None,
            needs: vec!["bereavement".into()],
            activities: vec![],
            min_age: None,
            max_age: None,
            audiences: vec![],
            languages: vec![],
            cost: Default::default(),
            joining: crate::model::Joining::SelfReferral,
            booking: None,
            venues: vec![],
            online: true,
            by_phone: false,
            area: Default::default(),
            sessions,
            term_time_only: false,
            by_appointment: false,
            bank_holidays: Default::default(),
            contact: Default::default(),
            maintainers: vec!["someone".into()],
            reviewed: jiff::civil::date(2026, 10, 1),
            status: crate::model::Status::Active,
            notice: None,
            example: false,
            translations: Default::default(),
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
    fn slugs_are_lower_case_words_and_hyphens() {
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
