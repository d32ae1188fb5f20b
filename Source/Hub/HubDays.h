#pragma once

#include <cstdint>

namespace earshot
{
    /** UTC days and the decay that all-time charts use. */
    namespace hubDays
    {
        constexpr std::int64_t msPerDay = 24 * 60 * 60 * 1000;

        /** 2026-01-01, the day the decayed sums are measured from. */
        constexpr std::int64_t epochDay = 20454;

        /** The UTC day of a time (days since 1970-01-01; times before it round down). */
        [[nodiscard]] constexpr std::int64_t dayOf (std::int64_t ms) noexcept
        {
            return ms >= 0 ? ms / msPerDay : -((-ms + msPerDay - 1) / msPerDay);
        }

        /** 2^((day - epochDay) / halfLifeDays): what a report of that day adds to a decayed sum,
            so that dividing the sum by today's growth decays each report by its age, and the sums
            never need rescoring. A common factor does not change an order, and with a half-life of
            a week doubles hold it for about twenty years. */
        [[nodiscard]] double growth (std::int64_t day, double halfLifeDays) noexcept;
    } // namespace hubDays
} // namespace earshot
