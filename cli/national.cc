#include "cli/national.h"

#include <cstdio>
#include <cstdlib>

#include <google/protobuf/util/json_util.h>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/errors.h"
#include "cli/messages.h"
#include "cli/national_format.h"
#include "poles/v1/national.grpc.pb.h"
#include "server/poles_server.h"
#include "services/common/errors.h"

namespace poles::cli {
namespace {

std::string TenantName(const std::string& slug_or_name) {
  return absl::StartsWith(slug_or_name, "tenants/") ? slug_or_name
                                                    : "tenants/" + slug_or_name;
}

}  // namespace

void GatewayClient::Connect() {
  auto connected = transport::CreateChannel("--gateway", address, tls,
                                            ClientChannelArguments());
  if (!connected.ok()) {
    std::fprintf(stderr, "polesctl: %s\n",
                 std::string(connected.status().message()).c_str());
    std::exit(2);
  }
  channel = *std::move(connected);
}

void GatewayClient::Prepare(grpc::ClientContext& ctx) const {
  ctx.set_deadline(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(timeout_ms));
  if (!key.empty()) ctx.AddMetadata("authorization", "Bearer " + key);
}

absl::StatusOr<v1::RollupFilter> ParseRollupFilter(const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos) {
    return absl::InvalidArgumentError(
        "--filter « " + text +
        " » : attendu dimension=valeur[,valeur] (ex. program=mesi)");
  }
  v1::RollupFilter filter;
  filter.set_dimension(
      std::string(absl::StripAsciiWhitespace(text.substr(0, eq))));
  for (absl::string_view v :
       absl::StrSplit(text.substr(eq + 1), ',', absl::SkipWhitespace())) {
    filter.add_values(std::string(absl::StripAsciiWhitespace(v)));
  }
  if (filter.dimension().empty() || filter.values().empty()) {
    return absl::InvalidArgumentError(
        "--filter « " + text +
        " » : il faut une dimension et au moins une "
        "valeur (ex. program=mesi)");
  }
  return filter;
}

v1::GetNationalTableRequest TableRequest(const NationalTableOptions& options) {
  v1::GetNationalTableRequest req;
  req.set_fiscal_year(options.fiscal_year);
  for (const auto& i : options.indicators) req.add_indicators(i);
  for (const auto& r : options.regions) req.add_region_codes(r);
  req.set_breakdown(options.breakdown);
  return req;
}

absl::StatusOr<v1::GetFundingRollupRequest> RollupRequest(
    const FundingRollupOptions& options) {
  v1::GetFundingRollupRequest req;
  for (const auto& fy : options.fiscal_years) req.add_fiscal_years(fy);
  for (const auto& g : options.group_by) req.add_group_by(g);
  for (const auto& f : options.filters) {
    auto filter = ParseRollupFilter(f);
    if (!filter.ok()) return filter.status();
    *req.add_filters() = *std::move(filter);
  }
  return req;
}

v1::ListFindingsRequest FindingsRequest(const FindingsOptions& options) {
  v1::ListFindingsRequest req;
  req.set_fiscal_year(options.fiscal_year);
  for (const auto& t : options.tenants) req.add_tenants(TenantName(t));
  return req;
}

std::string ToJson(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = true;
  o.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

int FailRpc(const grpc::Status& status, const std::string& what,
            const std::string& address) {
  return ReportError(status, what, address, "--gateway");
}

int NationalTableCommand(const GatewayClient& client,
                         const NationalTableOptions& options) {
  auto stub = v1::NationalService::NewStub(client.channel);
  grpc::ClientContext ctx;
  client.Prepare(ctx);
  v1::NationalTable table;
  if (auto s = stub->GetNationalTable(&ctx, TableRequest(options), &table);
      !s.ok()) {
    return FailRpc(s, "tableau national", client.address);
  }
  switch (options.format) {
    case OutputFormat::kJson:
      std::printf("%s\n", ToJson(table).c_str());
      break;
    case OutputFormat::kCsv: {
      const std::string csv =
          NationalTableCsv(table, options.semicolon ? ';' : ',');
      std::fwrite(csv.data(), 1, csv.size(), stdout);
      break;
    }
    case OutputFormat::kText:
      std::printf("%s", FormatNationalTable(table).c_str());
      break;
  }
  return 0;
}

int NationalFundingCommand(const GatewayClient& client,
                           const FundingRollupOptions& options) {
  auto req = RollupRequest(options);
  if (!req.ok()) {
    std::fprintf(stderr, Tr("erreur : %s\n", "error: %s\n"),
                 std::string(req.status().message()).c_str());
    return 1;
  }
  auto stub = v1::NationalService::NewStub(client.channel);
  grpc::ClientContext ctx;
  client.Prepare(ctx);
  v1::FundingRollup rollup;
  if (auto s = stub->GetFundingRollup(&ctx, *req, &rollup); !s.ok())
    return FailRpc(s, "financement", client.address);
  if (options.json) {
    std::printf("%s\n", ToJson(rollup).c_str());
  } else {
    std::printf("%s", FormatFundingRollup(rollup).c_str());
  }
  return 0;
}

int NationalFindingsCommand(const GatewayClient& client,
                            const FindingsOptions& options) {
  auto stub = v1::NationalService::NewStub(client.channel);
  grpc::ClientContext ctx;
  client.Prepare(ctx);
  v1::ListFindingsResponse resp;
  if (auto s = stub->ListFindings(&ctx, FindingsRequest(options), &resp);
      !s.ok()) {
    return FailRpc(s, "constats", client.address);
  }
  if (options.json) {
    std::printf("%s\n", ToJson(resp).c_str());
  } else {
    std::printf(
        Tr("Constats de validation — exercice %s\n\n%s",
           "Validation findings — fiscal year %s\n\n%s"),
        options.fiscal_year.c_str(),
        FormatFindings({resp.findings().begin(), resp.findings().end()},
                       {resp.unreachable().begin(), resp.unreachable().end()})
            .c_str());
  }
  return 0;
}

}  // namespace poles::cli
