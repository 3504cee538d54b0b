//! When a group meets: each session's days, interval in weeks (`every`, from `starting`), week
//! of the month or one-off date, and start and end times, and how they make a [`Repeat`].
//!
//! Not for working out the next date a session falls on: that is `schedule`.

use jiff::civil::{Date, Time, Weekday};

use super::Report;
use crate::diagnostics::Code;
use crate::listing::{MAX_EVERY_WEEKS, Session, Src, Text};
use crate::model::{self, Repeat, WEEKDAYS};

/// Parses a weekday name as listings write it (`tuesday`, any case): one of
/// [`model::WEEKDAYS`].
pub fn weekday(s: &str) -> Option<Weekday> {
    let lower = s.trim().to_lowercase();
    WEEKDAYS.iter().find(|(n, _)| *n == lower).map(|(_, d)| *d)
}

/// Parses a time as listings write it: `HH:MM`, 24-hour, in digits (`+9:30` and `10:+5` are
/// not times, though `+9` reads as a number).
pub fn parse_time(s: &str) -> Option<Time> {
    let (h, m) = s.trim().split_once(':')?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if h.is_empty() || h.len() > 2 || m.len() != 2 || !digits(h) || !digits(m) {
        return None;
    }
    let (h, m): (i8, i8) = (h.parse().ok()?, m.parse().ok()?);
    Time::new(h, m, 0, 0).ok()
}

/// One session, when every part of it is good; each bad part is reported.
pub(super) fn session(r: &mut Report, w: &Src<Session>) -> Option<model::Session> {
    let s = &w.value;
    let (days, days_ok) = days(r, &s.days);
    let starting = s.starting.as_ref().map(|d| date(r, d));
    let date = s.date.as_ref().map(|d| date(r, d));
    let week = s.week.as_ref().map(|wk| week_of_month(r, wk));
    let every = s.every.as_ref().map(|e| every(r, e));
    let (start, end, times_ok) = times(r, s);
    let ok = days_ok
        && ![date, starting].iter().any(|d| matches!(d, Some(None)))
        && !matches!(week, Some(None))
        && !matches!(every, Some(None))
        && times_ok;
    let parsed = Parsed {
        days,
        date: date.flatten(),
        week: week.flatten(),
        every: every.flatten(),
        starting: starting.flatten(),
    };
    let repeat = repeat(r, w, parsed)?;
    ok.then_some(model::Session { repeat, start, end })
}

/// The parts of a session that say when it repeats, parsed (`None` when absent or bad).
struct Parsed {
    days: Vec<Weekday>,
    date: Option<Date>,
    week: Option<i8>,
    every: Option<u8>,
    starting: Option<Date>,
}

/// The number of weeks from one session to the next: 1 to [`MAX_EVERY_WEEKS`].
fn every(r: &mut Report, e: &Src<i64>) -> Option<u8> {
    match u8::try_from(e.value) {
        Ok(n) if (1..=MAX_EVERY_WEEKS).contains(&e.value) => Some(n),
        _ => {
            r.add(
                Code::BadValue,
                e.pos,
                format!(
                    "`every: {}` is not a number of weeks Signpost can show",
                    e.value
                ),
                format!(
                    "write `every: 2` for every other week, up to `every: {MAX_EVERY_WEEKS}`; \
                     for monthly sessions use `week:` instead"
                ),
            );
            None
        }
    }
}

/// The days that are days of the week, and whether all were.
fn days(r: &mut Report, given: &[Text]) -> (Vec<Weekday>, bool) {
    let mut days = Vec::new();
    let mut ok = true;
    for d in given {
        match weekday(&d.value) {
            Some(day) => days.push(day),
            None => {
                ok = false;
                let names = || WEEKDAYS.iter().map(|(n, _)| *n);
                // The first three letters, counted in characters: listing text can hold any
                // character, and a byte slice could end inside one.
                let start: String = d.value.trim().to_lowercase().chars().take(3).collect();
                let help =
                    match names().find(|n| start.chars().count() == 3 && n.starts_with(&start)) {
                        Some(n) => format!("write the day in full: `{n}`"),
                        None => "write days in full, e.g. `[monday, thursday]`".into(),
                    };
                r.add(
                    Code::BadValue,
                    d.pos,
                    format!("`{}` is not a day of the week", d.value),
                    help,
                );
            }
        }
    }
    (days, ok)
}

/// A one-off date, YYYY-MM-DD.
fn date(r: &mut Report, d: &Text) -> Option<Date> {
    match d.value.trim().parse::<Date>() {
        Ok(date) => Some(date),
        Err(_) => {
            r.add(
                Code::BadDate,
                d.pos,
                format!("`{}` is not a date", d.value),
                "write dates as YYYY-MM-DD, e.g. 2026-12-05",
            );
            None
        }
    }
}

/// The week of the month of a monthly session: 1 to 4, or -1 for the last.
fn week_of_month(r: &mut Report, wk: &Text) -> Option<i8> {
    let n = match wk.value.trim().to_lowercase().as_str() {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        "last" => -1,
        _ => {
            r.add(
                Code::BadValue,
                wk.pos,
                format!("`{}` is not a week of the month", wk.value),
                "write `first`, `second`, `third`, `fourth` or `last`",
            );
            return None;
        }
    };
    Some(n)
}

fn time(r: &mut Report, t: &Option<Text>) -> Option<Time> {
    let t = t.as_ref()?;
    let parsed = parse_time(&t.value);
    if parsed.is_none() {
        r.add(
            Code::BadTime,
            t.pos,
            format!("`{}` is not a time", t.value),
            "write 24-hour time in quotes, e.g. \"18:30\"",
        );
    }
    parsed
}

/// The start and end times, and whether both (when given) are times with the end after the
/// start.
fn times(r: &mut Report, s: &Session) -> (Option<Time>, Option<Time>, bool) {
    let start = time(r, &s.start);
    let end = time(r, &s.end);
    let mut ok = !(s.start.is_some() && start.is_none() || s.end.is_some() && end.is_none());
    if let (Some(a), Some(b), Some(e)) = (start, end, &s.end)
        && b <= a
    {
        ok = false;
        r.add(
            Code::BadTime,
            e.pos,
            format!(
                "the session ends ({b}) before it starts ({a})",
                b = &e.value,
                a = s.start.as_ref().map_or("", |t| t.value.as_str())
            ),
            "check the times: they are 24-hour, so 6pm is \"18:00\"",
        );
    }
    (start, end, ok)
}

/// How the session repeats: weekly, every few weeks or monthly on `days`, or once on `date`;
/// `days` and a `date` together, `week` or `every` with a `date`, `every` with `week`, or
/// neither days nor a date is an error.
fn repeat(r: &mut Report, w: &Src<Session>, p: Parsed) -> Option<Repeat> {
    let s = &w.value;
    if s.date.is_none() && !s.days.is_empty() && (s.every.is_some() || s.starting.is_some()) {
        return every_few_weeks(r, w, p);
    }
    let (days, date, week) = (p.days, p.date, p.week);
    if s.date.is_some() && (s.every.is_some() || s.starting.is_some()) && s.days.is_empty() {
        r.add(
            Code::BadValue,
            w.pos,
            "`every` and `starting` go with `days`, not with a one-off `date`",
            "remove them, or write `days:` for a session that repeats",
        );
        return None;
    }
    match (date, s.days.is_empty(), s.date.is_some()) {
        (_, false, true) => {
            r.add(
                Code::BadValue,
                w.pos,
                "a session has either `days` (every week or month) or a `date` (once), not both",
                "split it into two sessions",
            );
            None
        }
        (Some(date), true, true) => {
            if s.week.is_some() {
                r.add(
                    Code::BadValue,
                    w.pos,
                    "`week` goes with `days`, not with a one-off `date`",
                    "remove `week`",
                );
                return None;
            }
            Some(Repeat::Once(date))
        }
        (None, false, false) => Some(match week {
            Some(n) => Repeat::Monthly(n, days),
            None => Repeat::Weekly(days),
        }),
        (None, true, false) => {
            r.add(
                Code::MissingField,
                w.pos,
                "this session has no `days` and no `date`",
                "add e.g. `days: [tuesday]`, or `date: 2026-12-05` for a one-off",
            );
            None
        }
        _ => None,
    }
}

/// A session on `days` with `every` or `starting`: every `every` weeks (1 when not given)
/// from the date `starting`, which must be one of the session's days. `every` of 2 or more
/// needs `starting` to tell which weeks; neither goes with a monthly `week`.
fn every_few_weeks(r: &mut Report, w: &Src<Session>, p: Parsed) -> Option<Repeat> {
    let s = &w.value;
    if s.week.is_some() {
        r.add(
            Code::BadValue,
            w.pos,
            "`every` and `starting` are for sessions every few weeks, `week` for monthly ones",
            "keep `week` for a monthly session, or `every` and `starting` for one every few weeks",
        );
        return None;
    }
    let weeks = match (&s.every, p.every) {
        (None, _) => 1,
        (Some(_), Some(n)) => n,
        (Some(_), None) => return None,
    };
    let from = match (&s.starting, p.starting) {
        (Some(_), Some(from)) => from,
        (Some(_), None) => return None,
        (None, _) if weeks == 1 => return Some(Repeat::Weekly(p.days)),
        (None, _) => {
            r.add(
                Code::MissingField,
                w.pos,
                format!("a session every {weeks} weeks needs `starting`, to tell which weeks"),
                "add `starting:` with the date of one session (YYYY-MM-DD), the first or any since",
            );
            return None;
        }
    };
    if !p.days.is_empty() && !p.days.contains(&from.weekday()) {
        let named = s.starting.as_ref().expect("`starting` is given");
        r.add(
            Code::BadValue,
            named.pos,
            format!(
                "`starting: {from}` is a {}, not one of this session's days",
                crate::model::weekday_id(from.weekday())
            ),
            "write the date of one session, on one of its `days`",
        );
        return None;
    }
    Some(Repeat::Interval {
        weeks,
        from,
        days: p.days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("09:30"), Some(Time::constant(9, 30, 0, 0)));
        assert_eq!(parse_time("9:30"), Some(Time::constant(9, 30, 0, 0)));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("6pm"), None);
        assert_eq!(parse_time("+9:30"), None);
        assert_eq!(parse_time("10:+5"), None);
    }
}
