//! Phase timings for people profiling a run: with `SIGNPOST_TIMINGS` set, each phase prints
//! `timing: <phase> <seconds>s` on standard error when it ends; without it, nothing. The one
//! place that reads the variable, so every phase of `check`, `build` and the history read is
//! reported the same way.

use std::time::Instant;

/// Whether phase timings are wanted (`SIGNPOST_TIMINGS` is set), read once per process: the
/// build asks for every job it runs or keeps (hundreds of thousands at national scale).
pub fn enabled() -> bool {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("SIGNPOST_TIMINGS").is_some())
}

/// Prints how long the phase `name` took since `started`, when timings are wanted.
pub fn phase(name: &str, started: Instant) {
    phase_with(name, started, "");
}

/// Like [`phase`], with a note after the figure, e.g. "(1200 commits)".
pub fn phase_with(name: &str, started: Instant, note: &str) {
    if enabled() {
        let space = if note.is_empty() { "" } else { " " };
        eprintln!(
            "timing: {name} {:.3}s{space}{note}",
            started.elapsed().as_secs_f64()
        );
    }
}
