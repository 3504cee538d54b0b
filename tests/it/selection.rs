//! One selection per site, read back from what `signpost build` writes (never from the
//! in-memory selection): on every site of the bundled Croydon directory, in every language, a
//! need's figure on the home page, its section of the home page (its heading's figure and its
//! entries, each a link to a card of the page or to a listing page), the entries of the
//! site's search index with that need and the poster's line agree; every listing a page of
//! the site links to is in the site's search and shortlist facts, and nothing else is; a
//! need's entry points at the listing's one card, so it sits in the same list everywhere. And services limited to some wards, on a copy of
//! `tests/fixtures/build` (practices y99001 and y99002, 2.2 km apart, and a borough-wide
//! site): shown where the site's walk reaches one of their wards, under a heading naming
//! them, and elsewhere only as a group within the walk. The gaps report's row for each
//! practice counts, within a walk and apart, exactly what that practice's site shows.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::common::{BuildFixture, croydon, index_ids, repo, signpost, stderr};

/// A card on a built page: the listing it links to and the heading of the list it is in.
#[derive(Debug)]
struct Card {
    listing: String,
    list: String,
}

/// The text between `from` and the next `to` after it, in `html` from `at`.
fn between<'a>(html: &'a str, at: usize, from: &str, to: &str) -> Option<&'a str> {
    let start = html[at..].find(from)? + at + from.len();
    let end = html[start..].find(to)? + start;
    Some(&html[start..end])
}

/// The listing id of every `listings/<id>/` link in `html`.
fn linked(html: &str) -> BTreeSet<String> {
    html.match_indices("listings/")
        .filter_map(|(i, m)| {
            let rest = &html[i + m.len()..];
            let id = &rest[..rest.find('/')?];
            let slug = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            (slug && html[..i].ends_with(['"', '/'])).then(|| id.to_string())
        })
        .collect()
}

/// The cards of a site's home or need page, list by list (`<section>`s with an `<h2>`), and
/// how many services available everywhere its "See all" link stands for beyond its cards.
fn cards(html: &str) -> (Vec<Card>, usize) {
    let mut out = Vec::new();
    let mut more = 0;
    for (at, _) in html.match_indices("<section aria-labelledby=\"") {
        let section = between(html, at, "", "</section>").unwrap();
        let Some(heading) = between(section, 0, "<h2", "</h2>") else {
            continue;
        };
        // Which list: the nearby groups (on a home page split in two, the nearest first and
        // "more" after the needs: one list), the services for some wards (one list per
        // heading, as a need page shows only some of them), or those available everywhere.
        let id = between(section, 0, "aria-labelledby=\"", "\"").unwrap();
        let list = if id.starts_with("near") {
            "near".to_string()
        } else if id.starts_with("local") {
            heading[heading.find('>').unwrap() + 1..].to_string()
        } else {
            id.to_string()
        };
        let mut shown = 0;
        for (i, _) in section.match_indices("<li class=\"card") {
            let href = between(section, i, "<a href=\"", "\"").unwrap();
            let listing = linked(&format!("\"{href}")).into_iter().next().unwrap();
            out.push(Card {
                listing,
                list: list.clone(),
            });
            shown += 1;
        }
        if section.contains("aria-labelledby=\"everywhere\"")
            && let Some(all) = between(section, 0, "everywhere/", "</a>")
        {
            let text = &all[all.find('>').unwrap() + 1..];
            let digits: String = text
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            more += digits.parse::<usize>().unwrap() - shown;
        }
    }
    (out, more)
}

/// The need links of a site's home page: need id → the figure beside it.
fn tiles(home: &str) -> BTreeMap<String, usize> {
    let list = between(home, 0, "<ul class=\"needs\">", "</ul>").unwrap();
    list.match_indices("<a href=\"#")
        .map(|(i, _)| {
            let need = between(list, i, "#", "\"").unwrap().to_string();
            let count = between(list, i, "<span class=\"count\">", "<").unwrap();
            (need, count.parse().unwrap())
        })
        .collect()
}

/// A need's section of a site's home page (`<section class="need" id="<need>">`).
struct NeedSection {
    /// The figure in its heading.
    count: usize,
    /// Its entries in order: `#l-<id>` anchors (the listing's card on the page) or listing
    /// ids of links to listing pages.
    entries: Vec<Entry>,
    /// How many services available everywhere its "See all" link stands for, if it has one.
    all: Option<usize>,
}

enum Entry {
    Card(String),
    Page(String),
}

/// The need sections of a site's home page: need id → its section.
fn need_sections(home: &str) -> BTreeMap<String, NeedSection> {
    let mut out = BTreeMap::new();
    for (at, _) in home.match_indices("<section class=\"need\" id=\"") {
        let section = between(home, at, "", "</section>").unwrap();
        let need = between(section, 0, "id=\"", "\"").unwrap().to_string();
        let count = between(section, 0, "<span class=\"count\">", "<").unwrap();
        let list = between(section, 0, "<ol>", "</ol>").unwrap();
        let entries = list
            .match_indices("<li><a href=\"")
            .map(|(i, _)| {
                let href = between(list, i, "<a href=\"", "\"").unwrap();
                match href.strip_prefix("#l-") {
                    Some(id) => Entry::Card(id.to_string()),
                    None => Entry::Page(linked(&format!("\"{href}")).into_iter().next().unwrap()),
                }
            })
            .collect();
        let all = between(section, 0, "everywhere/", "</a>").map(|all| {
            let text = &all[all.find('>').unwrap() + 1..];
            let digits: String = text
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<usize>().unwrap()
        });
        out.insert(
            need,
            NeedSection {
                count: count.parse().unwrap(),
                entries,
                all,
            },
        );
    }
    out
}

/// The languages of a build: "" for the default one at the top, then each folder that holds
/// the site `site`.
fn languages(out: &Path, site: &str) -> Vec<String> {
    let mut langs = vec![String::new()];
    for entry in std::fs::read_dir(out).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.len() == 2 && out.join(&name).join(site).join("index.html").is_file() {
            langs.push(name);
        }
    }
    langs.sort();
    langs
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What one site's search index holds: its listing ids, and per need the ids with it.
struct Search {
    ids: BTreeSet<String>,
    by_need: HashMap<String, BTreeSet<String>>,
}

fn search(out: &Path, site: &str) -> Search {
    let index: serde_json::Value =
        serde_json::from_str(&read(&out.join(site).join("search/index.json"))).unwrap();
    assert!(
        index.get("also").is_none() && index["docs"].is_array(),
        "{site}"
    );
    let ids: Vec<String> = index_ids(&index).into_iter().map(String::from).collect();
    let mut by_need = HashMap::new();
    for (term, postings) in index["terms"].as_object().unwrap() {
        if let Some(need) = term.strip_prefix("n:") {
            let mut doc = 0;
            let mut with = BTreeSet::new();
            for (k, v) in postings.as_array().unwrap().iter().enumerate() {
                if k % 2 == 0 {
                    doc += v.as_u64().unwrap() as usize;
                    with.insert(ids[doc].clone());
                }
            }
            by_need.insert(need.to_string(), with);
        }
    }
    Search {
        ids: ids.into_iter().collect(),
        by_need,
    }
}

/// Checks one language's pages of `site` against its search: returns the listings the pages
/// link to.
fn check_pages(out: &Path, site: &str, lang: &str, search: &Search) -> BTreeSet<String> {
    let folder = out.join(lang).join(site);
    let home = read(&folder.join("index.html"));
    let tiles = tiles(&home);
    let mut links = linked(&home);
    // Each listing has one card on the page, in one list.
    let placed: HashMap<String, String> = cards(&home)
        .0
        .into_iter()
        .map(|c| (c.listing, c.list))
        .collect();
    let sections = need_sections(&home);
    assert!(
        !folder.join("needs").exists(),
        "{lang}/{site}: no need pages"
    );
    for (need, section) in &sections {
        let at = format!("{lang}/{site}/#{need}");
        let with = search.by_need.get(need).cloned().unwrap_or_default();
        let mut everywhere_shown = 0;
        for entry in &section.entries {
            let listing = match entry {
                Entry::Card(id) => {
                    let list = placed.get(id);
                    assert!(list.is_some(), "{at}: #l-{id} is no card of the page");
                    if list.is_some_and(|l| l == "everywhere") {
                        everywhere_shown += 1;
                    }
                    id
                }
                Entry::Page(id) => {
                    everywhere_shown += 1;
                    id
                }
            };
            assert!(with.contains(listing), "{at}: {listing}");
        }
        let more = section.all.map_or(0, |all| all - everywhere_shown);
        let shown = section.entries.len() + more;
        assert_eq!(tiles.get(need), Some(&shown), "{at}: link");
        assert_eq!(section.count, shown, "{at}: heading");
        assert_eq!(shown, with.len(), "{at}: search");
    }
    let linked_needs: BTreeSet<&String> = tiles.keys().collect();
    let section_needs: BTreeSet<&String> = sections.keys().collect();
    assert_eq!(
        linked_needs, section_needs,
        "{lang}/{site}: links and sections"
    );
    assert!(tiles.values().all(|&n| n > 0), "{lang}/{site}: {tiles:?}");
    for tool in ["shortlist/index.html", "poster/index.html"] {
        links.extend(linked(&read(&folder.join(tool))));
    }
    let facts = crate::common::shortlist_facts(&read(&folder.join("shortlist/index.html")));
    let facts: BTreeSet<String> = facts.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        facts, search.ids,
        "{lang}/{site}/shortlist/index.html: its facts"
    );
    if lang.is_empty() {
        check_poster(&read(&folder.join("poster/index.html")), &home, site);
    }
    links
}

/// Each need on the English poster has the figure of its link on the home page.
fn check_poster(poster: &str, home: &str, site: &str) {
    let tiles = between(home, 0, "<ul class=\"needs\">", "</ul>").unwrap();
    let by_label: HashMap<&str, &str> = tiles
        .match_indices("<a href=\"#")
        .map(|(i, _)| {
            let label = between(tiles, i, "\">", " <span class=\"count\">").unwrap();
            let count = between(tiles, i, "<span class=\"count\">", "<").unwrap();
            (label, count)
        })
        .collect();
    let list = between(poster, 0, "<ul class=\"poster__needs\">", "</ul>").unwrap();
    let mut lines = 0;
    for (i, _) in list.match_indices("<li>") {
        let label = between(list, i, "<li>", " <span").unwrap();
        let figure = between(list, i, "<span class=\"poster__count\">", "</span>").unwrap();
        let n = figure.split(' ').next().unwrap();
        assert_eq!(Some(&n), by_label.get(label), "{site} poster: {label}");
        lines += 1;
    }
    assert!(lines > 0, "{site}: no need on the poster");
}

#[test]
fn every_page_of_every_croydon_site_counts_and_links_what_its_search_holds() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("public");
    let built = signpost(&repo(), &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let sites: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&read(&out.join("sites.json"))).unwrap();
    assert_eq!(sites.len(), 47);
    let langs = languages(&out, "croydon");
    assert_eq!(langs, ["", "ar", "bn", "pl", "so", "ur"]);
    for site in sites.keys() {
        let search = search(&out, site);
        let mut links = BTreeSet::new();
        for lang in &langs {
            links.extend(check_pages(&out, site, lang, &search));
        }
        assert_eq!(links, search.ids, "{site}: linked and searched");
    }
    // Ward services are never "available wherever you live", and the New Addington food
    // share is not a top-up 10 km from Norbury.
    let everywhere = linked(&read(&out.join("everywhere/index.html")));
    for ward_service in [
        "central-parade-food-share",
        "safe-space-womens-group",
        "second-wind-stroke-club",
    ] {
        assert!(!everywhere.contains(ward_service), "{ward_service}");
    }
    assert!(
        !search(&out, "h83009")
            .ids
            .contains("central-parade-food-share")
    );
    let (borough, _) = cards(&read(&out.join("croydon/index.html")));
    let women = borough
        .iter()
        .find(|c| c.listing == "safe-space-womens-group")
        .unwrap();
    assert_eq!(
        women.list,
        "For people living in Thornton Heath, Bensham Manor, West Thornton and Selhurst"
    );
    check_gaps_report(&out);
}

/// The gaps report asks its own question of each practice (what people can walk to, with no
/// top-ups), by the sites' own walking-time and ward-scope functions: its groups "within a
/// walk" are the site's groups within its walking time (`walk` in the site's search index),
/// its services counted apart the rest of what the site shows (for everyone, or for wards the
/// walk reaches), in total and need by need; made-up examples are in neither, counted apart.
fn check_gaps_report(out: &Path) {
    let gaps = signpost(&repo(), &["gaps", "--format", "json"]);
    assert_eq!(gaps.status.code(), Some(0), "{}", stderr(&gaps));
    let report: serde_json::Value = serde_json::from_slice(&gaps.stdout).unwrap();
    let dir = croydon();
    let listing = |id: &str| dir.listings.iter().find(|l| l.id == id).unwrap();
    let rows = report["practices"].as_array().unwrap();
    assert_eq!(rows.len(), 46);
    for row in rows {
        let id = row["id"].as_str().unwrap();
        let site = dir.sites.iter().find(|s| s.id == id).unwrap();
        let index: serde_json::Value =
            serde_json::from_str(&read(&out.join(id).join("search/index.json"))).unwrap();
        // [within a walk, apart, examples] for every need, and in total ("").
        let mut counted: BTreeMap<String, [u64; 3]> = BTreeMap::new();
        for doc in index["docs"].as_array().unwrap() {
            let l = listing(doc[0].as_str().unwrap());
            let within = doc[3]
                .as_u64()
                .is_some_and(|m| m <= u64::from(site.walk_minutes));
            let column = match (l.example, within) {
                (true, _) => 2,
                (false, true) => 0,
                (false, false) => 1,
            };
            for need in l.needs.iter().map(String::as_str).chain([""]) {
                counted.entry(need.to_string()).or_default()[column] += 1;
            }
        }
        let figures = |c: &serde_json::Value| {
            ["reachable", "everywhere", "examples"].map(|k| c[k].as_u64().unwrap())
        };
        assert_eq!(
            figures(&row["total"]),
            counted.get("").copied().unwrap_or_default(),
            "{id}: [within a walk, apart, examples] in the report and on the site"
        );
        for n in row["needs"].as_array().unwrap() {
            let need = n["need"].as_str().unwrap();
            assert_eq!(
                figures(n),
                counted.get(need).copied().unwrap_or_default(),
                "{id}, {need}: [within a walk, apart, examples] in the report and on the site"
            );
        }
    }
}

/// A listing file for the build fixture: `area_wards` it serves, `venue` its postcode if any.
fn ward_listing(name: &str, needs: &str, wards: &str, venue: Option<&str>) -> String {
    let venue = venue.map_or(String::new(), |postcode| {
        format!("venues:\n  - name: {name} Hall\n    postcode: {postcode}\n    access: []\n")
    });
    format!(
        "name: {name}\nsummary: A service for some wards only.\nneeds: [{needs}]\n{venue}\
         area:\n  wards: [{wards}]\ncontact:\n  phone: 020 7946 0120\n\
         maintainers: [fixture]\nreviewed: 2026-10-01\n"
    )
}

#[test]
fn a_ward_service_is_shown_where_the_walk_reaches_its_wards_and_nowhere_else() {
    let f = BuildFixture::new();
    // A 25-minute walk (about 1.57 km in a straight line): from the first practice it reaches
    // Thornton Heath (0.3 km away) and Norbury & Pollards Hill (1.26 km), from the second,
    // 2.2 km south, Thornton Heath (0.8 km) and Fairfield (0.3 km).
    let config = f.root().join("signpost.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let longer = text.replace("walk_minutes = 20", "walk_minutes = 25");
    assert_ne!(text, longer);
    std::fs::write(&config, longer).unwrap();
    let listings = f.root().join("listings");
    // No venue: for people living in Norbury & Pollards Hill.
    let visits = ward_listing(
        "Norbury Home Visits",
        "loneliness-and-isolation",
        "Norbury & Pollards Hill",
        None,
    );
    std::fs::write(listings.join("norbury-home-visits.yaml"), visits).unwrap();
    // A venue 100 m from the first practice, serving Fairfield, which only the second
    // practice's walk reaches.
    let share = ward_listing(
        "Fairfield Food Share",
        "food-support",
        "Fairfield",
        Some("CR9 1AB"),
    );
    std::fs::write(listings.join("fairfield-food-share.yaml"), share).unwrap();
    // A venue at the second practice, serving Norbury & Pollards Hill.
    let club = ward_listing(
        "Southside Lunch Club",
        "food-support",
        "Norbury & Pollards Hill",
        Some("CR9 2AA"),
    );
    std::fs::write(listings.join("southside-lunch-club.yaml"), club).unwrap();
    f.built();

    let lists = |page: &str| -> Vec<(String, String)> {
        cards(&f.read(page))
            .0
            .into_iter()
            .map(|c| (c.listing, c.list))
            .collect()
    };
    let norbury = "For people living in Norbury &amp; Pollards Hill".to_string();
    let fairfield = "For people living in Fairfield".to_string();
    let first = lists("y99001/index.html");
    let of = |list: &[(String, String)], id: &str| {
        list.iter()
            .find(|(l, _)| l == id)
            .map(|(_, heading)| heading.clone())
    };
    // In its ward, without a venue: under its ward's heading, and the need's section points
    // at that card.
    assert_eq!(of(&first, "norbury-home-visits"), Some(norbury.clone()));
    let sections = need_sections(&f.read("y99001/index.html"));
    let section = &sections["loneliness-and-isolation"];
    assert!(
        section
            .entries
            .iter()
            .any(|e| matches!(e, Entry::Card(id) if id == "norbury-home-visits"))
    );
    // Outside its ward, within the walk: a group near you, with its walking time.
    assert_eq!(of(&first, "fairfield-food-share"), Some("near".to_string()));
    assert!(
        f.read("y99001/index.html")
            .contains("listings/fairfield-food-share/?from=y99001&amp;walk=2")
    );
    // In its ward, beyond the walk: under its ward, with how far its venue is.
    assert_eq!(of(&first, "southside-lunch-club"), Some(norbury.clone()));
    let home = f.read("y99001/index.html");
    let card = &home[home.find("listings/southside-lunch-club/").unwrap()..];
    let card = &card[..card.find("</li>").unwrap()];
    assert!(
        card.contains("?from=y99001&amp;walk=36")
            && card.contains("<strong>36 min walk</strong>")
            && card.contains("(further than a 25-minute walk)"),
        "{card}"
    );
    // The second practice: outside its ward and beyond the walk, the home visits are on no
    // page, not in its search and not on its shortlist; the food share is under Fairfield;
    // the lunch club, within its walk, is near.
    let second = lists("y99002/index.html");
    assert_eq!(of(&second, "norbury-home-visits"), None);
    assert_eq!(of(&second, "fairfield-food-share"), Some(fairfield));
    assert_eq!(
        of(&second, "southside-lunch-club"),
        Some("near".to_string())
    );
    for file in ["y99002/search/index.json", "y99002/shortlist/index.html"] {
        assert!(!f.read(file).contains("norbury-home-visits"), "{file}");
    }
    assert!(
        f.read("y99001/search/index.json")
            .contains("norbury-home-visits")
    );
    // Never "available wherever you live": not in that list and not on the shared pages.
    for (site, list) in [("y99001", &first), ("y99002", &second)] {
        for (id, heading) in list.iter() {
            if id != "online-peer-support" {
                assert_ne!(heading, "everywhere", "{site}: {id}");
            }
        }
    }
    assert!(
        !f.read("everywhere/index.html")
            .contains("norbury-home-visits")
    );
    // The borough-wide site reaches every ward.
    let borough = lists("borough/index.html");
    assert_eq!(of(&borough, "norbury-home-visits"), Some(norbury));
    assert_eq!(
        of(&borough, "fairfield-food-share"),
        Some("near".to_string())
    );
    // The listing page names the wards a service is for.
    let page = f.read("listings/norbury-home-visits/index.html");
    assert!(
        page.contains("In Norbury &amp; Pollards Hill ward"),
        "{page}"
    );
    let page = f.read("listings/fairfield-food-share/index.html");
    assert!(page.contains("In Fairfield ward"), "{page}");
}
