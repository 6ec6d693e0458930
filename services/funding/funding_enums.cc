#include "services/funding/funding_enums.h"

#include <utility>

namespace poles::funding {

namespace {

template <typename E, size_t N>
std::string ToText(const std::pair<E, const char*> (&table)[N], E value,
                   const char* fallback) {
  for (const auto& [e, text] : table) {
    if (e == value) return text;
  }
  return fallback;
}

template <typename E, size_t N>
E FromText(const std::pair<E, const char*> (&table)[N], absl::string_view s,
           E fallback) {
  for (const auto& [e, text] : table) {
    if (s == text) return e;
  }
  return fallback;
}

const std::pair<v1::FunderKind, const char*> kFunderKinds[] = {
    {v1::FUNDER_KIND_PROVINCIAL, "provincial"},
    {v1::FUNDER_KIND_FEDERAL, "federal"},
    {v1::FUNDER_KIND_MUNICIPAL, "municipal"},
    {v1::FUNDER_KIND_PHILANTHROPIC, "philanthropic"},
    {v1::FUNDER_KIND_SOCIAL_FINANCE, "social_finance"},
    {v1::FUNDER_KIND_COOPERATIVE_FINANCE, "cooperative_finance"},
    {v1::FUNDER_KIND_OTHER, "other"},
};
const std::pair<v1::SupportKind, const char*> kSupportKinds[] = {
    {v1::SUPPORT_KIND_GRANT, "grant"},
    {v1::SUPPORT_KIND_LOAN, "loan"},
    {v1::SUPPORT_KIND_EQUITY, "equity"},
    {v1::SUPPORT_KIND_GUARANTEE, "guarantee"},
    {v1::SUPPORT_KIND_EMPLOYMENT_MEASURE, "employment_measure"},
    {v1::SUPPORT_KIND_OPERATING, "operating"},
    {v1::SUPPORT_KIND_OTHER, "other"},
};
const std::pair<v1::Agreement::Status, const char*> kAgreementStatuses[] = {
    {v1::Agreement::DRAFT, "draft"},
    {v1::Agreement::ACTIVE, "active"},
    {v1::Agreement::COMPLETED, "completed"},
    {v1::Agreement::TERMINATED, "terminated"},
};
const std::pair<v1::Award::Status, const char*> kAwardStatuses[] = {
    {v1::Award::REQUESTED, "requested"}, {v1::Award::AUTHORISED, "authorised"},
    {v1::Award::DISBURSED, "disbursed"}, {v1::Award::REFUSED, "refused"},
    {v1::Award::CANCELLED, "cancelled"},
};
const std::pair<v1::Organisation::LegalForm, const char*> kLegalForms[] = {
    {v1::Organisation::OBNL, "obnl"},
    {v1::Organisation::COOPERATIVE, "cooperative"},
    {v1::Organisation::MUTUAL, "mutual"},
    {v1::Organisation::OTHER, "other"},
};
const std::pair<v1::ReportedMeasure, const char*> kMeasures[] = {
    {v1::REPORTED_MEASURE_AMOUNT, "amount"},
    {v1::REPORTED_MEASURE_INVESTMENT, "investment"},
    {v1::REPORTED_MEASURE_ENTERPRISES, "enterprises"},
    {v1::REPORTED_MEASURE_JOBS_CREATED, "jobs_created"},
    {v1::REPORTED_MEASURE_JOBS_MAINTAINED, "jobs_maintained"},
    {v1::REPORTED_MEASURE_JOBS_CREATED_OR_MAINTAINED,
     "jobs_created_or_maintained"},
};

}  // namespace

std::string FunderKindText(v1::FunderKind k) {
  return ToText(kFunderKinds, k, "");
}
v1::FunderKind FunderKindFromText(absl::string_view s) {
  return FromText(kFunderKinds, s, v1::FUNDER_KIND_UNSPECIFIED);
}
std::string SupportKindText(v1::SupportKind k) {
  return ToText(kSupportKinds, k, "");
}
v1::SupportKind SupportKindFromText(absl::string_view s) {
  return FromText(kSupportKinds, s, v1::SUPPORT_KIND_UNSPECIFIED);
}
std::string AgreementStatusText(v1::Agreement::Status s) {
  return ToText(kAgreementStatuses, s, "draft");
}
v1::Agreement::Status AgreementStatusFromText(absl::string_view s) {
  return FromText(kAgreementStatuses, s, v1::Agreement::STATUS_UNSPECIFIED);
}
std::string AwardStatusText(v1::Award::Status s) {
  return ToText(kAwardStatuses, s, "requested");
}
v1::Award::Status AwardStatusFromText(absl::string_view s) {
  return FromText(kAwardStatuses, s, v1::Award::STATUS_UNSPECIFIED);
}
std::string LegalFormText(v1::Organisation::LegalForm f) {
  return ToText(kLegalForms, f, "");
}
v1::Organisation::LegalForm LegalFormFromText(absl::string_view s) {
  return FromText(kLegalForms, s, v1::Organisation::LEGAL_FORM_UNSPECIFIED);
}
std::string MeasureText(v1::ReportedMeasure m) {
  return ToText(kMeasures, m, "");
}
v1::ReportedMeasure MeasureFromText(absl::string_view s) {
  return FromText(kMeasures, s, v1::REPORTED_MEASURE_UNSPECIFIED);
}

}  // namespace poles::funding
