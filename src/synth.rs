//! Synthetic directories for benchmarks: N valid listings and M practices spread across
//! England, placed at the centroids of real postcode districts (the Doogal districts file in
//! `data/postcodes/`), with a matching postcode file and `epraccur` file.
//!
//! The output is a complete directory repository that `signpost check` and `build` accept.
//! It is for measuring speed and size, not for showing to anyone: the text is repetitive.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostics::Help;
use crate::vocab::{self, Vocabularies};

/// The districts file, relative to the Signpost repository root.
pub const DISTRICTS: &str = "data/postcodes/uk_postcode_districts_doogal.csv";

/// The synthetic directory of `listings` listings (and 1,000 practices, seed 1) that the
/// benchmarks share: `target/bench-data/synth-<listings>` under `repo`, written on first use
/// and reused after. Returns its path and whether it was written just now.
pub fn bench_directory(repo: &Path, listings: usize) -> Result<(PathBuf, bool), Error> {
    bench_directory_with(repo, listings, 1000)
}

/// Like [`bench_directory`], with `practices` practice sites (an `epraccur` file that
/// `[practices]` reads) spread over the postcode districts: `target/bench-data/synth-<listings>`
/// for 1,000 practices, `synth-<listings>-p<practices>` otherwise.
pub fn bench_directory_with(
    repo: &Path,
    listings: usize,
    practices: usize,
) -> Result<(PathBuf, bool), Error> {
    let name = if practices == 1000 {
        format!("synth-{listings}")
    } else {
        format!("synth-{listings}-p{practices}")
    };
    let dir = repo.join("target/bench-data").join(name);
    if dir.join("signpost.toml").exists() {
        return Ok((dir, false));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let districts = read_districts(&repo.join(DISTRICTS))?;
    let today = crate::directory::today().map_err(Error::Today)?;
    generate(&districts, listings, practices, &dir, 1, today)?;
    Ok((dir, true))
}

/// A small, fast, repeatable pseudo-random generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    // An endless generator, not an iterator: `next` is the usual name for its one step.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// A float in `-1.0..1.0`.
    pub fn signed(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }
}

/// A postcode district with its centroid.
#[derive(Clone, Debug)]
pub struct District {
    pub code: String,
    pub town: String,
    pub lat: f64,
    pub lon: f64,
}

/// English postcode districts that have live postcodes.
pub fn read_districts(path: &Path) -> Result<Vec<District>, Error> {
    let bad = |source| Error::Districts {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = csv::Reader::from_path(path).map_err(bad)?;
    let headers = reader.headers().map_err(bad)?.clone();
    let col = |column: &'static str| {
        headers
            .iter()
            .position(|h| h.trim() == column)
            .ok_or_else(|| Error::NoColumn {
                path: path.to_path_buf(),
                column,
            })
    };
    let (pc, lat, lon, active, region, town) = (
        col("Postcode")?,
        col("Latitude")?,
        col("Longitude")?,
        col("Active postcodes")?,
        col("UK region")?,
        col("Town/Area")?,
    );
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.map_err(bad)?;
        let region = row[region].trim();
        let active: u64 = row[active].trim().parse().unwrap_or(0);
        if active == 0
            || matches!(
                region,
                "Scotland" | "Wales" | "Northern Ireland" | "Channel Islands" | "Isle of Man"
            )
        {
            continue;
        }
        let (Ok(la), Ok(lo)) = (
            row[lat].trim().parse::<f64>(),
            row[lon].trim().parse::<f64>(),
        ) else {
            continue;
        };
        let code = row[pc].trim().to_string();
        // Districts with a letter after the number (EC1A, W1B) have their own inward codes; keep it simple.
        if code.len() > 4 || !code.chars().last().is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        out.push(District {
            code,
            // "Town/Area" lists several places ("Croydon, Addiscombe, Shirley"): keep the first.
            town: row[town]
                .split(',')
                .next()
                .unwrap_or("")
                .trim()
                .replace(['"', ':'], ""),
            lat: la,
            lon: lo,
        });
    }
    Ok(out)
}

/// Hands out distinct inward codes (`0AA`, `0AB`, …) per district.
struct Postcodes {
    next: std::collections::HashMap<String, usize>,
}

impl Postcodes {
    fn next(&mut self, district: &str) -> String {
        let n = self.next.entry(district.to_string()).or_insert(0);
        let i = *n;
        *n += 1;
        const LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
        let l = LETTERS.len();
        let digit = (i / (l * l)) % 10;
        let a = LETTERS[(i / l) % l] as char;
        let b = LETTERS[i % l] as char;
        format!("{district} {digit}{a}{b}")
    }
}

const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const WORDS: &[&str] = &[
    "Friendly",
    "Community",
    "Together",
    "Riverside",
    "Oak",
    "Hope",
    "Sunrise",
    "Meadow",
    "Bridge",
    "Harbour",
    "Willow",
    "Beacon",
    "Open Door",
    "Kindred",
    "Hillside",
    "Maple",
    "Unity",
    "Bright",
];
const KINDS: &[&str] = &[
    "Club", "Group", "Circle", "Drop-in", "Cafe", "Network", "Project", "Hub", "Walk", "Session",
];

/// Writes a synthetic directory with `listings` listings and `practices` practices to `out`:
/// the practices, then the listings (each placed near a district's centroid, with a postcode
/// made up for it), then the postcode file and signpost.toml. The same `seed` writes the
/// same files.
pub fn generate(
    districts: &[District],
    listings: usize,
    practices: usize,
    out: &Path,
    seed: u64,
    today: jiff::civil::Date,
) -> Result<(), Error> {
    if districts.is_empty() {
        return Err(Error::NoDistricts);
    }
    create(&out.join("data"))?;
    create(&out.join("listings"))?;
    let vocab = Vocabularies::builtin();
    let terms = Terms::of(&vocab);
    let mut rng = Rng::new(seed);
    let mut places = Places::new();
    let epraccur = practices_file(&mut rng, &mut places, districts, practices);
    let mut folders = HashSet::new();
    for i in 0..listings {
        let d = rng.pick(districts);
        let folder = out.join("listings").join(d.code.to_lowercase());
        if folders.insert(folder.clone()) {
            create(&folder)?;
        }
        let (id, yaml) = listing(&mut rng, &mut places, &terms, d, i, today)?;
        write(&folder.join(format!("{id}.yaml")), &yaml)?;
    }
    write(&out.join("data/postcodes.csv"), &places.csv)?;
    write(&out.join("data/epraccur.csv"), &epraccur)?;
    write(&out.join("signpost.toml"), &config(places.first()?))
}

/// Why a synthetic directory could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no postcode districts to place listings in")]
    NoDistricts,
    #[error("cannot read the postcode districts {}: {source}", path.display())]
    Districts { path: PathBuf, source: csv::Error },
    #[error("{}: no column {column:?}", path.display())]
    NoColumn { path: PathBuf, column: &'static str },
    #[error("no postcodes were written")]
    NoPostcodes,
    #[error("cannot create {}: {source}", path.display())]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A review date before the calendar's start.
    #[error("cannot make a review date: {0}")]
    Date(#[source] jiff::Error),
    /// `SIGNPOST_TODAY` is not a date ([`crate::directory::today`]).
    #[error(transparent)]
    Today(crate::directory::Error),
}

impl Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::Districts { .. } | Error::NoColumn { .. } => Some(format!(
                "run from the Signpost repository, which holds {DISTRICTS}"
            )),
            _ => None,
        }
    }
}

fn create(path: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(path).map_err(|source| Error::Create {
        path: path.to_path_buf(),
        source,
    })
}

fn write(path: &Path, text: &str) -> Result<(), Error> {
    std::fs::write(path, text).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The postcodes made up so far, as the rows of `data/postcodes.csv`.
struct Places {
    codes: Postcodes,
    csv: String,
}

impl Places {
    fn new() -> Places {
        Places {
            codes: Postcodes {
                next: Default::default(),
            },
            csv: String::from("Postcode,Latitude,Longitude,In Use?\n"),
        }
    }

    /// A new postcode in district `d`, at a point up to `spread` degrees from its centroid.
    fn place(&mut self, rng: &mut Rng, d: &District, spread: f64) -> String {
        let pc = self.codes.next(&d.code);
        let lat = d.lat + rng.signed() * spread;
        let lon = d.lon + rng.signed() * spread * 1.6;
        let _ = writeln!(self.csv, "{pc},{lat:.6},{lon:.6},Yes");
        pc
    }

    /// The first postcode made up (the borough-wide site's).
    fn first(&self) -> Result<&str, Error> {
        self.csv
            .lines()
            .nth(1)
            .and_then(|l| l.split(',').next())
            .ok_or(Error::NoPostcodes)
    }
}

/// The vocabulary's needs and activities, to pick from.
struct Terms<'a> {
    vocab: &'a Vocabularies,
    needs: Vec<&'a str>,
    activities: Vec<&'a str>,
}

impl<'a> Terms<'a> {
    fn of(vocab: &'a Vocabularies) -> Terms<'a> {
        Terms {
            vocab,
            needs: vocab.needs.ids().collect(),
            activities: vocab.activities.ids().collect(),
        }
    }
}

/// An `epraccur` file of `practices` practices, each placed in a district.
fn practices_file(
    rng: &mut Rng,
    places: &mut Places,
    districts: &[District],
    practices: usize,
) -> String {
    let mut epraccur = String::new();
    for i in 0..practices {
        let d = rng.pick(districts);
        let pc = places.place(rng, d, 0.01);
        let _ = writeln!(
            epraccur,
            "\"S{i:05}\",\"{} {} SURGERY\",\"Y56\",\"QWE\",\"{} HOUSE\",\"{} HIGH STREET\",\"{}\",\"\",\"\",\"{pc}\",\"19740401\",\"\",\"A\",\"B\",\"36L\",\"20200401\",\"\",\"020 7946 0{:03}\",\"\",\"\",\"\",\"0\",\"\",\"36L\",\"\",\"4\",\"\"",
            d.town.to_uppercase().replace('"', ""),
            i,
            rng.pick(WORDS).to_uppercase(),
            i % 300 + 1,
            d.town.to_uppercase().replace('"', ""),
            i % 1000
        );
    }
    epraccur
}

/// Listing number `i`, in district `d`: its id and its file.
fn listing(
    rng: &mut Rng,
    places: &mut Places,
    terms: &Terms,
    d: &District,
    i: usize,
    today: jiff::civil::Date,
) -> Result<(String, String), Error> {
    let name = format!("{} {} {}", rng.pick(WORDS), d.town, rng.pick(KINDS));
    let mut id = crate::text::slugify(&name);
    id.truncate(60);
    let id = format!("{}-{i}", id.trim_end_matches('-'));
    let mut y = String::with_capacity(1200);
    y.push_str("# yaml-language-server: $schema=../../schema/listing.schema.json\n");
    let _ = writeln!(y, "name: \"{name}\"");
    about(&mut y, rng, terms, d);
    who_and_cost(&mut y, rng);
    venue(&mut y, rng, places, d);
    when_and_contact(&mut y, rng, i, &id, today)?;
    Ok((id, y))
}

/// The summary, description, organisation, needs and activities.
fn about(y: &mut String, rng: &mut Rng, terms: &Terms, d: &District) {
    let need_a = *rng.pick(&terms.needs);
    let need_b = *rng.pick(&terms.needs);
    let _ = writeln!(
        y,
        "summary: \"A welcoming {} for {} in {}.\"",
        rng.pick(KINDS).to_lowercase(),
        terms
            .vocab
            .needs
            .get(need_a)
            .map_or(need_a, |t| t.label.as_str())
            .to_lowercase(),
        d.town
    );
    let _ = writeln!(
        y,
        "description: |\n  Come along and meet people. We meet in {} and everyone is welcome.\n\n  - tea and coffee\n  - a friendly chat\n  - **no need to book**",
        d.town
    );
    let _ = writeln!(y, "organisation: \"{} Voluntary Action\"", d.town);
    if need_a == need_b {
        let _ = writeln!(y, "needs: [{need_a}]");
    } else {
        let _ = writeln!(y, "needs: [{need_a}, {need_b}]");
    }
    let _ = writeln!(y, "activities: [{}]", rng.pick(&terms.activities));
}

/// Who it is for (sometimes), its languages, its cost and how to join.
fn who_and_cost(y: &mut String, rng: &mut Rng) {
    if rng.chance(40) {
        let (aud, _) = *rng.pick(vocab::AUDIENCES);
        let _ = writeln!(
            y,
            "who:\n  min_age: {}\n  audiences: [{aud}]",
            [0, 5, 11, 18, 50, 65][rng.below(6)]
        );
    }
    let _ = writeln!(
        y,
        "languages: [en{}]",
        if rng.chance(20) { ", so" } else { "" }
    );
    if rng.chance(70) {
        y.push_str("cost:\n  free: true\n");
    } else {
        let _ = writeln!(
            y,
            "cost:\n  amount: {}.50\n  per: session",
            rng.below(8) + 1
        );
    }
    let _ = writeln!(
        y,
        "joining: {}",
        ["self", "self", "either", "professional"][rng.below(4)]
    );
}

/// A venue in district `d` (nine in ten), else online.
fn venue(y: &mut String, rng: &mut Rng, places: &mut Places, d: &District) {
    if rng.chance(90) {
        let pc = places.place(rng, d, 0.02);
        let _ = writeln!(
            y,
            "venues:\n  - name: \"{} Hall\"\n    address: [\"{} Road\", \"{}\"]\n    postcode: {pc}\n    access: [step-free{}]",
            rng.pick(WORDS),
            rng.pick(WORDS),
            d.town,
            if rng.chance(50) {
                ", accessible-toilet"
            } else {
                ""
            }
        );
    } else {
        y.push_str("online: true\n");
    }
}

/// One weekly session, the contact details, the maintainer and a review date in the 150 days
/// before `today`.
fn when_and_contact(
    y: &mut String,
    rng: &mut Rng,
    i: usize,
    id: &str,
    today: jiff::civil::Date,
) -> Result<(), Error> {
    let start = 9 + rng.below(11);
    let _ = writeln!(
        y,
        "when:\n  - days: [{}]\n    start: \"{start:02}:00\"\n    end: \"{:02}:30\"",
        rng.pick(DAYS),
        start + 1
    );
    let _ = writeln!(
        y,
        "contact:\n  email: hello{i}@example.org\n  phone: 020 7946 0{:03}\n  website: https://example.org/{id}",
        i % 1000
    );
    let _ = writeln!(y, "maintainers: [volunteer-{}]", i % 5000);
    let reviewed = today
        .checked_sub(jiff::Span::new().days(rng.below(150) as i64))
        .map_err(Error::Date)?;
    let _ = writeln!(y, "reviewed: {reviewed}\nexample: true");
    Ok(())
}

/// signpost.toml, with the borough-wide site at `postcode`.
fn config(postcode: &str) -> String {
    format!(
        "# A synthetic directory written by `signpost generate` for benchmarks.\ntitle = \"Signpost England (synthetic)\"\narea = \"England\"\nbase_url = \"https://signpost.example.org/\"\n\n[postcodes]\nfiles = [\"data/postcodes.csv\"]\n\n[practices]\nfile = \"data/epraccur.csv\"\nwalk_minutes = 20\n\n[[sites]]\nid = \"england\"\nname = \"England\"\npostcode = \"{postcode}\"\nborough_wide = true\n"
    )
}
