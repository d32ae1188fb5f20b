#pragma once

#include "PublicKey.h"

#include <chrono>
#include <map>

namespace earshot
{
    /** How fast each friend may send: a token bucket per sender, so a friend may send a burst of
        `burst` messages, then `perSecond` messages a second. Time is passed in, so the rule is
        tested without waiting.

        Not thread-safe: the owner serialises calls. */
    class RateLimiter final
    {
    public:
        using Clock = std::chrono::steady_clock;

        static constexpr double burst = 20.0;
        static constexpr double perSecond = 5.0;

        /** Takes one message from sender at `now`: false (and nothing taken) when they are over
            their rate. A sender not seen before starts with a full bucket. */
        [[nodiscard]] bool admit (const PublicKey& sender, Clock::time_point now);

    private:
        struct Bucket
        {
            double tokens = 0.0;
            Clock::time_point refilledAt {};
        };
        std::map<PublicKey, Bucket> buckets;
    };
} // namespace earshot
