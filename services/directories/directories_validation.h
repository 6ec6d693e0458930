#ifndef POLES_SERVICES_DIRECTORIES_DIRECTORIES_VALIDATION_H_
#define POLES_SERVICES_DIRECTORIES_DIRECTORIES_VALIDATION_H_

#include <map>
#include <optional>
#include <set>
#include <string>

#include "absl/strings/string_view.h"
#include "poles/v1/directories.pb.h"
#include "services/common/errors.h"
#include "services/common/text_fold.h"

namespace poles::directories {

// Field limits (documented in directories.proto).
inline constexpr size_t kMaxOrganisationName = 300;
inline constexpr size_t kMaxMunicipality = 100;
inline constexpr size_t kMaxContact = 300;
inline constexpr size_t kMaxDescription = 2000;
inline constexpr size_t kMaxPersonName = 200;
inline constexpr size_t kMaxPosition = 200;
inline constexpr size_t kMaxConsentPurpose = 300;
inline constexpr size_t kMaxDossierTitle = 300;
inline constexpr size_t kMaxPromoterGroup = 300;
inline constexpr size_t kMaxSubjects = 20;
inline constexpr size_t kMaxSubject = 200;
inline constexpr size_t kMaxReferrals = 20;
inline constexpr size_t kMaxReferralOrganisation = 200;
inline constexpr size_t kMaxLongText = 5000;
inline constexpr size_t kMaxRenewalNote = 300;
inline constexpr size_t kMaxQuery = 200;
inline constexpr int kMaxEmployees = 100000;
inline constexpr int kMinYearFounded = 1800;

// The shared reference data a directories request is checked against: the
// sector ids, and the tenant's territory (MRC id -> name).
struct DirectoryReference {
  std::map<std::string, std::string> sectors;  // id -> French label
  std::map<std::string, std::string> mrcs;     // id -> name
};

// ---- Codes stored in the database and used as summary dimension values.

const char* KindCode(v1::Organisation::Kind kind);  // "enterprise"
v1::Organisation::Kind KindFromCode(absl::string_view code);
const char* LegalFormCode(v1::Organisation::LegalForm f);  // "obnl", ""
v1::Organisation::LegalForm LegalFormFromCode(absl::string_view code);
const char* LegalFormLabel(v1::Organisation::LegalForm f);  // « Coopérative »
const char* MembershipCode(v1::Membership::Status s);       // "active"
v1::Membership::Status MembershipFromCode(absl::string_view code);
const char* RoleCode(v1::Person::Role role);  // "board_member"
v1::Person::Role RoleFromCode(absl::string_view code);
const char* PhaseCode(v1::Dossier::Phase phase);  // "pre_startup"
v1::Dossier::Phase PhaseFromCode(absl::string_view code);
const char* GenderCode(v1::Dossier::PromoterGender g);  // "women"
v1::Dossier::PromoterGender GenderFromCode(absl::string_view code);
const char* OriginCode(v1::Dossier::Origin origin);  // "direct"
v1::Dossier::Origin OriginFromCode(absl::string_view code);
const char* ReferralTargetCode(v1::Referral::Target t);  // "mrc_cld"
v1::Referral::Target ReferralTargetFromCode(absl::string_view code);

// ---- Text helpers.

// A slug of `text`: folded (poles::FoldFrench, services/common/text_fold.h),
// every run of other characters than [a-z0-9] turned into one '-', trimmed
// ("MRC de L'Érable" -> "mrc-de-l-erable").
std::string Slugify(absl::string_view text);

// The NEQ with spaces and dashes removed, if what remains is exactly 10
// digits; nullopt otherwise. "" stays "".
std::optional<std::string> NormalizeNeq(absl::string_view neq);

// A plausible e-mail address: one '@', no spaces, a dot in the domain.
bool IsPlausibleEmail(absl::string_view email);

// An absolute http(s) URL without spaces or control characters.
bool IsWebUrl(absl::string_view url);

// The current calendar year in America/Montreal.
int CurrentYear();
// Today's date in America/Montreal, "2025-11-22".
std::string TodayInMontreal();

// ---- Resource names.

// `sectors/{sector}` -> id; adds a violation naming `field` otherwise.
std::string ParseSectorName(absl::string_view field, absl::string_view name,
                            Violations& out);
// `mrcs/{mrc}` -> id; adds a violation naming `field` otherwise.
std::string ParseMrcName(absl::string_view field, absl::string_view name,
                         Violations& out);

// ---- Request validation. Each adds a violation per bad field, named under
// `prefix` ("organisation", "person", "dossier", "intervention").

// Checks the fields of an organisation. `neq` must already be normalised.
// Sector and MRC are checked against `ref` when it is given.
void ValidateOrganisation(const v1::Organisation& o, absl::string_view prefix,
                          const DirectoryReference* ref, Violations& out);
void ValidateRenewal(const v1::MembershipRenewal& r, absl::string_view prefix,
                     Violations& out);
void ValidatePerson(const v1::Person& p, absl::string_view prefix,
                    Violations& out);
// A person's id is the server's: empty (generated), or of the generated form
// (12 lowercase hex digits, as when a client replays ids it was given). A
// chosen id such as "zoe-tremblay" would outlive the person's erasure in the
// table, the audit log and every name that refers to it.
void CheckPersonId(absl::string_view field, absl::string_view id,
                   Violations& out);
void ValidateDossier(const v1::Dossier& d, absl::string_view prefix,
                     const DirectoryReference* ref, Violations& out);
void ValidateIntervention(const v1::Intervention& i, absl::string_view prefix,
                          Violations& out);

// A search query: at most kMaxQuery characters and at least one letter or
// digit.
void ValidateQuery(absl::string_view field, absl::string_view query,
                   Violations& out);

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_DIRECTORIES_VALIDATION_H_
