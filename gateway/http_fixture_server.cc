// gateway_http_fixture_server: the HTTP API and the dashboard over canned
// national reads (four Pôles: one filled, one partly, one with nothing, one
// unreachable), for trying the page and for the browser test's fixture
// mode. Not the gateway: no gRPC, no tenant data. Prints its port on
// stdout, then serves until killed.
//
//   gateway_http_fixture_server --web-dir build/gateway/web [--port 0]
//   key: "pk_fixture_national" (anything else is UNAUTHENTICATED)

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gateway/http_api.h"

namespace poles::gateway {
namespace {

constexpr char kKey[] = "Bearer pk_fixture_national";

v1::TableCell Cell(const std::string& indicator, int64_t value,
                   v1::CellSource source, const std::string& display,
                   bool suppressed = false) {
  v1::TableCell cell;
  cell.set_indicator(indicator);
  cell.set_value(value);
  cell.set_source(source);
  cell.set_display(display);
  cell.set_suppressed(suppressed);
  return cell;
}

class FixtureReads final : public NationalReads {
 public:
  absl::StatusOr<v1::NationalTable> GetNationalTable(
      const std::string& authorization,
      const v1::GetNationalTableRequest& request, Deadline) override {
    if (authorization != kKey)
      return absl::UnauthenticatedError("the API key is unknown or revoked");
    v1::NationalTable table;
    table.set_fiscal_year(request.fiscal_year());
    table.set_disclosure_threshold(5);
    const char* columns[][3] = {
        {"directories.enterprises", "Entreprises d'économie sociale", "count"},
        {"directories.dossiers_opened", "Dossiers ouverts", "count"},
        {"events.participants", "Participants aux événements", "people"},
        {"funding.amount_authorised", "Montants autorisés", "cents"}};
    for (const auto& c : columns) {
      auto* column = table.add_columns();
      column->set_name(absl::StrCat("nationalIndicators/", c[0]));
      column->set_label_fr(c[1]);
      column->set_unit(c[2]);
    }
    auto row = [&](const char* slug, const char* name, const char* code,
                   const char* region, v1::NationalTableRow::State state) {
      auto* r = table.add_rows();
      r->set_tenant(absl::StrCat("tenants/", slug));
      r->set_display_name(name);
      r->set_region_code(code);
      r->set_region_name(region);
      r->set_state(state);
      return r;
    };
    const bool filled = request.fiscal_year() == "2017-2018";
    auto* cq =
        row("centre-du-quebec", "Pôle d'économie sociale du Centre-du-Québec",
            "17", "Centre-du-Québec",
            filled ? v1::NationalTableRow::SUBMITTED
                   : v1::NationalTableRow::NOTHING);
    auto* cn = row(
        "capitale-nationale",
        "Pôle des entreprises d'économie sociale de la Capitale-Nationale",
        "03", "Capitale-Nationale",
        filled ? v1::NationalTableRow::DRAFT : v1::NationalTableRow::NOTHING);
    auto* gim =
        row("gaspesie-iles-de-la-madeleine",
            "Pôle d'économie sociale Gaspésie–Îles-de-la-Madeleine", "11",
            "Gaspésie–Îles-de-la-Madeleine", v1::NationalTableRow::NOTHING);
    auto* est = row("estrie", "Pôle d'économie sociale de l'Estrie", "05",
                    "Estrie", v1::NationalTableRow::UNREACHABLE);
    const v1::CellSource missing = v1::CELL_SOURCE_MISSING;
    for (const auto& c : columns) {
      if (!filled) {
        *cq->add_cells() = Cell(c[0], 0, missing, "—");
        *cn->add_cells() = Cell(c[0], 0, missing, "—");
      }
      *gim->add_cells() = Cell(c[0], 0, missing, "—");
      *est->add_cells() =
          Cell(c[0], 0, v1::CELL_SOURCE_UNREACHABLE, "injoignable");
    }
    if (filled) {
      *cq->add_cells() =
          Cell("directories.enterprises", 237, v1::CELL_SOURCE_REPORTED, "237");
      *cq->add_cells() = Cell("directories.dossiers_opened", 0,
                              v1::CELL_SOURCE_COMPUTED, "< 5", true);
      *cq->add_cells() =
          Cell("events.participants", 1342, v1::CELL_SOURCE_COMPUTED, "1 342");
      *cq->add_cells() = Cell("funding.amount_authorised", 33790550,
                              v1::CELL_SOURCE_COMPUTED, "337 905,50 $");
      *cn->add_cells() =
          Cell("directories.enterprises", 412, v1::CELL_SOURCE_COMPUTED, "412");
      *cn->add_cells() = Cell("directories.dossiers_opened", 27,
                              v1::CELL_SOURCE_COMPUTED, "27");
      *cn->add_cells() = Cell("events.participants", 0, missing, "—");
      *cn->add_cells() = Cell("funding.amount_authorised", 0, missing, "—");
      const int64_t totals[] = {649, 30, 1342, 33790550};
      const int counts[] = {2, 2, 1, 1};
      const char* displays[] = {"649", "30", "1 342", "337 905,50 $"};
      for (int i = 0; i < 4; ++i) {
        auto* t = table.add_totals();
        t->set_indicator(columns[i][0]);
        t->set_value(totals[i]);
        t->set_tenant_count(counts[i]);
        t->set_partial(true);
        t->set_display(displays[i]);
      }
    }
    auto* u = table.add_unreachable();
    u->set_tenant("tenants/estrie");
    u->set_service("directories");
    u->set_code("UNAVAILABLE");
    u->set_reason("le service ne répond pas");
    return table;
  }

  absl::StatusOr<v1::FundingRollup> GetFundingRollup(
      const std::string& authorization, const v1::GetFundingRollupRequest&,
      Deadline) override {
    if (authorization != kKey) return absl::UnauthenticatedError("no key");
    return v1::FundingRollup();
  }

  absl::StatusOr<v1::Bilan> GetBilan(const std::string& authorization,
                                     const v1::GetBilanRequest& request,
                                     Deadline) override {
    if (authorization != kKey) return absl::UnauthenticatedError("no key");
    v1::Bilan bilan;
    bilan.set_name(request.name());
    return bilan;
  }

  absl::StatusOr<v1::BilanDocument> RenderBilan(
      const std::string& authorization, const v1::RenderBilanRequest& request,
      Deadline) override {
    if (authorization != kKey) return absl::UnauthenticatedError("no key");
    v1::BilanDocument document;
    document.set_content_type("text/html; charset=utf-8");
    document.set_content(
        absl::StrCat("<!doctype html><meta charset=utf-8><h1>Bilan ",
                     request.name(), "</h1>"));
    return document;
  }

  absl::StatusOr<v1::ListFindingsResponse> ListFindings(
      const std::string& authorization, const v1::ListFindingsRequest& request,
      Deadline) override {
    if (authorization != kKey) return absl::UnauthenticatedError("no key");
    v1::ListFindingsResponse response;
    if (request.fiscal_year() != "2017-2018") return response;
    auto* f = response.add_findings();
    f->set_tenant("tenants/centre-du-quebec");
    f->set_fiscal_year(request.fiscal_year());
    f->set_indicator("directories.enterprises");
    f->set_rule(v1::Finding::REPORTED_VS_COMPUTED);
    f->set_value(237);
    f->set_compared_value(225);
    f->set_message_fr(
        "Entreprises : 237 déclarées, 225 calculées à partir du répertoire.");
    return response;
  }
};

}  // namespace
}  // namespace poles::gateway

int main(int argc, char** argv) {
  std::string web_dir, port = "0";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--web-dir") web_dir = argv[i + 1];
    if (flag == "--port") port = argv[i + 1];
  }
  // Blocked before any thread starts, so that sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  poles::gateway::FixtureReads reads;
  poles::gateway::HttpApiOptions options;
  options.web_dir =
      web_dir.empty() ? poles::gateway::DefaultWebDir(argv[0]) : web_dir;
  auto door = poles::gateway::HttpFrontDoor::Start("127.0.0.1:" + port, reads,
                                                   nullptr, options);
  if (!door.ok()) {
    std::cerr << door.status() << "\n";
    return 1;
  }
  std::cout << (*door)->port() << std::endl;
  int signal = 0;
  sigwait(&signals, &signal);
  (*door)->Stop();
  return 0;
}
