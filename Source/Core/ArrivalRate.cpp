#include "ArrivalRate.h"

#include <algorithm>

namespace earshot
{
    void ArrivalRate::start (Clock::time_point asked)
    {
        startedAt = asked;
        firstByteAt.reset();
        arrivals.clear();
    }

    void ArrivalRate::add (std::uint64_t bytes, Clock::time_point now)
    {
        if (! startedAt || bytes == 0)
            return;
        if (! firstByteAt)
            firstByteAt = now;
        if (! arrivals.empty() && arrivals.back().at == now)
            arrivals.back().bytes += bytes;
        else
            arrivals.push_back ({ now, bytes });
        while (! arrivals.empty() && arrivals.front().at < now - window)
            arrivals.pop_front();
    }

    std::optional<double> ArrivalRate::bytesPerSecond (Clock::time_point now) const
    {
        if (! firstByteAt || now - *firstByteAt < shortest)
            return std::nullopt;
        // Bytes that came after `from`, over the time since: the first arrival's bytes belong
        // to the wait before it, which is not counted.
        const auto from = std::max (*firstByteAt, now - window);
        std::uint64_t bytes = 0;
        for (const auto& arrival : arrivals)
            if (arrival.at > from && arrival.at <= now)
                bytes += arrival.bytes;
        return static_cast<double> (bytes) / std::chrono::duration<double> (now - from).count();
    }
} // namespace earshot
