//! Checks across listings, which need all of them at once: the same id twice, and the same
//! name at the same postcode (most likely one group listed twice).
//!
//! Not for groups that only look alike (a similar name at a venue close by): that is the
//! near-duplicate warning, which `search` finds.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::listing::Loaded;
use crate::place::Postcode;

/// Checks that need all listings at once: the same id twice, the same name at the same postcode.
/// `loaded` are all listings that parsed, in a stable order.
pub fn across(loaded: &[Loaded]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ids: HashMap<&str, &Loaded> = HashMap::new();
    let mut places: HashMap<(String, Postcode), &Loaded> = HashMap::new();
    for l in loaded {
        if let Some(first) = ids.get(l.id.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    &l.path,
                    Pos::new(1, 1),
                    format!(
                        "another listing has the id `{}`: {}",
                        l.id,
                        first.path.display()
                    ),
                )
                .help("listing ids are file names and must be unique: rename one of the files"),
            );
        } else {
            ids.insert(&l.id, l);
        }
        for v in &l.source.venues {
            let Ok(pc) = v.value.postcode.value.parse::<Postcode>() else {
                continue;
            };
            let key = (l.source.name.value.trim().to_lowercase(), pc);
            match places.get(&key) {
                Some(first) if first.path != l.path => out.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        &l.path,
                        l.source.name.pos,
                        format!(
                            "\"{}\" at {} is already listed in {}",
                            l.source.name.value.trim(),
                            pc,
                            first.path.display()
                        ),
                    )
                    .help("if it is the same group, keep one listing; if not, give them names that tell them apart"),
                ),
                Some(_) => {}
                None => {
                    places.insert(key, l);
                }
            }
        }
    }
    out
}
