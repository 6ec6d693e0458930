#ifndef POLES_SERVICES_DIRECTORIES_DIRECTORIES_SERVICE_H_
#define POLES_SERVICES_DIRECTORIES_DIRECTORIES_SERVICE_H_

#include "absl/status/status.h"
#include "poles/v1/directories.grpc.pb.h"
#include "services/common/arena_allocator.h"
#include "services/common/call.h"
#include "services/common/client_stream.h"

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

#define POLES_DIRECTORIES_METHOD(Method, Request, Response, Access)        \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx,       \
                                   const Request* req, Response* resp)     \
      override {                                                           \
    return Serve(env_, ctx, "DirectoriesService/" #Method, Access,         \
                 [this, req, resp](Call& c) {                              \
                   return logic_.Method(c, *req, resp);                    \
                 });                                                       \
  }
#define POLES_DIRECTORIES_DELETE(Method, Request)                          \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx,       \
                                   const Request* req,                     \
                                   google::protobuf::Empty*) override {    \
    return Serve(env_, ctx, "DirectoriesService/" #Method,                 \
                 Access::kTenantWrite,                                     \
                 [this, req](Call& c) { return logic_.Method(c, *req); }); \
  }

  POLES_DIRECTORIES_METHOD(ListSectors, v1::ListSectorsRequest, v1::ListSectorsResponse, Access::kAnyKey)
  POLES_DIRECTORIES_METHOD(CreateOrganisation, v1::CreateOrganisationRequest, v1::Organisation, Access::kTenantWrite)
  POLES_DIRECTORIES_METHOD(GetOrganisation, v1::GetOrganisationRequest, v1::Organisation, Access::kTenantRead)
  POLES_DIRECTORIES_METHOD(ListOrganisations, v1::ListOrganisationsRequest, v1::ListOrganisationsResponse, Access::kTenantRead)
  POLES_DIRECTORIES_METHOD(UpdateOrganisation, v1::UpdateOrganisationRequest, v1::Organisation, Access::kTenantWrite)
  POLES_DIRECTORIES_DELETE(DeleteOrganisation, v1::DeleteOrganisationRequest)
  POLES_DIRECTORIES_METHOD(RenewMembership, v1::RenewMembershipRequest, v1::Organisation, Access::kTenantWrite)
  POLES_DIRECTORIES_METHOD(GetDirectoryDistribution, v1::GetDirectoryDistributionRequest, v1::DirectoryDistribution, Access::kTenantRead)
  POLES_DIRECTORIES_METHOD(ExportDirectory, v1::ExportDirectoryRequest, v1::DirectoryExport, Access::kTenantRead)
  POLES_DIRECTORIES_METHOD(CreatePerson, v1::CreatePersonRequest, v1::Person, Access::kTenantWrite)
  POLES_DIRECTORIES_METHOD(GetPerson, v1::GetPersonRequest, v1::Person, Access::kTenantRead)
  POLES_DIRECTORIES_METHOD(ListPeople, v1::ListPeopleRequest, v1::ListPeopleResponse, Access::kTenantRead)
  POLES_DIRECTORIES_METHOD(UpdatePerson, v1::UpdatePersonRequest, v1::Person, Access::kTenantWrite)
  POLES_DIRECTORIES_DELETE(DeletePerson, v1::DeletePersonRequest)
  POLES_DIRECTORIES_METHOD(ErasePerson, v1::ErasePersonRequest, v1::Person, Access::kTenantWrite)
  POLES_DIRECTORIES_METHOD(CreateDossier, v1::CreateDossierRequest, v1::Dossier, Access::kTenantWrite)
  POLES_DIRECTORIES_METHOD(GetDossier, v1::GetDossierRequest, v1::Dossier, Access::kTenantRead)
  POLES_DIRECTORIES_METHOD(ListDossiers, v1::ListDossiersRequest, v1::ListDossiersResponse, Access::kTenantRead)
  POLES_DIRECTORIES_METHOD(UpdateDossier, v1::UpdateDossierRequest, v1::Dossier, Access::kTenantWrite)
  POLES_DIRECTORIES_DELETE(DeleteDossier, v1::DeleteDossierRequest)
  POLES_DIRECTORIES_METHOD(CreateIntervention, v1::CreateInterventionRequest, v1::Intervention, Access::kTenantWrite)
  POLES_DIRECTORIES_METHOD(GetIntervention, v1::GetInterventionRequest, v1::Intervention, Access::kTenantRead)
  POLES_DIRECTORIES_METHOD(ListInterventions, v1::ListInterventionsRequest, v1::ListInterventionsResponse, Access::kTenantRead)
  POLES_DIRECTORIES_METHOD(UpdateIntervention, v1::UpdateInterventionRequest, v1::Intervention, Access::kTenantWrite)
  POLES_DIRECTORIES_DELETE(DeleteIntervention, v1::DeleteInterventionRequest)
  POLES_DIRECTORIES_METHOD(SummarizeDirectories, v1::SummarizeRequest, v1::IndicatorSummary, Access::kSummary)
  POLES_DIRECTORIES_METHOD(ReportDirectoriesIndicator, v1::ReportIndicatorValueRequest, v1::IndicatorValue, Access::kTenantWrite)

#undef POLES_DIRECTORIES_METHOD
#undef POLES_DIRECTORIES_DELETE

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

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_DIRECTORIES_SERVICE_H_
