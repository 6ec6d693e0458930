#include "cli/demo_reported.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cli/seed_files.h"
#include "poles/v1/directories.grpc.pb.h"
#include "poles/v1/events.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/events/events_validation.h"

namespace poles::cli {

namespace {

constexpr char kBodyMeetings[] = "events.body_meetings";

bool ParseQualifier(const nlohmann::json& entry, Qualifier* out) {
  if (!entry.contains("qualifier")) return true;
  if (!entry["qualifier"].is_string()) return false;
  const std::string q = entry["qualifier"].get<std::string>();
  for (Qualifier k : {Qualifier::kExact, Qualifier::kMoreThan,
                      Qualifier::kApproximately, Qualifier::kDerived}) {
    if (q == QualifierName(k)) {
      *out = k;
      return true;
    }
  }
  return false;
}

// The line, qualifier and note every entry may carry.
void ParseProvenance(const nlohmann::json& entry, const std::string& where,
                     int* line, Qualifier* qualifier, std::string* note,
                     Violations& v) {
  if (!entry.contains("line") || !entry["line"].is_number_integer() ||
      entry["line"].get<int>() < 1) {
    v.Add(where + ".line", "must be the document's line, a positive integer");
  } else {
    *line = entry["line"].get<int>();
  }
  if (!ParseQualifier(entry, qualifier)) {
    v.Add(where + ".qualifier",
          "must be exact, more_than, approximately or derived");
  }
  if (entry.contains("note")) {
    if (entry["note"].is_string()) {
      *note = entry["note"].get<std::string>();
    } else {
      v.Add(where + ".note", "must be a string");
    }
  }
}

void ParseBodies(const nlohmann::json& doc, ReportedFile* f, Violations& v) {
  if (!doc.contains("bodies")) return;
  if (!doc["bodies"].is_array()) {
    v.Add("bodies", "must be an array");
    return;
  }
  for (size_t i = 0; i < doc["bodies"].size(); ++i) {
    const auto& e = doc["bodies"][i];
    const std::string where = absl::StrCat("bodies[", i, "]");
    if (!e.is_object() || !e.contains("bodyId") || !e["bodyId"].is_string() ||
        !e.contains("body")) {
      v.Add(where, "must be an object with \"bodyId\" and \"body\"");
      continue;
    }
    ReportedBody b;
    b.id = e["bodyId"].get<std::string>();
    if (!IsValidResourceId(b.id)) v.Add(where + ".bodyId", "is not an id");
    auto s =
        google::protobuf::util::JsonStringToMessage(e["body"].dump(), &b.body);
    if (!s.ok()) {
      v.Add(where + ".body", std::string(s.message()));
    } else {
      events::ValidateBody(b.body, where + ".body", v);
    }
    ParseProvenance(e, where, &b.line, &b.qualifier, &b.note, v);
    if (e.contains("meetings")) {
      b.has_meetings = true;
      if (!e["meetings"].is_object()) {
        v.Add(where + ".meetings", "must be an object of counts by kind");
      } else {
        for (const auto& [kind, n] : e["meetings"].items()) {
          if (!n.is_number_integer() || n.get<int64_t>() < 0) {
            v.Add(absl::StrCat(where, ".meetings.", kind),
                  "must be a count, 0 or more");
            continue;
          }
          b.meetings[kind] = n.get<int64_t>();
        }
      }
    }
    f->bodies.push_back(std::move(b));
  }
}

void ParseValues(const nlohmann::json& doc, ReportedFile* f, Violations& v) {
  if (!doc.contains("values")) return;
  if (!doc["values"].is_array()) {
    v.Add("values", "must be an array");
    return;
  }
  for (size_t i = 0; i < doc["values"].size(); ++i) {
    const auto& e = doc["values"][i];
    const std::string where = absl::StrCat("values[", i, "]");
    if (!e.is_object()) {
      v.Add(where, "must be an object");
      continue;
    }
    ReportedFigure r;
    if (!e.contains("indicator") || !e["indicator"].is_string() ||
        !(absl::StartsWith(e["indicator"].get<std::string>(), "directories.") ||
          absl::StartsWith(e["indicator"].get<std::string>(), "events."))) {
      v.Add(where + ".indicator",
            "must be the code of a directories.* or events.* indicator");
    } else {
      r.indicator = e["indicator"].get<std::string>();
    }
    if (!e.contains("value") || !e["value"].is_number_integer() ||
        e["value"].get<int64_t>() < 0) {
      v.Add(where + ".value", "must be a count, 0 or more");
    } else {
      r.value = e["value"].get<int64_t>();
    }
    if (e.contains("dimensions")) {
      if (!e["dimensions"].is_object()) {
        v.Add(where + ".dimensions", "must be an object of strings");
      } else {
        for (const auto& [k, val] : e["dimensions"].items()) {
          if (!val.is_string()) {
            v.Add(absl::StrCat(where, ".dimensions.", k), "must be a string");
            continue;
          }
          r.dimensions[k] = val.get<std::string>();
        }
      }
    }
    ParseProvenance(e, where, &r.line, &r.qualifier, &r.note, v);
    f->values.push_back(std::move(r));
  }
}

}  // namespace

const char* QualifierName(Qualifier q) {
  switch (q) {
    case Qualifier::kExact:
      return "exact";
    case Qualifier::kMoreThan:
      return "more_than";
    case Qualifier::kApproximately:
      return "approximately";
    case Qualifier::kDerived:
      return "derived";
  }
  return "exact";
}

absl::StatusOr<ReportedFile> ParseReportedFile(const std::string& json_text) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidField("file", "is not a JSON object");
  }
  ReportedFile f;
  Violations v;
  for (const auto& [key, out] :
       {std::pair<const char*, std::string*>{"document", &f.document},
        {"tenant", &f.tenant},
        {"fiscal_year", &f.fiscal_year}}) {
    if (!doc.contains(key) || !doc[key].is_string()) {
      v.Add(key, "is required, a string");
    } else {
      *out = doc[key].get<std::string>();
    }
  }
  if (!f.fiscal_year.empty()) {
    v.Merge(ParseFiscalYear("fiscal_year", f.fiscal_year).status());
  }
  ParseBodies(doc, &f, v);
  ParseValues(doc, &f, v);
  POLES_RETURN_IF_ERROR(v.Status());
  return f;
}

std::vector<ReportedFigure> ReportedValuesOf(const ReportedFile& file) {
  std::vector<ReportedFigure> out = file.values;
  std::map<std::string, int64_t> by_kind;
  int64_t total = 0;
  bool any = false;
  int first_line = 0;
  for (const ReportedBody& b : file.bodies) {
    if (!b.has_meetings) continue;
    int64_t n = 0;
    for (const auto& [kind, count] : b.meetings) {
      n += count;
      by_kind[kind] += count;
    }
    total += n;
    if (!any) first_line = b.line;
    any = true;
    out.push_back({kBodyMeetings,
                   {{"body", b.id}},
                   n,
                   b.line,
                   b.meetings.size() > 1 ? Qualifier::kDerived : b.qualifier,
                   b.note});
  }
  if (!any) return out;
  for (const auto& [kind, count] : by_kind) {
    out.push_back(
        {kBodyMeetings,
         {{"event_kind", kind}},
         count,
         first_line,
         Qualifier::kDerived,
         "Somme des rencontres de ce genre des instances du fichier."});
  }
  out.push_back({kBodyMeetings,
                 {},
                 total,
                 first_line,
                 Qualifier::kDerived,
                 "Somme des rencontres des instances du fichier ; le document "
                 "ne donne pas de total."});
  return out;
}

absl::StatusOr<ReportedLoadSummary> LoadReportedFile(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const ReportedFile& file, const std::string& tenant_override,
    std::chrono::milliseconds timeout) {
  const std::string tenant =
      tenant_override.empty() ? file.tenant : tenant_override;
  if (!IsValidTenantSlug(tenant)) {
    return InvalidField("tenant", "is not a tenant slug");
  }
  const std::string parent = "tenants/" + tenant;
  auto ctx = [&]() {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() + timeout);
    c->AddMetadata("authorization", "Bearer " + key);
    return c;
  };
  auto refused = [](const grpc::Status& s, const std::string& what) {
    absl::Status st = FromGrpcStatus(s);
    return absl::Status(st.code(), absl::StrCat(what, ": ", st.message()));
  };
  auto events = v1::EventsService::NewStub(channel);
  auto directories = v1::DirectoriesService::NewStub(channel);
  ReportedLoadSummary summary;
  for (const ReportedBody& b : file.bodies) {
    v1::CreateBodyRequest req;
    req.set_parent(parent);
    req.set_body_id(b.id);
    *req.mutable_body() = b.body;
    v1::Body out;
    grpc::Status s = events->CreateBody(ctx().get(), req, &out);
    if (s.ok()) {
      ++summary.bodies_created;
    } else if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      ++summary.bodies_present;
    } else {
      return refused(s,
                     absl::StrCat("instance ", b.id, " (ligne ", b.line, ")"));
    }
  }
  for (const ReportedFigure& r : ReportedValuesOf(file)) {
    v1::ReportIndicatorValueRequest req;
    req.set_parent(parent);
    req.set_fiscal_year(file.fiscal_year);
    req.mutable_value()->set_indicator(r.indicator);
    req.mutable_value()->set_value(r.value);
    for (const auto& [k, val] : r.dimensions)
      (*req.mutable_value()->mutable_dimensions())[k] = val;
    v1::IndicatorValue out;
    grpc::Status s =
        absl::StartsWith(r.indicator, "events.")
            ? events->ReportEventsIndicator(ctx().get(), req, &out)
            : directories->ReportDirectoriesIndicator(ctx().get(), req, &out);
    if (!s.ok()) {
      return refused(s, absl::StrCat(r.indicator, " (ligne ", r.line, ")"));
    }
    ++summary.values_reported;
  }
  return summary;
}

int LoadDemoReported(const std::shared_ptr<grpc::Channel>& channel,
                     const std::string& seeds_dir,
                     const std::string& keys_dir) {
  return ForEachSeedFile(
      seeds_dir, "reported",
      [&](const std::string& /*path*/,
          const std::string& text) -> absl::Status {
        POLES_ASSIGN_OR_RETURN(ReportedFile parsed, ParseReportedFile(text));
        POLES_ASSIGN_OR_RETURN(
            ReportedLoadSummary loaded,
            LoadReportedFile(channel, EditorKey(keys_dir, parsed.tenant),
                             parsed, ""));
        std::printf(
            "Chiffres déclarés de %s (%s, %s) : %zu instance(s) créée(s), "
            "%zu déjà présente(s), %zu valeur(s) déclarée(s)\n",
            parsed.tenant.c_str(), parsed.fiscal_year.c_str(),
            parsed.document.c_str(), loaded.bodies_created,
            loaded.bodies_present, loaded.values_reported);
        return absl::OkStatus();
      });
}

}  // namespace poles::cli
