#ifndef POLES_SERVICES_ADMIN_ACCOUNT_ROWS_H_
#define POLES_SERVICES_ADMIN_ACCOUNT_ROWS_H_

// What the account methods (accounts.cc) and the team's (members.cc) share:
// an account row as a message, the e-mail rule, one-time password links.

#include <cstdint>
#include <string>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "poles/v1/admin.pb.h"
#include "services/common/errors.h"
#include "services/common/mutation.h"
#include "services/common/validation.h"

namespace poles::admin {

inline absl::Status Denied(absl::string_view why) {
  return WithReason(absl::PermissionDeniedError(why), "PERMISSION_DENIED");
}

// An e-mail as stored and compared: trimmed, lower-cased.
inline std::string NormalizedEmail(absl::string_view email) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(email));
}

// An e-mail address (normalised) of at most 254 bytes, or a violation of
// `field`.
inline void CheckEmail(Violations& v, absl::string_view field,
                       const std::string& normalized) {
  if (normalized.size() < 3 || normalized.size() > 254 ||
      normalized.find('@') == std::string::npos ||
      normalized.find_first_of(" \t\r\n") != std::string::npos) {
    v.Add(field, "must be an e-mail address (at most 254 bytes)");
  }
}

// A row of kAccountByEmail/kAccountById (account_id, email, display_name,
// create_micros) as an Account.
template <typename DbRow>
void AccountFromRow(const DbRow& r, v1::Account* a) {
  a->set_name(absl::StrCat("accounts/", r["account_id"].c_str()));
  a->set_email(r["email"].c_str());
  a->set_display_name(r["display_name"].c_str());
  SetTimestamp(r["create_micros"].template as<int64_t>(),
               a->mutable_create_time());
}

// A one-time password link for `account_id` issued by `issuer`, inserted
// (valid 24 hours); its token `pl_<id>_<secret>`, and its expiry in
// `*expire_seconds`.
absl::StatusOr<std::string> InsertPasswordLink(pqxx::work& w,
                                               const std::string& account_id,
                                               const std::string& issuer,
                                               int64_t* expire_seconds);

}  // namespace poles::admin

#endif  // POLES_SERVICES_ADMIN_ACCOUNT_ROWS_H_
