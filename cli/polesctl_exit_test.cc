// polesctl's documented exit codes (0 ok, 1 refused by the server, 2 bad
// usage, 3 unreachable), --version, `completion bash` and the messages'
// language, checked on the binary itself against a fake AdminService.
#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "poles/v1/admin.grpc.pb.h"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Lists one tenant for the key "good", refuses any other.
class FakeAdmin final : public poles::v1::AdminService::Service {
  grpc::Status ListTenants(grpc::ServerContext* ctx,
                           const poles::v1::ListTenantsRequest*,
                           poles::v1::ListTenantsResponse* resp) override {
    auto auth = ctx->client_metadata().find("authorization");
    if (auth == ctx->client_metadata().end() ||
        std::string(auth->second.data(), auth->second.size()) !=
            "Bearer good") {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "invalid API key");
    }
    auto* t = resp->add_tenants();
    t->set_name("tenants/centre-du-quebec");
    t->set_display_name("Pôle d'économie sociale du Centre-du-Québec");
    t->set_region_code("17");
    return grpc::Status::OK;
  }
};

struct Result {
  int code = -1;
  std::string output;  // stdout and stderr
};

Result Polesctl(const std::string& args, const std::string& env = "") {
  const std::string cmd = "env -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 " + env +
                          " " POLESCTL_BIN " " + args + " 2>&1";
  Result run;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return run;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
    run.output.append(buf.data(), n);
  const int status = pclose(p);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// A loopback port nothing listens on (bound, then closed).
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    addr.sin_port = htons(1);  // nothing listens on port 1 either
  }
  close(fd);
  return ntohs(addr.sin_port);
}

class PolesctlExitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(&admin_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    server_arg_ = "--server 127.0.0.1:" + std::to_string(port_);
  }
  void TearDown() override { server_->Shutdown(); }

  FakeAdmin admin_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::string server_arg_;
};

TEST_F(PolesctlExitTest, ZeroWhenTheServerAnswers) {
  Result r = Polesctl(server_arg_ + " --key good tenants list");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("tenants/centre-du-quebec"));
}

TEST_F(PolesctlExitTest, JsonOnTheTenantsList) {
  Result r = Polesctl(server_arg_ + " --key good tenants list --json");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("\"name\": \"tenants/centre-du-quebec\""));
}

TEST_F(PolesctlExitTest, CsvOnTheTenantsList) {
  Result r = Polesctl(server_arg_ + " --key good tenants list --output csv");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("Pôle,Région,MRC,Nom\r\n"));
  EXPECT_THAT(r.output, HasSubstr("tenants/centre-du-quebec,17,0,"));
  EXPECT_EQ(
      Polesctl(server_arg_ + " --key good tenants list --output xml").code, 2);
}

TEST_F(PolesctlExitTest, OneWhenTheServerRefuses) {
  Result r = Polesctl(server_arg_ + " --key wrong tenants list");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("erreur : liste des Pôles"));
  EXPECT_THAT(r.output, HasSubstr("UNAUTHENTICATED"));
}

TEST_F(PolesctlExitTest, TwoOnBadUsage) {
  for (const char* args : {"", "tenants", "tenants list --no-such-option",
                           "no-such-command", "events summary --tenant x",
                           "directories export --format pdf "
                           "--tenant x"}) {
    Result r = Polesctl(server_arg_ + " " + args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.output;
  }
}

TEST(PolesctlExit, ThreeWhenNothingAnswers) {
  Result r = Polesctl("--server 127.0.0.1:" + std::to_string(ClosedPort()) +
                      " --timeout-ms 5000 --key good tenants list");
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("UNAVAILABLE"));
  EXPECT_THAT(r.output, HasSubstr("--server"));
  Result g = Polesctl("--gateway 127.0.0.1:" + std::to_string(ClosedPort()) +
                      " --timeout-ms 5000 --key good national table "
                      "--fiscal-year 2017-2018");
  EXPECT_EQ(g.code, 3) << g.output;
}

TEST_F(PolesctlExitTest, EnglishWithLangEn) {
  Result r =
      Polesctl(server_arg_ + " --key wrong tenants list", "LANG=en_CA.UTF-8");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("error: tenants list: "));
  EXPECT_THAT(r.output, Not(HasSubstr("erreur")));
  Result all = Polesctl(server_arg_ + " --key wrong tenants list",
                        "LANG=fr_CA.UTF-8 LC_ALL=en_US.UTF-8");
  EXPECT_THAT(all.output, HasSubstr("error: tenants list: "));
}

// LANG=en (or LC_ALL / LC_MESSAGES=en*) gives English beyond the errors:
// every command's help, the tables' headers and the summaries.
TEST_F(PolesctlExitTest, EnglishThroughoutWithLangEn) {
  const char* commands[] = {
      "--help",
      "tenants --help",
      "tenants create --help",
      "tenants list --help",
      "keys issue --help",
      "keys revoke --help",
      "plans import --help",
      "plans show --help",
      "events import --help",
      "events summary --help",
      "directories import --help",
      "directories export --help",
      "funding awards list --help",
      "funding agreements show --help",
      "funding import --help",
      "funding report --help",
      "funding export --help",
      "funding summary --help",
      "fiscal-years submit --help",
      "fiscal-years unlock --help",
      "fiscal-years list --help",
      "national table --help",
      "national funding --help",
      "national findings --help",
      "bilan --help",
      "demo load --help",
      "completion --help",
  };
  // Words of the French help that English has none of.
  const char* french[] = {
      "lister", "afficher", "exercice", "fichier", "valider",           " ou ",
      "p. ex.", "défaut",   "créer",    "clé",     "Pôles (locataires)"};
  for (const char* command : commands) {
    for (const char* env : {"LANG=en_CA.UTF-8",
                            "LANG=fr_CA.UTF-8 "
                            "LC_MESSAGES=en_US.UTF-8"}) {
      Result r = Polesctl(command, env);
      EXPECT_EQ(r.code, 0) << command << ": " << r.output;
      for (const char* word : french) {
        EXPECT_THAT(r.output, Not(HasSubstr(word)))
            << env << " polesctl " << command << ":\n"
            << r.output;
      }
    }
  }
  // French stays the default.
  EXPECT_THAT(Polesctl("tenants --help").output, HasSubstr("lister les Pôles"));
  EXPECT_THAT(Polesctl("tenants --help", "LANG=en").output,
              HasSubstr("list the Pôles"));

  Result csv = Polesctl(server_arg_ + " --key good tenants list --output csv",
                        "LANG=en_CA.UTF-8");
  EXPECT_EQ(csv.code, 0) << csv.output;
  EXPECT_THAT(csv.output, HasSubstr("Pole,Region,MRC,Name\r\n"));
  Result text =
      Polesctl(server_arg_ + " --key good tenants list", "LANG=en_CA.UTF-8");
  EXPECT_THAT(text.output, HasSubstr("1 Pôle(s)"));
  Result usage = Polesctl("directories export --format pdf --tenant x",
                          "LANG=en_CA.UTF-8");
  EXPECT_EQ(usage.code, 2);
  EXPECT_THAT(usage.output, Not(HasSubstr("erreur")));
}

TEST(PolesctlExit, VersionNamesTheApi) {
  Result r = Polesctl("--version");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("(API poles.v1)"));
}

TEST(PolesctlExit, BashCompletion) {
  Result r = Polesctl("completion bash");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("complete -o default -F _polesctl polesctl"));
  EXPECT_THAT(r.output, HasSubstr("\" national table\") words="));
  // The script loads in bash and completes a subcommand.
  Result b = Polesctl(
      "completion bash > /dev/null; bash -c 'source <(" POLESCTL_BIN
      " completion bash); COMP_WORDS=(polesctl national ta); COMP_CWORD=2; "
      "_polesctl; echo \"${COMPREPLY[*]}\"'");
  EXPECT_EQ(b.code, 0) << b.output;
  EXPECT_THAT(b.output, HasSubstr("table"));
}

}  // namespace
