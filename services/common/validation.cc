#include "services/common/validation.h"

#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/resource_name.h"

namespace poles {

bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned int cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
        (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
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
      !absl::SimpleAtoi(value.substr(5, 4), &b) || !absl::ascii_isdigit(value[0]) ||
      !absl::ascii_isdigit(value[5])) {
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
