#ifndef POLES_CLI_BILAN_H_
#define POLES_CLI_BILAN_H_

// polesctl bilan: a Pôle's bilan (rapport d'activité) of one fiscal year,
// read from the national gateway, shown as French text, written as the
// gateway's printable HTML, or printed from that HTML to PDF by headless
// Chromium.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/national.h"
#include "poles/v1/national.pb.h"

namespace poles::cli {

struct BilanOptions {
  std::string tenant;       // "centre-du-quebec"
  std::string fiscal_year;  // "2017-2018"
  std::string html_file;    // write RenderBilan's HTML there
  std::string pdf_file;     // print RenderBilan's HTML to this PDF
  bool json = false;        // the structured Bilan as JSON
  std::string language = "fr";
};

// The bilan as French text: its heading, each section with its tables (a
// line per row, the total, missing "—", reported "*", suppressed "< N"),
// its notes, then the findings and the unreachable services.
std::string FormatBilan(const v1::Bilan& bilan);

// The command line that prints `html_path` to `pdf_path` with headless
// `chromium`: chromium --headless --no-sandbox --disable-gpu
// --no-pdf-header-footer --print-to-pdf=PDF file://HTML. `html_path` is
// made absolute.
std::vector<std::string> ChromiumPrintCommand(const std::string& chromium,
                                              const std::string& html_path,
                                              const std::string& pdf_path);

// The Chromium binary: $POLES_CHROMIUM if set, else `chromium` or
// `chromium-browser` on PATH. NOT_FOUND, with a French message saying how
// to install it (apt-get install chromium), if there is none.
absl::StatusOr<std::string> FindChromium();

// Runs polesctl bilan: GetBilan (text or --json) or RenderBilan (--html,
// --pdf). Prints what it did; returns the process exit code.
int BilanCommand(const GatewayClient& client, const BilanOptions& options);

}  // namespace poles::cli

#endif  // POLES_CLI_BILAN_H_
