#ifndef POLES_GATEWAY_FUNDING_ROLLUP_H_
#define POLES_GATEWAY_FUNDING_ROLLUP_H_

// Funding rollups across tenants and fiscal years (NationalService
// GetFundingRollup), computed from each tenant's SummarizeFunding answer.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gateway/tenant_summaries.h"
#include "poles/v1/national.pb.h"

namespace poles::gateway {

// Validates a rollup request; INVALID_ARGUMENT naming each bad field:
// fiscal_years (1 to 20, each "2017-2018" with consecutive years, none
// twice: "fiscal_years[i]"), group_by (at most 2 of funder, funder_kind,
// program, region, mrc, sector, legal_form, fiscal_year, none twice:
// "group_by[i]"), filters (each on one of those dimensions, once:
// "filters[i].dimension"; with 1 to 100 values: "filters[i].values", a
// fiscal_year filter's values being fiscal years: "filters[i].values[j]").
absl::Status ValidateFundingRollupRequest(
    const v1::GetFundingRollupRequest& request);

// The dimensions to ask each tenant's SummarizeFunding for: the group_by
// and filter dimensions in order of appearance, once each, except region
// and fiscal_year (the tenant's region and the call's fiscal year).
std::vector<std::string> RollupSummaryDimensions(
    const v1::GetFundingRollupRequest& request);

// The rollup of a valid request from the funding summaries of every tenant
// and fiscal year asked (one TenantSummaries per tenant per fiscal year,
// each asked with RollupSummaryDimensions; those of fiscal years not in the
// request are ignored).
//
// `awards` sums the award indicators (funding.awards, amount_authorised,
// amount_disbursed, investment_generated, jobs_created, jobs_maintained,
// jobs_created_or_maintained); `reported` sums, side by side and never
// added to them, the totals third parties reported (funding.reported_*:
// amount in amount_authorised_cents, investment in
// investment_generated_cents, enterprises helped in awards, jobs in jobs_*).
// Reported totals are broken down by funder, funder_kind and program only:
// when the request groups by another summary dimension (mrc, sector,
// legal_form) the rows carry no `reported` figures and the total carries
// them all; when it filters on one, no reported figures are given at all.
// Rows are ordered by their group values; totals are exact sums of integer
// cents over the tenants that answered. A tenant whose funding service
// failed is in `unreachable` (once, with the years concerned), never
// counted as zero; tenant_count says how many tenants a figure is over.
//
// For kNational and kFunding readers, a group counting 1 to threshold - 1
// awards (or enterprises helped, for `reported`) is suppressed with its
// complement (SuppressRow over the groups of one dimension, SuppressTable
// over those of two, every margin taken as published): its figures are 0
// and `suppressed` is set; the total stays exact. kTenant readers get
// exact figures and disclosure_threshold 0. compute_time is left to the
// caller.
absl::StatusOr<v1::FundingRollup> BuildFundingRollup(
    const v1::GetFundingRollupRequest& request,
    const std::vector<TenantSummaries>& per_tenant_per_year,
    const ReferenceLabels& labels, Audience audience, int threshold);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_FUNDING_ROLLUP_H_
