#include "gateway/bilan.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gateway/disclosure.h"
#include "gateway/findings.h"
#include "gateway/national_table.h"

namespace poles::gateway {

namespace {

struct SectionSpec {
  const char* key;
  const char* title_fr;
  const char* title_en;
};

constexpr SectionSpec kSections[] = {
    {"vie_associative", "Vie associative", "Governance and membership"},
    {"concertation", "Concertation et représentation",
     "Concertation and representation"},
    {"evenements", "Événements et participants", "Events and participants"},
    {"formations", "Formations", "Trainings"},
    {"accompagnement", "Accompagnement des entreprises et des promoteurs",
     "Support to enterprises and promoters"},
    {"repertoire", "Répertoire des entreprises d'économie sociale",
     "Directory of social economy enterprises"},
    {"financement", "Financement", "Funding"},
    {"plan", "Plan d'action", "Action plan"},
};

// One table of the bilan: `code` by `dimension` ("" for the total only).
struct TableSpec {
  TableSpec(std::string section, std::string code, std::string dimension,
            std::string unless = "", std::vector<std::string> only = {},
            std::string title_fr = "", std::string title_en = "")
      : section(std::move(section)),
        code(std::move(code)),
        dimension(std::move(dimension)),
        unless(std::move(unless)),
        only(std::move(only)),
        title_fr(std::move(title_fr)),
        title_en(std::move(title_en)) {}
  std::string section;
  std::string code;
  std::string dimension;
  // Left out when the catalogue has this indicator (it says it better).
  std::string unless;
  // Only these values of the dimension are rows; the table's total is
  // then the sum of its rows.
  std::vector<std::string> only;
  std::string title_fr;
  std::string title_en;
};

const std::vector<TableSpec>& Tables() {
  static const auto* kTables = new std::vector<TableSpec>{
      {"vie_associative", "events.meetings", "body_kind"},
      {"vie_associative", "events.meetings", "body"},
      {"vie_associative", "events.meetings", "event_kind"},
      {"vie_associative",
       "events.held",
       "event_kind",
       "events.meetings",
       {"board_meeting", "executive_meeting", "aga", "committee_meeting"},
       "Rencontres des instances du Pôle, par type",
       "Meetings of the Pôle's bodies, by kind"},
      {"concertation", "events.attended", "event_kind"},
      {"concertation", "events.attended", "mrc"},
      {"evenements", "events.held", "event_kind"},
      {"evenements", "events.held", "mrc"},
      {"evenements", "events.participants", "gender"},
      {"evenements", "events.participants", "event_kind"},
      {"formations", "events.trainings", "mrc"},
      {"formations", "events.trainees", "mrc"},
      {"formations", "events.satisfaction_answers", ""},
      {"formations", "events.satisfaction_satisfied", ""},
      {"accompagnement", "directories.dossiers_opened", "phase"},
      {"accompagnement", "directories.dossiers_opened", "sector"},
      {"accompagnement", "directories.dossiers_opened", "mrc"},
      {"accompagnement", "directories.dossiers_opened", "gender"},
      {"accompagnement", "directories.interventions", "phase"},
      {"accompagnement", "directories.interventions", "sector"},
      {"accompagnement", "directories.interventions", "mrc"},
      {"accompagnement", "directories.interventions", "gender"},
      {"accompagnement", "directories.dossiers_from_mrc", ""},
      {"accompagnement", "directories.dossiers_referred", ""},
      {"repertoire", "directories.enterprises", "mrc"},
      {"repertoire", "directories.enterprises", "sector"},
      {"repertoire", "directories.enterprises", "legal_form"},
      {"repertoire", "directories.member_enterprises", "mrc"},
      {"financement", "funding.agreement_amount", "funder"},
      {"financement", "funding.matching_required", ""},
      {"financement", "funding.matching_received", ""},
      {"financement", "funding.awards", "program"},
      {"financement", "funding.amount_authorised", "program"},
      {"financement", "funding.amount_disbursed", "program"},
      {"financement", "funding.investment_generated", "program"},
      {"financement", "funding.jobs_created", ""},
      {"financement", "funding.jobs_maintained", ""},
      {"financement", "funding.jobs_created_or_maintained", ""},
      {"financement", "funding.call_information_requests", ""},
      {"financement", "funding.call_eligibility_requests", ""},
      {"financement", "funding.call_applications_filed", ""},
      {"financement", "funding.call_recommended", ""},
      {"financement", "funding.call_retained", ""},
      {"financement", "funding.reported_amount", "program"},
      {"financement", "funding.reported_investment", "program"},
      {"financement", "funding.reported_enterprises", "program"},
      {"financement", "funding.reported_jobs_created", ""},
      {"financement", "funding.reported_jobs_maintained", ""},
      {"financement", "funding.reported_jobs_created_or_maintained", ""},
      {"plan", "plans.indicators", "plan"},
      {"plan", "plans.indicators_measurable", ""},
      {"plan", "plans.indicators_measured", ""},
      {"plan", "plans.indicators_achieved", "plan"},
      {"plan", "plans.results_entered", ""},
      {"plan", "plans.results_computed", ""},
  };
  return *kTables;
}

// Where a catalogue indicator no table names goes, as its total.
std::string DefaultSection(const std::string& service) {
  if (service == "directories") return "repertoire";
  if (service == "funding") return "financement";
  if (service == "plans") return "plan";
  return "evenements";
}

using Labels = std::map<std::string, std::string>;

const std::map<std::string, std::vector<std::pair<std::string, Labels>>>&
Enumerations() {
  // dimension -> [(value, {language: label})], in the order rows show them.
  static const auto* kValues = new std::map<
      std::string, std::vector<std::pair<std::string, Labels>>>{
      {"gender",
       {{"women", {{"fr", "Femmes"}, {"en", "Women"}}},
        {"men", {{"fr", "Hommes"}, {"en", "Men"}}},
        {"mixed",
         {{"fr", "Mixte (femmes et hommes)"}, {"en", "Mixed (women and men)"}}},
        {"other", {{"fr", "Autre"}, {"en", "Other"}}}}},
      {"phase",
       {{"pre_startup", {{"fr", "Prédémarrage"}, {"en", "Pre-startup"}}},
        {"startup", {{"fr", "Démarrage"}, {"en", "Startup"}}},
        {"consolidation", {{"fr", "Consolidation"}, {"en", "Consolidation"}}},
        {"development", {{"fr", "Développement"}, {"en", "Development"}}},
        {"succession", {{"fr", "Relève"}, {"en", "Succession"}}}}},
      {"event_kind",
       {{"board_meeting",
         {{"fr", "Conseil d'administration"}, {"en", "Board meetings"}}},
        {"executive_meeting",
         {{"fr", "Comité exécutif"}, {"en", "Executive meetings"}}},
        {"aga",
         {{"fr", "Assemblée générale annuelle"},
          {"en", "Annual general meeting"}}},
        {"committee_meeting",
         {{"fr", "Comités"}, {"en", "Committee meetings"}}},
        {"forum", {{"fr", "Forums"}, {"en", "Forums"}}},
        {"training", {{"fr", "Formations"}, {"en", "Trainings"}}},
        {"webinar", {{"fr", "Webinaires"}, {"en", "Webinars"}}},
        {"conference_call",
         {{"fr", "Conférences téléphoniques"}, {"en", "Conference calls"}}},
        {"networking", {{"fr", "Réseautage"}, {"en", "Networking"}}},
        {"visit", {{"fr", "Visites"}, {"en", "Visits"}}},
        {"promotion", {{"fr", "Promotion"}, {"en", "Promotion"}}},
        {"other", {{"fr", "Autres"}, {"en", "Other"}}}}},
      {"legal_form",
       {{"obnl", {{"fr", "OBNL"}, {"en", "Non-profit (OBNL)"}}},
        {"cooperative", {{"fr", "Coopérative"}, {"en", "Cooperative"}}},
        {"mutual", {{"fr", "Mutuelle"}, {"en", "Mutual"}}},
        {"other", {{"fr", "Autre"}, {"en", "Other"}}}}},
      {"body_kind",
       {{"board",
         {{"fr", "Conseil d'administration"}, {"en", "Board of directors"}}},
        {"executive", {{"fr", "Comité exécutif"}, {"en", "Executive"}}},
        {"committee", {{"fr", "Comités du Pôle"}, {"en", "Committees"}}},
        {"national_table",
         {{"fr", "Tables nationales"}, {"en", "National tables"}}},
        {"partner_committee",
         {{"fr", "Comités de partenaires"}, {"en", "Partners' committees"}}},
        {"other", {{"fr", "Autres instances"}, {"en", "Other bodies"}}}}},
  };
  return *kValues;
}

const std::map<std::string, Labels>& AnyDimensionValues() {
  static const auto* kValues = new std::map<std::string, Labels>{
      {"", {{"fr", "Non précisé"}, {"en", "Not specified"}}},
      {"unknown", {{"fr", "Non précisé"}, {"en", "Not specified"}}},
      {"online", {{"fr", "En ligne"}, {"en", "Online"}}},
      {"none", {{"fr", "Aucun"}, {"en", "None"}}},
      {"not_collected", {{"fr", "Non recueilli"}, {"en", "Not collected"}}},
  };
  return *kValues;
}

// "par MRC" for a title.
std::string By(const std::string& dimension, bool french) {
  static const auto* kFr = new std::map<std::string, std::string>{
      {"mrc", "par MRC"},
      {"sector", "par secteur d'activité"},
      {"legal_form", "par forme juridique"},
      {"gender", "par genre"},
      {"phase", "par phase de développement"},
      {"event_kind", "par type d'activité"},
      {"plan_item", "par action du plan"},
      {"program", "par programme"},
      {"funder", "par bailleur de fonds"},
      {"funder_kind", "par type de bailleur"},
      {"plan", "par plan d'action"},
      {"body", "par instance"},
      {"body_kind", "par type d'instance"}};
  static const auto* kEn = new std::map<std::string, std::string>{
      {"mrc", "by MRC"},
      {"sector", "by sector"},
      {"legal_form", "by legal form"},
      {"gender", "by gender"},
      {"phase", "by phase"},
      {"event_kind", "by kind of activity"},
      {"plan_item", "by plan item"},
      {"program", "by program"},
      {"funder", "by funder"},
      {"funder_kind", "by kind of funder"},
      {"plan", "by action plan"},
      {"body", "by body"},
      {"body_kind", "by kind of body"}};
  const auto& names = french ? *kFr : *kEn;
  auto it = names.find(dimension);
  return it != names.end() ? it->second
                           : absl::StrCat(french ? "par " : "by ", dimension);
}

struct Catalogue {
  explicit Catalogue(const std::vector<v1::NationalIndicator>& list) {
    for (const auto& i : list) by_code[IndicatorCode(i)] = &i;
  }
  const v1::NationalIndicator* Find(const std::string& code) const {
    auto it = by_code.find(code);
    return it == by_code.end() ? nullptr : it->second;
  }
  bool Allows(const v1::NationalIndicator& i, const std::string& dim) const {
    return dim.empty() ||
           std::find(i.dimensions().begin(), i.dimensions().end(), dim) !=
               i.dimensions().end();
  }
  std::map<std::string, const v1::NationalIndicator*> by_code;
};

// The tables the bilan has for this catalogue, in order.
std::vector<TableSpec> TablesFor(
    const Catalogue& catalogue,
    const std::vector<v1::NationalIndicator>& list) {
  std::vector<TableSpec> out;
  std::map<std::string, std::string> shown;  // code -> section
  for (const TableSpec& t : Tables()) {
    const v1::NationalIndicator* i = catalogue.Find(t.code);
    if (i == nullptr || !catalogue.Allows(*i, t.dimension)) continue;
    if (!t.unless.empty() && catalogue.Find(t.unless) != nullptr) continue;
    out.push_back(t);
    shown.emplace(t.code, t.section);
  }
  // An indicator of the catalogue no table shows: its total, where its
  // other tables are or in its service's section.
  for (const auto& i : list) {
    const std::string code = IndicatorCode(i);
    if (shown.count(code)) continue;
    std::string section = DefaultSection(i.service());
    for (const TableSpec& t : Tables()) {
      if (t.code == code) {
        section = t.section;
        break;
      }
    }
    out.emplace_back(section, code, "");
  }
  return out;
}

std::string Percent(int64_t part, int64_t whole) {
  return absl::StrReplaceAll(
      absl::StrFormat("%.1f", 100.0 * static_cast<double>(part) /
                                  static_cast<double>(whole)),
      {{".", ","}});
}

// One row of a table before disclosure control.
struct Row {
  std::string value;
  int64_t figure = 0;
  bool reported = false;
};

// `code`'s values by `dim` in `summary`: the breakdown by exactly {dim} if
// there is one (a reported breakdown, or a computed one asked alone), else
// the smallest breakdown involving `dim`, summed down to it.
std::vector<Row> Marginal(const v1::IndicatorSummary& summary,
                          const std::string& code, const std::string& dim) {
  std::map<std::string, std::vector<const v1::IndicatorValue*>> by_keys;
  for (const auto& v : summary.values()) {
    if (v.indicator() != code || v.dimensions().count(dim) == 0) continue;
    std::set<std::string> keys;
    for (const auto& [k, val] : v.dimensions()) keys.insert(k);
    by_keys[absl::StrJoin(keys, ",")].push_back(&v);
  }
  if (by_keys.empty()) return {};
  auto chosen = by_keys.find(dim);
  if (chosen == by_keys.end()) {
    chosen = by_keys.begin();
    const auto width = [](const std::string& keys) {
      return std::count(keys.begin(), keys.end(), ',');
    };
    for (auto it = by_keys.begin(); it != by_keys.end(); ++it) {
      if (width(it->first) < width(chosen->first)) chosen = it;
    }
  }
  std::map<std::string, Row> rows;
  for (const v1::IndicatorValue* v : chosen->second) {
    const std::string& value = v->dimensions().at(dim);
    Row& row = rows[value];
    row.value = value;
    row.figure += v->value();
    row.reported = row.reported || v->provenance() == v1::PROVENANCE_REPORTED;
  }
  std::vector<Row> out;
  out.reserve(rows.size());
  for (auto& [value, row] : rows) out.push_back(std::move(row));
  return out;
}

// Rows in the order a bilan lists them: enumerations in their own order,
// other dimensions by decreasing figure, then label.
void OrderRows(const std::string& dim, const Labels& row_labels,
               std::vector<Row>* rows) {
  std::map<std::string, size_t> rank;
  auto e = Enumerations().find(dim);
  if (e != Enumerations().end()) {
    for (size_t i = 0; i < e->second.size(); ++i) rank[e->second[i].first] = i;
  }
  const auto label = [&](const Row& r) {
    auto it = row_labels.find(r.value);
    return it == row_labels.end() ? r.value : it->second;
  };
  std::stable_sort(rows->begin(), rows->end(), [&](const Row& a, const Row& b) {
    if (!rank.empty()) {
      const size_t ra = rank.count(a.value) ? rank[a.value] : rank.size();
      const size_t rb = rank.count(b.value) ? rank[b.value] : rank.size();
      if (ra != rb) return ra < rb;
    } else if (a.figure != b.figure) {
      return a.figure > b.figure;
    }
    return label(a) < label(b);
  });
}

std::string Quoted(const std::string& s) {
  return absl::StrCat("«\u00a0", s, "\u00a0»");
}

class BilanBuilder {
 public:
  BilanBuilder(const TenantSummaries& ts, const Catalogue& catalogue,
               const ReferenceLabels& labels, bool controlled, int threshold)
      : ts_(ts),
        catalogue_(catalogue),
        labels_(labels),
        controlled_(controlled),
        threshold_(threshold) {}

  void Table(const TableSpec& spec, v1::BilanSection* section) {
    const v1::NationalIndicator& indicator = *catalogue_.Find(spec.code);
    const std::string label =
        indicator.label_fr().empty() ? spec.code : indicator.label_fr();
    v1::BilanTable* t = section->add_tables();
    t->set_indicator(spec.code);
    t->set_unit(indicator.unit());
    t->set_dimension(spec.dimension);
    t->set_title_fr(!spec.title_fr.empty() ? spec.title_fr
                    : spec.dimension.empty()
                        ? label
                        : absl::StrCat(label, ", ", By(spec.dimension, true)));
    const std::string label_en =
        indicator.label_en().empty() ? spec.code : indicator.label_en();
    t->set_title_en(
        !spec.title_en.empty() ? spec.title_en
        : spec.dimension.empty()
            ? label_en
            : absl::StrCat(label_en, ", ", By(spec.dimension, false)));
    v1::TableCell* total = t->mutable_total();
    total->set_indicator(spec.code);
    const std::string& service = indicator.service();
    auto failed = ts_.failed.find(service);
    if (failed != ts_.failed.end() && !IsNoSummary(failed->second)) {
      total->set_source(v1::CELL_SOURCE_UNREACHABLE);
      total->set_display("injoignable");
      Note(section, absl::StrCat("Les chiffres du service ", Quoted(service),
                                 " n'ont pu être obtenus : ils manquent à "
                                 "cette section."));
      return;
    }
    auto s = ts_.by_service.find(service);
    const v1::IndicatorValue* value = nullptr;
    if (s != ts_.by_service.end()) {
      for (const auto& v : s->second.values()) {
        if (v.indicator() == spec.code && v.dimensions().empty()) value = &v;
      }
    }
    if (value == nullptr) {
      total->set_source(v1::CELL_SOURCE_MISSING);
      total->set_display("—");
      Note(section, absl::StrCat("Aucune donnée pour ", Quoted(label), " en ",
                                 ts_.fiscal_year, "."));
      return;
    }
    const bool reported = value->provenance() == v1::PROVENANCE_REPORTED;
    if (reported) reported_[section->key()].insert(label);
    total->set_source(reported ? v1::CELL_SOURCE_REPORTED
                               : v1::CELL_SOURCE_COMPUTED);
    int64_t total_value = value->value();
    if (!spec.dimension.empty()) {
      std::vector<Row> rows = Marginal(s->second, spec.code, spec.dimension);
      if (!spec.only.empty()) {
        rows.erase(std::remove_if(
                       rows.begin(), rows.end(),
                       [&](const Row& r) {
                         return std::find(spec.only.begin(), spec.only.end(),
                                          r.value) == spec.only.end();
                       }),
                   rows.end());
        total_value = 0;
        for (const Row& r : rows) total_value += r.figure;
      }
      for (const Row& r : rows) {
        (*t->mutable_row_labels())[r.value] = RowLabel(spec.dimension, r.value);
      }
      OrderRows(spec.dimension,
                Labels(t->row_labels().begin(), t->row_labels().end()), &rows);
      std::vector<DisclosureCell> cells;
      cells.reserve(rows.size());
      for (const Row& r : rows) cells.push_back({r.figure});
      if (controlled_ && CountsUnits(indicator))
        SuppressRow(threshold_, &cells);
      for (size_t i = 0; i < rows.size(); ++i) {
        v1::TableCell* cell = t->add_rows();
        cell->set_indicator(spec.code);
        (*cell->mutable_dimensions())[spec.dimension] = rows[i].value;
        cell->set_source(rows[i].reported ? v1::CELL_SOURCE_REPORTED
                                          : v1::CELL_SOURCE_COMPUTED);
        if (cells[i].suppressed) {
          cell->set_suppressed(true);
          cell->set_display(SuppressedDisplay(threshold_));
        } else {
          cell->set_value(rows[i].figure);
          cell->set_display(
              FormatFrenchValue(rows[i].figure, indicator.unit()));
        }
      }
      if (rows.empty() && total_value != 0) {
        Note(section, absl::StrCat(Quoted(label), " n'est pas ventilé ",
                                   By(spec.dimension, true), " en ",
                                   ts_.fiscal_year, "."));
      }
    }
    total->set_value(total_value);
    total->set_display(FormatFrenchValue(total_value, indicator.unit()));
    totals_[spec.code] = value->value();
  }

  void Note(v1::BilanSection* section, const std::string& note) {
    for (const auto& n : section->notes()) {
      if (n == note) return;
    }
    section->add_notes(note);
  }

  // The notes that need the whole section: what was reported, the
  // satisfaction rate, the third parties' totals, the plan's progress.
  void SectionNotes(v1::BilanSection* section) {
    const std::string& key = section->key();
    if (key == "vie_associative" && !catalogue_.Find("events.meetings") &&
        section->tables_size() > 0) {
      Note(section,
           "Rencontres du conseil d'administration, du comité exécutif, de "
           "l'assemblée générale annuelle et des comités organisées par le "
           "Pôle.");
    }
    if (key == "formations") {
      auto answers = totals_.find("events.satisfaction_answers");
      auto satisfied = totals_.find("events.satisfaction_satisfied");
      if (answers != totals_.end() && satisfied != totals_.end() &&
          answers->second > 0) {
        Note(section,
             absl::StrCat("Taux de satisfaction des formations : ",
                          Percent(satisfied->second, answers->second),
                          "\u00a0% (", FormatFrenchCount(satisfied->second),
                          " réponses satisfaites sur ",
                          FormatFrenchCount(answers->second), ")."));
      }
    }
    if (key == "financement") {
      bool third_parties = false;
      for (const auto& [code, v] : totals_) {
        third_parties =
            third_parties || code.rfind("funding.reported_", 0) == 0;
      }
      if (third_parties) {
        Note(section,
             "Les montants et résultats rapportés par des tiers (Services "
             "Québec, MRC, organismes mandataires) sont présentés à part : "
             "ils ne sont pas additionnés aux aides consenties.");
      }
    }
    if (key == "plan") {
      auto achieved = totals_.find("plans.indicators_achieved");
      auto measured = totals_.find("plans.indicators_measured");
      if (achieved != totals_.end() && measured != totals_.end()) {
        std::string note = absl::StrCat(
            FormatFrenchCount(achieved->second), " indicateurs atteints sur ",
            FormatFrenchCount(measured->second), " mesurés");
        auto entered = totals_.find("plans.results_entered");
        auto computed = totals_.find("plans.results_computed");
        if (entered != totals_.end() && computed != totals_.end()) {
          absl::StrAppend(&note, " (", FormatFrenchCount(entered->second),
                          " résultats saisis, ",
                          FormatFrenchCount(computed->second),
                          " calculés à partir des dossiers)");
        }
        Note(section, note + ".");
      }
    }
    auto reported = reported_.find(key);
    if (reported != reported_.end()) {
      std::vector<std::string> names;
      for (const auto& n : reported->second) names.push_back(Quoted(n));
      Note(section, absl::StrCat("Chiffres déclarés par le Pôle (sans fiches "
                                 "détaillées) : ",
                                 absl::StrJoin(names, ", "), "."));
    }
  }

 private:
  std::string RowLabel(const std::string& dim, const std::string& value) {
    // The services' own labels first (a body's name for its id).
    for (const auto& [service, summary] : ts_.by_service) {
      for (const auto& l : summary.labels()) {
        if (l.dimension() == dim && l.value() == value) return l.label();
      }
    }
    auto d = labels_.by_dimension.find(dim);
    if (d != labels_.by_dimension.end()) {
      auto v = d->second.find(value);
      if (v != d->second.end()) return v->second;
    }
    std::string own = DimensionValueLabel(dim, value, "fr");
    return own.empty() ? value : own;
  }

  const TenantSummaries& ts_;
  const Catalogue& catalogue_;
  const ReferenceLabels& labels_;
  const bool controlled_;
  const int threshold_;
  std::map<std::string, std::set<std::string>> reported_;  // section -> labels
  std::map<std::string, int64_t> totals_;                  // code -> total
};

}  // namespace

std::string DimensionValueLabel(const std::string& dimension,
                                const std::string& value,
                                const std::string& language) {
  const std::string lang = language == "en" ? "en" : "fr";
  auto e = Enumerations().find(dimension);
  if (e != Enumerations().end()) {
    for (const auto& [v, labels] : e->second) {
      if (v == value) return labels.at(lang);
    }
  }
  auto any = AnyDimensionValues().find(value);
  if (any != AnyDimensionValues().end()) return any->second.at(lang);
  return "";
}

std::string DimensionName(const std::string& dimension,
                          const std::string& language) {
  static const auto* kNames = new std::map<std::string, Labels>{
      {"mrc", {{"fr", "MRC"}, {"en", "MRC"}}},
      {"sector", {{"fr", "Secteur d'activité"}, {"en", "Sector"}}},
      {"legal_form", {{"fr", "Forme juridique"}, {"en", "Legal form"}}},
      {"gender", {{"fr", "Genre"}, {"en", "Gender"}}},
      {"phase", {{"fr", "Phase de développement"}, {"en", "Phase"}}},
      {"event_kind", {{"fr", "Type d'activité"}, {"en", "Kind of activity"}}},
      {"plan_item", {{"fr", "Action du plan"}, {"en", "Plan item"}}},
      {"program", {{"fr", "Programme"}, {"en", "Program"}}},
      {"funder", {{"fr", "Bailleur de fonds"}, {"en", "Funder"}}},
      {"funder_kind", {{"fr", "Type de bailleur"}, {"en", "Kind of funder"}}},
      {"plan", {{"fr", "Plan d'action"}, {"en", "Action plan"}}},
      {"body", {{"fr", "Instance"}, {"en", "Body"}}},
      {"body_kind", {{"fr", "Type d'instance"}, {"en", "Kind of body"}}},
      {"region", {{"fr", "Région"}, {"en", "Region"}}},
  };
  auto it = kNames->find(dimension);
  if (it == kNames->end()) return dimension;
  return it->second.at(language == "en" ? "en" : "fr");
}

std::vector<std::string> BilanDimensions(
    const std::string& service,
    const std::vector<v1::NationalIndicator>& list) {
  const Catalogue catalogue(list);
  std::set<std::string> dims;
  for (const TableSpec& t : TablesFor(catalogue, list)) {
    if (t.dimension.empty()) continue;
    if (catalogue.Find(t.code)->service() == service) dims.insert(t.dimension);
  }
  return {dims.begin(), dims.end()};
}

v1::Bilan BuildBilan(const TenantSummaries& ts,
                     const std::vector<v1::NationalIndicator>& list,
                     const ReferenceLabels& labels, Audience audience,
                     int threshold) {
  const Catalogue catalogue(list);
  const bool controlled = audience != Audience::kTenant && threshold > 1;
  v1::Bilan out;
  out.set_name(
      absl::StrCat("tenants/", ts.tenant.slug, "/bilans/", ts.fiscal_year));
  out.set_display_name(ts.tenant.display_name);
  out.set_region_name(ts.tenant.region_name);
  out.set_fiscal_year(ts.fiscal_year);
  out.set_disclosure_threshold(controlled ? threshold : 0);

  bool any_value = false, unreachable = false;
  for (const auto& [service, summary] : ts.by_service)
    any_value = any_value || summary.values_size() > 0;
  for (const auto& [service, status] : ts.failed)
    unreachable = unreachable || !IsNoSummary(status);
  out.set_state(unreachable ? v1::NationalTableRow::UNREACHABLE
                : any_value ? v1::NationalTableRow::DRAFT
                            : v1::NationalTableRow::NOTHING);

  BilanBuilder builder(ts, catalogue, labels, controlled, threshold);
  const std::vector<TableSpec> tables = TablesFor(catalogue, list);
  std::map<std::string, v1::BilanSection*> sections;
  for (const SectionSpec& s : kSections) {
    v1::BilanSection* section = out.add_sections();
    section->set_key(s.key);
    section->set_title_fr(s.title_fr);
    section->set_title_en(s.title_en);
    sections[s.key] = section;
  }
  for (const TableSpec& t : tables) builder.Table(t, sections.at(t.section));
  for (auto& [key, section] : sections) builder.SectionNotes(section);

  std::vector<v1::Finding> findings = ComputeFindings(ts, nullptr, list, {});
  for (const v1::Finding& f : findings) {
    *out.add_findings() = f;
    for (const v1::BilanSection& s : out.sections()) {
      bool here = false;
      for (const auto& t : s.tables())
        here = here || t.indicator() == f.indicator();
      if (!here) continue;
      builder.Note(sections.at(s.key()), f.message_fr());
      break;
    }
  }
  for (const auto& [service, status] : ts.failed) {
    if (IsNoSummary(status)) continue;
    v1::UnreachableTenant* u = out.add_unreachable();
    u->set_tenant(absl::StrCat("tenants/", ts.tenant.slug));
    u->set_service(service);
    u->set_code(absl::StatusCodeToString(status.code()));
    u->set_reason(absl::StrCat("Le service ", Quoted(service),
                               " n'a pas répondu : ", status.message()));
  }
  return out;
}

}  // namespace poles::gateway
