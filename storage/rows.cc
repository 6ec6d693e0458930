#include "storage/rows.h"

#include <stdexcept>

#include <libpq-fe.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace poles::storage {

namespace {

[[noreturn]] void Unconvertible(const Field& f, const char* type) {
  throw std::domain_error(
      f.is_null() ? absl::StrCat("NULL where a ", type, " was expected")
                  : absl::StrCat("\"", f.c_str(), "\" is not a ", type));
}

template <typename Int>
Int ParseInt(const Field& f, const char* type) {
  Int v{};
  if (f.is_null() || !absl::SimpleAtoi(f.view(), &v)) Unconvertible(f, type);
  return v;
}

int ColumnOf(const PGresult* result, const char* name) {
  int column = result == nullptr ? -1 : PQfnumber(result, name);
  if (column < 0) {
    throw std::out_of_range(
        absl::StrCat("the result has no column \"", name, "\""));
  }
  return column;
}

}  // namespace

const char* Field::c_str() const { return PQgetvalue(result_, row_, column_); }

bool Field::is_null() const { return PQgetisnull(result_, row_, column_) == 1; }

size_t Field::size() const {
  return static_cast<size_t>(PQgetlength(result_, row_, column_));
}

template <>
bool Field::as<bool>() const {
  // PostgreSQL's text output of boolean.
  absl::string_view v = view();
  if (!is_null() && v == "t") return true;
  if (!is_null() && v == "f") return false;
  Unconvertible(*this, "boolean");
}

template <>
int Field::as<int>() const {
  return ParseInt<int>(*this, "32-bit integer");
}

template <>
long Field::as<long>() const {
  return ParseInt<long>(*this, "64-bit integer");
}

template <>
long long Field::as<long long>() const {
  return ParseInt<long long>(*this, "64-bit integer");
}

template <>
double Field::as<double>() const {
  double v = 0;
  if (is_null() || !absl::SimpleAtod(view(), &v))
    Unconvertible(*this, "number");
  return v;
}

template <>
std::string Field::as<std::string>() const {
  if (is_null()) Unconvertible(*this, "text");
  return std::string(view());
}

size_t Row::size() const { return static_cast<size_t>(PQnfields(result_)); }

int Row::ColumnIndex(const char* name) const { return ColumnOf(result_, name); }

Rows::Rows(PGresult* result) : result_(result, PQclear) {}

size_t Rows::size() const {
  return result_ ? static_cast<size_t>(PQntuples(result_.get())) : 0;
}

int Rows::ColumnIndex(const char* name) const {
  return ColumnOf(result_.get(), name);
}

size_t Rows::columns() const {
  return result_ ? static_cast<size_t>(PQnfields(result_.get())) : 0;
}

}  // namespace poles::storage
