//! For practices' websites: `embed/index.html` gives, for every site, the one line a practice
//! pastes into its own website (a script tag for `assets/embed.js` with the site's id and the
//! frame's title), with links to the site's poster and shortlist; `embed/example/index.html`
//! is a made-up practice website (header, menu, opening hours) that embeds a practice's site,
//! to show the result and to test it.
//!
//! The snippet loads `embed.js` from `base_url`, so it works on any host; the example page
//! loads it by a relative address and has its own CSP allowing frames from the same origin.

use std::path::Path;

use serde::Serialize;

use super::jobs::{Written, write};
use super::{Error, Renderer, is_borough_wide};
use crate::sites::{Kind, Site};

#[derive(Serialize)]
struct EmbedPage<'a> {
    sites: Vec<EmbedSite<'a>>,
}

#[derive(Serialize)]
struct EmbedSite<'a> {
    id: &'a str,
    name: &'a str,
    href: String,
    /// The line to paste, as text.
    snippet: String,
}

#[derive(Serialize)]
struct ExamplePage<'a> {
    site: &'a str,
    /// The language's folder, when not the default.
    lang: Option<&'a str>,
    title: String,
}

/// Writes `embed/index.html` and `embed/example/index.html` in language `l` under `out`.
pub(super) fn write_pages(r: &Renderer, l: usize, out: &Path) -> Result<Written, Error> {
    let t = r.t(l);
    let lang = (l > 0).then_some(t.lang.as_str());
    let base = format!("{}/", r.dir.config.base_url.trim_end_matches('/'));
    let title = |site: &Site| t.fill("embed_frame_title", &[("site", &site.name)]);
    let mut sites: Vec<&Site> = r.dir.sites.iter().collect();
    sites.sort_by_key(|s| (!is_borough_wide(s), s.name.clone()));
    let page = EmbedPage {
        sites: sites
            .iter()
            .map(|s| EmbedSite {
                id: &s.id,
                name: &s.name,
                href: format!("../{}/", s.id),
                snippet: snippet(&base, &s.id, lang, &title(s)),
            })
            .collect(),
    };
    let mut layout = r.layout(l, t.get("embed_title").to_string(), 1, None, "embed/");
    layout.description = t.get("embed_lead").to_string();
    let html = r.theme.render("embed.html", &layout, &page)?;
    write(&out.join("embed").join("index.html"), &html)?;

    // The example embeds the first practice (or the first site of any kind).
    let Some(site) = r
        .dir
        .sites
        .iter()
        .find(|s| matches!(s.kind, Kind::Practice { .. }))
        .or(r.dir.sites.first())
    else {
        return Ok(Written { pages: 1, files: 1 });
    };
    let page = ExamplePage {
        site: &site.id,
        lang,
        title: title(site),
    };
    let mut layout = r.layout(
        l,
        t.get("example_title").to_string(),
        2,
        None,
        "embed/example/",
    );
    layout.description = t.get("example_tagline").to_string();
    let html = r.theme.render("embed_example.html", &layout, &page)?;
    write(&out.join("embed").join("example").join("index.html"), &html)?;
    Ok(Written { pages: 2, files: 2 })
}

/// `<script src="{base}assets/embed.js" data-site="…" data-title="…" async></script>`.
fn snippet(base: &str, site: &str, lang: Option<&str>, title: &str) -> String {
    let title = title
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let lang = lang
        .map(|l| format!(" data-lang=\"{l}\""))
        .unwrap_or_default();
    format!(
        r#"<script src="{base}assets/embed.js" data-site="{site}"{lang} data-title="{title}" async></script>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_escapes_the_title() {
        assert_eq!(
            snippet("https://x.org/", "h83001", Some("pl"), "Dr \"A\" & B"),
            r#"<script src="https://x.org/assets/embed.js" data-site="h83001" data-lang="pl" data-title="Dr &quot;A&quot; &amp; B" async></script>"#
        );
    }
}
