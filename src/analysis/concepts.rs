//! The concepts a listing carries ([`listing_concepts`]): what search and the filters agree on.

use std::collections::BTreeSet;

use super::Synonyms;
use crate::model::Listing;

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
    let id = crate::model::weekday_id(day);
    // The ids are ASCII words of six letters or more.
    &id[..3]
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
        for d in s.repeat.weekdays() {
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

/// How many positions of a listing's needs, activities, audiences or languages count: a
/// concept at position 0 is the listing's main one, at 3 or later a minor one.
pub const RANKS: u32 = 4;

/// How central a concept of rank `rank` is to a listing (see [`concept_ranks`]): 1 for its
/// first need, activity, audience or language, 0.9, 0.8 for the next, 0.7 from the fourth;
/// 0.05 more when the listing's name or summary names it in words ([`Synonyms::named_in`]),
/// as a group that says "for people who feel lonely" is more about loneliness than one that
/// lists it among its needs.
pub fn centrality(rank: u32, mentioned: bool) -> f64 {
    1.0 - 0.1 * f64::from(rank.min(RANKS - 1)) + if mentioned { 0.05 } else { 0.0 }
}

/// A concept's rank and mention as one number, 1 to 2 × [`RANKS`] (the frequency of the
/// concept's term in the tantivy index), and back.
pub fn level(rank: u32, mentioned: bool) -> u32 {
    RANKS - rank.min(RANKS - 1) + if mentioned { RANKS } else { 0 }
}

/// The centrality of a [`level`].
pub fn centrality_of_level(level: u32) -> f64 {
    let mentioned = level > RANKS;
    let rank = RANKS - (level - if mentioned { RANKS } else { 0 }).clamp(1, RANKS);
    centrality(rank, mentioned)
}

/// The concepts a listing's name and summary, in English and in its translations, name in
/// words.
pub fn mentioned(listing: &Listing, synonyms: &Synonyms) -> BTreeSet<String> {
    let mut out = synonyms.named_in(&format!("{}. {}", listing.name, listing.summary));
    for t in listing.translations.values() {
        for text in [t.name.as_deref(), t.summary.as_deref()]
            .into_iter()
            .flatten()
        {
            out.extend(synonyms.named_in(text));
        }
    }
    out
}

/// The concepts of [`listing_concepts`] with their rank: the position of a need, activity,
/// audience or language in the listing's own list (the order its maintainers gave), capped
/// at [`RANKS`] − 1; 0 for days, times and facets.
pub fn concept_ranks(listing: &Listing) -> Vec<(String, u32)> {
    let rank_in = |list: &[String], id: &str| -> u32 {
        list.iter()
            .position(|x| x == id)
            .map_or(0, |p| (p as u32).min(RANKS - 1))
    };
    listing_concepts(listing)
        .into_iter()
        .map(|c| {
            let rank = match c.split_once(':') {
                Some(("n", id)) => rank_in(&listing.needs, id),
                Some(("a", id)) => rank_in(&listing.activities, id),
                Some(("au", id)) => rank_in(&listing.audiences, id),
                Some(("l", id)) => rank_in(&listing.languages, id),
                _ => 0,
            };
            (c, rank)
        })
        .collect()
}
