//! Validation: a parsed [`Source`](crate::listing::Source) → a [`model::Listing`] plus every
//! problem found in it.
//!
//! Each check points at the exact value it is about and says how to fix it. Validation
//! never stops at the first problem: a file with three mistakes gets three diagnostics. It
//! does not look postcodes up (that is `locate`) and does not read files (that is `listing`).
//!
//! [`check`] takes one listing through the parts in turn: `chars` (characters no text may
//! hold, in every field), `fields` (the id, name, summary,
//! needs, activities, ages, audiences, languages, cost, `reviewed`, status and translations),
//! `contact` (web links, email, phone, maintainers), `venues` (venues, the area, saying where
//! at all) and `sessions` (days, dates, times, how a session repeats). Checks that need more
//! than one listing (duplicate ids, the same group twice) are in [`across()`].

mod across;
mod chars;
mod contact;
mod fields;
mod sessions;
mod venues;

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::listing::Loaded;
use crate::model;
use crate::vocab::Vocabularies;

pub use across::across;
pub use sessions::{parse_time, weekday};

/// Oldest age a listing may give.
pub const MAX_AGE: i64 = 120;

/// What validation needs to know besides the listing itself.
pub struct Rules<'a> {
    pub vocab: &'a Vocabularies,
    /// Ward names of the area, for `area.wards`; empty means "don't check".
    pub wards: &'a [String],
    /// Today's date: `reviewed` may not be after it.
    pub today: Date,
    /// The directory names a team that looks after listings without maintainers
    /// (`[support] maintainers`), so a listing may name none.
    pub fallback_team: bool,
}

/// The outcome for one listing: the validated listing if it has no errors, and all problems.
pub struct Checked {
    pub listing: Option<model::Listing>,
    pub diagnostics: Vec<Diagnostic>,
    /// The `reviewed` date (when it is a good date) and the maintainers that are good GitHub
    /// user names, even when the listing has other errors: the load phase measures freshness
    /// from them and the git history, which validation knows nothing of.
    pub reviewed: Option<(Date, Vec<String>)>,
}

/// Collects diagnostics for one file.
struct Report<'a> {
    file: &'a Path,
    out: Vec<Diagnostic>,
}

impl Report<'_> {
    fn add(&mut self, code: Code, pos: Pos, message: impl Into<String>, help: impl Into<String>) {
        let help = help.into();
        let d = Diagnostic::new(code, self.file, pos, message);
        self.out
            .push(if help.is_empty() { d } else { d.help(help) });
    }
}

/// Validates one loaded listing: each part in turn, then the listing itself if nothing in it is
/// an error. The diagnostics come in the order of these steps (reports sort them stably by
/// position, so two at the same place keep it).
pub fn check(loaded: &Loaded, rules: &Rules) -> Checked {
    #[cfg(debug_assertions)]
    test_hook(loaded);
    let s = &loaded.source;
    let mut r = Report {
        file: &loaded.path,
        out: Vec::new(),
    };
    fields::id(&mut r, &loaded.id);
    chars::check(&mut r, s);
    let about = fields::about(&mut r, s, rules.vocab);
    let cost = fields::cost(&mut r, s.cost.as_ref());
    let booking = s
        .booking
        .as_ref()
        .and_then(|b| contact::url(&mut r, b, "booking"));
    let places = venues::places(&mut r, s, rules.wards);
    let sessions = s
        .when
        .iter()
        .filter_map(|w| sessions::session(&mut r, w))
        .collect();
    let contact = contact::contact(&mut r, s.contact.as_ref());
    contact::reachable(&mut r, &contact, booking.is_some(), s.name.pos);
    let maintainers = contact::maintainers(&mut r, s.maintainers.as_ref(), rules.fallback_team);
    let reviewed = fields::reviewed(&mut r, &s.reviewed, rules.today);
    let (status, notice) = fields::status(&mut r, s);
    let translations = fields::translations(&mut r, &s.translations);

    let has_errors = r.out.iter().any(Diagnostic::is_error);
    let freshness = reviewed.map(|date| (date, maintainers.clone()));
    let parts = Parts {
        about,
        cost,
        booking,
        places,
        sessions,
        contact,
        maintainers,
        status,
        notice,
        translations,
    };
    let listing = match (has_errors, reviewed) {
        (false, Some(reviewed)) => Some(parts.listing(loaded, reviewed)),
        _ => None,
    };
    Checked {
        listing,
        diagnostics: r.out,
        reviewed: freshness,
    }
}

/// The validated parts of a listing, before it is known whether the listing has errors.
struct Parts {
    about: fields::About,
    cost: model::Cost,
    booking: Option<String>,
    places: venues::Places,
    sessions: Vec<model::Session>,
    contact: model::Contact,
    maintainers: Vec<String>,
    status: model::Status,
    notice: Option<String>,
    translations: BTreeMap<String, model::Translation>,
}

impl Parts {
    /// The listing, with the flags and choices taken as written.
    fn listing(self, loaded: &Loaded, reviewed: Date) -> model::Listing {
        let s = &loaded.source;
        let about = self.about;
        model::Listing {
            id: loaded.id.clone(),
            path: loaded.path.clone(),
            name: about.name,
            summary: about.summary,
            description: about.description,
            organisation: about.organisation,
            needs: about.needs,
            activities: about.activities,
            min_age: about.min_age,
            max_age: about.max_age,
            audiences: about.audiences,
            languages: about.languages,
            cost: self.cost,
            joining: s
                .joining
                .as_ref()
                .map_or(model::Joining::SelfReferral, |j| j.value),
            booking: self.booking,
            venues: self.places.venues,
            online: s.online,
            by_phone: s.by_phone,
            area: self.places.area,
            sessions: self.sessions,
            term_time_only: s.term_time_only,
            by_appointment: s.by_appointment,
            bank_holidays: s
                .bank_holidays
                .as_ref()
                .map_or_else(Default::default, |b| b.value),
            contact: self.contact,
            maintainers: self.maintainers,
            reviewed,
            status: self.status,
            notice: self.notice,
            example: s.example,
            translations: self.translations,
        }
    }
}

/// Test-only hook, in debug builds only: panics while checking the listing whose id is in
/// `SIGNPOST_TEST_PANIC`, so tests can prove that a panic in one listing's validation becomes
/// that listing's error (E025) and never ends the run.
#[cfg(debug_assertions)]
fn test_hook(loaded: &Loaded) {
    if std::env::var("SIGNPOST_TEST_PANIC").is_ok_and(|id| id == loaded.id) {
        panic!("test hook: SIGNPOST_TEST_PANIC names `{}`", loaded.id);
    }
}
