#include "Core/BufferTarget.h"

#include <gtest/gtest.h>

using namespace earshot;

TEST (BufferTarget, StartsAtTheFloorWhenBytesArriveFasterThanTheyPlay)
{
    const BufferTarget target;
    EXPECT_DOUBLE_EQ (target.floorSeconds, target.secondsToBuffer (5.0, 150.0));
    EXPECT_DOUBLE_EQ (target.floorSeconds, target.secondsToBuffer (target.safety, 150.0));
}

TEST (BufferTarget, WaitsForTheUnknownRateFigureUntilTheRateIsMeasured)
{
    const BufferTarget target;
    EXPECT_DOUBLE_EQ (target.unknownRateSeconds, target.secondsToBuffer (std::nullopt, 150.0));
}

TEST (BufferTarget, HoldsWhatKeepsASlowerSwarmAheadOfThePlayheadToTheEnd)
{
    BufferTarget target;
    target.safety = 1.0;
    target.ceilingSeconds = 1000.0;
    // Half the bitrate arriving: 60 s left needs 30 s buffered (30 + 0.5 x 60 = 60).
    EXPECT_DOUBLE_EQ (30.0, target.secondsToBuffer (0.5, 60.0));
    // A little slower than the bitrate with 100 s left: 10 s.
    EXPECT_NEAR (10.0, target.secondsToBuffer (0.9, 100.0), 1e-9);
    // Nothing arriving: all of what is left.
    EXPECT_DOUBLE_EQ (12.0, target.secondsToBuffer (0.0, 12.0));
}

TEST (BufferTarget, DiscountsTheRateBySafety)
{
    BufferTarget target;
    target.safety = 1.25;
    target.ceilingSeconds = 1000.0;
    // 1.1x the bitrate counts as 0.88x: 100 s left needs 12 s.
    EXPECT_NEAR (12.0, target.secondsToBuffer (1.1, 100.0), 1e-9);
}

TEST (BufferTarget, KeepsWithinItsHorizonFloorAndCeiling)
{
    BufferTarget target;
    target.safety = 1.0;
    target.horizonSeconds = 40.0;
    target.ceilingSeconds = 15.0;
    EXPECT_DOUBLE_EQ (10.0, target.secondsToBuffer (0.75, 600.0)); // 40 s ahead x 0.25
    EXPECT_DOUBLE_EQ (15.0, target.secondsToBuffer (0.0, 600.0));
    EXPECT_DOUBLE_EQ (target.floorSeconds, target.secondsToBuffer (0.5, 0.0)); // the track's end is here
}
