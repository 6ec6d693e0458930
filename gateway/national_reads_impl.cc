#include "gateway/national_reads_impl.h"

#include <algorithm>
#include <future>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gateway/bilan.h"
#include "gateway/bilan_html.h"
#include "gateway/fan_out.h"
#include "gateway/funding_rollup.h"
#include "gateway/national_table.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/errors.h"
#include "services/common/resource_name.h"
#include "services/common/validation.h"

namespace poles::gateway {

namespace {

absl::Status Denied(absl::string_view why) {
  return WithReason(absl::PermissionDeniedError(why), "PERMISSION_DENIED");
}

google::protobuf::Timestamp Now() {
  return google::protobuf::util::TimeUtil::GetCurrentTime();
}

bool IsRegionCode(const std::string& code) {
  return code.size() == 2 && absl::ascii_isdigit(code[0]) &&
         absl::ascii_isdigit(code[1]);
}

// "2016-2017" for "2017-2018" (which must be valid).
std::string PreviousFiscalYear(const std::string& fiscal_year) {
  auto start = ParseFiscalYear("fiscal_year", fiscal_year);
  return start.ok() ? FormatFiscalYear(*start - 1) : fiscal_year;
}

// FanOutYears' answer over [year, previous year] split in two, in the
// tenants' order.
void SplitYears(std::vector<TenantSummaries> both,
                std::vector<TenantSummaries>* year,
                std::vector<TenantSummaries>* previous) {
  for (size_t i = 0; i + 1 < both.size(); i += 2) {
    year->push_back(std::move(both[i]));
    previous->push_back(std::move(both[i + 1]));
  }
}

// The services of the catalogue, in its order.
std::vector<std::string> ServicesOf(
    const std::vector<v1::NationalIndicator>& catalogue) {
  std::vector<std::string> out;
  for (const auto& i : catalogue) {
    if (std::find(out.begin(), out.end(), i.service()) == out.end()) {
      out.push_back(i.service());
    }
  }
  return out;
}

// `tenants/{tenant}/bilans/{fiscal_year}` -> (tenant, fiscal year).
absl::StatusOr<std::pair<std::string, std::string>> ParseBilanName(
    const std::string& name) {
  auto ids = ParseResourceName("name", name, {"tenants", "bilans"});
  if (!ids.ok()) return ids.status();
  if (auto year = ParseFiscalYear("name", (*ids)[1]); !year.ok()) {
    return year.status();
  }
  return std::make_pair((*ids)[0], (*ids)[1]);
}

}  // namespace

absl::StatusOr<Audience> AudienceOf(const Principal& principal) {
  switch (principal.role) {
    case v1::ROLE_NATIONAL:
      return Audience::kNational;
    case v1::ROLE_FUNDING:
      return Audience::kFunding;
    case v1::ROLE_EDITOR:
    case v1::ROLE_VIEWER:
      return Audience::kTenant;
    default:
      return Denied(
          "the national reads need the national or funding role, or a "
          "tenant's editor or viewer role");
  }
}

NationalReadsImpl::NationalReadsImpl(TenantDirectory& directory,
                                     SummaryStub& summaries,
                                     FiscalYearReader& fiscal_years,
                                     NationalReadsOptions options)
    : directory_(directory),
      summaries_(summaries),
      fiscal_years_(fiscal_years),
      options_(std::move(options)) {}

NationalReads::Deadline NationalReadsImpl::Cap(Deadline deadline) const {
  return std::min(deadline,
                  std::chrono::system_clock::now() + options_.max_deadline);
}

FindingOptions NationalReadsImpl::FindingOptionsFor(Audience audience) const {
  FindingOptions findings = options_.findings;
  findings.disclosure_threshold =
      audience == Audience::kTenant ? 0 : options_.disclosure_threshold;
  return findings;
}

std::vector<TenantSummaries> NationalReadsImpl::Summaries(
    const std::vector<TenantInfo>& tenants,
    const std::vector<std::string>& services,
    const std::vector<std::string>& fiscal_years,
    const std::map<std::string, std::vector<std::string>>& dimensions,
    Deadline deadline) {
  FanOutRequest request{tenants, services, "", dimensions};
  return FanOutYears(
      summaries_, request, fiscal_years,
      {options_.max_in_flight, deadline, options_.service_authorization,
       options_.fan_out_metrics});
}

absl::StatusOr<v1::NationalTable> NationalReadsImpl::GetNationalTable(
    const std::string& authorization,
    const v1::GetNationalTableRequest& request, Deadline deadline) {
  deadline = Cap(deadline);
  auto principal = directory_.Authenticate(authorization, deadline);
  if (!principal.ok()) return principal.status();

  auto catalogue = directory_.Catalogue(deadline);
  if (!catalogue.ok()) return catalogue.status();
  auto labels = directory_.Labels(deadline);
  if (!labels.ok()) return labels.status();
  Violations v;
  if (request.fiscal_year().empty()) {
    v.Add("fiscal_year", "is required (\"2017-2018\")");
  } else {
    v.Merge(ParseFiscalYear("fiscal_year", request.fiscal_year()).status());
  }
  std::map<std::string, const v1::NationalIndicator*> by_code;
  std::set<std::string> dimensions;
  for (const auto& i : *catalogue) {
    by_code[IndicatorCode(i)] = &i;
    dimensions.insert(i.dimensions().begin(), i.dimensions().end());
  }
  for (int k = 0; k < request.indicators_size(); ++k) {
    if (by_code.count(request.indicators(k)) == 0) {
      v.Add(absl::StrCat("indicators[", k, "]"),
            absl::StrCat("unknown indicator \"", request.indicators(k),
                         "\" (see AdminService.ListNationalIndicators)"));
    }
  }
  const auto& regions = labels->by_dimension["region"];
  for (int k = 0; k < request.region_codes_size(); ++k) {
    const std::string& code = request.region_codes(k);
    if (!IsRegionCode(code) || regions.count(code) == 0) {
      v.Add(absl::StrCat("region_codes[", k, "]"),
            absl::StrCat("unknown administrative region \"", code,
                         "\" (two digits, \"01\" to \"17\")"));
    }
  }
  if (!request.breakdown().empty() &&
      dimensions.count(request.breakdown()) == 0) {
    v.Add("breakdown",
          absl::StrCat("unknown dimension \"", request.breakdown(),
                       "\" (gender, sector, mrc, legal_form, phase, "
                       "event_kind, funder, funder_kind, program ...)"));
  }
  if (!v.empty()) return v.Status();

  auto audience = AudienceOf(*principal);
  if (!audience.ok()) return audience.status();
  if (*audience == Audience::kFunding) {
    for (const auto& code : request.indicators()) {
      if (by_code.at(code)->service() != "funding") {
        return Denied(absl::StrCat(
            "the funding role reads the funding indicators only, not \"", code,
            "\""));
      }
    }
  }

  auto all = directory_.Tenants(deadline);
  if (!all.ok()) return all.status();
  const std::set<std::string> wanted_regions(request.region_codes().begin(),
                                             request.region_codes().end());
  std::vector<TenantInfo> tenants;
  for (const TenantInfo& t : *all) {
    if (*audience == Audience::kTenant && t.slug != principal->tenant) {
      continue;
    }
    if (!wanted_regions.empty() && wanted_regions.count(t.region_code) == 0) {
      continue;
    }
    tenants.push_back(t);
  }

  const auto columns =
      TableColumns(*catalogue,
                   std::vector<std::string>(request.indicators().begin(),
                                            request.indicators().end()),
                   *audience);
  std::vector<std::string> services;
  std::map<std::string, std::vector<std::string>> service_dimensions;
  for (const auto& c : columns) {
    if (std::find(services.begin(), services.end(), c.service()) ==
        services.end()) {
      services.push_back(c.service());
    }
    const auto& dims = c.dimensions();
    if (!request.breakdown().empty() &&
        std::find(dims.begin(), dims.end(), request.breakdown()) !=
            dims.end()) {
      service_dimensions[c.service()] = {request.breakdown()};
    }
  }

  std::vector<std::string> slugs;
  for (const auto& t : tenants) slugs.push_back(t.slug);
  auto states = std::async(std::launch::async, [&] {
    return fiscal_years_.Read(slugs, request.fiscal_year(),
                              options_.service_authorization, deadline);
  });
  const std::string previous = PreviousFiscalYear(request.fiscal_year());
  std::vector<TenantSummaries> year, before;
  SplitYears(Summaries(tenants, services, {request.fiscal_year(), previous},
                       service_dimensions, deadline),
             &year, &before);
  v1::NationalTable table =
      BuildNationalTable(*catalogue, year, states.get(), request, *audience,
                         options_.disclosure_threshold);
  const FindingOptions findings = FindingOptionsFor(*audience);
  for (size_t i = 0; i < year.size(); ++i) {
    for (auto& f : ComputeFindings(year[i], &before[i], *catalogue, findings)) {
      *table.mutable_rows(static_cast<int>(i))->add_findings() = std::move(f);
    }
  }
  *table.mutable_compute_time() = Now();
  return table;
}

absl::StatusOr<v1::FundingRollup> NationalReadsImpl::GetFundingRollup(
    const std::string& authorization,
    const v1::GetFundingRollupRequest& request, Deadline deadline) {
  deadline = Cap(deadline);
  auto principal = directory_.Authenticate(authorization, deadline);
  if (!principal.ok()) return principal.status();
  if (auto s = ValidateFundingRollupRequest(request); !s.ok()) return s;
  auto audience = AudienceOf(*principal);
  if (!audience.ok()) return audience.status();
  auto labels = directory_.Labels(deadline);
  if (!labels.ok()) return labels.status();
  auto all = directory_.Tenants(deadline);
  if (!all.ok()) return all.status();
  std::vector<TenantInfo> tenants;
  for (const TenantInfo& t : *all) {
    if (*audience != Audience::kTenant || t.slug == principal->tenant) {
      tenants.push_back(t);
    }
  }
  std::map<std::string, std::vector<std::string>> dimensions;
  if (auto d = RollupSummaryDimensions(request); !d.empty()) {
    dimensions["funding"] = std::move(d);
  }
  const std::vector<std::string> years(request.fiscal_years().begin(),
                                       request.fiscal_years().end());
  auto rollup = BuildFundingRollup(
      request, Summaries(tenants, {"funding"}, years, dimensions, deadline),
      *labels, *audience, options_.disclosure_threshold);
  if (!rollup.ok()) return rollup.status();
  *rollup->mutable_compute_time() = Now();
  return rollup;
}

absl::StatusOr<v1::Bilan> NationalReadsImpl::GetBilan(
    const std::string& authorization, const v1::GetBilanRequest& request,
    Deadline deadline) {
  deadline = Cap(deadline);
  auto principal = directory_.Authenticate(authorization, deadline);
  if (!principal.ok()) return principal.status();
  auto name = ParseBilanName(request.name());
  if (!name.ok()) return name.status();
  // Named copies, not a structured binding: lambdas below capture them.
  const std::string slug = name->first;
  const std::string fiscal_year = name->second;
  auto audience = AudienceOf(*principal);
  if (!audience.ok()) return audience.status();
  if (*audience == Audience::kFunding) {
    return Denied(
        "the funding role reads the funding rollups and columns "
        "only, not a Pôle's bilan");
  }
  if (*audience == Audience::kTenant && principal->tenant != slug) {
    return Denied("the key has no access to this tenant");
  }
  auto all = directory_.Tenants(deadline);
  if (!all.ok()) return all.status();
  auto tenant =
      std::find_if(all->begin(), all->end(),
                   [&](const TenantInfo& t) { return t.slug == slug; });
  if (tenant == all->end()) {
    return absl::NotFoundError(absl::StrCat("tenants/", slug, " not found"));
  }
  auto catalogue = directory_.Catalogue(deadline);
  if (!catalogue.ok()) return catalogue.status();
  auto labels = directory_.Labels(deadline);
  if (!labels.ok()) return labels.status();
  const std::vector<std::string> services = ServicesOf(*catalogue);
  std::map<std::string, std::vector<std::string>> dimensions;
  for (const auto& service : services) {
    if (auto d = BilanDimensions(service, *catalogue); !d.empty()) {
      dimensions[service] = std::move(d);
    }
  }
  auto states = std::async(std::launch::async, [&] {
    return fiscal_years_.Read({slug}, fiscal_year,
                              options_.service_authorization, deadline);
  });
  std::vector<TenantSummaries> summaries =
      Summaries({*tenant}, services, {fiscal_year}, dimensions, deadline);
  v1::Bilan bilan = BuildBilan(summaries.at(0), *catalogue, *labels, *audience,
                               options_.disclosure_threshold);
  if (bilan.name().empty()) bilan.set_name(request.name());
  // The heading's legal name and incorporation date; without the profile
  // the bilan is compiled all the same.
  if (auto profile = directory_.Profile(slug, deadline); profile.ok()) {
    bilan.set_legal_name(profile->legal_name());
    bilan.set_incorporation_date(profile->incorporation_date());
  }
  const auto year = states.get();
  auto state = year.find(slug);
  if (state != year.end() &&
      state->second.state() == v1::FiscalYear::SUBMITTED) {
    if (bilan.state() != v1::NationalTableRow::UNREACHABLE) {
      bilan.set_state(v1::NationalTableRow::SUBMITTED);
    }
    *bilan.mutable_submit_time() = state->second.submit_time();
  }
  *bilan.mutable_compute_time() = Now();
  return bilan;
}

absl::StatusOr<v1::BilanDocument> NationalReadsImpl::RenderBilan(
    const std::string& authorization, const v1::RenderBilanRequest& request,
    Deadline deadline) {
  if (!request.language().empty() && request.language() != "fr" &&
      request.language() != "en") {
    return InvalidField("language", "must be \"fr\" (default) or \"en\"");
  }
  v1::GetBilanRequest get;
  get.set_name(request.name());
  auto bilan = GetBilan(authorization, get, deadline);
  if (!bilan.ok()) return bilan.status();
  v1::BilanDocument document;
  document.set_content_type("text/html; charset=utf-8");
  document.set_content(RenderBilanHtml(
      *bilan, request.language().empty() ? "fr" : request.language()));
  return document;
}

absl::StatusOr<v1::ListFindingsResponse> NationalReadsImpl::ListFindings(
    const std::string& authorization, const v1::ListFindingsRequest& request,
    Deadline deadline) {
  deadline = Cap(deadline);
  auto principal = directory_.Authenticate(authorization, deadline);
  if (!principal.ok()) return principal.status();
  Violations v;
  if (request.fiscal_year().empty()) {
    v.Add("fiscal_year", "is required (\"2017-2018\")");
  } else {
    v.Merge(ParseFiscalYear("fiscal_year", request.fiscal_year()).status());
  }
  std::set<std::string> wanted;
  for (int k = 0; k < request.tenants_size(); ++k) {
    auto ids = ParseResourceName(absl::StrCat("tenants[", k, "]"),
                                 request.tenants(k), {"tenants"});
    if (!ids.ok()) {
      v.Merge(ids.status());
    } else {
      wanted.insert((*ids)[0]);
    }
  }
  if (!v.empty()) return v.Status();
  auto audience = AudienceOf(*principal);
  if (!audience.ok()) return audience.status();
  if (*audience == Audience::kFunding) {
    return Denied(
        "the funding role reads the funding rollups and columns "
        "only, not the Pôles' findings");
  }
  if (*audience == Audience::kTenant) {
    for (const auto& slug : wanted) {
      if (slug != principal->tenant) {
        return Denied("the key has no access to this tenant");
      }
    }
    wanted = {principal->tenant};
  }
  auto all = directory_.Tenants(deadline);
  if (!all.ok()) return all.status();
  auto catalogue = directory_.Catalogue(deadline);
  if (!catalogue.ok()) return catalogue.status();
  std::vector<TenantInfo> tenants;
  for (const TenantInfo& t : *all) {
    if (wanted.empty() || wanted.count(t.slug) == 1) tenants.push_back(t);
  }
  const std::vector<std::string> services = ServicesOf(*catalogue);
  std::map<std::string, std::vector<std::string>> dimensions;
  for (const auto& i : *catalogue) {
    if (std::find(i.dimensions().begin(), i.dimensions().end(), "gender") !=
        i.dimensions().end()) {
      dimensions[i.service()] = {"gender"};
    }
  }
  std::vector<TenantSummaries> year, before;
  SplitYears(Summaries(tenants, services,
                       {request.fiscal_year(),
                        PreviousFiscalYear(request.fiscal_year())},
                       dimensions, deadline),
             &year, &before);
  v1::ListFindingsResponse response;
  const FindingOptions findings = FindingOptionsFor(*audience);
  for (size_t i = 0; i < year.size(); ++i) {
    for (auto& f : ComputeFindings(year[i], &before[i], *catalogue, findings)) {
      *response.add_findings() = std::move(f);
    }
  }
  for (auto& u : UnreachableOf(year))
    *response.add_unreachable() = std::move(u);
  return response;
}

}  // namespace poles::gateway
