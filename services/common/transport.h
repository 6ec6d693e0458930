#ifndef POLES_SERVICES_COMMON_TRANSPORT_H_
#define POLES_SERVICES_COMMON_TRANSPORT_H_

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace poles::transport {

// A server's TLS material, as PEM file paths. TLS is on when `cert_file` is
// set (then `key_file` is required). With `client_ca_file`, every client must
// present a certificate signed by that CA (mutual TLS).
struct ServerTls {
  std::string cert_file;
  std::string key_file;
  std::string client_ca_file;

  bool enabled() const { return !cert_file.empty() || !key_file.empty(); }
};

// A client's TLS material. TLS is on when `ca_file` (the CA trusted for the
// server's certificate) is set; `cert_file` and `key_file` (both or neither)
// are presented to servers that require a client certificate.
// `server_name`, when set, is the name checked against the server's
// certificate instead of the target's host.
struct ClientTls {
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  std::string server_name;

  bool enabled() const { return !ca_file.empty(); }
};

// The PEM text of the file at `path`, or INVALID_ARGUMENT naming `flag` when
// it is missing, unreadable or holds no PEM block with `marker`
// ("CERTIFICATE", "PRIVATE KEY").
absl::StatusOr<std::string> ReadPem(absl::string_view flag,
                                    const std::string& path,
                                    absl::string_view marker);

// TLS credentials from `tls`'s files, or insecure ones when TLS is off.
// INVALID_ARGUMENT naming the flag (`flag_prefix` + "cert", "key",
// "client-ca") when a file is missing, unreadable or not PEM.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const ServerTls& tls, absl::string_view flag_prefix = "--tls-");

// The same for a client: "--tls-ca"-style flags are named as `ca_flag`,
// `cert_flag` and `key_flag`.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentials(
    const ClientTls& tls, absl::string_view ca_flag = "--tls-ca",
    absl::string_view cert_flag = "--tls-client-cert",
    absl::string_view key_flag = "--tls-client-key");

// True when `address` ("host:port", "[v6]:port", "unix:path", or a list or
// "ipv4:"/"ipv6:" URI of those) can only be reached from this machine:
// 127.0.0.0/8, ::1, "localhost", a Unix socket (every entry of a list).
bool IsLoopback(absl::string_view address);

// Plaintext is for loopback only: OK when `tls` is on or `address` is
// loopback; with `insecure_plaintext` also OK (the caller warns, see
// WarnPlaintext); otherwise INVALID_ARGUMENT naming `flag`. A bearer key
// must never cross a network in clear by default.
absl::Status CheckPlaintext(absl::string_view flag, absl::string_view address,
                            bool tls, bool insecure_plaintext);

// Logs the warning for a plaintext, non-loopback `address` (no-op otherwise).
void WarnPlaintext(absl::string_view flag, absl::string_view address, bool tls);

// The gRPC target for `target`: one "host:port" (or any URI gRPC resolves,
// e.g. "dns:///poles-server-headless:50051", which may give several
// addresses) is kept as is; a comma-separated list of IP literals
// ("10.0.0.1:50051,10.0.0.2:50051") becomes "ipv4:..." or "ipv6:...".
// INVALID_ARGUMENT naming `flag` for an empty entry, a list mixing IPv4 and
// IPv6, or a list holding a host name (give a DNS name resolving to several
// addresses instead).
absl::StatusOr<std::string> ChannelTarget(absl::string_view flag,
                                          absl::string_view target);

// Sets round_robin load balancing (through the default service config) and,
// when TLS is on, the name the server's certificate is checked against:
// `tls.server_name`, else for a list the first entry's host.
void ConfigureChannel(absl::string_view target, const ClientTls& tls,
                      grpc::ChannelArguments& args);

// ChannelTarget + ChannelCredentials + ConfigureChannel: a channel to
// `target` (a host:port, a URI or a list), balanced round robin over every
// address it resolves to.
absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateChannel(
    absl::string_view flag, absl::string_view target, const ClientTls& tls,
    grpc::ChannelArguments args = grpc::ChannelArguments());

}  // namespace poles::transport

#endif  // POLES_SERVICES_COMMON_TRANSPORT_H_
