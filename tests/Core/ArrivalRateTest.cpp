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

TEST (ArrivalRate, CountsTheWaitForTheFirstByteAtFirst)
{
    // 100 KB that took a second to come, 900 ms of it waiting for a peer: 100 KB/s, not 1 MB/s,
    // so a first burst from a slow swarm does not start the player early.
    ArrivalRate rate;
    rate.start (t0);
    rate.add (50'000, t0 + 900ms);
    rate.add (50'000, t0 + 1000ms);
    EXPECT_DOUBLE_EQ (100'000.0, *rate.bytesPerSecond (t0 + 1000ms));
}

TEST (ArrivalRate, LeavesTheWaitOutOnceTheBytesHaveComeForAWhile)
{
    // A swarm at 150 KB/s whose first byte took 2 s (peers dialled, then unchoked): 150 KB/s
    // once it has sent for trustedAfter, not the 75 KB/s that counting from the request says.
    ArrivalRate rate;
    rate.start (t0);
    const auto first = t0 + 2s;
    for (int tenth = 0; tenth <= 20; ++tenth)
        rate.add (15'000, first + tenth * 100ms);
    static_assert (ArrivalRate::trustedAfter == 2s, "the figures below assume it");
    EXPECT_NEAR (300'000.0 / 3.9, *rate.bytesPerSecond (first + 1900ms), 1.0); // 20 arrivals over 3.9 s
    EXPECT_DOUBLE_EQ (150'000.0, *rate.bytesPerSecond (first + 2s)); // 20 arrivals after the first, over 2 s
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
    EXPECT_DOUBLE_EQ (0.0, *rate.bytesPerSecond (t0 + 4s)); // from the first byte, nothing since it
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
    rate.add (1'000'000, t0 + 4s);
    rate.start (t0 + 5s);
    EXPECT_DOUBLE_EQ (0.0, *rate.bytesPerSecond (t0 + 6s));
    rate.add (10'000, t0 + 7s);
    rate.add (10'000, t0 + 8s);
    EXPECT_NEAR (20'000.0 / 3.0, *rate.bytesPerSecond (t0 + 8s), 1e-6);
}
