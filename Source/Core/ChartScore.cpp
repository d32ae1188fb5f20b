#include "ChartScore.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace earshot::chartScore
{
    namespace
    {
        constexpr std::int64_t msPerDay = 86'400'000;
    }

    std::int64_t dayOf (std::int64_t unixMs) noexcept
    {
        const auto day = unixMs / msPerDay;
        return (unixMs % msPerDay < 0) ? day - 1 : day;
    }

    double dayWeight (std::int64_t ageDays, const ChartWeights& weights) noexcept
    {
        return std::exp2 (-static_cast<double> (std::max<std::int64_t> (ageDays, 0)) / weights.halfLifeDays);
    }

    double growth (std::int64_t day, const ChartWeights& weights) noexcept
    {
        return std::exp2 (static_cast<double> (day - chartEpochDay) / weights.halfLifeDays);
    }

    double ofDay (double listeners, double passes, const ChartWeights& weights) noexcept
    {
        return weights.listenWeight * listeners + weights.passWeight * passes;
    }

    double of (const ScoreInputs& inputs, const ChartWeights& weights) noexcept
    {
        return ofDay (inputs.listeners, inputs.passes, weights) + weights.seederWeight * static_cast<double> (inputs.seeders);
    }

    std::int64_t firstDayOf (ChartPeriod period, std::int64_t today) noexcept
    {
        switch (period)
        {
            case ChartPeriod::day:
                return today;
            case ChartPeriod::week:
                return today - 6;
            case ChartPeriod::allTime:
                return std::numeric_limits<std::int64_t>::min();
        }
        return today;
    }
} // namespace earshot::chartScore
