//! Both servers over real sockets: `serve` answers plain files inside its output folder only
//! (a link planted there is a 404), closes half-sent and idle connections after its header
//! timeout, and answers an address or headers too long in its own words; the API's every
//! error, even a 70,000-character query, is its JSON error shape with CORS; the API names
//! itself at its configured address, never at the `Host` a request gives; and
//! `/service_at_locations/{id}` is valid against both the ORUK service-at-location schema and
//! the service schema its validator applies.

use std::io::{Read, Write};
use std::os::unix::fs::symlink;
use std::time::{Duration, Instant};

use crate::common::server::{Server, served_directory};
use crate::opendata::{assert_valid, compile};
use serde_json::Value;
use signpost::serve::http::HEADER_TIMEOUT;

#[test]
fn a_link_planted_in_the_output_folder_is_never_followed_out_of_it() {
    let dir = served_directory();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.html"), "SECRET-OUTSIDE").unwrap();
    let server = Server::start(dir.path(), &[]);
    let public = dir.path().join("public");
    symlink(
        outside.path().join("secret.html"),
        public.join("secret.html"),
    )
    .unwrap();
    symlink(outside.path(), public.join("elsewhere")).unwrap();
    symlink("/etc/passwd", public.join("passwd.txt")).unwrap();
    symlink(public.join("index.html"), public.join("home.html")).unwrap();
    for path in [
        "/secret.html",
        "/elsewhere/secret.html",
        "/elsewhere/",
        "/passwd.txt",
    ] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("SECRET") && !body.contains("root:"),
            "{path}: {body}"
        );
    }
    // A link that stays inside the output is fine.
    let (status, _, body) = server.get("/home.html");
    assert_eq!(status, 200);
    assert!(body.contains("</html>"));
}

#[test]
fn half_sent_and_idle_connections_are_closed_within_the_header_timeout() {
    let dir = served_directory();
    let server = Server::start(dir.path(), &[]);
    let started = Instant::now();
    let mut held = Vec::new();
    for i in 0..60 {
        let mut s = server.connect();
        match i % 3 {
            0 => s
                .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
                .unwrap(),
            1 => s.write_all(b"GET /index.html HTTP/1.1\r\nHo").unwrap(),
            _ => {} // sends nothing
        }
        held.push(s);
    }
    // The server still answers others at once.
    let (status, _, _) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < HEADER_TIMEOUT,
        "{:?}",
        started.elapsed()
    );
    for mut s in held {
        let mut buf = [0u8; 512];
        // The server closes it: end of stream (or a reset), never the 40 s read timeout.
        let closed = match s.read(&mut buf) {
            Ok(_) => true,
            Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
        };
        assert!(closed, "still open after {:?}", started.elapsed());
    }
    let took = started.elapsed();
    assert!(
        took >= HEADER_TIMEOUT - Duration::from_secs(1)
            && took < HEADER_TIMEOUT + Duration::from_secs(8),
        "closed after {took:?}, the timeout is {HEADER_TIMEOUT:?}"
    );
}

#[test]
fn the_api_answers_every_error_as_json_with_cors_even_a_huge_query() {
    let dir = served_directory();
    let server = Server::start(dir.path(), &["--api"]);
    let long = format!("/services?search={}", "a".repeat(70_000));
    let huge_header = format!(
        "GET /services HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(20_000)
    );
    let many_headers = format!(
        "GET /services HTTP/1.1\r\nHost: localhost\r\n{}Connection: close\r\n\r\n",
        "X-A: b\r\n".repeat(200)
    );
    let cases = [
        (server.get(&long), 414, "uri_too_long"),
        (server.raw(huge_header.as_bytes()), 431, "headers_too_large"),
        (
            server.raw(many_headers.as_bytes()),
            431,
            "headers_too_large",
        ),
        (server.get("/services?per_page=0"), 400, "bad_request"),
        (
            server.get("/services/nothing-has-this-id"),
            404,
            "not_found",
        ),
        (server.get("/no/such/endpoint"), 404, "not_found"),
    ];
    for ((status, head, body), want, error) in cases {
        assert_eq!(status, want, "{head}");
        assert!(head.contains("access-control-allow-origin: *"), "{head}");
        assert!(head.contains("content-type: application/json"), "{head}");
        let body: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
        assert_eq!(body["error"], error, "{body}");
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{body}"
        );
    }
    // Long but reasonable queries are answered as usual.
    let (status, _, _) = server.get(&format!("/services?search={}", "a".repeat(4_000)));
    assert_eq!(status, 200);
}

#[test]
fn the_api_names_itself_at_its_configured_address_never_the_requests_host() {
    let dir = served_directory();
    let server = Server::start(dir.path(), &["--api"]);
    let (status, _, body) = server.get_from("/", "evil.example");
    assert_eq!(status, 200);
    let root: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        root["openapi_url"],
        format!("http://127.0.0.1:{}/openapi.json", server.port)
    );
    drop(server);

    let server = Server::start(
        dir.path(),
        &["--api", "--public-url", "https://api.example.org/"],
    );
    let (_, _, body) = server.get_from("/", "evil.example");
    let root: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(root["openapi_url"], "https://api.example.org/openapi.json");
    drop(server);

    let toml = dir.path().join("signpost.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        format!(
            "{text}\n[open_data]\nlicence = \"OGL\"\nlicence_url = \"https://example.org/ogl\"\napi_url = \"https://data.example.org/oruk\"\n"
        ),
    )
    .unwrap();
    let server = Server::start(dir.path(), &["--api"]);
    let (_, _, body) = server.get_from("/", "evil.example");
    let root: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        root["openapi_url"],
        "https://data.example.org/oruk/openapi.json"
    );
}

#[test]
fn a_public_url_that_is_not_a_web_address_is_refused() {
    let dir = served_directory();
    let out = crate::common::signpost(
        dir.path(),
        &[
            "serve",
            "--api",
            "--port",
            "0",
            "--public-url",
            "javascript:alert(1)",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        crate::common::stderr(&out)
    );
    assert!(
        crate::common::stderr(&out)
            .contains("--public-url \"javascript:alert(1)\" is not a web address"),
        "{}",
        crate::common::stderr(&out)
    );
}

#[test]
fn a_service_at_location_is_valid_as_the_oruk_validator_checks_it() {
    let dir = served_directory();
    let server = Server::start(dir.path(), &["--api"]);
    let (status, _, body) = server.get("/service_at_locations?per_page=1000");
    assert_eq!(status, 200);
    let page: Value = serde_json::from_str(&body).unwrap();
    let sal_schema = compile("oruk-3.0/schema/compiled/service_at_location.json");
    let service_schema = compile("oruk-3.0/schema/compiled/service.json");
    let items = page["contents"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        let id = item["id"].as_str().unwrap();
        let (status, _, body) = server.get(&format!("/service_at_locations/{id}"));
        assert_eq!(status, 200);
        let sal: Value = serde_json::from_str(&body).unwrap();
        assert_valid(
            &sal_schema,
            &sal,
            &format!("/service_at_locations/{id} (service_at_location)"),
        );
        assert_valid(
            &service_schema,
            &sal,
            &format!("/service_at_locations/{id} (service)"),
        );
        assert_eq!(sal["name"], sal["service"]["name"]);
        assert_eq!(sal["status"], sal["service"]["status"]);
    }
}
