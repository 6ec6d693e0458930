# Writes OUTPUT, a C++ file defining poles::storage::EmbeddedMigrations(),
# from the numbered .sql files in DIR, so the binaries carry their schema.
file(GLOB files RELATIVE ${DIR} ${DIR}/[0-9][0-9][0-9][0-9]_*.sql)
list(SORT files)
set(body "")
foreach(f ${files})
  file(READ ${DIR}/${f} sql)
  string(APPEND body "    {\"${f}\", R\"poles_sql(${sql})poles_sql\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp
"// Generated from storage/migrations by embed_migrations.cmake. Do not edit.
#include \"storage/migrations.h\"

namespace poles::storage {

const std::vector<Migration>& EmbeddedMigrations() {
  static const auto* migrations = new std::vector<Migration>{
${body}  };
  return *migrations;
}

}  // namespace poles::storage
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
