//! A listing's card, as the pages of a site and the shared pages list it: what `card.html`
//! sees ([`Card`]), and its HTML, filled in from a stamp made once per listing, language and
//! setting when the theme's `card.html` is the built-in one ([`super::stamp`]), else rendered
//! one by one.

use std::collections::HashMap;

use serde::Serialize;

use super::view::Text;
use super::words::status;
use super::{Error, Renderer, Theme, is_borough_wide, stamp};
use crate::facets::Facets;
use crate::i18n::Strings;
use crate::model::Listing;
use crate::sites::Site;

impl<'a> Renderer<'a> {
    /// The HTML of `shown`'s cards on `site`'s pages `depth` folders deep, in language
    /// number `lang`: filled in from stamps with the built-in `card.html` ([`stamp`]),
    /// otherwise rendered one by one.
    pub(super) fn cards(
        &self,
        lang: usize,
        site: &Site,
        depth: usize,
        shown: &[Shown<'a>],
    ) -> Result<Vec<String>, Error> {
        let ward = is_borough_wide(site) && !self.filters.wards.is_empty();
        let t = self.t(lang);
        shown
            .iter()
            .map(|s| {
                let href = s.href(depth, site, self.other_lang(lang));
                let direct = |href| {
                    self.theme
                        .render_card(t, &self.card_on(lang, site, s, href, false))
                };
                if !self.theme.stamped {
                    return direct(href);
                }
                let key = stamp::Key {
                    lang,
                    venue: s.venue,
                    shape: match (s.walk, &s.km) {
                        (Some(_), _) => stamp::Shape::Walk,
                        (None, Some(_)) => stamp::Shape::Km,
                        (None, None) => stamp::Shape::None,
                    },
                    within: s.within,
                    radius: s.radius,
                    ward,
                };
                let stamps = &self.published.prepared(s.listing).stamps;
                match stamps.fill(&key, &href, s.walk, s.km.as_deref()) {
                    stamp::Found::Card(html) => return Ok(html),
                    stamp::Found::Unstampable => return direct(href),
                    stamp::Found::Unknown => {}
                }
                // The first card of this setting: make its stamp, unless a mark's character
                // is in its text or its language's.
                let marked = self.card_on(lang, site, s, stamp::HREF_MARK.into(), true);
                if marked.holds(&stamp::MARKS) || self.langs[lang].marked {
                    stamps.put(key, None);
                    return direct(href);
                }
                let made = stamp::Stamp::cut(&self.theme.render_card(t, &marked)?);
                let html = made.fill(&href, s.walk, s.km.as_deref());
                stamps.put(key, Some(made));
                Ok(html)
            })
            .collect()
    }

    /// The card of `shown` on `site` linking to `href`; with `marked`, with marks for its
    /// walking time and distance, to make a stamp of.
    pub(super) fn card_on(
        &self,
        lang: usize,
        site: &Site,
        shown: &Shown<'a>,
        href: String,
        marked: bool,
    ) -> Card<'a> {
        let l = shown.listing;
        Card {
            radius: shown.radius,
            walk: shown.walk.map(|n| match marked {
                true => stamp::Minutes::Mark,
                false => stamp::Minutes::Of(n),
            }),
            km: shown.km.as_ref().map(|km| match marked {
                true => stamp::KM_MARK.to_string(),
                false => km.clone(),
            }),
            within: shown.within,
            place: shown.venue.map(|v| l.venues[v].name.as_str()),
            facets: Some(self.facets(site, l, shown.venue)),
            ..self.card(lang, l, href)
        }
    }

    /// The next session of a listing as language number `l` words it ("Next: …").
    /// (Every published listing is prepared in [`Renderer::new`].)
    pub(super) fn next_session_of(&self, l: usize, listing: &Listing) -> Option<String> {
        self.published.prepared(listing).next[l].clone()
    }

    /// A listing's card in language number `lang`, without what depends on the site (walking
    /// time, facets).
    pub(super) fn card(&self, lang: usize, l: &'a Listing, href: String) -> Card<'a> {
        let next = self.next_session_of(lang, l);
        Card {
            when: next
                .is_some()
                .then(|| self.published.prepared(l).when.clone()),
            next,
            ..card(self.t(lang), l, href, &self.dir.config.area)
        }
    }
}

/// A listing as a site's page shows it: what its card takes from the site.
pub(super) struct Shown<'a> {
    pub(super) listing: &'a Listing,
    /// The venue the card names, for listings people go to.
    pub(super) venue: Option<usize>,
    /// Walking minutes from the site, or beyond [`super::MAX_WALK_SHOWN`] the distance in km.
    pub(super) walk: Option<u32>,
    pub(super) km: Option<String>,
    pub(super) within: bool,
    /// The site's walking radius (0 for services available everywhere).
    pub(super) radius: u32,
}

impl Shown<'_> {
    /// The link to the listing's page from `site`'s page `depth` folders deep, in language
    /// `lang` (`None` for the default: [`super::listing_href`]).
    pub(super) fn href(&self, depth: usize, site: &Site, lang: Option<&str>) -> String {
        let mut query = format!("?from={}", site.id);
        if let Some(minutes) = self.walk {
            query.push_str(&format!("&walk={minutes}"));
        }
        super::listing_href(depth, lang, &self.listing.id, &query)
    }
}

impl Card<'_> {
    /// Whether any text the card shows, other than its link, walking time and distance,
    /// holds one of `chars`.
    pub(super) fn holds(&self, chars: &[char]) -> bool {
        let facets = self
            .facets
            .iter()
            .flat_map(|f| [&f.f, &f.d, &f.t, &f.a, &f.au, &f.l, &f.w]);
        [self.name, self.summary, self.place.unwrap_or_default()]
            .into_iter()
            .chain(self.notice)
            .chain(self.next.as_deref())
            .chain(self.when.as_deref())
            .chain(self.ways.iter().map(String::as_str))
            .chain(facets.map(String::as_str))
            .any(|text| text.contains(chars))
    }
}

/// A listing in a list.
#[derive(Serialize)]
pub(super) struct Card<'a> {
    /// The listing's id: the card's anchor (`#l-<id>`), which a need's section links to.
    id: &'a str,
    href: String,
    name: &'a str,
    /// The language of `name` when it is not the page's (a listing with no translation).
    name_lang: Option<&'static str>,
    summary: &'a str,
    summary_lang: Option<&'static str>,
    /// Walking minutes from the site, on practice sites, up to [`super::MAX_WALK_SHOWN`].
    walk: Option<stamp::Minutes>,
    /// Straight-line distance in kilometres, when further than that.
    km: Option<String>,
    within: bool,
    /// The nearest venue's name.
    place: Option<&'a str>,
    /// How to take part without travelling: "Online", "By phone", "Across Croydon", …
    ways: Vec<String>,
    free: bool,
    status: &'static str,
    notice: Option<&'a str>,
    example: bool,
    /// "Next: Tuesday 24 November 2026, 10:00".
    next: Option<String>,
    /// With `next`: the sessions for `when.js` to work it out again in the page
    /// ([`crate::schedule::compact`]).
    when: Option<String>,
    /// What the filters match on (site pages only).
    facets: Option<Facets>,
    /// The site's walking radius, for "(further than a 20-minute walk)".
    radius: u32,
}

/// A listing's card in the page's language, linking to `href`, without what depends on the
/// site.
pub(super) fn card<'a>(t: &Strings, l: &'a Listing, href: String, area: &str) -> Card<'a> {
    let mut ways = Vec::new();
    if l.online {
        ways.push(t.get("way_online").to_string());
    }
    if l.by_phone {
        ways.push(t.get("way_phone").to_string());
    }
    if l.area.borough {
        ways.push(t.fill("way_across", &[("area", area)]));
    } else if !l.area.wards.is_empty() {
        ways.push(t.fill("way_in", &[("wards", &t.join_and(&l.area.wards))]));
    }
    let text = Text::of(t, l);
    Card {
        id: &l.id,
        href,
        name: text.name,
        name_lang: text.name_lang,
        summary: text.summary,
        summary_lang: text.summary_lang,
        walk: None,
        km: None,
        within: true,
        place: None,
        ways,
        free: l.cost.free,
        status: status(l.status),
        notice: l.notice.as_deref(),
        example: l.example,
        next: None,
        when: None,
        facets: None,
        radius: 0,
    }
}

/// Cards as `card.html` renders them, each rendered once for a site's pages in one language:
/// a listing's card is the same on every site page it is on (and on the shared pages of
/// services available everywhere, the same on each of them).
pub(super) struct CardHtml<'r> {
    theme: &'r Theme,
    t: &'r Strings,
    done: HashMap<String, String>,
}

impl<'r> CardHtml<'r> {
    pub(super) fn new(theme: &'r Theme, t: &'r Strings) -> CardHtml<'r> {
        CardHtml {
            theme,
            t,
            done: HashMap::new(),
        }
    }

    pub(super) fn render(&mut self, cards: &[Card]) -> Result<Vec<String>, Error> {
        cards
            .iter()
            .map(|card| {
                // All a card shows follows from its link (listing, site, page depth, walking
                // time) and its venue; the rest is the listing's and the language's.
                let key = format!(
                    "{}\0{}\0{:?}\0{}",
                    card.href,
                    card.place.unwrap_or(""),
                    card.km,
                    card.within
                );
                if let Some(html) = self.done.get(&key) {
                    return Ok(html.clone());
                }
                let html = self.theme.render_card(self.t, card)?;
                self.done.insert(key, html.clone());
                Ok(html)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::directory::Directory;
    use crate::i18n;
    use crate::render::theme::{ASSETS, TEMPLATES};

    /// Every card of every Croydon site, in every language, from a page one and two folders
    /// deep: each call of `cards` (the first makes the stamps, the second fills them in)
    /// against `card.html` rendered card by card. Returns how many settings were stamped and
    /// how many were not.
    fn compare_stamped_cards(dir: &Directory, theme: &Theme) -> (usize, usize) {
        assert!(theme.stamped);
        let r = Renderer::new(dir, theme).unwrap();
        let mut compared = 0;
        for (i, site) in dir.sites.iter().enumerate() {
            let selection = r.selection(i);
            let mut shown = r.shown_near(site, &selection);
            shown.extend(
                r.shown_local(site, &selection)
                    .into_iter()
                    .flat_map(|g| g.1),
            );
            shown.extend(r.shown_everywhere(&selection));
            for lang in 0..r.langs.len() {
                for depth in [1, 2] {
                    let direct: Vec<String> = shown
                        .iter()
                        .map(|s| {
                            let card = r.card_on(
                                lang,
                                site,
                                s,
                                s.href(depth, site, r.other_lang(lang)),
                                false,
                            );
                            theme.render_card(r.t(lang), &card).unwrap()
                        })
                        .collect();
                    for _ in 0..2 {
                        assert_eq!(r.cards(lang, site, depth, &shown).unwrap(), direct);
                    }
                    compared += direct.len();
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
        r.published.every_prepared().fold((0, 0), |(yes, no), p| {
            let (y, n) = p.stamps.counts();
            (yes + y, no + n)
        })
    }

    fn croydon() -> Directory {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::directory::load(root, &crate::directory::Options::default())
            .unwrap()
            .directory
    }

    #[test]
    fn stamped_cards_are_the_cards_rendered_one_by_one() {
        let (stamped, unstampable) = compare_stamped_cards(&croydon(), &Theme::builtin());
        assert!(stamped > 500, "{stamped}");
        assert_eq!(unstampable, 0);
    }

    #[test]
    fn a_language_whose_interface_text_holds_a_mark_is_rendered_card_by_card() {
        let strings = i18n::BUILTIN
            .iter()
            .map(|(code, text)| match *code {
                "pl" => {
                    let marked: String = text
                        .lines()
                        .map(|line| match line.starts_with("tag_free ") {
                            true => format!("tag_free = \"Za darmo {}\"\n", stamp::KM_MARK),
                            false => format!("{line}\n"),
                        })
                        .collect();
                    assert!(marked.contains(stamp::KM_MARK));
                    (*code, marked)
                }
                _ => (*code, (*text).to_string()),
            })
            .collect();
        let theme = Theme::from_files(
            TEMPLATES
                .iter()
                .map(|(n, t)| (*n, (*t).to_string()))
                .collect(),
            ASSETS.iter().map(|(n, t)| (*n, (*t).to_string())).collect(),
            strings,
        )
        .unwrap();
        let (stamped, unstampable) = compare_stamped_cards(&croydon(), &theme);
        assert!(stamped > 500, "{stamped}");
        assert!(unstampable > 0);
    }

    #[test]
    fn a_listing_whose_text_holds_a_mark_is_rendered_card_by_card() {
        let mut dir = croydon();
        let listing = dir
            .listings
            .iter_mut()
            .find(|l| l.id == "south-norwood-library")
            .unwrap();
        listing.summary = format!("Books {} and wifi", stamp::WALK_MARK);
        let (stamped, unstampable) = compare_stamped_cards(&dir, &Theme::builtin());
        assert!(stamped > 500, "{stamped}");
        assert!(unstampable > 0);
    }
}
