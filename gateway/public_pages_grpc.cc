#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "gateway/public_pages.h"
#include "poles/v1/directories.grpc.pb.h"
#include "poles/v1/events.grpc.pb.h"
#include "services/common/errors.h"

namespace poles::gateway {

namespace {

class GrpcPublicPages final : public PublicPages {
 public:
  GrpcPublicPages(const std::shared_ptr<grpc::Channel>& channel,
                  std::string authorization)
      : events_(v1::EventsService::NewStub(channel)),
        directories_(v1::DirectoriesService::NewStub(channel)),
        authorization_(std::move(authorization)) {}

  absl::StatusOr<PublicDocument> Calendar(const std::string& tenant,
                                          Deadline deadline) override {
    grpc::ClientContext context;
    Prepare(context, deadline);
    v1::GetPublicCalendarRequest request;
    request.set_parent(absl::StrCat("tenants/", tenant));
    v1::Calendar calendar;
    absl::Status status = FromGrpcStatus(
        events_->GetPublicCalendar(&context, request, &calendar));
    if (!status.ok()) return status;
    return PublicDocument{calendar.content_type(), calendar.data()};
  }

  absl::StatusOr<PublicDocument> Directory(const std::string& tenant,
                                           const std::string& mrc,
                                           Deadline deadline) override {
    grpc::ClientContext context;
    Prepare(context, deadline);
    v1::ExportDirectoryRequest request;
    request.set_parent(absl::StrCat("tenants/", tenant));
    request.set_format(v1::ExportDirectoryRequest::HTML);
    request.set_mrc(absl::StrCat("mrcs/", mrc));
    v1::DirectoryExport exported;
    absl::Status status = FromGrpcStatus(
        directories_->ExportDirectory(&context, request, &exported));
    if (!status.ok()) return status;
    return PublicDocument{exported.content_type(), exported.data()};
  }

 private:
  void Prepare(grpc::ClientContext& context, Deadline deadline) const {
    context.set_deadline(deadline);
    context.AddMetadata("authorization", authorization_);
  }

  std::unique_ptr<v1::EventsService::Stub> events_;
  std::unique_ptr<v1::DirectoriesService::Stub> directories_;
  const std::string authorization_;
};

}  // namespace

std::unique_ptr<PublicPages> NewGrpcPublicPages(
    std::shared_ptr<grpc::Channel> channel, std::string service_authorization) {
  return std::make_unique<GrpcPublicPages>(channel,
                                           std::move(service_authorization));
}

}  // namespace poles::gateway
