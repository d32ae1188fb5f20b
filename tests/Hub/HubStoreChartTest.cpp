#include "HubStoreFixture.h"

#include "Core/ChartScore.h"

#include <cmath>

namespace earshot::test
{
    namespace
    {
        constexpr auto today = chartEpochDay + 100;

        /** What a day `age` days old weighs with the fixture's half-life of 7 days. */
        [[nodiscard]] double decay (int age)
        {
            return std::exp2 (-age / 7.0);
        }

        [[nodiscard]] std::vector<std::string> trackIds (const std::vector<ChartRow>& rows)
        {
            std::vector<std::string> result;
            for (const auto& row : rows)
                result.push_back (row.trackId);
            return result;
        }
    } // namespace

    /** a (techno): 2 listens and a pass today, one seeder. b (techno): 1 listen today, 4 yesterday.
    c (house): 3 listens today, 40 thirty days ago. */
    class HubStoreChartTest : public HubStoreTest
    {
    protected:
        void SetUp() override
        {
            HubStoreTest::SetUp();
            store->putRelease (release ("a", 1, "Alpha"));
            store->putRelease (release ("b", 2, "Beta"));
            store->putRelease (release ("c", 3, "Gamma", "house"));

            listen (1, "a", noonOf (today));
            listen (2, "a", noonOf (today) + 1);
            pass ("r1", "a", noonOf (today));
            EXPECT_EQ (store->setSeeding ({ key (10), { "a" }, noonOf (today) }, {}), SeedOutcome::replaced);
            listen (3, "b", noonOf (today));
            for (int listener = 1; listener <= 4; ++listener)
                listen (listener, "b", noonOf (today - 1));
            for (int listener = 4; listener <= 6; ++listener)
                listen (listener, "c", noonOf (today));
            for (int listener = 100; listener < 140; ++listener)
                listen (listener, "c", noonOf (today - 30));
        }

        [[nodiscard]] std::vector<ChartRow> chartOf (ChartPeriod period, std::optional<std::string> genre = std::nullopt, int limit = 100, int offset = 0)
        {
            return store->chart ({ std::move (genre), period, noonOf (today) + 3600 * 1000, limit, offset, weights });
        }
    };

    TEST_P (HubStoreChartTest, DayChartIsTodaysCountsWeightedWithTheirInputsOnEachRow)
    {
        const auto rows = chartOf (ChartPeriod::day);
        ASSERT_EQ (rows.size(), 3u);

        EXPECT_EQ (rows[0].rank, 1);
        EXPECT_EQ (rows[0].trackId, "a");
        EXPECT_EQ (rows[0].title, "Alpha");
        EXPECT_EQ (rows[0].artistName, "Artist 1");
        EXPECT_EQ (rows[0].artistKey, key (1));
        EXPECT_EQ (rows[0].genre, "techno");
        EXPECT_EQ (rows[0].listeners, 2);
        EXPECT_EQ (rows[0].passes, 1);
        EXPECT_EQ (rows[0].seeders, 1);
        EXPECT_DOUBLE_EQ (rows[0].score, 2 * 1.0 + 1 * 3.0 + 1 * 0.5);

        EXPECT_EQ (rows[1].trackId, "c");
        EXPECT_EQ (rows[1].listeners, 3);
        EXPECT_DOUBLE_EQ (rows[1].score, 3.0);
        EXPECT_EQ (rows[2].trackId, "b");
        EXPECT_EQ (rows[2].rank, 3);
        EXPECT_DOUBLE_EQ (rows[2].score, 1.0);

        EXPECT_EQ (trackIds (chartOf (ChartPeriod::day, "techno")), (std::vector<std::string> { "a", "b" }));
        EXPECT_EQ (trackIds (chartOf (ChartPeriod::day, "ambient")), std::vector<std::string> {});
    }

    TEST_P (HubStoreChartTest, WeekChartSumsTheLastSevenDaysEachDecayedByItsAge)
    {
        const auto rows = chartOf (ChartPeriod::week);
        ASSERT_EQ (trackIds (rows), (std::vector<std::string> { "a", "b", "c" }));
        EXPECT_EQ (rows[1].listeners, 5);
        EXPECT_NEAR (rows[1].score, 1.0 + 4 * decay (1), 1e-9);
        EXPECT_EQ (rows[2].listeners, 3);
        EXPECT_NEAR (rows[2].score, 3.0, 1e-9);
    }

    TEST_P (HubStoreChartTest, AllTimeChartDecaysEveryDayByItsAge)
    {
        const auto rows = chartOf (ChartPeriod::allTime);
        ASSERT_EQ (trackIds (rows), (std::vector<std::string> { "a", "c", "b" }));
        EXPECT_NEAR (rows[0].score, 5.5, 1e-9);
        EXPECT_EQ (rows[1].listeners, 43);
        EXPECT_NEAR (rows[1].score, 3.0 + 40 * decay (30), 1e-9);
        EXPECT_NEAR (rows[2].score, 1.0 + 4 * decay (1), 1e-9);

        // A week later everything has halved, and the order is the same.
        const auto later = store->chart ({ std::nullopt, ChartPeriod::allTime, noonOf (today + 7), 100, 0, weights });
        ASSERT_EQ (trackIds (later), (std::vector<std::string> { "a", "c", "b" }));
        EXPECT_NEAR (later[0].score, (5.5 - 0.5) / 2 + 0.5, 1e-9);
    }

    TEST_P (HubStoreChartTest, RepeatsAndListensOverTheDailyCapDoNotMoveAChart)
    {
        const auto day = chartOf (ChartPeriod::day);
        const auto allTime = chartOf (ChartPeriod::allTime);

        listen (1, "a", noonOf (today) + 5, ListenOutcome::repeated);
        pass ("r1", "a", noonOf (today) + 5, 1, PassOutcome::repeated);
        rules.maxPerListenerPerDay = 1;
        listen (1, "b", noonOf (today), ListenOutcome::overDailyCap);
        listen (1, "unknown", noonOf (today), ListenOutcome::unknownTrack);

        EXPECT_EQ (chartOf (ChartPeriod::day), day);
        EXPECT_EQ (chartOf (ChartPeriod::allTime), allTime);
    }

    TEST_P (HubStoreChartTest, PagesFollowEachOtherAndTiesGoInTrackIdOrder)
    {
        for (const auto* id : { "p4", "p2", "p5", "p1", "p3" })
        {
            store->putRelease (release (id, 9, id, "tie"));
            listen (50, id, noonOf (today));
        }

        for (const auto period : { ChartPeriod::day, ChartPeriod::allTime })
        {
            const auto first = chartOf (period, "tie", 2, 0);
            const auto second = chartOf (period, "tie", 2, 2);
            const auto third = chartOf (period, "tie", 2, 4);
            EXPECT_EQ (trackIds (first), (std::vector<std::string> { "p1", "p2" }));
            EXPECT_EQ (trackIds (second), (std::vector<std::string> { "p3", "p4" }));
            EXPECT_EQ (trackIds (third), std::vector<std::string> { "p5" });
            ASSERT_EQ (second.size(), 2u);
            EXPECT_EQ (second[0].rank, 3);
            EXPECT_EQ (third.at (0).rank, 5);
            EXPECT_TRUE (chartOf (period, "tie", 2, 6).empty());
        }
    }

    INSTANTIATE_TEST_SUITE_P (Backends, HubStoreChartTest, ::testing::Values (Backend::sqlite, Backend::postgres), backendName);
} // namespace earshot::test
