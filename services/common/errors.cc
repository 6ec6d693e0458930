#include "services/common/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace poles {

namespace {
constexpr char kBadRequestUrl[] = "type.googleapis.com/google.rpc.BadRequest";
constexpr char kErrorInfoUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
constexpr char kDomain[] = "poles.quebec";

std::string Describe(const std::vector<FieldViolation>& violations) {
  std::vector<std::string> parts;
  for (const auto& v : violations) {
    parts.push_back(absl::StrCat(v.field, ": ", v.description));
  }
  return absl::StrJoin(parts, "; ");
}
}  // namespace

absl::Status InvalidFields(const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad;
  for (const auto& v : violations) {
    auto* fv = bad.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
  }
  absl::Status s = absl::InvalidArgumentError(Describe(violations));
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
