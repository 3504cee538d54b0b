//! Signpost: an open, community-maintained directory of local groups and services for social
//! prescribing, published as static websites.
//!
//! Data flows one way, one module per stage:
//!
//! ```text
//! listings/**/*.yaml → listing (parse, with positions) → validate → locate (postcode → lat/lon)
//!   → directory (the load phase: a Directory and its diagnostics) → commands
//! ```
//!
//! `search` is the shared text analysis, the static per-site index with its browser client,
//! the tantivy engine and near-duplicate detection. `diagnostics` renders problems; `config`
//! and `sites` read `signpost.toml` and the NHS practice file; `vocab` holds the controlled
//! vocabularies; `synth` writes synthetic directories for benchmarks. Commands are thin
//! wrappers in `cmd`.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod directory;
pub mod languages;
pub mod listing;
pub mod locate;
pub mod model;
pub mod search;
pub mod select;
pub mod sites;
pub mod synth;
pub mod validate;
pub mod vocab;
