//! `signpost.toml`: the directory's title, addresses, data files and sites.
//!
//! Strict: an unknown key is an error naming the key, so a typo fails loudly instead of being
//! ignored. Paths in the file are relative to the directory root. This module only reads the
//! file; reading the data files it names is for `locate`, `sites` and `directory`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The name of the configuration file at the directory root.
pub const FILE: &str = "signpost.toml";

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The directory's title, e.g. "Signpost Croydon".
    pub title: String,
    /// The area it covers, e.g. "Croydon".
    pub area: String,
    /// Where the sites are published, e.g. "https://signpost.example.org/".
    pub base_url: String,
    /// The git repository that holds the listings (for "Edit this listing" links).
    #[serde(default)]
    pub repository: Option<String>,
    /// Folder of listing files.
    #[serde(default = "default_listings")]
    pub listings: PathBuf,
    /// Folder for caches (postcode tables, search indexes).
    #[serde(default = "default_cache")]
    pub cache: PathBuf,
    /// A Markdown file with the data attribution the sites must display.
    #[serde(default)]
    pub attribution: Option<PathBuf>,
    pub postcodes: Postcodes,
    #[serde(default)]
    pub wards: Option<Wards>,
    #[serde(default)]
    pub freshness: Freshness,
    #[serde(default)]
    pub practices: Option<Practices>,
    /// The licence the open data (export, `api/`) is published under.
    #[serde(default)]
    pub open_data: Option<OpenData>,
    /// Deprivation data for the gaps report (`signpost gaps`).
    #[serde(default)]
    pub insight: Option<Insight>,
    /// The local infrastructure organisation that helps groups get listed (the "Add your
    /// group" page sends people there when they do not use GitHub).
    #[serde(default)]
    pub support: Option<Support>,
    /// Extra sites: a council, a primary care network.
    #[serde(default)]
    pub sites: Vec<ExtraSite>,
    /// The interface languages the sites are built in (ISO 639-1 codes), the first being the
    /// default at the top of the output and each other under `<code>/`. Empty: every language
    /// the theme has.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Re-branding: a house colour and a logo ([`crate::brand`]).
    #[serde(default)]
    pub theme: Option<ThemeConfig>,
    /// Crisis help lines of this directory (a local crisis team), in the fields of
    /// `schema/search/crisis.yaml`: one with the id of a built-in line replaces it.
    #[serde(default)]
    pub crisis_lines: Vec<crate::analysis::crisis::Line>,
}

/// The `[theme]` section: what a directory changes in the default theme without copying it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    /// The main colour, `#rrggbb`, dark enough for white text on it and for links
    /// ([`crate::brand::check_colour`]).
    #[serde(default)]
    pub colour: Option<String>,
    /// A logo (SVG, PNG, …) shown in the header of every page.
    #[serde(default)]
    pub logo: Option<PathBuf>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Postcodes {
    /// CSV files in ONS Postcode Directory layout (OSGB36 grid) or with latitude/longitude
    /// columns; earlier files win for coordinates, any file can mark a postcode terminated.
    pub files: Vec<PathBuf>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wards {
    /// A GeoJSON file of ward boundaries.
    pub file: PathBuf,
    /// The property that holds the ward's name.
    #[serde(default = "default_ward_name")]
    pub name_field: String,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Freshness {
    /// Months after `reviewed` when a listing shows "may be out of date".
    #[serde(default = "default_stale")]
    pub stale_months: i32,
    /// Months after which a listing is left out of the sites.
    #[serde(default = "default_expired")]
    pub expired_months: i32,
}

impl Default for Freshness {
    fn default() -> Self {
        Freshness {
            stale_months: default_stale(),
            expired_months: default_expired(),
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenData {
    /// The licence's name, e.g. "Open Government Licence v3.0".
    pub licence: String,
    /// Where its text is published.
    pub licence_url: String,
}

/// The `[support]` section: who helps groups that do not use GitHub, e.g. a council for
/// voluntary service.
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Support {
    /// The organisation's name, e.g. "Croydon Voluntary Action".
    pub name: String,
    /// Its website (http or https).
    pub url: String,
    /// An email address groups can send their listing to; without it, people are sent to
    /// the website.
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practices {
    /// The NHS ODS `epraccur` file as published (CSV, no header row).
    pub file: PathBuf,
    /// Walking radius of a practice site, in minutes.
    #[serde(default = "default_walk")]
    pub walk_minutes: u32,
}

/// The `[insight]` section: where the gaps report finds deprivation data.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Insight {
    /// GeoJSON LSOA boundaries in OSGB36 / British National Grid (EPSG:27700).
    pub lsoa_file: PathBuf,
    /// The property that holds the LSOA code.
    #[serde(default = "default_lsoa_code_field")]
    pub lsoa_code_field: String,
    /// English Indices of Deprivation 2019 by LSOA (CSV with the official column names).
    pub imd_file: PathBuf,
    /// Optional ward-level summary (GLA "ward ID2019 summary measures", CSV); when given, its
    /// `IMD average score` is the ward's deprivation score.
    #[serde(default)]
    pub ward_summary: Option<PathBuf>,
    /// Walking radius around a ward's centroid, in minutes (default: the practices' radius).
    #[serde(default)]
    pub walk_minutes: Option<u32>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraSite {
    /// Used in the site's address: lower-case letters, digits and hyphens.
    pub id: String,
    pub name: String,
    pub postcode: String,
    #[serde(default = "default_walk")]
    pub walk_minutes: u32,
    /// A borough-wide site lists every listing, nearest first.
    #[serde(default)]
    pub borough_wide: bool,
}

fn default_listings() -> PathBuf {
    PathBuf::from("listings")
}
fn default_cache() -> PathBuf {
    PathBuf::from(".signpost-cache")
}
fn default_ward_name() -> String {
    "NAME".into()
}
fn default_lsoa_code_field() -> String {
    "LSOA11CD".into()
}
fn default_stale() -> i32 {
    6
}
fn default_expired() -> i32 {
    12
}
fn default_walk() -> u32 {
    20
}

impl Config {
    /// Reads `signpost.toml` from the directory root.
    pub fn load(root: &Path) -> Result<Config, String> {
        let path = root.join(FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "cannot read {}: {e}\nhelp: run signpost in a directory repository, or pass --root DIR",
                path.display()
            )
        })?;
        Config::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        if config.freshness.stale_months <= 0
            || config.freshness.expired_months <= config.freshness.stale_months
        {
            return Err("[freshness] needs 0 < stale_months < expired_months".to_string());
        }
        if let Some(s) = &config.support {
            if !(s.url.starts_with("https://") || s.url.starts_with("http://")) {
                return Err(format!(
                    "[support] url = {:?} is not a web address: write it with https://",
                    s.url
                ));
            }
            if let Some(e) = &s.email
                && !crate::text::is_email(e)
            {
                return Err(format!(
                    "[support] email = {e:?} is not an email address: write it as name@example.org"
                ));
            }
        }
        if let Some(colour) = config.theme.as_ref().and_then(|t| t.colour.as_deref()) {
            crate::brand::check_colour(colour)?;
        }
        let known: Vec<&str> = crate::i18n::BUILTIN.iter().map(|(code, _)| *code).collect();
        for (k, code) in config.languages.iter().enumerate() {
            if !known.contains(&code.as_str()) {
                return Err(format!(
                    "the theme has no interface text in the language `{code}` named in signpost.toml\nhelp: use one of {}, or add themes/default/i18n/{code}.toml",
                    known.join(", ")
                ));
            }
            if config.languages[..k].contains(code) {
                return Err(format!(
                    "the language `{code}` is named twice in signpost.toml"
                ));
            }
        }
        Ok(config)
    }

    /// The interface languages the sites are built in, the default first: `languages`, or
    /// when it names none, every language Signpost has interface text for
    /// ([`crate::i18n::BUILTIN`], English first).
    pub fn built_languages(&self) -> Vec<&str> {
        match self.languages.is_empty() {
            true => crate::i18n::BUILTIN.iter().map(|(code, _)| *code).collect(),
            false => self.languages.iter().map(String::as_str).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title = \"T\"\narea = \"A\"\nbase_url = \"https://x.org/\"\n[postcodes]\nfiles = [\"p.csv\"]\n";

    #[test]
    fn defaults_apply() {
        let c = Config::parse(MINIMAL).unwrap();
        assert_eq!(c.listings, PathBuf::from("listings"));
        assert_eq!(c.freshness.stale_months, 6);
        assert_eq!(c.freshness.expired_months, 12);
    }

    #[test]
    fn unknown_keys_are_errors() {
        let e = Config::parse(&format!(
            "{MINIMAL}[practices]\nfile = \"e.csv\"\nwalk_minuts = 5\n"
        ))
        .unwrap_err();
        assert!(e.contains("walk_minuts"), "{e}");
    }

    #[test]
    fn support_is_strict_and_its_email_optional() {
        let c = Config::parse(&format!(
            "{MINIMAL}[support]\nname = \"CVS\"\nurl = \"https://cvs.example.org/\"\n"
        ))
        .unwrap();
        let s = c.support.unwrap();
        assert_eq!((s.name.as_str(), s.email), ("CVS", None));
        for bad in [
            "name = \"CVS\"\nurl = \"cvs.example.org\"\n",
            "name = \"CVS\"\nurl = \"https://x.org/\"\nemail = \"not an email\"\n",
            "name = \"CVS\"\nurl = \"https://x.org/\"\nphone = \"1\"\n",
            "url = \"https://x.org/\"\n",
        ] {
            assert!(
                Config::parse(&format!("{MINIMAL}[support]\n{bad}")).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_theme_colour_too_light_for_text_is_an_error_naming_the_key() {
        let ok = Config::parse(&format!("{MINIMAL}[theme]\ncolour = \"#007f3b\"\n")).unwrap();
        assert_eq!(ok.theme.unwrap().colour.as_deref(), Some("#007f3b"));
        let e = Config::parse(&format!("{MINIMAL}[theme]\ncolour = \"#ffb81c\"\n")).unwrap_err();
        assert!(e.contains("`[theme] colour`"), "{e}");
    }

    #[test]
    fn languages_are_ones_with_interface_text_each_named_once() {
        let c = Config::parse(MINIMAL).unwrap();
        assert_eq!(c.built_languages()[0], "en");
        assert_eq!(c.built_languages().len(), crate::i18n::BUILTIN.len());
        let c = Config::parse(&format!("languages = [\"pl\", \"en\"]\n{MINIMAL}")).unwrap();
        assert_eq!(c.built_languages(), ["pl", "en"]);
        let e = Config::parse(&format!("languages = [\"en\", \"xx\"]\n{MINIMAL}")).unwrap_err();
        assert!(
            e.starts_with("the theme has no interface text in the language `xx` named in signpost.toml\nhelp: use one of en, "),
            "{e}"
        );
        let e =
            Config::parse(&format!("languages = [\"en\", \"pl\", \"en\"]\n{MINIMAL}")).unwrap_err();
        assert_eq!(e, "the language `en` is named twice in signpost.toml");
    }
}
