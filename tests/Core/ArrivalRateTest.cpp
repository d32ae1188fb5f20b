#include "Core/ArrivalRate.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace std::chrono_literals;

namespace
{
    const ArrivalRate::Clock::time_point t0 {};
}

TEST (ArrivalRate, KnowsNothingBeforeItStartsOrWithinItsShortestSpan)
{
    ArrivalRate rate;
    rate.add (64 * 1024, t0 + 10ms);
    EXPECT_FALSE (rate.bytesPerSecond (t0 + 1s));
    rate.start (t0);
    EXPECT_FALSE (rate.bytesPerSecond (t0 + 1s)); // nothing has come yet
    rate.add (64 * 1024, t0 + 1s);
    rate.add (64 * 1024, t0 + 1s + ArrivalRate::shortest / 2);
    EXPECT_FALSE (rate.bytesPerSecond (t0 + 1s + ArrivalRate::shortest / 2));
    EXPECT_TRUE (rate.bytesPerSecond (t0 + 1s + ArrivalRate::shortest));
}

TEST (ArrivalRate, LeavesTheWaitForTheFirstByteOut)
{
    // A swarm at 150 KB/s whose first byte took 2 s (peers dialled, then unchoked): 150 KB/s
    // once a second of it has come, not the 50 KB/s that counting from the request would say.
    ArrivalRate rate;
    rate.start (t0);
    for (int tenth = 0; tenth <= 10; ++tenth)
        rate.add (15'000, t0 + 2s + tenth * 100ms);
    EXPECT_DOUBLE_EQ (150'000.0, *rate.bytesPerSecond (t0 + 3s));
}

TEST (ArrivalRate, DoesNotTakeAnOpeningBurstForAFastSwarm)
{
    // The first piece arrives in one go after a wait: its bytes are not a rate over no time.
    ArrivalRate rate;
    rate.start (t0);
    rate.add (1'000'000, t0 + 1s);
    rate.add (10'000, t0 + 1100ms);
    EXPECT_DOUBLE_EQ (20'000.0, *rate.bytesPerSecond (t0 + 1500ms));
}

TEST (ArrivalRate, FallsWhileNothingArrives)
{
    ArrivalRate rate;
    rate.start (t0);
    rate.add (1, t0 + 1s);
    rate.add (200'000, t0 + 2s);
    const auto atArrival = *rate.bytesPerSecond (t0 + 2s);
    const auto later = *rate.bytesPerSecond (t0 + 3s);
    EXPECT_DOUBLE_EQ (200'000.0, atArrival);
    EXPECT_DOUBLE_EQ (100'000.0, later);
}

TEST (ArrivalRate, FollowsTheRecentWindowOnly)
{
    // A fast first minute, then a trickle: after a window of the trickle the rate is the trickle's.
    ArrivalRate rate;
    rate.start (t0);
    for (int second = 1; second <= 60; ++second)
        rate.add (1'000'000, t0 + std::chrono::seconds (second));
    auto now = t0 + 60s;
    for (int tenth = 1; tenth <= 100; ++tenth)
    {
        now = t0 + 60s + tenth * 100ms;
        rate.add (1'000, now);
    }
    EXPECT_NEAR (10'000.0, *rate.bytesPerSecond (now), 1.0);
}

TEST (ArrivalRate, StartsAfreshForANewStream)
{
    ArrivalRate rate;
    rate.start (t0);
    rate.add (1'000'000, t0 + 1s);
    rate.add (1'000'000, t0 + 2s);
    rate.start (t0 + 3s);
    EXPECT_FALSE (rate.bytesPerSecond (t0 + 4s));
    rate.add (10'000, t0 + 5s);
    rate.add (10'000, t0 + 6s);
    EXPECT_DOUBLE_EQ (10'000.0, *rate.bytesPerSecond (t0 + 6s));
}
