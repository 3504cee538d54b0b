//! The Open Referral UK API (`signpost serve --api`): the endpoints of the ORUK 3.0 profile of
//! HSDS, answered from an in-memory directory with axum on tokio.
//!
//! [`Api::new`] builds every service once (with `hsds`) and keeps each as serialised JSON plus
//! the few facts the filters need, so a request only filters, sorts and concatenates. Bad
//! parameters are answered with a 400 whose JSON names the parameter; unknown ids with a 404;
//! a handler never panics on input. Every response allows any origin (open data, no
//! authentication).
//!
//! `search` uses the tantivy engine of `signpost search` (the same analysis: synonyms,
//! stemming, one typo), most relevant first; when the cache folder cannot hold its index, the
//! index is built in memory and answers the same. Reloading when listings change is `serve`'s
//! watcher (see `crate::serve`), which builds a new `Api`, and answers on a socket with its
//! limits (`crate::serve::http`).
//!
//! ```text
//! mod.rs       this summary
//! index.rs     what the API holds in memory (services, service-at-locations, taxonomies,
//!              the search engine and its cache) and which services a filter selects
//! params.rs    the query parameters, read and checked: pages, filters, representations
//! handlers.rs  one function per endpoint, page envelopes and NDJSON streams
//! router.rs    the routes, CORS, and the error type with its JSON answers
//! ```

mod handlers;
mod index;
mod params;
mod router;

pub use index::{Api, LOOPBACK_URL, SEARCH_LIMIT};
pub use params::{DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_PROXIMITY};
pub use router::{Error, router};
