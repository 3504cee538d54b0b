//! The directory's notices, linked from every page's footer: the accessibility statement
//! (`accessibility/`, as the Public Sector Bodies Accessibility Regulations 2018 ask of a
//! council's website) and the privacy notice (`privacy/`), both made from signpost.toml: who
//! publishes the directory and how to reach them (`[publisher]`, else `[support]`), the
//! repository where problems can be reported, where the "Add your group" form's email goes.
//!
//! The templates (`accessibility.html`, `privacy.html`) hold the statements' text, in
//! English, which a council edits by copying them into its own theme; each language's page
//! has its own title and summary, and says that the rest is in English.

use std::path::Path;

use serde::Serialize;

use super::jobs::{Written, write};
use super::{Error, Renderer};
use crate::config::Support;

/// Who the notices name as the publisher, and how to reach them.
#[derive(Serialize)]
struct Contact<'a> {
    name: &'a str,
    email: Option<&'a str>,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct NoticePage<'a> {
    /// The publisher (`[publisher]`, else the `[support]` organisation), when known.
    publisher: Option<Contact<'a>>,
    /// The organisation that receives listings by email, from the "Add your group" form.
    support: Option<&'a Support>,
    /// The repository's issues, to report a problem in public.
    issues: Option<String>,
    base_url: &'a str,
    /// When the statement was last reviewed (`[publisher] reviewed`), in words.
    reviewed: Option<String>,
    /// The build's date, in words.
    today: String,
    /// How many languages the sites are built in.
    languages: usize,
}

/// Writes `accessibility/index.html` and `privacy/index.html` in language `l` under `out`.
pub(super) fn write_pages(r: &Renderer, l: usize, out: &Path) -> Result<Written, Error> {
    let t = r.t(l);
    let config = &r.dir.config;
    let publisher = match (&config.publisher, &config.support) {
        (Some(p), _) => Some(Contact {
            name: &p.name,
            email: p.email.as_deref(),
            url: p.url.as_deref(),
        }),
        (None, Some(s)) => Some(Contact {
            name: &s.name,
            email: s.email.as_deref(),
            url: Some(&s.url),
        }),
        (None, None) => None,
    };
    let page = NoticePage {
        publisher,
        support: config.support.as_ref(),
        issues: config
            .repository
            .as_deref()
            .map(|repo| format!("{}/issues", repo.trim_end_matches('/'))),
        base_url: &config.base_url,
        reviewed: config
            .publisher
            .as_ref()
            .and_then(|p| p.reviewed.as_deref())
            .and_then(|d| d.parse().ok())
            .map(|d| t.long_date(d)),
        today: t.long_date(r.dir.today),
        languages: r.langs.len(),
    };
    for (folder, title, summary) in [
        (
            "accessibility",
            "accessibility_title",
            "accessibility_summary",
        ),
        ("privacy", "privacy_title", "privacy_summary"),
    ] {
        let mut layout = r.layout(l, t.get(title).to_string(), 1, None, &format!("{folder}/"));
        layout.description = t.fill(summary, &[("directory", &config.title)]);
        let html = r.theme.render(&format!("{folder}.html"), &layout, &page)?;
        write(&out.join(folder).join("index.html"), &html)?;
    }
    Ok(Written { pages: 2, files: 2 })
}
