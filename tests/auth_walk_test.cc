// Walks every method of every registered service: without credentials each
// is UNAUTHENTICATED; a viewer key mutates nothing; health and reflection
// answer as grpcurl-style tools expect.
#include <httplib.h>

#include <algorithm>
#include <future>
#include <map>
#include <set>
#include <thread>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/impl/codegen/client_unary_call.h>
#include <grpcpp/impl/codegen/sync_stream.h>
#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/log_capture.h"
#include "services/common/auth.h"
#include "services/common/unparseable.h"
#include "storage/session.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::ServiceDescriptor;

// Services the test server must host (the walks cover every service it
// does host, these and any added since: see HostedServices).
const char* kServices[] = {
    "poles.v1.AdminService",   "poles.v1.PlansService",
    "poles.v1.EventsService",  "poles.v1.DirectoriesService",
    "poles.v1.FundingService", "poles.v1.FiscalYearsService",
    "poles.v1.TeamService"};

// Methods on shared reference data, which any valid key may call.
const std::set<std::string> kReferenceMethods = {
    "/poles.v1.AdminService/ListRegions",
    "/poles.v1.AdminService/ListMrcs",
    "/poles.v1.AdminService/ListNationalIndicators",
    "/poles.v1.DirectoriesService/ListSectors",
    "/poles.v1.FundingService/ListFunders",
    "/poles.v1.FundingService/ListPrograms"};

// Methods of tenant data that platform roles may call besides summaries:
// path -> the roles. A fiscal year's state is read by the Chantier, the
// ministries and the gateway; the Chantier unlocks it. The gateway, which
// holds no database role, lists the tenants and checks its callers' keys.
const std::map<std::string, std::set<std::string>> kPlatformTenantMethods = {
    {"/poles.v1.AdminService/ListTenants", {"service"}},
    {"/poles.v1.AdminService/IntrospectApiKey", {"service"}},
    {"/poles.v1.FiscalYearsService/GetFiscalYear",
     {"national", "funding", "service"}},
    {"/poles.v1.FiscalYearsService/ListFiscalYears",
     {"national", "funding", "service"}},
    {"/poles.v1.FiscalYearsService/UnlockFiscalYear", {"national"}},
    // What a Pôle states about itself (no personal information): the
    // gateway's bilan heads with it.
    {"/poles.v1.EventsService/GetPoleProfile",
     {"national", "funding", "service"}}};

// Calls `path` with an empty request and `key` (none if empty).
grpc::Status CallRaw(const std::string& path, const std::string& key,
                     const std::string& request_bytes = "",
                     grpc::Channel* channel = nullptr) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!key.empty()) ctx.AddMetadata("authorization", "Bearer " + key);
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer req(&slice, 1), resp;
  return grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      channel != nullptr ? channel : Channel().get(),
      grpc::internal::RpcMethod(path.c_str(),
                                grpc::internal::RpcMethod::NORMAL_RPC),
      &ctx, req, &resp);
}

std::string Bytes(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(buffer.Dump(&slices).ok());
  std::string bytes;
  for (const auto& sl : slices)
    bytes.append(reinterpret_cast<const char*>(sl.begin()), sl.size());
  return bytes;
}

// The server's answer to ServerReflectionRequest{list_services: "*"}, built
// from the descriptors the reflection library registers.
std::unique_ptr<google::protobuf::Message> ListServicesByReflection(
    google::protobuf::DynamicMessageFactory& factory) {
  const auto* pool = DescriptorPool::generated_pool();
  const auto* req_desc = pool->FindMessageTypeByName(
      "grpc.reflection.v1alpha.ServerReflectionRequest");
  const auto* resp_desc = pool->FindMessageTypeByName(
      "grpc.reflection.v1alpha.ServerReflectionResponse");
  EXPECT_NE(req_desc, nullptr);
  EXPECT_NE(resp_desc, nullptr);
  if (req_desc == nullptr || resp_desc == nullptr) return nullptr;
  std::unique_ptr<google::protobuf::Message> req(
      factory.GetPrototype(req_desc)->New());
  req->GetReflection()->SetString(
      req.get(), req_desc->FindFieldByName("list_services"), "*");

  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>>
      stream(grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer,
                                                       grpc::ByteBuffer>::
                 Create(Channel().get(),
                        grpc::internal::RpcMethod(
                            "/grpc.reflection.v1alpha.ServerReflection/"
                            "ServerReflectionInfo",
                            grpc::internal::RpcMethod::BIDI_STREAMING),
                        &ctx));
  grpc::Slice slice(req->SerializeAsString());
  grpc::ByteBuffer out(&slice, 1), in;
  EXPECT_TRUE(stream->Write(out));
  stream->WritesDone();
  EXPECT_TRUE(stream->Read(&in));
  std::unique_ptr<google::protobuf::Message> resp(
      factory.GetPrototype(resp_desc)->New());
  EXPECT_TRUE(resp->ParseFromString(Bytes(in)));
  EXPECT_TRUE(stream->Finish().ok());
  return resp;
}

// The poles.v1 services the test server hosts, as reflection lists them: a
// service added to the server is walked without a change here.
std::vector<std::string> HostedServices() {
  google::protobuf::DynamicMessageFactory factory;
  auto resp = ListServicesByReflection(factory);
  std::vector<std::string> out;
  if (resp == nullptr) return out;
  const auto* list_field =
      resp->GetDescriptor()->FindFieldByName("list_services_response");
  const auto& list = resp->GetReflection()->GetMessage(*resp, list_field);
  const auto* service_field = list.GetDescriptor()->FindFieldByName("service");
  for (int i = 0; i < list.GetReflection()->FieldSize(list, service_field);
       ++i) {
    const auto& service =
        list.GetReflection()->GetRepeatedMessage(list, service_field, i);
    std::string name = service.GetReflection()->GetString(
        service, service.GetDescriptor()->FindFieldByName("name"));
    if (absl::StartsWith(name, "poles.")) out.push_back(name);
  }
  for (const char* name : kServices) {
    EXPECT_NE(std::find(out.begin(), out.end(), name), out.end())
        << name << " not hosted";
  }
  return out;
}

std::vector<const google::protobuf::MethodDescriptor*> AllMethods() {
  std::vector<const google::protobuf::MethodDescriptor*> methods;
  for (const auto& name : HostedServices()) {
    const ServiceDescriptor* s =
        DescriptorPool::generated_pool()->FindServiceByName(name);
    EXPECT_NE(s, nullptr) << name;
    if (s == nullptr) continue;
    for (int i = 0; i < s->method_count(); ++i) methods.push_back(s->method(i));
  }
  return methods;
}

std::string PathOf(const google::protobuf::MethodDescriptor* m) {
  return "/" + m->service()->full_name() + "/" + m->name();
}

std::vector<std::string> AllMethodPaths() {
  std::vector<std::string> paths;
  for (const auto* m : AllMethods()) paths.push_back(PathOf(m));
  return paths;
}

// `m`'s request aimed at tenant `t`: its top-level `parent` and `name` are
// the tenant (a fiscal year's `name` is the tenant's 2017-2018), its
// `fiscal_year` 2017-2018 (what a summary needs), the rest empty. A
// tenant-level check, not only the role check, then has a tenant to refuse.
std::string TenantRequest(const google::protobuf::MethodDescriptor* m,
                          const TestTenant& t,
                          google::protobuf::DynamicMessageFactory& factory) {
  std::unique_ptr<google::protobuf::Message> req(
      factory.GetPrototype(m->input_type())->New());
  const auto* d = m->input_type();
  for (const char* name : {"parent", "name"}) {
    const auto* f = d->FindFieldByName(name);
    if (f != nullptr &&
        f->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
        !f->is_repeated()) {
      const bool named = std::string(name) == "name";
      const bool year = named && m->service()->name() == "FiscalYearsService";
      const bool profile = named && m->name() == "GetPoleProfile";
      req->GetReflection()->SetString(
          req.get(), f,
          year      ? t.parent() + "/fiscalYears/2017-2018"
          : profile ? t.parent() + "/profile"
                    : t.parent());
    }
  }
  if (const auto* f = d->FindFieldByName("fiscal_year");
      f != nullptr &&
      f->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
    req->GetReflection()->SetString(req.get(), f, "2017-2018");
  }
  return req->SerializeAsString();
}

// `bytes` sent as the request of `path` through grpc::GenericStub, with
// `key` (none if empty).
grpc::Status CallGeneric(const std::string& path, const std::string& key,
                         const std::string& bytes) {
  grpc::GenericStub stub(Channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!key.empty()) ctx.AddMetadata("authorization", "Bearer " + key);
  grpc::Slice slice(bytes);
  grpc::ByteBuffer req(&slice, 1), resp;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, path, grpc::StubOptions(), &req, &resp,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  return done.get_future().get();
}

// A request of `m` whose first string field holds invalid UTF-8 (C3 28), as
// raw wire bytes; "" when its type has no string field.
std::string InvalidUtf8Request(const google::protobuf::MethodDescriptor* m) {
  const auto* d = m->input_type();
  for (int i = 0; i < d->field_count(); ++i) {
    const auto* f = d->field(i);
    if (f->type() != google::protobuf::FieldDescriptor::TYPE_STRING) continue;
    std::string bytes;
    uint32_t tag = (static_cast<uint32_t>(f->number()) << 3) | 2;
    while (tag >= 0x80) {
      bytes.push_back(static_cast<char>((tag & 0x7f) | 0x80));
      tag >>= 7;
    }
    bytes.push_back(static_cast<char>(tag));
    bytes.append("\x02\xc3\x28", 3);
    return bytes;
  }
  return "";
}

// Every unary method answers a request protobuf cannot parse with
// INVALID_ARGUMENT (reason UNPARSEABLE_REQUEST), with a key or without (the
// bytes are refused before any key check, as other bounds are); gRPC alone
// would answer UNIMPLEMENTED "" (unparseable.h). Client streams: the test
// below. An unknown method stays UNIMPLEMENTED.
TEST(AuthWalkTest, UnparseableRequestsAreInvalidArgumentOnEveryMethod) {
  TestTenant t = NewTenant("garbage");
  // A field tag whose varint never ends, then a length past the end.
  const std::string garbage("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x0a\x7f",
                            12);
  int walked = 0, utf8 = 0;
  for (const auto* m : AllMethods()) {
    if (m->client_streaming()) continue;
    const std::string path = PathOf(m);
    for (const std::string& key : {std::string(), t.editor_key}) {
      absl::Status s = S(CallGeneric(path, key, garbage));
      EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument)
          << path << (key.empty() ? " (no key): " : ": ") << s;
      EXPECT_EQ(ReasonOf(s), "UNPARSEABLE_REQUEST") << path;
      const std::string bad_text = InvalidUtf8Request(m);
      if (bad_text.empty()) continue;
      s = S(CallGeneric(path, key, bad_text));
      EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument)
          << path << " (invalid UTF-8): " << s;
      EXPECT_EQ(ReasonOf(s), "UNPARSEABLE_REQUEST") << path;
      ++utf8;
    }
    ++walked;
  }
  EXPECT_GE(walked, 24);
  EXPECT_GT(utf8, 0);
  EXPECT_EQ(
      CallGeneric("/poles.v1.PlansService/NoSuchMethod", t.editor_key, garbage)
          .error_code(),
      grpc::StatusCode::UNIMPLEMENTED);
  // A well-formed request still reaches its handler.
  v1::ListPlansRequest list;
  list.set_parent(t.parent());
  EXPECT_TRUE(CallGeneric("/poles.v1.PlansService/ListPlans", t.viewer_key,
                          list.SerializeAsString())
                  .ok());
}

// `messages` sent in one client stream to `path` with `key`, as raw bytes.
// The response's bytes go to `response` if given.
grpc::Status StreamRaw(const std::string& path, const std::string& key,
                       const std::vector<std::string>& messages,
                       std::string* response = nullptr) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!key.empty()) ctx.AddMetadata("authorization", "Bearer " + key);
  grpc::ByteBuffer resp;
  std::unique_ptr<grpc::ClientWriter<grpc::ByteBuffer>> writer(
      grpc::internal::ClientWriterFactory<grpc::ByteBuffer>::Create(
          Channel().get(),
          grpc::internal::RpcMethod(
              path.c_str(), grpc::internal::RpcMethod::CLIENT_STREAMING),
          &ctx, &resp));
  for (const std::string& m : messages) {
    grpc::Slice slice(m);
    grpc::ByteBuffer out(&slice, 1);
    if (!writer->Write(out)) break;
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (response != nullptr && status.ok()) *response = Bytes(resp);
  return status;
}

// A client stream with a message protobuf cannot parse (a malformed one, or
// one whose text is invalid UTF-8) after a valid one is INVALID_ARGUMENT
// (UNPARSEABLE_REQUEST) naming that message, and nothing of the stream is
// written: gRPC's typed reader would have ended the stream there and the
// import would have committed the messages before it.
TEST(AuthWalkTest, UnparseableMessagesInAClientStreamRefuseTheWholeImport) {
  TestTenant t = NewTenant("garbage-stream");
  const std::string garbage("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x0a\x7f",
                            12);
  int walked = 0;
  for (const auto* m : AllMethods()) {
    if (!m->client_streaming()) continue;
    const std::string path = PathOf(m);
    std::unique_ptr<google::protobuf::Message> first(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(m->input_type())
            ->New());
    const auto* parent = m->input_type()->FindFieldByName("parent");
    ASSERT_NE(parent, nullptr) << path;
    first->GetReflection()->SetString(first.get(), parent, t.parent());
    for (const std::string& bad : {garbage, InvalidUtf8Request(m)}) {
      absl::Status s =
          S(StreamRaw(path, t.editor_key, {first->SerializeAsString(), bad}));
      EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << path << s;
      EXPECT_EQ(ReasonOf(s), "UNPARSEABLE_REQUEST") << path;
      EXPECT_TRUE(absl::StrContains(s.message(), "message 1")) << s;
    }
    ++walked;
  }
  EXPECT_EQ(walked, 2);  // ImportOrganisations, ImportAwards

  // An import whose first message holds a good row and whose second cannot
  // be parsed writes nothing; the same first message alone imports its row.
  v1::ImportOrganisationsRequest good;
  good.set_parent(t.parent());
  auto* row = good.add_rows();
  row->set_line(2);
  row->add_present("display_name");
  row->add_present("legal_form");
  row->add_present("kind");
  row->set_display_name("Coopérative de solidarité du Lac");
  row->set_legal_form("coopérative");
  row->set_kind("partenaire");  // no sector or MRC needed
  const std::string import_path =
      "/poles.v1.DirectoriesService/ImportOrganisations";
  auto count_organisations = [&]() {
    v1::ListOrganisationsRequest list;
    list.set_parent(t.parent());
    grpc::GenericStub stub(Channel());
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(10));
    ctx.AddMetadata("authorization", "Bearer " + t.viewer_key);
    grpc::Slice slice(list.SerializeAsString());
    grpc::ByteBuffer req(&slice, 1), resp;
    std::promise<grpc::Status> done;
    stub.UnaryCall(&ctx, "/poles.v1.DirectoriesService/ListOrganisations",
                   grpc::StubOptions(), &req, &resp,
                   [&done](grpc::Status s) { done.set_value(std::move(s)); });
    EXPECT_TRUE(done.get_future().get().ok());
    v1::ListOrganisationsResponse out;
    EXPECT_TRUE(out.ParseFromString(Bytes(resp)));
    return out.organisations_size();
  };
  EXPECT_EQ(
      StreamRaw(import_path, t.editor_key, {good.SerializeAsString(), garbage})
          .error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(count_organisations(), 0);
  std::string bytes;
  grpc::Status imported =
      StreamRaw(import_path, t.editor_key, {good.SerializeAsString()}, &bytes);
  EXPECT_TRUE(imported.ok()) << imported.error_message();
  v1::ImportOrganisationsResponse answer;
  EXPECT_TRUE(answer.ParseFromString(bytes));
  EXPECT_EQ(answer.rows(), 1) << answer.DebugString();
  EXPECT_EQ(answer.created(), 1) << answer.DebugString();
  EXPECT_EQ(count_organisations(), 1);
}

// Protobuf logs an error for each string field with invalid UTF-8 it
// parses; the server writes at most one such line a minute (the rest are
// counted), so a client cannot flood the log.
TEST(AuthWalkTest, ProtobufsLineAboutInvalidUtf8CannotFloodTheLog) {
  const auto* m = DescriptorPool::generated_pool()->FindMethodByName(
      "poles.v1.PlansService.CreatePlan");
  ASSERT_NE(m, nullptr);
  const std::string bad_text = InvalidUtf8Request(m);
  ASSERT_FALSE(bad_text.empty());
  const ProtobufLogCounts before = ProtobufLogCountsForTest();
  logging::LogCapture capture;
  constexpr int kCalls = 50;
  for (int i = 0; i < kCalls; ++i) {
    EXPECT_EQ(CallGeneric(PathOf(m), "", bad_text).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  logging::Flush();
  const ProtobufLogCounts after = ProtobufLogCountsForTest();
  // Every parse reported its line to the handler...
  EXPECT_GE(
      (after.written + after.suppressed) - (before.written + before.suppressed),
      kCalls);
  // ...which wrote at most one of them.
  EXPECT_LE(after.written - before.written, 1);
  int lines = 0;
  for (const auto& line : capture.Lines()) {
    if (absl::StrContains(line, "\"protobuf_log\"")) ++lines;
  }
  EXPECT_LE(lines, 1);
}

TEST(AuthWalkTest, EveryMethodWithoutCredentialsIsUnauthenticated) {
  auto paths = AllMethodPaths();
  EXPECT_GE(paths.size(), 26u);
  for (const auto& path : paths) {
    EXPECT_EQ(CallRaw(path, "").error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << path;
    // A forged key of the right shape is refused too.
    EXPECT_EQ(CallRaw(path, "pk_0123456789abcdef_" + std::string(64, 'a'))
                  .error_code(),
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
                    absl::StartsWith(method, "Report") ||
                    absl::StartsWith(method, "Submit") ||
                    absl::StartsWith(method, "Invite") ||
                    absl::StartsWith(method, "Issue") ||
                    absl::StartsWith(method, "Unlock");
    // The team is kept by editors alone: a viewer reads none of it.
    bool admin_read = absl::StrContains(path, "TeamService/List") ||
                      (absl::StrContains(path, "AdminService/List") &&
                       method != "ListRegions" && method != "ListMrcs" &&
                       method != "ListNationalIndicators") ||
                      method == "IntrospectApiKey";
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
  EXPECT_EQ(
      admin->GetTenant(Ctx(t.editor_key).get(), get, &tenant).error_code(),
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

// A freshly started server learns the scheduling key of every live API key
// from the table (LearnSchedulingKeys), so its callers' first calls are
// scheduled under their own tenants, not all in the one "unverified" share;
// a revoked key, or a known id with a wrong secret, stays unverified.
TEST(AuthWalkTest, AFreshServerSchedulesLiveKeysUnderTheirTenants) {
  TestTenant t = NewTenant("learn");
  TestTenant gone = NewTenant("learn-revoked");
  auto admin = Admin();
  v1::ListApiKeysRequest list;
  list.set_parent(gone.parent());
  v1::ListApiKeysResponse keys;
  ASSERT_TRUE(admin->ListApiKeys(Ctx(AdminKey()).get(), list, &keys).ok());
  for (const auto& k : keys.api_keys()) {
    v1::RevokeApiKeyRequest r;
    r.set_name(k.name());
    v1::ApiKey out;
    ASSERT_TRUE(admin->RevokeApiKey(Ctx(AdminKey()).get(), r, &out).ok());
  }
  Authenticator fresh(std::chrono::seconds(30));
  const std::string editor = "Bearer " + t.editor_key;
  EXPECT_EQ(fresh.SchedulingKey(editor),
            Authenticator::kUnverifiedSchedulingKey);
  storage::Session session(AppUrl());
  absl::StatusOr<int> learned = fresh.LearnSchedulingKeys(session);
  ASSERT_TRUE(learned.ok()) << learned.status();
  EXPECT_GE(*learned, 2);
  EXPECT_EQ(fresh.SchedulingKey(editor), t.parent());
  EXPECT_EQ(fresh.SchedulingKey("Bearer " + t.viewer_key), t.parent());
  EXPECT_EQ(fresh.SchedulingKey("Bearer " + gone.editor_key),
            Authenticator::kUnverifiedSchedulingKey);
  std::string forged = t.editor_key;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(fresh.SchedulingKey("Bearer " + forged),
            Authenticator::kUnverifiedSchedulingKey);
  // Platform keys are scheduled unlimited (empty key), as after a call.
  EXPECT_EQ(fresh.SchedulingKey("Bearer " + AdminKey()), "");
}

// The platform roles reach no tenant's data: national and funding (which
// will read aggregates through gateways of their own) and service (the
// national gateway's credential) are PERMISSION_DENIED on every method of
// every hosted service but shared reference data, with a request naming a
// real tenant; service's rights are the summaries (Summarize*) and what the
// tenant publishes (kPublicMethods, for the gateway's public pages), which
// it gets for any tenant; and the fiscal years' state is the exception
// listed in kPlatformTenantMethods (not denied: OK, or INVALID_ARGUMENT for
// an unlock without a reason).
TEST(AuthWalkTest, PlatformRolesAreDeniedEveryTenantMethodButServiceSummaries) {
  const std::set<std::string> kPublicMethods = {
      "/poles.v1.EventsService/GetPublicCalendar",
      "/poles.v1.DirectoriesService/ExportDirectory"};
  const std::set<std::string> kSignInMethods = {
      "/poles.v1.AdminService/Login", "/poles.v1.AdminService/SetPassword"};
  TestTenant t = NewTenant("platform");
  const std::vector<std::pair<std::string, std::string>> keys = {
      {"national", PlatformKey("national")},
      {"funding", PlatformKey("funding")},
      {"service", ServiceKey()}};
  google::protobuf::DynamicMessageFactory factory;
  int denied = 0, summaries = 0, published = 0, platform = 0, signin = 0;
  for (const auto* m : AllMethods()) {
    const std::string path = PathOf(m);
    if (kReferenceMethods.count(path)) continue;
    const std::string request = TenantRequest(m, t, factory);
    const bool summary = absl::StartsWith(m->name(), "Summarize");
    for (const auto& [role, key] : keys) {
      ASSERT_FALSE(key.empty()) << role;
      grpc::Status s = CallRaw(path, key, request);
      auto allowed = kPlatformTenantMethods.find(path);
      if (allowed != kPlatformTenantMethods.end() &&
          allowed->second.count(role)) {
        EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << path << " as " << role << ": " << s.error_message();
        EXPECT_TRUE(s.ok() ||
                    s.error_code() == grpc::StatusCode::INVALID_ARGUMENT)
            << path << " as " << role << ": " << s.error_message();
        ++platform;
      } else if (summary && role == "service") {
        EXPECT_TRUE(s.ok())
            << path << " as " << role << ": " << s.error_message();
        ++summaries;
      } else if (kSignInMethods.count(path) && role == "service") {
        // The front door's sign-in, called with its service key: allowed
        // (the walk's request is refused on its fields), never denied.
        EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
            << path << " as " << role << ": " << s.error_message();
        ++signin;
      } else if (kPublicMethods.count(path) && role == "service") {
        // Authorised: whatever else it answers (the walk's request may lack
        // a required field), never PERMISSION_DENIED.
        EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << path << " as " << role << ": " << s.error_message();
        EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << path;
        ++published;
      } else {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << path << " as " << role << ": " << s.error_message();
        ++denied;
      }
    }
  }
  // Not vacuous: every service's summary was tried, and the rest.
  EXPECT_GE(summaries, 2);
  EXPECT_EQ(published, 2);
  EXPECT_EQ(signin, 2);
  EXPECT_GE(denied, 3 * 50);
  EXPECT_EQ(platform, 12);
}

// With the auth cache on (the shipped default is 10 s; the shared test
// server runs with 0), a key revoked through another replica is still
// accepted by this one until its cache entry is older than the TTL, and
// refused after; a key revoked through this very replica is refused at once.
TEST(AuthWalkTest, WithTheCacheOnARevocationElsewhereTakesEffectAfterTheTtl) {
  constexpr auto kTtl = std::chrono::milliseconds(4000);
  ServerOptions options = TestServerOptions();
  options.auth_cache_ttl = kTtl;
  options.metrics_listen.clear();
  TestServer cached = StartTestServer(options);
  ASSERT_NE(cached.server, nullptr);
  TestTenant t = NewTenant("ttl");
  v1::GetTenantRequest get;
  get.set_name(t.parent());
  const std::string request = get.SerializeAsString();
  const std::string path = "/poles.v1.AdminService/GetTenant";
  auto admin = Admin();
  v1::ListApiKeysRequest list;
  list.set_parent(t.parent());
  v1::ListApiKeysResponse listed;
  ASSERT_TRUE(admin->ListApiKeys(Ctx(AdminKey()).get(), list, &listed).ok());
  ASSERT_EQ(listed.api_keys_size(), 2);
  auto name_of = [&](v1::Role role) {
    for (const auto& k : listed.api_keys()) {
      if (k.role() == role) return k.name();
    }
    return std::string();
  };

  // The viewer key, cached by `cached`, then revoked through the shared
  // server (another replica: `cached` is not told).
  const auto before_fill = std::chrono::steady_clock::now();
  ASSERT_TRUE(CallRaw(path, t.viewer_key, request, cached.channel.get()).ok());
  const auto after_fill = std::chrono::steady_clock::now();
  v1::RevokeApiKeyRequest revoke;
  revoke.set_name(name_of(v1::ROLE_VIEWER));
  v1::ApiKey revoked;
  ASSERT_TRUE(
      admin->RevokeApiKey(Ctx(AdminKey()).get(), revoke, &revoked).ok());
  EXPECT_EQ(CallRaw(path, t.viewer_key, request).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);  // the uncached replica
  grpc::Status within =
      CallRaw(path, t.viewer_key, request, cached.channel.get());
  // The entry was fetched no earlier than before_fill, so it is still fresh
  // for a call answered before before_fill + TTL.
  ASSERT_LT(std::chrono::steady_clock::now(), before_fill + kTtl)
      << "the machine is too slow for this TTL";
  EXPECT_TRUE(within.ok()) << "revoked key refused before the TTL: "
                           << within.error_message();
  // After the TTL (the entry was fetched by after_fill), the key is looked
  // up again and refused.
  std::this_thread::sleep_until(after_fill + kTtl +
                                std::chrono::milliseconds(100));
  EXPECT_EQ(
      CallRaw(path, t.viewer_key, request, cached.channel.get()).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);

  // The editor key, cached, then revoked through `cached` itself: refused
  // at once there.
  ASSERT_TRUE(CallRaw(path, t.editor_key, request, cached.channel.get()).ok());
  auto cached_admin = v1::AdminService::NewStub(cached.channel);
  revoke.set_name(name_of(v1::ROLE_EDITOR));
  ASSERT_TRUE(
      cached_admin->RevokeApiKey(Ctx(AdminKey()).get(), revoke, &revoked).ok());
  EXPECT_EQ(
      CallRaw(path, t.editor_key, request, cached.channel.get()).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
}

TEST(AuthWalkTest, AReplayedCreateApiKeyMintsNoSecondKey) {
  TestTenant t = NewTenant("replaykey");
  auto admin = Admin();
  v1::CreateApiKeyRequest issue;
  issue.set_parent(t.parent());
  issue.set_request_id("issue-viewer-once");
  issue.mutable_api_key()->set_role(v1::ROLE_VIEWER);
  issue.mutable_api_key()->set_display_name("Lecture seule");
  v1::CreateApiKeyResponse first, again;
  ASSERT_THAT(S(admin->CreateApiKey(Ctx(AdminKey()).get(), issue, &first)),
              IsOk());
  EXPECT_FALSE(first.key().empty());
  ASSERT_THAT(S(admin->CreateApiKey(Ctx(AdminKey()).get(), issue, &again)),
              IsOk());
  EXPECT_EQ(again.api_key().name(), first.api_key().name());
  EXPECT_TRUE(again.key().empty());
  v1::ListApiKeysRequest list;
  list.set_parent(t.parent());
  v1::ListApiKeysResponse keys;
  ASSERT_THAT(S(admin->ListApiKeys(Ctx(AdminKey()).get(), list, &keys)),
              IsOk());
  int viewers = 0;
  for (const auto& k : keys.api_keys()) {
    viewers += k.display_name() == "Lecture seule";
  }
  EXPECT_EQ(viewers, 1);
  // The id reused for another request.
  issue.mutable_api_key()->set_role(v1::ROLE_EDITOR);
  EXPECT_THAT(S(admin->CreateApiKey(Ctx(AdminKey()).get(), issue, &again)),
              InvalidFieldIs("request_id"));
  // Platform keys too.
  v1::CreateApiKeyRequest platform;
  platform.set_request_id(absl::StrCat("issue-national-", t.slug));
  platform.mutable_api_key()->set_role(v1::ROLE_NATIONAL);
  v1::CreateApiKeyResponse p1, p2;
  ASSERT_THAT(S(admin->CreateApiKey(Ctx(AdminKey()).get(), platform, &p1)),
              IsOk());
  ASSERT_THAT(S(admin->CreateApiKey(Ctx(AdminKey()).get(), platform, &p2)),
              IsOk());
  EXPECT_EQ(p1.api_key().name(), p2.api_key().name());
  EXPECT_TRUE(p2.key().empty());
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
  EXPECT_TRUE(
      absl::StartsWith(res->get_header_value("Content-Type"), "text/plain"));
  const std::string& text = res->body;
  // prometheus-cpp writes a series' labels in name order.
  EXPECT_NE(text.find("grpc_server_handled_total{grpc_code=\"OK\","
                      "grpc_method=\"GetTenant\",grpc_service=\"poles.v1."
                      "AdminService\"}"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("grpc_server_handling_seconds_bucket{"),
            std::string::npos);
  EXPECT_NE(text.find("poles_db_pool_size 4\n"), std::string::npos);
  EXPECT_NE(text.find("poles_db_pool_busy "), std::string::npos);
  EXPECT_NE(text.find("poles_db_queue_length "), std::string::npos);
  EXPECT_NE(text.find("poles_db_pool_tenant_busy_total "), std::string::npos);
  // A tenant service's call is taken from the tenant pool's queue: its wait
  // is observed.
  auto waited = [&http] {
    const std::string body = http.Get("/metrics")->body;
    const std::string count = "poles_db_pool_wait_seconds_count ";
    const auto at = body.find(count);
    return at == std::string::npos ? -1.0
                                   : std::stod(body.substr(at + count.size()));
  };
  const double before = waited();
  ASSERT_GE(before, 0) << text;
  v1::ListEventsRequest list;
  list.set_parent(t.parent());
  v1::ListEventsResponse events;
  ASSERT_TRUE(
      Events()->ListEvents(Ctx(t.viewer_key).get(), list, &events).ok());
  EXPECT_GE(waited(), before + 1);
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
  auto s =
      grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
          Channel().get(),
          grpc::internal::RpcMethod("/grpc.health.v1.Health/Check",
                                    grpc::internal::RpcMethod::NORMAL_RPC),
          &ctx, req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(Bytes(resp), std::string("\x08\x01", 2));
}

TEST(AuthWalkTest, ReflectionListsOurServices) {
  google::protobuf::DynamicMessageFactory factory;
  auto resp = ListServicesByReflection(factory);
  ASSERT_NE(resp, nullptr);
  std::string text = resp->DebugString();
  for (const char* name : kServices)
    EXPECT_NE(text.find(name), std::string::npos) << text;
  EXPECT_NE(text.find("grpc.health.v1.Health"), std::string::npos);
}

}  // namespace
}  // namespace poles::testing
