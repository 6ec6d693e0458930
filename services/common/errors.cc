#include "services/common/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/common/request_limits.h"

namespace poles {

namespace {
constexpr char kBadRequestUrl[] = "type.googleapis.com/google.rpc.BadRequest";
constexpr char kErrorInfoUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
constexpr char kDomain[] = "poles.quebec";

// `text` cut to at most `max` bytes, never inside a UTF-8 sequence.
absl::string_view CutUtf8(absl::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

std::string Describe(const std::vector<FieldViolation>& violations,
                     size_t shown, size_t more) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < shown; ++i) {
    parts.push_back(
        absl::StrCat(violations[i].field, ": ", violations[i].description));
  }
  std::string text(CutUtf8(absl::StrJoin(parts, "; "), kMaxErrorMessageBytes));
  if (more > 0) absl::StrAppend(&text, " (and ", more, " more)");
  return text;
}
}  // namespace

absl::Status InvalidFields(const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad;
  size_t bytes = 0;
  size_t shown = 0;
  for (const auto& v : violations) {
    if (shown == static_cast<size_t>(kMaxFieldViolations)) break;
    bytes += v.field.size() + v.description.size();
    if (shown > 0 && bytes > kMaxViolationBytes) break;
    auto* fv = bad.add_field_violations();
    fv->set_field(std::string(CutUtf8(v.field, kMaxViolationBytes / 2)));
    fv->set_description(
        std::string(CutUtf8(v.description, kMaxViolationBytes / 2)));
    ++shown;
  }
  absl::Status s = absl::InvalidArgumentError(
      Describe(violations, shown, violations.size() - shown));
  s.SetPayload(kBadRequestUrl, absl::Cord(bad.SerializeAsString()));
  return WithReason(std::move(s), "INVALID_FIELD");
}

absl::Status InvalidField(absl::string_view field,
                          absl::string_view description) {
  return InvalidFields({{std::string(field), std::string(description)}});
}

void Violations::Merge(const absl::Status& status) {
  if (status.ok()) return;
  auto v = FieldViolationsOf(status);
  if (v.empty()) {
    if (other_.ok()) other_ = status;
    return;
  }
  list_.insert(list_.end(), v.begin(), v.end());
}

absl::Status Violations::Status() const {
  if (!other_.ok()) return other_;
  if (list_.empty()) return absl::OkStatus();
  return InvalidFields(list_);
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kBadRequestUrl);
  if (!payload) return out;
  google::rpc::BadRequest bad;
  if (!bad.ParseFromString(std::string(*payload))) return out;
  for (const auto& fv : bad.field_violations()) {
    out.push_back({fv.field(), fv.description()});
  }
  return out;
}

absl::Status WithReason(absl::Status status, absl::string_view reason) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(kDomain);
  status.SetPayload(kErrorInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

std::string ReasonOf(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorInfoUrl);
  if (!payload) return "";
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(std::string(*payload))) return "";
  return info.reason();
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status rpc;
  rpc.set_code(static_cast<int>(status.code()));
  rpc.set_message(std::string(status.message()));
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& value) {
    auto* any = rpc.add_details();
    any->set_type_url(std::string(url));
    any->set_value(std::string(value));
  });
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()), rpc.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()),
                   status.error_message());
  google::rpc::Status rpc;
  if (!status.error_details().empty() &&
      rpc.ParseFromString(status.error_details())) {
    for (const auto& any : rpc.details()) {
      out.SetPayload(any.type_url(), absl::Cord(any.value()));
    }
  }
  return out;
}

}  // namespace poles
