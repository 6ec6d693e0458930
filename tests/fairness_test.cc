// One tenant cannot starve the others. While one tenant does the abusive
// thing (silent import streams, huge computed plan reads, oversized or
// unknown summary dimensions), another tenant's reads keep answering: every
// read OK, each within a generous bound (kReadBound, far above their normal
// few milliseconds, so this is no timing race), and the abusive caller gets
// RESOURCE_EXHAUSTED or INVALID_ARGUMENT. The server is one of its own,
// configured as the default on 2 cores (a pool of 3 workers).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/request_limits.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr milliseconds kReadBound{2000};

class FairnessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerOptions o = TestServerOptions();
    o.pool_size = 3;
    o.tenant_wait = milliseconds(500);
    server_ = new TestServer(StartTestServer(o));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(server_->server, nullptr);
    plans_ = v1::PlansService::NewStub(server_->channel);
    events_ = v1::EventsService::NewStub(server_->channel);
    directories_ = v1::DirectoriesService::NewStub(server_->channel);
    victim_ = NewTenant("victim");
    victim_plan_ = CreatePlan(victim_, "2017-2018", "2019-2020").name();
  }

  v1::Plan CreatePlan(const TestTenant& t, const std::string& start,
                      const std::string& end) {
    v1::CreatePlanRequest r;
    r.set_parent(t.parent());
    r.mutable_plan()->set_title("Plan d'action");
    r.mutable_plan()->set_start_fiscal_year(start);
    r.mutable_plan()->set_end_fiscal_year(end);
    v1::Plan out;
    EXPECT_THAT(S(plans_->CreatePlan(Ctx(t.editor_key).get(), r, &out)),
                IsOk());
    return out;
  }

  // The victim's plan read `reads` times in a row; every read must succeed
  // within kReadBound. Returns the slowest.
  milliseconds VictimReads(int reads) {
    milliseconds slowest{0};
    for (int i = 0; i < reads; ++i) {
      v1::GetPlanRequest g;
      g.set_name(victim_plan_);
      v1::Plan out;
      auto ctx = Ctx(victim_.viewer_key);
      ctx->set_deadline(std::chrono::system_clock::now() + 2 * kReadBound);
      const auto start = steady_clock::now();
      grpc::Status s = plans_->GetPlan(ctx.get(), g, &out);
      const auto took =
          std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
      EXPECT_THAT(S(s), IsOk()) << "read " << i;
      EXPECT_LT(took, kReadBound) << "read " << i;
      slowest = std::max(slowest, took);
    }
    return slowest;
  }

  static void Report(const char* what, milliseconds slowest) {
    std::printf("[ figure   ] %s: the other tenant's slowest read %lld ms\n",
                what, static_cast<long long>(slowest.count()));
  }

  // Any call of `t`'s key, so this server knows the key's tenant (its
  // scheduling key) before the test's streams.
  void Touch(const TestTenant& t) {
    v1::ListPlansRequest r;
    r.set_parent(t.parent());
    v1::ListPlansResponse out;
    EXPECT_THAT(S(plans_->ListPlans(Ctx(t.editor_key).get(), r, &out)), IsOk());
  }

  static TestServer* server_;
  std::unique_ptr<v1::PlansService::Stub> plans_;
  std::unique_ptr<v1::EventsService::Stub> events_;
  std::unique_ptr<v1::DirectoriesService::Stub> directories_;
  TestTenant victim_;
  std::string victim_plan_;
};

TestServer* FairnessTest::server_ = nullptr;

// An import stream opened and left silent.
struct SilentStream {
  std::unique_ptr<grpc::ClientContext> ctx;
  v1::ImportOrganisationsResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::ImportOrganisationsRequest>> writer;
};

TEST_F(FairnessTest, SilentImportStreamsHoldNoWorker) {
  TestTenant a = NewTenant("silent-a"), c = NewTenant("silent-c");
  Touch(a);
  Touch(c);
  // Four silent streams on a pool of three workers, two tenants' share each.
  std::vector<SilentStream> silent(4);
  for (int i = 0; i < 4; ++i) {
    const TestTenant& t = i < 2 ? a : c;
    silent[i].ctx = Ctx(t.editor_key);
    silent[i].writer = directories_->ImportOrganisations(silent[i].ctx.get(),
                                                         &silent[i].response);
    v1::ImportOrganisationsRequest first;
    first.set_parent(t.parent());
    ASSERT_TRUE(silent[i].writer->Write(first));
  }
  Report("4 silent import streams", VictimReads(20));

  // A third stream of one tenant is refused at once.
  {
    auto ctx = Ctx(a.editor_key);
    v1::ImportOrganisationsResponse out;
    auto writer = directories_->ImportOrganisations(ctx.get(), &out);
    v1::ImportOrganisationsRequest first;
    first.set_parent(a.parent());
    writer->Write(first);
    writer->WritesDone();
    absl::Status s = S(writer->Finish());
    EXPECT_THAT(s, StatusIs(absl::StatusCode::kResourceExhausted));
    EXPECT_EQ(ReasonOf(s), "TOO_MANY_STREAMS");
  }

  for (auto& s : silent) {
    s.ctx->TryCancel();
    EXPECT_THAT(S(s.writer->Finish()), StatusIs(absl::StatusCode::kCancelled));
  }

  // The slots are given back: the tenant's next import is admitted and
  // answered by a worker (its one row checked: OK, or INVALID_ARGUMENT if
  // the row lacks a column the directory requires).
  absl::Status last;
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto ctx = Ctx(a.editor_key);
    v1::ImportOrganisationsResponse out;
    auto writer = directories_->ImportOrganisations(ctx.get(), &out);
    v1::ImportOrganisationsRequest r;
    r.set_parent(a.parent());
    r.set_validate_only(true);
    auto* row = r.add_rows();
    row->set_line(2);
    row->add_present("display_name");
    row->add_present("legal_form");
    row->set_display_name("Coopérative de solidarité du Bas-du-Fleuve");
    row->set_legal_form("coopérative");
    writer->Write(r);
    writer->WritesDone();
    last = S(writer->Finish());
    if (last.code() != absl::StatusCode::kResourceExhausted) break;
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(last.ok() || last.code() == absl::StatusCode::kInvalidArgument)
      << last;
}

TEST_F(FairnessTest, HugeComputedListsLeaveTheOthersAWorker) {
  TestTenant a = NewTenant("computed");
  {
    v1::CreatePlanRequest r;
    r.set_parent(a.parent());
    r.mutable_plan()->set_title("Plan de cent dix ans");
    r.mutable_plan()->set_start_fiscal_year("1990-1991");
    r.mutable_plan()->set_end_fiscal_year("2099-2100");
    v1::Plan out;
    EXPECT_THAT(S(plans_->CreatePlan(Ctx(a.editor_key).get(), r, &out)),
                InvalidFieldIs("plan.end_fiscal_year"));
  }
  v1::Plan plan = CreatePlan(a, "2016-2017", "2025-2026");
  v1::CreatePlanItemRequest ci;
  ci.set_parent(plan.name());
  ci.set_item_id("1-1");
  ci.mutable_item()->set_kind(v1::PlanItem::ACTION);
  ci.mutable_item()->set_code("1.1");
  ci.mutable_item()->set_title("Déjeuners-conférences");
  v1::PlanItem item;
  ASSERT_THAT(S(plans_->CreatePlanItem(Ctx(a.editor_key).get(), ci, &item)),
              IsOk());
  for (int i = 0; i < 100; ++i) {
    v1::CreateIndicatorRequest r;
    r.set_parent(item.name());
    auto* ind = r.mutable_indicator();
    ind->set_description(absl::StrCat("Indicateur ", i));
    ind->set_target(3);
    ind->set_national_indicator_code("events.held");
    ind->set_computed(true);
    (*ind->mutable_link_filter())["event_kind"] = "networking";
    (*ind->mutable_link_filter())["plan_item"] = item.name();
    v1::Indicator out;
    ASSERT_THAT(S(plans_->CreateIndicator(Ctx(a.editor_key).get(), r, &out)),
                IsOk());
  }

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, exhausted{0}, other{0};
  std::mutex mu;
  std::string other_status;
  std::vector<std::thread> abusers;
  for (int th = 0; th < 3; ++th) {
    abusers.emplace_back([&] {
      while (!stop.load()) {
        v1::ListIndicatorsRequest r;
        r.set_parent(item.name());
        r.set_page_size(100);
        v1::ListIndicatorsResponse out;
        absl::Status s =
            S(plans_->ListIndicators(Ctx(a.viewer_key).get(), r, &out));
        if (s.ok()) {
          ++ok;
          EXPECT_EQ(out.indicators_size(), 100);
        } else if (s.code() == absl::StatusCode::kResourceExhausted) {
          ++exhausted;
        } else {
          ++other;
          std::lock_guard<std::mutex> lock(mu);
          other_status = s.ToString();
        }
      }
    });
  }
  std::this_thread::sleep_for(milliseconds(200));
  Report("3 huge computed ListIndicators in a loop", VictimReads(20));
  stop = true;
  for (auto& t : abusers) t.join();
  std::printf("[ figure   ] abusive ListIndicators: %d OK, %d exhausted\n",
              ok.load(), exhausted.load());
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(other.load(), 0) << other_status;
}

TEST_F(FairnessTest, UnknownDimensionsAreRefusedInAnErrorThatFits) {
  TestTenant a = NewTenant("dims");
  v1::SummarizeRequest r;
  r.set_parent(a.parent());
  r.set_fiscal_year("2017-2018");
  for (int i = 0; i < 100; ++i) {
    r.add_dimensions(absl::StrCat("dimension_inconnue_numero_", i));
  }
  v1::IndicatorSummary out;
  absl::Status s =
      S(events_->SummarizeEvents(Ctx(a.viewer_key).get(), r, &out));
  EXPECT_THAT(s, InvalidFieldIs("dimensions"));

  // Within the bound, each unknown one is a violation of its own: the error
  // still arrives whole.
  r.clear_dimensions();
  for (int i = 0; i < 8; ++i) {
    r.add_dimensions(absl::StrCat("dimension_inconnue_numero_", i));
  }
  s = S(events_->SummarizeEvents(Ctx(a.viewer_key).get(), r, &out));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_LE(FieldViolationsOf(s).size(),
            static_cast<size_t>(kMaxFieldViolations));

  // An import of 1 000 bad rows: its error arrives (not a metadata error).
  auto ctx = Ctx(a.editor_key);
  v1::ImportOrganisationsResponse io;
  auto writer = directories_->ImportOrganisations(ctx.get(), &io);
  v1::ImportOrganisationsRequest ir;
  ir.set_parent(a.parent());
  ir.set_validate_only(true);
  for (int i = 0; i < 1000; ++i) {
    auto* row = ir.add_rows();
    row->set_line(i + 2);
    row->add_present("display_name");
    row->add_present("legal_form");
    row->set_display_name(absl::StrCat("Organisme ", i));
    row->set_legal_form(std::string(200, 'z'));
  }
  writer->Write(ir);
  writer->WritesDone();
  s = S(writer->Finish());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_FALSE(FieldViolationsOf(s).empty()) << s;
}

TEST_F(FairnessTest, AHugeRequestIsRefusedBeforeAnyWork) {
  TestTenant a = NewTenant("huge");
  v1::SummarizeRequest r;
  r.set_parent(a.parent());
  r.set_fiscal_year("2017-2018");
  for (int i = 0; i < 1900000; ++i) r.add_dimensions("");
  std::atomic<int> refused{0};
  std::vector<std::thread> abusers;
  for (int th = 0; th < 3; ++th) {
    abusers.emplace_back([&] {
      for (int i = 0; i < 2; ++i) {
        v1::IndicatorSummary out;
        absl::Status s =
            S(events_->SummarizeEvents(Ctx(a.viewer_key).get(), r, &out));
        EXPECT_THAT(s, InvalidFieldIs("dimensions"));
        if (s.code() == absl::StatusCode::kInvalidArgument) ++refused;
      }
    });
  }
  Report("1.9 M empty dimensions x 6", VictimReads(10));
  for (auto& t : abusers) t.join();
  EXPECT_EQ(refused.load(), 6);
}

}  // namespace
}  // namespace poles::testing
