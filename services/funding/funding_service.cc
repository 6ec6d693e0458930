#include "services/funding/funding_service.h"

#include <vector>

#include "services/funding/agreements_queries.h"
#include "services/funding/awards_queries.h"
#include "services/funding/calls_queries.h"
#include "services/funding/programs_queries.h"
#include "services/funding/reported_totals_queries.h"
#include "services/funding/summary_queries.h"
#include "storage/session.h"

namespace poles::funding {

std::vector<storage::Statement> FundingStatements() {
  return {
      kFundersList,
      kProgramsList,
      kFunderExists,
      kProgramFunder,
      kLocalProgramInsert,
      kLocalProgramUpdate,
      kLocalProgramGet,
      kLocalProgramLock,
      kLocalProgramList,
      kLocalProgramUses,
      kLocalProgramDelete,
      kAgreementInsert,
      kAgreementUpdate,
      kAgreementYearsDelete,
      kAgreementYearInsert,
      kAgreementGet,
      kAgreementLock,
      kAgreementList,
      kAgreementDelete,
      kAwardInsert,
      kAwardUpdate,
      kAwardGet,
      kAwardLock,
      kAwardList,
      kAwardDelete,
      kAwardExists,
      kTenantHasMrc,
      kSectorExists,
      kAwardExportRows,
      kTenantName,
      kCallInsert,
      kCallUpdate,
      kCallGet,
      kCallLock,
      kCallList,
      kCallExists,
      kCallUses,
      kCallDelete,
      kReportedTotalInsert,
      kReportedTotalUpdate,
      kReportedTotalGet,
      kReportedTotalLock,
      kReportedTotalList,
      kReportedTotalDelete,
      kSummaryAwards,
      kSummaryAgreements,
      kSummaryCalls,
      kSummaryReported,
  };
}

}  // namespace poles::funding
