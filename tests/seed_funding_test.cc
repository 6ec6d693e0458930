// The seed funding files load through polesctl's code path (the public API)
// and read back through SummarizeFunding with the documents' figures to the
// cent. Every expected value is written here from the source document's
// line, never from the program's output.
#include <fstream>
#include <map>
#include <sstream>

#include "cli/funding_file.h"
#include "poles/v1/funding.grpc.pb.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

const char kCdq[] = "/data/seeds/funding/centre-du-quebec-2017-2018.json";
const char kVhsl[] =
    "/data/seeds/funding/vallee-du-haut-saint-laurent-2015-2020.json";

cli::FundingFile Parse(const std::string& rel) {
  const std::string path = std::string(POLES_SOURCE_DIR) + rel;
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = cli::ParseFundingFile(ss.str(), path);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? *parsed : cli::FundingFile();
}

// How many calls, reported totals, agreements and awards the tenant holds.
size_t Stored(const TestTenant& t) {
  size_t n = 0;
  {
    v1::ListCallsForProjectsRequest r;
    r.set_parent(t.parent());
    v1::ListCallsForProjectsResponse resp;
    EXPECT_THAT(
        S(Funding()->ListCallsForProjects(Ctx(t.viewer_key).get(), r, &resp)),
        IsOk());
    n += resp.calls_for_projects_size();
  }
  {
    v1::ListReportedTotalsRequest r;
    r.set_parent(t.parent());
    v1::ListReportedTotalsResponse resp;
    EXPECT_THAT(
        S(Funding()->ListReportedTotals(Ctx(t.viewer_key).get(), r, &resp)),
        IsOk());
    n += resp.reported_totals_size();
  }
  {
    v1::ListAgreementsRequest r;
    r.set_parent(t.parent());
    v1::ListAgreementsResponse resp;
    EXPECT_THAT(S(Funding()->ListAgreements(Ctx(t.viewer_key).get(), r, &resp)),
                IsOk());
    n += resp.agreements_size();
  }
  {
    v1::ListAwardsRequest r;
    r.set_parent(t.parent());
    v1::ListAwardsResponse resp;
    EXPECT_THAT(S(Funding()->ListAwards(Ctx(t.viewer_key).get(), r, &resp)),
                IsOk());
    n += resp.awards_size();
  }
  return n;
}

// Loads a seed into a fresh tenant (the file's tenant overridden), twice:
// the rerun (same ids and request ids) stores nothing more.
TestTenant Load(const std::string& rel, const std::vector<std::string>& mrcs,
                size_t expected_records) {
  TestTenant t = NewTenant("seedf", mrcs);
  cli::FundingFile f = Parse(rel);
  auto first = cli::LoadFundingFile(Channel(), t.editor_key, f, t.slug);
  EXPECT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(Stored(t), expected_records);
  auto again = cli::LoadFundingFile(Channel(), t.editor_key, f, t.slug);
  EXPECT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(Stored(t), expected_records);
  return t;
}

using Values =
    std::map<std::pair<std::string, std::map<std::string, std::string>>,
             v1::IndicatorValue>;

Values Summarize(const TestTenant& t, const std::string& fy,
                 const std::vector<std::string>& dims) {
  v1::SummarizeRequest r;
  r.set_parent(t.parent());
  r.set_fiscal_year(fy);
  for (const auto& d : dims) r.add_dimensions(d);
  v1::IndicatorSummary s;
  EXPECT_THAT(S(Funding()->SummarizeFunding(Ctx(t.viewer_key).get(), r, &s)),
              IsOk());
  Values out;
  for (const auto& v : s.values()) {
    out[{v.indicator(), {v.dimensions().begin(), v.dimensions().end()}}] = v;
  }
  return out;
}

int64_t ValueOf(const Values& values, const std::string& code,
                const std::map<std::string, std::string>& dims = {}) {
  auto it = values.find({code, dims});
  EXPECT_NE(it, values.end()) << code;
  return it == values.end() ? -1 : it->second.value();
}

TEST(SeedFundingTest, CentreDuQuebec2017ThirdPartyTotalsAsReported) {
  // The call, six reported totals (Services Québec; the MRCs' enterprises,
  // dedicated-fund and FLI amounts, investment, jobs) and the one award.
  TestTenant t = Load(
      kCdq,
      {"arthabaska", "becancour", "drummond", "l-erable", "nicolet-yamaska"},
      8);
  Values v = Summarize(t, "2017-2018", {"funder", "program"});
  const std::map<std::string, std::string> sq = {{"funder", "services-quebec"},
                                                 {"program", "none"}};
  const std::map<std::string, std::string> fdt = {
      {"funder", "mrc"}, {"program", "fdt-economie-sociale"}};
  const std::map<std::string, std::string> fli = {{"funder", "mrc"},
                                                  {"program", "fli"}};
  const std::map<std::string, std::string> mrc = {{"funder", "mrc"},
                                                  {"program", "none"}};
  // l. 324 « MONTANT TOTAL DES INVESTISSEMENTS 717 280,83 $ »
  EXPECT_EQ(ValueOf(v, "funding.reported_amount", sq), 71728083);
  // l. 313 « aidées financièrement par le fonds dédié : 14 »
  EXPECT_EQ(ValueOf(v, "funding.reported_enterprises", fdt), 14);
  // l. 314 « 94 115 $ (fond dédié) et 44625 $ (fonds local d'investissement) »
  EXPECT_EQ(ValueOf(v, "funding.reported_amount", fdt), 9411500);
  EXPECT_EQ(ValueOf(v, "funding.reported_amount", fli), 4462500);
  // l. 315 « Investissements générés : 3 228 295 $ »
  EXPECT_EQ(ValueOf(v, "funding.reported_investment", mrc), 322829500);
  // l. 316 « Nombre d'emplois créés ou maintenus : 58 », not split.
  EXPECT_EQ(ValueOf(v, "funding.reported_jobs_created_or_maintained", mrc), 58);
  EXPECT_EQ(v.count({"funding.reported_jobs_created", mrc}), 0u);
  EXPECT_EQ(v.count({"funding.reported_jobs_maintained", mrc}), 0u);
  for (const auto& [key, value] : v) {
    if (key.first.rfind("funding.reported_", 0) == 0) {
      EXPECT_EQ(value.provenance(), v1::PROVENANCE_REPORTED) << key.first;
      EXPECT_TRUE(value.findings().empty()) << key.first;
    }
  }

  // Both breakdowns of Services Québec's total, item by item (l. 326-336).
  v1::GetReportedTotalRequest get;
  get.set_name(t.parent() + "/reportedTotals/services-quebec-2017-2018");
  v1::ReportedTotal rt;
  ASSERT_THAT(S(Funding()->GetReportedTotal(Ctx(t.viewer_key).get(), get, &rt)),
              IsOk());
  EXPECT_EQ(rt.total(), 71728083);
  EXPECT_TRUE(rt.findings().empty());
  ASSERT_EQ(rt.breakdowns_size(), 2);
  std::map<std::string, std::map<std::string, int64_t>> items;
  for (const auto& b : rt.breakdowns()) {
    for (const auto& i : b.items()) items[b.dimension()][i.label()] = i.value();
  }
  EXPECT_EQ(
      items["measure"],
      (std::map<std::string, int64_t>{
          {"CONTRAT D'INTÉGRATION AU TRAVAIL", 16678651},            // l. 326
          {"CONCERTATION POUR L'EMPLOI", 1535050},                   // l. 327
          {"MESURE DE FORMATION — EMPLOYEURS", 5112469},             // l. 328
          {"PROGRAMME D'AIDE ET D'ACCOMPAGNEMENT SOCIAL", 6556028},  // l. 329
          {"SUBVENTION SALARIALE", 41845885}}));                     // l. 330
  EXPECT_EQ(items["office"],
            (std::map<std::string, int64_t>{
                {"DRUMMONDVILLE", 41392180},           // l. 332
                {"BÉCANCOUR", 3420272},                // l. 333
                {"VICTORIAVILLE", 6125965},            // l. 334
                {"PLESSISVILLE", 3599034},             // l. 335
                {"DIRECTION RÉGIONALE", 17190632}}));  // l. 336
}

TEST(SeedFundingTest, CentreDuQuebec2017CallFunnelAndItsRetainedProject) {
  // The call, six reported totals (Services Québec; the MRCs' enterprises,
  // dedicated-fund and FLI amounts, investment, jobs) and the one award.
  TestTenant t = Load(
      kCdq,
      {"arthabaska", "becancour", "drummond", "l-erable", "nicolet-yamaska"},
      8);
  Values v = Summarize(t, "2017-2018", {"funder", "program"});
  const std::map<std::string, std::string> piec = {{"funder", "mesi"},
                                                   {"program", "piec"}};
  EXPECT_EQ(ValueOf(v, "funding.call_information_requests", piec),
            8);  // l. 344
  EXPECT_EQ(ValueOf(v, "funding.call_eligibility_requests", piec),
            11);                                                      // l. 345
  EXPECT_EQ(ValueOf(v, "funding.call_applications_filed", piec), 4);  // l. 346
  EXPECT_EQ(ValueOf(v, "funding.call_recommended", piec), 3);         // l. 347
  EXPECT_EQ(ValueOf(v, "funding.call_retained", piec), 1);            // l. 348
  // l. 348 « 337 905 $ en subvention et un investissement total de 2 149 083 $
  // »
  EXPECT_EQ(ValueOf(v, "funding.awards", piec), 1);
  EXPECT_EQ(ValueOf(v, "funding.amount_authorised", piec), 33790500);
  EXPECT_EQ(ValueOf(v, "funding.investment_generated", piec), 214908300);

  // Reported totals are never added to the awards: the year's amount
  // authorised is the one award's, not the third parties' 858 020,83 $ on top.
  Values totals = Summarize(t, "2017-2018", {});
  EXPECT_EQ(ValueOf(totals, "funding.amount_authorised"), 33790500);
  EXPECT_EQ(ValueOf(totals, "funding.investment_generated"), 214908300);

  v1::GetAwardRequest get;
  get.set_name(t.parent() +
               "/awards/mesi-automne-2017-centre-communautaire-st-pierre");
  v1::Award a;
  ASSERT_THAT(S(Funding()->GetAward(Ctx(t.viewer_key).get(), get, &a)), IsOk());
  EXPECT_EQ(a.promoter_group(), "Centre communautaire St-Pierre");  // l. 348
  EXPECT_EQ(a.call_for_projects(), t.parent() + "/calls/mesi-automne-2017");
  EXPECT_EQ(a.status(), v1::Award::AUTHORISED);
  EXPECT_EQ(a.fiscal_year(), "2017-2018");

  // The export the 360Giving ctest entry validates (giving360_seed_export).
  v1::ExportAwardsRequest er;
  er.set_parent(t.parent());
  er.set_format(v1::ExportAwardsRequest::GIVING_360_JSON);
  v1::AwardsExport exp;
  ASSERT_THAT(S(Funding()->ExportAwards(Ctx(t.viewer_key).get(), er, &exp)),
              IsOk());
  std::ofstream(POLES_BINARY_DIR "/seed_funding_360giving.json",
                std::ios::binary)
      << exp.data();
  er.set_format(v1::ExportAwardsRequest::CSV);
  er.set_semicolon(true);
  ASSERT_THAT(S(Funding()->ExportAwards(Ctx(t.viewer_key).get(), er, &exp)),
              IsOk());
  EXPECT_NE(exp.data().find(";337905,00;"), std::string::npos) << exp.data();
}

TEST(SeedFundingTest, ValleeDuHautSaintLaurentMesiAgreement) {
  TestTenant t = Load(kVhsl, {"beauharnois-salaberry"}, 1);
  v1::GetAgreementRequest get;
  get.set_name(t.parent() + "/agreements/mesi-2015-2020");
  v1::Agreement g;
  ASSERT_THAT(S(Funding()->GetAgreement(Ctx(t.viewer_key).get(), get, &g)),
              IsOk());
  EXPECT_EQ(g.signature_date(), "2016-01-20");  // l. 61 « 20 janvier 2016 »
  EXPECT_EQ(g.start_fiscal_year(),
            "2015-2016");  // l. 63-64 « pendant 5 ans [...] (2015-2020) »
  EXPECT_EQ(g.end_fiscal_year(), "2019-2020");
  EXPECT_EQ(g.years_size(), 5);
  EXPECT_EQ(g.total_amount().cents(),
            5 * 5000000);  // l. 63 « 50 000$/année pendant 5 ans »
  for (const char* fy :
       {"2015-2016", "2016-2017", "2017-2018", "2018-2019", "2019-2020"}) {
    Values v = Summarize(t, fy, {"funder"});
    EXPECT_EQ(ValueOf(v, "funding.agreement_amount", {{"funder", "mesi"}}),
              5000000)
        << fy;
    // l. 64: matching contributions required, amounts not stated.
    EXPECT_EQ(v.count({"funding.matching_required", {{"funder", "mesi"}}}), 0u)
        << fy;
  }
}

}  // namespace
}  // namespace poles::testing
