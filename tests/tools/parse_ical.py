"""Parses an iCalendar file with Debian's python3-icalendar and prints its
events as JSON (uid, summary, location, description, start and end in UTC),
for the database tests to compare with what they stored."""
import json
import sys
from datetime import timezone

import icalendar

with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
out = {"name": str(cal.get("X-WR-CALNAME", "")), "events": []}
for ev in cal.walk("VEVENT"):
    def utc(key):
        return ev.decoded(key).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    out["events"].append({
        "uid": str(ev.get("UID")),
        "summary": str(ev.get("SUMMARY")),
        "location": str(ev.get("LOCATION", "")),
        "description": str(ev.get("DESCRIPTION", "")),
        "start": utc("DTSTART"),
        "end": utc("DTEND"),
    })
print(json.dumps(out, ensure_ascii=False))
