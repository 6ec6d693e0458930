#include "services/events/events_validation.h"

#include <cmath>

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

}  // namespace poles::events
