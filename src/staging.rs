//! Writing a build's files into its staging folder so that what did not change is the last
//! build's file itself: [`write`] compares the new bytes with the file at the same place in
//! the output being replaced and, when they are the same, hard-links that file into the
//! staging folder instead of writing it. Its modification time is then the time it last
//! changed, so an upload that compares times and sizes (rsync, `rclone sync`, `aws s3 sync`)
//! sends only what changed, and the build makes no new file for it.
//!
//! The output being replaced is never written to: a changed file is a new file in the
//! staging folder, and a file written twice is unlinked before it is written again, never
//! written through a link. So the previous output stays whole until `build` swaps the
//! staging folder in, and a failed or killed build leaves it as it was.
//!
//! Which staging folder stands for which output is process-wide ([`Staging::begin`]), so the
//! modules that write files (`render`, `search`, `hsds`, `insight`) need not be told: outside
//! a staging folder, [`write`] is a plain write. Not for deciding what is written (that is
//! `build`), nor for the swap (`build::output`).

use std::path::{Path, PathBuf};
use std::sync::RwLock;

/// The staging folders of the builds running in this process, each with the output it will
/// replace.
static STAGED: RwLock<Vec<(PathBuf, PathBuf)>> = RwLock::new(Vec::new());

/// While it lives, files written under `staging` are compared with those under `previous`.
#[derive(Debug)]
pub struct Staging {
    staging: PathBuf,
}

impl Staging {
    /// Files written under `staging` from now on are linked from `previous` (the current
    /// output) when their bytes are the same, until the returned value is dropped.
    pub fn begin(staging: &Path, previous: &Path) -> Staging {
        let mut staged = STAGED.write().unwrap_or_else(|e| e.into_inner());
        staged.push((staging.to_path_buf(), previous.to_path_buf()));
        Staging {
            staging: staging.to_path_buf(),
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let mut staged = STAGED.write().unwrap_or_else(|e| e.into_inner());
        staged.retain(|(s, _)| s != &self.staging);
    }
}

/// The file at `path`'s place in the output its staging folder replaces, if `path` is in one.
fn previous_of(path: &Path) -> Option<PathBuf> {
    let staged = STAGED.read().unwrap_or_else(|e| e.into_inner());
    staged.iter().find_map(|(staging, previous)| {
        let rel = path.strip_prefix(staging).ok()?;
        Some(previous.join(rel))
    })
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

/// Writes `bytes` to `path`, making its folder if need be; in a staging folder, links the
/// previous build's file instead when it holds the same bytes (see the module's doc).
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) -> std::io::Result<()> {
    let bytes = bytes.as_ref();
    // A file written twice in one build: never write through a link to the previous output.
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    if let Some(old) = previous_of(path)
        && holds(&old, bytes)
        && link(&old, path).is_ok()
    {
        return Ok(());
    }
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)
        }
        written => written,
    }
}

/// Hard-links `old` at `path`, making `path`'s folder if need be.
fn link(old: &Path, path: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(old, path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
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
    fn outside_a_staging_folder_it_is_a_plain_write() {
        let temp = tempfile::tempdir().unwrap();
        write(&temp.path().join("x/y.txt"), "y").unwrap();
        assert_eq!(
            std::fs::read_to_string(temp.path().join("x/y.txt")).unwrap(),
            "y"
        );
    }
}
