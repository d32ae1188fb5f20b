#include "PassFixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

namespace earshot
{
    namespace
    {
        using namespace test;
        using ::testing::ElementsAre;
        using ::testing::IsEmpty;

        /** Steps of every pass store, made inside a caller's transaction. */
        void addToEveryStore (PassData& store)
        {
            store.friends.add (makeFriend (1, "Alice"));
            store.outbox.enqueue (makeMessage ("to-alice", 1, t0));
            store.inbox.file (makePass ("from-alice", 1, 1, t0));
            store.points.credit (makeCredit ("receipt-1", 5));
            store.uploads.add (keyFor (1), trackIdFor (1), 1000);
        }

        class SharedDatabaseTest : public PassFileTest
        {
        };
    } // namespace

    TEST_F (SharedDatabaseTest, StepsOfSeveralStoresInOneTransactionCommitTogether)
    {
        PassData store (file);

        store.database.transaction ([&] (Database&)
                                    { addToEveryStore (store); });

        PassData reopened (file);
        EXPECT_THAT (reopened.friends.list(), ElementsAre (makeFriend (1, "Alice")));
        EXPECT_THAT (idsOf (reopened.outbox.list()), ElementsAre ("to-alice"));
        EXPECT_THAT (idsOf (reopened.inbox.list()), ElementsAre ("from-alice"));
        EXPECT_EQ (reopened.points.balance(), 5);
        EXPECT_EQ (reopened.uploads.uploadedTo (keyFor (1)), 1000);
    }

    TEST_F (SharedDatabaseTest, AFailureAfterSeveralStoresStepsUndoesThemAll)
    {
        PassData store (file);

        // A store's own refusal (Bob is no friend) undoes the steps the other stores made before it.
        const auto refused = [&] (Database&)
        {
            addToEveryStore (store);
            store.outbox.enqueue (makeMessage ("to-bob", 2, t0));
        };
        EXPECT_THROW (store.database.transaction (refused), std::invalid_argument);

        EXPECT_THAT (store.friends.list(), IsEmpty());
        EXPECT_THAT (store.outbox.list(), IsEmpty());
        EXPECT_THAT (store.inbox.list(), IsEmpty());
        EXPECT_EQ (store.points.balance(), 0);
        EXPECT_EQ (store.uploads.uploadedTo (keyFor (1)), 0);

        // So does any exception of the caller's own, and the database is usable afterwards.
        const auto failing = [&] (Database&)
        {
            addToEveryStore (store);
            throw std::runtime_error ("the caller changed its mind");
        };
        EXPECT_THROW (store.database.transaction (failing), std::runtime_error);
        EXPECT_THAT (store.friends.list(), IsEmpty());
        EXPECT_EQ (store.points.entries().size(), 0u);

        EXPECT_TRUE (store.friends.add (makeFriend (1, "Alice")));
        EXPECT_TRUE (store.outbox.enqueue (makeMessage ("to-alice", 1, t0)));
    }

    TEST_F (SharedDatabaseTest, AStepThatFailsInsideATransactionUndoesOnlyItselfWhenTheCallerCarriesOn)
    {
        PassData store (file);

        const auto carryOn = [&] (Database&)
        {
            store.friends.add (makeFriend (1, "Alice"));
            EXPECT_THROW (store.outbox.enqueue (makeMessage ("to-bob", 2, t0)), std::invalid_argument);
            store.outbox.enqueue (makeMessage ("to-alice", 1, t0));
        };
        store.database.transaction (carryOn);

        EXPECT_THAT (store.friends.list(), ElementsAre (makeFriend (1, "Alice")));
        EXPECT_THAT (idsOf (store.outbox.list()), ElementsAre ("to-alice"));
    }

    TEST_F (SharedDatabaseTest, AnotherConnectionNeverSeesHalfATransaction)
    {
        // As a second process would: its own connection to the same file.
        PassData writer (file);
        PassData reader (file);
        std::mutex mutex;
        std::condition_variable changed;
        bool halfDone = false;
        bool looked = false;
        std::optional<Friend> seenMidway;
        std::vector<std::string> outboxMidway;

        const auto lookMidway = [&]
        {
            std::unique_lock lock (mutex);
            changed.wait (lock, [&]
                          { return halfDone; });
            seenMidway = reader.friends.findByKey (keyFor (1));
            outboxMidway = idsOf (reader.outbox.list());
            looked = true;
            changed.notify_all();
        };
        std::thread other (lookMidway);

        const auto addAndWaitForTheLook = [&] (Database&)
        {
            writer.friends.add (makeFriend (1, "Alice"));
            writer.outbox.enqueue (makeMessage ("to-alice", 1, t0));
            std::unique_lock lock (mutex);
            halfDone = true;
            changed.notify_all();
            changed.wait (lock, [&]
                          { return looked; });
        };
        writer.database.transaction (addAndWaitForTheLook);

        other.join();
        EXPECT_FALSE (seenMidway.has_value()) << "the friend was visible before the commit";
        EXPECT_THAT (outboxMidway, IsEmpty());
        EXPECT_EQ (reader.friends.findByKey (keyFor (1)), makeFriend (1, "Alice"));
        EXPECT_THAT (idsOf (reader.outbox.list()), ElementsAre ("to-alice"));
    }

    TEST_F (SharedDatabaseTest, ARemovalRacingEnqueuesLeavesNoOrphanAndLosesNoMessage)
    {
        // Two connections, as the daemon and a second process would have: one keeps enqueueing
        // for Alice (and marks every other message delivered), the other removes her meanwhile.
        PassData enqueuer (file);
        PassData remover (file);
        enqueuer.friends.add (makeFriend (1, "Alice"));
        enqueuer.friends.add (makeFriend (2, "Bob"));
        enqueuer.outbox.enqueue (makeMessage ("to-bob", 2, t0));

        constexpr int acceptedBeforeRemoval = 20;
        constexpr int maxAttempts = 100000;
        std::atomic<int> accepted { 0 };
        std::atomic<bool> enqueuerDone { false };
        std::vector<std::string> delivered;
        bool refused = false;

        const auto enqueueUntilRefused = [&]
        {
            try
            {
                for (int i = 0; i < maxAttempts; ++i)
                {
                    const auto id = "m" + std::to_string (i);

                    try
                    {
                        if (! enqueuer.outbox.enqueue (makeMessage (id, 1, t0 + i)))
                        {
                            ADD_FAILURE() << id << " was taken for one enqueued before";
                            break;
                        }
                    }
                    catch (const std::invalid_argument&)
                    {
                        refused = true; // Alice is gone
                        break;
                    }

                    // false when the removal dropped it in between: then it was never delivered.
                    if (i % 2 == 0 && enqueuer.outbox.markDelivered (id, t0 + i))
                        delivered.push_back (id);

                    ++accepted;
                }
            }
            catch (const std::exception& e)
            {
                ADD_FAILURE() << e.what();
            }

            enqueuerDone = true;
        };
        std::thread enqueueing (enqueueUntilRefused);

        while (accepted.load() < acceptedBeforeRemoval && ! enqueuerDone.load())
            std::this_thread::yield();

        EXPECT_TRUE (remover.outbox.removeFriend (keyFor (1)));
        enqueueing.join();

        EXPECT_TRUE (refused) << "an enqueue after the removal must be refused";
        EXPECT_GE (accepted.load(), acceptedBeforeRemoval);
        EXPECT_THAT (idsOf (remover.outbox.due (t0 + maxAttempts, maxAttempts)), ElementsAre ("to-bob"))
            << "no undelivered message for Alice is left behind";

        // Every delivered message is history and stays; nothing else of Alice's is left.
        std::vector<std::string> aliceMessages;

        for (const auto& message : remover.outbox.list())
            if (message.message.recipientKey == keyFor (1))
                aliceMessages.push_back (message.message.messageId);

        std::sort (aliceMessages.begin(), aliceMessages.end());
        std::sort (delivered.begin(), delivered.end());
        EXPECT_EQ (aliceMessages, delivered);
    }
} // namespace earshot
