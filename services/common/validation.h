#ifndef POLES_SERVICES_COMMON_VALIDATION_H_
#define POLES_SERVICES_COMMON_VALIDATION_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/errors.h"

namespace poles {

// Length in bytes (1-4) of the well-formed UTF-8 sequence at the start of
// `s`, or 0 if `s` is empty or does not start with one. Well-formed is
// Unicode's Table 3-7: continuation bytes 10xxxxxx where the lead byte needs
// them, no overlong form, no surrogate (U+D800..U+DFFF), nothing above
// U+10FFFF.
size_t Utf8SequenceLength(absl::string_view s);

// True if `s` is entirely well-formed UTF-8 (see Utf8SequenceLength). The one
// UTF-8 check of the platform.
bool IsValidUtf8(absl::string_view s);

// Number of Unicode code points in valid UTF-8 `s`.
size_t CodePointCount(absl::string_view s);

// Checks a text field: valid UTF-8, no control characters except tab and
// newlines, at most `max_chars` code points, and non-blank if `required`.
// Adds a violation naming `field` to `out`.
void CheckText(Violations& out, absl::string_view field,
               absl::string_view value, size_t max_chars, bool required);

// Checks a repeated text field: at most `max_items`, each per CheckText
// (non-blank).
void CheckTextList(Violations& out, absl::string_view field,
                   const std::vector<std::string>& values, size_t max_items,
                   size_t max_chars);

// Parses a fiscal year "2018-2019" (1 April 2018 - 31 March 2019) into its
// starting calendar year. INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<int> ParseFiscalYear(absl::string_view field,
                                    absl::string_view value);

// Formats a fiscal year's starting calendar year as "2018-2019".
std::string FormatFiscalYear(int start_year);

// The fiscal year (its starting calendar year) containing an ISO date.
int FiscalYearOfDate(int year, int month);

// Checks an ISO 8601 calendar date "YYYY-MM-DD" (a real date, 1990-2100).
bool IsValidIsoDate(absl::string_view value);

// Checks an idempotency key: empty, or 1-100 printable ASCII characters.
void CheckRequestId(Violations& out, absl::string_view value);

// Checks the id a client may choose in a Create (AIP-133): empty (the server
// assigns one), or `[a-z0-9][a-z0-9-]{0,62}`; a violation names `field`.
void CheckResourceId(Violations& out, absl::string_view field,
                     absl::string_view value);

// page_size rules shared by every List: 0 -> default, above max -> max,
// negative -> INVALID_ARGUMENT.
absl::StatusOr<int> EffectivePageSize(int requested, int default_size = 50,
                                      int max_size = 200);

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_VALIDATION_H_
