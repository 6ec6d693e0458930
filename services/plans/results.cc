// Indicators::RecordResult: the results entered by hand.
#include <pqxx/pqxx>

#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/plans/indicators.h"
#include "services/plans/indicators_queries.h"
#include "services/plans/plans_rows.h"
#include "services/plans/plans_validation.h"
#include "services/plans/results_queries.h"

namespace poles::plans {

absl::Status Indicators::RecordResult(Call& c,
                                      const v1::RecordIndicatorResultRequest& r,
                                      v1::Indicator* out) const {
  Violations v;
  auto name = ParseResourceName("indicator", r.indicator(),
                                {"tenants", "plans", "items", "indicators"});
  v.Merge(name.status());
  ValidateResult(r.result(), "result", v);
  POLES_RETURN_IF_ERROR(v.Status());
  const auto& ids = *name;
  const std::string& tenant = ids[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const int fy = *ParseFiscalYear("", r.result().fiscal_year());
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(kIndicatorLock.name, tenant,
                                                   ids[1], ids[2], ids[3]);
        if (cur.empty()) return NotFound(r.indicator());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        if (cur[0]["computed"].as<bool>()) {
          return WithReason(
              absl::FailedPreconditionError(
                  "the indicator's results are computed from the records; "
                  "unset computed to enter them by hand"),
              "COMPUTED_INDICATOR");
        }
        tx.work().exec_prepared(
            kResultUpsert.name, tenant, ids[1], ids[2], ids[3], fy,
            NumberText(r.result().actual_value()), r.result().note());
        tx.work().exec_prepared(kIndicatorTouch.name, tenant, ids[1], ids[2],
                                ids[3]);
        pqxx::result rows = tx.work().exec_prepared(kIndicatorGet.name, tenant,
                                                    ids[1], ids[2], ids[3]);
        IndicatorFromRow(tenant, ids[1], rows[0], out);
        return WriteAudit(tx, c, r.indicator());
      });
}

}  // namespace poles::plans
