//! With `SIGNPOST_TIMINGS` set, the time the build's jobs took, summed by kind of job (site
//! pages, listing pages, search indexes, …), so "where does a rebuild's time go" is one
//! setting away. Not for the phases' times (`crate::timing`).

use std::sync::Mutex;
use std::time::Instant;

use crate::render::Job;

/// Seconds and count by kind of job, in the order kinds were first seen.
static SPENT: Mutex<Vec<(&'static str, f64, usize)>> = Mutex::new(Vec::new());

/// One job being timed: its time is added to its kind's when it is dropped.
pub struct Timed {
    kind: &'static str,
    started: Instant,
}

impl Timed {
    /// Starts timing `job`, when timings are wanted.
    pub fn start(job: Job) -> Option<Timed> {
        crate::timing::enabled().then(|| Timed {
            kind: kind(job),
            started: Instant::now(),
        })
    }

    /// Prints the time of each kind of job, e.g. "timing: jobs site 1.204s (1806), …".
    pub fn report() {
        let mut spent = SPENT.lock().unwrap_or_else(|e| e.into_inner());
        if crate::timing::enabled() && !spent.is_empty() {
            let parts: Vec<String> = spent
                .iter()
                .map(|(kind, s, n)| format!("{kind} {s:.3}s ({n})"))
                .collect();
            eprintln!("timing: jobs {}", parts.join(", "));
        }
        spent.clear();
    }
}

impl Drop for Timed {
    fn drop(&mut self) {
        let s = self.started.elapsed().as_secs_f64();
        let mut spent = SPENT.lock().unwrap_or_else(|e| e.into_inner());
        match spent.iter_mut().find(|(k, _, _)| *k == self.kind) {
            Some(entry) => {
                entry.1 += s;
                entry.2 += 1;
            }
            None => spent.push((self.kind, s, 1)),
        }
    }
}

/// The name of a job's kind.
fn kind(job: Job) -> &'static str {
    use Job::*;
    match job {
        Assets => "assets",
        Index(_) => "index",
        Everywhere(_) => "everywhere",
        Site(..) => "site",
        Listing(..) => "listing",
        Add(_) => "add",
        Embed(_) => "embed",
        Notices(_) => "notices",
        Search(_) => "search",
        EverywhereSearch => "everywhere-search",
    }
}
