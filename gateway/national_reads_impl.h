#ifndef POLES_GATEWAY_NATIONAL_READS_IMPL_H_
#define POLES_GATEWAY_NATIONAL_READS_IMPL_H_

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "gateway/fan_out_metrics.h"
#include "gateway/findings.h"
#include "gateway/fiscal_year_reader.h"
#include "gateway/national_reads.h"
#include "gateway/tenant_directory.h"
#include "services/common/auth.h"
#include "services/common/summary_stub.h"

namespace poles::gateway {

struct NationalReadsOptions {
  // Cells counting fewer units than this are suppressed for national and
  // ministry users.
  int disclosure_threshold = 5;
  // Summary calls in flight at once, per read.
  int max_in_flight = 64;
  // The deadline of a read that sets none, or a later one.
  std::chrono::milliseconds max_deadline{30000};
  // The gateway's own ROLE_SERVICE credential ("Bearer pk_..."): every call
  // to the services carries it, never a user's key.
  std::string service_authorization;
  // The findings' rules (year-over-year factor, expected indicators).
  FindingOptions findings;
  // The fan-outs' metrics (FanOutOptions::metrics); null: none.
  FanOutMetrics* fan_out_metrics = nullptr;
};

// Who may read what (the caller's role): ROLE_NATIONAL everything
// (Audience::kNational); ROLE_FUNDING the funding rollups and the table's
// funding columns (kFunding); a tenant's editor or viewer its own row,
// bilan and findings (kTenant). Any other role: PERMISSION_DENIED.
absl::StatusOr<Audience> AudienceOf(const Principal& principal);

// NationalReads over a tenant directory (keys, tenants, catalogue), the
// services' summaries (`summaries` sends what it is given; put a
// SummaryCallerMetadata in front of a GrpcSummaryStub) and the tenants'
// fiscal-year states. Thread-safe; the dependencies outlive it.
class NationalReadsImpl final : public NationalReads {
 public:
  NationalReadsImpl(TenantDirectory& directory, SummaryStub& summaries,
                    FiscalYearReader& fiscal_years,
                    NationalReadsOptions options);

  absl::StatusOr<v1::NationalTable> GetNationalTable(
      const std::string& authorization,
      const v1::GetNationalTableRequest& request, Deadline deadline) override;
  absl::StatusOr<v1::FundingRollup> GetFundingRollup(
      const std::string& authorization,
      const v1::GetFundingRollupRequest& request, Deadline deadline) override;
  absl::StatusOr<v1::Bilan> GetBilan(const std::string& authorization,
                                     const v1::GetBilanRequest& request,
                                     Deadline deadline) override;
  absl::StatusOr<v1::BilanDocument> RenderBilan(
      const std::string& authorization, const v1::RenderBilanRequest& request,
      Deadline deadline) override;
  absl::StatusOr<v1::ListFindingsResponse> ListFindings(
      const std::string& authorization, const v1::ListFindingsRequest& request,
      Deadline deadline) override;

 private:
  Deadline Cap(Deadline deadline) const;
  // The findings' options for `audience`: the disclosure threshold for
  // national and ministry readers, exact figures for a Pôle's own users.
  FindingOptions FindingOptionsFor(Audience audience) const;
  // One TenantSummaries per tenant per year of `fiscal_years`,
  // tenant-major (FanOutYears), read with the service credential.
  std::vector<TenantSummaries> Summaries(
      const std::vector<TenantInfo>& tenants,
      const std::vector<std::string>& services,
      const std::vector<std::string>& fiscal_years,
      const std::map<std::string, std::vector<std::string>>& dimensions,
      Deadline deadline);

  TenantDirectory& directory_;
  SummaryStub& summaries_;
  FiscalYearReader& fiscal_years_;
  NationalReadsOptions options_;
};

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_NATIONAL_READS_IMPL_H_
