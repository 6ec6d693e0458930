#include "cli/profile_file.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cli/seed_files.h"
#include "poles/v1/events.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"

namespace poles::cli {

namespace {

using nlohmann::json;

}  // namespace

absl::StatusOr<ProfileFile> ParseProfileFile(const std::string& json_text) {
  json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidField("file", "is not a JSON object");
  }
  ProfileFile f;
  for (const auto& [k, v] : doc.items()) {
    if (k != "document" && k != "tenant" && k != "profile") {
      return InvalidField(k, "is not a key of a profile file");
    }
    if (k != "profile" && !v.is_string()) {
      return InvalidField(k, "must be a string");
    }
  }
  f.document = doc.value("document", "");
  f.tenant = doc.value("tenant", "");
  if (!IsValidTenantSlug(f.tenant)) {
    return InvalidField("tenant", "must be a tenant slug");
  }
  if (!doc.contains("profile") || !doc["profile"].is_object()) {
    return InvalidField("profile", "must be an object");
  }
  for (const auto& [k, v] : doc["profile"].items()) {
    const std::string where = "profile." + k;
    if (k == "notes") {
      if (!v.is_array()) return InvalidField(where, "must be an array");
      for (const auto& n : v) {
        if (!n.is_string()) return InvalidField(where, "must hold strings");
        f.profile.add_notes(n.get<std::string>());
      }
      f.paths.push_back("notes");
      continue;
    }
    if (!v.is_string()) return InvalidField(where, "must be a string");
    const std::string s = v.get<std::string>();
    if (k == "legal_name") {
      f.profile.set_legal_name(s);
    } else if (k == "incorporation_date") {
      f.profile.set_incorporation_date(s);
    } else if (k == "founding_event_id") {
      if (!s.empty() && !IsValidResourceId(s)) {
        return InvalidField(where, "must be an event id");
      }
      f.founding_event_id = s;
      f.paths.push_back("founding_event");
      continue;
    } else if (k == "website_uri") {
      f.profile.set_website_uri(s);
    } else if (k == "contact_email") {
      f.profile.set_contact_email(s);
    } else {
      return InvalidField(where, "is not a field of a profile");
    }
    f.paths.push_back(k);
  }
  if (f.paths.empty()) return InvalidField("profile", "sets no field");
  return f;
}

absl::StatusOr<v1::PoleProfile> LoadProfileFile(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const ProfileFile& file, const std::string& tenant,
    std::chrono::milliseconds timeout) {
  const std::string t = tenant.empty() ? file.tenant : tenant;
  v1::UpdatePoleProfileRequest req;
  *req.mutable_profile() = file.profile;
  req.mutable_profile()->set_name(absl::StrCat("tenants/", t, "/profile"));
  if (!file.founding_event_id.empty()) {
    req.mutable_profile()->set_founding_event(
        absl::StrCat("tenants/", t, "/events/", file.founding_event_id));
  }
  for (const auto& p : file.paths) req.mutable_update_mask()->add_paths(p);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + timeout);
  ctx.AddMetadata("authorization", "Bearer " + key);
  v1::PoleProfile out;
  auto stub = v1::EventsService::NewStub(channel);
  if (grpc::Status s = stub->UpdatePoleProfile(&ctx, req, &out); !s.ok()) {
    return FromGrpcStatus(s);
  }
  return out;
}

int LoadDemoProfiles(const std::shared_ptr<grpc::Channel>& channel,
                     const std::string& seeds_dir,
                     const std::string& keys_dir) {
  return ForEachSeedFile(
      seeds_dir, "profiles",
      [&](const std::string& /*path*/,
          const std::string& text) -> absl::Status {
        POLES_ASSIGN_OR_RETURN(ProfileFile parsed, ParseProfileFile(text));
        POLES_ASSIGN_OR_RETURN(
            v1::PoleProfile loaded,
            LoadProfileFile(channel, EditorKey(keys_dir, parsed.tenant), parsed,
                            ""));
        std::printf("Profil de %s (%s) : %s\n", parsed.tenant.c_str(),
                    parsed.document.c_str(), loaded.legal_name().c_str());
        return absl::OkStatus();
      });
}

}  // namespace poles::cli
