//! What the build benchmarks share: running a command under `/usr/bin/time` for its wall
//! time, CPU time and peak memory, the machine's load, and the size of an output folder.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What one run of a command cost.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cost {
    /// Wall-clock seconds.
    pub wall: f64,
    /// User + system CPU seconds (of the process and the children it waited for).
    pub cpu: f64,
    /// Peak resident memory in bytes (the largest of the process and its children).
    pub peak_rss: u64,
}

/// Runs `command` to completion under `/usr/bin/time` (Debian's `time` package) and returns
/// what it cost with its standard output and error. Panics with its output when it fails.
pub fn measure(command: &mut Command) -> (Cost, String, String) {
    let report = tempfile::NamedTempFile::new().expect("a temporary file");
    let program = command.get_program().to_owned();
    let mut timed = Command::new("/usr/bin/time");
    timed
        .args(["-f", "%e %U %S %M", "-o"])
        .arg(report.path())
        .arg(&program)
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        timed.current_dir(dir);
    }
    for (k, v) in command.get_envs() {
        match v {
            Some(v) => timed.env(k, v),
            None => timed.env_remove(k),
        };
    }
    let started = Instant::now();
    let out = timed.output().unwrap_or_else(|e| {
        panic!("cannot run /usr/bin/time ({e}); install it with `apt-get install time`")
    });
    let wall = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "{} failed:\n{stdout}\n{stderr}",
        program.to_string_lossy()
    );
    let text = std::fs::read_to_string(report.path()).unwrap_or_default();
    let fields: Vec<f64> = text
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let cost = match fields[..] {
        [_, user, system, kb] => Cost {
            wall,
            cpu: user + system,
            peak_rss: kb as u64 * 1024,
        },
        _ => panic!("unexpected /usr/bin/time report: {text:?}"),
    };
    (cost, stdout, stderr)
}

/// `uptime`'s load averages, e.g. "load 1.02 0.80 0.75".
pub fn load() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let parts: Vec<&str> = text.split_whitespace().take(3).collect();
    format!("load {}", parts.join(" "))
}

/// Files under `dir` with their sizes, paths relative to `dir`.
pub fn files(dir: &Path) -> Vec<(PathBuf, u64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let len = e.metadata().map_or(0, |m| m.len());
            (
                e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf(),
                len,
            )
        })
        .collect()
}

/// "1.2 MB", "340 KB".
pub fn size(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.2} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.1} KB", b / 1e3)
    }
}

/// The middle value of some numbers (sorted here).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}
