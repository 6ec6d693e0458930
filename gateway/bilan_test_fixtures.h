#ifndef POLES_GATEWAY_BILAN_TEST_FIXTURES_H_
#define POLES_GATEWAY_BILAN_TEST_FIXTURES_H_

// Test fixtures of the bilan and bilan HTML tests: the indicator catalogue of
// migrations 0004 and 0009 (and, on request, 0011's additions) and a
// summary builder.

#include <map>
#include <string>
#include <vector>

#include "gateway/tenant_summaries.h"
#include "poles/v1/indicators.pb.h"

namespace poles::gateway::testing {

struct V {
  std::string indicator;
  std::map<std::string, std::string> dims;
  int64_t value;
  v1::Provenance provenance = v1::PROVENANCE_COMPUTED;
  std::vector<std::string> findings = {};
};

inline void AddValues(TenantSummaries* ts, const std::string& service,
                      const std::vector<V>& values) {
  v1::IndicatorSummary& s = ts->by_service[service];
  s.set_tenant("tenants/" + ts->tenant.slug);
  s.set_fiscal_year(ts->fiscal_year);
  for (const V& v : values) {
    auto* iv = s.add_values();
    iv->set_indicator(v.indicator);
    for (const auto& [k, val] : v.dims) (*iv->mutable_dimensions())[k] = val;
    iv->set_value(v.value);
    iv->set_provenance(v.provenance);
    for (const auto& f : v.findings) iv->add_findings(f);
  }
}

// The catalogue as migrations 0004 and 0009 seed it; with `later`, the
// indicators migration 0011 adds.
inline std::vector<v1::NationalIndicator> CatalogueForTests(
    bool later = false) {
  struct Row {
    const char* code;
    const char* fr;
    const char* en;
    const char* unit;
    const char* service;
    std::vector<std::string> dims;
  };
  const std::vector<std::string> org = {"mrc", "sector", "legal_form"};
  const std::vector<std::string> dos = {"mrc", "sector", "phase", "gender"};
  const std::vector<std::string> award = {
      "funder", "funder_kind", "program", "mrc", "sector", "legal_form"};
  const std::vector<std::string> prog = {"funder", "funder_kind", "program"};
  std::vector<Row> rows = {
      {"directories.enterprises",
       "Entreprises d'économie sociale au répertoire",
       "Social economy enterprises in the directory", "count", "directories",
       org},
      {"directories.member_enterprises", "Entreprises membres du Pôle",
       "Member enterprises", "count", "directories", org},
      {"directories.dossiers_opened", "Dossiers d'accompagnement ouverts",
       "Accompaniment files opened", "count", "directories", dos},
      {"directories.interventions", "Interventions d'accompagnement",
       "Accompaniment interventions", "count", "directories", dos},
      {"events.held",
       "Événements organisés",
       "Events organised",
       "count",
       "events",
       {"event_kind", "mrc", "plan_item"}},
      {"events.attended",
       "Événements auxquels le Pôle a participé",
       "Events attended",
       "count",
       "events",
       {"event_kind", "mrc", "plan_item"}},
      {"events.participants",
       "Participants aux événements organisés",
       "Participants in events organised",
       "people",
       "events",
       {"event_kind", "gender", "mrc", "plan_item"}},
      {"events.trainings",
       "Formations offertes",
       "Trainings given",
       "count",
       "events",
       {"mrc", "plan_item"}},
      {"events.trainees",
       "Personnes formées",
       "People trained",
       "people",
       "events",
       {"mrc", "plan_item"}},
      {"plans.indicators_achieved",
       "Indicateurs du plan d'action atteints",
       "Action plan indicators achieved",
       "count",
       "plans",
       {}},
      {"funding.awards", "Aides financières consenties (nombre)",
       "Funding awards (number)", "count", "funding", award},
      {"funding.amount_authorised", "Montants autorisés", "Amounts authorised",
       "cents", "funding", award},
      {"funding.agreement_amount", "Ententes du Pôle : montants de l'année",
       "The Pôle's agreements: amounts for the year", "cents", "funding", prog},
      {"funding.reported_amount",
       "Montants rapportés par des tiers (non additionnés aux aides "
       "consenties)",
       "Amounts reported by third parties (not added to awards)", "cents",
       "funding", prog},
  };
  if (later) {
    rows.push_back({"events.meetings",
                    "Rencontres des instances",
                    "Meetings of bodies",
                    "count",
                    "events",
                    {"body", "body_kind", "event_kind"}});
    rows.push_back({"events.satisfaction_answers",
                    "Formations : réponses aux questions de satisfaction",
                    "Trainings: answers to the satisfaction questions",
                    "count",
                    "events",
                    {"mrc", "plan_item"}});
    rows.push_back({"events.satisfaction_satisfied",
                    "Formations : réponses satisfaites",
                    "Trainings: satisfied answers",
                    "count",
                    "events",
                    {"mrc", "plan_item"}});
    rows.push_back({"plans.indicators_measured",
                    "Indicateurs mesurés dans l'année",
                    "Indicators measured in the year",
                    "count",
                    "plans",
                    {"plan"}});
    rows[9].dims = {"plan"};
  }
  std::vector<v1::NationalIndicator> out;
  for (const Row& r : rows) {
    v1::NationalIndicator& i = out.emplace_back();
    i.set_name(std::string("nationalIndicators/") + r.code);
    i.set_label_fr(r.fr);
    i.set_label_en(r.en);
    i.set_unit(r.unit);
    i.set_service(r.service);
    for (const auto& d : r.dims) i.add_dimensions(d);
  }
  return out;
}

}  // namespace poles::gateway::testing

#endif  // POLES_GATEWAY_BILAN_TEST_FIXTURES_H_
