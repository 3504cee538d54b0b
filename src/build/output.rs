//! The output folder of a build, made safely: a build writes into a temporary folder beside
//! the output (`.public.new-<pid>`), over the files of the build before the last one (the
//! spare, `.public.spare`), sweeps out what it did not write again, and swaps the folder in
//! whole, so a failed build leaves the previous output as it was and a reader never sees a
//! half-written site.
//!
//! Not for deciding what goes into the folder: that is the rest of `build`.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Error;

/// A file in every build's output, so a later build knows the folder is its own to replace.
pub const MARKER: &str = ".signpost-build";

/// `.public.spare` next to `public`: the build before the current one, kept so that the next
/// build writes over its files instead of deleting them and making new ones. On ext4, making
/// files in the minutes after deleting as many is slow: the inode allocator passes over every
/// recently deleted inode (`recently_deleted` in the kernel), and a Croydon rebuild took 1.3
/// to 3.9 s instead of 0.6 s, most of it in the kernel. The cost is a second copy on disk.
pub(crate) fn spare(out: &Path) -> Result<PathBuf, Error> {
    beside(out, "spare")
}

/// Moves the spare build, if there is one, to `temp` for this build to write over, and
/// returns the time this build started by the file system's clock: files older than that
/// were not written again, and [`sweep`] deletes them. `None` when there is no spare.
pub fn reuse_spare(out: &Path, temp: &Path) -> Result<Option<std::time::SystemTime>, Error> {
    let spare = spare(out)?;
    if !spare.join(MARKER).is_file() || std::fs::rename(&spare, temp).is_err() {
        return Ok(None);
    }
    // The file system's own clock (coarser than the system's): every file written from now
    // on is at least this new.
    let start = temp.join(".signpost-started");
    let since = std::fs::write(&start, "")
        .and_then(|()| std::fs::metadata(&start)?.modified())
        .map_err(|e| Error::io("cannot write in", temp, e))?;
    let _ = std::fs::remove_file(&start);
    Ok(Some(since))
}

/// Deletes the files under `dir` older than `since` (left from the spare build, not written
/// by this one), and the folders that leaves empty.
pub fn sweep(dir: &Path, since: std::time::SystemTime) -> Result<(), Error> {
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| Error::io("cannot read", dir, e.into()))?;
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
                .map_err(|e| Error::io("cannot remove", entry.path(), e))?;
        }
    }
    // Deepest first; a folder with files left in it stays.
    for folder in folders.iter().rev() {
        let _ = std::fs::remove_dir(folder);
    }
    Ok(())
}

/// Refuses outputs that would replace the directory itself or a folder that is not a build.
pub fn check_output(root: &Path, out: &Path) -> Result<(), Error> {
    let abs = |p: &Path| std::path::absolute(p).map_err(|e| Error::io("cannot find", p, e));
    let (root_abs, out_abs) = (abs(root)?, abs(out)?);
    if root_abs.starts_with(&out_abs) {
        return Err(Error::ContainsRoot(out.to_path_buf()));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(Error::NotAFolder(out.to_path_buf()));
        }
        let empty = std::fs::read_dir(out)
            .map_err(|e| Error::io("cannot read", out, e))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).exists() {
            return Err(Error::NotABuild(out.to_path_buf()));
        }
    }
    Ok(())
}

/// `.public.<what>` next to `public`.
fn beside(out: &Path, what: &str) -> Result<PathBuf, Error> {
    let name = out
        .file_name()
        .ok_or_else(|| Error::NotAFolder(out.to_path_buf()))?;
    let parent = out.parent().unwrap_or(Path::new(""));
    Ok(parent.join(format!(".{}.{what}", name.to_string_lossy())))
}

/// `.public.new-<pid>` next to `public`: where this build writes.
pub fn sibling(out: &Path, what: &str) -> Result<PathBuf, Error> {
    beside(out, &format!("{what}-{}", std::process::id()))
}

/// Deletes the temporary folders of builds that were killed part way (`.public.new-<pid>`
/// whose process is gone), so they do not pile up next to the output. Only on systems with
/// `/proc`, where it can tell a process is gone.
pub fn remove_abandoned(out: &Path) {
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
pub fn remove(path: &Path) -> Result<(), Error> {
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
            Err(Error::io("cannot remove", path, e))
        }
        _ => Ok(()),
    }
}

/// Moves the old output aside, the new one in, and keeps the old one as the next build's
/// spare ([`spare`]). If the second rename fails, the old output is put back.
pub fn swap(new: &Path, out: &Path) -> Result<(), Error> {
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
    }
    let old = spare(out)?;
    remove(&old)?;
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(|e| Error::io("cannot move aside", out, e))?;
    }
    if let Err(e) = std::fs::rename(new, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(new);
        return Err(Error::io("cannot move the new build into", out, e));
    }
    Ok(())
}
