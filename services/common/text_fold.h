#ifndef POLES_SERVICES_COMMON_TEXT_FOLD_H_
#define POLES_SERVICES_COMMON_TEXT_FOLD_H_

#include <string>

#include "absl/strings/string_view.h"

namespace poles {

// The platform's one accent- and case-insensitive form of text, the C++ twin
// of the database's poles.fold() (lower(unaccent()), migration 0006): sort
// keys and search words computed in SQL and labels compared in C++ fold the
// same way. "Économie Bécancour L’Érable — Œuvre" -> "economie becancour
// l'erable - oeuvre".
//
// Each code point maps as PostgreSQL's unaccent dictionary maps it (letters
// lose their accents, ligatures and letters such as ß, Ø, Ł, Þ are spelled
// out in ASCII, typographic quotes and dashes become ASCII ones), then is
// lower-cased by its simple Unicode mapping; code points the dictionary does
// not know (including the no-break spaces U+00A0 and U+202F) are only
// lower-cased. Bytes that are not well-formed UTF-8 are copied unchanged.
// tests/text_fold_test.cc checks the agreement with poles.fold() code point by
// code point over Latin (U+0020-U+024F, U+1E00-U+1EFF), general punctuation
// and the Latin ligatures.
std::string FoldFrench(absl::string_view text);

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_TEXT_FOLD_H_
