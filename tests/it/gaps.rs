//! `signpost gaps` through the command line.
//!
//! `tests/fixtures/insight` is a directory with known geography: four 2 km square wards on the
//! British National Grid, each centroid 2 km from its neighbours, so a 20-minute walk (about
//! 1,230 m in a straight line) never reaches from one centroid to another.
//!
//! ```text
//!  N 168000 ┌───────────────┬───────────────┐   venues (easting, northing):
//!           │  North West   │  North East   │   knit-and-natter   531000,167000 NW centroid, free
//!           │ K          C  │D              │   corner-cafe       531950,167950 NW far corner, paid, Sat
//!           │ P1            │               │   debt-drop-in      532150,167000 NE, 19 min from NW centroid, free, 17:00
//!  N 166000 ├───────────────┼───────────────┤   grief-and-friend. 533000,165000 SE centroid, free (bereavement + loneliness)
//!           │  South West  P2      G        │   online-chat       online, free (loneliness)
//!           │               │               │   south-west-home-v. serves South West, free (bereavement)
//!  N 164000 └───────────────┴───────────────┘   closed-debt-clinic closed: never counted
//!                                               example-bereav.-cafe 533000,167000 NE centroid,
//!                                                 free, a made-up example: counted apart
//!        E 530000        532000          534000
//! practices: P1 North Surgery 531000,166800 (in NW); P2 South Surgery 531900,164900 (in SW);
//! a borough-wide site, Squareshire, where `signpost build` publishes the report
//! ```
//!
//! LSOA IMD scores: NW 40 and 20 (mean 30), NE 10, SW 50, SE 5 and 25 (mean 15; the second
//! LSOA straddles the NW/SE line but its centroid is in SE), and one LSOA outside every ward.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common::{TODAY, signpost};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/insight")
}

fn ok(out: Output) -> Output {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn report(root: &Path) -> Value {
    let out = ok(signpost(root, &["gaps", "--format", "json"]));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn area<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["wards"]
        .as_array()
        .unwrap()
        .iter()
        .chain(report["practices"].as_array().unwrap())
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no area {id}"))
}

/// [reachable, free, evening_or_weekend, everywhere, everywhere_free]
fn counts(v: &Value) -> [u64; 5] {
    [
        "reachable",
        "free",
        "evening_or_weekend",
        "everywhere",
        "everywhere_free",
    ]
    .map(|k| v[k].as_u64().unwrap_or_else(|| panic!("no {k} in {v}")))
}

fn need<'a>(area: &'a Value, need: &str) -> &'a Value {
    area["needs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["need"] == need)
        .unwrap()
}

const LONELY: &str = "loneliness-and-isolation";
const GRIEF: &str = "bereavement";
const DEBT: &str = "money-and-debt";

#[test]
fn every_ward_and_practice_has_the_worked_out_counts_for_every_need() {
    let r = report(&fixture());
    assert_eq!(r["listings"], 7, "the closed listing is not counted");
    assert_eq!(r["examples"], 1, "one of them is a made-up example");
    #[rustfmt::skip]
    let expected: &[(&str, &str, [u64; 5])] = &[
        // area, need, [reachable, free, evening_or_weekend, everywhere, everywhere_free]
        ("north-west", LONELY, [1, 1, 0, 1, 1]), // knit; online chat
        ("north-west", GRIEF,  [1, 0, 1, 0, 0]), // corner cafe: paid, Saturday
        ("north-west", DEBT,   [1, 1, 1, 0, 0]), // debt drop-in at 17:00, across the boundary
        ("north-east", LONELY, [0, 0, 0, 1, 1]),
        ("north-east", GRIEF,  [0, 0, 0, 0, 0]),
        ("north-east", DEBT,   [1, 1, 1, 0, 0]),
        ("south-west", LONELY, [0, 0, 0, 1, 1]),
        ("south-west", GRIEF,  [0, 0, 0, 1, 1]), // home visits serve South West
        ("south-west", DEBT,   [0, 0, 0, 0, 0]),
        ("south-east", LONELY, [1, 1, 0, 1, 1]),
        ("south-east", GRIEF,  [1, 1, 0, 0, 0]),
        ("south-east", DEBT,   [0, 0, 0, 0, 0]),
        ("h99001", LONELY, [1, 1, 0, 1, 1]),
        // The corner cafe is 28 minutes away; the surgery's 20-minute walk reaches South
        // West (800 m south), so its site shows the home visits there, and so does the report.
        ("h99001", GRIEF,  [0, 0, 0, 1, 1]),
        ("h99001", DEBT,   [1, 1, 1, 0, 0]),
        ("h99002", LONELY, [1, 1, 0, 1, 1]),
        ("h99002", GRIEF,  [1, 1, 0, 1, 1]),     // in South West: home visits too
        ("h99002", DEBT,   [0, 0, 0, 0, 0]),
    ];
    for (id, n, want) in expected {
        assert_eq!(counts(need(area(&r, id), n)), *want, "{id} {n}");
    }
    // Totals count each listing once, whatever its needs.
    assert_eq!(counts(&area(&r, "north-west")["total"]), [3, 2, 2, 1, 1]);
    assert_eq!(counts(&area(&r, "south-west")["total"]), [0, 0, 0, 2, 2]);
    assert_eq!(counts(&area(&r, "h99002")["total"]), [1, 1, 0, 2, 2]);
    assert_eq!(
        r["practices"].as_array().unwrap().len(),
        2,
        "closed practice"
    );
    assert_eq!(area(&r, "h99001")["ward"], "North West");
    assert_eq!(area(&r, "h99002")["ward"], "South West");
}

#[test]
fn a_venue_inside_the_ward_counts_even_beyond_the_walking_radius() {
    // The corner cafe is 22 minutes from the North West centroid but inside the ward.
    let r = report(&fixture());
    assert_eq!(need(area(&r, "north-west"), GRIEF)["reachable"], 1);
    assert_eq!(need(area(&r, "north-east"), GRIEF)["reachable"], 0);
}

#[test]
fn a_venue_within_the_radius_of_the_ward_centroid_counts_across_the_boundary() {
    // The debt drop-in is in North East, 19 minutes from the North West centroid.
    let r = report(&fixture());
    assert_eq!(need(area(&r, "north-west"), DEBT)["reachable"], 1);
    assert_eq!(need(area(&r, "north-east"), DEBT)["reachable"], 1);
    assert_eq!(need(area(&r, "south-east"), DEBT)["reachable"], 0);
}

#[test]
fn a_gap_is_a_need_with_no_free_group_within_reach() {
    let r = report(&fixture());
    let gaps = |id: &str| -> Vec<String> {
        area(&r, id)["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap().to_string())
            .collect()
    };
    // A paid group does not fill a gap; nor does a free online or home-visit service.
    assert_eq!(gaps("north-west"), [GRIEF]);
    assert_eq!(gaps("north-east"), [LONELY, GRIEF]);
    assert_eq!(gaps("south-west"), [LONELY, GRIEF, DEBT]);
    assert_eq!(gaps("south-east"), [DEBT]);
    assert_eq!(gaps("h99001"), [GRIEF]);
    assert_eq!(gaps("h99002"), [DEBT]);
}

#[test]
fn wards_are_ranked_by_the_mean_imd_score_of_the_lsoas_whose_centroid_they_contain() {
    let r = report(&fixture());
    let wards: Vec<(&str, u64, f64, u64)> = r["wards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let d = &w["deprivation"];
            (
                w["name"].as_str().unwrap(),
                d["rank"].as_u64().unwrap(),
                d["score"].as_f64().unwrap(),
                d["lsoas"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        wards,
        [
            ("South West", 1, 50.0, 1),
            ("North West", 2, 30.0, 2),
            ("South East", 3, 15.0, 2),
            ("North East", 4, 10.0, 1),
        ]
    );
    assert_eq!(r["wards"][0]["deprivation"]["measure"], "lsoa_mean");
    assert_eq!(r["wards"][0]["deprivation"]["worst_lsoa_rank"], 500);
    assert_eq!(r["unassigned_lsoas"], serde_json::json!(["E01999007"]));
    assert_eq!(
        r["notes"],
        serde_json::json!(["1 LSOA with an IMD score lies in no ward: E01999007"])
    );
    // A practice carries the deprivation of its ward.
    assert_eq!(area(&r, "h99002")["deprivation"]["rank"], 1);
}

#[test]
fn csv_has_one_row_per_area_and_need() {
    let out = ok(signpost(&fixture(), &["gaps", "--format", "csv"]));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "area_type,area_id,area_name,ward,imd_score,deprivation_rank,need,reachable,free,\
         evening_or_weekend,everywhere,everywhere_free,gap,examples"
    );
    assert_eq!(lines.len(), 1 + 6 * 3);
    assert!(
        lines.contains(
            &"ward,north-west,North West,North West,30.000,2,bereavement,1,0,1,0,0,true,0"
        ),
        "{text}"
    );
    assert!(
        lines.contains(
            &"practice,h99002,South Surgery,South West,50.000,1,money-and-debt,0,0,0,0,0,true,0"
        ),
        "{text}"
    );
}

#[test]
fn csv_and_json_can_be_written_to_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    ok(signpost(
        &fixture(),
        &["gaps", "--format", "csv", "--out", out],
    ));
    ok(signpost(
        &fixture(),
        &["gaps", "--format", "json", "--out", out],
    ));
    assert!(dir.path().join("gaps.csv").is_file());
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("gaps.json")).unwrap())
            .unwrap();
    assert_eq!(json["wards"].as_array().unwrap().len(), 4);
}

/// The maps of a page: their `<svg>…</svg>` elements (not the legends' swatches).
fn svgs(html: &str) -> Vec<&str> {
    html.split("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"")
        .skip(1)
        .map(|s| &s[..s.find("</svg>").unwrap()])
        .collect()
}

/// The `<title>` of each ward's shape an SVG draws (`<use>` of an outline the page defines
/// once).
fn path_titles(svg: &str) -> Vec<String> {
    svg.split("<use ")
        .skip(1)
        .map(|p| {
            let start = p.find("<title>").expect("a title in every path") + "<title>".len();
            p[start..start + p[start..].find("</title>").unwrap()].to_string()
        })
        .collect()
}

fn html_pages(root: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(signpost(
        root,
        &["gaps", "--out", dir.path().to_str().unwrap()],
    ));
    dir
}

#[test]
fn the_html_report_has_an_overview_and_a_page_per_need_with_one_titled_shape_per_ward() {
    let dir = html_pages(&fixture());
    for page in [
        "index.html",
        "loneliness-and-isolation.html",
        "bereavement.html",
        "money-and-debt.html",
    ] {
        let html = std::fs::read_to_string(dir.path().join(page)).unwrap();
        let maps = svgs(&html);
        assert_eq!(maps.len(), 2, "{page}: a count map and a deprivation map");
        for svg in maps {
            assert!(svg.contains(" aria-label=\"Map of the wards"), "{page}");
            assert!(svg.contains("in the table of wards below"), "{page}");
            let titles = path_titles(svg);
            assert_eq!(titles.len(), 4, "{page}: one shape per ward");
            assert_eq!(svg.matches("<use").count(), 4, "{page}");
            for n in 1..=4 {
                assert!(
                    svg.contains(&format!("<use href=\"#ward-shape-{n}\"")),
                    "{page}"
                );
            }
            for ward in ["North West", "North East", "South West", "South East"] {
                assert_eq!(
                    titles
                        .iter()
                        .filter(|t| t.starts_with(&format!("{ward}:")))
                        .count(),
                    1,
                    "{page}: {ward} in {titles:?}"
                );
            }
        }
        // Each ward's outline is in the page once (the wide map's `<defs>`), drawn by both.
        assert_eq!(html.matches("<path ").count(), 4, "{page}");
        for n in 1..=4 {
            assert_eq!(
                html.matches(&format!("<path id=\"ward-shape-{n}\" d=\"M"))
                    .count(),
                1,
                "{page}"
            );
        }
        assert!(html.contains("<html lang=\"en-GB\">"), "{page}");
        assert!(html.contains("<main id=\"main\">"), "{page}");
        assert!(html.contains("<th scope=\"col\">Ward</th>"), "{page}");
        assert!(
            html.contains("<th scope=\"row\"><span class=\"num\">1</span> South West</th>"),
            "{page}"
        );
        assert!(
            html.contains("<p>Fixture data: invented squares, for tests only.</p>"),
            "{page}"
        );
        assert!(!html.contains("<script"), "{page}");
    }
    let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    assert!(
        index.contains("<title>South West: 0 groups, 0 free; 3 needs with no free group</title>"),
        "{index}"
    );
    assert!(
        index.contains("<title>North West: 3 groups, 2 free; 1 need with no free group</title>"),
        "{index}"
    );
    // The most deprived ward is drawn in the darkest purple, the least in the lightest.
    assert!(
        index.contains("fill=\"#54278f\"><title>South West: IMD score 50.0, rank 1 of 4</title>")
    );
    assert!(
        index.contains("fill=\"#f2f0f7\"><title>North East: IMD score 10.0, rank 4 of 4</title>")
    );
    assert!(index.contains("<a href=\"bereavement.html\">Bereavement and grief</a>"));
    let grief = std::fs::read_to_string(dir.path().join("bereavement.html")).unwrap();
    assert!(
        grief.contains("<title>North West: 1 group, 0 free; no free group</title>"),
        "{grief}"
    );
    assert!(
        grief.contains("<title>South East: 1 group, 1 free</title>"),
        "{grief}"
    );
    assert!(grief.contains("3 of 4 wards and 1 of 2 GP practices have no free group"));
}

#[test]
fn html_goes_to_public_insight_by_default() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), dir.path());
    ok(signpost(dir.path(), &["gaps"]));
    assert!(dir.path().join("public/insight/index.html").is_file());
    assert!(
        dir.path()
            .join("public/insight/money-and-debt.html")
            .is_file()
    );
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_name() == ".signpost-cache" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn without_deprivation_data_the_report_says_what_to_add() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = signpost(&root, &["gaps", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no [insight] section"), "{err}");
}

#[test]
fn the_bundled_croydon_directory_maps_28_wards_and_lists_gaps() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = report(root);
    let wards = r["wards"].as_array().unwrap();
    assert_eq!(wards.len(), 28);
    assert_eq!(r["practices"].as_array().unwrap().len(), 46);
    // The official ward summary ranks New Addington North the most deprived.
    assert_eq!(wards[0]["name"], "New Addington North");
    assert_eq!(wards[0]["deprivation"]["measure"], "ward_summary");
    assert_eq!(wards[0]["deprivation"]["rank"], 1);
    assert!(wards.iter().any(|w| w["name"] == "Shirley South"));
    let lsoas: u64 = wards
        .iter()
        .map(|w| w["deprivation"]["lsoas"].as_u64().unwrap())
        .sum();
    assert_eq!(lsoas, 220, "every Croydon LSOA is in a ward");
    // The LSOA assignment agrees with the official population-weighted ward scores.
    for w in wards {
        let d = &w["deprivation"];
        let (official, mean) = (
            d["score"].as_f64().unwrap(),
            d["lsoa_mean"].as_f64().unwrap(),
        );
        assert!(
            (official - mean).abs() < 2.0,
            "{}: {official} vs {mean}",
            w["name"]
        );
    }
    let practices = r["practices"].as_array().unwrap();
    assert!(
        practices.iter().all(|p| p["ward"].is_string()),
        "every surgery is in a ward"
    );
    let gaps: usize = wards
        .iter()
        .map(|w| w["gaps"].as_array().unwrap().len())
        .sum();
    assert!(gaps > 0);
    assert_eq!(
        r["notes"],
        serde_json::json!([]),
        "Croydon's data all fits together"
    );

    let dir = html_pages(root);
    let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    for svg in svgs(&index) {
        let titles = path_titles(svg);
        assert_eq!(titles.len(), 28);
        for w in wards {
            let name = w["name"].as_str().unwrap().replace('&', "&amp;");
            assert!(
                titles.iter().any(|t| t.starts_with(&format!("{name}:"))),
                "{name} not in {titles:?}"
            );
        }
    }
    assert!(index.contains("Gaps in the most deprived wards"));
    assert!(index.contains("Open Government Licence"));
}

#[test]
fn write_html_is_what_build_calls_and_skips_directories_without_deprivation_data() {
    use signpost::directory::{self, Options};
    let options = Options {
        today: Some(TODAY.parse().unwrap()),
        ..Options::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("insight");

    let loaded = directory::load(&fixture(), &options).unwrap();
    let site = loaded
        .directory
        .sites
        .iter()
        .find(|s| s.id == "squareshire")
        .unwrap();

    let plain = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let without = directory::load(&plain, &options).unwrap();
    assert!(!signpost::insight::write_html(&without.directory, site, &out).unwrap());
    assert!(!out.exists());

    assert!(signpost::insight::write_html(&loaded.directory, site, &out).unwrap());
    assert!(out.join("index.html").is_file());
    assert!(out.join("bereavement.html").is_file());
}

/// The fixture built by `signpost build` (sites and report) into a temporary `public/`.
fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    ok(signpost(
        &fixture(),
        &["build", "--out", public.to_str().unwrap()],
    ));
    (dir, public)
}

/// The report's pages in `dir`: (file name, HTML), overview first.
fn report_pages(dir: &Path) -> Vec<(String, String)> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .collect();
    names.sort_by_key(|n| (n != "index.html", n.clone()));
    assert_eq!(names.len(), 4, "an overview and a page per need: {names:?}");
    names
        .into_iter()
        .map(|n| {
            let html = std::fs::read_to_string(dir.join(&n)).unwrap();
            (n, html)
        })
        .collect()
}

/// The `href` of the link whose text is `text`, if the page has one.
fn link_to<'a>(html: &'a str, text: &str) -> Option<&'a str> {
    html.split("<a ").skip(1).find_map(|a| {
        let (attrs, rest) = a.split_once('>')?;
        if !rest.starts_with(&format!("{text}</a>")) {
            return None;
        }
        let start = attrs.find("href=\"")? + "href=\"".len();
        Some(&attrs[start..start + attrs[start..].find('"')?])
    })
}

/// The file a relative link from the page `from` leads to (`index.html` for a folder).
fn resolve(from: &Path, href: &str) -> PathBuf {
    let mut path = from.parent().unwrap().to_path_buf();
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            _ => path.push(part),
        }
    }
    if href.ends_with('/') {
        path.push("index.html");
    }
    path
}

const REPORT_LINK: &str = "Where are the gaps? (report for commissioners)";

#[test]
fn the_borough_wide_home_links_to_the_gaps_report_and_every_report_page_links_back() {
    let (_dir, public) = built();
    let home = public.join("squareshire/index.html");
    let html = std::fs::read_to_string(&home).unwrap();
    let href = link_to(&html, REPORT_LINK).expect("the home page links the report");
    let report = resolve(&home, href);
    assert_eq!(report, public.join("squareshire/insight/index.html"));
    assert!(report.is_file());
    // From the home page in another language too (the report is in English, and says so).
    let arabic = public.join("ar/squareshire/index.html");
    let html = std::fs::read_to_string(&arabic).unwrap();
    let href = link_to(&html, REPORT_LINK).expect("the Arabic home page links the report");
    assert_eq!(resolve(&arabic, href), report);
    assert!(html.contains(&format!("href=\"{href}\" lang=\"en\" hreflang=\"en\">")));
    // Only the borough-wide site has the report; only its home page links it.
    for page in ["h99001/index.html", "ar/h99001/index.html", "index.html"] {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        assert!(!html.contains(REPORT_LINK), "{page}");
    }

    let folder = public.join("squareshire/insight");
    for (name, html) in report_pages(&folder) {
        let back = link_to(&html, "Back to Squareshire borough-wide directory")
            .unwrap_or_else(|| panic!("{name} links back to the site"));
        assert_eq!(resolve(&folder.join(&name), back), home, "{name}");
    }

    // Written by `signpost gaps`, away from the sites, the pages link to the published site.
    let dir = html_pages(&fixture());
    for (name, html) in report_pages(dir.path()) {
        assert_eq!(
            link_to(&html, "Back to Squareshire borough-wide directory"),
            Some("https://squareshire.example.org/squareshire/"),
            "{name}"
        );
    }
}

#[test]
fn made_up_examples_are_counted_apart_and_never_fill_a_gap() {
    let r = report(&fixture());
    assert_eq!(
        (r["listings"].as_u64(), r["examples"].as_u64()),
        (Some(7), Some(1))
    );
    // The example is a free bereavement group at the North East centroid: counted apart, it
    // leaves North East's gap open.
    let grief = need(area(&r, "north-east"), GRIEF);
    assert_eq!(counts(grief), [0, 0, 0, 0, 0]);
    assert_eq!(grief["examples"], 1);
    assert_eq!(grief["gap"], true);
    assert_eq!(area(&r, "north-east")["total"]["examples"], 1);
    assert_eq!(need(area(&r, "north-west"), GRIEF)["examples"], 0);
    let rule = r["rules"]["examples"].as_str().unwrap();
    assert!(rule.contains("never fill a gap"), "{rule}");

    let (_dir, public) = built();
    for (name, html) in report_pages(&public.join("squareshire/insight")) {
        assert!(
            html.contains(
                "7 groups published, of which 1 is a made-up example for this demonstration"
            ),
            "{name}"
        );
        assert!(html.contains("how many of the 6 real groups"), "{name}");
        assert!(
            html.contains("<th scope=\"col\">Made-up examples (not counted)</th>"),
            "{name}"
        );
    }
    let grief =
        std::fs::read_to_string(public.join("squareshire/insight/bereavement.html")).unwrap();
    let row = grief
        .split("<tr id=\"ward-north-east\">")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap();
    assert!(
        row.contains("<strong class=\"gap\">No free group</strong>"),
        "{row}"
    );
    assert!(row.ends_with("<td>1</td>"), "the example, apart: {row}");
}

#[test]
fn every_ward_on_a_map_is_named_without_hovering_and_linked_to_its_row() {
    let (_dir, public) = built();
    for (name, html) in report_pages(&public.join("squareshire/insight")) {
        // The key: one item per ward, in the maps' numbering, linked to the ward's table row.
        let key = html
            .split("<ol class=\"key\" aria-labelledby=\"map-key\">")
            .nth(1)
            .and_then(|k| k.split("</ol>").next())
            .unwrap_or_else(|| panic!("{name} has no key to the maps"));
        let items: Vec<&str> = key.split("<li>").skip(1).collect();
        assert_eq!(items.len(), 4, "{name}");
        for svg in svgs(&html) {
            let titles = path_titles(svg);
            let numbers: Vec<&str> = svg
                .split("<text ")
                .skip(1)
                .map(|t| {
                    let start = t.find('>').unwrap() + 1;
                    &t[start..start + t[start..].find("</text>").unwrap()]
                })
                .collect();
            assert_eq!(
                numbers,
                ["1", "2", "3", "4"],
                "{name}: a number on every ward"
            );
            for (i, (title, item)) in titles.iter().zip(&items).enumerate() {
                // The ward the map draws i-th, and names in its hover title, is the key's i-th,
                // in visible text.
                let ward = title.split(':').next().unwrap();
                let id = ward.to_lowercase().replace(' ', "-");
                assert!(
                    item.starts_with(&format!("<a href=\"#ward-{id}\">{ward}</a>: ")),
                    "{name}: item {} is {item}",
                    i + 1
                );
                assert!(
                    html.contains(&format!(
                        "<tr id=\"ward-{id}\"><th scope=\"row\"><span class=\"num\">{}</span> {ward}</th>",
                        i + 1
                    )),
                    "{name}: the row of {ward}"
                );
            }
        }
    }
}

#[test]
fn the_gap_column_comes_right_after_the_area_name() {
    let (_dir, public) = built();
    for (name, html) in report_pages(&public.join("squareshire/insight")) {
        let tables: Vec<&str> = html.split("<div class=\"scroll\"").skip(1).collect();
        assert_eq!(tables.len(), 2, "{name}: wards and practices");
        for table in tables {
            let head = table.split("</thead>").next().unwrap();
            let columns: Vec<&str> = head.split("<th scope=\"col\"").skip(1).collect();
            let gap = if name == "index.html" {
                "Needs with no free group"
            } else {
                "Gap"
            };
            assert_eq!(
                columns[1],
                format!(" class=\"gap-col\">{gap}</th>"),
                "{name}"
            );
        }
    }
}

#[test]
fn the_figures_are_published_as_csv_beside_the_report_and_every_page_links_them() {
    let (_dir, public) = built();
    let folder = public.join("squareshire/insight");
    for (name, html) in report_pages(&folder) {
        let href = link_to(
            &html,
            "Download the figures as a spreadsheet (gaps.csv: one row per ward or practice and need)",
        )
        .unwrap_or_else(|| panic!("{name} links the CSV"));
        assert_eq!(resolve(&folder.join(&name), href), folder.join("gaps.csv"));
    }
    let csv = std::fs::read_to_string(folder.join("gaps.csv")).unwrap();
    let out = ok(signpost(&fixture(), &["gaps", "--format", "csv"]));
    assert_eq!(
        csv,
        String::from_utf8(out.stdout).unwrap(),
        "what `gaps --format csv` writes"
    );
    // `signpost gaps` writes it beside its pages too.
    let dir = html_pages(&fixture());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("gaps.csv")).unwrap(),
        csv
    );
}

#[test]
fn every_report_page_has_a_csp_and_no_inline_style_or_script() {
    let (_dir, public) = built();
    let folder = public.join("squareshire/insight");
    for (name, html) in report_pages(&folder) {
        assert!(
            html.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
                 style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'\">"
            ),
            "{name} has no CSP"
        );
        assert!(!html.contains("unsafe-inline"), "{name}");
        assert!(!html.contains("<style"), "{name} has a style element");
        assert!(!html.contains(" style=\""), "{name} has an inline style");
        assert!(!html.contains("<script"), "{name} has a script");
        assert!(
            html.contains("<link rel=\"stylesheet\" href=\"report.css\">"),
            "{name}"
        );
        for link in html.split("<link ").skip(1) {
            let link = &link[..link.find('>').unwrap()];
            assert!(!link.contains("://"), "{name} loads {link}");
        }
    }
    let css = std::fs::read_to_string(folder.join("report.css")).unwrap();
    assert!(css.contains(".map use{"), "the maps' style");
    assert!(
        !css.contains("url(") && !css.contains("@import"),
        "the CSS loads something"
    );
}
