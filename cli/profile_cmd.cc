#include "cli/profile_cmd.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "cli/errors.h"
#include "cli/profile_file.h"
#include "poles/v1/events.grpc.pb.h"

namespace poles::cli {

namespace {

std::string Json(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = true;
  o.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

std::string OrUnset(const std::string& value) {
  return value.empty() ? "non renseigné" : value;
}

int Print(const v1::PoleProfile& p, bool json) {
  if (json) {
    std::printf("%s\n", Json(p).c_str());
  } else {
    std::printf("%s\n", ProfileText(p).c_str());
  }
  return 0;
}

}  // namespace

std::string ProfileText(const v1::PoleProfile& p) {
  std::string out = p.name();
  absl::StrAppend(&out, "\n  nom légal : ", OrUnset(p.legal_name()));
  absl::StrAppend(&out, "\n  incorporé le : ", OrUnset(p.incorporation_date()));
  absl::StrAppend(&out,
                  "\n  assemblée de fondation : ", OrUnset(p.founding_event()));
  absl::StrAppend(&out, "\n  site Web : ", OrUnset(p.website_uri()));
  absl::StrAppend(&out, "\n  courriel : ", OrUnset(p.contact_email()));
  for (const auto& n : p.notes()) absl::StrAppend(&out, "\n  note : ", n);
  return out;
}

void ProfileCommands::Add(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "profile",
      "profil du Pôle : nom légal, date d'incorporation, assemblée de "
      "fondation, site Web, courriel");
  cmd->require_subcommand(1);
  get_ = cmd->add_subcommand("get", "afficher le profil d'un Pôle");
  get_->add_option("--tenant", tenant_, "Pôle")->required();
  get_->add_flag("--json", json_, "en JSON");
  set_ = cmd->add_subcommand(
      "set",
      "changer les champs donnés du profil (éditeur du Pôle) ; les autres "
      "restent tels quels");
  set_->add_option("--tenant", tenant_,
                   "Pôle (par défaut : celui du fichier --file)");
  set_->add_option("--file", file_,
                   "fichier de profil JSON (data/seeds/profiles/*.json)");
  set_->add_option("--legal-name", legal_name_, "nom légal");
  set_->add_option("--incorporation-date", incorporation_date_,
                   "date d'incorporation, AAAA-MM-JJ (vide : l'effacer)");
  set_->add_option("--founding-event", founding_event_,
                   "id de l'événement de l'assemblée de fondation (vide : "
                   "aucun)");
  set_->add_option("--website", website_uri_, "site Web, https://...");
  set_->add_option("--contact-email", contact_email_,
                   "courriel général du Pôle (jamais celui d'une personne)");
  set_->add_option("--note", notes_,
                   "note (répétable ; remplace toutes les notes)");
  set_->add_flag("--json", json_, "en JSON");
}

bool ProfileCommands::parsed() const {
  return get_->parsed() || set_->parsed();
}

int ProfileCommands::Run(const std::shared_ptr<grpc::Channel>& channel,
                         const std::string& key,
                         std::chrono::milliseconds timeout) {
  if (get_->parsed()) {
    auto stub = v1::EventsService::NewStub(channel);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + timeout);
    if (!key.empty()) ctx.AddMetadata("authorization", "Bearer " + key);
    v1::GetPoleProfileRequest req;
    req.set_name(absl::StrCat("tenants/", tenant_, "/profile"));
    v1::PoleProfile out;
    if (auto s = stub->GetPoleProfile(&ctx, req, &out); !s.ok()) {
      return ReportError(s, "lecture du profil");
    }
    return Print(out, json_);
  }
  ProfileFile f;
  if (!file_.empty()) {
    std::ifstream in(file_);
    if (!in) {
      std::fprintf(stderr, "polesctl: %s : fichier illisible\n", file_.c_str());
      return 1;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = ParseProfileFile(ss.str());
    if (!parsed.ok()) {
      std::fprintf(stderr, "polesctl: %s : %s\n", file_.c_str(),
                   std::string(parsed.status().message()).c_str());
      return 1;
    }
    f = *parsed;
  }
  if (tenant_.empty()) tenant_ = f.tenant;
  if (tenant_.empty()) {
    std::fprintf(stderr, "polesctl: --tenant ou --file est requis\n");
    return 1;
  }
  auto given = [&](const char* option) {
    return set_->get_option(option)->count() > 0;
  };
  auto set_path = [&](const std::string& path) {
    f.paths.erase(std::remove(f.paths.begin(), f.paths.end(), path),
                  f.paths.end());
    f.paths.push_back(path);
  };
  if (given("--legal-name")) {
    f.profile.set_legal_name(legal_name_);
    set_path("legal_name");
  }
  if (given("--incorporation-date")) {
    f.profile.set_incorporation_date(incorporation_date_);
    set_path("incorporation_date");
  }
  if (given("--founding-event")) {
    f.founding_event_id = founding_event_;
    set_path("founding_event");
  }
  if (given("--website")) {
    f.profile.set_website_uri(website_uri_);
    set_path("website_uri");
  }
  if (given("--contact-email")) {
    f.profile.set_contact_email(contact_email_);
    set_path("contact_email");
  }
  if (given("--note")) {
    f.profile.clear_notes();
    for (const auto& n : notes_) f.profile.add_notes(n);
    set_path("notes");
  }
  if (f.paths.empty()) {
    std::fprintf(stderr,
                 "polesctl: rien à changer : donnez --file ou un champ "
                 "(--legal-name, --incorporation-date, ...)\n");
    return 1;
  }
  auto out = LoadProfileFile(channel, key, f, tenant_, timeout);
  if (!out.ok()) return ReportError(out.status(), "mise à jour du profil");
  return Print(*out, json_);
}

}  // namespace poles::cli
