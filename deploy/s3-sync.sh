#!/usr/bin/env bash
# Publishes a `signpost build` output folder to an S3-compatible object store (AWS S3,
# Cloudflare R2, Backblaze B2, SeaweedFS, MinIO, …) that a CDN serves, with rclone:
#
#   signpost build --out site
#   bash deploy/s3-sync.sh site REMOTE:BUCKET[/PREFIX] [-- EXTRA RCLONE FLAGS]
#
# REMOTE is an rclone remote of type s3, set up with `rclone config` or with environment
# variables (RCLONE_CONFIG_<NAME>_TYPE=s3, _PROVIDER, _ENDPOINT, _ACCESS_KEY_ID,
# _SECRET_ACCESS_KEY, _REGION: see README.md, "Publishing to an object store"). The bucket must
# exist: the script never creates one (a misspelt name fails instead of making a new bucket).
#
# What it does:
# - uploads only the files whose bytes changed (`--checksum`: size and MD5 against the
#   object's ETag, so it does not depend on file times), assets first, then data, HTML last,
#   so a new page never points at an asset not yet uploaded;
# - sets Content-Type from the file's extension (the table below, not the guess of the
#   machine's MIME database) and Cache-Control by kind of file;
# - then deletes the objects whose files are no longer in the build (last, after every upload);
# - leaves out the build's marker file (.signpost-build), and refuses a folder that is not a
#   Signpost build, so a wrong path cannot empty the bucket.
#
# Options (before the two paths): --dry-run (say what would change, change nothing),
# --force (upload every file again, e.g. after changing the headers below; unchanged bytes
# are otherwise never re-sent, so their headers stay as first uploaded).
# Environment: SIGNPOST_CACHE_SHORT, SIGNPOST_CACHE_ASSETS and SIGNPOST_CACHE_IMMUTABLE replace
# the three Cache-Control values; RCLONE (the rclone binary, default `rclone`).
#
# It prints one line at the end: "s3-sync: uploaded N files (M new), deleted D, unchanged U".
# Needs rclone ≥ 1.59 (Debian 12 has 1.60: `apt-get install rclone`).
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

dry_run=()
force=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=(--dry-run); shift ;;
    --force) force=(--ignore-times); shift ;;
    -h|--help) usage ;;
    --) shift; break ;;
    -*) echo "s3-sync: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || usage
site="${1%/}"
dest="${2%/}"
shift 2
[ "${1:-}" = "--" ] && shift
extra=("$@")

rclone="${RCLONE:-rclone}"
if ! command -v "$rclone" >/dev/null 2>&1; then
  echo "s3-sync: rclone is not installed (Debian: apt-get install rclone)" >&2
  exit 1
fi
if [ ! -f "$site/.signpost-build" ] || [ ! -f "$site/index.html" ]; then
  echo "s3-sync: $site is not the output of \`signpost build\` (no .signpost-build or index.html): nothing was sent" >&2
  exit 1
fi
case "$dest" in
  *:*) ;;
  *) echo "s3-sync: the destination must be an rclone remote path, REMOTE:BUCKET[/PREFIX], not $dest" >&2; exit 2 ;;
esac

# Cache-Control. Pages and JSON (search indexes, shortlists, open data) change with every
# listing edit: a CDN and browsers may keep them 5 minutes, then must ask again (a cheap 304
# by ETag when unchanged). Assets without a fingerprint in their name (today's style.css,
# site.js, …) change only with a new Signpost release: an hour, so a release reaches everyone
# within the hour. A fingerprinted asset (a hex hash of 8+ digits in its name, as in
# style.1a2b3c4d.css) never changes under its name: a year, immutable.
short="${SIGNPOST_CACHE_SHORT:-public, max-age=300}"
assets="${SIGNPOST_CACHE_ASSETS:-public, max-age=3600}"
immutable="${SIGNPOST_CACHE_IMMUTABLE:-public, max-age=31536000, immutable}"

# Content-Type by extension, and whether the extension is an asset (cached longer) or a page
# or data file (short). Every extension `signpost build` writes is here, and those a theme or a
# later build may add; anything else is uploaded by the last pass with rclone's guess.
content_type() {
  case "$1" in
    html|htm) echo "text/html; charset=utf-8" ;;
    css) echo "text/css; charset=utf-8" ;;
    js|mjs) echo "text/javascript; charset=utf-8" ;;
    json) echo "application/json" ;;
    webmanifest) echo "application/manifest+json" ;;
    ics) echo "text/calendar; charset=utf-8" ;;
    xml) echo "application/xml; charset=utf-8" ;;
    txt) echo "text/plain; charset=utf-8" ;;
    md) echo "text/markdown; charset=utf-8" ;;
    csv) echo "text/csv; charset=utf-8" ;;
    svg) echo "image/svg+xml" ;;
    png) echo "image/png" ;;
    jpg|jpeg) echo "image/jpeg" ;;
    webp) echo "image/webp" ;;
    avif) echo "image/avif" ;;
    gif) echo "image/gif" ;;
    ico) echo "image/x-icon" ;;
    woff2) echo "font/woff2" ;;
    woff) echo "font/woff" ;;
    pdf) echo "application/pdf" ;;
    wasm) echo "application/wasm" ;;
    *) return 1 ;;
  esac
}
is_asset() {
  case "$1" in
    css|js|mjs|svg|png|jpg|jpeg|webp|avif|gif|ico|woff2|woff|pdf|wasm) return 0 ;;
    *) return 1 ;;
  esac
}

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

common=(
  --config /dev/null
  --checksum --fast-list --s3-no-check-bucket
  --transfers 8 --checkers 16 --retries 3
  --stats 0 -v --log-file "$log"
  --filter "- /.signpost-build"
)

# Runs rclone; on failure prints its errors (the log is removed on exit).
run_rclone() {
  if ! "$rclone" "$@"; then
    grep -E ' (ERROR|NOTICE|CRITICAL) ?: ' "$log" >&2 || tail -20 "$log" >&2
    echo "s3-sync: rclone failed; the bucket may hold part of this build (run again to finish)" >&2
    exit 1
  fi
}

# pass FILTERS… -- CACHE CONTENT-TYPE: copy (no deletions) the files the filters select.
pass() {
  local filters=()
  while [ "$1" != "--" ]; do filters+=("$1"); shift; done
  shift
  local headers=(--header-upload "Cache-Control: $1")
  [ -n "$2" ] && headers+=(--header-upload "Content-Type: $2")
  run_rclone copy "$site" "$dest" "${common[@]}" "${dry_run[@]}" "${force[@]}" \
    "${filters[@]}" "${headers[@]}" "${extra[@]}"
}

# The extensions in this build (lower case), assets first and HTML last.
mapfile -t exts < <(find "$site" -type f ! -name .signpost-build -name '*.*' \
  | sed -E 's/.*\.//' | tr 'A-Z' 'a-z' | sort -u)
ordered=()
for e in "${exts[@]}"; do is_asset "$e" && ordered+=("$e"); done
for e in "${exts[@]}"; do
  if ! is_asset "$e" && [ "$e" != html ] && [ "$e" != htm ]; then ordered+=("$e"); fi
done
for e in "${exts[@]}"; do
  if [ "$e" = html ] || [ "$e" = htm ]; then ordered+=("$e"); fi
done

unknown=()
fingerprint='*[.-]{{[0-9a-fA-F]{8,}}}'
for e in "${ordered[@]}"; do
  if ! type="$(content_type "$e")"; then
    unknown+=("$e")
    continue
  fi
  if is_asset "$e"; then
    if [ -n "$(find "$site" -type f -regextype posix-extended \
      -iregex ".*[.-][0-9a-f]{8,}\.$e" -print -quit)" ]; then
      pass --ignore-case --filter "+ $fingerprint.$e" --filter "- *" -- "$immutable" "$type"
    fi
    pass --ignore-case --filter "- $fingerprint.$e" --filter "+ *.$e" --filter "- *" \
      -- "$assets" "$type"
  else
    pass --ignore-case --filter "+ *.$e" --filter "- *" -- "$short" "$type"
  fi
done
if [ ${#unknown[@]} -gt 0 ]; then
  echo "s3-sync: no Content-Type in the table for .${unknown[*]}: rclone guesses it from the extension" >&2
fi

# Last: the files no pass above took (no extension, or one not in the table), with the short
# Cache-Control, and the deletions of objects no longer in the build. Everything else is
# already there with the same bytes, so this pass uploads nothing else.
run_rclone sync "$site" "$dest" "${common[@]}" "${dry_run[@]}" \
  --header-upload "Cache-Control: $short" "${extra[@]}"

# Counts of distinct paths (a dry run names a file in its pass and again in the last one).
count() { { grep -E ": $1( \(size [0-9]+\))?\$" "$log" || true; } | sed -E 's/^.* (INFO|NOTICE) *: //; s/: [^:]*$//' | sort -u | wc -l; }
new=$(count 'Copied \(new\)')
replaced=$(count 'Copied \(replaced existing\)')
deleted=$(count 'Deleted')
planned=$(count 'Skipped copy as --dry-run is set')
gone=$(count 'Skipped delete as --dry-run is set')
total=$(find "$site" -type f ! -name .signpost-build | wc -l)
if [ ${#dry_run[@]} -gt 0 ]; then
  echo "s3-sync: dry run: would upload $planned files and delete $gone; nothing was sent"
else
  uploaded=$((new + replaced))
  echo "s3-sync: uploaded $uploaded files ($new new), deleted $deleted, unchanged $((total - uploaded)) (to $dest)"
fi
