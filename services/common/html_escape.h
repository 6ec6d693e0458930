#ifndef POLES_SERVICES_COMMON_HTML_ESCAPE_H_
#define POLES_SERVICES_COMMON_HTML_ESCAPE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace poles {

// `text` with & < > " ' escaped for HTML element content and attribute
// values. The one escaper of every HTML the platform renders (the
// directory export, the bilan).
std::string HtmlEscape(absl::string_view text);

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_HTML_ESCAPE_H_
