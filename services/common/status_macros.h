#ifndef POLES_SERVICES_COMMON_STATUS_MACROS_H_
#define POLES_SERVICES_COMMON_STATUS_MACROS_H_

// Returns from the enclosing function if `expr` (an absl::Status) fails.
#define POLES_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::absl::Status poles_status_ = (expr);         \
    if (!poles_status_.ok()) return poles_status_; \
  } while (0)

#define POLES_CONCAT_INNER(a, b) a##b
#define POLES_CONCAT(a, b) POLES_CONCAT_INNER(a, b)

// `lhs = *expr` for an absl::StatusOr `expr`, or returns its status.
#define POLES_ASSIGN_OR_RETURN(lhs, expr) \
  POLES_ASSIGN_OR_RETURN_IMPL(POLES_CONCAT(poles_or_, __LINE__), lhs, expr)
#define POLES_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = *std::move(tmp)

#endif  // POLES_SERVICES_COMMON_STATUS_MACROS_H_
