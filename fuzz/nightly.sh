#!/usr/bin/env bash
# A long fuzzing run with cargo-fuzz (libFuzzer), which needs a nightly toolchain:
#
#   bash fuzz/nightly.sh [SECONDS_PER_TARGET] [TARGET...]     # default: 600 s, every target
#
# Each target starts from its committed seeds (fuzz/corpus/<target>/) and regression fixtures
# (fuzz/regressions/<target>/); what libFuzzer adds goes to fuzz/scratch/<target>/ (ignored by
# git), so the committed corpora stay as `write_seed_corpora` makes them. A crash is written to
# fuzz/artifacts/<target>/: commit it under fuzz/regressions/<target>/ with the fix, and
# `cargo test` runs it from then on. The targets are the same code the stable harness runs
# (fuzz/targets/, tests/it/fuzz/).
set -euo pipefail
# cargo fuzz runs from the repository root, where it finds fuzz/ beside Cargo.toml.
cd "$(dirname "$0")/.."

seconds="${1:-600}"
shift || true
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in fuzz/fuzz_targets/*.rs; do
    targets+=("$(basename "$f" .rs)")
  done
fi

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "cargo-fuzz needs a nightly toolchain: rustup toolchain install nightly" >&2
  exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo +nightly install cargo-fuzz --locked
fi

for t in "${targets[@]}"; do
  mkdir -p "fuzz/scratch/$t"
  dirs=("fuzz/scratch/$t" "fuzz/corpus/$t")
  [ -d "fuzz/regressions/$t" ] && dirs+=("fuzz/regressions/$t")
  echo "== $t: ${seconds}s" >&2
  # The longest input worth making: each target's max_len in fuzz/targets/mod.rs.
  case "$t" in
    listing | intake | draft) max_len=80000 ;;
    api) max_len=4096 ;;
    sessions | search) max_len=1024 ;;
    postcode) max_len=64 ;;
    *) max_len=4096 ;;
  esac
  cargo +nightly fuzz run "$t" "${dirs[@]}" -- \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=20 -rss_limit_mb=4096 \
    -print_final_stats=1
done
