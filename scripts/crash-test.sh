#!/usr/bin/env bash
# Crash safety: kills `run`, `compare` and `sweep` with SIGKILL at random moments and checks that
# every results folder holds either the complete previous outputs or the complete new ones (each
# file byte-identical to a reference run, never a mix of the two runs, never a partial file), and
# that a re-run completes.
#   scripts/crash-test.sh [KILLS_PER_COMMAND] [--bin PATH]   (default 20 each: 60 kills)
# run-info.json (wall clock) is excluded from the comparison; hidden `.name.tmp-*` files and
# `.name.new-*` staging folders beside the target that a kill leaves behind are counted, not
# treated as outputs. Every other kill is made with BULKHEAD_CRASH_TEST_PAUSE_MS=300, which makes
# the writer pause just before and just after it swaps the new folder in (see AtomicFolder), so
# kills land in the instants where a file-by-file update would leave a mix.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
kills=${1:-20}
bin=$root/.build-test/release/bulkhead
[ "${2:-}" = --bin ] && bin=$3
[ -x "$bin" ] || { echo "crash-test: no binary at $bin" >&2; exit 2; }
t=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-crash.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail=0
litter=0
# digest DIR: one line per visible file (run-info.json excluded): name and checksum.
digest() { (cd "$1" && find . -type f -not -name '.*' -not -name run-info.json | sort | xargs -r md5sum); }
# variant DIR REF_A REF_B: prints A or B when every file of DIR equals that reference's (and DIR
# holds all of them), MIX or PARTIAL otherwise.
variant() {
  local d; d=$(digest "$1")
  if [ "$d" = "$(cat "$2")" ]; then echo A; elif [ "$d" = "$(cat "$3")" ]; then echo B; else
    if diff <(echo "$d" | awk '{print $2}') <(awk '{print $2}' "$2") >/dev/null; then echo MIX; else echo PARTIAL; fi
  fi
}
rand_ms() { echo $((RANDOM % $1)); }

# run/compare: references for two variants (seeds 1 and 2), then kills alternating between them.
check_cmd() {
  local name=$1 maxms=$2; shift 2
  local refA=$t/$name-A refB=$t/$name-B dir=$t/$name-target
  "$bin" "$@" --seed 1 --out "$refA" >/dev/null 2>&1
  "$bin" "$@" --seed 2 --out "$refB" >/dev/null 2>&1
  digest "$refA" >"$refA.sum"; digest "$refB" >"$refB.sum"
  cp -r "$refA" "$dir"
  local cur=A counts="" k
  for k in $(seq 1 "$kills"); do
    local next=B seed=2; [ $cur = B ] && { next=A; seed=1; }
    local pause=0; [ $((k % 2)) = 0 ] && pause=300
    BULKHEAD_CRASH_TEST_PAUSE_MS=$pause "$bin" "$@" --seed $seed --out "$dir" >/dev/null 2>&1 &
    local pid=$!
    sleep "0.$(printf '%03d' "$(rand_ms "$maxms")")"
    kill -9 $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    local v; v=$(variant "$dir" "$refA.sum" "$refB.sum")
    counts="$counts $v"
    litter=$((litter + $(find "$dir" -name '.*.tmp-*' | wc -l) + $(find "$t" -maxdepth 1 -name ".$name-target.new-*" | wc -l)))
    find "$dir" -name '.*.tmp-*' -delete
    case $v in A|B) cur=$v ;; *) echo "FAIL: $name kill $k left the folder $v"; fail=1; cp -r "$refA"/. "$dir"; cur=A ;; esac
  done
  "$bin" "$@" --seed 2 --out "$dir" >/dev/null 2>&1
  [ "$(variant "$dir" "$refA.sum" "$refB.sum")" = B ] || { echo "FAIL: $name re-run did not complete"; fail=1; }
  echo "crash-test: $name: $kills kills, folder afterwards:$(echo "$counts" | tr ' ' '\n' | grep -v '^$' | sort | uniq -c | awk '{printf " %s×%s", $1, $2}')"
}

check_cmd run 500 run scenarios/minimal.yaml --quiet
check_cmd compare 900 compare scenarios/minimal.yaml --policies spread,binpack --replications 3 --quiet

# sweep: killed repeatedly (it resumes); every cell folder present must equal the reference's.
sw=scenarios/sweeps/small.yaml
"$bin" sweep $sw --out "$t/sweep-ref" --quiet >/dev/null 2>&1
bad=0
for k in $(seq 1 "$kills"); do
  pause=0; [ $((k % 2)) = 0 ] && pause=300
  BULKHEAD_CRASH_TEST_PAUSE_MS=$pause "$bin" sweep $sw --out "$t/sweep" --quiet >/dev/null 2>&1 &
  pid=$!
  sleep "$((RANDOM % 2)).$(printf '%03d' "$(rand_ms 1000)")"
  kill -9 $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  for cell in "$t/sweep"/c*; do
    [ -d "$cell" ] || continue
    c=$(basename "$cell")
    # A cell is complete once complete.json exists; before that, its files must still be whole.
    if [ -f "$cell/complete.json" ]; then
      [ "$(digest "$cell")" = "$(digest "$t/sweep-ref/$c")" ] || { echo "FAIL: sweep kill $k: $c differs from the reference"; bad=1; }
    else
      for f in $(cd "$cell" && find . -type f -not -name '.*' -not -name run-info.json); do
        cmp -s "$cell/$f" "$t/sweep-ref/$c/$f" || { echo "FAIL: sweep kill $k: $c/$f is partial"; bad=1; }
      done
    fi
  done
  litter=$((litter + $(find "$t/sweep" -name '.*.tmp-*' -o -name '.*.new-*' -prune | wc -l)))
done
"$bin" sweep $sw --out "$t/sweep" --quiet >/dev/null 2>&1 || { echo "FAIL: sweep re-run failed"; bad=1; }
for cell in "$t/sweep-ref"/c*; do
  c=$(basename "$cell")
  [ "$(digest "$cell")" = "$(digest "$t/sweep/$c")" ] || { echo "FAIL: sweep re-run: $c differs"; bad=1; }
done
[ $bad = 0 ] || fail=1
echo "crash-test: sweep: $kills kills, re-run complete and identical to the reference: $([ $bad = 0 ] && echo yes || echo no)"
echo "crash-test: $((3 * kills)) kills in total; staged temporary files and folders left behind by kills: $litter"
exit $fail
