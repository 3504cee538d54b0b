//! What every page carries, and the pages in every language (issue 16), read from the built
//! HTML of `signpost build` on a copy of `tests/fixtures/build`: a meta description and the
//! page's addresses in every language from `base_url`; the accessibility statement and the
//! privacy notice, made from signpost.toml and linked from every footer; listing pages whose
//! sentences are in the page's language (cost, languages spoken, activities); posters with
//! their need names in their language; the home page's layout without JavaScript.

use std::path::Path;

use crate::common::BuildFixture;

const BASE: &str = "https://fixtures.example.org/";
const LANGUAGES: [&str; 6] = ["en", "so", "ar", "bn", "ur", "pl"];

/// Every `.html` file under `dir`, relative to it.
fn html_pages(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// The value of `attr` in each `<tag …>` of `html` that has `with` in it.
fn attrs(html: &str, tag: &str, with: &str, attr: &str) -> Vec<String> {
    html.split(&format!("<{tag} "))
        .skip(1)
        .map(|rest| format!(" {}", &rest[..rest.find('>').unwrap()]))
        .filter(|t| t.contains(with))
        .filter_map(|t| {
            let key = format!(" {attr}=\"");
            let value = &t[t.find(&key)? + key.len()..];
            Some(value[..value.find('"').unwrap()].to_string())
        })
        .collect()
}

/// The page's path below its language's folder, and its language.
fn own_path(page: &str) -> (String, &'static str) {
    let page = page.replace('\\', "/");
    for lang in &LANGUAGES[1..] {
        if let Some(rest) = page.strip_prefix(&format!("{lang}/")) {
            return (rest.to_string(), lang);
        }
    }
    (page, "en")
}

#[test]
fn every_page_has_a_description_and_its_addresses_in_every_language_from_base_url() {
    let f = BuildFixture::new();
    f.built();
    let pages = html_pages(&f.out());
    assert!(pages.len() > 100, "{}", pages.len());
    for page in &pages {
        let html = std::fs::read_to_string(f.out().join(page)).unwrap();
        if page.contains("insight/") {
            continue; // the gaps report's pages are insight's
        }
        let description = attrs(&html, "meta", "name=\"description\"", "content");
        assert_eq!(description.len(), 1, "{page} has no meta description");
        assert!(description[0].trim().len() > 20, "{page}: {description:?}");
        if page.contains("embed/example") {
            continue; // a made-up practice website, in one language
        }
        // The same page in each language, and x-default, at its published address; a
        // listing's page holds every language at one address, so names no other.
        let alternates = attrs(&html, "link", "rel=\"alternate\"", "href");
        if page.starts_with("listings/") {
            assert_eq!(alternates, Vec::<String>::new(), "{page}");
            continue;
        }
        let langs = attrs(&html, "link", "rel=\"alternate\"", "hreflang");
        let mut expected: Vec<&str> = LANGUAGES.to_vec();
        expected.push("x-default");
        assert_eq!(langs, expected, "{page}");
        let (path, _) = own_path(page);
        let path = path
            .strip_suffix("index.html")
            .map(str::to_string)
            .unwrap_or(path);
        for (lang, href) in langs.iter().zip(&alternates) {
            assert!(href.starts_with(BASE), "{page}: {href}");
            let want = match lang.as_str() {
                "en" | "x-default" => format!("{BASE}{path}"),
                _ => format!("{BASE}{lang}/{path}"),
            };
            assert_eq!(href, &want, "{page}");
        }
    }
}

#[test]
fn the_accessibility_statement_and_privacy_notice_come_from_signpost_toml_and_every_footer_links_them()
 {
    let f = BuildFixture::new();
    f.append_config(
        "[publisher]\nname = \"Fixtureshire Council\"\nemail = \"web@council.example.org\"\nreviewed = \"2026-09-01\"\n\n\
         [support]\nname = \"Fixtureshire CVS\"\nurl = \"https://cvs.example.org/\"\nemail = \"listings@cvs.example.org\"\n",
    );
    f.built();
    let read = |p: &str| std::fs::read_to_string(f.out().join(p)).unwrap();
    for lang in LANGUAGES {
        let prefix = if lang == "en" { "" } else { lang };
        let dir = f.out().join(prefix);
        let statement = std::fs::read_to_string(dir.join("accessibility/index.html")).unwrap();
        assert!(statement.contains(&format!("<html lang=\"{lang}\"")));
        assert!(statement.contains("Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018"));
        assert!(statement.contains("This website is run by Fixtureshire Council."));
        assert!(statement.contains("mailto:web@council.example.org"));
        assert!(statement.contains("Equality Advisory and Support Service"));
        assert!(statement.contains("This statement was last reviewed on"));
        let notice = std::fs::read_to_string(dir.join("privacy/index.html")).unwrap();
        assert!(notice.contains("set no cookies"));
        assert!(
            notice.contains("Fixtureshire CVS (<span dir=\"ltr\">listings@cvs.example.org</span>)")
        );
        assert!(notice.contains("keeps no log of requests"));
        assert!(notice.contains("last 256 searches"));
        if lang != "en" {
            // The statement's text is English, marked so, under a title in the page's language.
            assert!(statement.contains("<div class=\"notice-text\" lang=\"en\">"));
        }
    }
    // Every page's footer links both, in its own language's folder.
    for page in html_pages(&f.out()) {
        if page.contains("insight/") || page.contains("embed/example") {
            continue;
        }
        let html = read(&page);
        let footer = &html[html.find("<footer").unwrap_or_else(|| panic!("{page}"))..];
        let links = attrs(footer, "a", "href", "href");
        let (path, _) = own_path(&page);
        let depth = path.matches('/').count();
        let up = "../".repeat(depth);
        for target in ["add/", "accessibility/", "privacy/"] {
            assert!(
                links.contains(&format!("{up}{target}")),
                "{page}: {links:?}"
            );
        }
    }
}

#[test]
fn without_a_publisher_the_notices_name_the_support_organisation_and_say_when_they_were_made() {
    let f = BuildFixture::new();
    f.append_config("[support]\nname = \"Fixtureshire CVS\"\nurl = \"https://cvs.example.org/\"\n");
    f.built();
    let statement = std::fs::read_to_string(f.out().join("accessibility/index.html")).unwrap();
    assert!(statement.contains("This website is run by Fixtureshire CVS."));
    assert!(statement.contains("This statement was made on 22 November 2026"));
    let notice = std::fs::read_to_string(f.out().join("privacy/index.html")).unwrap();
    assert!(notice.contains("through <a href=\"https://cvs.example.org/\""));
}

#[test]
fn listing_pages_speak_the_page_language_inside_their_sentences() {
    let f = BuildFixture::new();
    std::fs::write(
        f.root().join("listings/polyglot-sewing.yaml"),
        "name: Polyglot Sewing Circle\n\
         summary: Sewing and a chat in several languages.\n\
         description: We sew together. Everyone is welcome.\n\
         organisation: Fixtureshire Sewing Trust\n\
         needs: [loneliness-and-isolation]\n\
         activities: [knitting-and-sewing, coffee-morning]\n\
         languages: [so, ar, ur]\n\
         cost:\n  amount: 3.5\n  per: session\n  concessions: Free for carers\n\
         venues:\n  - name: Close Hall\n    postcode: CR9 1AB\n    access: [step-free]\n\
         when:\n  - days: [monday]\n    start: \"10:00\"\n    end: \"12:00\"\n\
         contact:\n  email: sew@example.org\n\
         maintainers: [fixture]\nreviewed: 2026-10-01\n",
    )
    .unwrap();
    let coffee = f.root().join("listings/close-coffee-morning.yaml");
    let text = std::fs::read_to_string(&coffee).unwrap();
    std::fs::write(
        &coffee,
        text.replace("contact:", "cost:\n  free: true\ncontact:"),
    )
    .unwrap();
    f.built();
    let html =
        std::fs::read_to_string(f.out().join("listings/polyglot-sewing/index.html")).unwrap();
    let page = |lang: &str| crate::common::part(&html, lang).to_string();
    let en = page("en");
    assert!(
        en.contains("<li>£3.50 a session</li><li>Free for carers</li>"),
        "{en}"
    );
    assert!(en.contains("Languages spoken: Somali, Arabic, Urdu"));
    assert!(en.contains("Activities: Knitting and sewing, Coffee morning"));
    assert!(en.contains("Run by <bdi>Fixtureshire Sewing Trust</bdi>"));
    let ar = page("ar");
    assert!(
        ar.contains("<li>£3.50 للجلسة</li><li lang=\"en\">Free for carers</li>"),
        "{ar}"
    );
    assert!(ar.contains("الصومالية، العربية، الأردية"), "{ar}");
    assert!(ar.contains("الحياكة والخياطة، صباحية القهوة"), "{ar}");
    assert!(ar.contains("تديرها <bdi lang=\"en\">Fixtureshire Sewing Trust</bdi>"));
    assert!(free_coffee_page(&f, "ar").contains("<li>مجاني</li>"));
    assert!(free_coffee_page(&f, "ur").contains("<li>مفت</li>"));
    assert!(page("ur").contains("صومالی"));
    // No English word of the interface is left in another language's sentences.
    for lang in &LANGUAGES[1..] {
        let html = page(lang);
        for english in ["Somali", "Knitting and sewing", "a session"] {
            assert!(!html.contains(english), "{lang}: {english}");
        }
        assert!(
            !free_coffee_page(&f, lang).contains("<li>Free</li>"),
            "{lang}"
        );
    }
}

/// The page of the fixture's free coffee morning in `lang` (its part of the page).
fn free_coffee_page(f: &BuildFixture, lang: &str) -> String {
    let html =
        std::fs::read_to_string(f.out().join("listings/close-coffee-morning/index.html")).unwrap();
    crate::common::part(&html, lang).to_string()
}

#[test]
fn posters_print_the_need_names_in_their_language() {
    let f = BuildFixture::new();
    f.built();
    let theme = signpost::render::Theme::builtin();
    for lang in &LANGUAGES[1..] {
        let t = theme.strings(lang).unwrap();
        let poster =
            std::fs::read_to_string(f.out().join(format!("{lang}/y99001/poster/index.html")))
                .unwrap();
        let name = t.term("need", "loneliness-and-isolation").unwrap();
        assert!(
            poster.contains(&signpost::html::escape(name)),
            "{lang}: {name}"
        );
        assert!(!poster.contains("Loneliness and isolation"), "{lang}");
    }
}

#[test]
fn every_language_names_every_activity_and_every_language_a_bundled_listing_speaks() {
    let theme = signpost::render::Theme::builtin();
    let vocab = signpost::vocab::Vocabularies::builtin();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut spoken = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(root.join("listings"))
        .into_iter()
        .flatten()
    {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if let Some(line) = text.lines().find(|l| l.starts_with("languages: [")) {
            for code in line["languages: [".len()..line.len() - 1].split(',') {
                spoken.insert(code.trim().to_string());
            }
        }
    }
    assert!(spoken.len() > 10, "{spoken:?}");
    for lang in &LANGUAGES[1..] {
        let t = theme.strings(lang).unwrap();
        for term in &vocab.activities.terms {
            assert!(
                t.term("activity", &term.id).is_some(),
                "{lang} lacks activity.{}",
                term.id
            );
        }
        for code in &spoken {
            assert!(
                t.term("language", code).is_some(),
                "{lang} lacks language.{code}"
            );
        }
    }
}

#[test]
fn a_home_page_puts_the_search_box_and_the_nearest_groups_before_the_needs() {
    let f = BuildFixture::new();
    f.built();
    let home = std::fs::read_to_string(f.out().join("y99001/index.html")).unwrap();
    let at = |needle: &str| home.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    // Without JavaScript: where the search box would be, a note that sends people to the needs.
    assert!(home.contains(
        "<noscript><p class=\"notice finder__nojs\">Search needs JavaScript; browse by need below.</p></noscript>"
    ));
    assert!(at("finder__nojs") < at("id=\"finder-q\""));
    assert!(at("id=\"finder-q\"") < at("class=\"card"));
    assert!(at("class=\"card") < at("id=\"needs\""));
    // The filters fold behind one control.
    assert!(home.contains("<details class=\"finder__more\" data-filters>"));
    // The crisis-help block of the search issue has its place, after the count.
    assert!(at("data-finder-status") < at("data-finder-results"));
}

#[test]
fn the_crisis_help_a_search_shows_is_one_file_per_language_not_a_copy_in_every_home_page() {
    let f = BuildFixture::new();
    f.built();
    for (lang, prefix) in [("en", ""), ("ar", "ar/")] {
        let home =
            std::fs::read_to_string(f.out().join(format!("{prefix}y99001/index.html"))).unwrap();
        // The place the search puts the help in, above the results, and no hidden copy.
        let place = format!(
            "<div data-crisis-help=\"../{}assets/crisis-{lang}.json\"></div>",
            if prefix.is_empty() { "" } else { "../" }
        );
        assert!(home.contains(&place), "{lang}: no {place}");
        assert!(home.find(&place) < home.find("data-finder-results"));
        assert!(!home.contains("data-crisis=\""), "{lang}: a hidden copy");
        // The file: a JSON string of the hidden blocks, in the language, with digits.
        let json =
            std::fs::read_to_string(f.out().join(format!("assets/crisis-{lang}.json"))).unwrap();
        let html: String = serde_json::from_str(&json).unwrap();
        assert!(
            html.contains("<section class=\"crisis\" data-crisis=\"suicide\" hidden"),
            "{html}"
        );
        assert!(html.contains("href=\"tel:999\""), "{html}");
    }
}
