//! Listing history from git, and the freshness rule built on it.
//!
//! The directory repository is read once ([`read`]): one revision walk over every commit
//! reachable from `HEAD`, newest first, diffing each commit's tree against its first parent's
//! (restricted to the listings folder, with rename detection). The diff compares tree ids and
//! descends only into folders that changed, reading each folder tree once where it can;
//! changes are then credited to files in walk order. Each change is credited to the
//! file as it is named at `HEAD`, following renames back in time, so a listing that moved
//! folder keeps its history. For each listing file this gives when it was added, when it last
//! changed, how many commits changed it and who made them ([`FileHistory`]). Only display
//! names and GitHub handles are kept: email addresses are never stored, so they can never be
//! published.
//!
//! Dates are the commit's *author* date, in the author's own time zone (what `git log` shows).
//!
//! A merge commit is credited only with changes that came from neither side: a change already
//! made on the merged branch is credited to the branch commit that made it, with its author.
//!
//! **Freshness** ([`last_confirmed`]): a listing was last confirmed on the later of its
//! `reviewed` date and the date of the last change made by one of its own `maintainers`. A
//! change is "by a maintainer" when, ignoring case, the commit author's name equals one of the
//! listing's `maintainers` handles, or the author's email is a GitHub no-reply address for that
//! handle (`12345+handle@users.noreply.github.com` or `handle@users.noreply.github.com`, which
//! GitHub uses for commits made in its web editor and for merged pull requests of users who
//! keep their email private). Changes by anybody else (a volunteer fixing a typo, a bulk
//! edit) do not confirm a listing. A directory that is not a git repository has no history:
//! freshness then comes from `reviewed` alone.
//!
//! This module reads history; it does not decide what to do with stale listings (that is
//! `directory` and the `stale` command).
//!
//! The module is laid out as the read runs: [`read`] (here) finds the repository and the
//! cache; `walk` walks the commits and credits each change to a listing file; `tree` reads
//! tree objects raw and diffs them; `renames` pairs deleted and added files; `cache` keeps
//! the result in `.signpost-cache/history.json`. `freshness` is the rule built on the
//! history, and `links` the GitHub addresses for editing and reporting a listing.

mod cache;
mod freshness;
mod links;
mod renames;
mod tree;
mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use git2::{Oid, Repository};
use jiff::civil::Date;

use crate::diagnostics::Help;

pub use freshness::{Confirmed, ConfirmedBy, last_confirmed, months_between};
pub use links::{add_group_url, confirm_url, edit_url, new_file_url, report_url};

use cache::Cached;
use walk::walk;

/// Who made a change: a display name and, when the email was a GitHub no-reply address, the
/// GitHub handle. Never an email address.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Author {
    pub name: String,
    pub handle: Option<String>,
}

impl Author {
    /// Builds an author from a commit signature, keeping the handle of a GitHub no-reply
    /// email and dropping any other email.
    pub fn from_signature(name: &str, email: &str) -> Author {
        Author {
            name: name.trim().to_string(),
            handle: github_handle(email),
        }
    }

    /// The name to show: the display name, or the handle when the name is empty.
    pub fn display(&self) -> &str {
        if self.name.is_empty() {
            self.handle.as_deref().unwrap_or("unknown")
        } else {
            &self.name
        }
    }

    /// True when this author is the GitHub user `handle` (see the module documentation).
    pub fn is(&self, handle: &str) -> bool {
        let handle = handle.trim_start_matches('@');
        self.name.eq_ignore_ascii_case(handle)
            || self
                .handle
                .as_deref()
                .is_some_and(|h| h.eq_ignore_ascii_case(handle))
    }
}

/// The GitHub handle in a no-reply email (`12345+handle@…` or `handle@users.noreply.github.com`).
pub fn github_handle(email: &str) -> Option<String> {
    let (local, domain) = email.trim().rsplit_once('@')?;
    if !domain.eq_ignore_ascii_case("users.noreply.github.com") {
        return None;
    }
    let handle = match local.split_once('+') {
        Some((id, handle)) if id.chars().all(|c| c.is_ascii_digit()) => handle,
        Some(_) => return None,
        None => local,
    };
    (!handle.is_empty()).then(|| handle.to_string())
}

/// One commit that changed a listing file.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The author date, in the author's time zone.
    pub date: Date,
    pub author: Arc<Author>,
}

/// The history of one listing file (as named at `HEAD`).
#[derive(Clone, Debug, PartialEq)]
pub struct FileHistory {
    /// Every commit that changed the file, newest first; never empty.
    pub changes: Vec<Change>,
}

impl FileHistory {
    /// When the file was added (on a shallow clone: the oldest change that could be seen).
    pub fn added(&self) -> Date {
        self.changes.last().expect("never empty").date
    }

    /// When the file last changed.
    pub fn changed(&self) -> Date {
        self.changes[0].date
    }

    /// How many commits changed the file, counting the one that added it.
    pub fn count(&self) -> usize {
        self.changes.len()
    }

    /// The display name of whoever made the last change.
    pub fn last_author(&self) -> &str {
        self.changes[0].author.display()
    }

    /// The latest change made by one of `maintainers` (GitHub handles).
    pub fn last_change_by(&self, maintainers: &[String]) -> Option<&Change> {
        self.changes
            .iter()
            .find(|c| maintainers.iter().any(|m| c.author.is(m)))
    }
}

/// The history of every listing file in the repository, as git records it: who changed each
/// file and when. (Not `hsds::History`, the last-modified times open data publishes, which
/// are made from this.)
#[derive(Clone, Debug, Default)]
pub struct RepoHistory {
    /// By path relative to the directory root, with `/` separators.
    files: HashMap<String, FileHistory>,
    /// Commits walked.
    pub commits: usize,
    /// The repository is a shallow clone, so older history is missing.
    pub shallow: bool,
    /// The commit the history was read from.
    head: Option<Oid>,
}

impl RepoHistory {
    /// The history of one file, by its path relative to the directory root.
    pub fn get(&self, path: &Path) -> Option<&FileHistory> {
        self.files.get(&crate::diagnostics::slash_path(path))
    }

    /// Number of files with any history.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every file and its history, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FileHistory)> {
        self.files.iter().map(|(p, h)| (p.as_str(), h))
    }
}

/// Reads the history of the listing files under `listings` (relative to `root`) from the git
/// repository that holds `root`. `Ok(None)`: `root` is not inside a git repository.
///
/// With a `cache` folder, the result is kept there (`history.json`, keyed by the `HEAD` commit):
/// a later read with the same `HEAD` walks nothing, and one whose `HEAD` descends from the
/// cached one walks only the new commits. Anything else (history rewritten, a shallow clone,
/// an unreadable cache) walks everything, as without a cache.
pub fn read(
    root: &Path,
    listings: &Path,
    cache: Option<&Path>,
) -> Result<Option<RepoHistory>, Error> {
    let started = Instant::now();
    // Like git itself on a normal read, don't recompute every object's SHA-1 (with collision
    // detection it was a sixth of the time): this reads the repository, it does not vouch for it.
    git2::opts::strict_hash_verification(false);
    // Trees are read raw and kept in this module's own cache (`tree::Trees`), which holds the few
    // it reads again. libgit2's object cache would store every one of the hundreds of thousands
    // of trees read once, and, once full, evicts by rescanning its table: that was an eighth of
    // the time. So it keeps no trees at all (commits are still cached: the revision walk reads
    // them first).
    let _ = unsafe { git2::opts::set_cache_object_limit(git2::ObjectType::Tree, 0) };
    let repo = match Repository::discover(root) {
        Ok(r) => r,
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::Open {
                path: root.to_path_buf(),
                source,
            });
        }
    };
    let Some(workdir) = repo.workdir() else {
        return Err(Error::Bare {
            path: repo.path().to_path_buf(),
        });
    };
    let canon = |p: &Path| {
        p.canonicalize().map_err(|source| Error::Folder {
            path: p.to_path_buf(),
            source,
        })
    };
    let workdir = canon(workdir)?;
    let root = canon(root)?;
    let Ok(prefix) = root.strip_prefix(&workdir) else {
        return Ok(None);
    };
    let prefix = git_path(prefix);
    let listings = git_path(listings);
    let cache_file = cache.map(|c| c.join("history.json"));
    let cached = cache_file
        .as_deref()
        .and_then(|f| Cached::load(f, &join(&prefix, &listings)));
    let history = walk(&repo, &prefix, &listings, cached).map_err(|source| Error::Walk {
        path: root.clone(),
        source,
    })?;
    if let Some(f) = &cache_file
        && !history.shallow
        && let Some(head) = history.head
    {
        Cached::save(f, &join(&prefix, &listings), head, &history);
    }
    let commits = format!("({} commits)", history.commits);
    crate::timing::phase_with("history", started, &commits);
    Ok(Some(history))
}

/// Why the history could not be read: each names the folder and keeps git's (or the file
/// system's) own error as its source. A directory that is not in a git repository is not an
/// error: [`read`] gives `Ok(None)`, and freshness comes from `reviewed` alone.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// git could not open the repository that holds the directory.
    #[error("cannot open the git repository that holds {}: {}", path.display(), source.message())]
    Open { path: PathBuf, source: git2::Error },
    /// The repository has no working folder (a bare clone), so no listing files to follow.
    #[error("the git repository {} is bare (it has no working folder)", path.display())]
    Bare { path: PathBuf },
    /// The directory or the repository's working folder could not be found or resolved.
    #[error("cannot open {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Walking the history failed: an object git could not read, or a corrupt one.
    #[error("cannot read the git history of {}: {}", path.display(), source.message())]
    Walk { path: PathBuf, source: git2::Error },
}

impl Help for Error {
    fn help(&self) -> Option<String> {
        Some(
            match self {
                Error::Open { .. } => {
                    "run `git status` in the folder to see what git says about it"
                }
                Error::Bare { .. } => {
                    "run signpost in a clone with a working folder (`git clone` without `--bare`)"
                }
                Error::Folder { .. } => "check that the folder exists and can be read",
                Error::Walk { .. } => {
                    "check the repository with `git fsck`; a partial clone (`git clone --filter`) \
                 lacks objects the history needs: clone without `--filter`"
                }
            }
            .to_string(),
        )
    }
}

/// A relative path as git writes it: `/` separators, no `./`, no trailing `/`.
fn git_path(p: &Path) -> String {
    let s = crate::diagnostics::slash_path(p);
    let s = s.trim_start_matches("./").trim_end_matches('/');
    if s == "." {
        String::new()
    } else {
        s.to_string()
    }
}

fn join(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (_, true) => prefix.to_string(),
        _ => format!("{prefix}/{rest}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_noreply_emails_give_handles_and_other_emails_give_nothing() {
        assert_eq!(
            github_handle("12345+Jo-Bloggs@users.noreply.github.com").as_deref(),
            Some("Jo-Bloggs")
        );
        assert_eq!(
            github_handle("jo-bloggs@users.noreply.github.com").as_deref(),
            Some("jo-bloggs")
        );
        assert_eq!(github_handle("jo@example.org"), None);
        assert_eq!(github_handle("x+jo@users.noreply.github.com"), None);
    }

    #[test]
    fn authors_match_handles_by_name_or_noreply_email_ignoring_case() {
        let a = Author::from_signature("Jo Bloggs", "1+jo-bloggs@users.noreply.github.com");
        assert!(a.is("JO-BLOGGS"));
        assert!(a.is("@jo-bloggs"));
        assert!(!a.is("jo"));
        let b = Author::from_signature("sam-smith", "sam@example.org");
        assert!(b.is("Sam-Smith"));
        assert_eq!(b.handle, None);
    }

    #[test]
    fn a_bare_repository_is_an_error_that_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        Repository::init_bare(dir.path()).unwrap();
        let error = read(dir.path(), Path::new("listings"), None).unwrap_err();
        assert!(matches!(error, Error::Bare { .. }), "{error:?}");
        let text = crate::diagnostics::error_text(&error);
        assert!(text.starts_with("error: the git repository "), "{text}");
        assert!(text.contains("is bare"), "{text}");
        assert!(text.contains("\nhelp: run signpost in a clone"), "{text}");
    }

    #[test]
    fn a_missing_object_is_an_error_naming_the_folder_with_gits_error_as_its_source() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let blob = repo.blob(b"name: x\n").unwrap();
        let mut folder = repo.treebuilder(None).unwrap();
        folder.insert("a.yaml", blob, 0o100644).unwrap();
        let folder = folder.write().unwrap();
        let mut root = repo.treebuilder(None).unwrap();
        root.insert("listings", folder, 0o040000).unwrap();
        let root = repo.find_tree(root.write().unwrap()).unwrap();
        let who = git2::Signature::now("Jo", "jo@example.org").unwrap();
        repo.commit(Some("HEAD"), &who, &who, "add", &root, &[])
            .unwrap();
        let hex = folder.to_string();
        std::fs::remove_file(repo.path().join("objects").join(&hex[..2]).join(&hex[2..])).unwrap();
        let error = read(dir.path(), Path::new("listings"), None).unwrap_err();
        let Error::Walk { path, source } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(path, &dir.path().canonicalize().unwrap());
        assert_eq!(source.code(), git2::ErrorCode::NotFound);
        let chained = std::error::Error::source(&error).expect("a source");
        assert!(chained.downcast_ref::<git2::Error>().is_some());
        assert!(
            error
                .to_string()
                .starts_with("cannot read the git history of ")
        );
        assert!(error.help().unwrap().contains("git fsck"));
    }
}
