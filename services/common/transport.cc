#include "services/common/transport.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include <arpa/inet.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/logging.h"
#include "services/common/errors.h"

namespace poles::transport {
namespace {

// The host of "host:port" or "[v6]:port" (the whole string without a port).
std::string HostOf(absl::string_view address) {
  if (absl::ConsumePrefix(&address, "[")) {
    return std::string(address.substr(0, address.find(']')));
  }
  auto colon = address.rfind(':');
  if (colon != absl::string_view::npos &&
      address.find(':') == colon) {  // one colon: host:port
    return std::string(address.substr(0, colon));
  }
  return std::string(address);  // no port, or a bare IPv6 literal
}

enum class Family { kV4, kV6, kName };

Family FamilyOf(const std::string& host) {
  unsigned char buf[16];
  if (inet_pton(AF_INET, host.c_str(), buf) == 1) return Family::kV4;
  if (inet_pton(AF_INET6, host.c_str(), buf) == 1) return Family::kV6;
  return Family::kName;
}

bool HasScheme(absl::string_view target) {
  return absl::StrContains(target, "://") || absl::StartsWith(target, "dns:") ||
         absl::StartsWith(target, "ipv4:") ||
         absl::StartsWith(target, "ipv6:") || absl::StartsWith(target, "unix:");
}

}  // namespace

absl::StatusOr<std::string> ReadPem(absl::string_view flag,
                                    const std::string& path,
                                    absl::string_view marker) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidField(flag, absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  std::string pem = text.str();
  if (!absl::StrContains(pem, "-----BEGIN ") ||
      !absl::StrContains(pem, marker)) {
    return InvalidField(flag, absl::StrCat(path, " holds no PEM ", marker));
  }
  return pem;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const ServerTls& tls, absl::string_view flag_prefix) {
  if (!tls.enabled()) {
    if (!tls.client_ca_file.empty()) {
      return InvalidField(
          absl::StrCat(flag_prefix, "client-ca"),
          absl::StrCat("needs ", flag_prefix, "cert and ", flag_prefix, "key"));
    }
    return grpc::InsecureServerCredentials();
  }
  Violations v;
  if (tls.cert_file.empty()) {
    v.Add(absl::StrCat(flag_prefix, "cert"),
          absl::StrCat("is required with ", flag_prefix, "key"));
  }
  if (tls.key_file.empty()) {
    v.Add(absl::StrCat(flag_prefix, "key"),
          absl::StrCat("is required with ", flag_prefix, "cert"));
  }
  if (!v.empty()) return v.Status();
  auto cert =
      ReadPem(absl::StrCat(flag_prefix, "cert"), tls.cert_file, "CERTIFICATE");
  auto key =
      ReadPem(absl::StrCat(flag_prefix, "key"), tls.key_file, "PRIVATE KEY");
  if (!cert.ok()) v.Merge(cert.status());
  if (!key.ok()) v.Merge(key.status());
  grpc::SslServerCredentialsOptions options;
  if (!tls.client_ca_file.empty()) {
    auto ca = ReadPem(absl::StrCat(flag_prefix, "client-ca"),
                      tls.client_ca_file, "CERTIFICATE");
    if (!ca.ok()) {
      v.Merge(ca.status());
    } else {
      options.pem_root_certs = *ca;
      options.client_certificate_request =
          GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
    }
  }
  if (!v.empty()) return v.Status();
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentials(
    const ClientTls& tls, absl::string_view ca_flag,
    absl::string_view cert_flag, absl::string_view key_flag) {
  Violations v;
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    v.Add(tls.cert_file.empty() ? cert_flag : key_flag,
          absl::StrCat("is required with ",
                       tls.cert_file.empty() ? key_flag : cert_flag));
  }
  if (!tls.enabled()) {
    if (!tls.cert_file.empty() || !tls.key_file.empty()) {
      v.Add(ca_flag, absl::StrCat("is required with ", cert_flag));
    }
    if (!v.empty()) return v.Status();
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  if (auto ca = ReadPem(ca_flag, tls.ca_file, "CERTIFICATE"); ca.ok()) {
    options.pem_root_certs = *ca;
  } else {
    v.Merge(ca.status());
  }
  if (!tls.cert_file.empty() && !tls.key_file.empty()) {
    auto cert = ReadPem(cert_flag, tls.cert_file, "CERTIFICATE");
    auto key = ReadPem(key_flag, tls.key_file, "PRIVATE KEY");
    if (!cert.ok()) v.Merge(cert.status());
    if (!key.ok()) v.Merge(key.status());
    if (cert.ok() && key.ok()) {
      options.pem_cert_chain = *cert;
      options.pem_private_key = *key;
    }
  }
  if (!v.empty()) return v.Status();
  return grpc::SslCredentials(options);
}

bool IsLoopback(absl::string_view address) {
  if (!HasScheme(address) && absl::StrContains(address, ',')) {
    for (absl::string_view entry : absl::StrSplit(address, ',')) {
      if (!IsLoopback(absl::StripAsciiWhitespace(entry))) return false;
    }
    return true;
  }
  if (absl::ConsumePrefix(&address, "ipv4:") ||
      absl::ConsumePrefix(&address, "ipv6:")) {
    return IsLoopback(address);
  }
  if (absl::StartsWith(address, "unix:") ||
      absl::StartsWith(address, "unix-abstract:")) {
    return true;
  }
  const std::string host = HostOf(address);
  if (host == "localhost") return true;
  unsigned char buf[16];
  if (inet_pton(AF_INET, host.c_str(), buf) == 1) return buf[0] == 127;
  if (inet_pton(AF_INET6, host.c_str(), buf) == 1) {
    static constexpr unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                                    0, 0, 0, 0, 0, 0, 0, 1};
    static constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0,    0,
                                                        0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(buf, buf + 16, kLoopback)) return true;
    return std::equal(buf, buf + 12, kMappedPrefix) && buf[12] == 127;
  }
  return false;
}

absl::Status CheckPlaintext(absl::string_view flag, absl::string_view address,
                            bool tls, bool insecure_plaintext) {
  if (tls || insecure_plaintext || IsLoopback(address)) {
    return absl::OkStatus();
  }
  return InvalidField(
      flag, absl::StrCat(address,
                         " is not a loopback address: give TLS (--tls-cert "
                         "and --tls-key, or --tls-ca for a client) or "
                         "--insecure-plaintext, since API keys would cross "
                         "the network in clear"));
}

void WarnPlaintext(absl::string_view flag, absl::string_view address,
                   bool tls) {
  if (tls || IsLoopback(address)) return;
  logging::Log(spdlog::level::warn, "insecure_plaintext",
               {{"flag", std::string(flag)},
                {"address", std::string(address)},
                {"message",
                 "plaintext beyond loopback (--insecure-plaintext): API keys "
                 "cross the network in clear"}});
}

absl::StatusOr<std::string> ChannelTarget(absl::string_view flag,
                                          absl::string_view target) {
  if (target.empty()) return InvalidField(flag, "is empty");
  if (HasScheme(target) || !absl::StrContains(target, ',')) {
    return std::string(target);
  }
  std::vector<std::string> entries;
  bool v4 = false, v6 = false;
  for (absl::string_view entry : absl::StrSplit(target, ',')) {
    entry = absl::StripAsciiWhitespace(entry);
    if (entry.empty()) return InvalidField(flag, "has an empty entry");
    switch (FamilyOf(HostOf(entry))) {
      case Family::kV4:
        v4 = true;
        break;
      case Family::kV6:
        v6 = true;
        break;
      case Family::kName:
        return InvalidField(
            flag, absl::StrCat("lists a host name (", entry,
                               "): a list takes IP addresses; give one DNS "
                               "name resolving to several addresses instead"));
    }
    entries.emplace_back(entry);
  }
  if (v4 && v6) return InvalidField(flag, "mixes IPv4 and IPv6 addresses");
  return absl::StrCat(v4 ? "ipv4:" : "ipv6:", absl::StrJoin(entries, ","));
}

void ConfigureChannel(absl::string_view target, const ClientTls& tls,
                      grpc::ChannelArguments& args) {
  args.SetLoadBalancingPolicyName("round_robin");
  if (!tls.enabled()) return;
  if (!tls.server_name.empty()) {
    args.SetSslTargetNameOverride(tls.server_name);
    return;
  }
  if (!HasScheme(target) && absl::StrContains(target, ',')) {
    std::vector<absl::string_view> entries = absl::StrSplit(target, ',');
    args.SetSslTargetNameOverride(
        HostOf(absl::StripAsciiWhitespace(entries.front())));
  }
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateChannel(
    absl::string_view flag, absl::string_view target, const ClientTls& tls,
    grpc::ChannelArguments args) {
  auto uri = ChannelTarget(flag, target);
  if (!uri.ok()) return uri.status();
  auto credentials = ChannelCredentials(tls);
  if (!credentials.ok()) return credentials.status();
  ConfigureChannel(target, tls, args);
  return grpc::CreateCustomChannel(*uri, *credentials, args);
}

}  // namespace poles::transport
