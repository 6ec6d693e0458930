#include "cli/plan_file.h"

#include <initializer_list>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"

namespace poles::cli {

namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->get<std::string>();
}

template <typename Repeated>
void List(const json& j, const char* key, Repeated* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  for (const auto& v : *it) out->Add(v.get<std::string>());
}

// The first key of object `j` not in `known`, as "<where>.<key>", or "".
// The plan file holds nothing the platform would drop: a key it does not
// know is an error, not silently left out.
std::string UnknownKey(const json& j, const std::string& where,
                       std::initializer_list<const char*> known) {
  if (!j.is_object()) return "";
  for (const auto& [key, value] : j.items()) {
    bool found = false;
    for (const char* k : known) found = found || key == k;
    if (!found) return absl::StrCat(where, ".", key);
  }
  return "";
}

v1::PlanItem::Kind Kind(const std::string& s) {
  v1::PlanItem::Kind k = v1::PlanItem::KIND_UNSPECIFIED;
  v1::PlanItem::Kind_Parse(s, &k);
  return k;
}

v1::Season SeasonOf(const std::string& s) {
  v1::Season season = v1::SEASON_UNSPECIFIED;
  v1::Season_Parse(s, &season);
  return season;
}

}  // namespace

absl::StatusOr<PlanFile> ParsePlanFile(const std::string& text) {
  std::string where = "(document)";
  try {
    json doc = json::parse(text);
    PlanFile f;
    const auto unknown = [](const std::string& key) {
      return InvalidField(key,
                          "is not a field of a plan file (see "
                          "data/seeds/plans/ for the format)");
    };
    if (auto k = UnknownKey(doc, "(document)",
                            {"tenant", "plan", "items", "transcription_notes"});
        !k.empty()) {
      return unknown(k);
    }
    f.tenant = Str(doc, "tenant");
    where = "plan";
    const json& p = doc.at("plan");
    if (auto k =
            UnknownKey(p, "plan",
                       {"plan_id", "title", "description", "start_fiscal_year",
                        "end_fiscal_year", "status", "adoption_date", "notes"});
        !k.empty()) {
      return unknown(k);
    }
    // The transcriber's notes on the document become the plan's notes.
    List(p, "notes", f.plan.mutable_notes());
    List(doc, "transcription_notes", f.plan.mutable_notes());
    f.plan_id = Str(p, "plan_id");
    f.plan.set_title(Str(p, "title"));
    f.plan.set_description(Str(p, "description"));
    f.plan.set_start_fiscal_year(Str(p, "start_fiscal_year"));
    f.plan.set_end_fiscal_year(Str(p, "end_fiscal_year"));
    v1::Plan::Status status = v1::Plan::DRAFT;
    if (!Str(p, "status").empty() &&
        !v1::Plan::Status_Parse(Str(p, "status"), &status)) {
      return InvalidField("plan.status", "must be DRAFT or ADOPTED");
    }
    f.plan.set_status(status);
    f.plan.set_adoption_date(Str(p, "adoption_date"));
    const json& items = doc.at("items");
    for (size_t i = 0; i < items.size(); ++i) {
      where = absl::StrCat("items[", i, "]");
      const json& j = items[i];
      if (auto k =
              UnknownKey(j, where,
                         {"item_id", "parent_item_id", "kind", "code", "title",
                          "moyens", "responsables", "responsible_bodies",
                          "partners", "schedule", "budget", "indicators"});
          !k.empty()) {
        return unknown(k);
      }
      PlanFile::Item item;
      item.item_id = Str(j, "item_id");
      item.parent_item_id = Str(j, "parent_item_id");
      v1::PlanItem& it = item.item;
      it.set_kind(Kind(Str(j, "kind")));
      it.set_code(Str(j, "code"));
      it.set_title(Str(j, "title"));
      List(j, "moyens", it.mutable_moyens());
      List(j, "responsables", it.mutable_responsables());
      List(j, "partners", it.mutable_partners());
      if (auto b = j.find("responsible_bodies");
          b != j.end() && !b->is_null()) {
        for (const auto& id : *b) {
          item.responsible_body_ids.push_back(id.get<std::string>());
        }
      }
      if (auto sc = j.find("schedule"); sc != j.end() && !sc->is_null()) {
        if (auto k = UnknownKey(*sc, where + ".schedule",
                                {"due_date", "note", "continuous", "slots"});
            !k.empty()) {
          return unknown(k);
        }
        it.mutable_schedule()->set_due_date(Str(*sc, "due_date"));
        it.mutable_schedule()->set_note(Str(*sc, "note"));
        it.mutable_schedule()->set_continuous(sc->value("continuous", false));
        if (auto slots = sc->find("slots"); slots != sc->end()) {
          for (const auto& s : *slots) {
            auto* slot = it.mutable_schedule()->add_slots();
            slot->set_year(s.at("year").get<int>());
            slot->set_season(SeasonOf(s.at("season").get<std::string>()));
          }
        }
      }
      if (auto b = j.find("budget"); b != j.end() && !b->is_null()) {
        if (auto k = UnknownKey(*b, where + ".budget", {"cents", "note"});
            !k.empty()) {
          return unknown(k);
        }
        it.mutable_budget()->set_cents(b->at("cents").get<int64_t>());
        it.mutable_budget()->set_currency_code("CAD");
        it.set_budget_note(Str(*b, "note"));
      }
      if (auto inds = j.find("indicators"); inds != j.end()) {
        for (size_t k = 0; k < inds->size(); ++k) {
          where = absl::StrCat("items[", i, "].indicators[", k, "]");
          const json& x = (*inds)[k];
          if (auto key = UnknownKey(
                  x, where,
                  {"indicator_id", "description", "target", "baseline", "unit",
                   "national_indicator_code", "due_date", "due_note"});
              !key.empty()) {
            return unknown(key);
          }
          v1::Indicator ind;
          ind.set_description(Str(x, "description"));
          if (x.contains("target") && !x["target"].is_null()) {
            ind.set_target(x["target"].get<double>());
          }
          if (x.contains("baseline") && !x["baseline"].is_null()) {
            ind.set_baseline(x["baseline"].get<double>());
          }
          ind.set_unit(Str(x, "unit"));
          ind.set_national_indicator_code(Str(x, "national_indicator_code"));
          ind.set_due_date(Str(x, "due_date"));
          ind.set_due_note(Str(x, "due_note"));
          item.indicators.emplace_back(Str(x, "indicator_id"), ind);
        }
      }
      f.items.push_back(std::move(item));
    }
    return f;
  } catch (const std::exception& e) {
    return InvalidField(where, absl::StrCat("cannot be read: ", e.what()));
  }
}

}  // namespace poles::cli
