//! The day and time parsers of `validate` (src/validate/sessions.rs), alone and inside a
//! listing. The input's lines are a session: days (comma-separated), start, end, week of the
//! month, date; an empty or missing line is a field left out.
//!
//! Properties: `parse_time` accepts exactly `H:MM` or `HH:MM` in digits (24-hour, spaces
//! around allowed), and what it accepts prints back as the same time; `weekday` accepts exactly
//! the English day names in any case (spaces around allowed); in a listing (written with every
//! value quoted, so YAML keeps it as typed), a day or time the parsers refuse makes the listing
//! refused, and a weekly session whose days and times they accept, ending after it starts,
//! passes; nothing panics and every diagnostic points inside the file.

use signpost::validate::{parse_time, weekday};

use super::{assert_inside, assert_no_internal_error, directory, render_all, unhooked};

/// Days, times and their near misses.
pub const TOKENS: &[&str] = &[
    "\n",
    ",",
    " ",
    ":",
    "monday",
    "Tuesday",
    "WEDNESDAY",
    "thu",
    "fr\u{a0}iday",
    "mo\u{3000}nday",
    "éé",
    "00:00",
    "9:30",
    "23:59",
    "24:00",
    "+9:30",
    "10:+5",
    "٠٩:٣٠",
    "１０:００",
    "last",
    "first",
    "2026-12-05",
    "\u{0}",
    "\u{202e}",
];

/// The English day names `weekday` accepts.
const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Runs one input (see the module comment).
pub fn run(data: &[u8]) {
    let text = super::text(data);
    let mut lines = text.split('\n');
    let mut next = || lines.next().filter(|l| !l.is_empty()).map(str::to_string);
    let days: Vec<String> = next()
        .map(|l| l.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let (start, end, week, date) = (next(), next(), next(), next());

    for d in &days {
        day_parser(d);
    }
    for t in [&start, &end].into_iter().flatten() {
        time_parser(t);
    }
    in_a_listing(&days, &start, &end, &week, &date);
}

/// `weekday` alone.
fn day_parser(d: &str) {
    let name = DAYS.iter().find(|n| d.trim().eq_ignore_ascii_case(n));
    match weekday(d) {
        Some(day) => {
            let lower = d.trim().to_lowercase();
            assert!(DAYS.contains(&lower.as_str()), "{d:?} read as {day:?}");
            assert_eq!(weekday(&lower), Some(day));
        }
        None => assert!(name.is_none(), "{d:?} is a day name, refused"),
    }
}

/// True for `H:MM` or `HH:MM`, digits only.
fn time_shaped(t: &str) -> bool {
    let Some((h, m)) = t.split_once(':') else {
        return false;
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (1..=2).contains(&h.len()) && m.len() == 2 && digits(h) && digits(m)
}

/// `parse_time` alone.
fn time_parser(t: &str) {
    let trimmed = t.trim();
    match parse_time(t) {
        Some(time) => {
            assert!(time_shaped(trimmed), "{t:?} is not H:MM, read as {time}");
            assert_eq!((time.second(), time.subsec_nanosecond()), (0, 0), "{t:?}");
            let printed = format!("{:02}:{:02}", time.hour(), time.minute());
            assert_eq!(parse_time(&printed), Some(time), "{t:?} → {printed}");
        }
        None => {
            if time_shaped(trimmed) {
                let (h, m) = trimmed.split_once(':').unwrap_or_default();
                let (h, m): (u32, u32) = (h.parse().unwrap_or(99), m.parse().unwrap_or(99));
                assert!(h > 23 || m > 59, "{t:?} is a time, refused");
            }
        }
    }
}

/// True for text that validation may refuse whatever the field (control and format
/// characters: the hardening of listing text refuses them everywhere).
fn odd(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'))
}

/// The session inside an otherwise good listing, checked as `check` checks a file.
fn in_a_listing(
    days: &[String],
    start: &Option<String>,
    end: &Option<String>,
    week: &Option<String>,
    date: &Option<String>,
) {
    let q = |s: &str| serde_json::to_string(s).expect("strings serialise");
    let mut session = format!(
        "  - days: [{}]\n",
        days.iter().map(|d| q(d)).collect::<Vec<_>>().join(", ")
    );
    for (key, value) in [
        ("start", start),
        ("end", end),
        ("week", week),
        ("date", date),
    ] {
        if let Some(v) = value {
            session.push_str(&format!("    {key}: {}\n", q(v)));
        }
    }
    let text = format!(
        "name: Fuzzed sessions\nsummary: Sessions made by the fuzzer.\n\
         needs: [loneliness-and-isolation]\nonline: true\n\
         contact:\n  email: fuzz@example.org\nmaintainers: [fuzz-author]\n\
         reviewed: 2026-11-01\nwhen:\n{session}"
    );
    let id = unhooked("fuzzed-sessions");
    let path = directory().config.listings.join(format!("{id}.yaml"));
    let (listing, diagnostics) = directory().check_text(&path, &text);
    assert_no_internal_error(&diagnostics, &text);
    assert_inside(&diagnostics, &text);
    render_all(&diagnostics, &text);

    let times = [start, end].into_iter().flatten();
    let refused_part =
        days.iter().any(|d| weekday(d).is_none()) || times.clone().any(|t| parse_time(t).is_none());
    if refused_part {
        assert!(
            listing.is_none(),
            "a day or time the parsers refuse was accepted:\n{text}"
        );
        return;
    }
    let ordered = match (start, end) {
        (Some(s), Some(e)) => parse_time(s) < parse_time(e),
        _ => true,
    };
    let plain = !days.iter().chain(times).any(|s| odd(s));
    if !days.is_empty() && ordered && week.is_none() && date.is_none() && plain {
        assert!(
            listing.is_some(),
            "a good weekly session was refused: {diagnostics:?}\n{text}"
        );
    }
}
