//! Synthetic directories for benchmarks: N valid listings and M practices spread across
//! England, placed at the centroids of real postcode districts (the Doogal districts file in
//! `data/postcodes/`), with a matching postcode file and `epraccur` file.
//!
//! The output is a complete directory repository that `signpost check` and `build` accept.
//! It is for measuring speed and size, not for showing to anyone: the text is repetitive.

use std::fmt::Write as _;
use std::path::Path;

use crate::vocab::{self, Vocabularies};

/// The districts file, relative to the Signpost repository root.
pub const DISTRICTS: &str = "data/postcodes/uk_postcode_districts_doogal.csv";

/// The synthetic directory of `listings` listings (and 1,000 practices, seed 1) that the
/// benchmarks share: `target/bench-data/synth-<listings>` under `repo`, written on first use
/// and reused after. Returns its path and whether it was written just now.
pub fn bench_directory(repo: &Path, listings: usize) -> Result<(std::path::PathBuf, bool), String> {
    bench_directory_with(repo, listings, 1000)
}

/// Like [`bench_directory`], with `practices` practice sites (an `epraccur` file that
/// `[practices]` reads) spread over the postcode districts: `target/bench-data/synth-<listings>`
/// for 1,000 practices, `synth-<listings>-p<practices>` otherwise.
pub fn bench_directory_with(
    repo: &Path,
    listings: usize,
    practices: usize,
) -> Result<(std::path::PathBuf, bool), String> {
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
    let today = crate::directory::today()?;
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
pub fn read_districts(path: &Path) -> Result<Vec<District>, String> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| format!("{}: no column {name:?}", path.display()))
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
        let row = row.map_err(|e| e.to_string())?;
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

/// Writes a synthetic directory with `listings` listings and `practices` practices to `out`.
pub fn generate(
    districts: &[District],
    listings: usize,
    practices: usize,
    out: &Path,
    seed: u64,
    today: jiff::civil::Date,
) -> Result<(), String> {
    if districts.is_empty() {
        return Err("no postcode districts to place listings in".into());
    }
    let io = |e: std::io::Error| format!("writing {}: {e}", out.display());
    std::fs::create_dir_all(out.join("data")).map_err(io)?;
    std::fs::create_dir_all(out.join("listings")).map_err(io)?;
    let vocab = Vocabularies::builtin();
    let needs: Vec<&str> = vocab.needs.ids().collect();
    let activities: Vec<&str> = vocab.activities.ids().collect();
    let mut rng = Rng::new(seed);
    let mut codes = Postcodes {
        next: Default::default(),
    };
    let mut postcodes = String::from("Postcode,Latitude,Longitude,In Use?\n");
    let mut place = |rng: &mut Rng, d: &District, spread: f64| {
        let pc = codes.next(&d.code);
        let lat = d.lat + rng.signed() * spread;
        let lon = d.lon + rng.signed() * spread * 1.6;
        let _ = writeln!(postcodes, "{pc},{lat:.6},{lon:.6},Yes");
        pc
    };

    let mut epraccur = String::new();
    for i in 0..practices {
        let d = rng.pick(districts);
        let pc = place(&mut rng, d, 0.01);
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

    let mut folders = std::collections::HashSet::new();
    for i in 0..listings {
        let d = rng.pick(districts);
        let folder = d.code.to_lowercase();
        if folders.insert(folder.clone()) {
            std::fs::create_dir_all(out.join("listings").join(&folder)).map_err(io)?;
        }
        let name = format!("{} {} {}", rng.pick(WORDS), d.town, rng.pick(KINDS));
        let mut id = crate::text::slugify(&name);
        id.truncate(60);
        let id = format!("{}-{i}", id.trim_end_matches('-'));
        let mut y = String::with_capacity(1200);
        y.push_str("# yaml-language-server: $schema=../../schema/listing.schema.json\n");
        let _ = writeln!(y, "name: \"{name}\"");
        let need_a = *rng.pick(&needs);
        let need_b = *rng.pick(&needs);
        let _ = writeln!(
            y,
            "summary: \"A welcoming {} for {} in {}.\"",
            rng.pick(KINDS).to_lowercase(),
            vocab
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
        let _ = writeln!(y, "activities: [{}]", rng.pick(&activities));
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
        if rng.chance(90) {
            let pc = place(&mut rng, d, 0.02);
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
            .map_err(|e| e.to_string())?;
        let _ = writeln!(y, "reviewed: {reviewed}\nexample: true");
        std::fs::write(
            out.join("listings")
                .join(&folder)
                .join(format!("{id}.yaml")),
            y,
        )
        .map_err(io)?;
    }

    std::fs::write(out.join("data/postcodes.csv"), postcodes).map_err(io)?;
    std::fs::write(out.join("data/epraccur.csv"), epraccur).map_err(io)?;
    std::fs::write(
        out.join("signpost.toml"),
        format!(
            "# A synthetic directory written by `signpost generate` for benchmarks.\ntitle = \"Signpost England (synthetic)\"\narea = \"England\"\nbase_url = \"https://signpost.example.org/\"\n\n[postcodes]\nfiles = [\"data/postcodes.csv\"]\n\n[practices]\nfile = \"data/epraccur.csv\"\nwalk_minutes = 20\n\n[[sites]]\nid = \"england\"\nname = \"England\"\npostcode = \"{}\"\nborough_wide = true\n",
            first_postcode(out)?
        ),
    )
    .map_err(io)?;
    Ok(())
}

fn first_postcode(out: &Path) -> Result<String, String> {
    let text =
        std::fs::read_to_string(out.join("data/postcodes.csv")).map_err(|e| e.to_string())?;
    text.lines()
        .nth(1)
        .and_then(|l| l.split(',').next())
        .map(str::to_string)
        .ok_or_else(|| "no postcodes were written".to_string())
}
