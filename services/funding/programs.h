#ifndef POLES_SERVICES_FUNDING_PROGRAMS_H_
#define POLES_SERVICES_FUNDING_PROGRAMS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "poles/v1/funding.pb.h"
#include "services/common/call.h"
#include "storage/tenant_transaction.h"

namespace poles::funding {

// Checks, inside a tenant transaction, that `program` (a validated
// reference of `tenant`, possibly empty) exists and, when `funder_id` is
// not empty, belongs to that funder. INVALID_ARGUMENT naming `field`
// otherwise. Sets `*program_funder` (when given) to the program's funder.
absl::Status CheckProgram(storage::TenantTransaction& tx,
                          const std::string& tenant, absl::string_view field,
                          const std::string& program,
                          const std::string& funder_id,
                          std::string* program_funder = nullptr);

// INVALID_ARGUMENT naming `field` unless `funder_id` is in the catalogue.
absl::Status CheckFunder(storage::TenantTransaction& tx,
                         absl::string_view field, const std::string& funder_id);

// The national catalogue of funders and programs (any key) and a tenant's
// local programs (editor writes, editor/viewer reads).
class Programs {
 public:
  explicit Programs(const PageTokenCodec& page_tokens)
      : page_tokens_(page_tokens) {}

  absl::Status ListFunders(Call& c, const v1::ListFundersRequest& r,
                           v1::ListFundersResponse* out);
  absl::Status ListPrograms(Call& c, const v1::ListProgramsRequest& r,
                            v1::ListProgramsResponse* out);

  absl::Status CreateLocalProgram(Call& c,
                                  const v1::CreateLocalProgramRequest& r,
                                  v1::Program* out);
  absl::Status GetLocalProgram(Call& c, const v1::GetLocalProgramRequest& r,
                               v1::Program* out);
  absl::Status ListLocalPrograms(Call& c, const v1::ListLocalProgramsRequest& r,
                                 v1::ListLocalProgramsResponse* out);
  absl::Status UpdateLocalProgram(Call& c,
                                  const v1::UpdateLocalProgramRequest& r,
                                  v1::Program* out);
  // FAILED_PRECONDITION (reason IN_USE) while anything refers to it.
  absl::Status DeleteLocalProgram(Call& c,
                                  const v1::DeleteLocalProgramRequest& r);

 private:
  const PageTokenCodec& page_tokens_;
};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_PROGRAMS_H_
