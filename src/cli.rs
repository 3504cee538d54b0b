//! The command line: every command and option, parsed with clap. Nothing here does any work;
//! `main` hands each command to its file in `src/cmd/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diagnostics::Format;

/// How a command prints results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Lines for people.
    Human,
    /// JSON.
    Json,
}

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
    /// Search the directory, ranked by relevance and walking distance.
    Search {
        /// What to look for, in everyday words ("lonely", "free toddler group tuesday").
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Rank nearer groups higher, from this postcode.
        #[arg(long, value_name = "POSTCODE")]
        near: Option<String>,
        /// Search only what this site shows, ranked by walking time from it.
        #[arg(long, value_name = "ID")]
        site: Option<String>,
        /// At most this many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// How to print results.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
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
