#include "gateway/http_params.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/errors.h"

namespace poles::gateway {
namespace {

using ::testing::ElementsAre;

std::string FieldOf(const absl::Status& status) {
  auto violations = FieldViolationsOf(status);
  return violations.empty() ? "" : violations.front().field;
}

TEST(ParseNationalTableQueryTest, Lists) {
  auto r = ParseNationalTableQuery({{"fiscal_year", "2017-2018"},
                                    {"indicators", "a.b,c.d"},
                                    {"regions", "17"}});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->fiscal_year(), "2017-2018");
  EXPECT_THAT(r->indicators(), ElementsAre("a.b", "c.d"));
  EXPECT_THAT(r->region_codes(), ElementsAre("17"));
}

TEST(ParseNationalTableQueryTest, ErrorsNameTheParameter) {
  EXPECT_EQ(FieldOf(ParseNationalTableQuery({}).status()), "fiscal_year");
  EXPECT_EQ(FieldOf(ParseNationalTableQuery(
                        {{"fiscal_year", "2017-2018"}, {"regions", "17,,04"}})
                        .status()),
            "regions");
  EXPECT_EQ(FieldOf(ParseNationalTableQuery(
                        {{"fiscal_year", "2017-2018"}, {"regions", "Centre"}})
                        .status()),
            "regions");
  EXPECT_EQ(FieldOf(ParseNationalTableQuery(
                        {{"fiscal_year", "2017-2018"}, {"year", "2017"}})
                        .status()),
            "year");
  std::string many;
  for (size_t i = 0; i <= kMaxListItems; ++i) many += "x,";
  many.pop_back();
  EXPECT_EQ(FieldOf(ParseNationalTableQuery(
                        {{"fiscal_year", "2017-2018"}, {"indicators", many}})
                        .status()),
            "indicators");
}

TEST(ParseFundingRollupQueryTest, FiltersByDimension) {
  auto r = ParseFundingRollupQuery({{"fiscal_years", "2017-2018"},
                                    {"group_by", "mrc"},
                                    {"filter.sector", "agro,culture"},
                                    {"filter.region", "17"}});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->filters_size(), 2);
  // By parameter name, in order.
  EXPECT_EQ(r->filters(0).dimension(), "region");
  EXPECT_EQ(r->filters(1).dimension(), "sector");
  EXPECT_THAT(r->filters(1).values(), ElementsAre("agro", "culture"));
  EXPECT_EQ(
      FieldOf(
          ParseFundingRollupQuery({{"fiscal_years", "2017-2018,x"}}).status()),
      "fiscal_years");
}

TEST(ParseOutputFormatTest, CsvWithSemicolon) {
  auto f = ParseOutputFormat({{"format", "csv"}, {"separator", "semicolon"}});
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->csv);
  EXPECT_EQ(f->separator, ';');
  EXPECT_FALSE(ParseOutputFormat({{"format", "json"}})->csv);
  EXPECT_EQ(FieldOf(ParseOutputFormat({{"separator", ";"}}).status()),
            "separator");
}

TEST(ParseFindingsQueryTest, TenantsAreSlugs) {
  auto r = ParseFindingsQuery(
      {{"fiscal_year", "2017-2018"}, {"tenants", "centre-du-quebec,estrie"}});
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->tenants(),
              ElementsAre("tenants/centre-du-quebec", "tenants/estrie"));
  EXPECT_EQ(FieldOf(ParseFindingsQuery(
                        {{"fiscal_year", "2017-2018"}, {"tenants", "../x"}})
                        .status()),
            "tenants");
}

TEST(ParameterOfFieldTest, RequestFieldsToParameters) {
  EXPECT_EQ(ParameterOfField("region_codes[2]"), "regions");
  EXPECT_EQ(ParameterOfField("filters[0].values[1]"), "filter");
  EXPECT_EQ(ParameterOfField("name"), "path");
  EXPECT_EQ(ParameterOfField("fiscal_years[1]"), "fiscal_years");
  EXPECT_EQ(ParameterOfField("breakdown"), "breakdown");
  EXPECT_EQ(ParameterOfField("names"), "names");
}

}  // namespace
}  // namespace poles::gateway
