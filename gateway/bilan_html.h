#ifndef POLES_GATEWAY_BILAN_HTML_H_
#define POLES_GATEWAY_BILAN_HTML_H_

// A bilan as a printable HTML document (NationalService RenderBilan, and
// the PDF polesctl prints from it with headless Chromium).

#include <string>

#include "poles/v1/national.pb.h"
#include "services/common/html_escape.h"

namespace poles::gateway {

// The bilan laid out like a rapport d'activité: a title page (the Pôle, its
// region, the fiscal year, the year's state, the disclosure notice), a
// table of contents, one chapter per section starting on a new printed
// page, each table with its title, labelled rows and a total, numbers and
// money right-aligned as French writes them ("337 905,00 $", no-break
// spaces), reported figures marked, notes, then the findings and the
// services that did not answer. `language` "en" gives English headings,
// labels and number formats; anything else French. One self-contained
// UTF-8 document: inline CSS, no script, no external resource; every text
// from the bilan is HTML-escaped.
std::string RenderBilanHtml(const v1::Bilan& bilan,
                            const std::string& language);

using ::poles::HtmlEscape;  // services/common/html_escape.h

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_BILAN_HTML_H_
