//! `signpost serve`: build and serve the sites on a local address, rebuilding and reloading the
//! open pages on every change; with `--api`, the Open Referral UK API, reloaded the same way.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;

use crate::serve::Mode;

pub fn run(root: &Path, api: bool, bind: IpAddr, port: u16) -> Result<ExitCode, super::Error> {
    let mode = if api {
        Mode::Api
    } else {
        Mode::Sites {
            out: root.join("public"),
        }
    };
    let runtime = tokio::runtime::Runtime::new().map_err(super::Error::Runtime)?;
    runtime.block_on(crate::serve::run(
        root.to_path_buf(),
        mode,
        SocketAddr::new(bind, port),
    ))?;
    Ok(ExitCode::SUCCESS)
}
