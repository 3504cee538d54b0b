//! Serving a directory while people edit it: the built sites (or the Open Referral UK API) on
//! a local address, rebuilt when listings, themes, vocabularies or `signpost.toml` change, and
//! open browser pages reloaded after each rebuild.
//!
//! This module is the plumbing around the other stages: it watches files (notify), calls
//! `build` or reloads the API's directory, and answers HTTP (axum routes on hyper, with the
//! limits of [`http`]: a timeout for each request's head that also closes idle connections,
//! and long addresses or headers answered in the server's own words). It renders nothing
//! itself. The reload script is injected into HTML as it is served; built files never contain
//! it. Only plain files inside the output folder are served, after resolving links.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;
use tower::ServiceExt;

pub mod http;

/// The script every served HTML page loads: it long-polls the server and reloads the page when
/// a rebuild finishes.
pub const RELOAD_JS: &str = "(function(){var v=null;function poll(){fetch('/__signpost/reload?since='+(v===null?'':v)).then(function(r){return r.json()}).then(function(d){if(v!==null&&d.version!==v){location.reload();return}v=d.version;poll()}).catch(function(){setTimeout(poll,1000)})}poll()})();\n";

const RELOAD_TAG: &str = "<script src=\"/__signpost/reload.js\" defer></script>";

/// What to serve.
#[derive(Clone, Debug)]
pub enum Mode {
    /// The built sites, from this folder (rebuilt there on changes).
    Sites { out: PathBuf },
    /// The Open Referral UK API, published at `public_url` (`--public-url`) when given, else
    /// at `[open_data] api_url`, else at the loopback address it listens on.
    Api { public_url: Option<String> },
}

/// Why serving stopped, or a rebuild failed: the build, the directory or the API could not be
/// made, or the server could not listen, watch or serve.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Build(#[from] crate::build::Error),
    #[error(transparent)]
    Load(#[from] crate::directory::Error),
    #[error(transparent)]
    Api(#[from] crate::api::Error),
    /// The first build or load stopped unexpectedly (a panic in it).
    #[error("the first build stopped unexpectedly: {0}")]
    Stopped(#[source] tokio::task::JoinError),
    /// A rebuild stopped unexpectedly (a panic in it).
    #[error("the rebuild stopped unexpectedly")]
    Panicked,
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    /// The port the system gave cannot be read back.
    #[error("cannot tell which address the server listens on: {0}")]
    Address(#[source] std::io::Error),
    #[error("cannot watch files: {0}")]
    Watcher(#[source] notify::Error),
    #[error("cannot watch {}: {source}", path.display())]
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
}

impl crate::diagnostics::Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::Build(e) => e.help(),
            Error::Load(e) => e.help(),
            Error::Api(e) => e.help(),
            Error::Listen { source, .. } if source.kind() == std::io::ErrorKind::AddrInUse => {
                Some("another program may be using the port: choose another with --port".into())
            }
            _ => None,
        }
    }
}

/// The router that answers everything but the reload endpoints; swapped after a rebuild.
type Inner = Arc<RwLock<Router>>;

#[derive(Clone)]
struct Shared {
    inner: Inner,
    version: watch::Receiver<u64>,
}

/// Listens on `addr`, builds (or loads) once, then serves until Ctrl-C, rebuilding on changes.
/// Prints `serving http://ADDR/` on standard output once it is ready.
pub async fn run(root: PathBuf, mode: Mode, addr: SocketAddr) -> Result<(), Error> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| Error::Listen { addr, source })?;
    let local = listener.local_addr().map_err(Error::Address)?;
    // Where the API names itself when nothing else says: this machine, on the port it has.
    let loopback = match local.ip().is_loopback() {
        true => format!("http://{local}"),
        false => format!("http://127.0.0.1:{}", local.port()),
    };
    let first = {
        let (root, mode, loopback) = (root.clone(), mode.clone(), loopback.clone());
        tokio::task::spawn_blocking(move || make_router(&root, &mode, &loopback))
            .await
            .map_err(Error::Stopped)??
    };
    let inner: Inner = Arc::new(RwLock::new(first));
    let (tx, rx) = watch::channel(0u64);
    println!("serving http://{local}/ (Ctrl-C to stop)");
    use std::io::Write;
    let _ = std::io::stdout().flush();

    let rejections = match mode {
        Mode::Sites { .. } => http::Rejections::Sites,
        Mode::Api { .. } => http::Rejections::Api,
    };
    let watcher = watch_and_rebuild(root, mode, loopback, inner.clone(), tx)?;
    let app = Router::new()
        .route("/__signpost/reload.js", get(reload_js))
        .route("/__signpost/reload", get(reload))
        .fallback(forward)
        .with_state(Shared { inner, version: rx });
    http::serve(listener, app, rejections).await;
    drop(watcher);
    Ok(())
}

/// The router for the current state of the directory: a fresh build, or a fresh API (named
/// at `loopback` when neither `--public-url` nor `[open_data] api_url` says where it is).
fn make_router(root: &Path, mode: &Mode, loopback: &str) -> Result<Router, Error> {
    match mode {
        Mode::Sites { out } => {
            let built = crate::build::build(root, out, false, None, |outcome| {
                crate::build::report_problems(root, outcome)
            })?;
            println!("{}", built.summary(out));
            Ok(static_router(out.clone()))
        }
        Mode::Api { public_url } => {
            let outcome = crate::directory::load(root, &crate::directory::Options::default())?;
            let directory = &outcome.directory;
            let configured = directory.config.open_data.as_ref();
            let url = public_url
                .as_deref()
                .or_else(|| configured.and_then(|o| o.api_url.as_deref()))
                .unwrap_or(loopback);
            let history = crate::hsds::History::of(directory);
            let api = crate::api::Api::at(directory, &history, Some(url))?;
            eprintln!("loaded {} services", api.len());
            Ok(crate::api::router(api))
        }
    }
}

/// Watches the directory's sources; after a quiet moment, rebuilds and bumps the version. A
/// failed rebuild keeps the previous router (and output) and says why.
fn watch_and_rebuild(
    root: PathBuf,
    mode: Mode,
    loopback: String,
    inner: Inner,
    tx: watch::Sender<u64>,
) -> Result<notify::RecommendedWatcher, Error> {
    use notify::Watcher;
    let (events_tx, events_rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
        {
            let _ = events_tx.send(());
        }
    })
    .map_err(Error::Watcher)?;
    for path in watched_paths(&root) {
        let recursive = if path.is_dir() {
            notify::RecursiveMode::Recursive
        } else {
            notify::RecursiveMode::NonRecursive
        };
        watcher
            .watch(&path, recursive)
            .map_err(|source| Error::Watch {
                path: path.clone(),
                source,
            })?;
    }
    std::thread::spawn(move || {
        while events_rx.recv().is_ok() {
            // Editors write several events per save: wait for a quiet moment.
            while events_rx.recv_timeout(Duration::from_millis(250)).is_ok() {}
            eprintln!("change seen: rebuilding");
            // A panic in one rebuild (say, standard output closed under us) must not stop
            // the watching: catch it and keep serving the previous build.
            let rebuilt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                make_router(&root, &mode, &loopback)
            }))
            .unwrap_or(Err(Error::Panicked));
            match rebuilt {
                Ok(router) => {
                    *inner.write().unwrap_or_else(|e| e.into_inner()) = router;
                    tx.send_modify(|v| *v += 1);
                }
                Err(e) => eprintln!(
                    "{}\nthe previous build is still being served",
                    crate::diagnostics::error_text(&e)
                ),
            }
        }
    });
    Ok(watcher)
}

/// What a change to should trigger a rebuild: listings, themes, vocabularies, configuration
/// and data files.
fn watched_paths(root: &Path) -> Vec<PathBuf> {
    let listings = crate::config::Config::load(root)
        .map(|c| c.listings)
        .unwrap_or_else(|_| PathBuf::from("listings"));
    [
        root.join(listings),
        root.join("themes"),
        root.join("schema"),
        root.join("data"),
        root.join(crate::config::FILE),
    ]
    .into_iter()
    .filter(|p| p.exists())
    .collect()
}

async fn forward(State(shared): State<Shared>, request: Request) -> Response {
    let router = shared
        .inner
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

async fn reload_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        RELOAD_JS,
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct Since {
    since: Option<String>,
}

/// Answers `{"version": N}` at once when the version differs from `since`, else when the next
/// rebuild finishes (or after 25 s, so connections do not hang forever).
async fn reload(State(shared): State<Shared>, Query(q): Query<Since>) -> Response {
    let mut rx = shared.version.clone();
    let current = *rx.borrow_and_update();
    let since = q.since.and_then(|s| s.parse::<u64>().ok());
    if since == Some(current) {
        let _ = tokio::time::timeout(Duration::from_secs(25), rx.changed()).await;
    }
    let version = *rx.borrow();
    (
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "version": version })),
    )
        .into_response()
}

/// Serves files from `dir`: `index.html` for folders, 404 for anything missing or hidden.
pub fn static_router(dir: PathBuf) -> Router {
    Router::new().fallback(move |request: Request| {
        let dir = dir.clone();
        async move { serve_file(&dir, request.uri().path(), request.uri().query()).await }
    })
}

/// The file a URL path names inside `dir`: only a plain file, and only inside the output
/// folder once every link on the way is resolved (a link planted in the output cannot serve
/// a file from elsewhere), never a hidden one; `index.html` for a folder.
async fn serve_file(dir: &Path, url_path: &str, query: Option<&str>) -> Response {
    let Some(path) = safe_path(dir, url_path) else {
        return not_found();
    };
    let Some((mut path, meta)) = resolve_inside(dir, &path).await else {
        if let Some(to) = old_need_page(url_path) {
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response();
        }
        // A listing page reached from a site carries where from (`?from=…&walk=…`).
        if let Some(to) = old_listing_page(url_path, query) {
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response();
        }
        return not_found();
    };
    if meta.is_dir() {
        if !url_path.ends_with('/') {
            let to = format!("{url_path}/");
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response();
        }
        match resolve_inside(dir, &path.join("index.html")).await {
            Some((index, meta)) if meta.is_file() => path = index,
            _ => return not_found(),
        }
    } else if !meta.is_file() {
        return not_found();
    }
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return not_found();
    };
    let content_type = content_type(&path);
    let body = if content_type.starts_with("text/html") {
        let html = String::from_utf8_lossy(&bytes);
        let injected = match html.rfind("</body>") {
            Some(i) => format!("{}{RELOAD_TAG}{}", &html[..i], &html[i..]),
            None => format!("{html}{RELOAD_TAG}"),
        };
        Body::from(injected)
    } else {
        Body::from(bytes)
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// Where a need page's old address (`…/<site>/needs/<need>.html`) goes when there is no file
/// there: the need's section of the site's home page, as the build's `_redirects` tells the
/// hosts that read it.
fn old_need_page(url_path: &str) -> Option<String> {
    let (folder, need) = url_path.strip_suffix(".html")?.rsplit_once('/')?;
    let site = folder.strip_suffix("/needs")?;
    let slug = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    let last = site.rsplit('/').next().unwrap_or_default();
    (slug(need) && slug(last)).then(|| format!("{site}/#{need}"))
}

/// Where a listing page's old address in another language than the default
/// (`…/<lang>/listings/<id>/`) goes when there is no file there: that language's part of the
/// listing's page, which holds every language, as the build's `_redirects` tells the hosts.
fn old_listing_page(url_path: &str, query: Option<&str>) -> Option<String> {
    let (before, rest) = url_path.rsplit_once("/listings/")?;
    let id = rest.strip_suffix("index.html").unwrap_or(rest);
    let id = id.strip_suffix('/').unwrap_or(id);
    let (top, lang) = before.rsplit_once('/')?;
    let code = (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase());
    let slug = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let query = query.map_or_else(String::new, |q| format!("?{q}"));
    (code && slug).then(|| format!("{top}/listings/{id}/{query}#{lang}"))
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "not found\n",
    )
        .into_response()
}

/// `path` with every link resolved, and what it is, when it is inside `dir` (itself resolved)
/// and no part of it below `dir` is hidden; `None` otherwise, or when it does not exist.
async fn resolve_inside(dir: &Path, path: &Path) -> Option<(PathBuf, std::fs::Metadata)> {
    let root = tokio::fs::canonicalize(dir).await.ok()?;
    let real = tokio::fs::canonicalize(path).await.ok()?;
    let below = real.strip_prefix(&root).ok()?;
    if below
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return None;
    }
    let meta = tokio::fs::metadata(&real).await.ok()?;
    Some((real, meta))
}

/// The file a URL path names inside `dir`, or `None` for paths that try to leave it or name
/// hidden files.
fn safe_path(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut path = dir.to_path_buf();
    for part in Path::new(decoded.trim_start_matches('/')).components() {
        match part {
            Component::Normal(name) if !name.to_string_lossy().starts_with('.') => path.push(name),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(path)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().filter(|s| !s.contains('\0'))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "ndjson" => "application/x-ndjson",
        "svg" => "image/svg+xml",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "xml" => "application/xml",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_old_listing_address_in_another_language_goes_to_its_part() {
        let old = |path| super::old_listing_page(path, None);
        assert_eq!(
            super::old_listing_page("/ar/listings/knit/", Some("from=h1&walk=3")).as_deref(),
            Some("/listings/knit/?from=h1&walk=3#ar")
        );
        assert_eq!(
            old("/ar/listings/knit/").as_deref(),
            Some("/listings/knit/#ar")
        );
        assert_eq!(
            old("/d/so/listings/knit/index.html").as_deref(),
            Some("/d/listings/knit/#so")
        );
        assert_eq!(
            old("/ar/listings/knit").as_deref(),
            Some("/listings/knit/#ar")
        );
        assert_eq!(old("/listings/knit/"), None);
        assert_eq!(old("/h83001/listings/knit/"), None);
        assert_eq!(old("/ar/listings/../x/"), None);
    }

    use super::*;

    #[test]
    fn an_old_need_page_address_goes_to_the_need_section_of_its_home_page() {
        assert_eq!(
            old_need_page("/h83009/needs/food-support.html").as_deref(),
            Some("/h83009/#food-support")
        );
        assert_eq!(
            old_need_page("/ar/h83009/needs/food-support.html").as_deref(),
            Some("/ar/h83009/#food-support")
        );
        for other in [
            "/needs/food-support.html",
            "/h83009/needs/.html",
            "/h83009/food-support.html",
            "/h83009/needs/food-support",
            "/h83009/needs/Food.html",
        ] {
            assert_eq!(old_need_page(other), None, "{other}");
        }
    }

    #[test]
    fn paths_cannot_leave_the_output_or_reach_hidden_files() {
        let dir = Path::new("/srv/public");
        assert_eq!(
            safe_path(dir, "/h83009/index.html"),
            Some(PathBuf::from("/srv/public/h83009/index.html"))
        );
        assert_eq!(
            safe_path(dir, "/a%20b/"),
            Some(PathBuf::from("/srv/public/a b"))
        );
        assert_eq!(safe_path(dir, "/../etc/passwd"), None);
        assert_eq!(safe_path(dir, "/%2e%2e/etc/passwd"), None);
        assert_eq!(safe_path(dir, "/.signpost-build"), None);
        assert_eq!(safe_path(dir, "/x%00y"), None);
        assert_eq!(safe_path(dir, "/x%zz"), None);
    }
}
