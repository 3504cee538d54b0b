//! `signpost schema`: print the listing JSON Schema (kept in `schema/listing.schema.json`).

use std::process::ExitCode;

pub fn run() -> Result<ExitCode, super::Error> {
    print!("{}", crate::schema::json_schema());
    Ok(ExitCode::SUCCESS)
}
