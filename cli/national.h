#ifndef POLES_CLI_NATIONAL_H_
#define POLES_CLI_NATIONAL_H_

// polesctl national: the PAGES table, the funding rollups and the findings
// read from poles-gateway's NationalService (default 127.0.0.1:50052), with
// a national, ministry or tenant key.

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "poles/v1/national.pb.h"
#include "services/common/transport.h"

namespace poles::cli {

// Where the gateway is and the caller's key.
struct GatewayClient {
  std::string address = "127.0.0.1:50052";
  std::string key;
  int timeout_ms = 30000;
  // TLS toward the gateway (polesctl --ca); plaintext when off.
  transport::ClientTls tls;
  std::shared_ptr<grpc::Channel> channel;

  // Opens the channel to `address`; exits with 2 on unusable TLS files.
  void Connect();
  // Sets the deadline and the bearer key on `ctx`.
  void Prepare(grpc::ClientContext& ctx) const;
};

enum class OutputFormat { kText, kCsv, kJson };

struct NationalTableOptions {
  std::string fiscal_year;
  std::vector<std::string> indicators;
  std::vector<std::string> regions;
  std::string breakdown;
  OutputFormat format = OutputFormat::kText;
  bool semicolon = false;  // CSV separated by ';'
};

struct FundingRollupOptions {
  std::vector<std::string> fiscal_years;
  std::vector<std::string> group_by;
  std::vector<std::string> filters;  // "program=a,b", as typed
  bool json = false;
};

struct FindingsOptions {
  std::string fiscal_year;
  std::vector<std::string> tenants;  // slugs or tenants/{slug}
  bool json = false;
};

// "program=mesi,fli" -> {dimension: program, values: [mesi, fli]}.
// INVALID_ARGUMENT (French message) without '=', a dimension or a value.
absl::StatusOr<v1::RollupFilter> ParseRollupFilter(const std::string& text);

// The requests the commands send, built from their options (pure).
v1::GetNationalTableRequest TableRequest(const NationalTableOptions& options);
absl::StatusOr<v1::GetFundingRollupRequest> RollupRequest(
    const FundingRollupOptions& options);
v1::ListFindingsRequest FindingsRequest(const FindingsOptions& options);

// `m` as indented proto3 JSON with the proto's field names.
std::string ToJson(const google::protobuf::Message& m);

// Prints a failed call the way people read it (cli/errors.h: code, message,
// each bad field; when nothing answered, the gateway's `address` and its
// option --gateway); returns the exit code (cli/exit_code.h).
int FailRpc(const grpc::Status& status, const std::string& what,
            const std::string& address);

// The commands; each prints its answer and returns the exit code.
int NationalTableCommand(const GatewayClient& client,
                         const NationalTableOptions& options);
int NationalFundingCommand(const GatewayClient& client,
                           const FundingRollupOptions& options);
int NationalFindingsCommand(const GatewayClient& client,
                            const FindingsOptions& options);

}  // namespace poles::cli

#endif  // POLES_CLI_NATIONAL_H_
