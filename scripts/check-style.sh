#!/usr/bin/env bash
# Fails on a formatting difference (.clang-format) or a clang-tidy finding
# (.clang-tidy) in the project's C++ sources. Run by scripts/test.sh after the
# build (clang-tidy reads BUILD_DIR/compile_commands.json and the generated
# protobuf headers); alone: scripts/check-style.sh [BUILD_DIR].
#   POLES_TIDY=0   skips clang-tidy (formatting is always checked)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-${POLES_BUILD_DIR:-build}}

mapfile -t sources < <(git ls-files -- '*.cc' '*.h')

echo "style: clang-format on ${#sources[@]} files"
if ! clang-format --dry-run --Werror "${sources[@]}" 2>/tmp/poles-format.$$; then
  sed -n 1,40p /tmp/poles-format.$$ >&2
  echo "style: formatting differs from .clang-format; fix with:" >&2
  echo "  git ls-files -- '*.cc' '*.h' | xargs clang-format -i" >&2
  rm -f /tmp/poles-format.$$
  exit 1
fi
rm -f /tmp/poles-format.$$

if [ "${POLES_TIDY:-1}" = 0 ]; then exit 0; fi
if [ ! -f "$BUILD_DIR/compile_commands.json" ]; then
  echo "style: no $BUILD_DIR/compile_commands.json; build first" >&2
  exit 1
fi
# The units the build compiles (fuzz targets need the clang fuzz build).
mapfile -t units < <(python3 - "$BUILD_DIR/compile_commands.json" <<'PY'
import json, os, subprocess, sys
built = {os.path.realpath(e["file"]) for e in json.load(open(sys.argv[1]))}
for f in subprocess.run(["git", "ls-files", "--", "*.cc"], capture_output=True,
                        text=True, check=True).stdout.split():
    if os.path.realpath(f) in built:
        print(f)
PY
)
echo "style: clang-tidy on ${#units[@]} translation units"
out=$(mktemp)
# One process per unit, two at a time (the machine's cores).
printf '%s\n' "${units[@]}" |
  xargs -P 2 -n 4 clang-tidy -p "$BUILD_DIR" --quiet 2>/dev/null >"$out" || true
findings=$(grep -cE ': (warning|error): ' "$out" || true)
if [ "$findings" -gt 0 ]; then
  grep -E ': (warning|error): ' "$out" | sort -u | head -60 >&2
  echo "style: $findings clang-tidy findings (see .clang-tidy and docs/STYLE.md)" >&2
  rm -f "$out"
  exit 1
fi
rm -f "$out"
echo "style: clean"
