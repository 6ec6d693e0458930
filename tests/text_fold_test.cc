// The C++ folding (poles::FoldFrench) and the database's (poles.fold(),
// lower(unaccent())) agree on every character the French directory can
// hold, alone and inside a word: sort keys and search words computed in SQL
// match labels folded in C++.
#include "services/common/text_fold.h"

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/str_format.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

std::string Utf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// Basic Latin, Latin-1 Supplement, Latin Extended-A and -B, the combining
// accents of decomposed text, Latin Extended Additional, General
// Punctuation (apostrophes, dashes, guillemets, no-break spaces) and the
// Latin ligatures.
std::vector<char32_t> DirectoryCharacters() {
  const std::pair<char32_t, char32_t> ranges[] = {
      {0x20, 0x7E},     {0xA0, 0x24F},    {0x300, 0x36F},
      {0x1E00, 0x1EFF}, {0x2010, 0x206F}, {0xFB00, 0xFB06}};
  std::vector<char32_t> out;
  for (const auto& [first, last] : ranges) {
    for (char32_t cp = first; cp <= last; ++cp) out.push_back(cp);
  }
  return out;
}

// poles.fold() of each text, in order, in one statement.
std::vector<std::string> FoldInDatabase(const std::vector<std::string>& texts) {
  pqxx::connection c(AppUrl());
  pqxx::read_transaction r(c);
  const pqxx::result rows = r.exec_params(
      "SELECT poles.fold(t) AS folded "
      "FROM json_array_elements_text($1::json) WITH ORDINALITY AS a(t, n) "
      "ORDER BY n",
      nlohmann::json(texts).dump());
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(row["folded"].c_str());
  return out;
}

void ExpectSameFolding(const std::vector<std::string>& texts,
                       const std::vector<char32_t>& cps) {
  const std::vector<std::string> sql = FoldInDatabase(texts);
  ASSERT_EQ(sql.size(), texts.size());
  int disagreements = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string cpp = FoldFrench(texts[i]);
    if (cpp != sql[i]) {
      ++disagreements;
      ADD_FAILURE() << absl::StrFormat(
          "U+%04X in \"%s\": poles.fold() \"%s\", "
          "FoldFrench \"%s\"",
          static_cast<uint32_t>(cps[i]), texts[i], sql[i], cpp);
    }
  }
  EXPECT_EQ(disagreements, 0);
}

TEST(TextFoldTest, EachCharacterAloneFoldsAsInTheDatabase) {
  const std::vector<char32_t> cps = DirectoryCharacters();
  ASSERT_EQ(cps.size(), 95u + 432u + 112u + 256u + 96u + 7u);
  std::vector<std::string> texts;
  for (char32_t cp : cps) texts.push_back(Utf8(cp));
  ExpectSameFolding(texts, cps);
}

TEST(TextFoldTest, EachCharacterInsideAWordFoldsAsInTheDatabase) {
  const std::vector<char32_t> cps = DirectoryCharacters();
  std::vector<std::string> texts;
  for (char32_t cp : cps)
    texts.push_back("L" + Utf8(cp) + "Érable" + Utf8(cp) + "S");
  ExpectSameFolding(texts, cps);
}

TEST(TextFoldTest, DirectoryNamesFoldAsInTheDatabase) {
  const std::vector<std::string> names = {
      "Coopérative de solidarité L’Érable — Œuvres « Bécancour »",
      "CAFÉ-BISTRO DES ÎLES‑DE‑LA‑MADELEINE, S.E.N.C.",
      "Société d'aide au développement des collectivités (SADC) de "
      "Nicolet–Bécancour",
      "Atelier ﬁnance Ærø Straße Łódź\xC2\xA0inc.\xE2\x80\xAF!",
      "E\xCC\x81"
      "conomie sociale",  // decomposed É
  };
  ExpectSameFolding(names, std::vector<char32_t>(names.size(), 0));
}

}  // namespace
}  // namespace poles::testing
