"""Prints the project's translation units clang-tidy should check.

Usage: ninja -C BUILD -t deps | python3 tidy_units.py BUILD ALL CHANGED_LIST
ALL=1 prints every unit the build compiles; otherwise a unit is printed when
its source is in CHANGED_LIST (paths relative to the repository root, one per
line), when the log does not know its object, or when it checks a changed
header: the header's own .cc (auth.h: auth.cc) or, for a header without one,
the first unit that includes it (per ninja's dependency log on stdin).
clang-tidy reports a header's findings in the unit that includes it, so each
changed header is checked once, not through every unit that includes it (a
change to storage/session.h would otherwise re-check nearly all ~270 units,
over an hour on 2 cores). A unit whose own source is unchanged is not
re-checked for what a header change does to it; POLES_TIDY_ALL=1 checks
every unit.
"""
import json
import os
import re
import subprocess
import sys

build, every, changed_file = sys.argv[1], sys.argv[2] == "1", sys.argv[3]
changed = {os.path.realpath(l.strip()) for l in open(changed_file) if l.strip()}

deps, obj = {}, None
for line in sys.stdin:
    if not line.startswith(" ") and ": #deps" in line:
        obj = os.path.realpath(os.path.join(build, line.split(": #deps")[0]))
        deps[obj] = set()
    elif line.strip() and obj:
        deps[obj].add(os.path.realpath(os.path.join(build, line.strip())))

objects = {}
for e in json.load(open(os.path.join(build, "compile_commands.json"))):
    m = re.search(r" -o (\S+)", e.get("command", ""))
    out = os.path.realpath(os.path.join(e["directory"], m.group(1))) if m else None
    objects.setdefault(os.path.realpath(e["file"]), set()).add(out)

sources = subprocess.run(["git", "ls-files", "--", "*.cc"], capture_output=True,
                         text=True, check=True).stdout.split()
compiled = [(f, os.path.realpath(f)) for f in sorted(sources)
            if os.path.realpath(f) in objects]
compiled_set = {real for _, real in compiled}

# One unit per changed header: its own .cc when the build compiles it, else
# the first unit that includes the header.
checks_header = set()
for header in sorted(c for c in changed if c.endswith(".h")):
    own = header[:-2] + ".cc"
    if own in compiled_set:
        checks_header.add(own)
        continue
    for _, real in compiled:
        if any(o is not None and o in deps and header in deps[o]
               for o in objects[real]):
            checks_header.add(real)
            break

for f, real in compiled:
    if every or real in changed or real in checks_header or any(
            o is None or o not in deps for o in objects[real]):
        print(f)
