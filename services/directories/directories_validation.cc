#include "services/directories/directories_validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/resource_name.h"
#include "services/common/time_zone.h"
#include "services/common/validation.h"

namespace poles::directories {

namespace {

bool IsValidDateOrEmpty(absl::string_view v) {
  return v.empty() || IsValidIsoDate(v);
}

void CheckDate(Violations& out, const std::string& field, absl::string_view v,
               bool required) {
  if (v.empty()) {
    if (required) out.Add(field, "is required (an ISO date, \"2018-03-31\")");
    return;
  }
  if (!IsValidIsoDate(v)) {
    out.Add(field, "must be an ISO date \"YYYY-MM-DD\" between 1990 and 2100");
  }
}

std::string F(absl::string_view prefix, absl::string_view field) {
  return prefix.empty() ? std::string(field) : absl::StrCat(prefix, ".", field);
}

}  // namespace

// ---- Codes -----------------------------------------------------------------

const char* KindCode(v1::Organisation::Kind kind) {
  switch (kind) {
    case v1::Organisation::ENTERPRISE:
      return "enterprise";
    case v1::Organisation::PARTNER:
      return "partner";
    default:
      return "";
  }
}
v1::Organisation::Kind KindFromCode(absl::string_view c) {
  if (c == "enterprise") return v1::Organisation::ENTERPRISE;
  if (c == "partner") return v1::Organisation::PARTNER;
  return v1::Organisation::KIND_UNSPECIFIED;
}

const char* LegalFormCode(v1::Organisation::LegalForm f) {
  switch (f) {
    case v1::Organisation::OBNL:
      return "obnl";
    case v1::Organisation::COOPERATIVE:
      return "cooperative";
    case v1::Organisation::MUTUAL:
      return "mutual";
    case v1::Organisation::OTHER:
      return "other";
    default:
      return "";
  }
}
v1::Organisation::LegalForm LegalFormFromCode(absl::string_view c) {
  if (c == "obnl") return v1::Organisation::OBNL;
  if (c == "cooperative") return v1::Organisation::COOPERATIVE;
  if (c == "mutual") return v1::Organisation::MUTUAL;
  if (c == "other") return v1::Organisation::OTHER;
  return v1::Organisation::LEGAL_FORM_UNSPECIFIED;
}
const char* LegalFormLabel(v1::Organisation::LegalForm f) {
  switch (f) {
    case v1::Organisation::OBNL:
      return "OBNL";
    case v1::Organisation::COOPERATIVE:
      return "Coopérative";
    case v1::Organisation::MUTUAL:
      return "Mutuelle";
    case v1::Organisation::OTHER:
      return "Autre";
    default:
      return "";
  }
}

const char* MembershipCode(v1::Membership::Status s) {
  switch (s) {
    case v1::Membership::ACTIVE:
      return "active";
    case v1::Membership::LAPSED:
      return "lapsed";
    default:
      return "non_member";
  }
}
v1::Membership::Status MembershipFromCode(absl::string_view c) {
  if (c == "active") return v1::Membership::ACTIVE;
  if (c == "lapsed") return v1::Membership::LAPSED;
  if (c == "non_member") return v1::Membership::NON_MEMBER;
  return v1::Membership::STATUS_UNSPECIFIED;
}

const char* RoleCode(v1::Person::Role role) {
  switch (role) {
    case v1::Person::BOARD_MEMBER:
      return "board_member";
    case v1::Person::BOARD_OBSERVER:
      return "board_observer";
    case v1::Person::CONTACT:
      return "contact";
    case v1::Person::STAFF:
      return "staff";
    default:
      return "";
  }
}
v1::Person::Role RoleFromCode(absl::string_view c) {
  if (c == "board_member") return v1::Person::BOARD_MEMBER;
  if (c == "board_observer") return v1::Person::BOARD_OBSERVER;
  if (c == "contact") return v1::Person::CONTACT;
  if (c == "staff") return v1::Person::STAFF;
  return v1::Person::ROLE_UNSPECIFIED;
}

const char* PhaseCode(v1::Dossier::Phase phase) {
  switch (phase) {
    case v1::Dossier::PRE_STARTUP:
      return "pre_startup";
    case v1::Dossier::STARTUP:
      return "startup";
    case v1::Dossier::CONSOLIDATION:
      return "consolidation";
    case v1::Dossier::DEVELOPMENT:
      return "development";
    case v1::Dossier::SUCCESSION:
      return "succession";
    default:
      return "";
  }
}
v1::Dossier::Phase PhaseFromCode(absl::string_view c) {
  if (c == "pre_startup") return v1::Dossier::PRE_STARTUP;
  if (c == "startup") return v1::Dossier::STARTUP;
  if (c == "consolidation") return v1::Dossier::CONSOLIDATION;
  if (c == "development") return v1::Dossier::DEVELOPMENT;
  if (c == "succession") return v1::Dossier::SUCCESSION;
  return v1::Dossier::PHASE_UNSPECIFIED;
}

const char* GenderCode(v1::Dossier::PromoterGender g) {
  switch (g) {
    case v1::Dossier::WOMEN:
      return "women";
    case v1::Dossier::MEN:
      return "men";
    case v1::Dossier::MIXED:
      return "mixed";
    default:
      return "not_collected";
  }
}
v1::Dossier::PromoterGender GenderFromCode(absl::string_view c) {
  if (c == "women") return v1::Dossier::WOMEN;
  if (c == "men") return v1::Dossier::MEN;
  if (c == "mixed") return v1::Dossier::MIXED;
  return v1::Dossier::NOT_COLLECTED;
}

const char* OriginCode(v1::Dossier::Origin origin) {
  switch (origin) {
    case v1::Dossier::FROM_MRC_CLD:
      return "from_mrc_cld";
    case v1::Dossier::FROM_PARTNER:
      return "from_partner";
    default:
      return "direct";
  }
}
v1::Dossier::Origin OriginFromCode(absl::string_view c) {
  if (c == "from_mrc_cld") return v1::Dossier::FROM_MRC_CLD;
  if (c == "from_partner") return v1::Dossier::FROM_PARTNER;
  return v1::Dossier::DIRECT;
}

const char* ReferralTargetCode(v1::Referral::Target t) {
  switch (t) {
    case v1::Referral::MRC_CLD:
      return "mrc_cld";
    case v1::Referral::PARTNER:
      return "partner";
    default:
      return "";
  }
}
v1::Referral::Target ReferralTargetFromCode(absl::string_view c) {
  if (c == "mrc_cld") return v1::Referral::MRC_CLD;
  if (c == "partner") return v1::Referral::PARTNER;
  return v1::Referral::TARGET_UNSPECIFIED;
}

// ---- Text ------------------------------------------------------------------

std::string Slugify(absl::string_view text) {
  std::string folded = FoldFrench(text);
  std::string out;
  bool dash = false;
  for (char c : folded) {
    if (absl::ascii_isalnum(c)) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += c;
    } else {
      dash = true;
    }
  }
  return out;
}

std::optional<std::string> NormalizeNeq(absl::string_view neq) {
  std::string digits;
  for (char c : neq) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (!absl::ascii_isdigit(c)) return std::nullopt;
    digits += c;
  }
  if (!digits.empty() && digits.size() != 10) return std::nullopt;
  if (digits.empty() && !neq.empty()) return std::nullopt;
  return digits;
}

bool IsPlausibleEmail(absl::string_view email) {
  size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0 ||
      email.find('@', at + 1) != absl::string_view::npos) {
    return false;
  }
  absl::string_view domain = email.substr(at + 1);
  size_t dot = domain.find('.');
  if (dot == absl::string_view::npos || dot == 0 || domain.back() == '.') {
    return false;
  }
  for (unsigned char c : email) {
    if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '"' ||
        c == ',') {
      return false;
    }
  }
  return true;
}

bool IsWebUrl(absl::string_view url) {
  absl::string_view rest;
  if (absl::StartsWithIgnoreCase(url, "https://")) {
    rest = url.substr(8);
  } else if (absl::StartsWithIgnoreCase(url, "http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest[0] == '/' || rest[0] == '.') return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' ||
        c == '\\') {
      return false;
    }
  }
  return true;
}

int CurrentYear() {
  return static_cast<int>(
      absl::ToCivilYear(absl::Now(), MontrealTimeZone()).year());
}

std::string TodayInMontreal() {
  return absl::FormatTime("%Y-%m-%d", absl::Now(), MontrealTimeZone());
}

// ---- Names -----------------------------------------------------------------

std::string ParseSectorName(absl::string_view field, absl::string_view name,
                            Violations& out) {
  auto ids = ParseResourceName(field, name, {"sectors"});
  if (!ids.ok()) {
    out.Merge(ids.status());
    return "";
  }
  return (*ids)[0];
}

std::string ParseMrcName(absl::string_view field, absl::string_view name,
                         Violations& out) {
  auto ids = ParseResourceName(field, name, {"mrcs"});
  if (!ids.ok()) {
    out.Merge(ids.status());
    return "";
  }
  return (*ids)[0];
}

// ---- Validation ------------------------------------------------------------

void ValidateOrganisation(const v1::Organisation& o, absl::string_view prefix,
                          const DirectoryReference* ref, Violations& out) {
  CheckText(out, F(prefix, "display_name"), o.display_name(),
            kMaxOrganisationName, true);
  if (o.kind() == v1::Organisation::KIND_UNSPECIFIED) {
    out.Add(F(prefix, "kind"), "is required: ENTERPRISE or PARTNER");
  } else if (!v1::Organisation::Kind_IsValid(o.kind())) {
    out.Add(F(prefix, "kind"), "is not a known kind");
  }
  const bool enterprise = o.kind() == v1::Organisation::ENTERPRISE;
  if (!v1::Organisation::LegalForm_IsValid(o.legal_form())) {
    out.Add(F(prefix, "legal_form"), "is not a known legal form");
  } else if (enterprise &&
             o.legal_form() == v1::Organisation::LEGAL_FORM_UNSPECIFIED) {
    out.Add(
        F(prefix, "legal_form"),
        "is required for an enterprise: OBNL, COOPERATIVE, MUTUAL or OTHER");
  }
  if (!o.neq().empty() &&
      (o.neq().size() != 10 ||
       !std::all_of(o.neq().begin(), o.neq().end(),
                    [](char c) { return absl::ascii_isdigit(c); }))) {
    out.Add(F(prefix, "neq"),
            "must be the 10 digits of a numéro d'entreprise du Québec");
  }
  if (o.sector().empty()) {
    if (enterprise)
      out.Add(F(prefix, "sector"),
              "is required for an enterprise (sectors/{sector})");
  } else {
    std::string id = ParseSectorName(F(prefix, "sector"), o.sector(), out);
    if (!id.empty() && ref != nullptr && !ref->sectors.count(id)) {
      out.Add(F(prefix, "sector"),
              "is not a sector of the reference list (see ListSectors)");
    }
  }
  if (o.mrc().empty()) {
    if (enterprise)
      out.Add(F(prefix, "mrc"), "is required for an enterprise (mrcs/{mrc})");
  } else {
    std::string id = ParseMrcName(F(prefix, "mrc"), o.mrc(), out);
    if (!id.empty() && ref != nullptr && !ref->mrcs.count(id)) {
      out.Add(F(prefix, "mrc"), "is not an MRC of the tenant's territory");
    }
  }
  CheckText(out, F(prefix, "municipality"), o.municipality(), kMaxMunicipality,
            false);
  if (o.has_employees() &&
      (o.employees() < 0 || o.employees() > kMaxEmployees)) {
    out.Add(F(prefix, "employees"),
            absl::StrCat("must be between 0 and ", kMaxEmployees));
  }
  if (o.has_year_founded() && (o.year_founded() < kMinYearFounded ||
                               o.year_founded() > CurrentYear())) {
    out.Add(F(prefix, "year_founded"),
            absl::StrCat("must be a year between ", kMinYearFounded, " and ",
                         CurrentYear()));
  }
  const auto& m = o.membership();
  const std::string mp = F(prefix, "membership");
  if (!v1::Membership::Status_IsValid(m.status())) {
    out.Add(F(mp, "status"), "is not a known status");
  } else {
    const bool member = m.status() == v1::Membership::ACTIVE ||
                        m.status() == v1::Membership::LAPSED;
    CheckDate(out, F(mp, "since"), m.since(), member);
    if (!member && !m.since().empty()) {
      out.Add(F(mp, "since"), "must be empty for a non-member");
    }
    CheckDate(out, F(mp, "renewal_due"), m.renewal_due(), false);
    if (m.status() == v1::Membership::LAPSED) {
      CheckDate(out, F(mp, "ended"), m.ended(), true);
    } else if (!m.ended().empty()) {
      out.Add(F(mp, "ended"), "is only for a LAPSED membership");
    }
    if (IsValidDateOrEmpty(m.since()) && IsValidDateOrEmpty(m.ended()) &&
        !m.since().empty() && !m.ended().empty() && m.ended() < m.since()) {
      out.Add(F(mp, "ended"), "must not be before since");
    }
    if (IsValidDateOrEmpty(m.since()) && IsValidDateOrEmpty(m.renewal_due()) &&
        !m.since().empty() && !m.renewal_due().empty() &&
        m.renewal_due() < m.since()) {
      out.Add(F(mp, "renewal_due"), "must not be before since");
    }
  }
  CheckText(out, F(prefix, "address"), o.address(), kMaxContact, false);
  CheckText(out, F(prefix, "phone"), o.phone(), kMaxContact, false);
  CheckText(out, F(prefix, "email"), o.email(), kMaxContact, false);
  if (!o.email().empty() && !IsPlausibleEmail(o.email())) {
    out.Add(F(prefix, "email"), "must be an e-mail address");
  }
  CheckText(out, F(prefix, "website"), o.website(), kMaxContact, false);
  if (!o.website().empty() && !IsWebUrl(o.website())) {
    out.Add(F(prefix, "website"), "must be an http:// or https:// address");
  }
  CheckText(out, F(prefix, "description"), o.description(), kMaxDescription,
            false);
  CheckDate(out, F(prefix, "closure_date"), o.closure_date(), false);
}

void ValidateRenewal(const v1::MembershipRenewal& r, absl::string_view prefix,
                     Violations& out) {
  CheckDate(out, F(prefix, "renewal_date"), r.renewal_date(), true);
  CheckDate(out, F(prefix, "renewed_until"), r.renewed_until(), true);
  if (IsValidIsoDate(r.renewal_date()) && IsValidIsoDate(r.renewed_until()) &&
      r.renewed_until() <= r.renewal_date()) {
    out.Add(F(prefix, "renewed_until"), "must be after renewal_date");
  }
  CheckText(out, F(prefix, "note"), r.note(), kMaxRenewalNote, false);
}

void CheckPersonId(absl::string_view field, absl::string_view id,
                   Violations& out) {
  if (id.empty()) return;
  bool generated = id.size() == 12;
  for (char ch : id) {
    generated =
        generated && (absl::ascii_isdigit(ch) || (ch >= 'a' && ch <= 'f'));
  }
  if (!generated) {
    out.Add(field,
            "is generated by the server: leave it empty (a chosen id, such as "
            "a name, would outlive the person's erasure)");
  }
}

void ValidatePerson(const v1::Person& p, absl::string_view prefix,
                    Violations& out) {
  CheckText(out, F(prefix, "display_name"), p.display_name(), kMaxPersonName,
            true);
  if (p.role() == v1::Person::ROLE_UNSPECIFIED) {
    out.Add(F(prefix, "role"),
            "is required: BOARD_MEMBER, BOARD_OBSERVER, CONTACT or STAFF");
  } else if (!v1::Person::Role_IsValid(p.role())) {
    out.Add(F(prefix, "role"), "is not a known role");
  }
  CheckText(out, F(prefix, "position"), p.position(), kMaxPosition, false);
  CheckText(out, F(prefix, "email"), p.email(), kMaxContact, false);
  if (!p.email().empty() && !IsPlausibleEmail(p.email())) {
    out.Add(F(prefix, "email"), "must be an e-mail address");
  }
  CheckText(out, F(prefix, "phone"), p.phone(), kMaxContact, false);
  CheckText(out, F(prefix, "consent.purpose"), p.consent().purpose(),
            kMaxConsentPurpose, true);
  CheckDate(out, F(prefix, "consent.consent_date"), p.consent().consent_date(),
            true);
}

void ValidateDossier(const v1::Dossier& d, absl::string_view prefix,
                     const DirectoryReference* ref, Violations& out) {
  CheckText(out, F(prefix, "title"), d.title(), kMaxDossierTitle, true);
  CheckText(out, F(prefix, "promoter_group"), d.promoter_group(),
            kMaxPromoterGroup, false);
  if (d.organisation().empty() &&
      absl::StripAsciiWhitespace(d.promoter_group()).empty()) {
    out.Add(F(prefix, "promoter_group"),
            "is required when the dossier has no organisation");
  }
  if (d.sector().empty()) {
    out.Add(F(prefix, "sector"), "is required (sectors/{sector})");
  } else {
    std::string id = ParseSectorName(F(prefix, "sector"), d.sector(), out);
    if (!id.empty() && ref != nullptr && !ref->sectors.count(id)) {
      out.Add(F(prefix, "sector"),
              "is not a sector of the reference list (see ListSectors)");
    }
  }
  if (d.mrc().empty()) {
    out.Add(F(prefix, "mrc"), "is required (mrcs/{mrc})");
  } else {
    std::string id = ParseMrcName(F(prefix, "mrc"), d.mrc(), out);
    if (!id.empty() && ref != nullptr && !ref->mrcs.count(id)) {
      out.Add(F(prefix, "mrc"), "is not an MRC of the tenant's territory");
    }
  }
  if (d.phase() == v1::Dossier::PHASE_UNSPECIFIED) {
    out.Add(F(prefix, "phase"),
            "is required: PRE_STARTUP, STARTUP, CONSOLIDATION, DEVELOPMENT or "
            "SUCCESSION");
  } else if (!v1::Dossier::Phase_IsValid(d.phase())) {
    out.Add(F(prefix, "phase"), "is not a known phase");
  }
  CheckTextList(out, F(prefix, "subjects"),
                {d.subjects().begin(), d.subjects().end()}, kMaxSubjects,
                kMaxSubject);
  if (!v1::Dossier::PromoterGender_IsValid(d.promoter_gender())) {
    out.Add(F(prefix, "promoter_gender"), "is not a known value");
  }
  if (!v1::Dossier::Origin_IsValid(d.origin())) {
    out.Add(F(prefix, "origin"), "is not a known origin");
  }
  if (static_cast<size_t>(d.referrals_size()) > kMaxReferrals) {
    out.Add(F(prefix, "referrals"),
            absl::StrCat("must have at most ", kMaxReferrals, " entries"));
  } else {
    for (int i = 0; i < d.referrals_size(); ++i) {
      const auto& r = d.referrals(i);
      std::string rp = absl::StrCat(F(prefix, "referrals"), "[", i, "]");
      if (r.target() == v1::Referral::TARGET_UNSPECIFIED ||
          !v1::Referral::Target_IsValid(r.target())) {
        out.Add(F(rp, "target"), "is required: MRC_CLD or PARTNER");
      }
      CheckText(out, F(rp, "organisation"), r.organisation(),
                kMaxReferralOrganisation, true);
      CheckDate(out, F(rp, "referral_date"), r.referral_date(), false);
    }
  }
  CheckDate(out, F(prefix, "open_date"), d.open_date(), true);
  CheckDate(out, F(prefix, "close_date"), d.close_date(), false);
  if (IsValidIsoDate(d.open_date()) && IsValidIsoDate(d.close_date()) &&
      d.close_date() < d.open_date()) {
    out.Add(F(prefix, "close_date"), "must not be before open_date");
  }
  CheckText(out, F(prefix, "outcome"), d.outcome(), kMaxLongText, false);
}

void ValidateIntervention(const v1::Intervention& i, absl::string_view prefix,
                          Violations& out) {
  CheckDate(out, F(prefix, "intervention_date"), i.intervention_date(), true);
  if (i.subjects_size() == 0) {
    out.Add(F(prefix, "subjects"), "must name at least one subject");
  } else {
    CheckTextList(out, F(prefix, "subjects"),
                  {i.subjects().begin(), i.subjects().end()}, kMaxSubjects,
                  kMaxSubject);
  }
  CheckText(out, F(prefix, "note"), i.note(), kMaxLongText, false);
}

void ValidateQuery(absl::string_view field, absl::string_view query,
                   Violations& out) {
  Violations text;
  CheckText(text, field, query, kMaxQuery, false);
  if (!text.empty()) {
    out.Merge(text.Status());
    return;
  }
  bool word = false;
  for (unsigned char c : query)
    word = word || c >= 0x80 || absl::ascii_isalnum(c);
  if (!word) out.Add(field, "must contain at least one letter or digit");
}

}  // namespace poles::directories
