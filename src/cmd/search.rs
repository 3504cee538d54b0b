//! `signpost search`: the tantivy engine from the terminal.

use std::path::Path;
use std::process::ExitCode;

use super::Error;
use crate::directory::{self, Options};
use crate::place::Postcode;
use crate::search::ResultFormat;
use crate::search::{Engine, engine};

pub fn run(
    root: &Path,
    query: &str,
    near: Option<&str>,
    site: Option<&str>,
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
    let hits = engine.search_near(query, from, only.as_ref(), limit);
    match format {
        ResultFormat::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&hits).map_err(Error::Json)?
            );
        }
        ResultFormat::Human => {
            if hits.is_empty() {
                eprintln!("nothing found for \"{query}\"");
            }
            for (i, h) in hits.iter().enumerate() {
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
