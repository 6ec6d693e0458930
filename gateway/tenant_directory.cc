#include "gateway/tenant_directory.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <openssl/crypto.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "base/logging.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace poles::gateway {

namespace {

// Rows asked for per page of the paged lists.
constexpr int kPageSize = 1000;

// "regions/17" -> "17".
std::string LastSegment(const std::string& name) {
  auto slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// A failed call of the server's: the caller's request was not judged, so
// never UNAUTHENTICATED or PERMISSION_DENIED (the gateway's own service
// credential refused) but UNAVAILABLE; other codes as the server said.
absl::Status Unauthenticated(absl::string_view why) {
  return WithReason(absl::UnauthenticatedError(why), "UNAUTHENTICATED");
}

// The key of an `authorization` header, as services/common/auth.cc's
// Authenticator reads it (and refuses it, in the same words).
absl::Status ParseAuthorization(absl::string_view authorization,
                                std::string* key_id, std::string* digest) {
  if (authorization.empty()) {
    return Unauthenticated(
        "missing credentials: send 'authorization: Bearer <API key>'");
  }
  if (!absl::StartsWithIgnoreCase(authorization, "bearer ")) {
    return Unauthenticated("the authorization header must be 'Bearer <key>'");
  }
  return ParseApiKey(absl::StripAsciiWhitespace(authorization.substr(7)),
                     key_id, digest);
}

absl::Status Upstream(const grpc::Status& s, absl::string_view method) {
  if (s.ok()) return absl::OkStatus();
  if (s.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
      s.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    return absl::UnavailableError(
        absl::StrCat("the server refused the gateway's service key (", method,
                     "): ", s.error_message()));
  }
  return FromGrpcStatus(s);
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

ServerTenantDirectory::ServerTenantDirectory(
    std::shared_ptr<grpc::Channel> channel,
    std::shared_ptr<grpc::Channel> admin_channel,
    std::string service_authorization, std::chrono::milliseconds auth_ttl,
    std::chrono::milliseconds cache_ttl)
    : service_authorization_(std::move(service_authorization)),
      auth_ttl_(auth_ttl),
      cache_ttl_(cache_ttl),
      admin_(v1::AdminService::NewStub(admin_channel)),
      directories_(v1::DirectoriesService::NewStub(channel)),
      funding_(v1::FundingService::NewStub(channel)),
      events_(v1::EventsService::NewStub(channel)) {}

std::unique_ptr<grpc::ClientContext> ServerTenantDirectory::Context(
    Deadline deadline) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(deadline);
  ctx->AddMetadata("authorization", service_authorization_);
  return ctx;
}

absl::StatusOr<Principal> ServerTenantDirectory::AuthenticateSession(
    absl::string_view token, Deadline deadline) {
  grpc::ClientContext ctx;
  ctx.set_deadline(deadline);
  ctx.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  v1::LoginResponse resp;
  const grpc::Status s =
      admin_->GetSession(&ctx, v1::GetSessionRequest(), &resp);
  if (s.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    return Unauthenticated("the session is unknown, expired or signed out");
  }
  // The session is the caller's own credential: a refusal is the caller's.
  if (s.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    return FromGrpcStatus(s);
  }
  POLES_RETURN_IF_ERROR(Upstream(s, "GetSession"));
  Principal principal;
  principal.key_id = resp.account().name();
  principal.account_id =
      std::string(absl::StripPrefix(resp.account().name(), "accounts/"));
  principal.role = resp.active().role();
  principal.tenant =
      std::string(absl::StripPrefix(resp.active().tenant(), "tenants/"));
  if (principal.tenant.empty() || (principal.role != v1::ROLE_EDITOR &&
                                   principal.role != v1::ROLE_VIEWER)) {
    return Unauthenticated("the session has no role on a tenant");
  }
  return principal;
}

absl::StatusOr<Principal> ServerTenantDirectory::Authenticate(
    const std::string& authorization, Deadline deadline) {
  if (absl::StartsWithIgnoreCase(authorization, "bearer ")) {
    const absl::string_view token =
        absl::StripAsciiWhitespace(absl::string_view(authorization).substr(7));
    if (IsSessionToken(token)) return AuthenticateSession(token, deadline);
  }
  std::string key_id, digest;
  if (auto s = ParseAuthorization(authorization, &key_id, &digest); !s.ok()) {
    return s;
  }
  std::shared_ptr<const Key> key;
  {
    std::lock_guard<std::mutex> lock(keys_mu_);
    auto it = keys_.find(key_id);
    if (it != keys_.end() &&
        std::chrono::steady_clock::now() - it->second->fetched < auth_ttl_) {
      key = it->second;
    }
  }
  if (key == nullptr) {
    v1::IntrospectApiKeyRequest req;
    req.set_key_id(key_id);
    req.set_secret_sha256(digest);
    v1::IntrospectApiKeyResponse resp;
    POLES_RETURN_IF_ERROR(
        Upstream(admin_->IntrospectApiKey(Context(deadline).get(), req, &resp),
                 "IntrospectApiKey"));
    if (!resp.valid()) {
      return Unauthenticated("the API key is unknown or revoked");
    }
    auto fresh = std::make_shared<Key>();
    fresh->digest = digest;
    fresh->principal.key_id = key_id;
    fresh->principal.role = resp.role();
    fresh->principal.tenant =
        std::string(absl::StripPrefix(resp.tenant(), "tenants/"));
    if (resp.has_expire_time()) {
      fresh->expire_time = std::chrono::system_clock::time_point(
          std::chrono::seconds(resp.expire_time().seconds()));
    }
    fresh->fetched = std::chrono::steady_clock::now();
    key = fresh;
    std::lock_guard<std::mutex> lock(keys_mu_);
    keys_[key_id] = key;
  }
  if (key->digest.size() != digest.size() ||
      CRYPTO_memcmp(key->digest.data(), digest.data(), digest.size()) != 0) {
    return Unauthenticated("the API key is unknown or revoked");
  }
  if (std::chrono::system_clock::now() >= key->expire_time) {
    return Unauthenticated("the API key has expired");
  }
  return key->principal;
}

absl::StatusOr<std::shared_ptr<const ServerTenantDirectory::Cache>>
ServerTenantDirectory::Load(Deadline deadline) {
  auto cache = std::make_shared<Cache>();
  cache->labels = FixedLabels();
  auto& labels = cache->labels.by_dimension;
  std::map<std::string, std::string> region_names;
  {
    v1::ListRegionsResponse resp;
    POLES_RETURN_IF_ERROR(
        Upstream(admin_->ListRegions(Context(deadline).get(), {}, &resp),
                 "ListRegions"));
    for (const auto& r : resp.regions()) {
      region_names[LastSegment(r.name())] = r.display_name();
      labels["region"][LastSegment(r.name())] = r.display_name();
    }
  }
  {
    std::string token;
    do {
      v1::ListTenantsRequest req;
      req.set_page_size(kPageSize);
      req.set_page_token(token);
      v1::ListTenantsResponse resp;
      POLES_RETURN_IF_ERROR(
          Upstream(admin_->ListTenants(Context(deadline).get(), req, &resp),
                   "ListTenants"));
      for (const auto& t : resp.tenants()) {
        TenantInfo& info = cache->tenants.emplace_back();
        info.slug = LastSegment(t.name());
        info.display_name = t.display_name();
        info.region_code = t.region_code();
        auto name = region_names.find(t.region_code());
        if (name != region_names.end()) info.region_name = name->second;
        for (const auto& m : t.mrcs()) info.mrcs.push_back(LastSegment(m));
      }
      token = resp.next_page_token();
    } while (!token.empty());
  }
  {
    v1::ListNationalIndicatorsResponse resp;
    POLES_RETURN_IF_ERROR(Upstream(
        admin_->ListNationalIndicators(Context(deadline).get(), {}, &resp),
        "ListNationalIndicators"));
    cache->catalogue.assign(resp.indicators().begin(), resp.indicators().end());
    std::stable_sort(
        cache->catalogue.begin(), cache->catalogue.end(),
        [](const v1::NationalIndicator& a, const v1::NationalIndicator& b) {
          return std::tie(a.service(), a.name()) <
                 std::tie(b.service(), b.name());
        });
  }
  {
    v1::ListMrcsResponse resp;
    POLES_RETURN_IF_ERROR(Upstream(
        admin_->ListMrcs(Context(deadline).get(), {}, &resp), "ListMrcs"));
    for (const auto& m : resp.mrcs()) {
      labels["mrc"][LastSegment(m.name())] = m.display_name();
    }
  }
  {
    v1::ListSectorsResponse resp;
    POLES_RETURN_IF_ERROR(
        Upstream(directories_->ListSectors(Context(deadline).get(), {}, &resp),
                 "ListSectors"));
    for (const auto& s : resp.sectors()) {
      labels["sector"][LastSegment(s.name())] = s.label_fr();
    }
  }
  {
    std::string token;
    do {
      v1::ListFundersRequest req;
      req.set_page_size(kPageSize);
      req.set_page_token(token);
      v1::ListFundersResponse resp;
      POLES_RETURN_IF_ERROR(
          Upstream(funding_->ListFunders(Context(deadline).get(), req, &resp),
                   "ListFunders"));
      for (const auto& f : resp.funders()) {
        labels["funder"][LastSegment(f.name())] = f.label_fr();
      }
      token = resp.next_page_token();
    } while (!token.empty());
  }
  {
    std::string token;
    do {
      v1::ListProgramsRequest req;
      req.set_page_size(kPageSize);
      req.set_page_token(token);
      v1::ListProgramsResponse resp;
      POLES_RETURN_IF_ERROR(
          Upstream(funding_->ListPrograms(Context(deadline).get(), req, &resp),
                   "ListPrograms"));
      for (const auto& p : resp.programs()) {
        labels["program"][LastSegment(p.name())] = p.label_fr();
      }
      token = resp.next_page_token();
    } while (!token.empty());
  }
  cache->fetched = std::chrono::steady_clock::now();
  return std::shared_ptr<const Cache>(std::move(cache));
}

absl::StatusOr<std::shared_ptr<const ServerTenantDirectory::Cache>>
ServerTenantDirectory::Fresh(Deadline deadline) {
  std::lock_guard<std::mutex> lock(mu_);
  if (cache_ != nullptr &&
      std::chrono::steady_clock::now() - cache_->fetched < cache_ttl_) {
    return cache_;
  }
  auto loaded = Load(deadline);
  if (!loaded.ok()) {
    // Stale if error: tenants, the catalogue and labels change rarely and
    // are not secrets, so a read during a services outage keeps the last
    // copy (its tenants then unreachable, never missing from the table).
    // Keys are never served stale: Authenticate fails closed.
    if (cache_ == nullptr) return loaded.status();
    logging::Log(spdlog::level::warn, "reference_cache_stale",
                 {{"error", loaded.status().ToString()}});
    return cache_;
  }
  cache_ = *loaded;
  return cache_;
}

absl::StatusOr<std::vector<TenantInfo>> ServerTenantDirectory::Tenants(
    Deadline deadline) {
  auto cache = Fresh(deadline);
  if (!cache.ok()) return cache.status();
  return (*cache)->tenants;
}

absl::StatusOr<std::vector<v1::NationalIndicator>>
ServerTenantDirectory::Catalogue(Deadline deadline) {
  auto cache = Fresh(deadline);
  if (!cache.ok()) return cache.status();
  return (*cache)->catalogue;
}

absl::StatusOr<ReferenceLabels> ServerTenantDirectory::Labels(
    Deadline deadline) {
  auto cache = Fresh(deadline);
  if (!cache.ok()) return cache.status();
  return (*cache)->labels;
}

absl::StatusOr<v1::PoleProfile> ServerTenantDirectory::Profile(
    const std::string& slug, Deadline deadline) {
  v1::GetPoleProfileRequest r;
  r.set_name(absl::StrCat("tenants/", slug, "/profile"));
  v1::PoleProfile out;
  grpc::Status s = events_->GetPoleProfile(Context(deadline).get(), r, &out);
  if (!s.ok()) return FromGrpcStatus(s);
  return out;
}

}  // namespace poles::gateway
