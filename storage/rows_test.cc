#include "storage/rows.h"

#include <stdexcept>

#include <libpq-fe.h>

#include "gtest/gtest.h"

namespace poles::storage {
namespace {

// A two-column, one-row result built without a server.
Rows PlanRow() {
  PGresult* r = PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK);
  PGresAttDesc attrs[2] = {};
  attrs[0].name = const_cast<char*>("plan_id");
  attrs[0].format = 0;
  attrs[1].name = const_cast<char*>("start_fy");
  attrs[1].format = 0;
  EXPECT_EQ(PQsetResultAttrs(r, 2, attrs), 1);
  EXPECT_EQ(PQsetvalue(r, 0, 0, const_cast<char*>("plan"), 4), 1);
  EXPECT_EQ(PQsetvalue(r, 0, 1, const_cast<char*>("2017"), 4), 1);
  return Rows(r);
}

TEST(RowsTest, ColumnsByName) {
  Rows rows = PlanRow();
  EXPECT_EQ(rows.ColumnIndex("plan_id"), 0);
  EXPECT_EQ(rows.ColumnIndex("start_fy"), 1);
  EXPECT_EQ(rows[0].ColumnIndex("start_fy"), 1);
  EXPECT_STREQ(rows[0]["plan_id"].c_str(), "plan");
  EXPECT_EQ(rows[0]["start_fy"].as<int>(), 2017);
  EXPECT_EQ(rows[0][1].as<int>(), 2017);
}

TEST(RowsTest, UnknownColumnThrows) {
  Rows rows = PlanRow();
  EXPECT_THROW(rows.ColumnIndex("end_fy"), std::out_of_range);
  EXPECT_THROW(rows[0]["end_fy"], std::out_of_range);
  EXPECT_THROW(Rows().ColumnIndex("plan_id"), std::out_of_range);
}

}  // namespace
}  // namespace poles::storage
