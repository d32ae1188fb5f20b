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
        if (! startedAt || now < *startedAt)
            return std::nullopt;
        // Counted from the request (its first arrival included) until the first byte is
        // trustedAfter old, then from the first byte (the first arrival left out).
        const bool fromFirstByte = firstByteAt && now - *firstByteAt >= trustedAfter;
        const auto origin = fromFirstByte ? *firstByteAt : *startedAt;
        const auto from = std::max (origin, now - window);
        const auto span = now - from;
        if (span < shortest)
            return std::nullopt;
        std::uint64_t bytes = 0;
        for (const auto& arrival : arrivals)
            if (arrival.at <= now && (arrival.at > from || (arrival.at == from && ! fromFirstByte && from == *startedAt)))
                bytes += arrival.bytes;
        return static_cast<double> (bytes) / std::chrono::duration<double> (span).count();
    }
} // namespace earshot
