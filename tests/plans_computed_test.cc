// Plan indicators whose actual values compute themselves from the events
// service's summary (never from its tables): a plan item linked to events
// sees its actual change when a linked event is added, and the plan's
// progress counts computed and entered results, saying which is which; the
// plans indicators (SummarizePlans) count each plan running in a year as its
// progress does.
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/plans/summary.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

int64_t Montreal(int y, int m, int d) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("America/Montreal", &tz));
  return absl::ToUnixSeconds(absl::FromCivil(absl::CivilHour(y, m, d, 7), tz));
}

class PlansComputedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = NewTenant("pc");
    v1::CreatePlanRequest cp;
    cp.set_parent(t_.parent());
    cp.set_plan_id("plan");
    cp.mutable_plan()->set_title("Plan d'action 2017-2020");
    cp.mutable_plan()->set_start_fiscal_year("2017-2018");
    cp.mutable_plan()->set_end_fiscal_year("2019-2020");
    v1::Plan plan;
    ASSERT_THAT(S(Plans()->CreatePlan(Ctx(t_.editor_key).get(), cp, &plan)),
                IsOk());
    v1::CreatePlanItemRequest ci;
    ci.set_parent(plan.name());
    ci.set_item_id("1-2-2");
    ci.mutable_item()->set_kind(v1::PlanItem::ACTION);
    ci.mutable_item()->set_code("1.2.2");
    ci.mutable_item()->set_title("Organiser des déjeuners-conférences");
    ASSERT_THAT(
        S(Plans()->CreatePlanItem(Ctx(t_.editor_key).get(), ci, &item_)),
        IsOk());
  }

  absl::Status CreateIndicator(const v1::Indicator& ind, const std::string& id,
                               v1::Indicator* out) {
    v1::CreateIndicatorRequest r;
    r.set_parent(item_.name());
    r.set_indicator_id(id);
    *r.mutable_indicator() = ind;
    return S(Plans()->CreateIndicator(Ctx(t_.editor_key).get(), r, out));
  }

  v1::Indicator Breakfasts() {
    v1::Indicator ind;
    ind.set_description("3 déjeuners-conférences par année");
    ind.set_target(3);
    ind.set_unit("déjeuners-conférences");
    ind.set_national_indicator_code("events.held");
    ind.set_computed(true);
    (*ind.mutable_link_filter())["event_kind"] = "networking";
    (*ind.mutable_link_filter())["plan_item"] = item_.name();
    return ind;
  }

  void AddEvent(v1::Event::Kind kind, int64_t start, bool linked) {
    v1::CreateEventRequest r;
    r.set_parent(t_.parent());
    auto* e = r.mutable_event();
    e->set_title("Déjeuner-conférence");
    e->set_kind(kind);
    e->set_organised(true);
    e->mutable_start_time()->set_seconds(start);
    e->mutable_end_time()->set_seconds(start + 7200);
    if (linked) e->set_plan_item(item_.name());
    v1::Event out;
    ASSERT_THAT(S(Events()->CreateEvent(Ctx(t_.editor_key).get(), r, &out)),
                IsOk());
  }

  // Actual value by fiscal year, with the source of each.
  std::map<std::string, std::pair<double, v1::ResultSource>> Results(
      const std::string& name) {
    v1::GetIndicatorRequest r;
    r.set_name(name);
    v1::Indicator out;
    EXPECT_THAT(S(Plans()->GetIndicator(Ctx(t_.viewer_key).get(), r, &out)),
                IsOk());
    std::map<std::string, std::pair<double, v1::ResultSource>> m;
    for (const auto& res : out.results())
      m[res.fiscal_year()] = {res.actual_value(), res.source()};
    return m;
  }

  TestTenant t_;
  v1::PlanItem item_;
};

TEST_F(PlansComputedTest, ActualFollowsTheLinkedEvents) {
  v1::Indicator ind;
  ASSERT_THAT(CreateIndicator(Breakfasts(), "dejeuners", &ind), IsOk());
  EXPECT_TRUE(ind.computed());
  EXPECT_EQ(ind.link_filter().at("event_kind"), "networking");
  auto before = Results(ind.name());
  ASSERT_EQ(before.size(), 3u);  // 2017-2018 to 2019-2020
  EXPECT_EQ(before["2017-2018"].first, 0);
  EXPECT_EQ(before["2017-2018"].second, v1::COMPUTED);

  AddEvent(v1::Event::NETWORKING, Montreal(2017, 10, 4), true);
  EXPECT_EQ(Results(ind.name())["2017-2018"].first, 1);
  AddEvent(v1::Event::NETWORKING, Montreal(2018, 2, 7), true);
  AddEvent(v1::Event::NETWORKING, Montreal(2018, 3, 7), true);
  // Not counted: another kind, another item, another year.
  AddEvent(v1::Event::FORUM, Montreal(2017, 11, 1), true);
  AddEvent(v1::Event::NETWORKING, Montreal(2017, 11, 8), false);
  AddEvent(v1::Event::NETWORKING, Montreal(2018, 5, 2), true);
  auto after = Results(ind.name());
  EXPECT_EQ(after["2017-2018"].first, 3);
  EXPECT_EQ(after["2018-2019"].first, 1);
  EXPECT_EQ(after["2019-2020"].first, 0);

  // The list shows the same computed results.
  v1::ListIndicatorsRequest l;
  l.set_parent(item_.name());
  v1::ListIndicatorsResponse lr;
  ASSERT_THAT(S(Plans()->ListIndicators(Ctx(t_.viewer_key).get(), l, &lr)),
              IsOk());
  ASSERT_EQ(lr.indicators_size(), 1);
  ASSERT_EQ(lr.indicators(0).results_size(), 3);
  EXPECT_EQ(lr.indicators(0).results(0).actual_value(), 3);

  // Results of a computed indicator are not entered by hand.
  v1::RecordIndicatorResultRequest rec;
  rec.set_indicator(ind.name());
  rec.mutable_result()->set_fiscal_year("2017-2018");
  rec.mutable_result()->set_actual_value(10);
  v1::Indicator out;
  EXPECT_THAT(
      S(Plans()->RecordIndicatorResult(Ctx(t_.editor_key).get(), rec, &out)),
      StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(PlansComputedTest, ProgressCountsComputedAndEnteredResults) {
  v1::Indicator computed, entered;
  ASSERT_THAT(CreateIndicator(Breakfasts(), "dejeuners", &computed), IsOk());
  v1::Indicator members;
  members.set_description("80 membres");
  members.set_target(80);
  ASSERT_THAT(CreateIndicator(members, "membres", &entered), IsOk());
  v1::RecordIndicatorResultRequest rec;
  rec.set_indicator(entered.name());
  rec.mutable_result()->set_fiscal_year("2017-2018");
  rec.mutable_result()->set_actual_value(85);
  v1::Indicator out;
  ASSERT_THAT(
      S(Plans()->RecordIndicatorResult(Ctx(t_.editor_key).get(), rec, &out)),
      IsOk());

  v1::GetPlanProgressRequest pr;
  pr.set_name(t_.parent() + "/plans/plan");
  pr.set_fiscal_year("2017-2018");
  v1::PlanProgress p;
  ASSERT_THAT(S(Plans()->GetPlanProgress(Ctx(t_.viewer_key).get(), pr, &p)),
              IsOk());
  EXPECT_EQ(p.measurable_count(), 2);
  EXPECT_EQ(p.measured_count(), 2);
  EXPECT_EQ(p.achieved_count(), 1);  // 85 >= 80; 0 breakfasts < 3
  EXPECT_EQ(p.entered_count(), 1);
  EXPECT_EQ(p.computed_count(), 1);

  for (int day : {4, 11, 18})
    AddEvent(v1::Event::NETWORKING, Montreal(2017, 10, day), true);
  ASSERT_THAT(S(Plans()->GetPlanProgress(Ctx(t_.viewer_key).get(), pr, &p)),
              IsOk());
  EXPECT_EQ(p.achieved_count(), 2);
  EXPECT_DOUBLE_EQ(p.achieved_share(), 1.0);
}

TEST_F(PlansComputedTest, ReportedAggregatesFeedComputedResultsAndSaySo) {
  v1::Indicator ind;
  ASSERT_THAT(CreateIndicator(Breakfasts(), "dejeuners", &ind), IsOk());
  v1::ReportIndicatorValueRequest r;
  r.set_parent(t_.parent());
  r.set_fiscal_year("2018-2019");
  r.mutable_value()->set_indicator("events.held");
  (*r.mutable_value()->mutable_dimensions())["event_kind"] = "networking";
  (*r.mutable_value()->mutable_dimensions())["plan_item"] = item_.name();
  r.mutable_value()->set_value(5);
  v1::IndicatorValue stored;
  ASSERT_THAT(
      S(Events()->ReportEventsIndicator(Ctx(t_.editor_key).get(), r, &stored)),
      IsOk());
  v1::GetIndicatorRequest g;
  g.set_name(ind.name());
  v1::Indicator out;
  ASSERT_THAT(S(Plans()->GetIndicator(Ctx(t_.viewer_key).get(), g, &out)),
              IsOk());
  ASSERT_EQ(out.results_size(), 3);
  EXPECT_EQ(out.results(1).fiscal_year(), "2018-2019");
  EXPECT_EQ(out.results(1).actual_value(), 5);
  EXPECT_NE(out.results(1).note().find("Déclaré"), std::string::npos)
      << out.results(1).note();
  EXPECT_NE(out.results(0).note().find("Calculé"), std::string::npos)
      << out.results(0).note();
}

TEST_F(PlansComputedTest, BadLinksAreNamedAndWriteNothing) {
  v1::Indicator out;
  v1::Indicator ind = Breakfasts();
  ind.clear_national_indicator_code();
  EXPECT_THAT(CreateIndicator(ind, "a", &out),
              InvalidFieldIs("indicator.national_indicator_code"));
  ind = Breakfasts();
  ind.set_national_indicator_code("events.inconnu");
  EXPECT_THAT(CreateIndicator(ind, "b", &out),
              InvalidFieldIs("indicator.national_indicator_code"));
  ind = Breakfasts();
  (*ind.mutable_link_filter())["sector"] = "culture";
  EXPECT_THAT(CreateIndicator(ind, "c", &out),
              InvalidFieldIs("indicator.link_filter"));
  ind = Breakfasts();
  ind.set_national_indicator_code("plans.indicators_achieved");
  ind.clear_link_filter();
  EXPECT_THAT(CreateIndicator(ind, "d", &out),
              InvalidFieldIs("indicator.computed"));
  ind = Breakfasts();
  ind.set_computed(false);
  EXPECT_THAT(CreateIndicator(ind, "e", &out),
              InvalidFieldIs("indicator.link_filter"));
  ind = Breakfasts();
  (*ind.mutable_link_filter())["event_kind"] = "a=b";
  EXPECT_THAT(CreateIndicator(ind, "f", &out),
              InvalidFieldIs("indicator.link_filter.event_kind"));

  v1::ListIndicatorsRequest l;
  l.set_parent(item_.name());
  v1::ListIndicatorsResponse lr;
  ASSERT_THAT(S(Plans()->ListIndicators(Ctx(t_.viewer_key).get(), l, &lr)),
              IsOk());
  EXPECT_EQ(lr.indicators_size(), 0);
}

// ---- SummarizePlans
// ----------------------------------------------------------

using Values = std::map<std::string, int64_t>;

// "indicator" or "indicator|plan=..." -> value.
Values Flatten(const v1::IndicatorSummary& s) {
  Values out;
  for (const auto& v : s.values()) {
    std::string key = v.indicator();
    for (const auto& [k, val] : v.dimensions())
      absl::StrAppend(&key, "|", k, "=", val);
    out[key] = v.value();
  }
  return out;
}

v1::IndicatorSummary SummarizePlans(const std::string& key, const TestTenant& t,
                                    const std::string& fy,
                                    const std::vector<std::string>& dims = {}) {
  v1::SummarizeRequest r;
  r.set_parent(t.parent());
  r.set_fiscal_year(fy);
  for (const auto& d : dims) r.add_dimensions(d);
  v1::IndicatorSummary out;
  EXPECT_THAT(S(Plans()->SummarizePlans(Ctx(key).get(), r, &out)), IsOk());
  return out;
}

TEST_F(PlansComputedTest, SummarizePlansCountsEachPlanRunningAndTheTotal) {
  // Plan "plan" (2017-2020): a computed indicator (3 breakfasts), an entered
  // one (80 members, 85 in 2017-2018) and a qualitative one.
  v1::Indicator computed, entered, qualitative;
  ASSERT_THAT(CreateIndicator(Breakfasts(), "dejeuners", &computed), IsOk());
  v1::Indicator members;
  members.set_description("80 membres");
  members.set_target(80);
  ASSERT_THAT(CreateIndicator(members, "membres", &entered), IsOk());
  v1::Indicator q;
  q.set_description("Une image renouvelée");
  ASSERT_THAT(CreateIndicator(q, "image", &qualitative), IsOk());
  v1::RecordIndicatorResultRequest rec;
  rec.set_indicator(entered.name());
  rec.mutable_result()->set_fiscal_year("2017-2018");
  rec.mutable_result()->set_actual_value(85);
  v1::Indicator out;
  ASSERT_THAT(
      S(Plans()->RecordIndicatorResult(Ctx(t_.editor_key).get(), rec, &out)),
      IsOk());
  for (int day : {4, 11, 18})
    AddEvent(v1::Event::NETWORKING, Montreal(2017, 10, day), true);

  // Plan "court" (2017-2018 only): 4 of 10 trainings entered, not reached.
  v1::CreatePlanRequest cp;
  cp.set_parent(t_.parent());
  cp.set_plan_id("court");
  cp.mutable_plan()->set_title("Plan court");
  cp.mutable_plan()->set_start_fiscal_year("2017-2018");
  cp.mutable_plan()->set_end_fiscal_year("2017-2018");
  v1::Plan court;
  ASSERT_THAT(S(Plans()->CreatePlan(Ctx(t_.editor_key).get(), cp, &court)),
              IsOk());
  v1::CreatePlanItemRequest ci;
  ci.set_parent(court.name());
  ci.set_item_id("1");
  ci.mutable_item()->set_kind(v1::PlanItem::ACTION);
  ci.mutable_item()->set_title("Former");
  v1::PlanItem item;
  ASSERT_THAT(S(Plans()->CreatePlanItem(Ctx(t_.editor_key).get(), ci, &item)),
              IsOk());
  v1::CreateIndicatorRequest cn;
  cn.set_parent(item.name());
  cn.set_indicator_id("formations");
  cn.mutable_indicator()->set_description("10 formations");
  cn.mutable_indicator()->set_target(10);
  v1::Indicator trainings;
  ASSERT_THAT(
      S(Plans()->CreateIndicator(Ctx(t_.editor_key).get(), cn, &trainings)),
      IsOk());
  rec.set_indicator(trainings.name());
  rec.mutable_result()->set_actual_value(4);
  ASSERT_THAT(
      S(Plans()->RecordIndicatorResult(Ctx(t_.editor_key).get(), rec, &out)),
      IsOk());
  // A later plan does not run in 2017-2018.
  cp.set_plan_id("suivant");
  cp.mutable_plan()->set_start_fiscal_year("2020-2021");
  cp.mutable_plan()->set_end_fiscal_year("2022-2023");
  v1::Plan later;
  ASSERT_THAT(S(Plans()->CreatePlan(Ctx(t_.editor_key).get(), cp, &later)),
              IsOk());

  // The national gateway's service key; the computed indicator is read from
  // the events summary with that same key.
  auto summary = SummarizePlans(ServiceKey(), t_, "2017-2018", {"plan"});
  EXPECT_EQ(summary.tenant(), t_.parent());
  EXPECT_EQ(summary.fiscal_year(), "2017-2018");
  for (const auto& v : summary.values())
    EXPECT_EQ(v.provenance(), v1::PROVENANCE_COMPUTED) << v.DebugString();
  Values v = Flatten(summary);
  EXPECT_EQ(v["plans.indicators"], 4);
  EXPECT_EQ(v["plans.indicators_measurable"], 3);
  EXPECT_EQ(v["plans.indicators_measured"], 3);
  EXPECT_EQ(v["plans.indicators_achieved"], 2);  // 85 >= 80, 3 >= 3; 4 < 10
  EXPECT_EQ(v["plans.results_entered"], 2);
  EXPECT_EQ(v["plans.results_computed"], 1);
  const std::string plan = "|plan=" + t_.parent() + "/plans/plan";
  const std::string short_plan = "|plan=" + court.name();
  EXPECT_EQ(v["plans.indicators" + plan], 3);
  EXPECT_EQ(v["plans.indicators_achieved" + plan], 2);
  EXPECT_EQ(v["plans.indicators_achieved" + short_plan], 0);
  EXPECT_EQ(v["plans.results_entered" + short_plan], 1);
  EXPECT_EQ(v.count("plans.indicators|plan=" + later.name()), 0u);

  // Each plan's breakdown is its GetPlanProgress for the year.
  v1::GetPlanProgressRequest pr;
  pr.set_name(t_.parent() + "/plans/plan");
  pr.set_fiscal_year("2017-2018");
  v1::PlanProgress p;
  ASSERT_THAT(S(Plans()->GetPlanProgress(Ctx(t_.viewer_key).get(), pr, &p)),
              IsOk());
  EXPECT_EQ(v["plans.indicators" + plan], p.indicator_count());
  EXPECT_EQ(v["plans.indicators_measurable" + plan], p.measurable_count());
  EXPECT_EQ(v["plans.indicators_measured" + plan], p.measured_count());
  EXPECT_EQ(v["plans.indicators_achieved" + plan], p.achieved_count());
  EXPECT_EQ(v["plans.results_entered" + plan], p.entered_count());
  EXPECT_EQ(v["plans.results_computed" + plan], p.computed_count());

  // 2018-2019: only "plan" runs; nothing measured yet but the breakfasts
  // (0 of 3, computed), totals without the breakdown.
  Values next = Flatten(SummarizePlans(t_.viewer_key, t_, "2018-2019"));
  EXPECT_EQ(next["plans.indicators"], 3);
  EXPECT_EQ(next["plans.indicators_measured"], 1);
  EXPECT_EQ(next["plans.results_computed"], 1);
  EXPECT_EQ(next["plans.indicators_achieved"], 0);
  EXPECT_EQ(next.count("plans.indicators" + plan), 0u);
  // No plan runs in 2016-2017: nothing, not zeros.
  EXPECT_EQ(SummarizePlans(ServiceKey(), t_, "2016-2017").values_size(), 0);
}

TEST_F(PlansComputedTest, ReportedPlansValuesReplaceComputedOnesAndSaySo) {
  v1::Indicator members, entered;
  members.set_description("80 membres");
  members.set_target(80);
  ASSERT_THAT(CreateIndicator(members, "membres", &entered), IsOk());
  v1::ReportIndicatorValueRequest r;
  r.set_parent(t_.parent());
  r.set_fiscal_year("2017-2018");
  r.mutable_value()->set_indicator("plans.indicators_achieved");
  r.mutable_value()->set_value(5);
  v1::IndicatorValue stored;
  EXPECT_THAT(
      S(Plans()->ReportPlansIndicator(Ctx(t_.viewer_key).get(), r, &stored)),
      StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_THAT(
      S(Plans()->ReportPlansIndicator(Ctx(t_.editor_key).get(), r, &stored)),
      IsOk());
  EXPECT_EQ(stored.provenance(), v1::PROVENANCE_REPORTED);
  r.mutable_value()->set_indicator("events.held");
  EXPECT_THAT(
      S(Plans()->ReportPlansIndicator(Ctx(t_.editor_key).get(), r, &stored)),
      InvalidFieldIs("value.indicator"));

  auto summary = SummarizePlans(ServiceKey(), t_, "2017-2018");
  bool found = false;
  for (const auto& v : summary.values()) {
    if (v.indicator() != "plans.indicators_achieved") continue;
    found = true;
    EXPECT_EQ(v.value(), 5);
    EXPECT_EQ(v.provenance(), v1::PROVENANCE_REPORTED);
    EXPECT_THAT(v.findings(),
                ::testing::ElementsAre("REPORTED_VS_COMPUTED: computed=0"));
  }
  EXPECT_TRUE(found);
}

TEST_F(PlansComputedTest, OnlyTheServiceRoleAndTheTenantsOwnUsersSummarize) {
  TestTenant other = NewTenant("pco");
  v1::SummarizeRequest r;
  r.set_parent(t_.parent());
  r.set_fiscal_year("2017-2018");
  v1::IndicatorSummary out;
  EXPECT_THAT(S(Plans()->SummarizePlans(Ctx(other.viewer_key).get(), r, &out)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(S(Plans()->SummarizePlans(Ctx(AdminKey()).get(), r, &out)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(
      S(Plans()->SummarizePlans(Ctx(PlatformKey("national")).get(), r, &out)),
      StatusIs(absl::StatusCode::kPermissionDenied));
  r.set_fiscal_year("2017");
  r.add_dimensions("mrc");
  absl::Status bad =
      S(Plans()->SummarizePlans(Ctx(t_.viewer_key).get(), r, &out));
  EXPECT_THAT(bad, InvalidFieldIs("fiscal_year"));
  EXPECT_THAT(bad, InvalidFieldIs("dimensions[0]"));
}

TEST(PlansSummaryCatalogueTest, TheServiceMatchesTheCatalogue) {
  v1::ListNationalIndicatorsRequest r;
  v1::ListNationalIndicatorsResponse resp;
  ASSERT_THAT(
      S(Admin()->ListNationalIndicators(Ctx(ServiceKey()).get(), r, &resp)),
      IsOk());
  std::map<std::string, std::set<std::string>> catalogue;
  for (const auto& i : resp.indicators()) {
    if (i.service() != "plans") continue;
    catalogue[i.name().substr(i.name().find('/') + 1)] = {
        i.dimensions().begin(), i.dimensions().end()};
  }
  EXPECT_EQ(catalogue, plans::PlansIndicators());
}

}  // namespace
}  // namespace poles::testing
