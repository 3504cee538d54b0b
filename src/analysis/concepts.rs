//! The concepts a listing carries ([`listing_concepts`]): what search and the filters agree on.

use std::collections::BTreeSet;

use crate::model::{Listing, Repeat};

/// When a session starts: before 12:00 morning, before 17:00 afternoon, else evening.
pub fn time_of_day(hour: i8) -> &'static str {
    if hour < 12 {
        "t:morning"
    } else if hour < 17 {
        "t:afternoon"
    } else {
        "t:evening"
    }
}

/// A weekday as the concepts, facets and index name it: `mon` … `sun`.
pub fn day_id(day: jiff::civil::Weekday) -> &'static str {
    use jiff::civil::Weekday::*;
    match day {
        Monday => "mon",
        Tuesday => "tue",
        Wednesday => "wed",
        Thursday => "thu",
        Friday => "fri",
        Saturday => "sat",
        Sunday => "sun",
    }
}

/// The concepts a listing carries, sorted: its needs, activities, audiences, languages other
/// than English, days and times of day of its sessions, and the facets free, step-free (every
/// venue says so) and self (no referral needed).
pub fn listing_concepts(listing: &Listing) -> Vec<String> {
    let mut out = BTreeSet::new();
    for n in &listing.needs {
        out.insert(format!("n:{n}"));
    }
    for a in &listing.activities {
        out.insert(format!("a:{a}"));
    }
    for a in &listing.audiences {
        out.insert(format!("au:{a}"));
    }
    for l in &listing.languages {
        if l != "en" {
            out.insert(format!("l:{l}"));
        }
    }
    for s in &listing.sessions {
        let days: Vec<jiff::civil::Weekday> = match &s.repeat {
            Repeat::Weekly(d) | Repeat::Monthly(_, d) => d.clone(),
            Repeat::Once(date) => vec![date.weekday()],
        };
        for d in days {
            out.insert(format!("d:{}", day_id(d)));
        }
        if let Some(start) = s.start {
            out.insert(time_of_day(start.hour()).to_string());
        }
    }
    if listing.cost.free {
        out.insert("f:free".into());
    }
    if !listing.venues.is_empty()
        && listing.venues.iter().all(|v| {
            v.access
                .as_ref()
                .is_some_and(|a| a.iter().any(|x| x == "step-free"))
        })
    {
        out.insert("x:step-free".into());
    }
    if listing.joining != crate::model::Joining::Professional {
        out.insert("j:self".into());
    }
    out.into_iter().collect()
}
