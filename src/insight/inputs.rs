//! What the report reads besides the listings: the ward outlines (already loaded with the
//! [`Directory`]), the LSOA boundaries and the deprivation CSV files named in `[insight]`, and
//! the notes on how well they fit together.
//!
//! Not for ranking the wards ([`super::deprivation`]) or counting groups
//! ([`super::analysis`]).

use std::collections::HashMap;
use std::path::Path;

use geo::{Centroid, Contains, Point};

use super::Error;
use crate::directory::Directory;
use crate::wards::Ward;

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
pub fn load_inputs(directory: &Directory) -> Result<Inputs, Error> {
    let config = &directory.config;
    let root = &directory.root;
    if config.wards.is_none() {
        return Err(Error::NoWards);
    }
    let insight = config.insight.as_ref().ok_or(Error::NoDeprivation)?;
    let wards = directory.wards.shapes.clone();
    let lsoas =
        crate::wards::read_features(&root.join(&insight.lsoa_file), &insight.lsoa_code_field)
            .map_err(Error::LsoaBoundaries)?
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

impl Inputs {
    /// LSOAs with an IMD score whose centroid is in no ward.
    pub fn unassigned_lsoas(&self) -> Vec<String> {
        self.lsoas
            .iter()
            .filter(|(code, at)| {
                self.imd.contains_key(code) && !self.wards.iter().any(|w| w.grid.contains(at))
            })
            .map(|(code, _)| code.clone())
            .collect()
    }

    /// What does not fit together in the data (wards the summary lacks, LSOAs without a score,
    /// the `unassigned` LSOAs), in words for the report's notes.
    pub fn notes(&self, unassigned: &[String]) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(summary) = &self.summary {
            for ward in &self.wards {
                if !summary.contains_key(&ward.name) {
                    notes.push(format!(
                        "the ward summary has no row for `{}`: it has no deprivation score",
                        ward.name
                    ));
                }
            }
        }
        let no_imd = self
            .lsoas
            .iter()
            .filter(|(code, _)| !self.imd.contains_key(code))
            .count();
        if no_imd > 0 {
            notes.push(format!(
                "{no_imd} LSOA{} in the boundaries {} no IMD score and {} left out",
                if no_imd == 1 { "" } else { "s" },
                if no_imd == 1 { "has" } else { "have" },
                if no_imd == 1 { "is" } else { "are" }
            ));
        }
        if !unassigned.is_empty() {
            notes.push(format!(
                "{} with an IMD score {} in no ward: {}",
                if unassigned.len() == 1 {
                    "1 LSOA".to_string()
                } else {
                    format!("{} LSOAs", unassigned.len())
                },
                if unassigned.len() == 1 { "lies" } else { "lie" },
                unassigned.join(", ")
            ));
        }
        notes
    }
}

/// Reads a CSV file's header (without a byte-order mark) and rows.
fn read_csv(path: &Path) -> Result<(Vec<String>, Vec<csv::StringRecord>), Error> {
    let mut reader = csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(Error::read(path))?;
    let header = reader
        .headers()
        .map_err(Error::read(path))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(Error::read(path))?;
    Ok((header, rows))
}

/// The index of the first column of `header` that is `found`; `wanted` names it for the error.
fn column(
    path: &Path,
    header: &[String],
    wanted: &'static str,
    found: impl Fn(&str) -> bool,
) -> Result<usize, Error> {
    header
        .iter()
        .position(|h| found(h))
        .ok_or_else(|| Error::NoColumn {
            path: path.to_path_buf(),
            wanted,
            found: header.join(", "),
        })
}

/// The number in `text`, or an error naming the file, the line (`row` 0 is line 2) and `what`.
fn number<T: std::str::FromStr>(
    path: &Path,
    row: usize,
    what: &'static str,
    text: &str,
) -> Result<T, Error> {
    text.parse().map_err(|_| Error::NotANumber {
        path: path.to_path_buf(),
        line: row + 2,
        what,
    })
}

/// Reads IMD 2019 scores and ranks by LSOA from a file with the official column names
/// (`LSOA code (2011)`, `Index of Multiple Deprivation (IMD) Score`, `… (IMD) Rank …`).
pub fn read_imd(path: &Path) -> Result<HashMap<String, Imd>, Error> {
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
        out.insert(
            get(code).to_string(),
            Imd {
                score: number(path, i, "the IMD score", get(score))?,
                rank: number(path, i, "the IMD rank", get(rank))?,
            },
        );
    }
    Ok(out)
}

/// Reads the GLA ward summary: ward name (typos fixed) → `IMD average score`.
pub fn read_ward_summary(path: &Path) -> Result<HashMap<String, f64>, Error> {
    let (header, rows) = read_csv(path)?;
    let name = column(path, &header, "`Ward Name`", |h| h == "Ward Name")?;
    let score = column(path, &header, "`IMD average score`", |h| {
        h == "IMD average score"
    })?;
    let mut out = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let get = |c: usize| row.get(c).unwrap_or("").trim();
        let value: f64 = number(path, i, "the IMD average score", get(score))?;
        out.insert(crate::wards::ward_name(get(name)).to_string(), value);
    }
    Ok(out)
}
