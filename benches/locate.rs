//! Benchmark for `signpost::locate` at full-UK scale: prints figures, asserts nothing.
//!
//! For checking that a 2.7-million-row ONS Postcode Directory loads within the
//! 3-second budget through the cache, and for seeing what the first (CSV) load
//! and lookups cost. Not a test: run it with `cargo bench --bench locate`.
//!
//! It writes a synthetic ONSPD-style CSV (columns `pcd,laua,oseast1m,osnrth1m,doterm`,
//! distinct well-formed postcodes, grid references inside Great Britain, a
//! quarter terminated, a few with no grid reference) to a temporary folder,
//! which it deletes afterwards.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use signpost::locate::Gazetteer;
use signpost::place::Postcode;

const ROWS: usize = 2_700_000;
const LOOKUPS: usize = 2_000_000;

/// Postcode areas to spread the synthetic postcodes over (real area codes).
const AREAS: &[&str] = &[
    "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "CA", "CB", "CF", "CH", "CM",
    "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC",
    "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX",
    "IG", "IP", "IV", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M",
    "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL",
    "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR",
    "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC",
    "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
];
/// Letters Royal Mail uses in inward codes.
const UNIT_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// A small deterministic pseudo-random generator (xorshift64*), so runs compare.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Writes the synthetic directory; returns the postcodes written, in file order.
fn write_onspd(path: &Path) -> Vec<String> {
    let mut out = BufWriter::with_capacity(1 << 20, fs::File::create(path).expect("create CSV"));
    writeln!(out, "pcd,laua,oseast1m,osnrth1m,doterm").unwrap();
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    let mut written = Vec::with_capacity(ROWS);
    let units_per_sector = ROWS.div_ceil(AREAS.len() * 20 * 10);
    'all: for area in AREAS {
        for district in 1..=20 {
            let outward = format!("{area}{district}");
            for sector in 0..10 {
                for unit in 0..units_per_sector {
                    if written.len() == ROWS {
                        break 'all;
                    }
                    let u1 = UNIT_LETTERS[unit / UNIT_LETTERS.len()] as char;
                    let u2 = UNIT_LETTERS[unit % UNIT_LETTERS.len()] as char;
                    // ONS 7-character form: "M1  1AE", "CR0 1AA", "SE254AA".
                    let pcd = format!("{outward:<4}{sector}{u1}{u2}");
                    let roll = rng.below(1000);
                    let (east, north) = if roll < 5 {
                        (String::new(), String::new())
                    } else {
                        (
                            (100_000 + rng.below(550_000)).to_string(),
                            (10_000 + rng.below(1_190_000)).to_string(),
                        )
                    };
                    let doterm = if roll.is_multiple_of(4) { "201506" } else { "" };
                    writeln!(out, "{pcd},E09000008,{east},{north},{doterm}").unwrap();
                    written.push(pcd);
                }
            }
        }
    }
    out.flush().unwrap();
    written
}

fn seconds(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn folder_size(dir: &Path) -> u64 {
    fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum()
    })
}

fn main() {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("signpost-locate-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create temp folder");
    let csv_path = dir.join("onspd_synthetic.csv");
    let cache_dir = dir.join("cache");
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("locate benchmark: {ROWS} rows, {cpus} CPU(s) available");

    let started = Instant::now();
    let written = write_onspd(&csv_path);
    let csv_size = fs::metadata(&csv_path).unwrap().len();
    println!(
        "CSV written:          {:.1} MB in {}",
        csv_size as f64 / 1e6,
        seconds(started.elapsed())
    );
    // Every synthetic postcode must be well-formed, or the benchmark measures nothing.
    assert!(
        written.iter().all(|p| p.parse::<Postcode>().is_ok()),
        "generator made a bad postcode"
    );

    let files = [csv_path.clone()];
    let started = Instant::now();
    let gazetteer = Gazetteer::load(&files, &cache_dir).unwrap_or_else(|e| panic!("{e}"));
    let first = started.elapsed();
    assert!(
        gazetteer.warnings().is_empty(),
        "{:?}",
        gazetteer.warnings()
    );
    println!(
        "first load (CSV + cache write): {}  ({} postcodes located)",
        seconds(first),
        gazetteer.len()
    );

    let mut cached = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let again = Gazetteer::load(&files, &cache_dir).unwrap_or_else(|e| panic!("{e}"));
        cached.push(started.elapsed());
        assert_eq!(again.len(), gazetteer.len());
        assert!(
            again.warnings().is_empty(),
            "cache not used: {:?}",
            again.warnings()
        );
    }
    cached.sort();
    println!(
        "cached load:          {} median of 3 (min {}, max {})",
        seconds(cached[1]),
        seconds(cached[0]),
        seconds(cached[2])
    );
    println!(
        "cache size:           {:.1} MB",
        folder_size(&cache_dir) as f64 / 1e6
    );

    // Look up postcodes drawn at random from the file (some have no grid
    // reference, so a few are misses, as in real use).
    let mut rng = Rng(42);
    let queries: Vec<Postcode> = (0..LOOKUPS)
        .map(|_| {
            written[rng.below(written.len() as u64) as usize]
                .parse()
                .unwrap()
        })
        .collect();
    let mut rounds = Vec::new();
    let mut found = 0usize;
    for _ in 0..3 {
        found = 0;
        let started = Instant::now();
        for q in &queries {
            found += usize::from(std::hint::black_box(gazetteer.lookup(q)).is_some());
        }
        rounds.push(started.elapsed());
    }
    rounds.sort();
    let took = rounds[1];
    println!(
        "lookups:              {:.2} million/s, median of 3 rounds ({LOOKUPS} random lookups, {found} found, {:.0} ns each)",
        LOOKUPS as f64 / took.as_secs_f64() / 1e6,
        took.as_nanos() as f64 / LOOKUPS as f64
    );

    let _ = fs::remove_dir_all(&dir);
}
