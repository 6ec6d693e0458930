#include "services/plans/plans_validation.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "services/common/resource_name.h"
#include "services/common/validation.h"
#include "services/plans/computed.h"

namespace poles::plans {

namespace {

std::string F(absl::string_view prefix, absl::string_view field) {
  return absl::StrCat(prefix, ".", field);
}

bool IsValidCode(absl::string_view code) {
  if (code.size() > 20) return false;
  bool expect_digit = true;
  for (char c : code) {
    if (absl::ascii_isdigit(c)) {
      expect_digit = false;
    } else if (c == '.' && !expect_digit) {
      expect_digit = true;
    } else {
      return false;
    }
  }
  return !expect_digit;
}

void CheckAmount(Violations& out, const std::string& field, double v) {
  if (!std::isfinite(v)) {
    out.Add(field, "must be a finite number");
  } else if (v < 0) {
    out.Add(field, "must not be negative");
  } else if (v > 1e15) {
    out.Add(field, "is too large");
  }
}

}  // namespace

void ValidatePlan(const v1::Plan& plan, absl::string_view prefix,
                  Violations& out) {
  CheckText(out, F(prefix, "title"), plan.title(), kMaxPlanTitle, true);
  CheckText(out, F(prefix, "description"), plan.description(),
            kMaxPlanDescription, false);
  CheckTextList(out, F(prefix, "notes"),
                {plan.notes().begin(), plan.notes().end()}, kMaxPlanNotes,
                kMaxPlanNote);
  auto start =
      ParseFiscalYear(F(prefix, "start_fiscal_year"), plan.start_fiscal_year());
  auto end =
      ParseFiscalYear(F(prefix, "end_fiscal_year"), plan.end_fiscal_year());
  out.Merge(start.status());
  out.Merge(end.status());
  if (start.ok() && end.ok() && *end < *start) {
    out.Add(F(prefix, "end_fiscal_year"),
            "must not be before start_fiscal_year");
  } else if (start.ok() && end.ok() &&
             *end - *start + 1 > kMaxPlanFiscalYears) {
    out.Add(F(prefix, "end_fiscal_year"),
            absl::StrCat("a plan spans at most ", kMaxPlanFiscalYears,
                         " fiscal years"));
  }
  if (!v1::Plan::Status_IsValid(plan.status())) {
    out.Add(F(prefix, "status"), "is not a known status");
  }
  if (!plan.adoption_date().empty()) {
    if (!IsValidIsoDate(plan.adoption_date())) {
      out.Add(F(prefix, "adoption_date"),
              "must be an ISO 8601 date, as \"2007-06-06\"");
    } else if (plan.status() != v1::Plan::ADOPTED) {
      out.Add(F(prefix, "adoption_date"), "is only allowed on an ADOPTED plan");
    }
  }
}

void CheckResponsibleBodies(const v1::PlanItem& item, absl::string_view prefix,
                            absl::string_view tenant, Violations& out,
                            std::vector<std::string>* body_ids) {
  const std::string field = F(prefix, "responsible_bodies");
  if (item.responsible_bodies_size() > kMaxResponsibleBodies) {
    out.Add(field, absl::StrCat("must have at most ", kMaxResponsibleBodies,
                                " entries"));
    return;
  }
  for (int i = 0; i < item.responsible_bodies_size(); ++i) {
    const std::string at = absl::StrCat(field, "[", i, "]");
    auto ids = ParseResourceName(at, item.responsible_bodies(i),
                                 {"tenants", "bodies"});
    if (!ids.ok()) {
      out.Merge(ids.status());
    } else if ((*ids)[0] != tenant) {
      out.Add(at, "must be a body of the item's tenant");
    } else if (std::find(body_ids->begin(), body_ids->end(), (*ids)[1]) !=
               body_ids->end()) {
      out.Add(at, "is listed twice");
    } else {
      body_ids->push_back((*ids)[1]);
    }
  }
}

void ValidatePlanItem(const v1::PlanItem& item, absl::string_view prefix,
                      Violations& out) {
  if (item.kind() == v1::PlanItem::KIND_UNSPECIFIED ||
      !v1::PlanItem::Kind_IsValid(item.kind())) {
    out.Add(F(prefix, "kind"),
            "is required: ORIENTATION, AXE, OBJECTIVE, SUB_OBJECTIVE or "
            "ACTION");
  }
  if (!item.code().empty() && !IsValidCode(item.code())) {
    out.Add(F(prefix, "code"),
            "must be numbers separated by dots, as \"1.3.2\" (at most 20 "
            "characters)");
  }
  CheckText(out, F(prefix, "title"), item.title(), kMaxItemTitle, true);
  CheckTextList(out, F(prefix, "moyens"),
                {item.moyens().begin(), item.moyens().end()}, kMaxListEntries,
                kMaxMoyen);
  CheckTextList(out, F(prefix, "responsables"),
                {item.responsables().begin(), item.responsables().end()},
                kMaxListEntries, kMaxPerson);
  CheckTextList(out, F(prefix, "partners"),
                {item.partners().begin(), item.partners().end()},
                kMaxListEntries, kMaxPerson);
  const auto& sc = item.schedule();
  if (!sc.due_date().empty() && !IsValidIsoDate(sc.due_date())) {
    out.Add(F(prefix, "schedule.due_date"),
            "must be an ISO 8601 date, as \"2019-03-31\"");
  }
  if (sc.slots_size() > 40) {
    out.Add(F(prefix, "schedule.slots"), "must have at most 40 entries");
  }
  for (int i = 0; i < sc.slots_size() && i < 40; ++i) {
    const auto& slot = sc.slots(i);
    std::string f = absl::StrCat(prefix, ".schedule.slots[", i, "]");
    if (slot.year() < 1990 || slot.year() > 2100) {
      out.Add(f + ".year", "must be a calendar year between 1990 and 2100");
    }
    if (slot.season() == v1::SEASON_UNSPECIFIED ||
        !v1::Season_IsValid(slot.season())) {
      out.Add(f + ".season", "must be AUTUMN, WINTER, SPRING or SUMMER");
    }
  }
  CheckText(out, F(prefix, "schedule.note"), sc.note(), kMaxNote, false);
  if (item.has_budget()) {
    if (item.budget().cents() < 0) {
      out.Add(F(prefix, "budget.cents"), "must not be negative");
    }
    if (!item.budget().currency_code().empty() &&
        item.budget().currency_code() != "CAD") {
      out.Add(F(prefix, "budget.currency_code"), "must be \"CAD\"");
    }
  }
  CheckText(out, F(prefix, "budget_note"), item.budget_note(), kMaxNote, false);
}

void ValidateIndicator(const v1::Indicator& ind, absl::string_view prefix,
                       Violations& out) {
  CheckText(out, F(prefix, "description"), ind.description(),
            kMaxIndicatorDescription, true);
  if (ind.has_target()) CheckAmount(out, F(prefix, "target"), ind.target());
  if (ind.has_baseline()) {
    CheckAmount(out, F(prefix, "baseline"), ind.baseline());
  }
  CheckText(out, F(prefix, "unit"), ind.unit(), kMaxUnit, false);
  const std::string& code = ind.national_indicator_code();
  bool code_ok = code.size() <= 64;
  for (char c : code) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_' ||
          c == '.')) {
      code_ok = false;
    }
  }
  if (!code_ok) {
    out.Add(F(prefix, "national_indicator_code"),
            "must be lowercase letters, digits, '_' or '.' (at most 64)");
  }
  if (!ind.due_date().empty() && !IsValidIsoDate(ind.due_date())) {
    out.Add(F(prefix, "due_date"), "must be an ISO 8601 date");
  }
  CheckText(out, F(prefix, "due_note"), ind.due_note(), kMaxDueNote, false);
  if (ind.computed() && code.empty()) {
    out.Add(F(prefix, "national_indicator_code"),
            "is required for a computed indicator");
  }
  if (!ind.computed() && !ind.link_filter().empty()) {
    out.Add(F(prefix, "link_filter"), "is only for a computed indicator");
  }
  if (ind.link_filter().size() > kMaxFilterEntries) {
    out.Add(F(prefix, "link_filter"),
            absl::StrCat("must have at most ", kMaxFilterEntries, " entries"));
  }
  for (const auto& [key, value] : ind.link_filter()) {
    if (key.empty() || key.size() > 40 ||
        key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") !=
            std::string::npos) {
      out.Add(F(prefix, "link_filter"),
              "keys must be dimension names such as event_kind or mrc");
      continue;
    }
    CheckText(out, F(prefix, absl::StrCat("link_filter.", key)), value,
              kMaxFilterValue, true);
    if (value.find_first_of("=;") != std::string::npos) {
      out.Add(F(prefix, absl::StrCat("link_filter.", key)),
              "must not contain '=' or ';'");
    }
  }
}

void ValidateResult(const v1::IndicatorResult& r, absl::string_view prefix,
                    Violations& out) {
  out.Merge(
      ParseFiscalYear(F(prefix, "fiscal_year"), r.fiscal_year()).status());
  CheckAmount(out, F(prefix, "actual_value"), r.actual_value());
  CheckText(out, F(prefix, "note"), r.note(), kMaxResultNote, false);
  if (r.source() != v1::RESULT_SOURCE_UNSPECIFIED &&
      r.source() != v1::ENTERED) {
    out.Add(F(prefix, "source"),
            "must be ENTERED: computed results are written by the platform");
  }
}

std::string ItemSortKey(absl::string_view code, absl::string_view item_id) {
  if (code.empty()) return absl::StrCat("~", item_id);
  std::string key;
  for (absl::string_view part : absl::StrSplit(code, '.')) {
    if (!key.empty()) key += ".";
    // Parts are digits only (validated); pad to 6 so "10" sorts after "9".
    key += std::string(part.size() < 6 ? 6 - part.size() : 0, '0');
    key += std::string(part);
  }
  return key;
}

std::string SeasonSlotText(const v1::SeasonSlot& slot) {
  const char* letter = "?";
  switch (slot.season()) {
    case v1::AUTUMN:
      letter = "A";
      break;
    case v1::WINTER:
      letter = "H";
      break;
    case v1::SPRING:
      letter = "P";
      break;
    case v1::SUMMER:
      letter = "E";
      break;
    default:
      break;
  }
  return absl::StrCat(slot.year(), "-", letter);
}

bool ParseSeasonSlot(absl::string_view text, v1::SeasonSlot* slot) {
  if (text.size() != 6 || text[4] != '-') return false;
  int year;
  if (!absl::SimpleAtoi(text.substr(0, 4), &year)) return false;
  slot->set_year(year);
  switch (text[5]) {
    case 'A':
      slot->set_season(v1::AUTUMN);
      return true;
    case 'H':
      slot->set_season(v1::WINTER);
      return true;
    case 'P':
      slot->set_season(v1::SPRING);
      return true;
    case 'E':
      slot->set_season(v1::SUMMER);
      return true;
    default:
      return false;
  }
}

}  // namespace poles::plans
