#include "services/common/transport.h"

#include <gtest/gtest.h>

#include "services/common/errors.h"

namespace poles::transport {
namespace {

TEST(IsLoopback, OnlyThisMachine) {
  EXPECT_TRUE(IsLoopback("127.0.0.1:50051"));
  EXPECT_TRUE(IsLoopback("127.0.0.2:0"));
  EXPECT_TRUE(IsLoopback("localhost:50051"));
  EXPECT_TRUE(IsLoopback("[::1]:50051"));
  EXPECT_TRUE(IsLoopback("[::ffff:127.0.0.1]:1"));
  EXPECT_TRUE(IsLoopback("unix:/run/poles.sock"));
  EXPECT_TRUE(IsLoopback("127.0.0.1:1,127.0.0.1:2"));
  EXPECT_TRUE(IsLoopback("ipv4:127.0.0.1:1,127.0.0.1:2"));
  EXPECT_FALSE(IsLoopback("127.0.0.1:1,10.0.0.2:2"));
  EXPECT_FALSE(IsLoopback("dns:///poles:1"));
  EXPECT_FALSE(IsLoopback("0.0.0.0:50051"));
  EXPECT_FALSE(IsLoopback("[::]:50051"));
  EXPECT_FALSE(IsLoopback("192.168.1.10:50051"));
  EXPECT_FALSE(IsLoopback("poles-server:50051"));
  EXPECT_FALSE(IsLoopback(":50051"));
}

TEST(CheckPlaintext, RefusesBeyondLoopbackWithoutTlsOrFlag) {
  EXPECT_TRUE(CheckPlaintext("--listen", "127.0.0.1:0", false, false).ok());
  EXPECT_TRUE(CheckPlaintext("--listen", "0.0.0.0:0", true, false).ok());
  EXPECT_TRUE(CheckPlaintext("--listen", "0.0.0.0:0", false, true).ok());
  absl::Status refused = CheckPlaintext("--listen", "0.0.0.0:0", false, false);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(FieldViolationsOf(refused).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(refused)[0].field, "--listen");
}

TEST(ChannelTarget, ListsBecomeIpUris) {
  EXPECT_EQ(*ChannelTarget("--server", "127.0.0.1:1"), "127.0.0.1:1");
  EXPECT_EQ(*ChannelTarget("--server", "dns:///poles:1"), "dns:///poles:1");
  EXPECT_EQ(*ChannelTarget("--server", "poles-headless:50051"),
            "poles-headless:50051");
  EXPECT_EQ(*ChannelTarget("--server", "10.0.0.1:1, 10.0.0.2:2"),
            "ipv4:10.0.0.1:1,10.0.0.2:2");
  EXPECT_EQ(*ChannelTarget("--server", "[::1]:1,[::1]:2"),
            "ipv6:[::1]:1,[::1]:2");
}

TEST(ChannelTarget, RefusesNamesEmptyEntriesAndMixedFamilies) {
  for (const char* bad :
       {"", "a:1,b:2", "10.0.0.1:1,,10.0.0.2:2", "10.0.0.1:1,[::1]:2"}) {
    auto target = ChannelTarget("--server", bad);
    ASSERT_FALSE(target.ok()) << bad;
    EXPECT_EQ(FieldViolationsOf(target.status())[0].field, "--server") << bad;
  }
}

TEST(Credentials, InsecureWhenOffAndNamedFlagsWhenIncomplete) {
  EXPECT_TRUE(ServerCredentials(ServerTls{}).ok());
  EXPECT_TRUE(ChannelCredentials(ClientTls{}).ok());
  ServerTls half;
  half.cert_file = "/nonexistent.pem";
  auto server = ServerCredentials(half);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(FieldViolationsOf(server.status())[0].field, "--tls-key");
  ClientTls no_ca;
  no_ca.cert_file = "c.pem";
  no_ca.key_file = "k.pem";
  auto client = ChannelCredentials(no_ca);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(FieldViolationsOf(client.status())[0].field, "--tls-ca");
  ClientTls missing;
  missing.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(FieldViolationsOf(ChannelCredentials(missing).status())[0].field,
            "--tls-ca");
}

}  // namespace
}  // namespace poles::transport
