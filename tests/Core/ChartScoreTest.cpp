#include "Core/ChartScore.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace earshot;

namespace
{
    constexpr std::int64_t msPerDay = 86'400'000;
}

TEST (ChartScore, DaysAreUtcDaysCountedFromTheUnixEpochDownwards)
{
    EXPECT_EQ (chartScore::dayOf (0), 0);
    EXPECT_EQ (chartScore::dayOf (msPerDay - 1), 0);
    EXPECT_EQ (chartScore::dayOf (msPerDay), 1);
    EXPECT_EQ (chartScore::dayOf (-1), -1);
    EXPECT_EQ (chartScore::dayOf (-msPerDay), -1);
    EXPECT_EQ (chartScore::dayOf (-msPerDay - 1), -2);
    // 2026-01-01T00:00:00Z
    EXPECT_EQ (chartScore::dayOf (1'767'225'600'000), chartEpochDay);
}

TEST (ChartScore, ADayWeighsHalfAsMuchEachHalfLifeAndTheFutureWeighsAsToday)
{
    const ChartWeights weights { .halfLifeDays = 7.0 };
    EXPECT_DOUBLE_EQ (chartScore::dayWeight (0, weights), 1.0);
    EXPECT_DOUBLE_EQ (chartScore::dayWeight (7, weights), 0.5);
    EXPECT_DOUBLE_EQ (chartScore::dayWeight (14, weights), 0.25);
    EXPECT_DOUBLE_EQ (chartScore::dayWeight (-3, weights), 1.0);
    EXPECT_GT (chartScore::dayWeight (1, weights), chartScore::dayWeight (2, weights));
}

TEST (ChartScore, APassThatLandedOutweighsAListenAndSeedersAddToTheScore)
{
    const ChartWeights weights;
    EXPECT_GT (chartScore::ofDay (0, 1, weights), chartScore::ofDay (1, 0, weights));
    EXPECT_DOUBLE_EQ (chartScore::of ({ .listeners = 4, .passes = 2, .seeders = 8 }, weights),
                      4 * weights.listenWeight + 2 * weights.passWeight + 8 * weights.seederWeight);
    EXPECT_DOUBLE_EQ (chartScore::of ({}, weights), 0.0);
}

TEST (ChartScore, SummingGrowthAndDividingByTodaysGivesTheSameScoreAsWeighingEachDayByItsAge)
{
    const ChartWeights weights;
    struct Day
    {
        std::int64_t day;
        double listeners, passes;
    };
    const std::int64_t today = chartEpochDay + 400;
    const std::vector<Day> days { { chartEpochDay, 30, 2 }, { today - 40, 12, 0 }, { today - 6, 5, 1 }, { today - 1, 7, 3 }, { today, 2, 0 } };

    double byAge = 0.0, grown = 0.0;
    for (const auto& d : days)
    {
        byAge += chartScore::ofDay (d.listeners, d.passes, weights) * chartScore::dayWeight (today - d.day, weights);
        grown += chartScore::ofDay (d.listeners, d.passes, weights) * chartScore::growth (d.day, weights);
    }
    EXPECT_NEAR (grown / chartScore::growth (today, weights), byAge, 1e-9 * byAge);
}

TEST (ChartScore, GrowthStaysFiniteForTwoDecadesOfDays)
{
    const ChartWeights weights;
    EXPECT_DOUBLE_EQ (chartScore::growth (chartEpochDay, weights), 1.0);
    EXPECT_TRUE (std::isfinite (chartScore::growth (chartEpochDay + 365 * 19, weights)));
}

TEST (ChartScore, APeriodTakesInTodayTheWeekOrEveryDay)
{
    const std::int64_t today = chartEpochDay + 10;
    EXPECT_EQ (chartScore::firstDayOf (ChartPeriod::day, today), today);
    EXPECT_EQ (chartScore::firstDayOf (ChartPeriod::week, today), today - 6);
    EXPECT_LT (chartScore::firstDayOf (ChartPeriod::allTime, today), chartEpochDay - 365 * 100);
}
