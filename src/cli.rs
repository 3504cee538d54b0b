//! The command line: every command and option, parsed with clap. Nothing here does any work;
//! `main` hands each command to its file in `src/cmd/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diagnostics::ProblemFormat;
use crate::draft::Answers;
use crate::hsds::ExportFormat;
use crate::insight::GapsFormat;
use crate::search::ResultFormat;
use crate::stale::ReminderFormat;

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
        #[arg(long, value_enum, default_value_t = ProblemFormat::Human)]
        format: ProblemFormat,
    },
    /// Build the static sites: one per GP practice, plus the extra sites in signpost.toml.
    Build {
        /// Where to write the sites (default: public/ in the directory root).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Fail, building nothing, if any listing has an error (default: leave it out).
        #[arg(long)]
        strict: bool,
        /// How the need pages' old addresses keep working, for this build: `file` (one
        /// `_redirects` file: Netlify, Cloudflare Pages, GitLab Pages) or `pages` (a small
        /// page at each: GitHub Pages). Default: `[output] redirects` in signpost.toml.
        #[arg(long, value_enum, value_name = "HOW")]
        redirects: Option<crate::config::Redirects>,
    },
    /// Report where the gaps are: groups within a walk of every ward and GP
    /// practice, by need, with the wards ranked by deprivation.
    Gaps {
        /// What to write: HTML pages (default), CSV or JSON.
        #[arg(long, value_enum, default_value_t = GapsFormat::Html)]
        format: GapsFormat,
        /// Where to write: a folder. Default: `public/insight` in the directory for HTML,
        /// standard output for CSV and JSON.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// List the listings whose groups should confirm them (stale, or due within a month),
    /// oldest first, with their maintainers to mention.
    Stale {
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = ReminderFormat::Markdown)]
        format: ReminderFormat,
        /// Every listing that is not closed, fresh ones too, with its git history.
        #[arg(long)]
        all: bool,
    },
    /// Write .github/CODEOWNERS from every listing's `maintainers`, so each group approves
    /// changes to its own listing.
    Codeowners {
        /// Change nothing; exit 1 if .github/CODEOWNERS is out of date.
        #[arg(long)]
        check: bool,
    },
    /// Write a new listing file: asks a few plain questions, or takes every answer as flags.
    New {
        #[command(flatten)]
        answers: Box<Answers>,
        /// A folder inside the listings folder to write into, e.g. thornton-heath.
        #[arg(long)]
        folder: Option<PathBuf>,
    },
    /// Turn the body of an "Add our group" issue (the Markdown GitHub writes from the issue
    /// form) into a listing file, validated. Prints the path written.
    Intake {
        /// A file holding the issue body, or - for standard input.
        file: PathBuf,
        /// The folder to write into (inside the listings folder; default: the listings folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The maintainer when the form leaves "GitHub user name" empty (the issue's author).
        #[arg(long, value_name = "HANDLE")]
        maintainer: Option<String>,
    },
    /// Confirm a listing is still correct: set its `reviewed` date to today, changing nothing
    /// else. Takes the listing id, or with --issue the body of a "Still correct" issue form.
    /// Prints the path of the listing file.
    Confirm {
        /// The listing id (the file name without `.yaml`).
        #[arg(required_unless_present = "issue", conflicts_with = "issue")]
        id: Option<String>,
        /// A file holding the issue body, or - for standard input.
        #[arg(long, value_name = "FILE")]
        issue: Option<PathBuf>,
    },
    /// Export the published listings as open data: Open Referral UK (HSDS 3.1) JSON, NDJSON
    /// or CSV.
    Export {
        /// `hsds`: services/<id>.json, services.json, taxonomies.json, taxonomy_terms.json;
        /// `ndjson`: services.ndjson, one service per line; `csv`: service_at_locations.csv.
        #[arg(long, value_enum, default_value_t = ExportFormat::Hsds)]
        format: ExportFormat,
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
        /// With --api: where the API is published (e.g. https://api.example.org), named in its
        /// answers; default `[open_data] api_url`, else this machine's loopback address.
        #[arg(long, value_name = "URL", requires = "api")]
        public_url: Option<String>,
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
        /// The language the query is typed in (ISO 639-1, e.g. pl, so): Polish and Somali
        /// words are then read as such. Without it, every language's rules that cannot harm
        /// English apply.
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
        /// At most this many results (crisis help lines come first, outside the limit).
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// How to print results.
        #[arg(long, value_enum, default_value_t = ResultFormat::Human)]
        format: ResultFormat,
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
