// bench-ceiling-server: the bare callback server plans_bench measures the
// platform against (see ceiling.proto, ceiling_service.h). Started by
// plans_bench; connection strings come from the environment so they never
// show in a process list:
//   POLES_BENCH_SELECT_URL  a role that bypasses row-level security (Select)
//   POLES_DATABASE_URL      the application role (the tenant reads)
#include <signal.h>

#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "bench/ceiling_service.h"
#include "services/common/process.h"
#include "services/directories/directories_service.h"
#include "services/funding/funding_service.h"
#include "services/plans/plans_service.h"

int main(int argc, char** argv) {
  poles::ConfigureServerProcess();
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::string listen = "127.0.0.1:0";
  int pool_size = 8, queue_size = 512;
  CLI::App app{
      "bench-ceiling-server: bare gRPC callback reads for plans_bench"};
  app.add_option("--listen", listen, "address:port")->capture_default_str();
  app.add_option("--pool-size", pool_size, "workers (connections) per pool")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--queue-size", queue_size, "waiting requests per pool")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  poles::storage::RegisterStatements(poles::plans::PlansStatements());
  poles::storage::RegisterStatements(
      poles::directories::DirectoriesStatements());
  poles::storage::RegisterStatements(poles::funding::FundingStatements());

  const char* select_url = std::getenv("POLES_BENCH_SELECT_URL");
  const char* app_url = std::getenv("POLES_DATABASE_URL");
  if (select_url == nullptr || app_url == nullptr) {
    std::fprintf(stderr,
                 "bench-ceiling-server: set POLES_BENCH_SELECT_URL "
                 "and POLES_DATABASE_URL\n");
    return 2;
  }
  if (!poles::bench::IsRegisteredStatement(poles::bench::kItemStatement)) {
    std::fprintf(stderr,
                 "bench-ceiling-server: statement %s is not "
                 "registered (poles_plans not linked whole?)\n",
                 poles::bench::kItemStatement);
    return 1;
  }

  poles::storage::WorkerPool select_pool(select_url, pool_size, queue_size);
  poles::storage::WorkerPool tenant_pool(app_url, pool_size, queue_size);
  poles::bench::BareReadService service(select_pool, tenant_pool);
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    std::fprintf(stderr, "bench-ceiling-server: cannot listen on %s\n",
                 listen.c_str());
    return 1;
  }
  std::fprintf(stderr, "bench-ceiling-server: serving on port %d\n", port);
  int sig = 0;
  sigwait(&signals, &sig);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  return 0;
}
