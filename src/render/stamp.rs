//! Cards rendered once and placed on many pages.
//!
//! A listing's card is on the home page of every site near it, in every
//! language: at national scale, millions of cards made from a hundred thousand listings. Of
//! two of a listing's cards in one language, only the link (`?from=` the site, `&walk=`), the
//! walking time and the distance differ, besides a few values that take only a handful of
//! settings (the venue, within the radius or not, the radius, the ward filter). So
//! `card.html` is rendered once per listing, language and those settings, with a mark where
//! the link, the time and the distance go: a [`Stamp`]. A page fills the marks in with its
//! own values, HTML-escaped as the template would have escaped them.
//!
//! Only the built-in `card.html` is stamped, because it only prints those three values: a
//! theme's own card could compute with them (`card.walk > 30`), which a mark cannot stand
//! for, and is rendered card by card. Nor is a card stamped whose own text, or whose
//! language's interface text, holds a mark's character (nothing real does): its marks could
//! not be told from the text.

use std::fmt::Write as _;
use std::sync::Mutex;

use serde::Serialize;

/// Where a card's link goes in a stamp, and its walking time and distance: characters of
/// Unicode's private use area, which no text of ours contains.
pub(super) const HREF_MARK: &str = "\u{E000}";
pub(super) const WALK_MARK: &str = "\u{E001}";
pub(super) const KM_MARK: &str = "\u{E002}";
pub(super) const MARKS: [char; 3] = ['\u{E000}', '\u{E001}', '\u{E002}'];

/// A card's walking time in minutes, or in a stamp the mark that stands for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Minutes {
    Of(u32),
    Mark,
}

impl Serialize for Minutes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Minutes::Of(n) => s.serialize_u32(*n),
            Minutes::Mark => s.serialize_str(WALK_MARK),
        }
    }
}

/// What, besides the listing, decides a card's HTML apart from its marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Key {
    /// The language's number.
    pub lang: usize,
    /// The venue the card names (near cards).
    pub venue: Option<usize>,
    pub shape: Shape,
    pub within: bool,
    /// The site's walking radius in minutes ("further than a 20-minute walk").
    pub radius: u32,
    /// Whether the card's facets carry its ward (borough-wide sites with ward boundaries).
    pub ward: bool,
}

/// Which distance a card gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    None,
    Walk,
    Km,
}

/// A value a page fills into a stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Href,
    Walk,
    Km,
}

/// A card's HTML with its marks taken out: `cuts` says where each value goes, in order.
#[derive(Debug)]
pub(super) struct Stamp {
    text: String,
    cuts: Vec<(usize, Slot)>,
}

impl Stamp {
    /// Cuts `card.html`'s output for a card whose link, time and distance were marks.
    pub fn cut(html: &str) -> Stamp {
        let mut text = String::with_capacity(html.len());
        let mut cuts = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find(MARKS) {
            text.push_str(&rest[..at]);
            let mark = rest[at..].chars().next().unwrap_or_default();
            let slot = match mark {
                '\u{E000}' => Slot::Href,
                '\u{E001}' => Slot::Walk,
                _ => Slot::Km,
            };
            cuts.push((text.len(), slot));
            rest = &rest[at + mark.len_utf8()..];
        }
        text.push_str(rest);
        Stamp { text, cuts }
    }

    /// The card with these values in place of the marks.
    pub fn fill(&self, href: &str, walk: Option<u32>, km: Option<&str>) -> String {
        let mut out = String::with_capacity(self.text.len() + 64);
        let mut from = 0;
        for (at, slot) in &self.cuts {
            out.push_str(&self.text[from..*at]);
            match (slot, walk) {
                // Digits need no escaping.
                (Slot::Walk, Some(n)) => {
                    let _ = write!(out, "{n}");
                }
                (Slot::Walk, None) => {}
                (Slot::Href, _) => crate::html::escape_into(&mut out, href),
                (Slot::Km, _) => crate::html::escape_into(&mut out, km.unwrap_or_default()),
            }
            from = *at;
        }
        out.push_str(&self.text[from..]);
        out
    }
}

/// One listing's stamps: `None` for a setting whose card holds a mark's character, which is
/// then rendered card by card.
#[derive(Debug, Default)]
pub(super) struct Stamps(Mutex<Vec<(Key, Option<Stamp>)>>);

/// What [`Stamps::fill`] knows of a setting.
pub(super) enum Found {
    /// The card, filled in from its stamp.
    Card(String),
    Unstampable,
    Unknown,
}

impl Stamps {
    /// The card of setting `key` with these values, when it has a stamp. (Filled in under
    /// the lock: sharing the stamp instead would have both cores count its references.)
    pub fn fill(&self, key: &Key, href: &str, walk: Option<u32>, km: Option<&str>) -> Found {
        let stamps = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match stamps.iter().find(|(k, _)| k == key) {
            Some((_, Some(stamp))) => Found::Card(stamp.fill(href, walk, km)),
            Some((_, None)) => Found::Unstampable,
            None => Found::Unknown,
        }
    }

    /// How many settings have a stamp, and how many are rendered card by card.
    #[cfg(test)]
    pub fn counts(&self) -> (usize, usize) {
        let stamps = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let stamped = stamps.iter().filter(|(_, s)| s.is_some()).count();
        (stamped, stamps.len() - stamped)
    }

    /// Keeps `stamp` for `key` (another thread may have made it meanwhile: the first stays).
    pub fn put(&self, key: Key, stamp: Option<Stamp>) {
        let mut stamps = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !stamps.iter().any(|(k, _)| *k == key) {
            stamps.push((key, stamp));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_puts_each_value_where_its_mark_was_escaped() {
        let html =
            format!("<a href=\"{HREF_MARK}\">x</a> {WALK_MARK} min · {KM_MARK} km · {HREF_MARK}");
        let stamp = Stamp::cut(&html);
        assert_eq!(
            stamp.fill("../l/?from=a&walk=7", Some(7), Some("1.5")),
            "<a href=\"../l/?from=a&amp;walk=7\">x</a> 7 min · 1.5 km · ../l/?from=a&amp;walk=7"
        );
        let plain = Stamp::cut("<li>no marks</li>");
        assert_eq!(plain.fill("x", None, None), "<li>no marks</li>");
    }

    #[test]
    fn marks_serialise_as_marks_and_minutes_as_numbers() {
        assert_eq!(serde_json::to_string(&Minutes::Of(12)).unwrap(), "12");
        assert_eq!(
            serde_json::to_string(&Minutes::Mark).unwrap(),
            format!("\"{WALK_MARK}\"")
        );
    }
}
