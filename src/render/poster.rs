//! A site's waiting-room poster (`<site>/poster/index.html`): one A4 page with the practice's
//! name, a short message, the needs its site shows most groups and services for, and a QR code
//! to its site.
//!
//! The QR code is drawn at build time as inline SVG ([`qr_svg`]): one path of dark modules
//! with the standard four-module quiet zone, error correction level M (15% of the code can be
//! damaged or covered). It encodes `base_url` from signpost.toml followed by the site's path in
//! the page's language, so a phone opens the practice's site.
//!
//! Making a code means trying its eight mask patterns and keeping the one the standard
//! scores best, which was a tenth of a Croydon build (282 posters: 47 sites in six
//! languages). The drawn modules are kept in the cache folder (`<cache>/qr/`, one small file
//! per address), so a build only makes the codes of addresses it has not seen before.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::Error;
use super::jobs::{Written, write};
use super::site::SitePages;

/// How many needs a poster shows.
pub const POSTER_NEEDS: usize = 6;

/// Quiet zone around a QR code, in modules (ISO/IEC 18004 asks for 4).
const QUIET: usize = 4;

#[derive(Serialize)]
struct PosterPage<'a> {
    site: &'a str,
    needs: Vec<NeedCount<'a>>,
    /// The address the QR code encodes, shown below it.
    url: String,
    /// The QR code, an `<svg>` element.
    qr: String,
}

#[derive(Serialize)]
struct NeedCount<'a> {
    label: &'a str,
    count: usize,
}

/// Writes `<site>/poster/index.html` of the site's `pages`, with the needs its need sections
/// show.
pub(super) fn write_site(pages: &SitePages) -> Result<Written, Error> {
    let (r, site, l, t) = (pages.r, pages.site, pages.l, pages.t);
    // The needs the site shows most for, counted as their pages and links count them
    // ([`crate::select::Selection::count`]); ties in vocabulary order.
    let mut needs: Vec<NeedCount> = pages
        .by_need
        .iter()
        .map(|(term, sel)| NeedCount {
            label: super::words::term_label(t, "need", &term.id, &term.label),
            count: sel.count(),
        })
        .collect();
    needs.sort_by_key(|n| std::cmp::Reverse(n.count));
    needs.truncate(POSTER_NEEDS);
    let url = site_url(
        &r.dir.config.base_url,
        (l > 0).then_some(t.lang.as_str()),
        &site.id,
    );
    let cache = r.dir.root.join(&r.dir.config.cache).join("qr");
    let qr = qr_svg_cached(&url, &t.fill("poster_qr", &[("url", &url)]), &cache)?;
    let page = PosterPage {
        site: &site.name,
        needs,
        url,
        qr,
    };
    let mut layout = r.layout(
        l,
        t.fill("poster_title", &[("site", &site.name)]),
        2,
        Some(site),
        &format!("{}/poster/", site.id),
    );
    layout.description = t.fill("poster_lead", &[("site", &site.name)]);
    let html = r.theme.render("poster.html", &layout, &page)?;
    write(&pages.folder.join("poster").join("index.html"), &html)?;
    Ok(Written { pages: 1, files: 1 })
}

/// The published address of a site: `base_url`, the language's folder (none for the
/// default language), the site id.
pub fn site_url(base_url: &str, lang: Option<&str>, site: &str) -> String {
    let mut url = format!("{}/", base_url.trim_end_matches('/'));
    if let Some(lang) = lang {
        url.push_str(lang);
        url.push('/');
    }
    url.push_str(site);
    url.push('/');
    url
}

/// `text` as a QR code: an inline `<svg class="qr">` with `label` as its accessible name,
/// black modules on a white square, scaled by CSS.
pub fn qr_svg(text: &str, label: &str) -> Result<String, Error> {
    Ok(svg(&qr_path(text)?, label))
}

/// As [`qr_svg`], with the drawing kept in the folder `cache`: read from there when an
/// earlier build made it, written there when not (a cache that cannot be written or read
/// only costs the time of making the code again).
pub fn qr_svg_cached(text: &str, label: &str, cache: &Path) -> Result<String, Error> {
    let file = cache.join(format!("{:016x}.txt", crate::hash::fnv1a(text.as_bytes())));
    // The file holds the address, then the drawing: a hash collision is a miss.
    let cached = std::fs::read_to_string(&file).ok().and_then(|s| {
        let (address, rest) = s.split_once('\n')?;
        let (size, d) = rest.split_once('\n')?;
        (address == text).then_some(Drawing {
            size: size.parse().ok()?,
            d: d.to_string(),
        })
    });
    let path = match cached {
        Some(path) => path,
        None => {
            let path = qr_path(text)?;
            if std::fs::create_dir_all(cache).is_ok() {
                // Written aside and renamed, so a parallel build never reads half a file.
                let tmp = file.with_extension(format!("{}.tmp", std::process::id()));
                let body = format!("{text}\n{}\n{}", path.size, path.d);
                if std::fs::write(&tmp, body).is_ok() {
                    let _ = std::fs::rename(&tmp, &file);
                }
            }
            path
        }
    };
    Ok(svg(&path, label))
}

/// A QR code's drawing: the side of the square in modules (quiet zone included) and an SVG
/// path of its dark modules.
struct Drawing {
    size: usize,
    d: String,
}

fn qr_path(text: &str) -> Result<Drawing, Error> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|source| Error::Qr {
            text: text.to_string(),
            source,
        })?;
    let width = code.width();
    let dark: Vec<bool> = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    // One rectangle per horizontal run of dark modules.
    let mut d = String::new();
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            let run = x - start;
            let _ = write!(d, "M{} {}h{run}v1h-{run}z", start + QUIET, y + QUIET);
        }
    }
    Ok(Drawing {
        size: width + 2 * QUIET,
        d,
    })
}

fn svg(path: &Drawing, label: &str) -> String {
    let label = crate::html::escape(label);
    let (size, d) = (path.size, &path.d);
    format!(
        r##"<svg class="qr" viewBox="0 0 {size} {size}" role="img" aria-label="{label}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path d="{d}" fill="#000"/></svg>"##
    )
}

/// The dark modules of a QR code drawn by [`qr_svg`], as rows of the whole square (quiet zone
/// included): for tests that decode it.
pub fn qr_modules(svg: &str) -> Option<Vec<Vec<bool>>> {
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)?
        .split(' ')
        .next()?
        .parse()
        .ok()?;
    let d = svg.split(" d=\"").nth(1)?.split('"').next()?;
    let mut grid = vec![vec![false; size]; size];
    for rect in d.split('z').filter(|r| !r.is_empty()) {
        let rest = rect.strip_prefix('M')?;
        let (xy, rest) = rest.split_once('h')?;
        let (x, y) = xy.split_once(' ')?;
        let (x, y): (usize, usize) = (x.parse().ok()?, y.parse().ok()?);
        let run: usize = rest.split_once('v')?.0.parse().ok()?;
        for cell in grid.get_mut(y)?.get_mut(x..x + run)? {
            *cell = true;
        }
    }
    Some(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_holds_the_modules_of_the_code() {
        let url = "https://signpost.example.org/h83001/";
        let svg = qr_svg(url, "QR code linking to \"x\" & y").unwrap();
        assert!(svg.contains(r#"aria-label="QR code linking to &quot;x&quot; &amp; y""#));
        let grid = qr_modules(&svg).unwrap();
        let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M).unwrap();
        let w = code.width();
        assert_eq!(grid.len(), w + 2 * QUIET);
        let colors = code.to_colors();
        for y in 0..w {
            for x in 0..w {
                assert_eq!(
                    grid[y + QUIET][x + QUIET],
                    colors[y * w + x] == qrcode::Color::Dark,
                    "module {x},{y}"
                );
            }
        }
        // The quiet zone is light.
        assert!(grid[0].iter().all(|d| !d) && grid.iter().all(|row| !row[0]));
    }

    #[test]
    fn a_cached_code_is_read_back_and_a_bad_cache_file_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("qr");
        let url = "https://signpost.example.org/so/h83001/";
        let fresh = qr_svg(url, "QR").unwrap();
        assert_eq!(qr_svg_cached(url, "QR", &cache).unwrap(), fresh);
        let files: Vec<_> = std::fs::read_dir(&cache).unwrap().flatten().collect();
        assert_eq!(files.len(), 1, "one file per address, no temporary left");
        // The next build reads the file: what it holds is what is drawn.
        let file = files[0].path();
        let held = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, held.replace("v1h", "v1 h")).unwrap();
        assert!(qr_svg_cached(url, "QR", &cache).unwrap().contains("v1 h"));
        // A file for another address (a hash collision) or a broken one is a miss.
        for bad in [held.replacen("h83001", "h83002", 1), "garbage".to_string()] {
            std::fs::write(&file, bad).unwrap();
            assert_eq!(qr_svg_cached(url, "QR", &cache).unwrap(), fresh);
            assert_eq!(std::fs::read_to_string(&file).unwrap(), held);
        }
        // A cache that cannot be written still gives the code.
        let blocked = dir.path().join("file");
        std::fs::write(&blocked, "").unwrap();
        assert_eq!(
            qr_svg_cached(url, "QR", &blocked.join("qr")).unwrap(),
            fresh
        );
    }

    #[test]
    fn site_addresses_join_the_base_the_language_and_the_site() {
        assert_eq!(
            site_url("https://x.org/croydon", None, "h83001"),
            "https://x.org/croydon/h83001/"
        );
        assert_eq!(
            site_url("https://x.org/", Some("pl"), "h83001"),
            "https://x.org/pl/h83001/"
        );
    }
}
