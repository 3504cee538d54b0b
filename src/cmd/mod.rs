//! One file per command, each a thin wrapper over the pipeline modules. A command returns the
//! process exit code, or an error message for problems that stop it before it starts (exit 2).

pub mod build;
pub mod check;
pub mod codeowners;
pub mod export;
pub mod gaps;
pub mod generate;
pub mod intake;
pub mod new;
pub mod schema;
pub mod search;
pub mod serve;
pub mod stale;
