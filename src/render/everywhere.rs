//! `everywhere/`: the shared pages of services available wherever people live, the main list
//! and one per need, each in pages of [`EVERYWHERE_PAGE`] cards; and, when there are more
//! than [`super::EVERYWHERE_INLINE_MAX`] of them, their own search index, which every site's index
//! names.
//!
//! A site's pages show the first [`super::EVERYWHERE_SHOWN`] and link here for the rest.

use std::path::Path;

use serde::Serialize;

use super::cards::{Card, CardHtml};
use super::jobs::{Written, write};
use super::view::NeedLink;
use super::words::term_label;
use super::{EVERYWHERE_PAGE, Error, Renderer, shortlist};
use crate::model::Listing;
use crate::search::static_index;
use crate::select;
use crate::vocab;

impl Renderer<'_> {
    /// `everywhere/`: every service available wherever people live, and the same per need.
    pub(super) fn everywhere(&self, lang: usize, out: &Path) -> Result<Written, Error> {
        let t = self.t(lang);
        let all: Vec<&Listing> = {
            let mut v: Vec<&Listing> = self
                .published
                .listings
                .iter()
                .copied()
                .filter(|l| select::is_everywhere(l))
                .collect();
            v.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
            v
        };
        let cards = |depth: usize, keep: &dyn Fn(&Listing) -> bool| -> Vec<Card> {
            all.iter()
                .filter(|l| keep(l))
                .map(|l| {
                    let href = super::listing_href(depth, self.other_lang(lang), &l.id, "");
                    self.card(lang, l, href)
                })
                .collect()
        };
        let needs: Vec<&vocab::Term> = self
            .dir
            .vocab
            .needs
            .terms
            .iter()
            .filter(|t| all.iter().any(|l| l.needs.contains(&t.id)))
            .collect();
        let mut card_html = CardHtml::new(self.theme, t);
        let need_links: Vec<NeedLink> = needs
            .iter()
            .map(|term| NeedLink {
                label: term_label(t, "need", &term.id, &term.label),
                href: format!("{}.html", term.id),
                count: all.iter().filter(|l| l.needs.contains(&term.id)).count(),
            })
            .collect();
        // The main list (`index`), then one per need.
        let mut written = self.everywhere_list(
            lang,
            None,
            &cards(1, &|_| true),
            need_links,
            &mut card_html,
            out,
        )?;
        for term in needs {
            let list = cards(1, &|l| l.needs.contains(&term.id));
            written = written
                + self.everywhere_list(lang, Some(term), &list, Vec::new(), &mut card_html, out)?;
        }
        if self.shared_everywhere {
            written = written + shortlist::write_everywhere(self, lang, out)?;
        }
        Ok(written)
    }

    /// One list of `everywhere/` in language number `lang`, in pages of [`EVERYWHERE_PAGE`]
    /// cards: the main one (`index.html`, its first page with `need_links`), or the one of the
    /// need `term` (`<need>.html`). The pages after the first are `<stem>_<k>.html`.
    fn everywhere_list(
        &self,
        lang: usize,
        term: Option<&vocab::Term>,
        list: &[Card],
        mut need_links: Vec<NeedLink>,
        card_html: &mut CardHtml,
        out: &Path,
    ) -> Result<Written, Error> {
        let t = self.t(lang);
        let title = t.get("available_everywhere");
        let stem = term.map_or("index", |term| term.id.as_str());
        let pages = list.len().div_ceil(EVERYWHERE_PAGE).max(1);
        let file = |k: usize| match k {
            1 => format!("{stem}.html"),
            _ => format!("{stem}_{k}.html"),
        };
        let link = |k: usize| match (term, k) {
            (None, 1) => "./".to_string(),
            _ => file(k),
        };
        let mut written = Written::default();
        for (k, chunk) in (1..=pages).zip(
            list.chunks(EVERYWHERE_PAGE)
                .chain(std::iter::once(&[][..]))
                .take(pages),
        ) {
            let label = term.map(|term| term_label(t, "need", &term.id, &term.label));
            let page = EverywherePage {
                need: label,
                description: term.map(|term| term.description.as_str()),
                needs: match k {
                    1 => std::mem::take(&mut need_links),
                    _ => Vec::new(),
                },
                cards: card_html.render(chunk)?,
                number: k,
                pages,
                previous: (k > 1).then(|| link(k - 1)),
                next: (k < pages).then(|| link(k + 1)),
            };
            let mut heading = match label {
                Some(label) => format!("{label} – {title}"),
                None => title.to_string(),
            };
            if pages > 1 {
                let (n, total) = (k.to_string(), pages.to_string());
                heading = format!(
                    "{heading} – {}",
                    t.fill("page_of", &[("n", &n), ("total", &total)])
                );
            }
            let path = match (term, k) {
                (None, 1) => "everywhere/".to_string(),
                _ => format!("everywhere/{}", file(k)),
            };
            let mut layout = self.layout(lang, heading, 1, None, &path);
            layout.description = t.fill("everywhere_lead", &[("area", &self.dir.config.area)]);
            let html = self.theme.render("everywhere.html", &layout, &page)?;
            write(&out.join("everywhere").join(file(k)), &html)?;
            written = written + Written { pages: 1, files: 1 };
        }
        Ok(written)
    }

    /// `everywhere/search/`: the index of every service available everywhere, which each
    /// site's index names when there are more than [`super::EVERYWHERE_INLINE_MAX`] of them. Its
    /// facets carry the ward value of borough-wide sites (see [`Facets::with_ward`]); other
    /// sites' filters have no ward and ignore it.
    pub(super) fn everywhere_search_index(&self, out: &Path) -> Result<Written, Error> {
        let docs: Vec<static_index::Doc> = self
            .published
            .listings
            .iter()
            .filter(|l| select::is_everywhere(l))
            .map(|l| {
                let facets = self.published.prepared(l).facets.clone();
                static_index::Doc {
                    listing: l,
                    analysed: &self.published.prepared(l).analysed,
                    walk: None,
                    venue: None,
                    facets: match self.filters.wards.is_empty() {
                        true => facets,
                        false => facets.with_ward(l, None),
                    },
                }
            })
            .collect();
        let mut index = static_index::build_with(self.synonyms.clone(), &docs);
        index.words = Some(self.words.clone());
        let written = index
            .write(&out.join("everywhere").join("search"))
            .map_err(Error::Search)?;
        Ok(Written {
            pages: 0,
            files: written.files,
        })
    }
}

#[derive(Serialize)]
struct EverywherePage<'a> {
    /// The need's label on a per-need page.
    need: Option<&'a str>,
    description: Option<&'a str>,
    /// On the main page: the needs, with counts.
    needs: Vec<NeedLink<'a>>,
    /// As `card.html` rendered them.
    cards: Vec<String>,
    /// This page's number and how many pages the list takes, with the links to the pages
    /// before and after it.
    number: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
}
