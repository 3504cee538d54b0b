//! Validation: a parsed [`Source`] → a [`model::Listing`] plus every problem found in it.
//!
//! Each check points at the exact value it is about and says how to fix it. Validation
//! never stops at the first problem: a file with three mistakes gets three diagnostics. It
//! does not look postcodes up (that is `locate`) and does not read files (that is `listing`).
//! Checks that need more than one listing (duplicate ids, the same group twice) are in
//! [`across`].

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use jiff::civil::{Date, Time, Weekday};

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::listing::{Loaded, MAX_NAME, MAX_SUMMARY, Src, Text};
use crate::model::{self, Repeat, Status};
use crate::place::Postcode;
use crate::text::{
    is_email, is_github_handle, is_slug, is_web_url, normalise_phone, slugify, ward_key,
};
use crate::vocab::{self, Vocabularies};

/// Oldest age a listing may give.
pub const MAX_AGE: i64 = 120;

/// What validation needs to know besides the listing itself.
pub struct Rules<'a> {
    pub vocab: &'a Vocabularies,
    /// Ward names of the area, for `area.wards`; empty means "don't check".
    pub wards: &'a [String],
    /// Today's date: `reviewed` may not be after it.
    pub today: Date,
}

/// The outcome for one listing: the validated listing if it has no errors, and all problems.
pub struct Checked {
    pub listing: Option<model::Listing>,
    pub diagnostics: Vec<Diagnostic>,
    /// The `reviewed` date (when it is a good date) and the maintainers that are good GitHub
    /// user names, even when the listing has other errors: the load phase measures freshness
    /// from them and the git history, which validation knows nothing of.
    pub reviewed: Option<(Date, Vec<String>)>,
}

/// Collects diagnostics for one file.
struct Report<'a> {
    file: &'a Path,
    out: Vec<Diagnostic>,
}

impl Report<'_> {
    fn add(&mut self, code: Code, pos: Pos, message: impl Into<String>, help: impl Into<String>) {
        let help = help.into();
        let d = Diagnostic::new(code, self.file, pos, message);
        self.out
            .push(if help.is_empty() { d } else { d.help(help) });
    }
}

/// Validates one loaded listing.
pub fn check(loaded: &Loaded, rules: &Rules) -> Checked {
    #[cfg(debug_assertions)]
    test_hook(loaded);
    let s = &loaded.source;
    let mut r = Report {
        file: &loaded.path,
        out: Vec::new(),
    };

    if !is_slug(&loaded.id) {
        r.add(
            Code::BadId,
            Pos::new(1, 1),
            format!(
                "the file name `{}` cannot be used as a listing id",
                loaded.id
            ),
            format!(
                "rename the file to lower-case letters, digits and hyphens, e.g. `{}.yaml`",
                slugify(&loaded.id)
            ),
        );
    }

    let name = text(&mut r, &s.name, "name", MAX_NAME);
    let summary = text(&mut r, &s.summary, "summary", MAX_SUMMARY);
    let description = s.description.as_ref().map(|d| d.value.trim().to_string());
    let organisation = optional_text(&s.organisation);

    if s.needs.value.is_empty() {
        r.add(
            Code::MissingField,
            s.needs.pos,
            "`needs` is empty: say what the group helps with",
            "add at least one need from schema/needs.yaml, e.g. `needs: [loneliness-and-isolation]`",
        );
    }
    let needs = terms(
        &mut r,
        &s.needs.value,
        |id| rules.vocab.needs.contains(id),
        |id| rules.vocab.needs.suggest(id).map(|t| t.id.clone()),
        Code::UnknownNeed,
        "need",
        "schema/needs.yaml",
    );
    let activities = terms(
        &mut r,
        &s.activities,
        |id| rules.vocab.activities.contains(id),
        |id| rules.vocab.activities.suggest(id).map(|t| t.id.clone()),
        Code::UnknownTerm,
        "activity",
        "schema/activities.yaml",
    );

    let (mut min_age, mut max_age, mut audiences) = (None, None, Vec::new());
    if let Some(who) = &s.who {
        min_age = age(&mut r, &who.min_age);
        max_age = age(&mut r, &who.max_age);
        if let (Some(lo), Some(hi)) = (min_age, max_age)
            && lo > hi
            && let Some(max) = &who.max_age
        {
            r.add(
                Code::BadAge,
                max.pos,
                format!("the maximum age {hi} is below the minimum age {lo}"),
                "swap them, or correct the one that is wrong",
            );
        }
        audiences = fixed_terms(&mut r, &who.audiences, vocab::AUDIENCES, "audience");
    }

    let languages = languages(&mut r, &s.languages);
    let cost = cost(&mut r, s.cost.as_ref());
    let booking = s.booking.as_ref().and_then(|b| url(&mut r, b, "booking"));

    let mut venues = Vec::new();
    for venue in &s.venues {
        if let Some(v) = self::venue(&mut r, venue) {
            venues.push(v);
        }
    }
    let area = area(&mut r, s.area.as_ref(), rules.wards);
    if s.venues.is_empty() && !s.online && !s.by_phone && !area.borough && area.wards.is_empty() {
        r.add(
            Code::NoPlace,
            s.name.pos,
            "this listing does not say where the group happens",
            "add `venues:` (with a postcode), or `online: true`, `by_phone: true`, or `area: {borough: true}`",
        );
    }

    let sessions = s.when.iter().filter_map(|w| session(&mut r, w)).collect();

    let contact = contact(&mut r, s.contact.as_ref());
    if contact.is_empty() && booking.is_none() {
        r.add(
            Code::NoContact,
            s.name.pos,
            "no email, phone or website: people cannot get in touch",
            "add a `contact:` with at least one of `email`, `phone` or `website`",
        );
    }

    if s.maintainers.value.is_empty() {
        r.add(
            Code::MissingField,
            s.maintainers.pos,
            "`maintainers` is empty: nobody would be able to approve changes to this listing",
            "add the GitHub user name of someone in the group, e.g. `maintainers: [jo-bloggs]`",
        );
    }
    let mut maintainers = Vec::new();
    for m in &s.maintainers.value {
        let handle = m.value.trim().trim_start_matches('@');
        if is_github_handle(handle) {
            maintainers.push(handle.to_string());
        } else {
            r.add(
                Code::BadValue,
                m.pos,
                format!("`{}` is not a GitHub user name", m.value),
                "GitHub user names have letters, digits and single hyphens, at most 39 characters",
            );
        }
    }

    let reviewed = reviewed(&mut r, &s.reviewed, rules);

    let status = s.status.as_ref().map(|s| s.value).unwrap_or_default();
    let notice = optional_text(&s.notice);
    if status == Status::Paused
        && notice.is_none()
        && let Some(st) = &s.status
    {
        r.add(
            Code::MissingField,
            st.pos,
            "a paused listing needs a `notice` saying why, and when it restarts if known",
            "add e.g. `notice: No sessions until March while the hall is repaired`",
        );
    }

    let mut translations = BTreeMap::new();
    for (code, t) in &s.translations {
        if crate::languages::name(code).is_none() {
            r.add(
                Code::UnknownTerm,
                t.pos,
                format!("`{code}` is not an ISO 639-1 language code"),
                "use the two-letter code, e.g. `so` for Somali, `ar` for Arabic",
            );
            continue;
        }
        let tr = &t.value;
        if let Some(n) = &tr.name {
            text(&mut r, n, "name", MAX_NAME);
        }
        if let Some(n) = &tr.summary {
            text(&mut r, n, "summary", MAX_SUMMARY);
        }
        translations.insert(
            code.clone(),
            model::Translation {
                name: optional_text(&tr.name),
                summary: optional_text(&tr.summary),
                description: optional_text(&tr.description),
            },
        );
    }

    let has_errors = r.out.iter().any(Diagnostic::is_error);
    let freshness = reviewed.map(|date| (date, maintainers.clone()));
    let listing = match (has_errors, reviewed) {
        (false, Some(reviewed)) => Some(model::Listing {
            id: loaded.id.clone(),
            path: loaded.path.clone(),
            name,
            summary,
            description,
            organisation,
            needs,
            activities,
            min_age,
            max_age,
            audiences,
            languages,
            cost,
            joining: s
                .joining
                .as_ref()
                .map_or(model::Joining::SelfReferral, |j| j.value),
            booking,
            venues,
            online: s.online,
            by_phone: s.by_phone,
            area,
            sessions,
            term_time_only: s.term_time_only,
            by_appointment: s.by_appointment,
            contact,
            maintainers,
            reviewed,
            status,
            notice,
            example: s.example,
            translations,
        }),
        _ => None,
    };
    Checked {
        listing,
        diagnostics: r.out,
        reviewed: freshness,
    }
}

fn text(r: &mut Report, t: &Text, field: &str, max: usize) -> String {
    let value = t.value.trim().to_string();
    let chars = value.chars().count();
    if value.is_empty() {
        r.add(
            Code::MissingField,
            t.pos,
            format!("`{field}` is empty"),
            format!("write the {field} after `{field}:`"),
        );
    } else if chars > max {
        r.add(
            Code::TooLong,
            t.pos,
            format!("the {field} is {chars} characters long; the limit is {max}"),
            format!(
                "shorten it by {} characters; longer text belongs in `description`",
                chars - max
            ),
        );
    }
    value
}

fn optional_text(t: &Option<Text>) -> Option<String> {
    t.as_ref()
        .map(|t| t.value.trim().to_string())
        .filter(|s| !s.is_empty())
}

#[allow(clippy::too_many_arguments)]
fn terms(
    r: &mut Report,
    items: &[Text],
    known: impl Fn(&str) -> bool,
    suggest: impl Fn(&str) -> Option<String>,
    code: Code,
    what: &str,
    file: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    for item in items {
        let id = item.value.trim();
        if known(id) {
            if !out.iter().any(|o| o == id) {
                out.push(id.to_string());
            }
        } else {
            let list = if file.starts_with("allowed:") {
                file.to_string()
            } else {
                format!("the {what} ids are listed in {file}")
            };
            let help = match suggest(id) {
                Some(s) => format!("did you mean `{s}`? ({list})"),
                None => list,
            };
            r.add(code, item.pos, format!("unknown {what} `{id}`"), help);
        }
    }
    out
}

fn fixed_terms(
    r: &mut Report,
    items: &[Text],
    list: &'static [(&'static str, &'static str)],
    what: &str,
) -> Vec<String> {
    let ids = || list.iter().map(|(id, _)| *id);
    let allowed = format!("allowed: {}", ids().collect::<Vec<_>>().join(", "));
    terms(
        r,
        items,
        |id| vocab::label(list, id).is_some(),
        |id| crate::text::closest(id, ids()).map(str::to_string),
        Code::UnknownTerm,
        what,
        &allowed,
    )
}

fn age(r: &mut Report, a: &Option<Src<i64>>) -> Option<u8> {
    let a = a.as_ref()?;
    if (0..=MAX_AGE).contains(&a.value) {
        Some(a.value as u8)
    } else {
        r.add(
            Code::BadAge,
            a.pos,
            format!("{} is not a possible age", a.value),
            format!("ages are whole years from 0 to {MAX_AGE}; leave the field out for any age"),
        );
        None
    }
}

fn languages(r: &mut Report, items: &[Text]) -> Vec<String> {
    let mut out = Vec::new();
    for item in items {
        let code = item.value.trim().to_lowercase();
        if crate::languages::name(&code).is_some() {
            if !out.contains(&code) {
                out.push(code);
            }
        } else {
            let by_name = crate::languages::LANGUAGES
                .iter()
                .find(|(_, name)| name.eq_ignore_ascii_case(item.value.trim()));
            let help = match by_name {
                Some((c, n)) => format!("write `{c}` for {n}"),
                None => "use two-letter ISO 639-1 codes, e.g. `en`, `so` (Somali), `ar` (Arabic), `bn` (Bengali)".into(),
            };
            r.add(
                Code::UnknownTerm,
                item.pos,
                format!("`{}` is not an ISO 639-1 language code", item.value),
                help,
            );
        }
    }
    out
}

fn cost(r: &mut Report, c: Option<&Src<crate::listing::Cost>>) -> model::Cost {
    let Some(c) = c else {
        return model::Cost::default();
    };
    let v = &c.value;
    let amount = match &v.amount {
        Some(a) if !(a.value.is_finite() && (0.0..10_000.0).contains(&a.value)) => {
            r.add(
                Code::BadValue,
                a.pos,
                format!("{} is not a price", a.value),
                "write the price in pounds, e.g. `amount: 3.50`",
            );
            None
        }
        Some(a) => Some(a.value),
        None => None,
    };
    if v.free && amount.is_some_and(|a| a > 0.0) {
        r.add(
            Code::BadValue,
            c.pos,
            "the cost says both `free: true` and an `amount`",
            "keep `free: true` if it is free, or the amount if people pay",
        );
    }
    if amount.is_some_and(|a| a > 0.0) && v.per.is_none() {
        r.add(
            Code::MissingField,
            c.pos,
            "a price needs `per`: what the amount is for",
            "add `per: session` (or week, month, term, year, course)",
        );
    }
    if !v.free && amount.is_none() && !v.pay_what_you_can && v.concessions.is_none() {
        r.add(
            Code::BadValue,
            c.pos,
            "the cost does not say what it costs",
            "write `free: true`, `pay_what_you_can: true`, or an `amount` and `per`",
        );
    }
    model::Cost {
        free: v.free || amount == Some(0.0),
        amount: amount.filter(|a| *a > 0.0),
        per: v.per.as_ref().map(|p| p.value),
        pay_what_you_can: v.pay_what_you_can,
        concessions: optional_text(&v.concessions),
    }
}

fn url(r: &mut Report, t: &Text, field: &str) -> Option<String> {
    let value = t.value.trim();
    if is_web_url(value) {
        Some(value.to_string())
    } else {
        let help = if value.contains(':') && !value.to_ascii_lowercase().starts_with("http") {
            "only web links are allowed: they must start with https:// (or http://)".to_string()
        } else {
            format!(
                "write the full address, e.g. `https://{}`",
                value.trim_start_matches("www.")
            )
        };
        r.add(
            Code::BadUrl,
            t.pos,
            format!("`{value}` is not a web link (in `{field}`)"),
            help,
        );
        None
    }
}

fn contact(r: &mut Report, c: Option<&crate::listing::Contact>) -> model::Contact {
    let Some(c) = c else {
        return model::Contact::default();
    };
    let email = c.email.as_ref().and_then(|e| {
        let v = e.value.trim().trim_start_matches("mailto:");
        if is_email(v) {
            Some(v.to_string())
        } else {
            r.add(
                Code::BadEmail,
                e.pos,
                format!("`{}` is not an email address", e.value),
                "write it as name@example.org, with no spaces",
            );
            None
        }
    });
    let phone = c.phone.as_ref().and_then(|p| {
        if normalise_phone(&p.value).is_some() {
            Some(p.value.trim().to_string())
        } else {
            r.add(
                Code::BadPhone,
                p.pos,
                format!("`{}` is not a UK phone number", p.value),
                "write it with the area code, e.g. `020 8123 4567` or `07700 900123`",
            );
            None
        }
    });
    let website = c.website.as_ref().and_then(|w| url(r, w, "website"));
    model::Contact {
        email,
        phone,
        website,
    }
}

fn venue(r: &mut Report, v: &Src<crate::listing::Venue>) -> Option<model::Venue> {
    let v_pos = v.pos;
    let v = &v.value;
    let name = text(r, &v.name, "venue name", MAX_NAME);
    let postcode = match v.postcode.value.parse::<Postcode>() {
        Ok(p) => Some(p),
        Err(e) => {
            r.add(
                Code::BadPostcode,
                v.postcode.pos,
                e.to_string(),
                "write the full postcode, e.g. `CR0 1NX`",
            );
            None
        }
    };
    let at = match (&v.lat, &v.lon) {
        (None, None) => None,
        (Some(lat), Some(lon)) => {
            let mut ok = true;
            if !(49.0..=61.0).contains(&lat.value) {
                r.add(
                    Code::BadValue,
                    lat.pos,
                    format!("latitude {} is not in the UK", lat.value),
                    "UK latitudes are between 49 and 61, e.g. `lat: 51.3762`",
                );
                ok = false;
            }
            if !(-9.0..=2.5).contains(&lon.value) {
                r.add(
                    Code::BadValue,
                    lon.pos,
                    format!("longitude {} is not in the UK", lon.value),
                    "UK longitudes are between -9 and 2.5, e.g. `lon: -0.0982`",
                );
                ok = false;
            }
            ok.then_some(crate::place::LatLon {
                lat: lat.value,
                lon: lon.value,
            })
        }
        (Some(one), None) | (None, Some(one)) => {
            r.add(
                Code::MissingField,
                one.pos,
                "give both `lat` and `lon`, or neither",
                "leave both out to use the postcode's position",
            );
            None
        }
    };
    let access = v
        .access
        .as_ref()
        .map(|a| fixed_terms(r, a, vocab::ACCESS, "access feature"));
    if v.access.is_none() {
        r.add(
            Code::NoAccessInfo,
            v_pos,
            format!("the venue \"{name}\" gives no accessibility information"),
            "add e.g. `access: [step-free, accessible-toilet]`, or `access: []` if there is none",
        );
    }
    Some(model::Venue {
        name,
        address: v
            .address
            .iter()
            .map(|a| a.value.trim().to_string())
            .collect(),
        postcode: postcode?,
        at,
        access,
    })
}

fn area(r: &mut Report, a: Option<&Src<crate::listing::Area>>, wards: &[String]) -> model::Area {
    let Some(a) = a else {
        return model::Area::default();
    };
    let mut out = model::Area {
        borough: a.value.borough,
        wards: Vec::new(),
    };
    let keys: HashMap<String, &String> = wards.iter().map(|w| (ward_key(w), w)).collect();
    for w in &a.value.wards {
        if wards.is_empty() {
            out.wards.push(w.value.trim().to_string());
        } else if let Some(name) = keys.get(&ward_key(&w.value)) {
            out.wards.push((*name).clone());
        } else {
            let help = match crate::text::closest(&w.value, wards.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the wards are: {}", wards.join(", ")),
            };
            r.add(
                Code::UnknownTerm,
                w.pos,
                format!("unknown ward `{}`", w.value),
                help,
            );
        }
    }
    if !out.borough && a.value.wards.is_empty() {
        r.add(
            Code::BadValue,
            a.pos,
            "`area` names no area",
            "write `borough: true`, or `wards: [...]`",
        );
    }
    out
}

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

/// Parses a weekday name as listings write it (`tuesday`, any case).
pub fn weekday(s: &str) -> Option<Weekday> {
    let lower = s.trim().to_lowercase();
    WEEKDAYS.iter().find(|(n, _)| *n == lower).map(|(_, d)| *d)
}

/// Test-only hook, in debug builds only: panics while checking the listing whose id is in
/// `SIGNPOST_TEST_PANIC`, so tests can prove that a panic in one listing's validation becomes
/// that listing's error (E025) and never ends the run.
#[cfg(debug_assertions)]
fn test_hook(loaded: &Loaded) {
    if std::env::var("SIGNPOST_TEST_PANIC").is_ok_and(|id| id == loaded.id) {
        panic!("test hook: SIGNPOST_TEST_PANIC names `{}`", loaded.id);
    }
}

/// Parses a time as listings write it: `HH:MM`, 24-hour.
pub fn parse_time(s: &str) -> Option<Time> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i8, i8) = (h.parse().ok()?, m.parse().ok()?);
    Time::new(h, m, 0, 0).ok()
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

fn session(r: &mut Report, w: &Src<crate::listing::Session>) -> Option<model::Session> {
    let s = &w.value;
    let mut days = Vec::new();
    let mut ok = true;
    for d in &s.days {
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
    let date = s
        .date
        .as_ref()
        .and_then(|d| match d.value.trim().parse::<Date>() {
            Ok(date) => Some(date),
            Err(_) => {
                ok = false;
                r.add(
                    Code::BadDate,
                    d.pos,
                    format!("`{}` is not a date", d.value),
                    "write dates as YYYY-MM-DD, e.g. 2026-12-05",
                );
                None
            }
        });
    let week = s.week.as_ref().and_then(|wk| {
        let n = match wk.value.trim().to_lowercase().as_str() {
            "first" | "1st" => 1,
            "second" | "2nd" => 2,
            "third" | "3rd" => 3,
            "fourth" | "4th" => 4,
            "last" => -1,
            _ => {
                ok = false;
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
    });
    let start = time(r, &s.start);
    let end = time(r, &s.end);
    if s.start.is_some() && start.is_none() || s.end.is_some() && end.is_none() {
        ok = false;
    }
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
    let repeat = match (date, s.days.is_empty(), s.date.is_some()) {
        (_, false, true) => {
            r.add(
                Code::BadValue,
                w.pos,
                "a session has either `days` (every week or month) or a `date` (once), not both",
                "split it into two sessions",
            );
            return None;
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
            Repeat::Once(date)
        }
        (None, false, false) => match week {
            Some(n) => Repeat::Monthly(n, days),
            None => Repeat::Weekly(days),
        },
        (None, true, false) => {
            r.add(
                Code::MissingField,
                w.pos,
                "this session has no `days` and no `date`",
                "add e.g. `days: [tuesday]`, or `date: 2026-12-05` for a one-off",
            );
            return None;
        }
        _ => return None,
    };
    ok.then_some(model::Session { repeat, start, end })
}

fn reviewed(r: &mut Report, t: &Text, rules: &Rules) -> Option<Date> {
    let Ok(date) = t.value.trim().parse::<Date>() else {
        r.add(
            Code::BadDate,
            t.pos,
            format!("`{}` is not a date", t.value),
            "write the date the group last checked this listing as YYYY-MM-DD, e.g. 2026-10-01",
        );
        return None;
    };
    if date > rules.today {
        r.add(
            Code::BadDate,
            t.pos,
            format!("`reviewed` is in the future ({date})"),
            format!(
                "write the date the group last checked this listing (today is {})",
                rules.today
            ),
        );
        return None;
    }
    Some(date)
}

/// Checks that need all listings at once: the same id twice, the same name at the same postcode.
/// `loaded` are all listings that parsed, in a stable order.
pub fn across(loaded: &[Loaded]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ids: HashMap<&str, &Loaded> = HashMap::new();
    let mut places: HashMap<(String, Postcode), &Loaded> = HashMap::new();
    for l in loaded {
        if let Some(first) = ids.get(l.id.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    &l.path,
                    Pos::new(1, 1),
                    format!(
                        "another listing has the id `{}`: {}",
                        l.id,
                        first.path.display()
                    ),
                )
                .help("listing ids are file names and must be unique: rename one of the files"),
            );
        } else {
            ids.insert(&l.id, l);
        }
        for v in &l.source.venues {
            let Ok(pc) = v.value.postcode.value.parse::<Postcode>() else {
                continue;
            };
            let key = (l.source.name.value.trim().to_lowercase(), pc);
            match places.get(&key) {
                Some(first) if first.path != l.path => out.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        &l.path,
                        l.source.name.pos,
                        format!(
                            "\"{}\" at {} is already listed in {}",
                            l.source.name.value.trim(),
                            pc,
                            first.path.display()
                        ),
                    )
                    .help("if it is the same group, keep one listing; if not, give them names that tell them apart"),
                ),
                Some(_) => {}
                None => {
                    places.insert(key, l);
                }
            }
        }
    }
    out
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
    }
}
