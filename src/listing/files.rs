//! Which files in a listings folder are listings, and a word about everything else that could
//! have been one: listings are plain files in the repository, so a symbolic link (to anything,
//! inside the repository or out), a FIFO, a socket or a device is an error (E028), a hidden
//! YAML file or folder (its name starts with a dot) a warning (W006), and a folder that
//! cannot be read an error (E024). Nothing is skipped without a word.
//!
//! Links are never followed, and nothing here opens a file that is not a plain one: opening a
//! FIFO would wait forever, and a link could lead out of the repository. [`read_shown`] is how
//! a command reads a listing's text to show it beside a problem, under the same rule.
//! Not for parsing: that is [`super::load`].

use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Pos};

/// What a listings folder holds: the listing files (sorted, relative to the root when
/// possible) and a problem for each entry that will not be read but could have been a listing.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    pub problems: Vec<Diagnostic>,
}

/// The listing files under `dir` and the problems with what else is there (see the module
/// documentation). `.yaml` and `.yml` files are listings; other plain files (a README, a
/// `.gitkeep`) are not and are passed over.
pub fn scan(root: &Path, dir: &Path) -> Found {
    let mut found = Found::default();
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir);
                found.problems.push(
                    Diagnostic::new(
                        Code::Unreadable,
                        &relative(root, path),
                        Pos::new(1, 1),
                        "this cannot be read, so any listing in it is left out",
                    )
                    .help("check the permissions of the file or folder"),
                );
                continue;
            }
        };
        let path = relative(root, entry.path());
        let kind = entry.file_type();
        let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
        if kind.is_dir() {
            if hidden {
                walk.skip_current_dir();
                found.problems.push(hidden_entry(&path, "folder"));
            }
        } else if let Some(what) = not_plain(kind) {
            found.problems.push(not_plain_file(&path, what));
        } else if is_yaml(&path) {
            if hidden {
                found.problems.push(hidden_entry(&path, "file"));
            } else {
                found.files.push(path);
            }
        }
    }
    found.files.sort();
    found
}

/// `path` relative to `root` when it is inside it.
fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `.yaml` and `.yml` files are listings.
pub(super) fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// What a file type is when it is not a plain file or a folder: "a symbolic link", "a FIFO", …
fn not_plain(kind: std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    if kind.is_symlink() {
        return Some("a symbolic link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (a named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a plain file")
}

/// E028 for `path`, which is `what` (see [`not_plain`]). Never says what a link points at.
fn not_plain_file(path: &Path, what: &str) -> Diagnostic {
    let help = if what == "a symbolic link" {
        "replace the link with the file itself: Signpost never follows links, so that nothing \
         outside the repository can be published"
    } else {
        "delete it, or move it out of the listings folder"
    };
    Diagnostic::new(
        Code::NotPlainFile,
        path,
        Pos::new(1, 1),
        format!("this is {what}, not a plain file: listings are plain files in the repository"),
    )
    .help(help)
}

/// W006 for a hidden YAML file or folder.
fn hidden_entry(path: &Path, what: &str) -> Diagnostic {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Diagnostic::new(
        Code::HiddenFile,
        path,
        Pos::new(1, 1),
        format!("this {what}'s name starts with a dot, so it is not read"),
    )
    .help(format!(
        "rename it without the dot (`{}`) to publish what is in it, or move it out of the \
         listings folder",
        name.trim_start_matches('.')
    ))
}

/// E028 when the file at `display` (relative to `root`, or absolute) is not a plain file, or
/// any folder on the way to it inside `root` is a symbolic link; checked before the file is
/// opened. A path that does not exist is left to the caller.
pub(super) fn check_plain(root: &Path, display: &Path) -> Result<(), Diagnostic> {
    let mut at = root.to_path_buf();
    let inside = display.is_relative();
    let parts: Vec<_> = display.components().collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let last = i + 1 == parts.len();
        if !inside && !last {
            continue; // only the file itself, for a path outside the root
        }
        let Ok(meta) = std::fs::symlink_metadata(&at) else {
            return Ok(());
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            return Err(not_plain_file(display, "a symbolic link"));
        }
        if last && let Some(what) = not_plain(kind) {
            return Err(not_plain_file(display, what));
        }
    }
    Ok(())
}

/// The text of the listing file at `display`, to show beside a problem: only a plain file
/// inside the root reached without a link, at most the size a listing may have, and only when
/// it is UTF-8. Anything else shows no text (so no problem ever echoes a file from elsewhere).
pub fn read_shown(root: &Path, display: &Path) -> Option<String> {
    if display.is_absolute() || check_plain(root, display).is_err() {
        return None;
    }
    let mut bytes = Vec::new();
    let file = std::fs::File::open(root.join(display)).ok()?;
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, super::MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .ok()?;
    if bytes.len() as u64 > super::MAX_FILE_BYTES {
        return None;
    }
    String::from_utf8(bytes).ok()
}
