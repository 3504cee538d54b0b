//! The `signpost` binary: parse the command line and hand off to `signpost::cmd`.

use std::process::ExitCode;

use clap::Parser;
use signpost::cli::{Cli, Command};
use signpost::cmd;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root;
    let result = match cli.command {
        Command::Check { paths, format } => cmd::check::run(&root, &paths, format),
        Command::Search {
            query,
            near,
            site,
            limit,
            format,
        } => cmd::search::run(
            &root,
            &query.join(" "),
            near.as_deref(),
            site.as_deref(),
            limit,
            format,
        ),
        Command::Schema => cmd::schema::run(),
        Command::Generate {
            listings,
            practices,
            out,
            seed,
        } => cmd::generate::run(&root, listings, practices, &out, seed),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
