#include "services/funding/funding_validation.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/resource_name.h"
#include "services/common/validation.h"

namespace poles::funding {

namespace {

std::string F(absl::string_view prefix, absl::string_view field) {
  return prefix.empty() ? std::string(field) : absl::StrCat(prefix, ".", field);
}

void CheckOptionalDate(Violations& v, absl::string_view field,
                       absl::string_view value) {
  if (!value.empty() && !IsValidIsoDate(value)) {
    v.Add(field, "must be an ISO date (YYYY-MM-DD)");
  }
}

void CheckCount(Violations& v, absl::string_view field, bool present,
                int32_t value, int32_t max) {
  if (present && (value < 0 || value > max)) {
    v.Add(field, absl::StrCat("must be between 0 and ", max));
  }
}

// Parses `tenants/{t}/<collection>/{id}` of `tenant`; "" if empty.
std::string ParseTenantChild(Violations& v, absl::string_view field,
                             absl::string_view value, const std::string& tenant,
                             absl::string_view collection) {
  if (value.empty()) return "";
  auto ids = ParseResourceName(field, value, {"tenants", collection});
  if (!ids.ok()) {
    v.Merge(ids.status());
    return "";
  }
  if (!tenant.empty() && (*ids)[0] != tenant) {
    v.Add(field, "must belong to the same tenant");
    return "";
  }
  return (*ids)[1];
}

bool IsDimensionCode(absl::string_view s) {
  if (s.empty() || s.size() > 64 || !absl::ascii_islower(s[0])) return false;
  for (char c : s) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_')
      return false;
  }
  return true;
}

}  // namespace

ProgramRef ParseProgramRef(Violations& v, absl::string_view field,
                           absl::string_view value, const std::string& tenant,
                           bool required) {
  ProgramRef ref;
  if (value.empty()) {
    if (required) v.Add(field, "is required");
    return ref;
  }
  if (absl::StartsWith(value, "programs/")) {
    auto ids = ParseResourceName(field, value, {"programs"});
    if (!ids.ok()) {
      v.Merge(ids.status());
    } else {
      ref.catalogue_id = (*ids)[0];
    }
    return ref;
  }
  auto ids = ParseResourceName(field, value, {"tenants", "programs"});
  if (!ids.ok()) {
    v.Add(field,
          "must be programs/{program} or tenants/{tenant}/programs/{program}");
  } else if (!tenant.empty() && (*ids)[0] != tenant) {
    v.Add(field, "must be a program of the catalogue or of the same tenant");
  } else {
    ref.local_id = (*ids)[1];
  }
  return ref;
}

std::string ProgramName(const std::string& tenant,
                        const std::string& catalogue_id,
                        const std::string& local_id) {
  if (!catalogue_id.empty()) return absl::StrCat("programs/", catalogue_id);
  if (!local_id.empty()) {
    return FormatResourceName({"tenants", "programs"}, {tenant, local_id});
  }
  return "";
}

std::string ParseFunderRef(Violations& v, absl::string_view field,
                           absl::string_view value, bool required) {
  if (value.empty()) {
    if (required) v.Add(field, "is required");
    return "";
  }
  auto ids = ParseResourceName(field, value, {"funders"});
  if (!ids.ok()) {
    v.Merge(ids.status());
    return "";
  }
  return (*ids)[0];
}

void CheckMoney(Violations& v, absl::string_view field,
                const v1::Money& money) {
  if (money.cents() < 0) v.Add(field, "must not be negative");
  if (!money.currency_code().empty() && money.currency_code() != "CAD") {
    v.Add(F(field, "currency_code"), "only CAD is accepted");
  }
}

int FiscalYearOfIsoDate(absl::string_view date) {
  if (!IsValidIsoDate(date)) return -1;
  int year = (date[0] - '0') * 1000 + (date[1] - '0') * 100 +
             (date[2] - '0') * 10 + (date[3] - '0');
  int month = (date[5] - '0') * 10 + (date[6] - '0');
  return FiscalYearOfDate(year, month);
}

std::string FormatCents(int64_t cents) {
  bool negative = cents < 0;
  uint64_t abs = negative ? 0 - static_cast<uint64_t>(cents) : cents;
  std::string units = std::to_string(abs / 100);
  std::string grouped;
  for (size_t i = 0; i < units.size(); ++i) {
    if (i > 0 && (units.size() - i) % 3 == 0) grouped += ' ';
    grouped += units[i];
  }
  uint64_t rest = abs % 100;
  return absl::StrCat(negative ? "-" : "", grouped, ",", rest < 10 ? "0" : "",
                      rest, " $");
}

void ValidateAward(const v1::Award& a, absl::string_view prefix,
                   const std::string& tenant, Violations& v) {
  CheckText(v, F(prefix, "title"), a.title(), 300, true);
  CheckText(v, F(prefix, "description"), a.description(), 5000, false);
  switch (a.recipient_case()) {
    case v1::Award::kOrganisation:
      if (a.organisation().empty()) {
        v.Add(F(prefix, "organisation"), "is required");
      } else {
        auto ids =
            ParseResourceName(F(prefix, "organisation"), a.organisation(),
                              {"tenants", "organisations"});
        if (!ids.ok()) {
          v.Merge(ids.status());
        } else if (!tenant.empty() && (*ids)[0] != tenant) {
          v.Add(F(prefix, "organisation"),
                "must be an organisation of the award's own tenant");
        }
      }
      break;
    case v1::Award::kPromoterGroup: {
      CheckText(v, F(prefix, "promoter_group"), a.promoter_group(), 300, true);
      const auto& s = a.recipient_snapshot();
      if (!s.mrc().empty()) {
        v.Merge(ParseResourceName(F(prefix, "recipient_snapshot.mrc"), s.mrc(),
                                  {"mrcs"})
                    .status());
      }
      if (!s.sector().empty()) {
        v.Merge(ParseResourceName(F(prefix, "recipient_snapshot.sector"),
                                  s.sector(), {"sectors"})
                    .status());
      }
      if (!v1::Organisation::LegalForm_IsValid(s.legal_form())) {
        v.Add(F(prefix, "recipient_snapshot.legal_form"),
              "is not a known legal form");
      }
      if (!s.neq().empty()) {
        bool ok = s.neq().size() == 10;
        for (char c : s.neq()) ok = ok && absl::ascii_isdigit(c);
        if (!ok)
          v.Add(F(prefix, "recipient_snapshot.neq"), "must be 10 digits");
      }
      break;
    }
    case v1::Award::RECIPIENT_NOT_SET:
      v.Add(F(prefix, "organisation"),
            "a recipient is required: an organisation or a promoter_group");
      break;
  }
  ParseProgramRef(v, F(prefix, "program"), a.program(), tenant, true);
  if (a.has_amount_requested())
    CheckMoney(v, F(prefix, "amount_requested"), a.amount_requested());
  if (a.has_amount_authorised())
    CheckMoney(v, F(prefix, "amount_authorised"), a.amount_authorised());
  if (a.has_amount_disbursed())
    CheckMoney(v, F(prefix, "amount_disbursed"), a.amount_disbursed());
  if (a.has_total_investment())
    CheckMoney(v, F(prefix, "total_investment"), a.total_investment());
  if (a.has_amount_disbursed()) {
    if (!a.has_amount_authorised()) {
      v.Add(F(prefix, "amount_authorised"),
            "is required when an amount is disbursed");
    } else if (a.amount_disbursed().cents() > a.amount_authorised().cents()) {
      v.Add(F(prefix, "amount_disbursed"), "must not exceed amount_authorised");
    }
  }
  CheckOptionalDate(v, F(prefix, "decision_date"), a.decision_date());
  CheckCount(v, F(prefix, "jobs_created"), a.has_jobs_created(),
             a.jobs_created(), 100000);
  CheckCount(v, F(prefix, "jobs_maintained"), a.has_jobs_maintained(),
             a.jobs_maintained(), 100000);
  CheckCount(v, F(prefix, "jobs_created_or_maintained"),
             a.has_jobs_created_or_maintained(), a.jobs_created_or_maintained(),
             100000);
  if (!v1::Award::Status_IsValid(a.status())) {
    v.Add(F(prefix, "status"), "is not a known status");
  } else {
    const auto st = a.status();
    const bool decided =
        st != v1::Award::STATUS_UNSPECIFIED && st != v1::Award::REQUESTED;
    if (decided && a.decision_date().empty()) {
      v.Add(F(prefix, "decision_date"),
            "is required once the request is decided");
    }
    if ((st == v1::Award::AUTHORISED || st == v1::Award::DISBURSED) &&
        !a.has_amount_authorised()) {
      v.Add(F(prefix, "amount_authorised"),
            "is required for an authorised award");
    }
    if (st == v1::Award::DISBURSED && !a.has_amount_disbursed()) {
      v.Add(F(prefix, "amount_disbursed"), "is required for a disbursed award");
    }
  }
  if (!a.plan_item().empty()) {
    auto ids = ParseResourceName(F(prefix, "plan_item"), a.plan_item(),
                                 {"tenants", "plans", "items"});
    if (!ids.ok()) {
      v.Merge(ids.status());
    } else if (!tenant.empty() && (*ids)[0] != tenant) {
      v.Add(F(prefix, "plan_item"), "must be a plan item of the same tenant");
    }
  }
  ParseTenantChild(v, F(prefix, "call_for_projects"), a.call_for_projects(),
                   tenant, "calls");
}

void ValidateLocalProgram(const v1::Program& p, absl::string_view prefix,
                          Violations& v) {
  ParseFunderRef(v, F(prefix, "funder"), p.funder(), true);
  CheckText(v, F(prefix, "label_fr"), p.label_fr(), 300, true);
  CheckText(v, F(prefix, "label_en"), p.label_en(), 300, false);
  CheckText(v, F(prefix, "description"), p.description(), 2000, false);
  if (!v1::SupportKind_IsValid(p.support_kind())) {
    v.Add(F(prefix, "support_kind"), "is not a known kind of support");
  }
}

void ValidateAgreement(const v1::Agreement& a, absl::string_view prefix,
                       const std::string& tenant, Violations& v) {
  ParseFunderRef(v, F(prefix, "funder"), a.funder(), true);
  ParseProgramRef(v, F(prefix, "program"), a.program(), tenant, false);
  CheckText(v, F(prefix, "title"), a.title(), 300, true);
  CheckOptionalDate(v, F(prefix, "signature_date"), a.signature_date());
  CheckText(v, F(prefix, "note"), a.note(), 2000, false);
  if (!v1::Agreement::Status_IsValid(a.status())) {
    v.Add(F(prefix, "status"), "is not a known status");
  }
  int start = -1, end = -1;
  if (a.start_fiscal_year().empty()) {
    v.Add(F(prefix, "start_fiscal_year"), "is required");
  } else if (auto fy = ParseFiscalYear(F(prefix, "start_fiscal_year"),
                                       a.start_fiscal_year());
             fy.ok()) {
    start = *fy;
  } else {
    v.Merge(fy.status());
  }
  if (a.end_fiscal_year().empty()) {
    v.Add(F(prefix, "end_fiscal_year"), "is required");
  } else if (auto fy = ParseFiscalYear(F(prefix, "end_fiscal_year"),
                                       a.end_fiscal_year());
             fy.ok()) {
    end = *fy;
  } else {
    v.Merge(fy.status());
  }
  if (start >= 0 && end >= 0 && end < start) {
    v.Add(F(prefix, "end_fiscal_year"), "must not be before start_fiscal_year");
  }
  std::set<int> seen;
  for (int i = 0; i < a.years_size(); ++i) {
    const auto& y = a.years(i);
    std::string f = F(prefix, absl::StrCat("years[", i, "]"));
    auto fy = ParseFiscalYear(F(f, "fiscal_year"), y.fiscal_year());
    if (!fy.ok()) {
      v.Merge(fy.status());
    } else if (!seen.insert(*fy).second) {
      v.Add(F(f, "fiscal_year"), "appears twice");
    } else if (start >= 0 && end >= 0 && (*fy < start || *fy > end)) {
      v.Add(F(f, "fiscal_year"), "is outside the agreement's period");
    }
    if (y.has_amount()) CheckMoney(v, F(f, "amount"), y.amount());
    if (y.has_matching_required())
      CheckMoney(v, F(f, "matching_required"), y.matching_required());
    if (y.has_matching_received())
      CheckMoney(v, F(f, "matching_received"), y.matching_received());
  }
  if (a.years_size() > 100) v.Add(F(prefix, "years"), "at most 100");
}

void ValidateCallForProjects(const v1::CallForProjects& c,
                             absl::string_view prefix,
                             const std::string& tenant, Violations& v) {
  ParseProgramRef(v, F(prefix, "program"), c.program(), tenant, true);
  CheckText(v, F(prefix, "title"), c.title(), 300, true);
  if (c.fiscal_year().empty()) {
    v.Add(F(prefix, "fiscal_year"), "is required");
  } else {
    v.Merge(
        ParseFiscalYear(F(prefix, "fiscal_year"), c.fiscal_year()).status());
  }
  const int32_t kMax = 1000000;
  CheckCount(v, F(prefix, "information_requests"), c.has_information_requests(),
             c.information_requests(), kMax);
  CheckCount(v, F(prefix, "eligibility_requests"), c.has_eligibility_requests(),
             c.eligibility_requests(), kMax);
  CheckCount(v, F(prefix, "applications_filed"), c.has_applications_filed(),
             c.applications_filed(), kMax);
  CheckCount(v, F(prefix, "recommended"), c.has_recommended(), c.recommended(),
             kMax);
  CheckCount(v, F(prefix, "retained"), c.has_retained(), c.retained(), kMax);
  CheckText(v, F(prefix, "note"), c.note(), 2000, false);
}

void ValidateReportedTotal(const v1::ReportedTotal& t, absl::string_view prefix,
                           const std::string& tenant, Violations& v) {
  ParseFunderRef(v, F(prefix, "funder"), t.funder(), true);
  ParseProgramRef(v, F(prefix, "program"), t.program(), tenant, false);
  if (t.fiscal_year().empty()) {
    v.Add(F(prefix, "fiscal_year"), "is required");
  } else {
    v.Merge(
        ParseFiscalYear(F(prefix, "fiscal_year"), t.fiscal_year()).status());
  }
  if (t.measure() == v1::REPORTED_MEASURE_UNSPECIFIED) {
    v.Add(F(prefix, "measure"), "is required");
  } else if (!v1::ReportedMeasure_IsValid(t.measure())) {
    v.Add(F(prefix, "measure"), "is not a known measure");
  }
  CheckText(v, F(prefix, "title"), t.title(), 300, true);
  CheckText(v, F(prefix, "source_note"), t.source_note(), 1000, false);
  if (t.total() < 0) v.Add(F(prefix, "total"), "must not be negative");
  if (t.breakdowns_size() > 20) v.Add(F(prefix, "breakdowns"), "at most 20");
  std::set<std::string> dimensions;
  for (int i = 0; i < t.breakdowns_size(); ++i) {
    const auto& b = t.breakdowns(i);
    std::string f = F(prefix, absl::StrCat("breakdowns[", i, "]"));
    if (!IsDimensionCode(b.dimension())) {
      v.Add(F(f, "dimension"), "must match [a-z][a-z0-9_]{0,63}");
    } else if (!dimensions.insert(b.dimension()).second) {
      v.Add(F(f, "dimension"), "appears in another breakdown of this total");
    }
    CheckText(v, F(f, "label"), b.label(), 300, false);
    if (b.items_size() == 0 || b.items_size() > 200) {
      v.Add(F(f, "items"), "must hold 1 to 200 items");
    }
    std::set<std::string> keys;
    for (int j = 0; j < b.items_size(); ++j) {
      const auto& item = b.items(j);
      std::string g = F(f, absl::StrCat("items[", j, "]"));
      CheckText(v, F(g, "key"), item.key(), 200, true);
      if (!keys.insert(item.key()).second) v.Add(F(g, "key"), "appears twice");
      CheckText(v, F(g, "label"), item.label(), 300, false);
      if (item.value() < 0) v.Add(F(g, "value"), "must not be negative");
    }
  }
}

std::vector<v1::ValidationFinding> ReconcileBreakdowns(
    const v1::ReportedTotal& t) {
  std::vector<v1::ValidationFinding> findings;
  const bool money = t.measure() == v1::REPORTED_MEASURE_AMOUNT ||
                     t.measure() == v1::REPORTED_MEASURE_INVESTMENT;
  for (int i = 0; i < t.breakdowns_size(); ++i) {
    const auto& b = t.breakdowns(i);
    int64_t sum = 0;
    for (const auto& item : b.items()) sum += item.value();
    const int64_t diff = sum - t.total();
    if (diff == 0) continue;
    auto show = [money](int64_t n) {
      return money ? FormatCents(n) : std::to_string(n);
    };
    v1::ValidationFinding f;
    f.set_code("BREAKDOWN_MISMATCH");
    f.set_field(absl::StrCat("breakdowns[", i, "]"));
    f.set_difference(diff);
    f.set_message(absl::StrCat(
        "breakdowns[", i, "] (", b.dimension(), ") adds up to ", show(sum),
        ", ", show(diff < 0 ? -diff : diff), diff < 0 ? " less" : " more",
        " than the total of ", show(t.total())));
    findings.push_back(std::move(f));
  }
  return findings;
}

absl::Status MismatchError(const std::vector<v1::ValidationFinding>& findings) {
  if (findings.empty()) return absl::OkStatus();
  std::string message;
  for (const auto& f : findings) {
    absl::StrAppend(&message, message.empty() ? "" : "; ", f.message());
  }
  absl::StrAppend(&message,
                  " (set as_published to record the figures as published)");
  return WithReason(absl::FailedPreconditionError(message),
                    "BREAKDOWN_MISMATCH");
}

namespace {

std::string ParentTenant(Violations& v, absl::string_view parent) {
  auto ids = ParseResourceName("parent", parent, {"tenants"});
  if (!ids.ok()) {
    v.Merge(ids.status());
    return "";
  }
  return (*ids)[0];
}

}  // namespace

absl::Status Validate(const v1::CreateAwardRequest& r) {
  Violations v;
  std::string tenant = ParentTenant(v, r.parent());
  ValidateAward(r.award(), "award", tenant, v);
  CheckResourceId(v, "award_id", r.award_id());
  CheckRequestId(v, r.request_id());
  return v.Status();
}

absl::Status Validate(const v1::CreateLocalProgramRequest& r) {
  Violations v;
  ParentTenant(v, r.parent());
  ValidateLocalProgram(r.program(), "program", v);
  CheckResourceId(v, "program_id", r.program_id());
  CheckRequestId(v, r.request_id());
  return v.Status();
}

absl::Status Validate(const v1::CreateAgreementRequest& r) {
  Violations v;
  std::string tenant = ParentTenant(v, r.parent());
  ValidateAgreement(r.agreement(), "agreement", tenant, v);
  CheckResourceId(v, "agreement_id", r.agreement_id());
  CheckRequestId(v, r.request_id());
  return v.Status();
}

absl::Status Validate(const v1::CreateCallForProjectsRequest& r) {
  Violations v;
  std::string tenant = ParentTenant(v, r.parent());
  ValidateCallForProjects(r.call_for_projects(), "call_for_projects", tenant,
                          v);
  CheckResourceId(v, "call_for_projects_id", r.call_for_projects_id());
  CheckRequestId(v, r.request_id());
  return v.Status();
}

absl::Status Validate(const v1::CreateReportedTotalRequest& r) {
  Violations v;
  std::string tenant = ParentTenant(v, r.parent());
  ValidateReportedTotal(r.reported_total(), "reported_total", tenant, v);
  CheckResourceId(v, "reported_total_id", r.reported_total_id());
  CheckRequestId(v, r.request_id());
  return v.Status();
}

absl::Status Validate(const v1::ExportAwardsRequest& r) {
  Violations v;
  ParentTenant(v, r.parent());
  if (!r.fiscal_year().empty()) {
    v.Merge(ParseFiscalYear("fiscal_year", r.fiscal_year()).status());
  }
  if (r.format() == v1::ExportAwardsRequest::FORMAT_UNSPECIFIED ||
      !v1::ExportAwardsRequest::Format_IsValid(r.format())) {
    v.Add("format", "must be CSV or GIVING_360_JSON");
  }
  return v.Status();
}

}  // namespace poles::funding
