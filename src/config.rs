//! `signpost.toml`: the directory's title, addresses, data files and sites.
//!
//! Strict: an unknown key is an error naming the key, so a typo fails loudly instead of being
//! ignored. Paths in the file are relative to the directory root. This module only reads the
//! file; reading the data files it names is for `locate`, `sites` and `directory`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Help;

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
    /// Who publishes the directory (a council, a council for voluntary service): named, with
    /// how to reach them, in the accessibility statement and the privacy notice.
    #[serde(default)]
    pub publisher: Option<Publisher>,
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
    /// Bank holidays and school terms.
    #[serde(default)]
    pub calendar: CalendarConfig,
    /// Crisis help lines of this directory (a local crisis team), in the fields of
    /// `schema/search/crisis.yaml`: one with the id of a built-in line replaces it.
    #[serde(default)]
    pub crisis_lines: Vec<crate::analysis::crisis::Line>,
    /// What the output is shaped for: the host's redirects.
    #[serde(default)]
    pub output: OutputConfig,
}

/// The `[output]` section: how the addresses of the need pages published before the needs
/// became sections of a site's home page (`<site>/needs/<need>.html`) keep working.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    /// `"file"` (the default): one `_redirects` file, read by Netlify, Cloudflare Pages and
    /// GitLab Pages, sends them to `<site>/#<need>`. `"pages"`: a small page at each old
    /// address that sends the browser on, for hosts without redirects (GitHub Pages).
    #[serde(default)]
    pub redirects: Redirects,
}

/// How old need page addresses are sent on ([`OutputConfig::redirects`]; `signpost build
/// --redirects` overrides it for one build, e.g. a workflow publishing to GitHub Pages).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Redirects {
    /// One `_redirects` file at the top of the output.
    #[default]
    File,
    /// A page at each old address with `<meta http-equiv="refresh">` and a link.
    Pages,
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
    /// Where the Open Referral UK API (`signpost serve --api`) is published, e.g.
    /// `https://api.example.org`: the address its answers give for themselves (`openapi_url`).
    /// Without it (and without `--public-url`), the API names the loopback address it listens
    /// on; it never trusts the address a request says it was sent to (its `Host` header).
    #[serde(default)]
    pub api_url: Option<String>,
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
    /// The fallback team: GitHub users or teams (`jo-bloggs`, `@org/team`) who look after
    /// the listings that name no maintainer of their own. They approve changes to those
    /// listings (CODEOWNERS), get their reminders, and are written into listings the add form,
    /// `intake` or an importer makes without a GitHub user name. Empty: every listing must
    /// name a maintainer.
    #[serde(default)]
    pub maintainers: Vec<String>,
}

impl Support {
    /// The fallback team as CODEOWNERS and @-mentions write it: each with one `@`.
    pub fn mentions(&self) -> Vec<String> {
        self.maintainers
            .iter()
            .map(|m| format!("@{}", m.trim().trim_start_matches('@')))
            .collect()
    }
}

/// The `[calendar]` section: the days that change when groups meet. Bank holidays come from a
/// file in GOV.UK's `bank-holidays.json` format; school terms are written here, because no
/// licensed source of them was found for any council.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// GOV.UK's bank holidays (`https://www.gov.uk/bank-holidays.json`, saved as a file).
    #[serde(default)]
    pub bank_holidays: Option<PathBuf>,
    /// Which of the file's divisions: `england-and-wales` (the default), `scotland` or
    /// `northern-ireland`.
    #[serde(default = "default_division")]
    pub division: String,
    /// The school terms, each a stretch of teaching days (a half-term holiday ends one term
    /// and the next begins after it), in order. Term-time-only groups meet only in them.
    #[serde(default)]
    pub terms: Vec<Term>,
}

/// One stretch of school teaching days, first and last day included.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub start: toml::value::Datetime,
    pub end: toml::value::Datetime,
}

impl Term {
    /// The first and last days, when both are plain dates.
    pub fn dates(&self) -> Option<(jiff::civil::Date, jiff::civil::Date)> {
        let day = |d: &toml::value::Datetime| {
            let date = d.date.filter(|_| d.time.is_none() && d.offset.is_none())?;
            jiff::civil::Date::new(date.year as i16, date.month as i8, date.day as i8).ok()
        };
        Some((day(&self.start)?, day(&self.end)?))
    }
}

/// The `[publisher]` section: the organisation responsible for the published sites, which
/// the accessibility statement (Public Sector Bodies Accessibility Regulations 2018) and the
/// privacy notice name as the one to contact.
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// The organisation's name, e.g. "London Borough of Croydon".
    pub name: String,
    /// An email address for accessibility problems and privacy questions.
    #[serde(default)]
    pub email: Option<String>,
    /// Its website (http or https).
    #[serde(default)]
    pub url: Option<String>,
    /// When the accessibility statement was last reviewed (YYYY-MM-DD); without it, the
    /// statement says it was generated from signpost.toml at the build.
    #[serde(default)]
    pub reviewed: Option<String>,
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
fn default_division() -> String {
    "england-and-wales".into()
}

/// Why `signpost.toml` cannot be used: it cannot be read, or it says something Signpost cannot
/// build from. Each message names the key; the help line says what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file cannot be read (most often: signpost is not run in a directory repository).
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file at `path` has the problem `source`.
    #[error("{}: {source}", path.display())]
    In { path: PathBuf, source: Box<Error> },
    /// Not TOML, an unknown key (a typo), or a value of the wrong kind.
    #[error("{0}")]
    Toml(#[source] toml::de::Error),
    /// `[freshness]` months in the wrong order.
    #[error("[freshness] needs 0 < stale_months < expired_months")]
    Freshness,
    /// `[support] url` that is not a web address.
    #[error("[support] url = {url:?} is not a web address: write it with https://")]
    SupportUrl { url: String },
    /// `[support] email` that is not an email address.
    #[error("[support] email = {email:?} is not an email address: write it as name@example.org")]
    SupportEmail { email: String },
    /// `[publisher] url` that is not a web address.
    #[error("[publisher] url = {url:?} is not a web address: write it with https://")]
    PublisherUrl { url: String },
    /// `[publisher] email` that is not an email address.
    #[error("[publisher] email = {email:?} is not an email address: write it as name@example.org")]
    PublisherEmail { email: String },
    /// `[publisher] reviewed` that is not a date.
    #[error("[publisher] reviewed = {date:?} is not a date: write it as YYYY-MM-DD")]
    PublisherReviewed { date: String },
    /// `[support] maintainers` naming something that is not a GitHub user or team.
    #[error("[support] maintainers: {name:?} is not a GitHub user name or team")]
    SupportMaintainer { name: String },
    /// `[calendar] terms` that are not dates in order.
    #[error("[calendar] terms: {problem}")]
    Terms { problem: String },
    /// `[theme] colour` that cannot be used.
    #[error("{0}")]
    Theme(#[source] crate::brand::Error),
    /// A language in `languages` that the theme has no interface text in.
    #[error("the theme has no interface text in the language `{code}` named in signpost.toml")]
    Language { code: String },
    /// A language named twice in `languages`.
    #[error("the language `{code}` is named twice in signpost.toml")]
    LanguageTwice { code: String },
    /// `[open_data] api_url` that is not a web address.
    #[error("[open_data] api_url = {url:?} is not a web address: write it with https://")]
    ApiUrl { url: String },
}

impl Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::Read { .. } => {
                Some("run signpost in a directory repository, or pass --root DIR".into())
            }
            Error::In { source, .. } => source.help(),
            Error::Theme(e) => e.help(),
            Error::SupportMaintainer { .. } => {
                Some("write GitHub user names (`jo-bloggs`) or teams (`@organisation/team`)".into())
            }
            Error::Terms { .. } => Some(
                "write each term as `{ start = 2026-09-03, end = 2026-10-23 }`, in order".into(),
            ),
            Error::Language { code } => Some(format!(
                "use one of {}, or add themes/default/i18n/{code}.toml",
                crate::i18n::BUILTIN
                    .iter()
                    .map(|(code, _)| *code)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            _ => None,
        }
    }
}

impl Config {
    /// True when signpost.toml has what the gaps report needs, `[wards]` and `[insight]`:
    /// `signpost build` then publishes it at `<borough-wide site>/insight/`, and the
    /// borough-wide site's home page links to it.
    pub fn has_gaps_report(&self) -> bool {
        self.wards.is_some() && self.insight.is_some()
    }

    /// Reads `signpost.toml` from the directory root.
    pub fn load(root: &Path) -> Result<Config, Error> {
        let path = root.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(source) => return Err(Error::Read { path, source }),
        };
        Config::parse(&text).map_err(|e| Error::In {
            path,
            source: Box::new(e),
        })
    }

    /// Reads the text of a `signpost.toml` and checks what serde cannot: the `[freshness]`
    /// months, `[support]`, `[open_data] api_url`, `[theme] colour` and `languages`.
    pub fn parse(text: &str) -> Result<Config, Error> {
        let config: Config = toml::from_str(text).map_err(Error::Toml)?;
        if config.freshness.stale_months <= 0
            || config.freshness.expired_months <= config.freshness.stale_months
        {
            return Err(Error::Freshness);
        }
        if let Some(s) = &config.support {
            if !is_web(&s.url) {
                return Err(Error::SupportUrl { url: s.url.clone() });
            }
            if let Some(e) = &s.email
                && !crate::text::is_email(e)
            {
                return Err(Error::SupportEmail { email: e.clone() });
            }
            if let Some(m) = s.maintainers.iter().find(|m| !is_github_owner(m)) {
                return Err(Error::SupportMaintainer { name: m.clone() });
            }
        }
        if let Some(p) = &config.publisher {
            if let Some(url) = p.url.as_deref().filter(|u| !is_web(u)) {
                return Err(Error::PublisherUrl {
                    url: url.to_string(),
                });
            }
            if let Some(e) = p.email.as_deref().filter(|e| !crate::text::is_email(e)) {
                return Err(Error::PublisherEmail {
                    email: e.to_string(),
                });
            }
            if let Some(d) = p.reviewed.as_deref()
                && d.parse::<jiff::civil::Date>().is_err()
            {
                return Err(Error::PublisherReviewed {
                    date: d.to_string(),
                });
            }
        }
        if let Some(url) = config.open_data.as_ref().and_then(|o| o.api_url.as_deref())
            && !crate::text::is_base_url(url)
        {
            return Err(Error::ApiUrl { url: url.into() });
        }
        check_terms(&config.calendar.terms)?;
        if let Some(colour) = config.theme.as_ref().and_then(|t| t.colour.as_deref()) {
            crate::brand::check_colour(colour).map_err(Error::Theme)?;
        }
        let known: Vec<&str> = crate::i18n::BUILTIN.iter().map(|(code, _)| *code).collect();
        for (k, code) in config.languages.iter().enumerate() {
            if !known.contains(&code.as_str()) {
                return Err(Error::Language { code: code.clone() });
            }
            if config.languages[..k].contains(code) {
                return Err(Error::LanguageTwice { code: code.clone() });
            }
        }
        Ok(config)
    }

    /// The fallback team (`[support] maintainers`), or nothing.
    pub fn fallback_team(&self) -> &[String] {
        self.support
            .as_ref()
            .map_or(&[][..], |s| s.maintainers.as_slice())
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

/// Whether `url` is an http(s) address.
fn is_web(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// A GitHub user name or a team, `organisation/team`, with or without the `@`.
fn is_github_owner(name: &str) -> bool {
    let name = name.trim().trim_start_matches('@');
    match name.split_once('/') {
        None => crate::text::is_github_handle(name),
        Some((org, team)) => {
            crate::text::is_github_handle(org)
                && !team.is_empty()
                && team.len() <= 100
                && team
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        }
    }
}

/// Terms are plain dates, each ending on or after it starts and after the one before ends.
fn check_terms(terms: &[Term]) -> Result<(), Error> {
    let mut last_end: Option<jiff::civil::Date> = None;
    for term in terms {
        let problem = |what: &str| Error::Terms {
            problem: format!("the term {} to {} {what}", term.start, term.end),
        };
        let (start, end) = term.dates().ok_or_else(|| problem("is not two dates"))?;
        if end < start {
            return Err(problem("ends before it starts"));
        }
        if last_end.is_some_and(|before| start <= before) {
            return Err(problem("starts before the term before it ends"));
        }
        last_end = Some(end);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::error_text;

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
        assert!(matches!(e, Error::Toml(_)), "{e}");
        assert!(e.to_string().contains("walk_minuts"), "{e}");
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
    fn publisher_is_strict_and_only_its_name_is_required() {
        let c = Config::parse(&format!(
            "{MINIMAL}[publisher]\nname = \"A Council\"\nemail = \"web@council.example.org\"\nreviewed = \"2026-09-01\"\n"
        ))
        .unwrap();
        let p = c.publisher.unwrap();
        assert_eq!(p.name, "A Council");
        assert_eq!(p.url, None);
        for bad in [
            "name = \"C\"\nurl = \"council.example.org\"\n",
            "name = \"C\"\nemail = \"not an email\"\n",
            "name = \"C\"\nreviewed = \"1 September\"\n",
            "name = \"C\"\nphone = \"1\"\n",
            "email = \"web@council.example.org\"\n",
        ] {
            assert!(
                Config::parse(&format!("{MINIMAL}[publisher]\n{bad}")).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_fallback_team_names_github_users_or_teams() {
        let with = |team: &str| {
            Config::parse(&format!(
                "{MINIMAL}[support]\nname = \"CVS\"\nurl = \"https://x.org/\"\nmaintainers = {team}\n"
            ))
        };
        let c = with("[\"@croydon-cva/listings\", \"jo-bloggs\"]").unwrap();
        assert_eq!(c.fallback_team(), ["@croydon-cva/listings", "jo-bloggs"]);
        assert_eq!(
            c.support.unwrap().mentions(),
            ["@croydon-cva/listings", "@jo-bloggs"]
        );
        assert!(Config::parse(MINIMAL).unwrap().fallback_team().is_empty());
        for bad in ["[\"jo bloggs\"]", "[\"org/\"]", "[\"-x\"]", "[\"a/b/c\"]"] {
            let e = with(bad).unwrap_err();
            assert!(matches!(e, Error::SupportMaintainer { .. }), "{bad}: {e}");
        }
    }

    #[test]
    fn terms_are_dates_in_order() {
        let with =
            |terms: &str| Config::parse(&format!("{MINIMAL}[calendar]\nterms = [{terms}]\n"));
        let c = with(
            "{ start = 2026-09-03, end = 2026-10-23 }, { start = 2026-11-02, end = 2026-12-18 }",
        )
        .unwrap();
        assert_eq!(c.calendar.division, "england-and-wales");
        assert_eq!(
            c.calendar.terms[1].dates(),
            Some((
                jiff::civil::date(2026, 11, 2),
                jiff::civil::date(2026, 12, 18)
            ))
        );
        for bad in [
            "{ start = 2026-10-23, end = 2026-09-03 }",
            "{ start = 2026-09-03, end = 2026-10-23 }, { start = 2026-10-01, end = 2026-12-18 }",
            "{ start = 2026-09-03T09:00:00, end = 2026-10-23 }",
        ] {
            let e = with(bad).unwrap_err();
            assert!(matches!(e, Error::Terms { .. }), "{bad}: {e}");
            assert!(error_text(&e).contains("\nhelp: write each term as"), "{e}");
        }
        assert!(matches!(
            with("{ start = \"2026-09-03\", end = 2026-10-23 }"),
            Err(Error::Toml(_))
        ));
    }

    #[test]
    fn a_theme_colour_too_light_for_text_is_an_error_naming_the_key() {
        let ok = Config::parse(&format!("{MINIMAL}[theme]\ncolour = \"#007f3b\"\n")).unwrap();
        assert_eq!(ok.theme.unwrap().colour.as_deref(), Some("#007f3b"));
        let e = Config::parse(&format!("{MINIMAL}[theme]\ncolour = \"#ffb81c\"\n")).unwrap_err();
        let text = error_text(&e);
        assert!(text.starts_with("error: `[theme] colour`"), "{text}");
        assert!(text.contains("\nhelp: choose a darker shade"), "{text}");
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
            error_text(&e).starts_with("error: the theme has no interface text in the language `xx` named in signpost.toml\nhelp: use one of en, "),
            "{e}"
        );
        let e =
            Config::parse(&format!("languages = [\"en\", \"pl\", \"en\"]\n{MINIMAL}")).unwrap_err();
        assert_eq!(
            error_text(&e),
            "error: the language `en` is named twice in signpost.toml"
        );
    }

    #[test]
    fn a_config_that_cannot_be_read_or_used_names_the_file_and_says_what_to_do() {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join(FILE);
        let e = Config::load(temp.path()).unwrap_err();
        assert!(
            matches!(&e, Error::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
        );
        let text = error_text(&e);
        assert!(
            text.starts_with(&format!("error: cannot read {}: ", path.display())),
            "{text}"
        );
        assert!(
            text.ends_with("\nhelp: run signpost in a directory repository, or pass --root DIR"),
            "{text}"
        );
        std::fs::write(&path, format!("{MINIMAL}[freshness]\nstale_months = 12\n")).unwrap();
        assert_eq!(
            error_text(&Config::load(temp.path()).unwrap_err()),
            format!(
                "error: {}: [freshness] needs 0 < stale_months < expired_months",
                path.display()
            )
        );
        std::fs::write(&path, format!("languages = [\"xx\"]\n{MINIMAL}")).unwrap();
        let e = Config::load(temp.path()).unwrap_err();
        let Error::In { source, .. } = &e else {
            panic!("{e:?}")
        };
        assert!(matches!(**source, Error::Language { .. }), "{e:?}");
        assert_eq!(
            error_text(&e),
            format!(
                "error: {}: the theme has no interface text in the language `xx` named in \
                 signpost.toml\nhelp: use one of en, so, ar, bn, ur, pl, or add \
                 themes/default/i18n/xx.toml",
                path.display()
            )
        );
    }
}
