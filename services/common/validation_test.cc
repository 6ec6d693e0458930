#include "services/common/validation.h"

#include <gtest/gtest.h>

namespace poles {
namespace {

TEST(Utf8Test, AcceptsFrenchText) {
  EXPECT_TRUE(
      IsValidUtf8("Économie sociale, Bécancour, L'Île-d'Orléans, œuvre"));
  EXPECT_EQ(CodePointCount("Été"), 3u);
}

TEST(Utf8Test, RejectsMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));           // Latin-1 é
}

TEST(Utf8Test, ChecksEveryContinuationByte) {
  EXPECT_FALSE(IsValidUtf8("\xC3\x41"));          // é's lead, then 'A'
  EXPECT_FALSE(IsValidUtf8("\xE2\x80\x41"));      // ’ cut short by 'A'
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x8E\x41"));  // 🎉 cut short by 'A'
  EXPECT_FALSE(IsValidUtf8("\xE2\xC3\xA9"));      // lead, then a lead
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
  EXPECT_FALSE(
      IsValidUtf8("a\xBF"
                  "b"));
}

TEST(Utf8Test, RejectsEveryOverlongSurrogateAndOutOfRangeForm) {
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));          // overlong U+007F
  EXPECT_FALSE(IsValidUtf8("\xE0\x9F\xBF"));      // overlong U+07FF
  EXPECT_FALSE(IsValidUtf8("\xF0\x8F\xBF\xBF"));  // overlong U+FFFF
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));      // surrogate U+DFFF
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));  // lead above F4
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Utf8Test, AcceptsTheBoundariesOfEachLength) {
  EXPECT_TRUE(IsValidUtf8(std::string("\0\x7F", 2)));
  EXPECT_TRUE(IsValidUtf8("\xC2\x80\xDF\xBF"));          // U+0080, U+07FF
  EXPECT_TRUE(IsValidUtf8("\xE0\xA0\x80\xED\x9F\xBF"));  // U+0800, U+D7FF
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80\xEF\xBF\xBF"));  // U+E000, U+FFFF
  EXPECT_TRUE(
      IsValidUtf8("\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"));  // U+10000, U+10FFFF
  EXPECT_TRUE(IsValidUtf8(""));
}

TEST(Utf8Test, SequenceLengthOfTheFirstCodePoint) {
  EXPECT_EQ(Utf8SequenceLength("a\xC3"), 1u);
  EXPECT_EQ(Utf8SequenceLength("\xC3\xA9t\xC3\xA9"), 2u);
  EXPECT_EQ(Utf8SequenceLength("\xE2\x80\x99"), 3u);
  EXPECT_EQ(Utf8SequenceLength("\xF0\x9F\x8E\x89"), 4u);
  EXPECT_EQ(Utf8SequenceLength("\xF0\x9F\x8E"), 0u);
  EXPECT_EQ(Utf8SequenceLength(""), 0u);
}

TEST(CheckTextTest, NamesTheFieldForEachProblem) {
  Violations v;
  CheckText(v, "plan.title", "", 10, true);
  CheckText(v, "plan.description", std::string(11, 'x'), 10, false);
  CheckText(v, "plan.note", "a\x01", 10, false);
  CheckText(v, "plan.other", "caf\xE9", 10, false);
  CheckText(v, "plan.ok", "Économie", 10, true);
  auto violations = FieldViolationsOf(v.Status());
  ASSERT_EQ(violations.size(), 4u);
  EXPECT_EQ(violations[0].field, "plan.title");
  EXPECT_EQ(violations[1].field, "plan.description");
  EXPECT_EQ(violations[2].field, "plan.note");
  EXPECT_EQ(violations[3].field, "plan.other");
}

TEST(CheckTextTest, CountsCharactersNotBytes) {
  Violations v;
  CheckText(v, "f", "ééééé", 5, true);  // 10 bytes, 5 characters
  EXPECT_TRUE(v.empty());
}

TEST(FiscalYearTest, ParsesAprilToMarchYears) {
  EXPECT_EQ(*ParseFiscalYear("f", "2018-2019"), 2018);
  EXPECT_EQ(FormatFiscalYear(2007), "2007-2008");
  EXPECT_EQ(FiscalYearOfDate(2019, 3), 2018);  // March belongs to 2018-2019
  EXPECT_EQ(FiscalYearOfDate(2019, 4), 2019);  // April starts 2019-2020
}

TEST(FiscalYearTest, RejectsOtherShapes) {
  for (const char* bad :
       {"2018", "2018-2020", "2019-2018", "18-19", "2018/2019", "abcd-efgh",
        "1980-1981", "+018-2019", ""}) {
    auto r = ParseFiscalYear("plan.start_fiscal_year", bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(FieldViolationsOf(r.status())[0].field, "plan.start_fiscal_year");
  }
}

TEST(IsoDateTest, ChecksRealDates) {
  EXPECT_TRUE(IsValidIsoDate("2019-03-31"));
  EXPECT_TRUE(IsValidIsoDate("2020-02-29"));
  EXPECT_FALSE(IsValidIsoDate("2019-02-29"));
  EXPECT_FALSE(IsValidIsoDate("2019-13-01"));
  EXPECT_FALSE(IsValidIsoDate("2019-4-1"));
  EXPECT_FALSE(IsValidIsoDate("31 mars 2019"));
}

TEST(PageSizeTest, FollowsTheListRules) {
  EXPECT_EQ(*EffectivePageSize(0), 50);
  EXPECT_EQ(*EffectivePageSize(7), 7);
  EXPECT_EQ(*EffectivePageSize(100000), 200);
  auto neg = EffectivePageSize(-1);
  ASSERT_FALSE(neg.ok());
  EXPECT_EQ(FieldViolationsOf(neg.status())[0].field, "page_size");
}

TEST(RequestIdTest, AcceptsUuidsRejectsJunk) {
  Violations ok;
  CheckRequestId(ok, "6f1c1a52-1b7e-4c1e-9a55-0d1f0c6b9a01");
  EXPECT_TRUE(ok.empty());
  Violations bad;
  CheckRequestId(bad, "with space");
  CheckRequestId(bad, std::string(101, 'a'));
  EXPECT_EQ(FieldViolationsOf(bad.Status()).size(), 2u);
}

TEST(ResourceIdTest, EmptyOrLowercaseSlugsOnly) {
  Violations ok;
  CheckResourceId(ok, "plan_id", "");  // the server assigns one
  CheckResourceId(ok, "plan_id", "pages-2023-2028");
  CheckResourceId(ok, "plan_id", std::string(63, 'a'));
  EXPECT_TRUE(ok.empty());
  for (const char* bad_id : {"Plan", "-leading", "with space", "été"}) {
    Violations bad;
    CheckResourceId(bad, "plan_id", bad_id);
    auto violations = FieldViolationsOf(bad.Status());
    ASSERT_EQ(violations.size(), 1u) << bad_id;
    EXPECT_EQ(violations[0].field, "plan_id");
  }
  Violations too_long;
  CheckResourceId(too_long, "event_id", std::string(64, 'a'));
  EXPECT_EQ(FieldViolationsOf(too_long.Status())[0].field, "event_id");
}

}  // namespace
}  // namespace poles
