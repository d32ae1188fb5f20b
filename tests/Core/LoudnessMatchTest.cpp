#include "Core/LoudnessMatch.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace earshot;

TEST (LoudnessMatch, BringsATrackToMinus16Lufs)
{
    EXPECT_DOUBLE_EQ (loudnessMatch::gainDb (-10.0), -6.0);
    EXPECT_DOUBLE_EQ (loudnessMatch::gainDb (-16.0), 0.0);
    EXPECT_DOUBLE_EQ (loudnessMatch::gainDb (-19.5), 3.5);
    EXPECT_NEAR (loudnessMatch::linearGain (-10.0), std::pow (10.0, -6.0 / 20.0), 1.0e-6);
}

TEST (LoudnessMatch, BoostsAQuietTrackAtMostSixDb)
{
    EXPECT_DOUBLE_EQ (loudnessMatch::gainDb (-40.0), 6.0);
    EXPECT_DOUBLE_EQ (loudnessMatch::gainDb (-22.0), 6.0);
    EXPECT_DOUBLE_EQ (loudnessMatch::gainDb (-1.0), -15.0);
    EXPECT_DOUBLE_EQ (loudnessMatch::gainDb (-0.001), -15.999);
    EXPECT_NEAR (loudnessMatch::gainDb (-36.5), 6.0, 1.0e-12);
}

TEST (LoudnessMatch, ATrackOfUnknownLoudnessPlaysAtUnity)
{
    EXPECT_DOUBLE_EQ (loudnessMatch::gainDb (0.0), 0.0);
    EXPECT_DOUBLE_EQ (loudnessMatch::gainDb (std::numeric_limits<double>::quiet_NaN()), 0.0);
    EXPECT_DOUBLE_EQ (loudnessMatch::gainDb (-std::numeric_limits<double>::infinity()), 0.0);
    EXPECT_DOUBLE_EQ (loudnessMatch::gainDb (3.0), 0.0);
    EXPECT_EQ (loudnessMatch::linearGain (0.0), 1.0f);
}
