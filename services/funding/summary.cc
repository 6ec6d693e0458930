#include "services/funding/summary.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/status_macros.h"
#include "services/common/summary.h"
#include "services/common/validation.h"
#include "services/funding/funding_enums.h"
#include "services/funding/funding_validation.h"
#include "services/funding/reported_totals_rows.h"
#include "services/funding/summary_queries.h"

namespace poles::funding {

namespace {

const std::set<std::string> kAwardDims = {
    "funder", "funder_kind", "program", "mrc", "sector", "legal_form"};
const std::set<std::string> kProgramDims = {"funder", "funder_kind", "program"};

const char* ReportedIndicator(v1::ReportedMeasure m) {
  switch (m) {
    case v1::REPORTED_MEASURE_AMOUNT:
      return "funding.reported_amount";
    case v1::REPORTED_MEASURE_INVESTMENT:
      return "funding.reported_investment";
    case v1::REPORTED_MEASURE_ENTERPRISES:
      return "funding.reported_enterprises";
    case v1::REPORTED_MEASURE_JOBS_CREATED:
      return "funding.reported_jobs_created";
    case v1::REPORTED_MEASURE_JOBS_MAINTAINED:
      return "funding.reported_jobs_maintained";
    case v1::REPORTED_MEASURE_JOBS_CREATED_OR_MAINTAINED:
      return "funding.reported_jobs_created_or_maintained";
    default:
      return nullptr;
  }
}

std::optional<int64_t> Optional(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<int64_t>();
}

std::string OrUnknown(const pqxx::field& f) {
  return f.is_null() || f.size() == 0 ? "unknown" : f.c_str();
}

Dimensions ProgramDims(const pqxx::row& row) {
  std::string program = row["program"].c_str();
  return {{"funder", row["funder_id"].c_str()},
          {"funder_kind", row["funder_kind"].c_str()},
          {"program", program.empty() ? "none" : program}};
}

}  // namespace

const std::map<std::string, std::set<std::string>>& FundingIndicators() {
  static const auto* kIndicators =
      new std::map<std::string, std::set<std::string>>{
          {"funding.awards", kAwardDims},
          {"funding.amount_authorised", kAwardDims},
          {"funding.amount_disbursed", kAwardDims},
          {"funding.investment_generated", kAwardDims},
          {"funding.jobs_created", kAwardDims},
          {"funding.jobs_maintained", kAwardDims},
          {"funding.jobs_created_or_maintained", kAwardDims},
          {"funding.agreement_amount", kProgramDims},
          {"funding.matching_required", kProgramDims},
          {"funding.matching_received", kProgramDims},
          {"funding.call_information_requests", kProgramDims},
          {"funding.call_eligibility_requests", kProgramDims},
          {"funding.call_applications_filed", kProgramDims},
          {"funding.call_recommended", kProgramDims},
          {"funding.call_retained", kProgramDims},
          {"funding.reported_amount", kProgramDims},
          {"funding.reported_investment", kProgramDims},
          {"funding.reported_enterprises", kProgramDims},
          {"funding.reported_jobs_created", kProgramDims},
          {"funding.reported_jobs_maintained", kProgramDims},
          {"funding.reported_jobs_created_or_maintained", kProgramDims},
      };
  return *kIndicators;
}

void BuildFundingSummary(const FundingFacts& facts,
                         const std::set<std::string>& requested,
                         v1::IndicatorSummary* out) {
  const auto& catalogue = FundingIndicators();
  SummaryBuilder computed;
  const auto add = [&](SummaryBuilder& b, const char* code,
                       const Dimensions& dims,
                       const std::optional<int64_t>& value) {
    if (value.has_value())
      b.AddRecord(code, catalogue.at(code), requested, dims, *value);
  };
  for (const auto& a : facts.awards) {
    add(computed, "funding.awards", a.dims, a.awards);
    add(computed, "funding.amount_authorised", a.dims, a.amount_authorised);
    add(computed, "funding.amount_disbursed", a.dims, a.amount_disbursed);
    add(computed, "funding.investment_generated", a.dims, a.investment);
    add(computed, "funding.jobs_created", a.dims, a.jobs_created);
    add(computed, "funding.jobs_maintained", a.dims, a.jobs_maintained);
    add(computed, "funding.jobs_created_or_maintained", a.dims,
        a.jobs_created_or_maintained);
  }
  for (const auto& g : facts.agreements) {
    add(computed, "funding.agreement_amount", g.dims, g.amount);
    add(computed, "funding.matching_required", g.dims, g.matching_required);
    add(computed, "funding.matching_received", g.dims, g.matching_received);
  }
  for (const auto& c : facts.calls) {
    add(computed, "funding.call_information_requests", c.dims,
        c.information_requests);
    add(computed, "funding.call_eligibility_requests", c.dims,
        c.eligibility_requests);
    add(computed, "funding.call_applications_filed", c.dims,
        c.applications_filed);
    add(computed, "funding.call_recommended", c.dims, c.recommended);
    add(computed, "funding.call_retained", c.dims, c.retained);
  }
  computed.Emit(out);

  SummaryBuilder reported;
  for (const auto& r : facts.reported) {
    const char* code = ReportedIndicator(r.measure);
    if (code != nullptr) add(reported, code, r.dims, r.total);
  }
  const int first_reported = out->values_size();
  reported.Emit(out);
  for (int i = first_reported; i < out->values_size(); ++i) {
    auto* value = out->mutable_values(i);
    value->set_provenance(v1::PROVENANCE_REPORTED);
    for (const auto& r : facts.reported) {
      const char* code = ReportedIndicator(r.measure);
      if (code == nullptr || value->indicator() != code || r.findings.empty())
        continue;
      bool included = true;
      for (const auto& [k, v] : value->dimensions()) {
        auto it = r.dims.find(k);
        if (it == r.dims.end() || it->second != v) included = false;
      }
      if (!included) continue;
      for (const auto& f : r.findings) value->add_findings(f);
    }
  }
}

absl::Status SummarizeFunding(Call& c, const v1::SummarizeRequest& r,
                              v1::IndicatorSummary* out) {
  std::set<std::string> known;
  for (const auto& [code, dims] : FundingIndicators())
    known.insert(dims.begin(), dims.end());
  POLES_ASSIGN_OR_RETURN(SummaryQuery q, ParseSummaryRequest(c, r, known));
  FundingFacts facts;
  POLES_RETURN_IF_ERROR(InTenantTransaction(
      c, q.tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        auto& w = tx.work();
        for (const auto& row :
             w.exec_prepared(kSummaryAwards.name, q.tenant, q.fiscal_year)) {
          AwardGroupFacts a;
          a.dims = ProgramDims(row);
          a.dims["mrc"] = OrUnknown(row["mrc_id"]);
          a.dims["sector"] = OrUnknown(row["sector_id"]);
          a.dims["legal_form"] = OrUnknown(row["legal_form"]);
          a.awards = row["awards"].as<int64_t>();
          a.amount_authorised = Optional(row["amount_authorised"]);
          a.amount_disbursed = Optional(row["amount_disbursed"]);
          a.investment = Optional(row["investment"]);
          a.jobs_created = Optional(row["jobs_created"]);
          a.jobs_maintained = Optional(row["jobs_maintained"]);
          a.jobs_created_or_maintained =
              Optional(row["jobs_created_or_maintained"]);
          facts.awards.push_back(std::move(a));
        }
        for (const auto& row : w.exec_prepared(kSummaryAgreements.name,
                                               q.tenant, q.fiscal_year)) {
          AgreementYearFacts g;
          g.dims = ProgramDims(row);
          g.amount = Optional(row["amount_cents"]);
          g.matching_required = Optional(row["matching_required_cents"]);
          g.matching_received = Optional(row["matching_received_cents"]);
          facts.agreements.push_back(std::move(g));
        }
        for (const auto& row :
             w.exec_prepared(kSummaryCalls.name, q.tenant, q.fiscal_year)) {
          CallFacts f;
          f.dims = ProgramDims(row);
          f.information_requests = Optional(row["information_requests"]);
          f.eligibility_requests = Optional(row["eligibility_requests"]);
          f.applications_filed = Optional(row["applications_filed"]);
          f.recommended = Optional(row["recommended"]);
          f.retained = Optional(row["retained"]);
          facts.calls.push_back(std::move(f));
        }
        for (const auto& row :
             w.exec_prepared(kSummaryReported.name, q.tenant, q.fiscal_year)) {
          ReportedFacts f;
          f.dims = ProgramDims(row);
          f.measure = MeasureFromText(row["measure"].c_str());
          f.total = row["total"].as<int64_t>();
          v1::ReportedTotal t;
          t.set_measure(f.measure);
          t.set_total(f.total);
          BreakdownsFromJson(row["breakdowns"].c_str(), t.mutable_breakdowns());
          for (const auto& finding : ReconcileBreakdowns(t)) {
            f.findings.push_back(absl::StrCat(
                finding.code(), ": tenants/", q.tenant, "/reportedTotals/",
                row["reported_total_id"].c_str(), " ", finding.message()));
          }
          facts.reported.push_back(std::move(f));
        }
        return absl::OkStatus();
      }));
  BuildFundingSummary(facts, q.dimensions, out);
  out->set_tenant(r.parent());
  out->set_fiscal_year(FormatFiscalYear(q.fiscal_year));
  return absl::OkStatus();
}

}  // namespace poles::funding
