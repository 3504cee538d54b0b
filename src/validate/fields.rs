//! The listing's own words and terms: the file name as an id, the name and summary and their
//! limits, needs, activities, who it is for (ages, audiences), languages, cost, the `reviewed`
//! date, the status and its notice, and translations.
//!
//! Not for where or when the group meets ([`super::venues`], [`super::sessions`]) or how to
//! reach it ([`super::contact`]).

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::{MAX_AGE, Report};
use crate::diagnostics::{Code, Pos};
use crate::listing::{MAX_NAME, MAX_SUMMARY, Source, Src, Text};
use crate::model::{self, Status};
use crate::text::{is_slug, slugify};
use crate::vocab::{self, Vocabularies};

/// What a listing says about the group itself, validated.
pub(super) struct About {
    pub name: String,
    pub summary: String,
    pub description: Option<String>,
    pub organisation: Option<String>,
    pub needs: Vec<String>,
    pub activities: Vec<String>,
    pub min_age: Option<u8>,
    pub max_age: Option<u8>,
    pub audiences: Vec<String>,
    pub languages: Vec<String>,
}

/// The file name must be usable as a listing id (it becomes the page's address).
pub(super) fn id(r: &mut Report, id: &str) {
    if !is_slug(id) {
        r.add(
            Code::BadId,
            Pos::new(1, 1),
            format!("the file name `{id}` cannot be used as a listing id"),
            format!(
                "rename the file to lower-case letters, digits and hyphens, e.g. `{}.yaml`",
                slugify(id)
            ),
        );
    }
}

/// The name, summary, needs, activities, who the group is for and its languages.
pub(super) fn about(r: &mut Report, s: &Source, vocab: &Vocabularies) -> About {
    let name = text(r, &s.name, "name", MAX_NAME);
    let summary = text(r, &s.summary, "summary", MAX_SUMMARY);
    let description = s.description.as_ref().map(|d| d.value.trim().to_string());
    let organisation = optional_text(&s.organisation);
    let (needs, activities) = needs_and_activities(r, s, vocab);
    let (min_age, max_age, audiences) = who(r, s.who.as_ref());
    let languages = languages(r, &s.languages);
    About {
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
    }
}

/// Needs (at least one) and activities, from their vocabularies.
fn needs_and_activities(
    r: &mut Report,
    s: &Source,
    vocab: &Vocabularies,
) -> (Vec<String>, Vec<String>) {
    if s.needs.value.is_empty() {
        r.add(
            Code::MissingField,
            s.needs.pos,
            "`needs` is empty: say what the group helps with",
            "add at least one need from schema/needs.yaml, e.g. `needs: [loneliness-and-isolation]`",
        );
    }
    let needs = terms(
        r,
        &s.needs.value,
        |id| vocab.needs.contains(id),
        |id| vocab.needs.suggest(id).map(|t| t.id.clone()),
        Code::UnknownNeed,
        "need",
        "schema/needs.yaml",
    );
    let activities = terms(
        r,
        &s.activities,
        |id| vocab.activities.contains(id),
        |id| vocab.activities.suggest(id).map(|t| t.id.clone()),
        Code::UnknownTerm,
        "activity",
        "schema/activities.yaml",
    );
    (needs, activities)
}

/// The ages (the minimum not above the maximum) and audiences of `who`.
fn who(r: &mut Report, who: Option<&crate::listing::Who>) -> (Option<u8>, Option<u8>, Vec<String>) {
    let Some(who) = who else {
        return (None, None, Vec::new());
    };
    let min_age = age(r, &who.min_age);
    let max_age = age(r, &who.max_age);
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
    let audiences = fixed_terms(r, &who.audiences, vocab::AUDIENCES, "audience");
    (min_age, max_age, audiences)
}

/// Required text, trimmed: not empty, and at most `max` characters.
pub(super) fn text(r: &mut Report, t: &Text, field: &str, max: usize) -> String {
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

/// Optional text, trimmed; empty text is no text.
pub(super) fn optional_text(t: &Option<Text>) -> Option<String> {
    t.as_ref()
        .map(|t| t.value.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The known ids among `items`, each once; an unknown one is reported with `code`, a
/// suggestion when there is a close one, and where the ids are listed (`file`, or the
/// allowed ids themselves when `file` starts with `allowed:`).
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

/// [`terms`] from a fixed list of `(id, label)` (audiences, access features).
pub(super) fn fixed_terms(
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

/// ISO 639-1 codes, each once; a language written by name gets its code as help.
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

/// What it costs: a price needs `per`, and the cost must say something.
pub(super) fn cost(r: &mut Report, c: Option<&Src<crate::listing::Cost>>) -> model::Cost {
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

/// The `reviewed` date: a date, and not after `today`.
pub(super) fn reviewed(r: &mut Report, t: &Text, today: Date) -> Option<Date> {
    let Ok(date) = t.value.trim().parse::<Date>() else {
        r.add(
            Code::BadDate,
            t.pos,
            format!("`{}` is not a date", t.value),
            "write the date the group last checked this listing as YYYY-MM-DD, e.g. 2026-10-01",
        );
        return None;
    };
    if date > today {
        r.add(
            Code::BadDate,
            t.pos,
            format!("`reviewed` is in the future ({date})"),
            format!("write the date the group last checked this listing (today is {today})"),
        );
        return None;
    }
    Some(date)
}

/// The status (active by default) and the notice, which a paused listing must have.
pub(super) fn status(r: &mut Report, s: &Source) -> (Status, Option<String>) {
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
    (status, notice)
}

/// Translations by ISO 639-1 code, their name and summary held to the same limits.
pub(super) fn translations(
    r: &mut Report,
    given: &BTreeMap<String, Src<crate::listing::Translation>>,
) -> BTreeMap<String, model::Translation> {
    let mut out = BTreeMap::new();
    for (code, t) in given {
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
            text(r, n, "name", MAX_NAME);
        }
        if let Some(n) = &tr.summary {
            text(r, n, "summary", MAX_SUMMARY);
        }
        out.insert(
            code.clone(),
            model::Translation {
                name: optional_text(&tr.name),
                summary: optional_text(&tr.summary),
                description: optional_text(&tr.description),
            },
        );
    }
    out
}
