#include "services/common/validation.h"

#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/resource_name.h"

namespace poles {

size_t Utf8SequenceLength(absl::string_view s) {
  if (s.empty()) return 0;
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // overlong below U+0800
    if (lead == 0xED) second_max = 0x9F;  // surrogates U+D800..U+DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // overlong below U+10000
    if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // continuation byte, C0/C1 (overlong) or F5..FF
  }
  if (s.size() < length) return 0;
  if (byte(1) < second_min || byte(1) > second_max) return 0;
  for (size_t i = 2; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
  }
  return length;
}

bool IsValidUtf8(absl::string_view s) {
  while (!s.empty()) {
    const size_t n = Utf8SequenceLength(s);
    if (n == 0) return false;
    s.remove_prefix(n);
  }
  return true;
}

size_t CodePointCount(absl::string_view s) {
  size_t count = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

void CheckText(Violations& out, absl::string_view field,
               absl::string_view value, size_t max_chars, bool required) {
  if (!IsValidUtf8(value)) {
    out.Add(field, "must be valid UTF-8");
    return;
  }
  for (unsigned char c : value) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      out.Add(field, "must not contain control characters");
      return;
    }
  }
  if (CodePointCount(value) > max_chars) {
    out.Add(field, absl::StrCat("must be at most ", max_chars, " characters"));
    return;
  }
  if (required && absl::StripAsciiWhitespace(value).empty()) {
    out.Add(field, "is required");
  }
}

void CheckTextList(Violations& out, absl::string_view field,
                   const std::vector<std::string>& values, size_t max_items,
                   size_t max_chars) {
  if (values.size() > max_items) {
    out.Add(field, absl::StrCat("must have at most ", max_items, " entries"));
    return;
  }
  for (size_t i = 0; i < values.size(); ++i) {
    CheckText(out, absl::StrCat(field, "[", i, "]"), values[i], max_chars,
              true);
  }
}

absl::StatusOr<int> ParseFiscalYear(absl::string_view field,
                                    absl::string_view value) {
  int a = 0, b = 0;
  if (value.size() != 9 || value[4] != '-' ||
      !absl::SimpleAtoi(value.substr(0, 4), &a) ||
      !absl::SimpleAtoi(value.substr(5, 4), &b) ||
      !absl::ascii_isdigit(value[0]) || !absl::ascii_isdigit(value[5])) {
    return InvalidField(field,
                        "must be a fiscal year written \"2018-2019\" (1 April "
                        "to 31 March)");
  }
  if (b != a + 1) {
    return InvalidField(field,
                        "must span two consecutive years, as \"2018-2019\"");
  }
  if (a < 1990 || a > 2099) {
    return InvalidField(field, "must be between 1990-1991 and 2099-2100");
  }
  return a;
}

std::string FormatFiscalYear(int start_year) {
  return absl::StrCat(start_year, "-", start_year + 1);
}

int FiscalYearOfDate(int year, int month) {
  return month >= 4 ? year : year - 1;
}

bool IsValidIsoDate(absl::string_view v) {
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return false;
  int y, m, d;
  if (!absl::SimpleAtoi(v.substr(0, 4), &y) ||
      !absl::SimpleAtoi(v.substr(5, 2), &m) ||
      !absl::SimpleAtoi(v.substr(8, 2), &d)) {
    return false;
  }
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(v[i])) return false;
  }
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = kDays[m - 1];
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && leap) max = 29;
  return d <= max;
}

void CheckResourceId(Violations& out, absl::string_view field,
                     absl::string_view value) {
  if (!value.empty() && !IsValidResourceId(value)) {
    out.Add(field, "must match [a-z0-9][a-z0-9-]{0,62}");
  }
}

void CheckRequestId(Violations& out, absl::string_view value) {
  if (value.empty()) return;
  if (value.size() > 100) {
    out.Add("request_id", "must be at most 100 characters");
    return;
  }
  for (unsigned char c : value) {
    if (c < 0x21 || c > 0x7E) {
      out.Add("request_id", "must be printable ASCII (a UUID is best)");
      return;
    }
  }
}

absl::StatusOr<int> EffectivePageSize(int requested, int default_size,
                                      int max_size) {
  if (requested < 0) return InvalidField("page_size", "must not be negative");
  if (requested == 0) return default_size;
  return requested > max_size ? max_size : requested;
}

}  // namespace poles
