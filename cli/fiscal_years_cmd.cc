#include "cli/fiscal_years_cmd.h"

#include <cstdio>

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/errors.h"
#include "cli/messages.h"
#include "poles/v1/fiscal_years.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/time_zone.h"

namespace poles::cli {

namespace {

std::string LocalTime(const google::protobuf::Timestamp& ts) {
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(ts.seconds()),
                          MontrealTimeZone());
}

const char* StateFr(v1::FiscalYear::State s) {
  return s == v1::FiscalYear::SUBMITTED ? Tr("soumis", "submitted")
                                        : Tr("ouvert", "open");
}

std::string Json(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = true;
  o.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

int Fail(const grpc::Status& s, const std::string& what) {
  return cli::ReportError(s, what);
}

}  // namespace

std::string FiscalYearText(const v1::FiscalYear& year) {
  std::string out =
      absl::StrCat(year.name(), Tr(" : ", ": "), StateFr(year.state()));
  if (year.has_submit_time()) {
    absl::StrAppend(&out, Tr("\n  soumis le ", "\n  submitted on "),
                    LocalTime(year.submit_time()), Tr(" par ", " by "),
                    year.submitted_by());
  }
  if (year.has_unlock_time()) {
    absl::StrAppend(&out, Tr("\n  déverrouillé le ", "\n  unlocked on "),
                    LocalTime(year.unlock_time()), Tr(" par ", " by "),
                    year.unlocked_by(), Tr(" : ", ": "), year.unlock_reason());
  }
  return out;
}

void FiscalYearsCommands::Add(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "fiscal-years",
      Tr("exercices financiers : soumission (verrou des écritures datées "
         "dans l'exercice) et déverrouillage",
         "fiscal years: submission (locks the writes dated in the year) and "
         "unlocking"));
  cmd->require_subcommand(1);
  auto year_options = [&](CLI::App* sub) {
    sub->add_option("--tenant", tenant_, Tr("Pôle", "Pôle (tenant slug)"))
        ->required();
    sub->add_option(
           "--fiscal-year", fiscal_year_,
           Tr("exercice, p. ex. 2017-2018", "fiscal year, e.g. 2017-2018"))
        ->required();
    sub->add_flag("--json", json_, Tr("en JSON", "as JSON"));
  };
  submit_ = cmd->add_subcommand(
      "submit",
      Tr("soumettre l'exercice (éditeur du Pôle) : toute écriture datée dans "
         "l'exercice est ensuite refusée",
         "submit the fiscal year (the Pôle's editor): every write dated in "
         "the year is refused from then on"));
  year_options(submit_);
  unlock_ = cmd->add_subcommand(
      "unlock",
      Tr("déverrouiller un exercice soumis (Chantier ou administrateur)",
         "unlock a submitted fiscal year (the Chantier or an admin)"));
  year_options(unlock_);
  unlock_
      ->add_option(
          "--reason", reason_,
          Tr("raison (1 à 500 caractères)", "reason (1 to 500 characters)"))
      ->required();
  show_ = cmd->add_subcommand("show", Tr("afficher l'état d'un exercice",
                                         "show a fiscal year's state"));
  year_options(show_);
  list_ = cmd->add_subcommand(
      "list",
      Tr("lister les exercices soumis un jour, du plus récent au plus ancien",
         "list the fiscal years ever submitted, newest first"));
  list_->add_option("--tenant", tenant_, Tr("Pôle", "Pôle (tenant slug)"))
      ->required();
  list_->add_flag("--json", json_, Tr("en JSON", "as JSON"));
}

bool FiscalYearsCommands::parsed() const {
  return submit_->parsed() || unlock_->parsed() || show_->parsed() ||
         list_->parsed();
}

int FiscalYearsCommands::Run(const std::shared_ptr<grpc::Channel>& channel,
                             const std::string& key,
                             std::chrono::milliseconds timeout) {
  auto stub = v1::FiscalYearsService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + timeout);
  if (!key.empty()) ctx.AddMetadata("authorization", "Bearer " + key);
  const std::string name =
      absl::StrCat("tenants/", tenant_, "/fiscalYears/", fiscal_year_);
  if (list_->parsed()) {
    v1::ListFiscalYearsRequest req;
    req.set_parent("tenants/" + tenant_);
    v1::ListFiscalYearsResponse resp;
    if (auto s = stub->ListFiscalYears(&ctx, req, &resp); !s.ok())
      return Fail(s, "liste des exercices");
    if (json_) {
      std::printf("%s\n", Json(resp).c_str());
      return 0;
    }
    if (resp.fiscal_years().empty()) {
      std::printf(Tr("aucun exercice soumis pour %s\n",
                     "no fiscal year submitted for %s\n"),
                  tenant_.c_str());
    }
    for (const auto& y : resp.fiscal_years()) {
      std::printf("%s\n", FiscalYearText(y).c_str());
    }
    return 0;
  }
  v1::FiscalYear year;
  grpc::Status s;
  const char* what = "";
  if (submit_->parsed()) {
    v1::SubmitFiscalYearRequest req;
    req.set_name(name);
    s = stub->SubmitFiscalYear(&ctx, req, &year);
    what = "soumission de l'exercice";
  } else if (unlock_->parsed()) {
    v1::UnlockFiscalYearRequest req;
    req.set_name(name);
    req.set_reason(reason_);
    s = stub->UnlockFiscalYear(&ctx, req, &year);
    what = "déverrouillage de l'exercice";
  } else {
    v1::GetFiscalYearRequest req;
    req.set_name(name);
    s = stub->GetFiscalYear(&ctx, req, &year);
    what = "lecture de l'exercice";
  }
  if (!s.ok()) return Fail(s, what);
  if (json_) {
    std::printf("%s\n", Json(year).c_str());
  } else {
    std::printf("%s\n", FiscalYearText(year).c_str());
  }
  return 0;
}

}  // namespace poles::cli
