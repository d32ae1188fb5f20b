#include "PassFixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace earshot
{
    namespace
    {
        using namespace test;
        using ::testing::HasSubstr;

        class PointsLedgerTest : public PassFileTest
        {
        };
    } // namespace

    TEST_F (PointsLedgerTest, TheSameSourceIsNeverCreditedTwice)
    {
        PassData store (file);

        EXPECT_TRUE (store.points.credit (makeCredit ("receipt-1", 10)));
        EXPECT_FALSE (store.points.credit (makeCredit ("receipt-1", 10)));
        EXPECT_FALSE (store.points.credit (makeCredit ("receipt-1", 500, t0 + 1))) << "the source decides, not the amount";

        ASSERT_EQ (store.points.entries().size(), 1u);
        EXPECT_EQ (store.points.balance(), 10);
    }

    TEST_F (PointsLedgerTest, CreditRefusesZeroPointsAndMissingFields)
    {
        PassData store (file);
        auto noReason = makeCredit ("s", 1);
        noReason.reason = "";
        auto noPass = makeCredit ("s", 1);
        noPass.passId = "";

        EXPECT_THROW (store.points.credit (makeCredit ("s", 0)), std::invalid_argument);
        EXPECT_THROW (store.points.credit (makeCredit ("", 1)), std::invalid_argument);
        EXPECT_THROW (store.points.credit (noReason), std::invalid_argument);
        EXPECT_THROW (store.points.credit (noPass), std::invalid_argument);
        EXPECT_THROW (store.points.credit (makeCredit ("s", 1, -1)), std::invalid_argument);

        EXPECT_TRUE (store.points.entries().empty());
        EXPECT_EQ (store.points.balance(), 0);
    }

    TEST_F (PointsLedgerTest, EntriesComeBackOldestFirstWithEveryField)
    {
        PassData store (file);
        const PointsLedger::Credit first { t0, 10, "Alice listened to \"Hoppípolla\"", "pass-1", keyFor (1), "receipt-a" };
        const PointsLedger::Credit second { t0 + 5, -3, "correction: receipt-a counted a replayed listen", "pass-1", keyFor (1), "correction-1" };
        store.points.credit (first);
        store.points.credit (second);

        const auto entries = store.points.entries();

        ASSERT_EQ (entries.size(), 2u);
        EXPECT_EQ (entries[0].credit, first);
        EXPECT_EQ (entries[1].credit, second);
        EXPECT_LT (entries[0].entryId, entries[1].entryId);
        EXPECT_EQ (store.points.balance(), 7);
    }

    TEST_F (PointsLedgerTest, TheBalanceIsAlwaysTheSumOfTheEntries)
    {
        PassData store (file);
        EXPECT_EQ (store.points.balance(), 0);

        std::int64_t expected = 0;
        const std::int64_t amounts[] { 10, 25, -5, 1, 100, -40, 3, 7, -1, 50 };

        for (int i = 0; i < 10; ++i)
        {
            const auto source = "receipt-" + std::to_string (i);
            ASSERT_TRUE (store.points.credit (makeCredit (source, amounts[i], t0 + i)));
            expected += amounts[i];

            // Duplicates, refused arguments, and other tables' writes in between change nothing.
            EXPECT_FALSE (store.points.credit (makeCredit ("receipt-" + std::to_string (i / 2), 1000)));
            EXPECT_THROW (store.points.credit (makeCredit ("zero-" + std::to_string (i), 0)), std::invalid_argument);
            store.inbox.rememberMessage (keyFor (i), source, t0);
            store.uploads.add (keyFor (1), trackIdFor (i), 1 << 20);

            EXPECT_EQ (store.points.balance(), expected) << "after entry " << i;
            EXPECT_EQ (store.points.balance(), sumOf (store.points.entries())) << "after entry " << i;
        }

        EXPECT_EQ (store.points.entries().size(), 10u);
        EXPECT_EQ (expected, 150);
    }

    TEST_F (PointsLedgerTest, TheLedgerRefusesRawUpdatesDeletesAndReplacementsFromAnyProgram)
    {
        {
            PassData store (file);
            store.points.credit (makeCredit ("receipt-1", 10));
            store.points.credit (makeCredit ("receipt-2", 20));
        }

        const char* rewrites[] {
            "UPDATE points_ledger SET points = 1000000",
            "UPDATE points_ledger SET reason = 'nothing happened' WHERE source = 'receipt-1'",
            "DELETE FROM points_ledger",
            "DELETE FROM points_ledger WHERE source = 'receipt-2'",
            // REPLACE deletes the old row without firing DELETE triggers; its own trigger stops it.
            "INSERT OR REPLACE INTO points_ledger (at_ms, points, reason, pass_id, friend_key, source) "
            "VALUES (0, 999, 'x', 'x', zeroblob (32), 'receipt-1')",
            "REPLACE INTO points_ledger (entry_id, at_ms, points, reason, pass_id, friend_key, source) "
            "VALUES (1, 0, 999, 'x', 'x', zeroblob (32), 'new-source')",
            "INSERT INTO points_ledger (at_ms, points, reason, pass_id, friend_key, source) "
            "VALUES (0, 5, 'x', 'x', zeroblob (32), 'receipt-2') ON CONFLICT (source) DO UPDATE SET points = 5",
        };

        for (const auto* sql : rewrites)
            EXPECT_THAT (runRaw (file, sql), HasSubstr ("append-only")) << sql;

        // The same through Database, which is how any other part of earshotd would try.
        {
            Database database (file);
            EXPECT_THROW (database.execute ("UPDATE points_ledger SET points = points * 2"), StoreError);
            EXPECT_THROW (database.execute ("DELETE FROM points_ledger WHERE points > 0"), StoreError);
        }

        // The schema's checks hold for raw inserts too.
        EXPECT_NE (runRaw (file, "INSERT INTO points_ledger (at_ms, points, reason, pass_id, friend_key, source) "
                                 "VALUES (0, 0, 'x', 'x', zeroblob (32), 'zero')"),
                   "");
        EXPECT_NE (runRaw (file, "INSERT INTO points_ledger (at_ms, points, reason, pass_id, friend_key, source) "
                                 "VALUES (0, 1, 'x', 'x', zeroblob (31), 'short-key')"),
                   "");

        PassData store (file);
        const auto entries = store.points.entries();
        ASSERT_EQ (entries.size(), 2u);
        EXPECT_EQ (entries[0].credit, makeCredit ("receipt-1", 10));
        EXPECT_EQ (entries[1].credit, makeCredit ("receipt-2", 20));
        EXPECT_EQ (store.points.balance(), 30);

        // Appending stays possible, from any program.
        EXPECT_EQ (runRaw (file, "INSERT INTO points_ledger (at_ms, points, reason, pass_id, friend_key, source) "
                                 "VALUES (1, 2, 'hand-made correction', 'p', zeroblob (32), 'raw-append')"),
                   "");
        EXPECT_EQ (store.points.balance(), 32);
    }
} // namespace earshot
