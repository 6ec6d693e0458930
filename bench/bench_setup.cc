#include "bench/bench_setup.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "base/random.h"
#include "poles/v1/admin.grpc.pb.h"
#include "server/poles_server.h"

namespace poles::bench {
namespace {

std::string& BenchName() {
  static auto* name = new std::string("bench");
  return *name;
}

}  // namespace

void SetBenchName(const std::string& name) { BenchName() = name; }

void Progress(const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", BenchName().c_str(), message.c_str());
}

void ExitUnlessOk(const absl::Status& s, const std::string& what) {
  if (!s.ok()) {
    Progress(absl::StrCat(what, ": ", s.ToString()));
    std::exit(1);
  }
}

void ExitUnlessOk(const grpc::Status& s, const std::string& what) {
  if (!s.ok()) ExitUnlessOk(absl::UnknownError(s.error_message()), what);
}

absl::StatusOr<std::unique_ptr<BenchServers>> BenchServers::Start(
    const BenchServerOptions& options) {
  std::string tmpl = absl::StrCat("/tmp/poles-", options.name, "-XXXXXX");
  if (mkdtemp(tmpl.data()) == nullptr) {
    return absl::UnavailableError("cannot create a temporary folder");
  }
  std::unique_ptr<BenchServers> s(new BenchServers());
  s->name_ = options.name;
  s->dir_ = tmpl;
  DatabaseChoice choice;
  choice.data_dir = s->dir_;
  choice.unsafe_fast = true;  // a throwaway cluster
  choice.progress = Progress;
  auto db = PrepareDatabase(choice);
  if (!db.ok()) return db.status();
  s->db_ = std::move(*db);
  const std::string pool = std::to_string(options.pool_size);
  const std::string port_file = s->dir_ + "/poles-server.port";
  std::vector<std::string> argv = {options.server_binary,
                                   "--listen=127.0.0.1:0",
                                   "--pool-size=" + pool,
                                   "--shutdown-grace-ms=2000",
                                   "--log-level=" + options.server_log_level,
                                   "--port-file=" + port_file};
  argv.insert(argv.end(), options.server_args.begin(),
              options.server_args.end());
  auto server = ChildProcess::Start(
      "poles-server", argv,
      {{"POLES_DATABASE_URL", s->db_.urls.app_url},
       {"POLES_ADMIN_DATABASE_URL", s->db_.urls.admin_url},
       {"POLES_PAGE_TOKEN_SECRET", poles::RandomHex(32)}},
      std::chrono::seconds(30), port_file, options.server_lines);
  if (!server.ok()) return server.status();
  s->server_ = std::move(*server);
  if (options.ceiling_binary.empty()) return s;
  auto ceiling = ChildProcess::Start(
      "bench-ceiling-server",
      {options.ceiling_binary, "--listen=127.0.0.1:0", "--pool-size=" + pool},
      {{"POLES_DATABASE_URL", s->db_.urls.app_url},
       {"POLES_BENCH_SELECT_URL", s->SuperuserUrl()}},
      std::chrono::seconds(30));
  if (!ceiling.ok()) return ceiling.status();
  s->ceiling_ = std::move(*ceiling);
  return s;
}

BenchServers::~BenchServers() {
  StopServers();
  db_.embedded.reset();
  if (keep_data_) {
    std::fprintf(stderr, "%s: the cluster's data folder is kept: %s\n",
                 name_.c_str(), dir_.c_str());
  } else if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

void BenchServers::StopServers() {
  if (ceiling_) ceiling_->Stop();
  if (server_) server_->Stop();
}

std::string BenchServers::SuperuserUrl() const {
  return db_.embedded->SuperuserUrl("poles");
}

std::string BenchServers::server_address() const {
  return absl::StrCat("127.0.0.1:", server_->port());
}

std::string BenchServers::ceiling_address() const {
  return absl::StrCat("127.0.0.1:", ceiling_->port());
}

std::shared_ptr<grpc::Channel> BenchServers::ServerChannel() const {
  return grpc::CreateCustomChannel(server_address(),
                                   grpc::InsecureChannelCredentials(),
                                   ClientChannelArguments());
}

absl::StatusOr<std::string> BenchServers::AdminKey() const {
  return IssueKeyDirect(db_.urls.owner_url, "admin", "", name_);
}

std::unique_ptr<grpc::ClientContext> KeyContext(const std::string& key) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
  if (!key.empty()) ctx->AddMetadata("authorization", "Bearer " + key);
  return ctx;
}

const std::vector<std::string>& BenchMrcs() {
  static const auto* mrcs = new std::vector<std::string>{
      "arthabaska", "becancour", "drummond", "l-erable", "nicolet-yamaska"};
  return *mrcs;
}

BenchTenant CreateBenchTenant(const std::shared_ptr<grpc::Channel>& channel,
                              const std::string& admin_key,
                              const std::string& slug) {
  auto admin = v1::AdminService::NewStub(channel);
  v1::CreateTenantRequest ct;
  ct.mutable_tenant()->set_name("tenants/" + slug);
  ct.mutable_tenant()->set_display_name("Pôle de mesure " + slug);
  ct.mutable_tenant()->set_region_code("17");
  for (const auto& m : BenchMrcs()) ct.mutable_tenant()->add_mrcs("mrcs/" + m);
  v1::Tenant t;
  ExitUnlessOk(admin->CreateTenant(KeyContext(admin_key).get(), ct, &t),
               "create tenant " + slug);
  BenchTenant out{slug, "", ""};
  for (auto role : {v1::ROLE_EDITOR, v1::ROLE_VIEWER}) {
    v1::CreateApiKeyRequest ck;
    ck.set_parent("tenants/" + slug);
    ck.mutable_api_key()->set_role(role);
    v1::CreateApiKeyResponse key;
    ExitUnlessOk(admin->CreateApiKey(KeyContext(admin_key).get(), ck, &key),
                 "key of " + slug);
    (role == v1::ROLE_EDITOR ? out.editor_key : out.viewer_key) = key.key();
  }
  return out;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return absl::StrCat(one, " ", five, " ", fifteen);
}

void AddComparisonFlags(CLI::App& app, ComparisonFlags* f) {
  app.add_option("--in-flight", f->in_flight)->capture_default_str();
  app.add_option("--channels", f->channels)->capture_default_str();
  app.add_option("--rounds", f->rounds)
      ->capture_default_str()
      ->check(CLI::Range(1, 50));
  app.add_option("--duration", f->duration_s, "seconds measured per round")
      ->capture_default_str();
  app.add_option("--warmup", f->warmup_s)->capture_default_str();
  app.add_option("--pool-size", f->pool_size)->capture_default_str();
  app.add_option("--server-log-level", f->server_log_level,
                 "poles-server's --log-level (info: one line per call)")
      ->capture_default_str();
}

LoadPoint PointOf(int in_flight, int channels, double warmup_s,
                  double duration_s) {
  LoadPoint point;
  point.in_flight = in_flight;
  point.channels = channels;
  point.warmup = std::chrono::duration<double>(warmup_s);
  point.duration = std::chrono::duration<double>(duration_s);
  return point;
}

absl::StatusOr<Comparison> CompareInterleaved(
    int rounds, const LoadPoint& point, const ComparedTarget& raw,
    const ComparedTarget& sealed,
    const std::function<void(const std::string&)>& progress) {
  Comparison c;
  for (int round = 1; round <= rounds; ++round) {
    for (const ComparedTarget* t : {&raw, &sealed}) {
      LoadPoint p = point;
      p.address = t->address;
      progress(absl::StrCat("round ", round, "/", rounds, ": ", t->label));
      LoadResult r = RunLoad(p, t->caller);
      if (r.errors > 0) {
        return absl::UnknownError(
            absl::StrCat(t->label, " load: ", r.first_error));
      }
      (t == &raw ? c.raw_rps : c.sealed_rps).push_back(r.rps);
      (t == &raw ? c.raw_p99 : c.sealed_p99).push_back(r.p99_ms);
    }
    c.ratios.push_back(c.sealed_rps.back() / c.raw_rps.back());
  }
  return c;
}

void PrintComparison(const Comparison& c, const std::string& raw_label,
                     const std::string& sealed_label,
                     const std::string& ratio_name, const std::string& target) {
  auto median = [](std::vector<double> v) { return Quantile(v, 0.5); };
  std::printf(
      "| target | RPS (median of %zu rounds) | p99 ms (median) |\n"
      "| --- | ---: | ---: |\n",
      c.ratios.size());
  std::printf("| %s | %.0f | %.2f |\n", raw_label.c_str(), median(c.raw_rps),
              median(c.raw_p99));
  std::printf("| %s | %.0f | %.2f |\n\n", sealed_label.c_str(),
              median(c.sealed_rps), median(c.sealed_p99));
  std::printf("%s / raw RPS: %.2f (rounds: ", ratio_name.c_str(),
              median(c.ratios));
  for (size_t i = 0; i < c.ratios.size(); ++i) {
    std::printf("%s%.2f", i ? ", " : "", c.ratios[i]);
  }
  std::printf("); %s\n\n", target.c_str());
  std::fflush(stdout);
}

}  // namespace poles::bench
