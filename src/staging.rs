//! Writing a build's files into its staging folder so that what did not change is the last
//! build's file itself: [`write`] compares the new bytes with the file at the same place in
//! the output being replaced and, when they are the same, hard-links that file into the
//! staging folder instead of writing it. Its modification time is then the time it last
//! changed, so an upload that compares times and sizes (rsync, `rclone sync`, `aws s3 sync`)
//! sends only what changed, and the build makes no new file for it. [`keep`] links the
//! previous file without new bytes to compare, for a job whose inputs did not change.
//!
//! The output being replaced is never written to: a changed file is a new file in the
//! staging folder, and a file already in the staging folder (written twice in one build, or
//! left there by the build before last when its folder is reused) is unlinked before it is
//! written again, never written through a link. So the previous output stays whole until
//! `build` swaps the staging folder in, and a failed or killed build leaves it as it was.
//! Every file written or kept is noted, so that [`Staging::remove_untouched`] can take out
//! what a reused folder held that this build did not write, and [`record`] can tell which
//! files one job wrote.
//!
//! Which staging folder stands for which output is process-wide ([`Staging::begin`]), so the
//! modules that write files (`render`, `search`, `hsds`, `insight`) need not be told: outside
//! a staging folder, [`write`] is a plain write. Not for deciding what is written (that is
//! `build`), nor for the swap (`build::output`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// A staging folder of a build running in this process: the output it will replace, and
/// the files written or kept in it so far.
struct Staged {
    staging: PathBuf,
    previous: PathBuf,
    touched: Arc<Mutex<HashMap<PathBuf, bool>>>,
}

/// The staging folders of the builds running in this process.
static STAGED: RwLock<Vec<Staged>> = RwLock::new(Vec::new());

thread_local! {
    /// The files written on this thread by each [`record`] running on it, innermost last (a
    /// job waiting on parallel work may run another job on the same thread).
    static RECORDING: RefCell<Vec<Vec<PathBuf>>> = const { RefCell::new(Vec::new()) };
}

/// While it lives, files written under `staging` are compared with those under `previous`.
#[derive(Debug)]
pub struct Staging {
    staging: PathBuf,
    touched: Arc<Mutex<HashMap<PathBuf, bool>>>,
}

impl Staging {
    /// Files written under `staging` from now on are linked from `previous` (the current
    /// output) when their bytes are the same, until the returned value is dropped.
    pub fn begin(staging: &Path, previous: &Path) -> Staging {
        let touched = Arc::new(Mutex::new(HashMap::new()));
        let mut staged = STAGED.write().unwrap_or_else(|e| e.into_inner());
        staged.push(Staged {
            staging: staging.to_path_buf(),
            previous: previous.to_path_buf(),
            touched: Arc::clone(&touched),
        });
        Staging {
            staging: staging.to_path_buf(),
            touched,
        }
    }

    /// Removes every file under the staging folder that was neither written nor kept since
    /// [`Staging::begin`] (what a reused folder held from an earlier build), and the folders
    /// left empty. Returns how many files it removed. Removing only unlinks: a file that is
    /// also in the previous output stays there.
    pub fn remove_untouched(&self) -> std::io::Result<usize> {
        let touched = self.touched.lock().unwrap_or_else(|e| e.into_inner());
        let mut removed = 0;
        let mut folders = Vec::new();
        for entry in walkdir::WalkDir::new(&self.staging).min_depth(1) {
            let entry = entry.map_err(std::io::Error::from)?;
            if entry.file_type().is_dir() {
                folders.push(entry.into_path());
            } else if !touched.contains_key(entry.path()) {
                std::fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
        // Deepest first; a folder that still holds files stays.
        for folder in folders.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
        Ok(removed)
    }

    /// Since [`Staging::begin`]: how many files were written with new bytes, how many are
    /// the previous output's (linked), and how many of the previous output's files are not
    /// in the staging folder (`previous_files`, its files by path below it).
    pub fn changes<'p>(
        &self,
        previous_files: impl IntoIterator<Item = &'p Path>,
    ) -> (usize, usize, usize) {
        let touched = self.touched.lock().unwrap_or_else(|e| e.into_inner());
        let kept = touched.values().filter(|&&linked| linked).count();
        let removed = previous_files
            .into_iter()
            .filter(|rel| !touched.contains_key(&self.staging.join(rel)))
            .count();
        (touched.len() - kept, kept, removed)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let mut staged = STAGED.write().unwrap_or_else(|e| e.into_inner());
        staged.retain(|s| s.staging != self.staging);
    }
}

/// Where a path in a staging folder stands.
struct Place {
    /// The file at its place in the output the staging folder replaces.
    old: PathBuf,
    /// The staging folder.
    staging: PathBuf,
    /// The staging folder's list of files written or kept.
    touched: Arc<Mutex<HashMap<PathBuf, bool>>>,
}

/// Where `path` stands, if it is in a staging folder.
fn place_of(path: &Path) -> Option<Place> {
    let staged = STAGED.read().unwrap_or_else(|e| e.into_inner());
    staged.iter().find_map(|s| {
        let rel = path.strip_prefix(&s.staging).ok()?;
        Some(Place {
            old: s.previous.join(rel),
            staging: s.staging.clone(),
            touched: Arc::clone(&s.touched),
        })
    })
}

/// Notes that `path` was written (`linked` false) or is the previous output's file
/// (`linked`): in its staging folder's list, and in the innermost [`record`] running on this
/// thread.
fn note(path: &Path, touched: Option<&Mutex<HashMap<PathBuf, bool>>>, linked: bool) {
    if let Some(touched) = touched {
        touched
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), linked);
    }
    RECORDING.with(|r| {
        if let Some(files) = r.borrow_mut().last_mut() {
            files.push(path.to_path_buf());
        }
    });
}

/// Runs `f` and returns, with its result, the files it wrote or kept on this thread through
/// [`write`] and [`keep`] (a render job writes on its own thread).
pub fn record<R>(f: impl FnOnce() -> R) -> (R, Vec<PathBuf>) {
    RECORDING.with(|r| r.borrow_mut().push(Vec::new()));
    let result = f();
    let files = RECORDING.with(|r| r.borrow_mut().pop()).unwrap_or_default();
    (result, files)
}

/// Whether the file at `path` holds exactly `bytes` (its size first, so most changed files
/// are told apart without reading them).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Whether `a` and `b` are one file (hard links of one inode).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => same_inode(&a, &b),
        _ => false,
    }
}

/// Whether two files' metadata are of one file (its inode).
#[cfg(unix)]
fn same_inode(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.is_file() && a.dev() == b.dev() && a.ino() == b.ino()
}

/// Elsewhere, two files are never taken for one.
#[cfg(not(unix))]
fn same_inode(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// Writes `bytes` to `path`, making its folder if need be; in a staging folder, links the
/// previous build's file instead when it holds the same bytes (see the module's doc).
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) -> std::io::Result<()> {
    let bytes = bytes.as_ref();
    let place = place_of(path);
    if let Some(p) = &place
        && holds(&p.old, bytes)
    {
        // A reused staging folder often holds the previous file already.
        if same_file(&p.old, path)
            || (unlink(path).is_ok() && link(&p.old, path, &p.staging).is_ok())
        {
            note(path, Some(&p.touched), true);
            return Ok(());
        }
    }
    // Never write through a link to the previous output.
    unlink(path)?;
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound || place.is_some() => {
            clear_way(path, place.as_ref().map(|p| p.staging.as_path()))?;
            std::fs::write(path, bytes)?;
        }
        written => written?,
    }
    note(path, place.as_ref().map(|p| &*p.touched), false);
    Ok(())
}

/// In a staging folder, makes `path` the previous output's file at its place (a hard link),
/// as [`write`] would if given the same bytes. Returns false, and leaves `path` alone, when
/// there is no such file (or `path` is in no staging folder).
pub fn keep(path: &Path) -> std::io::Result<bool> {
    let Some(p) = place_of(path) else {
        return Ok(false);
    };
    let old = match std::fs::symlink_metadata(&p.old) {
        Ok(m) if m.is_file() => m,
        _ => return Ok(false),
    };
    let here = std::fs::symlink_metadata(path);
    if !here.is_ok_and(|here| same_inode(&old, &here)) {
        unlink(path)?;
        link(&p.old, path, &p.staging)?;
    }
    note(path, Some(&p.touched), true);
    Ok(true)
}

/// Removes the file at `path` if there is one (a folder there is left to [`clear_way`]).
fn unlink(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        // Nothing there, a file where a folder should be, or a folder: `clear_way`'s.
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                || e.kind() == std::io::ErrorKind::NotADirectory
                || std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) =>
        {
            Ok(())
        }
        removed => removed,
    }
}

/// Makes way for a file at `path`: its folder; and inside the staging folder `staging`
/// (which may be reused from an earlier build, whose files were laid out otherwise), no
/// file where a folder must be and no folder where the file goes. Nothing outside `staging`
/// is removed, and removing only unlinks.
fn clear_way(path: &Path, staging: Option<&Path>) -> std::io::Result<()> {
    let Some(staging) = staging else {
        return match path.parent() {
            Some(parent) => std::fs::create_dir_all(parent),
            None => Ok(()),
        };
    };
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        std::fs::remove_dir_all(path)?;
    }
    let Some(parent) = path.parent() else {
        return Ok(());
    };
    if std::fs::create_dir_all(parent).is_err() {
        let inside = parent
            .ancestors()
            .filter(|a| a.starts_with(staging) && *a != staging);
        for folder in inside.collect::<Vec<_>>().into_iter().rev() {
            if std::fs::symlink_metadata(folder).is_ok_and(|m| !m.is_dir()) {
                std::fs::remove_file(folder)?;
            }
        }
        std::fs::create_dir_all(parent)?;
    }
    Ok(())
}

/// Hard-links `old` at `path` in the staging folder `staging`, making way for it.
fn link(old: &Path, path: &Path, staging: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(old, path) {
        Err(_) => {
            clear_way(path, Some(staging))?;
            std::fs::hard_link(old, path)
        }
        linked => linked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_bytes_link_the_previous_file_and_other_bytes_never_write_through_it() {
        let temp = tempfile::tempdir().unwrap();
        let (previous, staging) = (temp.path().join("public"), temp.path().join("new"));
        std::fs::create_dir_all(previous.join("a")).unwrap();
        std::fs::write(previous.join("a/same.html"), "same").unwrap();
        std::fs::write(previous.join("a/changed.html"), "old").unwrap();
        let _staging = Staging::begin(&staging, &previous);
        write(&staging.join("a/same.html"), "same").unwrap();
        write(&staging.join("a/changed.html"), "new").unwrap();
        write(&staging.join("b/new.html"), "new").unwrap();
        let inode = |p: &Path| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(p).unwrap().ino()
        };
        assert_eq!(
            inode(&staging.join("a/same.html")),
            inode(&previous.join("a/same.html"))
        );
        assert_ne!(
            inode(&staging.join("a/changed.html")),
            inode(&previous.join("a/changed.html"))
        );
        // Written again with other bytes: the previous output's file is left as it was.
        write(&staging.join("a/same.html"), "other").unwrap();
        assert_eq!(
            std::fs::read_to_string(previous.join("a/same.html")).unwrap(),
            "same"
        );
        assert_eq!(
            std::fs::read_to_string(previous.join("a/changed.html")).unwrap(),
            "old"
        );
        assert_eq!(
            std::fs::read_to_string(staging.join("b/new.html")).unwrap(),
            "new"
        );
    }

    #[test]
    fn a_reused_folder_is_updated_by_unlinking_never_through_its_links_to_the_output() {
        let temp = tempfile::tempdir().unwrap();
        let (previous, staging) = (temp.path().join("public"), temp.path().join("new"));
        std::fs::create_dir_all(previous.join("a")).unwrap();
        std::fs::create_dir_all(staging.join("a")).unwrap();
        std::fs::write(previous.join("a/page.html"), "live").unwrap();
        std::fs::write(previous.join("a/kept.html"), "kept").unwrap();
        // The build before last: links to the live output's files, a stale file, and a
        // file where this build needs a folder.
        std::fs::hard_link(previous.join("a/page.html"), staging.join("a/page.html")).unwrap();
        std::fs::write(staging.join("a/stale.html"), "stale").unwrap();
        std::fs::write(staging.join("b"), "a file").unwrap();
        let staged = Staging::begin(&staging, &previous);
        let ((), files) = record(|| {
            write(&staging.join("a/page.html"), "new").unwrap();
            assert!(keep(&staging.join("a/kept.html")).unwrap());
            assert!(!keep(&staging.join("a/none.html")).unwrap());
            write(&staging.join("b/c.html"), "c").unwrap();
        });
        assert_eq!(files.len(), 3, "{files:?}");
        assert_eq!(staged.remove_untouched().unwrap(), 1);
        let read = |p: &Path| std::fs::read_to_string(p).unwrap();
        assert_eq!(read(&previous.join("a/page.html")), "live");
        assert_eq!(read(&staging.join("a/page.html")), "new");
        assert_eq!(read(&staging.join("a/kept.html")), "kept");
        assert_eq!(read(&staging.join("b/c.html")), "c");
        assert!(!staging.join("a/stale.html").exists());
    }

    #[test]
    fn outside_a_staging_folder_it_is_a_plain_write() {
        let temp = tempfile::tempdir().unwrap();
        write(&temp.path().join("x/y.txt"), "y").unwrap();
        assert_eq!(
            std::fs::read_to_string(temp.path().join("x/y.txt")).unwrap(),
            "y"
        );
    }
}
