//! What each job of a build reads, as one fingerprint ([`Inputs::of`]), so that a build can
//! keep the files a job wrote last time instead of running it again when its fingerprint
//! is the same. It must be exact: a job whose output could differ must have another
//! fingerprint. So only two kinds of job have one, and each fingerprint holds everything
//! the job reads beyond the build's `global` fingerprint (binary, signpost.toml, theme, data
//! files, date: made by `build`):
//!
//! - a listing's page, which holds every language ([`Job::Listing`]): the listing as validated (every
//!   field, through its `Debug`), its file's history and when it was last confirmed;
//! - a site's pages in a language ([`Job::Site`]), and its search index ([`Job::Search`]):
//!   the site, and what it shows (its [`crate::select::Selection`]: each listing's
//!   fingerprint, its venue, distance, walking time and whether it is within the walk, in
//!   order).
//!
//! Both also hold what the renderer works out from every listing and pages may show: the
//! finder's audiences and languages, the search synonyms, the crisis help and whether
//! services available everywhere have a shared index. Every other job (the top index, the
//! everywhere pages and their search index, the static files, …) has none and always runs:
//! they are few, and some read every listing.
//!
//! A job with a fingerprint must write all its files on its own thread (no parallel work
//! inside it): its files are those [`crate::staging::record`] sees it write. Not for running jobs (`jobs`) or keeping files
//! (`build`).

use std::collections::HashMap;
use std::fmt::Write as _;

use rayon::prelude::*;

use super::{Job, Renderer};
use crate::model::Listing;
use crate::select::Nearby;

/// A running FNV-1a 64 ([`crate::hash::fnv1a`]) that text can be written into, so a value's
/// `Debug` is hashed without being kept.
#[derive(Clone, Copy)]
pub struct Fingerprint(u64);

impl Default for Fingerprint {
    fn default() -> Fingerprint {
        Fingerprint(crate::hash::fnv1a(b""))
    }
}

impl Fingerprint {
    /// Adds `bytes`, then a separator, so that "ab","c" and "a","bc" differ.
    pub fn add(&mut self, bytes: &[u8]) -> &mut Fingerprint {
        for &b in bytes.iter().chain(&[0xff]) {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self
    }

    /// Adds a value's `Debug` text.
    pub fn debug(&mut self, value: &impl std::fmt::Debug) -> &mut Fingerprint {
        let _ = write!(self, "{value:?}");
        self.add(b"")
    }

    /// The fingerprint so far.
    pub fn value(&self) -> u64 {
        self.0
    }
}

impl std::fmt::Write for Fingerprint {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for &b in s.as_bytes() {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        Ok(())
    }
}

/// The fingerprints of a build's jobs ([`Renderer::inputs`]).
pub struct Inputs {
    /// The build's global fingerprint and what the renderer works out from every listing.
    shared: Fingerprint,
    /// Each published listing's, by id.
    listings: HashMap<String, u64>,
    /// Each site's (by number), in no language yet.
    sites: Vec<u64>,
}

impl Inputs {
    /// Job `job`'s fingerprint, or `None` when it must always run.
    pub fn of(&self, r: &Renderer, job: Job) -> Option<u64> {
        let mut f = self.shared;
        match job {
            Job::Listing(i) => {
                let listing = r.published.listings[i];
                f.add(b"listing");
                f.add(&self.listings[&listing.id].to_le_bytes());
            }
            Job::Site(i, l) => {
                f.add(b"site").add(r.t(l).lang.as_bytes());
                f.add(&self.sites[i].to_le_bytes());
            }
            // Shared by the site's pages in every language.
            Job::Search(i) => {
                f.add(b"search").add(&self.sites[i].to_le_bytes());
            }
            _ => return None,
        }
        Some(f.value())
    }
}

impl Renderer<'_> {
    /// A name for `job` that stays the same from build to build (listings and sites by id,
    /// languages by code), under which its files are remembered.
    pub fn job_key(&self, job: Job) -> String {
        let lang = |l: usize| &self.t(l).lang;
        match job {
            Job::Listing(i) => format!("listing {}", self.published.listings[i].id),
            Job::Site(i, l) => format!("site {} {}", self.dir.sites[i].id, lang(l)),
            Job::Search(i) => format!("search {}", self.dir.sites[i].id),
            other => format!("{other:?}"),
        }
    }

    /// The fingerprints of this build's jobs, given the build's `global` one (see the
    /// module's doc).
    pub fn inputs(&self, global: u64) -> Inputs {
        let mut shared = Fingerprint::default();
        shared.add(&global.to_le_bytes());
        let (audiences, languages) = self.filters.offered_ids();
        shared.debug(&audiences).debug(&languages);
        shared.debug(&*self.synonyms).debug(&self.crisis);
        shared.debug(&self.shared_everywhere);
        let listings: HashMap<String, u64> = self
            .published
            .listings
            .par_iter()
            .map(|l| (l.id.clone(), self.listing_fingerprint(l)))
            .collect();
        let sites = (0..self.dir.sites.len())
            .into_par_iter()
            .map(|i| self.site_fingerprint(i, &listings))
            .collect();
        Inputs {
            shared,
            listings,
            sites,
        }
    }

    /// Everything a listing's page reads of it.
    fn listing_fingerprint(&self, l: &Listing) -> u64 {
        let mut f = Fingerprint::default();
        f.debug(l)
            .debug(&self.dir.file_history(l))
            .debug(&self.dir.confirmed(l))
            .debug(&self.dir.is_stale(l));
        f.value()
    }

    /// Everything site number `i`'s pages read of it and of what it shows.
    fn site_fingerprint(&self, i: usize, listings: &HashMap<String, u64>) -> u64 {
        let site = &self.dir.sites[i];
        let selection = self.selection(i);
        let mut f = Fingerprint::default();
        f.debug(site);
        let nearby = |f: &mut Fingerprint, n: &Nearby| {
            f.add(&listings[&n.listing.id].to_le_bytes());
            f.debug(&(n.venue, n.metres.to_bits(), n.minutes, n.within));
        };
        f.add(b"near");
        for n in &selection.near {
            nearby(&mut f, n);
        }
        f.add(b"local");
        for local in &selection.local {
            f.add(&listings[&local.listing.id].to_le_bytes());
            match &local.venue {
                Some(n) => nearby(&mut f, n),
                None => {
                    f.add(b"none");
                }
            }
        }
        f.add(b"everywhere");
        for l in &selection.everywhere {
            f.add(&listings[&l.id].to_le_bytes());
        }
        f.value()
    }
}
