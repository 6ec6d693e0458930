#include "cli/csv_table.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/errors.h"

namespace poles::cli {

absl::Status HeaderMappedCsv::ReadHeader() {
  CsvRecord header;
  if (!csv_.Next(&header)) {
    return InvalidField("file",
                        "le fichier est vide : il faut une ligne d'en-tête");
  }
  std::vector<FieldViolation> bad;
  for (const auto& cell : header.fields) {
    std::string field = field_of_(cell);
    if (field.empty()) {
      if (!absl::StripAsciiWhitespace(cell).empty()) ignored_.push_back(cell);
    } else if (field == "-") {
      field.clear();
    } else if (header_of_.count(field)) {
      bad.push_back({"file", absl::StrCat("les colonnes « ", header_of_[field],
                                          " » et « ", cell,
                                          " » désignent le même champ")});
    } else {
      header_of_[field] = cell;
    }
    fields_.push_back(field);
  }
  if (!header_of_.count(required_)) bad.push_back({"file", missing_message_});
  if (!bad.empty()) return InvalidFields(bad);
  return absl::OkStatus();
}

std::string HeaderMappedCsv::ColumnOf(const std::string& field) const {
  auto it = header_of_.find(field);
  return it == header_of_.end() ? field : it->second;
}

bool HeaderMappedCsv::Next(
    int* line, std::vector<std::pair<std::string, std::string>>* cells) {
  CsvRecord rec;
  while (csv_.Next(&rec)) {
    bool empty = true;
    for (const auto& f : rec.fields)
      empty = empty && absl::StripAsciiWhitespace(f).empty();
    if (empty) continue;
    if (rec.fields.size() > fields_.size()) {
      shape_problems_.push_back(
          {rec.line,
           absl::StrCat("la ligne a ", rec.fields.size(),
                        " champs alors que l'en-tête en a ", fields_.size())});
      continue;
    }
    *line = rec.line;
    cells->clear();
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (fields_[i].empty()) continue;
      cells->emplace_back(
          fields_[i], i < rec.fields.size() ? std::move(rec.fields[i]) : "");
    }
    return true;
  }
  return false;
}

std::vector<CsvProblem> HeaderMappedCsv::problems() const {
  std::vector<CsvProblem> out = csv_.problems();
  out.insert(out.end(), shape_problems_.begin(), shape_problems_.end());
  return out;
}

bool SplitLineField(absl::string_view field, int* line, std::string* name) {
  if (!absl::ConsumePrefix(&field, "lines[")) return false;
  size_t close = field.find("].");
  if (close == absl::string_view::npos) return false;
  if (!absl::SimpleAtoi(field.substr(0, close), line)) return false;
  *name = std::string(field.substr(close + 2));
  return true;
}

}  // namespace poles::cli
