#include "ArrivalRate.h"

#include <algorithm>

namespace earshot
{
    void ArrivalRate::start (Clock::time_point asked)
    {
        startedAt = asked;
        arrivals.clear();
    }

    void ArrivalRate::add (std::uint64_t bytes, Clock::time_point now)
    {
        if (! startedAt)
            return;
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
        const auto from = std::max (*startedAt, now - window);
        const auto span = now - from;
        if (span < shortest)
            return std::nullopt;
        std::uint64_t bytes = 0;
        for (const auto& arrival : arrivals)
            if (arrival.at > from || (arrival.at == from && from == *startedAt))
                bytes += arrival.bytes;
        return static_cast<double> (bytes) / std::chrono::duration<double> (span).count();
    }
} // namespace earshot
