#include "PassFixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

namespace earshot
{
    namespace
    {
        using namespace test;
        using ::testing::ElementsAre;
        using ::testing::HasSubstr;

        class OutboxStoreTest : public PassFileTest
        {
        };
    } // namespace

    TEST_F (OutboxStoreTest, RemovingAFriendDropsTheirUndeliveredMessagesAndKeepsHistory)
    {
        PassData store (file);
        store.friends.add (makeFriend (1, "Alice"));
        store.friends.add (makeFriend (2, "Bob"));
        store.outbox.enqueue (makeMessage ("to-alice-delivered", 1, t0));
        store.outbox.enqueue (makeMessage ("to-alice-pending", 1, t0 + 1));
        store.outbox.enqueue (makeMessage ("to-bob", 2, t0 + 2));
        store.outbox.markDelivered ("to-alice-delivered", t0 + 10);
        store.inbox.file (makePass ("from-alice", 1, 1, t0));
        store.points.credit (makeCredit ("receipt-from-alice", 5));
        store.uploads.add (keyFor (1), trackIdFor (1), 1000);

        EXPECT_TRUE (store.outbox.removeFriend (keyFor (1)));
        EXPECT_FALSE (store.outbox.removeFriend (keyFor (1)));

        EXPECT_FALSE (store.friends.findByKey (keyFor (1)).has_value());
        EXPECT_FALSE (store.friends.findByName ("Alice").has_value());
        EXPECT_THAT (idsOf (store.outbox.list()), ElementsAre ("to-bob", "to-alice-delivered"));
        EXPECT_THAT (idsOf (store.outbox.due (t0 + 100, 10)), ElementsAre ("to-bob"));
        EXPECT_THAT (idsOf (store.inbox.list()), ElementsAre ("from-alice"));
        EXPECT_EQ (store.points.balance(), 5);
        EXPECT_EQ (store.uploads.uploadedTo (keyFor (1)), 1000);

        // Their name is free again.
        EXPECT_TRUE (store.friends.add (makeFriend (3, "alice")));
    }

    //==============================================================================
    TEST_F (OutboxStoreTest, EnqueueIsANoOpForAMessageIdAlreadyEnqueued)
    {
        PassData store (file);
        store.friends.add (makeFriend (1, "Alice"));
        store.friends.add (makeFriend (2, "Bob"));
        const auto message = makeMessage ("m1", 1, t0);

        EXPECT_TRUE (store.outbox.enqueue (message));
        EXPECT_FALSE (store.outbox.enqueue (message));

        auto different = makeMessage ("m1", 2, t0 + 500, MessageKind::receipt);
        EXPECT_FALSE (store.outbox.enqueue (different)) << "the id decides, not the content";

        // Still a no-op once delivered: a delivered message is never queued again.
        store.outbox.markDelivered ("m1", t0 + 1);
        EXPECT_FALSE (store.outbox.enqueue (message));

        const auto outbox = store.outbox.list();
        ASSERT_EQ (outbox.size(), 1u);
        EXPECT_EQ (outbox[0].message, message);
        EXPECT_EQ (outbox[0].state(), DeliveryState::delivered);
    }

    TEST_F (OutboxStoreTest, EnqueueRefusesAMessageForSomeoneWhoIsNotAFriend)
    {
        PassData store (file);
        store.friends.add (makeFriend (1, "Alice"));

        try
        {
            store.outbox.enqueue (makeMessage ("m1", 2, t0));
            FAIL() << "expected std::invalid_argument";
        }
        catch (const std::invalid_argument& e)
        {
            EXPECT_THAT (e.what(), HasSubstr ("not a friend"));
            EXPECT_THAT (e.what(), HasSubstr ("m1"));
        }

        EXPECT_THROW (store.outbox.enqueue (makeMessage ("", 1, t0)), std::invalid_argument);
        EXPECT_THROW (store.outbox.enqueue (makeMessage ("m2", 1, -5)), std::invalid_argument);
        EXPECT_TRUE (store.outbox.list().empty());
    }

    TEST_F (OutboxStoreTest, AnEnqueuedMessageRoundTripsAndIsDueAtOnce)
    {
        PassData store (file);
        store.friends.add (makeFriend (1, "Alice"));
        const auto receipt = makeMessage ("r1", 1, t0, MessageKind::receipt);
        store.outbox.enqueue (receipt);

        EXPECT_TRUE (store.outbox.due (t0 - 1, 10).empty()) << "not before it was made";

        const auto due = store.outbox.due (t0, 10);
        ASSERT_EQ (due.size(), 1u);
        EXPECT_EQ (due[0].message, receipt);
        EXPECT_EQ (due[0].attempts, 0);
        EXPECT_EQ (due[0].nextAttemptAtMs, t0);
        EXPECT_EQ (due[0].lastError, "");
        EXPECT_FALSE (due[0].deliveredAtMs.has_value());
        EXPECT_EQ (due[0].state(), DeliveryState::waiting);
    }

    TEST_F (OutboxStoreTest, DueGivesUndeliveredMessagesWhoseTimeHasComeOldestFirstUpToTheLimit)
    {
        PassData store (file);
        store.friends.add (makeFriend (1, "Alice"));
        store.friends.add (makeFriend (2, "Bob"));
        // Enqueued out of creation order; two with the same time keep the order they came in.
        store.outbox.enqueue (makeMessage ("c", 1, t0 + 30));
        store.outbox.enqueue (makeMessage ("a", 2, t0 + 10));
        store.outbox.enqueue (makeMessage ("b1", 1, t0 + 20));
        store.outbox.enqueue (makeMessage ("b2", 2, t0 + 20));
        store.outbox.enqueue (makeMessage ("future", 1, t0 + 1000));
        store.outbox.enqueue (makeMessage ("delivered", 1, t0));
        store.outbox.markDelivered ("delivered", t0 + 1);

        EXPECT_THAT (idsOf (store.outbox.due (t0 + 100, 10)), ElementsAre ("a", "b1", "b2", "c"));
        EXPECT_THAT (idsOf (store.outbox.due (t0 + 100, 2)), ElementsAre ("a", "b1"));
        EXPECT_THAT (idsOf (store.outbox.due (t0 + 1000, 10)), ElementsAre ("a", "b1", "b2", "c", "future"));

        // A message that failed waits, and the others move up.
        store.outbox.markAttemptFailed ("a", t0 + 100, "connection refused");
        EXPECT_THAT (idsOf (store.outbox.due (t0 + 100, 2)), ElementsAre ("b1", "b2"));

        EXPECT_THROW ((void) store.outbox.due (t0, 0), std::invalid_argument);
        EXPECT_THROW ((void) store.outbox.due (t0, -1), std::invalid_argument);
    }

    TEST_F (OutboxStoreTest, RetryDelaysDoubleFromOneSecondUpToOneMinute)
    {
        static_assert (OutboxStore::retryDelayMs (1) == 1000);
        static_assert (OutboxStore::retryDelayMs (7) == 60000);

        const std::int64_t expected[] { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000 };

        for (int attempts = 1; attempts <= 9; ++attempts)
            EXPECT_EQ (OutboxStore::retryDelayMs (attempts), expected[attempts - 1]) << attempts << " failed attempts";

        EXPECT_EQ (OutboxStore::retryDelayMs (64), 60000) << "no overflow";
        EXPECT_EQ (OutboxStore::retryDelayMs (std::numeric_limits<int>::max()), 60000);
    }

    TEST_F (OutboxStoreTest, EachFailedAttemptPostponesTheMessageOnTheBackoffSchedule)
    {
        PassData store (file);
        store.friends.add (makeFriend (1, "Alice"));
        store.outbox.enqueue (makeMessage ("m", 1, t0));

        const std::int64_t delays[] { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000 };
        auto now = t0;

        for (int failure = 1; failure <= 10; ++failure)
        {
            ASSERT_EQ (store.outbox.due (now, 10).size(), 1u) << "failure " << failure;
            const auto error = "timed out #" + std::to_string (failure);
            EXPECT_TRUE (store.outbox.markAttemptFailed ("m", now, error));

            const auto delay = delays[failure - 1];
            const auto state = store.outbox.list().at (0);
            EXPECT_EQ (state.attempts, failure);
            EXPECT_EQ (state.nextAttemptAtMs, now + delay);
            EXPECT_EQ (state.lastError, error);
            EXPECT_EQ (state.state(), DeliveryState::retrying);

            EXPECT_TRUE (store.outbox.due (now + delay - 1, 10).empty()) << "failure " << failure;
            EXPECT_EQ (store.outbox.due (now + delay, 10).size(), 1u) << "failure " << failure;

            // The daemon retries a little late, as a real one would.
            now += delay + 250;
        }
    }

    TEST_F (OutboxStoreTest, ADeliveredMessageIsNeverDueAgainAndKeepsItsFirstDeliveryTime)
    {
        PassData store (file);
        store.friends.add (makeFriend (1, "Alice"));
        store.outbox.enqueue (makeMessage ("m", 1, t0));
        store.outbox.markAttemptFailed ("m", t0, "connection refused");

        EXPECT_TRUE (store.outbox.markDelivered ("m", t0 + 5000));
        EXPECT_FALSE (store.outbox.markDelivered ("m", t0 + 9000));
        EXPECT_FALSE (store.outbox.markAttemptFailed ("m", t0 + 9000, "late failure report")) << "must not resurrect it";

        EXPECT_TRUE (store.outbox.due (t0 + 10'000'000, 10).empty());
        const auto state = store.outbox.list().at (0);
        EXPECT_EQ (state.deliveredAtMs, t0 + 5000);
        EXPECT_EQ (state.attempts, 1);
        EXPECT_EQ (state.lastError, "connection refused");
        EXPECT_EQ (state.state(), DeliveryState::delivered);

        EXPECT_FALSE (store.outbox.markDelivered ("no such message", t0));
        EXPECT_FALSE (store.outbox.markAttemptFailed ("no such message", t0, "x"));
        EXPECT_THROW (store.outbox.markDelivered ("m", -1), std::invalid_argument);
    }

    TEST_F (OutboxStoreTest, ListOutboxShowsEveryMessageNewestFirstWithItsState)
    {
        PassData store (file);
        store.friends.add (makeFriend (1, "Alice"));
        store.outbox.enqueue (makeMessage ("oldest", 1, t0));
        store.outbox.enqueue (makeMessage ("middle", 1, t0 + 10));
        store.outbox.enqueue (makeMessage ("newest", 1, t0 + 20, MessageKind::receipt));
        store.outbox.markDelivered ("oldest", t0 + 1);
        store.outbox.markAttemptFailed ("middle", t0 + 11, "host unreachable");

        const auto outbox = store.outbox.list();

        ASSERT_THAT (idsOf (outbox), ElementsAre ("newest", "middle", "oldest"));
        EXPECT_EQ (outbox[0].state(), DeliveryState::waiting);
        EXPECT_EQ (outbox[0].message.kind, MessageKind::receipt);
        EXPECT_EQ (outbox[1].state(), DeliveryState::retrying);
        EXPECT_EQ (outbox[1].lastError, "host unreachable");
        EXPECT_EQ (outbox[2].state(), DeliveryState::delivered);
        EXPECT_EQ (outbox[2].message, makeMessage ("oldest", 1, t0));
    }

    TEST_F (OutboxStoreTest, AFailedMessageIsNeverDueAgainAndKeepsWhyAcrossAReopen)
    {
        {
            PassData store (file);
            store.friends.add (makeFriend (1, "Alice"));
            store.outbox.enqueue (makeMessage ("refused", 1, t0));
            store.outbox.enqueue (makeMessage ("later", 1, t0 + 1));
            store.outbox.markAttemptFailed ("refused", t0 + 2, "connection refused");

            EXPECT_TRUE (store.outbox.markFailed ("refused", t0 + 3, "the note is 2097152 bytes; a pass's note holds at most 4096"));
            EXPECT_FALSE (store.outbox.markFailed ("no such message", t0, "x"));
        }
        PassData reopened (file);
        const auto due = reopened.outbox.due (t0 + 100LL * 365 * 24 * 60 * 60 * 1000, 10);
        ASSERT_THAT (idsOf (due), ElementsAre ("later")) << "a failed message is never due, even a century later";

        const auto failed = reopened.outbox.list().at (1);
        ASSERT_EQ (failed.message.messageId, "refused");
        EXPECT_EQ (failed.state(), DeliveryState::failed);
        EXPECT_EQ (failed.attempts, 2);
        EXPECT_EQ (failed.lastError, "the note is 2097152 bytes; a pass's note holds at most 4096");
    }
} // namespace earshot
