//! A listing's sessions as HSDS `schedule` objects: weekly and monthly sessions as recurrence
//! rules (`freq`, `interval`, `byday`; every other week is `WEEKLY` with `interval` 2 and the
//! first session as `dtstart`), one-off dates as `dtstart`, each with its times and a
//! description in words; a listing seen by appointment only gets one schedule that says so. Not for the next
//! date or calendar files (`crate::schedule`).

use serde_json::Value;

use super::obj::Obj;
use crate::i18n::{builtin_english, clock};
use crate::model::{BankHolidays, Listing, Repeat};

/// The schedules of a listing's service. Each session's `description` is its wording in the
/// default theme's English interface text ([`crate::i18n::Strings::session`]: "Every Tuesday,
/// 10:00 to 12:00", "Second Monday of the month, from 14:00"), the sentence the English pages
/// show; `opens_at` and `closes_at` are `HH:MM` ([`clock`]), local UK time.
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
    if l.bank_holidays == BankHolidays::Closed && !l.sessions.is_empty() {
        notes.push("No sessions on bank holidays.");
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
                Repeat::Interval { from, .. } => o
                    .s("freq", "WEEKLY")
                    .num("interval", Some(f64::from(session.repeat.interval())))
                    .s("byday", session.repeat.recurrence().unwrap_or_default().1)
                    .s("dtstart", from.to_string()),
                weekly_or_monthly => match weekly_or_monthly.recurrence() {
                    Some((freq, byday)) => o
                        .s("freq", freq)
                        .num("interval", Some(1.0))
                        .s("byday", byday),
                    None => o,
                },
            };
            o.opt("opens_at", session.start.map(clock))
                .opt("closes_at", session.end.map(clock))
                .s("description", builtin_english().session(session))
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
