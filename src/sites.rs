//! The sites a directory publishes: one per active GP practice (from the NHS ODS `epraccur`
//! file, exactly as NHS England publishes it), plus the extra sites named in `signpost.toml`.
//!
//! This module turns configuration and the practice file into located [`Site`]s. Choosing
//! which listings each site shows is `select`'s job.

use std::path::Path;

use crate::config::Config;
use crate::locate::Gazetteer;
use crate::place::{LatLon, Postcode};

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

/// Reads an `epraccur` file (CSV, no header row, 27 columns) and keeps the active GP
/// practices: status `A` (column 13) and prescribing setting `4` (column 26).
pub fn read_epraccur(path: &Path) -> Result<Vec<Practice>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        if row.len() < 26 {
            return Err(format!(
                "{}:{}: expected the 27 columns of an NHS ODS epraccur file, found {}",
                path.display(),
                i + 1,
                row.len()
            ));
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
) -> Result<(Vec<Site>, Vec<String>), String> {
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
        let postcode: Postcode = extra
            .postcode
            .parse()
            .map_err(|e| format!("site `{}` in signpost.toml: {e}", extra.id))?;
        let place = gazetteer.lookup(&postcode).ok_or_else(|| {
            format!(
                "site `{}` in signpost.toml: the postcode {postcode} is not in the postcode files",
                extra.id
            )
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
        if !seen.insert(site.id.as_str()) {
            return Err(format!("two sites have the id `{}`", site.id));
        }
        if !crate::text::is_slug(&site.id) {
            return Err(format!(
                "the site id `{}` cannot be used in addresses\nhelp: use lower-case letters, digits and hyphens",
                site.id
            ));
        }
        if RESERVED.contains(&site.id.as_str()) {
            return Err(format!(
                "the site id `{}` is used by the sites' own folders\nhelp: choose another id in signpost.toml",
                site.id
            ));
        }
    }
    let languages = config.built_languages();
    if let Some(site) = sites.iter().find(|s| languages.contains(&s.id.as_str())) {
        return Err(format!(
            "the site id `{}` is the code of a language the sites are built in\nhelp: choose another id in signpost.toml",
            site.id
        ));
    }
    Ok((sites, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
