#include "cli/bilan.h"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/wait.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/messages.h"
#include "cli/national_format.h"
#include "poles/v1/national.grpc.pb.h"

extern char** environ;

namespace poles::cli {
namespace {

namespace fs = std::filesystem;

std::string StateFr(v1::NationalTableRow::State state) {
  switch (state) {
    case v1::NationalTableRow::SUBMITTED:
      return Tr("exercice soumis", "fiscal year submitted");
    case v1::NationalTableRow::DRAFT:
      return Tr("exercice ouvert (brouillon)", "fiscal year open (draft)");
    case v1::NationalTableRow::NOTHING:
      return Tr("rien d'enregistré pour l'exercice",
                "nothing recorded for the fiscal year");
    case v1::NationalTableRow::UNREACHABLE:
      return Tr("données incomplètes (service injoignable)",
                "incomplete data (a service was unreachable)");
    default:
      return "";
  }
}

bool WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
  return static_cast<bool>(out);
}

// Runs `argv` (no shell), its output into `log_path`; the exit status, or
// -1 if it could not be started.
int Run(const std::vector<std::string>& argv, const std::string& log_path) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  const int rc =
      posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int PrintPdf(const std::string& html, const std::string& pdf_path,
             const std::string& html_path_or_empty) {
  auto chromium = FindChromium();
  if (!chromium.ok()) {
    std::fprintf(stderr, Tr("erreur : %s\n", "error: %s\n"),
                 std::string(chromium.status().message()).c_str());
    return 1;
  }
  std::string html_path = html_path_or_empty;
  std::string temp_dir;
  if (html_path.empty()) {
    char templ[] = "/tmp/polesctl-bilan-XXXXXX";
    if (mkdtemp(templ) == nullptr) {
      std::fprintf(stderr, "%s",
                   Tr("erreur : dossier temporaire impossible à "
                      "créer\n",
                      "error: cannot create a temporary "
                      "folder\n"));
      return 1;
    }
    temp_dir = templ;
    html_path = temp_dir + "/bilan.html";
    if (!WriteFile(html_path, html)) {
      std::fprintf(
          stderr,
          Tr("erreur : impossible d'écrire %s\n", "error: cannot write %s\n"),
          html_path.c_str());
      return 1;
    }
  }
  const std::string log_path =
      (temp_dir.empty() ? pdf_path + ".chromium.log" : temp_dir + "/log");
  std::error_code ec;
  fs::remove(pdf_path, ec);
  const int rc =
      Run(ChromiumPrintCommand(*chromium, html_path, pdf_path), log_path);
  const bool made = fs::exists(pdf_path) && fs::file_size(pdf_path, ec) > 0;
  if (rc != 0 || !made) {
    std::fprintf(stderr,
                 Tr("erreur : Chromium (%s) n'a pas produit %s (code %d)\n%s",
                    "error: Chromium (%s) did not make %s (code %d)\n%s"),
                 chromium->c_str(), pdf_path.c_str(), rc,
                 ReadAll(log_path).c_str());
    return 1;
  }
  fs::remove(log_path, ec);
  if (!temp_dir.empty()) fs::remove_all(temp_dir, ec);
  std::printf(Tr("%s écrit (%ju octets, PDF imprimé par %s)\n",
                 "%s written (%ju bytes, PDF printed by %s)\n"),
              pdf_path.c_str(),
              static_cast<uintmax_t>(fs::file_size(pdf_path, ec)),
              chromium->c_str());
  return 0;
}

}  // namespace

std::string FormatBilan(const v1::Bilan& bilan) {
  const int threshold = bilan.disclosure_threshold();
  std::string out =
      absl::StrCat("Bilan ", bilan.fiscal_year(), " — ", bilan.display_name());
  if (!bilan.region_name().empty())
    absl::StrAppend(&out, " (", bilan.region_name(), ")");
  if (!bilan.legal_name().empty() &&
      bilan.legal_name() != bilan.display_name()) {
    absl::StrAppend(&out, "\n", bilan.legal_name());
  }
  if (!bilan.incorporation_date().empty()) {
    absl::StrAppend(&out, "\nincorporé le ", bilan.incorporation_date());
  }
  absl::StrAppend(&out, "\n", StateFr(bilan.state()), "\n");
  const bool english = MessageLanguage() == Language::kEnglish;
  auto in_language = [english](const std::string& fr, const std::string& en) {
    return english && !en.empty() ? en : fr;
  };
  for (const auto& section : bilan.sections()) {
    const std::string title =
        in_language(section.title_fr(), section.title_en());
    absl::StrAppend(&out, "\n", title, "\n",
                    std::string(DisplayWidth(title), '='), "\n");
    for (const auto& table : section.tables()) {
      absl::StrAppend(&out, "\n  ",
                      in_language(table.title_fr(), table.title_en()), "\n");
      std::vector<std::pair<std::string, std::string>> lines;
      for (const auto& row : table.rows()) {
        auto value = row.dimensions().find(table.dimension());
        std::string key = value == row.dimensions().end() ? "" : value->second;
        auto label = table.row_labels().find(key);
        lines.emplace_back(
            label == table.row_labels().end() ? key : label->second,
            CellText(row, table.unit(), threshold));
      }
      if (table.has_total())
        lines.emplace_back("Total",
                           CellText(table.total(), table.unit(), threshold));
      size_t label_width = 0, value_width = 0;
      for (const auto& [l, v] : lines) {
        label_width = std::max(label_width, DisplayWidth(l));
        value_width = std::max(value_width, DisplayWidth(v));
      }
      for (const auto& [l, v] : lines) {
        absl::StrAppend(&out, "    ", PadRight(l, label_width), "  ",
                        PadLeft(v, value_width), "\n");
      }
    }
    for (const auto& note : section.notes())
      absl::StrAppend(&out, Tr("  Note : ", "  Note: "), note, "\n");
  }
  if (bilan.findings_size() > 0) {
    absl::StrAppend(&out,
                    Tr("\nConstats de validation (", "\nValidation findings ("),
                    bilan.findings_size(), ")\n");
    for (const auto& f : bilan.findings()) {
      absl::StrAppend(&out, "  ", f.indicator(), " — ", FindingRuleFr(f.rule()),
                      Tr(" : ", ": "),
                      in_language(f.message_fr(), f.message_en()), "\n");
    }
  }
  out += Tr("\n— : rien d'enregistré ; * : déclaré par le Pôle\n",
            "\n— : nothing recorded; * : reported by the Pôle\n");
  out += FormatUnreachable(
      {bilan.unreachable().begin(), bilan.unreachable().end()});
  return out;
}

std::vector<std::string> ChromiumPrintCommand(const std::string& chromium,
                                              const std::string& html_path,
                                              const std::string& pdf_path) {
  std::error_code ec;
  const fs::path html = fs::absolute(html_path, ec);
  const fs::path pdf = fs::absolute(pdf_path, ec);
  return {chromium,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--no-pdf-header-footer",
          "--print-to-pdf=" + pdf.string(),
          "file://" + html.string()};
}

absl::StatusOr<std::string> FindChromium() {
  if (const char* env = std::getenv("POLES_CHROMIUM"); env && *env) {
    if (access(env, X_OK) == 0) return std::string(env);
    return absl::NotFoundError(absl::StrCat(
        "POLES_CHROMIUM=", env, " n'est pas un programme exécutable"));
  }
  const char* path = std::getenv("PATH");
  for (const char* name : {"chromium", "chromium-browser"}) {
    for (absl::string_view dir :
         absl::StrSplit(path ? path : "/usr/bin:/bin", ':')) {
      if (dir.empty()) continue;
      std::string candidate = absl::StrCat(dir, "/", name);
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return absl::NotFoundError(
      "Chromium est introuvable : il faut le navigateur pour imprimer le "
      "bilan en PDF. Installez-le (Debian : apt-get install -y chromium) ou "
      "indiquez son chemin dans POLES_CHROMIUM ; --html écrit le document "
      "HTML sans Chromium.");
}

int BilanCommand(const GatewayClient& client, const BilanOptions& options) {
  const std::string name =
      absl::StrCat("tenants/", options.tenant, "/bilans/", options.fiscal_year);
  auto stub = v1::NationalService::NewStub(client.channel);
  if (options.html_file.empty() && options.pdf_file.empty()) {
    grpc::ClientContext ctx;
    client.Prepare(ctx);
    v1::GetBilanRequest req;
    req.set_name(name);
    v1::Bilan bilan;
    if (auto s = stub->GetBilan(&ctx, req, &bilan); !s.ok())
      return FailRpc(s, "bilan", client.address);
    std::printf("%s", options.json ? (ToJson(bilan) + "\n").c_str()
                                   : FormatBilan(bilan).c_str());
    return 0;
  }
  grpc::ClientContext ctx;
  client.Prepare(ctx);
  v1::RenderBilanRequest req;
  req.set_name(name);
  req.set_language(options.language);
  v1::BilanDocument doc;
  if (auto s = stub->RenderBilan(&ctx, req, &doc); !s.ok())
    return FailRpc(s, "bilan", client.address);
  if (!options.html_file.empty()) {
    if (!WriteFile(options.html_file, doc.content())) {
      std::fprintf(
          stderr,
          Tr("erreur : impossible d'écrire %s\n", "error: cannot write %s\n"),
          options.html_file.c_str());
      return 1;
    }
    std::printf(
        Tr("%s écrit (%zu octets, %s)\n", "%s written (%zu bytes, %s)\n"),
        options.html_file.c_str(), doc.content().size(),
        doc.content_type().c_str());
  }
  if (!options.pdf_file.empty())
    return PrintPdf(doc.content(), options.pdf_file, options.html_file);
  return 0;
}

}  // namespace poles::cli
