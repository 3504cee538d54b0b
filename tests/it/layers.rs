//! The one-way flow is checked, not just described: the README's code map lists every module of
//! `src/` in layer order, and no module may import one listed after it.
//!
//! Imports are read as `../shared/tools/house.py` reads them: `crate::<module>` paths and
//! `use crate::{…}` groups in production code (before a file's trailing `#[cfg(test)] mod`),
//! with comments (doc comments too) left out, so a doc link may point anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The module names of the README's code map, in order.
fn code_map() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = readme
        .split("\n## Code map\n")
        .nth(1)
        .expect("README.md has a `## Code map` section");
    let block = section
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("the code map is a ```text block");
    block
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// Blanks `//` and `/* */` comments (keeping line breaks); string contents are left alone.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let (mut in_string, mut escaped) = (false, false);
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The top-level modules each top-level module of `src/` imports.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo().join("src");
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry.path().strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let production = match text.find("\n#[cfg(test)]\nmod ") {
            Some(cut) => &text[..cut],
            None => &text[..],
        };
        let code = strip_comments(production);
        let deps = out.entry(module.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                // `use crate::{a, b::c}`: every top-level name in the group.
                let group = code[i + 7..].strip_prefix('{').unwrap_or("");
                let group = &group[..group.find('}').unwrap_or(0)];
                for part in group.split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != module {
                        deps.insert(name);
                    }
                }
            } else if name != module {
                deps.insert(name);
            }
        }
    }
    out
}

fn modules(src: &Path) -> BTreeSet<String> {
    std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs") || !n.contains('.'))
        .map(|n| n.trim_end_matches(".rs").to_string())
        .filter(|n| n != "lib" && n != "main")
        .collect()
}

#[test]
fn the_code_map_lists_every_module_once() {
    let listed = code_map();
    let mut seen = BTreeSet::new();
    for m in &listed {
        assert!(
            seen.insert(m.clone()),
            "`{m}` is listed twice in README.md's code map"
        );
    }
    let actual = modules(&repo().join("src"));
    let missing: Vec<_> = actual.difference(&seen).collect();
    let stale: Vec<_> = seen.difference(&actual).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "README.md's code map does not match src/: missing {missing:?}, no longer in src/ {stale:?}"
    );
}

#[test]
fn no_module_imports_a_later_layer() {
    let order: BTreeMap<String, usize> = code_map()
        .into_iter()
        .enumerate()
        .map(|(i, m)| (m, i))
        .collect();
    let mut upward = Vec::new();
    for (module, deps) in imports() {
        let Some(&mine) = order.get(&module) else {
            continue; // reported by the other test
        };
        for dep in deps {
            match order.get(&dep) {
                Some(&theirs) if theirs > mine => upward.push(format!("{module} → {dep}")),
                _ => {}
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports of a later layer (README.md's code map is the order):\n  {}",
        upward.join("\n  ")
    );
}

#[test]
fn the_reader_sees_an_upward_import() {
    // The checker itself: a `use crate::{…}` group and a path inside an expression both count,
    // and comments do not.
    let code = strip_comments(
        "use crate::{render, model::Listing};\n// crate::serve\nlet x = crate::cli::X; \"crate::cmd\"",
    );
    assert!(code.contains("crate::{render, model::Listing}"));
    assert!(!code.contains("serve"));
    assert!(code.contains("crate::cli::X") && code.contains("\"crate::cmd\""));
}
