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
    EXPECT_FALSE (rate.bytesPerSecond (t0 + 1s));
    rate.start (t0);
    rate.add (64 * 1024, t0 + 10ms);
    EXPECT_FALSE (rate.bytesPerSecond (t0 + 20ms));
    EXPECT_TRUE (rate.bytesPerSecond (t0 + ArrivalRate::shortest));
}

TEST (ArrivalRate, CountsTheWaitForTheFirstByteAgainstTheRate)
{
    // 100 KB that took a second to come, 900 ms of it waiting for a peer: 100 KB/s, not 1 MB/s.
    ArrivalRate rate;
    rate.start (t0);
    rate.add (50'000, t0 + 900ms);
    rate.add (50'000, t0 + 1000ms);
    EXPECT_DOUBLE_EQ (100'000.0, *rate.bytesPerSecond (t0 + 1000ms));
}

TEST (ArrivalRate, FallsWhileNothingArrives)
{
    ArrivalRate rate;
    rate.start (t0);
    rate.add (200'000, t0 + 1s);
    const auto atArrival = *rate.bytesPerSecond (t0 + 1s);
    const auto later = *rate.bytesPerSecond (t0 + 2s);
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
