#!/usr/bin/env bash
# The long fuzz runs of BENCHMARKS.md ("Fuzzing"): each libFuzzer target of
# scripts/test.sh's bounded step, built in build-fuzz/, for RUNS executions
# (10 million by default) from a copy of its seed corpus, JOBS targets at a
# time, at the lowest priority. Logs and the grown corpora go to OUT (they
# are not the repository's: only a minimized crasher belongs in a seed
# corpus). Prints a line per target: executions, seconds, exec/s, coverage,
# and whether it found a failing input; exits 1 if one did.
#   scripts/fuzz-long.sh [TARGET...]     (default: all nine)
#   RUNS=10000000 JOBS=2 FORK=0 MAX_SECONDS=0 RSS_LIMIT_MB=4096 OUT=/tmp/poles-fuzz-long
# FORK=N runs one target on N cores: libFuzzer's -fork=N, whose workers share
# the corpus and whose executions add up to RUNS (use it with JOBS=1). Each
# worker is a short-lived process, so nothing builds up: html_render_fuzz ran
# 3 814/s on two cores against 1 333/s in one long process (BENCHMARKS.md,
# fuzzing run 5). But its inputs stay shorter (552 bytes, not 4 096):
# it is a complement to a single long process, not a replacement.
# Two things slow a long run down as it goes (BENCHMARKS.md, fuzzing run 4):
# - ASan records the stack of every malloc and free in its stack depot, and
#   its stacks almost never repeat (most likely the frame-pointer unwinder
#   reading garbage through Debian's libraries, which keep no frame
#   pointers): csv_import_fuzz added about 11 depot entries per execution
#   (3.8 million after 2 minutes), each lookup gets slower, and RSS grows
#   without end. The long runs keep no allocation stacks (malloc_context_size=0):
#   a finding still stops the run and writes its input, and replaying that
#   input with the default options gives the full report.
# - libFuzzer purges ASan's allocator every second once the peak RSS passes
#   half of -rss_limit_mb (2048 by default): from then on csv_import_fuzz
#   ran 4 times slower and import_files_fuzz 5 times. So the long runs do not
#   purge, and an input is out of memory above RSS_LIMIT_MB.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10000000}
JOBS=${JOBS:-2}
MAX_SECONDS=${MAX_SECONDS:-0}  # 0: no time limit; else -max_total_time
OUT=${OUT:-/tmp/poles-fuzz-long}
RSS_LIMIT_MB=${RSS_LIMIT_MB:-4096}
FORK=${FORK:-0}
# target:binary (under build-fuzz/):seed corpus, as in scripts/test.sh
ALL=(resource_name_fuzz:fuzz/resource_name_fuzz:fuzz/corpus/resource_name_fuzz
     page_token_fuzz:fuzz/page_token_fuzz:fuzz/corpus/page_token_fuzz
     update_mask_fuzz:fuzz/update_mask_fuzz:fuzz/corpus/update_mask_fuzz
     list_filter_fuzz:fuzz/list_filter_fuzz:fuzz/corpus/list_filter_fuzz
     award_cells_fuzz:fuzz/award_cells_fuzz:fuzz/corpus/award_cells_fuzz
     csv_import_fuzz:cli/csv_import_fuzz:cli/fuzz/csv
     icalendar_fuzz:fuzz/icalendar_fuzz:fuzz/corpus/icalendar_fuzz
     import_files_fuzz:fuzz/import_files_fuzz:fuzz/corpus/import_files_fuzz
     html_render_fuzz:fuzz/html_render_fuzz:fuzz/corpus/html_render_fuzz)
selected=()
for entry in "${ALL[@]}"; do
  name=${entry%%:*}
  if [ $# -eq 0 ] || printf '%s\n' "$@" | grep -qx "$name"; then
    selected+=("$entry")
  fi
done
[ ${#selected[@]} -gt 0 ] || { echo "fuzz-long: no such target: $*" >&2; exit 2; }

if [ ! -f build-fuzz/build.ninja ]; then
  CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPOLES_FUZZ=ON >/dev/null
fi
nice -n 19 ninja -C build-fuzz "${selected[@]%%:*}"
mkdir -p "$OUT"
# Undefined behaviour is a crash, whatever the target was built with.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}

run_one() {
  IFS=: read -r f bin corpus <<<"$1"
  local work="$OUT/$f.corpus" log="$OUT/$f.log" art="$OUT/$f.artifacts"
  rm -rf "$work" "$art"
  mkdir -p "$work" "$art"
  cp "$corpus"/* "$work"/
  local limit=()
  [ "$MAX_SECONDS" -gt 0 ] && limit=(-max_total_time="$MAX_SECONDS")
  [ "$FORK" -gt 0 ] && limit+=(-fork="$FORK")
  local start rc=0
  start=$(date +%s)
  nice -n 19 "build-fuzz/$bin" -runs="$RUNS" "${limit[@]}" -print_final_stats=1 \
    -rss_limit_mb="$RSS_LIMIT_MB" -purge_allocator_interval=-1 \
    -artifact_prefix="$art/" "$work" >"$log" 2>&1 || rc=$?
  local secs=$(($(date +%s) - start))
  local units eps cov ft found
  units=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  if [ -z "$units" ]; then  # fork mode prints no final stats: its last #N line
    units=$(sed -n 's/^#\([0-9]*\): cov: .*/\1/p' "$log" | tail -n 1)
    [ -n "$units" ] && [ "$secs" -gt 0 ] && eps=$((units / secs))
  fi
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
  found=$(ls "$art" | wc -l)
  echo "$f: ${units:-0} executions in ${secs} s (${eps:-0} exec/s), ${cov:-no coverage line}, exit $rc, failing inputs: $found" \
    | tee "$OUT/$f.result"
}

for entry in "${selected[@]}"; do
  run_one "$entry" &
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
done
wait
status=0
for entry in "${selected[@]}"; do
  f=${entry%%:*}
  if ! grep -q 'failing inputs: 0$' "$OUT/$f.result" || ! grep -q 'exit 0,' "$OUT/$f.result"; then
    echo "fuzz-long: $f found a failing input or did not finish cleanly: $OUT/$f.log" >&2
    status=1
  fi
done
exit $status
