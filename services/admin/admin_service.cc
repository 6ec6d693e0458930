#include "services/admin/admin_service.h"

#include <algorithm>
#include <chrono>

#include <openssl/crypto.h>
#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/digest.h"
#include "services/admin/admin_queries.h"
#include "services/admin/platform_transaction.h"
#include "services/admin/team.h"
#include "services/common/errors.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "storage/sql_error.h"

namespace poles::admin {

namespace {

// A kTenantGet row.
template <typename DbRow>
void TenantFromRow(const DbRow& r, v1::Tenant* t) {
  t->set_name(absl::StrCat("tenants/", r["slug"].c_str()));
  t->set_display_name(r["display_name"].c_str());
  t->set_region_code(r["region_code"].c_str());
  t->set_etag(FormatEtag(r["version"].template as<int64_t>()));
  SetTimestamp(r["create_micros"].template as<int64_t>(),
               t->mutable_create_time());
  google::protobuf::RepeatedPtrField<std::string> mrcs;
  AppendTextArray(r["mrcs"].c_str(), &mrcs);
  for (const auto& id : mrcs) t->add_mrcs(absl::StrCat("mrcs/", id));
}

// A row of kKeyInsert, kKeyList or kKeyRevoke.
void KeyFromRow(const pqxx::row& r, v1::ApiKey* k) {
  const std::string key_id = r["key_id"].c_str();
  const std::string tenant = r["tenant_slug"].c_str();
  k->set_name(tenant.empty()
                  ? absl::StrCat("apiKeys/", key_id)
                  : absl::StrCat("tenants/", tenant, "/apiKeys/", key_id));
  k->set_role(RoleFromName(r["role"].c_str()));
  k->set_display_name(r["display_name"].c_str());
  SetTimestamp(r["create_micros"].as<int64_t>(), k->mutable_create_time());
  if (const auto expire = r["expire_micros"].as<int64_t>(); expire >= 0) {
    SetTimestamp(expire, k->mutable_expire_time());
  }
  if (const auto revoke = r["revoke_micros"].as<int64_t>(); revoke >= 0) {
    SetTimestamp(revoke, k->mutable_revoke_time());
  }
}

// Validates a territory: MRC names, returned as ids.
absl::StatusOr<std::vector<std::string>> ParseMrcs(
    absl::string_view field,
    const google::protobuf::RepeatedPtrField<std::string>& mrcs) {
  std::vector<std::string> ids;
  Violations v;
  if (mrcs.size() > 120) v.Add(field, "must list at most 120 MRCs");
  for (int i = 0; i < mrcs.size() && i < 120; ++i) {
    auto id =
        ParseResourceName(absl::StrCat(field, "[", i, "]"), mrcs[i], {"mrcs"});
    if (!id.ok()) {
      v.Merge(id.status());
    } else {
      ids.push_back((*id)[0]);
    }
  }
  POLES_RETURN_IF_ERROR(v.Status());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// Replaces a tenant's territory; INVALID_ARGUMENT for an unknown MRC. An
// MRC still used by the tenant's directory cannot be removed: the foreign
// key makes that FAILED_PRECONDITION.
absl::Status WriteTerritory(storage::TenantTransaction& tx,
                            const std::vector<std::string>& mrcs,
                            absl::string_view field) {
  std::string keep = "[";
  for (const auto& m : mrcs) {
    if (tx.work().exec_prepared(kMrcExists.name, m).empty()) {
      return InvalidField(field,
                          absl::StrCat("mrcs/", m, " is not a known MRC"));
    }
    absl::StrAppend(&keep, keep.size() > 1 ? "," : "", "\"", m, "\"");
  }
  keep += "]";
  tx.work().exec_prepared(kTerritoryClear.name, tx.tenant(), keep);
  for (const auto& m : mrcs)
    tx.work().exec_prepared(kTerritoryAdd.name, tx.tenant(), m);
  return absl::OkStatus();
}

absl::Status CheckRegion(storage::TenantTransaction& tx,
                         const std::string& region, absl::string_view field) {
  if (region.empty()) return absl::OkStatus();
  if (tx.work().exec_prepared(kRegionExists.name, region).empty()) {
    return InvalidField(field, "is not a known administrative region code");
  }
  return absl::OkStatus();
}

absl::Status ReadTenantRow(storage::TenantTransaction& tx, v1::Tenant* out,
                           absl::string_view name) {
  pqxx::result rows = tx.work().exec_prepared(kTenantGet.name, tx.tenant());
  if (rows.empty()) return NotFound(name);
  TenantFromRow(rows[0], out);
  return absl::OkStatus();
}

}  // namespace

absl::Status AdminLogic::CreateTenant(Call& c, const v1::CreateTenantRequest& r,
                                      v1::Tenant* out) {
  Violations v;
  auto ids = ParseResourceName("tenant.name", r.tenant().name(), {"tenants"});
  v.Merge(ids.status());
  CheckText(v, "tenant.display_name", r.tenant().display_name(), 200, true);
  auto mrcs = ParseMrcs("tenant.mrcs", r.tenant().mrcs());
  v.Merge(mrcs.status());
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string slug = (*ids)[0];
  return InTenantTransaction(
      c, slug,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        tx.work().exec_prepared(kTenantInsert.name, slug,
                                r.tenant().display_name(),
                                r.tenant().region_code());
        POLES_RETURN_IF_ERROR(
            CheckRegion(tx, r.tenant().region_code(), "tenant.region_code"));
        POLES_RETURN_IF_ERROR(WriteTerritory(tx, *mrcs, "tenant.mrcs"));
        POLES_RETURN_IF_ERROR(ReadTenantRow(tx, out, r.tenant().name()));
        return WriteAudit(tx, c, out->name());
      },
      "a tenant with this slug already exists");
}

absl::Status AdminLogic::GetTenant(Call& c, const v1::GetTenantRequest& r,
                                   v1::Tenant* out) {
  POLES_ASSIGN_OR_RETURN(auto ids,
                         ParseResourceName("name", r.name(), {"tenants"}));
  if (c.principal.role != v1::ROLE_ADMIN) {
    POLES_RETURN_IF_ERROR(Authorize(c.principal, Access::kTenantRead, ids[0]));
  }
  POLES_ASSIGN_OR_RETURN(auto rows,
                         ReadTenant(c, ids[0], kTenantGet.name, {ids[0]}));
  if (rows.empty()) return NotFound(r.name());
  TenantFromRow(rows[0], out);
  return absl::OkStatus();
}

absl::Status AdminLogic::ListTenants(Call& c, const v1::ListTenantsRequest& r,
                                     v1::ListTenantsResponse* out) {
  if (c.principal.role != v1::ROLE_SERVICE) {
    POLES_RETURN_IF_ERROR(Authorize(c.principal, Access::kAdmin, ""));
  }
  POLES_ASSIGN_OR_RETURN(int size, EffectivePageSize(r.page_size()));
  POLES_ASSIGN_OR_RETURN(auto key, page_tokens_.Decode(r.page_token(), "", ""));
  std::string after = key.empty() ? "" : key[0];
  std::vector<std::string> slugs;
  POLES_RETURN_IF_ERROR(InPlatformTransaction(c, [&](pqxx::work& w) {
    for (const auto& row : w.exec_prepared(kTenantList.name, after, size + 1)) {
      slugs.push_back(row["slug"].c_str());
    }
    return absl::OkStatus();
  }));
  // A tenant's territory is tenant data under row-level security: read it in
  // that tenant's scope, one read per tenant of the page.
  for (size_t i = 0; i < slugs.size() && static_cast<int>(i) < size; ++i) {
    POLES_ASSIGN_OR_RETURN(
        auto rows, ReadTenant(c, slugs[i], kTenantGet.name, {slugs[i]}));
    if (!rows.empty()) TenantFromRow(rows[0], out->add_tenants());
  }
  if (static_cast<int>(slugs.size()) > size) {
    out->set_next_page_token(page_tokens_.Encode("", "", {slugs[size - 1]}));
  }
  return absl::OkStatus();
}

absl::Status AdminLogic::UpdateTenant(Call& c, const v1::UpdateTenantRequest& r,
                                      v1::Tenant* out) {
  Violations v;
  auto ids = ParseResourceName("tenant.name", r.tenant().name(), {"tenants"});
  v.Merge(ids.status());
  if (r.update_mask().paths_size() == 0) {
    v.Add("update_mask", "is required: list the fields to change");
  }
  bool set_name = false, set_region = false, set_mrcs = false;
  for (const auto& p : r.update_mask().paths()) {
    if (p == "display_name") {
      set_name = true;
    } else if (p == "region_code") {
      set_region = true;
    } else if (p == "mrcs") {
      set_mrcs = true;
    } else if (p != "name" && p != "create_time" && p != "etag") {
      v.Add("update_mask",
            absl::StrCat("\"", p.substr(0, 64),
                         "\" is not a field that can be updated"));
    }
  }
  if (set_name) {
    CheckText(v, "tenant.display_name", r.tenant().display_name(), 200, true);
  }
  auto mrcs = ParseMrcs("tenant.mrcs", r.tenant().mrcs());
  if (set_mrcs) v.Merge(mrcs.status());
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string slug = (*ids)[0];
  return InTenantTransaction(
      c, slug, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(kTenantLock.name, slug);
        if (cur.empty()) return NotFound(r.tenant().name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.tenant().etag(), cur[0]["version"].as<int64_t>()));
        v1::Tenant current;
        POLES_RETURN_IF_ERROR(ReadTenantRow(tx, &current, r.tenant().name()));
        std::string display =
            set_name ? r.tenant().display_name() : current.display_name();
        std::string region =
            set_region ? r.tenant().region_code() : current.region_code();
        POLES_RETURN_IF_ERROR(CheckRegion(tx, region, "tenant.region_code"));
        tx.work().exec_prepared(kTenantUpdate.name, slug, display, region);
        if (set_mrcs)
          POLES_RETURN_IF_ERROR(WriteTerritory(tx, *mrcs, "tenant.mrcs"));
        POLES_RETURN_IF_ERROR(ReadTenantRow(tx, out, r.tenant().name()));
        return WriteAudit(tx, c, out->name());
      });
}

absl::Status AdminLogic::CreateApiKey(Call& c, const v1::CreateApiKeyRequest& r,
                                      v1::CreateApiKeyResponse* out) {
  Violations v;
  std::string tenant;
  if (!r.parent().empty()) {
    auto ids = ParseResourceName("parent", r.parent(), {"tenants"});
    v.Merge(ids.status());
    if (ids.ok()) tenant = (*ids)[0];
  }
  const v1::Role role = r.api_key().role();
  bool tenant_role = role == v1::ROLE_EDITOR || role == v1::ROLE_VIEWER;
  bool platform_role = role == v1::ROLE_ADMIN || role == v1::ROLE_NATIONAL ||
                       role == v1::ROLE_FUNDING || role == v1::ROLE_SERVICE;
  if (!tenant_role && !platform_role) {
    v.Add("api_key.role",
          "is required: EDITOR, VIEWER, ADMIN, NATIONAL, FUNDING or SERVICE");
  } else if (tenant_role && r.parent().empty()) {
    v.Add("parent",
          "is required for an editor or viewer key (tenants/{tenant})");
  } else if (platform_role && !r.parent().empty()) {
    v.Add(
        "parent",
        "must be empty for a platform key (admin, national, funding, service)");
  }
  CheckText(v, "api_key.display_name", r.api_key().display_name(), 200, false);
  CheckRequestId(v, r.request_id());
  int64_t expire = -1;
  if (r.api_key().has_expire_time()) {
    expire = r.api_key().expire_time().seconds();
    if (expire <= std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count()) {
      v.Add("api_key.expire_time", "must be in the future");
    }
  }
  POLES_RETURN_IF_ERROR(v.Status());

  GeneratedKey key = GenerateApiKey();
  const std::string request_digest =
      r.request_id().empty() ? "" : Sha256(r.SerializeAsString());
  // Inserts the key; false (and `out` is the first key, without its
  // plaintext, never stored) when r.request_id() already created one.
  auto insert = [&](pqxx::work& w) -> absl::StatusOr<bool> {
    const pqxx::binarystring digest(key.digest.data(), key.digest.size());
    pqxx::result rows =
        r.request_id().empty()
            ? w.exec_prepared(kKeyInsert.name, key.key_id, tenant,
                              RoleName(role), r.api_key().display_name(),
                              digest, expire)
            : w.exec_prepared(kKeyInsertForRequest.name, key.key_id, tenant,
                              RoleName(role), r.api_key().display_name(),
                              digest, expire, r.request_id(),
                              pqxx::binarystring(request_digest.data(),
                                                 request_digest.size()));
    if (rows.empty()) {
      pqxx::result first =
          w.exec_prepared(kKeyByRequest.name, tenant, r.request_id());
      if (first.empty() ||
          pqxx::binarystring(first[0]["request_digest"]).str() !=
              request_digest) {
        return InvalidField("request_id",
                            "was already used for a different request");
      }
      KeyFromRow(first[0], out->mutable_api_key());
      return false;
    }
    KeyFromRow(rows[0], out->mutable_api_key());
    out->set_key(key.plaintext);
    return true;
  };
  if (!tenant.empty()) {
    return InTenantTransaction(
        c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
          pqxx::result t = tx.work().exec_prepared(kTenantLock.name, tenant);
          if (t.empty()) return NotFound(r.parent());
          POLES_ASSIGN_OR_RETURN(bool created, insert(tx.work()));
          if (!created) return absl::OkStatus();
          return WriteAudit(tx, c, out->api_key().name());
        });
  }
  return InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
    POLES_ASSIGN_OR_RETURN(bool created, insert(w));
    if (created) WritePlatformAudit(w, c, out->api_key().name());
    return absl::OkStatus();
  });
}

absl::Status AdminLogic::ListApiKeys(Call& c, const v1::ListApiKeysRequest& r,
                                     v1::ListApiKeysResponse* out) {
  Violations v;
  std::string tenant;
  if (!r.parent().empty()) {
    auto ids = ParseResourceName("parent", r.parent(), {"tenants"});
    v.Merge(ids.status());
    if (ids.ok()) tenant = (*ids)[0];
  }
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  POLES_RETURN_IF_ERROR(v.Status());
  POLES_ASSIGN_OR_RETURN(auto key,
                         page_tokens_.Decode(r.page_token(), r.parent(), ""));
  std::string after = key.empty() ? "" : key[0];
  return InPlatformTransaction(c, [&](pqxx::work& w) {
    pqxx::result rows =
        w.exec_prepared(kKeyList.name, tenant, after, *size + 1);
    for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
      KeyFromRow(rows[i], out->add_api_keys());
    }
    if (static_cast<int>(rows.size()) > *size) {
      out->set_next_page_token(page_tokens_.Encode(
          r.parent(), "", {rows[*size - 1]["key_id"].c_str()}));
    }
    return absl::OkStatus();
  });
}

absl::Status AdminLogic::RevokeApiKey(Call& c, const v1::RevokeApiKeyRequest& r,
                                      v1::ApiKey* out) {
  std::string tenant, key_id;
  if (r.name().rfind("tenants/", 0) == 0) {
    POLES_ASSIGN_OR_RETURN(
        auto ids, ParseResourceName("name", r.name(), {"tenants", "apiKeys"}));
    tenant = ids[0];
    key_id = ids[1];
  } else {
    POLES_ASSIGN_OR_RETURN(auto ids,
                           ParseResourceName("name", r.name(), {"apiKeys"}));
    key_id = ids[0];
  }
  auto revoke = [&](pqxx::work& w) -> absl::Status {
    pqxx::result rows = w.exec_prepared(kKeyRevoke.name, key_id, tenant);
    if (rows.empty()) return NotFound(r.name());
    KeyFromRow(rows[0], out);
    return absl::OkStatus();
  };
  absl::Status s;
  if (!tenant.empty()) {
    s = InTenantTransaction(
        c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
          POLES_RETURN_IF_ERROR(revoke(tx.work()));
          return WriteAudit(tx, c, r.name());
        });
  } else {
    s = InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
      POLES_RETURN_IF_ERROR(revoke(w));
      WritePlatformAudit(w, c, r.name());
      return absl::OkStatus();
    });
  }
  if (s.ok()) authenticator_.Forget(key_id);
  return s;
}

absl::Status AdminLogic::ListRegions(Call& c, const v1::ListRegionsRequest&,
                                     v1::ListRegionsResponse* out) {
  return InPlatformTransaction(c, [&](pqxx::work& w) {
    for (const auto& row : w.exec_prepared(kRegions.name)) {
      auto* region = out->add_regions();
      region->set_name(absl::StrCat("regions/", row["region_code"].c_str()));
      region->set_display_name(row["name"].c_str());
    }
    return absl::OkStatus();
  });
}

absl::Status AdminLogic::ListMrcs(Call& c, const v1::ListMrcsRequest& r,
                                  v1::ListMrcsResponse* out) {
  std::string region;
  if (!r.region().empty()) {
    POLES_ASSIGN_OR_RETURN(
        auto ids, ParseResourceName("region", r.region(), {"regions"}));
    region = ids[0];
  }
  return InPlatformTransaction(c, [&](pqxx::work& w) {
    for (const auto& row : w.exec_prepared(kMrcs.name, region)) {
      auto* m = out->add_mrcs();
      m->set_name(absl::StrCat("mrcs/", row["mrc_id"].c_str()));
      m->set_display_name(row["name"].c_str());
      m->set_region(absl::StrCat("regions/", row["region_code"].c_str()));
      m->set_kind(row["kind"].c_str());
    }
    return absl::OkStatus();
  });
}

absl::Status AdminLogic::ListNationalIndicators(
    Call& c, const v1::ListNationalIndicatorsRequest&,
    v1::ListNationalIndicatorsResponse* out) {
  return InPlatformTransaction(c, [&](pqxx::work& w) {
    for (const auto& row : w.exec_prepared(kIndicators.name)) {
      auto* ind = out->add_indicators();
      ind->set_name(absl::StrCat("nationalIndicators/", row["code"].c_str()));
      ind->set_label_fr(row["label_fr"].c_str());
      ind->set_label_en(row["label_en"].c_str());
      ind->set_unit(row["unit"].c_str());
      ind->set_service(row["service"].c_str());
      AppendTextArray(row["dimensions"].c_str(), ind->mutable_dimensions());
    }
    return absl::OkStatus();
  });
}

absl::Status AdminLogic::IntrospectApiKey(Call& c,
                                          const v1::IntrospectApiKeyRequest& r,
                                          v1::IntrospectApiKeyResponse* out) {
  if (c.principal.role != v1::ROLE_SERVICE) {
    return WithReason(absl::PermissionDeniedError(
                          "this method needs the platform service role"),
                      "PERMISSION_DENIED");
  }
  Violations v;
  const std::string& id = r.key_id();
  if (id.size() != 16 || !std::all_of(id.begin(), id.end(), [](char ch) {
        return absl::ascii_isdigit(ch) || (ch >= 'a' && ch <= 'f');
      })) {
    v.Add("key_id", "must be a key's id: 16 lowercase hexadecimal digits");
  }
  if (r.secret_sha256().size() != 32) {
    v.Add("secret_sha256", "must be the SHA-256 of the key's secret: 32 bytes");
  }
  POLES_RETURN_IF_ERROR(v.Status());
  out->set_valid(false);
  return InPlatformTransaction(c, [&](pqxx::work& w) {
    pqxx::result rows = w.exec_prepared(kKeyIntrospect.name, id);
    if (rows.empty() || rows[0]["revoked"].as<bool>()) return absl::OkStatus();
    pqxx::binarystring stored(rows[0]["digest"]);
    const std::string& given = r.secret_sha256();
    if (stored.size() != given.size() ||
        CRYPTO_memcmp(stored.data(), given.data(), given.size()) != 0) {
      return absl::OkStatus();
    }
    const long long expire = rows[0]["expire_seconds"].as<long long>();
    if (expire >= 0 && std::chrono::system_clock::now() >=
                           std::chrono::system_clock::time_point(
                               std::chrono::seconds(expire))) {
      return absl::OkStatus();
    }
    out->set_valid(true);
    out->set_role(RoleFromName(rows[0]["role"].c_str()));
    const std::string tenant = rows[0]["tenant_slug"].c_str();
    if (!tenant.empty()) out->set_tenant(absl::StrCat("tenants/", tenant));
    if (expire >= 0) out->mutable_expire_time()->set_seconds(expire);
    return absl::OkStatus();
  });
}

std::vector<storage::Statement> AdminStatements() {
  std::vector<storage::Statement> all = {
      kIndicators,          kTenantGet,     kTenantLock,     kTenantList,
      kTenantInsert,        kTenantUpdate,  kTerritoryClear, kTerritoryAdd,
      kMrcExists,           kRegionExists,  kKeyInsert,      kKeyList,
      kKeyRevoke,           kPlatformAudit, kRegions,        kMrcs,
      kKeyInsertForRequest, kKeyByRequest,  kKeyIntrospect};
  for (const auto& s : AccountStatements()) all.push_back(s);
  for (const auto& s : TeamStatements()) all.push_back(s);
  return all;
}

}  // namespace poles::admin
