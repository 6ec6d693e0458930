#ifndef POLES_SERVICES_DIRECTORIES_DIRECTORIES_SERVICE_H_
#define POLES_SERVICES_DIRECTORIES_DIRECTORIES_SERVICE_H_

#include <string>

#include <vector>

#include "absl/status/status.h"
#include "poles/v1/directories.grpc.pb.h"
#include "services/common/arena_allocator.h"
#include "services/common/call.h"
#include "services/common/client_stream.h"
#include "storage/session.h"

namespace poles::directories {

// The directories service's logic: each method validates its request,
// authorises the tenant, runs one tenant-scoped transaction (or one
// single-round-trip tenant read), and fills the response. Errors are
// absl::Status with field-naming INVALID_ARGUMENTs. Thread-compatible: each
// call runs on its own worker with its own Session.
class DirectoriesLogic {
 public:
  explicit DirectoriesLogic(const PageTokenCodec& page_tokens)
      : page_tokens_(page_tokens) {}

  absl::Status ListSectors(Call& c, const v1::ListSectorsRequest& r,
                           v1::ListSectorsResponse* out);

  absl::Status CreateOrganisation(Call& c, const v1::CreateOrganisationRequest& r,
                                  v1::Organisation* out);
  absl::Status GetOrganisation(Call& c, const v1::GetOrganisationRequest& r,
                               v1::Organisation* out);
  absl::Status ListOrganisations(Call& c, const v1::ListOrganisationsRequest& r,
                                 v1::ListOrganisationsResponse* out);
  absl::Status UpdateOrganisation(Call& c, const v1::UpdateOrganisationRequest& r,
                                  v1::Organisation* out);
  absl::Status DeleteOrganisation(Call& c, const v1::DeleteOrganisationRequest& r);
  absl::Status RenewMembership(Call& c, const v1::RenewMembershipRequest& r,
                               v1::Organisation* out);
  // Reads the whole stream in one transaction (see directories.proto).
  absl::Status ImportOrganisations(
      Call& c, MessageSource<v1::ImportOrganisationsRequest>& source,
      v1::ImportOrganisationsResponse* out);

  absl::Status GetDirectoryDistribution(
      Call& c, const v1::GetDirectoryDistributionRequest& r,
      v1::DirectoryDistribution* out);
  absl::Status ExportDirectory(Call& c, const v1::ExportDirectoryRequest& r,
                               v1::DirectoryExport* out);

  absl::Status CreatePerson(Call& c, const v1::CreatePersonRequest& r, v1::Person* out);
  absl::Status GetPerson(Call& c, const v1::GetPersonRequest& r, v1::Person* out);
  absl::Status ListPeople(Call& c, const v1::ListPeopleRequest& r,
                          v1::ListPeopleResponse* out);
  absl::Status UpdatePerson(Call& c, const v1::UpdatePersonRequest& r, v1::Person* out);
  absl::Status DeletePerson(Call& c, const v1::DeletePersonRequest& r);
  absl::Status ErasePerson(Call& c, const v1::ErasePersonRequest& r, v1::Person* out);

  absl::Status CreateDossier(Call& c, const v1::CreateDossierRequest& r, v1::Dossier* out);
  absl::Status GetDossier(Call& c, const v1::GetDossierRequest& r, v1::Dossier* out);
  absl::Status ListDossiers(Call& c, const v1::ListDossiersRequest& r,
                            v1::ListDossiersResponse* out);
  absl::Status UpdateDossier(Call& c, const v1::UpdateDossierRequest& r, v1::Dossier* out);
  absl::Status DeleteDossier(Call& c, const v1::DeleteDossierRequest& r);

  absl::Status CreateIntervention(Call& c, const v1::CreateInterventionRequest& r,
                                  v1::Intervention* out);
  absl::Status GetIntervention(Call& c, const v1::GetInterventionRequest& r,
                               v1::Intervention* out);
  absl::Status ListInterventions(Call& c, const v1::ListInterventionsRequest& r,
                                 v1::ListInterventionsResponse* out);
  absl::Status UpdateIntervention(Call& c, const v1::UpdateInterventionRequest& r,
                                  v1::Intervention* out);
  absl::Status DeleteIntervention(Call& c, const v1::DeleteInterventionRequest& r);

  absl::Status SummarizeDirectories(Call& c, const v1::SummarizeRequest& r,
                                    v1::IndicatorSummary* out);
  absl::Status ReportDirectoriesIndicator(Call& c,
                                          const v1::ReportIndicatorValueRequest& r,
                                          v1::IndicatorValue* out);

 private:
  const PageTokenCodec& page_tokens_;
};

// The gRPC adapter: every method goes through Serve() (ServeClientStream()
// for the import) with its access level.
class DirectoriesGrpcService final
    : public v1::DirectoriesService::CallbackService {
 public:
  explicit DirectoriesGrpcService(const ServiceEnvironment& env)
      : env_(env), logic_(*env.page_tokens) {
    SetMessageAllocatorFor_ListOrganisations(&list_organisations_allocator_);
  }

  POLES_SERVE_METHOD(DirectoriesService, ListSectors, v1::ListSectorsRequest, v1::ListSectorsResponse, Access::kAnyKey)
  POLES_SERVE_METHOD(DirectoriesService, CreateOrganisation, v1::CreateOrganisationRequest, v1::Organisation, Access::kTenantWrite)
  POLES_SERVE_METHOD(DirectoriesService, GetOrganisation, v1::GetOrganisationRequest, v1::Organisation, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, ListOrganisations, v1::ListOrganisationsRequest, v1::ListOrganisationsResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, UpdateOrganisation, v1::UpdateOrganisationRequest, v1::Organisation, Access::kTenantWrite)
  POLES_SERVE_DELETE(DirectoriesService, DeleteOrganisation, v1::DeleteOrganisationRequest)
  POLES_SERVE_METHOD(DirectoriesService, RenewMembership, v1::RenewMembershipRequest, v1::Organisation, Access::kTenantWrite)
  POLES_SERVE_METHOD(DirectoriesService, GetDirectoryDistribution, v1::GetDirectoryDistributionRequest, v1::DirectoryDistribution, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, ExportDirectory, v1::ExportDirectoryRequest, v1::DirectoryExport, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, CreatePerson, v1::CreatePersonRequest, v1::Person, Access::kTenantWrite)
  POLES_SERVE_METHOD(DirectoriesService, GetPerson, v1::GetPersonRequest, v1::Person, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, ListPeople, v1::ListPeopleRequest, v1::ListPeopleResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, UpdatePerson, v1::UpdatePersonRequest, v1::Person, Access::kTenantWrite)
  POLES_SERVE_DELETE(DirectoriesService, DeletePerson, v1::DeletePersonRequest)
  POLES_SERVE_METHOD(DirectoriesService, ErasePerson, v1::ErasePersonRequest, v1::Person, Access::kTenantWrite)
  POLES_SERVE_METHOD(DirectoriesService, CreateDossier, v1::CreateDossierRequest, v1::Dossier, Access::kTenantWrite)
  POLES_SERVE_METHOD(DirectoriesService, GetDossier, v1::GetDossierRequest, v1::Dossier, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, ListDossiers, v1::ListDossiersRequest, v1::ListDossiersResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, UpdateDossier, v1::UpdateDossierRequest, v1::Dossier, Access::kTenantWrite)
  POLES_SERVE_DELETE(DirectoriesService, DeleteDossier, v1::DeleteDossierRequest)
  POLES_SERVE_METHOD(DirectoriesService, CreateIntervention, v1::CreateInterventionRequest, v1::Intervention, Access::kTenantWrite)
  POLES_SERVE_METHOD(DirectoriesService, GetIntervention, v1::GetInterventionRequest, v1::Intervention, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, ListInterventions, v1::ListInterventionsRequest, v1::ListInterventionsResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(DirectoriesService, UpdateIntervention, v1::UpdateInterventionRequest, v1::Intervention, Access::kTenantWrite)
  POLES_SERVE_DELETE(DirectoriesService, DeleteIntervention, v1::DeleteInterventionRequest)
  POLES_SERVE_METHOD(DirectoriesService, SummarizeDirectories, v1::SummarizeRequest, v1::IndicatorSummary, Access::kSummary)
  POLES_SERVE_METHOD(DirectoriesService, ReportDirectoriesIndicator, v1::ReportIndicatorValueRequest, v1::IndicatorValue, Access::kTenantWrite)

  grpc::ServerReadReactor<v1::ImportOrganisationsRequest>* ImportOrganisations(
      grpc::CallbackServerContext* ctx,
      v1::ImportOrganisationsResponse* resp) override {
    return ServeClientStream<v1::ImportOrganisationsRequest>(
        env_, ctx, "DirectoriesService/ImportOrganisations", Access::kTenantWrite,
        [this, resp](Call& c, MessageSource<v1::ImportOrganisationsRequest>& source) {
          return logic_.ImportOrganisations(c, source, resp);
        });
  }

 private:
  ArenaMessageAllocator<v1::ListOrganisationsRequest, v1::ListOrganisationsResponse>
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

// The prepared statements of the directories service. The server registers them
// (storage::RegisterStatements) at start-up, before its first connection.
std::vector<storage::Statement> DirectoriesStatements();

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_DIRECTORIES_SERVICE_H_
