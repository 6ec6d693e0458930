#ifndef POLES_FUZZ_FUZZ_CHECKS_H_
#define POLES_FUZZ_FUZZ_CHECKS_H_

// What the fuzz targets assert of rendered output.

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "services/common/validation.h"

namespace poles::fuzz {

// The platform's one UTF-8 check.
inline bool ValidUtf8(absl::string_view s) { return IsValidUtf8(s); }

// Every '&' of `html` begins a character reference (&amp; &lt; &gt; &quot;
// &#39; &#NNN; &#xHH; or a named one of letters and digits).
inline bool AmpersandsAreReferences(absl::string_view html) {
  for (size_t i = 0; i < html.size(); ++i) {
    if (html[i] != '&') continue;
    size_t j = i + 1;
    if (j < html.size() && html[j] == '#') ++j;
    const size_t start = j;
    while (j < html.size() && j - start < 32 &&
           (std::isalnum(static_cast<unsigned char>(html[j])))) {
      ++j;
    }
    if (j == start || j >= html.size() || html[j] != ';') return false;
  }
  return true;
}

// `text` with each character HTML gives a meaning to (< > & " ') replaced
// by a control character of its own (after dropping those control
// characters from `text`): a one-to-one rewriting that keeps every length
// and every comparison between two texts, so that a renderer lays out both
// alike, and the markup counted in its output must be the same.
inline std::string Neutral(absl::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += '\x11';
        break;
      case '>':
        out += '\x12';
        break;
      case '&':
        out += '\x13';
        break;
      case '"':
        out += '\x14';
        break;
      case '\'':
        out += '\x15';
        break;
      case '\x11':
      case '\x12':
      case '\x13':
      case '\x14':
      case '\x15':
        break;
      default:
        out += c;
    }
  }
  return out;
}

// `text` without the control characters Neutral() uses.
inline std::string WithoutNeutralMarks(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (c < '\x11' || c > '\x15') out += c;
  }
  return out;
}

// The number of `c` in `s`.
inline size_t Count(absl::string_view s, char c) {
  size_t n = 0;
  for (char x : s) n += x == c ? 1 : 0;
  return n;
}

// Markup of `html` (rendered from texts t) equals that of `reference`
// (rendered from Neutral(t)): no < > " ' came from a text unescaped, and
// every & is a character reference.
inline bool SameMarkup(absl::string_view html, absl::string_view reference) {
  for (char c : {'<', '>', '"', '\''}) {
    if (Count(html, c) != Count(reference, c)) return false;
  }
  return AmpersandsAreReferences(html);
}

}  // namespace poles::fuzz

#endif  // POLES_FUZZ_FUZZ_CHECKS_H_
