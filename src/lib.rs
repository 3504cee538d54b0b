//! Signpost: an open, community-maintained directory of local groups and services for social
//! prescribing, published as static websites.
//!
//! Data flows one way, one module per stage:
//!
//! ```text
//! listings/**/*.yaml → listing (parse, with positions) → validate → locate (postcode → lat/lon)
//!   → history (git: who changed what, when) → directory (the load phase: a Directory and its
//!   diagnostics) → select (per site, by walking time) → render (tera) · search · hsds (open
//!   data) · insight (gaps) → commands
//! ```
//!
//! `search` is the shared text analysis, the static per-site index with its browser client,
//! the tantivy engine and near-duplicate detection. `place` holds the value types `Postcode` and
//! `LatLon`, which every stage passes along. `diagnostics` renders problems; `config`
//! and `sites` read `signpost.toml` and the NHS practice file; `vocab` holds the controlled
//! vocabularies; `brand` checks a directory's own colour and logo; `i18n` holds the interface
//! text in each language; `schedule` finds the next session and writes calendar files; `facets`
//! describes listings for the sites' filters; `insight` finds the gaps for commissioners; `hsds`
//! and `api` publish open data; `serve` watches, rebuilds and answers HTTP; `synth` writes
//! synthetic directories for benchmarks. Commands are thin wrappers in `cmd`.

pub mod analysis;
pub mod api;
pub mod brand;
pub mod build;
pub mod cli;
pub mod cmd;
pub mod codeowners;
pub mod config;
pub mod confirm;
pub mod diagnostics;
pub mod directory;
pub mod draft;
pub mod facets;
pub mod hash;
pub mod history;
pub mod hsds;
pub mod html;
pub mod i18n;
pub mod insight;
pub mod intake;
pub mod languages;
pub mod listing;
pub mod locate;
pub mod model;
pub mod place;
pub mod render;
pub mod schedule;
pub mod schema;
pub mod search;
pub mod select;
pub mod serve;
pub mod sites;
pub mod sorted;
pub mod staging;
pub mod stale;
pub mod synth;
pub mod text;
pub mod timing;
pub mod validate;
pub mod vocab;
pub mod wards;
