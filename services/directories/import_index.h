#ifndef POLES_SERVICES_DIRECTORIES_IMPORT_INDEX_H_
#define POLES_SERVICES_DIRECTORIES_IMPORT_INDEX_H_

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

namespace poles::directories {

// The tenant's organisations as an import matches rows to them: by NEQ,
// then by folded name. Kept up to date with the rows the import writes, so
// that a later line naming an organisation an earlier line created or
// renamed finds it. Pure (no database), not thread-safe.
class ImportIndex {
 public:
  // Indexes organisation `id` by its NEQ ("" for none) and folded name.
  void Add(const std::string& id, const std::string& neq,
           const std::string& folded) {
    if (!neq.empty()) by_neq_[neq] = id;
    by_name_[folded].push_back({id, neq});
  }
  // Forgets `id` as Add indexed it (the same NEQ and folded name).
  void Remove(const std::string& id, const std::string& neq,
              const std::string& folded) {
    if (!neq.empty()) by_neq_.erase(neq);
    auto it = by_name_.find(folded);
    if (it == by_name_.end()) return;
    auto& v = it->second;
    v.erase(std::remove_if(v.begin(), v.end(),
                           [&](const Entry& e) { return e.id == id; }),
            v.end());
    if (v.empty()) by_name_.erase(it);
  }
  // The organisation with this NEQ, or "".
  std::string ByNeq(const std::string& neq) const {
    auto it = neq.empty() ? by_neq_.end() : by_neq_.find(neq);
    return it == by_neq_.end() ? "" : it->second;
  }
  // The organisations with this folded name (those without a NEQ only, when
  // the row gives one: a different NEQ is a different organisation).
  std::vector<std::string> ByName(const std::string& folded,
                                  bool row_has_neq) const {
    std::vector<std::string> ids;
    auto it = by_name_.find(folded);
    if (it == by_name_.end()) return ids;
    for (const auto& e : it->second) {
      if (!row_has_neq || e.neq.empty()) ids.push_back(e.id);
    }
    return ids;
  }

 private:
  struct Entry {
    std::string id, neq;
  };
  std::unordered_map<std::string, std::string> by_neq_;
  std::unordered_map<std::string, std::vector<Entry>> by_name_;
};

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_IMPORT_INDEX_H_
