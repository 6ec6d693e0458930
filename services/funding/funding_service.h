#ifndef POLES_SERVICES_FUNDING_FUNDING_SERVICE_H_
#define POLES_SERVICES_FUNDING_FUNDING_SERVICE_H_

#include "poles/v1/funding.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/client_stream.h"
#include "services/funding/agreements.h"
#include "services/funding/award_export_rpc.h"
#include "services/funding/awards.h"
#include "services/funding/calls.h"
#include "services/funding/directory_stub.h"
#include "services/funding/programs.h"
#include "services/funding/reported_totals.h"
#include "services/funding/summary.h"

namespace poles::funding {

// Registers every statement of the funding service (prepared on each new
// connection). Idempotent; called before the first connection.
void RegisterFundingStatements();

// Serves one unary method of FundingService through Serve() with
// `AccessLevel`, calling `Target(call, request, response)`.
#define POLES_FUNDING_METHOD(Method, Request, Response, AccessLevel, Target)            \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx, const Request* req, \
                                   Response* resp) override {                           \
    return ::poles::Serve(env_, ctx, "FundingService/" #Method, AccessLevel,            \
                          [this, req, resp](::poles::Call& c) {                         \
                            return Target(c, *req, resp);                               \
                          });                                                           \
  }
#define POLES_FUNDING_DELETE(Method, Request, Target)                                   \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx, const Request* req, \
                                   google::protobuf::Empty*) override {                 \
    return ::poles::Serve(env_, ctx, "FundingService/" #Method,                         \
                          ::poles::Access::kTenantWrite,                                \
                          [this, req](::poles::Call& c) { return Target(c, *req); });   \
  }

// The gRPC adapter: one line per method into the resource that serves it.
// `directory` reads award recipients (see Awards) and must outlive it.
class FundingGrpcService final : public v1::FundingService::CallbackService {
 public:
  FundingGrpcService(const ServiceEnvironment& env, DirectoryStub& directory)
      : env_(env),
        programs_(*env.page_tokens),
        agreements_(*env.page_tokens),
        awards_(*env.page_tokens, directory),
        calls_(*env.page_tokens),
        reported_totals_(*env.page_tokens) {}

  POLES_FUNDING_METHOD(ListFunders, v1::ListFundersRequest, v1::ListFundersResponse, Access::kAnyKey, programs_.ListFunders)
  POLES_FUNDING_METHOD(ListPrograms, v1::ListProgramsRequest, v1::ListProgramsResponse, Access::kAnyKey, programs_.ListPrograms)
  POLES_FUNDING_METHOD(CreateLocalProgram, v1::CreateLocalProgramRequest, v1::Program, Access::kTenantWrite, programs_.CreateLocalProgram)
  POLES_FUNDING_METHOD(GetLocalProgram, v1::GetLocalProgramRequest, v1::Program, Access::kTenantRead, programs_.GetLocalProgram)
  POLES_FUNDING_METHOD(ListLocalPrograms, v1::ListLocalProgramsRequest, v1::ListLocalProgramsResponse, Access::kTenantRead, programs_.ListLocalPrograms)
  POLES_FUNDING_METHOD(UpdateLocalProgram, v1::UpdateLocalProgramRequest, v1::Program, Access::kTenantWrite, programs_.UpdateLocalProgram)
  POLES_FUNDING_DELETE(DeleteLocalProgram, v1::DeleteLocalProgramRequest, programs_.DeleteLocalProgram)

  POLES_FUNDING_METHOD(CreateAgreement, v1::CreateAgreementRequest, v1::Agreement, Access::kTenantWrite, agreements_.CreateAgreement)
  POLES_FUNDING_METHOD(GetAgreement, v1::GetAgreementRequest, v1::Agreement, Access::kTenantRead, agreements_.GetAgreement)
  POLES_FUNDING_METHOD(ListAgreements, v1::ListAgreementsRequest, v1::ListAgreementsResponse, Access::kTenantRead, agreements_.ListAgreements)
  POLES_FUNDING_METHOD(UpdateAgreement, v1::UpdateAgreementRequest, v1::Agreement, Access::kTenantWrite, agreements_.UpdateAgreement)
  POLES_FUNDING_DELETE(DeleteAgreement, v1::DeleteAgreementRequest, agreements_.DeleteAgreement)

  POLES_FUNDING_METHOD(CreateAward, v1::CreateAwardRequest, v1::Award, Access::kTenantWrite, awards_.CreateAward)
  POLES_FUNDING_METHOD(GetAward, v1::GetAwardRequest, v1::Award, Access::kTenantRead, awards_.GetAward)
  POLES_FUNDING_METHOD(ListAwards, v1::ListAwardsRequest, v1::ListAwardsResponse, Access::kTenantRead, awards_.ListAwards)
  POLES_FUNDING_METHOD(UpdateAward, v1::UpdateAwardRequest, v1::Award, Access::kTenantWrite, awards_.UpdateAward)
  POLES_FUNDING_DELETE(DeleteAward, v1::DeleteAwardRequest, awards_.DeleteAward)

  POLES_FUNDING_METHOD(CreateCallForProjects, v1::CreateCallForProjectsRequest, v1::CallForProjects, Access::kTenantWrite, calls_.CreateCallForProjects)
  POLES_FUNDING_METHOD(GetCallForProjects, v1::GetCallForProjectsRequest, v1::CallForProjects, Access::kTenantRead, calls_.GetCallForProjects)
  POLES_FUNDING_METHOD(ListCallsForProjects, v1::ListCallsForProjectsRequest, v1::ListCallsForProjectsResponse, Access::kTenantRead, calls_.ListCallsForProjects)
  POLES_FUNDING_METHOD(UpdateCallForProjects, v1::UpdateCallForProjectsRequest, v1::CallForProjects, Access::kTenantWrite, calls_.UpdateCallForProjects)
  POLES_FUNDING_DELETE(DeleteCallForProjects, v1::DeleteCallForProjectsRequest, calls_.DeleteCallForProjects)

  POLES_FUNDING_METHOD(CreateReportedTotal, v1::CreateReportedTotalRequest, v1::ReportedTotal, Access::kTenantWrite, reported_totals_.CreateReportedTotal)
  POLES_FUNDING_METHOD(GetReportedTotal, v1::GetReportedTotalRequest, v1::ReportedTotal, Access::kTenantRead, reported_totals_.GetReportedTotal)
  POLES_FUNDING_METHOD(ListReportedTotals, v1::ListReportedTotalsRequest, v1::ListReportedTotalsResponse, Access::kTenantRead, reported_totals_.ListReportedTotals)
  POLES_FUNDING_METHOD(UpdateReportedTotal, v1::UpdateReportedTotalRequest, v1::ReportedTotal, Access::kTenantWrite, reported_totals_.UpdateReportedTotal)
  POLES_FUNDING_DELETE(DeleteReportedTotal, v1::DeleteReportedTotalRequest, reported_totals_.DeleteReportedTotal)

  POLES_FUNDING_METHOD(ExportAwards, v1::ExportAwardsRequest, v1::AwardsExport, Access::kTenantRead, ::poles::funding::ExportAwards)
  POLES_FUNDING_METHOD(SummarizeFunding, v1::SummarizeRequest, v1::IndicatorSummary, Access::kSummary, ::poles::funding::SummarizeFunding)

  grpc::ServerReadReactor<v1::ImportAwardsRequest>* ImportAwards(
      grpc::CallbackServerContext* ctx, v1::ImportAwardsResponse* resp) override {
    return ServeClientStream<v1::ImportAwardsRequest>(
        env_, ctx, "FundingService/ImportAwards", Access::kTenantWrite,
        [this, resp](Call& c, MessageSource<v1::ImportAwardsRequest>& source) {
          return awards_.ImportAwards(c, source, resp);
        });
  }

 private:
  ServiceEnvironment env_;
  Programs programs_;
  Agreements agreements_;
  Awards awards_;
  CallsForProjects calls_;
  ReportedTotals reported_totals_;
};

#undef POLES_FUNDING_METHOD
#undef POLES_FUNDING_DELETE

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_FUNDING_SERVICE_H_
