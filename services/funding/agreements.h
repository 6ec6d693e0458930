#ifndef POLES_SERVICES_FUNDING_AGREEMENTS_H_
#define POLES_SERVICES_FUNDING_AGREEMENTS_H_

#include "absl/status/status.h"
#include "poles/v1/funding.pb.h"
#include "services/common/call.h"

namespace poles::funding {

// The Pôle's own agreements with funders and their yearly amounts (editor
// writes, editor/viewer reads). An agreement and its years are written in
// one transaction; an update of `years` replaces them all.
class Agreements {
 public:
  explicit Agreements(const PageTokenCodec& page_tokens)
      : page_tokens_(page_tokens) {}

  absl::Status CreateAgreement(Call& c, const v1::CreateAgreementRequest& r,
                               v1::Agreement* out);
  absl::Status GetAgreement(Call& c, const v1::GetAgreementRequest& r,
                            v1::Agreement* out);
  absl::Status ListAgreements(Call& c, const v1::ListAgreementsRequest& r,
                              v1::ListAgreementsResponse* out);
  absl::Status UpdateAgreement(Call& c, const v1::UpdateAgreementRequest& r,
                               v1::Agreement* out);
  absl::Status DeleteAgreement(Call& c, const v1::DeleteAgreementRequest& r);

 private:
  const PageTokenCodec& page_tokens_;
};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_AGREEMENTS_H_
