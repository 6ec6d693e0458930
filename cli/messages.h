#ifndef POLES_CLI_MESSAGES_H_
#define POLES_CLI_MESSAGES_H_

#include <string>

namespace poles::cli {

enum class Language { kFrench, kEnglish };

// The messages' language from the POSIX locale variables, in their order of
// precedence: the first of `lc_all`, `lc_messages`, `lang` that is set and
// not empty decides; English when it starts with "en", French otherwise
// (and when none is set). Null pointers count as unset.
Language LanguageFromEnvironment(const char* lc_all, const char* lc_messages,
                                 const char* lang);

// LanguageFromEnvironment over this process's LC_ALL, LC_MESSAGES and LANG,
// read once; or the language given to SetMessageLanguage.
Language MessageLanguage();

// Overrides the environment's choice from now on (tests print both
// languages in one process).
void SetMessageLanguage(Language language);

// `fr` or `en`, in MessageLanguage().
const char* Tr(const char* fr, const char* en);

// The command being run ("tenants list"), set once parsed: English error
// lines name it where French ones say what failed in words.
void SetCommandName(std::string name);

// The first line of an error report, without newline: "erreur : <what_fr>"
// in French, "error: <command name>" in English.
std::string ErrorHeading(const std::string& what_fr);

}  // namespace poles::cli

#endif  // POLES_CLI_MESSAGES_H_
