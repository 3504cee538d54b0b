//! The load phase: a directory repository on disk → a validated, located [`Directory`] and
//! every problem found on the way.
//!
//! It runs the stages in order — find and parse the listing files (`listing`), validate each
//! (`validate`), look its postcodes up (`locate`), check across listings — in parallel over
//! files, and keeps going past bad listings: a listing with errors is left out and reported,
//! the others are kept. Producing output from a `Directory` is for later stages.

use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Help, Pos};
use crate::history::{self, Confirmed, ConfirmedBy, RepoHistory};
use crate::listing::{self, Loaded};
use crate::locate::Gazetteer;
use crate::model::Listing;
use crate::place::{LatLon, Postcode};
use crate::schedule::{Calendar, CalendarError};
use crate::sites::{self, Site};
use crate::validate::{self, Rules};
use crate::vocab::Vocabularies;
use crate::wards::Wards;

/// Everything the later stages need.
pub struct Directory {
    pub root: PathBuf,
    pub config: Config,
    pub vocab: Vocabularies,
    pub gazetteer: Gazetteer,
    /// The wards of the area (`[wards]`), read once: names and outlines.
    pub wards: Wards,
    pub sites: Vec<Site>,
    /// Listings without errors, every venue located, sorted by id. Includes listings that are
    /// too old to publish: see [`Directory::is_expired`].
    pub listings: Vec<Listing>,
    /// The data attribution every page and open-data file shows (`attribution` in
    /// signpost.toml, Markdown), read once.
    pub attribution: Option<String>,
    /// `[theme] logo`, checked and read once: its file name and bytes.
    pub logo: Option<(String, Vec<u8>)>,
    /// The bank holidays (`[calendar] bank_holidays`) and school terms, read once.
    pub calendar: Calendar,
    /// The date freshness is measured against.
    pub today: Date,
    /// Git history of the listing files; `None` when the directory is not in a git repository
    /// (freshness then comes from `reviewed` alone).
    pub history: Option<RepoHistory>,
}

/// The result of loading: the directory, the problems, and some counts for the summary.
pub struct Outcome {
    pub directory: Directory,
    pub diagnostics: Vec<Diagnostic>,
    /// Listing files found.
    pub files: usize,
    /// Problems with the sites configuration that do not stop a build.
    pub notes: Vec<String>,
}

/// What to load.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only these files or folders (relative to the root or absolute); default: the listings folder.
    pub paths: Vec<PathBuf>,
    /// The date to measure freshness against; default today (or `SIGNPOST_TODAY`).
    pub today: Option<Date>,
}

/// Why a directory cannot be loaded at all: its configuration, vocabularies, postcode, ward,
/// attribution, logo or practice files cannot be used, or there are no listings to read.
/// Each layer's error is kept whole as the source, so its help line is printed too.
/// Problems in listings are not errors: they are the [`Outcome`]'s diagnostics.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Config(#[from] crate::config::Error),
    #[error("{0}")]
    Vocab(#[from] crate::vocab::Error),
    /// `SIGNPOST_TODAY` that is not a date.
    #[error("SIGNPOST_TODAY={value:?} is not a YYYY-MM-DD date: {source}")]
    Today { value: String, source: jiff::Error },
    #[error("{0}")]
    Locate(#[from] crate::locate::LocateError),
    #[error("{0}")]
    Wards(#[from] crate::wards::Error),
    /// The `attribution` file cannot be read.
    #[error("cannot read the attribution file {}: {source}", path.display())]
    Attribution {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The `[calendar] bank_holidays` file cannot be read.
    #[error("cannot read the bank holidays file {}: {source}", path.display())]
    BankHolidaysFile {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The `[calendar] bank_holidays` file is not GOV.UK's list.
    #[error("cannot use the bank holidays file {}: {source}", path.display())]
    BankHolidays {
        path: PathBuf,
        source: CalendarError,
    },
    #[error("{0}")]
    Brand(#[from] crate::brand::Error),
    #[error("{0}")]
    Sites(#[from] crate::sites::Error),
    /// No listings folder (and no paths given).
    #[error("there is no listings folder at {}", dir.display())]
    NoListings { dir: PathBuf },
    /// A path given to load that is neither a file nor a folder.
    #[error("{} does not exist", path.display())]
    Missing { path: PathBuf },
}

impl Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::Config(e) => e.help(),
            Error::Vocab(e) => e.help(),
            Error::Locate(e) => e.help(),
            Error::Wards(e) => e.help(),
            Error::Brand(e) => e.help(),
            Error::Sites(e) => e.help(),
            Error::Attribution { .. } => Some("fix `attribution` in signpost.toml".into()),
            Error::BankHolidaysFile { .. } => {
                Some("fix `[calendar] bank_holidays` in signpost.toml".into())
            }
            Error::BankHolidays { source, .. } => source.help(),
            Error::NoListings { .. } => {
                Some("create it, or set `listings` in signpost.toml".into())
            }
            Error::Today { .. } | Error::Missing { .. } => None,
        }
    }
}

/// Today's date: `SIGNPOST_TODAY` (YYYY-MM-DD) when set, so that tests and reproducible builds
/// do not depend on the clock; otherwise the system date.
pub fn today() -> Result<Date, Error> {
    match std::env::var("SIGNPOST_TODAY") {
        Ok(value) => value
            .parse()
            .map_err(|source| Error::Today { value, source }),
        Err(_) => Ok(jiff::Zoned::now().date()),
    }
}

/// Loads the directory at `root`. Fails only when the directory itself cannot be used (no
/// config, unreadable postcode files); problems in listings are returned as diagnostics.
pub fn load(root: &Path, options: &Options) -> Result<Outcome, Error> {
    let started = Instant::now();
    let config = Config::load(root)?;
    let vocab = Vocabularies::load(root)?;
    let today = match options.today {
        Some(d) => d,
        None => today()?,
    };
    let postcode_files: Vec<PathBuf> = config
        .postcodes
        .files
        .iter()
        .map(|f| root.join(f))
        .collect();
    let cache = root.join(&config.cache);
    let gazetteer = Gazetteer::load(&postcode_files, &cache.join("postcodes"))?;
    crate::timing::phase("postcodes", started);
    let started = Instant::now();
    let wards = match &config.wards {
        Some(w) => Wards::load(root, w)?,
        None => Wards::default(),
    };
    let attribution = read_attribution(root, &config)?;
    let calendar = read_calendar(root, &config)?;
    let logo = match config.theme.as_ref().and_then(|t| t.logo.as_deref()) {
        Some(file) => Some(crate::brand::read_logo(root, file)?),
        None => None,
    };
    let (sites, mut notes) = sites::load(root, &config, &gazetteer)?;
    notes.extend(gazetteer.warnings().iter().cloned());
    crate::timing::phase("wards, attribution, logo, sites", started);
    // `history::read` times itself.
    let history = read_history(root, &config, &cache, &mut notes);

    let started = Instant::now();
    let listing::Found { files, problems } = find_files(root, &config, &options.paths)?;
    crate::timing::phase("find", started);
    let rules = Rules {
        vocab: &vocab,
        wards: &wards.names,
        today,
        fallback_team: !config.fallback_team().is_empty(),
    };
    let freshness = Freshness {
        today,
        stale_months: config.freshness.stale_months,
        expired_months: config.freshness.expired_months,
        history: history.as_ref(),
    };
    let (listings, mut diagnostics) = check_all(root, &files, &rules, &freshness, &gazetteer);
    if !problems.is_empty() {
        diagnostics.extend(problems);
        diagnostics.sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
    }
    diagnostics.extend(calendar_ending(&config, &calendar, today));
    Ok(Outcome {
        directory: Directory {
            root: root.to_path_buf(),
            config,
            vocab,
            gazetteer,
            wards,
            attribution,
            logo,
            calendar,
            sites,
            listings,
            today,
            history,
        },
        diagnostics,
        files: files.len(),
        notes,
    })
}

/// The data attribution named by `attribution` in signpost.toml, if any.
fn read_attribution(root: &Path, config: &Config) -> Result<Option<String>, Error> {
    let Some(file) = &config.attribution else {
        return Ok(None);
    };
    let path = root.join(file);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(source) => Err(Error::Attribution { path, source }),
    }
}

/// The bank holidays of `[calendar] bank_holidays` (GOV.UK's file) and the terms of
/// `[calendar] terms`; empty without them.
fn read_calendar(root: &Path, config: &Config) -> Result<Calendar, Error> {
    let c = &config.calendar;
    let bank_holidays = match &c.bank_holidays {
        None => Vec::new(),
        Some(file) => {
            let path = root.join(file);
            let text =
                std::fs::read_to_string(&path).map_err(|source| Error::BankHolidaysFile {
                    path: path.clone(),
                    source,
                })?;
            Calendar::bank_holidays_from_govuk(&text, &c.division)
                .map_err(|source| Error::BankHolidays { path, source })?
        }
    };
    Ok(Calendar {
        bank_holidays,
        terms: c.terms.iter().filter_map(|t| t.dates()).collect(),
    })
}

/// W007 when the bank holidays end within 12 months of `today`, or the school terms within 3
/// months: after that, no day is skipped, so the pages would send people to closed doors.
fn calendar_ending(config: &Config, calendar: &Calendar, today: Date) -> Vec<Diagnostic> {
    let within = |months: i64| today.checked_add(jiff::Span::new().months(months)).ok();
    let mut out = Vec::new();
    if let (Some(file), Some(last)) = (
        &config.calendar.bank_holidays,
        calendar.bank_holidays_until(),
    ) && within(12).is_some_and(|limit| last <= limit)
    {
        out.push(
            Diagnostic::new(
                Code::CalendarEnding,
                file,
                Pos::new(1, 1),
                format!("the bank holidays list ends on {last}, within 12 months"),
            )
            .help(
                "save https://www.gov.uk/bank-holidays.json over this file (the README says how)",
            ),
        );
    }
    if let Some((_, last)) = calendar.terms.last()
        && within(3).is_some_and(|limit| *last <= limit)
    {
        out.push(
            Diagnostic::new(
                Code::CalendarEnding,
                Path::new(crate::config::FILE),
                Pos::new(1, 1),
                format!("the school terms in [calendar] end on {last}, within 3 months"),
            )
            .help("add the next school year's terms to `[calendar] terms`"),
        );
    }
    out
}

/// The git history of the listings folder, when there is one. Why there is none, or why it is
/// incomplete, becomes a note: freshness then comes from the listings' `reviewed` dates.
fn read_history(
    root: &Path,
    config: &Config,
    cache: &Path,
    notes: &mut Vec<String>,
) -> Option<RepoHistory> {
    match history::read(root, &config.listings, Some(cache)) {
        Ok(Some(h)) => {
            if h.shallow {
                notes.push(
                    "the git repository is a shallow clone, so older changes are missing: \
                     fetch the whole history (in GitHub Actions, `fetch-depth: 0`)"
                        .into(),
                );
            }
            Some(h)
        }
        Ok(None) => {
            notes.push(
                "not a git repository: freshness comes from each listing's `reviewed` date alone"
                    .into(),
            );
            None
        }
        Err(e) => {
            notes.push(format!("{e}: freshness comes from `reviewed` alone"));
            None
        }
    }
}

/// Every listing file through [`check_file`] in parallel, then the checks across listings:
/// the listings without errors sorted by id, and every problem sorted by file and position.
fn check_all(
    root: &Path,
    files: &[PathBuf],
    rules: &Rules,
    freshness: &Freshness,
    gazetteer: &Gazetteer,
) -> (Vec<Listing>, Vec<Diagnostic>) {
    let started = Instant::now();
    let results: Vec<(Option<Loaded>, Option<Listing>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|file| check_file(root, file, rules, freshness, gazetteer))
        .collect();
    crate::timing::phase("listings", started);

    let mut diagnostics = Vec::new();
    let mut loaded = Vec::new();
    let mut listings = Vec::new();
    for (l, listing, diags) in results {
        diagnostics.extend(diags);
        if let Some(l) = l {
            loaded.push(l);
        }
        if let Some(listing) = listing {
            listings.push(listing);
        }
    }
    let started = Instant::now();
    let cross = validate::across(&loaded);
    let rejected: std::collections::HashSet<&Path> =
        cross.iter().map(|d| d.file.as_path()).collect();
    listings.retain(|l| !rejected.contains(l.path.as_path()));
    diagnostics.extend(cross);
    diagnostics.sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
    listings.sort_by(|a, b| a.id.cmp(&b.id));
    crate::timing::phase("across", started);
    (listings, diagnostics)
}

/// The listing files to load, relative to the root where possible, and the problems with
/// what else is in the folders (see [`listing::scan`]). A path given that is a link, a FIFO or
/// any other file is loaded as a listing, and loading says what is wrong with it.
fn find_files(root: &Path, config: &Config, paths: &[PathBuf]) -> Result<listing::Found, Error> {
    if paths.is_empty() {
        let dir = root.join(&config.listings);
        if !dir.is_dir() {
            return Err(Error::NoListings { dir });
        }
        return Ok(listing::scan(root, &dir));
    }
    let mut out = listing::Found::default();
    for p in paths {
        let full = if p.is_absolute() {
            p.clone()
        } else {
            root.join(p)
        };
        match std::fs::symlink_metadata(&full) {
            Ok(meta) if meta.is_dir() => {
                let found = listing::scan(root, &full);
                out.files.extend(found.files);
                out.problems.extend(found.problems);
            }
            Ok(_) => out.files.push(
                full.strip_prefix(root)
                    .map(Path::to_path_buf)
                    .unwrap_or(full),
            ),
            Err(_) => return Err(Error::Missing { path: full }),
        }
    }
    out.files.sort();
    out.files.dedup();
    out.problems.dedup();
    Ok(out)
}

/// One file through parse, validate and locate. A panic while reading or checking the file (a
/// bug in Signpost) becomes that file's error: the other listings are still checked and
/// published, and the run goes on.
fn check_file(
    root: &Path,
    file: &Path,
    rules: &Rules,
    freshness: &Freshness,
    gazetteer: &Gazetteer,
) -> (Option<Loaded>, Option<Listing>, Vec<Diagnostic>) {
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        match listing::load(root, file) {
            Ok(l) => check_loaded(l, rules, freshness, gazetteer),
            Err(d) => (None, None, vec![d]),
        }
    }));
    checked.unwrap_or_else(|panic| (None, None, vec![internal_error(file, panic.as_ref())]))
}

/// The diagnostic for a listing whose checking panicked: the panic's message, and what to do.
fn internal_error(file: &Path, panic: &(dyn std::any::Any + Send)) -> Diagnostic {
    let why = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    Diagnostic::new(
        Code::Internal,
        file,
        crate::diagnostics::Pos::new(1, 1),
        format!("Signpost failed while checking this listing ({why})"),
    )
    .help(
        "this is a bug in Signpost, not in your listing: the listing is left out and the \
         others are published; please report it with this file",
    )
}

/// One parsed listing through validate, the freshness rule and locate.
fn check_loaded(
    loaded: Loaded,
    rules: &Rules,
    freshness: &Freshness,
    gazetteer: &Gazetteer,
) -> (Option<Loaded>, Option<Listing>, Vec<Diagnostic>) {
    let checked = validate::check(&loaded, rules);
    let mut diagnostics = checked.diagnostics;
    if let Some((reviewed, maintainers)) = &checked.reviewed {
        let pos = loaded.source.reviewed.pos;
        diagnostics.extend(freshness.warning(&loaded.path, pos, *reviewed, maintainers));
    }
    let (places, problems) = locate(&loaded, gazetteer);
    let located = problems.is_empty();
    diagnostics.extend(problems);
    let listing = checked.listing.filter(|_| located).map(|mut listing| {
        for (venue, at) in listing.venues.iter_mut().zip(places) {
            venue.at = venue.at.or(at);
        }
        listing
    });
    (Some(loaded), listing, diagnostics)
}

/// How freshness is measured: from the later of a listing's `reviewed` date and the last change
/// to its file by one of its maintainers (git), against today and the `[freshness]` months.
struct Freshness<'a> {
    today: Date,
    stale_months: i32,
    expired_months: i32,
    history: Option<&'a RepoHistory>,
}

impl Freshness<'_> {
    /// W001 when pages will say the listing may be out of date, W004 when it is left out.
    fn warning(
        &self,
        file: &Path,
        pos: crate::diagnostics::Pos,
        reviewed: Date,
        maintainers: &[String],
    ) -> Option<Diagnostic> {
        let changes = self.history.and_then(|h| h.get(file));
        let confirmed = history::last_confirmed(reviewed, maintainers, changes);
        let months = history::months_between(confirmed.date, self.today);
        let when = match &confirmed.by {
            ConfirmedBy::Reviewed => format!("reviewed {months} months ago"),
            ConfirmedBy::Change(c) => format!(
                "last confirmed {months} months ago (a change by {} on {})",
                c.author.display(),
                c.date
            ),
        };
        let (code, what) = if months >= self.expired_months {
            (
                Code::LeftOut,
                "this listing is left out of the sites until it is confirmed",
            )
        } else if months >= self.stale_months {
            (Code::ReviewOld, "pages will say it may be out of date")
        } else {
            return None;
        };
        let help = "ask the group to check the listing, then set `reviewed` to that date \
                    (a change made by one of its maintainers also counts)";
        Some(Diagnostic::new(code, file, pos, format!("{when}: {what}")).help(help))
    }
}

/// Looks up the postcode of every venue in the file: the position of each (in venue order),
/// and a diagnostic for each postcode that is unknown or no longer used. Runs even when the
/// listing has other errors, so one run reports every problem.
fn locate(loaded: &Loaded, gazetteer: &Gazetteer) -> (Vec<Option<LatLon>>, Vec<Diagnostic>) {
    let mut places = Vec::new();
    let mut out = Vec::new();
    for source in &loaded.source.venues {
        let text = &source.value.postcode;
        let Ok(postcode) = text.value.parse::<Postcode>() else {
            places.push(None); // reported by validation
            continue;
        };
        match gazetteer.lookup(&postcode) {
            Some(place) if place.terminated => {
                places.push(None);
                out.push(
                    Diagnostic::new(
                        Code::TerminatedPostcode,
                        &loaded.path,
                        text.pos,
                        format!("the postcode {postcode} is no longer in use"),
                    )
                    .help("ask the venue for its current postcode"),
                );
            }
            Some(place) => places.push(Some(place.at)),
            None => {
                places.push(None);
                out.push(
                    Diagnostic::new(
                        Code::UnknownPostcode,
                        &loaded.path,
                        text.pos,
                        format!("unknown postcode \"{postcode}\""),
                    )
                    .help(unknown_postcode_help(&postcode, gazetteer)),
                );
            }
        }
    }
    (places, out)
}

fn unknown_postcode_help(postcode: &Postcode, gazetteer: &Gazetteer) -> String {
    let text = postcode.to_string();
    // One character off is the usual typo: look for a live postcode that differs in one place.
    let close: Vec<String> = gazetteer
        .same_outward(postcode)
        .filter(|(_, place)| !place.terminated)
        .map(|(p, _)| p.to_string())
        .filter(|p| {
            p.len() == text.len()
                && p.chars().zip(text.chars()).filter(|(a, b)| a != b).count() == 1
        })
        .take(3)
        .collect();
    if close.is_empty() {
        "check the postcode with the venue; if it is new, the postcode files need updating".into()
    } else {
        format!(
            "check the postcode with the venue; did you mean {}?",
            close.join(" or ")
        )
    }
}

impl Directory {
    /// The rules listings are validated with.
    pub fn rules(&self) -> Rules<'_> {
        Rules {
            vocab: &self.vocab,
            wards: &self.wards.names,
            today: self.today,
            fallback_team: !self.config.fallback_team().is_empty(),
        }
    }

    fn freshness(&self) -> Freshness<'_> {
        Freshness {
            today: self.today,
            stale_months: self.config.freshness.stale_months,
            expired_months: self.config.freshness.expired_months,
            history: self.history.as_ref(),
        }
    }

    /// Checks listing text that is not on disk yet (`signpost new`, `signpost intake`) exactly
    /// as [`load`] would check it at `path` (relative to the root), its size included, and that
    /// no other listing file has its id. The listing is `Some` only when there are no errors.
    pub fn check_text(&self, path: &Path, text: &str) -> (Option<Listing>, Vec<Diagnostic>) {
        if let Err(d) = listing::check_size(path, text.len()) {
            return (None, vec![d]);
        }
        let loaded = match listing::parse(path, text) {
            Ok(l) => l,
            Err(d) => return (None, vec![d]),
        };
        let id = loaded.id.clone();
        let rules = self.rules();
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check_loaded(loaded, &rules, &self.freshness(), &self.gazetteer)
        }));
        let (_, mut listing, mut diagnostics) = checked
            .unwrap_or_else(|panic| (None, None, vec![internal_error(path, panic.as_ref())]));
        let taken = listing::find(&self.root, &self.root.join(&self.config.listings))
            .into_iter()
            .find(|f| listing::id_of(f) == id && f != path);
        if let Some(other) = taken {
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    path,
                    crate::diagnostics::Pos::new(1, 1),
                    format!("the id `{id}` is already used by {}", other.display()),
                )
                .help("give the group a more specific name, or update the existing listing"),
            );
            listing = None;
        }
        (listing, diagnostics)
    }

    /// The listing's git history, if the directory is a repository and the file is committed.
    pub fn file_history(&self, listing: &Listing) -> Option<&history::FileHistory> {
        self.history.as_ref().and_then(|h| h.get(&listing.path))
    }

    /// When the listing was last confirmed: the later of `reviewed` and the last change by
    /// one of its maintainers (see [`history`]).
    pub fn confirmed(&self, listing: &Listing) -> Confirmed {
        history::last_confirmed(
            listing.reviewed,
            &listing.maintainers,
            self.file_history(listing),
        )
    }

    /// Whole months since the listing was last confirmed.
    pub fn months_since_confirmed(&self, listing: &Listing) -> i32 {
        history::months_between(self.confirmed(listing).date, self.today)
    }

    /// Too old to publish: left out of the sites until confirmed.
    pub fn is_expired(&self, listing: &Listing) -> bool {
        self.months_since_confirmed(listing) >= self.config.freshness.expired_months
    }

    /// Old enough that pages say it may be out of date.
    pub fn is_stale(&self, listing: &Listing) -> bool {
        self.months_since_confirmed(listing) >= self.config.freshness.stale_months
    }

    /// Listings to publish: not expired and not closed.
    pub fn published(&self) -> impl Iterator<Item = &Listing> {
        self.listings
            .iter()
            .filter(|l| !self.is_expired(l) && l.status != crate::model::Status::Closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::error_text;

    /// A directory whose `signpost.toml` names `tables` besides the minimum, with an empty
    /// postcode file.
    fn directory(tables: &str) -> tempfile::TempDir {
        let temp = tempfile::tempdir().unwrap();
        std::fs::write(
            temp.path().join(crate::config::FILE),
            format!(
                "title = \"T\"\narea = \"A\"\nbase_url = \"https://x.org/\"\n{tables}\
                 [postcodes]\nfiles = [\"postcodes.csv\"]\n"
            ),
        )
        .unwrap();
        std::fs::write(temp.path().join("postcodes.csv"), "pcds,lat,long\n").unwrap();
        temp
    }

    #[test]
    fn a_layer_error_is_kept_whole_as_the_source_with_its_help() {
        let temp = tempfile::tempdir().unwrap();
        let e = load(temp.path(), &Options::default()).err().unwrap();
        let source = std::error::Error::source(&e).unwrap();
        assert!(
            source.downcast_ref::<crate::config::Error>().is_some(),
            "{source:?}"
        );
        let text = error_text(&e);
        assert!(
            text.starts_with(&format!(
                "error: cannot read {}: ",
                temp.path().join(crate::config::FILE).display()
            )),
            "{text}"
        );
        assert!(
            text.ends_with("\nhelp: run signpost in a directory repository, or pass --root DIR"),
            "{text}"
        );
    }

    #[test]
    fn a_missing_listings_folder_or_attribution_file_says_what_to_fix() {
        let temp = directory("");
        let e = load(temp.path(), &Options::default()).err().unwrap();
        assert_eq!(
            error_text(&e),
            format!(
                "error: there is no listings folder at {}\n\
                 help: create it, or set `listings` in signpost.toml",
                temp.path().join("listings").display()
            )
        );
        let temp = directory("attribution = \"ATTRIBUTION.md\"\n");
        let e = load(temp.path(), &Options::default()).err().unwrap();
        let text = error_text(&e);
        assert!(
            text.starts_with(&format!(
                "error: cannot read the attribution file {}: ",
                temp.path().join("ATTRIBUTION.md").display()
            )),
            "{text}"
        );
        assert!(
            text.ends_with("\nhelp: fix `attribution` in signpost.toml"),
            "{text}"
        );
        assert_eq!(
            text.lines().count(),
            2,
            "the cause is in the message once: {text}"
        );
    }

    #[test]
    fn a_site_that_cannot_be_built_is_the_sites_error_with_its_help() {
        let temp = directory("[[sites]]\nid = \"add\"\nname = \"S\"\npostcode = \"CR0 1AA\"\n");
        std::fs::write(
            temp.path().join("postcodes.csv"),
            "pcds,lat,long\nCR0 1AA,51.37,-0.10\n",
        )
        .unwrap();
        let e = load(temp.path(), &Options::default()).err().unwrap();
        assert!(
            matches!(e, Error::Sites(crate::sites::Error::Reserved { .. })),
            "{e:?}"
        );
        assert_eq!(
            error_text(&e),
            "error: the site id `add` is used by the sites' own folders\n\
             help: choose another id in signpost.toml"
        );
    }
}
