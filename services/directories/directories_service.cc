#include "services/directories/directories_service.h"

#include "services/directories/distribution_queries.h"
#include "services/directories/dossiers_queries.h"
#include "services/directories/export_queries.h"
#include "services/directories/import_queries.h"
#include "services/directories/interventions_queries.h"
#include "services/directories/organisations_queries.h"
#include "services/directories/people_queries.h"
#include "services/directories/reference_queries.h"
#include "services/directories/summary_queries.h"
#include "storage/session.h"

namespace poles::directories {

std::vector<storage::Statement> DirectoriesStatements() {
  return {kSectorsList,
          kReference,
          kOrgGet,
          kOrgLock,
          kOrgGetMany,
          kOrgExists,
          kOrgInsert,
          kOrgUpdate,
          kOrgTouch,
          kOrgDelete,
          kOrgReferences,
          kOrgDetachDossiers,
          kOrgList,
          kOrgListFull,
          kOrgSearch,
          kOrgSearchFull,
          kImportExisting,
          kImportFold,
          kImportLock,
          kRenewalInsert,
          kRenewalApply,
          kDistribution,
          kExportRows,
          kExportRowsBySector,
          kTenantName,
          kPersonGet,
          kPersonLock,
          kPersonInsert,
          kPersonUpdate,
          kPersonErase,
          kPersonForgetReplies,
          kPersonDelete,
          kPersonList,
          kDossierGet,
          kDossierLock,
          kDossierExists,
          kDossierInsert,
          kDossierUpdate,
          kDossierDelete,
          kDossierList,
          kInterventionGet,
          kInterventionLock,
          kInterventionInsert,
          kInterventionUpdate,
          kInterventionDelete,
          kInterventionList,
          kSummary};
}

ImportStaging ImportStagingForTest() {
  return {kImportStageCreate.sql,
          {kImportStageInsert, kImportStageUpdate, kImportStageClear}};
}

DirectoriesGrpcService::DirectoriesGrpcService(const ServiceEnvironment& env)
    : env_(env), logic_(*env.page_tokens) {
  SetMessageAllocatorFor_ListOrganisations(&list_organisations_allocator_);
}

}  // namespace poles::directories
