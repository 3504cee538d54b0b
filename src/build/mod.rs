//! The build, as a library: load the directory, render every site with the open data and gaps
//! reports beside them into a temporary folder, and swap it in as the output ([`output`]).
//!
//! `signpost build` and `signpost serve` both call [`build`]; the command only prints. Listings
//! with errors are left out and the rest are built; with `strict`, any error builds nothing.
//! Not for rendering pages (that is `render`) or for deciding what a site shows (`select`).

pub mod output;
pub mod reuse;
mod timing;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::diagnostics::{self, Help, ProblemFormat};
use crate::directory::{self, Directory, Options};
use crate::render::{Inputs, Job, Renderer, Theme, Written};

pub use output::MARKER;

/// Why a build stopped. The previous output is then as it was.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder of the output could not be made, read, moved or removed.
    #[error("{action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `--out` would replace the directory itself.
    #[error("the output folder {} contains the directory itself", .0.display())]
    ContainsRoot(PathBuf),
    /// `--out` is a file, or has no folder name.
    #[error("{} is not a folder", .0.display())]
    NotAFolder(PathBuf),
    /// `--out` holds files that no build wrote.
    #[error(
        "{} is not empty and was not written by signpost build, so it will not be replaced",
        .0.display()
    )]
    NotABuild(PathBuf),
    /// The directory could not be loaded (no `signpost.toml`, unreadable data files, …).
    #[error(transparent)]
    Load(#[from] crate::directory::Error),
    /// The theme or the renderer could not be set up (a template that does not parse, …).
    #[error(transparent)]
    Render(#[from] crate::render::Error),
    /// The open data beside the pages could not be written.
    #[error("{0}")]
    Data(#[source] crate::hsds::Error),
    /// The gaps report beside a borough-wide site could not be written.
    #[error(transparent)]
    Insight(crate::insight::Error),
    /// Rendering or writing failed part way (`source` says how); nothing was swapped in.
    #[error("{source}\nthe build failed; {} {kept}", out.display())]
    Failed {
        source: Box<Error>,
        out: PathBuf,
        kept: &'static str,
    },
}

impl Error {
    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

impl Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::ContainsRoot(_) | Error::NotAFolder(_) => Some("choose another --out".into()),
            Error::NotABuild(_) => Some("choose another --out, or empty the folder".into()),
            Error::Render(e) => e.help(),
            Error::Load(e) => e.help(),
            Error::Data(e) => e.help(),
            Error::Insight(e) => e.help(),
            Error::Failed { source, .. } => source.help(),
            _ => None,
        }
    }
}

/// What a finished build did.
#[derive(Debug)]
pub enum Built {
    /// The output was replaced.
    Written {
        sites: usize,
        pages: usize,
        listings: usize,
        seconds: f64,
        /// The files written, kept as they were and removed, against the previous output.
        changes: output::Changes,
    },
    /// `strict` was set and these many listings have errors: nothing was written.
    Refused { listings: usize },
}

impl Built {
    /// The one line `build` and `serve` print when a build is written, e.g. "built 47 sites,
    /// 1608 pages, 99 listings in 0.52s into public: wrote 12 files, kept 2180, removed 0".
    pub fn summary(&self, out: &Path) -> String {
        match self {
            Built::Written {
                sites,
                pages,
                listings,
                seconds,
                changes,
            } => format!(
                "built {sites} site{}, {pages} page{}, {listings} listing{} in {seconds:.2}s into {}: \
                 wrote {} file{}, kept {}, removed {}",
                plural(*sites),
                plural(*pages),
                plural(*listings),
                out.display(),
                changes.wrote,
                plural(changes.wrote),
                changes.kept,
                changes.removed,
            ),
            Built::Refused { listings } => format!(
                "{listings} listing{} with errors; nothing was built (--strict)",
                plural(*listings)
            ),
        }
    }
}

/// "s" after a number other than one.
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Loads the directory at `root` and builds it into `out`. `redirects`, when given, is used
/// instead of `[output] redirects` (`build --redirects`). `loaded` is called once the
/// directory is loaded, before anything is written, to report its notes and problems.
pub fn build(
    root: &Path,
    out: &Path,
    strict: bool,
    redirects: Option<crate::config::Redirects>,
    loaded: impl FnOnce(&directory::Outcome),
) -> Result<Built, Error> {
    let started = Instant::now();
    output::check_output(root, out)?;
    let mut outcome = directory::load(root, &Options::default())?;
    if let Some(how) = redirects {
        outcome.directory.config.output.redirects = how;
    }
    loaded(&outcome);
    let bad: std::collections::HashSet<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| &d.file)
        .collect();
    if strict && !bad.is_empty() {
        return Ok(Built::Refused {
            listings: bad.len(),
        });
    }
    let dir = &outcome.directory;
    crate::timing::phase("load", started);
    let theme = Theme::load(root)?;
    let phase = Instant::now();
    let renderer = Renderer::new(dir, &theme)?;
    crate::timing::phase("index", phase);
    let phase = Instant::now();
    let inputs = renderer.inputs(reuse::global(dir, out));
    crate::timing::phase("fingerprints", phase);
    let phase = Instant::now();
    let (pages, changes) = write_all(dir, &renderer, &inputs, out)?;
    crate::timing::phase("render", phase);
    Ok(Built::Written {
        sites: dir.sites.len(),
        pages,
        changes,
        listings: renderer.listings().len(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Prints a loaded directory's notes and problems on standard error, as `check` prints them.
pub fn report_problems(root: &Path, outcome: &directory::Outcome) {
    for note in &outcome.notes {
        eprintln!("note: {note}");
    }
    let diags = &outcome.diagnostics;
    let color = std::io::stderr().is_terminal();
    eprint!(
        "{}",
        diagnostics::render(diags, ProblemFormat::Human, color, &|file: &Path| {
            crate::listing::read_shown(root, file)
        })
    );
}

/// Renders every job and the open data into a folder beside `out` (the spare, the build
/// before last, when there is one: [`output::staging_folder`]), where unchanged files are
/// the current output's (hard links, [`crate::staging`]), then swaps it in. A job whose
/// inputs did not change keeps its files instead of running ([`reuse`]). Returns the number
/// of pages and what changed.
fn write_all(
    dir: &Directory,
    renderer: &Renderer,
    inputs: &Inputs,
    out: &Path,
) -> Result<(usize, output::Changes), Error> {
    output::remove_abandoned(out);
    let phase = Instant::now();
    let previous = out.join(MARKER).is_file();
    let temp = output::staging_folder(out, previous)?;
    let staging = crate::staging::Staging::begin(&temp, out);
    let list = reuse::list_path(dir, out);
    let last = match previous {
        true => reuse::Jobs::read(&list),
        false => reuse::Jobs::default(),
    };
    let now = reuse::NewJobs::default();
    crate::timing::phase("stage", phase);
    let jobs = renderer.jobs();
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(jobs.len() as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} building {bar:30} {pos}/{len} ({eta})")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let phase = Instant::now();
    // Taken in order, the largest first (`Renderer::jobs`): a parallel iterator over the
    // list would split it in halves and could start the largest last.
    let pages = jobs
        .into_iter()
        .par_bridge()
        .progress_with(bar.clone())
        .map(|job| run_or_keep(renderer, inputs, job, &last, &now, out, &temp))
        .try_reduce(Written::default, |a, b| Ok(a + b))
        .map_err(Error::Render);
    // The open data and gaps reports after the pages, not alongside them: their parallel
    // writes could run on a thread waiting inside a job and be taken for that job's files
    // (`staging::record`).
    let data = || {
        let started = Instant::now();
        let data = crate::staging::record(|| publish_data(dir, &temp)).0;
        crate::timing::phase("data", started);
        data
    };
    let result = pages.and_then(|w| data().map(|()| w)).and_then(|w| {
        crate::staging::write(&temp.join(MARKER), "written by signpost build\n")
            .map_err(|e| Error::io("cannot write in", &temp, e))?;
        // What the reused folder held that this build did not write.
        staging
            .remove_untouched()
            .map_err(|e| Error::io("cannot clear", &temp, e))?;
        let (wrote, kept, removed) =
            staging.changes(output::files(out)?.iter().map(PathBuf::as_path));
        let changes = output::Changes {
            wrote,
            kept,
            removed,
        };
        Ok((w, changes))
    });
    drop(staging);
    bar.finish_and_clear();
    crate::timing::phase_with("pages", phase, &now.counts());
    timing::Timed::report();
    let (written, changes) = match result {
        Ok(done) => done,
        Err(source) => {
            let _ = output::remove(&temp);
            let kept = if out.exists() {
                "was left as it was"
            } else {
                "was not created"
            };
            return Err(Error::Failed {
                source: Box::new(source),
                out: out.to_path_buf(),
                kept,
            });
        }
    };
    let phase = Instant::now();
    output::swap(&temp, out)?;
    // Not being able to write the list costs the next build time, never correctness.
    let _ = now.into_jobs().write(&list);
    crate::timing::phase("swap", phase);
    Ok((written.pages, changes))
}

/// Runs `job` into `temp`, unless its fingerprint is the one it had when it wrote files
/// still in `out` as they were: those are then linked into `temp` and it does not run.
fn run_or_keep(
    renderer: &Renderer,
    inputs: &Inputs,
    job: Job,
    last: &reuse::Jobs,
    now: &reuse::NewJobs,
    out: &Path,
    temp: &Path,
) -> Result<Written, crate::render::Error> {
    let _timed = timing::Timed::start(job);
    let Some(fingerprint) = inputs.of(renderer, job) else {
        // Recorded and forgotten: a job that waits on parallel work may run another job
        // on its thread, whose files must not be taken for that one's.
        return crate::staging::record(|| renderer.run(job, temp)).0;
    };
    let key = renderer.job_key(job);
    if let Some(entry) = last.unchanged(&key, fingerprint, out) {
        let kept = entry
            .rels()
            .all(|rel| crate::staging::keep(&temp.join(rel)).unwrap_or(false));
        if kept {
            now.kept(key, entry);
            return Ok(Written {
                pages: entry.pages(),
                files: entry.files(),
            });
        }
    }
    let (written, files) = crate::staging::record(|| renderer.run(job, temp));
    let written = written?;
    now.ran(key, fingerprint, written.pages, &files, temp);
    Ok(written)
}

/// Beside the pages: the open data (Open Referral UK / HSDS files at `api/`) and, on each
/// borough-wide site, the commissioners' gaps report at `<site>/insight/`.
fn publish_data(dir: &Directory, out: &Path) -> Result<(), Error> {
    crate::hsds::write_static(dir, &out.join("api")).map_err(Error::Data)?;
    for site in &dir.sites {
        if matches!(site.kind, crate::sites::Kind::Extra { borough_wide: true }) {
            crate::insight::write_html(dir, site, &out.join(&site.id).join("insight"))
                .map_err(Error::Insight)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::error_text;

    #[test]
    fn a_failed_build_says_why_what_was_kept_and_the_causes_help() {
        let error = Error::Failed {
            source: Box::new(Error::Data(crate::hsds::Error::NotAnExport {
                path: "public/api".into(),
            })),
            out: "public".into(),
            kept: "was left as it was",
        };
        assert_eq!(
            error_text(&error),
            "error: public/api exists and is not an earlier export\n\
             the build failed; public was left as it was\n\
             help: choose an empty or new folder"
        );
        let error = Error::Failed {
            source: Box::new(Error::io(
                "cannot write in",
                Path::new("public.new"),
                std::io::Error::from(std::io::ErrorKind::StorageFull),
            )),
            out: "public".into(),
            kept: "was not created",
        };
        assert_eq!(
            error_text(&error),
            "error: cannot write in public.new\n\
             the build failed; public was not created\n  \
             caused by: no storage space"
        );
    }
}
