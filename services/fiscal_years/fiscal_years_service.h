#ifndef POLES_SERVICES_FISCAL_YEARS_FISCAL_YEARS_SERVICE_H_
#define POLES_SERVICES_FISCAL_YEARS_FISCAL_YEARS_SERVICE_H_

#include <vector>

#include "poles/v1/fiscal_years.grpc.pb.h"
#include "services/common/call.h"
#include "services/fiscal_years/fiscal_years.h"
#include "storage/session.h"

namespace poles::fiscal_years {

// The adapter: one line per method.
class FiscalYearsGrpcService final
    : public v1::FiscalYearsService::CallbackService {
 public:
  explicit FiscalYearsGrpcService(const ServiceEnvironment& env) : env_(env) {}

  POLES_SERVE_METHOD(FiscalYearsService, SubmitFiscalYear,
                     v1::SubmitFiscalYearRequest, v1::FiscalYear,
                     Access::kTenantWrite)
  POLES_SERVE_METHOD(FiscalYearsService, UnlockFiscalYear,
                     v1::UnlockFiscalYearRequest, v1::FiscalYear,
                     Access::kNationalOrAdmin)
  POLES_SERVE_METHOD(FiscalYearsService, GetFiscalYear,
                     v1::GetFiscalYearRequest, v1::FiscalYear,
                     Access::kTenantReadOrPlatform)
  POLES_SERVE_METHOD(FiscalYearsService, ListFiscalYears,
                     v1::ListFiscalYearsRequest, v1::ListFiscalYearsResponse,
                     Access::kTenantReadOrPlatform)

 private:
  ServiceEnvironment env_;
  FiscalYearsLogic logic_;
};

// The service's prepared statements (registered by the server).
std::vector<storage::Statement> FiscalYearsStatements();

}  // namespace poles::fiscal_years

#endif  // POLES_SERVICES_FISCAL_YEARS_FISCAL_YEARS_SERVICE_H_
