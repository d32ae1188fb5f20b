#include "Core/MusicalKey.h"

#include <gtest/gtest.h>

using namespace earshot;

TEST (MusicalKey, ReadsTheWaysTagsWriteAKey)
{
    const auto fSharpMinor = musicalKey::parse ("F#m");
    ASSERT_TRUE (fSharpMinor);
    EXPECT_EQ (fSharpMinor->tonic, 6);
    EXPECT_TRUE (fSharpMinor->minor);

    EXPECT_EQ (musicalKey::parse ("Bb")->tonic, 10);
    EXPECT_FALSE (musicalKey::parse ("Bb")->minor);
    EXPECT_TRUE (musicalKey::parse ("A minor")->minor);
    EXPECT_EQ (musicalKey::parse ("c#maj")->tonic, 1);
    EXPECT_EQ (musicalKey::parse ("Cb")->tonic, 11);
    EXPECT_EQ (musicalKey::parse (" Ebmin ")->tonic, 3);

    EXPECT_FALSE (musicalKey::parse (""));
    EXPECT_FALSE (musicalKey::parse ("H"));
    EXPECT_FALSE (musicalKey::parse ("8A")) << "Camelot codes are not read";
    EXPECT_FALSE (musicalKey::parse ("Am7"));
}

TEST (MusicalKey, NamesTheTwentyFourKeysOnce)
{
    const auto names = musicalKey::allNames();
    ASSERT_EQ (names.size(), 24u);
    EXPECT_EQ (names.front(), "C");
    EXPECT_EQ (names[10], "Bb");
    EXPECT_EQ (names[12 + 9], "Am");
    for (const auto& name : names)
        EXPECT_EQ (musicalKey::nameOf (*musicalKey::parse (name)), name) << name;
}

TEST (MusicalKey, ProposesTheNearestShiftIntoTheSessionsKey)
{
    EXPECT_EQ (musicalKey::proposedShift ("Am", "Bm"), 2);
    EXPECT_EQ (musicalKey::proposedShift ("Bm", "Am"), -2);
    EXPECT_EQ (musicalKey::proposedShift ("C", "Bb"), -2);
    EXPECT_EQ (musicalKey::proposedShift ("C", "F"), 5);
    EXPECT_EQ (musicalKey::proposedShift ("C", "G"), -5) << "down a fourth, not up a fifth";
    EXPECT_EQ (musicalKey::proposedShift ("C", "F#"), 6);
    EXPECT_EQ (musicalKey::proposedShift ("Am", "C"), 0) << "relative keys share their notes";
    EXPECT_EQ (musicalKey::proposedShift ("Am", "D"), 2);
    EXPECT_EQ (musicalKey::proposedShift ("E", "E"), 0);
    EXPECT_FALSE (musicalKey::proposedShift ("", "Am"));
    EXPECT_FALSE (musicalKey::proposedShift ("Am", "nonsense"));
}
