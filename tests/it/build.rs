//! `signpost build` through the command line, on a copy of `tests/fixtures/build`: two
//! practices and a borough-wide site, listings at known distances north of the first practice
//! (100 m, 500 m, 1 km, 3 km), an online service, and one listing with an error. The last test
//! builds the bundled Croydon directory.

use std::path::Path;
use std::process::Output;

use crate::common::{self, BuildFixture, need_section, repo, signpost, stderr};

fn assert_success(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
}

/// Every value of `attr="…"` in `html`, entities for `&` decoded.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

/// Every tag `<name …>` in `html`, as text.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    html.match_indices(&open)
        .filter(|(i, _)| {
            html[i + open.len()..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')
        })
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .collect()
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                out.push(
                    path.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn html_pages(dir: &Path) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect()
}

#[test]
fn a_practice_page_lists_nearby_groups_nearest_first_with_walking_times() {
    let f = BuildFixture::new();
    assert_success(&f.build(&[]));
    let html = f.read("y99001/index.html");
    let links: Vec<String> = attr_values(&html, "href")
        .into_iter()
        .filter(|h| h.starts_with("../listings/"))
        .collect();
    assert_eq!(
        links,
        [
            "../listings/close-coffee-morning/?from=y99001&walk=2",
            "../listings/middle-walking-group/?from=y99001&walk=8",
            "../listings/far-choir/?from=y99001&walk=16",
            // Available everywhere, after the nearby ones. The allotment, a 49-minute walk
            // away, is beyond the 20-minute radius: no page of the site shows it.
            "../listings/online-peer-support/?from=y99001",
        ]
    );
    assert!(html.contains("16 min walk"), "{html}");
    assert!(
        html.contains("Within a 20-minute walk, nearest first."),
        "{html}"
    );
    assert!(!html.contains("further than a 20-minute walk"), "{html}");
    assert!(need_section(&html, "nature-and-outdoors").is_none());
    // The other practice, 2.2 km south, has no group within its walk and says so plainly
    // above what is available everywhere.
    let south = f.read("y99002/index.html");
    assert!(
        south.contains("There is nothing within a 20-minute walk."),
        "{south}"
    );
    assert!(!south.contains("close-coffee-morning"), "{south}");
    assert!(south.contains("../listings/online-peer-support/?from=y99002"));
    // The borough-wide site shows every group, nearest to its address first.
    let borough = f.read("borough/index.html");
    let first = borough.find("close-coffee-morning").unwrap();
    assert!(borough.find("distant-allotment").unwrap() > first);
}

#[test]
fn need_sections_keep_the_walking_order_and_the_home_page_counts_them() {
    let f = BuildFixture::new();
    assert_success(&f.build(&[]));
    let home = f.read("y99001/index.html");
    assert!(
        home.contains(r##"<a href="#loneliness-and-isolation">Loneliness and isolation <span class="count">2"##),
        "{home}"
    );
    let need = need_section(&home, "loneliness-and-isolation").unwrap();
    assert!(
        need.contains(r#"<span class="count">2</span></h2>"#),
        "{need}"
    );
    let links = attr_values(need, "href");
    assert_eq!(
        links,
        ["#l-close-coffee-morning", "#l-middle-walking-group"],
        "each entry is its card on the page, nearest first"
    );
    assert!(need.contains(">Close Coffee Morning</a></li>"), "{need}");
    for id in ["close-coffee-morning", "middle-walking-group"] {
        assert!(
            home.contains(&format!(r#"<li class="card" id="l-{id}""#)),
            "{id}"
        );
    }
    assert!(
        need_section(&home, "bereavement").is_none(),
        "no section for a need without listings"
    );
    assert!(!f.out().join("y99001/needs").exists(), "no need pages");
    // The old need page addresses are sent to the sections, by one file for the host.
    let redirects = f.read("_redirects");
    assert!(
        redirects.contains("\n/:site/needs/:need.html /:site/#:need 301\n")
            && redirects.contains("\n/:lang/:site/needs/:need.html /:lang/:site/#:need 301\n"),
        "{redirects}"
    );
}

#[test]
fn with_redirect_pages_each_old_need_address_sends_the_browser_to_its_section() {
    let f = BuildFixture::new();
    f.append_config("\n[output]\nredirects = \"pages\"\n");
    assert_success(&f.build(&[]));
    assert!(!f.out().join("_redirects").exists());
    for (page, title) in [
        (
            "y99001/needs/loneliness-and-isolation.html",
            "Loneliness and isolation",
        ),
        ("ar/y99001/needs/loneliness-and-isolation.html", "<title>"),
    ] {
        let stub = f.read(page);
        assert!(
            stub.contains(
                r#"<meta http-equiv="refresh" content="0; url=../#loneliness-and-isolation">"#
            ) && stub.contains(r#"<a href="../#loneliness-and-isolation">"#)
                && stub.contains(title),
            "{page}: {stub}"
        );
    }
    // Only where the site has a section for the need.
    assert!(!f.out().join("y99001/needs/bereavement.html").exists());
}

/// A listing's page holds every language: pages in another language link to its part
/// (`#<code>`), and the addresses each language's page had (`<lang>/listings/<id>/`) lead there,
/// by the hosts' redirects file or, with `--redirects pages`, a small page at each.
#[test]
fn old_listing_addresses_in_other_languages_lead_to_their_part_of_the_one_page() {
    let f = BuildFixture::new();
    assert_success(&f.build(&[]));
    assert!(!f.out().join("ar/listings").exists());
    let home = f.read("ar/y99001/index.html");
    assert!(
        home.contains(r#"href="../../listings/close-coffee-morning/?from=y99001&amp;walk=2#ar""#),
        "{home}"
    );
    let page = f.read("listings/close-coffee-morning/index.html");
    for lang in ["so", "ar", "bn", "ur", "pl", "en"] {
        assert!(page.contains(&format!(
            r#"<div class="lang-page" id="{lang}" lang="{lang}""#
        )));
    }
    let redirects = f.read("_redirects");
    assert!(
        redirects.contains("\n/:lang/listings/:id/ /listings/:id/#:lang 301\n"),
        "{redirects}"
    );
    assert_success(&f.build(&["--redirects", "pages"]));
    let stub = f.read("ar/listings/close-coffee-morning/index.html");
    assert!(
        stub.contains(r#"<meta http-equiv="refresh" content="0; url=../../../listings/close-coffee-morning/#ar">"#)
            && stub.contains("<html lang=\"ar\">"),
        "{stub}"
    );
    assert!(
        f.out()
            .join(
                "ar/listings/close-coffee-morning/../../../listings/close-coffee-morning/index.html"
            )
            .is_file()
    );
}

/// `build --redirects` overrides `[output] redirects` for one build, either way; and the
/// bundled publishing workflow, which deploys to GitHub Pages (no redirects file there), asks
/// for pages, so every old need address keeps working where Croydon is published.
#[test]
fn build_redirects_overrides_the_config_and_the_github_pages_workflow_asks_for_pages() {
    let f = BuildFixture::new();
    assert_success(&f.build(&["--redirects", "pages"]));
    assert!(!f.out().join("_redirects").exists());
    assert!(
        f.read("y99001/needs/loneliness-and-isolation.html")
            .contains(r#"url=../#loneliness-and-isolation"#)
    );
    f.append_config("\n[output]\nredirects = \"pages\"\n");
    assert_success(&f.build(&["--redirects", "file"]));
    assert!(f.out().join("_redirects").exists());
    assert!(!f.out().join("y99001/needs").exists());

    let workflow = std::fs::read_to_string(repo().join(".github/workflows/pages.yml")).unwrap();
    assert!(workflow.contains("actions/deploy-pages@"), "{workflow}");
    assert!(
        workflow.contains("signpost build --out public --redirects pages"),
        "{workflow}"
    );
}

#[test]
fn listing_pages_are_written_once_and_shared_by_every_site() {
    let f = BuildFixture::new();
    assert_success(&f.build(&[]));
    let all = files(&f.out());
    // The default language's pages; each other language has the same under its code.
    let listing_pages: Vec<&String> = all
        .iter()
        .filter(|p| p.starts_with("listings/") && p.ends_with(".html"))
        .collect();
    assert_eq!(
        listing_pages,
        [
            "listings/close-coffee-morning/index.html",
            "listings/distant-allotment/index.html",
            "listings/far-choir/index.html",
            "listings/middle-walking-group/index.html",
            "listings/online-peer-support/index.html",
        ]
    );
    for site in ["y99001", "borough"] {
        let html = f.read(&format!("{site}/index.html"));
        assert!(
            html.contains("../listings/far-choir/?from="),
            "{site} does not link to the shared page"
        );
    }
    // A listing's page is the only page with its description, which it holds in each of
    // the 6 languages' parts.
    let languages = 6;
    let with_description: Vec<String> = html_pages(&f.out())
        .into_iter()
        .filter(|p| f.read(p).contains("Tea, coffee and a chat"))
        .collect();
    assert_eq!(
        with_description,
        ["listings/close-coffee-morning/index.html"]
    );
    let page = f.read(&with_description[0]);
    assert_eq!(page.matches("Tea, coffee and a chat").count(), languages);
    assert_eq!(page.matches("<div class=\"lang-page\"").count(), languages);
    // 3 sites × (home, with a section per need, + shortlist + poster), the top index,
    // everywhere (all, 1 need), the "Add your group" page, embed (the snippets and the
    // example), and the accessibility statement and the privacy notice, in each language;
    // and the 5 listings' pages, which hold every language.
    assert_eq!(
        html_pages(&f.out()).len(),
        languages * (3 * 3 + 1 + 2 + 1 + 2 + 2) + 5
    );
}

#[test]
fn a_listing_with_errors_is_left_out_and_the_rest_are_built() {
    let f = BuildFixture::new();
    let out = f.build(&[]);
    assert_success(&out);
    let err = stderr(&out);
    assert!(
        err.contains("error[E006]: unknown need `not-a-real-need`"),
        "{err}"
    );
    assert!(
        err.contains("--> listings/broken-listing.yaml:3:9"),
        "{err}"
    );
    assert!(err.contains("1 listing with errors left out"), "{err}");
    assert!(!f.out().join("listings/broken-listing").exists());
    assert!(
        f.out()
            .join("listings/close-coffee-morning/index.html")
            .exists()
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.starts_with("built 3 sites, 107 pages, 5 listings in "),
        "{summary}"
    );
}

#[test]
fn strict_fails_on_any_error_and_builds_nothing() {
    let f = BuildFixture::new();
    let out = f.build(&["--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("nothing was built (--strict)"));
    assert!(!f.out().exists());
    // Without the bad listing, --strict builds.
    std::fs::remove_file(f.root().join("listings/broken-listing.yaml")).unwrap();
    assert_success(&f.build(&["--strict"]));
    assert!(f.out().join("index.html").exists());
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let f = BuildFixture::new();
    assert_success(&f.build(&[]));
    let before = files(&f.out());
    let home = f.read("y99001/index.html");

    // A template that fails while rendering, after other pages have been written.
    let theme = f.root().join("themes/default");
    std::fs::create_dir_all(&theme).unwrap();
    let listing = include_str!("../../themes/default/listing.html")
        .replace("{{ page.summary }}", "{{ page.no_such_field }}");
    std::fs::write(theme.join("listing.html"), listing).unwrap();
    std::fs::remove_file(f.root().join("listings/far-choir.yaml")).unwrap();
    let out = f.build(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("was left as it was"), "{err}");
    // The error names the page it was writing and the template.
    assert!(
        err.contains("error: while writing the page of listings/")
            && err.contains("rendering listing.html"),
        "{err}"
    );
    assert_eq!(files(&f.out()), before);
    assert_eq!(f.read("y99001/index.html"), home);

    // A template that does not parse fails before anything is written.
    std::fs::write(theme.join("listing.html"), "{% if %}").unwrap();
    let out = f.build(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("listing.html"), "{err}");
    assert!(
        err.contains(&format!(
            "error: the theme in {} has an error:",
            theme.display()
        )),
        "{err}"
    );
    assert!(
        err.ends_with("help: fix the template, or delete it to use the built-in one\n"),
        "{err}"
    );
    assert_eq!(files(&f.out()), before);

    // No temporary folders are left next to the output.
    let siblings: Vec<_> = std::fs::read_dir(f.temp())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(siblings.is_empty(), "{siblings:?}");
}

#[test]
fn an_attribution_file_that_cannot_be_read_stops_the_build_saying_what_to_fix() {
    let f = BuildFixture::new();
    std::fs::remove_file(f.root().join("ATTRIBUTION.md")).unwrap();
    let out = f.build(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let missing = f.root().join("ATTRIBUTION.md");
    assert!(
        err.contains(&format!(
            "error: cannot read the attribution file {}: ",
            missing.display()
        )),
        "{err}"
    );
    assert!(
        err.ends_with("help: fix `attribution` in signpost.toml\n"),
        "{err}"
    );
    assert!(!f.out().exists(), "nothing is written");
}

#[test]
fn a_rebuild_replaces_the_previous_output() {
    let f = BuildFixture::new();
    assert_success(&f.build(&[]));
    std::fs::remove_file(f.root().join("listings/far-choir.yaml")).unwrap();
    assert_success(&f.build(&[]));
    assert!(!f.out().join("listings/far-choir").exists());
    assert!(!f.read("y99001/index.html").contains("far-choir"));
}

/// A rebuild links the files whose bytes did not change from the output it replaces (the same
/// file: its inode and time), makes the others anew, and leaves out what it no longer makes:
/// the output is the same as a build into an empty folder.
#[test]
fn a_rebuild_keeps_unchanged_files_and_deletes_what_it_no_longer_makes() {
    let f = BuildFixture::new();
    assert_success(&f.build(&[]));
    use std::os::unix::fs::MetadataExt;
    let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
    let style = inode(&f.out().join("assets/style.css"));
    let page = inode(&f.out().join("y99001/index.html"));
    std::fs::remove_file(f.root().join("listings/far-choir.yaml")).unwrap();
    let out = f.build(&[]);
    assert_success(&out);
    assert_eq!(inode(&f.out().join("assets/style.css")), style);
    assert_ne!(inode(&f.out().join("y99001/index.html")), page);
    assert!(!f.out().join("listings/far-choir").exists());
    let summary = String::from_utf8_lossy(&out.stdout);
    // Its page (which holds every language) and its open data.
    assert!(summary.contains(", removed 2"), "{summary}");
    // The output before is kept beside it until the next build (sharing the kept files).
    let spare = f.temp().join(".public.spare");
    assert!(spare.join("listings/far-choir/index.html").exists());
    assert_eq!(inode(&spare.join("assets/style.css")), style);

    let fresh = f.temp().join("fresh");
    let built = signpost(&f.root(), &["build", "--out", fresh.to_str().unwrap()]);
    assert_success(&built);
    let listed = files(&f.out());
    assert_eq!(listed, files(&fresh));
    for file in &listed {
        let (a, b) = (f.out().join(file), fresh.join(file));
        assert!(
            std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
            "{file} differs from a fresh build"
        );
    }
}

#[test]
fn a_folder_that_is_not_a_build_is_never_replaced() {
    let f = BuildFixture::new();
    std::fs::create_dir_all(f.out()).unwrap();
    std::fs::write(f.out().join("thesis.txt"), "precious").unwrap();
    let out = f.build(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("was not written by signpost build"));
    assert_eq!(f.read("thesis.txt"), "precious");
}

#[test]
fn a_theme_file_in_the_directory_overrides_the_builtin_one() {
    let f = BuildFixture::new();
    let theme = f.root().join("themes/default");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("style.css"), "body { color: rebeccapurple; }\n").unwrap();
    assert_success(&f.build(&[]));
    // Minified, like the built-in files.
    assert_eq!(f.read("assets/style.css"), "body{color:rebeccapurple;}");
    // The other files are still the built-in ones.
    assert_eq!(
        f.read("assets/signpost.js"),
        signpost::render::minify(
            "signpost.js",
            include_str!("../../themes/default/signpost.js")
        )
    );
}

#[test]
fn descriptions_are_sanitised_markdown() {
    let f = BuildFixture::new();
    assert_success(&f.build(&[]));
    let html = f.read("listings/close-coffee-morning/index.html");
    assert!(
        html.contains("<strong>Everyone welcome.</strong>"),
        "{html}"
    );
    assert!(!html.contains("owned"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(
        html.contains("<a rel=\"noopener noreferrer\">Click me</a>"),
        "{html}"
    );
    assert!(
        html.contains(
            r#"<a href="https://example.org/coffee" rel="noopener noreferrer">our page</a>"#
        ),
        "{html}"
    );
    // The only scripts are the theme's own (when.js in each language's part, with the words
    // and calendar it needs to say when the group next meets, as data-* attributes; then
    // once each, the page's scripts).
    let scripts = tags(&html, "script");
    assert_eq!(scripts.len(), 6 + 2, "{scripts:?}");
    assert!(
        scripts[0].starts_with(r#"<script src="../../assets/when.js" data-days=""#),
        "{}",
        scripts[0]
    );
    assert_eq!(
        scripts[6..],
        [
            r#"<script src="../../assets/signpost.js" defer>"#,
            r#"<script src="../../assets/shortlist.js" defer>"#
        ]
    );
}

#[test]
fn every_page_has_a_csp_and_loads_nothing_from_another_origin() {
    let f = BuildFixture::new();
    assert_success(&f.build(&[]));
    let pages = html_pages(&f.out());
    assert!(pages.len() > 20);
    for page in &pages {
        let html = f.read(page);
        assert!(
            html.contains(r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self';"#),
            "{page} has no CSP"
        );
        // Everything the browser loads by itself: scripts, styles, images, frames, media
        // (not the addresses of the page in other languages, `<link rel="alternate">`).
        let mut loaded: Vec<String> = attr_values(&html, "src");
        for link in tags(&html, "link") {
            if !link.contains(r#"rel="alternate""#) {
                loaded.extend(attr_values(link, "href"));
            }
        }
        for url in loaded {
            assert!(
                !url.contains("://") && !url.starts_with("//"),
                "{page} loads {url}"
            );
        }
        assert!(!html.contains(" style=\""), "{page} has an inline style");
        assert!(!html.contains("<style"), "{page} has a style element");
    }
    let css = f.read("assets/style.css");
    assert!(
        !css.contains("url(") && !css.contains("@import"),
        "the CSS loads something"
    );
    for script in [
        "signpost.js",
        "search.js",
        "site.js",
        "shortlist.js",
        "add.js",
        "embed.js",
    ] {
        let js = f.read(&format!("assets/{script}"));
        assert!(!js.contains("http"), "{script} talks to another origin");
    }
}

#[test]
fn listing_pages_show_status_staleness_example_map_and_attribution() {
    let f = BuildFixture::new();
    assert_success(&f.build(&[]));
    let paused = f.read("listings/distant-allotment/index.html");
    assert!(paused.contains("<strong>Paused.</strong> No sessions until the spring."));
    assert!(paused.contains("This listing may be out of date."));
    assert!(paused.contains("last checked on 1 March 2026"));
    let choir = f.read("listings/far-choir/index.html");
    assert!(choir.contains("Example listing."));
    assert!(!choir.contains("may be out of date"));
    assert!(choir.contains(
        r#"href="https://www.openstreetmap.org/?mlat=51.40899&amp;mlon=-0.10000#map=17/51.40899/-0.10000""#
    ));
    assert!(choir.contains("<li>Hearing loop</li>"));
    let coffee = f.read("listings/close-coffee-morning/index.html");
    assert!(coffee.contains("Every Wednesday, 10:00 to 12:00"));
    assert!(coffee.contains(r#"<a href="mailto:coffee@example.org""#));
    for page in html_pages(&f.out()) {
        assert!(
            f.read(&page)
                .contains("Contains fixture data licensed under the <strong>Open Government Licence v3.0</strong>."),
            "{page} has no attribution"
        );
    }
    // The walking-time script finds practice names here.
    let sites: serde_json::Value = serde_json::from_str(&f.read("sites.json")).unwrap();
    assert_eq!(sites["y99001"], "Fixture Medical Practice");
}

#[test]
fn the_croydon_directory_builds_a_site_per_active_practice() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let temp = tempfile::tempdir().unwrap();
    let out_dir = temp.path().join("public");
    let out = signpost(root, &["build", "--out", out_dir.to_str().unwrap()]);
    assert_success(&out);
    let sites: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("sites.json")).unwrap())
            .unwrap();
    let practices: Vec<&String> = sites.keys().filter(|id| *id != "croydon").collect();
    assert_eq!(practices.len(), 46);
    for id in practices
        .iter()
        .copied()
        .chain(["croydon".to_string()].iter())
    {
        assert!(out_dir.join(id).join("index.html").is_file(), "{id}");
    }
    let norbury = std::fs::read_to_string(out_dir.join("h83009/index.html")).unwrap();
    assert!(norbury.contains("<h1>Norbury Medical Practice</h1>"));

    // The borough-wide site carries the gaps report, one map shape per ward.
    let insight = std::fs::read_to_string(out_dir.join("croydon/insight/index.html")).unwrap();
    assert!(
        insight.contains("Norbury &amp; Pollards Hill"),
        "ward names in the report"
    );
    let shapes = insight.matches("<path id=\"ward-shape-").count();
    assert!(shapes >= 28, "{shapes} ward shapes");
    assert_eq!(
        insight.matches("<use href=\"#ward-shape-").count(),
        2 * shapes
    );
    assert!(out_dir.join("croydon/insight/bereavement.html").is_file());

    // The open data is published beside the pages: one HSDS service per published listing.
    let page: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("api/services.json")).unwrap())
            .unwrap();
    let total = page["total_items"].as_u64().unwrap();
    assert!(total >= 95, "{total} services");
    let services = std::fs::read_dir(out_dir.join("api/services"))
        .unwrap()
        .count() as u64;
    assert_eq!(services, total);
    assert!(out_dir.join("api/taxonomy_terms.json").is_file());
    // With the licence set in signpost.toml, and the data's attribution.
    let licence = std::fs::read_to_string(out_dir.join("api/LICENCE.md")).unwrap();
    assert!(
        licence.contains("Open Government Licence v3.0"),
        "{licence}"
    );
    let attribution = std::fs::read_to_string(out_dir.join("api/ATTRIBUTION.md")).unwrap();
    assert!(attribution.contains("Contains OS data"), "{attribution}");
}

#[test]
fn pages_stay_within_their_weight_budgets() {
    let f = BuildFixture::new();
    // 150 more groups within a walk of the first practice, with long names and summaries.
    for i in 0..150 {
        let postcode = ["CR9 1AB", "CR9 1AD", "CR9 1AE"][i % 3];
        std::fs::write(
            f.root().join(format!("listings/weight-group-{i:03}.yaml")),
            format!(
                "name: Community Wellbeing Group Number {i:03}\n\
                 summary: {}\n\
                 needs: [loneliness-and-isolation, mental-wellbeing]\n\
                 cost:\n  free: true\n\
                 venues:\n  - name: Community Centre Main Hall {i:03}\n    postcode: {postcode}\n    access: [step-free]\n\
                 contact:\n  phone: 020 7946 0{i:03}\n\
                 maintainers: [fixture]\n\
                 reviewed: 2026-10-01\n",
                "A friendly weekly group with tea, a chat and activities for anyone who would like to meet people and feel more connected. ".repeat(2)[..150].trim_end()
            ),
        )
        .unwrap();
    }
    assert_success(&f.build(&[]));
    let home = std::fs::metadata(f.out().join("y99001/index.html"))
        .unwrap()
        .len();
    eprintln!("a practice home page with 150 nearby listings is {home} bytes");
    // 120 KB (100 KB before): the page now holds the need sections that took the place of
    // the need pages, here 2 needs of 150-odd entries (about 85 bytes each, a link to the
    // entry's card), which a resident without JavaScript downloads once instead of per need.
    assert!(
        home <= 120_000,
        "a practice home page with 150 nearby listings is {home} bytes"
    );
    let size = |file: &Path| std::fs::metadata(file).unwrap().len();
    let mut heaviest = (0, String::new());
    for page in html_pages(&f.out()) {
        if page.contains("listings/") {
            // Every language's part of it, each within the budget of a page.
            let html = f.read(&page);
            let parts = html.matches("<div class=\"lang-page\"").count().max(1) as u64;
            let bytes = size(&f.out().join(&page));
            assert!(bytes <= 20_000 * parts, "{page} is {bytes} bytes");
        }
        // The CSS and JavaScript the page loads, as served.
        let html = f.read(&page);
        let mut loaded: Vec<String> = attr_values(&html, "src");
        for link in tags(&html, "link") {
            if link.contains("rel=\"stylesheet\"") {
                loaded.extend(attr_values(link, "href"));
            }
        }
        let folder = Path::new(&page).parent().unwrap();
        let bytes: u64 = loaded
            .iter()
            .map(|href| size(&f.out().join(folder).join(href)))
            .sum();
        if bytes > heaviest.0 {
            heaviest = (bytes, page);
        }
    }
    // Every page's CSS and JavaScript together, the heaviest page's included (a site home
    // page: the style sheet, search.js, site.js and shortlist.js).
    let (bytes, page) = heaviest;
    eprintln!("{page} loads {bytes} bytes of CSS and JavaScript");
    assert!(
        bytes <= 30_000,
        "{page} loads {bytes} bytes of CSS and JavaScript"
    );
}

#[test]
fn site_pages_show_a_few_services_available_everywhere_and_link_to_the_rest() {
    let f = BuildFixture::new();
    for i in 0..12 {
        std::fs::write(
            f.root().join(format!("listings/online-class-{i:02}.yaml")),
            format!(
                "name: Online Class {i:02}\nsummary: An online class.\nneeds: [mental-wellbeing]\n\
                 online: true\ncontact:\n  website: https://example.org/{i}\n\
                 maintainers: [fixture]\nreviewed: 2026-10-01\n"
            ),
        )
        .unwrap();
    }
    assert_success(&f.build(&[]));
    let home = f.read("y99001/index.html");
    let section = need_section(&home, "mental-wellbeing").unwrap();
    // On the page, cards link to the listings; in the need's section, entries to the cards.
    for (page, html, link, all) in [
        (
            "y99001/index.html",
            home.as_str(),
            "listings/online-",
            "../everywhere/",
        ),
        (
            "y99001/#mental-wellbeing",
            section,
            "#l-online-",
            "../everywhere/mental-wellbeing.html",
        ),
    ] {
        let online = attr_values(html, "href")
            .iter()
            .filter(|h| h.starts_with(link) || h.starts_with(&format!("../{link}")))
            .count();
        assert_eq!(online, 10, "{page}");
        assert!(
            html.contains(&format!(
                r#"<a href="{all}">See all 13 services available wherever you live</a>"#
            )),
            "{page}"
        );
    }
    // The shared pages list them all, once for every site.
    let everywhere = f.read("everywhere/mental-wellbeing.html");
    let links = attr_values(&everywhere, "href")
        .into_iter()
        .filter(|h| h.starts_with("../listings/"))
        .count();
    assert_eq!(links, 13);
}

#[test]
fn the_output_goes_to_public_in_the_directory_by_default() {
    let f = BuildFixture::new();
    let out = signpost(&f.root(), &["build"]);
    assert_success(&out);
    assert!(f.root().join("public/y99001/index.html").is_file());
    assert!(f.root().join("public/.signpost-build").is_file());
    // Building again replaces it.
    assert_success(&signpost(&f.root(), &["build"]));
}

#[test]
fn a_need_with_nothing_within_the_walk_has_no_page_and_no_link_on_a_practice_site() {
    let f = BuildFixture::new();
    // A bereavement café 10 km north of the first practice.
    let postcodes = f.root().join("postcodes.csv");
    let mut text = std::fs::read_to_string(&postcodes).unwrap();
    text.push_str("CR9 1AG,Yes,51.489932,-0.100000\n");
    std::fs::write(&postcodes, text).unwrap();
    std::fs::write(
        f.root().join("listings/far-bereavement-cafe.yaml"),
        "name: Far Bereavement Café\nsummary: A café for people who have lost someone.\n\
         needs: [bereavement]\nvenues:\n  - name: Far Hall\n    postcode: CR9 1AG\n    access: []\n\
         contact:\n  phone: 020 7946 0110\nmaintainers: [fixture]\nreviewed: 2026-10-01\n",
    )
    .unwrap();
    assert_success(&f.build(&[]));
    // Not topped up with the café 10 km away: no section, no link, no "0".
    let home = f.read("y99001/index.html");
    assert!(need_section(&home, "bereavement").is_none());
    assert!(!home.contains("#bereavement"), "{home}");
    assert!(!home.contains("far-bereavement-cafe"), "{home}");
    assert!(!home.contains(r#"<span class="count">0<"#), "{home}");
    let index = f.read("y99001/search/index.json");
    assert!(!index.contains("far-bereavement-cafe"), "{index}");
    // The borough-wide site shows every group.
    let borough = f.read("borough/index.html");
    let section = need_section(&borough, "bereavement").unwrap();
    assert!(
        section.contains(r##"<a href="#l-far-bereavement-cafe">"##),
        "{section}"
    );
    assert!(
        borough.contains(r#"<a href="../listings/far-bereavement-cafe/?from=borough">"#),
        "{borough}"
    );
}

#[test]
fn folders_left_by_a_killed_build_are_cleaned_up() {
    let f = BuildFixture::new();
    assert_success(&f.build(&[]));
    // No process has this id (Linux allows at most 2^22).
    let abandoned = f.temp().join(".public.new-99999999");
    std::fs::create_dir_all(abandoned.join("listings/x")).unwrap();
    std::fs::write(abandoned.join("listings/x/index.html"), "half").unwrap();
    let unrelated = f.temp().join(".public.notes");
    std::fs::create_dir_all(&unrelated).unwrap();
    assert_success(&f.build(&[]));
    if Path::new("/proc/self").exists() {
        assert!(!abandoned.exists());
    }
    assert!(unrelated.exists());
}

/// On a terminal the build draws a progress bar (indicatif) on standard error; anywhere else
/// (CI, a pipe) it prints one summary line and no bar. The terminal is a real pseudo-terminal
/// made by util-linux `script`, which copies what the program wrote to it.
#[test]
fn a_terminal_gets_a_progress_bar_and_anything_else_one_summary_line() {
    let f = BuildFixture::new();
    let summary = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.trim_end_matches('\r').to_string())
            .filter(|l| l.starts_with("built "))
            .collect()
    };
    let piped = f.build(&[]);
    assert_success(&piped);
    let stdout = String::from_utf8_lossy(&piped.stdout);
    let lines = summary(&stdout);
    assert_eq!(lines.len(), 1, "{stdout}");
    let words: Vec<&str> = lines[0].split(' ').collect();
    // "built 3 sites, 1234 pages, 9 listings in 0.12s into …"
    assert_eq!(
        (words[2], words[4], words[6], words[7]),
        ("sites,", "pages,", "listings", "in"),
        "{}",
        lines[0]
    );
    assert!(words[8].ends_with('s') && words[8].trim_end_matches('s').parse::<f64>().is_ok());
    assert!(!stdout.contains("building"), "no bar when piped: {stdout}");
    assert!(!stderr(&piped).contains("building"), "{}", stderr(&piped));

    let command = format!(
        "'{}' --root '{}' build --out '{}'",
        env!("CARGO_BIN_EXE_signpost"),
        f.root().display(),
        f.out().display()
    );
    let terminal = std::process::Command::new("script")
        .args(["--quiet", "--return", "--command", &command, "/dev/null"])
        .env("SIGNPOST_TODAY", common::TODAY)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run util-linux `script` (Debian: bsdutils)");
    assert_success(&terminal);
    let seen = String::from_utf8_lossy(&terminal.stdout);
    // The bar: "building", a bar of block characters, and "done/total" jobs.
    let bar = seen
        .split(['\r', '\n'])
        .find(|l| l.contains("building"))
        .unwrap_or_else(|| panic!("no progress bar on the terminal:\n{seen}"));
    assert!(bar.contains('░') || bar.contains('█'), "{bar:?}");
    assert!(
        bar.split(' ')
            .any(|w| w.split_once('/').is_some_and(|(a, b)| {
                a.parse::<u64>().is_ok() && b.parse::<u64>().is_ok_and(|n| n > 0)
            })),
        "{bar:?}"
    );
    // Once finished, the bar is cleared (ESC [2K) and the summary line follows.
    assert_eq!(summary(&seen.replace("\x1b[2K", "\n")).len(), 1, "{seen}");
}

/// The shared pages of services available everywhere show `render::EVERYWHERE_PAGE` cards a
/// page, with links to the pages before and after, in every language.
#[test]
fn long_lists_of_services_available_everywhere_are_split_into_pages() {
    let f = BuildFixture::new();
    let per_page = signpost::render::EVERYWHERE_PAGE;
    // With the fixture's own online service, one more than a page and twenty.
    f.add_online_services(per_page + 20);
    assert_success(&f.build(&[]));
    let cards = |html: &str| html.matches("<li class=\"card").count();
    for prefix in ["", "ar/"] {
        let first = f.read(&format!("{prefix}everywhere/index.html"));
        assert_eq!(cards(&first), per_page, "{prefix}");
        assert!(
            first.contains(r#"<a href="index_2.html" rel="next">"#),
            "{prefix}"
        );
        assert!(!first.contains(r#"rel="prev""#));
        assert!(
            first.contains(r#"<ul class="needs">"#),
            "the needs are on the first page"
        );
        let second = f.read(&format!("{prefix}everywhere/index_2.html"));
        assert_eq!(cards(&second), 21, "{prefix}");
        assert!(second.contains(r#"<a href="./" rel="prev">"#), "{prefix}");
        assert!(!second.contains(r#"rel="next""#));
        assert!(!second.contains(r#"<ul class="needs">"#));
        // Every card links to its listing page, which exists.
        for page in [&first, &second] {
            for href in attr_values(page, "href") {
                if let Some(id) = href.strip_prefix("../listings/") {
                    let id = id.trim_end_matches('/');
                    assert!(
                        f.out().join(format!("listings/{id}/index.html")).is_file(),
                        "{href}"
                    );
                }
            }
        }
    }
    assert!(
        f.read("everywhere/index_2.html")
            .contains("<p>Page 2 of 2</p>")
    );
    assert!(
        f.read("ar/everywhere/index_2.html")
            .contains("<p>الصفحة 2 من 2</p>")
    );
    // The courses' own need: 120 of them, so two pages as well.
    let need = f.read("everywhere/adult-learning.html");
    assert_eq!(cards(&need), per_page);
    assert!(need.contains(r#"<a href="adult-learning_2.html" rel="next">"#));
    assert_eq!(cards(&f.read("everywhere/adult-learning_2.html")), 20);
    // A short list is one page with no page links.
    let short = f.read("everywhere/mental-wellbeing.html");
    assert!(!short.contains("class=\"pager\""));
}
