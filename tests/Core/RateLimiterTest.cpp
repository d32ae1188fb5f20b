#include "Core/RateLimiter.h"

#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        PublicKey keyOf (std::uint8_t byte)
        {
            PublicKey key {};
            key.fill (byte);
            return key;
        }

        int admitted (RateLimiter& limiter, const PublicKey& sender, RateLimiter::Clock::time_point at, int tries)
        {
            int taken = 0;
            for (int i = 0; i < tries; ++i)
                taken += limiter.admit (sender, at) ? 1 : 0;
            return taken;
        }
    } // namespace

    TEST (RateLimiterTest, AFriendMaySendABurstThenNoMore)
    {
        RateLimiter limiter;
        const RateLimiter::Clock::time_point start {};
        EXPECT_EQ (admitted (limiter, keyOf (1), start, 25), 20);
        EXPECT_FALSE (limiter.admit (keyOf (1), start));
    }

    TEST (RateLimiterTest, TheBucketRefillsAtFiveASecondUpToTheBurst)
    {
        RateLimiter limiter;
        const RateLimiter::Clock::time_point start {};
        ASSERT_EQ (admitted (limiter, keyOf (1), start, 20), 20);

        // 100 ms earns half a message; 250 ms one and a quarter.
        EXPECT_FALSE (limiter.admit (keyOf (1), start + std::chrono::milliseconds (100)));
        EXPECT_TRUE (limiter.admit (keyOf (1), start + std::chrono::milliseconds (250)));
        EXPECT_FALSE (limiter.admit (keyOf (1), start + std::chrono::milliseconds (250)));

        // A second later: five more, and no sixth.
        EXPECT_EQ (admitted (limiter, keyOf (1), start + std::chrono::milliseconds (1250), 6), 5);

        // However long the silence, the bucket holds no more than a burst.
        EXPECT_EQ (admitted (limiter, keyOf (1), start + std::chrono::hours (1), 30), 20);
    }

    TEST (RateLimiterTest, EachFriendHasABucketOfTheirOwn)
    {
        RateLimiter limiter;
        const RateLimiter::Clock::time_point start {};
        ASSERT_EQ (admitted (limiter, keyOf (1), start, 20), 20);
        EXPECT_FALSE (limiter.admit (keyOf (1), start));
        EXPECT_EQ (admitted (limiter, keyOf (2), start, 20), 20);
    }

    TEST (RateLimiterTest, ARefusedMessageTakesNothing)
    {
        RateLimiter limiter;
        const RateLimiter::Clock::time_point start {};
        ASSERT_EQ (admitted (limiter, keyOf (1), start, 20), 20);
        // Refused tries at the same instant do not drive the bucket below empty.
        EXPECT_EQ (admitted (limiter, keyOf (1), start, 100), 0);
        EXPECT_TRUE (limiter.admit (keyOf (1), start + std::chrono::milliseconds (300)));
    }
} // namespace earshot
