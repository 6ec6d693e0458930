#ifndef POLES_SERVICES_DIRECTORIES_DIRECTORIES_LOGIC_H_
#define POLES_SERVICES_DIRECTORIES_DIRECTORIES_LOGIC_H_

#include "absl/status/status.h"
#include "poles/v1/directories.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/client_stream.h"

namespace poles::directories {

// The directories service's logic: each method validates its request,
// authorises the tenant, runs one tenant-scoped transaction (or one
// single-round-trip tenant read), and fills the response. Errors are
// absl::Status with field-naming INVALID_ARGUMENTs. Thread-compatible: each
// call runs on its own worker with its own Session.
//
// The methods are defined by resource, each beside its statements:
// reference.cc (sectors), organisations.cc, import.cc, distribution.cc,
// export_directory.cc, people.cc, dossiers.cc, interventions.cc and
// summary.cc.
class DirectoriesLogic {
 public:
  explicit DirectoriesLogic(const PageTokenCodec& page_tokens)
      : page_tokens_(page_tokens) {}

  absl::Status ListSectors(Call& c, const v1::ListSectorsRequest& r,
                           v1::ListSectorsResponse* out);

  absl::Status CreateOrganisation(Call& c,
                                  const v1::CreateOrganisationRequest& r,
                                  v1::Organisation* out);
  absl::Status GetOrganisation(Call& c, const v1::GetOrganisationRequest& r,
                               v1::Organisation* out);
  absl::Status ListOrganisations(Call& c, const v1::ListOrganisationsRequest& r,
                                 v1::ListOrganisationsResponse* out);
  absl::Status UpdateOrganisation(Call& c,
                                  const v1::UpdateOrganisationRequest& r,
                                  v1::Organisation* out);
  absl::Status DeleteOrganisation(Call& c,
                                  const v1::DeleteOrganisationRequest& r);
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

  absl::Status CreatePerson(Call& c, const v1::CreatePersonRequest& r,
                            v1::Person* out);
  absl::Status GetPerson(Call& c, const v1::GetPersonRequest& r,
                         v1::Person* out);
  absl::Status ListPeople(Call& c, const v1::ListPeopleRequest& r,
                          v1::ListPeopleResponse* out);
  absl::Status UpdatePerson(Call& c, const v1::UpdatePersonRequest& r,
                            v1::Person* out);
  absl::Status DeletePerson(Call& c, const v1::DeletePersonRequest& r);
  absl::Status ErasePerson(Call& c, const v1::ErasePersonRequest& r,
                           v1::Person* out);

  absl::Status CreateDossier(Call& c, const v1::CreateDossierRequest& r,
                             v1::Dossier* out);
  absl::Status GetDossier(Call& c, const v1::GetDossierRequest& r,
                          v1::Dossier* out);
  absl::Status ListDossiers(Call& c, const v1::ListDossiersRequest& r,
                            v1::ListDossiersResponse* out);
  absl::Status UpdateDossier(Call& c, const v1::UpdateDossierRequest& r,
                             v1::Dossier* out);
  absl::Status DeleteDossier(Call& c, const v1::DeleteDossierRequest& r);

  absl::Status CreateIntervention(Call& c,
                                  const v1::CreateInterventionRequest& r,
                                  v1::Intervention* out);
  absl::Status GetIntervention(Call& c, const v1::GetInterventionRequest& r,
                               v1::Intervention* out);
  absl::Status ListInterventions(Call& c, const v1::ListInterventionsRequest& r,
                                 v1::ListInterventionsResponse* out);
  absl::Status UpdateIntervention(Call& c,
                                  const v1::UpdateInterventionRequest& r,
                                  v1::Intervention* out);
  absl::Status DeleteIntervention(Call& c,
                                  const v1::DeleteInterventionRequest& r);

  absl::Status SummarizeDirectories(Call& c, const v1::SummarizeRequest& r,
                                    v1::IndicatorSummary* out);
  absl::Status ReportDirectoriesIndicator(
      Call& c, const v1::ReportIndicatorValueRequest& r,
      v1::IndicatorValue* out);

 private:
  const PageTokenCodec& page_tokens_;
};

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_DIRECTORIES_LOGIC_H_
