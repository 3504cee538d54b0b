//! Filter facets: the few compact values per listing that the filter form of the site pages
//! matches on, the same on a page's cards (`data-f`, `data-d`, … attributes) and in the site's
//! search index (each document's last field), so one piece of JavaScript filters both.
//!
//! ```text
//! f   flags: free, self (no referral needed), step (step-free venues, or no venue to go to)
//! d   days a session is on: mon tue wed thu fri sat sun
//! t   times of day a session starts: m (before 12:00) a (before 17:00) e (17:00 or later)
//! a   ages, "min-max" (absent: any age)
//! au  audience ids: older-people carers …
//! l   languages spoken besides English (ISO 639-1): so ar …
//! w   on a borough-wide site, the ward of the venue nearest the site, as a slug, or the
//!     wards an area service covers; "*" for services available in every ward
//! ```
//!
//! Each value is a space-separated list; the index leaves empty ones out.
//!
//! Search words that name a filter act as that filter ([`Condition::of`]): "free", a day,
//! "weekend", a time of day, an age ("over 60", "kids", "teenagers"), "women" or "men", a
//! language. Both engines and search.js (`conditionOf`, `passes`) apply these definitions. Days and times come from
//! [`crate::analysis::listing_concepts`], so filters and search agree on what
//! "Tuesday morning" means. This module only describes listings; rendering the form and the
//! attributes is `render`'s job, matching them is `themes/default/site.js`'s.

use serde::Serialize;

use crate::analysis::{day_id, listing_concepts};
use crate::model::{Joining, Listing, WEEKDAYS};

/// The facets of one listing on one site.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub f: String,
    pub d: String,
    pub t: String,
    pub a: String,
    pub au: String,
    pub l: String,
    pub w: String,
}

impl Facets {
    /// As the search index stores them: an object of the values that are not empty.
    pub fn to_json(&self) -> serde_json::Value {
        let fields = [
            ("f", &self.f),
            ("d", &self.d),
            ("t", &self.t),
            ("a", &self.a),
            ("au", &self.au),
            ("l", &self.l),
            ("w", &self.w),
        ];
        serde_json::Value::Object(
            fields
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
                .collect(),
        )
    }
}

/// The oldest age a range without a maximum reaches.
const NO_MAX_AGE: u8 = 120;

impl Facets {
    /// Everything but the ward, which depends on the site (see [`Facets::with_ward`]).
    pub fn of(listing: &Listing) -> Facets {
        let mut f = Vec::new();
        if listing.cost.free {
            f.push("free");
        }
        if listing.joining != Joining::Professional {
            f.push("self");
        }
        let concepts = listing_concepts(listing);
        if listing.venues.is_empty() || concepts.iter().any(|c| c == "x:step-free") {
            f.push("step");
        }
        let with = |prefix: &str| -> Vec<&str> {
            concepts
                .iter()
                .filter_map(|c| c.strip_prefix(prefix))
                .collect()
        };
        // In the week's order, not the alphabet's.
        let days: Vec<&str> = WEEKDAYS
            .iter()
            .map(|(_, d)| day_id(*d))
            .filter(|d| with("d:").contains(d))
            .collect();
        let times: Vec<&str> = [("morning", "m"), ("afternoon", "a"), ("evening", "e")]
            .into_iter()
            .filter(|(t, _)| with("t:").contains(t))
            .map(|(_, short)| short)
            .collect();
        let ages = match (listing.min_age, listing.max_age) {
            (None, None) => String::new(),
            (min, max) => format!("{}-{}", min.unwrap_or(0), max.unwrap_or(NO_MAX_AGE)),
        };
        Facets {
            f: f.join(" "),
            d: days.join(" "),
            t: times.join(" "),
            a: ages,
            au: listing.audiences.join(" "),
            l: with("l:").join(" "),
            w: String::new(),
        }
    }

    /// The same with the ward filter's value: `venue_ward` is the ward (name) of the venue
    /// the site shows; without one, services available everywhere are in every ward ("*").
    /// A service limited to some wards is in the wards it serves, and in its venue's ward
    /// when it has one.
    pub fn with_ward(mut self, listing: &Listing, venue_ward: Option<&str>) -> Facets {
        let everywhere = crate::select::is_everywhere(listing);
        let mut wards: Vec<String> = venue_ward.map(ward_slug).into_iter().collect();
        if !everywhere {
            for w in &listing.area.wards {
                let slug = ward_slug(w);
                if !wards.contains(&slug) {
                    wards.push(slug);
                }
            }
        }
        self.w = match venue_ward.is_none() && everywhere {
            true => "*".into(),
            false => wards.join(" "),
        };
        self
    }
}

/// One filter as the site's form sets it: a facet key and a value (several values, separated
/// by spaces, mean any of them; for `a`, an age that must be within the listing's range).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub key: &'static str,
    pub value: String,
}

/// The audiences whose search words act as the audience filter.
const AUDIENCE_FILTERS: &[&str] = &["women", "men"];

impl Condition {
    /// The filter a search concept stands for, if it is one: `f:free` the free filter, `j:self`
    /// no referral, `x:step-free` step-free, `d:<day>` the day, `t:<time>` the time of day,
    /// `au:women` and `au:men` the audience, `l:<code>` the language, `age:<n>` the age.
    pub fn of(concept: &str) -> Option<Condition> {
        let (kind, id) = concept.split_once(':')?;
        let (key, value) = match (kind, id) {
            ("f", "free") => ("f", "free"),
            ("j", "self") => ("f", "self"),
            ("x", "step-free") => ("f", "step"),
            ("d", day) => ("d", day),
            ("t", "morning") => ("t", "m"),
            ("t", "afternoon") => ("t", "a"),
            ("t", "evening") => ("t", "e"),
            ("au", a) if AUDIENCE_FILTERS.contains(&a) => ("au", a),
            ("l", code) => ("l", code),
            ("age", n) if n.parse::<u8>().is_ok() => ("a", n),
            _ => return None,
        };
        Some(Condition {
            key,
            value: value.to_string(),
        })
    }

    /// The filters of some concepts, as the form would set them: flags (`f`) each on their
    /// own, every other key once with its values joined (any of them), the first age only.
    pub fn all<'a>(concepts: impl IntoIterator<Item = &'a str>) -> Vec<Condition> {
        let mut out: Vec<Condition> = Vec::new();
        for c in concepts.into_iter().filter_map(Condition::of) {
            if c.key == "f" {
                if !out.contains(&c) {
                    out.push(c);
                }
                continue;
            }
            match out.iter_mut().find(|o| o.key == c.key) {
                Some(o) => {
                    if o.key != "a" && !o.value.split(' ').any(|v| v == c.value) {
                        o.value = format!("{} {}", o.value, c.value);
                    }
                }
                None => out.push(c),
            }
        }
        out
    }
}

impl Facets {
    /// Whether these facets pass every condition, as site.js's `passes` decides: an age must be
    /// within the listing's range (a listing without one passes), a ward of "*" passes, any
    /// other value passes when the facet holds one of the condition's values.
    pub fn passes(&self, conditions: &[Condition]) -> bool {
        conditions.iter().all(|c| {
            let have = match c.key {
                "f" => &self.f,
                "d" => &self.d,
                "t" => &self.t,
                "a" => &self.a,
                "au" => &self.au,
                "l" => &self.l,
                "w" => &self.w,
                _ => return false,
            };
            if c.key == "a" {
                let range = if have.is_empty() { "0-999" } else { have };
                let (min, max) = range.split_once('-').unwrap_or(("0", "999"));
                let age: u32 = c.value.parse().unwrap_or(0);
                return age >= min.parse().unwrap_or(0) && age <= max.parse().unwrap_or(999);
            }
            if have == "*" {
                return true;
            }
            c.value.split(' ').any(|v| have.split(' ').any(|h| h == v))
        })
    }
}

/// A ward's name as a filter value: lower-case words joined by hyphens.
pub fn ward_slug(name: &str) -> String {
    crate::text::slugify(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cost, Repeat, Session, Venue};
    use jiff::civil::{Weekday, date, time};

    fn listing() -> Listing {
        Listing {
            min_age: Some(18),
            audiences: vec!["older-people".into(), "carers".into()],
            languages: vec!["en".into(), "so".into(), "ar".into()],
            cost: Cost {
                free: true,
                ..Default::default()
            },
            joining: Joining::Either,
            venues: vec![Venue {
                name: "Hall".into(),
                address: vec![],
                postcode: "CR7 7JB".parse().unwrap(),
                at: None,
                access: Some(vec!["step-free".into()]),
            }],
            sessions: vec![
                Session {
                    repeat: Repeat::Weekly(vec![Weekday::Thursday, Weekday::Tuesday]),
                    start: Some(time(10, 0, 0, 0)),
                    end: None,
                },
                Session {
                    repeat: Repeat::Once(date(2026, 12, 12)),
                    start: Some(time(18, 0, 0, 0)),
                    end: None,
                },
            ],
            ..Listing::for_test("x")
        }
    }

    #[test]
    fn a_listing_reads_as_short_lists() {
        let f = Facets::of(&listing()).with_ward(&listing(), Some("Norbury & Pollards Hill"));
        assert_eq!(
            f,
            Facets {
                f: "free self step".into(),
                d: "tue thu sat".into(),
                t: "m e".into(),
                a: "18-120".into(),
                au: "older-people carers".into(),
                l: "ar so".into(),
                w: "norbury-pollards-hill".into(),
            }
        );
        let json = (Facets::of(&Listing {
            cost: Cost::default(),
            joining: Joining::Professional,
            sessions: vec![],
            audiences: vec![],
            languages: vec![],
            min_age: None,
            ..listing()
        }))
        .to_json()
        .to_string();
        assert_eq!(json, r#"{"f":"step"}"#);
    }

    #[test]
    fn search_words_act_as_the_filters_of_the_same_name() {
        let f = Facets::of(&listing());
        let all = |cs: &[&str]| Condition::all(cs.iter().copied());
        assert!(f.passes(&all(&["f:free", "d:tue"])));
        assert!(!f.passes(&all(&["d:mon"])));
        assert!(
            f.passes(&all(&["d:sat", "d:sun"])),
            "the weekend is either day"
        );
        assert!(f.passes(&all(&["t:morning", "age:60"])));
        assert!(!f.passes(&all(&["age:8"])), "18 and over");
        assert!(f.passes(&all(&["l:so"])));
        assert!(!f.passes(&all(&["au:women"])));
        assert_eq!(
            Condition::of("au:carers"),
            None,
            "only women and men are filters"
        );
        assert_eq!(Condition::of("n:housing"), None);
        assert_eq!(all(&["d:sat", "d:sun"])[0].value, "sat sun");
    }

    #[test]
    fn services_without_a_venue_are_in_every_ward_or_the_ones_they_cover() {
        let online = Listing {
            venues: vec![],
            online: true,
            ..listing()
        };
        assert_eq!(Facets::of(&online).with_ward(&online, None).w, "*");
        let mut area = Listing {
            venues: vec![],
            ..listing()
        };
        area.area.wards = vec!["Selhurst".into(), "Thornton Heath".into()];
        assert_eq!(
            Facets::of(&area).with_ward(&area, None).w,
            "selhurst thornton-heath"
        );
        // No venue, so nothing stands in the way of a wheelchair.
        assert!(Facets::of(&area).f.contains("step"));
        // A venue in one ward, serving two: in all three.
        assert_eq!(
            Facets::of(&area).with_ward(&area, Some("Broad Green")).w,
            "broad-green selhurst thornton-heath"
        );
    }
}
