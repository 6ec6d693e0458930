#!/usr/bin/env bash
# Runs every test on this machine: installs what is missing (Debian 12),
# builds all targets, and runs ctest. Database tests start their own
# throwaway PostgreSQL 15 clusters (as the 'postgres' OS user when run as
# root). POLES_SANITIZE=1 builds with ASan and UBSan in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

BUILD_DIR=${POLES_BUILD_DIR:-build-test}
EXTRA=()
if [ "${POLES_SANITIZE:-0}" = 1 ]; then
  BUILD_DIR=build-asan
  EXTRA=(-DPOLES_SANITIZE=ON)
fi
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${EXTRA[@]}" >/dev/null
ninja -C "$BUILD_DIR"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j 2
