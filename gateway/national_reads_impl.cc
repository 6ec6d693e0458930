#include "gateway/national_reads_impl.h"

#include <algorithm>
#include <future>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gateway/fan_out.h"
#include "gateway/national_table.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/errors.h"
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

std::vector<TenantSummaries> NationalReadsImpl::Summaries(
    const std::vector<TenantInfo>& tenants,
    const std::vector<std::string>& services, const std::string& fiscal_year,
    const std::map<std::string, std::vector<std::string>>& dimensions,
    Deadline deadline) {
  FanOutRequest request{tenants, services, fiscal_year, dimensions};
  return FanOut(
      summaries_, request,
      {options_.max_in_flight, deadline, options_.service_authorization});
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
  std::vector<TenantSummaries> summaries = Summaries(
      tenants, services, request.fiscal_year(), service_dimensions, deadline);
  v1::NationalTable table =
      BuildNationalTable(*catalogue, summaries, states.get(), request,
                         *audience, options_.disclosure_threshold);
  *table.mutable_compute_time() = Now();
  return table;
}

absl::StatusOr<v1::FundingRollup> NationalReadsImpl::GetFundingRollup(
    const std::string& authorization,
    const v1::GetFundingRollupRequest& request, Deadline deadline) {
  deadline = Cap(deadline);
  auto principal = directory_.Authenticate(authorization, deadline);
  if (!principal.ok()) return principal.status();
  auto audience = AudienceOf(*principal);
  if (!audience.ok()) return audience.status();
  return absl::UnimplementedError(
      "funding rollups are not served yet by this gateway");
}

absl::StatusOr<v1::Bilan> NationalReadsImpl::GetBilan(
    const std::string& authorization, const v1::GetBilanRequest& request,
    Deadline deadline) {
  deadline = Cap(deadline);
  auto principal = directory_.Authenticate(authorization, deadline);
  if (!principal.ok()) return principal.status();
  auto audience = AudienceOf(*principal);
  if (!audience.ok()) return audience.status();
  return absl::UnimplementedError("bilans are not served yet by this gateway");
}

absl::StatusOr<v1::BilanDocument> NationalReadsImpl::RenderBilan(
    const std::string& authorization, const v1::RenderBilanRequest& request,
    Deadline deadline) {
  deadline = Cap(deadline);
  auto principal = directory_.Authenticate(authorization, deadline);
  if (!principal.ok()) return principal.status();
  auto audience = AudienceOf(*principal);
  if (!audience.ok()) return audience.status();
  return absl::UnimplementedError("bilans are not served yet by this gateway");
}

absl::StatusOr<v1::ListFindingsResponse> NationalReadsImpl::ListFindings(
    const std::string& authorization, const v1::ListFindingsRequest& request,
    Deadline deadline) {
  deadline = Cap(deadline);
  auto principal = directory_.Authenticate(authorization, deadline);
  if (!principal.ok()) return principal.status();
  auto audience = AudienceOf(*principal);
  if (!audience.ok()) return audience.status();
  return absl::UnimplementedError(
      "findings are not served yet by this gateway");
}

}  // namespace poles::gateway
