//! Which listings need their group to confirm them: the report behind `signpost stale` and the
//! monthly reminder issues.
//!
//! A listing is *due soon* within a month of `stale_months`, *stale* from `stale_months` (its
//! pages say it may be out of date) and *left out* from `expired_months` (it is not published),
//! all measured from when it was last confirmed (see [`crate::history`]). Closed listings are
//! never reported. This module only classifies and formats; it changes nothing.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostics::slash_path;
use crate::directory::Directory;
use crate::history::ConfirmedBy;
use crate::model::{Listing, Status};

/// How `stale` prints its report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReminderFormat {
    /// A Markdown table with @-mentions, for an issue or a job summary.
    Markdown,
    /// A JSON array, one object per listing.
    Json,
}

/// How fresh a listing is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Fresh,
    /// Stale within a month.
    DueSoon,
    /// Pages say it may be out of date.
    Stale,
    /// Not published until confirmed.
    LeftOut,
}

/// One line of the report.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub file: String,
    /// GitHub handles to mention (without `@`): the listing's maintainers, or the fallback team
    /// (`[support] maintainers`) for a listing that names none.
    pub maintainers: Vec<String>,
    pub reviewed: Date,
    pub confirmed: Date,
    /// `reviewed`, or the display name of the maintainer whose change confirmed it.
    pub confirmed_by: String,
    /// Whole months since confirmed.
    pub months: i32,
    pub state: State,
    /// The "Still correct" issue form for this listing, when `repository` is set.
    pub confirm_url: Option<String>,
    /// True when the listing is not published because it is too old.
    pub left_out: bool,
    /// From git, when the directory is a repository and the file is committed.
    pub added: Option<Date>,
    pub last_changed: Option<Date>,
    pub changes: usize,
    pub last_author: Option<String>,
}

/// The state of one listing.
pub fn state(directory: &Directory, listing: &Listing) -> State {
    let months = directory.months_since_confirmed(listing);
    let f = directory.config.freshness;
    if months >= f.expired_months {
        State::LeftOut
    } else if months >= f.stale_months {
        State::Stale
    } else if months >= f.stale_months - 1 {
        State::DueSoon
    } else {
        State::Fresh
    }
}

/// Every listing that is not closed (or only those due soon or worse), oldest confirmation
/// first, then by id.
pub fn report(directory: &Directory, all: bool) -> Vec<Entry> {
    let mut out: Vec<Entry> = directory
        .listings
        .iter()
        .filter(|l| l.status != Status::Closed)
        .map(|l| entry(directory, l))
        .filter(|e| all || e.state != State::Fresh)
        .collect();
    out.sort_by(|a, b| (a.confirmed, &a.id).cmp(&(b.confirmed, &b.id)));
    out
}

fn entry(directory: &Directory, l: &Listing) -> Entry {
    let confirmed = directory.confirmed(l);
    let file = directory.file_history(l);
    let state = state(directory, l);
    Entry {
        id: l.id.clone(),
        name: l.name.clone(),
        file: slash_path(&l.path),
        maintainers: if l.maintainers.is_empty() {
            // Looked after by the fallback team: it gets the reminder.
            directory
                .config
                .fallback_team()
                .iter()
                .map(|m| m.trim().trim_start_matches('@').to_string())
                .collect()
        } else {
            l.maintainers.clone()
        },
        reviewed: l.reviewed,
        confirmed: confirmed.date,
        confirmed_by: match &confirmed.by {
            ConfirmedBy::Reviewed => "reviewed".into(),
            ConfirmedBy::Change(c) => c.author.display().to_string(),
        },
        months: directory.months_since_confirmed(l),
        state,
        confirm_url: directory
            .config
            .repository
            .as_deref()
            .map(|r| crate::history::confirm_url(r, &l.id)),
        left_out: state == State::LeftOut,
        added: file.map(|f| f.added()),
        last_changed: file.map(|f| f.changed()),
        changes: file.map_or(0, |f| f.count()),
        last_author: file.map(|f| f.last_author().to_string()),
    }
}

/// The report as JSON: an array of entries.
pub fn to_json(entries: &[Entry]) -> String {
    let mut s = serde_json::to_string_pretty(entries).expect("entries serialise");
    s.push('\n');
    s
}

/// The report as a Markdown table, with maintainers as @-mentions.
pub fn to_markdown(entries: &[Entry], directory: &Directory) -> String {
    let f = directory.config.freshness;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Listings to confirm ({})\n\nA listing shows \"may be out of date\" {} months after it was \
         last confirmed, and is left out of the sites after {} months. Its group confirms it with the \
         \"Still correct\" issue form (linked from its page), by setting `reviewed` to today's \
         date, or by any change one of its maintainers makes.\n",
        entries.len(),
        f.stale_months,
        f.expired_months
    );
    if entries.is_empty() {
        out.push_str("Every listing has been confirmed recently.\n");
        return out;
    }
    out.push_str("| Listing | Maintainers | Last confirmed | Months | State |\n");
    out.push_str("|---|---|---|---:|---|\n");
    for e in entries {
        let mentions: Vec<String> = e.maintainers.iter().map(|m| format!("@{m}")).collect();
        let by = if e.confirmed_by == "reviewed" {
            "reviewed".to_string()
        } else {
            format!("change by {}", e.confirmed_by)
        };
        let state = match e.state {
            State::Fresh => "fresh",
            State::DueSoon => "due soon",
            State::Stale => "may be out of date",
            State::LeftOut => "**left out of the sites**",
        };
        let confirm = e
            .confirm_url
            .as_ref()
            .map(|u| format!(" ([still correct?]({u}))"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| [{}]({}) | {} | {} ({by}) | {} | {state}{confirm} |",
            e.name.replace('|', "\\|"),
            e.file,
            mentions.join(" "),
            e.confirmed,
            e.months
        );
    }
    out
}
