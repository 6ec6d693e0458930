#ifndef POLES_SERVICES_COMMON_SQL_VALUES_H_
#define POLES_SERVICES_COMMON_SQL_VALUES_H_

#include <string>
#include <utility>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace poles {

// A list of strings (a repeated proto field) as a JSON array, the form the
// services pass lists to SQL in (`ARRAY(SELECT
// jsonb_array_elements_text($n))`).
template <typename Repeated>
std::string ListToJson(const Repeated& list) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& s : list) j.push_back(s);
  return j.dump();
}

// Appends the elements of a one-dimensional PostgreSQL text[] column, in
// the server's text output form (`{a,"b, c",NULL}`), to `out`; NULL
// elements are skipped. libpqxx's array parser undoes the quoting; it scans
// bytes, which is exact for UTF-8 (no byte of a multi-byte character is a
// delimiter).
template <typename Repeated>
void AppendTextArray(const char* text, Repeated* out) {
  pqxx::array_parser parser(text);
  for (auto step = parser.get_next(); step.first != pqxx::array_parser::done;
       step = parser.get_next()) {
    if (step.first == pqxx::array_parser::string_value) {
      out->Add(std::move(step.second));
    }
  }
}

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_SQL_VALUES_H_
