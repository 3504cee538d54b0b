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
use crate::diagnostics::{Code, Diagnostic};
use crate::history::{self, Confirmed, ConfirmedBy, RepoHistory};
use crate::listing::{self, Loaded};
use crate::locate::Gazetteer;
use crate::model::Listing;
use crate::place::{LatLon, Postcode};
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

/// Today's date: `SIGNPOST_TODAY` (YYYY-MM-DD) when set, so that tests and reproducible builds
/// do not depend on the clock; otherwise the system date.
pub fn today() -> Result<Date, String> {
    match std::env::var("SIGNPOST_TODAY") {
        Ok(s) => s
            .parse()
            .map_err(|e| format!("SIGNPOST_TODAY={s:?} is not a YYYY-MM-DD date: {e}")),
        Err(_) => Ok(jiff::Zoned::now().date()),
    }
}

/// Loads the directory at `root`. Fails only when the directory itself cannot be used (no
/// config, unreadable postcode files); problems in listings are returned as diagnostics.
pub fn load(root: &Path, options: &Options) -> Result<Outcome, String> {
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
    let gazetteer =
        Gazetteer::load(&postcode_files, &cache.join("postcodes")).map_err(|e| e.to_string())?;
    log_phase("postcodes", started);
    let wards = match &config.wards {
        Some(w) => Wards::load(root, w)?,
        None => Wards::default(),
    };
    let attribution = match &config.attribution {
        Some(file) => {
            let path = root.join(file);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                format!(
                    "cannot read the attribution file {}: {e}\nhelp: fix `attribution` in signpost.toml",
                    path.display()
                )
            })?;
            Some(text)
        }
        None => None,
    };
    let logo = match config.theme.as_ref().and_then(|t| t.logo.as_deref()) {
        Some(file) => Some(crate::brand::read_logo(root, file)?),
        None => None,
    };
    let (sites, mut notes) = sites::load(root, &config, &gazetteer)?;
    notes.extend(gazetteer.warnings().iter().cloned());
    log_phase("sites", started);
    let started = Instant::now();
    let history = match history::read(root, &config.listings, Some(&cache)) {
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
    };
    log_phase("history", started);

    let started = Instant::now();
    let files = find_files(root, &config, &options.paths)?;
    log_phase("find", started);
    let rules = Rules {
        vocab: &vocab,
        wards: &wards.names,
        today,
    };
    let freshness = Freshness {
        today,
        stale_months: config.freshness.stale_months,
        expired_months: config.freshness.expired_months,
        history: history.as_ref(),
    };
    let started = Instant::now();
    let results: Vec<(Option<Loaded>, Option<Listing>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|file| check_file(root, file, &rules, &freshness, &gazetteer))
        .collect();
    log_phase("listings", started);

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
    log_phase("across", started);

    Ok(Outcome {
        directory: Directory {
            root: root.to_path_buf(),
            config,
            vocab,
            gazetteer,
            wards,
            attribution,
            logo,
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

fn log_phase(name: &str, started: Instant) {
    if std::env::var_os("SIGNPOST_TIMINGS").is_some() {
        eprintln!("timing: {name} {:.3}s", started.elapsed().as_secs_f64());
    }
}

/// The listing files to load, relative to the root where possible.
fn find_files(root: &Path, config: &Config, paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if paths.is_empty() {
        let dir = root.join(&config.listings);
        if !dir.is_dir() {
            return Err(format!(
                "there is no listings folder at {}\nhelp: create it, or set `listings` in signpost.toml",
                dir.display()
            ));
        }
        return Ok(listing::find(root, &dir));
    }
    let mut out = Vec::new();
    for p in paths {
        let full = if p.is_absolute() {
            p.clone()
        } else {
            root.join(p)
        };
        if full.is_dir() {
            out.extend(listing::find(root, &full));
        } else if full.is_file() {
            out.push(
                full.strip_prefix(root)
                    .map(Path::to_path_buf)
                    .unwrap_or(full),
            );
        } else {
            return Err(format!("{} does not exist", full.display()));
        }
    }
    out.sort();
    out.dedup();
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
    /// as [`load`] would check it at `path` (relative to the root), and that no other listing
    /// file has its id. The listing is `Some` only when there are no errors.
    pub fn check_text(&self, path: &Path, text: &str) -> (Option<Listing>, Vec<Diagnostic>) {
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
