//! What every page's template sees besides its own `page`: the `layout` (title, paths, the
//! language switcher, attribution, house colour and logo), and the small view models that
//! several pages share (a listing's text in the page's language, links to needs, the
//! services available everywhere, a `<select>`'s options); and Markdown made safe.
//!
//! It is not for the cards ([`super::cards`]) or any one page's own `page` struct, which are
//! beside the code that fills them in.

use std::sync::OnceLock;

use serde::Serialize;

use super::when::When;
use super::words::LISTING_LANG;
use super::{Error, Renderer, is_borough_wide};
use crate::directory::Directory;
use crate::i18n::Strings;
use crate::model::Listing;
use crate::sites::Site;

/// What every page shows around its content besides the interface text: the data
/// attribution, and the house colour and logo of `[theme]` in signpost.toml.
pub(super) struct Frame {
    /// The attribution, as HTML.
    attribution: String,
    /// `assets/brand.css`, and the logo's file name and bytes.
    pub(super) brand: Option<String>,
    pub(super) logo: Option<(String, Vec<u8>)>,
}

impl Frame {
    /// The attribution (as HTML) and the logo, both read in the load phase, and the house
    /// colour's stylesheet.
    pub(super) fn load(dir: &Directory) -> Result<Frame, Error> {
        let attribution = dir.attribution.as_deref().map(markdown).unwrap_or_default();
        let own = dir.config.theme.as_ref();
        let brand = match own.and_then(|t| t.colour.as_deref()) {
            Some(colour) => Some(crate::brand::stylesheet(
                crate::brand::check_colour(colour).map_err(Error::Brand)?,
            )),
            None => None,
        };
        let logo = dir.logo.clone();
        Ok(Frame {
            attribution,
            brand,
            logo,
        })
    }
}

/// `root` for a page at each depth below the output folder.
pub(super) const ROOTS: [&str; 4] = ["", "../", "../../", "../../../"];

/// Every page: `layout`.
#[derive(Serialize)]
pub(super) struct Layout<'a> {
    /// The page's own title (the `<title>` adds the directory's).
    title: String,
    directory: &'a str,
    area: &'a str,
    /// The path back to the top of the page's language: "", "../", … (on a listing page's
    /// part in another language, "../../ar/").
    root: String,
    /// Before every `id` of the page: empty, except in a listing page's part in another
    /// language than the default ("ar-"), as the page holds every language's part. Such a
    /// part's `<main>` is `hidden` (the stylesheet shows it when it is the part asked for)
    /// and it leaves out the scripts the page loads once.
    idp: String,
    /// Whether the page holds every language, a part each (a listing's page): the skip link
    /// is inside each part's header, so it is the part's first link and in a landmark.
    in_parts: bool,
    /// "#ar" on pages in a language other than the default, for links to listing pages,
    /// which hold every language (empty in the default language).
    lang_hash: String,
    /// The site this page belongs to, for the header link.
    home: Option<SiteLink>,
    /// The data attribution, as HTML.
    attribution: &'a str,
    /// The path from this page to the top of the output (for `assets/` and `sites.json`,
    /// which every language shares).
    pub(super) assets: String,
    /// The page's language (ISO 639-1) and direction ("ltr" or "rtl").
    lang: &'a str,
    dir: &'static str,
    /// This page in each language the sites are built in (empty when there is one).
    languages: Vec<LangLink<'a>>,
    /// The same, as absolute addresses from `base_url` for `<link rel="alternate">`, with
    /// `x-default` for the default language (empty when there is one language).
    alternates: Vec<Alternate<'a>>,
    /// What the page is, for `<meta name="description">` (search engines show it): the
    /// directory's lead unless the page sets its own.
    pub(super) description: String,
    /// Whether `assets/brand.css` exists (`[theme] colour`).
    brand: bool,
    /// The logo's file name in `assets/` (`[theme] logo`).
    logo: Option<&'a str>,
    /// On a site's home page: the path to its shortlist page, for the bar.
    shortlist: Option<String>,
    /// On a borough-wide site's home page, when the build publishes the gaps report (in
    /// English, at `<site>/insight/`): the path to it, for the footer.
    gaps_report: Option<String>,
    /// On pages that say when groups next meet (a site's home page, the pages of
    /// services available everywhere, a listing page with a next session): what `when.js`
    /// needs to work it out again on the day the page is read.
    pub(super) when: Option<&'a When>,
    /// The crisis help lines in the page's language, a block per crisis category
    /// (`crisis.html`: written hidden into `assets/crisis-<lang>.json`, which a site's
    /// search fetches and shows).
    crisis: &'a [super::crisis::CrisisBlock],
    /// The interface text, given to templates as `t`.
    #[serde(skip)]
    pub(super) strings: &'a Strings,
}

impl Layout<'_> {
    /// Makes the layout that of language number `l`'s part of a listing page, which holds
    /// every language in one file `depth` folders below the top of the output
    /// (`listings/<id>/`): the language switcher goes to the parts (`#ar`), there are no
    /// other addresses to name, and in another language than the default the part's links
    /// go to its language's pages and its ids carry the language.
    pub(super) fn as_part_of_every_language(&mut self, l: usize, depth: usize) {
        for language in &mut self.languages {
            language.href = format!("#{}", language.code);
        }
        self.alternates.clear();
        self.in_parts = true;
        if l > 0 {
            self.assets = ROOTS[depth].to_string();
            self.root = format!("{}{}/", ROOTS[depth], self.lang);
            self.idp = format!("{}-", self.lang);
        }
    }

    /// The page's title as `<title>` shows it.
    pub(super) fn full_title(&self) -> String {
        match self.title == self.directory {
            true => self.title.clone(),
            false => format!("{} – {}", self.title, self.directory),
        }
    }
}

/// This page in another language, for the language switcher.
#[derive(Serialize)]
struct LangLink<'a> {
    code: &'a str,
    /// The language's name in itself.
    name: &'a str,
    href: String,
    current: bool,
}

/// This page in a language, at its published address.
#[derive(Serialize)]
struct Alternate<'a> {
    code: &'a str,
    href: String,
}

/// The site a page belongs to, for the header.
#[derive(Serialize)]
struct SiteLink {
    id: String,
    name: String,
    href: String,
}

impl Renderer<'_> {
    /// What every page shows: `path` is the page's folder below its language's root
    /// ("" for the top index, "h83001/"), `depth` how many folders deep that is.
    pub(super) fn layout(
        &self,
        l: usize,
        title: String,
        depth: usize,
        home: Option<&Site>,
        path: &str,
    ) -> Layout<'_> {
        let strings = self.t(l);
        // From this page to the top of the output.
        let top = format!("{}{}", ROOTS[depth], if l == 0 { "" } else { "../" });
        let languages = if self.langs.len() > 1 {
            self.langs
                .iter()
                .enumerate()
                .map(|(k, language)| LangLink {
                    code: &language.t.lang,
                    name: language.t.name(),
                    href: match k {
                        0 => format!("{top}{path}"),
                        _ => format!("{top}{}/{path}", language.t.lang),
                    },
                    current: k == l,
                })
                .collect()
        } else {
            Vec::new()
        };
        let base = self.dir.config.base_url.trim_end_matches('/');
        let alternates = match self.langs.len() {
            1 => Vec::new(),
            _ => self
                .langs
                .iter()
                .enumerate()
                .map(|(k, language)| Alternate {
                    code: &language.t.lang,
                    href: match k {
                        0 => format!("{base}/{path}"),
                        _ => format!("{base}/{}/{path}", language.t.lang),
                    },
                })
                .chain(std::iter::once(Alternate {
                    code: "x-default",
                    href: format!("{base}/{path}"),
                }))
                .collect(),
        };
        let gaps_report = home
            .filter(|s| {
                is_borough_wide(s)
                    && path == format!("{}/", s.id)
                    && self.dir.config.has_gaps_report()
            })
            // The report is in English only: beside the English home, under the top of the
            // output from another language's.
            .map(|s| match l {
                0 => "insight/".to_string(),
                _ => format!("{top}{}/insight/", s.id),
            });
        Layout {
            title,
            directory: &self.dir.config.title,
            area: &self.dir.config.area,
            root: ROOTS[depth].to_string(),
            idp: String::new(),
            in_parts: false,
            lang_hash: self
                .other_lang(l)
                .map_or_else(String::new, |code| format!("#{code}")),
            assets: top,
            home: home.map(|s| SiteLink {
                id: s.id.clone(),
                name: s.name.clone(),
                href: format!("{}{}/", ROOTS[depth], s.id),
            }),
            attribution: &self.frame.attribution,
            lang: &strings.lang,
            dir: if strings.rtl() { "rtl" } else { "ltr" },
            languages,
            alternates,
            description: strings.fill("index_lead", &[("area", &self.dir.config.area)]),
            brand: self.frame.brand.is_some(),
            logo: self.frame.logo.as_ref().map(|(name, _)| name.as_str()),
            // A site's home page offers the shortlist, not its tool pages.
            shortlist: home
                .filter(|s| path == format!("{}/", s.id))
                .map(|s| format!("{}{}/shortlist/", ROOTS[depth], s.id)),
            gaps_report,
            // Cards say when their groups next meet on a site's home page and on the pages
            // of services available everywhere; listing pages set it themselves.
            when: home
                .is_some_and(|s| path == format!("{}/", s.id))
                .then_some(&self.langs[l].when)
                .or_else(|| {
                    path.starts_with("everywhere/")
                        .then_some(&self.langs[l].when)
                }),
            crisis: &self.crisis[l].blocks,
            strings,
        }
    }
}

/// A listing's name, summary and description in the page's language where the listing has
/// them, each with the language it is in when that is not the page's.
pub(super) struct Text<'a> {
    pub(super) name: &'a str,
    pub(super) name_lang: Option<&'static str>,
    pub(super) summary: &'a str,
    pub(super) summary_lang: Option<&'static str>,
    pub(super) description: Option<&'a str>,
    pub(super) description_lang: Option<&'static str>,
}

impl<'a> Text<'a> {
    /// The listing's text as a page in the language of `t` shows it.
    pub(super) fn of(t: &Strings, l: &'a Listing) -> Text<'a> {
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

/// An option of a `<select>`.
#[derive(Serialize)]
pub(super) struct Choice<'r> {
    pub(super) value: std::borrow::Cow<'r, str>,
    pub(super) label: std::borrow::Cow<'r, str>,
    /// The label's language, when it is not the page's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) lang: Option<&'static str>,
}

#[derive(Serialize)]
pub(super) struct NeedLink<'a> {
    pub(super) label: &'a str,
    pub(super) href: String,
    /// On a site: how many listings its page shows ([`crate::select::Selection::count`]);
    /// on `everywhere/`, how many services available everywhere have the need.
    pub(super) count: usize,
}

/// The services available everywhere that a site page shows: their cards (`C`: the data,
/// then the HTML `card.html` made of it).
#[derive(Serialize)]
pub(super) struct Everywhere<C> {
    /// The first few.
    pub(super) cards: Vec<C>,
    /// How many there are in all.
    pub(super) total: usize,
    /// The shared page that lists them all.
    pub(super) all: String,
}

/// Markdown → safe HTML: rendered by pulldown-cmark, then cleaned by ammonia so that no
/// script, style, image or unknown attribute survives, links are http(s), mailto or tel only,
/// and every link has `rel="noopener noreferrer"`. Control characters and direction overrides
/// become `�` first ([`crate::text::without_unsafe`]): ammonia keeps text as it is.
pub fn markdown(text: &str) -> String {
    let text = crate::text::without_unsafe(text);
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
        pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    cleaner.clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
