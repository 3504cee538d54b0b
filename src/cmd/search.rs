//! `signpost search`: the tantivy engine from the terminal. Crisis help lines come first
//! (outside `--limit`); a query that finds nothing says what to try instead.

use std::path::Path;
use std::process::ExitCode;

use super::Error;
use crate::directory::{self, Options};
use crate::place::Postcode;
use crate::search::ResultFormat;
use crate::search::{Engine, Request, engine};

pub fn run(
    root: &Path,
    query: &str,
    near: Option<&str>,
    site: Option<&str>,
    lang: Option<&str>,
    limit: usize,
    format: ResultFormat,
) -> Result<ExitCode, Error> {
    let outcome = directory::load(root, &Options::default())?;
    let dir = &outcome.directory;
    let engine = Engine::open(dir).map_err(Error::Search)?;
    if format == ResultFormat::Human && (engine.sync.added > 0 || engine.sync.removed > 0) {
        eprintln!(
            "search index: {} listing{} indexed, {} removed, {} unchanged",
            engine.sync.added,
            if engine.sync.added == 1 { "" } else { "s" },
            engine.sync.removed,
            engine.sync.unchanged
        );
    }
    let mut from = None;
    let mut only = None;
    if let Some(id) = site {
        let s = dir
            .sites
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| Error::NoSite { id: id.to_string() })?;
        from = Some(s.at);
        only = Some(engine::site_ids(dir, s));
    }
    if let Some(text) = near {
        let postcode: Postcode = text.parse().map_err(Error::Near)?;
        let place = dir
            .gazetteer
            .lookup(&postcode)
            .ok_or(Error::NearUnknown(postcode))?;
        from = Some(place.at);
    }
    let found = engine.find(&Request {
        query,
        near: from,
        only: only.as_ref(),
        lang,
        limit,
    });
    match format {
        ResultFormat::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&found).map_err(Error::Json)?
            );
        }
        ResultFormat::Human => {
            for h in &found.help {
                let how = match h.line.how {
                    crate::analysis::crisis::How::Call => "call",
                    crate::analysis::crisis::How::Text => "text",
                };
                println!(
                    "HELP NOW: {} — {how} {}. {}",
                    h.line.name, h.line.contact, h.line.text
                );
            }
            if !found.help.is_empty() {
                println!();
            }
            if found.results.is_empty() {
                eprintln!(
                    "nothing in the directory matches \"{query}\"\nhelp: try everyday words for what you need (\"lonely\", \"money worries\", \"walking group\"), or browse the needs on the site's home page"
                );
            }
            for (i, h) in found.results.iter().enumerate() {
                let walk = h
                    .walk_minutes
                    .map(|m| format!(", {m} min walk"))
                    .unwrap_or_default();
                println!(
                    "{:>2}. {} ({}){walk}  [{:.2}]",
                    i + 1,
                    h.name,
                    h.id,
                    h.score
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
