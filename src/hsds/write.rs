//! The files of open data: `signpost export` writes one format into a folder it replaces
//! atomically ([`write`]); `signpost build` writes the HSDS files under `public/api/`
//! ([`write_static`]). Beside the data go `ATTRIBUTION.md` and `LICENCE.md`. The CSV file is
//! `spreadsheet.rs`; what goes in each object is `service.rs` and `taxonomy.rs`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::service::{Dataset, build_services, dataset};
use super::spreadsheet::write_csv;
use super::taxonomy::{Taxonomy, Term, terms};
use super::views::{page, service_list_item};
use super::{Error, History};
use crate::directory::Directory;

/// What `signpost export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// `services/<id>.json`, `services.json`, `taxonomies.json`, `taxonomy_terms.json`.
    Hsds,
    /// `services.ndjson`: one fully nested service per line.
    Ndjson,
    /// `service_at_locations.csv`: one row per service at a location, for spreadsheets.
    Csv,
}

/// Writes the HSDS files of a directory into `out_dir`, over what is there: for `signpost
/// build`, which publishes them under `public/api/` in an output of its own that it swaps in
/// whole and clears of files it did not write again. Returns the number of services written.
pub fn write_static(directory: &Directory, out_dir: &Path) -> Result<usize, Error> {
    let terms = terms(&directory.vocab);
    std::fs::create_dir_all(out_dir).map_err(Error::create(out_dir))?;
    write_files(
        directory,
        &History::of(directory),
        ExportFormat::Hsds,
        &terms,
        out_dir,
    )
}

/// Writes `format` into `out_dir` atomically: everything goes to a new folder beside it, which
/// then replaces `out_dir` in one rename, so readers never see half an export. Returns the
/// number of services written.
pub fn write(
    directory: &Directory,
    history: &History,
    format: ExportFormat,
    out_dir: &Path,
) -> Result<usize, Error> {
    let terms = terms(&directory.vocab);
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(Error::create(&parent))?;
    let name = out_dir
        .file_name()
        .ok_or_else(|| Error::NotAFolder {
            path: out_dir.to_path_buf(),
        })?
        .to_string_lossy()
        .into_owned();
    if out_dir.exists() && !replaceable(out_dir) {
        return Err(Error::NotAnExport {
            path: out_dir.to_path_buf(),
        });
    }
    let temp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&temp);
    std::fs::create_dir_all(&temp).map_err(Error::create(&temp))?;
    let count = match write_files(directory, history, format, &terms, &temp) {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&temp);
            return Err(e);
        }
    };
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if out_dir.exists() {
        std::fs::rename(out_dir, &old).map_err(|source| Error::MoveAside {
            path: out_dir.to_path_buf(),
            source,
        })?;
    }
    std::fs::rename(&temp, out_dir).map_err(|source| Error::MoveIn {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(count)
}

/// The files of `format` and the attribution, into the folder `dir`, over what is there.
/// Returns the number of services written.
fn write_files(
    directory: &Directory,
    history: &History,
    format: ExportFormat,
    terms: &[Term],
    dir: &Path,
) -> Result<usize, Error> {
    let n = match format {
        ExportFormat::Hsds => write_hsds(directory, history, terms, dir)?,
        ExportFormat::Ndjson => {
            let data = dataset(directory, history);
            write_ndjson(&data, dir)?;
            data.services.len()
        }
        ExportFormat::Csv => {
            let data = dataset(directory, history);
            write_csv(&data, directory, dir)?;
            data.services.len()
        }
    };
    write_attribution(directory, terms, dir)?;
    Ok(n)
}

/// `ATTRIBUTION.md`: the directory's attribution file (see `attribution` in signpost.toml) and
/// the OpenActive Activity List's, when term URIs from it are published; and `LICENCE.md`, the
/// licence named in `[open_data]`.
fn write_attribution(directory: &Directory, terms: &[Term], dir: &Path) -> Result<(), Error> {
    let mut text = String::new();
    if let Some(attribution) = &directory.attribution {
        text = attribution.clone();
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    if terms.iter().any(|t| {
        t.uri
            .as_deref()
            .is_some_and(|u| u.contains("openactive.io"))
    }) {
        text.push_str(
            "Contains the OpenActive Activity List, (c) OpenActive, CC BY 4.0 \
             (https://creativecommons.org/licenses/by/4.0/).\n",
        );
    }
    if let Some(open) = &directory.config.open_data {
        let licence = format!(
            "# Licence\n\nThis open data is published by {} under the {} ({}).\n\
             Attribution: see ATTRIBUTION.md.\n",
            directory.config.title, open.licence, open.licence_url
        );
        let path = dir.join("LICENCE.md");
        crate::staging::write(&path, licence).map_err(Error::write(&path))?;
    }
    if text.is_empty() {
        return Ok(());
    }
    let path = dir.join("ATTRIBUTION.md");
    crate::staging::write(&path, text).map_err(Error::write(&path))
}

/// An empty folder, or one that holds an earlier export, may be replaced.
fn replaceable(dir: &Path) -> bool {
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let empty = entries.next().is_none();
    empty
        || [
            "services.json",
            "services.ndjson",
            "service_at_locations.csv",
        ]
        .iter()
        .any(|f| dir.join(f).is_file())
}

/// Writes `value` as compact JSON (as APIs serve it: indenting made a national export a
/// third larger), ending in a newline.
/// In a build's staging folder, an unchanged file is the last build's ([`crate::staging`]).
fn write_json(path: &Path, value: &Value) -> Result<(), Error> {
    let mut bytes = serde_json::to_vec(value)
        .map_err(std::io::Error::from)
        .map_err(Error::write(path))?;
    bytes.push(b'\n');
    crate::staging::write(path, bytes).map_err(Error::write(path))
}

/// Each service is written as soon as it is built and only its list item is kept for
/// `services.json`: holding every fully nested service at once was most of a national-scale
/// build's memory (100,000 services, 3.4 GB peak).
fn write_hsds(
    directory: &Directory,
    history: &History,
    terms: &[Term],
    dir: &Path,
) -> Result<usize, Error> {
    let services = dir.join("services");
    std::fs::create_dir_all(&services).map_err(Error::create(&services))?;
    let items = build_services(directory, history, |_, s| {
        let id = s["id"].as_str().unwrap_or_default();
        write_json(&services.join(format!("{id}.json")), &s).map(|()| service_list_item(&s))
    })
    .into_iter()
    .collect::<Result<Vec<Value>, Error>>()?;
    let n = items.len();
    write_json(&dir.join("services.json"), &page(items, n, 1, n))?;
    let taxonomies: Vec<Value> = Taxonomy::ALL.iter().map(|t| t.to_json()).collect();
    let t = taxonomies.len();
    write_json(&dir.join("taxonomies.json"), &page(taxonomies, t, 1, t))?;
    let terms: Vec<Value> = terms.iter().map(Term::to_json).collect();
    let t = terms.len();
    write_json(&dir.join("taxonomy_terms.json"), &page(terms, t, 1, t))?;
    Ok(n)
}

fn write_ndjson(data: &Dataset, dir: &Path) -> Result<(), Error> {
    let path = dir.join("services.ndjson");
    let file = std::fs::File::create(&path).map_err(Error::write(&path))?;
    let mut w = std::io::BufWriter::new(file);
    for s in &data.services {
        serde_json::to_writer(&mut w, s)
            .map_err(std::io::Error::from)
            .and_then(|()| w.write_all(b"\n"))
            .map_err(Error::write(&path))?;
    }
    w.flush().map_err(Error::write(&path))
}
