//! `signpost serve` through the binary: it builds, serves on 127.0.0.1, injects the reload
//! script, rebuilds when a listing changes and tells open pages to reload; with `--api` it
//! serves the Open Referral UK API and reloads it the same way. Every wait is bounded.

use crate::common::fixtures;
use crate::common::server::{Server, served_directory};

#[test]
fn serve_builds_serves_and_rebuilds_on_change() {
    let dir = served_directory();
    let server = Server::start(dir.path(), &[]);
    let (status, _, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("<script src=\"/__signpost/reload.js\" defer></script></body>"));
    let (_, _, page) = server.get("/listings/knit-and-natter/");
    assert!(page.contains("Knit and Natter"));
    // A listing page holds every language: the address its Arabic page had is its Arabic
    // part, with where it was reached from.
    assert!(page.contains(r#"<div class="lang-page" id="ar""#));
    let (status, head, _) = server.get("/ar/listings/knit-and-natter/?from=h83001&walk=3");
    assert_eq!(status, 301);
    assert!(
        head.contains("location: /listings/knit-and-natter/?from=h83001&walk=3#ar\r\n"),
        "{head}"
    );
    assert_eq!(server.get("/../signpost.toml").0, 404);
    assert_eq!(server.get("/.signpost-build").0, 404);
    let (_, _, version) = server.get("/__signpost/reload?since=");
    assert_eq!(version, r#"{"version":0}"#);
    // The built files themselves never carry the reload script.
    let built = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(!built.contains("__signpost"));

    let file = dir.path().join("valid/thornton-heath/knit-and-natter.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("name: Knit and Natter", "name: Knit and Chatter"),
    )
    .unwrap();
    // An open page waiting on the reload endpoint hears about the rebuild.
    let (_, _, version) = server.get("/__signpost/reload?since=0");
    assert_eq!(version, r#"{"version":1}"#);
    server.wait_for("/listings/knit-and-natter/", |b| {
        b.contains("Knit and Chatter")
    });
}

#[test]
fn serve_api_answers_open_referral_and_reloads_on_change() {
    let dir = served_directory();
    let server = Server::start(dir.path(), &["--api"]);
    let (status, _, body) = server.get("/services");
    assert_eq!(status, 200);
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["total_items"], 2);
    let text = std::fs::read_to_string(dir.path().join("valid/debt-advice-line.yaml")).unwrap();
    std::fs::write(
        dir.path().join("valid/benefits-line.yaml"),
        text.replace("Debt Advice Line", "Benefits Line"),
    )
    .unwrap();
    server.wait_for("/services", |b| b.contains("\"total_items\":3"));
}

/// A listing that once crashed every command (a day name whose first three bytes end inside a
/// character), and a listing whose checking panics (the test-only hook): `serve` keeps serving
/// every other listing, in the site and in the API.
#[test]
fn serve_survives_a_listing_that_crashed_it_and_one_that_panics() {
    let dir = served_directory();
    let text = std::fs::read_to_string(dir.path().join("valid/debt-advice-line.yaml")).unwrap();
    std::fs::write(
        dir.path().join("valid/crash.yaml"),
        std::fs::read_to_string(fixtures().join("invalid/accented-day/listing.yaml"))
            .unwrap()
            .replace("name: Knit and Natter", "name: Knit Again"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("valid/benefits-line.yaml"),
        text.replace("Debt Advice Line", "Benefits Line"),
    )
    .unwrap();
    let env = [("SIGNPOST_TEST_PANIC", "benefits-line")];
    let server = Server::start_with(dir.path(), &[], &env);
    let (status, _, page) = server.get("/listings/knit-and-natter/");
    assert_eq!(status, 200);
    assert!(page.contains("Knit and Natter"));
    assert_eq!(server.get("/listings/debt-advice-line/").0, 200);
    assert_eq!(server.get("/listings/benefits-line/").0, 404);
    assert_eq!(server.get("/listings/crash/").0, 404);
    drop(server);
    let api = Server::start_with(dir.path(), &["--api"], &env);
    let (status, _, body) = api.get("/services");
    assert_eq!(status, 200);
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["total_items"], 2, "{body}");
}
