#include "cli/messages.h"

#include <cstdlib>
#include <string_view>
#include <utility>

namespace poles::cli {

Language LanguageFromEnvironment(const char* lc_all, const char* lc_messages,
                                 const char* lang) {
  for (const char* value : {lc_all, lc_messages, lang}) {
    if (value == nullptr || *value == '\0') continue;
    return std::string_view(value).substr(0, 2) == "en" ? Language::kEnglish
                                                        : Language::kFrench;
  }
  return Language::kFrench;
}

namespace {
Language& LanguageStorage() {
  static Language language = LanguageFromEnvironment(
      std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"), std::getenv("LANG"));
  return language;
}
}  // namespace

Language MessageLanguage() { return LanguageStorage(); }

void SetMessageLanguage(Language language) { LanguageStorage() = language; }

namespace {
std::string& CommandNameStorage() {
  static std::string name;
  return name;
}
}  // namespace

void SetCommandName(std::string name) {
  CommandNameStorage() = std::move(name);
}

std::string ErrorHeading(const std::string& what_fr) {
  if (MessageLanguage() == Language::kEnglish) {
    return CommandNameStorage().empty() ? "error"
                                        : "error: " + CommandNameStorage();
  }
  return "erreur : " + what_fr;
}

const char* Tr(const char* fr, const char* en) {
  return MessageLanguage() == Language::kEnglish ? en : fr;
}

}  // namespace poles::cli
