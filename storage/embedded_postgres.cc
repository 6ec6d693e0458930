#include "storage/embedded_postgres.h"

#include <fcntl.h>
#include <pwd.h>
#include <spawn.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pqxx/pqxx>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "base/random.h"

extern char** environ;

namespace poles::storage {

namespace fs = std::filesystem;

namespace {

absl::StatusOr<int> FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::UnavailableError("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return absl::UnavailableError("cannot find a free port on 127.0.0.1");
  }
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

absl::Status WriteSecretFile(const std::string& path, const std::string& text) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
  }
  bool ok =
      write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  if (!ok) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::Status Chown(const std::string& path, const std::string& user) {
  passwd* pw = getpwnam(user.c_str());
  if (pw == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "running as root, but OS user '", user,
        "' (to run PostgreSQL) does not exist; install postgresql-15"));
  }
  if (chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("chown ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace

std::string EmbeddedPostgres::pgdata() const {
  return (fs::path(options_.data_dir) / "pgdata").string();
}

absl::Status EmbeddedPostgres::Run(const std::vector<std::string>& argv_in,
                                   bool as_cluster_user) {
  std::vector<std::string> argv;
  if (as_cluster_user && !run_as_.empty()) {
    argv = {"runuser", "-u", run_as_, "--"};
  }
  argv.insert(argv.end(), argv_in.begin(), argv_in.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);

  // The child's output goes to a log file in the data folder, not to our
  // terminal.
  std::string log = (fs::path(options_.data_dir) / "launcher.log").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid;
  int rc =
      posix_spawnp(&pid, cargv[0], &actions, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot run ", argv[0], ": ", std::strerror(rc)));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::UnavailableError(
        absl::StrCat("'", absl::StrJoin(argv_in, " "), "' failed; see ", log));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<EmbeddedPostgres>> EmbeddedPostgres::Start(
    EmbeddedPostgresOptions options) {
  std::unique_ptr<EmbeddedPostgres> pg(new EmbeddedPostgres(options));
  auto say = [&](const std::string& m) {
    if (options.progress) options.progress(m);
  };
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError(
        "embedded PostgreSQL needs a data folder");
  }
  std::error_code ec;
  fs::create_directories(options.data_dir, ec);
  if (ec) {
    return absl::PermissionDeniedError(absl::StrCat(
        "cannot create data folder ", options.data_dir, ": ", ec.message()));
  }
  options.data_dir = fs::absolute(options.data_dir).string();
  pg->options_.data_dir = options.data_dir;
  if (geteuid() == 0) pg->run_as_ = options.run_as_when_root;

  // The cluster user must reach pgdata through the folder: let it traverse
  // (not list) the folder; the folder's own files stay 0600.
  chmod(options.data_dir.c_str(), pg->run_as_.empty() ? 0700 : 0711);

  const std::string password_file =
      (fs::path(options.data_dir) / "superuser.password").string();
  const std::string pgdata = pg->pgdata();
  if (!fs::exists(fs::path(pgdata) / "PG_VERSION")) {
    say("initialising a PostgreSQL 15 cluster in " + pgdata);
    pg->superuser_password_ = RandomHex(24);
    if (auto s = WriteSecretFile(password_file, pg->superuser_password_);
        !s.ok()) {
      return s;
    }
    fs::create_directories(pgdata, ec);
    chmod(pgdata.c_str(), 0700);
    // initdb reads the password from a file the cluster user can read.
    const std::string pwfile =
        (fs::path(options.data_dir) / "initdb.pw").string();
    if (auto s = WriteSecretFile(pwfile, pg->superuser_password_ + "\n");
        !s.ok()) {
      return s;
    }
    if (!pg->run_as_.empty()) {
      if (auto s = Chown(pgdata, pg->run_as_); !s.ok()) return s;
      if (auto s = Chown(pwfile, pg->run_as_); !s.ok()) return s;
    }
    absl::Status s =
        pg->Run({options.bin_dir + "/initdb", "-D", pgdata, "-U", "poles_super",
                 "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-instructions"},
                true);
    fs::remove(pwfile, ec);
    if (!s.ok()) return s;
  } else {
    std::ifstream in(password_file);
    std::getline(in, pg->superuser_password_);
    if (pg->superuser_password_.empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat("the cluster in ", pgdata, " exists but ", password_file,
                       " is missing or empty"));
    }
  }

  if (fs::exists(fs::path(pgdata) / "postmaster.pid")) {
    say("stopping a PostgreSQL left running in " + pgdata);
    (void)pg->Run(
        {options.bin_dir + "/pg_ctl", "-D", pgdata, "-m", "fast", "-w", "stop"},
        true);
  }

  int port = options.port;
  if (port == 0) {
    auto free_port = FreePort();
    if (!free_port.ok()) return free_port.status();
    port = *free_port;
  }
  pg->port_ = port;
  std::string server_options =
      absl::StrCat("-c listen_addresses=127.0.0.1 -c port=", port,
                   " -c unix_socket_directories='' -c max_connections=200"
                   " -c shared_buffers=128MB");
  if (options.unsafe_fast) {
    server_options +=
        " -c fsync=off -c synchronous_commit=off"
        " -c full_page_writes=off";
  }
  say(absl::StrCat("starting PostgreSQL on 127.0.0.1:", port));
  if (auto s = pg->Run({options.bin_dir + "/pg_ctl", "-D", pgdata, "-l",
                        pgdata + "/server.log", "-w", "-t", "60", "-o",
                        server_options, "start"},
                       true);
      !s.ok()) {
    return absl::UnavailableError(absl::StrCat(
        s.message(), "; the server log is ", pgdata, "/server.log"));
  }
  pg->running_ = true;
  return pg;
}

EmbeddedPostgres::~EmbeddedPostgres() { (void)Stop(); }

absl::Status EmbeddedPostgres::Stop() {
  if (!running_) return absl::OkStatus();
  running_ = false;
  return Run({options_.bin_dir + "/pg_ctl", "-D", pgdata(), "-m", "fast", "-w",
              "stop"},
             true);
}

std::string EmbeddedPostgres::SuperuserUrl(const std::string& database) const {
  return absl::StrCat("postgresql://poles_super:", superuser_password_,
                      "@127.0.0.1:", port_, "/", database);
}

absl::StatusOr<DatabaseUrls> EmbeddedPostgres::Bootstrap(
    const std::string& database) {
  const std::string owner_password = RandomHex(24);
  const std::string app_password = RandomHex(24);
  const std::string admin_password = RandomHex(24);
  try {
    pqxx::connection conn(SuperuserUrl());
    pqxx::nontransaction n(conn);
    n.exec("SET client_min_messages = warning");
    auto role_exists = [&](const std::string& role) {
      return !n.exec_params("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
                  .empty();
    };
    if (!role_exists("poles_owner")) {
      n.exec("CREATE ROLE poles_owner LOGIN NOSUPERUSER NOCREATEROLE");
    }
    for (const char* role : {"poles_app", "poles_admin"}) {
      if (!role_exists(role)) {
        n.exec(absl::StrCat("CREATE ROLE ", role,
                            " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB "
                            "NOCREATEROLE NOINHERIT"));
      }
    }
    n.exec("ALTER ROLE poles_owner PASSWORD " + n.quote(owner_password));
    n.exec("ALTER ROLE poles_app PASSWORD " + n.quote(app_password));
    n.exec("ALTER ROLE poles_admin PASSWORD " + n.quote(admin_password));
    if (n.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", database)
            .empty()) {
      n.exec("CREATE DATABASE " + n.quote_name(database) +
             " OWNER poles_owner ENCODING 'UTF8' TEMPLATE template0");
      n.exec("REVOKE ALL ON DATABASE " + n.quote_name(database) +
             " FROM PUBLIC");
      n.exec("GRANT CONNECT ON DATABASE " + n.quote_name(database) +
             " TO poles_app, poles_admin");
    }
    pqxx::connection db(SuperuserUrl(database));
    pqxx::nontransaction d(db);
    d.exec("REVOKE ALL ON SCHEMA public FROM PUBLIC");
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot bootstrap the embedded database: ", e.what()));
  }
  auto url = [&](const std::string& role, const std::string& password) {
    return absl::StrCat("postgresql://", role, ":", password,
                        "@127.0.0.1:", port_, "/", database);
  };
  return DatabaseUrls{url("poles_owner", owner_password),
                      url("poles_app", app_password),
                      url("poles_admin", admin_password)};
}

}  // namespace poles::storage
