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

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Instant;

use git2::{Oid, Repository, Sort};
use jiff::civil::Date;

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

/// The history of every listing file in the repository.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// By path relative to the directory root, with `/` separators.
    files: HashMap<String, FileHistory>,
    /// Commits walked.
    pub commits: usize,
    /// The repository is a shallow clone, so older history is missing.
    pub shallow: bool,
    /// The commit the history was read from.
    head: Option<Oid>,
}

impl History {
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
pub fn read(root: &Path, listings: &Path, cache: Option<&Path>) -> Result<Option<History>, String> {
    let started = Instant::now();
    // Like git itself on a normal read, don't recompute every object's SHA-1 (with collision
    // detection it was a sixth of the time): this reads the repository, it does not vouch for it.
    git2::opts::strict_hash_verification(false);
    // Trees are read raw and kept in this module's own cache ([`Trees`]), which holds the few
    // it reads again. libgit2's object cache would store every one of the hundreds of thousands
    // of trees read once, and, once full, evicts by rescanning its table: that was an eighth of
    // the time. So it keeps no trees at all (commits are still cached: the revision walk reads
    // them first).
    let _ = unsafe { git2::opts::set_cache_object_limit(git2::ObjectType::Tree, 0) };
    let repo = match Repository::discover(root) {
        Ok(r) => r,
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
        Err(e) => return Err(e.message().to_string()),
    };
    let Some(workdir) = repo.workdir() else {
        return Err("the repository is bare (it has no working folder)".into());
    };
    let canon = |p: &Path| {
        p.canonicalize()
            .map_err(|e| format!("cannot open {}: {e}", p.display()))
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
    let history = walk(&repo, &prefix, &listings, cached).map_err(|e| e.message().to_string())?;
    if let Some(f) = &cache_file
        && !history.shallow
        && let Some(head) = history.head
    {
        Cached::save(f, &join(&prefix, &listings), head, &history);
    }
    if std::env::var_os("SIGNPOST_TIMINGS").is_some() {
        eprintln!(
            "timing: history {:.3}s ({} commits)",
            started.elapsed().as_secs_f64(),
            history.commits
        );
    }
    Ok(Some(history))
}

/// With `SIGNPOST_TIMINGS` set, how long a step of the read took.
fn log_phase(name: &str, started: Instant) {
    if std::env::var_os("SIGNPOST_TIMINGS").is_some() {
        eprintln!("timing: {name} {:.3}s", started.elapsed().as_secs_f64());
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

/// The single walk. `prefix` is the directory root inside the repository, `listings` the
/// listings folder inside the directory root.
fn walk(
    repo: &Repository,
    prefix: &str,
    listings: &str,
    cached: Option<Cached>,
) -> Result<History, git2::Error> {
    let mut history = History {
        shallow: repo.is_shallow(),
        ..History::default()
    };
    let head = match repo.head() {
        Ok(h) => h.peel_to_commit()?,
        Err(e)
            if matches!(
                e.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ) =>
        {
            return Ok(history);
        }
        Err(e) => return Err(e),
    };
    let scope = join(prefix, listings);

    // The listing files at HEAD, by their path in the repository: each gets a slot.
    let mut slots: Vec<(String, Vec<Change>)> = Vec::new();
    let mut tracked: HashMap<Vec<u8>, usize> = HashMap::new();
    let head_tree = head.tree()?;
    let scope_tree = if scope.is_empty() {
        Some(head_tree.clone())
    } else {
        match head_tree.get_path(Path::new(&scope)) {
            Ok(entry) => entry.to_object(repo)?.into_tree().ok(),
            Err(_) => None,
        }
    };
    let Some(scope_tree) = scope_tree else {
        return Ok(history);
    };
    scope_tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob) {
            let name = String::from_utf8_lossy(entry.name_bytes());
            let in_scope = format!("{dir}{name}");
            let repo_path = join(&scope, &in_scope);
            let rel = join(listings, &in_scope);
            tracked.insert(repo_path.into_bytes(), slots.len());
            slots.push((rel, Vec::new()));
        }
        git2::TreeWalkResult::Ok
    })?;

    history.head = Some(head.id());
    // A cache from an ancestor of HEAD: walk only the commits since.
    let cached = match cached {
        Some(c) if !history.shallow && c.head == head.id() => {
            history.commits = c.commits;
            history.files = c.files;
            history
                .files
                .retain(|path, _| tracked.contains_key(join(prefix, path).as_bytes()));
            return Ok(history);
        }
        Some(c) if !history.shallow && repo.graph_descendant_of(head.id(), c.head)? => Some(c),
        _ => None,
    };

    // One revision walk, children before parents.
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    walk.push(head.id())?;
    if let Some(c) = &cached {
        walk.hide(c.head)?;
    }
    let started = Instant::now();
    let ids: Vec<Oid> = walk.collect::<Result<_, _>>()?;
    log_phase("history: revision walk", started);
    let started = Instant::now();
    history.commits = ids.len() + cached.as_ref().map_or(0, |c| c.commits);

    // What each commit changed in the listings folder, in walk order. This runs on one thread:
    // libgit2 serialises reads from pack files behind a global lock, so with two threads the
    // benchmark took half as much CPU again and, on a busy machine, longer.
    let scope_parts: Vec<&str> = scope.split('/').filter(|p| !p.is_empty()).collect();
    let mut trees = Trees::new(repo)?;
    let mut previous = None;
    let mut per_commit = Vec::new();
    for &id in &ids {
        let changes = commit_changes(
            &mut trees,
            id,
            &scope,
            &scope_parts,
            history.shallow,
            &mut previous,
        )?;
        per_commit.extend(changes);
    }
    log_phase("history: changes per commit", started);
    let mut authors: HashMap<Author, Arc<Author>> = HashMap::new();
    for commit in per_commit {
        if tracked.is_empty() {
            break; // every file at HEAD is accounted for back to when it was added
        }
        let author = authors
            .entry(commit.author)
            .or_insert_with_key(|a| Arc::new(a.clone()))
            .clone();
        let change = Change {
            date: commit.date,
            author,
        };
        for delta in &commit.deltas {
            let Some(new_path) = &delta.new_path else {
                continue; // deleted: the file at HEAD cannot have come from here
            };
            let Some(&slot) = tracked.get(new_path) else {
                continue;
            };
            slots[slot].1.push(change.clone());
            match &delta.old_path {
                None => {
                    tracked.remove(new_path); // added here
                }
                Some(old) if old != new_path => {
                    tracked.remove(new_path); // renamed: earlier, it had its old name
                    tracked.insert(old.clone(), slot);
                }
                Some(_) => {}
            }
        }
    }
    // Files that existed when the cache was made: their older changes are in the cache, under
    // the name they had then.
    if let Some(mut c) = cached {
        for (key, slot) in tracked {
            let key = String::from_utf8_lossy(&key).into_owned();
            let rel = match prefix.is_empty() {
                true => key.as_str(),
                false => key
                    .strip_prefix(prefix)
                    .map_or("", |k| k.trim_start_matches('/')),
            };
            if let Some(old) = c.files.remove(rel) {
                slots[slot].1.extend(old.changes);
            }
        }
    }
    history.files = slots
        .into_iter()
        .filter(|(_, changes)| !changes.is_empty())
        .map(|(path, changes)| (path, FileHistory { changes }))
        .collect();
    Ok(history)
}

/// A history kept on disk, keyed by the commit it was read at.
struct Cached {
    head: Oid,
    commits: usize,
    files: HashMap<String, FileHistory>,
}

/// The cache file's layout. Authors are stored once and referred to by index.
#[derive(serde::Serialize, serde::Deserialize)]
struct CacheFile {
    version: u32,
    scope: String,
    head: String,
    commits: usize,
    authors: Vec<(String, Option<String>)>,
    /// Path → (date, author index) per change, newest first.
    files: std::collections::BTreeMap<String, Vec<(Date, usize)>>,
}

impl Cached {
    const VERSION: u32 = 1;

    fn load(file: &Path, scope: &str) -> Option<Cached> {
        let text = std::fs::read_to_string(file).ok()?;
        let f: CacheFile = serde_json::from_str(&text).ok()?;
        if f.version != Self::VERSION || f.scope != scope {
            return None;
        }
        let authors: Vec<Arc<Author>> = f
            .authors
            .into_iter()
            .map(|(name, handle)| Arc::new(Author { name, handle }))
            .collect();
        let mut files = HashMap::new();
        for (path, changes) in f.files {
            let changes = changes
                .into_iter()
                .map(|(date, a)| {
                    Some(Change {
                        date,
                        author: authors.get(a)?.clone(),
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            if changes.is_empty() {
                return None;
            }
            files.insert(path, FileHistory { changes });
        }
        Some(Cached {
            head: Oid::from_str(&f.head).ok()?,
            commits: f.commits,
            files,
        })
    }

    /// Writes the cache; a cache that cannot be written is only slower next time.
    fn save(file: &Path, scope: &str, head: Oid, history: &History) {
        let mut index: HashMap<&Author, usize> = HashMap::new();
        let mut authors = Vec::new();
        let mut files = std::collections::BTreeMap::new();
        for (path, h) in &history.files {
            let changes = h
                .changes
                .iter()
                .map(|c| {
                    let i = *index.entry(&c.author).or_insert_with(|| {
                        authors.push((c.author.name.clone(), c.author.handle.clone()));
                        authors.len() - 1
                    });
                    (c.date, i)
                })
                .collect();
            files.insert(path.clone(), changes);
        }
        let f = CacheFile {
            version: Self::VERSION,
            scope: scope.to_string(),
            head: head.to_string(),
            commits: history.commits,
            authors,
            files,
        };
        if let (Some(dir), Ok(text)) = (file.parent(), serde_json::to_string(&f)) {
            let tmp = file.with_extension(format!("json.{}.tmp", std::process::id()));
            let _ = std::fs::create_dir_all(dir)
                .and_then(|_| std::fs::write(&tmp, text))
                .and_then(|_| std::fs::rename(&tmp, file));
        }
    }
}

/// What one commit changed below the scope: its author, date and file deltas.
struct CommitChanges {
    date: Date,
    author: Author,
    deltas: Vec<FileDelta>,
}

/// The changes commit `id` made below `scope` (`None`: none). `previous` carries the scope
/// tree of the parent of the commit before, which in a linear stretch of history is this
/// commit: each tree is then read once.
fn commit_changes(
    trees: &mut Trees,
    id: Oid,
    scope: &str,
    scope_parts: &[&str],
    shallow: bool,
    previous: &mut Option<(Oid, Option<RawTree>)>,
) -> Result<Option<CommitChanges>, git2::Error> {
    let repo = trees.repo;
    let commit = repo.find_commit(id)?;
    let parent = match commit.parent_count() {
        0 if shallow && is_graft(repo, id) => return Ok(None),
        0 => None,
        _ => Some(commit.parent_id(0)?),
    };
    let new_scope = match previous.take() {
        Some((p, tree)) if p == id => tree,
        _ => trees.subtree(commit.tree_id(), scope_parts)?,
    };
    let old_scope = match parent.map(|p| repo.find_commit(p)) {
        Some(Ok(p)) => trees.subtree(p.tree_id(), scope_parts)?,
        // A shallow clone's boundary: what this commit changed cannot be known.
        Some(Err(e)) if shallow && e.code() == git2::ErrorCode::NotFound => return Ok(None),
        Some(Err(e)) => return Err(e),
        None => None,
    };
    if let Some(p) = parent {
        *previous = Some((p, old_scope.clone()));
    }
    if new_scope.as_ref().map(|t| t.id) == old_scope.as_ref().map(|t| t.id) {
        return Ok(None);
    }
    let mut deltas = Vec::new();
    let mut base = scope.as_bytes().to_vec();
    diff_trees(
        trees,
        old_scope.as_ref(),
        new_scope.as_ref(),
        &mut base,
        &mut deltas,
    )?;
    find_renames(repo, &mut deltas)?;
    // In a merge, a file that matches another parent was changed on that side, and is
    // credited to the commit there that changed it.
    if commit.parent_count() > 1 {
        let others: Vec<git2::Tree> = (1..commit.parent_count())
            .map(|i| commit.parent(i).and_then(|p| p.tree()))
            .collect::<Result<_, _>>()?;
        deltas.retain(|d| {
            let (Some(path), Some(new_id)) = (&d.new_path, d.new_id) else {
                return true;
            };
            !others.iter().any(|t| {
                std::str::from_utf8(path)
                    .ok()
                    .and_then(|p| t.get_path(Path::new(p)).ok())
                    .is_some_and(|e| e.id() == new_id)
            })
        });
    }
    if deltas.is_empty() {
        return Ok(None);
    }
    let sig = commit.author();
    Ok(Some(CommitChanges {
        date: date_of(sig.when()),
        author: Author::from_signature(
            &String::from_utf8_lossy(sig.name_bytes()),
            &String::from_utf8_lossy(sig.email_bytes()),
        ),
        deltas,
    }))
}

/// One file that differs between two trees: added (no old side), deleted (no new side),
/// changed (same path) or renamed (different paths).
#[derive(Debug)]
struct FileDelta {
    old_path: Option<Vec<u8>>,
    old_id: Option<Oid>,
    new_path: Option<Vec<u8>>,
    new_id: Option<Oid>,
}

/// A tree object as stored: its id and raw bytes, entries of `<mode> <name>\0<id>` in git
/// order. Trees are read raw through the object database and only the entries needed are
/// looked at: having libgit2 parse every tree (an allocation per tree, then a C call and a
/// `strlen` per entry looked at) cost more than reading the trees did.
#[derive(Clone)]
struct RawTree {
    id: Oid,
    data: Rc<[u8]>,
}

impl RawTree {
    fn entries(&self) -> Entries<'_> {
        Entries { rest: &self.data }
    }
}

/// Length of an object id in a tree entry: git2 builds libgit2 for SHA-1 repositories only.
const OID_LEN: usize = 20;

/// What a tree entry is, from its mode (as libgit2 decides it: folders are trees, submodules
/// are commits, anything else, symbolic links included, is a blob).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Tree,
    Blob,
    Submodule,
}

/// One entry of a [`RawTree`].
struct Entry<'a> {
    kind: Kind,
    name: &'a [u8],
    id: &'a [u8],
    /// The whole entry, as stored.
    raw: &'a [u8],
}

impl Entry<'_> {
    fn oid(&self) -> Oid {
        Oid::from_bytes(self.id).expect("OID_LEN bytes")
    }

    /// Git's tree order: names compared as bytes, with a tree's name followed by `/`.
    fn git_order(&self, other: &Entry) -> std::cmp::Ordering {
        fn key<'a>(e: &'a Entry) -> impl Iterator<Item = u8> + 'a {
            let slash = (e.kind == Kind::Tree).then_some(b'/');
            e.name.iter().copied().chain(slash)
        }
        key(self).cmp(key(other))
    }
}

/// The entries of a raw tree, in order.
#[derive(Clone, Copy)]
struct Entries<'a> {
    rest: &'a [u8],
}

impl<'a> Entries<'a> {
    fn next_entry(&mut self) -> Result<Option<Entry<'a>>, git2::Error> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let corrupt = || git2::Error::from_str("corrupt tree object");
        let space = self
            .rest
            .iter()
            .position(|&b| b == b' ')
            .ok_or_else(corrupt)?;
        let nul = space
            + self.rest[space..]
                .iter()
                .position(|&b| b == 0)
                .ok_or_else(corrupt)?;
        if self.rest.len() < nul + 1 + OID_LEN {
            return Err(corrupt());
        }
        let mut mode = 0u32;
        for &b in &self.rest[..space] {
            if !(b'0'..=b'7').contains(&b) {
                return Err(corrupt());
            }
            mode = (mode << 3) | u32::from(b - b'0');
        }
        let kind = match mode & 0o170000 {
            0o040000 => Kind::Tree,
            0o160000 => Kind::Submodule,
            _ => Kind::Blob,
        };
        let entry = Entry {
            kind,
            name: &self.rest[space + 1..nul],
            id: &self.rest[nul + 1..nul + 1 + OID_LEN],
            raw: &self.rest[..nul + 1 + OID_LEN],
        };
        self.rest = &self.rest[nul + 1 + OID_LEN..];
        Ok(Some(entry))
    }

    /// Skips the next entry if it is `raw` byte for byte (an entry ends after its id, so
    /// these bytes are then the whole entry).
    fn skip(&mut self, raw: &[u8]) -> bool {
        match self.rest.strip_prefix(raw) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }
}

/// The files that differ between two trees (either may be missing), below the path `base`.
///
/// Git trees are sorted, so this is a merge of two sorted lists that skips every subtree whose
/// id is unchanged: a commit that changes one listing reads only the folders on its path.
/// (git2's general diff machinery, with its own rename detection, cost about four times as
/// much per commit on the benchmark repository.)
fn diff_trees(
    trees: &mut Trees,
    old: Option<&RawTree>,
    new: Option<&RawTree>,
    base: &mut Vec<u8>,
    out: &mut Vec<FileDelta>,
) -> Result<(), git2::Error> {
    use std::cmp::Ordering;
    let none = Entries { rest: &[] };
    let mut old_entries = old.map_or(none, RawTree::entries);
    let mut new_entries = new.map_or(none, RawTree::entries);
    // The next entry of each side not yet dealt with (`None`: read the next one).
    let (mut a, mut b) = (None, None);
    loop {
        if a.is_none() && b.is_none() {
            // Both sides are at an entry's start. Most entries are the same on both sides (a
            // commit changes one listing), and an entry whose bytes are the same is the same
            // entry: skip those without reading the new side's.
            a = old_entries.next_entry()?;
            while let Some(e) = &a
                && new_entries.skip(e.raw)
            {
                a = old_entries.next_entry()?;
            }
        }
        if a.is_none() {
            a = old_entries.next_entry()?;
        }
        if b.is_none() {
            b = new_entries.next_entry()?;
        }
        let order = match (&a, &b) {
            (None, None) => break,
            (Some(x), Some(y)) => x.git_order(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
        };
        let (x, y) = match order {
            Ordering::Less => (a.take(), None),
            Ordering::Greater => (None, b.take()),
            Ordering::Equal => (a.take(), b.take()),
        };
        if let (Some(x), Some(y)) = (&x, &y)
            && x.id == y.id
        {
            continue; // the same object: at most its mode changed
        }
        let len = base.len();
        if !base.is_empty() {
            base.push(b'/');
        }
        base.extend_from_slice(x.as_ref().or(y.as_ref()).expect("one side").name);
        let of_kind =
            |e: &Option<Entry>, kind| e.as_ref().filter(|e| e.kind == kind).map(Entry::oid);
        let (xt, yt) = (of_kind(&x, Kind::Tree), of_kind(&y, Kind::Tree));
        if xt.is_some() || yt.is_some() {
            let xt = xt.map(|id| trees.get(id)).transpose()?;
            let yt = yt.map(|id| trees.get(id)).transpose()?;
            diff_trees(trees, xt.as_ref(), yt.as_ref(), base, out)?;
        }
        let (xb, yb) = (of_kind(&x, Kind::Blob), of_kind(&y, Kind::Blob));
        if xb.is_some() || yb.is_some() {
            out.push(FileDelta {
                old_path: xb.map(|_| base.clone()),
                old_id: xb,
                new_path: yb.map(|_| base.clone()),
                new_id: yb,
            });
        }
        base.truncate(len);
    }
    Ok(())
}

/// Reads trees raw, and keeps folder trees read recently: a folder changed by one commit is
/// usually read again as the "before" side of an older commit.
struct Trees<'r> {
    repo: &'r Repository,
    odb: git2::Odb<'r>,
    cache: HashMap<Oid, RawTree>,
}

impl<'r> Trees<'r> {
    const LIMIT: usize = 4096;

    fn new(repo: &'r Repository) -> Result<Trees<'r>, git2::Error> {
        Ok(Trees {
            repo,
            odb: repo.odb()?,
            cache: HashMap::new(),
        })
    }

    /// A folder tree, from the cache when it was read recently.
    fn get(&mut self, id: Oid) -> Result<RawTree, git2::Error> {
        if let Some(t) = self.cache.get(&id) {
            return Ok(t.clone());
        }
        if self.cache.len() >= Self::LIMIT {
            self.cache.clear();
        }
        let tree = self.read(id)?;
        self.cache.insert(id, tree.clone());
        Ok(tree)
    }

    /// A tree read from the object database, bypassing the cache (for trees read once).
    fn read(&self, id: Oid) -> Result<RawTree, git2::Error> {
        let object = self.odb.read(id)?;
        if object.kind() != git2::ObjectType::Tree {
            return Err(git2::Error::from_str("object is not a tree"));
        }
        Ok(RawTree {
            id,
            data: Rc::from(object.data()),
        })
    }

    /// The tree at `parts` below the tree `root`, if there is one. Each commit has its own
    /// root tree, so the trees on the way are read once and not cached.
    fn subtree(&self, root: Oid, parts: &[&str]) -> Result<Option<RawTree>, git2::Error> {
        let mut tree = self.read(root)?;
        for part in parts {
            let mut entries = tree.entries();
            let id = loop {
                match entries.next_entry()? {
                    Some(e) if e.name == part.as_bytes() && e.kind == Kind::Tree => break e.oid(),
                    Some(e) if e.name == part.as_bytes() => return Ok(None),
                    Some(_) => {}
                    None => return Ok(None),
                }
            };
            tree = self.read(id)?;
        }
        Ok(Some(tree))
    }
}

/// Rename detection, as git does it: a deleted file and an added file are one file renamed
/// when their contents are the same, or when at least half their lines are shared (most
/// similar pairs first). Pairs are looked for only among at most [`RENAME_LIMIT`] files.
fn find_renames(repo: &Repository, deltas: &mut Vec<FileDelta>) -> Result<(), git2::Error> {
    let deleted: Vec<usize> = (0..deltas.len())
        .filter(|&i| deltas[i].new_id.is_none())
        .collect();
    let added: Vec<usize> = (0..deltas.len())
        .filter(|&i| deltas[i].old_id.is_none())
        .collect();
    if deleted.is_empty() || added.is_empty() {
        return Ok(());
    }
    let mut pairs: Vec<(u32, usize, usize)> = Vec::new(); // (score, deleted, added)
    for &d in &deleted {
        for &a in &added {
            if deltas[d].old_id == deltas[a].new_id {
                pairs.push((u32::MAX, d, a));
            }
        }
    }
    if deleted.len() * added.len() <= RENAME_LIMIT {
        let lines = |id: Oid| -> Result<Vec<Vec<u8>>, git2::Error> {
            let blob = repo.find_blob(id)?;
            let mut l: Vec<Vec<u8>> = blob
                .content()
                .split(|&b| b == b'\n')
                .map(<[u8]>::to_vec)
                .collect();
            l.sort();
            Ok(l)
        };
        let old_lines: Vec<Vec<Vec<u8>>> = deleted
            .iter()
            .map(|&d| lines(deltas[d].old_id.expect("deleted")))
            .collect::<Result<_, _>>()?;
        for &a in &added {
            let new = lines(deltas[a].new_id.expect("added"))?;
            for (k, &d) in deleted.iter().enumerate() {
                let score = similarity(&old_lines[k], &new);
                if score >= 50 {
                    pairs.push((score, d, a));
                }
            }
        }
    }
    pairs.sort_by(|x, y| y.cmp(x));
    let mut used = vec![false; deltas.len()];
    let mut merged = Vec::new();
    for (_, d, a) in pairs {
        if used[d] || used[a] {
            continue;
        }
        used[d] = true;
        used[a] = true;
        merged.push(FileDelta {
            old_path: deltas[d].old_path.clone(),
            old_id: deltas[d].old_id,
            new_path: deltas[a].new_path.clone(),
            new_id: deltas[a].new_id,
        });
    }
    if merged.is_empty() {
        return Ok(());
    }
    let mut k = 0;
    deltas.retain(|_| {
        k += 1;
        !used[k - 1]
    });
    deltas.extend(merged);
    Ok(())
}

/// At most this many (deleted, added) pairs are compared by content in one commit.
const RENAME_LIMIT: usize = 10_000;

/// Percentage of lines two sorted line lists share.
fn similarity(a: &[Vec<u8>], b: &[Vec<u8>]) -> u32 {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (200 * common / (a.len() + b.len()).max(1)) as u32
}

/// True when `id` is a shallow clone's boundary commit, whose parents were not fetched.
fn is_graft(repo: &Repository, id: Oid) -> bool {
    let shallow = repo.path().join("shallow");
    std::fs::read_to_string(shallow).is_ok_and(|s| s.lines().any(|l| l.trim() == id.to_string()))
}

/// A signature's time as a calendar date in its own time zone.
fn date_of(when: git2::Time) -> Date {
    let offset =
        jiff::tz::Offset::from_seconds(when.offset_minutes() * 60).unwrap_or(jiff::tz::Offset::UTC);
    jiff::Timestamp::from_second(when.seconds())
        .map(|t| t.to_zoned(jiff::tz::TimeZone::fixed(offset)).date())
        .unwrap_or(Date::constant(1970, 1, 1))
}

/// How a listing was last confirmed.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfirmedBy {
    /// By its `reviewed` date.
    Reviewed,
    /// By a change one of its maintainers made.
    Change(Change),
}

/// When a listing was last confirmed, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirmed {
    pub date: Date,
    pub by: ConfirmedBy,
}

/// The freshness rule (see the module documentation): the later of `reviewed` and the last
/// change to the file by one of `maintainers`.
pub fn last_confirmed(
    reviewed: Date,
    maintainers: &[String],
    file: Option<&FileHistory>,
) -> Confirmed {
    match file.and_then(|f| f.last_change_by(maintainers)) {
        Some(c) if c.date > reviewed => Confirmed {
            date: c.date,
            by: ConfirmedBy::Change(c.clone()),
        },
        _ => Confirmed {
            date: reviewed,
            by: ConfirmedBy::Reviewed,
        },
    }
}

/// The address of GitHub's web editor for a file, for an "Edit this listing" link.
/// `repository` is the repository's web address (`repository` in signpost.toml).
pub fn edit_url(repository: &str, branch: &str, path: &Path) -> String {
    format!(
        "{}/edit/{}/{}",
        repository.trim_end_matches('/'),
        branch,
        url_path(&crate::diagnostics::slash_path(path))
    )
}

/// The address of the "Report a problem with a listing" issue form, prefilled with the id.
pub fn report_url(repository: &str, id: &str) -> String {
    format!(
        "{}/issues/new?template=report-problem.yml&listing={}",
        repository.trim_end_matches('/'),
        url_path(id).replace('/', "%2F")
    )
}

/// The address of GitHub's "new file" page in `folder` (the listings folder), for the "Add
/// your group" page, which adds `?filename=<id>.yaml&value=<the listing>` in the browser.
pub fn new_file_url(repository: &str, branch: &str, folder: &Path) -> String {
    let folder = git_path(folder);
    format!(
        "{}/new/{}/{}",
        repository.trim_end_matches('/'),
        branch,
        url_path(&folder)
    )
}

/// The address of the "Add our group" issue form, for people who would rather fill that in.
pub fn add_group_url(repository: &str) -> String {
    format!(
        "{}/issues/new?template=add-group.yml",
        repository.trim_end_matches('/')
    )
}

/// Percent-encodes what may not appear in a URL path segment (keeps `/`).
fn url_path(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
    fn links_for_the_site() {
        assert_eq!(
            edit_url(
                "https://github.com/o/r/",
                "main",
                Path::new("listings/a b/x.yaml")
            ),
            "https://github.com/o/r/edit/main/listings/a%20b/x.yaml"
        );
        assert_eq!(
            report_url("https://github.com/o/r", "knit-and-natter"),
            "https://github.com/o/r/issues/new?template=report-problem.yml&listing=knit-and-natter"
        );
        assert_eq!(
            new_file_url("https://github.com/o/r/", "main", Path::new("./listings/")),
            "https://github.com/o/r/new/main/listings"
        );
        assert_eq!(
            add_group_url("https://github.com/o/r"),
            "https://github.com/o/r/issues/new?template=add-group.yml"
        );
    }

    #[test]
    fn raw_trees_read_as_libgit2_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let blob = repo.blob(b"name: x\n").unwrap();
        let mut sub = repo.treebuilder(None).unwrap();
        sub.insert("a.yaml", blob, 0o100644).unwrap();
        let sub = sub.write().unwrap();
        let mut b = repo.treebuilder(None).unwrap();
        b.insert("a", sub, 0o040000).unwrap();
        b.insert("a.yaml", blob, 0o100644).unwrap();
        b.insert("run.sh", blob, 0o100755).unwrap();
        b.insert("link", blob, 0o120000).unwrap();
        b.insert("module", blob, 0o160000).unwrap();
        let id = b.write().unwrap();
        let trees = Trees::new(&repo).unwrap();
        let raw = trees.read(id).unwrap();
        let mut entries = raw.entries();
        let mut ours = Vec::new();
        while let Some(e) = entries.next_entry().unwrap() {
            ours.push((e.name.to_vec(), e.oid(), e.kind));
        }
        let kind = |k| match k {
            Some(git2::ObjectType::Tree) => Kind::Tree,
            Some(git2::ObjectType::Commit) => Kind::Submodule,
            _ => Kind::Blob,
        };
        let theirs: Vec<_> = repo
            .find_tree(id)
            .unwrap()
            .iter()
            .map(|e| (e.name_bytes().to_vec(), e.id(), kind(e.kind())))
            .collect();
        assert_eq!(ours, theirs);
        assert_eq!(trees.subtree(id, &["a"]).unwrap().map(|t| t.id), Some(sub));
        assert!(trees.subtree(id, &["a.yaml"]).unwrap().is_none());
        assert!(trees.subtree(id, &["missing"]).unwrap().is_none());
    }

    #[test]
    fn tree_diff_reports_changed_added_and_deleted_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let blob = |s: &str| repo.blob(s.as_bytes()).unwrap();
        let tree = |entries: &[(&str, Oid, i32)]| {
            let mut b = repo.treebuilder(None).unwrap();
            for (name, id, mode) in entries {
                b.insert(name, *id, *mode).unwrap();
            }
            b.write().unwrap()
        };
        let (one, two, three) = (blob("1"), blob("2"), blob("3"));
        let old_folder = tree(&[("a.yaml", one, 0o100644), ("b.yaml", two, 0o100644)]);
        let new_folder = tree(&[("a.yaml", three, 0o100644), ("b.yaml", two, 0o100755)]);
        let old = tree(&[
            ("area", old_folder, 0o040000),
            ("gone.yaml", one, 0o100644),
            ("same.yaml", two, 0o100644),
        ]);
        let new = tree(&[
            ("area", new_folder, 0o040000),
            ("new.yaml", three, 0o100644),
            ("same.yaml", two, 0o100644),
        ]);
        let mut trees = Trees::new(&repo).unwrap();
        let (old, new) = (trees.read(old).unwrap(), trees.read(new).unwrap());
        let mut deltas = Vec::new();
        diff_trees(
            &mut trees,
            Some(&old),
            Some(&new),
            &mut b"l".to_vec(),
            &mut deltas,
        )
        .unwrap();
        let path = |p: &Option<Vec<u8>>| {
            p.as_deref()
                .map(|p| String::from_utf8_lossy(p).into_owned())
        };
        let found: Vec<_> = deltas
            .iter()
            .map(|d| (path(&d.old_path), d.old_id, path(&d.new_path), d.new_id))
            .collect();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            found,
            [
                (
                    some("l/area/a.yaml"),
                    Some(one),
                    some("l/area/a.yaml"),
                    Some(three)
                ),
                (some("l/gone.yaml"), Some(one), None, None),
                (None, None, some("l/new.yaml"), Some(three)),
            ]
        );
    }
}
