#!/usr/bin/env bash
# Runs every Signpost test. Installs what the tests need when it is missing, so it works on a
# fresh Debian machine with Rust, and in CI (.ci/run calls exactly this).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f tests/browser/package.json ]; then
  # Browser tests drive Debian's Chromium with playwright-core (no browser downloads).
  if ! command -v chromium >/dev/null 2>&1; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -d tests/browser/node_modules ]; then
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

cargo test --locked "$@"

if [ -f tests/browser/package.json ]; then
  # Screenshots (tests/artefacts/) and axe-core audits of generated pages in headless Chromium.
  # The bundled directory is built once, with the binary the Rust tests just built, and every
  # browser test reads that build.
  site="$(mktemp -d)"
  trap 'rm -rf "$site"' EXIT
  SIGNPOST_TODAY=2026-11-22 cargo run --quiet --locked -- build --out "$site/public" \
    >/dev/null 2>"$site/build.log" || { cat "$site/build.log"; exit 1; }
  (cd tests/browser && SIGNPOST_SITE="$site/public" npm test)
fi
