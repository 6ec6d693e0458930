// The routes derived from the tenant services' descriptors, the request
// built from a path, query and JSON body, the google.rpc.Status errors and
// the OpenAPI description, without a network.
#include "gateway/http_transcoder.h"

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gateway/http_api.h"
#include "gateway/openapi.h"
#include "poles/v1/fiscal_years.pb.h"
#include "poles/v1/plans.pb.h"
#include "services/common/errors.h"

namespace poles::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const HttpRouteTable& Table() {
  static const auto* table = [] {
    auto t = HttpRouteTable::Derive(TenantServices());
    EXPECT_TRUE(t.ok()) << t.status();
    return new HttpRouteTable(std::move(*t));
  }();
  return *table;
}

const HttpRoute& RouteOf(const std::string& method) {
  for (const auto& r : Table().Routes())
    if (r.method->name() == method) return r;
  ADD_FAILURE() << "no route for " << method;
  static HttpRoute none;
  return none;
}

// A path of the route's shape, with made-up ids.
std::string SamplePath(const HttpRoute& r) {
  switch (r.kind) {
    case RouteKind::kGet:
    case RouteKind::kUpdate:
    case RouteKind::kDelete:
      return "/v1/tenants/t/" + r.collection + "/x";
    case RouteKind::kList:
    case RouteKind::kCreate:
      return r.path_field.empty() ? "/v1/" + r.collection
                                  : "/v1/tenants/t/" + r.collection;
    case RouteKind::kCustom:
      return r.path_field.empty() ? "/v1/:" + r.verb
                                  : "/v1/tenants/t/things/x:" + r.verb;
  }
  return "";
}

TEST(HttpRoutesTest, EveryUnaryTenantRpcHasExactlyOneRoute) {
  std::set<std::string> unary, routed, streamed;
  for (const auto* service : TenantServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* m = service->method(i);
      if (!m->server_streaming()) unary.insert(m->full_name());
    }
  }
  EXPECT_GT(unary.size(), 80u);
  for (const auto& r : Table().Routes()) {
    EXPECT_TRUE(routed.insert(r.method->full_name()).second)
        << r.method->full_name() << " has two routes";
  }
  EXPECT_EQ(routed, unary);
  for (const auto* m : Table().Unreachable()) streamed.insert(m->name());
  EXPECT_THAT(streamed, IsEmpty());
}

// A client stream is a custom POST whose body is its one message.
TEST(HttpRoutesTest, ClientStreamsArePostsOfOneMessage) {
  auto match = Table().Match("POST", "/v1/tenants/t:importOrganisations");
  ASSERT_TRUE(match.ok()) << match.status();
  EXPECT_EQ(match->route->method->name(), "ImportOrganisations");
  EXPECT_TRUE(match->route->method->client_streaming());
  EXPECT_EQ(match->route->body_field, "*");
  EXPECT_EQ(match->resource, "tenants/t");
  EXPECT_FALSE(Table().Match("GET", "/v1/tenants/t:importOrganisations").ok());
  auto award = Table().Match("POST", "/v1/tenants/t:importAwards");
  ASSERT_TRUE(award.ok()) << award.status();
  EXPECT_EQ(award->route->method->name(), "ImportAwards");
}

TEST(HttpRoutesTest, TheServicesAreTheTenantOnes) {
  std::set<std::string> names;
  for (const auto* s : TenantServices()) names.insert(s->full_name());
  EXPECT_THAT(names,
              UnorderedElementsAre(
                  "poles.v1.PlansService", "poles.v1.DirectoriesService",
                  "poles.v1.EventsService", "poles.v1.FundingService",
                  "poles.v1.FiscalYearsService", "poles.v1.TeamService"));
}

TEST(HttpRoutesTest, TheTeamsRoutesAreResourceShaped) {
  auto list = Table().Match("GET", "/v1/tenants/cdq/members");
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->route->method->full_name(),
            "poles.v1.TeamService.ListMembers");
  auto remove =
      Table().Match("DELETE", "/v1/tenants/cdq/members/0123456789abcdef");
  ASSERT_TRUE(remove.ok()) << remove.status();
  EXPECT_EQ(remove->route->method->full_name(),
            "poles.v1.TeamService.DeleteMember");
  auto update =
      Table().Match("PATCH", "/v1/tenants/cdq/members/0123456789abcdef");
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_EQ(update->route->path_field, "member.name");
  auto invite = Table().Match("POST", "/v1/tenants/cdq:inviteMember");
  ASSERT_TRUE(invite.ok()) << invite.status();
  EXPECT_EQ(invite->route->method->full_name(),
            "poles.v1.TeamService.InviteMember");
  auto keys = Table().Match("GET", "/v1/tenants/cdq/apiKeys");
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_EQ(keys->route->method->full_name(),
            "poles.v1.TeamService.ListApiKeys");
  auto revoke = Table().Match(
      "POST", "/v1/tenants/cdq/apiKeys/0123456789abcdef:revokeApiKey");
  ASSERT_TRUE(revoke.ok()) << revoke.status();
  EXPECT_EQ(revoke->route->method->full_name(),
            "poles.v1.TeamService.RevokeApiKey");
}

TEST(HttpRoutesTest, NoTwoRoutesCollide) {
  std::set<std::pair<std::string, std::string>> templates;
  for (const auto& r : Table().Routes()) {
    EXPECT_TRUE(templates.insert({r.http_method, r.PathTemplate()}).second)
        << r.http_method << " " << r.PathTemplate() << " twice";
    // Each route's own shape leads back to it, and to no other.
    auto match = Table().Match(r.http_method, SamplePath(r));
    ASSERT_TRUE(match.ok()) << SamplePath(r) << ": " << match.status();
    EXPECT_EQ(match->route->method, r.method) << SamplePath(r);
  }
}

TEST(HttpRoutesTest, StandardMethodsFollowTheAipShapes) {
  auto get = Table().Match("GET", "/v1/tenants/cdq/plans/p1");
  ASSERT_TRUE(get.ok()) << get.status();
  EXPECT_EQ(get->route->method->name(), "GetPlan");
  EXPECT_EQ(get->resource, "tenants/cdq/plans/p1");

  auto list = Table().Match("GET", "/v1/tenants/cdq/plans/p1/items");
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->route->method->name(), "ListPlanItems");
  EXPECT_EQ(list->resource, "tenants/cdq/plans/p1");

  auto create = Table().Match("POST", "/v1/tenants/cdq/plans");
  ASSERT_TRUE(create.ok()) << create.status();
  EXPECT_EQ(create->route->method->name(), "CreatePlan");
  EXPECT_EQ(create->route->body_field, "plan");
  EXPECT_EQ(create->resource, "tenants/cdq");

  auto update = Table().Match("PATCH", "/v1/tenants/cdq/plans/p1/items/i1");
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_EQ(update->route->method->name(), "UpdatePlanItem");
  EXPECT_EQ(update->route->path_field, "item.name");

  auto del = Table().Match("DELETE", "/v1/tenants/cdq/bodies/ca");
  ASSERT_TRUE(del.ok()) << del.status();
  EXPECT_EQ(del->route->method->name(), "DeleteBody");  // no GetBody

  EXPECT_EQ(RouteOf("GetCallForProjects").collection, "calls");
  EXPECT_EQ(RouteOf("GetReportedTotal").collection, "reportedTotals");
  EXPECT_EQ(RouteOf("ListFiscalYears").collection, "fiscalYears");
  EXPECT_EQ(RouteOf("ListPeople").collection, "people");
  EXPECT_EQ(RouteOf("ListSectors").PathTemplate(), "/v1/sectors");
  EXPECT_EQ(RouteOf("ListPrograms").PathTemplate(), "/v1/programs");
  EXPECT_EQ(RouteOf("ListLocalPrograms").PathTemplate(),
            "/v1/{parent}/programs");
  EXPECT_EQ(RouteOf("GetLocalProgram").kind, RouteKind::kGet);
}

TEST(HttpRoutesTest, OtherMethodsAreCustomVerbs) {
  auto submit = Table().Match(
      "POST", "/v1/tenants/cdq/fiscalYears/2017-2018:submitFiscalYear");
  ASSERT_TRUE(submit.ok()) << submit.status();
  EXPECT_EQ(submit->route->method->name(), "SubmitFiscalYear");
  EXPECT_EQ(submit->resource, "tenants/cdq/fiscalYears/2017-2018");
  EXPECT_EQ(submit->route->body_field, "*");

  const HttpRoute& progress = RouteOf("GetPlanProgress");
  EXPECT_EQ(progress.kind, RouteKind::kCustom);
  EXPECT_EQ(progress.http_method, "GET");
  EXPECT_EQ(progress.PathTemplate(), "/v1/{name}:getPlanProgress");
  EXPECT_EQ(RouteOf("RenewMembership").PathTemplate(),
            "/v1/{organisation}:renewMembership");
  EXPECT_EQ(RouteOf("SummarizeEvents").http_method, "GET");
  EXPECT_EQ(RouteOf("ReportEventsIndicator").http_method, "POST");
}

TEST(HttpRoutesTest, UnknownShapesAreNotFound) {
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{
           {"GET", "/v1/tenants/cdq/nothings/x"},
           {"GET", "/v1/tenants/cdq/plans/"},
           {"GET", "/v1/tenants//plans/p"},
           {"GET", "/v2/tenants/cdq/plans/p"},
           {"PUT", "/v1/tenants/cdq/plans/p"},
           {"GET", "/v1/tenants/cdq/fiscalYears/x:submitFiscalYear"},
           {"POST", "/v1/tenants/cdq/plans/p:noSuchVerb"},
           {"POST", "/v1/:submitFiscalYear"},
       }) {
    auto match = Table().Match(method, path);
    EXPECT_EQ(match.status().code(), absl::StatusCode::kNotFound)
        << method << " " << path;
  }
}

TEST(HttpRoutesTest, LowerCamel) {
  EXPECT_EQ(LowerCamel("SubmitFiscalYear"), "submitFiscalYear");
  EXPECT_EQ(LowerCamel("reported_totals"), "reportedTotals");
  EXPECT_EQ(LowerCamel("start_fiscal_year"), "startFiscalYear");
}

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Build(
    const std::string& method, const std::string& path,
    const std::multimap<std::string, std::string>& query,
    const std::string& body) {
  auto match = Table().Match(method, path);
  if (!match.ok()) return match.status();
  return BuildRequest(*match, query, body);
}

TEST(HttpJsonTest, CreateTakesTheBodyAndTheQuery) {
  auto r = Build("POST", "/v1/tenants/cdq/plans",
                 {{"plan_id", "p2019"}, {"requestId", "r-1"}},
                 R"({"title": "Plan d'action", "startFiscalYear": "2018-2019",
                     "status": "ADOPTED", "notes": ["a", "b"]})");
  ASSERT_TRUE(r.ok()) << r.status();
  const auto& request = dynamic_cast<const v1::CreatePlanRequest&>(**r);
  EXPECT_EQ(request.parent(), "tenants/cdq");
  EXPECT_EQ(request.plan_id(), "p2019");
  EXPECT_EQ(request.request_id(), "r-1");
  EXPECT_EQ(request.plan().title(), "Plan d'action");
  EXPECT_EQ(request.plan().start_fiscal_year(), "2018-2019");
  EXPECT_EQ(request.plan().status(), v1::Plan::ADOPTED);
  EXPECT_THAT(request.plan().notes(), ElementsAre("a", "b"));
}

TEST(HttpJsonTest, UpdateTakesTheNameFromThePathAndTheMaskFromTheQuery) {
  for (const std::string mask :
       {"title,start_fiscal_year", "title, startFiscalYear"}) {
    auto r = Build("PATCH", "/v1/tenants/cdq/plans/p1", {{"update_mask", mask}},
                   R"({"title": "Nouveau", "etag": "\"3\""})");
    ASSERT_TRUE(r.ok()) << r.status();
    const auto& request = dynamic_cast<const v1::UpdatePlanRequest&>(**r);
    EXPECT_EQ(request.plan().name(), "tenants/cdq/plans/p1");
    EXPECT_EQ(request.plan().etag(), "\"3\"");
    EXPECT_THAT(request.update_mask().paths(),
                ElementsAre("title", "start_fiscal_year"))
        << mask;
  }
}

TEST(HttpJsonTest, ListAndCustomGetTakeTheQuery) {
  auto r = Build(
      "GET", "/v1/tenants/cdq/plans",
      {{"page_size", "5"}, {"pageToken", "abc"}, {"status", "DRAFT"}}, "");
  ASSERT_TRUE(r.ok()) << r.status();
  const auto& list = dynamic_cast<const v1::ListPlansRequest&>(**r);
  EXPECT_EQ(list.parent(), "tenants/cdq");
  EXPECT_EQ(list.page_size(), 5);
  EXPECT_EQ(list.page_token(), "abc");
  EXPECT_EQ(list.status(), v1::Plan::DRAFT);

  auto s = Build("GET", "/v1/tenants/cdq:summarizePlans",
                 {{"fiscal_year", "2017-2018"},
                  {"dimensions", "plan"},
                  {"dimensions", "gender"}},
                 "");
  ASSERT_TRUE(s.ok()) << s.status();
  const auto& summary = dynamic_cast<const v1::SummarizeRequest&>(**s);
  EXPECT_EQ(summary.parent(), "tenants/cdq");
  EXPECT_THAT(summary.dimensions(), ElementsAre("plan", "gender"));
}

TEST(HttpJsonTest, CustomPostTakesTheWholeRequestInTheBody) {
  auto r =
      Build("POST", "/v1/tenants/cdq/fiscalYears/2017-2018:unlockFiscalYear",
            {}, R"({"reason": "correction du bilan"})");
  ASSERT_TRUE(r.ok()) << r.status();
  const auto& unlock = dynamic_cast<const v1::UnlockFiscalYearRequest&>(**r);
  EXPECT_EQ(unlock.name(), "tenants/cdq/fiscalYears/2017-2018");
  EXPECT_EQ(unlock.reason(), "correction du bilan");
}

// The violations' fields of a failed build.
std::vector<std::string> Fields(
    const absl::StatusOr<std::unique_ptr<google::protobuf::Message>>& r) {
  std::vector<std::string> out;
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument)
      << r.status();
  for (const auto& v : FieldViolationsOf(r.status())) out.push_back(v.field);
  return out;
}

TEST(HttpJsonTest, BadInputIsInvalidArgumentNamingTheField) {
  EXPECT_THAT(
      Fields(Build("POST", "/v1/tenants/cdq/plans", {}, R"({"title": 5})")),
      ElementsAre("plan.title"));
  EXPECT_THAT(
      Fields(Build("POST", "/v1/tenants/cdq/plans", {}, R"({"titel": "x"})")),
      ElementsAre("plan.titel"));
  EXPECT_THAT(Fields(Build("POST", "/v1/tenants/cdq/plans", {},
                           R"({"status": "SIGNED"})")),
              ElementsAre("plan.status"));
  EXPECT_THAT(Fields(Build("POST", "/v1/tenants/cdq/plans", {}, "not json")),
              ElementsAre("plan"));
  EXPECT_THAT(
      Fields(Build("POST", "/v1/tenants/cdq/plans", {}, R"({"title": "x")")),
      ElementsAre("plan"));
  EXPECT_THAT(Fields(Build("GET", "/v1/tenants/cdq/plans/p1", {}, "{}")),
              ElementsAre("body"));
  EXPECT_THAT(Fields(Build("GET", "/v1/tenants/cdq/plans",
                           {{"page_size", "many"}}, "")),
              ElementsAre("page_size"));
  EXPECT_THAT(Fields(Build("GET", "/v1/tenants/cdq/plans",
                           {{"parent", "tenants/other"}}, "")),
              ElementsAre("parent"));
  EXPECT_THAT(
      Fields(Build("GET", "/v1/tenants/cdq/plans", {{"sort", "x"}}, "")),
      ElementsAre("sort"));
  EXPECT_THAT(Fields(Build("GET", "/v1/tenants/cdq/plans",
                           {{"page_size", "1"}, {"page_size", "2"}}, "")),
              ElementsAre("page_size"));
  EXPECT_THAT(Fields(Build("PATCH", "/v1/tenants/cdq/plans/p1",
                           {{"update_mask", "title"}},
                           R"({"name": "tenants/other/plans/p1"})")),
              ElementsAre("plan.name"));
  EXPECT_THAT(
      Fields(Build("POST", "/v1/tenants/cdq/plans", {{"plan", "x"}}, "{}")),
      ElementsAre("plan"));
}

TEST(HttpJsonTest, StatusJsonIsGoogleRpcStatusWithTheServicesDetails) {
  auto json = nlohmann::json::parse(StatusJson(ToGrpcStatus(
      WithReason(InvalidField("plan.title", "is required"), "REQUIRED"))));
  EXPECT_EQ(json["code"], 3);
  EXPECT_EQ(json["message"], "plan.title: is required");
  bool bad_request = false, error_info = false;
  for (const auto& d : json["details"]) {
    if (d["@type"] == "type.googleapis.com/google.rpc.BadRequest") {
      bad_request = true;
      EXPECT_EQ(d["fieldViolations"][0]["field"], "plan.title");
      EXPECT_EQ(d["fieldViolations"][0]["description"], "is required");
    }
    if (d["@type"] == "type.googleapis.com/google.rpc.ErrorInfo") {
      error_info = true;
      EXPECT_EQ(d["reason"], "REQUIRED");
      EXPECT_EQ(d["domain"], "poles.quebec");
    }
  }
  EXPECT_TRUE(bad_request) << json.dump();
  EXPECT_TRUE(error_info) << json.dump();

  auto plain = nlohmann::json::parse(
      StatusJson(grpc::Status(grpc::StatusCode::NOT_FOUND, "no such plan")));
  EXPECT_EQ(plain["code"], 5);
  EXPECT_EQ(plain["message"], "no such plan");
  EXPECT_FALSE(plain.contains("details") && !plain["details"].empty());

  auto garbage = nlohmann::json::parse(StatusJson(
      grpc::Status(grpc::StatusCode::ABORTED, "stale", "not a status")));
  EXPECT_EQ(garbage["code"], 10);
}

TEST(HttpJsonTest, HttpStatusesFollowTheStandardMapping) {
  const std::vector<std::pair<absl::StatusCode, int>> table = {
      {absl::StatusCode::kInvalidArgument, 400},
      {absl::StatusCode::kFailedPrecondition, 400},
      {absl::StatusCode::kOutOfRange, 400},
      {absl::StatusCode::kUnauthenticated, 401},
      {absl::StatusCode::kPermissionDenied, 403},
      {absl::StatusCode::kNotFound, 404},
      {absl::StatusCode::kAborted, 409},
      {absl::StatusCode::kAlreadyExists, 409},
      {absl::StatusCode::kResourceExhausted, 429},
      {absl::StatusCode::kCancelled, 499},
      {absl::StatusCode::kInternal, 500},
      {absl::StatusCode::kUnimplemented, 501},
      {absl::StatusCode::kUnavailable, 503},
      {absl::StatusCode::kDeadlineExceeded, 504},
  };
  for (const auto& [code, http] : table)
    EXPECT_EQ(HttpStatusOf(code), http) << absl::StatusCodeToString(code);
}

TEST(HttpJsonTest, GrpcTimeoutHeader) {
  using std::chrono::milliseconds;
  EXPECT_EQ(*ParseGrpcTimeout("5S"), milliseconds(5000));
  EXPECT_EQ(*ParseGrpcTimeout("250m"), milliseconds(250));
  EXPECT_EQ(*ParseGrpcTimeout("2M"), milliseconds(120000));
  EXPECT_EQ(*ParseGrpcTimeout("1H"), milliseconds(3600000));
  EXPECT_EQ(*ParseGrpcTimeout("3000u"), milliseconds(3));
  for (const char* bad : {"", "5", "S", "5s", "-5S", "123456789S", "5 S"}) {
    EXPECT_EQ(ParseGrpcTimeout(bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

// Every "$ref" of `node` names a schema of `doc`.
void ExpectRefsResolve(const nlohmann::json& doc, const nlohmann::json& node,
                       int& refs) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref") {
        ++refs;
        const std::string ref = value;
        const std::string prefix = "#/components/schemas/";
        ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
        EXPECT_TRUE(
            doc["components"]["schemas"].contains(ref.substr(prefix.size())))
            << ref;
      } else {
        ExpectRefsResolve(doc, value, refs);
      }
    }
  } else if (node.is_array()) {
    for (const auto& value : node) ExpectRefsResolve(doc, value, refs);
  }
}

TEST(OpenApiTest, DescribesEveryRouteWithResolvableSchemas) {
  auto doc = nlohmann::json::parse(OpenApiJson(Table()));
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::set<std::string> operations;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [verb, op] : item.items())
      operations.insert(op["operationId"].get<std::string>());
  }
  EXPECT_EQ(operations.size(), Table().Routes().size());
  EXPECT_TRUE(operations.count("PlansService_CreatePlan"));
  const auto& create = doc["paths"]["/v1/{parent}/plans"]["post"];
  EXPECT_EQ(
      create["requestBody"]["content"]["application/json"]["schema"]["$ref"],
      "#/components/schemas/poles.v1.Plan");
  std::set<std::string> query;
  for (const auto& p : create["parameters"])
    if (p["in"] == "query") query.insert(p["name"].get<std::string>());
  EXPECT_THAT(query, UnorderedElementsAre("plan_id", "request_id"));
  const auto& plan = doc["components"]["schemas"]["poles.v1.Plan"];
  EXPECT_EQ(plan["properties"]["startFiscalYear"]["type"], "string");
  EXPECT_EQ(plan["properties"]["createTime"]["format"], "date-time");
  EXPECT_EQ(doc["components"]["schemas"]["poles.v1.Plan.Status"]["enum"][1],
            "DRAFT");
  int refs = 0;
  ExpectRefsResolve(doc, doc, refs);
  EXPECT_GT(refs, 100);
  EXPECT_TRUE(doc["components"]["schemas"].contains("google.rpc.Status"));
}

}  // namespace
}  // namespace poles::gateway
