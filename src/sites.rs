//! The sites a directory publishes: one per active GP practice (from the NHS ODS `epraccur`
//! file, exactly as NHS England publishes it), plus the extra sites named in `signpost.toml`.
//!
//! This module turns configuration and the practice file into located [`Site`]s. Choosing
//! which listings each site shows is `select`'s job.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::Help;
use crate::locate::Gazetteer;
use crate::place::{LatLon, Postcode, PostcodeError};

/// Folder names at the top of the output that a site id may not take: the sites' own folders
/// (see `render`).
pub const RESERVED: &[&str] = &[
    "assets",
    "listings",
    "everywhere",
    "embed",
    "search",
    "api",
    "add",
];

/// Where a site comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A GP practice, with its ODS code.
    Practice { ods: String },
    /// A site named in `signpost.toml`.
    Extra { borough_wide: bool },
}

/// A site: a name, a place and a walking radius.
#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    /// Used in addresses: the ODS code in lower case for practices.
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub postcode: Postcode,
    pub address: Vec<String>,
    pub phone: Option<String>,
    pub at: LatLon,
    pub walk_minutes: u32,
}

/// An active GP practice read from `epraccur`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Practice {
    pub ods: String,
    pub name: String,
    pub address: Vec<String>,
    pub postcode: String,
    pub phone: Option<String>,
}

/// Why the sites cannot be made: the practice file cannot be read, an extra site's postcode
/// cannot be placed, or a site id cannot be the site's folder in the output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The practice file cannot be opened.
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: csv::Error },
    /// A row of the practice file that cannot be read.
    #[error("{}:{line}: {source}", path.display())]
    Row {
        path: PathBuf,
        line: usize,
        source: csv::Error,
    },
    /// A row with too few columns: not an `epraccur` file.
    #[error(
        "{}:{line}: expected the 27 columns of an NHS ODS epraccur file, found {found}",
        path.display()
    )]
    Columns {
        path: PathBuf,
        line: usize,
        found: usize,
    },
    /// An extra site whose postcode is not a postcode.
    #[error("site `{id}` in signpost.toml: {source}")]
    Postcode { id: String, source: PostcodeError },
    /// An extra site whose postcode no postcode file has.
    #[error("site `{id}` in signpost.toml: the postcode {postcode} is not in the postcode files")]
    UnknownPostcode { id: String, postcode: Postcode },
    /// Two sites with one id.
    #[error("two sites have the id `{id}`")]
    TwoSites { id: String },
    /// A site id that is not a slug.
    #[error("the site id `{id}` cannot be used in addresses")]
    NotASlug { id: String },
    /// A site id that is one of the output's own folders ([`RESERVED`]).
    #[error("the site id `{id}` is used by the sites' own folders")]
    Reserved { id: String },
    /// A site id that is the folder of a language the sites are built in.
    #[error("the site id `{id}` is the code of a language the sites are built in")]
    Language { id: String },
}

impl Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::NotASlug { .. } => Some("use lower-case letters, digits and hyphens".into()),
            Error::Reserved { .. } | Error::Language { .. } => {
                Some("choose another id in signpost.toml".into())
            }
            _ => None,
        }
    }
}

/// Reads an `epraccur` file (CSV, no header row, 27 columns) and keeps the active GP
/// practices: status `A` (column 13) and prescribing setting `4` (column 26).
pub fn read_epraccur(path: &Path) -> Result<Vec<Practice>, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|source| Error::Row {
            path: path.to_path_buf(),
            line: i + 1,
            source,
        })?;
        if row.len() < 26 {
            return Err(Error::Columns {
                path: path.to_path_buf(),
                line: i + 1,
                found: row.len(),
            });
        }
        let col = |n: usize| row.get(n - 1).unwrap_or("").trim();
        if col(13) != "A" || col(26) != "4" {
            continue;
        }
        let address: Vec<String> = (5..=9)
            .map(col)
            .filter(|s| !s.is_empty())
            .map(title_case)
            .collect();
        out.push(Practice {
            ods: col(1).to_string(),
            name: title_case(col(2)),
            address,
            postcode: col(10).to_string(),
            phone: Some(col(18).to_string()).filter(|p| !p.is_empty()),
        });
    }
    Ok(out)
}

/// "NORBURY MEDICAL PRACTICE" → "Norbury Medical Practice"; short words stay lower case and
/// initialisms such as "GP" or "NHS" stay upper case.
pub fn title_case(s: &str) -> String {
    const LOWER: &[&str] = &["and", "of", "the", "at", "on", "in"];
    const UPPER: &[&str] = &["GP", "NHS", "PCN", "UK", "II", "III"];
    s.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            if UPPER.contains(&w) {
                return w.to_string();
            }
            let lower = w.to_lowercase();
            if i > 0 && LOWER.contains(&lower.as_str()) {
                return lower;
            }
            let mut out = String::new();
            let mut start = true;
            for c in lower.chars() {
                if start && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                    start = false;
                } else {
                    out.push(c);
                }
                if c == '-' || c == '(' || c == '/' {
                    start = true;
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every site of the directory, located. Practices whose postcode is unknown are reported and
/// skipped; an extra site with an unknown postcode is an error (it is named by hand), and so
/// is a site id that cannot be the site's folder in the output: one that is not a slug
/// ([`crate::text::is_slug`]), is one of the output's own folders ([`RESERVED`]), is the code of a
/// language the sites are built in (its folder), or is another site's.
pub fn load(
    root: &Path,
    config: &Config,
    gazetteer: &Gazetteer,
) -> Result<(Vec<Site>, Vec<String>), Error> {
    let mut sites = Vec::new();
    let mut warnings = Vec::new();
    if let Some(p) = &config.practices {
        for practice in read_epraccur(&root.join(&p.file))? {
            let place = practice
                .postcode
                .parse::<Postcode>()
                .ok()
                .and_then(|pc| gazetteer.lookup(&pc).map(|place| (pc, place)));
            match place {
                Some((postcode, place)) => sites.push(Site {
                    id: practice.ods.to_lowercase(),
                    name: practice.name,
                    kind: Kind::Practice { ods: practice.ods },
                    postcode,
                    address: practice.address,
                    phone: practice.phone,
                    at: place.at,
                    walk_minutes: p.walk_minutes,
                }),
                None => warnings.push(format!(
                    "practice {} ({}) has postcode {:?}, which is not in the postcode files: no site for it",
                    practice.ods, practice.name, practice.postcode
                )),
            }
        }
    }
    for extra in &config.sites {
        let postcode: Postcode = extra.postcode.parse().map_err(|source| Error::Postcode {
            id: extra.id.clone(),
            source,
        })?;
        let place = gazetteer
            .lookup(&postcode)
            .ok_or_else(|| Error::UnknownPostcode {
                id: extra.id.clone(),
                postcode,
            })?;
        sites.push(Site {
            id: extra.id.clone(),
            name: extra.name.clone(),
            kind: Kind::Extra {
                borough_wide: extra.borough_wide,
            },
            postcode,
            address: Vec::new(),
            phone: None,
            at: place.at,
            walk_minutes: extra.walk_minutes,
        });
    }
    let mut seen = std::collections::HashSet::new();
    for site in &sites {
        let id = site.id.clone();
        if !seen.insert(site.id.as_str()) {
            return Err(Error::TwoSites { id });
        }
        if !crate::text::is_slug(&site.id) {
            return Err(Error::NotASlug { id });
        }
        if RESERVED.contains(&site.id.as_str()) {
            return Err(Error::Reserved { id });
        }
    }
    let languages = config.built_languages();
    if let Some(site) = sites.iter().find(|s| languages.contains(&s.id.as_str())) {
        return Err(Error::Language {
            id: site.id.clone(),
        });
    }
    Ok((sites, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::error_text;

    #[test]
    fn title_case_reads_naturally() {
        assert_eq!(
            title_case("NORBURY MEDICAL PRACTICE"),
            "Norbury Medical Practice"
        );
        assert_eq!(
            title_case("THORNTON ROAD & VALLEY PARK SURGERY"),
            "Thornton Road & Valley Park Surgery"
        );
        assert_eq!(title_case("ST JAMES'S NHS GP"), "St James's NHS GP");
    }

    #[test]
    fn the_croydon_file_has_46_active_practices() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("data/practices/croydon_epraccur_2025.csv");
        let practices = read_epraccur(&path).unwrap();
        assert_eq!(practices.len(), 46);
        let norbury = practices.iter().find(|p| p.ods == "H83009").unwrap();
        assert_eq!(norbury.name, "Norbury Medical Practice");
        assert_eq!(norbury.postcode, "SW16 4NL");
        assert!(
            practices.iter().all(|p| p.ods != "H83002"),
            "closed practice kept"
        );
    }

    #[test]
    fn a_practice_file_that_is_not_epraccur_is_an_error_at_its_line() {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("practices.csv");
        std::fs::write(&path, "ods,name,postcode\n").unwrap();
        assert_eq!(
            error_text(&read_epraccur(&path).unwrap_err()),
            format!(
                "error: {}:1: expected the 27 columns of an NHS ODS epraccur file, found 3",
                path.display()
            )
        );
        let missing = temp.path().join("missing.csv");
        let e = read_epraccur(&missing).unwrap_err();
        assert!(matches!(e, Error::Read { .. }));
        assert!(
            error_text(&e).starts_with(&format!("error: cannot read {}: ", missing.display())),
            "{e}"
        );
    }

    #[test]
    fn a_site_id_that_cannot_be_a_folder_says_what_to_choose() {
        let text = |e: Error| error_text(&e);
        assert_eq!(
            text(Error::Reserved { id: "add".into() }),
            "error: the site id `add` is used by the sites' own folders\n\
             help: choose another id in signpost.toml"
        );
        assert_eq!(
            text(Error::NotASlug {
                id: "North_Croydon".into()
            }),
            "error: the site id `North_Croydon` cannot be used in addresses\n\
             help: use lower-case letters, digits and hyphens"
        );
        assert_eq!(
            text(Error::TwoSites { id: "x".into() }),
            "error: two sites have the id `x`"
        );
    }
}
