//! The search and filter form of a site's home page (`finder.html`): what it offers
//! (days, audiences, spoken languages, wards), and what each card is filtered on (its
//! facets, [`crate::facets`]).
//!
//! The filtering itself happens in the browser (`assets/site.js`); this module only gives the
//! form its choices and the cards their `data-*` values.

use serde::Serialize;

use super::cards::Shown;
use super::published::Published;
use super::view::Choice;
use super::words::Language;
use super::{MAX_WALK_SHOWN, Renderer, is_borough_wide};
use crate::directory::Directory;
use crate::facets::Facets;
use crate::i18n::Strings;
use crate::model::Listing;
use crate::sites::Site;
use crate::vocab;

/// What the filter forms offer, worked out once per build: the audiences and languages some
/// listing has, and on borough-wide sites the wards, with the boundaries that place each
/// venue in one.
pub(super) struct Filters {
    /// Ward boundaries, for the ward filter of borough-wide sites (empty without `[wards]`
    /// or without a borough-wide site).
    pub(super) wards: Vec<crate::wards::Ward>,
    /// The finder's wards on borough-wide sites (empty without ward boundaries).
    ward_choices: Vec<Choice<'static>>,
    /// The finder's audiences and spoken languages.
    offered: Offered,
}

impl Filters {
    /// The audience ids and language codes the finder offers (what it works out from every
    /// listing), for a job's fingerprint.
    pub(super) fn offered_ids(&self) -> (&[String], &[String]) {
        (&self.offered.audiences, &self.offered.languages)
    }

    /// The choices for `wards` and for what the `published` listings offer, which are
    /// numbered by them.
    pub(super) fn new(
        dir: &Directory,
        wards: Vec<crate::wards::Ward>,
        published: &mut Published,
        langs: &[Language],
    ) -> Filters {
        let ward_choices = match wards.is_empty() {
            true => Vec::new(),
            false => dir
                .wards
                .names
                .iter()
                .map(|name| Choice {
                    value: crate::facets::ward_slug(name).into(),
                    label: name.clone().into(),
                    lang: None,
                })
                .collect(),
        };
        let strings: Vec<&Strings> = langs.iter().map(|language| language.t).collect();
        let offered = Offered::of(&published.facets(), &strings);
        published.number(&offered);
        Filters {
            wards,
            ward_choices,
            offered,
        }
    }
}

impl<'a> Renderer<'a> {
    /// What the filters match a listing on, on `site`: on a borough-wide site with ward
    /// boundaries, with the ward of its venue number `venue` (see [`Facets::with_ward`]).
    pub(super) fn facets(&self, site: &Site, l: &Listing, venue: Option<usize>) -> Facets {
        let facets = self.published.prepared(l).facets.clone();
        if !is_borough_wide(site) || self.filters.wards.is_empty() {
            return facets;
        }
        let at = venue.and_then(|v| l.venues[v].at);
        let ward = at.and_then(|at| self.filters.wards.iter().find(|w| w.contains(at)));
        facets.with_ward(l, ward.map(|w| w.name.as_str()))
    }

    /// The filter form of a page showing the cards `shown` (and the search box when `index`
    /// is the address of the site's search index). Audiences and languages are the ones some
    /// card has; wards are every ward of the boundaries, on borough-wide sites.
    pub(super) fn finder<'s>(
        &'s self,
        lang: usize,
        site: &'s Site,
        shown: impl Iterator<Item = &'s Shown<'a>>,
        index: Option<String>,
    ) -> Option<Finder<'s>>
    where
        'a: 's,
    {
        // Audiences and languages do not depend on the site (only wards do).
        let mut audiences = vec![false; self.filters.offered.audiences.len()];
        let mut languages = vec![false; self.filters.offered.languages.len()];
        let mut any = false;
        for s in shown {
            any = true;
            let p = self.published.prepared(s.listing);
            p.audiences.iter().for_each(|&k| audiences[k] = true);
            p.languages.iter().for_each(|&k| languages[k] = true);
        }
        if !any {
            return None;
        }
        let offer = |choices: &'s [(usize, Choice<'static>)], on: &[bool]| {
            choices
                .iter()
                .filter(|(k, _)| on[*k])
                .map(|(_, c)| c)
                .collect()
        };
        let wards: &[Choice] = if is_borough_wide(site) {
            &self.filters.ward_choices
        } else {
            &[]
        };
        let calendar = &self.langs[lang].calendar;
        Some(Finder {
            site: &site.id,
            index,
            walk: !is_borough_wide(site),
            walk_max: MAX_WALK_SHOWN,
            days: &calendar.days,
            audiences: offer(&self.filters.offered.labelled[lang], &audiences),
            languages: offer(&self.filters.offered.language_choices[lang], &languages),
            wards,
        })
    }
}

/// The search and filter form of a site's home page (`finder.html`).
#[derive(Serialize)]
pub(super) struct Finder<'r> {
    /// The site's id, for links to listing pages (`?from=`).
    pub(super) site: &'r str,
    /// The site's search index, on home pages (a theme may show the form elsewhere without it).
    pub(super) index: Option<String>,
    /// Whether results show walking times (not on borough-wide sites).
    pub(super) walk: bool,
    /// Results further than this show no walking time.
    pub(super) walk_max: u32,
    pub(super) days: &'r [Choice<'r>],
    pub(super) audiences: Vec<&'r Choice<'r>>,
    pub(super) languages: Vec<&'r Choice<'r>>,
    /// Borough-wide sites only.
    pub(super) wards: &'r [Choice<'r>],
}

/// The audiences and spoken languages some published listing has, as the finder offers
/// them: listings refer to them by number ([`super::published::Prepared`]), and each language of the build
/// has them labelled and in the order the finder lists them.
pub(super) struct Offered {
    /// Audience ids and language codes, sorted.
    audiences: Vec<String>,
    languages: Vec<String>,
    /// Per language of the build: (audience number, choice), by label.
    labelled: Vec<Vec<(usize, Choice<'static>)>>,
    /// Per language of the build: (language number, choice), by the language's name in it.
    language_choices: Vec<Vec<(usize, Choice<'static>)>>,
}

impl Offered {
    /// What the `facets` of the published listings offer, labelled in each of `langs`.
    pub(super) fn of(facets: &[&Facets], langs: &[&Strings]) -> Offered {
        let ids = |pick: fn(&Facets) -> &str| -> Vec<String> {
            let set: std::collections::BTreeSet<&str> = facets
                .iter()
                .flat_map(|f| pick(f).split_whitespace())
                .collect();
            set.into_iter().map(str::to_string).collect()
        };
        let audiences = ids(|f| &f.au);
        let languages = ids(|f| &f.l);
        let labelled = langs
            .iter()
            .map(|t| {
                let mut choices: Vec<(usize, Choice)> = audiences
                    .iter()
                    .enumerate()
                    .map(|(k, id)| {
                        let label = t
                            .term("audience", id)
                            .or_else(|| vocab::label(vocab::AUDIENCES, id))
                            .unwrap_or(id);
                        (
                            k,
                            Choice {
                                value: id.clone().into(),
                                label: label.to_string().into(),
                                lang: None,
                            },
                        )
                    })
                    .collect();
                choices.sort_by(|a, b| a.1.label.cmp(&b.1.label));
                choices
            })
            .collect();
        let language_choices = langs
            .iter()
            .map(|t| {
                let mut choices: Vec<(usize, Choice)> = languages
                    .iter()
                    .enumerate()
                    .map(|(k, code)| {
                        let own = t.term("language", code);
                        let label = own.or_else(|| crate::languages::name(code)).unwrap_or(code);
                        let english = own.is_none() && t.lang != super::words::LISTING_LANG;
                        (
                            k,
                            Choice {
                                value: code.clone().into(),
                                label: label.to_string().into(),
                                lang: english.then_some(super::words::LISTING_LANG),
                            },
                        )
                    })
                    .collect();
                choices.sort_by(|a, b| a.1.label.cmp(&b.1.label));
                choices
            })
            .collect();
        Offered {
            audiences,
            languages,
            labelled,
            language_choices,
        }
    }

    /// The numbers of a listing's audiences and spoken languages.
    pub(super) fn numbers(&self, facets: &Facets) -> (Vec<usize>, Vec<usize>) {
        let find = |all: &[String], values: &str| -> Vec<usize> {
            values
                .split_whitespace()
                .filter_map(|v| all.binary_search_by(|x| x.as_str().cmp(v)).ok())
                .collect()
        };
        (
            find(&self.audiences, &facets.au),
            find(&self.languages, &facets.l),
        )
    }
}
