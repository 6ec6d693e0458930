#include "services/funding/award_export.h"

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "services/common/csv_writer.h"
#include "services/directories/directories_validation.h"

namespace poles::funding {

namespace {

using directories::LegalFormCode;
using directories::LegalFormLabel;

std::string LastSegment(absl::string_view name) {
  size_t slash = name.rfind('/');
  return std::string(slash == absl::string_view::npos ? name
                                                      : name.substr(slash + 1));
}

std::string Label(const std::map<std::string, std::string>& labels,
                  const std::string& name) {
  auto it = labels.find(name);
  return it == labels.end() ? LastSegment(name) : it->second;
}

const char* StatusLabel(v1::Award::Status s) {
  switch (s) {
    case v1::Award::REQUESTED:
      return "Demandé";
    case v1::Award::AUTHORISED:
      return "Autorisé";
    case v1::Award::DISBURSED:
      return "Versé";
    case v1::Award::REFUSED:
      return "Refusé";
    case v1::Award::CANCELLED:
      return "Annulé";
    default:
      return "";
  }
}

std::string RecipientName(const v1::Award& a) {
  if (a.has_promoter_group()) return a.promoter_group();
  if (!a.recipient_snapshot().display_name().empty()) {
    return a.recipient_snapshot().display_name();
  }
  return a.organisation();
}

// Dollars as a JSON number. cents / 100.0 is the double nearest the exact
// amount, and nlohmann-json prints the shortest text that reads back as
// that double; any decimal of at most 15 significant digits survives the
// round trip (DBL_DIG), so amounts under 10^15 cents (10 000 milliards $)
// print as their own decimal text (award_export_test checks ranges).
nlohmann::ordered_json Dollars(int64_t cents) {
  return static_cast<double>(cents) / 100.0;
}

}  // namespace

const std::vector<std::string>& AwardCsvHeader() {
  static const auto* header =
      new std::vector<std::string>{"Identifiant",
                                   "Titre",
                                   "Organisation",
                                   "Groupe promoteur",
                                   "NEQ",
                                   "MRC",
                                   "Secteur",
                                   "Forme juridique",
                                   "Bailleur",
                                   "Programme",
                                   "Appel",
                                   "Statut",
                                   "Montant demandé",
                                   "Montant autorisé",
                                   "Montant versé",
                                   "Investissement total",
                                   "Date de décision",
                                   "Exercice",
                                   "Emplois créés",
                                   "Emplois maintenus",
                                   "Emplois créés ou maintenus",
                                   "Élément du plan",
                                   "Description"};
  return *header;
}

std::string DecimalAmount(int64_t cents, char decimal_point) {
  // Through unsigned arithmetic so that INT64_MIN has a magnitude too.
  uint64_t magnitude = cents < 0 ? 0 - static_cast<uint64_t>(cents)
                                 : static_cast<uint64_t>(cents);
  std::string frac = std::to_string(magnitude % 100);
  if (frac.size() < 2) frac.insert(frac.begin(), '0');
  return absl::StrCat(cents < 0 ? "-" : "", magnitude / 100,
                      std::string(1, decimal_point), frac);
}

std::string RenderAwardsCsv(const std::vector<v1::Award>& awards,
                            const AwardExportContext& context, char separator) {
  const char point = separator == ';' ? ',' : '.';
  auto money = [&](bool has, const v1::Money& m) {
    return has ? DecimalAmount(m.cents(), point) : std::string();
  };
  auto count = [](bool has, int32_t n) {
    return has ? std::to_string(n) : std::string();
  };
  std::string out(kUtf8Bom);
  AppendCsvRecord(out, AwardCsvHeader(), separator);
  for (const auto& a : awards) {
    const auto& snap = a.recipient_snapshot();
    AppendCsvRecord(
        out,
        {LastSegment(a.name()),
         a.title(),
         a.has_organisation() ? RecipientName(a) : std::string(),
         a.has_promoter_group() ? a.promoter_group() : std::string(),
         snap.neq(),
         snap.mrc().empty() ? "" : Label(context.mrc_labels, snap.mrc()),
         snap.sector().empty() ? ""
                               : Label(context.sector_labels, snap.sector()),
         LegalFormLabel(snap.legal_form()),
         a.funder().empty() ? "" : Label(context.funder_labels, a.funder()),
         LastSegment(a.program()),
         LastSegment(a.call_for_projects()),
         StatusLabel(a.status()),
         money(a.has_amount_requested(), a.amount_requested()),
         money(a.has_amount_authorised(), a.amount_authorised()),
         money(a.has_amount_disbursed(), a.amount_disbursed()),
         money(a.has_total_investment(), a.total_investment()),
         a.decision_date(),
         a.fiscal_year(),
         count(a.has_jobs_created(), a.jobs_created()),
         count(a.has_jobs_maintained(), a.jobs_maintained()),
         count(a.has_jobs_created_or_maintained(),
               a.jobs_created_or_maintained()),
         a.plan_item(),
         a.description()},
        separator);
  }
  return out;
}

std::string GrantId(absl::string_view tenant, const v1::Award& award) {
  return absl::StrCat(kGivingIdPrefix, tenant, "-", LastSegment(award.name()));
}

std::string RecipientOrgId(absl::string_view tenant, const v1::Award& award) {
  const std::string& neq = award.recipient_snapshot().neq();
  if (!neq.empty()) return absl::StrCat(kQuebecRegisterPrefix, neq);
  if (award.has_organisation()) {
    return absl::StrCat(kGivingIdPrefix, tenant, "-organisation-",
                        LastSegment(award.organisation()));
  }
  return absl::StrCat(kGivingIdPrefix, tenant, "-promoter-group-",
                      LastSegment(award.name()));
}

std::string FunderOrgId(absl::string_view funder_name) {
  return absl::StrCat(kGivingIdPrefix, "funder-", LastSegment(funder_name));
}

std::string RenderAwards360Giving(const std::vector<v1::Award>& awards,
                                  const AwardExportContext& context) {
  using Json = nlohmann::ordered_json;
  Json grants = Json::array();
  for (const auto& a : awards) {
    if (a.status() != v1::Award::AUTHORISED &&
        a.status() != v1::Award::DISBURSED)
      continue;
    if (!a.has_amount_authorised() || a.decision_date().empty()) continue;
    const auto& snap = a.recipient_snapshot();
    Json g;
    g["id"] = GrantId(context.tenant, a);
    g["title"] = a.title();
    g["description"] = a.description().empty() ? a.title() : a.description();
    g["currency"] = "CAD";
    if (a.has_amount_requested())
      g["amountAppliedFor"] = Dollars(a.amount_requested().cents());
    g["amountAwarded"] = Dollars(a.amount_authorised().cents());
    if (a.has_amount_disbursed())
      g["amountDisbursed"] = Dollars(a.amount_disbursed().cents());
    g["awardDate"] = a.decision_date();
    Json recipient = {{"id", RecipientOrgId(context.tenant, a)},
                      {"name", RecipientName(a)}};
    if (!snap.mrc().empty())
      recipient["addressRegion"] = Label(context.mrc_labels, snap.mrc());
    recipient["addressCountry"] = "Canada";
    g["recipientOrganization"] = Json::array({recipient});
    g["fundingOrganization"] =
        Json::array({{{"id", FunderOrgId(a.funder())},
                      {"name", Label(context.funder_labels, a.funder())}}});
    if (!a.program().empty()) {
      g["grantProgramme"] = Json::array(
          {{{"code", LastSegment(a.program())},
            {"title", Label(context.program_labels, a.program())}}});
    }
    Json classifications = Json::array();
    if (!snap.sector().empty()) {
      classifications.push_back(
          {{"vocabulary", "poles-sectors"},
           {"code", LastSegment(snap.sector())},
           {"title", Label(context.sector_labels, snap.sector())}});
    }
    if (snap.legal_form() != v1::Organisation::LEGAL_FORM_UNSPECIFIED) {
      classifications.push_back({{"vocabulary", "poles-legal-forms"},
                                 {"code", LegalFormCode(snap.legal_form())},
                                 {"title", LegalFormLabel(snap.legal_form())}});
    }
    if (!classifications.empty()) g["classifications"] = classifications;
    if (!snap.mrc().empty()) {
      g["beneficiaryLocation"] =
          Json::array({{{"name", Label(context.mrc_labels, snap.mrc())},
                        {"countryCode", "CA"},
                        {"geoCode", LastSegment(snap.mrc())},
                        {"geoCodeType", "MRC"}}});
    }
    if (!a.call_for_projects().empty()) g["fromOpenCall"] = "Yes";
    grants.push_back(std::move(g));
  }
  Json package;
  package["version"] = "1.4";
  package["title"] =
      absl::StrCat("Aides financières — ", context.publisher_name);
  if (!context.issued.empty()) package["issued"] = context.issued;
  package["publisher"] = {
      {"identifier", absl::StrCat(kGivingIdPrefix, context.tenant)},
      {"name", context.publisher_name}};
  package["grants"] = std::move(grants);
  return package.dump(2) + "\n";
}

}  // namespace poles::funding
