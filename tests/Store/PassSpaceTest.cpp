#include "OlderSchemas.h"
#include "PassFixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        using namespace test;
        using ::testing::ElementsAre;

        class PassSpaceTest : public PassFileTest
        {
        protected:
            /** The file's size on disk with its WAL: what the user sees the database take. */
            [[nodiscard]] std::uintmax_t bytesOnDisk() const
            {
                auto wal = file;
                wal += "-wal";
                return std::filesystem::file_size (file) + (std::filesystem::exists (wal) ? std::filesystem::file_size (wal) : 0);
            }

            /** A pass of about a mebibyte, as a friend at their limit sends. */
            static InboxStore::IncomingPass largePass (int index)
            {
                auto pass = makePass ("large-" + std::to_string (index), 1, 1, t0 + index);
                pass.passBytes.assign (1024 * 1024, static_cast<char> ('a' + index % 26));
                return pass;
            }

            static constexpr std::int64_t mebibyte = 1024 * 1024;
        };
    } // namespace

    TEST_F (PassSpaceTest, AFileFromSchemaTenGainsTheIndexesAndKeepsItsPassesAndOutbox)
    {
        {
            PassData store (file);
            store.friends.add (makeFriend (1, "alice"));
            store.outbox.enqueue (makeMessage ("to-alice", 1, t0));
            store.outbox.markAttemptFailed ("to-alice", t0 + 1, "connection refused");
            store.inbox.file (makePass ("from-alice", 1, 1, t0));
        }
        ASSERT_EQ (runRaw (file, undoSchemaVersion12), "");
        ASSERT_EQ (runRaw (file, undoSchemaVersion11), "");
        ASSERT_EQ (queryRaw (file, "SELECT count(*) FROM sqlite_schema WHERE name = 'inbox_by_sender'"), 0);

        PassData store (file);
        EXPECT_EQ (queryRaw (file, "PRAGMA user_version"), Database::currentSchemaVersion);
        EXPECT_EQ (queryRaw (file, "SELECT count(*) FROM sqlite_schema WHERE name IN ('inbox_by_sender', 'inbox_by_time', 'outbox_by_time')"), 3);
        EXPECT_EQ (store.outbox.find ("to-alice")->state(), DeliveryState::retrying) << "a message failed before is not held";
        EXPECT_THAT (idsOf (store.inbox.listPage (std::nullopt, 10, mebibyte).passes), ElementsAre ("from-alice"));
        EXPECT_EQ (store.inbox.usageOf (keyFor (1)).passes, 1);
    }

    TEST_F (PassSpaceTest, ReplayingVersionElevenOverAFileThatHasItChangesNothing)
    {
        // Older files are made by undoing versions down to an earlier one; the indexes stay, and
        // the migrations replayed from there must not trip on them.
        {
            PassData store (file);
        }
        ASSERT_EQ (runRaw (file, undoSchemaVersion12), "");
        ASSERT_EQ (runRaw (file, "PRAGMA user_version = 10"), "");
        PassData store (file);
        EXPECT_EQ (queryRaw (file, "PRAGMA user_version"), Database::currentSchemaVersion);
    }

    TEST_F (PassSpaceTest, DeletedPassesGiveTheirSpaceBackOnceReclaimed)
    {
        PassData store (file);
        for (int i = 0; i < 12; ++i)
            store.inbox.file (largePass (i));
        store.inbox.file (makePass ("small", 2, 1, t0 + 100));
        ASSERT_EQ (runRaw (file, "PRAGMA wal_checkpoint (TRUNCATE)"), "");
        const auto peak = bytesOnDisk();
        ASSERT_GT (peak, static_cast<std::uintmax_t> (12 * mebibyte)) << "each pass takes a mebibyte";

        EXPECT_EQ (store.inbox.removeFrom (keyFor (1)), 12);
        EXPECT_GE (bytesOnDisk(), peak) << "SQLite keeps freed pages in the file";

        // Too little free to be worth rewriting the file for: nothing happens.
        EXPECT_EQ (store.database.reclaimSpace (1000 * mebibyte), 0);
        EXPECT_GE (bytesOnDisk(), peak);

        const auto freed = store.database.reclaimSpace (4 * mebibyte);
        EXPECT_GT (freed, 11 * mebibyte);
        EXPECT_LT (bytesOnDisk(), static_cast<std::uintmax_t> (2 * mebibyte)) << "peak was " << peak;
        EXPECT_THAT (idsOf (store.inbox.list()), ElementsAre ("small")) << "what was kept is still there";
        EXPECT_EQ (store.database.reclaimSpace (1), 0) << "nothing left to free";
    }
} // namespace earshot
