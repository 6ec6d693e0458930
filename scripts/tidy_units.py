"""Prints the project's translation units clang-tidy should check.

Usage: ninja -C BUILD -t deps | python3 tidy_units.py BUILD ALL CHANGED_LIST
ALL=1 prints every unit the build compiles; otherwise a unit is printed when
its source or any file it includes (per ninja's dependency log on stdin) is
in CHANGED_LIST (paths relative to the repository root, one per line), or
when the log does not know its object.
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
for f in sources:
    real = os.path.realpath(f)
    if real not in objects:
        continue
    if every or real in changed or any(
            o is None or o not in deps or deps[o] & changed for o in objects[real]):
        print(f)
