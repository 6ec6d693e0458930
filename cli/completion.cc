#include "cli/completion.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace poles::cli {
namespace {

struct Level {
  std::string path;  // " national table": each subcommand after a space
  std::vector<std::string> words;
};

void Walk(const CLI::App& app, const std::string& path,
          std::vector<Level>* levels, std::set<std::string>* with_value) {
  Level level{path, {}};
  std::vector<const CLI::App*> subs =
      app.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* sub : subs) level.words.push_back(sub->get_name());
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& name : opt->get_lnames()) {
      level.words.push_back("--" + name);
      if (opt->get_items_expected_min() > 0) with_value->insert("--" + name);
    }
  }
  levels->push_back(level);
  for (const CLI::App* sub : subs)
    Walk(*sub, absl::StrCat(path, " ", sub->get_name()), levels, with_value);
}

std::string FunctionName(const std::string& program) {
  return "_" + absl::StrReplaceAll(program, {{"-", "_"}, {".", "_"}});
}

}  // namespace

std::string BashCompletion(const CLI::App& app, const std::string& program) {
  std::vector<Level> levels;
  std::set<std::string> with_value;
  Walk(app, "", &levels, &with_value);
  std::vector<std::string> paths;
  for (const Level& l : levels) {
    if (!l.path.empty()) paths.push_back("\"" + l.path + "\"");
  }
  const std::string fn = FunctionName(program);
  std::string out = absl::StrCat(
      "# bash completion for ", program, " (", program, " completion bash)\n",
      fn,
      "() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} path=\"\" words=\"\" i\n"
      "  case \"${COMP_WORDS[COMP_CWORD-1]}\" in\n"
      "    ",
      absl::StrJoin(with_value, "|"),
      ") return ;;  # a value: bash's default (files)\n"
      "  esac\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case \"$path ${COMP_WORDS[i]}\" in\n"
      "      ",
      absl::StrJoin(paths, "|"),
      ") path=\"$path ${COMP_WORDS[i]}\" ;;\n"
      "    esac\n"
      "  done\n"
      "  case \"$path\" in\n");
  for (const Level& l : levels) {
    absl::StrAppend(&out, "    \"", l.path, "\") words=\"",
                    absl::StrJoin(l.words, " "), "\" ;;\n");
  }
  absl::StrAppend(&out,
                  "  esac\n"
                  "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
                  "}\n"
                  "complete -o default -F ",
                  fn, " ", program, "\n");
  return out;
}

}  // namespace poles::cli
