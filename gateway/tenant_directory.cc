#include "gateway/tenant_directory.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "gateway/tenant_directory_queries.h"
#include "storage/sql_error.h"
#include "storage/tenant_transaction.h"

namespace poles::gateway {

namespace {

std::vector<std::string> TextArray(const pqxx::field& field) {
  std::vector<std::string> out;
  auto parser = field.as_array();
  for (auto item = parser.get_next(); item.first != pqxx::array_parser::done;
       item = parser.get_next()) {
    if (item.first == pqxx::array_parser::string_value) {
      out.push_back(item.second);
    }
  }
  return out;
}

}  // namespace

ReferenceLabels FixedLabels() {
  ReferenceLabels l;
  l.by_dimension["gender"] = {{"women", "Femmes"},
                              {"men", "Hommes"},
                              {"other", "Autre"},
                              {"not_collected", "Non recueilli"}};
  l.by_dimension["phase"] = {{"pre_startup", "Prédémarrage"},
                             {"startup", "Démarrage"},
                             {"consolidation", "Consolidation"},
                             {"development", "Développement"},
                             {"succession", "Relève"}};
  l.by_dimension["legal_form"] = {{"obnl", "OBNL"},
                                  {"cooperative", "Coopérative"},
                                  {"mutual", "Mutuelle"},
                                  {"other", "Autre"}};
  l.by_dimension["event_kind"] = {
      {"board_meeting", "Conseil d'administration"},
      {"executive_meeting", "Comité exécutif"},
      {"aga", "Assemblée générale annuelle"},
      {"forum", "Forum"},
      {"training", "Formation"},
      {"webinar", "Webinaire"},
      {"conference_call", "Conférence téléphonique"},
      {"networking", "Réseautage"},
      {"visit", "Visite"},
      {"promotion", "Promotion"},
      {"committee_meeting", "Réunion de comité"},
      {"other", "Autre"}};
  l.by_dimension["funder_kind"] = {
      {"provincial", "Provincial"},
      {"federal", "Fédéral"},
      {"municipal", "Municipal"},
      {"philanthropic", "Philanthropique"},
      {"social_finance", "Finance solidaire"},
      {"cooperative_finance", "Finance coopérative"},
      {"other", "Autre"}};
  return l;
}

std::vector<storage::Statement> TenantDirectoryStatements() {
  return {kGatewayTenants, kGatewayTenantMrcs, kGatewayIndicators,
          kGatewayLabels};
}

DatabaseTenantDirectory::DatabaseTenantDirectory(
    std::string database_url, std::chrono::milliseconds auth_ttl,
    std::chrono::milliseconds cache_ttl)
    : cache_ttl_(cache_ttl),
      authenticator_(auth_ttl),
      session_(std::move(database_url)) {
  storage::RegisterStatements(AuthStatements());
  storage::RegisterStatements(TenantDirectoryStatements());
}

absl::StatusOr<Principal> DatabaseTenantDirectory::Authenticate(
    const std::string& authorization, Deadline deadline) {
  std::lock_guard<std::mutex> lock(mu_);
  return authenticator_.Authenticate(session_, authorization, deadline);
}

absl::StatusOr<std::shared_ptr<const DatabaseTenantDirectory::Cache>>
DatabaseTenantDirectory::Load(Deadline deadline) {
  auto cache = std::make_shared<Cache>();
  cache->labels = FixedLabels();
  {
    auto tx = storage::PlatformTransaction::Begin(session_, deadline);
    if (!tx.ok()) return tx.status();
    const char* statement = kGatewayTenants.name;
    try {
      pqxx::work& w = (*tx)->work();
      for (const auto& row : w.exec_prepared(kGatewayTenants.name)) {
        TenantInfo& t = cache->tenants.emplace_back();
        t.slug = row["slug"].c_str();
        t.display_name = row["display_name"].c_str();
        t.region_code = row["region_code"].c_str();
        t.region_name = row["region_name"].c_str();
      }
      statement = kGatewayIndicators.name;
      for (const auto& row : w.exec_prepared(kGatewayIndicators.name)) {
        v1::NationalIndicator& i = cache->catalogue.emplace_back();
        i.set_name(absl::StrCat("nationalIndicators/", row["code"].c_str()));
        i.set_label_fr(row["label_fr"].c_str());
        i.set_label_en(row["label_en"].c_str());
        i.set_unit(row["unit"].c_str());
        i.set_service(row["service"].c_str());
        for (auto& d : TextArray(row["dimensions"])) i.add_dimensions(d);
      }
      statement = kGatewayLabels.name;
      for (const auto& row : w.exec_prepared(kGatewayLabels.name)) {
        cache->labels
            .by_dimension[row["dimension"].c_str()][row["value"].c_str()] =
            row["label"].c_str();
      }
    } catch (const std::exception& e) {
      session_.Reset();
      return storage::StatusFromException(e, statement);
    }
    if (auto s = (*tx)->Commit(); !s.ok()) return s;
  }
  for (TenantInfo& t : cache->tenants) {
    auto rows = storage::TenantRead(session_, t.slug, deadline,
                                    kGatewayTenantMrcs.name, {t.slug});
    if (!rows.ok()) return rows.status();
    for (const auto& row : *rows) t.mrcs.emplace_back(row["mrc_id"].c_str());
  }
  cache->fetched = std::chrono::steady_clock::now();
  return std::shared_ptr<const Cache>(std::move(cache));
}

absl::StatusOr<std::shared_ptr<const DatabaseTenantDirectory::Cache>>
DatabaseTenantDirectory::Fresh(Deadline deadline) {
  std::lock_guard<std::mutex> lock(mu_);
  if (cache_ != nullptr &&
      std::chrono::steady_clock::now() - cache_->fetched < cache_ttl_) {
    return cache_;
  }
  auto loaded = Load(deadline);
  if (!loaded.ok()) return loaded.status();
  cache_ = *loaded;
  return cache_;
}

absl::StatusOr<std::vector<TenantInfo>> DatabaseTenantDirectory::Tenants(
    Deadline deadline) {
  auto cache = Fresh(deadline);
  if (!cache.ok()) return cache.status();
  return (*cache)->tenants;
}

absl::StatusOr<std::vector<v1::NationalIndicator>>
DatabaseTenantDirectory::Catalogue(Deadline deadline) {
  auto cache = Fresh(deadline);
  if (!cache.ok()) return cache.status();
  return (*cache)->catalogue;
}

absl::StatusOr<ReferenceLabels> DatabaseTenantDirectory::Labels(
    Deadline deadline) {
  auto cache = Fresh(deadline);
  if (!cache.ok()) return cache.status();
  return (*cache)->labels;
}

}  // namespace poles::gateway
