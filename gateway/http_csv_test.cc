#include "gateway/http_csv.h"

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

namespace poles::gateway {
namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";

TEST(DollarsFromCentsTest, TwoDecimalsFromIntegerCents) {
  EXPECT_EQ(DollarsFromCents(0), "0.00");
  EXPECT_EQ(DollarsFromCents(5), "0.05");
  EXPECT_EQ(DollarsFromCents(10), "0.10");
  EXPECT_EQ(DollarsFromCents(33790500), "337905.00");
  EXPECT_EQ(DollarsFromCents(33790599, ','), "337905,99");
  EXPECT_EQ(DollarsFromCents(-1205), "-12.05");
  // Beyond a double's 53 bits: exact.
  EXPECT_EQ(DollarsFromCents(9007199254740993), "90071992547409.93");
  EXPECT_EQ(DollarsFromCents(std::numeric_limits<int64_t>::min()),
            "-92233720368547758.08");
  EXPECT_EQ(DollarsFromCents(std::numeric_limits<int64_t>::max()),
            "92233720368547758.07");
}

v1::NationalTable Table() {
  v1::NationalTable table;
  table.set_fiscal_year("2017-2018");
  table.set_disclosure_threshold(5);
  auto* enterprises = table.add_columns();
  enterprises->set_name("nationalIndicators/directories.enterprises");
  enterprises->set_label_fr("Entreprises d'économie sociale");
  enterprises->set_unit("count");
  auto* awarded = table.add_columns();
  awarded->set_name("nationalIndicators/funding.amount_authorised");
  awarded->set_label_fr("Montant autorisé");
  awarded->set_unit("cents");
  auto* dossiers = table.add_columns();
  dossiers->set_name("nationalIndicators/directories.dossiers_opened");
  dossiers->set_label_fr("Dossiers; ouverts");
  dossiers->set_unit("count");

  auto* cq = table.add_rows();
  cq->set_tenant("tenants/centre-du-quebec");
  cq->set_display_name("Pôle d'économie sociale du Centre-du-Québec");
  cq->set_region_code("17");
  cq->set_region_name("Centre-du-Québec");
  cq->set_state(v1::NationalTableRow::SUBMITTED);
  auto* c1 = cq->add_cells();
  c1->set_indicator("directories.enterprises");
  c1->set_value(237);
  c1->set_source(v1::CELL_SOURCE_REPORTED);
  auto* c2 = cq->add_cells();
  c2->set_indicator("funding.amount_authorised");
  c2->set_value(33790550);
  c2->set_source(v1::CELL_SOURCE_COMPUTED);
  auto* c3 = cq->add_cells();
  c3->set_indicator("directories.dossiers_opened");
  c3->set_suppressed(true);
  c3->set_source(v1::CELL_SOURCE_COMPUTED);

  auto* gaspesie = table.add_rows();
  gaspesie->set_tenant("tenants/gaspesie");
  gaspesie->set_display_name("Pôle Gaspésie");
  gaspesie->set_region_code("11");
  gaspesie->set_region_name("Gaspésie–Îles-de-la-Madeleine");
  gaspesie->set_state(v1::NationalTableRow::NOTHING);
  for (const char* code :
       {"directories.enterprises", "funding.amount_authorised"}) {
    auto* cell = gaspesie->add_cells();
    cell->set_indicator(code);
    cell->set_source(v1::CELL_SOURCE_MISSING);
  }
  auto* t1 = table.add_totals();
  t1->set_indicator("directories.enterprises");
  t1->set_value(237);
  t1->set_tenant_count(1);
  auto* t2 = table.add_totals();
  t2->set_indicator("funding.amount_authorised");
  t2->set_value(33790550);
  t2->set_tenant_count(1);
  auto* t3 = table.add_totals();
  t3->set_indicator("directories.dossiers_opened");
  t3->set_value(3);
  t3->set_tenant_count(1);
  return table;
}

TEST(NationalTableCsvTest, WideTableExactly) {
  EXPECT_EQ(NationalTableCsv(Table(), {','}),
            std::string(kBom) +
                "Pôle,Tenant,Région,Code de région,État,Entreprises "
                "d'économie sociale,Montant autorisé ($),Dossiers; ouverts\r\n"
                "Pôle d'économie sociale du Centre-du-Québec,centre-du-quebec,"
                "Centre-du-Québec,17,déposé,237,337905.50,< 5\r\n"
                "Pôle Gaspésie,gaspesie,Gaspésie–Îles-de-la-Madeleine,11,"
                "aucune donnée,manquant,manquant,manquant\r\n"
                "Total national,,,,,237,337905.50,3\r\n"
                "Nombre de Pôles,,,,,1,1,1\r\n");
}

TEST(NationalTableCsvTest, SemicolonQuotesAndUsesTheDecimalComma) {
  const std::string csv = NationalTableCsv(Table(), {';'});
  EXPECT_NE(csv.find(";\"Dossiers; ouverts\"\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(";déposé;237;337905,50;< 5\r\n"), std::string::npos)
      << csv;
}

TEST(NationalTableCsvTest, PartialTotalsSaySo) {
  v1::NationalTable table = Table();
  table.mutable_totals(0)->set_partial(true);
  EXPECT_NE(
      NationalTableCsv(table, {','}).find("\r\nTotal national (partiel),"),
      std::string::npos);
}

TEST(NationalTableCsvTest, BreakdownIsLongForm) {
  v1::NationalTable table;
  table.set_breakdown("gender");
  table.set_disclosure_threshold(5);
  auto* column = table.add_columns();
  column->set_name("nationalIndicators/events.participants");
  column->set_unit("people");
  auto* row = table.add_rows();
  row->set_tenant("tenants/centre-du-quebec");
  row->set_display_name("CQ");
  row->set_region_name("Centre-du-Québec");
  auto* women = row->add_cells();
  women->set_indicator("events.participants");
  (*women->mutable_dimensions())["gender"] = "women";
  women->set_value(120);
  women->set_source(v1::CELL_SOURCE_COMPUTED);
  auto* men = row->add_cells();
  men->set_indicator("events.participants");
  (*men->mutable_dimensions())["gender"] = "men";
  men->set_suppressed(true);
  men->set_source(v1::CELL_SOURCE_COMPUTED);
  auto* total = table.add_totals();
  total->set_indicator("events.participants");
  (*total->mutable_dimensions())["gender"] = "women";
  total->set_value(120);
  total->set_tenant_count(1);
  EXPECT_EQ(NationalTableCsv(table, {','}),
            std::string(kBom) +
                "Pôle,Tenant,Région,Indicateur,Genre,Valeur,Source,"
                "Nombre de Pôles\r\n"
                "CQ,centre-du-quebec,Centre-du-Québec,events.participants,"
                "women,120,calculé,\r\n"
                "CQ,centre-du-quebec,Centre-du-Québec,events.participants,"
                "men,< 5,,\r\n"
                "Total national,,,events.participants,women,120,total,1\r\n");
}

TEST(FundingRollupCsvTest, AwardsAndReportedSideBySideAndSuppressed) {
  v1::FundingRollup rollup;
  rollup.add_group_by("program");
  rollup.set_disclosure_threshold(5);
  auto* row = rollup.add_rows();
  (*row->mutable_group())["program"] = "fonds-es";
  (*row->mutable_labels())["program"] = "Fonds d'économie sociale";
  row->mutable_awards()->set_awards(12);
  row->mutable_awards()->set_amount_authorised_cents(1234567);
  row->mutable_awards()->set_amount_disbursed_cents(100);
  row->mutable_awards()->set_investment_generated_cents(99);
  row->mutable_awards()->set_jobs_created(3);
  row->mutable_awards()->set_jobs_maintained(4);
  row->mutable_awards()->set_jobs_created_or_maintained(7);
  row->mutable_awards()->set_tenant_count(2);
  row->mutable_reported()->set_suppressed(true);
  row->mutable_reported()->set_tenant_count(1);
  auto* total = rollup.mutable_total();
  total->mutable_awards()->set_awards(12);
  total->mutable_awards()->set_amount_authorised_cents(1234567);
  total->mutable_awards()->set_tenant_count(2);
  const std::string csv = FundingRollupCsv(rollup, {';'});
  EXPECT_EQ(csv,
            std::string(kBom) +
                "Programme;Nombre d'aides;Montant autorisé ($);Montant versé "
                "($);Investissement généré ($);Emplois créés;Emplois "
                "maintenus;Emplois créés ou maintenus;Nombre de Pôles;"
                "Déclaré : Nombre d'aides;Déclaré : Montant autorisé ($);"
                "Déclaré : Montant versé ($);Déclaré : Investissement généré "
                "($);Déclaré : Emplois créés;Déclaré : Emplois maintenus;"
                "Déclaré : Emplois créés ou maintenus;Déclaré : Nombre de "
                "Pôles\r\n"
                "Fonds d'économie sociale;12;12345,67;1,00;0,99;3;4;7;2;"
                "< 5;< 5;< 5;< 5;< 5;< 5;< 5;1\r\n"
                "Total;12;12345,67;0,00;0,00;0;0;0;2;0;0,00;0,00;0,00;0;0;0;"
                "0\r\n");
}

TEST(FindingsCsvTest, OneRecordPerFindingWithFormulasDefused) {
  v1::ListFindingsResponse findings;
  auto* f = findings.add_findings();
  f->set_tenant("tenants/centre-du-quebec");
  f->set_fiscal_year("2017-2018");
  f->set_indicator("directories.enterprises");
  f->set_rule(v1::Finding::REPORTED_VS_COMPUTED);
  f->set_value(237);
  f->set_compared_value(225);
  f->set_message_fr("=237 déclarées, 225 au répertoire");
  EXPECT_EQ(FindingsCsv(findings, {','}),
            std::string(kBom) +
                "Tenant,Exercice,Indicateur,Règle,Dimension,Valeur,Valeur "
                "comparée,Exercice comparé,Message\r\n"
                "centre-du-quebec,2017-2018,directories.enterprises,"
                "déclaré ≠ calculé,,237,225,,\"'=237 déclarées, 225 au "
                "répertoire\"\r\n");
}

}  // namespace
}  // namespace poles::gateway
