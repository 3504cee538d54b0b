//! What the pages' script `when.js` needs to work a listing's next session out again on the
//! day a page is read: the words of the page's language (day and month names, the "Next: …"
//! sentences) and the directory's calendar (bank holidays and school terms), written once per
//! page as data-* attributes of the script's tag (`base.html`). Each card and listing page
//! carries the listing's sessions itself ([`crate::schedule::compact`]).
//!
//! Not for working dates out: that is [`crate::schedule`] at build time and `when.js` in the
//! page.

use jiff::civil::{Date, Weekday};
use serde::Serialize;

use crate::i18n::Strings;
use crate::schedule::Calendar;

/// How far ahead of the build the page's calendar reaches, in days: a page read up to a year
/// after it was built still finds the closed days of the year it looks ahead.
const CALENDAR_DAYS: i64 = 2 * 366;

/// The script tag's data, in one language.
#[derive(Debug, Serialize)]
pub(super) struct When {
    /// Weekday names, Sunday first (as JavaScript's `Date.getDay()` counts), `|`-separated.
    days: String,
    /// Month names, January first, `|`-separated.
    months: String,
    /// The sentences, with the weekday `{w}`, day `{d}`, month `{m}`, year `{y}` (and in the
    /// second, timed, form the time `{t}`) to fill in: the next session, in term time, in term
    /// time with the terms not known, by appointment.
    next: [String; 2],
    term: [String; 2],
    check: [String; 2],
    appt: [String; 2],
    /// Bank holidays from the build's day for two years, space-separated YYYY-MM-DD.
    bank: String,
    /// School terms that end on or after the build's day, and the one before them (so that
    /// the page knows the holiday it may be in), `first/last` space-separated.
    terms: String,
}

impl When {
    /// The words of `t` and the part of `calendar` a page built on `today` can need.
    pub(super) fn of(t: &Strings, calendar: &Calendar, today: Date) -> When {
        use Weekday::*;
        let days = [
            Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday,
        ]
        .into_iter()
        .map(|d| t.weekday(d))
        .collect::<Vec<_>>()
        .join("|");
        let months = (1..=12)
            .map(|m| t.get(&format!("month_{m}")).to_string())
            .collect::<Vec<_>>()
            .join("|");
        let until = today
            .checked_add(jiff::Span::new().days(CALENDAR_DAYS))
            .unwrap_or(Date::MAX);
        let bank = calendar
            .bank_holidays
            .iter()
            .filter(|d| today <= **d && **d <= until)
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let from = calendar
            .terms
            .iter()
            .position(|(_, last)| *last >= today)
            .unwrap_or(calendar.terms.len());
        let terms = calendar.terms[from.saturating_sub(1)..]
            .iter()
            .map(|(first, last)| format!("{first}/{last}"))
            .collect::<Vec<_>>()
            .join(" ");
        // The page's date, its parts left to fill in, as `Strings::dated` words it.
        let long = t.fill(
            "long_date",
            &[("day", "{d}"), ("month", "{m}"), ("year", "{y}")],
        );
        let date = t.fill("dated", &[("weekday", "{w}"), ("date", &long)]);
        let timed = t.fill("date_time", &[("date", &date), ("time", "{t}")]);
        let sentence = |key: &str| {
            [
                t.fill(key, &[("when", &date)]),
                t.fill(key, &[("when", &timed)]),
            ]
        };
        When {
            days,
            months,
            next: sentence("next_session"),
            term: sentence("next_session_term"),
            check: sentence("next_session_check"),
            appt: sentence("next_session_appt"),
            bank,
            terms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_page_gets_the_words_and_the_calendar_it_can_need() {
        let en = crate::i18n::builtin_english();
        let calendar = Calendar {
            bank_holidays: vec![
                date(2026, 8, 31),
                date(2026, 12, 25),
                date(2028, 12, 25),
                date(2028, 12, 26),
            ],
            terms: vec![
                (date(2026, 9, 2), date(2026, 10, 23)),
                (date(2026, 11, 2), date(2026, 12, 18)),
            ],
        };
        let w = When::of(en, &calendar, date(2026, 11, 22));
        assert!(w.days.starts_with("Sunday|Monday|"), "{}", w.days);
        assert!(w.days.ends_with("|Saturday"), "{}", w.days);
        assert!(w.months.starts_with("January|February|"));
        assert_eq!(
            w.next,
            ["Next: {w} {d} {m} {y}", "Next: {w} {d} {m} {y}, {t}"]
        );
        // Two years ahead, no further, and nothing already past.
        assert_eq!(w.bank, "2026-12-25");
        assert_eq!(w.terms, "2026-09-02/2026-10-23 2026-11-02/2026-12-18");
        // In the holiday after the last term: that term, so the page knows it has ended.
        let w = When::of(en, &calendar, date(2026, 12, 20));
        assert_eq!(w.terms, "2026-11-02/2026-12-18");
        let w = When::of(en, &calendar, date(2026, 9, 1));
        assert_eq!(w.terms, "2026-09-02/2026-10-23 2026-11-02/2026-12-18");
    }
}
