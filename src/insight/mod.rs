//! Insight for commissioners: for every practice site and every ward, how many published groups
//! meet each need within a walk, and where there is no free one (a gap), with the
//! wards ranked by deprivation.
//!
//! One job: a [`Directory`] plus ward and LSOA boundaries and the English Indices of
//! Deprivation 2019 → a [`Report`]. Writing the report out is for [`html`] (the pages with
//! their SVG maps) and [`export`] (CSV and JSON); `signpost gaps` and `signpost build` call
//! them. In order: `inputs.rs` reads the deprivation CSVs and LSOA boundaries,
//! `deprivation.rs` ranks the wards, `analysis.rs` counts the groups per ward and practice,
//! and `report.rs` holds the types it all produces.
//!
//! The rules, each one decided here and nowhere else:
//!
//! - **Reachable from a practice site**: a listing with a located venue whose walking time
//!   from the site, by [`select::walk_minutes`](crate::select::walk_minutes), is within the
//!   site's `walk_minutes`.
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
//! - **Made-up examples** (`example: true`, published to show how a directory looks) are in
//!   no count and fill no gap: a commissioner reads a gap as a need no real group meets. They
//!   are counted apart (`examples`), so a demonstration directory still shows them.
//! - **Deprivation of a ward**: each LSOA goes to the ward containing the centroid of its
//!   polygon. When `[insight] ward_summary` names the GLA ward summary file, the ward's score
//!   is its official `IMD average score` (the population-weighted average of its LSOAs'
//!   scores); otherwise it is the simple mean of the IMD scores of its LSOAs (the LSOA file
//!   has no population). Both are reported. Rank 1 is the most deprived ward of the report.
//!
//! Boundary files are OSGB36 / British National Grid (EPSG:27700): geometry that needs metres
//! (centroids, the LSOA test, simplifying outlines) is done on the grid; points are converted
//! with [`locate::osgb36_to_wgs84`](crate::locate::osgb36_to_wgs84), the same transform as the
//! geocoder, and venues are tested against ward outlines converted the same way.

mod analysis;
mod deprivation;
mod error;
pub mod export;
pub mod html;
mod inputs;
mod report;

use std::path::Path;

use crate::directory::Directory;
use crate::sites::{Kind, Site};

pub use analysis::{EVENING, analyse, evening_or_weekend};
pub use error::Error;
pub use inputs::{Imd, Inputs, load_inputs, read_imd, read_ward_summary};
pub use report::{
    AreaKind, AreaReport, Counts, Deprivation, Measure, Need, NeedCounts, Report, ReportRules,
    Shape,
};

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

/// Loads the inputs and analyses the directory.
pub fn report(directory: &Directory) -> Result<Report, Error> {
    Ok(analyse(directory, &load_inputs(directory)?))
}

/// True when the directory has what the report needs: `[wards]` and `[insight]` in
/// signpost.toml ([`Config::has_gaps_report`](crate::config::Config::has_gaps_report)).
pub fn is_configured(directory: &Directory) -> bool {
    directory.config.has_gaps_report()
}

/// Publishes the HTML report (an `index.html`, a page per need, its style sheet and
/// `gaps.csv`) into `out_dir`, inside the borough-wide `site`, whose home page every report
/// page links back to (`../`); this is what `signpost build` calls for `<site>/insight/`.
/// Returns `Ok(false)`, writing nothing, when the directory has no ward boundaries or
/// deprivation data ([`is_configured`]); an error when the data files named cannot be used.
pub fn write_html(directory: &Directory, site: &Site, out_dir: &Path) -> Result<bool, Error> {
    if !is_configured(directory) {
        return Ok(false);
    }
    let report = report(directory)?;
    let back = html::SiteLink {
        name: site.name.clone(),
        href: "../".into(),
    };
    html::write(&report, directory.attribution.as_deref(), &back, out_dir)?;
    Ok(true)
}

/// Where the report's pages link back to when `signpost gaps` writes them away from the
/// sites: the published borough-wide site at `base_url` (the first, if there are several),
/// else the directory's top page.
pub fn published_site(directory: &Directory) -> html::SiteLink {
    let base = directory.config.base_url.trim_end_matches('/');
    match directory
        .sites
        .iter()
        .find(|s| matches!(s.kind, Kind::Extra { borough_wide: true }))
    {
        Some(site) => html::SiteLink {
            name: site.name.clone(),
            href: format!("{base}/{}/", site.id),
        },
        None => html::SiteLink {
            name: directory.config.title.clone(),
            href: format!("{base}/"),
        },
    }
}
