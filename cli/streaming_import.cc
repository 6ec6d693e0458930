#include "cli/streaming_import.h"

#include <algorithm>

namespace poles::cli {

void PrepareContext(grpc::ClientContext& ctx, const std::string& key,
                    std::chrono::milliseconds timeout) {
  ctx.set_deadline(std::chrono::system_clock::now() + timeout);
  if (!key.empty()) ctx.AddMetadata("authorization", "Bearer " + key);
}

absl::Status ProblemsError(std::vector<ImportProblem>* problems) {
  if (problems->empty()) return absl::OkStatus();
  std::stable_sort(problems->begin(), problems->end(),
                   [](const ImportProblem& a, const ImportProblem& b) {
                     return a.line < b.line;
                   });
  return absl::InvalidArgumentError(absl::StrCat(
      problems->size(), " problème(s) dans le fichier ; rien n'a été importé"));
}

}  // namespace poles::cli
