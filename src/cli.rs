//! The command line: every command and option, parsed with clap. Nothing here does any work;
//! `main` hands each command to its file in `src/cmd/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diagnostics::Format;

/// Signpost: a community-maintained directory of local groups, published as a small static
/// website for every GP practice.
#[derive(Debug, Parser)]
#[command(name = "signpost", version, about, long_about = None)]
pub struct Cli {
    /// The directory repository (the folder with signpost.toml).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check listings and report every problem, with the file, line and a fix.
    Check {
        /// Files or folders to check (default: all listings).
        paths: Vec<PathBuf>,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Export the published listings as open data: Open Referral UK (HSDS 3.1) JSON, NDJSON
    /// or CSV.
    Export {
        /// `hsds`: services/<id>.json, services.json, taxonomies.json, taxonomy_terms.json;
        /// `ndjson`: services.ndjson, one service per line; `csv`: service_at_locations.csv.
        #[arg(long, value_enum, default_value_t = crate::hsds::Format::Hsds)]
        format: crate::hsds::Format,
        /// The folder to write (replaced as a whole; must be new, empty or an earlier export).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Serve the directory over HTTP. With `--api`: the Open Referral UK API.
    Serve {
        /// Answer the Open Referral UK (HSDS) API endpoints.
        #[arg(long)]
        api: bool,
        /// The port to listen on.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The address to listen on; the default answers this machine only.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
    /// Print the JSON Schema of the listing format (schema/listing.schema.json).
    #[command(hide = true)]
    Schema,
    /// Write a synthetic directory of N listings across England, for benchmarks.
    #[command(hide = true)]
    Generate {
        /// Number of listings.
        #[arg(long)]
        listings: usize,
        /// Number of practice sites.
        #[arg(long, default_value_t = 100)]
        practices: usize,
        /// Where to write the directory (created; must be empty or missing).
        #[arg(long)]
        out: PathBuf,
        /// Seed for the pseudo-random choices, so runs are repeatable.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}
