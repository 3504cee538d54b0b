//! `signpost build`: load the directory, render every site into a temporary folder next to the
//! output, and swap it in, so a failed build leaves the previous output as it was.
//!
//! Listings with errors are reported (as `check` prints them) and left out; the rest are built.
//! With `--strict` any error stops the build before anything is written (exit 1).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::diagnostics::{self, Format};
use crate::directory::{self, Options};
use crate::render::{Renderer, Theme, Written};

/// A file in every build's output, so a later build knows the folder is its own to replace.
pub const MARKER: &str = ".signpost-build";

pub fn run(root: &Path, out: Option<&Path>, strict: bool) -> Result<ExitCode, String> {
    let started = Instant::now();
    let out = match out {
        Some(p) => p.to_path_buf(),
        None => root.join("public"),
    };
    check_output(root, &out)?;

    let outcome = directory::load(root, &Options::default())?;
    for note in &outcome.notes {
        eprintln!("note: {note}");
    }
    let diags = &outcome.diagnostics;
    let color = std::io::stderr().is_terminal();
    eprint!(
        "{}",
        diagnostics::render(diags, Format::Human, color, &|file: &Path| {
            std::fs::read_to_string(root.join(file)).ok()
        })
    );
    let (errors, _) = diagnostics::tally(diags);
    let bad: std::collections::HashSet<_> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| &d.file)
        .collect();
    if errors > 0 {
        if strict {
            eprintln!(
                "error: {} listing{} with errors; nothing was built (--strict)",
                bad.len(),
                plural(bad.len())
            );
            return Ok(ExitCode::FAILURE);
        }
        eprintln!(
            "warning: {} listing{} with errors left out of the build; run `signpost check` for details",
            bad.len(),
            plural(bad.len())
        );
    }

    let dir = &outcome.directory;
    timing("load", started);
    let theme = Theme::load(root)?;
    let phase = Instant::now();
    let renderer = Renderer::new(dir, &theme)?;
    let jobs = renderer.jobs();
    timing("index", phase);
    let phase = Instant::now();

    remove_abandoned(&out);
    let temp = sibling(&out, "new")?;
    remove(&temp)?;
    // The previous build's files are written over rather than made anew (see `spare`).
    let since = reuse_spare(&out, &temp)?;
    if since.is_none() {
        std::fs::create_dir_all(&temp)
            .map_err(|e| format!("cannot create {}: {e}", temp.display()))?;
    }
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{spinner} building {bar:30} {pos}/{len} ({eta})")
                .map_err(|e| e.to_string())?,
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    // The open data and gaps reports are written alongside the pages, not after them.
    let (pages, data) = rayon::join(
        || {
            // Taken in order, the largest first (`Renderer::jobs`): a parallel iterator
            // over the list would split it in halves and could start the largest last.
            jobs.into_iter()
                .par_bridge()
                .progress_with(bar.clone())
                .map(|job| renderer.run(job, &temp))
                .try_reduce(Written::default, |a, b| Ok(a + b))
        },
        || publish_data(dir, &temp),
    );
    let result: Result<Written, String> = pages.and_then(|w| data.map(|()| w)).and_then(|w| {
        if let Some(since) = since {
            sweep(&temp, since)?;
        }
        std::fs::write(temp.join(MARKER), "written by signpost build\n")
            .map_err(|e| format!("cannot write in {}: {e}", temp.display()))?;
        Ok(w)
    });
    bar.finish_and_clear();
    let written = match result {
        Ok(w) => w,
        Err(e) => {
            let _ = remove(&temp);
            let kept = if out.exists() {
                "was left as it was"
            } else {
                "was not created"
            };
            return Err(format!("{e}\nthe build failed; {} {kept}", out.display()));
        }
    };
    timing("render", phase);
    let phase = Instant::now();
    swap(&temp, &out)?;
    timing("swap", phase);

    println!(
        "built {} site{}, {} page{}, {} listing{} in {:.2}s into {}",
        dir.sites.len(),
        plural(dir.sites.len()),
        written.pages,
        plural(written.pages),
        renderer.listings().len(),
        plural(renderer.listings().len()),
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Beside the pages: the open data (Open Referral UK / HSDS files at `api/`) and, on each
/// borough-wide site, the commissioners' gaps report at `<site>/insight/`.
fn publish_data(dir: &crate::directory::Directory, out: &Path) -> Result<(), String> {
    crate::hsds::write_static(dir, &out.join("api")).map_err(|e| e.to_string())?;
    for site in &dir.sites {
        if matches!(site.kind, crate::sites::Kind::Extra { borough_wide: true }) {
            crate::insight::write_html(dir, &out.join(&site.id).join("insight"))?;
        }
    }
    Ok(())
}

/// `.public.spare` next to `public`: the build before the current one, kept so that the next
/// build writes over its files instead of deleting them and making new ones. On ext4, making
/// files in the minutes after deleting as many is slow: the inode allocator passes over every
/// recently deleted inode (`recently_deleted` in the kernel), and a Croydon rebuild took 1.3
/// to 3.9 s instead of 0.6 s, most of it in the kernel. The cost is a second copy on disk.
fn spare(out: &Path) -> Result<PathBuf, String> {
    beside(out, "spare")
}

/// Moves the spare build, if there is one, to `temp` for this build to write over, and
/// returns the time this build started by the file system's clock: files older than that
/// were not written again, and [`sweep`] deletes them. `None` when there is no spare.
fn reuse_spare(out: &Path, temp: &Path) -> Result<Option<std::time::SystemTime>, String> {
    let spare = spare(out)?;
    if !spare.join(MARKER).is_file() || std::fs::rename(&spare, temp).is_err() {
        return Ok(None);
    }
    // The file system's own clock (coarser than the system's): every file written from now
    // on is at least this new.
    let start = temp.join(".signpost-started");
    let since = std::fs::write(&start, "")
        .and_then(|()| std::fs::metadata(&start)?.modified())
        .map_err(|e| format!("cannot write in {}: {e}", temp.display()))?;
    let _ = std::fs::remove_file(&start);
    Ok(Some(since))
}

/// Deletes the files under `dir` older than `since` (left from the spare build, not written
/// by this one), and the folders that leaves empty.
fn sweep(dir: &Path, since: std::time::SystemTime) -> Result<(), String> {
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
            continue;
        }
        let old = entry
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .is_none_or(|modified| modified < since);
        if old {
            std::fs::remove_file(entry.path())
                .map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
        }
    }
    // Deepest first; a folder with files left in it stays.
    for folder in folders.iter().rev() {
        let _ = std::fs::remove_dir(folder);
    }
    Ok(())
}

/// Refuses outputs that would replace the directory itself or a folder that is not a build.
fn check_output(root: &Path, out: &Path) -> Result<(), String> {
    let abs = |p: &Path| std::path::absolute(p).map_err(|e| format!("{}: {e}", p.display()));
    let (root_abs, out_abs) = (abs(root)?, abs(out)?);
    if root_abs.starts_with(&out_abs) {
        return Err(format!(
            "the output folder {} contains the directory itself\nhelp: choose another --out",
            out.display()
        ));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(format!("{} exists and is not a folder", out.display()));
        }
        let empty = std::fs::read_dir(out)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).exists() {
            return Err(format!(
                "{} is not empty and was not written by signpost build, so it will not be replaced\nhelp: choose another --out, or empty the folder",
                out.display()
            ));
        }
    }
    Ok(())
}

/// `.public.<what>` next to `public`.
fn beside(out: &Path, what: &str) -> Result<PathBuf, String> {
    let name = out
        .file_name()
        .ok_or_else(|| format!("{} is not a folder name", out.display()))?;
    let parent = out.parent().unwrap_or(Path::new(""));
    Ok(parent.join(format!(".{}.{what}", name.to_string_lossy())))
}

/// `.public.new-<pid>` next to `public`: where this build writes.
fn sibling(out: &Path, what: &str) -> Result<PathBuf, String> {
    beside(out, &format!("{what}-{}", std::process::id()))
}

/// Deletes the temporary folders of builds that were killed part way (`.public.new-<pid>`
/// whose process is gone), so they do not pile up next to the output. Only on systems with
/// `/proc`, where it can tell a process is gone.
fn remove_abandoned(out: &Path) {
    let proc = Path::new("/proc/self");
    let (Some(name), true) = (out.file_name(), proc.exists()) else {
        return;
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    for entry in entries.filter_map(Result::ok) {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let (what, pid) = rest.split_once('-').unwrap_or(("", ""));
        let gone = pid.parse::<u32>().is_ok_and(|pid| {
            pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists()
        });
        if gone && what == "new" {
            let _ = remove(&entry.path());
        }
    }
}

/// Deletes a folder tree, files in parallel: a build's output has tens of thousands of small
/// files, and deleting them one at a time can take as long as the build.
fn remove(path: &Path) -> Result<(), String> {
    if !path.exists() {
        return Ok(());
    }
    let files: Vec<PathBuf> = walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().for_each(|f| {
        let _ = std::fs::remove_file(f);
    });
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Moves the old output aside, the new one in, and keeps the old one as the next build's
/// spare ([`spare`]). If the second rename fails, the old output is put back.
fn swap(new: &Path, out: &Path) -> Result<(), String> {
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let old = spare(out)?;
    remove(&old)?;
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old)
            .map_err(|e| format!("cannot move {} aside: {e}", out.display()))?;
    }
    if let Err(e) = std::fs::rename(new, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(new);
        return Err(format!(
            "cannot move the new build into {}: {e}",
            out.display()
        ));
    }
    Ok(())
}

/// With `SIGNPOST_TIMINGS` set, how long a phase took, on stderr.
fn timing(name: &str, started: Instant) {
    if std::env::var_os("SIGNPOST_TIMINGS").is_some() {
        eprintln!("timing: {name} {:.3}s", started.elapsed().as_secs_f64());
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
