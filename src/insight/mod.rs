//! Insight for commissioners: for every practice site and every ward, how many published groups
//! meet each need within walking distance, and where there is no free one (a gap), with the
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
/// signpost.toml.
pub fn is_configured(directory: &Directory) -> bool {
    directory.config.wards.is_some() && directory.config.insight.is_some()
}

/// Publishes the HTML report (an `index.html` and a page per need) into `out_dir`; this is
/// what `signpost build` calls for `/insight/` on the borough-wide site. Returns `Ok(false)`,
/// writing nothing, when the directory has no ward boundaries or deprivation data
/// ([`is_configured`]); an error when the data files named cannot be used.
pub fn write_html(directory: &Directory, out_dir: &Path) -> Result<bool, Error> {
    if !is_configured(directory) {
        return Ok(false);
    }
    let report = report(directory)?;
    html::write(&report, directory.attribution.as_deref(), out_dir)?;
    Ok(true)
}
