//! Characters no text in a listing may hold, in any field: control characters (NUL, BEL, ESC,
//! DEL, …), carriage returns, line breaks in one-line fields, and the hidden text-direction
//! overrides and isolates (see [`crate::text::forbidden_char`]). Such characters cannot be
//! seen in a pull request, yet they can ring terminals, rewrite CI logs, break calendar files or
//! make a name read backwards on the pages.
//!
//! One error per field, at the value, naming the field and the character. Web links (`booking`,
//! `contact.website`) are left to [`super::contact`], whose rules for links are stricter (no
//! invisible character at all) and say so in a link's own words; an email or phone number with
//! such a character is reported here only. Not for what the values mean: the other parts of
//! validation check that.

use super::Report;
use crate::diagnostics::Code;
use crate::listing::{Source, Text};
use crate::text::{describe_char, forbidden_char};

/// Reports the first forbidden character of every text value in the listing.
pub(super) fn check(r: &mut Report, s: &Source) {
    let mut look = |field: &dyn Fn() -> String, t: &Text, multiline: bool| {
        if let Some(c) = forbidden_char(&t.value, multiline) {
            report(r, &field(), t, c);
        }
    };
    look(&|| "name".into(), &s.name, false);
    look(&|| "summary".into(), &s.summary, false);
    if let Some(d) = &s.description {
        look(&|| "description".into(), d, true);
    }
    if let Some(n) = &s.notice {
        look(&|| "notice".into(), n, true);
    }
    if let Some(t) = &s.organisation {
        look(&|| "organisation".into(), t, false);
    }
    look(&|| "reviewed".into(), &s.reviewed, false);
    let no_maintainers = Vec::new();
    let maintainers = s.maintainers.as_ref().map_or(&no_maintainers, |m| &m.value);
    let lists: [(&str, &Vec<Text>); 4] = [
        ("needs", &s.needs.value),
        ("activities", &s.activities),
        ("languages", &s.languages),
        ("maintainers", maintainers),
    ];
    for (field, list) in lists {
        list.iter().for_each(|t| look(&|| field.into(), t, false));
    }
    if let Some(who) = &s.who {
        for t in &who.audiences {
            look(&|| "who.audiences".into(), t, false);
        }
    }
    if let Some(c) = s.cost.as_ref().and_then(|c| c.value.concessions.as_ref()) {
        look(&|| "cost.concessions".into(), c, false);
    }
    for (i, v) in s.venues.iter().enumerate() {
        let v = &v.value;
        look(&|| format!("venues[{i}].name"), &v.name, false);
        look(&|| format!("venues[{i}].postcode"), &v.postcode, false);
        for t in &v.address {
            look(&|| format!("venues[{i}].address"), t, false);
        }
        for t in v.access.iter().flatten() {
            look(&|| format!("venues[{i}].access"), t, false);
        }
    }
    for t in s.area.iter().flat_map(|a| &a.value.wards) {
        look(&|| "area.wards".into(), t, false);
    }
    for (i, w) in s.when.iter().enumerate() {
        let w = &w.value;
        for t in &w.days {
            look(&|| format!("when[{i}].days"), t, false);
        }
        for (field, t) in [
            ("week", &w.week),
            ("date", &w.date),
            ("start", &w.start),
            ("end", &w.end),
        ] {
            if let Some(t) = t {
                look(&|| format!("when[{i}].{field}"), t, false);
            }
        }
    }
    if let Some(c) = &s.contact {
        for (field, t) in [("email", &c.email), ("phone", &c.phone)] {
            if let Some(t) = t {
                look(&|| format!("contact.{field}"), t, false);
            }
        }
    }
    for (code, t) in &s.translations {
        let t = &t.value;
        for (field, text, multiline) in [
            ("name", &t.name, false),
            ("summary", &t.summary, false),
            ("description", &t.description, true),
        ] {
            if let Some(text) = text {
                look(&|| format!("translations.{code}.{field}"), text, multiline);
            }
        }
    }
}

/// The error for character `c` in `field`.
fn report(r: &mut Report, field: &str, t: &Text, c: char) {
    let (message, help) = if matches!(c, '\n' | '\u{2028}' | '\u{2029}') {
        (
            format!(
                "`{field}` is one line, but this value has {}",
                describe_char(c)
            ),
            "write it on one line (longer text goes in `description`)",
        )
    } else {
        (
            format!("`{field}` contains {}", describe_char(c)),
            "delete it: it cannot be seen, and it may come from copying text out of another \
             program (to write right-to-left text, just type it)",
        )
    };
    r.add(Code::HiddenCharacter, t.pos, message, help);
}
