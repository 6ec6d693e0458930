#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/directories/distribution.h"

namespace poles::directories {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Keys(
    const google::protobuf::RepeatedPtrField<v1::DistributionBucket>& buckets) {
  std::vector<std::string> keys;
  for (const auto& b : buckets) keys.push_back(b.key());
  return keys;
}

TEST(PercentTest, RoundsToOneDecimalAndIsZeroWithoutTotal) {
  EXPECT_DOUBLE_EQ(Percent(1, 3), 33.3);
  EXPECT_DOUBLE_EQ(Percent(2, 3), 66.7);
  EXPECT_DOUBLE_EQ(Percent(1, 8), 12.5);
  EXPECT_DOUBLE_EQ(Percent(3, 3), 100.0);
  EXPECT_DOUBLE_EQ(Percent(0, 0), 0.0);
}

TEST(ShapeDistributionTest, TotalIsTheSumOfLegalForms) {
  // An enterprise without a sector counts in its legal form only.
  v1::DirectoryDistribution d = ShapeDistribution(
      "tenants/cdq", {{"mrc", "arthabaska", "Arthabaska", 3},
                      {"sector", "agri", "Agroalimentaire", 2},
                      {"legal_form", "cooperative", "", 3},
                      {"legal_form", "obnl", "", 1}});
  EXPECT_EQ(d.parent(), "tenants/cdq");
  EXPECT_EQ(d.total(), 4);
  ASSERT_EQ(d.by_legal_form_size(), 2);
  EXPECT_EQ(d.by_legal_form(0).key(), "cooperative");
  EXPECT_EQ(d.by_legal_form(0).label(), "Coopérative");
  EXPECT_DOUBLE_EQ(d.by_legal_form(0).percent(), 75.0);
  EXPECT_EQ(d.by_legal_form(1).label(), "OBNL");
  ASSERT_EQ(d.by_mrc_size(), 1);
  EXPECT_EQ(d.by_mrc(0).key(), "mrcs/arthabaska");
  EXPECT_EQ(d.by_mrc(0).label(), "Arthabaska");
  EXPECT_DOUBLE_EQ(d.by_mrc(0).percent(), 75.0);
  ASSERT_EQ(d.by_sector_size(), 1);
  EXPECT_EQ(d.by_sector(0).key(), "sectors/agri");
  EXPECT_DOUBLE_EQ(d.by_sector(0).percent(), 50.0);
}

TEST(ShapeDistributionTest, SortsByCountThenByFoldedLabel) {
  // "Érable" sorts as "erable": between "Drummond" and "Nicolet", not after
  // every unaccented label as its bytes would.
  v1::DirectoryDistribution d = ShapeDistribution(
      "tenants/cdq", {{"mrc", "nicolet", "Nicolet-Yamaska", 1},
                      {"mrc", "erable", "L'Érable", 1},
                      {"mrc", "erable2", "Érable", 1},
                      {"mrc", "drummond", "Drummond", 1},
                      {"mrc", "arthabaska", "Arthabaska", 5},
                      {"legal_form", "obnl", "", 9}});
  EXPECT_THAT(Keys(d.by_mrc()),
              ElementsAre("mrcs/arthabaska", "mrcs/drummond", "mrcs/erable2",
                          "mrcs/erable", "mrcs/nicolet"));
}

TEST(ShapeDistributionTest, EmptyTerritoryKeepsItsMrcsAtZero) {
  v1::DirectoryDistribution d =
      ShapeDistribution("tenants/cdq", {{"mrc", "becancour", "Bécancour", 0}});
  EXPECT_EQ(d.total(), 0);
  ASSERT_EQ(d.by_mrc_size(), 1);
  EXPECT_EQ(d.by_mrc(0).count(), 0);
  EXPECT_DOUBLE_EQ(d.by_mrc(0).percent(), 0.0);
  EXPECT_EQ(d.by_sector_size(), 0);
  EXPECT_EQ(d.by_legal_form_size(), 0);
}

}  // namespace
}  // namespace poles::directories
