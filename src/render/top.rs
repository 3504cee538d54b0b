//! The pages at the top of the output that belong to no site: the index of every site, and
//! "Add your group" (`add/`), a form that writes a new listing file in the browser.
//! (The page for practices' web editors is [`super::embed`]'s.)

use std::path::Path;

use serde::Serialize;

use super::jobs::{Written, write};
use super::{BRANCH, Error, Renderer, is_borough_wide};
use crate::history;
use crate::sites::Site;

impl Renderer<'_> {
    /// The top `index.html`: every site, borough-wide ones first, then by name.
    pub(super) fn index(&self, l: usize, out: &Path) -> Result<Written, Error> {
        // Borough-wide sites first, then the rest by name.
        let mut sites: Vec<&Site> = self.dir.sites.iter().collect();
        sites.sort_by_key(|s| (!is_borough_wide(s), s.name.clone()));
        let page = IndexPage {
            sites: sites
                .iter()
                .map(|s| IndexSite {
                    name: &s.name,
                    href: format!("{}/", s.id),
                    borough_wide: is_borough_wide(s),
                    postcode: s.postcode.to_string(),
                })
                .collect(),
            listings: self.published.listings.len(),
        };
        let html = self.theme.render(
            "index.html",
            &self.layout(l, self.dir.config.title.clone(), 0, None, ""),
            &page,
        )?;
        write(&out.join("index.html"), &html)?;
        Ok(Written { pages: 1, files: 1 })
    }

    /// `add/`: a form that writes a new listing file in the browser (`assets/add.js`), then
    /// opens GitHub's new-file page with it, or shows it to send to the support organisation.
    pub(super) fn add(&self, l: usize, out: &Path) -> Result<Written, Error> {
        let t = self.t(l);
        let config = &self.dir.config;
        let listings = &config.listings;
        let repo = config.repository.as_deref();
        let page = AddPage {
            needs: self
                .dir
                .vocab
                .needs
                .terms
                .iter()
                .map(|n| Checkbox {
                    id: &n.id,
                    label: &n.label,
                })
                .collect(),
            schema: crate::schema::modeline_path(&listings.join("x.yaml")),
            new_file: repo.map(|r| history::new_file_url(r, BRANCH, listings)),
            add_issue: repo.map(history::add_group_url),
            support: config.support.as_ref(),
            max_name: crate::listing::MAX_NAME,
            max_summary: crate::listing::MAX_SUMMARY,
            team: !config.fallback_team().is_empty(),
            access: fixed(t, "access", crate::vocab::ACCESS),
            audiences: fixed(t, "audience", crate::vocab::AUDIENCES),
            languages: ADD_LANGUAGES
                .iter()
                .map(|code| Checkbox {
                    id: code,
                    label: t
                        .term("language", code)
                        .or_else(|| crate::languages::name(code))
                        .unwrap_or(code),
                })
                .collect(),
        };
        let mut layout = self.layout(l, t.get("add_title").to_string(), 1, None, "add/");
        layout.description = t.fill("add_lead", &[("directory", &config.title)]);
        let html = self.theme.render("add.html", &layout, &page)?;
        write(&out.join("add").join("index.html"), &html)?;
        Ok(Written { pages: 1, files: 1 })
    }
}

/// The top index.
#[derive(Serialize)]
struct IndexPage<'a> {
    sites: Vec<IndexSite<'a>>,
    listings: usize,
}

/// A site as the top index lists it.
#[derive(Serialize)]
struct IndexSite<'a> {
    name: &'a str,
    href: String,
    borough_wide: bool,
    postcode: String,
}

/// The "Add your group" page.
#[derive(Serialize)]
struct AddPage<'a> {
    needs: Vec<Checkbox<'a>>,
    /// The schema modeline's path, as seen from a file in the listings folder.
    schema: String,
    /// GitHub's new-file page in the listings folder.
    new_file: Option<String>,
    /// The "Add our group" issue form.
    add_issue: Option<String>,
    support: Option<&'a crate::config::Support>,
    max_name: usize,
    max_summary: usize,
    /// The directory names a fallback team (`[support] maintainers`): the GitHub user name may
    /// be left empty. Without one the form asks for it (E005 otherwise).
    team: bool,
    /// The venue's access features, step-free first (the form asks about it on its own).
    access: Vec<Checkbox<'a>>,
    audiences: Vec<Checkbox<'a>>,
    /// The languages the form offers to tick.
    languages: Vec<Checkbox<'a>>,
}

/// The languages the add form offers (ISO 639-1): English, the interface languages, and a
/// short list of others, kept short so the form stays short (not a measured ranking); a group
/// with another language says so in its description, and a volunteer adds it.
const ADD_LANGUAGES: &[&str] = &[
    "en", "ar", "bn", "pl", "so", "ur", "ro", "es", "pt", "tr", "it", "fr", "gu", "pa", "ta", "hi",
];

/// A fixed list's ids with their labels in the page's language.
fn fixed<'a>(
    t: &'a crate::i18n::Strings,
    kind: &str,
    list: &'static [(&'static str, &'static str)],
) -> Vec<Checkbox<'a>> {
    list.iter()
        .map(|(id, label)| Checkbox {
            id,
            label: t.term(kind, id).unwrap_or(label),
        })
        .collect()
}

/// A checkbox: a vocabulary id and its label.
#[derive(Serialize)]
struct Checkbox<'a> {
    id: &'a str,
    label: &'a str,
}
