#include "server/bootstrap.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <pqxx/pqxx>
#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "base/random.h"
#include "services/common/auth.h"
#include "storage/migrations.h"

namespace poles {

namespace fs = std::filesystem;

absl::StatusOr<ReadyDatabase> PrepareDatabase(const DatabaseChoice& choice) {
  ReadyDatabase ready;
  ready.urls.owner_url = choice.owner_url;
  ready.urls.app_url = choice.app_url;
  ready.urls.admin_url = choice.admin_url;
  if (!choice.data_dir.empty()) {
    storage::EmbeddedPostgresOptions o;
    o.data_dir = choice.data_dir;
    o.unsafe_fast = choice.unsafe_fast;
    o.progress = choice.progress;
    auto pg = storage::EmbeddedPostgres::Start(o);
    if (!pg.ok()) return pg.status();
    auto urls = (*pg)->Bootstrap();
    if (!urls.ok()) return urls.status();
    ready.urls = *urls;
    ready.embedded = *std::move(pg);
  }
  if (!ready.urls.owner_url.empty()) {
    if (choice.progress) choice.progress("applying migrations");
    auto s = storage::ApplyMigrations(ready.urls.owner_url,
                                      storage::EmbeddedMigrations(), 10000,
                                      [&](const std::string& name) {
                                        if (choice.progress)
                                          choice.progress("  applied " + name);
                                      });
    if (!s.ok()) return s;
  }
  return ready;
}

absl::StatusOr<std::string> IssueKeyDirect(const std::string& owner_url,
                                           const std::string& role,
                                           const std::string& tenant,
                                           const std::string& display_name) {
  GeneratedKey key = GenerateApiKey();
  try {
    pqxx::connection conn(owner_url);
    pqxx::work w(conn);
    w.exec_params(
        "INSERT INTO poles.api_keys (key_id, tenant_slug, role, display_name, "
        "digest) VALUES ($1, NULLIF($2, ''), $3, $4, $5)",
        key.key_id, tenant, role, display_name,
        pqxx::binarystring(key.digest.data(), key.digest.size()));
    w.commit();
  } catch (const std::exception& e) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot issue the ", role, " key: ", e.what()));
  }
  return key.plaintext;
}

absl::Status PurgeErased(const std::string& owner_url) {
  try {
    pqxx::connection conn(owner_url);
    pqxx::nontransaction n(conn);  // VACUUM runs outside a transaction
    n.exec("SET lock_timeout = '10s'");
    n.exec("VACUUM (FULL, ANALYZE) poles.people");
    n.exec("VACUUM (ANALYZE) poles.idempotency_keys");
  } catch (const std::exception& e) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot vacuum the erased rows: ", e.what()));
  }
  return absl::OkStatus();
}

absl::Status WritePrivateFile(const std::string& path,
                              const std::string& text) {
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::exists(parent)) {
    fs::create_directories(parent, ec);
    chmod(parent.c_str(), 0700);  // a folder we create holds secrets only
  }
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    return absl::PermissionDeniedError(absl::StrCat("cannot write ", path));
  bool ok =
      write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  fchmod(fd, 0600);
  close(fd);
  if (!ok) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadOrCreateSecret(const std::string& path,
                                               int bytes) {
  std::ifstream in(path);
  std::string secret;
  if (in && std::getline(in, secret) && !secret.empty()) {
    return std::string(absl::StripAsciiWhitespace(secret));
  }
  secret = RandomHex(bytes);
  if (auto s = WritePrivateFile(path, secret + "\n"); !s.ok()) return s;
  return secret;
}

}  // namespace poles
