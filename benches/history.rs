//! Benchmark: reading listing history from a git repository of 10,000 listing files and
//! 100,000 commits (the size issue 5 asks for), with `signpost::history::read`.
//!
//! The repository is generated once with git2 into `target/bench-data/` and reused: the first
//! commit adds every file, then each commit changes one file (every 50th renames one into
//! another folder), by one of 200 authors, an hour apart. Objects are built in memory and
//! written as one pack, as in a real clone.
//!
//! Run with `cargo bench --bench history`. `SIGNPOST_BENCH_FILES` and
//! `SIGNPOST_BENCH_COMMITS` change the size. The benchmark allocates with mimalloc, as the
//! `signpost` binary does (see `src/main.rs`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use git2::{FileMode, Oid, Repository, Signature, Time};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

const FOLDERS: usize = 100;

fn main() {
    let files = env("SIGNPOST_BENCH_FILES", 10_000);
    let commits = env("SIGNPOST_BENCH_COMMITS", 100_000);
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("target/bench-data/history-{files}x{commits}"));
    if !dir.join(".git/signpost-bench-done").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let started = Instant::now();
        generate(&dir, files, commits).expect("generate the repository");
        std::fs::write(dir.join(".git/signpost-bench-done"), "").unwrap();
        println!(
            "generate: {files} files, {commits} commits in {:.1}s",
            started.elapsed().as_secs_f64()
        );
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mut times = Vec::new();
    for run in 0..3 {
        let cpu_before = cpu_seconds();
        let started = Instant::now();
        let history = signpost::history::read(&dir, Path::new("listings"), None)
            .expect("read history")
            .expect("a repository");
        let secs = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu_before;
        let changes: usize = history.iter().map(|(_, h)| h.count()).sum();
        println!(
            "history: {} files, {} commits walked, {changes} changes credited in {secs:.2}s \
             (CPU {cpu:.2}s){}",
            history.len(),
            history.commits,
            if run == 0 { "  [first run]" } else { "" }
        );
        assert_eq!(history.len(), files);
        times.push(secs);
    }
    // With the cache `signpost` keeps in .signpost-cache: written once, then read back.
    let cache = dir.join(".git/signpost-bench-cache");
    let _ = std::fs::remove_dir_all(&cache);
    for label in ["cache written", "cache read (same HEAD)"] {
        let started = Instant::now();
        let history = signpost::history::read(&dir, Path::new("listings"), Some(&cache))
            .expect("read history")
            .expect("a repository");
        assert_eq!(history.len(), files);
        println!(
            "history with cache: {:.2}s  [{label}]",
            started.elapsed().as_secs_f64()
        );
    }
    times.sort_by(f64::total_cmp);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "history {files} files x {commits} commits: median {:.2}s on {cores} cores ({cpu}); \
         load average {}",
        times[times.len() / 2],
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
}

/// CPU time used by this process so far (user + system), from /proc; 0 where there is none.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime and stime are 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn listing_text(i: usize, version: usize) -> String {
    format!(
        "name: Group {i}\nsummary: Synthetic group {i}, version {version}.\n\
         needs: [loneliness-and-isolation]\nonline: true\nmaintainers: [author-{}]\n\
         reviewed: 2024-01-01\n",
        i % 200
    )
}

fn generate(dir: &Path, files: usize, commits: usize) -> Result<(), git2::Error> {
    std::fs::create_dir_all(dir).unwrap();
    let repo = Repository::init(dir)?;
    let odb = repo.odb()?;
    let mempack = odb.add_new_mempack_backend(1000)?;

    // folders[f] = (name, entries: file name -> blob)
    let mut folders: Vec<Vec<(String, Oid)>> = vec![Vec::new(); FOLDERS];
    let mut names: Vec<(usize, String)> = Vec::with_capacity(files); // file i -> (folder, name)
    for i in 0..files {
        let f = i % FOLDERS;
        let name = format!("group-{i}.yaml");
        let blob = repo.blob(listing_text(i, 0).as_bytes())?;
        folders[f].push((name.clone(), blob));
        names.push((f, name));
    }
    let write_folder = |entries: &[(String, Oid)]| -> Result<Oid, git2::Error> {
        let mut b = repo.treebuilder(None)?;
        for (name, oid) in entries {
            b.insert(name, *oid, FileMode::Blob.into())?;
        }
        b.write()
    };
    let mut folder_trees: Vec<Oid> = folders
        .iter()
        .map(|e| write_folder(e))
        .collect::<Result<_, _>>()?;
    let config_blob = repo.blob(b"title = \"Bench\"\n")?;
    let write_root = |folder_trees: &[Oid]| -> Result<Oid, git2::Error> {
        let mut listings = repo.treebuilder(None)?;
        for (f, oid) in folder_trees.iter().enumerate() {
            listings.insert(format!("area-{f:03}"), *oid, FileMode::Tree.into())?;
        }
        let listings = listings.write()?;
        let mut root = repo.treebuilder(None)?;
        root.insert("signpost.toml", config_blob, FileMode::Blob.into())?;
        root.insert("listings", listings, FileMode::Tree.into())?;
        root.write()
    };

    let start = 1_420_070_400i64; // 2015-01-01
    let sig = |n: usize| -> Result<Signature<'static>, git2::Error> {
        let a = n % 200;
        let email = if a.is_multiple_of(2) {
            format!("{}+author-{a}@users.noreply.github.com", 1000 + a)
        } else {
            format!("person{a}@example.org")
        };
        Signature::new(
            &format!("Author {a}"),
            &email,
            &Time::new(start + n as i64 * 3600, 0),
        )
    };
    let mut parent: Option<Oid> = None;
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut versions = vec![0usize; files];
    for n in 0..commits {
        if n > 0 {
            // xorshift: which file to change.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let i = (state % files as u64) as usize;
            let (f, name) = names[i].clone();
            versions[i] += 1;
            let blob = repo.blob(listing_text(i, versions[i]).as_bytes())?;
            let pos = folders[f].iter().position(|(n, _)| *n == name).unwrap();
            if n.is_multiple_of(50) {
                // Move the file to the next folder (content changes a little too).
                folders[f].remove(pos);
                let to = (f + 1) % FOLDERS;
                folders[to].push((name.clone(), blob));
                folders[to].sort();
                names[i] = (to, name);
                folder_trees[f] = write_folder(&folders[f])?;
                folder_trees[to] = write_folder(&folders[to])?;
            } else {
                folders[f][pos].1 = blob;
                folder_trees[f] = write_folder(&folders[f])?;
            }
        }
        let tree = repo.find_tree(write_root(&folder_trees)?)?;
        let s = sig(n)?;
        let parents: Vec<git2::Commit> = parent
            .iter()
            .map(|p| repo.find_commit(*p))
            .collect::<Result<_, _>>()?;
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        let oid = repo.commit(None, &s, &s, &format!("change {n}"), &tree, &parents)?;
        parent = Some(oid);
    }
    // Write everything as one pack, then point main at the last commit.
    let mut buf = git2::Buf::new();
    mempack.dump(&repo, &mut buf)?;
    {
        let disk = Repository::open(dir)?;
        let disk_odb = disk.odb()?;
        let mut writer = disk_odb.packwriter()?;
        std::io::Write::write_all(&mut writer, &buf).unwrap();
        writer.commit()?;
    }
    mempack.reset()?;
    let disk = Repository::open(dir)?;
    disk.reference("refs/heads/main", parent.unwrap(), true, "bench")?;
    disk.set_head("refs/heads/main")?;
    Ok(())
}
