#ifndef POLES_SERVICES_FUNDING_FUNDING_ENUMS_H_
#define POLES_SERVICES_FUNDING_FUNDING_ENUMS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "poles/v1/funding.pb.h"

namespace poles::funding {

// The text the database stores for each enum value ("provincial",
// "employment_measure", "authorised"...), and back. Unspecified values map
// to "" (or to the documented default where a column has one); unknown
// text maps to the unspecified value.
std::string FunderKindText(v1::FunderKind k);
v1::FunderKind FunderKindFromText(absl::string_view s);
std::string SupportKindText(v1::SupportKind k);
v1::SupportKind SupportKindFromText(absl::string_view s);
// Unspecified -> "draft".
std::string AgreementStatusText(v1::Agreement::Status s);
v1::Agreement::Status AgreementStatusFromText(absl::string_view s);
// Unspecified -> "requested".
std::string AwardStatusText(v1::Award::Status s);
v1::Award::Status AwardStatusFromText(absl::string_view s);
std::string LegalFormText(v1::Organisation::LegalForm f);
v1::Organisation::LegalForm LegalFormFromText(absl::string_view s);
std::string MeasureText(v1::ReportedMeasure m);
v1::ReportedMeasure MeasureFromText(absl::string_view s);

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_FUNDING_ENUMS_H_
