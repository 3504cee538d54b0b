//! A listing's sessions as HSDS `schedule` objects: weekly and monthly sessions as recurrence
//! rules (`freq`, `byday`), one-off dates as `dtstart`, each with its times and a description in
//! words; a listing seen by appointment only gets one schedule that says so. Not for the next
//! date or calendar files (`crate::schedule`).

use std::fmt::Write as _;

use jiff::civil::{Time, Weekday};
use serde_json::Value;

use super::obj::Obj;
use super::service::join_and;
use crate::model::{Listing, Repeat, Session};

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// `HH:MM`, the form HSDS's `opens_at` and `closes_at` describe (local UK time).
pub fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

pub(super) fn schedules(
    l: &Listing,
    service_id: &str,
    attending: &str,
    part: &dyn Fn(&str, &str) -> String,
) -> Vec<Value> {
    let mut notes = Vec::new();
    if l.term_time_only {
        notes.push("Term time only: no sessions in school holidays.");
    }
    if l.by_appointment {
        notes.push("By appointment.");
    }
    let notes = (!notes.is_empty()).then(|| notes.join(" "));
    let mut out: Vec<Value> = l
        .sessions
        .iter()
        .enumerate()
        .map(|(i, session)| {
            let o = Obj::new(part("schedule", &i.to_string())).s("service_id", service_id);
            let o = match &session.repeat {
                Repeat::Once(date) => o
                    .s("dtstart", date.to_string())
                    .s("valid_from", date.to_string())
                    .s("valid_to", date.to_string()),
                weekly_or_monthly => match weekly_or_monthly.recurrence() {
                    Some((freq, byday)) => o
                        .s("freq", freq)
                        .num("interval", Some(1.0))
                        .s("byday", byday),
                    None => o,
                },
            };
            o.opt("opens_at", session.start.map(hhmm))
                .opt("closes_at", session.end.map(hhmm))
                .s("description", session_text(session))
                .opt("schedule_link", l.booking.clone())
                .s("attending_type", attending)
                .opt("notes", notes.clone())
                .done()
        })
        .collect();
    if out.is_empty() && l.by_appointment {
        out.push(
            Obj::new(part("schedule", "by-appointment"))
                .s("service_id", service_id)
                .s("description", "By appointment.")
                .opt("schedule_link", l.booking.clone())
                .s("attending_type", attending)
                .opt("notes", notes)
                .done(),
        );
    }
    out
}

/// "Every Tuesday and Thursday, 10:00 to 12:00", "The first Monday of the month, ...",
/// "Saturday 12 December 2026, ...".
pub fn session_text(session: &Session) -> String {
    let days = |days: &[Weekday]| {
        join_and(
            &days
                .iter()
                .map(|d| day_name(*d).to_string())
                .collect::<Vec<_>>(),
        )
    };
    let mut text = match &session.repeat {
        Repeat::Weekly(d) => format!("Every {}", days(d)),
        Repeat::Monthly(n, d) => {
            let nth = match n {
                1 => "first",
                2 => "second",
                3 => "third",
                4 => "fourth",
                _ => "last",
            };
            format!("The {nth} {} of the month", days(d))
        }
        Repeat::Once(date) => date.strftime("%A %-d %B %Y").to_string(),
    };
    match (session.start, session.end) {
        (Some(s), Some(e)) => {
            let _ = write!(text, ", {} to {}", hhmm(s), hhmm(e));
        }
        (Some(s), None) => {
            let _ = write!(text, ", from {}", hhmm(s));
        }
        (None, Some(e)) => {
            let _ = write!(text, ", until {}", hhmm(e));
        }
        (None, None) => {}
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn sessions_read_naturally() {
        let t = |h, m| Time::new(h, m, 0, 0).unwrap();
        let weekly = Session {
            repeat: Repeat::Weekly(vec![Weekday::Tuesday, Weekday::Thursday]),
            start: Some(t(10, 0)),
            end: Some(t(12, 0)),
        };
        assert_eq!(
            session_text(&weekly),
            "Every Tuesday and Thursday, 10:00 to 12:00"
        );
        let monthly = Session {
            repeat: Repeat::Monthly(-1, vec![Weekday::Friday]),
            start: Some(t(18, 30)),
            end: None,
        };
        assert_eq!(
            session_text(&monthly),
            "The last Friday of the month, from 18:30"
        );
        let once = Session {
            repeat: Repeat::Once(date(2026, 12, 12)),
            start: None,
            end: None,
        };
        assert_eq!(session_text(&once), "Saturday 12 December 2026");
    }
}
