#ifndef POLES_SERVICES_FUNDING_AWARD_EXPORT_RPC_H_
#define POLES_SERVICES_FUNDING_AWARD_EXPORT_RPC_H_

#include "absl/status/status.h"
#include "poles/v1/funding.pb.h"
#include "services/common/call.h"

namespace poles::funding {

// ExportAwards (editor/viewer): reads the tenant's awards in one tenant
// transaction and renders them with award_export.h.
absl::Status ExportAwards(Call& c, const v1::ExportAwardsRequest& r,
                          v1::AwardsExport* out);

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_AWARD_EXPORT_RPC_H_
