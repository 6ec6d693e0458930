#include "services/events/icalendar.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/validation.h"

namespace poles::events {
namespace {

int64_t UnixUtc(int y, int mo, int d, int h, int mi) {
  return absl::ToUnixSeconds(absl::FromCivil(
      absl::CivilSecond(y, mo, d, h, mi, 0), absl::UTCTimeZone()));
}

// The physical lines of a CRLF-terminated text, without their CRLF.
std::vector<std::string> PhysicalLines(absl::string_view text) {
  std::vector<std::string> lines = absl::StrSplit(text, "\r\n");
  EXPECT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(), "") << "text does not end with CRLF";
  lines.pop_back();
  return lines;
}

// The content lines of a folded text (RFC 5545 §3.1 unfolding).
std::vector<std::string> ContentLines(absl::string_view text) {
  std::vector<std::string> lines;
  for (std::string& physical : PhysicalLines(text)) {
    if (!physical.empty() && physical[0] == ' ' && !lines.empty()) {
      lines.back() += physical.substr(1);
    } else {
      lines.push_back(std::move(physical));
    }
  }
  return lines;
}

// Every line break is CRLF, every physical line fits in 75 octets and holds
// whole UTF-8 sequences.
void ExpectWellFormedPhysicalLines(absl::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ASSERT_TRUE(i > 0 && text[i - 1] == '\r') << "bare LF at octet " << i;
    }
    if (text[i] == '\r') {
      ASSERT_TRUE(i + 1 < text.size() && text[i + 1] == '\n')
          << "bare CR at octet " << i;
    }
  }
  ASSERT_TRUE(absl::EndsWith(text, "\r\n"));
  for (const std::string& line : PhysicalLines(text)) {
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_TRUE(IsValidUtf8(line)) << "split UTF-8 sequence in: " << line;
  }
}

TEST(EscapeTextTest, EscapesBackslashSemicolonCommaAndNewline) {
  EXPECT_EQ(EscapeText("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
  EXPECT_EQ(EscapeText("\\;,\n"), "\\\\\\;\\,\\n");
  EXPECT_EQ(EscapeText(""), "");
}

TEST(EscapeTextTest, EveryLineBreakBecomesOneBackslashN) {
  EXPECT_EQ(EscapeText("un\r\ndeux\rtrois\nquatre"),
            "un\\ndeux\\ntrois\\nquatre");
  EXPECT_EQ(EscapeText("\n\n"), "\\n\\n");
}

TEST(EscapeTextTest, KeepsAccentsEmojiColonsAndTabs) {
  const std::string text = "Semaine de l'économie sociale: «Ça bouge!» 🎉\tÉté";
  EXPECT_EQ(EscapeText(text), text);
}

TEST(EscapeTextTest, DropsForbiddenControlsAndRepairsInvalidUtf8) {
  EXPECT_EQ(EscapeText(std::string("a\0b\x01"
                                   "c\x7F"
                                   "d",
                                   7)),
            "abcd");
  EXPECT_EQ(EscapeText("caf\xE9"), "caf\xEF\xBF\xBD");  // Latin-1 é
  EXPECT_EQ(EscapeText("\xC3"), "\xEF\xBF\xBD");        // truncated
  EXPECT_EQ(EscapeText("\xED\xA0\x80"),                 // surrogate
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(EscapeText("\xF0\x9F\x8E")));
}

TEST(FoldLineTest, ShortLinesAreUnchangedWithCrlf) {
  EXPECT_EQ(FoldLine(""), "\r\n");
  EXPECT_EQ(FoldLine("BEGIN:VEVENT"), "BEGIN:VEVENT\r\n");
  const std::string exactly75(75, 'x');
  EXPECT_EQ(FoldLine(exactly75), exactly75 + "\r\n");
}

TEST(FoldLineTest, FoldsAt75OctetsWithOneSpace) {
  const std::string line(75 + 74 + 1, 'x');
  EXPECT_EQ(FoldLine(line), std::string(75, 'x') + "\r\n " +
                                std::string(74, 'x') + "\r\n x\r\n");
}

TEST(FoldLineTest, NeverSplitsACodePointOfAccentedText) {
  // 2-, 3- and 4-octet sequences; each ASCII prefix shifts where the
  // 75-octet limit falls relative to them.
  const std::string text =
      "DESCRIPTION:Économie sociale à Québec — événements, forêts, "
      "coopératives € 🎉 Pôle régional, été 2026 ✨ "
      "Rencontre des entreprises d'économie sociale de la région 🌲🍁";
  for (int shift = 0; shift < 4; ++shift) {
    for (int repeat = 1; repeat <= 3; ++repeat) {
      std::string line(shift, 'x');
      for (int r = 0; r < repeat; ++r) line += text;
      SCOPED_TRACE(absl::StrCat("shift ", shift, " repeat ", repeat));
      const std::string folded = FoldLine(line);
      ExpectWellFormedPhysicalLines(folded);
      const std::vector<std::string> physical = PhysicalLines(folded);
      ASSERT_GT(physical.size(), 1u);
      for (size_t i = 1; i < physical.size(); ++i) {
        ASSERT_EQ(physical[i][0], ' ');
        ASSERT_NE(physical[i].size(), 1u) << "empty continuation line";
      }
      EXPECT_EQ(ContentLines(folded), std::vector<std::string>{line});
    }
  }
}

TEST(FoldLineTest, FillsLinesAsFarAsACodePointAllows) {
  // 74 ASCII octets then a 4-octet emoji: the emoji moves whole to the next
  // line, which therefore starts " 🎉".
  const std::string line = std::string(74, 'a') + "🎉b";
  EXPECT_EQ(FoldLine(line), std::string(74, 'a') + "\r\n 🎉b\r\n");
}

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(LoadMontrealTimeZone().ok()) << LoadMontrealTimeZone();
  }

  static CalendarEvent Winter() {
    CalendarEvent e;
    e.uid = "tenants/capitale-nationale/events/aga-2026@poles.quebec";
    e.summary = "AGA 2026, Pôle de la Capitale-Nationale; bilan\net suite 🎉";
    e.description =
        "Assemblée générale annuelle: rapport d'activités, états financiers, "
        "élections au conseil d'administration. Ordre du jour; documents, "
        "procès-verbal.\nInscription requise.";
    e.location = "Québec, MRC de la Jacques-Cartier";
    e.url = "https://poles.quebec/capitale-nationale/evenements/aga-2026";
    e.start_unix_seconds = UnixUtc(2026, 1, 15, 23, 30);  // 18:30 EST
    e.end_unix_seconds = UnixUtc(2026, 1, 16, 1, 0);      // 20:00 EST
    e.updated_unix_seconds = UnixUtc(2025, 12, 1, 14, 5);
    return e;
  }

  static CalendarEvent Summer() {
    CalendarEvent e;
    e.uid = "tenants/centre-du-quebec/events/forum-ete@poles.quebec";
    e.summary = "Forum Sud\\Ouest, économie sociale; été";
    e.location = "En ligne";
    e.start_unix_seconds = UnixUtc(2026, 7, 10, 13, 0);  // 09:00 EDT
    e.end_unix_seconds = UnixUtc(2026, 7, 10, 20, 30);   // 16:30 EDT
    e.updated_unix_seconds = UnixUtc(2026, 6, 1, 0, 0);
    return e;
  }

  // 01:30 on 2025-11-02 happens twice in Montréal (EDT, then EST).
  static CalendarEvent FallBackFirst() {
    CalendarEvent e;
    e.uid = "tenants/x/events/nuit-1@poles.quebec";
    e.summary = "Formation de nuit (1)";
    e.start_unix_seconds = UnixUtc(2025, 11, 2, 5, 30);  // 01:30 EDT
    e.end_unix_seconds = UnixUtc(2025, 11, 2, 7, 0);     // 02:00 EST
    e.updated_unix_seconds = UnixUtc(2025, 10, 1, 0, 0);
    return e;
  }
  static CalendarEvent FallBackSecond() {
    CalendarEvent e = FallBackFirst();
    e.uid = "tenants/x/events/nuit-2@poles.quebec";
    e.summary = "Formation de nuit (2)";
    e.start_unix_seconds = UnixUtc(2025, 11, 2, 6, 30);  // 01:30 EST
    e.end_unix_seconds = UnixUtc(2025, 11, 2, 8, 0);     // 03:00 EST
    return e;
  }

  // The days after the 2026 transitions (Sunday 8 March, Sunday 1 November):
  // wrong BYDAY rules in the VTIMEZONE would give them the other offset.
  static CalendarEvent AfterSpringForward() {
    CalendarEvent e;
    e.uid = "tenants/x/events/semaine-es-2026@poles.quebec";
    e.summary = "Semaine de l'économie sociale : lancement";
    e.location = "Drummondville";
    e.start_unix_seconds = UnixUtc(2026, 3, 9, 16, 0);  // 12:00 EDT
    e.end_unix_seconds = UnixUtc(2026, 3, 9, 18, 0);
    e.updated_unix_seconds = UnixUtc(2026, 2, 1, 0, 0);
    return e;
  }
  static CalendarEvent AfterFallBack() {
    CalendarEvent e;
    e.uid = "tenants/x/events/formation-nov@poles.quebec";
    e.summary = "Formation: gouvernance, CA; rôles";
    e.start_unix_seconds = UnixUtc(2026, 11, 2, 14, 0);  // 09:00 EST
    e.end_unix_seconds = UnixUtc(2026, 11, 2, 21, 0);
    e.updated_unix_seconds = UnixUtc(2026, 2, 1, 0, 0);
    return e;
  }

  static std::vector<CalendarEvent> AllEvents() {
    return {Winter(),
            Summer(),
            FallBackFirst(),
            FallBackSecond(),
            AfterSpringForward(),
            AfterFallBack()};
  }

  static bool Contains(const std::vector<std::string>& lines,
                       absl::string_view line) {
    for (const auto& l : lines) {
      if (l == line) return true;
    }
    return false;
  }
};

TEST_F(RenderTest, CalendarHeaderAndTimezone) {
  const std::vector<std::string> lines =
      ContentLines(RenderICalendar("Événements, Pôles; Québec", {}));
  const std::vector<std::string> expected = {
      "BEGIN:VCALENDAR",
      "PRODID:-//Poles economie sociale//Plateforme//FR",
      "VERSION:2.0",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:Événements\\, Pôles\\; Québec",
      "X-WR-TIMEZONE:America/Montreal",
      "BEGIN:VTIMEZONE",
      "TZID:America/Montreal",
      "X-LIC-LOCATION:America/Montreal",
      "BEGIN:DAYLIGHT",
      "TZOFFSETFROM:-0500",
      "TZOFFSETTO:-0400",
      "TZNAME:EDT",
      "DTSTART:19700308T020000",
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
      "END:DAYLIGHT",
      "BEGIN:STANDARD",
      "TZOFFSETFROM:-0400",
      "TZOFFSETTO:-0500",
      "TZNAME:EST",
      "DTSTART:19701101T020000",
      "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
      "END:STANDARD",
      "END:VTIMEZONE",
      "END:VCALENDAR",
  };
  EXPECT_EQ(lines, expected);
}

TEST_F(RenderTest, WinterEventInEstSummerEventInEdt) {
  const std::vector<std::string> lines =
      ContentLines(RenderICalendar("Pôles", {Winter(), Summer()}));
  EXPECT_TRUE(Contains(lines, "DTSTART;TZID=America/Montreal:20260115T183000"));
  EXPECT_TRUE(Contains(lines, "DTEND;TZID=America/Montreal:20260115T200000"));
  EXPECT_TRUE(Contains(lines, "DTSTART;TZID=America/Montreal:20260710T090000"));
  EXPECT_TRUE(Contains(lines, "DTEND;TZID=America/Montreal:20260710T163000"));
  EXPECT_TRUE(Contains(lines, "DTSTAMP:20251201T140500Z"));
  EXPECT_TRUE(Contains(lines, "LAST-MODIFIED:20251201T140500Z"));
  EXPECT_TRUE(Contains(lines, "DTSTAMP:20260601T000000Z"));
}

TEST_F(RenderTest, EventProperties) {
  const std::vector<std::string> lines =
      ContentLines(RenderICalendar("Pôles", {Winter(), Summer()}));
  const std::vector<std::string> expected_winter = {
      "BEGIN:VEVENT",
      "UID:tenants/capitale-nationale/events/aga-2026@poles.quebec",
      "DTSTAMP:20251201T140500Z",
      "LAST-MODIFIED:20251201T140500Z",
      "DTSTART;TZID=America/Montreal:20260115T183000",
      "DTEND;TZID=America/Montreal:20260115T200000",
      "SUMMARY:AGA 2026\\, Pôle de la Capitale-Nationale\\; bilan\\net suite "
      "🎉",
      "DESCRIPTION:Assemblée générale annuelle: rapport d'activités\\, états "
      "financiers\\, élections au conseil d'administration. Ordre du jour\\; "
      "documents\\, procès-verbal.\\nInscription requise.",
      "LOCATION:Québec\\, MRC de la Jacques-Cartier",
      "URL:https://poles.quebec/capitale-nationale/evenements/aga-2026",
      "END:VEVENT",
  };
  auto begin = std::find(lines.begin(), lines.end(), "BEGIN:VEVENT");
  ASSERT_NE(begin, lines.end());
  EXPECT_EQ(std::vector<std::string>(begin, begin + expected_winter.size()),
            expected_winter);
  // The summer event has no description and no URL: no such lines.
  const std::vector<std::string> summer(begin + expected_winter.size(),
                                        lines.end());
  EXPECT_TRUE(Contains(summer,
                       "SUMMARY:Forum Sud\\\\Ouest\\, économie "
                       "sociale\\; été"));
  EXPECT_TRUE(Contains(summer, "LOCATION:En ligne"));
  for (const auto& l : summer) {
    EXPECT_FALSE(absl::StartsWith(l, "DESCRIPTION") ||
                 absl::StartsWith(l, "URL"))
        << l;
  }
}

TEST_F(RenderTest, AmbiguousFallBackHourIsWrittenInUtc) {
  const std::vector<std::string> lines = ContentLines(
      RenderICalendar("Pôles", {FallBackFirst(), FallBackSecond()}));
  EXPECT_TRUE(Contains(lines, "DTSTART:20251102T053000Z"));
  EXPECT_TRUE(Contains(lines, "DTSTART:20251102T063000Z"));
  // Their ends (02:00 and 03:00 EST) are unambiguous.
  EXPECT_TRUE(Contains(lines, "DTEND;TZID=America/Montreal:20251102T020000"));
  EXPECT_TRUE(Contains(lines, "DTEND;TZID=America/Montreal:20251102T030000"));
}

TEST_F(RenderTest, CrlfEverywhereAndFoldedLines) {
  CalendarEvent long_one = Winter();
  long_one.summary.clear();
  for (int i = 0; i < 8; ++i) long_one.summary += "Économie sociale, été 🎉; ";
  const std::string feed =
      RenderICalendar("Pôles", {long_one, Summer(), FallBackFirst()});
  ASSERT_TRUE(absl::StartsWith(feed, "BEGIN:VCALENDAR\r\n"));
  ASSERT_TRUE(absl::EndsWith(feed, "\r\nEND:VCALENDAR\r\n"));
  ExpectWellFormedPhysicalLines(feed);
  EXPECT_TRUE(absl::StrContains(feed, "\r\n ")) << "expected folded lines";
}

// --- A real parser: Python's icalendar module (python3-icalendar). ---

// The Python with Debian's python3-icalendar: POLES_PYTHON3 if set, else the
// system /usr/bin/python3 (a pyenv or venv python3 first on PATH does not see
// Debian's dist-packages), else python3 from PATH.
std::string PythonInterpreter() {
  if (const char* env = std::getenv("POLES_PYTHON3"); env && *env) return env;
  if (access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
  return "python3";
}

std::string ShellQuote(absl::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string Hex(absl::string_view s) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "x";  // never empty, so fields split on spaces
  for (unsigned char c : s) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xF];
  }
  return out;
}

// Prints COUNT n, then per VEVENT: EVENT uid summary description location
// (UTF-8 as hex behind an "x"), DTSTART and DTEND as Unix seconds, the UTC
// offset of DTSTART in seconds, its TZID parameter ("-" if none), and
// DTSTART's wall time read through the feed's own VTIMEZONE ("-" if no TZID).
// No single quotes: the script is passed single-quoted to the shell.
constexpr absl::string_view kParserScript = R"py(
import sys
try:
    import icalendar
except ImportError as e:
    print("MISSING_ICALENDAR", e)
    sys.exit(3)
def hx(v):
    return "x" + str(v).encode("utf-8").hex()
with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
events = cal.walk("VEVENT")
vtz = {str(t["TZID"]): t.to_tz() for t in cal.walk("VTIMEZONE")}
print("COUNT", len(events))
for ev in events:
    start = ev.decoded("DTSTART")
    end = ev.decoded("DTEND")
    if start.tzinfo is None or start.utcoffset() is None or end.tzinfo is None:
        print("NAIVE", ev["UID"])
        continue
    tzid = ev["DTSTART"].params.get("TZID")
    own = "-"
    if tzid:
        own = str(int(vtz[tzid].localize(start.replace(tzinfo=None)).timestamp()))
    print("EVENT", hx(ev["UID"]), hx(ev.get("SUMMARY", "")),
          hx(ev.get("DESCRIPTION", "")), hx(ev.get("LOCATION", "")),
          int(start.timestamp()), int(end.timestamp()),
          int(start.utcoffset().total_seconds()), tzid or "-", own)
)py";

TEST_F(RenderTest, PythonIcalendarReadsTheFeedBack) {
  const std::vector<CalendarEvent> events = AllEvents();
  const std::string feed = RenderICalendar("Événements des Pôles", events);
  const std::string path =
      absl::StrCat(::testing::TempDir(), "poles-feed-", getpid(), ".ics");
  {
    std::ofstream out(path, std::ios::binary);
    out << feed;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
  }

  const std::string python = PythonInterpreter();
  const std::string command =
      absl::StrCat(ShellQuote(python), " -c ", ShellQuote(kParserScript), " ",
                   ShellQuote(path), " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr) << "popen failed for " << python;
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    output.append(buffer, n);
  }
  const int status = pclose(pipe);
  std::remove(path.c_str());

  if (absl::StrContains(output, "MISSING_ICALENDAR")) {
    FAIL() << "Python's icalendar module is missing for " << python
           << ": install the Debian package python3-icalendar (apt-get "
              "install -y python3-icalendar), or point POLES_PYTHON3 at a "
              "python3 that has it. Output: "
           << output;
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "running " << python << " failed (status " << status
      << "); is python3 installed? Output:\n"
      << output;

  std::vector<std::vector<std::string>> rows;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    if (line.empty()) continue;
    rows.push_back(absl::StrSplit(line, ' '));
  }
  ASSERT_FALSE(rows.empty()) << output;
  ASSERT_EQ(rows[0],
            (std::vector<std::string>{"COUNT", std::to_string(events.size())}))
      << output;
  ASSERT_EQ(rows.size(), events.size() + 1) << output;

  // Expected offset of DTSTART, TZID, wall-time-through-VTIMEZONE.
  struct Expected {
    int offset;
    std::string tzid;
    bool through_vtimezone;
  };
  const Expected expected[] = {
      {-5 * 3600, "America/Montreal", true},  // January: EST
      {-4 * 3600, "America/Montreal", true},  // July: EDT
      {0, "-", false},                        // ambiguous: UTC
      {0, "-", false},
      {-4 * 3600, "America/Montreal", true},  // 9 March 2026: EDT
      {-5 * 3600, "America/Montreal", true},  // 2 November 2026: EST
  };
  for (size_t i = 0; i < events.size(); ++i) {
    const CalendarEvent& e = events[i];
    const std::vector<std::string>& row = rows[i + 1];
    SCOPED_TRACE(e.uid);
    ASSERT_EQ(row.size(), 10u) << output;
    EXPECT_EQ(row[0], "EVENT");
    EXPECT_EQ(row[1], Hex(e.uid));
    EXPECT_EQ(row[2], Hex(e.summary)) << "summary not read back intact";
    EXPECT_EQ(row[3], Hex(e.description));
    EXPECT_EQ(row[4], Hex(e.location));
    EXPECT_EQ(row[5], std::to_string(e.start_unix_seconds));
    EXPECT_EQ(row[6], std::to_string(e.end_unix_seconds));
    EXPECT_EQ(row[7], std::to_string(expected[i].offset));
    EXPECT_EQ(row[8], expected[i].tzid);
    EXPECT_EQ(row[9], expected[i].through_vtimezone
                          ? std::to_string(e.start_unix_seconds)
                          : "-")
        << "the feed's VTIMEZONE disagrees with the tz database";
  }
}

}  // namespace
}  // namespace poles::events
