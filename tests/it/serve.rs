//! `signpost serve` through the binary: it builds, serves on 127.0.0.1, injects the reload
//! script, rebuilds when a listing changes and tells open pages to reload; with `--api` it
//! serves the Open Referral UK API and reloads it the same way. Every wait is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{copy_dir, fixtures};

/// A copy of the valid fixture directory in a temporary folder.
fn directory() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures(), temp.path());
    for other in ["invalid", "warnings", "insight", "build"] {
        let _ = std::fs::remove_dir_all(temp.path().join(other));
    }
    temp
}

/// A running `signpost serve`; killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_with(root, extra, &[])
    }

    /// Like [`Server::start`], with extra environment variables.
    fn start_with(root: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_signpost"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0"])
            .args(extra)
            .envs(env.iter().copied())
            .env("SIGNPOST_TODAY", "2026-11-22")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let port = loop {
            let line = lines.next().expect("serve printed its address").unwrap();
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
        };
        // Keep reading what it prints (each rebuild's summary), as a terminal would.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, port }
    }

    /// GET `path`: (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(40)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response[9..12].parse().unwrap();
        let body = response
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }

    /// Waits (at most 60 s) until `check` holds for the body at `path`.
    fn wait_for(&self, path: &str, check: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (_, body) = self.get(path);
            if check(&body) {
                return body;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "gave up on {path}: {body}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_builds_serves_and_rebuilds_on_change() {
    let dir = directory();
    let server = Server::start(dir.path(), &[]);
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("<script src=\"/__signpost/reload.js\" defer></script></body>"));
    let (_, page) = server.get("/listings/knit-and-natter/");
    assert!(page.contains("Knit and Natter"));
    assert_eq!(server.get("/../signpost.toml").0, 404);
    assert_eq!(server.get("/.signpost-build").0, 404);
    let (_, version) = server.get("/__signpost/reload?since=");
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
    let (_, version) = server.get("/__signpost/reload?since=0");
    assert_eq!(version, r#"{"version":1}"#);
    server.wait_for("/listings/knit-and-natter/", |b| {
        b.contains("Knit and Chatter")
    });
}

#[test]
fn serve_api_answers_open_referral_and_reloads_on_change() {
    let dir = directory();
    let server = Server::start(dir.path(), &["--api"]);
    let (status, body) = server.get("/services");
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
    let dir = directory();
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
    let (status, page) = server.get("/listings/knit-and-natter/");
    assert_eq!(status, 200);
    assert!(page.contains("Knit and Natter"));
    assert_eq!(server.get("/listings/debt-advice-line/").0, 200);
    assert_eq!(server.get("/listings/benefits-line/").0, 404);
    assert_eq!(server.get("/listings/crash/").0, 404);
    drop(server);
    let api = Server::start_with(dir.path(), &["--api"], &env);
    let (status, body) = api.get("/services");
    assert_eq!(status, 200);
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["total_items"], 2, "{body}");
}
