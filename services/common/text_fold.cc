#include "services/common/text_fold.h"

#include <utf8proc.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "services/common/validation.h"

namespace poles {

namespace internal {
// The text of PostgreSQL's unaccent.rules (embedded at build time).
absl::string_view UnaccentRules();
}  // namespace internal

namespace {

// One code point of well-formed UTF-8 `s` (of length Utf8SequenceLength).
char32_t DecodeOne(absl::string_view s) {
  utf8proc_int32_t cp = 0;
  utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                   static_cast<utf8proc_ssize_t>(s.size()), &cp);
  return static_cast<char32_t>(cp);
}

void AppendUtf8(char32_t cp, std::string& out) {
  utf8proc_uint8_t buf[4];
  const utf8proc_ssize_t n =
      utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

// A translation as unaccent reads it: surrounding blanks dropped, and a
// double-quoted string ("" for a quote) unquoted.
std::string Translation(absl::string_view t) {
  t = absl::StripAsciiWhitespace(t);
  if (t.size() < 2 || t.front() != '"' || t.back() != '"')
    return std::string(t);
  std::string out;
  t = t.substr(1, t.size() - 2);
  for (size_t i = 0; i < t.size(); ++i) {
    out += t[i];
    if (t[i] == '"' && i + 1 < t.size() && t[i + 1] == '"') ++i;
  }
  return out;
}

// Code point -> its translation, from the unaccent rules: one rule a line,
// a single source character, a tab or blanks, then the translation (none:
// the character is removed).
const absl::flat_hash_map<char32_t, std::string>& Rules() {
  static const auto* const rules = [] {
    auto* map = new absl::flat_hash_map<char32_t, std::string>();
    for (absl::string_view line :
         absl::StrSplit(internal::UnaccentRules(), '\n')) {
      const size_t n = Utf8SequenceLength(line);
      if (n == 0) continue;
      (*map)[DecodeOne(line.substr(0, n))] = Translation(line.substr(n));
    }
    return map;
  }();
  return *rules;
}

// PostgreSQL's lower() of one code point (its simple Unicode lower-case
// mapping, as glibc's towlower gives it in a UTF-8 locale).
void AppendLower(absl::string_view utf8, std::string& out) {
  size_t i = 0;
  while (i < utf8.size()) {
    const size_t n = Utf8SequenceLength(utf8.substr(i));
    if (n <= 1) {
      out += absl::ascii_tolower(utf8[i++]);
      continue;
    }
    AppendUtf8(
        static_cast<char32_t>(utf8proc_tolower(
            static_cast<utf8proc_int32_t>(DecodeOne(utf8.substr(i, n))))),
        out);
    i += n;
  }
}

}  // namespace

std::string FoldFrench(absl::string_view text) {
  const auto& rules = Rules();
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t n = Utf8SequenceLength(text.substr(i));
    if (n == 0) {
      out += text[i++];
      continue;
    }
    if (n == 1) {
      out += absl::ascii_tolower(text[i++]);
      continue;
    }
    const absl::string_view one = text.substr(i, n);
    i += n;
    const auto rule = rules.find(DecodeOne(one));
    AppendLower(rule == rules.end() ? one : absl::string_view(rule->second),
                out);
  }
  return out;
}

}  // namespace poles
