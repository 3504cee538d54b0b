//! cargo-fuzz binary for the `search` target (see fuzz/targets/mod.rs, shared with the stable
//! harness in tests/it/fuzz/).
#![no_main]

#[path = "../targets/mod.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| (targets::target("search").run)(data));
