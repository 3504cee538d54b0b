//! Rename detection between the files one commit deleted and added, as git does it.
//!
//! Not for finding what changed (`tree`).

use git2::{Oid, Repository};

use super::tree::FileDelta;

/// Rename detection, as git does it: a deleted file and an added file are one file renamed
/// when their contents are the same, or when at least half their lines are shared (most
/// similar pairs first). Pairs are looked for only among at most [`RENAME_LIMIT`] files.
pub(super) fn find_renames(
    repo: &Repository,
    deltas: &mut Vec<FileDelta>,
) -> Result<(), git2::Error> {
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
    let common = crate::sorted::count_common(a, b);
    (200 * common / (a.len() + b.len()).max(1)) as u32
}
