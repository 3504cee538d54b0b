//! The validated listing: what every stage after `validate` works with.
//!
//! Unlike [`crate::listing::Source`], these types hold only values that are known to be good:
//! a [`Postcode`] that parsed, a [`Time`] that is a real time, needs that are in the
//! vocabulary. They carry no positions; the file path is kept so a later stage can still say
//! which file a listing came from.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::{Date, Time, Weekday};
use serde::Serialize;

use crate::place::{LatLon, Postcode};

/// What a price is for.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Session,
    Week,
    Month,
    Term,
    Year,
    Course,
}

/// How people join.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Joining {
    /// Come along or get in touch directly.
    #[serde(rename = "self")]
    SelfReferral,
    /// A GP, link worker or other professional refers you.
    Professional,
    /// Either way.
    Either,
}

/// Whether a group is running.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    Paused,
    Closed,
}

/// Whether a group meets on bank holidays (`bank_holidays:` in a listing).
///
/// `closed` is the default: most groups meet in halls, libraries and centres that close on
/// bank holidays, and a page that sends people to a locked door does more harm than one that
/// leaves out a session that happens after all. `open` for the groups that still meet.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum BankHolidays {
    /// No sessions on bank holidays (the default).
    #[default]
    Closed,
    /// Sessions happen on bank holidays as on any other day.
    Open,
}

/// One group or service, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Listing {
    /// The file name without `.yaml`: unique in the directory, used in URLs.
    pub id: String,
    /// The file, relative to the directory root.
    pub path: PathBuf,
    pub name: String,
    pub summary: String,
    /// Markdown, as written.
    pub description: Option<String>,
    pub organisation: Option<String>,
    /// Need ids, in the order written.
    pub needs: Vec<String>,
    pub activities: Vec<String>,
    pub min_age: Option<u8>,
    pub max_age: Option<u8>,
    pub audiences: Vec<String>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    pub cost: Cost,
    pub joining: Joining,
    pub booking: Option<String>,
    pub venues: Vec<Venue>,
    pub online: bool,
    pub by_phone: bool,
    pub area: Area,
    pub sessions: Vec<Session>,
    pub term_time_only: bool,
    pub by_appointment: bool,
    /// Whether sessions happen on bank holidays.
    pub bank_holidays: BankHolidays,
    pub contact: Contact,
    /// GitHub user names; empty when the directory's fallback team (`[support] maintainers`)
    /// looks after the listing.
    pub maintainers: Vec<String>,
    pub reviewed: Date,
    pub status: Status,
    pub notice: Option<String>,
    pub example: bool,
    pub translations: BTreeMap<String, Translation>,
}

/// What a group costs. `free` and `amount` never both hold.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Cost {
    pub free: bool,
    pub amount: Option<f64>,
    pub per: Option<Per>,
    pub pay_what_you_can: bool,
    pub concessions: Option<String>,
}

impl Cost {
    /// The cost in plain words, one part each, as pages and open data show it: "Free",
    /// "£3.50 a session", "Pay what you can", then any concessions.
    pub fn in_words(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.free {
            out.push("Free".to_string());
        }
        if let Some(amount) = self.amount {
            let per = match self.per {
                Some(Per::Session) => " a session",
                Some(Per::Week) => " a week",
                Some(Per::Month) => " a month",
                Some(Per::Term) => " a term",
                Some(Per::Year) => " a year",
                Some(Per::Course) => " for the course",
                None => "",
            };
            out.push(format!("{}{per}", pounds(amount)));
        }
        if self.pay_what_you_can {
            out.push("Pay what you can".to_string());
        }
        if let Some(text) = &self.concessions {
            out.push(text.clone());
        }
        out
    }
}

/// An amount in pounds: "£10", "£3.50".
pub fn pounds(amount: f64) -> String {
    if amount.fract() == 0.0 {
        format!("£{amount:.0}")
    } else {
        format!("£{amount:.2}")
    }
}

/// A place a group meets, with its coordinates once located.
#[derive(Clone, Debug, PartialEq)]
pub struct Venue {
    pub name: String,
    pub address: Vec<String>,
    pub postcode: Postcode,
    /// Coordinates given in the listing; otherwise the postcode's, filled in by `locate`.
    pub at: Option<LatLon>,
    /// `None`: not stated. `Some(empty)`: stated that there are none.
    pub access: Option<Vec<String>>,
}

/// The area a group serves without a venue to go to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Area {
    pub borough: bool,
    /// Ward names as in the ward boundaries file.
    pub wards: Vec<String>,
}

/// One kind of session.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub repeat: Repeat,
    pub start: Option<Time>,
    pub end: Option<Time>,
}

/// The days of the week as listings write them (`days: [monday, thursday]`), Monday first:
/// the one home of the English day ids. Validation reads listings with it, the JSON schema
/// offers its ids, the issue form's days are matched against it, and the short ids of the
/// search concepts (`mon` … `sun`) are its first three letters.
///
/// Not for showing days to people: their names in each language are `i18n`'s.
pub const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

/// A weekday's id as listings write it: `monday` … `sunday`.
pub fn weekday_id(day: Weekday) -> &'static str {
    WEEKDAYS[day.to_monday_zero_offset() as usize].0
}

/// How often a session happens.
#[derive(Clone, Debug, PartialEq)]
pub enum Repeat {
    /// Every week on these days.
    Weekly(Vec<Weekday>),
    /// Every `weeks` weeks on these days ("every other Thursday" is 2), in the weeks (Monday to
    /// Sunday) that are a whole number of `weeks` from the week of `from`, and never before
    /// `from`: the date of one session, the first or any since.
    Interval {
        weeks: u8,
        from: Date,
        days: Vec<Weekday>,
    },
    /// Monthly, on the nth (1–4, or -1 for last) of these days.
    Monthly(i8, Vec<Weekday>),
    /// Once.
    Once(Date),
}

impl Repeat {
    /// The days of the week a session can fall on: a one-off date's own day.
    pub fn weekdays(&self) -> Vec<Weekday> {
        match self {
            Repeat::Weekly(days) | Repeat::Monthly(_, days) | Repeat::Interval { days, .. } => {
                days.clone()
            }
            Repeat::Once(date) => vec![date.weekday()],
        }
    }

    /// The iCalendar (RFC 5545) recurrence of a repeating session, as the calendar files and
    /// the open data's schedules write it: (`FREQ`, `BYDAY`), e.g. ("WEEKLY", "MO,TH") or
    /// ("MONTHLY", "-1FR"); `None` for a one-off date. Every other week is "WEEKLY" too, with
    /// the [`interval`](Repeat::interval) beside it.
    pub fn recurrence(&self) -> Option<(&'static str, String)> {
        let byday = |nth: Option<i8>, days: &[Weekday]| {
            days.iter()
                .map(|d| match nth {
                    Some(n) => format!("{n}{}", day_code(*d)),
                    None => day_code(*d).to_string(),
                })
                .collect::<Vec<_>>()
                .join(",")
        };
        match self {
            Repeat::Weekly(days) | Repeat::Interval { days, .. } => {
                Some(("WEEKLY", byday(None, days)))
            }
            Repeat::Monthly(n, days) => Some(("MONTHLY", byday(Some(*n), days))),
            Repeat::Once(_) => None,
        }
    }

    /// The recurrence's `INTERVAL`: how many weeks (or months) from one session to the next;
    /// 1 but for sessions every few weeks.
    pub fn interval(&self) -> u8 {
        match self {
            Repeat::Interval { weeks, .. } => *weeks,
            _ => 1,
        }
    }
}

/// iCalendar two-letter day codes.
fn day_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "MO",
        Weekday::Tuesday => "TU",
        Weekday::Wednesday => "WE",
        Weekday::Thursday => "TH",
        Weekday::Friday => "FR",
        Weekday::Saturday => "SA",
        Weekday::Sunday => "SU",
    }
}

/// How to get in touch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Contact {
    pub email: Option<String>,
    /// As written (for display); see [`normalise_phone`](crate::text::normalise_phone).
    pub phone: Option<String>,
    pub website: Option<String>,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.email.is_none() && self.phone.is_none() && self.website.is_none()
    }
}

/// A listing's own text in another language.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Translation {
    pub name: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
}

impl Listing {
    /// True for groups people can attend in person at a venue.
    pub fn has_venue(&self) -> bool {
        !self.venues.is_empty()
    }

    /// True for services not tied to a place: online, by phone, or area-wide.
    pub fn available_everywhere(&self) -> bool {
        self.venues.is_empty() && (self.online || self.by_phone || self.area.borough)
    }
}

/// Listings for unit tests: one starting point, instead of a literal naming every field in each
/// module's tests (which every new field would have to be added to).
#[cfg(test)]
impl Listing {
    /// A valid, active listing at `listings/<id>.yaml`, named after its id ("knit-and-natter"
    /// → "knit and natter"), summary "A group.", self-referral, reviewed 2026-10-01 and
    /// maintained by `someone`; everything else empty (no needs, venues, sessions, contact or
    /// translations). A test sets what it is about with struct update syntax:
    /// `Listing { online: true, ..Listing::for_test("x") }`.
    pub(crate) fn for_test(id: &str) -> Listing {
        Listing {
            id: id.into(),
            path: format!("listings/{id}.yaml").into(),
            name: id.replace('-', " "),
            summary: "A group.".into(),
            description: None,
            organisation: None,
            needs: vec![],
            activities: vec![],
            min_age: None,
            max_age: None,
            audiences: vec![],
            languages: vec![],
            cost: Cost::default(),
            joining: Joining::SelfReferral,
            booking: None,
            venues: vec![],
            online: false,
            by_phone: false,
            area: Area::default(),
            sessions: vec![],
            term_time_only: false,
            by_appointment: false,
            bank_holidays: BankHolidays::default(),
            contact: Contact::default(),
            maintainers: vec!["someone".into()],
            reviewed: jiff::civil::date(2026, 10, 1),
            status: Status::Active,
            notice: None,
            example: false,
            translations: BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weekdays_are_in_order_and_each_id_names_its_day() {
        let mut day = Weekday::Monday;
        for (id, d) in WEEKDAYS {
            assert_eq!(d, day);
            assert_eq!(weekday_id(d), id);
            assert_eq!(format!("{d:?}").to_lowercase(), id);
            day = day.next();
        }
    }
}
