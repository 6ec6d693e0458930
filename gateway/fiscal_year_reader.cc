#include "gateway/fiscal_year_reader.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "poles/v1/fiscal_years.grpc.pb.h"

namespace poles::gateway {

class GrpcFiscalYearReader::Stub {
 public:
  explicit Stub(const std::shared_ptr<grpc::Channel>& channel)
      : stub(v1::FiscalYearsService::NewStub(channel)) {}
  std::unique_ptr<v1::FiscalYearsService::Stub> stub;
};

namespace {

// The calls of one Read, shared with their callbacks (which may run after
// Read returned).
struct Batch {
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  bool abandoned = false;
  std::map<std::string, v1::FiscalYear> states;
};

struct OneCall {
  grpc::ClientContext context;
  v1::GetFiscalYearRequest request;
  v1::FiscalYear response;
};

}  // namespace

GrpcFiscalYearReader::GrpcFiscalYearReader(
    std::shared_ptr<grpc::Channel> channel, int max_in_flight)
    : stub_(std::make_shared<Stub>(channel)),
      max_in_flight_(std::max(1, max_in_flight)) {}

GrpcFiscalYearReader::~GrpcFiscalYearReader() = default;

std::map<std::string, v1::FiscalYear> GrpcFiscalYearReader::Read(
    const std::vector<std::string>& slugs, const std::string& fiscal_year,
    const std::string& authorization, Deadline deadline) {
  auto batch = std::make_shared<Batch>();
  std::unique_lock<std::mutex> lock(batch->mu);
  for (const std::string& slug : slugs) {
    if (!batch->cv.wait_until(lock, deadline, [&] {
          return batch->in_flight < max_in_flight_;
        })) {
      break;
    }
    ++batch->in_flight;
    auto call = std::make_shared<OneCall>();
    call->context.set_deadline(deadline);
    if (!authorization.empty()) {
      call->context.AddMetadata("authorization", authorization);
    }
    call->request.set_name(
        absl::StrCat("tenants/", slug, "/fiscalYears/", fiscal_year));
    lock.unlock();
    stub_->stub->async()->GetFiscalYear(
        &call->context, &call->request, &call->response,
        [batch, call, slug, stub = stub_](grpc::Status status) {
          {
            std::lock_guard<std::mutex> guard(batch->mu);
            --batch->in_flight;
            if (status.ok() && !batch->abandoned) {
              batch->states[slug] = call->response;
            }
          }
          batch->cv.notify_all();
        });
    lock.lock();
  }
  batch->cv.wait_until(lock, deadline, [&] { return batch->in_flight == 0; });
  batch->abandoned = true;
  return std::move(batch->states);
}

}  // namespace poles::gateway
