#include "RateLimiter.h"

#include <algorithm>

namespace earshot
{
    bool RateLimiter::admit (const PublicKey& sender, Clock::time_point now)
    {
        auto [bucket, created] = buckets.try_emplace (sender, Bucket { burst, now });
        if (! created)
        {
            const auto elapsed = std::chrono::duration<double> (now - bucket->second.refilledAt).count();
            bucket->second.tokens = std::min (burst, bucket->second.tokens + elapsed * perSecond);
            bucket->second.refilledAt = now;
        }
        if (bucket->second.tokens < 1.0)
            return false;
        bucket->second.tokens -= 1.0;
        return true;
    }
} // namespace earshot
