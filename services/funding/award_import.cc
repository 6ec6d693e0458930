#include "services/funding/award_import.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/validation.h"

namespace poles::funding {

namespace {

using directories::LineField;
using directories::TrimCell;

// `cell` as a resource name under `collection` of the tenant: an id
// ("mesi-automne-2017") or the whole name.
std::string TenantResource(const AwardImportReference& ref,
                           absl::string_view collection,
                           const std::string& cell) {
  if (absl::StartsWith(cell, "tenants/")) return cell;
  return absl::StrCat("tenants/", ref.tenant, "/", collection, "/", cell);
}

bool ParseProgramCell(const std::string& cell, const AwardImportReference& ref,
                      std::string* name) {
  for (const std::string& candidate :
       {cell, "programs/" + cell, TenantResource(ref, "programs", cell)}) {
    if (ref.programs.count(candidate)) {
      *name = candidate;
      return true;
    }
  }
  std::string slug = directories::Slugify(cell);
  for (const auto& [program, label] : ref.programs) {
    if (slug == directories::Slugify(label)) {
      *name = program;
      return true;
    }
  }
  return false;
}

bool ParseCountCell(absl::string_view cell, int32_t* out) {
  std::string digits;
  for (char c : cell) {
    if (c == ' ') continue;
    if (!absl::ascii_isdigit(c)) return false;
    digits += c;
  }
  return !digits.empty() && digits.size() <= 9 && absl::SimpleAtoi(digits, out);
}

}  // namespace

const std::vector<directories::ImportColumn>& AwardImportColumns() {
  static const auto* columns = new std::vector<directories::ImportColumn>{
      {"award_id", {"identifiant", "id", "award_id", "code"}},
      {"title",
       {"titre", "title", "projet", "titre_du_projet", "nom_du_projet"}},
      {"description", {"description"}},
      {"organisation", {"organisation", "organization", "entreprise"}},
      {"promoter_group", {"groupe_promoteur", "promoteur", "promoter_group"}},
      {"neq", {"neq"}},
      {"mrc", {"mrc", "territoire"}},
      {"sector", {"secteur", "sector", "secteur_d_activite"}},
      {"legal_form", {"forme_juridique", "legal_form"}},
      {"program", {"programme", "program", "code_programme"}},
      {"call_for_projects", {"appel", "appel_de_projets", "call_for_projects"}},
      {"status", {"statut", "status", "etat"}},
      {"amount_requested", {"montant_demande", "amount_requested"}},
      {"amount_authorised",
       {"montant_autorise", "montant_accorde", "amount_authorised"}},
      {"amount_disbursed", {"montant_verse", "amount_disbursed"}},
      {"total_investment",
       {"investissement_total", "cout_total", "cout_total_du_projet",
        "total_investment"}},
      {"decision_date", {"date_de_decision", "date_decision", "decision_date"}},
      {"jobs_created", {"emplois_crees", "jobs_created"}},
      {"jobs_maintained", {"emplois_maintenus", "jobs_maintained"}},
      {"jobs_created_or_maintained",
       {"emplois_crees_ou_maintenus", "jobs_created_or_maintained"}},
      {"plan_item", {"element_du_plan", "element_plan", "plan_item"}},
      {"-",
       {"bailleur", "funder", "exercice", "fiscal_year", "source", "remarque",
        "note"}},
  };
  return *columns;
}

std::string AwardFieldForHeader(absl::string_view header) {
  return directories::FieldForHeader(header, AwardImportColumns());
}

bool ParseAmountCell(absl::string_view raw, int64_t* cents) {
  std::string s;
  std::string trimmed = TrimCell(raw);
  absl::string_view v = trimmed;
  absl::ConsumeSuffix(&v, "CAD");
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == ' ' || v[i] == '$') continue;
    if (v.substr(i, 2) == "\xC2\xA0") {
      ++i;
      continue;
    }  // no-break space
    if (v.substr(i, 3) == "\xE2\x80\xAF") {
      i += 2;
      continue;
    }  // narrow no-break space
    s += v[i];
  }
  size_t sep = s.find_first_of(",.");
  std::string units = s.substr(0, sep), frac;
  if (sep != std::string::npos) {
    frac = s.substr(sep + 1);
    if (frac.empty() || frac.size() > 2) return false;
    if (frac.size() == 1) frac += '0';
  } else {
    frac = "00";
  }
  if (units.empty() || units.size() > 13) return false;
  for (char c : units + frac) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  int64_t u = 0, f = 0;
  if (!absl::SimpleAtoi(units, &u) || !absl::SimpleAtoi(frac, &f)) return false;
  *cents = u * 100 + f;
  return true;
}

bool ParseAwardStatusCell(absl::string_view cell, v1::Award::Status* out) {
  std::string s = directories::Slugify(TrimCell(cell));
  if (s == "demande" || s == "demandee" || s == "requested") {
    *out = v1::Award::REQUESTED;
  } else if (s == "autorise" || s == "autorisee" || s == "accorde" ||
             s == "accordee" || s == "authorised" || s == "authorized" ||
             s == "retenu") {
    *out = v1::Award::AUTHORISED;
  } else if (s == "verse" || s == "versee" || s == "disbursed" || s == "paid") {
    *out = v1::Award::DISBURSED;
  } else if (s == "refuse" || s == "refusee" || s == "refused") {
    *out = v1::Award::REFUSED;
  } else if (s == "annule" || s == "annulee" || s == "cancelled" ||
             s == "canceled") {
    *out = v1::Award::CANCELLED;
  } else {
    return false;
  }
  return true;
}

void SetAwardCell(absl::string_view field, absl::string_view raw,
                  const AwardImportReference& ref, v1::AwardRow& row,
                  Violations& out) {
  const std::string cell = TrimCell(raw);
  if (cell.empty() || field == "-") return;
  v1::Award& a = *row.mutable_award();
  const std::string where = LineField(row.line(), field);
  auto money = [&](v1::Money* m) {
    int64_t cents = 0;
    if (!ParseAmountCell(cell, &cents)) {
      out.Add(
          where,
          absl::StrCat("« ", cell,
                       " » n'est pas un montant (ex. 337 905 $ ou 337905,00)"));
      return;
    }
    m->set_cents(cents);
    m->set_currency_code("CAD");
  };
  auto count = [&](void (v1::Award::*set)(int32_t)) {
    int32_t n = 0;
    if (!ParseCountCell(cell, &n)) {
      out.Add(where, absl::StrCat("« ", cell, " » n'est pas un nombre entier"));
      return;
    }
    (a.*set)(n);
  };
  if (field == "award_id") {
    row.set_award_id(cell);
  } else if (field == "title") {
    a.set_title(cell);
  } else if (field == "description") {
    a.set_description(cell);
  } else if (field == "organisation" || field == "promoter_group") {
    if (a.recipient_case() != v1::Award::RECIPIENT_NOT_SET) {
      out.Add(where, "une organisation ou un groupe promoteur, pas les deux");
    } else if (field == "organisation") {
      a.set_organisation(TenantResource(ref, "organisations", cell));
    } else {
      a.set_promoter_group(cell);
    }
  } else if (field == "neq") {
    a.mutable_recipient_snapshot()->set_neq(cell);
  } else if (field == "mrc") {
    std::string id;
    if (!directories::ParseMrcCell(cell, ref.directory, &id)) {
      out.Add(where,
              absl::StrCat("« ", cell,
                           " » n'est pas une MRC du territoire du Pôle"));
    } else {
      a.mutable_recipient_snapshot()->set_mrc("mrcs/" + id);
    }
  } else if (field == "sector") {
    std::string id;
    if (!directories::ParseSectorCell(cell, ref.directory, &id)) {
      out.Add(where, absl::StrCat("« ", cell, " » n'est pas un secteur connu"));
    } else {
      a.mutable_recipient_snapshot()->set_sector("sectors/" + id);
    }
  } else if (field == "legal_form") {
    v1::Organisation::LegalForm form;
    if (!directories::ParseLegalFormCell(cell, &form)) {
      out.Add(where, absl::StrCat("« ", cell,
                                  " » n'est pas une forme juridique (OBNL, "
                                  "coopérative, mutuelle, autre)"));
    } else {
      a.mutable_recipient_snapshot()->set_legal_form(form);
    }
  } else if (field == "program") {
    std::string name;
    if (!ParseProgramCell(cell, ref, &name)) {
      out.Add(where,
              absl::StrCat("« ", cell, " » n'est pas un programme connu"));
    } else {
      a.set_program(name);
    }
  } else if (field == "call_for_projects") {
    a.set_call_for_projects(TenantResource(ref, "calls", cell));
  } else if (field == "status") {
    v1::Award::Status s;
    if (!ParseAwardStatusCell(cell, &s)) {
      out.Add(where, absl::StrCat("« ", cell,
                                  " » n'est pas un statut (demandé, autorisé, "
                                  "versé, refusé, annulé)"));
    } else {
      a.set_status(s);
    }
  } else if (field == "amount_requested") {
    money(a.mutable_amount_requested());
  } else if (field == "amount_authorised") {
    money(a.mutable_amount_authorised());
  } else if (field == "amount_disbursed") {
    money(a.mutable_amount_disbursed());
  } else if (field == "total_investment") {
    money(a.mutable_total_investment());
  } else if (field == "decision_date") {
    if (!IsValidIsoDate(cell)) {
      out.Add(where,
              absl::StrCat("« ", cell, " » n'est pas une date AAAA-MM-JJ"));
    } else {
      a.set_decision_date(cell);
    }
  } else if (field == "jobs_created") {
    count(&v1::Award::set_jobs_created);
  } else if (field == "jobs_maintained") {
    count(&v1::Award::set_jobs_maintained);
  } else if (field == "jobs_created_or_maintained") {
    count(&v1::Award::set_jobs_created_or_maintained);
  } else if (field == "plan_item") {
    a.set_plan_item(cell);
  }
}

void CheckAwardRow(const v1::AwardRow& row, Violations& out) {
  const v1::Award& a = row.award();
  if (a.title().empty())
    out.Add(LineField(row.line(), "title"), "le titre est obligatoire");
  if (a.program().empty())
    out.Add(LineField(row.line(), "program"), "le programme est obligatoire");
  if (a.recipient_case() == v1::Award::RECIPIENT_NOT_SET) {
    out.Add(LineField(row.line(), "promoter_group"),
            "il faut une organisation ou un groupe promoteur");
  }
}

}  // namespace poles::funding
