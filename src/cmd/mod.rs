//! One file per command, each a thin wrapper over the pipeline modules. A command returns the
//! process exit code, or an error message for problems that stop it before it starts (exit 2).

pub mod check;
pub mod generate;
pub mod schema;
pub mod search;
