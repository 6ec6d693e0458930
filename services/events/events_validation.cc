#include "services/events/events_validation.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/resource_name.h"
#include "services/common/validation.h"

namespace poles::events {

namespace {

struct KindName {
  v1::Event::Kind kind;
  const char* text;
};
constexpr KindName kEventKinds[] = {
    {v1::Event::BOARD_MEETING, "board_meeting"},
    {v1::Event::EXECUTIVE_MEETING, "executive_meeting"},
    {v1::Event::AGA, "aga"},
    {v1::Event::FORUM, "forum"},
    {v1::Event::TRAINING, "training"},
    {v1::Event::WEBINAR, "webinar"},
    {v1::Event::CONFERENCE_CALL, "conference_call"},
    {v1::Event::NETWORKING, "networking"},
    {v1::Event::VISIT, "visit"},
    {v1::Event::PROMOTION, "promotion"},
    {v1::Event::COMMITTEE_MEETING, "committee_meeting"},
    {v1::Event::OTHER, "other"},
};

struct BodyKindName {
  v1::Body::Kind kind;
  const char* text;
};
constexpr BodyKindName kBodyKinds[] = {
    {v1::Body::BOARD, "board"},
    {v1::Body::EXECUTIVE, "executive"},
    {v1::Body::COMMITTEE, "committee"},
    {v1::Body::NATIONAL_TABLE, "national_table"},
    {v1::Body::PARTNER_COMMITTEE, "partner_committee"},
    {v1::Body::OTHER, "other"},
};

// 1990-01-01T00:00:00Z and 2101-01-01T00:00:00Z.
constexpr int64_t kMinSeconds = 631152000;
constexpr int64_t kMaxSeconds = 4133980800;

bool CheckTime(Violations& out, const std::string& field, bool present,
               const google::protobuf::Timestamp& t) {
  if (!present) {
    out.Add(field, "is required");
    return false;
  }
  if (t.seconds() < kMinSeconds || t.seconds() >= kMaxSeconds ||
      t.nanos() < 0 || t.nanos() > 999999999) {
    out.Add(field, "must be between 1990 and 2100");
    return false;
  }
  return true;
}

void CheckCount(Violations& out, const std::string& field, bool present,
                int32_t value) {
  if (present && (value < 0 || value > kMaxParticipants)) {
    out.Add(field, absl::StrCat("must be between 0 and ", kMaxParticipants));
  }
}

}  // namespace

const char* EventKindText(v1::Event::Kind kind) {
  for (const auto& k : kEventKinds) {
    if (k.kind == kind) return k.text;
  }
  return "";
}

v1::Event::Kind EventKindFromText(absl::string_view text) {
  for (const auto& k : kEventKinds) {
    if (text == k.text) return k.kind;
  }
  return v1::Event::KIND_UNSPECIFIED;
}

const char* BodyKindText(v1::Body::Kind kind) {
  for (const auto& k : kBodyKinds) {
    if (k.kind == kind) return k.text;
  }
  return "";
}

v1::Body::Kind BodyKindFromText(absl::string_view text) {
  for (const auto& k : kBodyKinds) {
    if (text == k.text) return k.kind;
  }
  return v1::Body::KIND_UNSPECIFIED;
}

void ValidateBody(const v1::Body& body, absl::string_view prefix,
                  Violations& out) {
  CheckText(out, absl::StrCat(prefix, ".display_name"), body.display_name(),
            kMaxBodyName, true);
  if (body.kind() == v1::Body::KIND_UNSPECIFIED ||
      !v1::Body::Kind_IsValid(body.kind())) {
    out.Add(absl::StrCat(prefix, ".kind"), "is required: a known body kind");
  }
}

void ValidateEvent(const v1::Event& e, absl::string_view prefix,
                   absl::string_view tenant, Violations& out, EventRefs* refs) {
  auto f = [&](absl::string_view name) {
    return absl::StrCat(prefix, ".", name);
  };
  CheckText(out, f("title"), e.title(), kMaxTitle, true);
  if (e.kind() == v1::Event::KIND_UNSPECIFIED ||
      !v1::Event::Kind_IsValid(e.kind())) {
    out.Add(f("kind"), "is required: a known event kind");
  }
  if (!e.body().empty()) {
    auto ids = ParseResourceName(f("body"), e.body(), {"tenants", "bodies"});
    if (!ids.ok()) {
      out.Merge(ids.status());
    } else if ((*ids)[0] != tenant) {
      out.Add(f("body"), "must be a body of the same tenant");
    } else {
      refs->body_id = (*ids)[1];
    }
  }
  bool start_ok =
      CheckTime(out, f("start_time"), e.has_start_time(), e.start_time());
  bool end_ok = CheckTime(out, f("end_time"), e.has_end_time(), e.end_time());
  if (start_ok && end_ok &&
      std::make_pair(e.end_time().seconds(), e.end_time().nanos()) <
          std::make_pair(e.start_time().seconds(), e.start_time().nanos())) {
    out.Add(f("end_time"), "must not be before start_time");
  }
  if (!e.mrc().empty()) {
    auto ids = ParseResourceName(f("mrc"), e.mrc(), {"mrcs"});
    if (!ids.ok()) {
      out.Add(f("mrc"), "must look like mrcs/{mrc}");
    } else {
      refs->mrc_id = (*ids)[0];
    }
  }
  CheckText(out, f("location"), e.location(), kMaxLocation, false);
  CheckText(out, f("description"), e.description(), kMaxDescription, false);

  const auto& p = e.participants();
  CheckCount(out, f("participants.total"), p.has_total(), p.total());
  CheckCount(out, f("participants.women"), p.has_women(), p.women());
  CheckCount(out, f("participants.men"), p.has_men(), p.men());
  CheckCount(out, f("participants.other"), p.has_other(), p.other());
  if (p.has_total()) {
    int64_t by_gender = int64_t{p.women()} + p.men() + p.other();
    if (by_gender > p.total()) {
      out.Add(f("participants"),
              absl::StrCat("women, men and other add up to ", by_gender,
                           ", more than the total of ", p.total()));
    }
  }

  if (!e.plan_item().empty()) {
    auto ids = ParseResourceName(f("plan_item"), e.plan_item(),
                                 {"tenants", "plans", "items"});
    if (!ids.ok()) {
      out.Merge(ids.status());
    } else if ((*ids)[0] != tenant) {
      out.Add(f("plan_item"), "must be a plan item of the same tenant");
    } else {
      refs->plan_item = e.plan_item();
    }
  }

  if (e.has_training() && e.kind() != v1::Event::TRAINING &&
      e.kind() != v1::Event::KIND_UNSPECIFIED) {
    out.Add(f("training"), "is only for events of kind TRAINING");
  }
  if (e.has_training()) {
    const auto& t = e.training();
    if (t.cohort_size() < 0 || t.cohort_size() > kMaxParticipants) {
      out.Add(f("training.cohort_size"),
              absl::StrCat("must be between 0 and ", kMaxParticipants));
    }
    if (t.satisfaction_size() > kMaxSatisfactionQuestions) {
      out.Add(f("training.satisfaction"),
              absl::StrCat("must list at most ", kMaxSatisfactionQuestions,
                           " questions"));
    }
    for (int i = 0; i < t.satisfaction_size() && i < kMaxSatisfactionQuestions;
         ++i) {
      const auto& s = t.satisfaction(i);
      std::string at = f(absl::StrCat("training.satisfaction[", i, "]"));
      CheckText(out, absl::StrCat(at, ".question"), s.question(), kMaxQuestion,
                true);
      if (!std::isfinite(s.percent()) || s.percent() < 0 || s.percent() > 100) {
        out.Add(absl::StrCat(at, ".percent"), "must be between 0 and 100");
      }
    }
  }
}

absl::StatusOr<std::string> ParseProfileName(absl::string_view field,
                                             absl::string_view name) {
  constexpr absl::string_view kSuffix = "/profile";
  auto bad = [&]() {
    return InvalidField(
        field, "must be a resource name of the form tenants/{tenant}/profile");
  };
  if (name.empty()) {
    return InvalidField(field, "is required (tenants/{tenant}/profile)");
  }
  if (!absl::EndsWith(name, kSuffix)) return bad();
  auto ids = ParseResourceName(
      field, name.substr(0, name.size() - kSuffix.size()), {"tenants"});
  if (!ids.ok()) return bad();
  return (*ids)[0];
}

std::string ProfileName(absl::string_view tenant) {
  return absl::StrCat("tenants/", tenant, "/profile");
}

namespace {

bool HasSpace(absl::string_view s) {
  for (char c : s) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

}  // namespace

void ValidatePoleProfile(const v1::PoleProfile& p, absl::string_view prefix,
                         absl::string_view tenant, Violations& out,
                         std::string* founding_event_id) {
  auto f = [&](absl::string_view name) {
    return absl::StrCat(prefix, ".", name);
  };
  CheckText(out, f("legal_name"), p.legal_name(), kMaxLegalName, false);
  if (!p.incorporation_date().empty() &&
      !IsValidIsoDate(p.incorporation_date())) {
    out.Add(f("incorporation_date"),
            "must be an ISO 8601 date (YYYY-MM-DD) between 1990 and 2100");
  }
  if (!p.founding_event().empty()) {
    auto ids = ParseResourceName(f("founding_event"), p.founding_event(),
                                 {"tenants", "events"});
    if (!ids.ok()) {
      out.Merge(ids.status());
    } else if ((*ids)[0] != tenant) {
      out.Add(f("founding_event"), "must be an event of the same tenant");
    } else {
      *founding_event_id = (*ids)[1];
    }
  }
  const std::string& web = p.website_uri();
  CheckText(out, f("website_uri"), web, kMaxWebsiteUri, false);
  if (!web.empty()) {
    const size_t scheme = absl::StartsWith(web, "https://")  ? 8
                          : absl::StartsWith(web, "http://") ? 7
                                                             : 0;
    if (scheme == 0 || web.size() == scheme || web[scheme] == '/' ||
        HasSpace(web)) {
      out.Add(f("website_uri"),
              "must be an http:// or https:// URL with a host, without spaces");
    }
  }
  const std::string& email = p.contact_email();
  CheckText(out, f("contact_email"), email, kMaxContactEmail, false);
  if (!email.empty()) {
    const size_t at = email.find('@');
    const bool ok = at != std::string::npos && at > 0 &&
                    email.find('@', at + 1) == std::string::npos &&
                    email.find('.', at + 2) != std::string::npos &&
                    email.back() != '.' && !HasSpace(email);
    if (!ok)
      out.Add(f("contact_email"), "must be an address like info@example.org");
  }
  CheckTextList(out, f("notes"), {p.notes().begin(), p.notes().end()},
                kMaxProfileNotes, kMaxProfileNote);
}

}  // namespace poles::events
