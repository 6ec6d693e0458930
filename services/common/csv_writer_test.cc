#include "services/common/csv_writer.h"

#include <gtest/gtest.h>

namespace poles {
namespace {

TEST(CsvWriterTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("Bécancour"), "Bécancour");
  EXPECT_EQ(CsvField("Coop, solidarité"), "\"Coop, solidarité\"");
  EXPECT_EQ(CsvField("Le \"Café\""), "\"Le \"\"Café\"\"\"");
  EXPECT_EQ(CsvField("a;b", ';'), "\"a;b\"");
  EXPECT_EQ(CsvField("a;b", ','), "a;b");
  EXPECT_EQ(CsvField("-5"), "'-5");
}

TEST(CsvWriterTest, RecordEndsWithCrlf) {
  std::string out;
  AppendCsvRecord(out, {"a", "b;c", ""}, ';');
  AppendCsvRecord(out, {"x"}, ';');
  EXPECT_EQ(out, "a;\"b;c\";\r\nx\r\n");
}

}  // namespace
}  // namespace poles
