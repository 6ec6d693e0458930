#ifndef POLES_SERVICES_FUNDING_AWARDS_H_
#define POLES_SERVICES_FUNDING_AWARDS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "poles/v1/funding.pb.h"
#include "services/common/call.h"
#include "services/common/client_stream.h"
#include "services/funding/directory_stub.h"

namespace poles::funding {

// The recipient snapshot of an organisation as the directory gives it
// (name, MRC, sector, legal form, NEQ).
v1::RecipientSnapshot SnapshotOf(const v1::Organisation& org);

// Reads the snapshot of organisation `name` through `directory` with the
// caller's credential: NOT_FOUND or PERMISSION_DENIED from the directory
// become INVALID_ARGUMENT naming `field` (not an organisation of the
// tenant's directory); other failures are returned as they are.
absl::StatusOr<v1::RecipientSnapshot> ReadRecipient(
    DirectoryStub& directory, const std::string& authorization,
    const std::string& field, const std::string& name,
    std::chrono::system_clock::time_point deadline);

// Awards to enterprises and promoter groups (editor writes, editor/viewer
// reads), and their import.
//
// An organisation recipient is read through `directory` with the caller's
// credential before the tenant transaction opens, so no transaction stays
// open across the loopback call. The call still holds this request's
// database worker while GetOrganisation waits for one of the same pool:
// with every worker busy in an award write the lookups queue until their
// deadline (DEADLINE_EXCEEDED, nothing written) rather than deadlock for
// ever. Award writes are rare, interactive calls, so the pool is shared;
// a deployment that writes awards in bulk should use ImportAwards, which
// holds one worker and makes one lookup per distinct organisation.
class Awards {
 public:
  Awards(const PageTokenCodec& page_tokens, DirectoryStub& directory)
      : page_tokens_(page_tokens), directory_(directory) {}

  absl::Status CreateAward(Call& c, const v1::CreateAwardRequest& r,
                           v1::Award* out);
  absl::Status GetAward(Call& c, const v1::GetAwardRequest& r, v1::Award* out);
  absl::Status ListAwards(Call& c, const v1::ListAwardsRequest& r,
                          v1::ListAwardsResponse* out);
  absl::Status UpdateAward(Call& c, const v1::UpdateAwardRequest& r,
                           v1::Award* out);
  absl::Status DeleteAward(Call& c, const v1::DeleteAwardRequest& r);

  // The whole stream is read first (at most 100 000 rows), every row
  // validated and every distinct organisation read from the directory, then
  // the rows are written in one transaction.
  absl::Status ImportAwards(Call& c,
                            MessageSource<v1::ImportAwardsRequest>& source,
                            v1::ImportAwardsResponse* out);

 private:
  absl::StatusOr<v1::RecipientSnapshot> ReadRecipient(Call& c,
                                                      const std::string& field,
                                                      const std::string& name) {
    return funding::ReadRecipient(directory_, c.authorization, field, name,
                                  c.deadline);
  }

  const PageTokenCodec& page_tokens_;
  DirectoryStub& directory_;
};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_AWARDS_H_
