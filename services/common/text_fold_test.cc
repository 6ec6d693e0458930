#include "services/common/text_fold.h"

#include <gtest/gtest.h>

namespace poles {
namespace {

TEST(FoldFrenchTest, StripsAccentsAndCase) {
  EXPECT_EQ(FoldFrench("Économie sociale à Bécancour"),
            "economie sociale a becancour");
  EXPECT_EQ(FoldFrench("L’Érable — Œuvre"), "l'erable - oeuvre");
  EXPECT_EQ(FoldFrench("ÇÀÎÔÛËÏÜŸ"),
            "caiouei"
            "uy");
  EXPECT_EQ(FoldFrench("Ærø Straße Łódź Þór"), "aero strasse lodz thor");
}

TEST(FoldFrenchTest, SpellsOutLigaturesAndTypographicPunctuation) {
  EXPECT_EQ(FoldFrench("ﬁnance ﬂeur"), "finance fleur");
  EXPECT_EQ(FoldFrench("« Bonjour » “oui” ‘non’ … –"),
            "<< bonjour >> \"oui\" 'non' ... -");
}

TEST(FoldFrenchTest, DropsCombiningAccentsOfDecomposedText) {
  EXPECT_EQ(FoldFrench("E\xCC\x81"
                       "conomie"),
            "economie");  // E + U+0301
}

TEST(FoldFrenchTest, KeepsWhatTheDictionaryDoesNotKnowLowerCased) {
  // unaccent has no rule for the no-break spaces: poles.fold() keeps them.
  EXPECT_EQ(FoldFrench("a\xC2\xA0"
                       "b\xE2\x80\xAF"
                       "c"),
            "a\xC2\xA0"
            "b\xE2\x80\xAF"
            "c");
  EXPECT_EQ(FoldFrench("ΑΒΓ"), "αβγ");
  EXPECT_EQ(FoldFrench("🎉 2018-2019"), "🎉 2018-2019");
}

TEST(FoldFrenchTest, CopiesMalformedBytesWithoutSwallowingTheNextOnes) {
  EXPECT_EQ(FoldFrench("\xC3"
                       "AB"),
            "\xC3"
            "ab");
  EXPECT_EQ(FoldFrench("\xE2\x80"
                       "E"),
            "\xE2\x80"
            "e");
}

}  // namespace
}  // namespace poles
