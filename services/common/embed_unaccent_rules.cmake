# Writes OUTPUT, a C++ file defining poles::internal::UnaccentRules(), the
# text of PostgreSQL's unaccent.rules (RULES), so that FoldFrench maps each
# character exactly as the database's poles.fold() does.
file(READ ${RULES} rules)
file(WRITE ${OUTPUT}.tmp
"// Generated from ${RULES} by embed_unaccent_rules.cmake. Do not edit.
#include \"absl/strings/string_view.h\"

namespace poles::internal {

absl::string_view UnaccentRules() {
  return R\"poles_rules(${rules})poles_rules\";
}

}  // namespace poles::internal
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
