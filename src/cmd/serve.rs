//! `signpost serve`: serve the directory over HTTP. This branch has only the Open Referral UK
//! API (`--api`, see `api`); serving the built sites is `build`/`serve`'s job.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;

use crate::directory::{self, Options};

pub fn run(root: &Path, api: bool, bind: IpAddr, port: u16) -> Result<ExitCode, String> {
    if !api {
        return Err("serving the sites is not available yet\nhelp: add --api to serve the Open Referral UK API".into());
    }
    let started = std::time::Instant::now();
    let outcome = directory::load(root, &Options::default())?;
    let state = crate::api::Api::new(
        &outcome.directory,
        &crate::hsds::History::of(&outcome.directory),
    );
    eprintln!(
        "loaded {} services in {:.2}s",
        state.len(),
        started.elapsed().as_secs_f64()
    );
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(crate::api::serve(state, SocketAddr::new(bind, port)))?;
    Ok(ExitCode::SUCCESS)
}
