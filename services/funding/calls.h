#ifndef POLES_SERVICES_FUNDING_CALLS_H_
#define POLES_SERVICES_FUNDING_CALLS_H_

#include "absl/status/status.h"
#include "poles/v1/funding.pb.h"
#include "services/common/call.h"

namespace poles::funding {

// Calls for projects as a funnel (editor writes, editor/viewer reads). The
// retained projects are the awards that name the call.
class CallsForProjects {
 public:
  explicit CallsForProjects(const PageTokenCodec& page_tokens)
      : page_tokens_(page_tokens) {}

  absl::Status CreateCallForProjects(Call& c,
                                     const v1::CreateCallForProjectsRequest& r,
                                     v1::CallForProjects* out);
  absl::Status GetCallForProjects(Call& c,
                                  const v1::GetCallForProjectsRequest& r,
                                  v1::CallForProjects* out);
  absl::Status ListCallsForProjects(Call& c,
                                    const v1::ListCallsForProjectsRequest& r,
                                    v1::ListCallsForProjectsResponse* out);
  absl::Status UpdateCallForProjects(Call& c,
                                     const v1::UpdateCallForProjectsRequest& r,
                                     v1::CallForProjects* out);
  // FAILED_PRECONDITION (reason IN_USE) while awards name the call.
  absl::Status DeleteCallForProjects(Call& c,
                                     const v1::DeleteCallForProjectsRequest& r);

 private:
  const PageTokenCodec& page_tokens_;
};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_CALLS_H_
