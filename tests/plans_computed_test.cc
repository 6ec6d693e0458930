// Plan indicators whose actual values compute themselves from the events
// service's summary (never from its tables): a plan item linked to events
// sees its actual change when a linked event is added, and the plan's
// progress counts computed and entered results, saying which is which.
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
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

}  // namespace
}  // namespace poles::testing
