#!/usr/bin/env bash
# Builds the benchmarks (Release-like, in build-bench/) and runs them,
# printing Markdown tables for BENCHMARKS.md. Extra arguments go to
# plans_bench (e.g. --duration 10 --in-flight 1,16,64 --channels 4).
# Run it on a quiet machine: the ratios are measured in the same run, but
# other work on the cores still blurs them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build-bench plans_bench poles-server
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
build-bench/bench/plans_bench "$@"
