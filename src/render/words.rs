//! The languages of a build and the words pages put together from their interface text:
//! sessions as sentences, ages, areas, how to join, the next session, vocabulary labels, and
//! the finder's days.
//!
//! The interface text itself (`themes/default/i18n/<code>.toml`) is [`crate::i18n`]'s; this
//! module only combines it with a listing's values.

use jiff::civil::Weekday;

use super::stamp;
use super::view::Choice;
use super::when::When;
use super::{Error, Theme};
use crate::directory::Directory;
use crate::i18n::{self, Strings};
use crate::model::{Listing, Status};
use crate::schedule;

/// One language of a build: its interface text, and what is worked out from it once.
pub(super) struct Language<'a> {
    pub(super) t: &'a Strings,
    /// The finder's days.
    pub(super) calendar: Calendar,
    /// What `when.js` needs to word the next session in the page.
    pub(super) when: When,
    /// Whether the interface text holds a stamp's mark (then the language's cards are
    /// rendered one by one: see [`stamp`]).
    pub(super) marked: bool,
}

impl<'a> Language<'a> {
    /// The languages the sites are built in, the default first: `languages` in
    /// signpost.toml, or every language the theme has. `Config::parse` has checked that the
    /// theme has each one.
    pub(super) fn all(dir: &Directory, theme: &'a Theme) -> Result<Vec<Language<'a>>, Error> {
        let codes: Vec<&str> = if dir.config.languages.is_empty() {
            theme.languages().collect()
        } else {
            dir.config.languages.iter().map(String::as_str).collect()
        };
        codes
            .into_iter()
            .map(|code| {
                let t = theme.strings(code).ok_or_else(|| Error::Language {
                    code: code.to_string(),
                })?;
                Ok(Language {
                    t,
                    calendar: Calendar::of(t),
                    when: When::of(t, &dir.calendar, dir.today),
                    marked: t.holds(&stamp::MARKS),
                })
            })
            .collect()
    }
}

/// The finder's days, in one language.
pub(super) struct Calendar {
    pub(super) days: Vec<Choice<'static>>,
}

impl Calendar {
    /// The days and names in the language of `t`.
    pub(super) fn of(t: &Strings) -> Calendar {
        let week = [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ];
        let days = week
            .iter()
            .map(|d| Choice {
                value: crate::analysis::day_id(*d).into(),
                label: t.weekday(*d).to_string().into(),
                lang: None,
            })
            .collect();
        Calendar { days }
    }
}

/// The language listings are written in; translations are per listing.
pub(super) const LISTING_LANG: &str = "en";

/// A vocabulary term's label in the page's language, or the vocabulary's own.
pub(super) fn term_label<'s>(t: &'s Strings, kind: &str, id: &str, label: &'s str) -> &'s str {
    t.term(kind, id).unwrap_or(label)
}

/// "Next: Tuesday 24 November 2026, 10:00" (worded for term time or appointments), from
/// `today`, skipping the days the `calendar` says the group is closed; `None` for a paused or
/// closed group, or one with no session to come.
pub(super) fn next_session(
    t: &Strings,
    l: &Listing,
    calendar: &schedule::Calendar,
    today: jiff::civil::Date,
) -> Option<String> {
    if l.status != Status::Active {
        return None;
    }
    let o = schedule::next(l, calendar, today)?;
    let date = t.dated(o.date);
    let when = match o.start {
        Some(start) => t.fill(
            "date_time",
            &[("date", &date), ("time", &i18n::clock(start))],
        ),
        None => date,
    };
    let key = match schedule::wording_on(l, calendar, o.date) {
        Some("term") => "next_session_term",
        Some("check") => "next_session_check",
        Some(_) => "next_session_appt",
        None => "next_session",
    };
    Some(t.fill(key, &[("when", &when)]))
}

impl super::Renderer<'_> {
    /// The key of the sentence that says a group meets in term time only: that it stops in
    /// the school holidays (`term_time_only`) where the directory knows the terms on the
    /// build's day, else to check the dates with the group (`term_time_check`).
    pub(super) fn term_time_note(&self) -> &'static str {
        match self.dir.calendar.knows_terms_on(self.dir.today) {
            true => "term_time_only",
            false => "term_time_check",
        }
    }
}

/// A listing's status as pages and templates name it.
pub(super) fn status(s: Status) -> &'static str {
    match s {
        Status::Active => "active",
        Status::Paused => "paused",
        Status::Closed => "closed",
    }
}

/// A line of text, with the language it is in when that is not the page's.
#[derive(serde::Serialize)]
pub(super) struct Line {
    pub(super) text: String,
    pub(super) lang: Option<&'static str>,
}

/// What a group costs, a line each, in the page's language: "Free", "£3.50 a session",
/// "Pay what you can", then the listing's own words on concessions (in English).
pub(super) fn cost(t: &Strings, c: &crate::model::Cost) -> Vec<Line> {
    use crate::model::Per;
    let own = |text: String| Line { text, lang: None };
    let mut out = Vec::new();
    if c.free {
        out.push(own(t.get("tag_free").to_string()));
    }
    if let Some(amount) = c.amount {
        let amount = crate::model::pounds(amount);
        out.push(own(match c.per {
            None => amount,
            Some(per) => {
                let key = match per {
                    Per::Session => "cost_session",
                    Per::Week => "cost_week",
                    Per::Month => "cost_month",
                    Per::Term => "cost_term",
                    Per::Year => "cost_year",
                    Per::Course => "cost_course",
                };
                t.fill(key, &[("amount", &amount)])
            }
        }));
    }
    if c.pay_what_you_can {
        out.push(own(t.get("cost_pay_what_you_can").to_string()));
    }
    if let Some(text) = &c.concessions {
        out.push(Line {
            text: text.clone(),
            lang: (t.lang != LISTING_LANG).then_some(LISTING_LANG),
        });
    }
    out
}

/// A language's name in the page's language (`language.<code>`), else its English name,
/// else the code.
pub(super) fn language_name<'t>(t: &'t Strings, code: &'t str) -> &'t str {
    t.term("language", code)
        .or_else(|| crate::languages::name(code))
        .unwrap_or(code)
}

/// How to join a group: on your own, with a referral, or either, in a sentence.
pub(super) fn joining(t: &Strings, j: crate::model::Joining) -> String {
    use crate::model::Joining::*;
    t.get(match j {
        SelfReferral => "joining_self",
        Professional => "joining_professional",
        Either => "joining_either",
    })
    .to_string()
}

/// "Ages 5 to 11", "Ages 18 and over"; `None` for any age.
pub(super) fn ages(t: &Strings, min: Option<u8>, max: Option<u8>) -> Option<String> {
    let (a, b) = (min.map(|a| a.to_string()), max.map(|b| b.to_string()));
    match (a.as_deref(), b.as_deref()) {
        (Some(a), Some(b)) => Some(t.fill("ages_between", &[("min", a), ("max", b)])),
        (Some(a), None) => Some(t.fill("ages_over", &[("min", a)])),
        (None, Some(b)) => Some(t.fill("ages_up_to", &[("max", b)])),
        (None, None) => None,
    }
}

/// The area a listing serves: "Across Croydon", "In Selhurst and Norbury wards".
pub(super) fn area(t: &Strings, l: &Listing, area: &str) -> Option<String> {
    if l.area.borough {
        Some(t.fill("area_across", &[("area", area)]))
    } else if !l.area.wards.is_empty() {
        let key = if l.area.wards.len() == 1 {
            "area_ward"
        } else {
            "area_wards"
        };
        Some(t.fill(key, &[("wards", &t.join_and(&l.area.wards))]))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_and_money_read_naturally() {
        let theme = Theme::builtin();
        let en = theme.strings("en").unwrap();
        assert_eq!(ages(en, Some(18), None).unwrap(), "Ages 18 and over");
        assert_eq!(ages(en, Some(5), Some(11)).unwrap(), "Ages 5 to 11");
        assert_eq!(ages(en, None, None), None);
        assert_eq!(crate::model::pounds(3.5), "£3.50");
        assert_eq!(crate::model::pounds(10.0), "£10");
        let cost = crate::model::Cost {
            amount: Some(3.5),
            per: Some(crate::model::Per::Session),
            concessions: Some("Free for carers".into()),
            ..Default::default()
        };
        assert_eq!(cost.in_words(), ["£3.50 a session", "Free for carers"]);
    }
}
