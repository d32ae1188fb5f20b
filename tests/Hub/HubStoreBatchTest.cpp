#include "HubStoreFixture.h"

#include "Core/ChartScore.h"

namespace earshot::test
{
    namespace
    {
        constexpr auto today = chartEpochDay + 100;
    } // namespace

    /** A batch files many records in one transaction, as loading a catalogue does. */
    class HubStoreBatchTest : public HubStoreTest
    {
    protected:
        [[nodiscard]] std::vector<ChartRow> dayChart()
        {
            return store->chart ({ std::nullopt, ChartPeriod::day, noonOf (today), 100, 0, weights });
        }
    };

    TEST_P (HubStoreBatchTest, RecordsFiledInABatchCountAsIfFiledOneByOne)
    {
        store->batch ([&]
                      {
                          store->putRelease (release ("a", 1, "Alpha"));
                          store->putRelease (release ("b", 2, "Beta"));
                          listen (1, "a", noonOf (today));
                          listen (1, "a", noonOf (today) + 1, ListenOutcome::repeated);
                          listen (2, "a", noonOf (today));
                          listen (3, "b", noonOf (today));
                          pass ("r1", "b", noonOf (today)); });

        const auto rows = dayChart();
        ASSERT_EQ (rows.size(), 2u);
        EXPECT_EQ (rows[0].trackId, "b");
        EXPECT_EQ (rows[0].listeners, 1);
        EXPECT_EQ (rows[0].passes, 1);
        EXPECT_EQ (rows[1].trackId, "a");
        EXPECT_EQ (rows[1].listeners, 2);
        EXPECT_EQ (store->search (textSearch ("alpha")).total, 1);
        // Kept once the batch ends: another store on the database sees it all.
        EXPECT_EQ (reopen()->chart ({ std::nullopt, ChartPeriod::day, noonOf (today), 100, 0, weights }), rows);
    }

    TEST_P (HubStoreBatchTest, NothingOfABatchIsKeptWhenItsWorkThrows)
    {
        store->putRelease (release ("a", 1, "Alpha"));
        EXPECT_THROW (store->batch ([&]
                                    {
                                        store->putRelease (release ("b", 2, "Beta"));
                                        listen (1, "a", noonOf (today));
                                        throw std::runtime_error ("the load stopped"); }),
                      std::runtime_error);

        EXPECT_FALSE (store->release ("b").has_value());
        EXPECT_TRUE (dayChart().empty());
        listen (1, "a", noonOf (today));
    }

    TEST_P (HubStoreBatchTest, AFailedOperationSpoilsTheBatchEvenWhenItsErrorIsCaught)
    {
        store->putRelease (release ("a", 1, "Alpha"));
        EXPECT_THROW (store->batch ([&]
                                    {
                                        listen (1, "a", noonOf (today));
                                        // Track "a" is artist 1's: artist 2 may not release it.
                                        EXPECT_THROW (store->putRelease (release ("a", 2, "Stolen")), Error); }),
                      Error);

        EXPECT_EQ (store->release ("a")->title, "Alpha");
        EXPECT_TRUE (dayChart().empty());
    }

    INSTANTIATE_TEST_SUITE_P (Backends, HubStoreBatchTest, ::testing::Values (Backend::sqlite, Backend::postgres), backendName);
} // namespace earshot::test
