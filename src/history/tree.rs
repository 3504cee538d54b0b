//! Git trees read raw through the object database, and the diff of two trees.
//!
//! This is the hot path of the walk: every commit's listings folder is compared with its
//! parent's here. Not for rename detection (`renames`) nor for deciding which commits to
//! compare (`walk`).

use std::collections::HashMap;
use std::rc::Rc;

use git2::{Oid, Repository};

/// One file that differs between two trees: added (no old side), deleted (no new side),
/// changed (same path) or renamed (different paths).
#[derive(Debug)]
pub(super) struct FileDelta {
    pub(super) old_path: Option<Vec<u8>>,
    pub(super) old_id: Option<Oid>,
    pub(super) new_path: Option<Vec<u8>>,
    pub(super) new_id: Option<Oid>,
}

/// A tree object as stored: its id and raw bytes, entries of `<mode> <name>\0<id>` in git
/// order. Trees are read raw through the object database and only the entries needed are
/// looked at: having libgit2 parse every tree (an allocation per tree, then a C call and a
/// `strlen` per entry looked at) cost more than reading the trees did.
#[derive(Clone)]
pub(super) struct RawTree {
    pub(super) id: Oid,
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
pub(super) fn diff_trees(
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
pub(super) struct Trees<'r> {
    pub(super) repo: &'r Repository,
    odb: git2::Odb<'r>,
    cache: HashMap<Oid, RawTree>,
}

impl<'r> Trees<'r> {
    const LIMIT: usize = 4096;

    pub(super) fn new(repo: &'r Repository) -> Result<Trees<'r>, git2::Error> {
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
    pub(super) fn subtree(
        &self,
        root: Oid,
        parts: &[&str],
    ) -> Result<Option<RawTree>, git2::Error> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
