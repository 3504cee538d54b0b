//! A site's own pages: its home page (needs with counts, search and filters, near you, the
//! services for the wards it reaches, available everywhere) with a section per need showing
//! the same lists narrowed to the need, as links to the cards (one page where there were 36:
//! the need pages were 82 % of a build's files); its search index; and, through [`super::shortlist`] and
//! [`super::poster`], what its practice prints.
//!
//! What a site shows is [`crate::select`]'s one choice per site ([`Selection`]); this module
//! shows it, and every figure it prints is a count of it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::cards::Shown;
use super::finder::Finder;
use super::jobs::{Written, write};
use super::view::{Everywhere, NeedLink, ROOTS, Text};
use super::words::term_label;
use super::{
    EVERYWHERE_SHOWN, Error, MAX_WALK_SHOWN, Renderer, is_borough_wide, poster, shortlist,
};
use crate::config::Redirects;
use crate::i18n::Strings;
use crate::model::Listing;
use crate::search::static_index;
use crate::select::{Nearby, Selection};
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
    /// the site shows is chosen again in each language's job: one selection from the index
    /// costs little next to rendering the pages, and the jobs stay independent.
    pub(super) fn site(&self, i: usize, l: usize, out: &Path) -> Result<Written, Error> {
        let site = &self.dir.sites[i];
        let selection = self.selection(i);
        // Each need's section shows the site's own lists narrowed to the need, so its link,
        // its section, the poster and the search agree; a need with nothing to show has none.
        let by_need: Vec<(&vocab::Term, Selection)> = self
            .dir
            .vocab
            .needs
            .terms
            .iter()
            .map(|t| (t, selection.with_need(&t.id)))
            .filter(|(_, sel)| sel.count() > 0)
            .collect();
        let pages = SitePages {
            r: self,
            site,
            l,
            t: self.t(l),
            selection,
            by_need,
            folder: out.join(&site.id),
        };
        let mut written = pages.home()?;
        written = written + pages.need_stubs()?;
        // What practices print: the shortlist ("social prescription") and the poster.
        written = written + shortlist::write_site(&pages)?;
        written = written + poster::write_site(&pages)?;
        Ok(written)
    }

    /// How a listing with a venue is shown on `site`: its walking time, or beyond
    /// [`MAX_WALK_SHOWN`] its distance (neither on a borough-wide site).
    fn shown_nearby(&self, site: &Site, n: &Nearby<'a>) -> Shown<'a> {
        let borough_wide = is_borough_wide(site);
        // Beyond an hour's walk, pages give the distance instead.
        let walkable = !borough_wide && n.minutes <= MAX_WALK_SHOWN;
        Shown {
            listing: n.listing,
            venue: Some(n.venue),
            walk: walkable.then_some(n.minutes),
            km: (!borough_wide && !walkable).then(|| format!("{:.1}", n.metres / 1000.0)),
            within: n.within || borough_wide,
            radius: site.walk_minutes,
        }
    }

    /// How `selection`'s nearby listings are shown on `site`.
    pub(super) fn shown_near(&self, site: &Site, selection: &Selection<'a>) -> Vec<Shown<'a>> {
        selection
            .near
            .iter()
            .map(|n| self.shown_nearby(site, n))
            .collect()
    }

    /// `selection`'s ward services on `site`, in groups of the same wards: (the wards, how
    /// each is shown). A venue beyond the walk is shown with its distance.
    pub(super) fn shown_local(
        &self,
        site: &Site,
        selection: &Selection<'a>,
    ) -> Vec<(&'a [String], Vec<Shown<'a>>)> {
        let mut groups: Vec<(&'a [String], Vec<Shown<'a>>)> = Vec::new();
        for local in &selection.local {
            let shown = match &local.venue {
                Some(n) => self.shown_nearby(site, n),
                None => shown_without_venue(local.listing),
            };
            match groups.last_mut() {
                Some((wards, list)) if *wards == local.wards() => list.push(shown),
                _ => groups.push((local.wards(), vec![shown])),
            }
        }
        groups
    }

    /// How the first [`EVERYWHERE_SHOWN`] of `selection`'s services available everywhere are
    /// shown on a site.
    pub(super) fn shown_everywhere(&self, selection: &Selection<'a>) -> Vec<Shown<'a>> {
        selection
            .everywhere
            .iter()
            .take(EVERYWHERE_SHOWN)
            .map(|l| shown_without_venue(l))
            .collect()
    }

    /// The ward services of a page as `lists.html` shows them: per group of wards, its
    /// heading's wards and its cards.
    fn local_cards(
        &self,
        l: usize,
        site: &Site,
        depth: usize,
        groups: &[(&[String], Vec<Shown<'a>>)],
    ) -> Result<Vec<LocalCards>, Error> {
        groups
            .iter()
            .map(|(wards, shown)| {
                Ok(LocalCards {
                    wards: self.t(l).join_and(wards),
                    cards: self.cards(l, site, depth, shown)?,
                })
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
            .chain(selection.local.iter().map(|local| {
                let venue = local.venue.as_ref();
                static_index::Doc {
                    listing: local.listing,
                    analysed: &self.published.prepared(local.listing).analysed,
                    walk: venue.map(|n| n.minutes),
                    venue: venue.map(|n| n.venue),
                    facets: self.facets(site, local.listing, venue.map(|n| n.venue)),
                }
            }))
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
        index.words = Some(self.words.clone());
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
        // A need's figure is what its page shows ([`Selection::count`]).
        let needs: Vec<NeedLink> = self
            .by_need
            .iter()
            .map(|(term, sel)| NeedLink {
                label: term_label(t, "need", &term.id, &term.label),
                href: format!("#{}", term.id),
                count: sel.count(),
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
        let local = r.shown_local(site, selection);
        let everywhere = r.shown_everywhere(selection);
        let index = format!("{}{}/search/index.json", layout.assets, site.id);
        let shown = near
            .iter()
            .chain(local.iter().flat_map(|g| &g.1))
            .chain(&everywhere);
        let on_home: HashSet<&str> = shown.clone().map(|s| s.listing.id.as_str()).collect();
        let finder = r.finder(l, site, shown, Some(index));
        let page = SitePage {
            name: &site.name,
            practice: matches!(site.kind, Kind::Practice { .. }),
            borough_wide,
            address: &site.address,
            postcode: site.postcode.to_string(),
            phone: site.phone.as_deref(),
            walk_minutes: site.walk_minutes,
            wider: self.wider(1, ""),
            needs,
            sections: self.need_sections(&on_home),
            finder,
            near: r.cards(l, site, 1, &near)?,
            local: r.local_cards(l, site, 1, &local)?,
            everywhere: Everywhere {
                cards: r.cards(l, site, 1, &everywhere)?,
                total: selection.everywhere.len(),
                all: format!("{}everywhere/", ROOTS[1]),
            },
            total: selection.count(),
        };
        let html = r.theme.render("site.html", &layout, &page)?;
        write(&self.folder.join("index.html"), &html)?;
        Ok(Written { pages: 1, files: 1 })
    }

    /// The home page's section for each need (`#<need>`): the site's lists narrowed to the
    /// need, in the same order, each entry linking to its card on the page (or, for a
    /// service available everywhere beyond the first few, to its listing page).
    fn need_sections(&self, on_home: &HashSet<&str>) -> Vec<NeedSection<'a>> {
        let (r, site, t) = (self.r, self.site, self.t);
        self.by_need
            .iter()
            .map(|(term, sel)| {
                let near = r.shown_near(site, sel);
                let local = r.shown_local(site, sel);
                let everywhere = r.shown_everywhere(sel);
                let entries = near
                    .iter()
                    .chain(local.iter().flat_map(|g| &g.1))
                    .chain(&everywhere)
                    .map(|s| {
                        let text = Text::of(t, s.listing);
                        NeedEntry {
                            href: match on_home.contains(s.listing.id.as_str()) {
                                true => format!("#l-{}", s.listing.id),
                                false => s.href(1, site, r.other_lang(self.l)),
                            },
                            name: text.name,
                            name_lang: text.name_lang,
                        }
                    })
                    .collect();
                NeedSection {
                    id: &term.id,
                    label: term_label(t, "need", &term.id, &term.label),
                    count: sel.count(),
                    entries,
                    all: (sel.everywhere.len() > everywhere.len())
                        .then(|| format!("{}everywhere/{}.html", ROOTS[1], term.id)),
                    everywhere_total: sel.everywhere.len(),
                    crisis: r.crisis[self.l].by_need.get(&term.id).cloned(),
                }
            })
            .collect()
    }

    /// With `[output] redirects = "pages"`: at each address the need pages had
    /// (`<site>/needs/<need>.html`), a small page that sends the browser to the need's
    /// section of the home page, for hosts without redirects.
    fn need_stubs(&self) -> Result<Written, Error> {
        if self.r.dir.config.output.redirects != Redirects::Pages {
            return Ok(Written::default());
        }
        let folder = self.folder.join("needs");
        for (term, _) in &self.by_need {
            let label = term_label(self.t, "need", &term.id, &term.label);
            let to = format!("../#{}", term.id);
            let title = format!("{label} – {}", self.site.name);
            let html = super::redirect_page(&self.t.lang, &title, &to);
            write(&folder.join(format!("{}.html", term.id)), html)?;
        }
        Ok(Written {
            pages: 0,
            files: self.by_need.len(),
        })
    }
}

impl SitePages<'_, '_> {
    /// On a practice's page `depth` folders deep, the link to the same page (`page`, relative
    /// to a site's folder) of the borough-wide site, which shows the groups beyond the walk.
    fn wider(&self, depth: usize, page: &str) -> Option<String> {
        if is_borough_wide(self.site) {
            return None;
        }
        let borough = self.r.dir.sites.iter().find(|s| is_borough_wide(s))?;
        Some(format!("{}{}/{page}", ROOTS[depth], borough.id))
    }
}

/// A listing people do not go to (or whose venue the page does not name) on a site's page.
fn shown_without_venue(listing: &Listing) -> Shown<'_> {
    Shown {
        listing,
        venue: None,
        walk: None,
        km: None,
        within: true,
        radius: 0,
    }
}

/// The ward services of one heading: "For people living in {wards}".
#[derive(Serialize)]
struct LocalCards {
    /// The wards, joined as the page's language joins a list ("A, B and C").
    wards: String,
    /// As `card.html` rendered them.
    cards: Vec<String>,
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
    /// The borough-wide site, for the groups beyond the walk (practice sites).
    wider: Option<String>,
    needs: Vec<NeedLink<'a>>,
    /// A section per need, in the order of `needs`.
    sections: Vec<NeedSection<'a>>,
    /// The filter form, with the search box.
    finder: Option<Finder<'a>>,
    /// The cards, as `card.html` rendered them: the groups within the walking radius.
    near: Vec<String>,
    /// The ward services, by heading.
    local: Vec<LocalCards>,
    everywhere: Everywhere<String>,
    /// How many listings the site shows in all.
    total: usize,
}

/// A need's section of a site's home page: what the need pages showed, as a list of links
/// to the cards above it.
#[derive(Serialize)]
struct NeedSection<'a> {
    /// The need's id: the section's anchor.
    id: &'a str,
    label: &'a str,
    /// The figure beside the need's link ([`Selection::count`]).
    count: usize,
    /// The nearby groups, the ward services and the first few services available
    /// everywhere with the need, in the order of the page.
    entries: Vec<NeedEntry<'a>>,
    /// The page of every service available everywhere with the need, when there are more.
    all: Option<String>,
    everywhere_total: usize,
    /// The crisis help of a need a crisis names (domestic abuse, …), shown in the section
    /// without JavaScript, as the need pages showed it.
    crisis: Option<super::crisis::CrisisBlock>,
}

/// One listing in a need's section: its name, linking to its card, which gives the walking
/// time (the entries are in walking order, as the cards are).
#[derive(Serialize)]
struct NeedEntry<'a> {
    /// `#l-<id>`, its card on the page, or its listing page.
    href: String,
    name: &'a str,
    name_lang: Option<&'static str>,
}
