//! A site's own pages: its home page (needs with counts, search and filters, near you,
//! available everywhere) and a page per need, each choosing among the listings with that
//! need; its search index; and, through [`super::shortlist`] and [`super::poster`], what its
//! practice prints.
//!
//! What a site shows is [`crate::select`]'s choice; this module shows it.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::cards::Shown;
use super::finder::Finder;
use super::jobs::{Written, write};
use super::view::{Everywhere, NeedLink, ROOTS};
use super::words::{LISTING_LANG, term_label};
use super::{
    EVERYWHERE_SHOWN, Error, MAX_WALK_SHOWN, Renderer, is_borough_wide, poster, shortlist,
};
use crate::i18n::Strings;
use crate::search::static_index;
use crate::select::Selection;
use crate::sites::{Kind, Site};
use crate::vocab;

/// A site's pages in one language: the site, what they show, and the folder they go in.
pub(super) struct SitePages<'r, 'a> {
    pub(super) r: &'r Renderer<'a>,
    pub(super) site: &'a Site,
    /// The language's number, and its interface text.
    pub(super) l: usize,
    pub(super) t: &'a Strings,
    /// What the home page shows.
    pub(super) selection: Selection<'a>,
    /// What each need's page shows, for the needs with any listing to show.
    pub(super) by_need: Vec<(&'a vocab::Term, Selection<'a>)>,
    /// `<site>/` in the language's folder.
    pub(super) folder: PathBuf,
}

impl<'a> Renderer<'a> {
    /// Site number `i`'s pages in language number `l`, into that language's folder `out`. What
    /// the site shows is chosen again in each language's job: a few selections from the
    /// indexes cost little next to rendering the pages, and the jobs stay independent.
    pub(super) fn site(&self, i: usize, l: usize, out: &Path) -> Result<Written, Error> {
        let site = &self.dir.sites[i];
        // Each need page chooses among the listings with that need, so it too shows the
        // nearest ten even when the site's own nearest ten have none with that need.
        let by_need: Vec<(&vocab::Term, Selection)> = self
            .dir
            .vocab
            .needs
            .terms
            .iter()
            .zip(&self.published.need_indexes)
            .map(|(t, index)| (t, index.select(site)))
            .filter(|(_, sel)| sel.listings().next().is_some())
            .collect();
        let pages = SitePages {
            r: self,
            site,
            l,
            t: self.t(l),
            selection: self.selection(i),
            by_need,
            folder: out.join(&site.id),
        };
        let mut written = pages.home()?;
        for (term, sel) in &pages.by_need {
            written = written + pages.need(term, sel)?;
        }
        // What practices print: the shortlist ("social prescription") and the poster.
        written = written + shortlist::write_site(&pages)?;
        written = written + poster::write_site(&pages)?;
        Ok(written)
    }

    /// How `selection`'s nearby listings are shown on `site`.
    pub(super) fn shown_near(&self, site: &Site, selection: &Selection<'a>) -> Vec<Shown<'a>> {
        let borough_wide = is_borough_wide(site);
        selection
            .near
            .iter()
            .map(|n| {
                // Beyond an hour's walk, pages give the distance instead.
                let walkable = !borough_wide && n.minutes <= MAX_WALK_SHOWN;
                Shown {
                    listing: n.listing,
                    venue: Some(n.venue),
                    walk: walkable.then_some(n.minutes),
                    km: (!borough_wide && !walkable).then(|| format!("{:.1}", n.metres / 1000.0)),
                    within: n.within,
                    radius: site.walk_minutes,
                }
            })
            .collect()
    }

    /// How the first [`EVERYWHERE_SHOWN`] of `selection`'s services available everywhere are
    /// shown on a site.
    pub(super) fn shown_everywhere(&self, selection: &Selection<'a>) -> Vec<Shown<'a>> {
        selection
            .everywhere
            .iter()
            .take(EVERYWHERE_SHOWN)
            .map(|l| Shown {
                listing: l,
                venue: None,
                walk: None,
                km: None,
                within: true,
                radius: 0,
            })
            .collect()
    }

    /// `<site>/search/index.json`: the site's search index, for the search box of its home
    /// page in every language. Its documents are the site's listings in the order the home
    /// page shows them, with the same facets as the cards.
    pub(super) fn search_index(&self, i: usize, out: &Path) -> Result<Written, Error> {
        let site = &self.dir.sites[i];
        let selection = self.selection(i);
        let docs: Vec<static_index::Doc> = selection
            .near
            .iter()
            .map(|n| static_index::Doc {
                listing: n.listing,
                analysed: &self.published.prepared(n.listing).analysed,
                walk: Some(n.minutes),
                venue: Some(n.venue),
                facets: self.facets(site, n.listing, Some(n.venue)),
            })
            .chain(
                selection
                    .everywhere
                    .iter()
                    .filter(|_| !self.shared_everywhere)
                    .map(|l| static_index::Doc {
                        listing: l,
                        analysed: &self.published.prepared(l).analysed,
                        walk: None,
                        venue: None,
                        facets: self.facets(site, l, None),
                    }),
            )
            .collect();
        // One index for the site's pages in every language: the vocabulary's words in each
        // language name the same concepts as the English ones.
        let mut index = static_index::build_with(self.synonyms.clone(), &docs);
        if self.shared_everywhere {
            index.also = Some("../../everywhere/search/index.json".into());
        }
        let written = index
            .write(&out.join(&site.id).join("search"))
            .map_err(Error::Search)?;
        Ok(Written {
            pages: 0,
            files: written.files,
        })
    }
}

impl<'a> SitePages<'_, 'a> {
    /// `<site>/index.html`.
    fn home(&self) -> Result<Written, Error> {
        let (r, site, l, t) = (self.r, self.site, self.l, self.t);
        let selection = &self.selection;
        let borough_wide = is_borough_wide(site);
        let needs: Vec<NeedLink> = self
            .by_need
            .iter()
            .map(|(term, sel)| NeedLink {
                label: term_label(t, "need", &term.id, &term.label),
                href: format!("needs/{}.html", term.id),
                count: sel.near.iter().filter(|n| n.within).count() + sel.everywhere.len(),
            })
            .collect();

        let mut layout = r.layout(
            l,
            site.name.clone(),
            1,
            Some(site),
            &format!("{}/", site.id),
        );
        layout.description = match borough_wide {
            true => t.fill(
                "borough_lead",
                &[
                    ("area", &r.dir.config.area),
                    (
                        "n",
                        &(selection.near.len() + selection.everywhere.len()).to_string(),
                    ),
                ],
            ),
            false => t.fill("practice_lead", &[("site", &site.name)]),
        };
        let near = r.shown_near(site, selection);
        let everywhere = r.shown_everywhere(selection);
        let index = format!("{}{}/search/index.json", layout.assets, site.id);
        let finder = r.finder(l, site, near.iter().chain(&everywhere), Some(index));
        let page = SitePage {
            name: &site.name,
            practice: matches!(site.kind, Kind::Practice { .. }),
            borough_wide,
            address: &site.address,
            postcode: site.postcode.to_string(),
            phone: site.phone.as_deref(),
            walk_minutes: site.walk_minutes,
            needs,
            finder,
            near: r.cards(l, site, 1, &near)?,
            within: selection.within(),
            everywhere: Everywhere {
                cards: r.cards(l, site, 1, &everywhere)?,
                total: selection.everywhere.len(),
                all: format!("{}everywhere/", ROOTS[1]),
            },
            total: selection.near.len() + selection.everywhere.len(),
        };
        let html = r.theme.render("site.html", &layout, &page)?;
        write(&self.folder.join("index.html"), &html)?;
        Ok(Written { pages: 1, files: 1 })
    }

    /// `<site>/needs/<need>.html`: the listings with the need `term` that `sel` chose for
    /// the site.
    fn need(&self, term: &vocab::Term, sel: &Selection<'a>) -> Result<Written, Error> {
        let (r, site, l, t) = (self.r, self.site, self.l, self.t);
        let near = r.shown_near(site, sel);
        let everywhere = r.shown_everywhere(sel);
        let page = NeedPage {
            site: &site.name,
            label: term_label(t, "need", &term.id, &term.label),
            description: &term.description,
            description_lang: (t.lang != LISTING_LANG).then_some(LISTING_LANG),
            borough_wide: is_borough_wide(site),
            walk_minutes: site.walk_minutes,
            within: near.iter().filter(|c| c.within).count(),
            finder: r.finder(l, site, near.iter().chain(&everywhere), None),
            near: r.cards(l, site, 2, &near)?,
            everywhere: Everywhere {
                cards: r.cards(l, site, 2, &everywhere)?,
                total: sel.everywhere.len(),
                all: format!("{}everywhere/{}.html", ROOTS[2], term.id),
            },
        };
        let label = term_label(t, "need", &term.id, &term.label);
        let mut layout = r.layout(
            l,
            format!("{label} – {}", site.name),
            2,
            Some(site),
            &format!("{}/needs/{}.html", site.id, term.id),
        );
        layout.description = t.fill("need_meta", &[("need", label), ("site", &site.name)]);
        let html = r.theme.render("need.html", &layout, &page)?;
        write(
            &self.folder.join("needs").join(format!("{}.html", term.id)),
            &html,
        )?;
        Ok(Written { pages: 1, files: 1 })
    }
}

#[derive(Serialize)]
struct SitePage<'a> {
    name: &'a str,
    practice: bool,
    borough_wide: bool,
    address: &'a [String],
    postcode: String,
    phone: Option<&'a str>,
    walk_minutes: u32,
    needs: Vec<NeedLink<'a>>,
    /// The filter form, with the search box.
    finder: Option<Finder<'a>>,
    /// The cards, as `card.html` rendered them.
    near: Vec<String>,
    /// How many of `near` are within the walking radius.
    within: usize,
    everywhere: Everywhere<String>,
    total: usize,
}

#[derive(Serialize)]
struct NeedPage<'a> {
    site: &'a str,
    label: &'a str,
    description: &'a str,
    /// The description's language when it is not the page's.
    description_lang: Option<&'static str>,
    borough_wide: bool,
    walk_minutes: u32,
    finder: Option<Finder<'a>>,
    /// As `card.html` rendered them.
    near: Vec<String>,
    within: usize,
    everywhere: Everywhere<String>,
}
