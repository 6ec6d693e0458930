#include "cli/csv_reader.h"

#include "absl/strings/str_cat.h"
#include "services/common/validation.h"

namespace poles::cli {

namespace {

constexpr size_t kMaxLineBytes = 1 << 20;
constexpr int kMaxRecordLines = 1000;

// The most frequent of ',' ';' TAB outside quotes in `line`; ',' if none.
char DetectSeparator(const std::string& line) {
  int comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    comma += c == ',';
    semicolon += c == ';';
    tab += c == '\t';
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

bool IsBlank(const std::string& line) {
  for (char c : line) {
    if (c != '\r' && c != '\n' && c != ' ' && c != '\t') return false;
  }
  return true;
}

}  // namespace

CsvReader::CsvReader(std::istream& in, char separator)
    : in_(in), separator_(separator) {
  csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
}

CsvReader::~CsvReader() { csv_free(&parser_); }

void CsvReader::Reset() {
  csv_free(&parser_);
  csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
  csv_set_delim(&parser_, static_cast<unsigned char>(separator_));
  fields_.clear();
  record_start_ = 0;
  bad_record_ = false;
}

void CsvReader::Fail(int line, std::string description) {
  problems_.push_back({line, std::move(description)});
}

void CsvReader::OnField(void* data, size_t len, void* self) {
  auto* r = static_cast<CsvReader*>(self);
  r->fields_.emplace_back(data == nullptr ? "" : static_cast<const char*>(data),
                          len);
}

void CsvReader::OnRecord(int, void* self) {
  auto* r = static_cast<CsvReader*>(self);
  CsvRecord rec;
  rec.line = r->record_start_ > 0 ? r->record_start_ : r->line_;
  rec.fields = std::move(r->fields_);
  r->fields_.clear();
  r->record_start_ = 0;
  bool utf8 = true;
  for (const auto& f : rec.fields) utf8 = utf8 && IsValidUtf8(f);
  if (!utf8) {
    r->Fail(rec.line,
            "le texte n'est pas en UTF-8 (enregistrez le fichier en « CSV "
            "UTF-8 »)");
    return;
  }
  r->ready_.push_back(std::move(rec));
}

bool CsvReader::Next(CsvRecord* out) {
  while (ready_.empty() && !done_) {
    std::string line;
    if (!std::getline(in_, line)) {
      done_ = true;
      if (record_start_ > 0 &&
          csv_fini(&parser_, OnField, OnRecord, this) != 0) {
        Fail(record_start_,
             "guillemet ouvert jamais refermé : la fin du fichier a été "
             "atteinte");
      }
      break;
    }
    ++line_;
    if (first_line_) {
      first_line_ = false;
      if (line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
      if (separator_ == 0) separator_ = DetectSeparator(line);
      csv_set_delim(&parser_, static_cast<unsigned char>(separator_));
    }
    if (line.size() > kMaxLineBytes) {
      Fail(line_, "ligne trop longue (plus de 1 Mio)");
      Reset();
      continue;
    }
    if (record_start_ == 0) {
      if (IsBlank(line)) continue;
      record_start_ = line_;
    } else if (line_ - record_start_ >= kMaxRecordLines) {
      Fail(record_start_,
           "guillemet ouvert jamais refermé (le champ s'étend sur plus de 1000 "
           "lignes)");
      done_ = true;
      break;
    }
    line += '\n';
    size_t n =
        csv_parse(&parser_, line.data(), line.size(), OnField, OnRecord, this);
    if (n != line.size()) {
      int start = record_start_ > 0 ? record_start_ : line_;
      Fail(start,
           absl::StrCat("CSV mal formé (", csv_strerror(csv_error(&parser_)),
                        ") : un guillemet dans un champ doit être doublé et le "
                        "champ entier mis entre guillemets"));
      Reset();
    }
  }
  if (ready_.empty()) return false;
  *out = std::move(ready_.front());
  ready_.pop_front();
  return true;
}

}  // namespace poles::cli
