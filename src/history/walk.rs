//! The single walk over the history: every commit reachable from `HEAD`, newest first, what
//! each changed below the listings folder, and each change credited to the listing file as it
//! is named at `HEAD`.
//!
//! Not for reading or diffing trees (`tree`, `renames`) nor for keeping the result (`cache`).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use git2::{Oid, Repository, Sort};
use jiff::civil::Date;

use super::cache::Cached;
use super::renames::find_renames;
use super::tree::{FileDelta, RawTree, Trees, diff_trees};
use super::{Author, Change, FileHistory, RepoHistory, join};

/// The single walk. `prefix` is the directory root inside the repository, `listings` the
/// listings folder inside the directory root.
///
/// In steps: the listing files at `HEAD` ([`Ledger::at_head`]); the cache, if it was made at
/// `HEAD` (done) or at an ancestor (walk only the commits since); the commits to walk
/// ([`commits_to_walk`]); what each changed ([`changes_per_commit`], the hot loop); each
/// change credited to a file ([`Ledger::credit`]), then the older changes from the cache.
pub(super) fn walk(
    repo: &Repository,
    prefix: &str,
    listings: &str,
    cached: Option<Cached>,
) -> Result<RepoHistory, git2::Error> {
    let mut history = RepoHistory {
        shallow: repo.is_shallow(),
        ..RepoHistory::default()
    };
    let Some(head) = head_commit(repo)? else {
        return Ok(history); // no commits yet
    };
    let scope = join(prefix, listings);
    let Some(mut ledger) = Ledger::at_head(repo, &head, &scope, listings)? else {
        return Ok(history); // no listings folder at HEAD
    };
    history.head = Some(head.id());
    // A cache from an ancestor of HEAD: walk only the commits since.
    let cached = match cached {
        Some(c) if !history.shallow && c.head == head.id() => {
            history.commits = c.commits;
            history.files = c.files;
            history
                .files
                .retain(|path, _| ledger.tracked.contains_key(join(prefix, path).as_bytes()));
            return Ok(history);
        }
        Some(c) if !history.shallow && repo.graph_descendant_of(head.id(), c.head)? => Some(c),
        _ => None,
    };
    let ids = commits_to_walk(repo, head.id(), cached.as_ref().map(|c| c.head))?;
    let started = Instant::now();
    history.commits = ids.len() + cached.as_ref().map_or(0, |c| c.commits);
    let per_commit = changes_per_commit(repo, &ids, &scope, history.shallow)?;
    crate::timing::phase("history: changes per commit", started);
    ledger.credit(per_commit);
    if let Some(c) = cached {
        ledger.credit_cached(c, prefix);
    }
    history.files = ledger.into_files();
    Ok(history)
}

/// The commit `HEAD` points at; `None` in a repository with no commits yet.
fn head_commit(repo: &Repository) -> Result<Option<git2::Commit<'_>>, git2::Error> {
    match repo.head() {
        Ok(h) => h.peel_to_commit().map(Some),
        Err(e)
            if matches!(
                e.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The commits to walk, children before parents: every commit reachable from `head`, except
/// those reachable from `cached` (the commit a cache was made at, an ancestor of `head`).
fn commits_to_walk(
    repo: &Repository,
    head: Oid,
    cached: Option<Oid>,
) -> Result<Vec<Oid>, git2::Error> {
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    walk.push(head)?;
    if let Some(c) = cached {
        walk.hide(c)?;
    }
    let started = Instant::now();
    let ids: Vec<Oid> = walk.collect::<Result<_, _>>()?;
    crate::timing::phase("history: revision walk", started);
    Ok(ids)
}

/// What each commit in `ids` changed in the listings folder (`scope`, inside the repository),
/// in walk order, leaving out commits that changed nothing there.
///
/// This runs on one thread: libgit2 serialises reads from pack files behind a global lock, so
/// with two threads the benchmark took half as much CPU again and, on a busy machine, longer.
fn changes_per_commit(
    repo: &Repository,
    ids: &[Oid],
    scope: &str,
    shallow: bool,
) -> Result<Vec<CommitChanges>, git2::Error> {
    let scope_parts: Vec<&str> = scope.split('/').filter(|p| !p.is_empty()).collect();
    let mut trees = Trees::new(repo)?;
    let mut previous = None;
    let mut per_commit = Vec::new();
    for &id in ids {
        let changes = commit_changes(&mut trees, id, scope, &scope_parts, shallow, &mut previous)?;
        per_commit.extend(changes);
    }
    Ok(per_commit)
}

/// The listing files at `HEAD`, each with the changes credited to it so far, and the name
/// each had at the point the walk has reached.
struct Ledger {
    /// One slot per listing file at `HEAD`: its path relative to the directory root, and its
    /// changes, newest first.
    slots: Vec<(String, Vec<Change>)>,
    /// Path in the repository, as the file was named at the commit reached → its slot. A file
    /// leaves once the commit that added it is reached.
    tracked: HashMap<Vec<u8>, usize>,
}

impl Ledger {
    /// Every file below `scope` (the listings folder, inside the repository) at `head`, with no
    /// changes yet; `None` when there is no such folder.
    fn at_head(
        repo: &Repository,
        head: &git2::Commit,
        scope: &str,
        listings: &str,
    ) -> Result<Option<Ledger>, git2::Error> {
        let head_tree = head.tree()?;
        let scope_tree = if scope.is_empty() {
            Some(head_tree)
        } else {
            match head_tree.get_path(Path::new(scope)) {
                Ok(entry) => entry.to_object(repo)?.into_tree().ok(),
                Err(_) => None,
            }
        };
        let Some(scope_tree) = scope_tree else {
            return Ok(None);
        };
        let mut ledger = Ledger {
            slots: Vec::new(),
            tracked: HashMap::new(),
        };
        scope_tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                let name = String::from_utf8_lossy(entry.name_bytes());
                let in_scope = format!("{dir}{name}");
                let repo_path = join(scope, &in_scope);
                let rel = join(listings, &in_scope);
                ledger
                    .tracked
                    .insert(repo_path.into_bytes(), ledger.slots.len());
                ledger.slots.push((rel, Vec::new()));
            }
            git2::TreeWalkResult::Ok
        })?;
        Ok(Some(ledger))
    }

    /// Credits each commit's changes, newest first, to the files they made: a change to a
    /// file's current name is its change; an added file leaves the ledger; a renamed one is
    /// followed under its old name.
    fn credit(&mut self, per_commit: Vec<CommitChanges>) {
        let mut authors: HashMap<Author, Arc<Author>> = HashMap::new();
        for commit in per_commit {
            if self.tracked.is_empty() {
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
                let Some(&slot) = self.tracked.get(new_path) else {
                    continue;
                };
                self.slots[slot].1.push(change.clone());
                match &delta.old_path {
                    None => {
                        self.tracked.remove(new_path); // added here
                    }
                    Some(old) if old != new_path => {
                        self.tracked.remove(new_path); // renamed: earlier, it had its old name
                        self.tracked.insert(old.clone(), slot);
                    }
                    Some(_) => {}
                }
            }
        }
    }

    /// Files that existed when the cache was made: their older changes are in the cache, under
    /// the name they had then. `prefix` is the directory root inside the repository.
    fn credit_cached(&mut self, mut cached: Cached, prefix: &str) {
        for (key, slot) in std::mem::take(&mut self.tracked) {
            let key = String::from_utf8_lossy(&key).into_owned();
            let rel = match prefix.is_empty() {
                true => key.as_str(),
                false => key
                    .strip_prefix(prefix)
                    .map_or("", |k| k.trim_start_matches('/')),
            };
            if let Some(old) = cached.files.remove(rel) {
                self.slots[slot].1.extend(old.changes);
            }
        }
    }

    /// Every file with at least one change, by its path relative to the directory root.
    fn into_files(self) -> HashMap<String, FileHistory> {
        self.slots
            .into_iter()
            .filter(|(_, changes)| !changes.is_empty())
            .map(|(path, changes)| (path, FileHistory { changes }))
            .collect()
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
