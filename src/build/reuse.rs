//! Keeping a job's files instead of running it again: the list of what each job wrote last
//! time (in the cache folder, [`list_path`]), and the build's global fingerprint.
//!
//! A job with a fingerprint ([`crate::render::Inputs`]) is kept when the list has the same
//! fingerprint for it and every file it wrote is still in the output as it was then (the same
//! inode, size and modification time): its files are then linked into the staging folder
//! ([`crate::staging::keep`]) and it does not run. Anything else runs. The global
//! fingerprint ([`global`]) holds what every page may read that a job's own does not: the
//! binary, the files a build reads besides the listings ([`inputs_read`]: signpost.toml, the
//! theme, the vocabularies, the data files, listing files with errors, …), the `SIGNPOST_*`
//! settings, the date, and the loaded configuration and sites.
//!
//! The list is written after the swap; if a build stops between the two, the older list
//! describes files that are either still the same (the same inode) or not, so it is still
//! exact. Not for deciding what a job reads (`render::inputs`) or for the swap (`output`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::directory::Directory;
use crate::render::Fingerprint;

/// One file a job wrote: its path below the output, and what identified it there.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    rel: PathBuf,
    ino: u64,
    len: u64,
    modified: i128,
}

/// What one job wrote last time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    fingerprint: u64,
    pages: usize,
    files: Vec<Stamp>,
}

impl Entry {
    /// How many pages the job wrote.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// How many files the job wrote.
    pub fn files(&self) -> usize {
        self.files.len()
    }

    /// The paths below the output of the files the job wrote.
    pub fn rels(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|f| f.rel.as_path())
    }
}

/// The jobs of an output: job key → what it wrote.
#[derive(Debug, Default)]
pub struct Jobs {
    entries: HashMap<String, Entry>,
}

/// Where the list of the output `out` is kept: in the directory's cache folder, named by
/// `out`'s absolute path (`.signpost-cache/builds/<hash>.jobs`), so it is never published
/// with the output.
pub fn list_path(dir: &Directory, out: &Path) -> PathBuf {
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let name = crate::hash::fnv1a(out.as_os_str().as_encoded_bytes());
    dir.root
        .join(&dir.config.cache)
        .join("builds")
        .join(format!("{name:016x}.jobs"))
}

/// A file's identity, as [`Stamp`] keeps it.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64, i128)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::symlink_metadata(path).ok()?;
    let modified = i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec());
    m.is_file().then(|| (m.ino(), m.len(), modified))
}

/// Elsewhere no file is known to be the same, and every job runs.
#[cfg(not(unix))]
fn identity(_: &Path) -> Option<(u64, u64, i128)> {
    None
}

impl Jobs {
    /// The list at `path` ([`list_path`]); empty when there is none or it cannot be read.
    pub fn read(path: &Path) -> Jobs {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut entries = HashMap::new();
        for line in text.lines() {
            if let Some((key, entry)) = parse(line) {
                entries.insert(key, entry);
            }
        }
        Jobs { entries }
    }

    /// What job `key` wrote into `out` last time, if its fingerprint was `fingerprint` and
    /// its files are all still there as they were.
    pub fn unchanged(&self, key: &str, fingerprint: u64, out: &Path) -> Option<&Entry> {
        let entry = self.entries.get(key)?;
        let same = entry.fingerprint == fingerprint
            && entry
                .files
                .iter()
                .all(|f| identity(&out.join(&f.rel)) == Some((f.ino, f.len, f.modified)));
        same.then_some(entry)
    }

    /// Writes the list at `path` ([`list_path`]; aside, then renamed over the old one).
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut keys: Vec<&String> = self.entries.keys().collect();
        keys.sort();
        let mut text = String::new();
        for key in keys {
            let e = &self.entries[key];
            text.push_str(&format!("{key}\t{:016x}\t{}", e.fingerprint, e.pages));
            for f in &e.files {
                let rel = f.rel.to_string_lossy();
                text.push_str(&format!("\t{rel}|{}|{}|{}", f.ino, f.len, f.modified));
            }
            text.push('\n');
        }
        let temp = path.with_extension(format!("jobs-{}", std::process::id()));
        std::fs::write(&temp, text)?;
        std::fs::rename(&temp, path)
    }
}

/// One line of the list: `key TAB fingerprint TAB pages (TAB rel|ino|len|modified)*`.
fn parse(line: &str) -> Option<(String, Entry)> {
    let mut fields = line.split('\t');
    let key = fields.next()?.to_string();
    let fingerprint = u64::from_str_radix(fields.next()?, 16).ok()?;
    let pages = fields.next()?.parse().ok()?;
    let files = fields
        .map(|f| {
            let mut parts = f.rsplitn(4, '|');
            let modified = parts.next()?.parse().ok()?;
            let len = parts.next()?.parse().ok()?;
            let ino = parts.next()?.parse().ok()?;
            let rel = PathBuf::from(parts.next()?);
            Some(Stamp {
                rel,
                ino,
                len,
                modified,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((
        key,
        Entry {
            fingerprint,
            pages,
            files,
        },
    ))
}

/// The list being made by a build: each job's entry, as it is kept or run.
#[derive(Debug, Default)]
pub struct NewJobs {
    jobs: Mutex<Jobs>,
    kept: AtomicUsize,
}

impl NewJobs {
    /// Job `key` kept what it wrote last time.
    pub fn kept(&self, key: String, entry: &Entry) {
        self.kept.fetch_add(1, Ordering::Relaxed);
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.entries.insert(key, entry.clone());
    }

    /// "(kept 120 jobs)", for the timings.
    pub fn counts(&self) -> String {
        format!("(kept {} jobs)", self.kept.load(Ordering::Relaxed))
    }

    /// Job `key`, with `fingerprint`, ran and wrote `files` (paths in `staging`) and `pages`
    /// pages. Not remembered if a file's path cannot be written in the list.
    pub fn ran(
        &self,
        key: String,
        fingerprint: u64,
        pages: usize,
        files: &[PathBuf],
        staging: &Path,
    ) {
        let mut stamps = Vec::with_capacity(files.len());
        for path in files {
            let Ok(rel) = path.strip_prefix(staging) else {
                return;
            };
            let text = rel.to_string_lossy();
            if text.contains(['\t', '\n', '\r']) || key.contains(['\t', '\n', '\r']) {
                return;
            }
            let Some((ino, len, modified)) = identity(path) else {
                return;
            };
            stamps.push(Stamp {
                rel: rel.to_path_buf(),
                ino,
                len,
                modified,
            });
        }
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.entries.insert(
            key,
            Entry {
                fingerprint,
                pages,
                files: stamps,
            },
        );
    }

    /// The finished list.
    pub fn into_jobs(self) -> Jobs {
        self.jobs.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// The files and folders below the directory's root that a build reads besides its listings:
/// signpost.toml, the theme's overrides (`themes/`), the vocabularies (`schema/`), the data
/// (`data/`), every file `signpost.toml` names, and the listings folder (whose files that are
/// not listings, such as one with errors, count too). A path that does not exist adds its
/// absence.
fn inputs_read(dir: &Directory) -> Vec<PathBuf> {
    let c = &dir.config;
    let mut read: Vec<PathBuf> = ["signpost.toml", "themes", "schema", "data"]
        .into_iter()
        .map(PathBuf::from)
        .collect();
    read.push(c.listings.clone());
    read.extend(c.attribution.iter().cloned());
    read.extend(c.theme.iter().flat_map(|t| t.logo.iter().cloned()));
    read.extend(c.postcodes.files.iter().cloned());
    read.extend(c.wards.iter().map(|w| w.file.clone()));
    read.extend(c.practices.iter().map(|p| p.file.clone()));
    read.extend(c.insight.iter().flat_map(|i| {
        [
            Some(i.lsoa_file.clone()),
            Some(i.imd_file.clone()),
            i.ward_summary.clone(),
        ]
        .into_iter()
        .flatten()
    }));
    read.extend(c.calendar.bank_holidays.iter().cloned());
    // Each file once: not a file named in signpost.toml again inside a folder read whole.
    let read: Vec<PathBuf> = read
        .into_iter()
        .map(|p| p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p))
        .collect();
    let mut once: Vec<PathBuf> = Vec::new();
    for p in &read {
        let inside = read.iter().any(|q| q != p && p.starts_with(q));
        if !inside && !once.contains(p) {
            once.push(p.clone());
        }
    }
    once
}

/// The build's global fingerprint (see the module's doc). `out` and the folders beside it
/// that a build makes are left out, in case the output is inside the directory.
pub fn global(dir: &Directory, out: &Path) -> u64 {
    let mut f = Fingerprint::default();
    f.add(env!("CARGO_PKG_VERSION").as_bytes());
    if let Ok(exe) = std::env::current_exe() {
        f.debug(&identity(&exe)).debug(&exe);
    }
    let mut settings: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| k.starts_with("SIGNPOST_") && k != "SIGNPOST_TIMINGS")
        .collect();
    settings.sort();
    f.debug(&settings);
    f.debug(&dir.today).debug(&dir.config).debug(&dir.sites);
    f.debug(&dir.calendar);
    let root = std::path::absolute(&dir.root).unwrap_or_else(|_| dir.root.clone());
    let listings: std::collections::HashSet<PathBuf> =
        dir.listings.iter().map(|l| root.join(&l.path)).collect();
    let cache = root.join(&dir.config.cache);
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let beside = out
        .file_name()
        .map(|n| format!(".{}.", n.to_string_lossy()))
        .unwrap_or_default();
    // What a build reads besides the listings: never the whole folder, which in a
    // developer's checkout holds `target/` and `node_modules/` (gigabytes, read on every
    // build before this was narrowed).
    for read in inputs_read(dir) {
        let walk = walkdir::WalkDir::new(root.join(&read))
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                let skipped = e.depth() > 0 && (name == ".git" || e.path() == cache);
                let built = e.path() == out
                    || (e.path().parent() == out.parent() && name.starts_with(&beside));
                !skipped && !built
            });
        f.debug(&read);
        for entry in walk {
            let Ok(entry) = entry else {
                f.add(b"unreadable");
                continue;
            };
            if entry.file_type().is_dir() || listings.contains(entry.path()) {
                continue;
            }
            let rel = entry.path().strip_prefix(&root).unwrap_or(entry.path());
            f.debug(&rel);
            match std::fs::read(entry.path()) {
                Ok(bytes) => f.add(&bytes),
                Err(_) => f.add(b"unreadable"),
            };
        }
    }
    f.value()
}
