#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/directories/import_index.h"

namespace poles::directories {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TEST(ImportIndexTest, FindsByNeqThenByFoldedName) {
  ImportIndex index;
  index.Add("o-1", "1164001234", "cafe des 4 ponts");
  index.Add("o-2", "", "theatre belcourt");
  EXPECT_EQ(index.ByNeq("1164001234"), "o-1");
  EXPECT_EQ(index.ByNeq("2264001234"), "");
  EXPECT_EQ(index.ByNeq(""), "");
  EXPECT_THAT(index.ByName("theatre belcourt", false), ElementsAre("o-2"));
  EXPECT_THAT(index.ByName("inconnu", false), IsEmpty());
}

TEST(ImportIndexTest, RowWithANeqMatchesByNameOnlyOrganisationsWithout) {
  // A different NEQ is a different organisation of the same name.
  ImportIndex index;
  index.Add("o-1", "1164001234", "coop du lac");
  index.Add("o-2", "", "coop du lac");
  EXPECT_THAT(index.ByName("coop du lac", false),
              UnorderedElementsAre("o-1", "o-2"));
  EXPECT_THAT(index.ByName("coop du lac", true), ElementsAre("o-2"));
}

TEST(ImportIndexTest, RemoveThenAddFollowsARename) {
  ImportIndex index;
  index.Add("o-1", "", "ancien nom");
  index.Remove("o-1", "", "ancien nom");
  index.Add("o-1", "1164001234", "nouveau nom");
  EXPECT_THAT(index.ByName("ancien nom", false), IsEmpty());
  EXPECT_THAT(index.ByName("nouveau nom", false), ElementsAre("o-1"));
  EXPECT_EQ(index.ByNeq("1164001234"), "o-1");
}

}  // namespace
}  // namespace poles::directories
