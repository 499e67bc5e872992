#!/usr/bin/env bash
# End-to-end test of `bulkhead report` in a real browser:
#   1. builds the release binary, runs scenarios/rack-outage.yaml and a small compare with --report;
#   2. loads each report.html in headless Chromium (Debian package `chromium`);
#   3. fails unless every chart's <figure id> is in the rendered DOM, the page logged nothing to the
#      console (it has no script, so any console message is an error) and it made no network request;
#   4. saves full-page screenshots as CI artefacts in results/browser-test/ (git-ignored).
# Before trusting the checks, it feeds them a deliberately broken page and fails if any check misses.
# Usage: scripts/browser-test.sh            (CHROMIUM=/path/to/chromium to override)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
say() { echo "browser-test [$(( $(date +%s) - started )) s]: $*"; }

# Keep in sync with HTMLReport.runFigureIDs / compareFigureIDs (a unit test checks these lines).
RUN_FIGURES="cluster-map utilisation-heatmap latency incident-timeline who-hurt-whom"
COMPARE_FIGURES="policy-comparison"

CHROMIUM=${CHROMIUM:-chromium}
if ! command -v "$CHROMIUM" >/dev/null; then
  echo "browser-test: $CHROMIUM not found (apt-get install chromium)" >&2
  exit 1
fi
OUT=results/browser-test
rm -rf "$OUT"
mkdir -p "$OUT"
PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT

# Flags: no sandbox (CI runs as root), no GPU, none of the browser's own background traffic, and
# every host name unresolvable, so a page that tried to fetch anything could not reach the network.
FLAGS=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions
       --disable-background-networking --disable-component-update --disable-sync --disable-default-apps
       --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$PROFILE")

# check_page HTML PNG HEIGHT IDS...: prints every problem found and returns non-zero if any.
check_page() {
  local html=$1 png=$2 height=$3; shift 3
  local url="file://$(realpath "$html")" base="${png%.png}" problems=0
  timeout 90 "$CHROMIUM" "${FLAGS[@]}" --enable-logging=stderr --v=0 --log-net-log="$base.netlog.json" \
    --virtual-time-budget=5000 --dump-dom "$url" >"$base.dom.html" 2>"$base.log" || {
    echo "  chromium failed to load $html (see $base.log)"; problems=1; }
  if ! grep -q '</html>' "$base.dom.html"; then echo "  no rendered DOM for $html"; problems=1; fi
  # Console: Chromium logs every console message and uncaught exception as INFO:CONSOLE.
  if grep -q ':CONSOLE' "$base.log"; then
    echo "  console messages:"; grep ':CONSOLE' "$base.log" | sed 's/^/    /'; problems=1
  fi
  # Network: any URL request made on behalf of the file:// page (the browser's own are filtered).
  local fetched
  fetched=$(python3 - "$base.netlog.json" <<'PY'
import json, sys
try:
    events = json.load(open(sys.argv[1]))["events"]
except (OSError, ValueError, KeyError) as e:
    print(f"unreadable net log: {e}"); sys.exit()
urls = sorted({e["params"]["url"] for e in events
               if "url" in e.get("params", {}) and str(e["params"].get("network_isolation_key", "")).startswith("file://")})
print("\n".join(urls))
PY
)
  if [ -n "$fetched" ]; then echo "  network requests:"; echo "$fetched" | sed 's/^/    /'; problems=1; fi
  for id in "$@"; do
    if ! grep -q "<figure id=\"$id\"" "$base.dom.html"; then echo "  chart missing from the DOM: #$id"; problems=1; fi
  done
  timeout 90 "$CHROMIUM" "${FLAGS[@]}" --window-size=1400,"$height" --screenshot="$png" "$url" >/dev/null 2>&1 || true
  if [ ! -s "$png" ]; then echo "  no screenshot $png"; problems=1; fi
  return $problems
}

say "self-test of the checks on a deliberately broken page"
mkdir -p "$OUT/selftest"
cat >"$OUT/selftest/broken.html" <<'HTML'
<!DOCTYPE html><html><head><title>broken</title><link rel="stylesheet" href="https://cdn.invalid/x.css"></head>
<body><figure id="cluster-map"><svg width="10" height="10"></svg></figure>
<script>undefinedFunction();</script></body></html>
HTML
if report=$(check_page "$OUT/selftest/broken.html" "$OUT/selftest/broken.png" 600 cluster-map latency); then
  echo "browser-test: FAILED: the checks passed a broken page" >&2; exit 1
fi
for expected in "undefinedFunction is not defined" "https://cdn.invalid/x.css" "chart missing from the DOM: #latency"; do
  if ! grep -qF "$expected" <<<"$report"; then
    echo "browser-test: FAILED: the checks missed: $expected" >&2; echo "$report" >&2; exit 1
  fi
done
echo "  caught: uncaught exception, network request, missing chart"

# $BULKHEAD_BIN when set (CI passes the test build's binary); otherwise the release build.
if [ -z "${BULKHEAD_BIN:-}" ]; then
  say "swift build -c release --product bulkhead"
  swift build -c release --product bulkhead 2>&1 | tail -1
fi
BIN=${BULKHEAD_BIN:-.build/release/bulkhead}
say "bulkhead run scenarios/rack-outage.yaml --report"
"$BIN" run scenarios/rack-outage.yaml --quiet --report --out "$OUT/run" >"$OUT/run.txt"
say "bulkhead compare (2 policies x 3 replications, 2 h at 100/s) --report"
"$BIN" compare scenarios/rack-outage.yaml --policies binpack,rack-spread --replications 3 --set duration=2h --set 'loadBalancers[0].traffic.rate=100/s' \
  --quiet --report --out "$OUT/compare" >"$OUT/compare.txt"

status=0
# The CLI: `report` alone gives the same bytes as `run --report`; a bad folder is exit 2, named.
"$BIN" report "$OUT/run" --out "$OUT/run/again.html" >/dev/null
if ! cmp -s "$OUT/run/report.html" "$OUT/run/again.html"; then
  echo "  bulkhead report and run --report differ" >&2; status=1
fi
rm -f "$OUT/run/again.html"
set +e
"$BIN" report "$OUT/no-such-folder" 2>"$OUT/bad-folder.txt"; code=$?
set -e
if [ $code -ne 2 ] || ! grep -q "no-such-folder" "$OUT/bad-folder.txt"; then
  echo "  bulkhead report on a missing folder: exit $code, $(cat "$OUT/bad-folder.txt")" >&2; status=1
fi
say "$OUT/run/report.html"
# shellcheck disable=SC2086
check_page "$OUT/run/report.html" "$OUT/run-report.png" 3000 $RUN_FIGURES || status=1
say "$OUT/compare/report.html"
# shellcheck disable=SC2086
check_page "$OUT/compare/report.html" "$OUT/compare-report.png" 1500 $COMPARE_FIGURES || status=1

elapsed=$(( $(date +%s) - started ))
if [ $status -ne 0 ]; then echo "browser-test: FAILED (${elapsed} s)" >&2; exit 1; fi
echo "browser-test: OK, both reports checked in ${elapsed} s; screenshots in $OUT/"
