//! The npm lock files the tests and benchmarks install from (`tests/browser/`,
//! `bench/compare/`) are complete: `npm ci` refuses a lock that lacks a package its
//! `package.json` or a locked package asks for, even an optional one for another platform
//! (Pagefind's binaries for macOS, FreeBSD and Windows), so a fresh machine could not install.

use std::path::Path;

use serde_json::Value;

/// Every dependency of the root and of each locked package, optional ones included, has its
/// own entry in the lock file at `folder` (lockfileVersion 3: `packages` by install path).
fn assert_complete(folder: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let lock: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("package-lock.json")).unwrap())
            .unwrap();
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("package.json")).unwrap()).unwrap();
    assert_eq!(lock["lockfileVersion"], 3, "{folder}");
    let packages = lock["packages"].as_object().unwrap();
    let mut missing = Vec::new();
    let mut wanted = 0;
    for kind in ["dependencies", "devDependencies", "optionalDependencies"] {
        for (name, version) in manifest[kind].as_object().into_iter().flatten() {
            assert_eq!(
                packages[""][kind][name], *version,
                "{folder}: the lock's root does not ask for {name} {version} as package.json does"
            );
        }
    }
    for (path, package) in packages {
        for kind in ["dependencies", "devDependencies", "optionalDependencies"] {
            for (name, version) in package[kind].as_object().into_iter().flatten() {
                wanted += 1;
                let version = version.as_str().unwrap_or_default();
                let nested = format!("{path}/node_modules/{name}");
                let top = format!("node_modules/{name}");
                if !packages.contains_key(&nested) && !packages.contains_key(&top) {
                    missing.push(format!("{name}@{version} (asked for by `{path}`)"));
                }
            }
        }
    }
    assert!(wanted > 0, "{folder}: nothing is locked");
    assert!(
        missing.is_empty(),
        "{folder}/package-lock.json lacks {missing:?}: regenerate it with `npm install --package-lock-only`"
    );
}

#[test]
fn the_browser_tests_lock_file_is_complete() {
    assert_complete("tests/browser");
}

#[test]
fn the_benchmark_lock_file_lists_pagefind_for_every_platform() {
    assert_complete("bench/compare");
}
