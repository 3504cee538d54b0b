//! When a group next meets, and its sessions as an iCalendar file.
//!
//! Two jobs, both from a listing's `when` ([`Session`]s), the directory's [`Calendar`] and a
//! date, with no clock of their own: [`next`] finds the next session on or after a day (the
//! build's `today`, which `SIGNPOST_TODAY` fixes), and [`ics`] writes the sessions as an RFC
//! 5545 calendar, one `VEVENT` per session: a weekly session repeats with
//! `RRULE:FREQ=WEEKLY;BYDAY=TU,TH`, one every other week adds `INTERVAL=2`, a monthly one has an
//! ordinal (`BYDAY=1TU`, `-1FR` for the last), a one-off date is a single event. Times are
//! Europe/London wall-clock times (`TZID=Europe/London`, with the zone's rules in a
//! `VTIMEZONE`), so a 10:00 group stays at 10:00 across the clock changes.
//!
//! The [`Calendar`] holds the days groups may not meet: bank holidays (GOV.UK's list, read by
//! [`Calendar::bank_holidays_from_govuk`]) and the school terms of `signpost.toml`. A group
//! closed on bank holidays (`bank_holidays: closed`, the default) has no session on one, and a
//! term-time-only group none in the school holidays between the terms the directory knows:
//! [`next`] skips those days and [`ics`] writes them as `EXDATE`s. One-off dates are never
//! skipped: a group that names a date means it. Where the directory knows no terms (none
//! configured, or a date after the last), a term-time group's dates are not skipped and its
//! pages say to check the dates with the group ([`wording_on`]).
//!
//! [`compact`] writes the same sessions and closures in the short form the pages' script
//! (`themes/default/when.js`) reads, so the pages work the next session out again on the day
//! they are read. What is not for this module: wording (sessions in words are
//! `i18n::Strings::session`; `render` puts the next date into sentences in the page's
//! language).

use std::fmt::Write as _;

use jiff::civil::{Date, Time, Weekday};

use crate::model::{BankHolidays, Listing, Repeat, Status};

/// The days a directory's groups may not meet: bank holidays and the school terms.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Calendar {
    /// Bank holidays, sorted, each once.
    pub bank_holidays: Vec<Date>,
    /// School terms, first and last day, in order and apart.
    pub terms: Vec<(Date, Date)>,
}

/// Why a bank holidays file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    /// Not JSON, or not GOV.UK's shape.
    #[error("it is not GOV.UK's bank-holidays.json format: {0}")]
    Shape(String),
    /// The division asked for is not in the file.
    #[error(
        "it has no division `{0}` (GOV.UK's are england-and-wales, scotland and northern-ireland)"
    )]
    Division(String),
    /// A date that is not YYYY-MM-DD.
    #[error("`{0}` is not a date")]
    Date(String),
}

impl crate::diagnostics::Help for CalendarError {
    fn help(&self) -> Option<String> {
        Some("save https://www.gov.uk/bank-holidays.json as the file, unchanged".into())
    }
}

/// How far ahead a next session is looked for, in days: a year and a day, so that a session
/// once a year is still found. The pages' script looks as far.
pub const LOOK_AHEAD_DAYS: i32 = 366;

impl Calendar {
    /// The bank holidays of one `division` (`england-and-wales`) of GOV.UK's
    /// `bank-holidays.json`: `{division: {"division", "events": [{"date": "YYYY-MM-DD", …}]}}`.
    pub fn bank_holidays_from_govuk(
        json: &str,
        division: &str,
    ) -> Result<Vec<Date>, CalendarError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| CalendarError::Shape(e.to_string()))?;
        let events = value
            .get(division)
            .ok_or_else(|| CalendarError::Division(division.to_string()))?
            .get("events")
            .and_then(|e| e.as_array())
            .ok_or_else(|| CalendarError::Shape(format!("`{division}` has no list of events")))?;
        let mut dates = events
            .iter()
            .map(|e| {
                let text = e.get("date").and_then(|d| d.as_str()).unwrap_or_default();
                text.parse::<Date>()
                    .map_err(|_| CalendarError::Date(text.to_string()))
            })
            .collect::<Result<Vec<Date>, _>>()?;
        dates.sort();
        dates.dedup();
        Ok(dates)
    }

    /// Whether `day` is a bank holiday.
    pub fn is_bank_holiday(&self, day: Date) -> bool {
        self.bank_holidays.binary_search(&day).is_ok()
    }

    /// Whether the school terms are known on `day`: it is between the first day of the first
    /// term and the last day of the last.
    pub fn knows_terms_on(&self, day: Date) -> bool {
        match (self.terms.first(), self.terms.last()) {
            (Some((first, _)), Some((_, last))) => *first <= day && day <= *last,
            _ => false,
        }
    }

    /// Whether `day` is in a school holiday the directory knows of: between two terms.
    pub fn is_school_holiday(&self, day: Date) -> bool {
        self.knows_terms_on(day) && !self.terms.iter().any(|(a, b)| *a <= day && day <= *b)
    }

    /// The last day the calendar knows bank holidays to, when it has any.
    pub fn bank_holidays_until(&self) -> Option<Date> {
        self.bank_holidays.last().copied()
    }

    /// Whether a listing's group does not meet on `day` in a session that repeats: a bank
    /// holiday it is closed on, or a school holiday of a term-time-only group.
    fn closed(&self, l: &Listing, day: Date) -> bool {
        (l.bank_holidays == BankHolidays::Closed && self.is_bank_holiday(day))
            || (l.term_time_only && self.is_school_holiday(day))
    }
}

/// A listing's next session: its date and times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub date: Date,
    pub start: Option<Time>,
    pub end: Option<Time>,
}

/// The next session of a listing on or after `today` and within [`LOOK_AHEAD_DAYS`], skipping
/// the days its group is closed ([`Calendar`]): the earliest date, then the earliest start.
/// `None` when there is none, for example when every session is a one-off date in the past.
pub fn next(l: &Listing, calendar: &Calendar, today: Date) -> Option<Occurrence> {
    let until = today
        .checked_add(jiff::Span::new().days(LOOK_AHEAD_DAYS))
        .ok()?;
    l.sessions
        .iter()
        .filter_map(|s| {
            let mut from = today;
            loop {
                let date = next_date(&s.repeat, from)?;
                if date > until {
                    return None;
                }
                if matches!(s.repeat, Repeat::Once(_)) || !calendar.closed(l, date) {
                    return Some(Occurrence {
                        date,
                        start: s.start,
                        end: s.end,
                    });
                }
                from = date.tomorrow().ok()?;
            }
        })
        .min_by_key(|o| (o.date, o.start))
}

/// How the search index notes a listing's wording besides its date: `term` (term time only)
/// or `appt` (by appointment). The page refines `term` as [`wording_on`] does.
pub fn wording(l: &Listing) -> Option<&'static str> {
    if l.term_time_only {
        Some("term")
    } else if l.by_appointment {
        Some("appt")
    } else {
        None
    }
}

/// How a listing's next session on `date` is worded besides its date: `term` (term time only,
/// in a term the directory knows), `check` (term time only, but the directory does not know
/// the terms then: check the dates with the group) or `appt` (by appointment).
pub fn wording_on(l: &Listing, calendar: &Calendar, date: Date) -> Option<&'static str> {
    if l.term_time_only {
        Some(match calendar.knows_terms_on(date) {
            true => "term",
            false => "check",
        })
    } else if l.by_appointment {
        Some("appt")
    } else {
        None
    }
}

/// The first day on or after `from` that `repeat` happens on.
pub fn next_date(repeat: &Repeat, from: Date) -> Option<Date> {
    match repeat {
        Repeat::Once(d) => (*d >= from).then_some(*d),
        Repeat::Weekly(days) => days.iter().filter_map(|d| on_or_after(from, *d)).min(),
        Repeat::Interval {
            weeks,
            from: first,
            days,
        } => {
            // Each day of the weeks on, from the later of `from` and the first session.
            let mut day = from.max(*first);
            for _ in 0..7 * i32::from(*weeks) {
                if days.contains(&day.weekday()) && in_week_on(*first, *weeks, day) {
                    return Some(day);
                }
                day = day.tomorrow().ok()?;
            }
            None
        }
        Repeat::Monthly(nth, days) => {
            // The nth weekday of this month may have passed; next month's has not.
            let mut month = from.first_of_month();
            for _ in 0..2 {
                let found = days
                    .iter()
                    .filter_map(|d| month.nth_weekday_of_month(*nth, *d).ok())
                    .filter(|d| *d >= from)
                    .min();
                if found.is_some() {
                    return found;
                }
                month = month.last_of_month().tomorrow().ok()?;
            }
            None
        }
    }
}

/// Whether `day` is in a week (Monday to Sunday) a whole number of `weeks` after the week of
/// `first`: the weeks a session every `weeks` weeks happens in.
fn in_week_on(first: Date, weeks: u8, day: Date) -> bool {
    let monday = |d: Date| {
        d.checked_sub(jiff::Span::new().days(i64::from(d.weekday().to_monday_zero_offset())))
            .unwrap_or(d)
    };
    let days = monday(first)
        .until(monday(day))
        .map_or(0, |span| i64::from(span.get_days()));
    days.rem_euclid(7 * i64::from(weeks)) == 0
}

fn on_or_after(from: Date, day: Weekday) -> Option<Date> {
    if from.weekday() == day {
        Some(from)
    } else {
        from.nth_weekday(1, day).ok()
    }
}

/// A listing's sessions and closures as the pages' script reads them
/// (`themes/default/when.js`, which works the next session out again in the browser on the
/// day a page is read): `;`-separated rules, each with the session's times when it has them,
///
/// ```text
/// w:tue,thu 10:00-12:00        every week
/// e2=2026-11-26:thu 18:00      every 2 weeks, in the weeks of 26 November 2026 and on from it
/// m1:tue 18:00-20:00           monthly: the first Tuesday (m-1 the last)
/// o:2026-12-12 14:00-16:00     once
/// ```
///
/// then a word for each way the group's days are closed or worded: `open` (it meets on bank
/// holidays; without it, bank holidays are skipped), `term` (term time only) and `appt` (by
/// appointment). Empty for a paused or closed group, or one with no sessions.
pub fn compact(l: &Listing) -> String {
    if l.status != Status::Active || l.sessions.is_empty() {
        return String::new();
    }
    let days = |ds: &[Weekday]| {
        ds.iter()
            .map(|d| crate::analysis::day_id(*d))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut out: Vec<String> = Vec::new();
    for s in &l.sessions {
        let mut t = match &s.repeat {
            Repeat::Weekly(ds) => format!("w:{}", days(ds)),
            Repeat::Interval {
                weeks,
                from,
                days: ds,
            } => format!("e{weeks}={from}:{}", days(ds)),
            Repeat::Monthly(nth, ds) => format!("m{nth}:{}", days(ds)),
            Repeat::Once(date) => format!("o:{date}"),
        };
        if let Some(start) = s.start {
            let _ = write!(t, " {}", start.strftime("%H:%M"));
            if let Some(end) = s.end {
                let _ = write!(t, "-{}", end.strftime("%H:%M"));
            }
        }
        out.push(t);
    }
    for (flag, word) in [
        (l.bank_holidays == BankHolidays::Open, "open"),
        (l.term_time_only, "term"),
        (l.by_appointment, "appt"),
    ] {
        if flag {
            out.push(word.to_string());
        }
    }
    out.join(";")
}
/// The time zone every session is in: sites are local to one place in the UK.
pub const TZID: &str = "Europe/London";

/// The rules of Europe/London since 1996: British Summer Time from 01:00 UTC on the last
/// Sunday of March to 01:00 UTC on the last Sunday of October.
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// What a calendar file says besides the sessions.
pub struct CalendarText<'a> {
    /// The listing page's absolute address.
    pub url: &'a str,
    /// The domain that makes each event's `UID` unique (the sites' host).
    pub domain: &'a str,
    /// Where the group meets, as one line ("Online" when there is no venue).
    pub location: &'a str,
    /// Sentences added to the summary: "Term time only", "By appointment".
    pub notes: &'a [&'a str],
}

/// The iCalendar file of a listing's sessions (`text/calendar`, CRLF line endings, lines
/// folded at 75 octets). Each repeating session starts on its first date on or after `today`,
/// and has an `EXDATE` for each day of the series the [`Calendar`] says its group is closed
/// (as far as the calendar knows); `DTSTAMP` is `today`. A session without a start time is an
/// all-day event; one without an end time ends when it starts (RFC 5545 §3.6.1). Each event's
/// `UID` is `<listing id>-<session number>@<domain>`, the same in every build.
pub fn ics(listing: &Listing, calendar: &Calendar, today: Date, text: &CalendarText) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Signpost//Signpost directory//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape(&listing.name)),
        format!("X-WR-TIMEZONE:{TZID}"),
    ];
    lines.extend(VTIMEZONE.iter().map(|l| l.to_string()));
    let mut description = listing.summary.clone();
    for note in text.notes {
        description.push(' ');
        description.push_str(note);
    }
    let status = match listing.status {
        Status::Active => "CONFIRMED",
        Status::Paused => "TENTATIVE",
        Status::Closed => "CANCELLED",
    };
    for (i, s) in listing.sessions.iter().enumerate() {
        // A series starts at its next date; a one-off date stays where it is, past or not.
        let first = match &s.repeat {
            Repeat::Once(d) => Some(*d),
            repeat => next_date(repeat, today),
        };
        let Some(first) = first else { continue };
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}-{}@{}", listing.id, i + 1, text.domain));
        lines.push(format!("DTSTAMP:{}T000000Z", ymd(today)));
        match s.start {
            Some(start) => {
                lines.push(format!("DTSTART;TZID={TZID}:{}", local(first, start)));
                if let Some(end) = s.end {
                    lines.push(format!("DTEND;TZID={TZID}:{}", local(first, end)));
                }
            }
            None => {
                lines.push(format!("DTSTART;VALUE=DATE:{}", ymd(first)));
                if let Ok(next) = first.tomorrow() {
                    lines.push(format!("DTEND;VALUE=DATE:{}", ymd(next)));
                }
            }
        }
        if let Some(rule) = rrule(&s.repeat) {
            lines.push(rule);
            for day in closed_days(listing, calendar, &s.repeat, first) {
                lines.push(match s.start {
                    Some(start) => format!("EXDATE;TZID={TZID}:{}", local(day, start)),
                    None => format!("EXDATE;VALUE=DATE:{}", ymd(day)),
                });
            }
        }
        lines.push(format!("SUMMARY:{}", escape(&listing.name)));
        lines.push(format!("DESCRIPTION:{}", escape(&description)));
        lines.push(format!("LOCATION:{}", escape(text.location)));
        lines.push(format!("URL:{}", text.url));
        lines.push(format!("STATUS:{status}"));
        lines.push("TRANSP:OPAQUE".into());
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
    }
    out
}

/// `RRULE:…` of a repeating session; `None` for a one-off date. Weeks start on Monday
/// (`WKST=MO`, the default, written out for a session every few weeks), as
/// [`Repeat::Interval`] counts them.
fn rrule(repeat: &Repeat) -> Option<String> {
    repeat
        .recurrence()
        .map(|(freq, byday)| match repeat.interval() {
            1 => format!("RRULE:FREQ={freq};BYDAY={byday}"),
            n => format!("RRULE:FREQ={freq};INTERVAL={n};WKST=MO;BYDAY={byday}"),
        })
}

/// The days of a repeating session's series from `first` on which its group is closed, as far
/// as the calendar knows them (its last bank holiday, the end of its last term).
fn closed_days(l: &Listing, calendar: &Calendar, repeat: &Repeat, first: Date) -> Vec<Date> {
    let mut ends = Vec::new();
    if l.bank_holidays == BankHolidays::Closed {
        ends.extend(calendar.bank_holidays_until());
    }
    if l.term_time_only {
        ends.extend(calendar.terms.last().map(|(_, end)| *end));
    }
    let Some(end) = ends.into_iter().max() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut from = first;
    while let Some(day) = next_date(repeat, from).filter(|d| *d <= end) {
        if calendar.closed(l, day) {
            out.push(day);
        }
        match day.tomorrow() {
            Ok(after) => from = after,
            Err(_) => break,
        }
    }
    out
}

fn ymd(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn local(d: Date, t: Time) -> String {
    format!("{}T{:02}{:02}00", ymd(d), t.hour(), t.minute())
}

/// A TEXT value with `\`, `;`, `,` and line breaks escaped (RFC 5545 §3.3.11), and the
/// control characters RFC 5545 forbids in TEXT (all but tab) and direction overrides replaced
/// by U+FFFD (validation refuses them; this is the net under it).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if crate::text::is_unsafe_char(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so that no line is longer than 75 octets (a continuation line
/// starts with a space, which counts), never inside a UTF-8 character, ending in CRLF.
fn fold(line: &str) -> String {
    const MAX: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / MAX * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > MAX {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Session;
    use jiff::civil::{date, time};

    fn weekly(days: &[Weekday], h: i8) -> Session {
        Session {
            repeat: Repeat::Weekly(days.to_vec()),
            start: Some(time(h, 0, 0, 0)),
            end: Some(time(h + 2, 0, 0, 0)),
        }
    }

    /// The next session of these sessions, with no holidays known.
    fn next_of(sessions: &[Session], today: Date) -> Option<Occurrence> {
        let l = Listing {
            sessions: sessions.to_vec(),
            ..Listing::for_test("x")
        };
        next(&l, &Calendar::default(), today)
    }

    #[test]
    fn a_weekly_session_is_next_on_its_nearest_day_including_today() {
        // Sunday 22 November 2026.
        let today = date(2026, 11, 22);
        let s = [weekly(&[Weekday::Tuesday, Weekday::Thursday], 10)];
        assert_eq!(next_of(&s, today).unwrap().date, date(2026, 11, 24));
        let s = [weekly(&[Weekday::Sunday], 10)];
        assert_eq!(next_of(&s, today).unwrap().date, today);
    }

    #[test]
    fn the_last_weekday_of_the_month_moves_to_next_month_once_passed() {
        let last_friday = Repeat::Monthly(-1, vec![Weekday::Friday]);
        // The last Friday of November 2026 is the 27th; of December, the 25th.
        assert_eq!(
            next_date(&last_friday, date(2026, 11, 22)),
            Some(date(2026, 11, 27))
        );
        assert_eq!(
            next_date(&last_friday, date(2026, 11, 28)),
            Some(date(2026, 12, 25))
        );
        // The first Tuesday: 1 December 2026 when November's (the 3rd) has gone.
        let first_tuesday = Repeat::Monthly(1, vec![Weekday::Tuesday]);
        assert_eq!(
            next_date(&first_tuesday, date(2026, 11, 4)),
            Some(date(2026, 12, 1))
        );
        // Across the year: the last Friday of January 2027.
        assert_eq!(
            next_date(&last_friday, date(2026, 12, 26)),
            Some(date(2027, 1, 29))
        );
    }

    #[test]
    fn a_one_off_date_in_the_past_has_no_next_session() {
        let once = |d| Session {
            repeat: Repeat::Once(d),
            start: None,
            end: None,
        };
        let today = date(2026, 11, 22);
        assert_eq!(next_of(&[once(date(2026, 11, 1))], today), None);
        assert_eq!(
            next_of(&[once(date(2026, 12, 12))], today).unwrap().date,
            date(2026, 12, 12)
        );
        assert_eq!(next_of(&[], today), None);
        // The earliest of several sessions wins, then the earliest start.
        let s = [
            weekly(&[Weekday::Thursday], 18),
            once(date(2026, 11, 1)),
            weekly(&[Weekday::Thursday], 9),
        ];
        let n = next_of(&s, today).unwrap();
        assert_eq!(
            (n.date, n.start),
            (date(2026, 11, 26), Some(time(9, 0, 0, 0)))
        );
    }

    #[test]
    fn sessions_keep_their_wall_clock_time_across_the_clock_change() {
        // Saturday 24 October 2026; the clocks go back at 02:00 on Sunday the 25th.
        let today = date(2026, 10, 24);
        let s = [weekly(&[Weekday::Sunday], 10)];
        assert_eq!(next_of(&s, today).unwrap().date, date(2026, 10, 25));
        let listing = listing_with(s.to_vec());
        let cal = ics(&listing, &Calendar::default(), today, &text());
        // Local time with the zone, never a fixed UTC time that would drift by an hour.
        assert!(
            cal.contains("DTSTART;TZID=Europe/London:20261025T100000\r\n"),
            "{cal}"
        );
        assert!(!cal.contains("T100000Z"), "{cal}");
        // The VTIMEZONE's rules agree with the time zone database where it is installed.
        let Ok(london) = jiff::tz::TimeZone::get(TZID) else {
            return;
        };
        for year in 2026..2031 {
            for (month, before, after) in [(3, 0, 1), (10, 1, 0)] {
                let change = date(year, month, 31).nth_weekday_of_month(-1, Weekday::Sunday);
                let change = change.unwrap();
                let offset = |d: Date, h| {
                    london
                        .to_offset(
                            d.at(h, 0, 0, 0)
                                .to_zoned(jiff::tz::TimeZone::UTC)
                                .unwrap()
                                .timestamp(),
                        )
                        .seconds()
                        / 3600
                };
                assert_eq!(offset(change, 0), before, "{change}");
                assert_eq!(offset(change, 2), after, "{change}");
            }
        }
    }

    fn listing_with(sessions: Vec<Session>) -> Listing {
        Listing {
            name: "Knit and Natter, Thornton Heath; with a very long name to fold here".into(),
            summary: "A friendly knitting group.".into(),
            online: true,
            sessions,
            term_time_only: true,
            ..Listing::for_test("knit-and-natter")
        }
    }

    fn text() -> CalendarText<'static> {
        CalendarText {
            url: "https://example.org/listings/knit-and-natter/",
            domain: "example.org",
            location: "Thornton Heath Library, Brigstock Road, CR7 7JB",
            notes: &["Term time only: not in school holidays."],
        }
    }

    #[test]
    fn the_calendar_has_a_recurrence_rule_per_session_crlf_and_folded_lines() {
        let sessions = vec![
            weekly(&[Weekday::Tuesday, Weekday::Thursday], 10),
            Session {
                repeat: Repeat::Monthly(-1, vec![Weekday::Friday]),
                start: Some(time(18, 30, 0, 0)),
                end: None,
            },
            Session {
                repeat: Repeat::Monthly(1, vec![Weekday::Tuesday]),
                start: Some(time(14, 0, 0, 0)),
                end: Some(time(15, 0, 0, 0)),
            },
            Session {
                repeat: Repeat::Once(date(2026, 12, 12)),
                start: None,
                end: None,
            },
        ];
        let cal = ics(
            &listing_with(sessions),
            &Calendar::default(),
            date(2026, 11, 22),
            &text(),
        );
        assert!(
            cal.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
            "{cal}"
        );
        assert!(cal.ends_with("END:VCALENDAR\r\n"));
        // Every line ends in CRLF and none is longer than 75 octets.
        for line in cal.split_terminator("\r\n") {
            assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        assert_eq!(cal.matches("BEGIN:VEVENT").count(), 4);
        for want in [
            "UID:knit-and-natter-1@example.org",
            "DTSTART;TZID=Europe/London:20261124T100000",
            "DTEND;TZID=Europe/London:20261124T120000",
            "RRULE:FREQ=WEEKLY;BYDAY=TU,TH",
            "DTSTART;TZID=Europe/London:20261127T183000",
            "RRULE:FREQ=MONTHLY;BYDAY=-1FR",
            "RRULE:FREQ=MONTHLY;BYDAY=1TU",
            "DTSTART;TZID=Europe/London:20261201T140000",
            "DTSTART;VALUE=DATE:20261212",
            "DTEND;VALUE=DATE:20261213",
            "URL:https://example.org/listings/knit-and-natter/",
            "LOCATION:Thornton Heath Library\\, Brigstock Road\\, CR7 7JB",
            "TZID:Europe/London",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        ] {
            assert!(cal.contains(&format!("{want}\r\n")), "no {want} in\n{cal}");
        }
        // The one-off event does not repeat; the monthly without an end has no DTEND.
        assert_eq!(cal.matches("RRULE:FREQ=").count(), 3 + 2);
        // A long summary is folded, and unfolds to the escaped text.
        let unfolded = cal.replace("\r\n ", "");
        assert!(
            unfolded.contains(
                "SUMMARY:Knit and Natter\\, Thornton Heath\\; with a very long name to fold here\r\n"
            ),
            "{cal}"
        );
        assert!(cal.contains("\r\n "), "nothing was folded");
        assert!(unfolded.contains("Term time only: not in school holidays."));
    }

    /// England and Wales bank holidays around Christmas 2026 and New Year, as GOV.UK lists
    /// them, and made-up school terms (not any council's: for tests only).
    fn calendar() -> Calendar {
        Calendar {
            bank_holidays: vec![date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)],
            terms: vec![
                (date(2026, 9, 2), date(2026, 10, 23)),
                (date(2026, 11, 2), date(2026, 12, 18)),
                (date(2027, 1, 5), date(2027, 2, 12)),
            ],
        }
    }

    fn every_other(day: Weekday, from: Date) -> Session {
        Session {
            repeat: Repeat::Interval {
                weeks: 2,
                from,
                days: vec![day],
            },
            start: Some(time(18, 0, 0, 0)),
            end: None,
        }
    }

    #[test]
    fn every_other_week_counts_whole_weeks_from_its_first_session() {
        // Every other Thursday from Thursday 26 November 2026.
        let r = every_other(Weekday::Thursday, date(2026, 11, 26)).repeat;
        assert_eq!(next_date(&r, date(2026, 11, 22)), Some(date(2026, 11, 26)));
        assert_eq!(next_date(&r, date(2026, 11, 27)), Some(date(2026, 12, 10)));
        assert_eq!(next_date(&r, date(2026, 12, 10)), Some(date(2026, 12, 10)));
        // Across the year's end, 2027 starting on a Friday.
        assert_eq!(next_date(&r, date(2026, 12, 25)), Some(date(2027, 1, 7)));
        // A first session long ago tells the weeks just as well.
        let old = every_other(Weekday::Thursday, date(2025, 1, 9)).repeat;
        assert_eq!(
            next_date(&old, date(2026, 11, 22)),
            Some(date(2026, 11, 26))
        );
        // One not yet started starts on its first date.
        let new = every_other(Weekday::Thursday, date(2027, 3, 4)).repeat;
        assert_eq!(next_date(&new, date(2026, 11, 22)), Some(date(2027, 3, 4)));
        // Two days in the weeks on; every third week.
        let two = Repeat::Interval {
            weeks: 3,
            from: date(2026, 11, 24),
            days: vec![Weekday::Tuesday, Weekday::Saturday],
        };
        assert_eq!(
            next_date(&two, date(2026, 11, 25)),
            Some(date(2026, 11, 28))
        );
        assert_eq!(
            next_date(&two, date(2026, 11, 29)),
            Some(date(2026, 12, 15))
        );
    }

    #[test]
    fn a_group_closed_on_bank_holidays_skips_them_and_an_open_one_does_not() {
        let fridays = Listing {
            sessions: vec![weekly(&[Weekday::Friday], 10)],
            ..Listing::for_test("friday")
        };
        let cal = calendar();
        // Christmas Day and New Year's Day 2026/27 are both Fridays.
        assert_eq!(fridays.bank_holidays, BankHolidays::Closed, "the default");
        let n = next(&fridays, &cal, date(2026, 12, 21)).unwrap();
        assert_eq!(n.date, date(2027, 1, 8));
        let open = Listing {
            bank_holidays: BankHolidays::Open,
            ..fridays.clone()
        };
        assert_eq!(
            next(&open, &cal, date(2026, 12, 21)).unwrap().date,
            date(2026, 12, 25)
        );
        // A one-off date is kept, bank holiday or not.
        let once = Listing {
            sessions: vec![Session {
                repeat: Repeat::Once(date(2026, 12, 25)),
                start: None,
                end: None,
            }],
            ..fridays
        };
        assert_eq!(
            next(&once, &cal, date(2026, 12, 21)).unwrap().date,
            date(2026, 12, 25)
        );
    }

    #[test]
    fn a_term_time_group_skips_the_school_holidays_the_directory_knows() {
        let tuesdays = Listing {
            sessions: vec![weekly(&[Weekday::Tuesday], 10)],
            term_time_only: true,
            ..Listing::for_test("tuesday")
        };
        let cal = calendar();
        // Half term (26–30 October) is skipped: the next is the first Tuesday of the term.
        let n = next(&tuesdays, &cal, date(2026, 10, 24)).unwrap();
        assert_eq!(n.date, date(2026, 11, 3));
        assert_eq!(wording_on(&tuesdays, &cal, n.date), Some("term"));
        // The Christmas holiday too.
        assert_eq!(
            next(&tuesdays, &cal, date(2026, 12, 19)).unwrap().date,
            date(2027, 1, 5)
        );
        // After the last term the directory knows, no date is skipped, and the pages say to
        // check the dates with the group.
        let n = next(&tuesdays, &cal, date(2027, 2, 13)).unwrap();
        assert_eq!(n.date, date(2027, 2, 16));
        assert_eq!(wording_on(&tuesdays, &cal, n.date), Some("check"));
        // With no terms at all, the same.
        let none = Calendar::default();
        let n = next(&tuesdays, &none, date(2026, 10, 24)).unwrap();
        assert_eq!(n.date, date(2026, 10, 27));
        assert_eq!(wording_on(&tuesdays, &none, n.date), Some("check"));
    }

    #[test]
    fn the_calendar_file_leaves_out_closed_days_and_says_every_other_week() {
        let listing = Listing {
            name: "Fortnightly Friday Club".into(),
            online: true,
            sessions: vec![
                Session {
                    repeat: Repeat::Weekly(vec![Weekday::Monday, Weekday::Friday]),
                    start: Some(time(10, 0, 0, 0)),
                    end: Some(time(12, 0, 0, 0)),
                },
                Session {
                    repeat: Repeat::Interval {
                        weeks: 2,
                        from: date(2026, 12, 18),
                        days: vec![Weekday::Friday],
                    },
                    start: None,
                    end: None,
                },
            ],
            ..Listing::for_test("friday-club")
        };
        let cal = Calendar {
            terms: vec![],
            ..calendar()
        };
        let file = ics(&listing, &cal, date(2026, 12, 20), &text());
        for want in [
            "RRULE:FREQ=WEEKLY;BYDAY=MO,FR",
            "EXDATE;TZID=Europe/London:20261225T100000",
            "EXDATE;TZID=Europe/London:20261228T100000",
            "EXDATE;TZID=Europe/London:20270101T100000",
            "DTSTART;VALUE=DATE:20270101",
            "RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=FR",
            "EXDATE;VALUE=DATE:20270101",
        ] {
            assert!(
                file.contains(&format!("{want}\r\n")),
                "no {want} in\n{file}"
            );
        }
        // The fortnightly session is not on 25 December: that week is not one of its weeks.
        assert_eq!(file.matches("EXDATE").count(), 4, "{file}");
        // A group open on bank holidays has none.
        let open = Listing {
            bank_holidays: BankHolidays::Open,
            ..listing
        };
        assert!(!ics(&open, &cal, date(2026, 12, 20), &text()).contains("EXDATE"));
    }

    #[test]
    fn a_term_time_groups_calendar_file_skips_the_school_holidays() {
        let listing = Listing {
            online: true,
            sessions: vec![weekly(&[Weekday::Wednesday], 15)],
            term_time_only: true,
            bank_holidays: BankHolidays::Open,
            ..Listing::for_test("homework-club")
        };
        let file = ics(&listing, &calendar(), date(2026, 10, 1), &text());
        let exdates: Vec<&str> = file.lines().filter(|l| l.starts_with("EXDATE")).collect();
        assert_eq!(
            exdates,
            [
                // Half term, then the three Wednesdays of the Christmas holiday.
                "EXDATE;TZID=Europe/London:20261028T150000",
                "EXDATE;TZID=Europe/London:20261223T150000",
                "EXDATE;TZID=Europe/London:20261230T150000",
            ],
            "{file}"
        );
        // Without terms, nothing is skipped.
        let file = ics_without_terms(&listing);
        assert!(!file.contains("EXDATE"), "{file}");
    }

    fn ics_without_terms(l: &Listing) -> String {
        ics(l, &Calendar::default(), date(2026, 10, 1), &text())
    }

    #[test]
    fn the_pages_read_the_sessions_in_short() {
        let l = Listing {
            sessions: vec![
                weekly(&[Weekday::Tuesday, Weekday::Thursday], 10),
                every_other(Weekday::Thursday, date(2026, 11, 26)),
                Session {
                    repeat: Repeat::Monthly(-1, vec![Weekday::Friday]),
                    start: None,
                    end: None,
                },
                Session {
                    repeat: Repeat::Once(date(2026, 12, 12)),
                    start: Some(time(14, 0, 0, 0)),
                    end: Some(time(16, 0, 0, 0)),
                },
            ],
            term_time_only: true,
            bank_holidays: BankHolidays::Open,
            ..Listing::for_test("x")
        };
        assert_eq!(
            compact(&l),
            "w:tue,thu 10:00-12:00;e2=2026-11-26:thu 18:00;m-1:fri;o:2026-12-12 14:00-16:00;open;term"
        );
        let paused = Listing {
            status: Status::Paused,
            ..l
        };
        assert_eq!(compact(&paused), "");
    }

    #[test]
    fn govuk_bank_holidays_are_read_by_division() {
        let json = r#"{"england-and-wales": {"division": "england-and-wales", "events": [
            {"title": "Boxing Day", "date": "2026-12-28", "notes": "Substitute day", "bunting": true},
            {"title": "Christmas Day", "date": "2026-12-25", "notes": "", "bunting": true}]},
            "scotland": {"division": "scotland", "events": []}}"#;
        assert_eq!(
            Calendar::bank_holidays_from_govuk(json, "england-and-wales").unwrap(),
            [date(2026, 12, 25), date(2026, 12, 28)]
        );
        assert!(matches!(
            Calendar::bank_holidays_from_govuk(json, "wales"),
            Err(CalendarError::Division(_))
        ));
        assert!(Calendar::bank_holidays_from_govuk("[]", "scotland").is_err());
        let bad = json.replace("2026-12-28", "28/12/2026");
        assert!(matches!(
            Calendar::bank_holidays_from_govuk(&bad, "england-and-wales"),
            Err(CalendarError::Date(_))
        ));
    }

    #[test]
    fn no_control_character_reaches_a_calendar_file() {
        // Validation refuses these in listings; the calendar escapes them anyway.
        let mut listing = listing_with(vec![weekly(&[Weekday::Tuesday], 10)]);
        listing.name = "Knit\u{1b}[31m\0\u{7}\u{202e}\tand\rNatter".into();
        let cal = ics(&listing, &Calendar::default(), date(2026, 11, 22), &text());
        let unfolded = cal.replace("\r\n ", "");
        assert!(
            unfolded.contains("SUMMARY:Knit\u{fffd}[31m\u{fffd}\u{fffd}\u{fffd}\tandNatter\r\n"),
            "{cal}"
        );
        for line in cal.split_terminator("\r\n") {
            assert!(
                !line.chars().any(|c| c.is_control() && c != '\t'),
                "{line:?}"
            );
        }
    }

    #[test]
    fn folding_never_splits_a_character() {
        let line = format!("SUMMARY:{}", "ش".repeat(60));
        let folded = fold(&line);
        for part in folded.split_terminator("\r\n") {
            assert!(part.len() <= 75);
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
    }
}
