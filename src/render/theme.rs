//! The theme: the tera templates, the interface text in each language and the static files
//! (CSS, scripts), built in or overridden file by file from the directory's own
//! `themes/default/`; and the static files as the sites serve them, minified.
//!
//! It is not for deciding what a page shows: the page modules build each template's context.

use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

use super::Error;
use super::cards::Card;
use super::view::Layout;
use crate::i18n::{self, Strings};
use crate::search::static_index;

/// The theme a directory's `themes/` folder overrides (there is one theme for now).
pub const THEME: &str = "default";

/// Built-in templates: (file name, text).
pub(super) const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/default/base.html")),
    ("card.html", include_str!("../../themes/default/card.html")),
    (
        "everywhere.html",
        include_str!("../../themes/default/everywhere.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/index.html"),
    ),
    ("site.html", include_str!("../../themes/default/site.html")),
    (
        "lists.html",
        include_str!("../../themes/default/lists.html"),
    ),
    (
        "crisis.html",
        include_str!("../../themes/default/crisis.html"),
    ),
    (
        "listing.html",
        include_str!("../../themes/default/listing.html"),
    ),
    ("add.html", include_str!("../../themes/default/add.html")),
    (
        "shortlist.html",
        include_str!("../../themes/default/shortlist.html"),
    ),
    (
        "shortlist_bar.html",
        include_str!("../../themes/default/shortlist_bar.html"),
    ),
    (
        "poster.html",
        include_str!("../../themes/default/poster.html"),
    ),
    (
        "embed.html",
        include_str!("../../themes/default/embed.html"),
    ),
    (
        "embed_example.html",
        include_str!("../../themes/default/embed_example.html"),
    ),
    (
        "finder.html",
        include_str!("../../themes/default/finder.html"),
    ),
    (
        "accessibility.html",
        include_str!("../../themes/default/accessibility.html"),
    ),
    (
        "privacy.html",
        include_str!("../../themes/default/privacy.html"),
    ),
];

/// Built-in static files, minified into `assets/` (see [`minify`]).
pub(super) const ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../../themes/default/style.css")),
    (
        "signpost.js",
        include_str!("../../themes/default/signpost.js"),
    ),
    ("add.js", include_str!("../../themes/default/add.js")),
    ("add.css", include_str!("../../themes/default/add.css")),
    (
        "shortlist.js",
        include_str!("../../themes/default/shortlist.js"),
    ),
    (
        "prescription.js",
        include_str!("../../themes/default/prescription.js"),
    ),
    ("embed.js", include_str!("../../themes/default/embed.js")),
    ("tools.css", include_str!("../../themes/default/tools.css")),
    (
        "listing.css",
        include_str!("../../themes/default/listing.css"),
    ),
    (
        "example.css",
        include_str!("../../themes/default/example.css"),
    ),
    ("search.js", static_index::CLIENT),
    ("site.js", include_str!("../../themes/default/site.js")),
    ("when.js", include_str!("../../themes/default/when.js")),
];

/// The templates, static files and interface text, built in or overridden.
pub struct Theme {
    tera: Tera,
    /// Whether `card.html` is the built-in one, whose cards are stamped ([`stamp`]).
    pub(super) stamped: bool,
    pub(super) assets: Vec<(&'static str, String)>,
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
    pub fn load(root: &Path) -> Result<Theme, Error> {
        let folder = root.join("themes").join(THEME);
        let read = |name: &str, builtin: &str| -> Result<String, Error> {
            let path = folder.join(name);
            if path.is_file() {
                std::fs::read_to_string(&path).map_err(|source| Error::ReadTheme { path, source })
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
        Theme::from_files(templates, assets, strings).map_err(|e| Error::Theme {
            folder: folder.clone(),
            source: Box::new(e),
        })
    }

    pub(super) fn from_files(
        templates: Vec<(&'static str, String)>,
        assets: Vec<(&'static str, String)>,
        strings: Vec<(&'static str, String)>,
    ) -> Result<Theme, Error> {
        let stamped = templates
            .iter()
            .any(|(n, t)| *n == "card.html" && TEMPLATES.contains(&(*n, t.as_str())));
        let mut tera = Tera::new();
        // Tera's escaping, plus no control character or direction override reaches a page.
        tera.set_escape_fn(crate::html::escape_io);
        tera.register_filter("fill", i18n::fill_filter);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (*n, t.as_str())))
            .map_err(Error::Template)?;
        let mut parsed: Vec<Strings> = Vec::new();
        for (code, text) in &strings {
            let s = Strings::parse(code, text, parsed.first()).map_err(Error::Strings)?;
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

    pub(super) fn render(
        &self,
        template: &str,
        layout: &Layout,
        page: &impl Serialize,
    ) -> Result<Vec<u8>, Error> {
        let mut context = Self::context(layout);
        context.insert("page", page);
        self.render_context(template, &context, 16 * 1024)
    }

    /// The crisis help blocks of a layout's language, hidden (`crisis.html` with
    /// `crisis_hidden`): the file a site's search fetches when a query describes a crisis.
    pub(super) fn render_crisis(&self, layout: &Layout) -> Result<Vec<u8>, Error> {
        let mut context = Self::context(layout);
        context.insert("crisis_hidden", &true);
        self.render_context("crisis.html", &context, 8 * 1024)
    }

    /// What every page template sees: `layout`, and the interface text as `t`.
    fn context(layout: &Layout) -> Context {
        let mut context = Context::new();
        context.insert("layout", layout);
        context.insert_value("t", layout.strings.value());
        context
    }

    /// `template` rendered with `context`, as bytes written as they are (a String would check
    /// every page's UTF-8 once more), in a buffer of `capacity` to start with.
    fn render_context(
        &self,
        template: &str,
        context: &Context,
        capacity: usize,
    ) -> Result<Vec<u8>, Error> {
        let mut html = Vec::with_capacity(capacity);
        self.tera
            .render_to(template, context, &mut html)
            .map_err(|source| Error::Render {
                template: template.to_string(),
                source,
            })?;
        Ok(html)
    }

    /// One card (`card.html`), which sees `t` and `card`.
    pub(super) fn render_card(&self, t: &Strings, card: &Card) -> Result<String, Error> {
        let mut context = Context::new();
        context.insert_value("t", t.value());
        context.insert("card", card);
        self.tera
            .render("card.html", &context)
            .map_err(|source| Error::Render {
                template: "card.html".to_string(),
                source,
            })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
