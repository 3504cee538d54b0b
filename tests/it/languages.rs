//! The sites in several languages: `signpost build` on a copy of `tests/fixtures/build`, which
//! names no `languages` and so gets every language the theme has.

use std::path::{Path, PathBuf};

use crate::common::{BuildFixture, part, stderr};

/// The build fixture with `config_extra` as top-level keys of signpost.toml, built.
fn build(config_extra: &str) -> (BuildFixture, std::process::Output) {
    let f = BuildFixture::new();
    if !config_extra.is_empty() {
        f.top_level_config(config_extra);
    }
    let output = f.build(&[]);
    (f, output)
}

/// The opening tag of the first element with `class` (or of `tag` when `class` is empty).
fn opening<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    let start = html[..at].rfind('<').unwrap();
    &html[start..start + html[start..].find('>').unwrap() + 1]
}

/// The `href`s of the language switcher.
fn switcher(html: &str) -> Vec<(String, String)> {
    let nav = &html[html
        .find("<nav class=\"languages")
        .expect("a language switcher")..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    nav.split("<a href=\"")
        .skip(1)
        .map(|rest| {
            let href = rest[..rest.find('"').unwrap()].to_string();
            let lang = &rest[rest.find("hreflang=\"").unwrap() + 10..];
            (lang[..lang.find('"').unwrap()].to_string(), href)
        })
        .collect()
}

/// `href` from the page at `page` (relative to the output), as a path below the output.
fn resolve(page: &str, href: &str) -> PathBuf {
    let mut path: Vec<&str> = page.split('/').collect();
    path.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                path.pop();
            }
            "" | "." => {}
            p => path.push(p),
        }
    }
    let mut p: PathBuf = path.iter().collect();
    // A folder address ("…/") stands for its index.html.
    if href.ends_with('/') {
        p.push("index.html");
    }
    p
}

#[test]
fn every_language_has_the_same_pages_with_its_own_interface_text() {
    let (b, out) = build("");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for (code, dir, near_you) in [
        ("so", "ltr", "Kuu dhow"),
        ("ar", "rtl", "بالقرب منك"),
        ("bn", "ltr", "আপনার কাছে"),
        ("ur", "rtl", "آپ کے قریب"),
        ("pl", "ltr", "W pobliżu"),
    ] {
        let home = b.read(&format!("{code}/y99001/index.html"));
        assert!(
            home.contains(&format!("<html lang=\"{code}\" dir=\"{dir}\">")),
            "{code}"
        );
        assert!(home.contains(near_you), "{code}: {near_you}");
        // Assets are shared at the top of the output.
        assert!(home.contains("href=\"../../assets/style.css\""), "{code}");
        // Every page of the default language exists in this one too.
        for page in ["index.html", "y99001/index.html", "borough/index.html"] {
            assert!(b.out().join(code).join(page).is_file(), "{code}/{page}");
        }
        // A listing's page holds every language: a part each, in its language and
        // direction, its links to the pages of its language.
        let listing = b.read("listings/far-choir/index.html");
        let part = part(&listing, code);
        assert!(
            part.contains(&format!("lang=\"{code}\" dir=\"{dir}\"")),
            "{code}"
        );
        assert!(
            part.contains(&format!("href=\"../../{code}/add/\"")),
            "{code}"
        );
        assert!(!b.out().join(code).join("listings").exists(), "{code}");
    }
    let en = b.read("y99001/index.html");
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(en.contains("Near you"));
}

#[test]
fn the_language_switcher_links_to_the_same_page_in_each_language() {
    let (b, out) = build("");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A listing's page holds every language: each part's switcher goes to the others.
    let listing = b.read("listings/far-choir/index.html");
    for lang in ["en", "pl", "ar"] {
        let links = switcher(part(&listing, lang));
        assert_eq!(links.len(), 5, "{lang}: {links:?}");
        for (code, href) in links {
            assert_eq!(href, format!("#{code}"), "{lang}");
            assert!(listing.contains(&format!("<div class=\"lang-page\" id=\"{code}\"")));
        }
    }
    for page in ["y99001/index.html", "ar/y99002/index.html", "index.html"] {
        let html = b.read(page);
        let links = switcher(&html);
        // Five links: every language but the page's own, which is marked as current.
        assert_eq!(links.len(), 5, "{page}: {links:?}");
        assert!(html.contains("aria-current=\"true\""), "{page}");
        let tail = page
            .trim_start_matches("ar/")
            .trim_start_matches("pl/")
            .to_string();
        for (lang, href) in links {
            let target = resolve(page, &href);
            assert!(
                b.out().join(&target).is_file(),
                "{page} → {href} → {target:?}"
            );
            let expected: PathBuf = if lang == "en" {
                PathBuf::from(&tail)
            } else {
                Path::new(&lang).join(&tail)
            };
            assert_eq!(target, expected, "{page} → {href}");
        }
    }
}

#[test]
fn text_not_in_the_page_language_is_marked_with_its_own() {
    let (b, out) = build("");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A listing with a Somali translation reads in Somali on the Somali page…
    let page = b.read("listings/close-coffee-morning/index.html");
    let so = part(&page, "so");
    assert!(so.contains("<h1>Kulanka Qaxwada ee Close</h1>"), "{so}");
    assert!(so.contains("Kulan qaxwo oo 100 mitir u jira rugta dhakhtarka."));
    // …and its English description is marked as English.
    assert!(opening(so, "class=\"description\"").contains("lang=\"en\""));
    // On the Arabic page it has no translation: its English name is marked.
    let ar = part(&page, "ar");
    assert!(
        ar.contains("<h1 lang=\"en\">Close Coffee Morning</h1>"),
        "{ar}"
    );
    // Interface sentences are built in the page's language.
    assert!(ar.contains("أسبوعيًا: الأربعاء، من 10:00 إلى 12:00"), "{ar}");
    assert!(ar.contains("مدخل بدون درج"), "access in Arabic");
    // Cards on the Arabic site mark English names; translated ones are not marked.
    let home = b.read("ar/y99001/index.html");
    assert!(
        home.contains("lang=\"en\">Close Coffee Morning</a>"),
        "{home}"
    );
    let so_home = b.read("so/y99001/index.html");
    assert!(so_home.contains(">Kulanka Qaxwada ee Close</a>"));
    assert!(!so_home.contains("lang=\"en\">Kulanka"));
    // Need labels are translated.
    assert!(home.contains("الوحدة والعزلة"));
    // English pages carry no extra lang attributes.
    let en = part(&page, "en");
    assert!(en.contains("<h1>Close Coffee Morning</h1>"));
}

#[test]
fn the_languages_can_be_chosen_and_an_unknown_one_is_a_clear_error() {
    let (b, out) = build("languages = [\"en\", \"pl\"]");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(b.out().join("pl/y99001/index.html").is_file());
    assert!(!b.out().join("ar").exists());
    assert_eq!(switcher(&b.read("y99001/index.html")).len(), 1);

    let (b, out) = build("languages = [\"en\", \"xx\"]");
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("`xx`") && err.contains("signpost.toml"),
        "{err}"
    );
    assert!(!b.out().exists(), "nothing is written");
}

#[test]
fn one_language_has_no_switcher() {
    let (b, out) = build("languages = [\"en\"]");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!b.read("y99001/index.html").contains("class=\"languages"));
}

/// The examples each language's search box gives ("kalinimo, lacag, Talaado") each name one
/// need or day once the theme's words in that language join the vocabulary's synonyms, as
/// the build does for every site's search index.
#[test]
fn each_language_s_search_examples_name_one_need_or_day() {
    use signpost::analysis::{Synonyms, phrase_tokens};
    let theme = signpost::render::Theme::builtin();
    let vocab = signpost::vocab::Vocabularies::builtin();
    let mut synonyms = Synonyms::build(&vocab, []);
    let codes = ["so", "ar", "bn", "ur", "pl"];
    for code in codes {
        for (phrase, concept) in theme.strings(code).unwrap().search_phrases() {
            synonyms.add(&phrase, &concept);
        }
    }
    let themes = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    for code in codes {
        let text = std::fs::read_to_string(themes.join(format!("{code}.toml"))).unwrap();
        let table: toml::Table = text.parse().unwrap();
        let hint = table["search_hint"].as_str().unwrap();
        // "Tusaale ahaan: kalinimo, lacag, Talaado (ama Ingiriisi: lonely, money)"
        let examples = &hint[hint.find(':').unwrap() + 1..hint.find('(').unwrap()];
        let examples: Vec<&str> = examples
            .split([',', '،'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .collect();
        assert_eq!(examples.len(), 3, "{code}: {hint}");
        for example in examples {
            let named = synonyms.phrases.get(&phrase_tokens(example));
            let named: Vec<&String> = named.into_iter().flatten().collect();
            assert_eq!(named.len(), 1, "{code}: {example:?} names {named:?}");
            assert!(
                named[0].starts_with("n:") || named[0].starts_with("d:"),
                "{code}: {example} names {named:?}"
            );
        }
    }
}

/// A site's search index, which its pages in every language share, knows the vocabulary's
/// words in each language, and carries listings' own translations so that results on that language's
/// pages read as its cards do.
#[test]
fn a_site_s_search_index_speaks_every_language_of_its_pages() {
    let (b, out) = build("");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index: serde_json::Value =
        serde_json::from_str(&b.read("y99001/search/index.json")).unwrap();
    // Each other language's words are in a file of their own that every site's index shares
    // (`assets/words-<code>.json`, named by the index's `words`), which the pages in that
    // language load with it; what only the site's listings hold in the language (their
    // translations' terms and text) is in a file beside the index (`own`).
    assert_eq!(index["words"], "../../assets/");
    assert!(
        index["own"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("so"))
    );
    let shared: serde_json::Value = serde_json::from_str(&b.read("assets/words-so.json")).unwrap();
    let somali: serde_json::Value =
        serde_json::from_str(&b.read("y99001/search/words-so.json")).unwrap();
    assert!(somali.get("syn").is_none(), "no copy of the shared words");
    assert_eq!(index["langs"]["so"], "latn");
    let phrases = |concept: &str| -> Vec<String> {
        shared["syn"][concept]
            .as_str()
            .unwrap_or_default()
            .split('|')
            .map(str::to_string)
            .collect()
    };
    // "kalinimo", one word of the Somali "Kalinimo iyo go'doomin", names loneliness.
    assert!(phrases("n:loneliness-and-isolation").contains(&"kalinimo".to_string()));
    assert!(
        phrases("d:wed").contains(&"arbaco".to_string()),
        "Wednesday in Somali"
    );

    let docs = index["docs"].as_array().unwrap();
    let coffee = docs
        .iter()
        .position(|d| d[0] == "close-coffee-morning")
        .expect("the coffee morning is in the index");
    let own = &somali["tr"][coffee.to_string()];
    assert_eq!(own[0], "Kulanka Qaxwada ee Close");
    assert_eq!(own[2], true, "the name is translated");
}
