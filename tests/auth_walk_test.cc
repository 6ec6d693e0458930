// Walks every method of every registered service: without credentials each
// is UNAUTHENTICATED; a viewer key mutates nothing; health and reflection
// answer as grpcurl-style tools expect.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/impl/codegen/client_unary_call.h>
#include <grpcpp/impl/codegen/sync_stream.h>

#include <httplib.h>
#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::ServiceDescriptor;

const char* kServices[] = {"poles.v1.AdminService", "poles.v1.PlansService",
                           "poles.v1.EventsService", "poles.v1.DirectoriesService",
                           "poles.v1.FundingService"};

// Calls `path` with an empty request and `key` (none if empty).
grpc::Status CallRaw(const std::string& path, const std::string& key,
                     const std::string& request_bytes = "") {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!key.empty()) ctx.AddMetadata("authorization", "Bearer " + key);
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer req(&slice, 1), resp;
  return grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      Channel().get(),
      grpc::internal::RpcMethod(path.c_str(), grpc::internal::RpcMethod::NORMAL_RPC),
      &ctx, req, &resp);
}

std::vector<std::string> AllMethodPaths() {
  std::vector<std::string> paths;
  for (const char* name : kServices) {
    const ServiceDescriptor* s = DescriptorPool::generated_pool()->FindServiceByName(name);
    EXPECT_NE(s, nullptr) << name;
    if (s == nullptr) continue;
    for (int i = 0; i < s->method_count(); ++i) {
      paths.push_back("/" + std::string(name) + "/" + s->method(i)->name());
    }
  }
  return paths;
}

TEST(AuthWalkTest, EveryMethodWithoutCredentialsIsUnauthenticated) {
  auto paths = AllMethodPaths();
  EXPECT_GE(paths.size(), 26u);
  for (const auto& path : paths) {
    EXPECT_EQ(CallRaw(path, "").error_code(), grpc::StatusCode::UNAUTHENTICATED) << path;
    // A forged key of the right shape is refused too.
    EXPECT_EQ(CallRaw(path, "pk_0123456789abcdef_" + std::string(64, 'a')).error_code(),
              grpc::StatusCode::UNAUTHENTICATED)
        << path;
  }
}

TEST(AuthWalkTest, AViewerKeyCannotMutateAnything) {
  TestTenant t = NewTenant("walk");
  for (const auto& path : AllMethodPaths()) {
    std::string method = path.substr(path.rfind('/') + 1);
    bool mutation = absl::StartsWith(method, "Create") ||
                    absl::StartsWith(method, "Update") ||
                    absl::StartsWith(method, "Delete") ||
                    absl::StartsWith(method, "Record") ||
                    absl::StartsWith(method, "Revoke") ||
                    absl::StartsWith(method, "Renew") ||
                    absl::StartsWith(method, "Erase") ||
                    absl::StartsWith(method, "Import") ||
                    absl::StartsWith(method, "Report");
    bool admin_read = absl::StrContains(path, "AdminService/List") &&
                      method != "ListRegions" && method != "ListMrcs" &&
                      method != "ListNationalIndicators";
    if (!mutation && !admin_read) continue;
    EXPECT_EQ(CallRaw(path, t.viewer_key).error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << path;
  }
}

TEST(AuthWalkTest, RevokedAndExpiredKeysAreRefused) {
  TestTenant t = NewTenant("revoke");
  auto admin = Admin();
  v1::ListApiKeysRequest list;
  list.set_parent(t.parent());
  v1::ListApiKeysResponse keys;
  ASSERT_TRUE(admin->ListApiKeys(Ctx(AdminKey()).get(), list, &keys).ok());
  ASSERT_EQ(keys.api_keys_size(), 2);
  v1::GetTenantRequest get;
  get.set_name(t.parent());
  v1::Tenant tenant;
  ASSERT_TRUE(admin->GetTenant(Ctx(t.editor_key).get(), get, &tenant).ok());
  for (const auto& k : keys.api_keys()) {
    v1::RevokeApiKeyRequest r;
    r.set_name(k.name());
    v1::ApiKey out;
    ASSERT_TRUE(admin->RevokeApiKey(Ctx(AdminKey()).get(), r, &out).ok());
    EXPECT_TRUE(out.has_revoke_time());
  }
  EXPECT_EQ(admin->GetTenant(Ctx(t.editor_key).get(), get, &tenant).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // An expiry in the past is refused at issue time.
  v1::CreateApiKeyRequest issue;
  issue.set_parent(t.parent());
  issue.mutable_api_key()->set_role(v1::ROLE_VIEWER);
  issue.mutable_api_key()->mutable_expire_time()->set_seconds(1000);
  v1::CreateApiKeyResponse resp;
  EXPECT_THAT(S(admin->CreateApiKey(Ctx(AdminKey()).get(), issue, &resp)),
              InvalidFieldIs("api_key.expire_time"));
}

TEST(AuthWalkTest, KeysAreStoredAsDigestsOnly) {
  TestTenant t = NewTenant("digest");
  pqxx::connection c(SuperuserUrl());
  pqxx::work w(c);
  std::string secret = t.editor_key.substr(t.editor_key.rfind('_') + 1);
  auto r = w.exec_params(
      "SELECT count(*) FROM poles.api_keys WHERE encode(digest, 'hex') = $1 "
      "OR display_name LIKE '%' || $1 || '%'",
      secret);
  EXPECT_EQ(r[0][0].as<int>(), 0);
  EXPECT_EQ(w.exec_params("SELECT count(*) FROM poles.api_keys WHERE "
                          "tenant_slug = $1 AND length(digest) = 32",
                          t.slug)[0][0]
                .as<int>(),
            2);
}

TEST(AuthWalkTest, MetricsArePrometheusTextWithoutTenantLabels) {
  TestTenant t = NewTenant("metrics");
  v1::GetTenantRequest get;
  get.set_name(t.parent());
  v1::Tenant tenant;
  ASSERT_TRUE(Admin()->GetTenant(Ctx(t.viewer_key).get(), get, &tenant).ok());
  ASSERT_GT(MetricsPort(), 0);
  httplib::Client http("127.0.0.1", MetricsPort());
  auto res = http.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(absl::StartsWith(res->get_header_value("Content-Type"), "text/plain"));
  const std::string& text = res->body;
  EXPECT_NE(text.find("grpc_server_handled_total{grpc_service=\"poles.v1.AdminService\","
                      "grpc_method=\"GetTenant\",grpc_code=\"OK\"}"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("grpc_server_handling_seconds_bucket{"), std::string::npos);
  EXPECT_NE(text.find("poles_db_pool_size 4"), std::string::npos);
  // No tenant-private labels.
  EXPECT_EQ(text.find(t.slug), std::string::npos);
  EXPECT_EQ(http.Get("/nothing-here")->status, 404);
}

TEST(AuthWalkTest, HealthIsServing) {
  // grpc.health.v1.HealthCheckRequest{service: ""} is empty on the wire;
  // the response HealthCheckResponse{status: SERVING} is 08 01.
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice slice(std::string(""));
  grpc::ByteBuffer req(&slice, 1), resp;
  auto s = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      Channel().get(),
      grpc::internal::RpcMethod("/grpc.health.v1.Health/Check",
                                grpc::internal::RpcMethod::NORMAL_RPC),
      &ctx, req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(resp.Dump(&slices).ok());
  std::string bytes;
  for (const auto& sl : slices) bytes.append(reinterpret_cast<const char*>(sl.begin()), sl.size());
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));
}

TEST(AuthWalkTest, ReflectionListsOurServices) {
  // Build ServerReflectionRequest{list_services: ""} from the descriptors
  // the reflection library registers, and read the names back.
  const auto* pool = DescriptorPool::generated_pool();
  const auto* req_desc =
      pool->FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionRequest");
  const auto* resp_desc =
      pool->FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionResponse");
  ASSERT_NE(req_desc, nullptr);
  ASSERT_NE(resp_desc, nullptr);
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> req(factory.GetPrototype(req_desc)->New());
  req->GetReflection()->SetString(req.get(), req_desc->FindFieldByName("list_services"), "*");

  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
          Channel().get(),
          grpc::internal::RpcMethod(
              "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
              grpc::internal::RpcMethod::BIDI_STREAMING),
          &ctx));
  grpc::Slice slice(req->SerializeAsString());
  grpc::ByteBuffer out(&slice, 1), in;
  ASSERT_TRUE(stream->Write(out));
  stream->WritesDone();
  ASSERT_TRUE(stream->Read(&in));
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(in.Dump(&slices).ok());
  std::string bytes;
  for (const auto& sl : slices) bytes.append(reinterpret_cast<const char*>(sl.begin()), sl.size());
  std::unique_ptr<google::protobuf::Message> resp(factory.GetPrototype(resp_desc)->New());
  ASSERT_TRUE(resp->ParseFromString(bytes));
  std::string text = resp->DebugString();
  for (const char* name : kServices) EXPECT_NE(text.find(name), std::string::npos) << text;
  EXPECT_NE(text.find("grpc.health.v1.Health"), std::string::npos);
  EXPECT_TRUE(stream->Finish().ok());
}

}  // namespace
}  // namespace poles::testing
