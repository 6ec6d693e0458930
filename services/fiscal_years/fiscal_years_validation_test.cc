#include "services/fiscal_years/fiscal_years_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/errors.h"

namespace poles::fiscal_years {
namespace {

bool Names(const absl::Status& s, const std::string& field) {
  for (const auto& v : FieldViolationsOf(s)) {
    if (v.field == field) return true;
  }
  return false;
}

TEST(FiscalYearsValidationTest, NamesAreTenantAndApril2MarchYear) {
  auto y =
      ParseYearName("name", "tenants/centre-du-quebec/fiscalYears/2017-2018");
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->tenant, "centre-du-quebec");
  EXPECT_EQ(y->fiscal_year, 2017);
  EXPECT_EQ(FiscalYearName("centre-du-quebec", 2017),
            "tenants/centre-du-quebec/fiscalYears/2017-2018");
  for (const char* bad :
       {"", "tenants/centre-du-quebec", "tenants/centre-du-quebec/fiscalYears/",
        "tenants/centre-du-quebec/fiscalYears/2017-2019",
        "tenants/centre-du-quebec/fiscalYears/2017",
        "tenants/centre-du-quebec/years/2017-2018",
        "tenants/Centre/fiscalYears/2017-2018",
        "tenants/centre-du-quebec/fiscalYears/1980-1981"}) {
    EXPECT_TRUE(Names(ParseYearName("name", bad).status(), "name")) << bad;
  }
}

TEST(FiscalYearsValidationTest, UnlockNeedsAReasonOfAtMost500Characters) {
  v1::UnlockFiscalYearRequest r;
  r.set_name("tenants/centre-du-quebec/fiscalYears/2017-2018");
  EXPECT_TRUE(Names(Validate(r).status(), "reason"));
  r.set_reason("   ");
  EXPECT_TRUE(Names(Validate(r).status(), "reason"));
  r.set_reason(std::string(501, 'a'));
  EXPECT_TRUE(Names(Validate(r).status(), "reason"));
  // 500 characters, counted as code points, not bytes.
  std::string e_acute;
  for (int i = 0; i < 500; ++i) e_acute += "\xc3\xa9";
  r.set_reason(e_acute);
  EXPECT_TRUE(Validate(r).ok());
  r.set_reason("Correction du nombre d'entreprises (237 -> 225)");
  EXPECT_TRUE(Validate(r).ok());
  r.set_reason("a\x01");
  EXPECT_TRUE(Names(Validate(r).status(), "reason"));
  // Both violations at once.
  r.set_name("nope");
  r.set_reason("");
  auto s = Validate(r).status();
  EXPECT_TRUE(Names(s, "name"));
  EXPECT_TRUE(Names(s, "reason"));
}

TEST(FiscalYearsValidationTest, SubmitGetAndList) {
  v1::SubmitFiscalYearRequest submit;
  submit.set_name("tenants/t1/fiscalYears/2018-2019");
  EXPECT_TRUE(Validate(submit).ok());
  submit.set_request_id(std::string(101, 'x'));
  EXPECT_TRUE(Names(Validate(submit).status(), "request_id"));
  v1::GetFiscalYearRequest get;
  get.set_name("tenants/t1/fiscalYears/2018-2018");
  EXPECT_TRUE(Names(Validate(get).status(), "name"));
  v1::ListFiscalYearsRequest list;
  list.set_parent("tenants/t1");
  ASSERT_TRUE(Validate(list).ok());
  EXPECT_EQ(*Validate(list), "t1");
  list.set_parent("tenants/t1/fiscalYears/2018-2019");
  EXPECT_TRUE(Names(Validate(list).status(), "parent"));
}

}  // namespace
}  // namespace poles::fiscal_years
