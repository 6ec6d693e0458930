#include "services/directories/organisation_import.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "services/common/validation.h"

namespace poles::directories {

namespace {

std::string Underscored(absl::string_view text) {
  return absl::StrReplaceAll(Slugify(text), {{"-", "_"}});
}

// Reads an integer written with optional thousands separators ("1 200").
bool ParseCount(absl::string_view cell, int* out) {
  std::string digits;
  for (size_t i = 0; i < cell.size(); ++i) {
    char c = cell[i];
    if (absl::ascii_isdigit(c)) {
      digits += c;
    } else if (c == ' ') {
      continue;
    } else if (cell.substr(i, 2) == "\xC2\xA0") {
      ++i;
    } else {
      return false;
    }
  }
  return !digits.empty() && digits.size() <= 9 && absl::SimpleAtoi(digits, out);
}

}  // namespace

const std::vector<ImportColumn>& ImportColumns() {
  static const auto* columns = new std::vector<ImportColumn>{
      {"display_name",
       {"nom", "name", "display_name", "nom_de_l_organisation",
        "nom_de_l_entreprise", "raison_sociale", "organisation", "entreprise"}},
      {"kind", {"type", "kind", "categorie"}},
      {"legal_form",
       {"forme_juridique", "forme", "legal_form", "statut_juridique"}},
      {"neq", {"neq", "numero_d_entreprise_du_quebec", "numero_d_entreprise"}},
      {"sector",
       {"secteur", "sector", "secteur_d_activite", "secteur_d_activites"}},
      {"mrc", {"mrc", "territoire", "mrc_territoire"}},
      {"municipality", {"municipalite", "municipality", "ville"}},
      {"employees",
       {"employes", "employees", "nombre_d_employes", "nb_employes"}},
      {"year_founded",
       {"annee_fondation", "annee_de_fondation", "fondation", "year_founded"}},
      {"member", {"membre", "member", "membre_du_pole"}},
      {"address", {"adresse", "address"}},
      {"phone", {"telephone", "phone", "tel"}},
      {"email", {"courriel", "email", "adresse_courriel", "e_mail"}},
      {"website", {"site_web", "website", "site", "site_internet"}},
      {"description", {"description", "mission"}},
  };
  return *columns;
}

std::string TrimCell(absl::string_view s) {
  for (;;) {
    absl::string_view before = s;
    s = absl::StripAsciiWhitespace(s);
    if (absl::ConsumePrefix(&s, "\xC2\xA0") ||
        absl::ConsumeSuffix(&s, "\xC2\xA0"))
      continue;
    if (s == before) break;
  }
  if (s.size() >= 2 && s[0] == '\'' &&
      absl::string_view("=+-@").find(s[1]) != absl::string_view::npos) {
    s.remove_prefix(1);
  }
  return std::string(s);
}

std::string ImportFieldForHeader(absl::string_view header) {
  return FieldForHeader(header, ImportColumns());
}

std::string FieldForHeader(absl::string_view header,
                           const std::vector<ImportColumn>& columns) {
  std::string key = Underscored(header);
  for (const auto& c : columns) {
    if (key == c.field) return c.field;
    for (const char* h : c.headers) {
      if (key == h) return c.field;
    }
  }
  return "";
}

bool SetRowField(v1::OrganisationRow& row, absl::string_view field,
                 std::string value) {
  std::string* target = nullptr;
  if (field == "display_name")
    target = row.mutable_display_name();
  else if (field == "kind")
    target = row.mutable_kind();
  else if (field == "legal_form")
    target = row.mutable_legal_form();
  else if (field == "neq")
    target = row.mutable_neq();
  else if (field == "sector")
    target = row.mutable_sector();
  else if (field == "mrc")
    target = row.mutable_mrc();
  else if (field == "municipality")
    target = row.mutable_municipality();
  else if (field == "employees")
    target = row.mutable_employees();
  else if (field == "year_founded")
    target = row.mutable_year_founded();
  else if (field == "member")
    target = row.mutable_member();
  else if (field == "address")
    target = row.mutable_address();
  else if (field == "phone")
    target = row.mutable_phone();
  else if (field == "email")
    target = row.mutable_email();
  else if (field == "website")
    target = row.mutable_website();
  else if (field == "description")
    target = row.mutable_description();
  if (target == nullptr) return false;
  *target = std::move(value);
  if (std::find(row.present().begin(), row.present().end(), field) ==
      row.present().end()) {
    row.add_present(std::string(field));
  }
  return true;
}

std::string LineField(int line, absl::string_view field) {
  return absl::StrCat("lines[", line, "].", field);
}

bool ParseLegalFormCell(absl::string_view cell,
                        v1::Organisation::LegalForm* out) {
  std::string f = FoldFrench(TrimCell(cell));
  std::string s = Slugify(f);
  if (s.empty()) {
    *out = v1::Organisation::LEGAL_FORM_UNSPECIFIED;
  } else if (s == "obnl" || s == "osbl" || s == "onbl" || s == "npo" ||
             absl::StartsWith(s, "organisme-a-but-non-lucratif") ||
             absl::StartsWith(s, "organisme-sans-but-lucratif")) {
    *out = v1::Organisation::OBNL;
  } else if (absl::StartsWith(s, "coop")) {
    *out = v1::Organisation::COOPERATIVE;
  } else if (s == "mutuelle" || s == "mutual" ||
             absl::StartsWith(s, "mutuelle-")) {
    *out = v1::Organisation::MUTUAL;
  } else if (s == "autre" || s == "other") {
    *out = v1::Organisation::OTHER;
  } else {
    return false;
  }
  return true;
}

bool ParseKindCell(absl::string_view cell, v1::Organisation::Kind* out) {
  std::string s = Slugify(TrimCell(cell));
  if (s.empty() || s == "entreprise" || s == "enterprise" || s == "ees" ||
      absl::StartsWith(s, "entreprise-d-economie-sociale")) {
    *out = v1::Organisation::ENTERPRISE;
  } else if (s == "partenaire" || s == "partner") {
    *out = v1::Organisation::PARTNER;
  } else {
    return false;
  }
  return true;
}

bool ParseYesNoCell(absl::string_view cell, bool* out) {
  std::string s = Slugify(TrimCell(cell));
  if (s == "oui" || s == "o" || s == "yes" || s == "y" || s == "1" ||
      s == "vrai" || s == "true" || s == "x" || s == "membre") {
    *out = true;
  } else if (s == "non" || s == "n" || s == "no" || s == "0" || s == "faux" ||
             s == "false" || s == "non-membre") {
    *out = false;
  } else {
    return false;
  }
  return true;
}

bool ParseSectorCell(absl::string_view cell, const DirectoryReference& ref,
                     std::string* id) {
  std::string c = TrimCell(cell);
  absl::string_view v = c;
  absl::ConsumePrefix(&v, "sectors/");
  if (ref.sectors.count(std::string(v))) {
    *id = std::string(v);
    return true;
  }
  std::string slug = Slugify(v);
  for (const auto& [sid, label] : ref.sectors) {
    if (slug == sid || slug == Slugify(label)) {
      *id = sid;
      return true;
    }
  }
  return false;
}

bool ParseMrcCell(absl::string_view cell, const DirectoryReference& ref,
                  std::string* id) {
  std::string c = TrimCell(cell);
  absl::string_view v = c;
  absl::ConsumePrefix(&v, "mrcs/");
  std::string slug = Slugify(v);
  std::vector<std::string> candidates = {slug};
  for (auto [prefix, article] :
       std::initializer_list<std::pair<const char*, const char*>>{
           {"mrc-de-", ""},
           {"mrc-d-", ""},
           {"mrc-du-", "le-"},
           {"mrc-des-", "les-"},
           {"mrc-", ""}}) {
    absl::string_view rest = slug;
    if (absl::ConsumePrefix(&rest, prefix)) {
      candidates.push_back(absl::StrCat(article, rest));
    }
  }
  for (const auto& cand : candidates) {
    for (const auto& [mid, name] : ref.mrcs) {
      if (cand == mid || cand == Slugify(name)) {
        *id = mid;
        return true;
      }
    }
  }
  return false;
}

namespace {

// Applies the present cells to `org`; adds a violation to `cells` for each
// cell that cannot be read.
void ApplyCells(const v1::OrganisationRow& row, const DirectoryReference& ref,
                absl::string_view today, v1::Organisation* org,
                Violations& cells) {
  const int line = row.line();
  auto has = [&](absl::string_view f) {
    return std::find(row.present().begin(), row.present().end(), f) !=
           row.present().end();
  };
  auto bad = [&](absl::string_view field, absl::string_view why) {
    cells.Add(LineField(line, field), why);
  };
  if (org->kind() == v1::Organisation::KIND_UNSPECIFIED) {
    org->set_kind(v1::Organisation::ENTERPRISE);
  }
  if (has("display_name")) org->set_display_name(TrimCell(row.display_name()));
  if (has("kind") && !TrimCell(row.kind()).empty()) {
    v1::Organisation::Kind k;
    if (ParseKindCell(row.kind(), &k)) {
      org->set_kind(k);
    } else {
      bad("kind", "must be « entreprise » or « partenaire »");
    }
  }
  if (has("legal_form")) {
    v1::Organisation::LegalForm f;
    if (ParseLegalFormCell(row.legal_form(), &f)) {
      org->set_legal_form(f);
    } else {
      bad("legal_form", "must be OBNL, coopérative, mutuelle or autre");
    }
  }
  if (has("neq")) {
    auto neq = NormalizeNeq(TrimCell(row.neq()));
    if (neq.has_value()) {
      org->set_neq(*neq);
    } else {
      bad("neq", "must be the 10 digits of a numéro d'entreprise du Québec");
    }
  }
  if (has("sector")) {
    std::string id;
    if (TrimCell(row.sector()).empty()) {
      org->clear_sector();
    } else if (ParseSectorCell(row.sector(), ref, &id)) {
      org->set_sector(absl::StrCat("sectors/", id));
    } else {
      bad("sector", "is not a sector of the reference list (see ListSectors)");
    }
  }
  if (has("mrc")) {
    std::string id;
    if (TrimCell(row.mrc()).empty()) {
      org->clear_mrc();
    } else if (ParseMrcCell(row.mrc(), ref, &id)) {
      org->set_mrc(absl::StrCat("mrcs/", id));
    } else {
      bad("mrc", "is not an MRC of the tenant's territory");
    }
  }
  if (has("municipality")) org->set_municipality(TrimCell(row.municipality()));
  if (has("employees")) {
    std::string v = TrimCell(row.employees());
    int n = 0;
    if (v.empty()) {
      org->clear_employees();
    } else if (ParseCount(v, &n)) {
      org->set_employees(n);
    } else {
      bad("employees", "must be a whole number");
    }
  }
  if (has("year_founded")) {
    std::string v = TrimCell(row.year_founded());
    int y = 0;
    if (v.empty()) {
      org->clear_year_founded();
    } else if (v.size() == 4 && absl::SimpleAtoi(v, &y)) {
      org->set_year_founded(y);
    } else {
      bad("year_founded", "must be a year written with 4 digits");
    }
  }
  if (has("member") && !TrimCell(row.member()).empty()) {
    bool member = false;
    if (!ParseYesNoCell(row.member(), &member)) {
      bad("member", "must be oui or non");
    } else {
      auto* m = org->mutable_membership();
      if (member && m->status() != v1::Membership::ACTIVE) {
        m->set_status(v1::Membership::ACTIVE);
        m->set_since(std::string(today));
        m->clear_ended();
      } else if (!member && m->status() == v1::Membership::ACTIVE) {
        m->set_status(v1::Membership::LAPSED);
        m->set_ended(std::max(std::string(today), m->since()));
      }
    }
  }
  if (has("address")) org->set_address(TrimCell(row.address()));
  if (has("phone")) org->set_phone(TrimCell(row.phone()));
  if (has("email")) org->set_email(TrimCell(row.email()));
  if (has("website")) {
    std::string w = TrimCell(row.website());
    if (!w.empty() && w.find("://") == std::string::npos &&
        w.find('.') != std::string::npos && w.find(' ') == std::string::npos) {
      w = "https://" + w;
    }
    org->set_website(w);
  }
  if (has("description")) org->set_description(TrimCell(row.description()));
}

}  // namespace

void CheckImportRowCells(const v1::OrganisationRow& row,
                         const DirectoryReference& ref, Violations& out) {
  v1::Organisation scratch;
  ApplyCells(row, ref, "2000-01-01", &scratch, out);
  bool named = std::find(row.present().begin(), row.present().end(),
                         "display_name") != row.present().end();
  if (named && TrimCell(row.display_name()).empty()) {
    out.Add(LineField(row.line(), "display_name"), "is required");
  }
}

void ApplyImportRow(const v1::OrganisationRow& row,
                    const DirectoryReference& ref, absl::string_view today,
                    v1::Organisation* org, Violations& out) {
  Violations cells;
  ApplyCells(row, ref, today, org, cells);

  // Then the whole organisation, as the API would check it; a field already
  // reported as unreadable is not reported twice.
  Violations whole;
  ValidateOrganisation(*org, absl::StrCat("lines[", row.line(), "]"), &ref,
                       whole);
  std::vector<FieldViolation> unreadable = FieldViolationsOf(cells.Status());
  for (const auto& v : unreadable) out.Add(v.field, v.description);
  for (const auto& v : FieldViolationsOf(whole.Status())) {
    bool dup = std::any_of(
        unreadable.begin(), unreadable.end(),
        [&](const FieldViolation& a) { return a.field == v.field; });
    if (!dup) out.Add(v.field, v.description);
  }
}

}  // namespace poles::directories
