//! Signpost's integration tests, as one test binary (as cargo and mdBook do): the heavy
//! dependencies link once, and every area shares one set of helpers (`common`, and `opendata`
//! for the open data schemas). One module per area; a test's name is `<module>::<test>`, so
//! `cargo test --test it golden` runs the golden build and `cargo test --test it -- build::`
//! the build tests.
//!
//! Not for unit tests of one module's internals: those live beside the code in `src/`.

mod common;
mod opendata;

mod api;
mod authoring;
mod build;
mod check;
mod confirm;
mod dates;
mod fuzz;
mod gaps;
mod golden;
mod hardening;
mod history;
mod hsds;
mod incremental;
mod languages;
mod layers;
mod locks;
mod pages;
mod pins;
mod print;
mod publish;
mod robustness;
mod search_consistency;
mod search_engine;
mod search_js;
mod search_quality;
mod search_static;
mod selection;
mod serve;
mod site_workflow;
mod sites;
mod workflow;
