#ifndef POLES_SERVICES_DIRECTORIES_DIRECTORIES_SERVICE_H_
#define POLES_SERVICES_DIRECTORIES_DIRECTORIES_SERVICE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "poles/v1/directories.grpc.pb.h"
#include "services/common/arena_allocator.h"
#include "services/common/call.h"
#include "services/common/client_stream.h"
#include "services/directories/directories_logic.h"
#include "storage/session.h"

namespace poles::directories {

// The gRPC adapter: every method goes through Serve() (ServeClientStream()
// for the import) with its access level.
class DirectoriesGrpcService final
    : public v1::DirectoriesService::WithRawCallbackMethod_ImportOrganisations<
          v1::DirectoriesService::CallbackService> {
 public:
  explicit DirectoriesGrpcService(const ServiceEnvironment& env);

  POLES_SERVE_METHOD(DirectoriesService, ListSectors, v1::ListSectorsRequest,
                     v1::ListSectorsResponse, Access::kAnyKey)
  POLES_SERVE_METHOD(DirectoriesService, CreateOrganisation,
                     v1::CreateOrganisationRequest, v1::Organisation,
                     Access::kTenantWrite)
  POLES_SERVE_METHOD(DirectoriesService, GetOrganisation,
                     v1::GetOrganisationRequest, v1::Organisation,
                     Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, ListOrganisations,
                     v1::ListOrganisationsRequest,
                     v1::ListOrganisationsResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, UpdateOrganisation,
                     v1::UpdateOrganisationRequest, v1::Organisation,
                     Access::kTenantWrite)
  POLES_SERVE_DELETE(DirectoriesService, DeleteOrganisation,
                     v1::DeleteOrganisationRequest)
  POLES_SERVE_METHOD(DirectoriesService, RenewMembership,
                     v1::RenewMembershipRequest, v1::Organisation,
                     Access::kTenantWrite)
  POLES_SERVE_METHOD(DirectoriesService, GetDirectoryDistribution,
                     v1::GetDirectoryDistributionRequest,
                     v1::DirectoryDistribution, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, ExportDirectory,
                     v1::ExportDirectoryRequest, v1::DirectoryExport,
                     Access::kPublic)
  POLES_SERVE_METHOD(DirectoriesService, CreatePerson, v1::CreatePersonRequest,
                     v1::Person, Access::kTenantWrite)
  POLES_SERVE_METHOD(DirectoriesService, GetPerson, v1::GetPersonRequest,
                     v1::Person, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, ListPeople, v1::ListPeopleRequest,
                     v1::ListPeopleResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, UpdatePerson, v1::UpdatePersonRequest,
                     v1::Person, Access::kTenantWrite)
  POLES_SERVE_DELETE(DirectoriesService, DeletePerson, v1::DeletePersonRequest)
  POLES_SERVE_METHOD(DirectoriesService, ErasePerson, v1::ErasePersonRequest,
                     v1::Person, Access::kTenantWrite)
  POLES_SERVE_METHOD(DirectoriesService, CreateDossier,
                     v1::CreateDossierRequest, v1::Dossier,
                     Access::kTenantWrite)
  POLES_SERVE_METHOD(DirectoriesService, GetDossier, v1::GetDossierRequest,
                     v1::Dossier, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, ListDossiers, v1::ListDossiersRequest,
                     v1::ListDossiersResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, UpdateDossier,
                     v1::UpdateDossierRequest, v1::Dossier,
                     Access::kTenantWrite)
  POLES_SERVE_DELETE(DirectoriesService, DeleteDossier,
                     v1::DeleteDossierRequest)
  POLES_SERVE_METHOD(DirectoriesService, CreateIntervention,
                     v1::CreateInterventionRequest, v1::Intervention,
                     Access::kTenantWrite)
  POLES_SERVE_METHOD(DirectoriesService, GetIntervention,
                     v1::GetInterventionRequest, v1::Intervention,
                     Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, ListInterventions,
                     v1::ListInterventionsRequest,
                     v1::ListInterventionsResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, UpdateIntervention,
                     v1::UpdateInterventionRequest, v1::Intervention,
                     Access::kTenantWrite)
  POLES_SERVE_DELETE(DirectoriesService, DeleteIntervention,
                     v1::DeleteInterventionRequest)
  POLES_SERVE_METHOD(DirectoriesService, SummarizeDirectories,
                     v1::SummarizeRequest, v1::IndicatorSummary,
                     Access::kSummary)
  POLES_SERVE_METHOD(DirectoriesService, ReportDirectoriesIndicator,
                     v1::ReportIndicatorValueRequest, v1::IndicatorValue,
                     Access::kTenantWrite)

  // Raw (WithRawCallbackMethod_ImportOrganisations): ServeClientStream
  // parses the messages itself.
  grpc::ServerReadReactor<grpc::ByteBuffer>* ImportOrganisations(
      grpc::CallbackServerContext* ctx,
      grpc::ByteBuffer* response_bytes) override {
    return ServeClientStream<v1::ImportOrganisationsRequest,
                             v1::ImportOrganisationsResponse>(
        env_, ctx, response_bytes, "DirectoriesService/ImportOrganisations",
        Access::kTenantWrite,
        [this](Call& c, MessageSource<v1::ImportOrganisationsRequest>& source,
               v1::ImportOrganisationsResponse* resp) {
          return logic_.ImportOrganisations(c, source, resp);
        });
  }

 private:
  ArenaMessageAllocator<v1::ListOrganisationsRequest,
                        v1::ListOrganisationsResponse>
      list_organisations_allocator_;
  ServiceEnvironment env_;
  DirectoriesLogic logic_;
};

// The organisation import's staging table and the statements that use it,
// which are not prepared on connect (the table exists only during an
// import): `create` makes the table in the current transaction as the
// import does; a statement's parameter, when it has one, is the tenant.
// Test-only hook, so the catalog test executes them too.
struct ImportStaging {
  std::string create;
  std::vector<storage::Statement> statements;
};
ImportStaging ImportStagingForTest();

// The prepared statements of the directories service (the import's staging
// statements excepted: see import_queries.h), registered on every new
// connection (storage::RegisterStatements).
std::vector<storage::Statement> DirectoriesStatements();

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_DIRECTORIES_SERVICE_H_
