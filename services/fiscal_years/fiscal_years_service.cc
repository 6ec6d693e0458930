#include "services/fiscal_years/fiscal_years_service.h"

#include "services/fiscal_years/fiscal_years_queries.h"

namespace poles::fiscal_years {

std::vector<storage::Statement> FiscalYearsStatements() {
  return {kFiscalYearGet, kFiscalYearLock, kFiscalYearList, kFiscalYearSubmit,
          kFiscalYearUnlock};
}

}  // namespace poles::fiscal_years
