//! When a group next meets, and its sessions as an iCalendar file.
//!
//! Two jobs, both from a listing's `when` ([`Session`]s) and a date, with no clock of their
//! own: [`next`] finds the next session on or after a day (the build's `today`, which
//! `SIGNPOST_TODAY` fixes), and [`ics`] writes the sessions as an RFC 5545 calendar, one
//! `VEVENT` per session: a weekly session repeats with `RRULE:FREQ=WEEKLY;BYDAY=TU,TH`, a
//! monthly one with an ordinal (`BYDAY=1TU`, `-1FR` for the last), a one-off date is a single
//! event. Times are Europe/London wall-clock times (`TZID=Europe/London`, with the zone's
//! rules in a `VTIMEZONE`), so a 10:00 group stays at 10:00 across the clock changes.
//!
//! `term_time_only` and `by_appointment` change no date here: there is no school calendar to
//! compute with, so pages say it in words beside the date. What is not for this module:
//! wording (sessions in words are `i18n::Strings::session`; `render` puts the next date into
//! sentences in the page's language).

use jiff::civil::{Date, Time, Weekday};

use crate::model::{Listing, Repeat, Session, Status};

/// A listing's next session: its date and times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub date: Date,
    pub start: Option<Time>,
    pub end: Option<Time>,
}

/// The next session of any of `sessions` on or after `today`: the earliest date, then the
/// earliest start. `None` when every session is a one-off date in the past.
pub fn next(sessions: &[Session], today: Date) -> Option<Occurrence> {
    sessions
        .iter()
        .filter_map(|s| {
            next_date(&s.repeat, today).map(|date| Occurrence {
                date,
                start: s.start,
                end: s.end,
            })
        })
        .min_by_key(|o| (o.date, o.start))
}

/// How a listing's next session is worded besides its date: `term` (term time only) or
/// `appt` (by appointment); the page's sentence and the search index both use it.
pub fn wording(l: &Listing) -> Option<&'static str> {
    if l.term_time_only {
        Some("term")
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

fn on_or_after(from: Date, day: Weekday) -> Option<Date> {
    if from.weekday() == day {
        Some(from)
    } else {
        from.nth_weekday(1, day).ok()
    }
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
/// folded at 75 octets). Each repeating session starts on its first date on or after `today`;
/// `DTSTAMP` is `today`. A session without a start time is an all-day event; one without an
/// end time ends when it starts (RFC 5545 §3.6.1). Each event's `UID` is
/// `<listing id>-<session number>@<domain>`, the same in every build.
pub fn ics(listing: &Listing, today: Date, text: &CalendarText) -> String {
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

/// `RRULE:…` of a repeating session; `None` for a one-off date.
fn rrule(repeat: &Repeat) -> Option<String> {
    repeat
        .recurrence()
        .map(|(freq, byday)| format!("RRULE:FREQ={freq};BYDAY={byday}"))
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
    use jiff::civil::{date, time};

    fn weekly(days: &[Weekday], h: i8) -> Session {
        Session {
            repeat: Repeat::Weekly(days.to_vec()),
            start: Some(time(h, 0, 0, 0)),
            end: Some(time(h + 2, 0, 0, 0)),
        }
    }

    #[test]
    fn a_weekly_session_is_next_on_its_nearest_day_including_today() {
        // Sunday 22 November 2026.
        let today = date(2026, 11, 22);
        let s = [weekly(&[Weekday::Tuesday, Weekday::Thursday], 10)];
        assert_eq!(next(&s, today).unwrap().date, date(2026, 11, 24));
        let s = [weekly(&[Weekday::Sunday], 10)];
        assert_eq!(next(&s, today).unwrap().date, today);
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
        assert_eq!(next(&[once(date(2026, 11, 1))], today), None);
        assert_eq!(
            next(&[once(date(2026, 12, 12))], today).unwrap().date,
            date(2026, 12, 12)
        );
        assert_eq!(next(&[], today), None);
        // The earliest of several sessions wins, then the earliest start.
        let s = [
            weekly(&[Weekday::Thursday], 18),
            once(date(2026, 11, 1)),
            weekly(&[Weekday::Thursday], 9),
        ];
        let n = next(&s, today).unwrap();
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
        assert_eq!(next(&s, today).unwrap().date, date(2026, 10, 25));
        let listing = listing_with(s.to_vec());
        let cal = ics(&listing, today, &text());
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
        let cal = ics(&listing_with(sessions), date(2026, 11, 22), &text());
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

    #[test]
    fn no_control_character_reaches_a_calendar_file() {
        // Validation refuses these in listings; the calendar escapes them anyway.
        let mut listing = listing_with(vec![weekly(&[Weekday::Tuesday], 10)]);
        listing.name = "Knit\u{1b}[31m\0\u{7}\u{202e}\tand\rNatter".into();
        let cal = ics(&listing, date(2026, 11, 22), &text());
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
