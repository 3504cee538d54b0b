//! The listings a build publishes, indexed so each site chooses its own when it is rendered,
//! and what is worked out once per published listing rather than once per card (a listing
//! has a card on every page of every nearby site, in every language).
//!
//! It is not for choosing what a site shows ([`crate::select`]) or for showing it.

use rayon::prelude::*;

use super::finder::Offered;
use super::stamp;
use super::words::{Language, next_session};
use crate::directory::Directory;
use crate::facets::Facets;
use crate::model::Listing;
use crate::search::static_index;
use crate::select;

/// The published listings and what is prepared for each.
pub(super) struct Published<'a> {
    /// Every listing of the directory, published or not: what is prepared for one is found
    /// by its position here ([`position`]).
    all: &'a [Listing],
    /// The published listings, sorted by id.
    pub(super) listings: Vec<&'a Listing>,
    /// Every published listing, for choosing what each site shows. Sites choose when they
    /// are rendered, so memory does not grow with sites × listings.
    pub(super) index: select::Index<'a>,
    /// By position in `all`; `None` for listings not published.
    prepared: Vec<Option<Prepared>>,
}

impl Drop for Published<'_> {
    /// What was prepared per listing is freed on every core: at national scale, freeing it
    /// on one thread kept the build waiting for over a second after its last page.
    fn drop(&mut self) {
        std::mem::take(&mut self.prepared)
            .into_par_iter()
            .for_each(drop);
    }
}

/// Where `listing` is in `all`, which holds it (every listing a build handles is one of the
/// directory's): worked out from its address, which is cheaper than hashing its id for each
/// of the millions of cards of a national build.
fn position(all: &[Listing], listing: &Listing) -> usize {
    let offset = (listing as *const Listing as usize).wrapping_sub(all.as_ptr() as usize);
    let at = offset / std::mem::size_of::<Listing>().max(1);
    assert!(
        at < all.len() && std::ptr::eq(&all[at], listing),
        "listing {} is not one of the directory's",
        listing.id
    );
    at
}

/// What a build works out once per published listing: its facets, its next session in
/// each language and its sessions for the pages' script, its text as the search indexes read it, its cards' stamps, and its
/// audiences and languages as the finder numbers them.
pub(super) struct Prepared {
    pub(super) facets: Facets,
    pub(super) next: Vec<Option<String>>,
    /// Its sessions as the pages' script reads them ([`crate::schedule::compact`]).
    pub(super) when: String,
    /// Its text as the sites' search indexes read it.
    pub(super) analysed: static_index::Analysed,
    /// Its cards' stamps, made as pages need them.
    pub(super) stamps: stamp::Stamps,
    /// Its audiences and spoken languages, by number in [`Offered`].
    pub(super) audiences: Vec<usize>,
    pub(super) languages: Vec<usize>,
}

impl<'a> Published<'a> {
    /// Indexes the published listings and prepares each, in each of the build's `langs`.
    /// Their audiences and languages are numbered by [`Published::number`] once the finder
    /// knows which there are.
    pub(super) fn new(
        dir: &'a Directory,
        langs: &[Language],
        synonyms: &crate::analysis::Synonyms,
    ) -> Published<'a> {
        let listings: Vec<&Listing> = dir.published().collect();
        let index = select::Index::new(listings.iter().copied(), &dir.wards);
        // By position in the directory's listings; `None` for those not published.
        let mut published = vec![false; dir.listings.len()];
        for l in &listings {
            published[position(&dir.listings, l)] = true;
        }
        let prepared: Vec<Option<Prepared>> = dir
            .listings
            .par_iter()
            .zip(&published)
            .map(|(l, &published)| {
                if !published {
                    return None;
                }
                let next = langs
                    .iter()
                    .map(|language| next_session(language.t, l, &dir.calendar, dir.today))
                    .collect();
                Some(Prepared {
                    facets: Facets::of(l),
                    next,
                    when: crate::schedule::compact(l),
                    analysed: static_index::analyse(l, &dir.vocab, synonyms),
                    stamps: stamp::Stamps::default(),
                    audiences: Vec::new(),
                    languages: Vec::new(),
                })
            })
            .collect();
        Published {
            all: &dir.listings,
            listings,
            index,
            prepared,
        }
    }

    /// The facets of every published listing.
    pub(super) fn facets(&self) -> Vec<&Facets> {
        self.prepared.iter().flatten().map(|p| &p.facets).collect()
    }

    /// Numbers each listing's audiences and spoken languages as `offered` does.
    pub(super) fn number(&mut self, offered: &Offered) {
        for p in self.prepared.iter_mut().flatten() {
            (p.audiences, p.languages) = offered.numbers(&p.facets);
        }
    }

    /// What was prepared for a published listing.
    pub(super) fn prepared(&self, listing: &Listing) -> &Prepared {
        self.prepared[position(self.all, listing)]
            .as_ref()
            .expect("only published listings are shown")
    }

    /// What was prepared for every published listing (for tests).
    #[cfg(test)]
    pub(super) fn every_prepared(&self) -> impl Iterator<Item = &Prepared> {
        self.prepared.iter().flatten()
    }
}
