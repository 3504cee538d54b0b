//! cargo-fuzz binary for the `postcode` target (see fuzz/targets/mod.rs, shared with the stable
//! harness in tests/it/fuzz/).
#![no_main]

#[path = "../targets/mod.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| (targets::target("postcode").run)(data));
