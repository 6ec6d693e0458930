#include "services/funding/funding_service.h"

#include <mutex>

#include "services/funding/agreements_queries.h"
#include "services/funding/awards_queries.h"
#include "services/funding/calls_queries.h"
#include "services/funding/programs_queries.h"
#include "services/funding/reported_totals_queries.h"
#include "services/funding/summary_queries.h"
#include "storage/session.h"

namespace poles::funding {

void RegisterFundingStatements() {
  static std::once_flag once;
  std::call_once(once, [] {
    storage::RegisterStatements({
        kFundersList, kProgramsList, kFunderExists, kProgramFunder, kLocalProgramInsert,
        kLocalProgramUpdate, kLocalProgramGet, kLocalProgramLock, kLocalProgramList,
        kLocalProgramUses, kLocalProgramDelete,
        kAgreementInsert, kAgreementUpdate, kAgreementYearsDelete, kAgreementYearInsert,
        kAgreementGet, kAgreementLock, kAgreementList, kAgreementDelete,
        kAwardInsert, kAwardUpdate, kAwardGet, kAwardLock, kAwardList, kAwardDelete,
        kAwardExists, kTenantHasMrc, kSectorExists, kAwardExportRows, kTenantName,
        kCallInsert, kCallUpdate, kCallGet, kCallLock, kCallList, kCallExists, kCallUses,
        kCallDelete,
        kReportedTotalInsert, kReportedTotalUpdate, kReportedTotalGet, kReportedTotalLock,
        kReportedTotalList, kReportedTotalDelete,
        kSummaryAwards, kSummaryAgreements, kSummaryCalls, kSummaryReported,
    });
  });
}

namespace {
// Until registration is an explicit start-up step for every service, the
// funding statements register themselves as the other services' do.
const bool kRegistered = [] {
  RegisterFundingStatements();
  return true;
}();
}  // namespace

}  // namespace poles::funding
