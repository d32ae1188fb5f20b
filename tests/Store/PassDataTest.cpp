#include "OlderSchemas.h"
#include "PassFixtures.h"
#include "Store/TrackStore.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace earshot
{
    namespace
    {
        using namespace test;
        using ::testing::ElementsAre;
        using ::testing::HasSubstr;

        class PassDataTest : public PassFileTest
        {
        };
    } // namespace

    TEST_F (PassDataTest, EverythingIsThereAfterReopeningTheFile)
    {
        {
            PassData store (file);
            store.friends.add (makeFriend (1, "Alice"));
            store.outbox.enqueue (makeMessage ("out-1", 1, t0));
            store.outbox.enqueue (makeMessage ("out-2", 1, t0 + 1, MessageKind::receipt));
            store.outbox.markAttemptFailed ("out-1", t0 + 2, "refused");
            store.outbox.markDelivered ("out-2", t0 + 3);
            store.inbox.file (makePass ("in-1", 1, 1, t0));
            store.inbox.markRead ("in-1");
            store.inbox.recordListening ("in-1", 42000);
            store.inbox.markReceiptSent ("in-1");
            store.inbox.rememberMessage (keyFor (1), "in-1", t0);
            store.points.credit (makeCredit ("receipt-1", 10));
            store.points.credit (makeCredit ("correction-1", -4));
            store.uploads.add (keyFor (1), trackIdFor (1), 123456);
            // The daemon stops here: the store goes away as it does at a restart.
        }

        PassData store (file);

        EXPECT_THAT (store.friends.list(), ElementsAre (makeFriend (1, "Alice")));

        const auto outbox = store.outbox.list();
        ASSERT_THAT (idsOf (outbox), ElementsAre ("out-2", "out-1"));
        EXPECT_EQ (outbox[0].state(), DeliveryState::delivered);
        EXPECT_EQ (outbox[0].deliveredAtMs, t0 + 3);
        EXPECT_EQ (outbox[1].attempts, 1);
        EXPECT_EQ (outbox[1].nextAttemptAtMs, t0 + 2 + 1000);
        EXPECT_EQ (outbox[1].lastError, "refused");
        EXPECT_FALSE (store.outbox.enqueue (makeMessage ("out-1", 1, t0))) << "still known after the restart";

        const auto pass = store.inbox.find ("in-1");
        ASSERT_TRUE (pass.has_value());
        EXPECT_EQ (pass->pass, makePass ("in-1", 1, 1, t0));
        EXPECT_TRUE (pass->read);
        EXPECT_EQ (pass->listenedMs, 42000);
        EXPECT_TRUE (pass->receiptSent);
        EXPECT_FALSE (store.inbox.file (makePass ("in-1", 1, 1, t0)));

        EXPECT_FALSE (store.inbox.rememberMessage (keyFor (1), "in-1", t0));
        EXPECT_FALSE (store.points.credit (makeCredit ("receipt-1", 10)));
        EXPECT_EQ (store.points.balance(), 6);
        EXPECT_EQ (store.points.entries().size(), 2u);
        EXPECT_EQ (store.uploads.uploadedTo (keyFor (1)), 123456);
    }

    TEST_F (PassDataTest, TwoStoresOnOneFileSeeEachOthersWrites)
    {
        // As earshotd and a second process (a CLI, a backup) would.
        PassData first (file);
        PassData second (file);

        first.friends.add (makeFriend (1, "Alice"));
        EXPECT_EQ (second.friends.findByName ("alice"), makeFriend (1, "Alice"));
        EXPECT_THROW (second.friends.add (makeFriend (2, "ALICE")), std::invalid_argument);

        second.outbox.enqueue (makeMessage ("m1", 1, t0));
        EXPECT_FALSE (first.outbox.enqueue (makeMessage ("m1", 1, t0)));
        EXPECT_EQ (first.outbox.due (t0, 10).size(), 1u);
        first.outbox.markDelivered ("m1", t0 + 1);
        EXPECT_TRUE (second.outbox.due (t0 + 100, 10).empty());

        first.inbox.file (makePass ("p1", 1, 1, t0));
        EXPECT_FALSE (second.inbox.file (makePass ("p1", 1, 1, t0)));
        second.inbox.markRead ("p1");
        EXPECT_EQ (first.inbox.unreadCount(), 0);

        EXPECT_TRUE (first.inbox.rememberMessage (keyFor (1), "p1", t0));
        EXPECT_FALSE (second.inbox.rememberMessage (keyFor (1), "p1", t0));

        EXPECT_TRUE (second.points.credit (makeCredit ("receipt-1", 10)));
        EXPECT_FALSE (first.points.credit (makeCredit ("receipt-1", 10)));
        EXPECT_EQ (first.points.balance(), 10);

        first.uploads.add (keyFor (1), trackIdFor (1), 100);
        second.uploads.add (keyFor (1), trackIdFor (1), 100);
        EXPECT_EQ (first.uploads.uploadedTo (keyFor (1)), 200);
    }

    TEST_F (PassDataTest, StoresOnOneFileCreditingTheSameReceiptsAtOnceCreditEachOnce)
    {
        // Two daemons' worth of threads race to credit overlapping receipts: each must land
        // exactly once, and the balance must be their sum.
        PassData first (file);
        PassData second (file);
        constexpr int threadCount = 4;
        constexpr int receipts = 40;
        std::atomic<int> credited { 0 };
        std::atomic<int> failures { 0 };
        std::vector<std::thread> threads;

        const auto work = [&] (PassData& store)
        {
            try
            {
                for (int i = 0; i < receipts; ++i)
                {
                    if (store.points.credit (makeCredit ("receipt-" + std::to_string (i), i + 1)))
                        ++credited;

                    store.uploads.add (keyFor (1), trackIdFor (i % 3), 10);
                }
            }
            catch (const std::exception& e)
            {
                ADD_FAILURE() << e.what();
                ++failures;
            }
        };

        for (int t = 0; t < threadCount; ++t)
            threads.emplace_back (work, std::ref (t % 2 == 0 ? first : second));

        for (auto& thread : threads)
            thread.join();

        EXPECT_EQ (failures.load(), 0);
        EXPECT_EQ (credited.load(), receipts);
        EXPECT_EQ (first.points.entries().size(), static_cast<std::size_t> (receipts));
        EXPECT_EQ (second.points.balance(), receipts * (receipts + 1) / 2);
        EXPECT_EQ (first.points.balance(), sumOf (second.points.entries()));
        EXPECT_EQ (second.uploads.uploadedTo (keyFor (1)), threadCount * receipts * 10) << "no lost update";
    }

    TEST_F (PassDataTest, SharesTheLibrarysFileWithLibraryStore)
    {
        TrackStore library (file);
        PassData passes (file);

        TrackRecord track;
        track.manifest.infoHashHex = trackIdFor (1);
        library.putTrack (track);
        passes.inbox.file (makePass ("p1", 1, 1, t0));

        EXPECT_EQ (library.findTrack (trackIdFor (1)), track);
        EXPECT_EQ (passes.inbox.findByTrack (trackIdFor (1)).size(), 1u);

        // And each survives the other being reopened.
        PassData reopened (file);
        EXPECT_EQ (reopened.inbox.list().size(), 1u);
        EXPECT_EQ (TrackStore (file).listTracks().size(), 1u);
    }

    TEST_F (PassDataTest, ALibraryWrittenBeforePassesExistedGainsThePassTablesAndKeepsItsTracks)
    {
        TrackRecord track;
        track.manifest.infoHashHex = trackIdFor (1);

        {
            TrackStore library (file);
            library.putTrack (track);
        }

        // Make it a version 1 file, as an earshotd from before passes left it: version 2 only
        // added tables, so dropping them (the triggers go with their table) is exactly that, and
        // version 3 only added two columns to tracks.
        ASSERT_EQ (runRaw (file, test::undoSchemaVersion12), "");
        ASSERT_EQ (runRaw (file, test::undoSchemaVersion9), "");
        ASSERT_EQ (runRaw (file, test::undoSchemaVersion8), "");
        ASSERT_EQ (runRaw (file, test::undoSchemaVersion7), "");
        ASSERT_EQ (runRaw (file, test::undoSchemaVersion6), "");
        ASSERT_EQ (runRaw (file, test::undoSchemaVersion5), "");
        ASSERT_EQ (runRaw (file, test::undoSchemaVersion4), "");
        ASSERT_EQ (runRaw (file, "DROP TABLE friends; DROP TABLE outbox; DROP TABLE inbox; DROP TABLE seen_messages; "
                                 "DROP TABLE points_ledger; DROP TABLE uploaded_bytes; "
                                 "ALTER TABLE tracks DROP COLUMN bpm; ALTER TABLE tracks DROP COLUMN musical_key; "
                                 "PRAGMA user_version = 1;"),
                   "");
        ASSERT_EQ (queryRaw (file, "SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'points_ledger'"), 0);

        PassData passes (file);
        EXPECT_TRUE (passes.points.credit (makeCredit ("receipt-1", 3)));
        EXPECT_THAT (runRaw (file, "DELETE FROM points_ledger"), HasSubstr ("append-only")) << "the triggers came back";
        EXPECT_EQ (queryRaw (file, "PRAGMA user_version"), Database::currentSchemaVersion);
        EXPECT_EQ (TrackStore (file).findTrack (trackIdFor (1)), track);
    }
} // namespace earshot
