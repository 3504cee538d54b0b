//! Benchmark: the Open Referral UK API (`signpost serve --api`) on a synthetic directory of
//! 100,000 listings across England (written once by `signpost generate`'s code into
//! `target/bench-data/`), under a bounded load on loopback.
//!
//! The server runs in this process on 127.0.0.1 (a random port) with two tokio workers; the load
//! generator is 50 client threads with one keep-alive connection each, so on a 2-core machine
//! they share the cores, as any loopback load generator would. Each scenario stops after
//! `SIGNPOST_BENCH_REQUESTS` requests (default 10,000) or 60 s, whichever comes first, and prints
//! requests per second and p50/p99 latency. The goal in issue 6 is p99 at most 20 ms.
//!
//! Before the load, the cost of one search without HTTP or queueing: `SIGNPOST_BENCH_QUERIES`
//! (default 1,000) distinct queries made from the vocabularies (labels, synonyms, two-word
//! combinations and typos), each asked once in turn through the router on one thread, with the
//! thread's CPU time per query (Linux `CLOCK_THREAD_CPUTIME_ID`) and the wall time. Distinct queries miss any
//! result cache, so this is the cost of the query path itself. Under load, the search scenario
//! runs twice: the six fixed queries (answered from the cache once warm) and the distinct
//! queries (which miss it). `SIGNPOST_BENCH_ROUNDS` asks the distinct queries that many times
//! in turn (for a profiler; with 1,000 queries they still miss the cache of 256).
//!
//! The benchmark allocates with mimalloc, as the `signpost` binary does (see `src/main.rs`),
//! so the server measured is the one `signpost serve --api` runs; with glibc's allocator a
//! search spent a tenth of its time in malloc and free.
//!
//! Run with `cargo bench --bench api`. `SIGNPOST_BENCH_LISTINGS` changes the size.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use signpost::directory::{self, Options};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CONNECTIONS: usize = 50;
const MAX_TIME: Duration = Duration::from_secs(60);

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let n = env_usize("SIGNPOST_BENCH_LISTINGS", 100_000);
    let max_requests = env_usize("SIGNPOST_BENCH_REQUESTS", 10_000);
    let distinct = env_usize("SIGNPOST_BENCH_QUERIES", 1_000);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let today = directory::today().expect("today");
    let started = Instant::now();
    let (dir, written) = signpost::synth::bench_directory(repo, n).expect("synthetic directory");
    if written {
        println!(
            "generate: {n} listings in {:.2}s",
            started.elapsed().as_secs_f64()
        );
    }

    let started = Instant::now();
    let outcome = directory::load(
        &dir,
        &Options {
            paths: Vec::new(),
            today: Some(today),
        },
    )
    .expect("load");
    let loaded = started.elapsed();
    let started = Instant::now();
    let api =
        signpost::api::Api::new(&outcome.directory, &Default::default()).expect("build the API");
    println!(
        "load {} listings: {:.2}s; build the API's {} services: {:.2}s",
        outcome.directory.listings.len(),
        loaded.as_secs_f64(),
        api.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(rss) = peak_memory() {
        println!("peak memory (VmHWM) after loading and building: {rss}");
    }
    // Postcodes of real venues in the synthetic directory, to search around.
    let postcodes: Vec<String> = outcome
        .directory
        .listings
        .iter()
        .filter_map(|l| l.venues.first())
        .step_by(997)
        .take(50)
        .map(|v| v.postcode.to_string().replace(' ', "%20"))
        .collect();
    let queries = distinct_queries(&outcome.directory.vocab, distinct);
    drop(outcome);

    // The query path alone: one thread, no sockets, every query distinct.
    let router = signpost::api::router(api.clone());
    let one_thread = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let (mut cpu, mut wall) = (Vec::new(), Vec::new());
    let mut found = 0usize;
    let rounds = env_usize("SIGNPOST_BENCH_ROUNDS", 1);
    for q in queries.iter().cycle().take(queries.len() * rounds) {
        let uri = format!("/services?search={}", q.replace(' ', "%20"));
        let (c0, t0) = (thread_cpu(), Instant::now());
        let body = one_thread.block_on(async {
            use tower::ServiceExt;
            let request = axum::http::Request::get(&uri)
                .body(axum::body::Body::empty())
                .expect("request");
            let response = router.clone().oneshot(request).await.expect("response");
            assert!(response.status().is_success(), "{uri}");
            axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("body")
        });
        wall.push(t0.elapsed());
        cpu.push(thread_cpu().saturating_sub(c0));
        found += usize::from(!body.starts_with(b"{\"total_items\":0,"));
    }
    let stats = |v: &mut Vec<Duration>| {
        v.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mean = v.iter().sum::<Duration>() / v.len().max(1) as u32;
        let at = |p: f64| {
            v.get(((v.len() as f64 * p).ceil() as usize).max(1) - 1)
                .copied()
        };
        format!(
            "mean {:.3} ms, p50 {:.3} ms, p99 {:.3} ms",
            ms(mean),
            at(0.5).map_or(f64::NAN, ms),
            at(0.99).map_or(f64::NAN, ms)
        )
    };
    println!(
        "one thread, in process, {} distinct searches ({found} found something): CPU {}; wall {}",
        cpu.len(),
        stats(&mut cpu),
        stats(&mut wall)
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().unwrap();
    runtime.spawn(async move {
        axum::serve(listener, signpost::api::router(api)).await.ok();
    });

    let searches: Vec<String> = ["lonely", "walking", "knit", "debt advice", "carers", "yoga"]
        .iter()
        .map(|w| format!("/services?search={}", w.replace(' ', "%20")))
        .collect();
    let nearby: Vec<String> = postcodes
        .iter()
        .map(|p| format!("/service_at_locations?postcode={p}&proximity=2000"))
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{CONNECTIONS} connections, at most {max_requests} requests or {}s per scenario, {cores} cores",
        MAX_TIME.as_secs()
    );
    let distinct_searches: Vec<String> = queries
        .iter()
        .map(|q| format!("/services?search={}", q.replace(' ', "%20")))
        .collect();
    for (name, paths) in [
        ("/services?search=... (6 queries)", &searches),
        (
            "/services?search=... (distinct queries)",
            &distinct_searches,
        ),
        ("/service_at_locations?postcode=...&proximity=2000", &nearby),
    ] {
        // One connection first: the cost of a request without queueing.
        let one = load(addr, paths, 1, 300);
        println!(
            "{name}, 1 connection: p50 {:.2} ms, p99 {:.2} ms",
            one.percentile(0.50),
            one.percentile(0.99)
        );
        let r = load(addr, paths, CONNECTIONS, max_requests);
        println!(
            "{name}: {} requests in {:.2}s = {:.0} req/s; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {} errors; mean body {:.0} bytes",
            r.latencies.len(),
            r.elapsed.as_secs_f64(),
            r.latencies.len() as f64 / r.elapsed.as_secs_f64(),
            r.percentile(0.50),
            r.percentile(0.99),
            r.percentile(1.0),
            r.errors,
            r.bytes as f64 / r.latencies.len().max(1) as f64,
        );
        if paths.len() <= 10 {
            for (path, lat) in paths.iter().zip(&r.by_path) {
                if let (Some(mid), Some(max)) = (lat.get(lat.len() / 2), lat.last()) {
                    println!(
                        "    {path}: p50 {:.1} ms, max {:.1} ms",
                        mid.as_secs_f64() * 1000.0,
                        max.as_secs_f64() * 1000.0
                    );
                }
            }
        }
    }
    runtime.shutdown_timeout(Duration::from_secs(1));
}

struct Run {
    latencies: Vec<Duration>,
    /// Latencies by path index, for the slowest paths.
    by_path: Vec<Vec<Duration>>,
    elapsed: Duration,
    errors: usize,
    bytes: usize,
}

impl Run {
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let i = ((self.latencies.len() as f64 * p).ceil() as usize).clamp(1, self.latencies.len());
        self.latencies[i - 1].as_secs_f64() * 1000.0
    }
}

/// `max_requests` GETs spread over `connections` keep-alive connections, cycling through
/// `paths`; stops early after [`MAX_TIME`].
fn load(addr: SocketAddr, paths: &[String], connections: usize, max_requests: usize) -> Run {
    // Warm up: one of each path.
    let mut warm = Client::connect(addr);
    for p in paths {
        warm.get(p).expect("warm-up request");
    }
    let next = Arc::new(AtomicUsize::new(0));
    let paths = Arc::new(paths.to_vec());
    let started = Instant::now();
    let threads: Vec<_> = (0..connections)
        .map(|_| {
            let (next, paths) = (next.clone(), paths.clone());
            std::thread::spawn(move || {
                let mut client = Client::connect(addr);
                let mut out = (Vec::new(), 0usize, 0usize, Vec::new());
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= max_requests || started.elapsed() > MAX_TIME {
                        break;
                    }
                    let t = Instant::now();
                    match client.get(&paths[i % paths.len()]) {
                        Ok(len) => {
                            out.0.push(t.elapsed());
                            out.2 += len;
                            out.3.push((i % paths.len(), t.elapsed()));
                        }
                        Err(_) => {
                            out.1 += 1;
                            client = Client::connect(addr);
                        }
                    }
                }
                out
            })
        })
        .collect();
    let mut run = Run {
        latencies: Vec::new(),
        by_path: vec![Vec::new(); paths.len()],
        elapsed: Duration::ZERO,
        errors: 0,
        bytes: 0,
    };
    for t in threads {
        let (lat, errors, bytes, per_path) = t.join().expect("client thread");
        run.latencies.extend(lat);
        for (p, d) in per_path {
            run.by_path[p].push(d);
        }
        run.errors += errors;
        run.bytes += bytes;
    }
    run.elapsed = started.elapsed();
    run.latencies.sort();
    for l in &mut run.by_path {
        l.sort();
    }
    run
}

/// A minimal HTTP/1.1 keep-alive client: enough for `GET` with a `content-length` reply.
struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Client {
    fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).expect("connect");
        stream.set_nodelay(true).ok();
        stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
        Client {
            writer: stream.try_clone().expect("clone stream"),
            reader: BufReader::new(stream),
        }
    }

    /// The body length of a 200 reply; an error for anything else.
    fn get(&mut self, path: &str) -> std::io::Result<usize> {
        write!(
            self.writer,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let ok = line.starts_with("HTTP/1.1 200");
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        if ok {
            Ok(length)
        } else {
            Err(std::io::Error::other(format!("{path}: {}", line.trim())))
        }
    }
}

/// `n` distinct queries people might type: the labels and synonyms of the needs and
/// activities, pairs of them, and one-typo versions (two neighbouring letters swapped).
fn distinct_queries(vocab: &signpost::vocab::Vocabularies, n: usize) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for t in vocab.needs.terms.iter().chain(&vocab.activities.terms) {
        words.push(t.label.to_lowercase());
        words.extend(t.synonyms.iter().map(|s| s.to_lowercase()));
    }
    words.retain(|w| w.chars().all(|c| c.is_ascii_alphabetic() || c == ' '));
    let typo = |w: &str| {
        let mut b = w.as_bytes().to_vec();
        let i = b.len() / 2;
        b.swap(i - 1, i);
        String::from_utf8(b).unwrap_or_default()
    };
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |q: String| {
        if seen.insert(q.clone()) {
            out.push(q);
        }
    };
    for (i, w) in words.iter().enumerate() {
        push(w.clone());
        if w.len() >= 6 && !w.contains(' ') {
            push(typo(w));
        }
        push(format!("{w} {}", words[(i * 7 + 3) % words.len()]));
    }
    out.truncate(n);
    out
}

/// This thread's CPU time so far (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`; Linux only).
#[cfg(target_os = "linux")]
fn thread_cpu() -> Duration {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec (64-bit Linux layout) for the call.
    if unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu() -> Duration {
    Duration::ZERO
}

/// The process's peak resident memory, as Linux reports it.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_string())
}
