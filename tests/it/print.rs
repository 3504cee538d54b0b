//! What practices print and embed (issue #3), through `signpost build` on a copy of
//! `tests/fixtures/build` (two practices and a borough-wide site): a poster per site whose QR
//! code decodes to the site's address, the embed page with a snippet per site, the shortlist
//! page and its per-site JSON, and re-branding from `[theme]` in signpost.toml. The browser
//! side (ticking, printing on one page, the frame growing) is tests/browser/print.test.mjs.

use crate::common::{BuildFixture, shortlist_facts, stderr};

const SITES: [&str; 3] = ["y99001", "y99002", "borough"];

/// Decodes the first QR code drawn in `html`, 4 pixels a module.
fn decode_qr(html: &str) -> String {
    let start = html.find("<svg class=\"qr\"").expect("a QR code");
    let svg = &html[start..start + html[start..].find("</svg>").unwrap()];
    let grid = signpost::render::qr_modules(svg).expect("a QR code drawn by signpost");
    let px = grid.len() * 4;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
        if grid[y / 4][x / 4] { 0 } else { 255 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("a readable QR code").1
}

#[test]
fn every_site_has_an_a4_poster_whose_qr_code_opens_the_site() {
    let f = BuildFixture::new();
    f.built();
    for site in SITES {
        let html = f.read(&format!("{site}/poster/index.html"));
        let url = format!("https://fixtures.example.org/{site}/");
        assert_eq!(decode_qr(&html), url, "{site}");
        assert!(html.contains(&format!(
            "<strong class=\"poster__url\" dir=\"ltr\">{url}</strong>"
        )));
        assert!(html.contains(&format!("aria-label=\"QR code linking to {url}\"")));
    }
    // The needs the site shows most for, most first, counted as the site's pages count them.
    let poster = f.read("y99001/poster/index.html");
    assert!(
        poster.contains("<h1 class=\"poster__heading\">"),
        "{poster}"
    );
    let lonely = poster.find("Loneliness and isolation <span class=\"poster__count\">2</span>");
    let arts = poster.find("Arts and creativity <span class=\"poster__count\">1</span>");
    assert!(
        lonely.is_some() && arts.is_some() && lonely < arts,
        "{poster}"
    );
    // Beyond the walking radius does not count.
    assert!(!poster.contains("Nature and outdoors"), "{poster}");
    assert!(squeezed(&f.read("assets/style.css")).contains("@page{size:A4;"));
}

/// QR codes are kept in the cache folder, one file per address a poster encodes; the next
/// build reads them instead of making them again, and draws the same posters.
#[test]
fn poster_qr_codes_are_cached_between_builds() {
    let f = BuildFixture::new();
    f.built();
    let cache = f.root().join(".signpost-cache/qr");
    let files = |dir: &std::path::Path| -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| (e.path(), e.metadata().unwrap().modified().unwrap()))
            .collect();
        v.sort();
        v
    };
    let first = files(&cache);
    let posters: Vec<String> = walkdir::WalkDir::new(f.out())
        .into_iter()
        .flatten()
        .filter(|e| e.path().ends_with("poster/index.html"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert!(posters.len() >= SITES.len());
    assert_eq!(
        first.len(),
        posters.len(),
        "one cached code per poster address"
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    f.built();
    assert_eq!(files(&cache), first, "read, not written again");
    for site in SITES {
        let url = format!("https://fixtures.example.org/{site}/");
        assert_eq!(
            decode_qr(&f.read(&format!("{site}/poster/index.html"))),
            url
        );
    }
}

#[test]
fn the_embed_page_gives_every_site_a_one_line_snippet() {
    let f = BuildFixture::new();
    f.built();
    let html = f.read("embed/index.html");
    let sites: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&f.read("sites.json")).unwrap();
    assert_eq!(sites.len(), 3);
    for (id, name) in &sites {
        let snippet = format!(
            "&lt;script src=&quot;https://fixtures.example.org/assets/embed.js&quot; data-site=&quot;{id}&quot; data-title=&quot;{}: local groups and services&quot; async&gt;&lt;/script&gt;",
            name.as_str().unwrap()
        );
        assert!(html.contains(&snippet), "{id}:\n{html}");
        assert!(
            html.contains(&format!("<a href=\"../{id}/poster/\">")),
            "{id}"
        );
    }
    assert!(f.read("index.html").contains("<a href=\"embed/\">"));
    // The example practice website embeds the first practice, by a relative address.
    let example = f.read("embed/example/index.html");
    assert!(
        example.contains(r#"<script src="../../assets/embed.js" data-site="y99001" data-title="Fixture Medical Practice: local groups and services" async></script>"#),
        "{example}"
    );
    assert!(example.contains("frame-src 'self'"), "{example}");
    let js = squeezed(&f.read("assets/embed.js"));
    assert!(
        js.contains("e.origin===src.origin"),
        "embed.js checks where messages come from"
    );
}

#[test]
fn each_site_has_a_small_shortlist_page_and_the_facts_of_its_own_listings() {
    let f = BuildFixture::new();
    f.built();
    for site in SITES {
        let page = f.read(&format!("{site}/shortlist/index.html"));
        // The same page whatever is chosen: the facts of the site's listings, in a
        // `<script type="application/json">` (no file of their own), and no listing
        // written into the page otherwise.
        let facts = shortlist_facts(&page).to_string();
        let rest = page.len() - facts.len();
        assert!(rest < 8_000, "{site}: {rest} bytes besides the facts");
        assert_eq!(
            page.matches("Coffee Morning").count(),
            facts.matches("Coffee Morning").count(),
            "{site}"
        );
        assert!(
            !f.out().join(site).join("shortlist.json").exists(),
            "{site}"
        );
        assert!(
            page.contains("<noscript>"),
            "it explains itself without JavaScript"
        );
        assert!(page.contains("<textarea id=\"notes\""));
        // The site's pages offer the shortlist; the shortlist and poster pages do not.
        assert!(
            f.read(&format!("{site}/index.html"))
                .contains(r#"<a class="shortlist-bar__open" href="../"#)
        );
        assert!(!page.contains("shortlist-bar__open"));
    }
    let home = f.read("y99001/index.html");
    assert!(
        home.contains(r#"href="../y99001/shortlist/" data-open"#),
        "{home}"
    );

    let json = shortlist_facts(&f.read("y99001/shortlist/index.html"));
    let ids: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(
        ids,
        [
            "close-coffee-morning",
            "far-choir",
            "middle-walking-group",
            "online-peer-support"
        ]
    );
    let coffee = &json["close-coffee-morning"];
    assert_eq!(coffee["n"], "Close Coffee Morning");
    // The next session first, then the pattern.
    assert_eq!(coffee["w"][0], "Next: Wednesday 25 November 2026, 10:00");
    assert_eq!(coffee["w"][1], "Every Wednesday, 10:00 to 12:00");
    assert_eq!(coffee["v"], "Close Hall, CR9 1AB");
    assert_eq!(coffee["d"], "2 min walk");
    assert_eq!(coffee["e"], "coffee@example.org");
    assert_eq!(json["middle-walking-group"]["ph"], "02079460100");
    assert_eq!(json["online-peer-support"]["v"], "Online");
    assert!(json["online-peer-support"].get("d").is_none());
    // Borough-wide: no walking times from the council's offices.
    let borough = shortlist_facts(&f.read("borough/shortlist/index.html"));
    assert!(borough["far-choir"].get("d").is_none());
}

#[test]
fn pages_print_without_navigation_and_show_link_addresses() {
    let f = BuildFixture::new();
    f.built();
    let css = squeezed(&f.read("assets/style.css"));
    let print = &css[css.find("@mediaprint").expect("a print stylesheet")..];
    for hidden in [".header", ".languages", ".shortlist-bar", "button", "form"] {
        assert!(print.contains(hidden), "{hidden} is not hidden in print");
    }
    assert!(print.contains(&squeezed(
        r#"a[href^="http"]:not([dir])::after { content: " (" attr(href) ")""#
    )));
    assert!(print.contains("break-inside:avoid"));
    // The shortlist, poster and embed pages add tools.css; all they load stays small.
    let size = |a: &str| std::fs::metadata(f.out().join(a)).unwrap().len();
    let tools = size("assets/style.css") + size("assets/tools.css") + size("assets/shortlist.js");
    assert!(
        tools <= 30_000,
        "the shortlist page loads {tools} bytes of CSS and JS"
    );
    assert!(
        size("assets/embed.js") <= 2_000,
        "embed.js goes on practices' websites"
    );
    // Every page loads the script that adds the shortlist and reports its height when framed.
    for page in [
        "index.html",
        "y99001/index.html",
        "listings/far-choir/index.html",
    ] {
        assert!(
            f.read(page)
                .contains("assets/shortlist.js\" defer></script>"),
            "{page}"
        );
    }
}

#[test]
fn the_theme_colour_and_logo_come_from_signpost_toml() {
    let f = BuildFixture::new();
    f.built();
    assert!(!f.out().join("assets/brand.css").exists());
    assert!(!f.read("y99001/index.html").contains("brand.css"));

    std::fs::write(
        f.root().join("logo.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#330072"/></svg>"##,
    )
    .unwrap();
    f.append_config("[theme]\ncolour = \"#330072\"\nlogo = \"logo.svg\"\n");
    f.built();
    assert_eq!(
        f.read("assets/brand.css"),
        "/* Written by signpost build from [theme] in signpost.toml. */\n:root { --brand: #330072; }\n"
    );
    assert!(f.read("assets/logo.svg").contains("#330072"));
    let home = f.read("y99001/index.html");
    assert!(
        home.contains(r#"<link rel="stylesheet" href="../assets/brand.css">"#),
        "{home}"
    );
    assert!(
        home.contains(
            r#"<img class="header__logo-img" src="../assets/logo.svg" alt="">Signpost Fixtures</a>"#
        ),
        "{home}"
    );
    assert!(
        f.read("listings/far-choir/index.html")
            .contains(r#"href="../../assets/brand.css""#)
    );
    // The default stylesheet takes its main colour from the property.
    assert!(
        squeezed(&f.read("assets/style.css")).contains(".header{background:var(--brand,#005eb8);")
    );
}

#[test]
fn a_theme_colour_too_light_for_text_is_a_clear_error() {
    let f = BuildFixture::new();
    f.append_config("[theme]\ncolour = \"#ffb81c\"\n");
    let out = f.build(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("signpost.toml"), "{err}");
    assert!(
        err.contains("`[theme] colour` \"#ffb81c\" is too light: its contrast is 1.7"),
        "{err}"
    );
    assert!(err.contains("at least 4.5:1"), "{err}");
    assert!(!f.out().exists());

    let f = BuildFixture::new();
    f.append_config("[theme]\ncolour = \"navy\"\n");
    let err = stderr(&f.build(&[]));
    assert!(
        err.contains("`[theme] colour` is \"navy\", which is not a hex colour"),
        "{err}"
    );

    let f = BuildFixture::new();
    std::fs::write(f.root().join("logo.txt"), "not a picture").unwrap();
    f.append_config("[theme]\nlogo = \"logo.txt\"\n");
    let err = stderr(&f.build(&[]));
    assert!(
        err.contains("`[theme] logo` \"logo.txt\" is not a picture"),
        "{err}"
    );
}

/// `text` without whitespace: the built CSS and JavaScript are minified, so compare them so.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// With many services available everywhere (more than `render::EVERYWHERE_INLINE_MAX`), their
/// shortlist facts are written once per language (`everywhere/shortlist.json`), which every
/// site's shortlist page reads besides its own file, instead of into every site's file.
#[test]
fn many_services_available_everywhere_share_one_file_of_shortlist_facts() {
    let f = BuildFixture::new();
    f.add_online_services(signpost::render::EVERYWHERE_INLINE_MAX + 5);
    f.built();
    let own = shortlist_facts(&f.read("y99001/shortlist/index.html"));
    let own = own.as_object().unwrap();
    assert!(own.contains_key("close-coffee-morning"));
    assert!(
        own.keys().all(|id| !id.starts_with("online-")),
        "{:?}",
        own.keys()
    );
    for (lang, prefix) in [("en", ""), ("so", "so/")] {
        let shared: serde_json::Value =
            serde_json::from_str(&f.read(&format!("{prefix}everywhere/shortlist.json"))).unwrap();
        let course = &shared["online-course-007"];
        assert_eq!(course["n"], "Online Course 7", "{lang}");
        assert!(course["w"].is_array(), "{lang}: {course}");
        let page = f.read(&format!("{prefix}y99001/shortlist/index.html"));
        assert!(
            page.contains(r#"data-json-also="../../everywhere/shortlist.json""#),
            "{lang}"
        );
    }
    // A small directory keeps everything in the site's own file.
    let small = BuildFixture::new();
    small.built();
    assert!(
        shortlist_facts(&small.read("y99001/shortlist/index.html"))
            .get("online-peer-support")
            .is_some()
    );
    assert!(!small.out().join("everywhere/shortlist.json").exists());
    assert!(
        !small
            .read("y99001/shortlist/index.html")
            .contains("data-json-also")
    );
}

/// The shortlist page draws the QR code of its own address in the browser
/// (`themes/default/prescription.js`, readable and minified as the sites serve it): run in
/// Node for addresses of every length a shortlist has (one group to thirty, versions 1 to 20
/// of the code, one block of error correction to many), each decodes to its address.
#[test]
fn the_shortlist_qr_code_drawn_in_the_browser_decodes_to_its_link() {
    let Some(_) = crate::common::node("the shortlist's QR code") else {
        return;
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let client = std::fs::read_to_string(root.join("themes/default/prescription.js")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ids = [
        "croydon-telephone-friends",
        "woodside-somali-mothers-group",
        "norbury-library",
        "walking-through-grief",
        "ladies-chai-and-chat",
    ];
    let texts: Vec<String> = [0, 1, 2, 3, 6, 12, 30]
        .iter()
        .map(|&n| {
            let list: Vec<&str> = (0..n).map(|k| ids[k % ids.len()]).collect();
            format!(
                "https://signpost-croydon.example.org/pl/h83009/shortlist/?l={}",
                list.join(",")
            )
        })
        .chain(["x".to_string(), "A".repeat(150)])
        .collect();
    for (name, text) in [
        ("prescription.js", client.clone()),
        (
            "prescription.min.js",
            signpost::render::minify("prescription.js", &client),
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let out = std::process::Command::new("node")
            .arg("-e")
            .arg(
                "const {qr} = require(process.argv[1]); \
                 console.log(JSON.stringify(JSON.parse(process.argv[2]).map(qr)))",
            )
            .arg(&file)
            .arg(serde_json::to_string(&texts).unwrap())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let codes: Vec<Vec<Vec<bool>>> = serde_json::from_slice(&out.stdout).unwrap();
        let mut versions = Vec::new();
        for (text, modules) in texts.iter().zip(codes) {
            // As drawn: a four-module quiet zone around the code, 4 pixels a module.
            let size = modules.len();
            versions.push((size - 17) / 4);
            let px = (size + 8) * 4;
            let dark = |x: usize, y: usize| {
                let (x, y) = (x / 4, y / 4);
                (4..size + 4).contains(&x) && (4..size + 4).contains(&y) && modules[y - 4][x - 4]
            };
            let mut image = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
                if dark(x, y) { 0 } else { 255 }
            });
            let grids = image.detect_grids();
            assert_eq!(grids.len(), 1, "{name}: one QR code for {text}");
            let (meta, decoded) = grids[0].decode().expect("a readable QR code");
            assert_eq!(&decoded, text, "{name}");
            // The format bits as they are: 0 is level M.
            assert_eq!(meta.ecc_level, 0, "{name}: error correction level M");
        }
        assert!(
            versions.contains(&1) && versions.iter().any(|&v| v >= 10),
            "{versions:?}"
        );
    }
}
