#ifndef POLES_SERVICES_FUNDING_FUNDING_SERVICE_H_
#define POLES_SERVICES_FUNDING_FUNDING_SERVICE_H_

#include <vector>

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
#include "storage/session.h"

namespace poles::funding {

// Every statement of the funding service, registered by the server before
// its first connection (RegisterServiceStatements in server/poles_server.h).
std::vector<storage::Statement> FundingStatements();

// The gRPC adapter: one line per method into the resource that serves it.
// `directory` reads award recipients (see Awards) and must outlive it.
class FundingGrpcService final
    : public v1::FundingService::WithRawCallbackMethod_ImportAwards<
          v1::FundingService::CallbackService> {
 public:
  FundingGrpcService(const ServiceEnvironment& env, DirectoryStub& directory)
      : env_(env),
        programs_(*env.page_tokens),
        agreements_(*env.page_tokens),
        awards_(*env.page_tokens, directory),
        calls_(*env.page_tokens),
        reported_totals_(*env.page_tokens) {}

  POLES_SERVE_METHOD_OF(FundingService, ListFunders, v1::ListFundersRequest,
                        v1::ListFundersResponse, Access::kAnyKey, programs_)
  POLES_SERVE_METHOD_OF(FundingService, ListPrograms, v1::ListProgramsRequest,
                        v1::ListProgramsResponse, Access::kAnyKey, programs_)
  POLES_SERVE_METHOD_OF(FundingService, CreateLocalProgram,
                        v1::CreateLocalProgramRequest, v1::Program,
                        Access::kTenantWrite, programs_)
  POLES_SERVE_METHOD_OF(FundingService, GetLocalProgram,
                        v1::GetLocalProgramRequest, v1::Program,
                        Access::kTenantRead, programs_)
  POLES_SERVE_METHOD_OF(FundingService, ListLocalPrograms,
                        v1::ListLocalProgramsRequest,
                        v1::ListLocalProgramsResponse, Access::kTenantRead,
                        programs_)
  POLES_SERVE_METHOD_OF(FundingService, UpdateLocalProgram,
                        v1::UpdateLocalProgramRequest, v1::Program,
                        Access::kTenantWrite, programs_)
  POLES_SERVE_DELETE_OF(FundingService, DeleteLocalProgram,
                        v1::DeleteLocalProgramRequest, programs_)

  POLES_SERVE_METHOD_OF(FundingService, CreateAgreement,
                        v1::CreateAgreementRequest, v1::Agreement,
                        Access::kTenantWrite, agreements_)
  POLES_SERVE_METHOD_OF(FundingService, GetAgreement, v1::GetAgreementRequest,
                        v1::Agreement, Access::kTenantRead, agreements_)
  POLES_SERVE_METHOD_OF(FundingService, ListAgreements,
                        v1::ListAgreementsRequest, v1::ListAgreementsResponse,
                        Access::kTenantRead, agreements_)
  POLES_SERVE_METHOD_OF(FundingService, UpdateAgreement,
                        v1::UpdateAgreementRequest, v1::Agreement,
                        Access::kTenantWrite, agreements_)
  POLES_SERVE_DELETE_OF(FundingService, DeleteAgreement,
                        v1::DeleteAgreementRequest, agreements_)

  POLES_SERVE_METHOD_OF(FundingService, CreateAward, v1::CreateAwardRequest,
                        v1::Award, Access::kTenantWrite, awards_)
  POLES_SERVE_METHOD_OF(FundingService, GetAward, v1::GetAwardRequest,
                        v1::Award, Access::kTenantRead, awards_)
  POLES_SERVE_METHOD_OF(FundingService, ListAwards, v1::ListAwardsRequest,
                        v1::ListAwardsResponse, Access::kTenantRead, awards_)
  POLES_SERVE_METHOD_OF(FundingService, UpdateAward, v1::UpdateAwardRequest,
                        v1::Award, Access::kTenantWrite, awards_)
  POLES_SERVE_DELETE_OF(FundingService, DeleteAward, v1::DeleteAwardRequest,
                        awards_)

  POLES_SERVE_METHOD_OF(FundingService, CreateCallForProjects,
                        v1::CreateCallForProjectsRequest, v1::CallForProjects,
                        Access::kTenantWrite, calls_)
  POLES_SERVE_METHOD_OF(FundingService, GetCallForProjects,
                        v1::GetCallForProjectsRequest, v1::CallForProjects,
                        Access::kTenantRead, calls_)
  POLES_SERVE_METHOD_OF(FundingService, ListCallsForProjects,
                        v1::ListCallsForProjectsRequest,
                        v1::ListCallsForProjectsResponse, Access::kTenantRead,
                        calls_)
  POLES_SERVE_METHOD_OF(FundingService, UpdateCallForProjects,
                        v1::UpdateCallForProjectsRequest, v1::CallForProjects,
                        Access::kTenantWrite, calls_)
  POLES_SERVE_DELETE_OF(FundingService, DeleteCallForProjects,
                        v1::DeleteCallForProjectsRequest, calls_)

  POLES_SERVE_METHOD_OF(FundingService, CreateReportedTotal,
                        v1::CreateReportedTotalRequest, v1::ReportedTotal,
                        Access::kTenantWrite, reported_totals_)
  POLES_SERVE_METHOD_OF(FundingService, GetReportedTotal,
                        v1::GetReportedTotalRequest, v1::ReportedTotal,
                        Access::kTenantRead, reported_totals_)
  POLES_SERVE_METHOD_OF(FundingService, ListReportedTotals,
                        v1::ListReportedTotalsRequest,
                        v1::ListReportedTotalsResponse, Access::kTenantRead,
                        reported_totals_)
  POLES_SERVE_METHOD_OF(FundingService, UpdateReportedTotal,
                        v1::UpdateReportedTotalRequest, v1::ReportedTotal,
                        Access::kTenantWrite, reported_totals_)
  POLES_SERVE_DELETE_OF(FundingService, DeleteReportedTotal,
                        v1::DeleteReportedTotalRequest, reported_totals_)

  POLES_SERVE_METHOD_OF(FundingService, ExportAwards, v1::ExportAwardsRequest,
                        v1::AwardsExport, Access::kTenantRead, reads_)
  POLES_SERVE_METHOD_OF(FundingService, SummarizeFunding, v1::SummarizeRequest,
                        v1::IndicatorSummary, Access::kSummary, reads_)

  // Raw (WithRawCallbackMethod_ImportAwards): ServeClientStream parses the
  // messages itself.
  grpc::ServerReadReactor<grpc::ByteBuffer>* ImportAwards(
      grpc::CallbackServerContext* ctx,
      grpc::ByteBuffer* response_bytes) override {
    return ServeClientStream<v1::ImportAwardsRequest, v1::ImportAwardsResponse>(
        env_, ctx, response_bytes, "FundingService/ImportAwards",
        Access::kTenantWrite,
        [this](Call& c, MessageSource<v1::ImportAwardsRequest>& source,
               v1::ImportAwardsResponse* resp) {
          return awards_.ImportAwards(c, source, resp);
        });
  }

 private:
  // The service's whole-tenant reads (free functions of their own files).
  struct Reads {
    absl::Status ExportAwards(Call& c, const v1::ExportAwardsRequest& r,
                              v1::AwardsExport* out) {
      return ::poles::funding::ExportAwards(c, r, out);
    }
    absl::Status SummarizeFunding(Call& c, const v1::SummarizeRequest& r,
                                  v1::IndicatorSummary* out) {
      return ::poles::funding::SummarizeFunding(c, r, out);
    }
  };

  ServiceEnvironment env_;
  Reads reads_;
  Programs programs_;
  Agreements agreements_;
  Awards awards_;
  CallsForProjects calls_;
  ReportedTotals reported_totals_;
};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_FUNDING_SERVICE_H_
