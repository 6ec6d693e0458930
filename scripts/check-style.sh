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
# By default only the units that changed since the commit of the last whole
# run (scripts/tidy-base: a unit whose source differs from that commit, and
# one unit per changed header, its own .cc or else the first that includes
# it; scripts/tidy_units.py says why) are checked; the baseline below covers
# the rest. POLES_TIDY_ALL=1, a changed
# .clang-tidy or a base missing from history checks every unit; after such a
# run, write its commit to scripts/tidy-base.
base=$(sed -n 's/^\([0-9a-f]\{7,40\}\).*/\1/p' scripts/tidy-base 2>/dev/null | head -n 1)
all=${POLES_TIDY_ALL:-0}
if [ -z "$base" ] || ! git cat-file -e "$base^{commit}" 2>/dev/null ||
  ! git diff --quiet "$base" -- .clang-tidy; then
  all=1
fi
changed=$(mktemp)
if [ "$all" = 0 ]; then
  { git diff --name-only "$base" --; git ls-files --others --exclude-standard; } >"$changed"
fi
mapfile -t units < <(ninja -C "$BUILD_DIR" -t deps 2>/dev/null |
  python3 scripts/tidy_units.py "$BUILD_DIR" "$all" "$changed")
rm -f "$changed"
if [ "$all" = 1 ]; then scope="every unit"; else scope="units changed since ${base:0:12}"; fi
echo "style: clang-tidy on ${#units[@]} translation units ($scope)"
if [ "${#units[@]}" -eq 0 ]; then
  echo "style: clean (no unit changed since the last whole run)"
  exit 0
fi
out=$(mktemp)
# One process per unit, two at a time (the machine's cores).
printf '%s\n' "${units[@]}" |
  xargs -P 2 -n 4 clang-tidy -p "$BUILD_DIR" --quiet 2>/dev/null >"$out" || true
# Findings as "file [check]" with their count, compared with the accepted
# baseline (scripts/tidy-baseline.txt): a new kind of finding in a file, or
# more of one, fails. POLES_TIDY_UPDATE=1 rewrites the baseline (commit it
# with the reason; over changed units only, it keeps the other entries).
# Line numbers are left out so that edits elsewhere in a
# file do not count as new findings.
current=$(mktemp)
grep -E ': (warning|error): ' "$out" | sort -u |
  sed -E "s|^$PWD/||; s|^([^:]+):[0-9]+:[0-9]+: (warning\|error): .*\[([^]]+)\]$|\1 [\3]|" |
  sort | uniq -c | awk '{print $2, $3, $1}' |
  # Only our files: generated code (build folders) is not ours to fix.
  awk 'NR == FNR { ours[$0] = 1; next } ($1 in ours)' <(git ls-files) - >"$current"
baseline=scripts/tidy-baseline.txt
if [ "${POLES_TIDY_UPDATE:-0}" = 1 ]; then
  # A whole run replaces the baseline; a run over the changed units only
  # raises the counts of what it saw and keeps the rest (the units it did
  # not check still have the findings the baseline lists).
  if [ "$all" = 1 ]; then
    cp "$current" "$baseline"
  else
    awk '{ key = $1 " " $2; if (!(key in n) || $3 > n[key]) n[key] = $3 }
         END { for (k in n) print k, n[k] }' "$baseline" "$current" |
      sort >"$baseline.new"
    mv "$baseline.new" "$baseline"
  fi
  echo "style: baseline rewritten ($(wc -l <"$baseline") kinds of finding)"
  rm -f "$out" "$current"
  exit 0
fi
new=$(awk 'NR == FNR { seen[$1 " " $2] = $3; next }
           { if (!(($1 " " $2) in seen) || $3 > seen[$1 " " $2]) print }' \
        "$baseline" "$current")
if [ -n "$new" ]; then
  echo "style: new clang-tidy findings (file [check] count):" >&2
  echo "$new" >&2
  grep -E ': (warning|error): ' "$out" | sort -u | grep -F -f <(echo "$new" | awk '{print $1}') |
    head -40 >&2
  rm -f "$out" "$current"
  exit 1
fi
echo "style: clean ($(awk '{n += $3} END {print n + 0}' "$current") accepted findings in scripts/tidy-baseline.txt)"
rm -f "$out" "$current"
