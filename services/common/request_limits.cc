#include "services/common/request_limits.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"

namespace poles {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::Status Check(const Message& m, const std::string& prefix, int depth) {
  const Reflection* reflection = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    const std::string path =
        prefix.empty() ? f->name() : absl::StrCat(prefix, ".", f->name());
    if (f->is_repeated()) {
      const int size = reflection->FieldSize(m, f);
      const int max = MaxRepeated(*f);
      if (size > max) {
        return InvalidField(path, absl::StrCat("must have at most ", max,
                                               " elements (has ", size, ")"));
      }
    }
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || depth >= 32 ||
        f->is_map()) {
      continue;
    }
    if (f->is_repeated()) {
      const int size = reflection->FieldSize(m, f);
      for (int i = 0; i < size; ++i) {
        absl::Status s = Check(reflection->GetRepeatedMessage(m, f, i),
                               absl::StrCat(path, "[", i, "]"), depth + 1);
        if (!s.ok()) return s;
      }
    } else {
      absl::Status s = Check(reflection->GetMessage(m, f), path, depth + 1);
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

int MaxRepeated(const FieldDescriptor& field) {
  for (const RepeatedFieldLimit& limit : kRepeatedFieldLimits) {
    if (field.full_name() == limit.field) return limit.max;
  }
  return kDefaultMaxRepeated;
}

absl::Status CheckRepeatedLimits(const Message& request) {
  return Check(request, "", 0);
}

}  // namespace poles
