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
//! listings/<id>/index.html            one page per listing, shared by every site
//! listings/<id>/<id>.ics              its sessions as a calendar (one file, every language)
//! <site>/index.html                   welcome, needs with counts, search and filters, near
//!                                     you, available everywhere
//! <site>/needs/<need>.html            per need: nearby listings with it, or the nearest ten
//! <site>/shortlist/index.html         the shortlist to print, a "social prescription" (small:
//! <site>/shortlist.json               its script reads the site's listings from this file)
//! <site>/poster/index.html            an A4 waiting-room poster with a QR code to the site
//! <site>/search/index.json            the site's search index (every language shares it)
//! everywhere/index.html               every service available wherever you live
//! everywhere/<need>.html              the same, per need
//! embed/index.html                    for practices: a one-line snippet per site for their website
//! embed/example/index.html            an example practice website with a site embedded
//! <lang>/…                            the pages above (not assets) in each further language
//! ```
//!
//! The first language in `signpost.toml`'s `languages` (English unless set) is at the top;
//! each other language has the same pages under its code, with the interface text from the
//! theme's `i18n/<code>.toml` ([`crate::i18n`]). Every page links to itself in the others.
//!
//! Site pages show the first [`EVERYWHERE_SHOWN`] services available everywhere and link to
//! the shared `everywhere/` pages for the rest, so a directory with many online services does
//! not repeat all of them on every practice's pages.
//!
//! Site home pages and need pages carry a filter form (free, day, time of day, weekend, age,
//! audience, language, step-free, self-referral; the ward on borough-wide sites), rendered
//! `hidden`: `assets/site.js` shows it and filters the cards by their `data-*` facets
//! ([`crate::facets`]). Home pages add a search box searched by `assets/search.js` in the
//! site's index ([`crate::search::static_index`]). Without JavaScript the need pages are the
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
//! folder it is given; making the build atomic and reporting progress is `cmd::build`'s job.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use jiff::civil::Weekday;
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::directory::Directory;
use crate::facets::Facets;
use crate::history;
use crate::i18n::{self, Strings};
use crate::model::{Listing, Status};
use crate::schedule;
use crate::search::analysis::Synonyms;
use crate::search::static_index;
use crate::select::{self, Selection};
use crate::sites::{Kind, Site};
use crate::vocab;

mod embed;
mod poster;
mod shortlist;
mod stamp;

pub use poster::{qr_modules, qr_svg, site_url};

/// The theme a directory's `themes/` folder overrides (there is one theme for now).
pub const THEME: &str = "default";

/// Built-in templates: (file name, text).
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../themes/default/base.html")),
    ("card.html", include_str!("../themes/default/card.html")),
    (
        "everywhere.html",
        include_str!("../themes/default/everywhere.html"),
    ),
    ("index.html", include_str!("../themes/default/index.html")),
    ("site.html", include_str!("../themes/default/site.html")),
    ("lists.html", include_str!("../themes/default/lists.html")),
    ("need.html", include_str!("../themes/default/need.html")),
    (
        "listing.html",
        include_str!("../themes/default/listing.html"),
    ),
    ("add.html", include_str!("../themes/default/add.html")),
    (
        "shortlist.html",
        include_str!("../themes/default/shortlist.html"),
    ),
    (
        "shortlist_bar.html",
        include_str!("../themes/default/shortlist_bar.html"),
    ),
    ("poster.html", include_str!("../themes/default/poster.html")),
    ("embed.html", include_str!("../themes/default/embed.html")),
    (
        "embed_example.html",
        include_str!("../themes/default/embed_example.html"),
    ),
    ("finder.html", include_str!("../themes/default/finder.html")),
];

/// Built-in static files, minified into `assets/` (see [`minify`]).
const ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../themes/default/style.css")),
    ("signpost.js", include_str!("../themes/default/signpost.js")),
    ("add.js", include_str!("../themes/default/add.js")),
    ("add.css", include_str!("../themes/default/add.css")),
    (
        "shortlist.js",
        include_str!("../themes/default/shortlist.js"),
    ),
    ("embed.js", include_str!("../themes/default/embed.js")),
    ("tools.css", include_str!("../themes/default/tools.css")),
    ("example.css", include_str!("../themes/default/example.css")),
    ("search.js", static_index::CLIENT),
    ("site.js", include_str!("../themes/default/site.js")),
];

/// Folder names at the top of the output that a site id may not take.
const RESERVED: &[&str] = &[
    "assets",
    "listings",
    "everywhere",
    "embed",
    "search",
    "api",
    "add",
];

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

/// The templates, static files and interface text, built in or overridden.
pub struct Theme {
    tera: Tera,
    /// Whether `card.html` is the built-in one, whose cards are stamped ([`stamp`]).
    stamped: bool,
    assets: Vec<(&'static str, String)>,
    /// English first.
    strings: Vec<Strings>,
}

impl Theme {
    /// The theme compiled into the binary.
    pub fn builtin() -> Theme {
        Theme::from_files(
            TEMPLATES
                .iter()
                .map(|(name, text)| (*name, (*text).to_string()))
                .collect(),
            ASSETS
                .iter()
                .map(|(name, text)| (*name, (*text).to_string()))
                .collect(),
            i18n::BUILTIN
                .iter()
                .map(|(code, text)| (*code, (*text).to_string()))
                .collect(),
        )
        .expect("the built-in theme is valid")
    }

    /// The built-in theme with any file present in `<root>/themes/default/` put in its place.
    pub fn load(root: &Path) -> Result<Theme, String> {
        let folder = root.join("themes").join(THEME);
        let read = |name: &str, builtin: &str| -> Result<String, String> {
            let path = folder.join(name);
            if path.is_file() {
                std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))
            } else {
                Ok(builtin.to_string())
            }
        };
        let mut templates = Vec::new();
        for (name, text) in TEMPLATES {
            templates.push((*name, read(name, text)?));
        }
        let mut assets = Vec::new();
        for (name, text) in ASSETS {
            assets.push((*name, read(name, text)?));
        }
        let mut strings = Vec::new();
        for (code, text) in i18n::BUILTIN {
            strings.push((*code, read(&format!("i18n/{code}.toml"), text)?));
        }
        Theme::from_files(templates, assets, strings).map_err(|e| {
            format!(
                "the theme in {} has an error:\n{e}\nhelp: fix the template, or delete it to use the built-in one",
                folder.display()
            )
        })
    }

    fn from_files(
        templates: Vec<(&'static str, String)>,
        assets: Vec<(&'static str, String)>,
        strings: Vec<(&'static str, String)>,
    ) -> Result<Theme, String> {
        let stamped = templates
            .iter()
            .any(|(n, t)| *n == "card.html" && TEMPLATES.contains(&(*n, t.as_str())));
        let mut tera = Tera::new();
        tera.register_filter("fill", i18n::fill_filter);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (*n, t.as_str())))
            .map_err(|e| e.to_string())?;
        let mut parsed: Vec<Strings> = Vec::new();
        for (code, text) in &strings {
            let s = Strings::parse(code, text, parsed.first())?;
            parsed.push(s);
        }
        Ok(Theme {
            tera,
            stamped,
            assets,
            strings: parsed,
        })
    }

    /// The interface text of a language, when the theme has it.
    pub fn strings(&self, code: &str) -> Option<&Strings> {
        self.strings.iter().find(|s| s.lang == code)
    }

    /// The codes of the languages the theme has interface text for, English first.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.strings.iter().map(|s| s.lang.as_str())
    }

    fn render(
        &self,
        template: &str,
        layout: &Layout,
        page: &impl Serialize,
    ) -> Result<Vec<u8>, String> {
        let mut context = Context::new();
        context.insert("layout", layout);
        context.insert_value("t", layout.strings.value());
        context.insert("page", page);
        // Bytes, written as they are: a String would check every page's UTF-8 once more.
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|e| format!("rendering {template}: {e}"))?;
        Ok(html)
    }

    /// One card (`card.html`), which sees `t` and `card`.
    fn render_card(&self, t: &Strings, card: &Card) -> Result<String, String> {
        let mut context = Context::new();
        context.insert_value("t", t.value());
        context.insert("card", card);
        self.tera
            .render("card.html", &context)
            .map_err(|e| format!("rendering card.html: {e}"))
    }
}

/// Markdown → safe HTML: rendered by pulldown-cmark, then cleaned by ammonia so that no
/// script, style, image or unknown attribute survives, links are http(s), mailto or tel only,
/// and every link has `rel="noopener noreferrer"`.
pub fn markdown(text: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let cleaner = CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .url_relative(ammonia::UrlRelative::Deny)
            .link_rel(Some("noopener noreferrer"))
            .rm_tags(["img"]);
        b
    });
    let parser =
        pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    cleaner.clean(&html).to_string()
}

/// One unit of work: each writes one or more files and can run in parallel with the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// The static files and `sites.json`.
    Assets,
    /// The top index, in language number `.0`.
    Index(usize),
    /// The shared pages of services available everywhere, in a language.
    Everywhere(usize),
    /// A site's home page, need pages, shortlist and poster, in a language. (One job per
    /// language, not per site: a borough-wide site's pages in six languages were one job of
    /// 0.8 s, longer than the rest of a Croydon build on the other core.)
    Site(usize, usize),
    /// One listing page, in a language; with the listing's calendar in the first.
    Listing(usize, usize),
    /// The "Add your group" page, in a language.
    Add(usize),
    /// The page for practices' web editors (`embed/`) and its example host page, in a
    /// language.
    Embed(usize),
    /// A site's search index, shared by its pages in every language.
    Search(usize),
    /// The search index of services available everywhere, which every site's index names,
    /// when there are more than [`EVERYWHERE_INLINE_MAX`].
    EverywhereSearch,
}

/// What one build wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub pages: usize,
    pub files: usize,
}

impl std::ops::Add for Written {
    type Output = Written;
    fn add(self, o: Written) -> Written {
        Written {
            pages: self.pages + o.pages,
            files: self.files + o.files,
        }
    }
}

/// A directory ready to render: the published listings and what each site shows.
pub struct Renderer<'a> {
    dir: &'a Directory,
    theme: &'a Theme,
    listings: Vec<&'a Listing>,
    /// Every published listing, for site home pages. Sites choose when they are rendered,
    /// so memory does not grow with sites × listings.
    index: select::Index<'a>,
    /// Per need (in vocabulary order), the listings with that need, for need pages.
    need_indexes: Vec<select::Index<'a>>,
    attribution: String,
    /// The languages to build, the default first.
    langs: Vec<&'a Strings>,
    /// `[theme]` in signpost.toml: `assets/brand.css`, and the logo's file name and bytes.
    brand: Option<String>,
    logo: Option<(String, Vec<u8>)>,
    /// Ward boundaries, for the ward filter of borough-wide sites (empty without `[wards]`
    /// or without a borough-wide site).
    wards: Vec<crate::insight::Ward>,
    /// What is worked out once per published listing rather than once per card (a listing
    /// has a card on every page of every nearby site, in every language), by position in
    /// the directory's listings ([`Renderer::prepared`]).
    prepared: Vec<Option<Prepared>>,
    /// The search indexes' synonyms, made once: the vocabularies', the names of every
    /// language listings are held in, and the vocabulary's words in every language of the
    /// build (each index writes only the phrases of concepts its docs have).
    synonyms: std::sync::Arc<Synonyms>,
    /// Services available everywhere have an index of their own ([`EVERYWHERE_INLINE_MAX`]).
    shared_everywhere: bool,
    /// The finder's days, weekday and month names, per language of the build.
    calendars: Vec<Calendar>,
    /// The finder's wards on borough-wide sites (empty without ward boundaries).
    ward_choices: Vec<Choice<'static>>,
    /// The finder's audiences and spoken languages.
    offered: Offered,
    /// Per language of the build, whether its interface text holds a stamp's mark (then
    /// its cards are rendered one by one).
    marked_strings: Vec<bool>,
}

impl Drop for Renderer<'_> {
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
/// each language, its text as the search indexes read it, its cards' stamps, and its
/// audiences and languages as the finder numbers them.
struct Prepared {
    facets: Facets,
    next: Vec<Option<String>>,
    /// Its text as the sites' search indexes read it.
    analysed: static_index::Analysed,
    /// Its cards' stamps, made as pages need them.
    stamps: stamp::Stamps,
    /// Its audiences and spoken languages, by number in [`Offered`].
    audiences: Vec<usize>,
    languages: Vec<usize>,
}

impl<'a> Renderer<'a> {
    /// Indexes the published listings and reads the attribution.
    pub fn new(dir: &'a Directory, theme: &'a Theme) -> Result<Renderer<'a>, String> {
        for site in &dir.sites {
            if !is_slug(&site.id) {
                return Err(format!(
                    "the site id `{}` cannot be used in addresses\nhelp: use lower-case letters, digits and hyphens",
                    site.id
                ));
            }
            if RESERVED.contains(&site.id.as_str()) {
                return Err(format!(
                    "the site id `{}` is used by the sites' own folders\nhelp: choose another id in signpost.toml",
                    site.id
                ));
            }
        }
        if let Some(t) = dir.vocab.needs.terms.iter().find(|t| !is_slug(&t.id)) {
            return Err(format!(
                "the need id `{}` cannot be used in addresses\nhelp: use lower-case letters, digits and hyphens in schema/needs.yaml",
                t.id
            ));
        }
        let mut langs = Vec::new();
        let codes: Vec<&str> = if dir.config.languages.is_empty() {
            theme.languages().collect()
        } else {
            dir.config.languages.iter().map(String::as_str).collect()
        };
        for code in codes {
            let strings = theme.strings(code).ok_or_else(|| {
                format!(
                    "the theme has no interface text in the language `{code}` named in signpost.toml\nhelp: use one of {}, or add themes/default/i18n/{code}.toml",
                    theme.languages().collect::<Vec<_>>().join(", ")
                )
            })?;
            if langs.iter().any(|s: &&Strings| s.lang == code) {
                return Err(format!(
                    "the language `{code}` is named twice in signpost.toml"
                ));
            }
            langs.push(strings);
        }
        if let Some(site) = dir
            .sites
            .iter()
            .find(|s| langs.iter().any(|l| l.lang == s.id))
        {
            return Err(format!(
                "the site id `{}` is the code of a language the sites are built in\nhelp: choose another id in signpost.toml",
                site.id
            ));
        }
        let listings: Vec<&Listing> = dir.published().collect();
        let index = select::Index::new(listings.iter().copied());
        let need_indexes = dir
            .vocab
            .needs
            .terms
            .par_iter()
            .map(|t| {
                select::Index::new(listings.iter().copied().filter(|l| l.needs.contains(&t.id)))
            })
            .collect();
        let attribution = match &dir.config.attribution {
            Some(file) => {
                let path = dir.root.join(file);
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    format!(
                        "cannot read the attribution file {}: {e}\nhelp: fix `attribution` in signpost.toml",
                        path.display()
                    )
                })?;
                markdown(&text)
            }
            None => String::new(),
        };
        let own = dir.config.theme.as_ref();
        let brand = match own.and_then(|t| t.colour.as_deref()) {
            Some(colour) => Some(crate::brand::stylesheet(crate::brand::check_colour(
                colour,
            )?)),
            None => None,
        };
        let logo = match own.and_then(|t| t.logo.as_deref()) {
            Some(file) => Some(crate::brand::read_logo(&dir.root, file)?),
            None => None,
        };
        let wards = if dir.sites.iter().any(is_borough_wide) {
            crate::insight::wards(dir)?.unwrap_or_default()
        } else {
            Vec::new()
        };
        let shared_everywhere = listings
            .iter()
            .filter(|l| select::is_everywhere(l))
            .nth(EVERYWHERE_INLINE_MAX)
            .is_some();
        let spoken = crate::search::languages_of(listings.iter().copied());
        let mut synonyms = Synonyms::build(&dir.vocab, spoken);
        for t in &langs {
            for (phrase, concept) in t.search_phrases() {
                synonyms.add(&phrase, &concept);
            }
        }
        let calendars = langs.iter().map(|t| Calendar::of(t)).collect();
        let marked_strings = langs.iter().map(|t| t.holds(&stamp::MARKS)).collect();
        let ward_choices = match wards.is_empty() {
            true => Vec::new(),
            false => dir
                .wards
                .iter()
                .map(|name| Choice {
                    value: crate::facets::ward_slug(name).into(),
                    label: name.clone().into(),
                })
                .collect(),
        };
        // By position in the directory's listings; `None` for those not published.
        let mut published = vec![false; dir.listings.len()];
        for l in &listings {
            published[position(&dir.listings, l)] = true;
        }
        let mut prepared: Vec<Option<Prepared>> = dir
            .listings
            .par_iter()
            .zip(&published)
            .map(|(l, &published)| {
                if !published {
                    return None;
                }
                let next = langs
                    .iter()
                    .map(|t| next_session(t, l, dir.today))
                    .collect();
                Some(Prepared {
                    facets: Facets::of(l),
                    next,
                    analysed: static_index::analyse(l, &dir.vocab),
                    stamps: stamp::Stamps::default(),
                    audiences: Vec::new(),
                    languages: Vec::new(),
                })
            })
            .collect();
        let offered = {
            let facets: Vec<&Facets> = prepared.iter().flatten().map(|p| &p.facets).collect();
            Offered::of(&facets, &langs)
        };
        for p in prepared.iter_mut().flatten() {
            (p.audiences, p.languages) = offered.numbers(&p.facets);
        }
        Ok(Renderer {
            dir,
            theme,
            listings,
            index,
            need_indexes,
            attribution,
            langs,
            brand,
            logo,
            wards,
            prepared,
            synonyms: std::sync::Arc::new(synonyms),
            shared_everywhere,
            calendars,
            ward_choices,
            offered,
            marked_strings,
        })
    }

    /// What was prepared for a published listing.
    fn prepared(&self, listing: &Listing) -> &Prepared {
        self.prepared[position(&self.dir.listings, listing)]
            .as_ref()
            .expect("only published listings are shown")
    }

    /// The published listings, sorted by id.
    pub fn listings(&self) -> &[&'a Listing] {
        &self.listings
    }

    /// What site number `i` (in `Directory::sites` order) shows on its home page.
    pub fn selection(&self, i: usize) -> Selection<'a> {
        self.index.select(&self.dir.sites[i])
    }

    /// Every job of a build.
    /// Every job of a build, the largest first: run them in this order (as [`run_all`] does)
    /// and no long job starts last, leaving one core to finish it while the other waits.
    /// The largest are the sites, and of those the borough-wide ones, which show every
    /// listing of the directory: at national scale one takes longer than a thousand
    /// practice sites.
    ///
    /// [`run_all`]: Renderer::run_all
    pub fn jobs(&self) -> Vec<Job> {
        let mut sites: Vec<usize> = (0..self.dir.sites.len()).collect();
        sites.sort_by_key(|&i| !is_borough_wide(&self.dir.sites[i]));
        let mut jobs: Vec<Job> = sites
            .iter()
            .flat_map(|&i| (0..self.langs.len()).map(move |l| Job::Site(i, l)))
            .collect();
        // The shared index of services available everywhere is one large job (thousands of
        // documents at national scale): after the sites, before the many small ones.
        if self.shared_everywhere {
            jobs.push(Job::EverywhereSearch);
        }
        jobs.push(Job::Assets);
        for l in 0..self.langs.len() {
            jobs.push(Job::Index(l));
            jobs.push(Job::Everywhere(l));
            jobs.push(Job::Add(l));
            jobs.push(Job::Embed(l));
            jobs.extend((0..self.listings.len()).map(|i| Job::Listing(i, l)));
        }
        jobs.extend((0..self.dir.sites.len()).map(Job::Search));
        jobs
    }

    /// The folder of language number `l`'s pages under `out`.
    fn lang_out(&self, l: usize, out: &Path) -> std::path::PathBuf {
        match l {
            0 => out.to_path_buf(),
            _ => out.join(&self.langs[l].lang),
        }
    }

    /// Runs one job, writing under `out`.
    pub fn run(&self, job: Job, out: &Path) -> Result<Written, String> {
        let result = match job {
            Job::Assets => self.assets(out),
            Job::Index(l) => self.index(l, &self.lang_out(l, out)),
            Job::Everywhere(l) => self.everywhere(l, &self.lang_out(l, out)),
            Job::Site(i, l) => self.site(i, l, &self.lang_out(l, out)),
            Job::Listing(i, l) => self.listing(self.listings[i], l, &self.lang_out(l, out)),
            Job::Add(l) => self.add(l, &self.lang_out(l, out)),
            Job::Embed(l) => embed::write_pages(self, l, &self.lang_out(l, out)),
            Job::Search(i) => self.search_index(i, out),
            Job::EverywhereSearch => self.everywhere_search_index(out),
        };
        result.map_err(|e| {
            let what = match job {
                Job::Assets => "the static files".to_string(),
                Job::Index(_) => "the top index".to_string(),
                Job::Everywhere(_) => "the everywhere pages".to_string(),
                Job::Site(i, _) => format!("the site `{}`", self.dir.sites[i].id),
                Job::Listing(i, _) => format!("the page of {}", self.listings[i].path.display()),
                Job::Add(_) => "the \"Add your group\" page".to_string(),
                Job::Embed(_) => "the embed pages".to_string(),
                Job::Search(i) => format!("the search index of `{}`", self.dir.sites[i].id),
                Job::EverywhereSearch => "the search index of everywhere services".to_string(),
            };
            format!("while writing {what}: {e}")
        })
    }

    /// Runs every job in parallel, taking them in order, stopping at the first error.
    pub fn run_all(&self, out: &Path) -> Result<Written, String> {
        self.jobs()
            .into_iter()
            .par_bridge()
            .map(|job| self.run(job, out))
            .try_reduce(Written::default, |a, b| Ok(a + b))
    }

    /// What every page shows: `path` is the page's folder below its language's root
    /// ("" for the top index, "h83001/needs/carers.html"), `depth` how many folders deep that is.
    fn layout(
        &self,
        l: usize,
        title: String,
        depth: usize,
        home: Option<&Site>,
        path: &str,
    ) -> Layout<'_> {
        let strings = self.langs[l];
        // From this page to the top of the output.
        let top = format!("{}{}", ROOTS[depth], if l == 0 { "" } else { "../" });
        let languages = if self.langs.len() > 1 {
            self.langs
                .iter()
                .enumerate()
                .map(|(k, s)| LangLink {
                    code: &s.lang,
                    name: s.name(),
                    href: match k {
                        0 => format!("{top}{path}"),
                        _ => format!("{top}{}/{path}", s.lang),
                    },
                    current: k == l,
                })
                .collect()
        } else {
            Vec::new()
        };
        Layout {
            title,
            directory: &self.dir.config.title,
            area: &self.dir.config.area,
            root: ROOTS[depth],
            assets: top,
            home: home.map(|s| SiteLink {
                name: s.name.clone(),
                href: format!("{}{}/", ROOTS[depth], s.id),
            }),
            attribution: &self.attribution,
            lang: &strings.lang,
            dir: if strings.rtl() { "rtl" } else { "ltr" },
            languages,
            brand: self.brand.is_some(),
            logo: self.logo.as_ref().map(|(name, _)| name.as_str()),
            // A site's home and need pages offer the shortlist, not its tool pages.
            shortlist: home
                .filter(|s| path == format!("{}/", s.id) || path.contains("/needs/"))
                .map(|s| format!("{}{}/shortlist/", ROOTS[depth], s.id)),
            strings,
        }
    }

    fn assets(&self, out: &Path) -> Result<Written, String> {
        for (name, text) in &self.theme.assets {
            write(&out.join("assets").join(name), minify(name, text))?;
        }
        let mut files = self.theme.assets.len() + 1;
        if let Some(css) = &self.brand {
            write(&out.join("assets").join("brand.css"), css)?;
            files += 1;
        }
        if let Some((name, bytes)) = &self.logo {
            std::fs::write(out.join("assets").join(name), bytes)
                .map_err(|e| format!("cannot write the logo: {e}"))?;
            files += 1;
        }
        let names: BTreeMap<&str, &str> = self
            .dir
            .sites
            .iter()
            .map(|s| (s.id.as_str(), s.name.as_str()))
            .collect();
        write(
            &out.join("sites.json"),
            &serde_json::to_string(&names).map_err(|e| e.to_string())?,
        )?;
        Ok(Written { pages: 0, files })
    }

    fn index(&self, l: usize, out: &Path) -> Result<Written, String> {
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
            listings: self.listings.len(),
        };
        let html = self.theme.render(
            "index.html",
            &self.layout(l, self.dir.config.title.clone(), 0, None, ""),
            &page,
        )?;
        write(&out.join("index.html"), &html)?;
        Ok(Written { pages: 1, files: 1 })
    }

    /// Site number `i`'s pages in language number `l`, into that language's folder `out`. What
    /// the site shows is chosen again in each language's job: a few selections from the
    /// indexes cost little next to rendering the pages, and the jobs stay independent.
    fn site(&self, i: usize, l: usize, out: &Path) -> Result<Written, String> {
        let site = &self.dir.sites[i];
        let selection = self.selection(i);
        // Each need page chooses among the listings with that need, so it too shows the
        // nearest ten even when the site's own nearest ten have none with that need.
        let by_need: Vec<(&vocab::Term, Selection)> = self
            .dir
            .vocab
            .needs
            .terms
            .iter()
            .zip(&self.need_indexes)
            .map(|(t, index)| (t, index.select(site)))
            .filter(|(_, sel)| sel.listings().next().is_some())
            .collect();
        self.site_pages(i, l, &selection, &by_need, out)
    }

    /// Site number `i`'s pages in language number `l`.
    fn site_pages(
        &self,
        i: usize,
        l: usize,
        selection: &Selection<'a>,
        by_need: &[(&vocab::Term, Selection<'a>)],
        out: &Path,
    ) -> Result<Written, String> {
        let t = self.langs[l];
        let site = &self.dir.sites[i];
        let borough_wide = is_borough_wide(site);
        let folder = out.join(&site.id);
        let needs: Vec<NeedLink> = by_need
            .iter()
            .map(|(term, sel)| NeedLink {
                label: term_label(t, "need", &term.id, &term.label),
                href: format!("needs/{}.html", term.id),
                count: sel.near.iter().filter(|n| n.within).count() + sel.everywhere.len(),
            })
            .collect();

        let layout = self.layout(
            l,
            site.name.clone(),
            1,
            Some(site),
            &format!("{}/", site.id),
        );
        let near = self.shown_near(site, selection);
        let everywhere = self.shown_everywhere(selection);
        let index = format!("{}{}/search/index.json", layout.assets, site.id);
        let finder = self.finder(l, site, near.iter().chain(&everywhere), Some(index));
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
            near: self.cards(l, site, 1, &near)?,
            within: selection.within(),
            everywhere: Everywhere {
                cards: self.cards(l, site, 1, &everywhere)?,
                total: selection.everywhere.len(),
                all: format!("{}everywhere/", ROOTS[1]),
            },
            total: selection.near.len() + selection.everywhere.len(),
        };
        let html = self.theme.render("site.html", &layout, &page)?;
        write(&folder.join("index.html"), &html)?;
        let mut written = Written { pages: 1, files: 1 };

        for (term, sel) in by_need {
            let near = self.shown_near(site, sel);
            let everywhere = self.shown_everywhere(sel);
            let page = NeedPage {
                site: &site.name,
                label: term_label(t, "need", &term.id, &term.label),
                description: &term.description,
                description_lang: (t.lang != LISTING_LANG).then_some(LISTING_LANG),
                borough_wide,
                walk_minutes: site.walk_minutes,
                within: near.iter().filter(|c| c.within).count(),
                finder: self.finder(l, site, near.iter().chain(&everywhere), None),
                near: self.cards(l, site, 2, &near)?,
                everywhere: Everywhere {
                    cards: self.cards(l, site, 2, &everywhere)?,
                    total: sel.everywhere.len(),
                    all: format!("{}everywhere/{}.html", ROOTS[2], term.id),
                },
            };
            let html = self.theme.render(
                "need.html",
                &self.layout(
                    l,
                    format!(
                        "{} – {}",
                        term_label(t, "need", &term.id, &term.label),
                        site.name
                    ),
                    2,
                    Some(site),
                    &format!("{}/needs/{}.html", site.id, term.id),
                ),
                &page,
            )?;
            write(
                &folder.join("needs").join(format!("{}.html", term.id)),
                &html,
            )?;
            written = written + Written { pages: 1, files: 1 };
        }
        // What practices print: the shortlist ("social prescription") and the poster.
        written = written + shortlist::write_site(self, i, l, selection, &folder)?;
        written = written + poster::write_site(self, i, l, by_need, &folder)?;
        Ok(written)
    }

    /// How `selection`'s nearby listings are shown on `site`.
    fn shown_near(&self, site: &Site, selection: &Selection<'a>) -> Vec<Shown<'a>> {
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
    fn shown_everywhere(&self, selection: &Selection<'a>) -> Vec<Shown<'a>> {
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

    /// The HTML of `shown`'s cards on `site`'s pages `depth` folders deep, in language
    /// number `lang`: filled in from stamps with the built-in `card.html` ([`stamp`]),
    /// otherwise rendered one by one.
    fn cards(
        &self,
        lang: usize,
        site: &Site,
        depth: usize,
        shown: &[Shown<'a>],
    ) -> Result<Vec<String>, String> {
        let ward = is_borough_wide(site) && !self.wards.is_empty();
        let t = self.langs[lang];
        shown
            .iter()
            .map(|s| {
                let href = s.href(depth, site);
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
                let stamps = &self.prepared(s.listing).stamps;
                match stamps.fill(&key, &href, s.walk, s.km.as_deref()) {
                    stamp::Found::Card(html) => return Ok(html),
                    stamp::Found::Unstampable => return direct(href),
                    stamp::Found::Unknown => {}
                }
                // The first card of this setting: make its stamp, unless a mark's character
                // is in its text or its language's.
                let marked = self.card_on(lang, site, s, stamp::HREF_MARK.into(), true);
                if marked.holds(&stamp::MARKS) || self.marked_strings[lang] {
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
    fn card_on(
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
    fn next_session_of(&self, l: usize, listing: &Listing) -> Option<String> {
        self.prepared(listing).next[l].clone()
    }

    /// A listing's card in language number `lang`, without what depends on the site (walking
    /// time, facets).
    fn card(&self, lang: usize, l: &'a Listing, href: String) -> Card<'a> {
        Card {
            next: self.next_session_of(lang, l),
            ..card(self.langs[lang], l, href, &self.dir.config.area)
        }
    }

    /// What the filters match a listing on, on `site`: on a borough-wide site with ward
    /// boundaries, with the ward of its venue number `venue` (see [`Facets::with_ward`]).
    fn facets(&self, site: &Site, l: &Listing, venue: Option<usize>) -> Facets {
        let facets = self.prepared(l).facets.clone();
        if !is_borough_wide(site) || self.wards.is_empty() {
            return facets;
        }
        let at = venue.and_then(|v| l.venues[v].at);
        let ward = at.and_then(|at| self.wards.iter().find(|w| w.contains(at)));
        facets.with_ward(l, ward.map(|w| w.name.as_str()))
    }

    /// The filter form of a page showing the cards `shown` (and the search box when `index`
    /// is the address of the site's search index). Audiences and languages are the ones some
    /// card has; wards are every ward of the boundaries, on borough-wide sites.
    fn finder<'s>(
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
        let mut audiences = vec![false; self.offered.audiences.len()];
        let mut languages = vec![false; self.offered.languages.len()];
        let mut any = false;
        for s in shown {
            any = true;
            let p = self.prepared(s.listing);
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
            &self.ward_choices
        } else {
            &[]
        };
        let calendar = &self.calendars[lang];
        Some(Finder {
            site: &site.id,
            index,
            walk: !is_borough_wide(site),
            walk_max: MAX_WALK_SHOWN,
            days: &calendar.days,
            audiences: offer(&self.offered.labelled[lang], &audiences),
            languages: offer(&self.offered.language_choices, &languages),
            wards,
            day_names: &calendar.day_names,
            month_names: &calendar.month_names,
        })
    }

    /// `<site>/search/index.json`: the site's search index, for the search box of its home
    /// page in every language. Its documents are the site's listings in the order the home
    /// page shows them, with the same facets as the cards.
    fn search_index(&self, i: usize, out: &Path) -> Result<Written, String> {
        let site = &self.dir.sites[i];
        let selection = self.selection(i);
        let docs: Vec<static_index::Doc> = selection
            .near
            .iter()
            .map(|n| static_index::Doc {
                listing: n.listing,
                analysed: &self.prepared(n.listing).analysed,
                walk: Some(n.minutes),
                facets: self.facets(site, n.listing, Some(n.venue)),
            })
            .chain(
                selection
                    .everywhere
                    .iter()
                    .filter(|_| !self.shared_everywhere)
                    .map(|l| static_index::Doc {
                        listing: l,
                        analysed: &self.prepared(l).analysed,
                        walk: None,
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
        let written = index.write(&out.join(&site.id).join("search"))?;
        Ok(Written {
            pages: 0,
            files: written.files,
        })
    }

    /// `everywhere/search/`: the index of every service available everywhere, which each
    /// site's index names when there are more than [`EVERYWHERE_INLINE_MAX`] of them. Its
    /// facets carry the ward value of borough-wide sites (see [`Facets::with_ward`]); other
    /// sites' filters have no ward and ignore it.
    fn everywhere_search_index(&self, out: &Path) -> Result<Written, String> {
        let docs: Vec<static_index::Doc> = self
            .listings
            .iter()
            .filter(|l| select::is_everywhere(l))
            .map(|l| {
                let facets = self.prepared(l).facets.clone();
                static_index::Doc {
                    listing: l,
                    analysed: &self.prepared(l).analysed,
                    walk: None,
                    facets: match self.wards.is_empty() {
                        true => facets,
                        false => facets.with_ward(l, None),
                    },
                }
            })
            .collect();
        let index = static_index::build_with(self.synonyms.clone(), &docs);
        let written = index.write(&out.join("everywhere").join("search"))?;
        Ok(Written {
            pages: 0,
            files: written.files,
        })
    }

    /// `everywhere/`: every service available wherever people live, and the same per need.
    fn everywhere(&self, lang: usize, out: &Path) -> Result<Written, String> {
        let t = self.langs[lang];
        let all: Vec<&Listing> = {
            let mut v: Vec<&Listing> = self
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
                .map(|l| self.card(lang, l, format!("{}listings/{}/", ROOTS[depth], l.id)))
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
        let title = t.get("available_everywhere");
        let mut card_html = CardHtml::new(self.theme, t);
        let need_links: Vec<NeedLink> = needs
            .iter()
            .map(|term| NeedLink {
                label: term_label(t, "need", &term.id, &term.label),
                href: format!("{}.html", term.id),
                count: all.iter().filter(|l| l.needs.contains(&term.id)).count(),
            })
            .collect();
        let mut written = Written::default();
        // The main list (`index`), then one per need, each in pages of EVERYWHERE_PAGE.
        let lists =
            std::iter::once((None, "index")).chain(needs.iter().map(|t| (Some(*t), t.id.as_str())));
        let mut need_links = Some(need_links);
        for (term, stem) in lists {
            let list = match term {
                None => cards(1, &|_| true),
                Some(term) => cards(1, &|l| l.needs.contains(&term.id)),
            };
            let pages = list.len().div_ceil(EVERYWHERE_PAGE).max(1);
            let file = |k: usize| match k {
                1 => format!("{stem}.html"),
                _ => format!("{stem}_{k}.html"),
            };
            let link = |k: usize| match (term, k) {
                (None, 1) => "./".to_string(),
                _ => file(k),
            };
            for (k, chunk) in (1..=pages).zip(
                list.chunks(EVERYWHERE_PAGE)
                    .chain(std::iter::once(&[][..]))
                    .take(pages),
            ) {
                let label = term.map(|term| term_label(t, "need", &term.id, &term.label));
                let page = EverywherePage {
                    need: label,
                    description: term.map(|term| term.description.as_str()),
                    needs: match (term, k) {
                        (None, 1) => need_links.take().unwrap_or_default(),
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
                let html = self.theme.render(
                    "everywhere.html",
                    &self.layout(lang, heading, 1, None, &path),
                    &page,
                )?;
                write(&out.join("everywhere").join(file(k)), &html)?;
                written = written + Written { pages: 1, files: 1 };
            }
        }
        if self.shared_everywhere {
            written = written + shortlist::write_everywhere(self, lang, out)?;
        }
        Ok(written)
    }

    /// `add/`: a form that writes a new listing file in the browser (`assets/add.js`), then
    /// opens GitHub's new-file page with it, or shows it to send to the support organisation.
    fn add(&self, l: usize, out: &Path) -> Result<Written, String> {
        let t = self.langs[l];
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
            schema: crate::draft::modeline_path(&listings.join("x.yaml")),
            new_file: repo.map(|r| history::new_file_url(r, BRANCH, listings)),
            add_issue: repo.map(history::add_group_url),
            support: config.support.as_ref(),
            max_name: crate::validate::MAX_NAME,
            max_summary: crate::validate::MAX_SUMMARY,
        };
        let layout = self.layout(l, t.get("add_title").to_string(), 1, None, "add/");
        let html = self.theme.render("add.html", &layout, &page)?;
        write(&out.join("add").join("index.html"), &html)?;
        Ok(Written { pages: 1, files: 1 })
    }

    fn listing(&self, l: &Listing, lang: usize, out: &Path) -> Result<Written, String> {
        let t = self.langs[lang];
        let mut page = self.listing_page(t, l);
        let layout = self.layout(
            lang,
            page.name.to_string(),
            2,
            None,
            &format!("listings/{}/", l.id),
        );
        let folder = out.join("listings").join(&l.id);
        let mut written = Written { pages: 1, files: 1 };
        if !l.sessions.is_empty() {
            // One calendar for every language, beside the default language's page.
            if lang == 0 {
                write(&folder.join(format!("{}.ics", l.id)), self.calendar(l))?;
                written.files += 1;
            }
            if l.status == Status::Active {
                page.calendar = Some(format!(
                    "{}listings/{id}/{id}.ics",
                    layout.assets,
                    id = l.id
                ));
            }
        }
        let html = self.theme.render("listing.html", &layout, &page)?;
        write(&folder.join("index.html"), &html)?;
        Ok(written)
    }

    /// The listing's sessions as an iCalendar file, in the default language.
    fn calendar(&self, l: &Listing) -> String {
        let t = self.langs[0];
        let base = self.dir.config.base_url.trim_end_matches('/');
        let url = format!("{base}/listings/{}/", l.id);
        let domain = base
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .filter(|host| !host.is_empty())
            .unwrap_or("signpost");
        let location = match l.venues.first() {
            Some(v) => {
                let mut parts = vec![v.name.clone()];
                parts.extend(v.address.iter().cloned());
                parts.push(v.postcode.to_string());
                parts.join(", ")
            }
            None if l.online => t.get("way_online").to_string(),
            None if l.by_phone => t.get("way_phone").to_string(),
            None => area(t, l, &self.dir.config.area).unwrap_or_default(),
        };
        let mut notes = Vec::new();
        if l.term_time_only {
            notes.push(t.get("term_time_only"));
        }
        if l.by_appointment {
            notes.push(t.get("by_appointment"));
        }
        schedule::ics(
            l,
            self.dir.today,
            &schedule::CalendarText {
                url: &url,
                domain,
                location: &location,
                notes: &notes,
            },
        )
    }

    fn listing_page<'l>(&self, t: &'l Strings, l: &'l Listing) -> ListingPage<'l>
    where
        'a: 'l,
    {
        let vocab = &self.dir.vocab;
        let label = |v: &'a vocab::Vocabulary, id: &'l str| -> &'l str {
            v.get(id).map_or(id, |t| t.label.as_str())
        };
        let fixed =
            |kind: &str, list: &'static [(&'static str, &'static str)], id: &'l str| -> &'l str {
                t.term(kind, id)
                    .or_else(|| vocab::label(list, id))
                    .unwrap_or(id)
            };
        let text = Text::of(t, l);
        let file = self.dir.file_history(l);
        let repo = self.dir.config.repository.as_deref();
        ListingPage {
            name: text.name,
            name_lang: text.name_lang,
            summary: text.summary,
            summary_lang: text.summary_lang,
            organisation: l.organisation.as_deref(),
            description: text.description.map(markdown),
            description_lang: text.description_lang,
            needs: l
                .needs
                .iter()
                .map(|n| t.term("need", n).unwrap_or_else(|| label(&vocab.needs, n)))
                .collect(),
            activities: l
                .activities
                .iter()
                .map(|a| label(&vocab.activities, a))
                .collect(),
            ages: ages(t, l.min_age, l.max_age),
            audiences: l
                .audiences
                .iter()
                .map(|a| fixed("audience", vocab::AUDIENCES, a))
                .collect(),
            languages: l
                .languages
                .iter()
                .map(|c| crate::languages::name(c).unwrap_or(c))
                .collect(),
            cost: l.cost.in_words(),
            joining: joining(t, l.joining),
            booking: l.booking.as_deref().filter(|u| is_web(u)),
            venues: l
                .venues
                .iter()
                .map(|v| VenueView {
                    name: &v.name,
                    address: &v.address,
                    postcode: v.postcode.to_string(),
                    map: v.at.map(|at| {
                        format!(
                            "https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map=17/{lat:.5}/{lon:.5}",
                            lat = at.lat,
                            lon = at.lon
                        )
                    }),
                    access_stated: v.access.is_some(),
                    access: v
                        .access
                        .iter()
                        .flatten()
                        .map(|a| fixed("access", vocab::ACCESS, a))
                        .collect(),
                })
                .collect(),
            online: l.online,
            by_phone: l.by_phone,
            area: area(t, l, &self.dir.config.area),
            sessions: l.sessions.iter().map(|s| t.session(s)).collect(),
            term_time_only: l.term_time_only,
            by_appointment: l.by_appointment,
            email: l.contact.email.as_deref(),
            phone: l.contact.phone.as_deref(),
            tel: l
                .contact
                .phone
                .as_deref()
                .and_then(crate::validate::normalise_phone),
            website: l.contact.website.as_deref().filter(|u| is_web(u)),
            confirmed: t.long_date(self.dir.confirmed(l).date),
            changed: file.map(|f| t.long_date(f.changed())),
            changed_by: file.and_then(|f| shown_name(&f.changes[0].author)),
            stale: self.dir.is_stale(l),
            status: status(l.status),
            notice: l.notice.as_deref(),
            example: l.example,
            translations: l
                .translations
                .iter()
                .filter(|(_, t)| t.name.is_some() || t.summary.is_some())
                .map(|(code, t)| TranslationView {
                    lang: code,
                    language: crate::languages::name(code).unwrap_or(code),
                    name: t.name.as_deref(),
                    summary: t.summary.as_deref(),
                })
                .collect(),
            edit: repo.map(|r| history::edit_url(r, BRANCH, &l.path)),
            report: repo.map(|r| history::report_url(r, &l.id)),
            next: next_session(t, l, self.dir.today),
            no_next: l.status == Status::Active
                && !l.sessions.is_empty()
                && schedule::next(&l.sessions, self.dir.today).is_none(),
            calendar: None,
        }
    }
}

/// "Next: Tuesday 24 November 2026, 10:00" (worded for term time or appointments), from
/// `today`; `None` for a paused or closed group, or one with no session to come.
fn next_session(t: &Strings, l: &Listing, today: jiff::civil::Date) -> Option<String> {
    if l.status != Status::Active {
        return None;
    }
    let o = schedule::next(&l.sessions, today)?;
    let date = t.dated(o.date);
    let when = match o.start {
        Some(start) => t.fill(
            "date_time",
            &[("date", &date), ("time", &i18n::clock(start))],
        ),
        None => date,
    };
    let key = match schedule::wording(l) {
        Some("term") => "next_session_term",
        Some(_) => "next_session_appt",
        None => "next_session",
    };
    Some(t.fill(key, &[("when", &when)]))
}

/// The theme's CSS and JavaScript as the sites serve them, without comments and spaces, by
/// the `minifier` crate (the readable files stay in `themes/default/`); other files, and any
/// the minifier cannot read, as they are.
pub fn minify(name: &str, text: &str) -> String {
    let minified = if name.ends_with(".js") {
        minifier::js::minify(text).map(|m| m.to_string())
    } else if name.ends_with(".css") {
        minifier::css::minify(text).map(|m| m.to_string())
    } else {
        return text.to_string();
    };
    minified.unwrap_or_else(|_| text.to_string())
}

/// `root` for a page at each depth below the output folder.
const ROOTS: [&str; 4] = ["", "../", "../../", "../../../"];

/// The name shown for who made a change: the commit's display name, else the GitHub handle
/// from a no-reply email; never an email address (the history keeps none).
fn shown_name(author: &history::Author) -> Option<&str> {
    Some(author.name.as_str())
        .filter(|n| !n.is_empty())
        .or(author.handle.as_deref())
}

fn is_borough_wide(site: &Site) -> bool {
    matches!(site.kind, Kind::Extra { borough_wide: true })
}

/// Safe as one path segment of an address: lower-case letters, digits and inner hyphens.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_web(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Writes a file, making its folder when it is not there yet (most are: a build writes
/// tens of thousands of files into a few thousand folders).
fn write(path: &Path, bytes: impl AsRef<[u8]>) -> Result<(), String> {
    let bytes = bytes.as_ref();
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(path, bytes)
        }
        written => written,
    }
    .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------
// What the templates see.

/// Every page: `layout`.
#[derive(Serialize)]
struct Layout<'a> {
    /// The page's own title (the `<title>` adds the directory's).
    title: String,
    directory: &'a str,
    area: &'a str,
    /// The path back to the output folder: "", "../", …
    root: &'static str,
    /// The site this page belongs to, for the header link.
    home: Option<SiteLink>,
    /// The data attribution, as HTML.
    attribution: &'a str,
    /// The path from this page to the top of the output (for `assets/` and `sites.json`,
    /// which every language shares).
    assets: String,
    /// The page's language (ISO 639-1) and direction ("ltr" or "rtl").
    lang: &'a str,
    dir: &'static str,
    /// This page in each language the sites are built in (empty when there is one).
    languages: Vec<LangLink<'a>>,
    /// Whether `assets/brand.css` exists (`[theme] colour`).
    brand: bool,
    /// The logo's file name in `assets/` (`[theme] logo`).
    logo: Option<&'a str>,
    /// On a site's home and need pages: the path to its shortlist page, for the bar.
    shortlist: Option<String>,
    /// The interface text, given to templates as `t`.
    #[serde(skip)]
    strings: &'a Strings,
}

#[derive(Serialize)]
struct LangLink<'a> {
    code: &'a str,
    /// The language's name in itself.
    name: &'a str,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct SiteLink {
    name: String,
    href: String,
}

#[derive(Serialize)]
struct IndexPage<'a> {
    sites: Vec<IndexSite<'a>>,
    listings: usize,
}

#[derive(Serialize)]
struct IndexSite<'a> {
    name: &'a str,
    href: String,
    borough_wide: bool,
    postcode: String,
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

/// The search and filter form of a site's home and need pages (`finder.html`).
#[derive(Serialize)]
struct Finder<'r> {
    /// The site's id, for links to listing pages (`?from=`).
    site: &'r str,
    /// The site's search index, on home pages only (need pages have the filters alone).
    index: Option<String>,
    /// Whether results show walking times (not on borough-wide sites).
    walk: bool,
    /// Results further than this show no walking time.
    walk_max: u32,
    days: &'r [Choice<'r>],
    audiences: Vec<&'r Choice<'r>>,
    languages: Vec<&'r Choice<'r>>,
    /// Borough-wide sites only.
    wards: &'r [Choice<'r>],
    /// For the script's dates: weekday names Sunday first, month names, `|`-separated.
    day_names: &'r str,
    month_names: &'r str,
}

/// An option of a `<select>`.
#[derive(Serialize)]
struct Choice<'r> {
    value: std::borrow::Cow<'r, str>,
    label: std::borrow::Cow<'r, str>,
}

/// The audiences and spoken languages some published listing has, as the finder offers
/// them: listings refer to them by number ([`Prepared`]), and each language of the build
/// has them labelled and in the order the finder lists them.
struct Offered {
    /// Audience ids and language codes, sorted.
    audiences: Vec<String>,
    languages: Vec<String>,
    /// Per language of the build: (audience number, choice), by label.
    labelled: Vec<Vec<(usize, Choice<'static>)>>,
    /// (language number, choice), by the language's English name.
    language_choices: Vec<(usize, Choice<'static>)>,
}

impl Offered {
    fn of(facets: &[&Facets], langs: &[&Strings]) -> Offered {
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
                            },
                        )
                    })
                    .collect();
                choices.sort_by(|a, b| a.1.label.cmp(&b.1.label));
                choices
            })
            .collect();
        let mut language_choices: Vec<(usize, Choice)> = languages
            .iter()
            .enumerate()
            .map(|(k, code)| {
                let label = crate::languages::name(code).unwrap_or(code);
                (
                    k,
                    Choice {
                        value: code.clone().into(),
                        label: label.to_string().into(),
                    },
                )
            })
            .collect();
        language_choices.sort_by(|a, b| a.1.label.cmp(&b.1.label));
        Offered {
            audiences,
            languages,
            labelled,
            language_choices,
        }
    }

    /// The numbers of a listing's audiences and spoken languages.
    fn numbers(&self, facets: &Facets) -> (Vec<usize>, Vec<usize>) {
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

/// The finder's days and the script's weekday and month names, in one language.
struct Calendar {
    days: Vec<Choice<'static>>,
    day_names: String,
    month_names: String,
}

impl Calendar {
    fn of(t: &Strings) -> Calendar {
        let week = [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ];
        let days = week
            .iter()
            .map(|d| Choice {
                value: crate::search::analysis::day_id(*d).into(),
                label: t.weekday(*d).to_string().into(),
            })
            .collect();
        // Sunday first, as JavaScript's Date.getDay() counts.
        let day_names = std::iter::once(Weekday::Sunday)
            .chain(week.iter().copied().take(6))
            .map(|d| t.weekday(d))
            .collect::<Vec<_>>()
            .join("|");
        let month_names = (1..=12)
            .map(|m| t.get(&format!("month_{m}")).to_string())
            .collect::<Vec<_>>()
            .join("|");
        Calendar {
            days,
            day_names,
            month_names,
        }
    }
}

/// The services available everywhere that a site page shows: their cards (`C`: the data,
/// then the HTML `card.html` made of it).
#[derive(Serialize)]
struct Everywhere<C> {
    /// The first few.
    cards: Vec<C>,
    /// How many there are in all.
    total: usize,
    /// The shared page that lists them all.
    all: String,
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

#[derive(Serialize)]
struct NeedLink<'a> {
    label: &'a str,
    href: String,
    /// On a site: the listings with this need within walking distance plus those available
    /// everywhere (its page may also show some further away).
    count: usize,
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

/// A listing as a site's page shows it: what its card takes from the site.
struct Shown<'a> {
    listing: &'a Listing,
    /// The venue the card names, for listings people go to.
    venue: Option<usize>,
    /// Walking minutes from the site, or beyond [`MAX_WALK_SHOWN`] the distance in km.
    walk: Option<u32>,
    km: Option<String>,
    within: bool,
    /// The site's walking radius (0 for services available everywhere).
    radius: u32,
}

impl Shown<'_> {
    /// The link to the listing's page from `site`'s page `depth` folders deep.
    fn href(&self, depth: usize, site: &Site) -> String {
        let mut href = format!(
            "{}listings/{}/?from={}",
            ROOTS[depth], self.listing.id, site.id
        );
        if let Some(minutes) = self.walk {
            href.push_str(&format!("&walk={minutes}"));
        }
        href
    }
}

impl Card<'_> {
    /// Whether any text the card shows, other than its link, walking time and distance,
    /// holds one of `chars`.
    fn holds(&self, chars: &[char]) -> bool {
        let facets = self
            .facets
            .iter()
            .flat_map(|f| [&f.f, &f.d, &f.t, &f.a, &f.au, &f.l, &f.w]);
        [self.name, self.summary, self.place.unwrap_or_default()]
            .into_iter()
            .chain(self.notice)
            .chain(self.next.as_deref())
            .chain(self.ways.iter().map(String::as_str))
            .chain(facets.map(String::as_str))
            .any(|text| text.contains(chars))
    }
}

/// A listing in a list.
#[derive(Serialize)]
struct Card<'a> {
    href: String,
    name: &'a str,
    /// The language of `name` when it is not the page's (a listing with no translation).
    name_lang: Option<&'static str>,
    summary: &'a str,
    summary_lang: Option<&'static str>,
    /// Walking minutes from the site, on practice sites, up to [`MAX_WALK_SHOWN`].
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
    /// What the filters match on (site pages only).
    facets: Option<Facets>,
    /// The site's walking radius, for "(further than a 20-minute walk)".
    radius: u32,
}

fn card<'a>(t: &Strings, l: &'a Listing, href: String, area: &str) -> Card<'a> {
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
        facets: None,
        radius: 0,
    }
}

/// Cards as `card.html` renders them, each rendered once for a site's pages in one language:
/// a listing's card is the same on every need page it is on (and on the shared pages of
/// services available everywhere, the same on each of them).
struct CardHtml<'r> {
    theme: &'r Theme,
    t: &'r Strings,
    done: HashMap<String, String>,
}

impl<'r> CardHtml<'r> {
    fn new(theme: &'r Theme, t: &'r Strings) -> CardHtml<'r> {
        CardHtml {
            theme,
            t,
            done: HashMap::new(),
        }
    }

    fn render(&mut self, cards: &[Card]) -> Result<Vec<String>, String> {
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

#[derive(Serialize)]
struct ListingPage<'a> {
    name: &'a str,
    name_lang: Option<&'static str>,
    summary: &'a str,
    summary_lang: Option<&'static str>,
    organisation: Option<&'a str>,
    /// Sanitised HTML.
    description: Option<String>,
    description_lang: Option<&'static str>,
    needs: Vec<&'a str>,
    activities: Vec<&'a str>,
    ages: Option<String>,
    audiences: Vec<&'a str>,
    languages: Vec<&'a str>,
    cost: Vec<String>,
    joining: String,
    booking: Option<&'a str>,
    venues: Vec<VenueView<'a>>,
    online: bool,
    by_phone: bool,
    area: Option<String>,
    sessions: Vec<String>,
    term_time_only: bool,
    by_appointment: bool,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    /// The phone number's digits, for a `tel:` link.
    tel: Option<String>,
    website: Option<&'a str>,
    /// When the group last confirmed the listing: the later of `reviewed` and the last change
    /// by one of its maintainers.
    confirmed: String,
    /// When the file last changed in git, and who changed it (a display name, never an email).
    changed: Option<String>,
    changed_by: Option<&'a str>,
    stale: bool,
    status: &'static str,
    notice: Option<&'a str>,
    example: bool,
    translations: Vec<TranslationView<'a>>,
    /// GitHub's web editor for the listing's file.
    edit: Option<String>,
    /// The "Report a problem with a listing" issue form, prefilled with the listing's id.
    report: Option<String>,
    /// "Next: Tuesday 24 November 2026, 10:00".
    next: Option<String>,
    /// Sessions are listed but none is still to come.
    no_next: bool,
    /// The listing's calendar file.
    calendar: Option<String>,
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
}

/// A checkbox: a vocabulary id and its label.
#[derive(Serialize)]
struct Checkbox<'a> {
    id: &'a str,
    label: &'a str,
}

/// A vocabulary term's label in the page's language, or the vocabulary's own.
fn term_label<'s>(t: &'s Strings, kind: &str, id: &str, label: &'s str) -> &'s str {
    t.term(kind, id).unwrap_or(label)
}

/// The language listings are written in; translations are per listing.
const LISTING_LANG: &str = "en";

/// A listing's name, summary and description in the page's language where the listing has
/// them, each with the language it is in when that is not the page's.
struct Text<'a> {
    name: &'a str,
    name_lang: Option<&'static str>,
    summary: &'a str,
    summary_lang: Option<&'static str>,
    description: Option<&'a str>,
    description_lang: Option<&'static str>,
}

impl<'a> Text<'a> {
    fn of(t: &Strings, l: &'a Listing) -> Text<'a> {
        let own = (t.lang != LISTING_LANG)
            .then(|| l.translations.get(&t.lang))
            .flatten();
        let other = (t.lang != LISTING_LANG).then_some(LISTING_LANG);
        let pick = |translated: Option<&'a String>, original: &'a str| match translated {
            Some(text) => (text.as_str(), None),
            None => (original, other),
        };
        let (name, name_lang) = pick(own.and_then(|o| o.name.as_ref()), &l.name);
        let (summary, summary_lang) = pick(own.and_then(|o| o.summary.as_ref()), &l.summary);
        let (description, description_lang) = match (
            own.and_then(|o| o.description.as_deref()),
            l.description.as_deref(),
        ) {
            (Some(d), _) => (Some(d), None),
            (None, Some(d)) => (Some(d), other),
            (None, None) => (None, None),
        };
        Text {
            name,
            name_lang,
            summary,
            summary_lang,
            description,
            description_lang,
        }
    }
}

#[derive(Serialize)]
struct VenueView<'a> {
    name: &'a str,
    address: &'a [String],
    postcode: String,
    /// The venue on OpenStreetMap (a link only: no tiles or scripts on the page).
    map: Option<String>,
    access_stated: bool,
    access: Vec<&'a str>,
}

#[derive(Serialize)]
struct TranslationView<'a> {
    lang: &'a str,
    language: &'a str,
    name: Option<&'a str>,
    summary: Option<&'a str>,
}

// ---------------------------------------------------------------------------
// Words.

fn status(s: Status) -> &'static str {
    match s {
        Status::Active => "active",
        Status::Paused => "paused",
        Status::Closed => "closed",
    }
}

fn joining(t: &Strings, j: crate::model::Joining) -> String {
    use crate::model::Joining::*;
    t.get(match j {
        SelfReferral => "joining_self",
        Professional => "joining_professional",
        Either => "joining_either",
    })
    .to_string()
}

fn ages(t: &Strings, min: Option<u8>, max: Option<u8>) -> Option<String> {
    let (a, b) = (min.map(|a| a.to_string()), max.map(|b| b.to_string()));
    match (a.as_deref(), b.as_deref()) {
        (Some(a), Some(b)) => Some(t.fill("ages_between", &[("min", a), ("max", b)])),
        (Some(a), None) => Some(t.fill("ages_over", &[("min", a)])),
        (None, Some(b)) => Some(t.fill("ages_up_to", &[("max", b)])),
        (None, None) => None,
    }
}

fn area(t: &Strings, l: &Listing, area: &str) -> Option<String> {
    if l.area.borough {
        Some(t.fill("area_across", &[("area", area)]))
    } else if !l.area.wards.is_empty() {
        let key = if l.area.wards.len() == 1 {
            "area_ward"
        } else {
            "area_wards"
        };
        Some(t.fill(key, &[("wards", &t.join_and(&l.area.wards))]))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            shown.extend(r.shown_everywhere(&selection));
            for lang in 0..r.langs.len() {
                for depth in [1, 2] {
                    let direct: Vec<String> = shown
                        .iter()
                        .map(|s| {
                            let card = r.card_on(lang, site, s, s.href(depth, site), false);
                            theme.render_card(r.langs[lang], &card).unwrap()
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
        r.prepared.iter().flatten().fold((0, 0), |(yes, no), p| {
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

    #[test]
    fn markdown_keeps_formatting_and_drops_scripts() {
        let html = markdown("**Bold** and <script>alert(1)</script> [a](https://example.org)");
        assert!(html.contains("<strong>Bold</strong>"), "{html}");
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("alert"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org" rel="noopener noreferrer">a</a>"#),
            "{html}"
        );
    }

    #[test]
    fn markdown_links_are_web_mail_or_phone_only() {
        let html = markdown(
            "[x](javascript:alert(1)) [d](data:text/html,hi) [f](file:///etc/passwd) \
             [m](mailto:a@example.org) [t](tel:02079460123) [r](../relative)",
        );
        assert!(!html.contains("javascript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(!html.contains("file:"), "{html}");
        assert!(!html.contains("relative"), "{html}");
        assert!(html.contains(r#"href="mailto:a@example.org""#), "{html}");
        assert!(html.contains(r#"href="tel:02079460123""#), "{html}");
    }

    #[test]
    fn markdown_drops_images_and_event_handlers() {
        let html = markdown(
            "![x](https://tracker.example/p.gif) <img src=x onerror=alert(1)> <b onclick=\"x()\">b</b>",
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(html.contains("<b>b</b>"), "{html}");
    }

    #[test]
    fn ages_and_money_read_naturally() {
        let theme = Theme::builtin();
        let en = theme.strings("en").unwrap();
        assert_eq!(ages(en, Some(18), None).unwrap(), "Ages 18 and over");
        assert_eq!(ages(en, Some(5), Some(11)).unwrap(), "Ages 5 to 11");
        assert_eq!(ages(en, None, None), None);
        assert_eq!(crate::model::pounds(3.5), "£3.50");
        assert_eq!(crate::model::pounds(10.0), "£10");
        let cost = crate::model::Cost {
            amount: Some(3.5),
            per: Some(crate::model::Per::Session),
            concessions: Some("Free for carers".into()),
            ..Default::default()
        };
        assert_eq!(cost.in_words(), ["£3.50 a session", "Free for carers"]);
    }

    #[test]
    fn only_slugs_become_folders() {
        assert!(is_slug("h83009") && is_slug("croydon-north"));
        assert!(!is_slug("../etc") && !is_slug("A") && !is_slug("") && !is_slug("-x"));
    }

    #[test]
    fn the_builtin_theme_loads() {
        let theme = Theme::builtin();
        for (name, _) in TEMPLATES {
            assert!(
                theme.tera.get_template_names().any(|n| n == *name),
                "{name}"
            );
        }
    }
}
