//! The history kept on disk (`.signpost-cache/history.json`), keyed by the `HEAD` commit it
//! was read at, so a later read walks only the commits since.
//!
//! Not for deciding when the cache may be used: that is the walk's job. A cache that cannot
//! be read or written is only slower, never an error.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use git2::Oid;
use jiff::civil::Date;

use super::{Author, Change, FileHistory, RepoHistory};

/// A history kept on disk, keyed by the commit it was read at.
pub(super) struct Cached {
    pub(super) head: Oid,
    pub(super) commits: usize,
    pub(super) files: HashMap<String, FileHistory>,
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

    pub(super) fn load(file: &Path, scope: &str) -> Option<Cached> {
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
    pub(super) fn save(file: &Path, scope: &str, head: Oid, history: &RepoHistory) {
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
