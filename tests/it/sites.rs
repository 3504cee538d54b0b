//! What `signpost build` puts on the site pages for filtering, searching and planning a visit,
//! read from the built HTML of a copy of `tests/fixtures/build` with a few more listings: the
//! facets each card carries, the ward filter of borough-wide sites, the next session, the
//! calendar files, and each site's search index.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{self, BuildFixture, stderr};

/// A built copy of the build fixture, with the listings below added and the ward boundaries
/// replaced by two wards that split the fixture's postcodes.
/// The build fixture with two wards and listings chosen for the filters, built.
struct Built(BuildFixture);

/// Two wards on the British National Grid: the fixture's practice and its nearest groups are
/// in South Ward; the allotment 3 km north (CR9 1AF) is in North Ward.
const WARDS: &str = r#"{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"NAME": "North Ward"}, "geometry": {"type": "Polygon", "coordinates": [[[520000, 170400], [545000, 170400], [545000, 185000], [520000, 185000], [520000, 170400]]]}},
 {"type": "Feature", "properties": {"NAME": "South Ward"}, "geometry": {"type": "Polygon", "coordinates": [[[520000, 155000], [545000, 155000], [545000, 170400], [520000, 170400], [520000, 155000]]]}}
]}"#;

const LISTINGS: &[(&str, &str)] = &[
    (
        "tuesday-carers-cafe",
        "name: Tuesday Carers Café\n\
         summary: A café for carers, with a social on the last Friday evening of the month.\n\
         needs: [loneliness-and-isolation]\n\
         who:\n  min_age: 18\n  audiences: [carers, older-people]\n\
         languages: [en, so, ar]\n\
         cost:\n  free: true\n\
         venues:\n  - name: Close Hall\n    address: [1 Close Road, Fixtureton]\n    postcode: CR9 1AB\n    access: [step-free]\n\
         when:\n  - days: [tuesday, thursday]\n    start: \"10:00\"\n    end: \"12:00\"\n\
         \x20 - days: [friday]\n    week: last\n    start: \"18:30\"\n\
         contact:\n  email: carers@example.org\n\
         maintainers: [fixture]\nreviewed: 2026-10-01\n",
    ),
    (
        "term-time-toddler-music-with-a-name-long-enough-to-fold",
        "name: Term Time Toddler Music, Singing and Rhymes for the Very Young of Fixtureshire\n\
         summary: Songs and rhymes for toddlers and their grown-ups, in term time.\n\
         needs: [parenting-and-family]\n\
         who:\n  max_age: 4\n\
         venues:\n  - name: Middle Park Gates\n    postcode: CR9 1AD\n\
         when:\n  - days: [wednesday]\n    start: \"13:30\"\n    end: \"14:30\"\n\
         term_time_only: true\n\
         contact:\n  phone: 020 7946 0111\n\
         maintainers: [fixture]\nreviewed: 2026-10-01\n",
    ),
    (
        "last-christmas-fair",
        "name: Last Christmas Fair\n\
         summary: A fair that has been and gone.\n\
         needs: [loneliness-and-isolation]\n\
         venues:\n  - name: Far Church\n    postcode: CR9 1AE\n    access: []\n\
         when:\n  - date: 2026-11-01\n    start: \"11:00\"\n\
         contact:\n  phone: 020 7946 0112\n\
         maintainers: [fixture]\nreviewed: 2026-10-01\n",
    ),
];

impl Built {
    fn new() -> Built {
        let f = BuildFixture::new();
        std::fs::write(f.temp().join("data/wards.geojson"), WARDS).unwrap();
        for (id, text) in LISTINGS {
            std::fs::write(f.root().join(format!("listings/{id}.yaml")), text).unwrap();
        }
        let run = f.build(&[]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        for (id, _) in LISTINGS {
            assert!(
                f.out().join(format!("listings/{id}/index.html")).is_file(),
                "{id} was left out: {}",
                stderr(&run)
            );
        }
        Built(f)
    }

    fn out(&self) -> PathBuf {
        self.0.out()
    }

    fn read(&self, page: &str) -> String {
        self.0.read(page)
    }
}

/// The start tags `<name …>` of `html`, each as its attributes (entities of `&`, `"` and `<`
/// decoded; an attribute without a value maps to "").
fn tags(html: &str, name: &str) -> Vec<BTreeMap<String, String>> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    for (i, _) in html.match_indices(&open) {
        let rest = &html[i + open.len()..];
        if !rest.starts_with([' ', '>', '\n']) {
            continue;
        }
        let end = rest.find('>').unwrap();
        out.push(attributes(&rest[..end]));
    }
    out
}

fn attributes(mut s: &str) -> BTreeMap<String, String> {
    let mut attrs = BTreeMap::new();
    loop {
        s = s.trim_start();
        if s.is_empty() || s == "/" {
            return attrs;
        }
        let name_end = s.find(['=', ' ', '\n']).unwrap_or(s.len());
        let name = s[..name_end].to_string();
        s = &s[name_end..];
        if let Some(rest) = s.strip_prefix("=\"") {
            let close = rest.find('"').unwrap();
            let value = rest[..close]
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&#x2F;", "/")
                .replace("&amp;", "&");
            attrs.insert(name, value);
            s = &rest[close + 1..];
        } else {
            attrs.insert(name, String::new());
        }
    }
}

/// The attributes of the card that links to listing `id` on a page.
fn card(html: &str, id: &str) -> BTreeMap<String, String> {
    let link = html
        .find(&format!("listings/{id}/"))
        .unwrap_or_else(|| panic!("no card for {id}"));
    let start = html[..link].rfind("<li class=\"card").unwrap();
    attributes(&html[start + 3..start + html[start..].find('>').unwrap()])
}

/// The text of the card that links to listing `id`, markup removed.
fn card_text(html: &str, id: &str) -> String {
    let link = html.find(&format!("listings/{id}/")).unwrap();
    let start = html[..link].rfind("<li class=\"card").unwrap();
    let end = start + html[start..].find("\n</li>").unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// `href` from the page at `page` (relative to the output), as a path in the output.
fn resolve(page: &str, href: &str) -> PathBuf {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split(['?', '#']).next().unwrap().split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "" | "." => {}
            s => parts.push(s),
        }
    }
    PathBuf::from(parts.join("/"))
}

#[test]
fn cards_carry_the_facets_their_listing_is_filtered_on() {
    let b = Built::new();
    let home = b.read("y99001/index.html");
    let cafe = card(&home, "tuesday-carers-cafe");
    let want: BTreeMap<String, String> = [
        ("class", "card"),
        ("id", "l-tuesday-carers-cafe"),
        ("data-f", "free self step"),
        ("data-d", "tue thu fri"),
        ("data-t", "m e"),
        ("data-a", "18-120"),
        ("data-au", "carers older-people"),
        ("data-l", "ar so"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(cafe, want);
    let coffee = card(&home, "close-coffee-morning");
    assert_eq!(coffee["data-f"], "self step");
    assert_eq!(coffee["data-d"], "wed");
    assert_eq!(coffee["data-t"], "m");
    assert!(!coffee.contains_key("data-a") && !coffee.contains_key("data-w"));
    // A venue without step-free access; a service with no venue to step into.
    assert_eq!(card(&home, "middle-walking-group")["data-f"], "self");
    assert_eq!(card(&home, "online-peer-support")["data-f"], "self step");
    assert_eq!(
        card(
            &home,
            "term-time-toddler-music-with-a-name-long-enough-to-fold"
        )["data-a"],
        "0-4"
    );

    // A need's section points at that card, so the filters and the need agree without
    // JavaScript too.
    let need = common::need_section(&home, "loneliness-and-isolation").unwrap();
    assert!(
        need.contains(r##"<a href="#l-tuesday-carers-cafe">"##),
        "{need}"
    );
    // The choices are the audiences and languages the page's cards have.
    let options = |html: &str, select: &str| -> Vec<String> {
        let at = html.find(&format!("<select name=\"{select}\">")).unwrap();
        let end = at + html[at..].find("</select>").unwrap();
        tags(&html[at..end], "option")
            .iter()
            .map(|o| o["value"].clone())
            .collect()
    };
    assert_eq!(options(&home, "au"), ["", "carers", "older-people"]);
    assert_eq!(options(&home, "sl"), ["", "ar", "so"]);
    assert_eq!(
        options(&home, "d"),
        ["", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    );
    assert_eq!(options(&home, "t"), ["", "m", "a", "e"]);

    // The shared pages of services available everywhere have no filters.
    let everywhere = b.read("everywhere/index.html");
    assert!(!everywhere.contains("data-f=") && !everywhere.contains("data-finder"));
}

#[test]
fn only_borough_wide_sites_filter_by_ward() {
    let b = Built::new();
    let borough = b.read("borough/index.html");
    let at = borough.find("<select name=\"w\">").expect("a ward filter");
    let end = at + borough[at..].find("</select>").unwrap();
    let wards: Vec<(String, String)> = borough[at..end]
        .split("<option ")
        .skip(1)
        .map(|o| {
            let value = attributes(&o[..o.find('>').unwrap()])["value"].clone();
            let label = o[o.find('>').unwrap() + 1..o.find("</option>").unwrap()].to_string();
            (value, label)
        })
        .collect();
    assert_eq!(
        wards,
        [
            ("".to_string(), "Any".to_string()),
            ("north-ward".to_string(), "North Ward".to_string()),
            ("south-ward".to_string(), "South Ward".to_string()),
        ]
    );
    // Each card's ward is the ward its venue is in; online services are in every ward.
    assert_eq!(
        card(&borough, "close-coffee-morning")["data-w"],
        "south-ward"
    );
    assert_eq!(card(&borough, "distant-allotment")["data-w"], "north-ward");
    assert_eq!(card(&borough, "online-peer-support")["data-w"], "*");
    // The borough's search index has the same facets.
    let index: serde_json::Value =
        serde_json::from_str(&b.read("borough/search/index.json")).unwrap();
    let doc = index["docs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d[0] == "distant-allotment")
        .unwrap();
    assert_eq!(doc[5]["w"], "north-ward");

    // Practice sites have none, in any language.
    for page in [
        "y99001/index.html",
        "y99002/index.html",
        "ar/y99001/index.html",
    ] {
        let html = b.read(page);
        assert!(html.contains("data-finder"), "{page}");
        assert!(!html.contains("name=\"w\""), "{page} has a ward filter");
        assert!(!html.contains("data-w="), "{page}");
    }
    assert!(
        b.read("ar/borough/index.html")
            .contains("<select name=\"w\">")
    );
}

#[test]
fn listing_pages_and_cards_say_when_the_next_session_is() {
    let b = Built::new();
    // SIGNPOST_TODAY is Sunday 22 November 2026.
    let cafe = b.read("listings/tuesday-carers-cafe/index.html");
    assert!(
        cafe.contains(
            r#"<strong data-when="w:tue,thu 10:00-12:00;m-1:fri 18:30">Next: Tuesday 24 November 2026, 10:00</strong>"#
        ),
        "{cafe}"
    );
    let home = b.read("y99001/index.html");
    assert!(
        card_text(&home, "tuesday-carers-cafe").contains("Next: Tuesday 24 November 2026, 10:00"),
        "{}",
        card_text(&home, "tuesday-carers-cafe")
    );
    // Term time is said in words; with no school terms in signpost.toml no date is skipped,
    // so the next Wednesday is shown with a word to check the dates with the group.
    let toddlers =
        b.read("listings/term-time-toddler-music-with-a-name-long-enough-to-fold/index.html");
    assert!(
        toddlers.contains("Next: Wednesday 25 November 2026, 13:30 (check term dates)"),
        "{toddlers}"
    );
    // A one-off date that has passed.
    let fair = b.read("listings/last-christmas-fair/index.html");
    assert!(!fair.contains("Next:"), "{fair}");
    assert!(fair.contains("No dates to come are listed."), "{fair}");
    assert!(!card_text(&home, "last-christmas-fair").contains("Next"));
    // A paused group has no next session, and no calendar to add.
    let paused = b.read("listings/distant-allotment/index.html");
    assert!(!paused.contains("Next:") && !paused.contains(".ics"));
    // In another language, in its words.
    let pl = crate::common::part(&cafe, "pl");
    assert!(pl.contains("Najbliższe spotkanie:"), "{pl}");
    assert!(pl.contains("2026, 10:00"), "{pl}");
}

#[test]
fn each_listing_with_sessions_has_one_calendar_file_linked_from_its_pages() {
    let b = Built::new();
    let id = "tuesday-carers-cafe";
    let ics = b.read(&format!("listings/{id}/{id}.ics"));
    // CRLF everywhere, lines of at most 75 octets.
    assert!(!ics.replace("\r\n", "").contains('\n'), "a bare LF");
    for line in ics.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
    }
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    for want in [
        "UID:tuesday-carers-cafe-1@fixtures.example.org",
        "UID:tuesday-carers-cafe-2@fixtures.example.org",
        "DTSTART;TZID=Europe/London:20261124T100000",
        "DTEND;TZID=Europe/London:20261124T120000",
        "RRULE:FREQ=WEEKLY;BYDAY=TU,TH",
        "DTSTART;TZID=Europe/London:20261127T183000",
        "RRULE:FREQ=MONTHLY;BYDAY=-1FR",
        "SUMMARY:Tuesday Carers Café",
        "LOCATION:Close Hall\\, 1 Close Road\\, Fixtureton\\, CR9 1AB",
        "URL:https://fixtures.example.org/listings/tuesday-carers-cafe/",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
    ] {
        assert!(ics.contains(&format!("{want}\r\n")), "no {want} in\n{ics}");
    }
    // A long name is folded onto a continuation line, and the term-time note comes along.
    let long = "term-time-toddler-music-with-a-name-long-enough-to-fold";
    let folded = b.read(&format!("listings/{long}/{long}.ics"));
    assert!(folded.contains("\r\n "), "{folded}");
    let unfolded = folded.replace("\r\n ", "");
    assert!(unfolded.contains(
        "SUMMARY:Term Time Toddler Music\\, Singing and Rhymes for the Very Young of Fixtureshire\r\n"
    ));
    assert!(unfolded.contains("Term time only: check dates with the group."));
    // A one-off date is a single event.
    let fair = b.read("listings/last-christmas-fair/last-christmas-fair.ics");
    assert!(fair.contains("DTSTART;TZID=Europe/London:20261101T110000\r\n"));
    assert!(!fair.contains("RRULE:FREQ=WEEKLY") && !fair.contains("RRULE:FREQ=MONTHLY"));

    // One file for every language, linked from the page in each.
    let all = walk(&b.out());
    let calendars: Vec<&String> = all.iter().filter(|f| f.ends_with(".ics")).collect();
    assert_eq!(
        calendars,
        [
            "listings/close-coffee-morning/close-coffee-morning.ics",
            "listings/last-christmas-fair/last-christmas-fair.ics",
            &format!("listings/{long}/{long}.ics"),
            "listings/tuesday-carers-cafe/tuesday-carers-cafe.ics",
        ]
    );
    let page = b.read(&format!("listings/{id}/index.html"));
    for lang in ["en", "so", "ar"] {
        let html = crate::common::part(&page, lang);
        let link = tags(html, "a")
            .into_iter()
            .find(|a| a.get("class").is_some_and(|c| c == "calendar-link"))
            .unwrap_or_else(|| panic!("{lang} has no calendar link"));
        assert!(link.contains_key("download"));
        assert_eq!(
            resolve(&format!("listings/{id}/index.html"), &link["href"]),
            PathBuf::from(format!("listings/{id}/{id}.ics")),
            "{lang}"
        );
    }
    assert!(
        b.read(&format!("listings/{id}/index.html"))
            .contains("Add to your calendar")
    );
    // No sessions, no calendar.
    assert!(!b.read("listings/far-choir/index.html").contains(".ics"));
}

#[test]
fn every_site_has_a_search_index_its_home_page_in_each_language_uses() {
    let b = Built::new();
    for site in ["y99001", "y99002", "borough"] {
        let index: serde_json::Value =
            serde_json::from_str(&b.read(&format!("{site}/search/index.json"))).unwrap();
        let ids = common::index_ids(&index);
        // The documents are the home page's cards, in its order.
        let home = b.read(&format!("{site}/index.html"));
        let cards: Vec<String> = tags(&home, "a")
            .iter()
            .filter_map(|a| a.get("href"))
            .filter_map(|h| h.strip_prefix("../listings/"))
            .map(|h| h.split('/').next().unwrap().to_string())
            .collect();
        assert_eq!(ids, cards, "{site}");
        for page in [
            format!("{site}/index.html"),
            format!("so/{site}/index.html"),
        ] {
            let html = b.read(&page);
            let form = &tags(&html, "form")[0];
            assert!(
                form.contains_key("hidden"),
                "{page}: the form shows without JavaScript"
            );
            assert_eq!(
                resolve(&page, &form["data-index"]),
                PathBuf::from(format!("{site}/search/index.json")),
                "{page}"
            );
            let scripts: Vec<PathBuf> = tags(&html, "script")
                .iter()
                .map(|s| resolve(&page, &s["src"]))
                .collect();
            assert_eq!(
                scripts,
                [
                    PathBuf::from("assets/when.js"),
                    PathBuf::from("assets/site.js"),
                    PathBuf::from("assets/shortlist.js")
                ],
                "{page}"
            );
            // The search client loads on the first search, not with the page.
            assert_eq!(
                resolve(&page, &form["data-search-js"]),
                PathBuf::from("assets/search.js"),
                "{page}"
            );
            // The words the scripts show are the page's: the form's, and when.js's for the
            // next sessions of cards and results.
            assert!(form.contains_key("data-count") && form.contains_key("data-found"));
            assert!(html.contains(" data-next-t=\""), "{page}");
            // A live region announces how many are shown.
            assert!(html.contains("role=\"status\" aria-live=\"polite\" data-finder-status"));
        }
    }
    // One index per site, shared by the languages (each other language's words beside it).
    let all = walk(&b.out());
    let indexes: Vec<&String> = all
        .iter()
        .filter(|f| f.contains("/search/") && !f.contains("/search/words-"))
        .collect();
    assert_eq!(
        indexes,
        [
            "borough/search/index.json",
            "y99001/search/index.json",
            "y99002/search/index.json"
        ]
    );
    // Walking times on practice sites' results only.
    assert!(
        b.read("y99001/index.html")
            .contains("data-walk=\"{n} min walk\"")
    );
    assert!(!b.read("borough/index.html").contains("data-walk="));
}

#[test]
fn the_scripts_as_served_are_valid_javascript() {
    if common::node("the scripts as served").is_none() {
        return;
    }
    let b = Built::new();
    // Every script the theme serves (the minifier has broken `a + +b` before).
    let mut names: Vec<String> = std::fs::read_dir(b.out().join("assets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".js"))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "{names:?}");
    for name in &names {
        let path = b.out().join("assets").join(name);
        let source = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("themes/default/{name}")),
        )
        .unwrap();
        let served = std::fs::read_to_string(&path).unwrap();
        assert!(served.len() < source.len(), "{name} is not minified");
        let check = std::process::Command::new("node")
            .arg("--check")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{name} as served does not parse: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

/// Every file under `dir`, relative, sorted.
fn walk(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}
