// polesctl: the operators' and coordinators' command line.
//
//   polesctl tenants list
//   polesctl keys issue --tenant centre-du-quebec --role editor
//   polesctl plans import data/seeds/plans/vhsl-2018-2019.json --dry-run
//   polesctl directories import entreprises.csv --tenant centre-du-quebec
//   --dry-run polesctl directories export --tenant centre-du-quebec --format
//   html --mrc becancour polesctl funding awards list --tenant centre-du-quebec
//   --fiscal-year 2017-2018 polesctl funding import subventions.csv --tenant
//   centre-du-quebec --dry-run polesctl funding report services-quebec.json
//   --tenant centre-du-quebec polesctl funding export --tenant centre-du-quebec
//   --format 360giving polesctl demo load --data-dir .poles-data
//   polesctl national table --fiscal-year 2017-2018 --region 17
//   polesctl national funding --fiscal-years 2017-2018 --group-by program
//   polesctl bilan --tenant centre-du-quebec --fiscal-year 2017-2018 --pdf
//   b.pdf
//
// The server address comes from --server (POLES_SERVER, default
// 127.0.0.1:50051), the national gateway's from --gateway (POLES_GATEWAY,
// default 127.0.0.1:50052); the API key from --key-file or POLES_API_KEY.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cli/bilan.h"
#include "cli/completion.h"
#include "cli/demo_reported.h"
#include "cli/errors.h"
#include "cli/events_file.h"
#include "cli/exit_code.h"
#include "cli/fiscal_years_cmd.h"
#include "cli/funding_file.h"
#include "cli/funding_import.h"
#include "cli/messages.h"
#include "cli/national.h"
#include "cli/national_format.h"
#include "cli/organisation_import.h"
#include "cli/plan_file.h"
#include "cli/plan_import.h"
#include "cli/profile_cmd.h"
#include "cli/profile_file.h"
#include "cli/progress.h"
#include "cli/seed_files.h"
#include "cli/version.h"
#include "poles/v1/admin.grpc.pb.h"
#include "poles/v1/directories.grpc.pb.h"
#include "poles/v1/events.grpc.pb.h"
#include "poles/v1/funding.grpc.pb.h"
#include "poles/v1/plans.grpc.pb.h"
#include "server/bootstrap.h"
#include "server/poles_server.h"
#include "services/common/csv_writer.h"
#include "services/common/errors.h"
#include "services/common/resource_name.h"
#include "services/common/time_zone.h"
#include "services/common/transport.h"

namespace fs = std::filesystem;
using poles::cli::Tr;
using poles::v1::AdminService;
using poles::v1::PlansService;

namespace {

using poles::cli::FrenchMoney;
using poles::cli::PadLeft;
using poles::cli::PadRight;
using poles::cli::ToJson;

struct Client {
  std::string server = "127.0.0.1:50051";
  std::string key;
  int timeout_ms = 30000;
  poles::transport::ClientTls tls;
  std::shared_ptr<grpc::Channel> channel;

  void Connect() {
    auto connected = poles::transport::CreateChannel(
        "--server", server, tls, poles::ClientChannelArguments());
    if (!connected.ok()) {
      std::fprintf(stderr, "polesctl: %s\n",
                   std::string(connected.status().message()).c_str());
      std::exit(2);
    }
    channel = *std::move(connected);
  }
  void Prepare(grpc::ClientContext& ctx) const {
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::milliseconds(timeout_ms));
    if (!key.empty()) ctx.AddMetadata("authorization", "Bearer " + key);
  }
};

// Prints an error the way people read it (cli/errors.h); returns the exit
// code. The server's address is the one tried.
std::string g_server_address;
int Fail(const grpc::Status& s, const std::string& what) {
  return poles::cli::ReportError(s, what, g_server_address, "--server");
}

std::string ReadKeyFile(const std::string& path) {
  std::ifstream in(path);
  std::string key;
  std::getline(in, key);
  return std::string(absl::StripAsciiWhitespace(key));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Money(int64_t cents) {
  // French-Canadian format: "50 000,00 $"
  std::string units = std::to_string(cents / 100);
  std::string grouped;
  for (size_t i = 0; i < units.size(); ++i) {
    if (i > 0 && (units.size() - i) % 3 == 0) grouped += "\u00a0";
    grouped += units[i];
  }
  char frac[8];
  std::snprintf(frac, sizeof(frac), ",%02lld",
                static_cast<long long>(cents % 100));
  return grouped + frac + "\u00a0$";
}

// Prints why `path` could not be loaded, every bad field named; returns 1.
int FailFile(const std::string& path, const absl::Status& status) {
  return poles::cli::ReportError(status, path, g_server_address, "--server");
}

int ImportPlanCommand(Client& c, const std::string& path,
                      const std::string& tenant, bool dry_run) {
  auto parsed = poles::cli::ParsePlanFile(ReadFile(path));
  if (!parsed.ok()) {
    std::fprintf(stderr, Tr("erreur : %s : %s\n", "error: %s: %s\n"),
                 path.c_str(), std::string(parsed.status().message()).c_str());
    return 1;
  }
  poles::cli::Progress progress(path, poles::cli::Tr("éléments", "items"));
  auto summary = poles::cli::ImportPlan(
      c.channel, c.key, *parsed, tenant, dry_run,
      [&](size_t done, size_t total) { progress.Update(done, total); });
  if (summary.ok() && !dry_run) progress.Finish();
  progress.Clear();
  if (!summary.ok()) return FailFile(path, summary.status());
  if (summary->dry_run) {
    std::printf(
        Tr("%s : valide — %s, %zu éléments, %zu indicateurs (essai à blanc : "
           "rien n'a été écrit)\n",
           "%s: valid — %s, %zu items, %zu indicators (dry run: nothing "
           "written)\n"),
        path.c_str(), summary->plan_name.c_str(), summary->items,
        summary->indicators);
  } else if (summary->already_present) {
    std::printf(Tr("%s existe déjà : rien à faire\n",
                   "%s already exists: nothing to do\n"),
                summary->plan_name.c_str());
  } else {
    std::printf(Tr("%s : plan « %s » chargé (%zu éléments, %zu indicateurs)\n",
                   "%s: plan \"%s\" loaded (%zu items, %zu indicators)\n"),
                summary->plan_name.c_str(), parsed->plan.title().c_str(),
                summary->items, summary->indicators);
  }
  return 0;
}

int ImportEventsCommand(Client& c, const std::string& path,
                        const std::string& tenant, bool dry_run) {
  auto parsed = poles::cli::ParseEventsFile(ReadFile(path));
  absl::StatusOr<poles::cli::EventsImportSummary> summary =
      parsed.ok() ? absl::UnknownError("not run") : parsed.status();
  if (parsed.ok()) {
    poles::cli::Progress progress(path, poles::cli::Tr("entrées", "entries"));
    summary = poles::cli::ImportEvents(
        c.channel, c.key, *parsed, tenant, dry_run,
        [&](size_t done, size_t total) { progress.Update(done, total); });
    if (summary.ok() && !dry_run) progress.Finish();
  }
  if (!summary.ok()) return FailFile(path, summary.status());
  if (dry_run) {
    std::printf(
        Tr("%s : valide — %zu instances, %zu événements (essai à blanc : rien "
           "n'a été écrit)\n",
           "%s: valid — %zu bodies, %zu events (dry run: nothing written)\n"),
        path.c_str(), parsed->bodies.size(), parsed->events.size());
  } else {
    std::printf(
        Tr("%s : %zu instances et %zu événements créés, %zu déjà présents\n",
           "%s: %zu bodies and %zu events created, %zu already present\n"),
        path.c_str(), summary->bodies_created, summary->events_created,
        summary->already_present);
  }
  return 0;
}

// The national indicators' French labels and units by code; left empty if
// the catalogue cannot be read (the codes are shown instead).
void LoadIndicatorCatalogue(Client& c, poles::v1::AdminService::Stub& admin,
                            std::map<std::string, std::string>* labels,
                            std::map<std::string, std::string>* units) {
  grpc::ClientContext ctx;
  c.Prepare(ctx);
  poles::v1::ListNationalIndicatorsRequest req;
  poles::v1::ListNationalIndicatorsResponse resp;
  if (!admin.ListNationalIndicators(&ctx, req, &resp).ok()) return;
  for (const auto& i : resp.indicators()) {
    const std::string code = i.name().substr(i.name().find('/') + 1);
    (*labels)[code] = i.label_fr();
    (*units)[code] = i.unit();
  }
}

// Prints an indicator summary as a table, French labels first; amounts in
// cents (the catalogue's unit "cents") as French money.
void PrintSummary(const poles::v1::IndicatorSummary& s,
                  const std::map<std::string, std::string>& labels,
                  const std::map<std::string, std::string>& units = {}) {
  std::printf(Tr("%s — exercice %s\n", "%s — fiscal year %s\n"),
              s.tenant().c_str(), s.fiscal_year().c_str());
  for (const auto& v : s.values()) {
    std::string dims;
    std::map<std::string, std::string> sorted(v.dimensions().begin(),
                                              v.dimensions().end());
    for (const auto& [k, val] : sorted)
      dims += (dims.empty() ? "" : ", ") + k + "=" + val;
    auto label = labels.find(v.indicator());
    auto unit = units.find(v.indicator());
    const bool money = unit != units.end() && unit->second == "cents";
    std::string value = money
                            ? FrenchMoney(v.value())
                            : std::to_string(static_cast<long long>(v.value()));
    std::printf(
        "  %s %s %s  %s\n",
        PadRight(label == labels.end() ? v.indicator() : label->second, 48)
            .c_str(),
        PadRight(dims.empty() ? "(total)" : dims, 36).c_str(),
        PadLeft(value, 16).c_str(),
        v.provenance() == poles::v1::PROVENANCE_REPORTED
            ? Tr("déclaré", "reported")
            : Tr("calculé", "computed"));
  }
}

int ImportOrganisationsCommand(Client& c, const std::string& path,
                               const std::string& tenant, bool dry_run) {
  poles::cli::OrganisationImportOptions options;
  options.tenant = tenant;
  options.dry_run = dry_run;
  poles::cli::Progress progress(path, poles::cli::Tr("lignes", "rows"));
  options.progress = [&](size_t done, size_t total) {
    progress.Update(done, total);
  };
  std::vector<poles::cli::ImportProblem> problems;
  auto summary = poles::cli::ImportOrganisationsCsv(c.channel, c.key, path,
                                                    options, &problems);
  if (summary.ok()) progress.Finish();
  progress.Clear();
  if (!summary.ok()) {
    std::fprintf(stderr, Tr("erreur : %s : %s\n", "error: %s: %s\n"),
                 path.c_str(), std::string(summary.status().message()).c_str());
    for (const auto& p : problems) {
      if (p.column.empty()) {
        std::fprintf(stderr, Tr("  ligne %d : %s\n", "  line %d: %s\n"), p.line,
                     p.description.c_str());
      } else {
        std::fprintf(stderr,
                     Tr("  ligne %d, colonne « %s » : %s\n",
                        "  line %d, column \"%s\": %s\n"),
                     p.line, p.column.c_str(), p.description.c_str());
      }
    }
    return 1;
  }
  for (const auto& col : summary->ignored_columns) {
    std::fprintf(stderr,
                 Tr("avertissement : colonne « %s » ignorée (inconnue)\n",
                    "warning: column \"%s\" ignored (unknown)\n"),
                 col.c_str());
  }
  std::printf(Tr("%s : %d ligne(s) — %d créée(s), %d mise(s) à jour, %d "
                 "inchangée(s)%s\n",
                 "%s: %d row(s) — %d created, %d updated, %d unchanged%s\n"),
              path.c_str(), summary->rows, summary->created, summary->updated,
              summary->unchanged,
              summary->dry_run ? Tr(" (essai à blanc : rien n'a été écrit)",
                                    " (dry run: nothing written)")
                               : "");
  return 0;
}

std::string MoneyOrDash(bool has, const poles::v1::Money& m) {
  return has ? Money(m.cents()) : std::string("—");
}

const char* AwardStatusFr(poles::v1::Award::Status s) {
  switch (s) {
    case poles::v1::Award::REQUESTED:
      return Tr("demandé", "requested");
    case poles::v1::Award::AUTHORISED:
      return Tr("autorisé", "authorised");
    case poles::v1::Award::DISBURSED:
      return Tr("versé", "disbursed");
    case poles::v1::Award::REFUSED:
      return Tr("refusé", "refused");
    case poles::v1::Award::CANCELLED:
      return Tr("annulé", "cancelled");
    default:
      return "?";
  }
}

const char* AgreementStatusFr(poles::v1::Agreement::Status s) {
  switch (s) {
    case poles::v1::Agreement::DRAFT:
      return Tr("brouillon", "draft");
    case poles::v1::Agreement::ACTIVE:
      return Tr("en cours", "active");
    case poles::v1::Agreement::COMPLETED:
      return Tr("terminée", "completed");
    case poles::v1::Agreement::TERMINATED:
      return Tr("résiliée", "terminated");
    default:
      return "?";
  }
}

std::string AwardRecipient(const poles::v1::Award& a) {
  if (a.has_promoter_group()) {
    return a.promoter_group() + Tr(" (groupe promoteur)", " (promoter group)");
  }
  return a.recipient_snapshot().display_name().empty()
             ? a.organisation()
             : a.recipient_snapshot().display_name();
}

// Prints `items` as one JSON array of the resources.
template <typename Item>
int PrintJsonArray(const std::vector<Item>& items) {
  std::printf("[");
  for (size_t i = 0; i < items.size(); ++i) {
    std::printf("%s%s", i ? ",\n" : "\n", ToJson(items[i]).c_str());
  }
  std::printf("]\n");
  return 0;
}

// Prints a list command's rows with aligned French columns; as JSON (one
// array of the resources) when `json` or `output` is "json"; as CSV (the
// same columns, a header line, services/common/csv_writer.h) when `output`
// is "csv".
template <typename Item>
int PrintList(
    const std::vector<Item>& items, bool json, const std::string& output,
    const std::vector<std::pair<std::string, size_t>>& header,
    const std::function<std::vector<std::string>(const Item&)>& cells) {
  if (json || output == "json") return PrintJsonArray(items);
  if (output == "csv") {
    std::string csv(poles::kUtf8Bom);
    std::vector<std::string> titles;
    titles.reserve(header.size());
    for (const auto& [title, width] : header) titles.push_back(title);
    poles::AppendCsvRecord(csv, titles);
    for (const auto& it : items) poles::AppendCsvRecord(csv, cells(it));
    std::fwrite(csv.data(), 1, csv.size(), stdout);
    return 0;
  }
  std::string line;
  for (const auto& [title, width] : header)
    line += PadRight(title, width) + "  ";
  std::printf("%s\n", line.c_str());
  for (const auto& it : items) {
    auto row = cells(it);
    line.clear();
    for (size_t i = 0; i < row.size(); ++i)
      line += PadRight(row[i], header[i].second) + "  ";
    std::printf("%s\n", line.c_str());
  }
  std::printf(Tr("%zu élément(s)\n", "%zu item(s)\n"), items.size());
  return 0;
}

int ImportAwardsCommand(Client& c, const std::string& path,
                        const std::string& tenant, bool dry_run) {
  poles::cli::AwardImportOptions options;
  options.tenant = tenant;
  options.dry_run = dry_run;
  poles::cli::Progress progress(path, poles::cli::Tr("lignes", "rows"));
  options.progress = [&](size_t done, size_t total) {
    progress.Update(done, total);
  };
  std::vector<poles::cli::ImportProblem> problems;
  auto summary =
      poles::cli::ImportAwardsCsv(c.channel, c.key, path, options, &problems);
  if (summary.ok()) progress.Finish();
  progress.Clear();
  if (!summary.ok()) {
    std::fprintf(stderr, Tr("erreur : %s : %s\n", "error: %s: %s\n"),
                 path.c_str(), std::string(summary.status().message()).c_str());
    for (const auto& p : problems) {
      if (p.column.empty()) {
        std::fprintf(stderr, Tr("  ligne %d : %s\n", "  line %d: %s\n"), p.line,
                     p.description.c_str());
      } else {
        std::fprintf(stderr,
                     Tr("  ligne %d, colonne « %s » : %s\n",
                        "  line %d, column \"%s\": %s\n"),
                     p.line, p.column.c_str(), p.description.c_str());
      }
    }
    return 1;
  }
  for (const auto& col : summary->ignored_columns) {
    std::fprintf(stderr,
                 Tr("avertissement : colonne « %s » ignorée (inconnue)\n",
                    "warning: column \"%s\" ignored (unknown)\n"),
                 col.c_str());
  }
  std::printf(Tr("%s : %d ligne(s) — %d créée(s), %d remplacée(s)%s\n",
                 "%s: %d row(s) — %d created, %d replaced%s\n"),
              path.c_str(), summary->rows, summary->created, summary->updated,
              summary->dry_run ? Tr(" (essai à blanc : rien n'a été écrit)",
                                    " (dry run: nothing written)")
                               : "");
  return 0;
}

int LoadFundingCommand(Client& c, const std::string& path,
                       const std::string& tenant, bool as_published) {
  auto parsed = poles::cli::ParseFundingFile(ReadFile(path), path);
  if (!parsed.ok()) return FailFile(path, parsed.status());
  if (as_published) {
    for (auto& e : parsed->reported_totals) e.message.set_as_published(true);
  }
  poles::cli::Progress progress(path, poles::cli::Tr("entrées", "entries"));
  auto summary = poles::cli::LoadFundingFile(
      c.channel, c.key, *parsed, tenant, std::chrono::seconds(30),
      [&](size_t done, size_t total) { progress.Update(done, total); });
  if (summary.ok()) progress.Finish();
  progress.Clear();
  if (!summary.ok()) return FailFile(path, summary.status());
  std::printf(Tr("%s : %zu accepté(s) (créés ou déjà chargés), %zu déjà "
                 "présent(s)",
                 "%s: %zu accepted (created or already loaded), %zu already "
                 "present"),
              path.c_str(), summary->created, summary->already_present);
  if (!parsed->awards_csv.empty())
    std::printf(Tr(", %d aide(s) importée(s)", ", %d award(s) imported"),
                summary->awards);
  std::printf("\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Client c;
  std::string key_file;
  CLI::App app{
      Tr("polesctl — la ligne de commande de la plateforme des Pôles "
         "d'économie sociale",
         "polesctl — the command line of the Pôles d'économie sociale "
         "platform")};
  app.require_subcommand(1);
  app.add_option("--server", c.server,
                 Tr("adresse du serveur gRPC", "address of the gRPC server"))
      ->envname("POLES_SERVER")
      ->capture_default_str();
  app.add_option(
         "--key-file", key_file,
         Tr("fichier contenant la clé d'API", "file holding the API key"))
      ->envname("POLES_KEY_FILE");
  app.add_option(
         "--key", c.key,
         Tr("clé d'API (préférez --key-file)", "API key (prefer --key-file)"))
      ->envname("POLES_API_KEY");
  app.add_option("--ca", c.tls.ca_file,
                 Tr("AC (PEM) de confiance pour le certificat du serveur et "
                    "de la passerelle : appels en TLS",
                    "CA (PEM) trusted for the server's and the gateway's "
                    "certificates: calls over TLS"))
      ->envname("POLES_CA");
  app.add_option("--client-cert", c.tls.cert_file,
                 Tr("certificat client (PEM), pour un serveur qui en exige un",
                    "client certificate (PEM), for a server requiring one"))
      ->envname("POLES_CLIENT_CERT");
  app.add_option("--client-key", c.tls.key_file,
                 Tr("clé privée (PEM) de --client-cert",
                    "private key (PEM) of --client-cert"))
      ->envname("POLES_CLIENT_KEY");
  app.add_option("--tls-server-name", c.tls.server_name,
                 Tr("nom vérifié dans le certificat du serveur (défaut : son "
                    "hôte)",
                    "name checked in the server's certificate (default: its "
                    "host)"))
      ->envname("POLES_TLS_SERVER_NAME");
  app.add_option("--timeout-ms", c.timeout_ms,
                 Tr("délai maximal par appel", "deadline of each call"))
      ->capture_default_str();
  poles::cli::GatewayClient gateway;
  app.add_option("--gateway", gateway.address,
                 Tr("adresse gRPC de la passerelle nationale (poles-gateway)",
                    "gRPC address of the national gateway (poles-gateway)"))
      ->envname("POLES_GATEWAY")
      ->capture_default_str();

  // --json on every read: the resources in protobuf's JSON mapping.
  bool as_json = false;
  const char* json_help = "en JSON";
  std::string output = "text";

  poles::cli::FiscalYearsCommands fiscal_years;
  fiscal_years.Add(app);
  poles::cli::ProfileCommands profile;
  profile.Add(app);

  // tenants
  auto* tenants = app.add_subcommand(
      "tenants", Tr("Pôles (locataires)", "Pôles (tenants)"));
  tenants->require_subcommand(1);
  std::string slug, display, region;
  std::vector<std::string> mrcs;
  auto* t_create =
      tenants->add_subcommand("create", Tr("créer un Pôle", "create a Pôle"));
  t_create
      ->add_option("slug", slug,
                   Tr("identifiant (ex. centre-du-quebec)",
                      "identifier (e.g. centre-du-quebec)"))
      ->required();
  t_create->add_option("--name", display, Tr("nom du Pôle", "the Pôle's name"))
      ->required();
  t_create->add_option("--region", region,
                       Tr("code de région administrative (ex. 17)",
                          "administrative region code (e.g. 17)"));
  t_create->add_option("--mrc", mrcs,
                       Tr("MRC du territoire (répétable)",
                          "an MRC of the territory (repeatable)"));
  auto* t_list =
      tenants->add_subcommand("list", Tr("lister les Pôles", "list the Pôles"));
  t_list->add_flag("--json", as_json, json_help);
  t_list
      ->add_option("--output", output,
                   Tr("text, json ou csv", "text, json or csv"))
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  auto* t_get =
      tenants->add_subcommand("get", Tr("afficher un Pôle", "show a Pôle"));
  t_get->add_option("slug", slug)->required();
  t_get->add_flag("--json", as_json, json_help);

  // keys
  auto* keys = app.add_subcommand("keys", Tr("clés d'API", "API keys"));
  keys->require_subcommand(1);
  std::string role, out_file, key_name;
  auto* k_issue = keys->add_subcommand(
      "issue", Tr("émettre une clé (affichée une seule fois)",
                  "issue a key (shown once)"));
  k_issue->add_option(
      "--tenant", slug,
      Tr("Pôle (pour editor et viewer)", "Pôle (for editor and viewer)"));
  k_issue
      ->add_option("--role", role,
                   Tr("editor, viewer, admin, national ou funding",
                      "editor, viewer, admin, national or funding"))
      ->required();
  k_issue->add_option("--name", display,
                      Tr("à quoi sert la clé", "what the key is for"));
  k_issue->add_option("--out", out_file,
                      Tr("écrire la clé dans ce fichier (mode 0600)",
                         "write the key to this file (mode 0600)"));
  auto* k_list = keys->add_subcommand(
      "list", Tr("lister les clés (sans secret)", "list the keys (no secret)"));
  k_list->add_option("--tenant", slug);
  k_list->add_flag("--json", as_json, json_help);
  auto* k_revoke =
      keys->add_subcommand("revoke", Tr("révoquer une clé", "revoke a key"));
  k_revoke
      ->add_option("name", key_name,
                   Tr("tenants/{t}/apiKeys/{id} ou apiKeys/{id}",
                      "tenants/{t}/apiKeys/{id} or apiKeys/{id}"))
      ->required();

  // accounts (people who sign in to the workspace)
  auto* accounts_cmd = app.add_subcommand(
      "account", Tr("comptes des personnes", "people's accounts"));
  accounts_cmd->require_subcommand(1);
  std::string email;
  bool password_stdin = false;
  auto* a_create = accounts_cmd->add_subcommand(
      "create", Tr("créer un compte (sans mot de passe : un lien unique)",
                   "create an account (without a password: a one-time link)"));
  a_create->add_option("--email", email, Tr("adresse courriel", "e-mail"))
      ->required();
  a_create->add_option("--name", display, Tr("nom affiché", "display name"));
  a_create->add_option("--tenant", slug, Tr("Pôle", "Pôle"))->required();
  a_create->add_option("--role", role, "editor, viewer")->required();
  a_create->add_flag("--password-stdin", password_stdin,
                     Tr("lire le mot de passe sur l'entrée standard",
                        "read the password from standard input"));
  auto* a_link = accounts_cmd->add_subcommand(
      "password-link", Tr("émettre un lien unique de mot de passe",
                          "issue a one-time password link"));
  a_link->add_option("--email", email, Tr("adresse courriel", "e-mail"))
      ->required();

  // plans
  auto* plans_cmd =
      app.add_subcommand("plans", Tr("plans d'action", "action plans"));
  plans_cmd->require_subcommand(1);
  std::string file, plan_name;
  bool dry_run = false;
  auto* p_import = plans_cmd->add_subcommand(
      "import",
      Tr("charger un plan depuis un fichier JSON ; relancé, il ne recrée rien "
         ": "
         "ses request_id sont tirés du Pôle et du plan_id, et le serveur "
         "renvoie "
         "la première réponse, même si le plan a été supprimé depuis (donner "
         "alors un nouveau plan_id)",
         "load a plan from a JSON file; run again, it creates nothing: its "
         "request_ids come from the Pôle and the plan_id, and the server "
         "returns the first answer, even if the plan was deleted since (give "
         "a new plan_id then)"));
  p_import->add_option("file", file)->required()->check(CLI::ExistingFile);
  p_import->add_option(
      "--tenant", slug,
      Tr("Pôle (par défaut : celui du fichier)", "Pôle (default: the file's)"));
  p_import->add_flag("--dry-run", dry_run,
                     Tr("valider seulement, sans rien écrire",
                        "validate only, write nothing"));
  auto* p_list = plans_cmd->add_subcommand(
      "list", Tr("lister les plans d'un Pôle", "list a Pôle's plans"));
  p_list->add_option("--tenant", slug)->required();
  p_list->add_flag("--json", as_json, json_help);
  auto* p_show = plans_cmd->add_subcommand(
      "show", Tr("afficher un plan, ses éléments et indicateurs",
                 "show a plan, its items and indicators"));
  p_show->add_option("name", plan_name, "tenants/{t}/plans/{p}")->required();
  p_show->add_flag("--json", as_json,
                   Tr("en JSON : {\"items\": [...], \"progress\": {...}}",
                      "as JSON: {\"items\": [...], \"progress\": {...}}"));

  // events
  auto* events_cmd = app.add_subcommand(
      "events", Tr("événements et instances", "events and bodies"));
  events_cmd->require_subcommand(1);
  std::string fiscal_year;
  std::vector<std::string> dimensions;
  auto* e_import = events_cmd->add_subcommand(
      "import",
      Tr("charger des instances et des événements depuis un fichier JSON",
         "load bodies and events from a JSON file"));
  e_import->add_option("file", file)->required()->check(CLI::ExistingFile);
  e_import->add_option(
      "--tenant", slug,
      Tr("Pôle (par défaut : celui du fichier)", "Pôle (default: the file's)"));
  e_import->add_flag("--dry-run", dry_run,
                     Tr("valider seulement, sans rien écrire",
                        "validate only, write nothing"));
  auto* e_summary = events_cmd->add_subcommand(
      "summary", Tr("indicateurs des événements d'un exercice",
                    "events indicators of a fiscal year"));
  e_summary->add_option("--tenant", slug)->required();
  e_summary
      ->add_option(
          "--fiscal-year", fiscal_year,
          Tr("exercice, p. ex. 2017-2018", "fiscal year, e.g. 2017-2018"))
      ->required();
  e_summary->add_option("--by", dimensions,
                        Tr("ventilation : event_kind, gender, mrc, plan_item",
                           "breakdown: event_kind, gender, mrc, plan_item"));
  e_summary->add_flag("--json", as_json, json_help);
  // directories
  auto* dirs_cmd = app.add_subcommand(
      "directories",
      Tr("répertoire des entreprises", "directory of enterprises"));
  dirs_cmd->require_subcommand(1);
  std::string format = "csv", mrc, out_path;
  bool semicolon = false;
  auto* d_import = dirs_cmd->add_subcommand(
      "import", Tr("importer des organisations d'un fichier "
                   "CSV (mise à jour par NEQ ou par nom)",
                   "import organisations from a CSV file "
                   "(updated by NEQ or by name)"));
  d_import->add_option("file", file)->required()->check(CLI::ExistingFile);
  d_import->add_option("--tenant", slug, Tr("Pôle", "Pôle (tenant slug)"))
      ->required();
  d_import->add_flag("--dry-run", dry_run,
                     Tr("valider et compter seulement, sans rien écrire",
                        "validate and count only, write nothing"));
  auto* d_export = dirs_cmd->add_subcommand(
      "export", Tr("exporter le répertoire public (CSV ou HTML par MRC)",
                   "export the public directory (CSV, or HTML by MRC)"));
  d_export->add_option("--tenant", slug, Tr("Pôle", "Pôle (tenant slug)"))
      ->required();
  d_export->add_option("--format", format, Tr("csv ou html", "csv or html"))
      ->check(CLI::IsMember({"csv", "html"}))
      ->capture_default_str();
  d_export->add_option("--mrc", mrc,
                       Tr("MRC (obligatoire en HTML), ex. becancour",
                          "MRC (required for HTML), e.g. becancour"));
  d_export->add_flag(
      "--semicolon", semicolon,
      Tr("CSV séparé par des points-virgules (Excel en français)",
         "CSV separated by semicolons (French Excel)"));
  d_export->add_option("--out", out_path,
                       Tr("fichier de sortie (par défaut : le nom proposé)",
                          "output file (default: the name offered)"));

  // funding
  auto* funding_cmd = app.add_subcommand(
      "funding", Tr("financement : aides, ententes, totaux rapportés",
                    "funding: awards, agreements, reported totals"));
  funding_cmd->require_subcommand(1);
  bool as_published = false;
  std::string resource_name;
  auto* f_awards = funding_cmd->add_subcommand(
      "awards", Tr("aides financières", "financial awards"));
  f_awards->require_subcommand(1);
  auto* fa_list = f_awards->add_subcommand(
      "list", Tr("lister les aides d'un Pôle", "list a Pôle's awards"));
  fa_list->add_option("--tenant", slug, Tr("Pôle", "Pôle (tenant slug)"))
      ->required();
  fa_list->add_option(
      "--fiscal-year", fiscal_year,
      Tr("exercice, p. ex. 2017-2018", "fiscal year, e.g. 2017-2018"));
  fa_list->add_flag("--json", as_json, Tr("en JSON", "as JSON"));
  fa_list
      ->add_option("--output", output,
                   Tr("text, json ou csv", "text, json or csv"))
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  auto* fa_show = f_awards->add_subcommand(
      "show", Tr("afficher une aide", "show an award"));
  fa_show->add_option("name", resource_name, "tenants/{t}/awards/{a}")
      ->required();
  fa_show->add_flag("--json", as_json, Tr("en JSON", "as JSON"));
  auto* f_agreements = funding_cmd->add_subcommand(
      "agreements", Tr("ententes du Pôle", "the Pôle's agreements"));
  f_agreements->require_subcommand(1);
  auto* fg_list = f_agreements->add_subcommand(
      "list", Tr("lister les ententes d'un Pôle", "list a Pôle's agreements"));
  fg_list->add_option("--tenant", slug, Tr("Pôle", "Pôle (tenant slug)"))
      ->required();
  fg_list->add_flag("--json", as_json, Tr("en JSON", "as JSON"));
  fg_list
      ->add_option("--output", output,
                   Tr("text, json ou csv", "text, json or csv"))
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  auto* fg_show = f_agreements->add_subcommand(
      "show", Tr("afficher une entente et ses années",
                 "show an agreement and its years"));
  fg_show->add_option("name", resource_name, "tenants/{t}/agreements/{a}")
      ->required();
  fg_show->add_flag("--json", as_json, Tr("en JSON", "as JSON"));
  auto* f_import = funding_cmd->add_subcommand(
      "import",
      Tr("importer des aides d'un fichier CSV (une ligne avec un identifiant "
         "remplace l'aide de cet identifiant)",
         "import awards from a CSV file (a row with an id replaces the award "
         "of that id)"));
  f_import->add_option("file", file)->required()->check(CLI::ExistingFile);
  f_import->add_option("--tenant", slug, Tr("Pôle", "Pôle (tenant slug)"))
      ->required();
  f_import->add_flag("--dry-run", dry_run,
                     Tr("valider et compter seulement, sans rien écrire",
                        "validate and count only, write nothing"));
  auto* f_report = funding_cmd->add_subcommand(
      "report",
      Tr("enregistrer des totaux rapportés par des tiers, avec leurs "
         "ventilations (fichier JSON)",
         "record totals reported by third parties, with their breakdowns "
         "(JSON file)"));
  f_report->add_option("file", file)->required()->check(CLI::ExistingFile);
  f_report->add_option(
      "--tenant", slug,
      Tr("Pôle (par défaut : celui du fichier)", "Pôle (default: the file's)"));
  f_report->add_flag("--as-published", as_published,
                     Tr("enregistrer tel que publié même si une ventilation "
                        "ne fait pas le total",
                        "record as published even if a breakdown does not "
                        "add up to the total"));
  auto* f_export = funding_cmd->add_subcommand(
      "export", Tr("exporter les aides (CSV ou 360Giving)",
                   "export the awards (CSV or 360Giving)"));
  f_export->add_option("--tenant", slug, Tr("Pôle", "Pôle (tenant slug)"))
      ->required();
  std::string funding_format = "csv";
  f_export
      ->add_option("--format", funding_format,
                   Tr("csv ou 360giving", "csv or 360giving"))
      ->check(CLI::IsMember({"csv", "360giving"}))
      ->capture_default_str();
  f_export->add_option(
      "--fiscal-year", fiscal_year,
      Tr("exercice, p. ex. 2017-2018", "fiscal year, e.g. 2017-2018"));
  f_export->add_flag(
      "--semicolon", semicolon,
      Tr("CSV séparé par des points-virgules (Excel en français)",
         "CSV separated by semicolons (French Excel)"));
  f_export->add_option("--out", out_path,
                       Tr("fichier de sortie (par défaut : le nom proposé)",
                          "output file (default: the name offered)"));
  auto* f_summary = funding_cmd->add_subcommand(
      "summary", Tr("indicateurs de financement d'un exercice",
                    "funding indicators of a fiscal year"));
  f_summary->add_option("--tenant", slug)->required();
  f_summary
      ->add_option(
          "--fiscal-year", fiscal_year,
          Tr("exercice, p. ex. 2017-2018", "fiscal year, e.g. 2017-2018"))
      ->required();
  f_summary->add_option(
      "--by", dimensions,
      Tr("ventilation : funder, funder_kind, program, mrc, sector, legal_form",
         "breakdown: funder, funder_kind, program, mrc, sector, legal_form"));
  f_summary->add_flag("--json", as_json, json_help);

  // national (poles-gateway)
  auto* national_cmd = app.add_subcommand(
      "national", Tr("lectures nationales (passerelle poles-gateway)",
                     "national reads (poles-gateway)"));
  national_cmd->require_subcommand(1);
  poles::cli::NationalTableOptions table_opts;
  bool as_csv = false;
  auto* n_table = national_cmd->add_subcommand(
      "table",
      Tr("tableau national PAGES d'un exercice (une ligne par Pôle)",
         "the national PAGES table of a fiscal year (a row per Pôle)"));
  n_table
      ->add_option(
          "--fiscal-year", table_opts.fiscal_year,
          Tr("exercice, p. ex. 2017-2018", "fiscal year, e.g. 2017-2018"))
      ->required();
  n_table
      ->add_option("--indicators", table_opts.indicators,
                   Tr("indicateurs à montrer (séparés par des virgules)",
                      "indicators to show (comma-separated)"))
      ->delimiter(',');
  n_table
      ->add_option("--region", table_opts.regions,
                   Tr("régions administratives, p. ex. 17 (virgules)",
                      "administrative regions, e.g. 17 (commas)"))
      ->delimiter(',');
  n_table->add_option("--breakdown", table_opts.breakdown,
                      Tr("ventilation : gender, sector, mrc, ...",
                         "breakdown: gender, sector, mrc, ..."));
  n_table->add_flag(
      "--csv", as_csv,
      Tr("en CSV (une ligne par cellule)", "as CSV (a line per cell)"));
  n_table->add_flag("--semicolon", table_opts.semicolon,
                    Tr("CSV séparé par des points-virgules (Excel en français)",
                       "CSV separated by semicolons (French Excel)"));
  n_table->add_flag("--json", as_json, Tr("en JSON", "as JSON"));
  poles::cli::FundingRollupOptions rollup_opts;
  auto* n_funding = national_cmd->add_subcommand(
      "funding", Tr("financement agrégé sur un ou plusieurs exercices",
                    "funding aggregated over one or more fiscal years"));
  n_funding
      ->add_option("--fiscal-years", rollup_opts.fiscal_years,
                   Tr("exercices, p. ex. 2017-2018,2018-2019",
                      "fiscal years, e.g. 2017-2018,2018-2019"))
      ->delimiter(',')
      ->required();
  n_funding
      ->add_option("--group-by", rollup_opts.group_by,
                   Tr("une ou deux de : funder, funder_kind, program, "
                      "region, mrc, sector, legal_form, fiscal_year",
                      "one or two of: funder, funder_kind, program, region, "
                      "mrc, sector, legal_form, fiscal_year"))
      ->delimiter(',');
  n_funding->add_option("--filter", rollup_opts.filters,
                        Tr("dimension=valeur[,valeur] (répétable)",
                           "dimension=value[,value] (repeatable)"));
  n_funding->add_flag("--json", rollup_opts.json, Tr("en JSON", "as JSON"));
  poles::cli::FindingsOptions findings_opts;
  auto* n_findings = national_cmd->add_subcommand(
      "findings", Tr("constats de validation d'un exercice, par Pôle",
                     "validation findings of a fiscal year, by Pôle"));
  n_findings
      ->add_option(
          "--fiscal-year", findings_opts.fiscal_year,
          Tr("exercice, p. ex. 2017-2018", "fiscal year, e.g. 2017-2018"))
      ->required();
  n_findings->add_option("--tenant", findings_opts.tenants,
                         Tr("Pôle (répétable ; par défaut : tous)",
                            "Pôle (repeatable; default: all)"));
  n_findings->add_flag("--json", findings_opts.json, Tr("en JSON", "as JSON"));

  // bilan (poles-gateway)
  poles::cli::BilanOptions bilan_opts;
  auto* bilan_cmd = app.add_subcommand(
      "bilan", Tr("bilan (rapport d'activité) d'un Pôle pour un exercice",
                  "a Pôle's bilan (activity report) for a fiscal year"));
  bilan_cmd
      ->add_option("--tenant", bilan_opts.tenant,
                   Tr("Pôle", "Pôle (tenant slug)"))
      ->required();
  bilan_cmd
      ->add_option(
          "--fiscal-year", bilan_opts.fiscal_year,
          Tr("exercice, p. ex. 2017-2018", "fiscal year, e.g. 2017-2018"))
      ->required();
  bilan_cmd->add_option("--html", bilan_opts.html_file,
                        Tr("écrire le document HTML imprimable dans ce fichier",
                           "write the printable HTML document to this file"));
  bilan_cmd->add_option("--pdf", bilan_opts.pdf_file,
                        Tr("imprimer le bilan en PDF (Chromium sans interface)",
                           "print the bilan to PDF (headless Chromium)"));
  bilan_cmd
      ->add_option("--language", bilan_opts.language,
                   Tr("fr ou en", "fr or en"))
      ->check(CLI::IsMember({"fr", "en"}))
      ->capture_default_str();
  bilan_cmd->add_flag("--json", bilan_opts.json,
                      Tr("les données en JSON", "the data as JSON"));

  // demo
  auto* demo = app.add_subcommand(
      "demo", Tr("données de démonstration", "demonstration data"));
  demo->require_subcommand(1);
  std::string data_dir = ".poles-data", seeds = "data/seeds";
  auto* d_load = demo->add_subcommand(
      "load", Tr("créer les Pôles de démonstration (tous ceux "
                 "du Québec), leurs clés et celles de la "
                 "plateforme (service, national, funding), et "
                 "charger les plans, événements, financements et "
                 "chiffres déclarés des documents sources",
                 "create the demonstration Pôles (all of "
                 "Quebec's), their keys and the platform's "
                 "(service, national, funding), and load the "
                 "plans, events, funding and reported figures of "
                 "the source documents"));
  d_load
      ->add_option("--data-dir", data_dir,
                   Tr("dossier des clés", "folder of the keys"))
      ->capture_default_str();
  d_load
      ->add_option(
          "--seeds", seeds,
          Tr("dossier des données sources", "folder of the source data"))
      ->capture_default_str();

  // completion
  auto* completion_cmd = app.add_subcommand(
      "completion", Tr("script de complétion du shell : source "
                       "<(polesctl completion bash)",
                       "shell completion script: source <(polesctl "
                       "completion bash)"));
  std::string shell;
  completion_cmd->add_option("shell", shell, "bash")
      ->required()
      ->check(CLI::IsMember({"bash"}));
  app.set_version_flag("--version", poles::cli::VersionText(),
                       Tr("afficher la version de polesctl et de l'API",
                          "show the version of polesctl and of the API"));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    // --help and --version exit 0; any other parse error is bad usage.
    return rc == 0 ? poles::cli::kExitOk : poles::cli::kExitUsage;
  }
  {
    std::string command;
    for (const CLI::App* sub = &app; !sub->get_subcommands().empty();) {
      sub = sub->get_subcommands().front();
      command += (command.empty() ? "" : " ") + sub->get_name();
    }
    poles::cli::SetCommandName(command);
  }
  if (completion_cmd->parsed()) {
    std::printf("%s", poles::cli::BashCompletion(app, "polesctl").c_str());
    return poles::cli::kExitOk;
  }
  g_server_address = c.server;
  if (absl::Status zone = poles::LoadMontrealTimeZone(); !zone.ok()) {
    std::fprintf(stderr, "polesctl: %s\n", std::string(zone.message()).c_str());
    return 1;
  }
  if (!key_file.empty()) c.key = ReadKeyFile(key_file);
  if (national_cmd->parsed() || bilan_cmd->parsed()) {
    gateway.key = c.key;
    gateway.timeout_ms = c.timeout_ms;
    gateway.tls = c.tls;
    gateway.Connect();
    if (n_table->parsed()) {
      table_opts.format = as_json  ? poles::cli::OutputFormat::kJson
                          : as_csv ? poles::cli::OutputFormat::kCsv
                                   : poles::cli::OutputFormat::kText;
      return poles::cli::NationalTableCommand(gateway, table_opts);
    }
    if (n_funding->parsed())
      return poles::cli::NationalFundingCommand(gateway, rollup_opts);
    if (n_findings->parsed())
      return poles::cli::NationalFindingsCommand(gateway, findings_opts);
    return poles::cli::BilanCommand(gateway, bilan_opts);
  }
  c.Connect();
  if (profile.parsed()) {
    return profile.Run(c.channel, c.key,
                       std::chrono::milliseconds(c.timeout_ms));
  }
  if (fiscal_years.parsed()) {
    return fiscal_years.Run(c.channel, c.key,
                            std::chrono::milliseconds(c.timeout_ms));
  }
  auto admin = AdminService::NewStub(c.channel);
  auto plans = PlansService::NewStub(c.channel);

  if (t_create->parsed()) {
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::CreateTenantRequest req;
    req.mutable_tenant()->set_name("tenants/" + slug);
    req.mutable_tenant()->set_display_name(display);
    req.mutable_tenant()->set_region_code(region);
    for (const auto& m : mrcs) req.mutable_tenant()->add_mrcs("mrcs/" + m);
    poles::v1::Tenant t;
    if (auto s = admin->CreateTenant(&ctx, req, &t); !s.ok())
      return Fail(s, "création du Pôle");
    std::printf(Tr("%s créé : %s (%d MRC)\n", "%s created: %s (%d MRCs)\n"),
                t.name().c_str(), t.display_name().c_str(), t.mrcs_size());
    return 0;
  }
  if (t_list->parsed()) {
    std::string token;
    std::vector<poles::v1::Tenant> all;
    do {
      grpc::ClientContext ctx;
      c.Prepare(ctx);
      poles::v1::ListTenantsRequest req;
      req.set_page_token(token);
      poles::v1::ListTenantsResponse resp;
      if (auto s = admin->ListTenants(&ctx, req, &resp); !s.ok())
        return Fail(s, "liste des Pôles");
      all.insert(all.end(), resp.tenants().begin(), resp.tenants().end());
      token = resp.next_page_token();
    } while (!token.empty());
    if (as_json || output == "json") return PrintJsonArray(all);
    if (output == "csv") {
      std::string csv(poles::kUtf8Bom);
      poles::AppendCsvRecord(csv, {Tr("Pôle", "Pole"), Tr("Région", "Region"),
                                   "MRC", Tr("Nom", "Name")});
      for (const auto& t : all) {
        poles::AppendCsvRecord(
            csv, {t.name(), t.region_code(), std::to_string(t.mrcs_size()),
                  t.display_name()});
      }
      std::fwrite(csv.data(), 1, csv.size(), stdout);
      return 0;
    }
    for (const auto& t : all) {
      std::printf("%-36s %-4s %2d MRC  %s\n", t.name().c_str(),
                  t.region_code().c_str(), t.mrcs_size(),
                  t.display_name().c_str());
    }
    std::printf(Tr("%zu Pôle(s)\n", "%zu Pôle(s)\n"), all.size());
    return 0;
  }
  if (t_get->parsed()) {
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::GetTenantRequest req;
    req.set_name("tenants/" + slug);
    poles::v1::Tenant t;
    if (auto s = admin->GetTenant(&ctx, req, &t); !s.ok())
      return Fail(s, "lecture du Pôle");
    if (as_json) {
      std::printf("%s\n", ToJson(t).c_str());
      return 0;
    }
    std::printf(Tr("%s\n  nom : %s\n  région : %s\n  territoire :",
                   "%s\n  name: %s\n  region: %s\n  territory:"),
                t.name().c_str(), t.display_name().c_str(),
                t.region_code().c_str());
    for (const auto& m : t.mrcs()) std::printf(" %s", m.c_str());
    std::printf("\n");
    return 0;
  }
  if (k_issue->parsed()) {
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::CreateApiKeyRequest req;
    if (!slug.empty()) req.set_parent("tenants/" + slug);
    req.mutable_api_key()->set_role(poles::RoleFromName(role));
    req.mutable_api_key()->set_display_name(display);
    poles::v1::CreateApiKeyResponse resp;
    if (auto s = admin->CreateApiKey(&ctx, req, &resp); !s.ok())
      return Fail(s, "émission de la clé");
    if (!out_file.empty()) {
      if (!poles::WritePrivateFile(out_file, resp.key() + "\n").ok()) {
        std::fprintf(
            stderr,
            Tr("erreur : impossible d'écrire %s\n", "error: cannot write %s\n"),
            out_file.c_str());
        return 1;
      }
      std::printf(Tr("%s émise ; clé écrite dans %s (lisible par vous seul)\n",
                     "%s issued; key written to %s (readable by you alone)\n"),
                  resp.api_key().name().c_str(), out_file.c_str());
    } else {
      std::printf(
          Tr("%s émise. Voici la clé ; elle ne sera plus jamais affichée "
             ":\n%s\n",
             "%s issued. Here is the key; it will never be shown again:\n"
             "%s\n"),
          resp.api_key().name().c_str(), resp.key().c_str());
    }
    return 0;
  }
  if (a_create->parsed()) {
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::CreateAccountRequest req;
    req.mutable_account()->set_email(email);
    req.mutable_account()->set_display_name(display);
    auto* m = req.add_memberships();
    m->set_tenant("tenants/" + slug);
    m->set_role(poles::RoleFromName(role));
    if (password_stdin) {
      std::string password;
      std::getline(std::cin, password);
      req.set_password(password);
    }
    poles::v1::CreateAccountResponse resp;
    if (auto s = admin->CreateAccount(&ctx, req, &resp); !s.ok())
      return Fail(s, "création du compte");
    std::printf(Tr("%s créé (%s, %s de %s)\n", "%s created (%s, %s of %s)\n"),
                resp.account().name().c_str(), resp.account().email().c_str(),
                role.c_str(), slug.c_str());
    if (!resp.password_link().empty()) {
      std::printf(Tr("Lien unique pour choisir le mot de passe (24 h) : "
                     "POST /auth/password {\"link\": \"%s\"}\n",
                     "One-time link to choose the password (24 h): "
                     "POST /auth/password {\"link\": \"%s\"}\n"),
                  resp.password_link().c_str());
    }
    return 0;
  }
  if (a_link->parsed()) {
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::IssuePasswordLinkRequest req;
    req.set_email(email);
    poles::v1::IssuePasswordLinkResponse resp;
    if (auto s = admin->IssuePasswordLink(&ctx, req, &resp); !s.ok())
      return Fail(s, "lien de mot de passe");
    std::printf("%s\n", resp.password_link().c_str());
    return 0;
  }
  if (k_list->parsed()) {
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::ListApiKeysRequest req;
    if (!slug.empty()) req.set_parent("tenants/" + slug);
    req.set_page_size(200);
    poles::v1::ListApiKeysResponse resp;
    if (auto s = admin->ListApiKeys(&ctx, req, &resp); !s.ok())
      return Fail(s, "liste des clés");
    if (as_json) {
      std::printf("%s\n", ToJson(resp).c_str());
      return 0;
    }
    for (const auto& k : resp.api_keys()) {
      std::printf("%-52s %-8s %s%s\n", k.name().c_str(),
                  poles::RoleName(k.role()).c_str(), k.display_name().c_str(),
                  k.has_revoke_time() ? Tr("  [révoquée]", "  [revoked]") : "");
    }
    return 0;
  }
  if (k_revoke->parsed()) {
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::RevokeApiKeyRequest req;
    req.set_name(key_name);
    poles::v1::ApiKey k;
    if (auto s = admin->RevokeApiKey(&ctx, req, &k); !s.ok())
      return Fail(s, "révocation");
    std::printf(Tr("%s révoquée\n", "%s revoked\n"), k.name().c_str());
    return 0;
  }
  if (p_import->parsed()) return ImportPlanCommand(c, file, slug, dry_run);
  if (e_import->parsed()) return ImportEventsCommand(c, file, slug, dry_run);
  if (e_summary->parsed()) {
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> units;
    LoadIndicatorCatalogue(c, *admin, &labels, &units);
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::SummarizeRequest req;
    req.set_parent("tenants/" + slug);
    req.set_fiscal_year(fiscal_year);
    for (const auto& d : dimensions) req.add_dimensions(d);
    poles::v1::IndicatorSummary resp;
    auto events = poles::v1::EventsService::NewStub(c.channel);
    if (auto s = events->SummarizeEvents(&ctx, req, &resp); !s.ok())
      return Fail(s, "indicateurs");
    if (as_json) {
      std::printf("%s\n", ToJson(resp).c_str());
      return 0;
    }
    PrintSummary(resp, labels, units);
    return 0;
  }
  if (p_list->parsed()) {
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::ListPlansRequest req;
    req.set_parent("tenants/" + slug);
    poles::v1::ListPlansResponse resp;
    if (auto s = plans->ListPlans(&ctx, req, &resp); !s.ok())
      return Fail(s, "liste des plans");
    if (as_json) {
      std::printf("%s\n", ToJson(resp).c_str());
      return 0;
    }
    for (const auto& p : resp.plans()) {
      std::printf("%-60s %s → %s  %s  %s\n", p.name().c_str(),
                  p.start_fiscal_year().c_str(), p.end_fiscal_year().c_str(),
                  p.status() == poles::v1::Plan::ADOPTED
                      ? Tr("adopté ", "adopted")
                      : Tr("brouillon", "draft    "),
                  p.title().c_str());
    }
    return 0;
  }
  if (p_show->parsed()) {
    std::string token;
    int64_t budget = 0;
    std::vector<poles::v1::PlanItem> all;
    do {
      grpc::ClientContext ctx;
      c.Prepare(ctx);
      poles::v1::ListPlanItemsRequest req;
      req.set_parent(plan_name);
      req.set_page_size(200);
      req.set_page_token(token);
      poles::v1::ListPlanItemsResponse resp;
      if (auto s = plans->ListPlanItems(&ctx, req, &resp); !s.ok())
        return Fail(s, "éléments du plan");
      all.insert(all.end(), resp.items().begin(), resp.items().end());
      token = resp.next_page_token();
    } while (!token.empty());
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::GetPlanProgressRequest preq;
    preq.set_name(plan_name);
    poles::v1::PlanProgress prog;
    if (auto s = plans->GetPlanProgress(&ctx, preq, &prog); !s.ok())
      return Fail(s, "progression");
    if (as_json) {
      std::printf("{\"items\": [");
      for (size_t i = 0; i < all.size(); ++i)
        std::printf("%s%s", i ? ",\n" : "\n", ToJson(all[i]).c_str());
      std::printf("],\n\"progress\": %s}\n", ToJson(prog).c_str());
      return 0;
    }
    for (const auto& it : all) {
      int depth = 0;
      for (char ch : it.code()) depth += ch == '.';
      std::printf("%*s%s %s", depth * 2, "", it.code().c_str(),
                  it.title().c_str());
      if (it.has_budget()) {
        std::printf("  [budget %s]", Money(it.budget().cents()).c_str());
        budget += it.budget().cents();
      }
      if (!it.schedule().note().empty())
        std::printf("  (%s)", it.schedule().note().c_str());
      std::printf("\n");
    }
    std::printf(
        Tr("%zu éléments ; budget total %s ; %d indicateurs dont %d "
           "mesurables, %d atteints\n",
           "%zu items; total budget %s; %d indicators, %d measurable, %d "
           "achieved\n"),
        all.size(), Money(budget).c_str(), prog.indicator_count(),
        prog.measurable_count(), prog.achieved_count());
    return 0;
  }
  if (d_import->parsed())
    return ImportOrganisationsCommand(c, file, slug, dry_run);
  if (d_export->parsed()) {
    // The call's time counts: the export is made and sent by the server.
    poles::cli::Progress progress(
        out_path.empty() ? poles::cli::Tr("exportation", "export") : out_path,
        poles::cli::Tr("octets", "bytes"));
    auto dirs = poles::v1::DirectoriesService::NewStub(c.channel);
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::ExportDirectoryRequest req;
    req.set_parent("tenants/" + slug);
    req.set_format(format == "html" ? poles::v1::ExportDirectoryRequest::HTML
                                    : poles::v1::ExportDirectoryRequest::CSV);
    if (!mrc.empty()) req.set_mrc("mrcs/" + mrc);
    req.set_semicolon(semicolon);
    poles::v1::DirectoryExport exp;
    if (auto s = dirs->ExportDirectory(&ctx, req, &exp); !s.ok())
      return Fail(s, "exportation");
    std::string path = out_path.empty() ? exp.filename() : out_path;
    std::ofstream out(path, std::ios::binary);
    out << exp.data();
    out.close();
    if (out) {
      progress.Update(exp.data().size(), exp.data().size());
      progress.Finish();
    }
    if (!out) {
      std::fprintf(
          stderr,
          Tr("erreur : impossible d'écrire %s\n", "error: cannot write %s\n"),
          path.c_str());
      return 1;
    }
    std::printf(
        Tr("%s écrit (%zu octets, %s)\n", "%s written (%zu bytes, %s)\n"),
        path.c_str(), exp.data().size(), exp.content_type().c_str());
    return 0;
  }
  auto funding = poles::v1::FundingService::NewStub(c.channel);
  if (fa_list->parsed()) {
    std::vector<poles::v1::Award> items;
    std::string token;
    do {
      grpc::ClientContext ctx;
      c.Prepare(ctx);
      poles::v1::ListAwardsRequest req;
      req.set_parent("tenants/" + slug);
      req.set_fiscal_year(fiscal_year);
      req.set_page_size(200);
      req.set_page_token(token);
      poles::v1::ListAwardsResponse resp;
      if (auto s = funding->ListAwards(&ctx, req, &resp); !s.ok())
        return Fail(s, "liste des aides");
      items.insert(items.end(), resp.awards().begin(), resp.awards().end());
      token = resp.next_page_token();
    } while (!token.empty());
    return PrintList<poles::v1::Award>(
        items, as_json, output,
        {{Tr("Aide", "Award"), 28},
         {Tr("Bénéficiaire", "Recipient"), 36},
         {Tr("Programme", "Program"), 26},
         {Tr("Statut", "Status"), 9},
         {Tr("Décision", "Decision"), 10},
         {Tr("Exercice", "Year"), 9},
         {Tr("Autorisé", "Authorised"), 16},
         {Tr("Versé", "Disbursed"), 16}},
        [](const poles::v1::Award& a) {
          return std::vector<std::string>{
              a.name().substr(a.name().rfind('/') + 1),
              AwardRecipient(a),
              a.program().substr(a.program().rfind('/') + 1),
              AwardStatusFr(a.status()),
              a.decision_date(),
              a.fiscal_year(),
              MoneyOrDash(a.has_amount_authorised(), a.amount_authorised()),
              MoneyOrDash(a.has_amount_disbursed(), a.amount_disbursed())};
        });
  }
  if (fa_show->parsed()) {
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::GetAwardRequest req;
    req.set_name(resource_name);
    poles::v1::Award a;
    if (auto s = funding->GetAward(&ctx, req, &a); !s.ok())
      return Fail(s, "lecture de l'aide");
    if (as_json) {
      std::printf("%s\n", ToJson(a).c_str());
      return 0;
    }
    auto count = [](bool has, int n) {
      return has ? std::to_string(n) : std::string("—");
    };
    std::printf(
        Tr("%s\n  titre : %s\n  bénéficiaire : %s\n  programme : %s (%s)\n  "
           "statut : %s\n"
           "  décision : %s (exercice %s)\n  demandé : %s\n  autorisé : %s\n  "
           "versé : %s\n"
           "  investissement total : %s\n  emplois créés : %s ; maintenus : "
           "%s ; créés ou maintenus : %s\n",
           "%s\n  title: %s\n  recipient: %s\n  program: %s (%s)\n  "
           "status: %s\n"
           "  decision: %s (fiscal year %s)\n  requested: %s\n  authorised: "
           "%s\n  disbursed: %s\n"
           "  total investment: %s\n  jobs created: %s; maintained: %s; "
           "created or maintained: %s\n"),
        a.name().c_str(), a.title().c_str(), AwardRecipient(a).c_str(),
        a.program().c_str(), a.funder().c_str(), AwardStatusFr(a.status()),
        a.decision_date().empty() ? "—" : a.decision_date().c_str(),
        a.fiscal_year().empty() ? "—" : a.fiscal_year().c_str(),
        MoneyOrDash(a.has_amount_requested(), a.amount_requested()).c_str(),
        MoneyOrDash(a.has_amount_authorised(), a.amount_authorised()).c_str(),
        MoneyOrDash(a.has_amount_disbursed(), a.amount_disbursed()).c_str(),
        MoneyOrDash(a.has_total_investment(), a.total_investment()).c_str(),
        count(a.has_jobs_created(), a.jobs_created()).c_str(),
        count(a.has_jobs_maintained(), a.jobs_maintained()).c_str(),
        count(a.has_jobs_created_or_maintained(),
              a.jobs_created_or_maintained())
            .c_str());
    if (!a.call_for_projects().empty())
      std::printf(Tr("  appel : %s\n", "  call: %s\n"),
                  a.call_for_projects().c_str());
    if (!a.description().empty())
      std::printf("  %s\n", a.description().c_str());
    return 0;
  }
  if (fg_list->parsed()) {
    std::vector<poles::v1::Agreement> items;
    std::string token;
    do {
      grpc::ClientContext ctx;
      c.Prepare(ctx);
      poles::v1::ListAgreementsRequest req;
      req.set_parent("tenants/" + slug);
      req.set_page_size(200);
      req.set_page_token(token);
      poles::v1::ListAgreementsResponse resp;
      if (auto s = funding->ListAgreements(&ctx, req, &resp); !s.ok())
        return Fail(s, "liste des ententes");
      items.insert(items.end(), resp.agreements().begin(),
                   resp.agreements().end());
      token = resp.next_page_token();
    } while (!token.empty());
    return PrintList<poles::v1::Agreement>(
        items, as_json, output,
        {{Tr("Entente", "Agreement"), 20},
         {Tr("Bailleur", "Funder"), 16},
         {Tr("Période", "Period"), 21},
         {Tr("Signée le", "Signed"), 10},
         {Tr("Statut", "Status"), 10},
         {"Total", 16},
         {Tr("Titre", "Title"), 40}},
        [](const poles::v1::Agreement& g) {
          return std::vector<std::string>{
              g.name().substr(g.name().rfind('/') + 1),
              g.funder().substr(g.funder().rfind('/') + 1),
              g.start_fiscal_year() + " → " + g.end_fiscal_year(),
              g.signature_date(),
              AgreementStatusFr(g.status()),
              Money(g.total_amount().cents()),
              g.title()};
        });
  }
  if (fg_show->parsed()) {
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::GetAgreementRequest req;
    req.set_name(resource_name);
    poles::v1::Agreement g;
    if (auto s = funding->GetAgreement(&ctx, req, &g); !s.ok())
      return Fail(s, "lecture de l'entente");
    if (as_json) {
      std::printf("%s\n", ToJson(g).c_str());
      return 0;
    }
    std::printf(
        Tr("%s\n  %s\n  bailleur : %s  programme : %s\n  signée le %s ; %s "
           "→ %s ; %s\n",
           "%s\n  %s\n  funder: %s  program: %s\n  signed %s; %s → %s; "
           "%s\n"),
        g.name().c_str(), g.title().c_str(), g.funder().c_str(),
        g.program().empty() ? "—" : g.program().c_str(),
        g.signature_date().empty() ? "—" : g.signature_date().c_str(),
        g.start_fiscal_year().c_str(), g.end_fiscal_year().c_str(),
        AgreementStatusFr(g.status()));
    std::printf("  %s  %s  %s  %s\n",
                PadRight(Tr("Exercice", "Year"), 10).c_str(),
                PadRight(Tr("Montant", "Amount"), 16).c_str(),
                PadRight(Tr("Milieu exigé", "Matching due"), 16).c_str(),
                Tr("Milieu reçu", "Matching received"));
    for (const auto& y : g.years()) {
      std::printf(
          "  %s  %s  %s  %s\n", PadRight(y.fiscal_year(), 10).c_str(),
          PadRight(MoneyOrDash(y.has_amount(), y.amount()), 16).c_str(),
          PadRight(
              MoneyOrDash(y.has_matching_required(), y.matching_required()), 16)
              .c_str(),
          MoneyOrDash(y.has_matching_received(), y.matching_received())
              .c_str());
    }
    std::printf(Tr("  total : %s\n", "  total: %s\n"),
                Money(g.total_amount().cents()).c_str());
    return 0;
  }
  if (f_import->parsed()) return ImportAwardsCommand(c, file, slug, dry_run);
  if (f_report->parsed())
    return LoadFundingCommand(c, file, slug, as_published);
  if (f_export->parsed()) {
    // The call's time counts: the export is made and sent by the server.
    poles::cli::Progress progress(
        out_path.empty() ? poles::cli::Tr("exportation", "export") : out_path,
        poles::cli::Tr("octets", "bytes"));
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::ExportAwardsRequest req;
    req.set_parent("tenants/" + slug);
    req.set_fiscal_year(fiscal_year);
    req.set_format(funding_format == "360giving"
                       ? poles::v1::ExportAwardsRequest::GIVING_360_JSON
                       : poles::v1::ExportAwardsRequest::CSV);
    req.set_semicolon(semicolon);
    poles::v1::AwardsExport exp;
    if (auto s = funding->ExportAwards(&ctx, req, &exp); !s.ok())
      return Fail(s, "exportation");
    std::string path = out_path.empty() ? exp.filename() : out_path;
    std::ofstream out(path, std::ios::binary);
    out << exp.data();
    out.close();
    if (out) {
      progress.Update(exp.data().size(), exp.data().size());
      progress.Finish();
    }
    if (!out) {
      std::fprintf(
          stderr,
          Tr("erreur : impossible d'écrire %s\n", "error: cannot write %s\n"),
          path.c_str());
      return 1;
    }
    std::printf(
        Tr("%s écrit (%zu octets, %s)\n", "%s written (%zu bytes, %s)\n"),
        path.c_str(), exp.data().size(), exp.content_type().c_str());
    return 0;
  }
  if (f_summary->parsed()) {
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> units;
    LoadIndicatorCatalogue(c, *admin, &labels, &units);
    grpc::ClientContext ctx;
    c.Prepare(ctx);
    poles::v1::SummarizeRequest req;
    req.set_parent("tenants/" + slug);
    req.set_fiscal_year(fiscal_year);
    for (const auto& d : dimensions) req.add_dimensions(d);
    poles::v1::IndicatorSummary resp;
    if (auto s = funding->SummarizeFunding(&ctx, req, &resp); !s.ok())
      return Fail(s, "indicateurs");
    if (as_json) {
      std::printf("%s\n", ToJson(resp).c_str());
      return 0;
    }
    PrintSummary(resp, labels, units);
    return 0;
  }
  if (d_load->parsed()) {
    if (c.key.empty())
      c.key = ReadKeyFile((fs::path(data_dir) / "keys" / "admin.key").string());
    const std::string admin_key = c.key;
    nlohmann::json tenants_json =
        nlohmann::json::parse(ReadFile(seeds + "/tenants.json"));
    for (const auto& t : tenants_json) {
      const std::string s = t.at("slug").get<std::string>();
      c.key = admin_key;
      grpc::ClientContext ctx;
      c.Prepare(ctx);
      poles::v1::CreateTenantRequest req;
      req.mutable_tenant()->set_name("tenants/" + s);
      req.mutable_tenant()->set_display_name(
          t.at("display_name").get<std::string>());
      req.mutable_tenant()->set_region_code(t.value("region_code", ""));
      for (const auto& m : t.at("mrcs"))
        req.mutable_tenant()->add_mrcs("mrcs/" + m.get<std::string>());
      poles::v1::Tenant out;
      grpc::Status st = admin->CreateTenant(&ctx, req, &out);
      if (st.ok()) {
        std::printf(
            Tr("Pôle %s créé (%d MRC)\n", "Pôle %s created (%d MRCs)\n"),
            s.c_str(), out.mrcs_size());
      } else if (st.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
        return Fail(st, "création de " + s);
      }
      for (const char* r : {"editor", "viewer"}) {
        std::string path =
            (fs::path(data_dir) / "keys" / (s + "." + r + ".key")).string();
        if (fs::exists(path)) continue;
        grpc::ClientContext kctx;
        c.Prepare(kctx);
        poles::v1::CreateApiKeyRequest kreq;
        kreq.set_parent("tenants/" + s);
        kreq.mutable_api_key()->set_role(poles::RoleFromName(r));
        kreq.mutable_api_key()->set_display_name(std::string("Démo — ") + r);
        poles::v1::CreateApiKeyResponse kresp;
        if (auto ks = admin->CreateApiKey(&kctx, kreq, &kresp); !ks.ok())
          return Fail(ks, "clé");
        if (!poles::WritePrivateFile(path, kresp.key() + "\n").ok()) return 1;
      }
    }
    // The platform keys beside the tenants': the gateway's own credential
    // (service), the Chantier's (national) and a ministry's (funding).
    c.key = admin_key;
    for (const char* r : {"service", "national", "funding"}) {
      const std::string path =
          (fs::path(data_dir) / "keys" / (std::string(r) + ".key")).string();
      if (fs::exists(path)) continue;
      grpc::ClientContext kctx;
      c.Prepare(kctx);
      poles::v1::CreateApiKeyRequest kreq;
      kreq.mutable_api_key()->set_role(poles::RoleFromName(r));
      kreq.mutable_api_key()->set_display_name(std::string("Démo — ") + r);
      poles::v1::CreateApiKeyResponse kresp;
      if (auto ks = admin->CreateApiKey(&kctx, kreq, &kresp); !ks.ok())
        return Fail(ks, std::string("clé ") + r);
      if (!poles::WritePrivateFile(path, kresp.key() + "\n").ok()) return 1;
      std::printf(Tr("clé %s écrite dans %s\n", "%s key written to %s\n"), r,
                  path.c_str());
    }
    for (const std::string& path : poles::cli::SeedFiles(seeds, "plans")) {
      auto parsed = poles::cli::ParsePlanFile(ReadFile(path));
      if (!parsed.ok()) {
        std::fprintf(stderr, Tr("erreur : %s\n", "error: %s\n"),
                     std::string(parsed.status().message()).c_str());
        return 1;
      }
      c.key = ReadKeyFile(
          (fs::path(data_dir) / "keys" / (parsed->tenant + ".editor.key"))
              .string());
      if (int rc = ImportPlanCommand(c, path, "", false); rc != 0) return rc;
    }
    for (const std::string& path : poles::cli::SeedFiles(seeds, "events")) {
      auto parsed = poles::cli::ParseEventsFile(ReadFile(path));
      if (!parsed.ok()) {
        std::fprintf(stderr, Tr("erreur : %s\n", "error: %s\n"),
                     std::string(parsed.status().message()).c_str());
        return 1;
      }
      c.key = ReadKeyFile(
          (fs::path(data_dir) / "keys" / (parsed->tenant + ".editor.key"))
              .string());
      if (int rc = ImportEventsCommand(c, path, "", false); rc != 0) return rc;
    }
    for (const std::string& path : poles::cli::SeedFiles(seeds, "funding")) {
      auto parsed = poles::cli::ParseFundingFile(ReadFile(path), path);
      if (!parsed.ok()) return FailFile(path, parsed.status());
      c.key = ReadKeyFile(
          (fs::path(data_dir) / "keys" / (parsed->tenant + ".editor.key"))
              .string());
      if (int rc = LoadFundingCommand(c, path, "", false); rc != 0) return rc;
    }
    // Profiles after the events: a profile names its founding assembly.
    if (int rc = poles::cli::LoadDemoProfiles(
            c.channel, seeds, (fs::path(data_dir) / "keys").string());
        rc != 0)
      return rc;
    return poles::cli::LoadDemoReported(c.channel, seeds,
                                        (fs::path(data_dir) / "keys").string());
  }
  return 0;
}
