#pragma once

#include <cstdint>

namespace earshot
{
    /** How a hub chart weighs what it counts. A track's score for one day is
            listenWeight * listeners + passWeight * passes
        where listeners are the distinct listeners that day (after ListenRules) and passes the
        passes of it that landed that day; a chart adds up its days, each weighed by its age
        (dayWeight), and adds seederWeight for each daemon seeding the track now. A pass that
        landed counts for more than a listen: it is a friend's recommendation that was heard. */
    struct ChartWeights
    {
        double listenWeight = 1.0;
        double passWeight = 3.0;
        double seederWeight = 0.5;
        /** A day this many days old weighs half as much as today. The hub's store keeps its
            all-time sums with it, so it is the same for every write and query of one store. */
        double halfLifeDays = 14.0;

        bool operator== (const ChartWeights&) const = default;
    };

    /** What a listener's listens may add to the charts. One listener counts once per track per
        UTC day however often they play it, and for at most maxPerListenerPerDay tracks a day:
        beyond that a key's listens are not counted at all, so no one key weighs more than that
        in any chart. */
    struct ListenRules
    {
        int maxPerListenerPerDay = 100;
        /** Keys are free to make, so one machine could report as thousands of listeners. A
            network (an IPv4 /24, an IPv6 /48: what one home, office or hosting customer holds)
            brings at most this many reporting keys a UTC day: reports (listens, passes, seeds)
            signed by further keys from it do not count that day. */
        int maxReportersPerNetworkPerDay = 20;

        bool operator== (const ListenRules&) const = default;
    };

    /** The periods a chart covers. */
    enum class ChartPeriod
    {
        /** Today (UTC) alone. */
        day,
        /** Today and the six days before it. */
        week,
        /** Every day since the first release. */
        allTime
    };

    /** The first day anything is scored from: 2026-01-01, as days since the Unix epoch. */
    inline constexpr std::int64_t chartEpochDay = 20454;

    /** What one row of a chart is made of, so its score can be explained. */
    struct ScoreInputs
    {
        /** Listeners over the period's days, each day weighed by its age. */
        double listeners = 0.0;
        /** Passes that landed over the period's days, each day weighed by its age. */
        double passes = 0.0;
        /** Daemons seeding the track now. */
        std::int64_t seeders = 0;
    };

    namespace chartScore
    {
        /** The UTC day a time falls on, as days since the Unix epoch (floor: times before 1970
            fall on negative days). */
        [[nodiscard]] std::int64_t dayOf (std::int64_t unixMs) noexcept;

        /** How much a day ageDays old weighs: 1 today, 0.5 at halfLifeDays, and so on. A day in
            the future (a clock ahead) weighs as today. */
        [[nodiscard]] double dayWeight (std::int64_t ageDays, const ChartWeights& weights) noexcept;

        /** dayWeight's inverse measured from chartEpochDay: 2^((day - chartEpochDay) / halfLife).
            An all-time chart keeps, per track, the sum of each day's score times the growth of
            that day, which it can add to as reports arrive; dividing by today's growth gives the
            same sum as weighing each day by its age, without visiting the days again. */
        [[nodiscard]] double growth (std::int64_t day, const ChartWeights& weights) noexcept;

        /** The score of one day's counts (listeners and passes that day), unweighed. */
        [[nodiscard]] double ofDay (double listeners, double passes, const ChartWeights& weights) noexcept;

        /** The score a chart ranks by. */
        [[nodiscard]] double of (const ScoreInputs& inputs, const ChartWeights& weights) noexcept;

        /** The oldest day a period takes in, for a chart made on today. */
        [[nodiscard]] std::int64_t firstDayOf (ChartPeriod period, std::int64_t today) noexcept;
    } // namespace chartScore
} // namespace earshot
