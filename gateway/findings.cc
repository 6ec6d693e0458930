#include "gateway/findings.h"

#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gateway/disclosure.h"

namespace poles::gateway {

namespace {

struct Indicator {
  std::string code;
  std::string label_fr;
  std::string label_en;
  std::string unit;
  std::string service;
  bool counts_units = true;
};

class Catalogue {
 public:
  explicit Catalogue(const std::vector<v1::NationalIndicator>& list) {
    for (const auto& i : list) {
      const std::string code = IndicatorCode(i);
      by_code_[code] = {code,     i.label_fr(), i.label_en(),
                        i.unit(), i.service(),  CountsUnits(i)};
    }
  }
  Indicator Get(const std::string& code) const {
    auto it = by_code_.find(code);
    if (it != by_code_.end()) return it->second;
    return {code, code, code, "count", "", true};
  }

 private:
  std::map<std::string, Indicator> by_code_;
};

std::string DimensionFr(const std::string& d) {
  static const auto* kNames = new std::map<std::string, std::string>{
      {"mrc", "MRC"},
      {"sector", "secteur"},
      {"legal_form", "forme juridique"},
      {"gender", "genre"},
      {"phase", "phase"},
      {"event_kind", "type d'événement"},
      {"plan_item", "action du plan"},
      {"funder", "bailleur de fonds"},
      {"funder_kind", "type de bailleur"},
      {"program", "programme"},
      {"office", "bureau"},
      {"measure", "mesure"}};
  auto it = kNames->find(d);
  return it == kNames->end() ? d : it->second;
}

std::string DimensionEn(const std::string& d) {
  static const auto* kNames =
      new std::map<std::string, std::string>{{"mrc", "MRC"},
                                             {"legal_form", "legal form"},
                                             {"event_kind", "event kind"},
                                             {"plan_item", "plan item"},
                                             {"funder_kind", "funder kind"}};
  auto it = kNames->find(d);
  return it == kNames->end() ? d : it->second;
}

// "MRC × secteur" for a set of dimensions "mrc,sector".
std::string DimensionsText(const std::string& dims, bool french) {
  std::vector<std::string> names;
  for (absl::string_view d : absl::StrSplit(dims, ',', absl::SkipEmpty())) {
    names.push_back(french ? DimensionFr(std::string(d))
                           : DimensionEn(std::string(d)));
  }
  return absl::StrJoin(names, " × ");
}

std::string Keys(const v1::IndicatorValue& v) {
  std::set<std::string> keys;
  for (const auto& [k, val] : v.dimensions()) keys.insert(k);
  return absl::StrJoin(keys, ",");
}

// " (genre = women, MRC = becancour)" for a breakdown value, "" for a total.
std::string Where(const v1::IndicatorValue& v, bool french) {
  if (v.dimensions().empty()) return "";
  std::map<std::string, std::string> dims(v.dimensions().begin(),
                                          v.dimensions().end());
  std::vector<std::string> parts;
  parts.reserve(dims.size());
  for (const auto& [k, val] : dims) {
    parts.push_back(
        absl::StrCat(french ? DimensionFr(k) : DimensionEn(k), " = ", val));
  }
  return absl::StrCat(" (", absl::StrJoin(parts, ", "), ")");
}

std::string Named(const Indicator& i, bool french) {
  return absl::StrCat(french ? i.label_fr : i.label_en, " (", i.code, ")");
}

// The number written in `text` right after `key`, its digits only: a space
// (or no-break space) or comma between digits groups thousands or marks
// the cents, so "1 234,56 $" reads 123456 (cents: money always shows two
// decimals) and "225, 12 less" reads 225.
std::optional<int64_t> NumberAfter(absl::string_view text,
                                   absl::string_view key) {
  const size_t at = text.find(key);
  if (at == absl::string_view::npos) return std::nullopt;
  absl::string_view rest = text.substr(at + key.size());
  while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
  bool negative = false;
  if (!rest.empty() && rest[0] == '-') {
    negative = true;
    rest.remove_prefix(1);
  }
  const auto digit_at = [&](size_t i) {
    return i < rest.size() &&
           absl::ascii_isdigit(static_cast<unsigned char>(rest[i]));
  };
  std::string digits;
  size_t i = 0;
  while (i < rest.size()) {
    if (digit_at(i)) {
      digits += rest[i++];
    } else if ((rest[i] == ' ' || rest[i] == ',') && digit_at(i + 1)) {
      ++i;
    } else if (absl::StartsWith(rest.substr(i), "\u00a0") && digit_at(i + 2)) {
      i += 2;
    } else {
      break;
    }
  }
  int64_t n = 0;
  if (digits.empty() || !absl::SimpleAtoi(digits, &n)) return std::nullopt;
  return negative ? -n : n;
}

class FindingsBuilder {
 public:
  FindingsBuilder(const TenantSummaries& year, int threshold)
      : year_(year), threshold_(threshold) {}

  v1::Finding* Add(const Indicator& i, v1::Finding::Rule rule) {
    v1::Finding& f = out_.emplace_back();
    f.set_tenant(absl::StrCat("tenants/", year_.tenant.slug));
    f.set_fiscal_year(year_.fiscal_year);
    f.set_indicator(i.code);
    f.set_rule(rule);
    return &f;
  }

  // True when `v`, a figure of `i`, is below the disclosure threshold.
  bool Hidden(const Indicator& i, int64_t v) const {
    return threshold_ > 1 && i.counts_units && v >= 1 && v < threshold_;
  }
  // A figure for people; a total is always shown.
  std::string Fr(const Indicator& i, int64_t v, bool total = false) const {
    return !total && Hidden(i, v) ? SuppressedDisplay(threshold_)
                                  : FormatFrenchValue(v, i.unit);
  }
  std::string En(const Indicator& i, int64_t v, bool total = false) const {
    return !total && Hidden(i, v) ? SuppressedDisplay(threshold_)
                                  : FormatEnglishValue(v, i.unit);
  }
  // Sets the finding's two figures, suppressing those below the threshold
  // that are not totals (a Pôle's totals are published exactly; a cell of a
  // breakdown, or the sum of a breakdown, is not).
  void Figures(const Indicator& i, int64_t value, bool value_is_total,
               int64_t compared, bool compared_is_total, v1::Finding* f) const {
    const bool hide_value = !value_is_total && Hidden(i, value);
    const bool hide_compared = !compared_is_total && Hidden(i, compared);
    f->set_value(hide_value ? 0 : value);
    f->set_compared_value(hide_compared ? 0 : compared);
    f->set_suppressed(hide_value || hide_compared);
  }
  // A service's recorded text with every number below the threshold (a
  // digit run standing alone, not part of a name, index or year) shown as
  // "< threshold" when `i` counts units.
  std::string Masked(const Indicator& i, const std::string& text,
                     v1::Finding* f) const {
    if (threshold_ <= 1 || !i.counts_units) return text;
    std::string out;
    size_t k = 0;
    while (k < text.size()) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(text[k]))) {
        out += text[k++];
        continue;
      }
      size_t end = k;
      while (end < text.size() &&
             absl::ascii_isdigit(static_cast<unsigned char>(text[end]))) {
        ++end;
      }
      const auto joined = [&](size_t at) {
        const unsigned char c = static_cast<unsigned char>(text[at]);
        return absl::ascii_isalpha(c) || c == '[' || c == ']' || c == '-' ||
               c == '/' || c == '_' || c == '.' || c == ',';
      };
      const bool alone =
          (k == 0 || !joined(k - 1)) && (end == text.size() || !joined(end));
      int64_t n = 0;
      if (alone && absl::SimpleAtoi(text.substr(k, end - k), &n) &&
          Hidden(i, n)) {
        out += SuppressedDisplay(threshold_);
        f->set_suppressed(true);
      } else {
        out.append(text, k, end - k);
      }
      k = end;
    }
    return out;
  }

  void ReportedVsComputed(const Indicator& i, const v1::IndicatorValue& v,
                          int64_t computed) {
    v1::Finding* f = Add(i, v1::Finding::REPORTED_VS_COMPUTED);
    f->set_dimension(Keys(v));
    const bool total = v.dimensions().empty();
    Figures(i, v.value(), total, computed, total, f);
    f->set_message_fr(absl::StrCat(
        Named(i, true), Where(v, true), " : le Pôle déclare ",
        Fr(i, v.value(), total), ", ses fiches en comptent ",
        Fr(i, computed, total),
        " (règle : valeur déclarée différente de la valeur calculée à partir "
        "des fiches)."));
    f->set_message_en(absl::StrCat(
        Named(i, false), Where(v, false), ": the Pôle reports ",
        En(i, v.value(), total), ", its records count ", En(i, computed, total),
        " (rule: reported value differs from the value computed from "
        "records)."));
  }

  // A breakdown by `dims` adding up to `sum` against `total`; `source`
  // names where the breakdown comes from when it is not the summary's.
  void Breakdown(const Indicator& i, const std::string& dims, int64_t sum,
                 int64_t total, const std::string& source) {
    const bool gender =
        absl::StrContains(absl::StrCat(",", dims, ","), ",gender,");
    if (!covered_.insert({i.code, dims, source}).second) return;
    const std::string from_fr =
        source.empty() ? "" : absl::StrCat(" (", source, ")");
    if (gender && sum > total) {
      v1::Finding* f = Add(i, v1::Finding::GENDER_EXCEEDS_TOTAL);
      f->set_dimension(dims);
      Figures(i, total, true, sum, false, f);
      f->set_message_fr(absl::StrCat(
          Named(i, true), " : les parts par ", DimensionsText(dims, true),
          from_fr, " totalisent ", Fr(i, sum), ", plus que le total de ",
          Fr(i, total, true),
          " (règle : ventilation par genre supérieure au total)."));
      f->set_message_en(absl::StrCat(
          Named(i, false), ": the parts by ", DimensionsText(dims, false),
          from_fr, " add up to ", En(i, sum), ", more than the total of ",
          En(i, total, true), " (rule: gender breakdown exceeds the total)."));
      return;
    }
    v1::Finding* f = Add(i, v1::Finding::BREAKDOWN_MISMATCH);
    f->set_dimension(dims);
    Figures(i, total, true, sum, false, f);
    const int64_t gap = sum > total ? sum - total : total - sum;
    // The difference would give a suppressed figure back from the other.
    const std::string gap_fr =
        f->suppressed()
            ? ""
            : absl::StrCat(" (écart de ", FormatFrenchValue(gap, i.unit), ")");
    const std::string gap_en =
        f->suppressed() ? ""
                        : absl::StrCat(" (a difference of ",
                                       FormatEnglishValue(gap, i.unit), ")");
    f->set_message_fr(absl::StrCat(
        Named(i, true), " : la répartition par ", DimensionsText(dims, true),
        from_fr, " totalise ", Fr(i, sum), " alors que le total est de ",
        Fr(i, total, true), gap_fr,
        " (règle : répartition non conciliée avec son total)."));
    f->set_message_en(absl::StrCat(
        Named(i, false), ": the breakdown by ", DimensionsText(dims, false),
        from_fr, " adds up to ", En(i, sum), " while the total is ",
        En(i, total, true), gap_en,
        " (rule: breakdown does not reconcile with its total)."));
  }

  // One string a service recorded on value `v`.
  void Recorded(const Indicator& i, const v1::IndicatorValue& v,
                const std::string& text) {
    if (!recorded_.insert({i.code, text}).second) return;
    const size_t colon = text.find(':');
    const std::string rule_name =
        colon == std::string::npos ? "" : text.substr(0, colon);
    absl::string_view body =
        colon == std::string::npos
            ? absl::string_view(text)
            : absl::StripAsciiWhitespace(
                  absl::string_view(text).substr(colon + 1));
    if (rule_name == "REPORTED_VS_COMPUTED") {
      if (auto computed = NumberAfter(body, "computed=")) {
        ReportedVsComputed(i, v, *computed);
        return;
      }
    } else if (rule_name == "BREAKDOWN_MISMATCH") {
      // The summaries' form: "<dim> sum=<s> total=<t>".
      auto sum = NumberAfter(body, "sum=");
      auto total = NumberAfter(body, "total=");
      if (sum && total && !absl::StartsWith(body, "tenants/")) {
        Breakdown(i, std::string(body.substr(0, body.find(' '))), *sum, *total,
                  "");
        return;
      }
      // The funding service's form, on a third party's reported total.
      const size_t open = body.find(" (");
      const size_t close = body.find(')', open);
      sum = NumberAfter(body, "adds up to ");
      total = NumberAfter(body, "the total of ");
      if (open != absl::string_view::npos && close != absl::string_view::npos &&
          sum && total) {
        const std::string source(body.substr(0, body.find(' ')));
        Breakdown(i, std::string(body.substr(open + 2, close - open - 2)), *sum,
                  *total, source);
        return;
      }
    }
    v1::Finding::Rule rule = v1::Finding::RULE_UNSPECIFIED;
    v1::Finding::Rule parsed;
    if (v1::Finding::Rule_Parse(rule_name, &parsed)) rule = parsed;
    v1::Finding* f = Add(i, rule);
    f->set_dimension(Keys(v));
    Figures(i, v.value(), v.dimensions().empty(), 0, true, f);
    const std::string shown = Masked(i, text, f);
    f->set_message_fr(
        absl::StrCat(Named(i, true), Where(v, true), " : ", shown));
    f->set_message_en(
        absl::StrCat(Named(i, false), Where(v, false), ": ", shown));
  }

  void YearOverYear(const Indicator& i, int64_t now, int64_t before,
                    const std::string& before_year, double factor) {
    v1::Finding* f = Add(i, v1::Finding::YEAR_OVER_YEAR);
    // Two totals, published exactly in their years' tables.
    Figures(i, now, true, before, true, f);
    f->set_compared_fiscal_year(before_year);
    const std::string factor_text = Ratio(factor);
    std::string change_fr, change_en;
    if (now == 0) {
      change_fr = "chute à zéro";
      change_en = "a fall to zero";
    } else if (now > before) {
      const std::string r = Ratio(static_cast<double>(now) / before);
      change_fr = absl::StrCat("× ", absl::StrReplaceAll(r, {{".", ","}}));
      change_en = absl::StrCat("× ", r);
    } else {
      const std::string r = Ratio(static_cast<double>(before) / now);
      change_fr = absl::StrCat("÷ ", absl::StrReplaceAll(r, {{".", ","}}));
      change_en = absl::StrCat("÷ ", r);
    }
    const char* sign = now > before ? "×" : "÷";
    f->set_message_fr(
        absl::StrCat(Named(i, true), " : ", Fr(i, now, true), " en ",
                     year_.fiscal_year, " contre ", Fr(i, before, true), " en ",
                     before_year, " (", change_fr, "), au-delà du seuil de ",
                     sign, " ", absl::StrReplaceAll(factor_text, {{".", ","}}),
                     " (règle : variation d'une année à l'autre)."));
    f->set_message_en(absl::StrCat(
        Named(i, false), ": ", En(i, now, true), " in ", year_.fiscal_year,
        " against ", En(i, before, true), " in ", before_year, " (", change_en,
        "), beyond the threshold of ", sign, " ", factor_text,
        " (rule: year-over-year change)."));
  }

  void Missing(const Indicator& i) {
    v1::Finding* f = Add(i, v1::Finding::MISSING_EXPECTED);
    f->set_message_fr(absl::StrCat(
        Named(i, true), " : aucune valeur pour ", year_.fiscal_year,
        ", alors que le mandat national l'attend (règle : indicateur attendu "
        "manquant)."));
    f->set_message_en(absl::StrCat(
        Named(i, false), ": no value for ", year_.fiscal_year,
        " though the national mandate expects it (rule: expected indicator "
        "missing)."));
  }

  std::vector<v1::Finding> Take() { return std::move(out_); }

 private:
  static std::string Ratio(double r) {
    std::string s = absl::StrFormat("%.1f", r);
    if (absl::EndsWith(s, ".0")) s.resize(s.size() - 2);
    return s;
  }

  const TenantSummaries& year_;
  const int threshold_;
  std::vector<v1::Finding> out_;
  // (code, dims, source) of the breakdown findings made.
  std::set<std::tuple<std::string, std::string, std::string>> covered_;
  std::set<std::pair<std::string, std::string>> recorded_;  // (code, text)
};

// Each indicator's total in a summary.
std::map<std::string, int64_t> Totals(const v1::IndicatorSummary& s) {
  std::map<std::string, int64_t> out;
  for (const auto& v : s.values()) {
    if (v.dimensions().empty()) out[v.indicator()] = v.value();
  }
  return out;
}

// Indicators that count the same things as another over a published
// breakdown's base: a Pôle that publishes "237 entreprises" and a
// distribution of 225 reports both, and the two must agree.
struct DistributionBase {
  const char* code;
  const char* base_code;
  const char* dimensions;  // the published breakdown's
};
constexpr DistributionBase kDistributionBases[] = {
    {"directories.enterprises", "directories.enterprises_in_distribution",
     "mrc,sector"},
};

}  // namespace

std::vector<v1::Finding> ComputeFindings(
    const TenantSummaries& year, const TenantSummaries* previous_year,
    const std::vector<v1::NationalIndicator>& catalogue_list,
    const FindingOptions& options) {
  const Catalogue catalogue(catalogue_list);
  FindingsBuilder b(year, options.disclosure_threshold);
  for (const auto& [service, summary] : year.by_service) {
    // What the service recorded, then what the figures themselves show.
    for (const auto& v : summary.values()) {
      for (const auto& text : v.findings())
        b.Recorded(catalogue.Get(v.indicator()), v, text);
    }
    const std::map<std::string, int64_t> totals = Totals(summary);
    // indicator -> dimension set -> sum, in the summary's order.
    std::vector<std::string> order;
    std::map<std::string, std::map<std::string, int64_t>> sums;
    for (const auto& v : summary.values()) {
      if (v.dimensions().empty()) continue;
      if (!sums.count(v.indicator())) order.push_back(v.indicator());
      sums[v.indicator()][Keys(v)] += v.value();
    }
    for (const auto& [code, base_code, dims] : kDistributionBases) {
      auto total = totals.find(code);
      auto base = totals.find(base_code);
      if (total == totals.end() || base == totals.end() ||
          total->second == base->second) {
        continue;
      }
      b.Breakdown(catalogue.Get(code), dims, base->second, total->second,
                  Named(catalogue.Get(base_code), true));
    }
    for (const auto& code : order) {
      auto total = totals.find(code);
      if (total == totals.end()) continue;
      for (const auto& [dims, sum] : sums[code]) {
        if (sum == total->second) continue;
        b.Breakdown(catalogue.Get(code), dims, sum, total->second, "");
      }
    }
    if (previous_year != nullptr && options.year_over_year_factor > 1) {
      auto before = previous_year->by_service.find(service);
      if (before != previous_year->by_service.end()) {
        const auto previous = Totals(before->second);
        for (const auto& v : summary.values()) {
          if (!v.dimensions().empty()) continue;
          auto p = previous.find(v.indicator());
          if (p == previous.end() || p->second <= 0) continue;
          const double now = static_cast<double>(v.value());
          const double then = static_cast<double>(p->second);
          const double factor = options.year_over_year_factor;
          if (now > then * factor || now * factor < then) {
            b.YearOverYear(catalogue.Get(v.indicator()), v.value(), p->second,
                           previous_year->fiscal_year, factor);
          }
        }
      }
    }
  }
  for (const auto& code : options.expected_indicators) {
    const Indicator i = catalogue.Get(code);
    bool judged = false, found = false;
    for (const auto& [service, summary] : year.by_service) {
      if (!i.service.empty() && service != i.service) continue;
      judged = true;
      for (const auto& v : summary.values())
        found = found || (v.indicator() == code && v.dimensions().empty());
    }
    if (i.service.empty() && !year.failed.empty()) judged = false;
    if (judged && !found) b.Missing(i);
  }
  return b.Take();
}

}  // namespace poles::gateway
