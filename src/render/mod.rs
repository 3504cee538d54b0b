//! Rendering: a loaded [`Directory`] → the files of its static sites, through the theme's tera
//! templates.
//!
//! Layout of the output (every address relative, so the sites work under any path prefix):
//!
//! ```text
//! index.html                          every site
//! sites.json                          site id → name, for the walking-time script
//! assets/style.css, assets/*.js       the theme's CSS and scripts, minified (and example.css)
//! assets/brand.css, assets/logo.*     from `[theme]` in signpost.toml ([`crate::brand`])
//! add/index.html                      "Add your group": a form that writes a listing file
//! listings/<id>/index.html            one page per listing, shared by every site, holding
//!                                     every language (a part each, `#<code>`)
//! listings/<id>/<id>.ics              its sessions as a calendar (one file, every language)
//! <site>/index.html                   welcome, needs with counts, search and filters, near
//!                                     you, for the wards it reaches, available everywhere,
//!                                     and a section per need (`#<need>`): the same lists
//!                                     narrowed to the need, as links to the cards
//! _redirects                          the old need pages' addresses → those sections, and
//!                                     the old listing pages' (`<lang>/listings/<id>/`) →
//!                                     their language's part (or, with `[output] redirects
//!                                     = "pages"`, a small page at each old address)
//! <site>/shortlist/index.html         the shortlist to print, a "social prescription", with
//!                                     the facts of the site's listings its script reads
//! <site>/poster/index.html            an A4 waiting-room poster with a QR code to the site
//! <site>/search/index.json            the site's search index (every language shares it)
//! everywhere/index.html               every service available wherever you live
//! everywhere/<need>.html              the same, per need
//! embed/index.html                    for practices: a one-line snippet per site for their website
//! embed/example/index.html            an example practice website with a site embedded
//! accessibility/index.html            the accessibility statement, from signpost.toml
//! privacy/index.html                  the privacy notice, from signpost.toml
//! <lang>/…                            the pages above (not assets) in each further language
//! ```
//!
//! The first language in `signpost.toml`'s `languages` (English unless set) is at the top;
//! each other language has the same pages under its code, with the interface text from the
//! theme's `i18n/<code>.toml` ([`crate::i18n`]). Every page links to itself in the others.
//!
//! What a site shows is [`crate::select`]'s one choice per site ([`Renderer::selection`]):
//! its home page and its need sections, the figures beside each need and on the poster, its search
//! index and its shortlist facts all come from it, so they agree.
//!
//! Site pages show the first [`EVERYWHERE_SHOWN`] services available everywhere and link to
//! the shared `everywhere/` pages for the rest, so a directory with many online services does
//! not repeat all of them on every practice's pages.
//!
//! Site home pages carry a filter form (free, day, time of day, weekend, age,
//! audience, language, step-free, self-referral; the ward on borough-wide sites), rendered
//! `hidden`: `assets/site.js` shows it and filters the cards by their `data-*` facets
//! ([`crate::facets`]). Home pages add a search box searched by `assets/search.js` in the
//! site's index ([`crate::search::static_index`]). Without JavaScript the need sections are the
//! filter. Cards and listing pages show the next session from the build's `today`
//! ([`crate::schedule`]).
//!
//! A listing page is rendered once, whatever the number of sites, so output grows with
//! practices + listings, not practices × listings. A practice page links to a listing as
//! `listings/<id>/?from=<site>&walk=<minutes>`; a small script on the listing page reads those
//! and shows the walking time and a way back (the page works without it).
//!
//! A listing page ends with when the group last confirmed it (see [`Directory::confirmed`]),
//! when its file last changed in git and who changed it (a display name: the history keeps no
//! email addresses), and, with `repository` set, links to edit the file on GitHub and to report
//! a problem through the issue form ([`history::edit_url`], [`history::report_url`]).
//!
//! Each template gets only what it shows: a `layout` (title, paths, attribution) and a small
//! `page` struct built here, never the whole directory. Markdown (descriptions, the attribution)
//! goes through pulldown-cmark, then ammonia, which keeps only http(s), mailto and tel links and
//! marks every link `rel="noopener noreferrer"`; everything else is escaped by tera.
//!
//! The default theme (`themes/default/`) is compiled in; a file of the same name in the
//! directory's own `themes/default/` replaces the built-in one. This module renders into a
//! folder it is given; making the build atomic and reporting progress is `build`'s job.
//!
//! In files, in the order a build uses them: `theme` (templates, interface text, static
//! files), `words` (the languages of the build and the words made from their text),
//! `published` (the published listings, indexed, and what is worked out once for each),
//! `finder` (the search and filter form and what cards are filtered on), `view` (what every
//! template sees: the layout, shared view models), `cards`, then one file per kind of page:
//! `top` (the index, "Add your group"), `site` (a site's home page and its need sections, its
//! search index), `everywhere`, `listing_page`, `shortlist`, `poster`, `embed`, `notices`; and `jobs`, the
//! units of work that write them.

use std::sync::Arc;

use crate::analysis::Synonyms;
use crate::directory::Directory;
use crate::i18n::Strings;
use crate::model::Listing;
use crate::select::{self, Selection};
use crate::sites::{Kind, Site};

mod cards;
mod crisis;
mod embed;
mod error;
mod everywhere;
mod finder;
mod inputs;
mod jobs;
mod listing_page;
mod notices;
mod poster;
mod published;
mod shortlist;
mod site;
mod stamp;
mod theme;
mod top;
mod view;
mod when;
mod words;

pub use error::Error;
pub use inputs::{Fingerprint, Inputs};
pub use jobs::{Job, Written};
pub use poster::{qr_modules, qr_svg, site_url};
pub use theme::{THEME, Theme, minify};
pub use view::markdown;

use finder::Filters;
use published::Published;
use view::Frame;
use words::Language;

/// The branch that "Edit this listing" and "Add your group" open on GitHub.
pub const BRANCH: &str = "main";

/// Walking times up to this many minutes are shown as such; beyond, the distance in km.
pub const MAX_WALK_SHOWN: u32 = 60;

/// How many services available everywhere a site's pages show before "See all".
pub const EVERYWHERE_SHOWN: usize = 10;

/// The shared pages of services available everywhere (`everywhere/`) show this many cards a
/// page; the rest follow on `index_2.html`, `<need>_2.html`… (an underscore, which need ids
/// never have), so that a national directory's thousands of online services never make one
/// page of megabytes for a phone.
pub const EVERYWHERE_PAGE: usize = 100;

/// With more services available everywhere than this, they are searched in one index that
/// every site shares (`everywhere/search/`), not copied into each site's index: a few dozen
/// cost less in the site's own file than a second download, thousands would be copied into
/// every one of thousands of sites.
pub const EVERYWHERE_INLINE_MAX: usize = 100;

/// A directory ready to render: the published listings and what each site shows, in each
/// language of the build. It runs the build's [`Job`]s.
pub struct Renderer<'a> {
    dir: &'a Directory,
    theme: &'a Theme,
    /// The languages to build, the default first, with what is worked out once for each.
    langs: Vec<Language<'a>>,
    /// What every page shows around its content: the attribution, the house colour and logo.
    frame: Frame,
    /// The published listings, indexed for the sites, and what is prepared for each.
    published: Published<'a>,
    /// What the filter forms offer, and the ward boundaries they filter borough-wide sites by.
    filters: Filters,
    /// The search indexes' synonyms, made once: the vocabularies', the names of every
    /// language listings are held in, and the vocabulary's words in every language of the
    /// build (each index writes only the phrases of concepts its docs have).
    synonyms: Arc<Synonyms>,
    /// Services available everywhere have an index of their own ([`EVERYWHERE_INLINE_MAX`]).
    shared_everywhere: bool,
    /// The crisis help lines as each language's pages show them.
    crisis: Vec<crisis::Crisis>,
    /// The languages' search words every index shares (`assets/words-<code>.json`).
    words: crate::search::words::Shared,
}

impl<'a> Renderer<'a> {
    /// Indexes and prepares the published listings, and reads the attribution and logo.
    pub fn new(dir: &'a Directory, theme: &'a Theme) -> Result<Renderer<'a>, Error> {
        let langs = Language::all(dir, theme)?;
        let frame = Frame::load(dir)?;
        let wards = if dir.sites.iter().any(is_borough_wide) {
            dir.wards.shapes.clone()
        } else {
            Vec::new()
        };
        // The same vocabulary as `signpost search` and the API (search::synonyms).
        let strings: Vec<&crate::i18n::Strings> = langs.iter().map(|l| l.t).collect();
        let synonyms = crate::search::synonyms(dir, &strings);
        let lines = crate::search::crisis_lines(dir).map_err(Error::Crisis)?;
        let crisis = langs
            .iter()
            .map(|l| crisis::Crisis::of(&lines, &l.t.lang))
            .collect();
        let mut published = Published::new(dir, &langs, &synonyms);
        let filters = Filters::new(dir, wards, &mut published, &langs);
        let listings = &published.listings;
        let shared_everywhere = listings
            .iter()
            .filter(|l| select::is_everywhere(l))
            .nth(EVERYWHERE_INLINE_MAX)
            .is_some();
        // From `<site>/search/` and `everywhere/search/` alike.
        let words = crate::search::words::Shared {
            at: "../../assets/".into(),
            langs: crate::search::words::languages(&synonyms, listings.iter().copied()),
        };
        Ok(Renderer {
            dir,
            theme,
            langs,
            frame,
            published,
            filters,
            synonyms: Arc::new(synonyms),
            shared_everywhere,
            crisis,
            words,
        })
    }

    /// The published listings, sorted by id.
    pub fn listings(&self) -> &[&'a Listing] {
        &self.published.listings
    }

    /// What site number `i` (in `Directory::sites` order) shows, on every page of it.
    pub fn selection(&self, i: usize) -> Selection<'a> {
        self.published.index.select(&self.dir.sites[i])
    }

    /// The interface text of language number `l`.
    fn t(&self, l: usize) -> &'a Strings {
        self.langs[l].t
    }

    /// Language number `l`'s code when it is not the default language: listing pages hold
    /// every language in one file (`listings/<id>/`), and a link to one from a page in
    /// another language goes to that language's part (`#<code>`) from the top of the output.
    fn other_lang(&self, l: usize) -> Option<&'a str> {
        (l > 0).then(|| self.langs[l].t.lang.as_str())
    }
}

/// A small page that sends the browser to `to` at once, for an address published before and
/// hosts without redirects (`[output] redirects = "pages"`).
fn redirect_page(lang: &str, title: &str, to: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{lang}\"><meta charset=\"utf-8\">\
         <title>{title}</title><meta name=\"robots\" content=\"noindex\">\
         <link rel=\"canonical\" href=\"{to}\">\
         <meta http-equiv=\"refresh\" content=\"0; url={to}\">\
         <p><a href=\"{to}\">{title}</a></p></html>\n",
        title = crate::html::escape(title),
    )
}

/// The address of listing `id`'s page from a page `depth` folders below its language's root,
/// with `query` ("?from=…", or empty) and, for a language other than the default (`lang`),
/// its part of the page.
fn listing_href(depth: usize, lang: Option<&str>, id: &str, query: &str) -> String {
    match lang {
        None => format!("{}listings/{id}/{query}", view::ROOTS[depth]),
        Some(code) => format!("{}../listings/{id}/{query}#{code}", view::ROOTS[depth]),
    }
}

fn is_borough_wide(site: &Site) -> bool {
    matches!(site.kind, Kind::Extra { borough_wide: true })
}

fn is_web(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}
