//! `signpost serve`: build and serve the sites on a local address, rebuilding and reloading the
//! open pages on every change; with `--api`, the Open Referral UK API, reloaded the same way.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;

use crate::serve::Mode;

/// `public_url` (with `--api`): where the API is published, named in its answers.
pub fn run(
    root: &Path,
    api: bool,
    bind: IpAddr,
    port: u16,
    public_url: Option<String>,
) -> Result<ExitCode, super::Error> {
    if let Some(url) = public_url.as_deref()
        && !crate::text::is_base_url(url)
    {
        return Err(super::Error::PublicUrl(url.into()));
    }
    let mode = if api {
        Mode::Api { public_url }
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
