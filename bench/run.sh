#!/usr/bin/env bash
# Builds plans_bench (Ninja, RelWithDebInfo, in build-bench/) and runs it:
# embedded PostgreSQL, poles-server and the bare ceiling server, each target
# at 1, 16 and 64 calls in flight. The Markdown report goes to stdout,
# progress to stderr. Arguments go to plans_bench, e.g.
#
#   bench/run.sh                                  # the BENCHMARKS.md run
#   bench/run.sh --duration=10 --in-flight=64 --targets=ceiling,sealed
#   bench/run.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${POLES_BENCH_BUILD_DIR:-build-bench}

bash scripts/install-deps.sh >&2
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$BUILD_DIR" plans_bench >&2
exec nice -n 0 "$BUILD_DIR/bench/plans_bench" "$@"
