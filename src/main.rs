//! The `signpost` binary: parse the command line and hand off to `signpost::cmd`.

use std::process::ExitCode;

use clap::Parser;
use signpost::cli::{Cli, Command};
use signpost::cmd;

/// mimalloc rather than the system allocator: loading a directory makes millions of small
/// strings on several threads, where glibc's malloc was half of `check`'s instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root;
    let result = match cli.command {
        Command::Check { paths, format } => cmd::check::run(&root, &paths, format),
        Command::Build {
            out,
            strict,
            redirects,
        } => cmd::build::run(&root, out.as_deref(), strict, redirects),
        Command::Gaps { format, out } => cmd::gaps::run(&root, format, out.as_deref()),
        Command::Stale { format, all } => cmd::stale::run(&root, format, all),
        Command::Codeowners { check } => cmd::codeowners::run(&root, check),
        Command::New { answers, folder } => {
            cmd::new::run(&root, *answers, &folder.unwrap_or_default())
        }
        Command::Intake {
            file,
            out,
            maintainer,
        } => cmd::intake::run(&root, &file, out.as_deref(), maintainer.as_deref()),
        Command::Confirm { id, issue } => cmd::confirm::run(&root, id.as_deref(), issue.as_deref()),
        Command::Export { format, out } => cmd::export::run(&root, format, &out),
        Command::Serve {
            api,
            port,
            bind,
            public_url,
        } => cmd::serve::run(&root, api, bind, port, public_url),
        Command::Search {
            query,
            near,
            site,
            lang,
            limit,
            format,
        } => cmd::search::run(
            &root,
            &query.join(" "),
            near.as_deref(),
            site.as_deref(),
            lang.as_deref(),
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
        Err(error) => {
            eprintln!("{}", signpost::diagnostics::error_text(&error));
            ExitCode::from(2)
        }
    }
}
