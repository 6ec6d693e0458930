#ifndef POLES_STORAGE_ROWS_H_
#define POLES_STORAGE_ROWS_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"

// libpq's result, by its public opaque name (libpq-fe.h is only needed by
// rows.cc and tenant_transaction.cc).
typedef struct pg_result PGresult;

namespace poles::storage {

// The rows of one statement's result as libpq returned them (text format),
// for reads that libpqxx 6.4 cannot issue (see TenantRead's pipeline). Its
// surface is the part of pqxx::result the services use — size(), empty(),
// rows[i][j].c_str() / .is_null() / .size() / .as<T>(), iteration — so code
// written against either reads the same. Copies share the result.
class Rows;

class Field {
 public:
  Field(const PGresult* result, int row, int column)
      : result_(result), row_(row), column_(column) {}

  // The value's text; "" for NULL (as libpqxx).
  const char* c_str() const;
  bool is_null() const;
  // Bytes of the value's text.
  size_t size() const;
  absl::string_view view() const { return absl::string_view(c_str(), size()); }

  // The value converted; throws std::domain_error for NULL or text that is
  // not a T (a server-side schema mismatch, reported as INTERNAL).
  template <typename T>
  T as() const;

 private:
  const PGresult* result_;
  int row_;
  int column_;
};

template <>
bool Field::as<bool>() const;
template <>
int Field::as<int>() const;
template <>
long Field::as<long>() const;
template <>
long long Field::as<long long>() const;
template <>
double Field::as<double>() const;
template <>
std::string Field::as<std::string>() const;

class Row {
 public:
  Row(const PGresult* result, int row) : result_(result), row_(row) {}
  Field operator[](int column) const { return Field(result_, row_, column); }
  // The column named `name` (as pqxx::row's by-name access); throws
  // std::out_of_range for a name the result does not have.
  Field operator[](const char* name) const {
    return Field(result_, row_, ColumnIndex(name));
  }
  // Position of the column named `name`; throws std::out_of_range if the
  // result has no such column.
  int ColumnIndex(const char* name) const;
  // Columns.
  size_t size() const;

 private:
  const PGresult* result_;
  int row_;
};

class Rows {
 public:
  // An empty result.
  Rows() = default;
  // Takes ownership of `result` (PQclear when the last copy goes).
  explicit Rows(PGresult* result);

  size_t size() const;
  bool empty() const { return size() == 0; }
  size_t columns() const;
  // Position of the column named `name` (exact, lower-case names as the
  // statements alias them); throws std::out_of_range if there is none.
  int ColumnIndex(const char* name) const;
  // libpq's result (null for an empty Rows).
  const PGresult* raw() const { return result_.get(); }
  Row operator[](size_t row) const {
    return Row(result_.get(), static_cast<int>(row));
  }

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Row;
    const_iterator(const PGresult* result, int row)
        : result_(result), row_(row) {}
    Row operator*() const { return Row(result_, row_); }
    const_iterator& operator++() {
      ++row_;
      return *this;
    }
    bool operator==(const const_iterator& o) const { return row_ == o.row_; }
    bool operator!=(const const_iterator& o) const { return row_ != o.row_; }

   private:
    const PGresult* result_;
    int row_;
  };
  const_iterator begin() const { return const_iterator(result_.get(), 0); }
  const_iterator end() const {
    return const_iterator(result_.get(), static_cast<int>(size()));
  }

 private:
  std::shared_ptr<PGresult> result_;
};

}  // namespace poles::storage

#endif  // POLES_STORAGE_ROWS_H_
