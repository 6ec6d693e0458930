// The submitted fiscal year (issue 12), against a real database: once a
// Pôle's editor submits a year, every write dated in it, in every service,
// is FAILED_PRECONDITION with reason FISCAL_YEAR_SUBMITTED and changes
// nothing; writes dated in another year, and the same year of another
// tenant, pass; after the Chantier's unlock they pass again. Submit and
// unlock are audited; the lock is the database's (migration 0010), so the
// dated tables are checked on the catalog too.
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "poles/v1/fiscal_years.grpc.pb.h"
#include "services/common/status_macros.h"
#include "tests/tenancy_harness.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

constexpr int kLocked = 2017;  // 2017-2018, the submitted year
constexpr int kOther = 2019;   // 2019-2020

std::unique_ptr<v1::FiscalYearsService::Stub> FiscalYears() {
  return v1::FiscalYearsService::NewStub(Channel());
}

std::string YearText(int fy) { return absl::StrCat(fy, "-", fy + 1); }

std::string YearName(const TestTenant& t, int fy) {
  return absl::StrCat(t.parent(), "/fiscalYears/", YearText(fy));
}

// Noon UTC on 12 October of the fiscal year `fy` (mid-year in any zone).
int64_t MidYearSeconds(int fy) {
  std::tm tm = {};
  tm.tm_year = fy - 1900;
  tm.tm_mon = 9;
  tm.tm_mday = 12;
  tm.tm_hour = 12;
  return static_cast<int64_t>(timegm(&tm));
}

v1::Money Cad(int64_t cents) {
  v1::Money m;
  m.set_cents(cents);
  m.set_currency_code("CAD");
  return m;
}

MATCHER_P(IsLockedIn, year, "") {
  if (arg.code() != absl::StatusCode::kFailedPrecondition ||
      ReasonOf(arg) != "FISCAL_YEAR_SUBMITTED" ||
      !absl::StrContains(arg.message(), year)) {
    *result_listener << "status is " << arg.ToString() << " (reason "
                     << ReasonOf(arg) << ")";
    return false;
  }
  return true;
}

// Every row of every tenant table of `tenant` (audit log and replay records
// included), as one text: a refused write must leave it as it was.
std::string Snapshot(const std::string& tenant) {
  pqxx::connection c(SuperuserUrl());
  pqxx::work w(c);
  std::string out;
  for (const auto& t :
       w.exec("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
              "c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND "
              "a.attname = 'tenant_id' WHERE n.nspname = 'poles' AND c.relkind "
              "= 'r' ORDER BY c.relname")) {
    const std::string table = t[0].c_str();
    auto r = w.exec_params(
        "SELECT COALESCE(string_agg(to_jsonb(x)::text, E'\\n' ORDER BY "
        "to_jsonb(x)::text), '') FROM poles." +
            w.quote_name(table) + " x WHERE tenant_id = $1",
        tenant);
    absl::StrAppend(&out, table, ":\n", r[0][0].c_str(), "\n");
  }
  return out;
}

// A dated resource's writes, each aimed at one tenant. `create` writes a
// new resource dated in `fy` and returns its name; `edit` changes an undated
// field of it; `move` re-dates it into `fy`; `remove` deletes it. `move`
// and `remove` are absent where the API has none (a reported value is
// replaced, not moved or deleted). `prepare`, when set, creates what the
// creates need (parents) before the year is submitted, so that a refused
// create changes nothing at all.
struct DatedWrites {
  std::string label;
  std::set<std::string> methods;  // "FundingService/CreateAward"
  std::function<absl::Status(const TestTenant&, int fy, std::string* name)>
      create;
  std::function<absl::Status(const TestTenant&, const std::string& name)> edit;
  std::function<absl::Status(const TestTenant&, const std::string& name,
                             int fy)>
      move;
  std::function<absl::Status(const TestTenant&, const std::string& name)>
      remove;
  std::function<absl::Status(const TestTenant&)> prepare;
};

// Parents made by `prepare`, by tenant slug.
using Parents =
    std::shared_ptr<std::map<std::string, std::vector<std::string>>>;

std::string NextId(const std::string& prefix) {
  static int n = 0;
  return absl::StrCat(prefix, "-", ++n);
}

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask m;
  for (const char* p : paths) m.add_paths(p);
  return m;
}

DatedWrites EventWrites() {
  auto dated = [](v1::Event* e, int fy) {
    e->mutable_start_time()->set_seconds(MidYearSeconds(fy));
    e->mutable_end_time()->set_seconds(MidYearSeconds(fy) + 3600);
  };
  return {"events",
          {"EventsService/CreateEvent", "EventsService/UpdateEvent",
           "EventsService/DeleteEvent"},
          [dated](const TestTenant& t, int fy, std::string* name) {
            v1::CreateEventRequest r;
            r.set_parent(t.parent());
            r.set_event_id(NextId("ev"));
            r.mutable_event()->set_title("Forum régional");
            r.mutable_event()->set_kind(v1::Event::FORUM);
            r.mutable_event()->set_organised(true);
            dated(r.mutable_event(), fy);
            v1::Event out;
            auto s = S(Events()->CreateEvent(Ctx(t.editor_key).get(), r, &out));
            *name = out.name();
            return s;
          },
          [](const TestTenant& t, const std::string& name) {
            v1::UpdateEventRequest r;
            r.mutable_event()->set_name(name);
            r.mutable_event()->set_title("Forum régional (corrigé)");
            *r.mutable_update_mask() = Mask({"title"});
            v1::Event out;
            return S(Events()->UpdateEvent(Ctx(t.editor_key).get(), r, &out));
          },
          [dated](const TestTenant& t, const std::string& name, int fy) {
            v1::UpdateEventRequest r;
            r.mutable_event()->set_name(name);
            dated(r.mutable_event(), fy);
            *r.mutable_update_mask() = Mask({"start_time", "end_time"});
            v1::Event out;
            return S(Events()->UpdateEvent(Ctx(t.editor_key).get(), r, &out));
          },
          [](const TestTenant& t, const std::string& name) {
            v1::DeleteEventRequest r;
            r.set_name(name);
            google::protobuf::Empty e;
            return S(Events()->DeleteEvent(Ctx(t.editor_key).get(), r, &e));
          },
          nullptr};
}

// A reported value of `indicator`, written by `report` (the events', the
// directories' or the plans' Report*Indicator); a second report of the same
// year replaces it (the edit). Its "name" is the indicator.
DatedWrites ReportedValueWrites(
    const std::string& method, const std::string& indicator,
    std::function<grpc::Status(const TestTenant&,
                               const v1::ReportIndicatorValueRequest&)>
        report) {
  auto send = [indicator, report](const TestTenant& t, int fy, int64_t value) {
    v1::ReportIndicatorValueRequest r;
    r.set_parent(t.parent());
    r.set_fiscal_year(YearText(fy));
    r.mutable_value()->set_indicator(indicator);
    r.mutable_value()->set_value(value);
    return S(report(t, r));
  };
  return {method,
          {method},
          [send](const TestTenant& t, int fy, std::string* name) {
            *name = absl::StrCat(fy);
            return send(t, fy, 12);
          },
          [send](const TestTenant& t, const std::string& name) {
            return send(t, std::stoi(name), 13);
          },
          nullptr,
          nullptr,
          nullptr};
}

DatedWrites EventsReportWrites() {
  return ReportedValueWrites(
      "EventsService/ReportEventsIndicator", "events.held",
      [](const TestTenant& t, const v1::ReportIndicatorValueRequest& r) {
        v1::IndicatorValue out;
        return Events()->ReportEventsIndicator(Ctx(t.editor_key).get(), r,
                                               &out);
      });
}

DatedWrites PlansReportWrites() {
  return ReportedValueWrites(
      "PlansService/ReportPlansIndicator", "plans.indicators_achieved",
      [](const TestTenant& t, const v1::ReportIndicatorValueRequest& r) {
        v1::IndicatorValue out;
        return Plans()->ReportPlansIndicator(Ctx(t.editor_key).get(), r, &out);
      });
}

DatedWrites DirectoriesReportWrites() {
  return ReportedValueWrites(
      "DirectoriesService/ReportDirectoriesIndicator",
      "directories.enterprises",
      [](const TestTenant& t, const v1::ReportIndicatorValueRequest& r) {
        v1::IndicatorValue out;
        return Directories()->ReportDirectoriesIndicator(
            Ctx(t.editor_key).get(), r, &out);
      });
}

absl::Status CreateDossier(const TestTenant& t, const std::string& open_date,
                           std::string* name) {
  v1::CreateDossierRequest r;
  r.set_parent(t.parent());
  r.set_dossier_id(NextId("do"));
  auto* d = r.mutable_dossier();
  d->set_title("Accompagnement en démarrage");
  d->set_promoter_group("Comité promoteur");
  d->set_sector("sectors/loisir-et-sport");
  d->set_mrc("mrcs/becancour");
  d->set_phase(v1::Dossier::STARTUP);
  d->set_open_date(open_date);
  v1::Dossier out;
  auto s = S(Directories()->CreateDossier(Ctx(t.editor_key).get(), r, &out));
  *name = out.name();
  return s;
}

DatedWrites DossierWrites() {
  return {
      "dossiers",
      {"DirectoriesService/CreateDossier", "DirectoriesService/UpdateDossier",
       "DirectoriesService/DeleteDossier"},
      [](const TestTenant& t, int fy, std::string* name) {
        return CreateDossier(t, absl::StrCat(fy, "-10-02"), name);
      },
      [](const TestTenant& t, const std::string& name) {
        v1::UpdateDossierRequest r;
        r.mutable_dossier()->set_name(name);
        r.mutable_dossier()->set_title("Accompagnement (corrigé)");
        *r.mutable_update_mask() = Mask({"title"});
        v1::Dossier out;
        return S(
            Directories()->UpdateDossier(Ctx(t.editor_key).get(), r, &out));
      },
      [](const TestTenant& t, const std::string& name, int fy) {
        v1::UpdateDossierRequest r;
        r.mutable_dossier()->set_name(name);
        r.mutable_dossier()->set_open_date(absl::StrCat(fy, "-10-02"));
        *r.mutable_update_mask() = Mask({"open_date"});
        v1::Dossier out;
        return S(
            Directories()->UpdateDossier(Ctx(t.editor_key).get(), r, &out));
      },
      [](const TestTenant& t, const std::string& name) {
        v1::DeleteDossierRequest r;
        r.set_name(name);
        r.set_force(true);
        google::protobuf::Empty e;
        return S(Directories()->DeleteDossier(Ctx(t.editor_key).get(), r, &e));
      },
      nullptr};
}

// Interventions in a dossier opened in 2016-2017 (a year never submitted
// here), so only the intervention's date is at stake.
DatedWrites InterventionWrites() {
  auto parents = std::make_shared<Parents::element_type>();
  return {"interventions",
          {"DirectoriesService/CreateIntervention",
           "DirectoriesService/UpdateIntervention",
           "DirectoriesService/DeleteIntervention"},
          [parents](const TestTenant& t, int fy, std::string* name) {
            v1::CreateInterventionRequest r;
            r.set_parent((*parents)[t.slug].at(0));
            r.set_intervention_id(NextId("in"));
            r.mutable_intervention()->set_intervention_date(
                absl::StrCat(fy, "-11-15"));
            r.mutable_intervention()->add_subjects("Plan d'affaires");
            v1::Intervention out;
            auto s = S(Directories()->CreateIntervention(
                Ctx(t.editor_key).get(), r, &out));
            *name = out.name();
            return s;
          },
          [](const TestTenant& t, const std::string& name) {
            v1::UpdateInterventionRequest r;
            r.mutable_intervention()->set_name(name);
            r.mutable_intervention()->set_note("Suivi téléphonique");
            *r.mutable_update_mask() = Mask({"note"});
            v1::Intervention out;
            return S(Directories()->UpdateIntervention(Ctx(t.editor_key).get(),
                                                       r, &out));
          },
          [](const TestTenant& t, const std::string& name, int fy) {
            v1::UpdateInterventionRequest r;
            r.mutable_intervention()->set_name(name);
            r.mutable_intervention()->set_intervention_date(
                absl::StrCat(fy, "-11-15"));
            *r.mutable_update_mask() = Mask({"intervention_date"});
            v1::Intervention out;
            return S(Directories()->UpdateIntervention(Ctx(t.editor_key).get(),
                                                       r, &out));
          },
          [](const TestTenant& t, const std::string& name) {
            v1::DeleteInterventionRequest r;
            r.set_name(name);
            google::protobuf::Empty e;
            return S(Directories()->DeleteIntervention(Ctx(t.editor_key).get(),
                                                       r, &e));
          },
          [parents](const TestTenant& t) {
            std::string dossier;
            POLES_RETURN_IF_ERROR(CreateDossier(t, "2016-06-01", &dossier));
            (*parents)[t.slug].push_back(dossier);
            return absl::OkStatus();
          }};
}

// A plan's result for a year. Each resource is an indicator of its own
// (made by `prepare`) with one result, so deleting the indicator removes
// that result (cascade); its name is "<indicator>#<year>".
DatedWrites ResultWrites() {
  auto record = [](const TestTenant& t, const std::string& indicator, int fy,
                   double value) {
    v1::RecordIndicatorResultRequest r;
    r.set_indicator(indicator);
    r.mutable_result()->set_fiscal_year(YearText(fy));
    r.mutable_result()->set_actual_value(value);
    v1::Indicator out;
    return S(Plans()->RecordIndicatorResult(Ctx(t.editor_key).get(), r, &out));
  };
  auto spare = std::make_shared<Parents::element_type>();
  return {
      "indicator results",
      {"PlansService/RecordIndicatorResult", "PlansService/DeleteIndicator"},
      [record, spare](const TestTenant& t, int fy, std::string* name) {
        auto& indicators = (*spare)[t.slug];
        if (indicators.empty()) {
          return absl::FailedPreconditionError("no spare indicator");
        }
        const std::string indicator = indicators.back();
        indicators.pop_back();
        *name = absl::StrCat(indicator, "#", fy);
        return record(t, indicator, fy, 4);
      },
      [record](const TestTenant& t, const std::string& name) {
        auto hash = name.find('#');
        return record(t, name.substr(0, hash), std::stoi(name.substr(hash + 1)),
                      5);
      },
      nullptr,
      [](const TestTenant& t, const std::string& name) {
        v1::DeleteIndicatorRequest r;
        r.set_name(name.substr(0, name.find('#')));
        google::protobuf::Empty e;
        return S(Plans()->DeleteIndicator(Ctx(t.editor_key).get(), r, &e));
      },
      [spare](const TestTenant& t) {
        v1::CreatePlanRequest cp;
        cp.set_parent(t.parent());
        cp.mutable_plan()->set_title("Plan d'action");
        cp.mutable_plan()->set_start_fiscal_year("2015-2016");
        cp.mutable_plan()->set_end_fiscal_year("2022-2023");
        v1::Plan plan;
        POLES_RETURN_IF_ERROR(
            S(Plans()->CreatePlan(Ctx(t.editor_key).get(), cp, &plan)));
        for (int i = 0; i < 6; ++i) {
          v1::CreatePlanItemRequest ci;
          ci.set_parent(plan.name());
          ci.mutable_item()->set_kind(v1::PlanItem::OBJECTIVE);
          ci.mutable_item()->set_title("Objectif");
          v1::PlanItem item;
          POLES_RETURN_IF_ERROR(
              S(Plans()->CreatePlanItem(Ctx(t.editor_key).get(), ci, &item)));
          v1::CreateIndicatorRequest cn;
          cn.set_parent(item.name());
          cn.mutable_indicator()->set_description("Entreprises rencontrées");
          cn.mutable_indicator()->set_target(10);
          v1::Indicator ind;
          POLES_RETURN_IF_ERROR(
              S(Plans()->CreateIndicator(Ctx(t.editor_key).get(), cn, &ind)));
          (*spare)[t.slug].push_back(ind.name());
        }
        return absl::OkStatus();
      }};
}

DatedWrites AgreementWrites() {
  auto dated = [](v1::Agreement* a, int fy) {
    a->set_start_fiscal_year(YearText(fy));
    a->set_end_fiscal_year(YearText(fy));
    a->clear_years();
    auto* y = a->add_years();
    y->set_fiscal_year(YearText(fy));
    *y->mutable_amount() = Cad(5000000);
  };
  return {
      "agreements",
      {"FundingService/CreateAgreement", "FundingService/UpdateAgreement",
       "FundingService/DeleteAgreement"},
      [dated](const TestTenant& t, int fy, std::string* name) {
        v1::CreateAgreementRequest r;
        r.set_parent(t.parent());
        r.set_agreement_id(NextId("ag"));
        r.mutable_agreement()->set_funder("funders/mesi");
        r.mutable_agreement()->set_title("Entente de partenariat");
        r.mutable_agreement()->set_status(v1::Agreement::ACTIVE);
        dated(r.mutable_agreement(), fy);
        v1::Agreement out;
        auto s =
            S(Funding()->CreateAgreement(Ctx(t.editor_key).get(), r, &out));
        *name = out.name();
        return s;
      },
      [](const TestTenant& t, const std::string& name) {
        v1::UpdateAgreementRequest r;
        r.mutable_agreement()->set_name(name);
        r.mutable_agreement()->set_title("Entente (avenant)");
        *r.mutable_update_mask() = Mask({"title"});
        v1::Agreement out;
        return S(Funding()->UpdateAgreement(Ctx(t.editor_key).get(), r, &out));
      },
      [dated](const TestTenant& t, const std::string& name, int fy) {
        v1::UpdateAgreementRequest r;
        r.mutable_agreement()->set_name(name);
        dated(r.mutable_agreement(), fy);
        *r.mutable_update_mask() =
            Mask({"start_fiscal_year", "end_fiscal_year", "years"});
        v1::Agreement out;
        return S(Funding()->UpdateAgreement(Ctx(t.editor_key).get(), r, &out));
      },
      [](const TestTenant& t, const std::string& name) {
        v1::DeleteAgreementRequest r;
        r.set_name(name);
        google::protobuf::Empty e;
        return S(Funding()->DeleteAgreement(Ctx(t.editor_key).get(), r, &e));
      },
      nullptr};
}

v1::Award PromoterAward(int fy) {
  v1::Award a;
  a.set_title("Projet collectif");
  a.set_promoter_group("Comité de citoyens");
  a.mutable_recipient_snapshot()->set_mrc("mrcs/becancour");
  a.mutable_recipient_snapshot()->set_sector("sectors/loisir-et-sport");
  a.set_program("programs/fdt-economie-sociale");
  *a.mutable_amount_authorised() = Cad(100000);
  a.set_decision_date(absl::StrCat(fy, "-10-01"));
  a.set_status(v1::Award::AUTHORISED);
  return a;
}

DatedWrites AwardWrites() {
  return {"awards",
          {"FundingService/CreateAward", "FundingService/UpdateAward",
           "FundingService/DeleteAward"},
          [](const TestTenant& t, int fy, std::string* name) {
            v1::CreateAwardRequest r;
            r.set_parent(t.parent());
            r.set_award_id(NextId("aw"));
            *r.mutable_award() = PromoterAward(fy);
            v1::Award out;
            auto s =
                S(Funding()->CreateAward(Ctx(t.editor_key).get(), r, &out));
            *name = out.name();
            return s;
          },
          [](const TestTenant& t, const std::string& name) {
            v1::UpdateAwardRequest r;
            r.mutable_award()->set_name(name);
            r.mutable_award()->set_title("Projet collectif (corrigé)");
            *r.mutable_update_mask() = Mask({"title"});
            v1::Award out;
            return S(Funding()->UpdateAward(Ctx(t.editor_key).get(), r, &out));
          },
          [](const TestTenant& t, const std::string& name, int fy) {
            v1::UpdateAwardRequest r;
            r.mutable_award()->set_name(name);
            r.mutable_award()->set_decision_date(absl::StrCat(fy, "-10-01"));
            *r.mutable_update_mask() = Mask({"decision_date"});
            v1::Award out;
            return S(Funding()->UpdateAward(Ctx(t.editor_key).get(), r, &out));
          },
          [](const TestTenant& t, const std::string& name) {
            v1::DeleteAwardRequest r;
            r.set_name(name);
            google::protobuf::Empty e;
            return S(Funding()->DeleteAward(Ctx(t.editor_key).get(), r, &e));
          },
          nullptr};
}

// The award import (a client stream) of one row; importing the same award
// id again updates it (the edit). Its "name" is the award id.
DatedWrites AwardImportWrites() {
  auto import = [](const TestTenant& t, const std::string& id, int fy,
                   const std::string& title) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + t.editor_key);
    v1::ImportAwardsResponse resp;
    auto writer = Funding()->ImportAwards(&ctx, &resp);
    v1::ImportAwardsRequest m;
    m.set_parent(t.parent());
    auto* row = m.add_rows();
    row->set_line(2);
    row->set_award_id(id);
    *row->mutable_award() = PromoterAward(fy);
    row->mutable_award()->set_title(title);
    writer->Write(m);
    writer->WritesDone();
    return S(writer->Finish());
  };
  return {"award import",
          {"FundingService/ImportAwards"},
          [import](const TestTenant& t, int fy, std::string* name) {
            *name = absl::StrCat(NextId("im"), "#", fy);
            return import(t, name->substr(0, name->find('#')), fy, "Importé");
          },
          [import](const TestTenant& t, const std::string& name) {
            auto hash = name.find('#');
            return import(t, name.substr(0, hash),
                          std::stoi(name.substr(hash + 1)), "Réimporté");
          },
          nullptr,
          nullptr,
          nullptr};
}

DatedWrites CallWrites() {
  return {"calls for projects",
          {"FundingService/CreateCallForProjects",
           "FundingService/UpdateCallForProjects",
           "FundingService/DeleteCallForProjects"},
          [](const TestTenant& t, int fy, std::string* name) {
            v1::CreateCallForProjectsRequest r;
            r.set_parent(t.parent());
            r.set_call_for_projects_id(NextId("ap"));
            auto* c = r.mutable_call_for_projects();
            c->set_program("programs/fdt-economie-sociale");
            c->set_title("Appel de projets d'automne");
            c->set_fiscal_year(YearText(fy));
            c->set_retained(1);
            v1::CallForProjects out;
            auto s = S(Funding()->CreateCallForProjects(Ctx(t.editor_key).get(),
                                                        r, &out));
            *name = out.name();
            return s;
          },
          [](const TestTenant& t, const std::string& name) {
            v1::UpdateCallForProjectsRequest r;
            r.mutable_call_for_projects()->set_name(name);
            r.mutable_call_for_projects()->set_title("Appel (prolongé)");
            *r.mutable_update_mask() = Mask({"title"});
            v1::CallForProjects out;
            return S(Funding()->UpdateCallForProjects(Ctx(t.editor_key).get(),
                                                      r, &out));
          },
          [](const TestTenant& t, const std::string& name, int fy) {
            v1::UpdateCallForProjectsRequest r;
            r.mutable_call_for_projects()->set_name(name);
            r.mutable_call_for_projects()->set_fiscal_year(YearText(fy));
            *r.mutable_update_mask() = Mask({"fiscal_year"});
            v1::CallForProjects out;
            return S(Funding()->UpdateCallForProjects(Ctx(t.editor_key).get(),
                                                      r, &out));
          },
          [](const TestTenant& t, const std::string& name) {
            v1::DeleteCallForProjectsRequest r;
            r.set_name(name);
            google::protobuf::Empty e;
            return S(Funding()->DeleteCallForProjects(Ctx(t.editor_key).get(),
                                                      r, &e));
          },
          nullptr};
}

DatedWrites ReportedTotalWrites() {
  return {"reported totals",
          {"FundingService/CreateReportedTotal",
           "FundingService/UpdateReportedTotal",
           "FundingService/DeleteReportedTotal"},
          [](const TestTenant& t, int fy, std::string* name) {
            v1::CreateReportedTotalRequest r;
            r.set_parent(t.parent());
            r.set_reported_total_id(NextId("rt"));
            auto* x = r.mutable_reported_total();
            x->set_funder("funders/services-quebec");
            x->set_fiscal_year(YearText(fy));
            x->set_measure(v1::REPORTED_MEASURE_AMOUNT);
            x->set_title("Investissements de la région");
            x->set_total(71728083);
            v1::ReportedTotal out;
            auto s = S(Funding()->CreateReportedTotal(Ctx(t.editor_key).get(),
                                                      r, &out));
            *name = out.name();
            return s;
          },
          [](const TestTenant& t, const std::string& name) {
            v1::UpdateReportedTotalRequest r;
            r.mutable_reported_total()->set_name(name);
            r.mutable_reported_total()->set_title("Investissements (révisé)");
            *r.mutable_update_mask() = Mask({"title"});
            v1::ReportedTotal out;
            return S(Funding()->UpdateReportedTotal(Ctx(t.editor_key).get(), r,
                                                    &out));
          },
          [](const TestTenant& t, const std::string& name, int fy) {
            v1::UpdateReportedTotalRequest r;
            r.mutable_reported_total()->set_name(name);
            r.mutable_reported_total()->set_fiscal_year(YearText(fy));
            *r.mutable_update_mask() = Mask({"fiscal_year"});
            v1::ReportedTotal out;
            return S(Funding()->UpdateReportedTotal(Ctx(t.editor_key).get(), r,
                                                    &out));
          },
          [](const TestTenant& t, const std::string& name) {
            v1::DeleteReportedTotalRequest r;
            r.set_name(name);
            google::protobuf::Empty e;
            return S(
                Funding()->DeleteReportedTotal(Ctx(t.editor_key).get(), r, &e));
          },
          nullptr};
}

std::vector<DatedWrites> AllDatedWrites() {
  return {EventWrites(),       EventsReportWrites(),
          PlansReportWrites(), DirectoriesReportWrites(),
          DossierWrites(),     InterventionWrites(),
          ResultWrites(),      AgreementWrites(),
          AwardWrites(),       AwardImportWrites(),
          CallWrites(),        ReportedTotalWrites()};
}

// The writes of resources dated in no year (migration 0010's header says
// why for each table), which the lock leaves alone.
const std::set<std::string> kUndatedWrites = {
    "PlansService/CreatePlan",
    "PlansService/UpdatePlan",
    "PlansService/DeletePlan",
    "PlansService/CreatePlanItem",
    "PlansService/UpdatePlanItem",
    "PlansService/DeletePlanItem",
    "PlansService/CreateIndicator",
    "PlansService/UpdateIndicator",
    "EventsService/CreateBody",
    "EventsService/DeleteBody",
    "EventsService/UpdatePoleProfile",
    "DirectoriesService/CreateOrganisation",
    "DirectoriesService/UpdateOrganisation",
    "DirectoriesService/DeleteOrganisation",
    "DirectoriesService/RenewMembership",
    "DirectoriesService/ImportOrganisations",
    "DirectoriesService/CreatePerson",
    "DirectoriesService/UpdatePerson",
    "DirectoriesService/DeletePerson",
    "DirectoriesService/ErasePerson",
    "FundingService/CreateLocalProgram",
    "FundingService/UpdateLocalProgram",
    "FundingService/DeleteLocalProgram",
};

// Every write method of every tenant-data service (read from the
// descriptors) is exercised below or listed as undated, so a write added
// later must be placed in one or the other.
TEST(FiscalYearLockTest, EveryWriteMethodIsCoveredOrUndated) {
  std::set<std::string> covered;
  for (const auto& w : AllDatedWrites()) {
    covered.insert(w.methods.begin(), w.methods.end());
  }
  int writes = 0;
  for (const char* service :
       {"poles.v1.PlansService", "poles.v1.EventsService",
        "poles.v1.DirectoriesService", "poles.v1.FundingService"}) {
    const auto* desc =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            service);
    ASSERT_NE(desc, nullptr) << service;
    for (int i = 0; i < desc->method_count(); ++i) {
      const std::string m = desc->method(i)->name();
      bool write = false;
      for (const char* prefix : {"Create", "Update", "Delete", "Record",
                                 "Report", "Import", "Renew", "Erase"}) {
        write = write || absl::StartsWith(m, prefix);
      }
      if (!write) continue;
      ++writes;
      const std::string key = absl::StrCat(desc->name(), "/", m);
      EXPECT_TRUE(covered.count(key) + kUndatedWrites.count(key) == 1)
          << key << " must be covered by a DatedWrites or listed as undated";
    }
  }
  EXPECT_GE(writes, 45);
  for (const auto& m : covered) {
    EXPECT_EQ(kUndatedWrites.count(m), 0u) << m;
  }
}

// The tables the lock's trigger is on are exactly the dated ones the
// migration decided; any other tenant table with a date, a time or a
// fiscal-year column must be named here as left unlocked on purpose.
TEST(FiscalYearLockTest, EveryDatedTenantTableIsLockedOrLeftOnPurpose) {
  const std::set<std::string> kLockedTables = {
      "indicator_results", "reported_values",    "events",
      "dossiers",          "interventions",      "agreements",
      "agreement_years",   "calls_for_projects", "awards",
      "reported_totals"};
  const std::set<std::string> kUnlockedOnPurpose = {"plans",
                                                    "plan_items",
                                                    "plan_indicators",
                                                    "organisations",
                                                    "membership_renewals",
                                                    "people",
                                                    "fiscal_year_submissions",
                                                    "pole_profiles"};
  pqxx::connection c(SuperuserUrl());
  pqxx::work w(c);
  std::set<std::string> locked;
  for (const auto& r :
       w.exec("SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = "
              "g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
              "n.nspname = 'poles' AND g.tgname = 'fiscal_year_lock' AND NOT "
              "g.tgisinternal AND g.tgenabled = 'O'")) {
    locked.insert(r[0].c_str());
  }
  EXPECT_EQ(locked, kLockedTables);
  // Dated columns: a date, a timestamptz that is not bookkeeping, or an
  // integer fiscal year.
  for (const auto& r : w.exec(
           "SELECT DISTINCT c.relname FROM pg_class c JOIN pg_namespace n ON "
           "n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid "
           "AND a.attnum > 0 AND NOT a.attisdropped WHERE n.nspname = 'poles' "
           "AND c.relkind = 'r' AND EXISTS (SELECT 1 FROM pg_attribute t "
           "WHERE t.attrelid = c.oid AND t.attname = 'tenant_id') AND "
           "(a.atttypid = 'date'::regtype OR (a.atttypid = "
           "'timestamptz'::regtype AND a.attname NOT IN ('create_time', "
           "'update_time', 'record_time', 'report_time', 'erase_time', 'at', "
           "'submit_time', 'unlock_time')) OR a.attname LIKE '%fiscal_year%' "
           "OR a.attname LIKE '%\\_fy')")) {
    const std::string table = r[0].c_str();
    EXPECT_TRUE(locked.count(table) + kUnlockedOnPurpose.count(table) == 1)
        << table
        << " holds dated rows: lock it (migration) or list it as unlocked";
  }
}

class FiscalYearLockFlow : public ::testing::Test {
 protected:
  absl::Status Submit(const TestTenant& t, int fy, v1::FiscalYear* out) {
    v1::SubmitFiscalYearRequest r;
    r.set_name(YearName(t, fy));
    return S(FiscalYears()->SubmitFiscalYear(Ctx(t.editor_key).get(), r, out));
  }
  absl::Status Unlock(const std::string& key, const TestTenant& t, int fy,
                      const std::string& reason, v1::FiscalYear* out) {
    v1::UnlockFiscalYearRequest r;
    r.set_name(YearName(t, fy));
    r.set_reason(reason);
    return S(FiscalYears()->UnlockFiscalYear(Ctx(key).get(), r, out));
  }
};

TEST_F(FiscalYearLockFlow, EveryServiceRefusesWritesDatedInASubmittedYear) {
  TestTenant t = NewTenant("fyl");
  TestTenant other = NewTenant("fyo");
  const auto writes = AllDatedWrites();
  std::vector<std::string> in_locked(writes.size()), in_other(writes.size()),
      other_tenant(writes.size());
  for (size_t i = 0; i < writes.size(); ++i) {
    const auto& w = writes[i];
    if (w.prepare) {
      ASSERT_THAT(w.prepare(t), IsOk()) << w.label;
      ASSERT_THAT(w.prepare(other), IsOk()) << w.label;
    }
    ASSERT_THAT(w.create(t, kLocked, &in_locked[i]), IsOk()) << w.label;
    ASSERT_THAT(w.create(t, kOther, &in_other[i]), IsOk()) << w.label;
    ASSERT_THAT(w.create(other, kLocked, &other_tenant[i]), IsOk()) << w.label;
  }

  v1::FiscalYear year;
  ASSERT_THAT(Submit(t, kLocked, &year), IsOk());
  EXPECT_EQ(year.state(), v1::FiscalYear::SUBMITTED);
  EXPECT_EQ(year.name(), YearName(t, kLocked));

  // Refused, and nothing of the tenant changes (rows, audit, replays).
  const std::string before = Snapshot(t.slug);
  const std::string locked_text = YearText(kLocked);
  for (size_t i = 0; i < writes.size(); ++i) {
    const auto& w = writes[i];
    std::string ignored;
    EXPECT_THAT(w.create(t, kLocked, &ignored), IsLockedIn(locked_text))
        << w.label << ": create";
    EXPECT_THAT(w.edit(t, in_locked[i]), IsLockedIn(locked_text))
        << w.label << ": edit";
    if (w.move) {
      EXPECT_THAT(w.move(t, in_other[i], kLocked), IsLockedIn(locked_text))
          << w.label << ": move into the year";
      EXPECT_THAT(w.move(t, in_locked[i], kOther), IsLockedIn(locked_text))
          << w.label << ": move out of the year";
    }
    if (w.remove) {
      EXPECT_THAT(w.remove(t, in_locked[i]), IsLockedIn(locked_text))
          << w.label << ": delete";
    }
  }
  EXPECT_EQ(Snapshot(t.slug), before) << "a refused write changed something";

  // Another year, and the same year of another tenant, are open.
  for (size_t i = 0; i < writes.size(); ++i) {
    const auto& w = writes[i];
    std::string created;
    EXPECT_THAT(w.create(t, kOther, &created), IsOk()) << w.label;
    if (w.remove) {
      EXPECT_THAT(w.remove(t, created), IsOk()) << w.label;
    }
    EXPECT_THAT(w.edit(t, in_other[i]), IsOk()) << w.label;
    EXPECT_THAT(w.edit(other, other_tenant[i]), IsOk()) << w.label;
    EXPECT_THAT(w.create(other, kLocked, &created), IsOk()) << w.label;
  }

  // Only the Chantier or the admin unlocks, with a reason.
  EXPECT_THAT(Unlock(t.editor_key, t, kLocked, "oubli", &year),
              StatusIs(absl::StatusCode::kPermissionDenied));
  const std::string national = PlatformKey("national");
  EXPECT_THAT(Unlock(national, t, kLocked, "", &year),
              InvalidFieldIs("reason"));
  EXPECT_THAT(Unlock(national, t, kLocked, std::string(501, 'x'), &year),
              InvalidFieldIs("reason"));
  ASSERT_THAT(Unlock(national, t, kLocked,
                     "Correction du nombre d'entreprises au répertoire", &year),
              IsOk());
  EXPECT_EQ(year.state(), v1::FiscalYear::OPEN);
  EXPECT_EQ(year.unlock_reason(),
            "Correction du nombre d'entreprises au répertoire");
  EXPECT_TRUE(year.has_unlock_time());
  EXPECT_TRUE(year.has_submit_time());
  EXPECT_THAT(Unlock(national, t, kLocked, "encore", &year),
              StatusIs(absl::StatusCode::kFailedPrecondition));

  for (size_t i = 0; i < writes.size(); ++i) {
    const auto& w = writes[i];
    std::string created;
    EXPECT_THAT(w.create(t, kLocked, &created), IsOk()) << w.label;
    EXPECT_THAT(w.edit(t, in_locked[i]), IsOk()) << w.label;
    if (w.remove) {
      EXPECT_THAT(w.remove(t, in_locked[i]), IsOk()) << w.label;
    }
  }

  // Both are in the tenant's audit log, by the keys that made them.
  pqxx::connection c(SuperuserUrl());
  pqxx::work wk(c);
  auto audit = wk.exec_params(
      "SELECT action, resource FROM poles.audit_log WHERE tenant_id = $1 AND "
      "action LIKE 'FiscalYearsService/%' ORDER BY audit_id",
      t.slug);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_STREQ(audit[0]["action"].c_str(),
               "FiscalYearsService/SubmitFiscalYear");
  EXPECT_STREQ(audit[1]["action"].c_str(),
               "FiscalYearsService/UnlockFiscalYear");
  EXPECT_EQ(audit[1]["resource"].c_str(), YearName(t, kLocked));
}

TEST_F(FiscalYearLockFlow, SubmitGetListAndWhoCanReadThem) {
  TestTenant t = NewTenant("fys");
  auto stub = FiscalYears();
  v1::GetFiscalYearRequest get;
  get.set_name(YearName(t, 2018));
  v1::FiscalYear year;
  ASSERT_THAT(S(stub->GetFiscalYear(Ctx(t.viewer_key).get(), get, &year)),
              IsOk());
  EXPECT_EQ(year.state(), v1::FiscalYear::OPEN);
  EXPECT_FALSE(year.has_submit_time());

  // A viewer cannot submit; the editor can, once.
  v1::SubmitFiscalYearRequest submit;
  submit.set_name(YearName(t, 2018));
  EXPECT_THAT(S(stub->SubmitFiscalYear(Ctx(t.viewer_key).get(), submit, &year)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_THAT(Submit(t, 2018, &year), IsOk());
  EXPECT_EQ(year.submitted_by(), t.slug + " editor");
  absl::Status again = Submit(t, 2018, &year);
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(again), "FISCAL_YEAR_ALREADY_SUBMITTED");
  ASSERT_THAT(Submit(t, 2016, &year), IsOk());

  // Editor, viewer, national, funding and service read it; the admin and
  // another tenant do not.
  TestTenant stranger = NewTenant("fyx");
  for (const std::string& key :
       {t.editor_key, t.viewer_key, PlatformKey("national"),
        PlatformKey("funding"), ServiceKey()}) {
    ASSERT_THAT(S(stub->GetFiscalYear(Ctx(key).get(), get, &year)), IsOk());
    EXPECT_EQ(year.state(), v1::FiscalYear::SUBMITTED);
    EXPECT_TRUE(year.has_submit_time());
    v1::ListFiscalYearsRequest list;
    list.set_parent(t.parent());
    v1::ListFiscalYearsResponse listed;
    ASSERT_THAT(S(stub->ListFiscalYears(Ctx(key).get(), list, &listed)),
                IsOk());
    ASSERT_EQ(listed.fiscal_years_size(), 2);
    EXPECT_EQ(listed.fiscal_years(0).name(), YearName(t, 2018));
    EXPECT_EQ(listed.fiscal_years(1).name(), YearName(t, 2016));
  }
  for (const std::string& key : {AdminKey(), stranger.editor_key}) {
    EXPECT_THAT(S(stub->GetFiscalYear(Ctx(key).get(), get, &year)),
                StatusIs(absl::StatusCode::kPermissionDenied));
  }
  EXPECT_THAT(Unlock(PlatformKey("funding"), t, 2018, "non", &year),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Unlock(ServiceKey(), t, 2018, "non", &year),
              StatusIs(absl::StatusCode::kPermissionDenied));
  // The admin unlocks too; a new submission keeps the last unlock.
  ASSERT_THAT(Unlock(AdminKey(), t, 2018, "Demande du Pôle", &year), IsOk());
  EXPECT_FALSE(year.unlocked_by().empty());
  ASSERT_THAT(Submit(t, 2018, &year), IsOk());
  EXPECT_EQ(year.state(), v1::FiscalYear::SUBMITTED);
  EXPECT_EQ(year.unlock_reason(), "Demande du Pôle");
  // A year of the stranger's is its own.
  get.set_name(YearName(stranger, 2018));
  ASSERT_THAT(
      S(stub->GetFiscalYear(Ctx(stranger.viewer_key).get(), get, &year)),
      IsOk());
  EXPECT_EQ(year.state(), v1::FiscalYear::OPEN);
}

// The boundaries are 1 April and 31 March, and an event's date is its
// Montréal date (21:00 on 31 March in Montréal is 01:00 UTC on 1 April).
TEST_F(FiscalYearLockFlow, TheYearRunsFromAprilToMarchInMontreal) {
  TestTenant t = NewTenant("fyb");
  v1::FiscalYear year;
  ASSERT_THAT(Submit(t, 2017, &year), IsOk());
  std::string name;
  EXPECT_THAT(CreateDossier(t, "2017-04-01", &name), IsLockedIn("2017-2018"));
  EXPECT_THAT(CreateDossier(t, "2018-03-31", &name), IsLockedIn("2017-2018"));
  EXPECT_THAT(CreateDossier(t, "2017-03-31", &name), IsOk());
  EXPECT_THAT(CreateDossier(t, "2018-04-01", &name), IsOk());
  auto event_at = [&](int64_t start) {
    v1::CreateEventRequest r;
    r.set_parent(t.parent());
    r.mutable_event()->set_title("Assemblée générale");
    r.mutable_event()->set_kind(v1::Event::FORUM);
    r.mutable_event()->set_organised(true);
    r.mutable_event()->mutable_start_time()->set_seconds(start);
    r.mutable_event()->mutable_end_time()->set_seconds(start + 3600);
    v1::Event out;
    return S(Events()->CreateEvent(Ctx(t.editor_key).get(), r, &out));
  };
  // 2018-04-01T01:00:00Z = 2018-03-31 21:00 EDT: still 2017-2018.
  EXPECT_THAT(event_at(1522544400), IsLockedIn("2017-2018"));
  // 2018-04-01T05:00:00Z = 2018-04-01 01:00 EDT: 2018-2019.
  EXPECT_THAT(event_at(1522558800), IsOk());
}

// The two-tenant matrix of FiscalYearsService (tests/tenancy_harness.h):
// tenant B's keys are refused A's years by name, and nothing of A's shows
// under B's own name; the admin reads none and unlocks A's.
using FyStub = v1::FiscalYearsService::Stub;

TenancyRpcs<FyStub> FiscalYearRpcs(const TestTenant& a) {
  const std::string year = YearName(a, 2017);
  TenancyRpcs<FyStub> rpcs;
  rpcs.emplace_back("SubmitFiscalYear", [year](FyStub& s, auto& k, auto& n) {
    v1::SubmitFiscalYearRequest r;
    r.set_name(n(year));
    v1::FiscalYear o;
    return s.SubmitFiscalYear(Ctx(k).get(), r, &o);
  });
  rpcs.emplace_back("UnlockFiscalYear", [year](FyStub& s, auto& k, auto& n) {
    v1::UnlockFiscalYearRequest r;
    r.set_name(n(year));
    r.set_reason("Unlock confidentiel");
    v1::FiscalYear o;
    return s.UnlockFiscalYear(Ctx(k).get(), r, &o);
  });
  rpcs.emplace_back("GetFiscalYear", [year](FyStub& s, auto& k, auto& n) {
    v1::GetFiscalYearRequest r;
    r.set_name(n(year));
    v1::FiscalYear o;
    grpc::Status st = s.GetFiscalYear(Ctx(k).get(), r, &o);
    // B's own never-submitted year answers OPEN: "found nothing".
    if (st.ok() && o.state() == v1::FiscalYear::OPEN) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "open");
    }
    return st;
  });
  rpcs.emplace_back("ListFiscalYears", [a](FyStub& s, auto& k, auto& n) {
    v1::ListFiscalYearsRequest r;
    r.set_parent(n(a.parent()));
    v1::ListFiscalYearsResponse o;
    grpc::Status st = s.ListFiscalYears(Ctx(k).get(), r, &o);
    if (st.ok() && o.fiscal_years_size() == 0) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "empty");
    }
    return st;
  });
  return rpcs;
}

TEST(FiscalYearsTenancyTest, TenantBReachesNothingOfTenantA) {
  TestTenant a = NewTenant("fya");
  TestTenant b = NewTenant("fyb");
  v1::SubmitFiscalYearRequest submit;
  submit.set_name(YearName(a, 2017));
  v1::FiscalYear year;
  ASSERT_TRUE(FiscalYears()
                  ->SubmitFiscalYear(Ctx(a.editor_key).get(), submit, &year)
                  .ok());
  auto rpcs = FiscalYearRpcs(a);
  ExpectEveryMethodCovered(v1::FiscalYearsService::service_full_name(), rpcs);
  const std::string before = Snapshot(a.slug);
  auto stub = FiscalYears();
  // Unlock is the national role's, so a tenant key is refused whatever the
  // tenant; the rest are refused for A's names.
  ExpectDeniedByName(*stub, rpcs, {b.editor_key, b.viewer_key}, "confidentiel");
  auto as_b = [&](const std::string& n) {
    std::string out = n;
    out.replace(0, a.parent().size(), b.parent());
    return out;
  };
  for (const auto& [name, rpc] : rpcs) {
    grpc::Status s = rpc(*stub, b.editor_key, as_b);
    if (name == "SubmitFiscalYear") {
      EXPECT_TRUE(s.ok()) << s.error_message();  // B's own year
    } else if (name == "UnlockFiscalYear") {
      EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    } else if (name == "GetFiscalYear") {
      // B's own year, just submitted by B: not A's row.
      EXPECT_TRUE(s.ok()) << s.error_message();
    } else {
      EXPECT_TRUE(s.ok()) << name << ": " << s.error_message();
    }
  }
  // The admin operates the platform, not tenant data: no reads.
  ExpectDeniedByName(*stub, rpcs, {AdminKey()}, "confidentiel",
                     {"UnlockFiscalYear"});
  EXPECT_EQ(Snapshot(a.slug), before);
  // A is still submitted, B's submission is B's own.
  v1::GetFiscalYearRequest get;
  get.set_name(YearName(a, 2017));
  ASSERT_TRUE(
      FiscalYears()->GetFiscalYear(Ctx(a.viewer_key).get(), get, &year).ok());
  EXPECT_EQ(year.state(), v1::FiscalYear::SUBMITTED);
  EXPECT_EQ(year.submitted_by(), a.slug + " editor");
}

}  // namespace
}  // namespace poles::testing
