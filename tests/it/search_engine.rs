//! The tantivy engine: incremental updates of the on-disk index, the API entry points, the
//! `signpost search` command, and near-duplicate detection, on the bundled Croydon directory.

use std::path::Path;

use crate::common::{croydon, repo};
use serde_json::Value;
use signpost::search::{Engine, dupes};

#[test]
fn the_index_is_rebuilt_only_for_listings_that_changed() {
    let mut dir = croydon();
    let published = dir.published().count();
    let tmp = tempfile::tempdir().unwrap();
    let engine = Engine::open_in(&dir, tmp.path()).unwrap();
    assert_eq!(engine.sync.added, published);
    assert_eq!(engine.len() as usize, published);
    drop(engine);

    let engine = Engine::open_in(&dir, tmp.path()).unwrap();
    assert_eq!(engine.sync.added, 0);
    assert_eq!(engine.sync.unchanged, published);
    drop(engine);

    // One listing changes, one disappears.
    let i = dir
        .listings
        .iter()
        .position(|l| l.id == "brigstock-road-stitchers")
        .unwrap();
    dir.listings[i].summary = "Quilting and patchwork every Thursday.".into();
    dir.listings.retain(|l| l.id != "heath-bereavement-cafe");
    let engine = Engine::open_in(&dir, tmp.path()).unwrap();
    assert_eq!(engine.sync.added, 1);
    assert_eq!(engine.sync.removed, 1);
    assert_eq!(engine.len() as usize, published - 1);
    let hits = engine.search("patchwork", 3);
    assert_eq!(hits[0].0, "brigstock-road-stitchers");
    assert!(
        engine
            .search("bereavement cafe", 10)
            .iter()
            .all(|(id, _)| id != "heath-bereavement-cafe")
    );
}

#[test]
fn the_api_search_ranks_by_relevance() {
    let dir = croydon();
    let tmp = tempfile::tempdir().unwrap();
    let engine = Engine::open_in(&dir, tmp.path()).unwrap();
    let hits = engine.search("bereavment", 5);
    assert_eq!(hits[0].0, "heath-bereavement-cafe", "{hits:?}");
    assert!(hits.windows(2).all(|w| w[0].1 >= w[1].1));
    assert!(engine.search("the and", 5).is_empty());
    assert!(engine.search("", 5).is_empty());
}

#[test]
fn the_index_built_in_memory_answers_as_the_one_on_disk() {
    let dir = croydon();
    let tmp = tempfile::tempdir().unwrap();
    let on_disk = Engine::open_in(&dir, tmp.path()).unwrap();
    let in_memory = Engine::in_memory(&dir).unwrap();
    assert_eq!(in_memory.len(), on_disk.len());
    assert_eq!(in_memory.sync.added, dir.published().count());
    for query in [
        "bereavment",
        "knit",
        "skint",
        "bengali women",
        "tuesday morning",
        "qqqqqq",
    ] {
        assert_eq!(
            in_memory.search(query, 20),
            on_disk.search(query, 20),
            "{query}"
        );
    }
    assert_eq!(
        in_memory.search("bereavment", 1)[0].0,
        "heath-bereavement-cafe"
    );
}

/// `signpost ARGS…` on the bundled Croydon directory.
fn signpost(args: &[&str]) -> std::process::Output {
    crate::common::signpost(&repo(), args)
}

#[test]
fn signpost_search_prints_json_with_walking_times() {
    let out = signpost(&[
        "search", "men's", "group", "--near", "CR7 7JB", "--limit", "3", "--format", "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&String> = found.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["help", "results", "total"], "crisis help first");
    assert!(found["help"].as_array().unwrap().is_empty());
    let hits = found["results"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[0]["id"], "gillett-road-mens-shed");
    for h in hits {
        let keys: Vec<&String> = h.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "name", "score", "walk_minutes"]);
    }
    assert!(hits[0]["walk_minutes"].as_u64().unwrap() < 20);

    let out = signpost(&["search", "toddler", "--site", "croydon", "--limit", "2"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(" 1. ") && text.contains("min walk"), "{text}");

    let out = signpost(&["search", "x", "--site", "no-such-site"]);
    assert_eq!(out.status.code(), Some(2));
    let out = signpost(&["search", "x", "--near", "ZZ1 1ZZ"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn near_duplicates_are_alike_and_close_but_the_croydon_directory_has_none() {
    let dir = croydon();
    assert!(dupes::near_duplicates(&dir.listings).is_empty());
    let mut listings = dir.listings.clone();
    let mut copy = listings
        .iter()
        .find(|l| l.id == "brigstock-road-stitchers")
        .unwrap()
        .clone();
    copy.id = "brigstock-stitchers".into();
    copy.path = Path::new("listings/thornton-heath/brigstock-stitchers.yaml").into();
    copy.name = "Brigstock Stitchers".into();
    listings.push(copy.clone());
    // Far away, the same name is another group.
    let mut far = copy;
    far.id = "brigstock-stitchers-purley".into();
    for v in &mut far.venues {
        let at = v.at.unwrap();
        v.at = Some(signpost::place::LatLon {
            lat: at.lat - 0.05,
            lon: at.lon,
        });
    }
    listings.push(far);
    let pairs: Vec<(&str, &str)> = dupes::near_duplicates(&listings)
        .into_iter()
        .map(|(a, b)| (a.id.as_str(), b.id.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [("brigstock-road-stitchers", "brigstock-stitchers")],
        "{pairs:?}"
    );
}

#[test]
fn checking_one_new_file_compares_it_with_the_whole_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(
        repo().join("listings/thornton-heath/brigstock-road-stitchers.yaml"),
    )
    .unwrap();
    let copy = original.replace(
        "name: Brigstock Road Stitchers",
        "name: Brigstock Road Stitchers Group",
    );
    let file = tmp.path().join("brigstock-stitchers-group.yaml");
    std::fs::write(&file, copy).unwrap();
    let out = signpost(&["check", file.to_str().unwrap(), "--format", "json"]);
    let diags: Value = serde_json::from_slice(&out.stdout).unwrap();
    let w005: Vec<&Value> = diags
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "W005")
        .collect();
    assert_eq!(w005.len(), 1, "{diags:#}");
    assert_eq!(
        w005[0]["message"],
        "this looks like listings/thornton-heath/brigstock-road-stitchers.yaml (\"Brigstock Road Stitchers\")"
    );
    assert_eq!(w005[0]["line"], 2);
}
