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

/// With `SIGNPOST_TIMINGS` set, how long a step of the read took.
fn log_phase(name: &str, started: Instant) {
    if std::env::var_os("SIGNPOST_TIMINGS").is_some() {
        eprintln!("timing: {name} {:.3}s", started.elapsed().as_secs_f64());
    }
}

/// The single walk. `prefix` is the directory root inside the repository, `listings` the
/// listings folder inside the directory root.
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
