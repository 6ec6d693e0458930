#include "services/common/auth.h"

#include <gtest/gtest.h>

namespace poles {
namespace {

TEST(ApiKeyTest, GeneratedKeysHave256BitSecretsAndParseBack) {
  GeneratedKey a = GenerateApiKey();
  GeneratedKey b = GenerateApiKey();
  EXPECT_NE(a.plaintext, b.plaintext);
  EXPECT_EQ(a.plaintext.size(), 3u + 16 + 1 + 64);  // 64 hex = 256 bits
  std::string id, digest;
  ASSERT_TRUE(ParseApiKey(a.plaintext, &id, &digest).ok());
  EXPECT_EQ(id, a.key_id);
  EXPECT_EQ(digest, a.digest);
  EXPECT_EQ(digest.size(), 32u);
  EXPECT_EQ(a.plaintext.find(digest), std::string::npos);
}

TEST(ApiKeyTest, MalformedKeysAreUnauthenticated) {
  std::string id, digest;
  GeneratedKey k = GenerateApiKey();
  for (const std::string& bad :
       {std::string(""), std::string("pk_"), k.plaintext.substr(1),
        k.plaintext + "0", "xx" + k.plaintext.substr(2),
        k.plaintext.substr(0, 20) + "G" + k.plaintext.substr(21)}) {
    EXPECT_EQ(ParseApiKey(bad, &id, &digest).code(),
              absl::StatusCode::kUnauthenticated)
        << bad;
  }
}

TEST(AuthorizeTest, RolesAndTenants) {
  Principal editor{"k1", v1::ROLE_EDITOR, "centre-du-quebec"};
  Principal viewer{"k2", v1::ROLE_VIEWER, "centre-du-quebec"};
  Principal admin{"k3", v1::ROLE_ADMIN, ""};
  Principal national{"k4", v1::ROLE_NATIONAL, ""};
  EXPECT_TRUE(Authorize(editor, Access::kTenantWrite, "centre-du-quebec").ok());
  EXPECT_TRUE(Authorize(viewer, Access::kTenantRead, "centre-du-quebec").ok());
  EXPECT_EQ(Authorize(viewer, Access::kTenantWrite, "centre-du-quebec").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Authorize(editor, Access::kTenantRead, "capitale-nationale").code(),
            absl::StatusCode::kPermissionDenied);
  // The admin operates the platform but never reads tenant data.
  EXPECT_EQ(Authorize(admin, Access::kTenantRead, "centre-du-quebec").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Authorize(national, Access::kTenantRead, "centre-du-quebec").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Authorize(admin, Access::kAdmin, "").ok());
  EXPECT_EQ(Authorize(editor, Access::kAdmin, "").code(),
            absl::StatusCode::kPermissionDenied);
}

// What a tenant publishes: its own users, and the platform service (the
// gateway's public pages) for any tenant; no other platform role, and no
// other tenant's users.
TEST(AuthorizeTest, PublicIsTheTenantsUsersOrTheService) {
  Principal viewer{"k1", v1::ROLE_VIEWER, "centre-du-quebec"};
  Principal service{"k2", v1::ROLE_SERVICE, ""};
  Principal national{"k3", v1::ROLE_NATIONAL, ""};
  Principal admin{"k4", v1::ROLE_ADMIN, ""};
  EXPECT_TRUE(Authorize(viewer, Access::kPublic, "centre-du-quebec").ok());
  EXPECT_TRUE(Authorize(service, Access::kPublic, "centre-du-quebec").ok());
  EXPECT_EQ(Authorize(viewer, Access::kPublic, "estrie").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Authorize(national, Access::kPublic, "centre-du-quebec").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Authorize(admin, Access::kPublic, "centre-du-quebec").code(),
            absl::StatusCode::kPermissionDenied);
  // The service role still reads no tenant data beyond that.
  EXPECT_EQ(Authorize(service, Access::kTenantRead, "centre-du-quebec").code(),
            absl::StatusCode::kPermissionDenied);
}

// A fiscal year's state: its tenant's users and the platform's readers; its
// unlock: the Chantier and the admin only.
TEST(AuthorizeTest, FiscalYearAccessLevels) {
  Principal editor{"k1", v1::ROLE_EDITOR, "centre-du-quebec"};
  Principal viewer{"k2", v1::ROLE_VIEWER, "centre-du-quebec"};
  Principal admin{"k3", v1::ROLE_ADMIN, ""};
  Principal national{"k4", v1::ROLE_NATIONAL, ""};
  Principal funding{"k5", v1::ROLE_FUNDING, ""};
  Principal service{"k6", v1::ROLE_SERVICE, ""};
  const char* t = "centre-du-quebec";
  for (const auto* p : {&editor, &viewer, &national, &funding, &service}) {
    EXPECT_TRUE(Authorize(*p, Access::kTenantReadOrPlatform, t).ok())
        << p->key_id;
  }
  EXPECT_EQ(Authorize(admin, Access::kTenantReadOrPlatform, t).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      Authorize(viewer, Access::kTenantReadOrPlatform, "capitale-nationale")
          .code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Authorize(national, Access::kNationalOrAdmin, t).ok());
  EXPECT_TRUE(Authorize(admin, Access::kNationalOrAdmin, t).ok());
  for (const auto* p : {&editor, &viewer, &funding, &service}) {
    EXPECT_EQ(Authorize(*p, Access::kNationalOrAdmin, t).code(),
              absl::StatusCode::kPermissionDenied)
        << p->key_id;
  }
}

}  // namespace
}  // namespace poles
