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
        Command::Export { format, out } => cmd::export::run(&root, format, &out),
        Command::Serve { api, port, bind } => cmd::serve::run(&root, api, bind, port),
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
