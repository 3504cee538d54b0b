//! The static search index through the JavaScript client as the sites serve it (search.js and
//! site.js minified by the build), run in Node: sizes of the first search on every Croydon
//! practice site, answers to everyday queries with filters, and a split index for a large
//! synthetic site. The search box on a page is tested in a browser (tests/browser/).

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};
use signpost::directory::{self, Directory, Options};
use signpost::search::static_index::{self, write_site_index};
use signpost::select;
use signpost::sites::Kind;

use crate::common::{self, repo};

fn load(root: &Path) -> Directory {
    directory::load(
        root,
        &Options {
            today: Some(jiff::civil::date(2026, 11, 22)),
            ..Options::default()
        },
    )
    .unwrap()
    .directory
}

/// Runs the client over `queries` against the index in `dir`.
fn run_client(dir: &Path, queries: Value) -> Value {
    let input = dir.join("queries.json");
    std::fs::write(&input, queries.to_string()).unwrap();
    // The scripts as the build writes them into assets/.
    let client = dir.join("client");
    std::fs::create_dir_all(&client).unwrap();
    for (name, text) in [
        ("search.js", static_index::CLIENT),
        ("site.js", include_str!("../../themes/default/site.js")),
        ("when.js", include_str!("../../themes/default/when.js")),
    ] {
        std::fs::write(client.join(name), signpost::render::minify(name, text)).unwrap();
    }
    let out = Command::new("node")
        .arg(repo().join("tests/js/search.mjs"))
        .arg(dir)
        .arg(&input)
        .arg(&client)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(result: &Value) -> Vec<String> {
    result["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_first_search_on_every_croydon_practice_site_transfers_at_most_30_kb() {
    if common::node("the size of the first search").is_none() {
        return;
    }
    let dir = load(&repo());
    let tmp = tempfile::tempdir().unwrap();
    let mut sizes = Vec::new();
    for site in dir
        .sites
        .iter()
        .filter(|s| matches!(s.kind, Kind::Practice { .. }))
    {
        let selection = select::for_site(site, dir.published(), &dir.wards);
        let out = tmp.path().join(&site.id);
        write_site_index(&dir, &selection, &out).unwrap();
        let r = run_client(&out, json!({"queries": [{"q": "lonely"}, {"q": "lonely"}]}));
        let first = r["client_gzip"].as_u64().unwrap() + r["results"][0]["bytes"].as_u64().unwrap();
        assert_eq!(
            r["results"][1]["bytes"], 0,
            "the same search again fetches nothing"
        );
        sizes.push((first, site.id.clone(), selection.listings().count()));
    }
    sizes.sort();
    let (max, site, docs) = sizes.last().unwrap().clone();
    let (median, _, _) = sizes[sizes.len() / 2].clone();
    eprintln!(
        "static index: {} practice sites; first search (index + client, gzip -9) median {:.1} KB, largest {:.1} KB ({site}, {docs} listings)",
        sizes.len(),
        median as f64 / 1024.0,
        max as f64 / 1024.0
    );
    assert!(max <= 30 * 1024, "{site}: {max} bytes");
}

#[test]
fn the_client_finds_groups_by_everyday_words_typos_and_filters() {
    if common::node("the static client's answers").is_none() {
        return;
    }
    let dir = load(&repo());
    let site = dir.sites.iter().find(|s| s.id == "croydon").unwrap();
    let selection = select::for_site(site, dir.published(), &dir.wards);
    let tmp = tempfile::tempdir().unwrap();
    write_site_index(&dir, &selection, tmp.path()).unwrap();
    let r = run_client(
        tmp.path(),
        json!({"limit": 5, "full": true, "now": "2026-11-22T09:00:00", "queries": [
            {"q": "bereavment"},
            {"q": "bereav"},
            {"q": "men's shed"},
            {"q": "", "filters": {"l": "so"}},
            {"q": "walk", "filters": {"f": "free", "d": "sat"}},
            {"q": "brigstock stitchers"},
        ]}),
    );
    let res = r["results"].as_array().unwrap();
    assert!(
        ids(&res[0]).contains(&"heath-bereavement-cafe".to_string()),
        "{}",
        res[0]
    );
    assert!(
        ids(&res[1]).contains(&"heath-bereavement-cafe".to_string()),
        "{}",
        res[1]
    );
    assert_eq!(ids(&res[2])[0], "gillett-road-mens-shed", "{}", res[2]);
    // Filters alone list what passes, nearest first; every listing found speaks Somali.
    let somali: Vec<String> = ids(&res[3]);
    assert!(!somali.is_empty());
    for id in &somali {
        let l = dir.listings.iter().find(|l| &l.id == id).unwrap();
        assert!(l.languages.contains(&"so".to_string()), "{id}");
    }
    for id in ids(&res[4]) {
        let l = dir.listings.iter().find(|l| l.id == id).unwrap();
        assert!(l.cost.free, "{id} is not free");
    }
    // Results carry what the page shows: name, summary, walk time and the sessions, whose
    // next (Thursdays 10:00, seen on Sunday 22 November 2026) when.js works out and words.
    let hit = &res[5]["hits"][0];
    assert_eq!(hit["id"], "brigstock-road-stitchers");
    assert_eq!(hit["name"], "Brigstock Road Stitchers");
    assert!(hit["summary"].as_str().unwrap().starts_with("Knitting"));
    assert!(hit["walk"].as_u64().is_some());
    assert_eq!(hit["next"], "2026-11-26 10:00");
}

#[test]
fn a_large_site_is_split_and_a_query_fetches_only_what_it_needs() {
    if common::node("the split index").is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let synthetic = tmp.path().join("dir");
    let status = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .arg("--root")
        .arg(repo())
        .args([
            "generate",
            "--listings",
            "5000",
            "--practices",
            "5",
            "--out",
        ])
        .arg(&synthetic)
        .env("SIGNPOST_TODAY", "2026-11-22")
        .status()
        .unwrap();
    assert!(status.success());
    let dir = load(&synthetic);
    let site = dir.sites.iter().find(|s| s.id == "england").unwrap();
    let selection = select::for_site(site, dir.published(), &dir.wards);
    assert!(selection.listings().count() > static_index::SMALL_MAX_DOCS);
    let out = tmp.path().join("site");
    let written = write_site_index(&dir, &selection, &out).unwrap();
    assert!(written.files > 3 && written.files < 2_000, "{written:?}");
    let r = run_client(
        &out,
        json!({"limit": 10, "queries": [
            {"q": "lonely"}, {"q": "walking group"}, {"q": "walking"},
            {"q": "walking", "filters": {"f": "free", "l": "so"}},
            {"q": "", "filters": {"f": "free", "d": "tue"}},
        ]}),
    );
    let res = r["results"].as_array().unwrap();
    let first = r["client_gzip"].as_u64().unwrap() + res[0]["bytes"].as_u64().unwrap();
    eprintln!(
        "split index of {} listings: {} files, {:.1} MB; first query {:.1} KB ({} files), second {:.1} KB, third {:.1} KB",
        selection.listings().count(),
        written.files,
        written.bytes as f64 / 1e6,
        first as f64 / 1024.0,
        res[0]["files"].as_array().unwrap().len(),
        res[1]["bytes"].as_u64().unwrap() as f64 / 1024.0,
        res[2]["bytes"].as_u64().unwrap() as f64 / 1024.0,
    );
    assert_eq!(ids(&res[0]).len(), 10);
    // Filters alone go through every document's facets, not the capped postings.
    for (k, check) in [(3, "so"), (4, "tue")] {
        let found = ids(&res[k]);
        assert_eq!(found.len(), 10, "{}", res[k]);
        for id in found {
            let l = dir.listings.iter().find(|l| l.id == id).unwrap();
            assert!(l.cost.free, "{id} is not free");
            if check == "so" {
                assert!(l.languages.contains(&"so".to_string()), "{id}");
            } else {
                assert!(
                    signpost::analysis::listing_concepts(l).contains(&"d:tue".to_string()),
                    "{id}"
                );
            }
        }
    }
    assert!(first <= 150 * 1024, "first query {first} bytes");
}

/// With more services available everywhere than a site's own file should carry
/// (`render::EVERYWHERE_INLINE_MAX`), they get one index every site shares
/// (`everywhere/search/`), which each site's index names in `also`: the client searches both
/// and merges them, so a query finds the site's nearby groups and the shared services alike.
#[test]
fn many_services_available_everywhere_share_one_index_that_every_site_searches() {
    if common::node("the index shared by every site").is_none() {
        return;
    }
    let f = common::BuildFixture::new();
    let extra = signpost::render::EVERYWHERE_INLINE_MAX + 20;
    f.add_online_services(extra);
    f.built();
    let site = f.out().join("y99001/search");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("index.json")).unwrap()).unwrap();
    assert_eq!(manifest["also"], "../../everywhere/search/index.json");
    // The site's own index holds only its nearby groups, not the shared services.
    let own = common::index_ids(&manifest);
    assert!(own.iter().all(|id| !id.starts_with("online-")), "{own:?}");
    assert!(own.contains(&"close-coffee-morning"), "{own:?}");
    let shared: Value = serde_json::from_str(
        &std::fs::read_to_string(f.out().join("everywhere/search/index.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        shared["n"],
        extra + 1,
        "every online service, the fixture's own too"
    );

    let out = run_client(
        &site,
        json!({"limit": 5, "queries": [
            {"q": "calligraphy"},
            {"q": "coffee morning"},
            {"q": "origami", "filters": {}},
            {"q": "", "filters": {"f": "self"}},
        ]}),
    );
    let results = out["results"].as_array().unwrap();
    // Only in a shared service: found through the shared index, fetched from its folder.
    assert_eq!(ids(&results[0]), ["online-course-007"]);
    // (An unknown word also fetches the Latin-script languages' words of each index.)
    let files: Vec<&str> = results[0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .filter(|f| !f.contains("words-"))
        .collect();
    assert_eq!(
        files,
        ["index.json", "../../everywhere/search/index.json"],
        "the site's index, then the shared one"
    );
    // Only nearby: the site's own index answers, and nothing more is fetched.
    assert_eq!(ids(&results[1])[0], "close-coffee-morning");
    assert_eq!(results[1]["files"].as_array().unwrap().len(), 0);
    // Many shared matches, cut to the limit.
    assert_eq!(ids(&results[2]).len(), 5);
    assert!(ids(&results[2]).iter().all(|id| id.starts_with("online-")));
    // Filters alone: nearby groups first, nearest first, then the shared services.
    let open = ids(&results[3]);
    assert_eq!(open.len(), 5, "{open:?}");
    assert!(!open[0].starts_with("online-"), "{open:?}");
    assert!(open[4].starts_with("online-"), "{open:?}");
}

/// A built site's index names the languages' words every site shares
/// (`assets/words-<code>.json`) and keeps beside it only what its own listings hold in a
/// language: the client answers as it does from an index with every word in its own folder
/// (`write_site_index`), in every language, fetching the shared file.
#[test]
fn shared_language_words_answer_as_a_site_s_own_words_did() {
    if common::node("the languages' shared words").is_none() {
        return;
    }
    let f = common::BuildFixture::new();
    f.built();
    let dir = load(&f.root());
    let site = dir.sites.iter().find(|s| s.id == "y99001").unwrap();
    let selection = select::for_site(site, dir.published(), &dir.wards);
    let tmp = tempfile::tempdir().unwrap();
    write_site_index(&dir, &selection, tmp.path()).unwrap();
    let queries = json!({"limit": 10, "full": true, "queries": [
        {"q": "kalinimo", "lang": "so"}, {"q": "qaxwada", "lang": "so"},
        {"q": "arbaco", "lang": "so"}, {"q": "coffee", "lang": "so"},
        {"q": "الوحدة", "lang": "ar"}, {"q": "samotność", "lang": "pl"},
        {"q": "nie chcę już żyć", "lang": "pl"}, {"q": "zzqx coffee", "lang": "en"},
    ]});
    let answers = |r: &Value| -> Vec<Value> {
        r["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                let hits: Vec<Value> = q["hits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| json!([h["id"], h["translations"]]))
                    .collect();
                json!([hits, q["crisis"]])
            })
            .collect()
    };
    let built = run_client(&f.out().join("y99001/search"), queries.clone());
    let own = run_client(tmp.path(), queries);
    assert_eq!(answers(&built), answers(&own));
    // The Somali words came from the shared file.
    let files = built["results"][0]["files"].as_array().unwrap();
    assert!(
        files.contains(&json!("../../assets/words-so.json")),
        "{files:?}"
    );
    // Something was found, translated, and the crisis was seen.
    assert!(!answers(&own)[1][0].as_array().unwrap().is_empty());
    assert_eq!(answers(&own)[6][1], json!(["suicide"]));
}
