#include "Store/PassStore.h"

#include "OlderSchemas.h"
#include "Store/LibraryStore.h"
#include "TemporaryDirectory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <thread>

namespace earshot
{
    namespace
    {
        using ::testing::ElementsAre;
        using ::testing::HasSubstr;
        using Friend = PassStore::Friend;
        using PublicKey = PassStore::PublicKey;
        using MessageKind = PassStore::MessageKind;
        using DeliveryState = PassStore::DeliveryState;

        constexpr std::int64_t t0 = 1732233600000; // 2024-11-22, an ordinary "now"

        /** A distinct key for each seed, with a NUL and a high byte so blobs are tested too. */
        PublicKey keyFor (int seed)
        {
            PublicKey key {};

            for (std::size_t i = 0; i < key.size(); ++i)
                key[i] = static_cast<std::uint8_t> (seed * 31 + static_cast<int> (i) * 7);

            key[0] = static_cast<std::uint8_t> (seed);
            key[1] = 0;
            key[2] = 0xff;
            return key;
        }

        std::string trackIdFor (int seed)
        {
            char tail[9];
            std::snprintf (tail, sizeof (tail), "%08x", static_cast<unsigned> (seed));
            return "feedface00000000000000000000000a" + std::string (tail);
        }

        Friend makeFriend (int seed, const std::string& name)
        {
            return { keyFor (seed), name, "friend" + std::to_string (seed) + ".example", static_cast<std::uint16_t> (7000 + seed), t0 + seed };
        }

        PassStore::OutgoingMessage makeMessage (const std::string& id, int recipientSeed, std::int64_t createdAtMs, MessageKind kind = MessageKind::pass)
        {
            // Envelopes are signed binary: NULs and high bytes must come back as they went in.
            return { id, keyFor (recipientSeed), kind, std::string ("env\0\xff", 5) + id, createdAtMs };
        }

        PassStore::IncomingPass makePass (const std::string& id, int senderSeed, int trackSeed, std::int64_t receivedAtMs)
        {
            return { id, keyFor (senderSeed), trackIdFor (trackSeed), std::string ("pass\0\x80", 6) + id, "listen to this — " + id, receivedAtMs };
        }

        PassStore::Credit makeCredit (const std::string& source, std::int64_t points, std::int64_t atMs = t0)
        {
            return { atMs, points, "pass landed", "pass-for-" + source, keyFor (1), source };
        }

        std::vector<std::string> idsOf (const std::vector<PassStore::OutboxMessage>& messages)
        {
            std::vector<std::string> ids;

            for (const auto& message : messages)
                ids.push_back (message.message.messageId);

            return ids;
        }

        std::vector<std::string> idsOf (const std::vector<PassStore::InboxPass>& passes)
        {
            std::vector<std::string> ids;

            for (const auto& pass : passes)
                ids.push_back (pass.pass.messageId);

            return ids;
        }

        std::int64_t sumOf (const std::vector<PassStore::LedgerEntry>& entries)
        {
            return std::accumulate (entries.begin(), entries.end(), std::int64_t { 0 }, [] (std::int64_t sum, const auto& entry)
                                    { return sum + entry.credit.points; });
        }

        /** Runs SQL on a plain SQLite connection, as another program (the sqlite3 shell, a
        careless tool) would; returns SQLite's error message, or "" when it succeeded. */
        std::string runRaw (const std::filesystem::path& file, const std::string& sql)
        {
            sqlite3* connection = nullptr;

            if (sqlite3_open (file.c_str(), &connection) != SQLITE_OK)
            {
                sqlite3_close (connection);
                return "cannot open";
            }

            sqlite3_busy_timeout (connection, 5000);
            char* message = nullptr;
            const auto resultCode = sqlite3_exec (connection, sql.c_str(), nullptr, nullptr, &message);
            std::string error = resultCode == SQLITE_OK ? "" : (message != nullptr ? message : "error");
            sqlite3_free (message);
            sqlite3_close (connection);
            return error;
        }

        /** The first column of the first row, read with a plain connection (a Database would
        migrate the file first); -1 when there is no row or the SQL fails. */
        std::int64_t queryRaw (const std::filesystem::path& file, const std::string& sql)
        {
            sqlite3* connection = nullptr;
            sqlite3_stmt* statement = nullptr;
            std::int64_t value = -1;

            if (sqlite3_open (file.c_str(), &connection) == SQLITE_OK
                && sqlite3_prepare_v2 (connection, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK
                && sqlite3_step (statement) == SQLITE_ROW)
                value = sqlite3_column_int64 (statement, 0);

            sqlite3_finalize (statement);
            sqlite3_close (connection);
            return value;
        }

        class PassStoreTest : public ::testing::Test
        {
        protected:
            test::TemporaryDirectory folder;
            std::filesystem::path file = folder.file ("passes.sqlite");
        };
    } // namespace

    //==============================================================================
    TEST_F (PassStoreTest, AFriendIsFoundByKeyAndByNameIgnoringCase)
    {
        PassStore store (file);
        const auto alice = makeFriend (1, "Alice");

        EXPECT_TRUE (store.addFriend (alice));

        EXPECT_EQ (store.findFriendByKey (keyFor (1)), alice);
        EXPECT_EQ (store.findFriendByName ("Alice"), alice);
        EXPECT_EQ (store.findFriendByName ("aLiCe"), alice);
        EXPECT_FALSE (store.findFriendByName ("Alic").has_value());
        EXPECT_FALSE (store.findFriendByKey (keyFor (2)).has_value());
    }

    TEST_F (PassStoreTest, AddingTheSameKeyAgainChangesNameAndAddressButNotWhenTheyWereAdded)
    {
        PassStore store (file);
        ASSERT_TRUE (store.addFriend (makeFriend (1, "Alice")));

        auto moved = makeFriend (1, "ALICE at home");
        moved.host = "2001:db8::7";
        moved.port = 9999;
        moved.addedAtMs = t0 + 5000;

        EXPECT_FALSE (store.addFriend (moved)) << "an update, not a new friend";

        auto expected = moved;
        expected.addedAtMs = makeFriend (1, "").addedAtMs;
        EXPECT_THAT (store.listFriends(), ElementsAre (expected));
        EXPECT_FALSE (store.findFriendByName ("Alice").has_value());

        // A friend may change the case of their own name.
        moved.name = "alice at home";
        EXPECT_NO_THROW (store.addFriend (moved));
        EXPECT_EQ (store.findFriendByKey (keyFor (1))->name, "alice at home");
    }

    TEST_F (PassStoreTest, ANameAnotherFriendHasIsRefusedIgnoringCaseAndTheErrorNamesIt)
    {
        PassStore store (file);
        ASSERT_TRUE (store.addFriend (makeFriend (1, "Alice")));
        ASSERT_TRUE (store.addFriend (makeFriend (2, "Bob")));

        for (const auto* taken : { "Alice", "alice", "ALICE" })
        {
            try
            {
                store.addFriend (makeFriend (3, taken));
                ADD_FAILURE() << "expected std::invalid_argument for " << taken;
            }
            catch (const std::invalid_argument& e)
            {
                EXPECT_THAT (e.what(), HasSubstr (std::string ("\"") + taken + "\""));
                EXPECT_THAT (e.what(), HasSubstr ("choose another name"));
            }
        }

        // Renaming an existing friend to a taken name is refused too, and changes nothing.
        EXPECT_THROW (store.addFriend (makeFriend (2, "aLICE")), std::invalid_argument);

        EXPECT_FALSE (store.findFriendByKey (keyFor (3)).has_value());
        EXPECT_EQ (store.findFriendByKey (keyFor (2)), makeFriend (2, "Bob"));
        EXPECT_EQ (store.listFriends().size(), 2u);
    }

    TEST_F (PassStoreTest, AFriendNeedsANameAHostAPortAndATime)
    {
        PassStore store (file);
        auto noName = makeFriend (1, "");
        auto noHost = makeFriend (1, "Alice");
        noHost.host = "";
        auto noPort = makeFriend (1, "Alice");
        noPort.port = 0;
        auto badTime = makeFriend (1, "Alice");
        badTime.addedAtMs = -1;

        EXPECT_THROW (store.addFriend (noName), std::invalid_argument);
        EXPECT_THROW (store.addFriend (noHost), std::invalid_argument);
        EXPECT_THROW (store.addFriend (noPort), std::invalid_argument);
        EXPECT_THROW (store.addFriend (badTime), std::invalid_argument);
        EXPECT_TRUE (store.listFriends().empty());
    }

    TEST_F (PassStoreTest, ListFriendsIsOrderedByNameIgnoringCase)
    {
        PassStore store (file);
        store.addFriend (makeFriend (1, "carol"));
        store.addFriend (makeFriend (2, "Bob"));
        store.addFriend (makeFriend (3, "alice"));
        store.addFriend (makeFriend (4, "Dave"));

        std::vector<std::string> names;

        for (const auto& each : store.listFriends())
            names.push_back (each.name);

        EXPECT_THAT (names, ElementsAre ("alice", "Bob", "carol", "Dave"));
    }

    TEST_F (PassStoreTest, RemovingAFriendDropsTheirUndeliveredMessagesAndKeepsHistory)
    {
        PassStore store (file);
        store.addFriend (makeFriend (1, "Alice"));
        store.addFriend (makeFriend (2, "Bob"));
        store.enqueue (makeMessage ("to-alice-delivered", 1, t0));
        store.enqueue (makeMessage ("to-alice-pending", 1, t0 + 1));
        store.enqueue (makeMessage ("to-bob", 2, t0 + 2));
        store.markDelivered ("to-alice-delivered", t0 + 10);
        store.fileIncoming (makePass ("from-alice", 1, 1, t0));
        store.credit (makeCredit ("receipt-from-alice", 5));
        store.addUploaded (keyFor (1), trackIdFor (1), 1000);

        EXPECT_TRUE (store.removeFriend (keyFor (1)));
        EXPECT_FALSE (store.removeFriend (keyFor (1)));

        EXPECT_FALSE (store.findFriendByKey (keyFor (1)).has_value());
        EXPECT_FALSE (store.findFriendByName ("Alice").has_value());
        EXPECT_THAT (idsOf (store.listOutbox()), ElementsAre ("to-bob", "to-alice-delivered"));
        EXPECT_THAT (idsOf (store.due (t0 + 100, 10)), ElementsAre ("to-bob"));
        EXPECT_THAT (idsOf (store.listInbox()), ElementsAre ("from-alice"));
        EXPECT_EQ (store.balance(), 5);
        EXPECT_EQ (store.uploadedTo (keyFor (1)), 1000);

        // Their name is free again.
        EXPECT_TRUE (store.addFriend (makeFriend (3, "alice")));
    }

    //==============================================================================
    TEST_F (PassStoreTest, EnqueueIsANoOpForAMessageIdAlreadyEnqueued)
    {
        PassStore store (file);
        store.addFriend (makeFriend (1, "Alice"));
        store.addFriend (makeFriend (2, "Bob"));
        const auto message = makeMessage ("m1", 1, t0);

        EXPECT_TRUE (store.enqueue (message));
        EXPECT_FALSE (store.enqueue (message));

        auto different = makeMessage ("m1", 2, t0 + 500, MessageKind::receipt);
        EXPECT_FALSE (store.enqueue (different)) << "the id decides, not the content";

        // Still a no-op once delivered: a delivered message is never queued again.
        store.markDelivered ("m1", t0 + 1);
        EXPECT_FALSE (store.enqueue (message));

        const auto outbox = store.listOutbox();
        ASSERT_EQ (outbox.size(), 1u);
        EXPECT_EQ (outbox[0].message, message);
        EXPECT_EQ (outbox[0].state(), DeliveryState::delivered);
    }

    TEST_F (PassStoreTest, EnqueueRefusesAMessageForSomeoneWhoIsNotAFriend)
    {
        PassStore store (file);
        store.addFriend (makeFriend (1, "Alice"));

        try
        {
            store.enqueue (makeMessage ("m1", 2, t0));
            FAIL() << "expected std::invalid_argument";
        }
        catch (const std::invalid_argument& e)
        {
            EXPECT_THAT (e.what(), HasSubstr ("not a friend"));
            EXPECT_THAT (e.what(), HasSubstr ("m1"));
        }

        EXPECT_THROW (store.enqueue (makeMessage ("", 1, t0)), std::invalid_argument);
        EXPECT_THROW (store.enqueue (makeMessage ("m2", 1, -5)), std::invalid_argument);
        EXPECT_TRUE (store.listOutbox().empty());
    }

    TEST_F (PassStoreTest, AnEnqueuedMessageRoundTripsAndIsDueAtOnce)
    {
        PassStore store (file);
        store.addFriend (makeFriend (1, "Alice"));
        const auto receipt = makeMessage ("r1", 1, t0, MessageKind::receipt);
        store.enqueue (receipt);

        EXPECT_TRUE (store.due (t0 - 1, 10).empty()) << "not before it was made";

        const auto due = store.due (t0, 10);
        ASSERT_EQ (due.size(), 1u);
        EXPECT_EQ (due[0].message, receipt);
        EXPECT_EQ (due[0].attempts, 0);
        EXPECT_EQ (due[0].nextAttemptAtMs, t0);
        EXPECT_EQ (due[0].lastError, "");
        EXPECT_FALSE (due[0].deliveredAtMs.has_value());
        EXPECT_EQ (due[0].state(), DeliveryState::waiting);
    }

    TEST_F (PassStoreTest, DueGivesUndeliveredMessagesWhoseTimeHasComeOldestFirstUpToTheLimit)
    {
        PassStore store (file);
        store.addFriend (makeFriend (1, "Alice"));
        store.addFriend (makeFriend (2, "Bob"));
        // Enqueued out of creation order; two with the same time keep the order they came in.
        store.enqueue (makeMessage ("c", 1, t0 + 30));
        store.enqueue (makeMessage ("a", 2, t0 + 10));
        store.enqueue (makeMessage ("b1", 1, t0 + 20));
        store.enqueue (makeMessage ("b2", 2, t0 + 20));
        store.enqueue (makeMessage ("future", 1, t0 + 1000));
        store.enqueue (makeMessage ("delivered", 1, t0));
        store.markDelivered ("delivered", t0 + 1);

        EXPECT_THAT (idsOf (store.due (t0 + 100, 10)), ElementsAre ("a", "b1", "b2", "c"));
        EXPECT_THAT (idsOf (store.due (t0 + 100, 2)), ElementsAre ("a", "b1"));
        EXPECT_THAT (idsOf (store.due (t0 + 1000, 10)), ElementsAre ("a", "b1", "b2", "c", "future"));

        // A message that failed waits, and the others move up.
        store.markAttemptFailed ("a", t0 + 100, "connection refused");
        EXPECT_THAT (idsOf (store.due (t0 + 100, 2)), ElementsAre ("b1", "b2"));

        EXPECT_THROW ((void) store.due (t0, 0), std::invalid_argument);
        EXPECT_THROW ((void) store.due (t0, -1), std::invalid_argument);
    }

    TEST_F (PassStoreTest, RetryDelaysDoubleFromOneSecondUpToOneMinute)
    {
        static_assert (PassStore::retryDelayMs (1) == 1000);
        static_assert (PassStore::retryDelayMs (7) == 60000);

        const std::int64_t expected[] { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000 };

        for (int attempts = 1; attempts <= 9; ++attempts)
            EXPECT_EQ (PassStore::retryDelayMs (attempts), expected[attempts - 1]) << attempts << " failed attempts";

        EXPECT_EQ (PassStore::retryDelayMs (64), 60000) << "no overflow";
        EXPECT_EQ (PassStore::retryDelayMs (std::numeric_limits<int>::max()), 60000);
    }

    TEST_F (PassStoreTest, EachFailedAttemptPostponesTheMessageOnTheBackoffSchedule)
    {
        PassStore store (file);
        store.addFriend (makeFriend (1, "Alice"));
        store.enqueue (makeMessage ("m", 1, t0));

        const std::int64_t delays[] { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000 };
        auto now = t0;

        for (int failure = 1; failure <= 10; ++failure)
        {
            ASSERT_EQ (store.due (now, 10).size(), 1u) << "failure " << failure;
            const auto error = "timed out #" + std::to_string (failure);
            EXPECT_TRUE (store.markAttemptFailed ("m", now, error));

            const auto delay = delays[failure - 1];
            const auto state = store.listOutbox().at (0);
            EXPECT_EQ (state.attempts, failure);
            EXPECT_EQ (state.nextAttemptAtMs, now + delay);
            EXPECT_EQ (state.lastError, error);
            EXPECT_EQ (state.state(), DeliveryState::retrying);

            EXPECT_TRUE (store.due (now + delay - 1, 10).empty()) << "failure " << failure;
            EXPECT_EQ (store.due (now + delay, 10).size(), 1u) << "failure " << failure;

            // The daemon retries a little late, as a real one would.
            now += delay + 250;
        }
    }

    TEST_F (PassStoreTest, ADeliveredMessageIsNeverDueAgainAndKeepsItsFirstDeliveryTime)
    {
        PassStore store (file);
        store.addFriend (makeFriend (1, "Alice"));
        store.enqueue (makeMessage ("m", 1, t0));
        store.markAttemptFailed ("m", t0, "connection refused");

        EXPECT_TRUE (store.markDelivered ("m", t0 + 5000));
        EXPECT_FALSE (store.markDelivered ("m", t0 + 9000));
        EXPECT_FALSE (store.markAttemptFailed ("m", t0 + 9000, "late failure report")) << "must not resurrect it";

        EXPECT_TRUE (store.due (t0 + 10'000'000, 10).empty());
        const auto state = store.listOutbox().at (0);
        EXPECT_EQ (state.deliveredAtMs, t0 + 5000);
        EXPECT_EQ (state.attempts, 1);
        EXPECT_EQ (state.lastError, "connection refused");
        EXPECT_EQ (state.state(), DeliveryState::delivered);

        EXPECT_FALSE (store.markDelivered ("no such message", t0));
        EXPECT_FALSE (store.markAttemptFailed ("no such message", t0, "x"));
        EXPECT_THROW (store.markDelivered ("m", -1), std::invalid_argument);
    }

    TEST_F (PassStoreTest, ListOutboxShowsEveryMessageNewestFirstWithItsState)
    {
        PassStore store (file);
        store.addFriend (makeFriend (1, "Alice"));
        store.enqueue (makeMessage ("oldest", 1, t0));
        store.enqueue (makeMessage ("middle", 1, t0 + 10));
        store.enqueue (makeMessage ("newest", 1, t0 + 20, MessageKind::receipt));
        store.markDelivered ("oldest", t0 + 1);
        store.markAttemptFailed ("middle", t0 + 11, "host unreachable");

        const auto outbox = store.listOutbox();

        ASSERT_THAT (idsOf (outbox), ElementsAre ("newest", "middle", "oldest"));
        EXPECT_EQ (outbox[0].state(), DeliveryState::waiting);
        EXPECT_EQ (outbox[0].message.kind, MessageKind::receipt);
        EXPECT_EQ (outbox[1].state(), DeliveryState::retrying);
        EXPECT_EQ (outbox[1].lastError, "host unreachable");
        EXPECT_EQ (outbox[2].state(), DeliveryState::delivered);
        EXPECT_EQ (outbox[2].message, makeMessage ("oldest", 1, t0));
    }

    //==============================================================================
    TEST_F (PassStoreTest, APassIsFiledOnceHoweverOftenItArrives)
    {
        PassStore store (file);
        const auto pass = makePass ("p1", 1, 1, t0);

        EXPECT_TRUE (store.fileIncoming (pass));
        store.markRead ("p1");
        store.recordListening ("p1", 30000);

        // The sender retries (our acknowledgement was lost), even with other bytes.
        auto retry = pass;
        retry.note = "changed";
        retry.receivedAtMs = t0 + 60000;
        EXPECT_FALSE (store.fileIncoming (retry));
        EXPECT_FALSE (store.fileIncoming (pass));

        const auto inbox = store.listInbox();
        ASSERT_EQ (inbox.size(), 1u);
        EXPECT_EQ (inbox[0].pass, pass);
        EXPECT_TRUE (inbox[0].read) << "the retry did not reset what the recipient did";
        EXPECT_EQ (inbox[0].listenedMs, 30000);
        EXPECT_EQ (store.unreadCount(), 0);
    }

    TEST_F (PassStoreTest, FileIncomingRefusesABadTrackIdOrMessageId)
    {
        PassStore store (file);
        auto pass = makePass ("p1", 1, 1, t0);

        for (const auto* bad : { "", "abc", "FEEDFACE00000000000000000000000A00000001", "feedface00000000000000000000000a0000000g" })
        {
            pass.trackId = bad;
            EXPECT_THROW (store.fileIncoming (pass), std::invalid_argument) << bad;
        }

        EXPECT_THROW (store.fileIncoming (makePass ("", 1, 1, t0)), std::invalid_argument);
        EXPECT_TRUE (store.listInbox().empty());
    }

    TEST_F (PassStoreTest, TheInboxListsNewestFirstAndCountsTheUnread)
    {
        PassStore store (file);
        store.fileIncoming (makePass ("old", 1, 1, t0));
        store.fileIncoming (makePass ("new", 2, 2, t0 + 20));
        store.fileIncoming (makePass ("mid", 1, 3, t0 + 10));

        EXPECT_THAT (idsOf (store.listInbox()), ElementsAre ("new", "mid", "old"));
        EXPECT_EQ (store.unreadCount(), 3);

        EXPECT_TRUE (store.markRead ("mid"));
        EXPECT_TRUE (store.markRead ("mid")) << "idempotent";
        EXPECT_EQ (store.unreadCount(), 2);
        EXPECT_TRUE (store.findInbox ("mid")->read);
        EXPECT_FALSE (store.findInbox ("old")->read);

        EXPECT_FALSE (store.markRead ("no such pass"));
        EXPECT_EQ (store.unreadCount(), 2);
    }

    TEST_F (PassStoreTest, AFiledPassRoundTripsItsBytesAndStartsUnreadAndUnheard)
    {
        PassStore store (file);
        auto pass = makePass ("p1", 4, 9, t0);
        pass.note = "Hör mal — 東京 🎵";
        pass.passBytes = std::string ("\0\0\x01\xff\0", 5);
        store.fileIncoming (pass);

        const auto found = store.findInbox ("p1");

        ASSERT_TRUE (found.has_value());
        EXPECT_EQ (found->pass, pass);
        EXPECT_EQ (found->pass.passBytes.size(), 5u);
        EXPECT_FALSE (found->read);
        EXPECT_EQ (found->listenedMs, 0);
        EXPECT_FALSE (found->receiptSent);
        EXPECT_FALSE (store.findInbox ("p2").has_value());
    }

    TEST_F (PassStoreTest, RecordListeningKeepsTheLongestTime)
    {
        PassStore store (file);
        store.fileIncoming (makePass ("p1", 1, 1, t0));

        EXPECT_TRUE (store.recordListening ("p1", 20000));
        EXPECT_TRUE (store.recordListening ("p1", 5000)) << "an older report arriving late";
        EXPECT_EQ (store.findInbox ("p1")->listenedMs, 20000);

        EXPECT_TRUE (store.recordListening ("p1", 45000));
        EXPECT_EQ (store.findInbox ("p1")->listenedMs, 45000);

        EXPECT_FALSE (store.recordListening ("no such pass", 1000));
        EXPECT_THROW (store.recordListening ("p1", -1), std::invalid_argument);
        EXPECT_EQ (store.findInbox ("p1")->listenedMs, 45000);
    }

    TEST_F (PassStoreTest, MarkReceiptSentIsRecordedPerPass)
    {
        PassStore store (file);
        store.fileIncoming (makePass ("p1", 1, 1, t0));
        store.fileIncoming (makePass ("p2", 1, 1, t0 + 1));

        EXPECT_TRUE (store.markReceiptSent ("p1"));
        EXPECT_TRUE (store.markReceiptSent ("p1"));
        EXPECT_FALSE (store.markReceiptSent ("no such pass"));

        EXPECT_TRUE (store.findInbox ("p1")->receiptSent);
        EXPECT_FALSE (store.findInbox ("p2")->receiptSent);
    }

    TEST_F (PassStoreTest, FindInboxByTrackGivesThatTracksPassesNewestFirst)
    {
        PassStore store (file);
        store.fileIncoming (makePass ("alice-first", 1, 7, t0));
        store.fileIncoming (makePass ("other-track", 1, 8, t0 + 5));
        store.fileIncoming (makePass ("bob-later", 2, 7, t0 + 10));

        EXPECT_THAT (idsOf (store.findInboxByTrack (trackIdFor (7))), ElementsAre ("bob-later", "alice-first"));
        EXPECT_THAT (idsOf (store.findInboxByTrack (trackIdFor (8))), ElementsAre ("other-track"));
        EXPECT_TRUE (store.findInboxByTrack (trackIdFor (9)).empty());
    }

    //==============================================================================
    TEST_F (PassStoreTest, RememberMessageReportsReplaysPerSender)
    {
        PassStore store (file);

        EXPECT_TRUE (store.rememberMessage (keyFor (1), "m1", t0));
        EXPECT_FALSE (store.rememberMessage (keyFor (1), "m1", t0)) << "a replay";
        EXPECT_FALSE (store.rememberMessage (keyFor (1), "m1", t0 + 999)) << "a replay with another time";

        // Another sender's id space is its own: one friend cannot block another's message ids.
        EXPECT_TRUE (store.rememberMessage (keyFor (2), "m1", t0));
        EXPECT_TRUE (store.rememberMessage (keyFor (1), "m2", t0));

        EXPECT_THROW (store.rememberMessage (keyFor (1), "", t0), std::invalid_argument);
    }

    TEST_F (PassStoreTest, PruneSeenForgetsOnlyIdsSentBeforeTheHorizon)
    {
        PassStore store (file);
        store.rememberMessage (keyFor (1), "old", t0);
        store.rememberMessage (keyFor (2), "older", t0 - 1000);
        store.rememberMessage (keyFor (1), "at-horizon", t0 + 1000);
        store.rememberMessage (keyFor (1), "new", t0 + 2000);

        EXPECT_EQ (store.pruneSeen (t0 + 1000), 2);
        EXPECT_EQ (store.pruneSeen (t0 + 1000), 0);

        EXPECT_FALSE (store.rememberMessage (keyFor (1), "at-horizon", t0 + 1000)) << "still remembered";
        EXPECT_FALSE (store.rememberMessage (keyFor (1), "new", t0 + 2000));
        EXPECT_TRUE (store.rememberMessage (keyFor (1), "old", t0)) << "forgotten, which is why the daemon refuses old messages";
    }

    //==============================================================================
    TEST_F (PassStoreTest, TheSameSourceIsNeverCreditedTwice)
    {
        PassStore store (file);

        EXPECT_TRUE (store.credit (makeCredit ("receipt-1", 10)));
        EXPECT_FALSE (store.credit (makeCredit ("receipt-1", 10)));
        EXPECT_FALSE (store.credit (makeCredit ("receipt-1", 500, t0 + 1))) << "the source decides, not the amount";

        ASSERT_EQ (store.entries().size(), 1u);
        EXPECT_EQ (store.balance(), 10);
    }

    TEST_F (PassStoreTest, CreditRefusesZeroPointsAndMissingFields)
    {
        PassStore store (file);
        auto noReason = makeCredit ("s", 1);
        noReason.reason = "";
        auto noPass = makeCredit ("s", 1);
        noPass.passId = "";

        EXPECT_THROW (store.credit (makeCredit ("s", 0)), std::invalid_argument);
        EXPECT_THROW (store.credit (makeCredit ("", 1)), std::invalid_argument);
        EXPECT_THROW (store.credit (noReason), std::invalid_argument);
        EXPECT_THROW (store.credit (noPass), std::invalid_argument);
        EXPECT_THROW (store.credit (makeCredit ("s", 1, -1)), std::invalid_argument);

        EXPECT_TRUE (store.entries().empty());
        EXPECT_EQ (store.balance(), 0);
    }

    TEST_F (PassStoreTest, EntriesComeBackOldestFirstWithEveryField)
    {
        PassStore store (file);
        const PassStore::Credit first { t0, 10, "Alice listened to \"Hoppípolla\"", "pass-1", keyFor (1), "receipt-a" };
        const PassStore::Credit second { t0 + 5, -3, "correction: receipt-a counted a replayed listen", "pass-1", keyFor (1), "correction-1" };
        store.credit (first);
        store.credit (second);

        const auto entries = store.entries();

        ASSERT_EQ (entries.size(), 2u);
        EXPECT_EQ (entries[0].credit, first);
        EXPECT_EQ (entries[1].credit, second);
        EXPECT_LT (entries[0].entryId, entries[1].entryId);
        EXPECT_EQ (store.balance(), 7);
    }

    TEST_F (PassStoreTest, TheBalanceIsAlwaysTheSumOfTheEntries)
    {
        PassStore store (file);
        EXPECT_EQ (store.balance(), 0);

        std::int64_t expected = 0;
        const std::int64_t amounts[] { 10, 25, -5, 1, 100, -40, 3, 7, -1, 50 };

        for (int i = 0; i < 10; ++i)
        {
            const auto source = "receipt-" + std::to_string (i);
            ASSERT_TRUE (store.credit (makeCredit (source, amounts[i], t0 + i)));
            expected += amounts[i];

            // Duplicates, refused arguments, and other tables' writes in between change nothing.
            EXPECT_FALSE (store.credit (makeCredit ("receipt-" + std::to_string (i / 2), 1000)));
            EXPECT_THROW (store.credit (makeCredit ("zero-" + std::to_string (i), 0)), std::invalid_argument);
            store.rememberMessage (keyFor (i), source, t0);
            store.addUploaded (keyFor (1), trackIdFor (i), 1 << 20);

            EXPECT_EQ (store.balance(), expected) << "after entry " << i;
            EXPECT_EQ (store.balance(), sumOf (store.entries())) << "after entry " << i;
        }

        EXPECT_EQ (store.entries().size(), 10u);
        EXPECT_EQ (expected, 150);
    }

    TEST_F (PassStoreTest, TheLedgerRefusesRawUpdatesDeletesAndReplacementsFromAnyProgram)
    {
        {
            PassStore store (file);
            store.credit (makeCredit ("receipt-1", 10));
            store.credit (makeCredit ("receipt-2", 20));
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

        PassStore store (file);
        const auto entries = store.entries();
        ASSERT_EQ (entries.size(), 2u);
        EXPECT_EQ (entries[0].credit, makeCredit ("receipt-1", 10));
        EXPECT_EQ (entries[1].credit, makeCredit ("receipt-2", 20));
        EXPECT_EQ (store.balance(), 30);

        // Appending stays possible, from any program.
        EXPECT_EQ (runRaw (file, "INSERT INTO points_ledger (at_ms, points, reason, pass_id, friend_key, source) "
                                 "VALUES (1, 2, 'hand-made correction', 'p', zeroblob (32), 'raw-append')"),
                   "");
        EXPECT_EQ (store.balance(), 32);
    }

    //==============================================================================
    TEST_F (PassStoreTest, UploadedBytesAccumulatePerFriendOverEveryTrack)
    {
        PassStore store (file);
        EXPECT_EQ (store.uploadedTo (keyFor (1)), 0);

        store.addUploaded (keyFor (1), trackIdFor (1), 1000);
        store.addUploaded (keyFor (1), trackIdFor (1), 500);
        store.addUploaded (keyFor (1), trackIdFor (2), 4'000'000'000);
        store.addUploaded (keyFor (1), trackIdFor (2), 0);
        store.addUploaded (keyFor (2), trackIdFor (1), 7);

        EXPECT_EQ (store.uploadedTo (keyFor (1)), 4'000'001'500);
        EXPECT_EQ (store.uploadedTo (keyFor (2)), 7);
        EXPECT_EQ (store.uploadedTo (keyFor (3)), 0);
    }

    TEST_F (PassStoreTest, AddUploadedRefusesNegativeBytesBadTrackIdsAndOverflow)
    {
        PassStore store (file);
        constexpr auto largest = std::numeric_limits<std::int64_t>::max();
        store.addUploaded (keyFor (1), trackIdFor (1), largest - 10);

        EXPECT_THROW (store.addUploaded (keyFor (1), trackIdFor (1), -1), std::invalid_argument);
        EXPECT_THROW (store.addUploaded (keyFor (1), "not-a-track", 1), std::invalid_argument);
        EXPECT_THROW (store.addUploaded (keyFor (1), trackIdFor (1), 11), std::invalid_argument);
        EXPECT_EQ (store.uploadedTo (keyFor (1)), largest - 10) << "a refused add changes nothing";

        store.addUploaded (keyFor (1), trackIdFor (1), 10);
        EXPECT_EQ (store.uploadedTo (keyFor (1)), largest);
    }

    //==============================================================================
    TEST_F (PassStoreTest, EverythingIsThereAfterReopeningTheFile)
    {
        {
            PassStore store (file);
            store.addFriend (makeFriend (1, "Alice"));
            store.enqueue (makeMessage ("out-1", 1, t0));
            store.enqueue (makeMessage ("out-2", 1, t0 + 1, MessageKind::receipt));
            store.markAttemptFailed ("out-1", t0 + 2, "refused");
            store.markDelivered ("out-2", t0 + 3);
            store.fileIncoming (makePass ("in-1", 1, 1, t0));
            store.markRead ("in-1");
            store.recordListening ("in-1", 42000);
            store.markReceiptSent ("in-1");
            store.rememberMessage (keyFor (1), "in-1", t0);
            store.credit (makeCredit ("receipt-1", 10));
            store.credit (makeCredit ("correction-1", -4));
            store.addUploaded (keyFor (1), trackIdFor (1), 123456);
            // The daemon stops here: the store goes away as it does at a restart.
        }

        PassStore store (file);

        EXPECT_THAT (store.listFriends(), ElementsAre (makeFriend (1, "Alice")));

        const auto outbox = store.listOutbox();
        ASSERT_THAT (idsOf (outbox), ElementsAre ("out-2", "out-1"));
        EXPECT_EQ (outbox[0].state(), DeliveryState::delivered);
        EXPECT_EQ (outbox[0].deliveredAtMs, t0 + 3);
        EXPECT_EQ (outbox[1].attempts, 1);
        EXPECT_EQ (outbox[1].nextAttemptAtMs, t0 + 2 + 1000);
        EXPECT_EQ (outbox[1].lastError, "refused");
        EXPECT_FALSE (store.enqueue (makeMessage ("out-1", 1, t0))) << "still known after the restart";

        const auto pass = store.findInbox ("in-1");
        ASSERT_TRUE (pass.has_value());
        EXPECT_EQ (pass->pass, makePass ("in-1", 1, 1, t0));
        EXPECT_TRUE (pass->read);
        EXPECT_EQ (pass->listenedMs, 42000);
        EXPECT_TRUE (pass->receiptSent);
        EXPECT_FALSE (store.fileIncoming (makePass ("in-1", 1, 1, t0)));

        EXPECT_FALSE (store.rememberMessage (keyFor (1), "in-1", t0));
        EXPECT_FALSE (store.credit (makeCredit ("receipt-1", 10)));
        EXPECT_EQ (store.balance(), 6);
        EXPECT_EQ (store.entries().size(), 2u);
        EXPECT_EQ (store.uploadedTo (keyFor (1)), 123456);
    }

    TEST_F (PassStoreTest, TwoStoresOnOneFileSeeEachOthersWrites)
    {
        // As earshotd and a second process (a CLI, a backup) would.
        PassStore first (file);
        PassStore second (file);

        first.addFriend (makeFriend (1, "Alice"));
        EXPECT_EQ (second.findFriendByName ("alice"), makeFriend (1, "Alice"));
        EXPECT_THROW (second.addFriend (makeFriend (2, "ALICE")), std::invalid_argument);

        second.enqueue (makeMessage ("m1", 1, t0));
        EXPECT_FALSE (first.enqueue (makeMessage ("m1", 1, t0)));
        EXPECT_EQ (first.due (t0, 10).size(), 1u);
        first.markDelivered ("m1", t0 + 1);
        EXPECT_TRUE (second.due (t0 + 100, 10).empty());

        first.fileIncoming (makePass ("p1", 1, 1, t0));
        EXPECT_FALSE (second.fileIncoming (makePass ("p1", 1, 1, t0)));
        second.markRead ("p1");
        EXPECT_EQ (first.unreadCount(), 0);

        EXPECT_TRUE (first.rememberMessage (keyFor (1), "p1", t0));
        EXPECT_FALSE (second.rememberMessage (keyFor (1), "p1", t0));

        EXPECT_TRUE (second.credit (makeCredit ("receipt-1", 10)));
        EXPECT_FALSE (first.credit (makeCredit ("receipt-1", 10)));
        EXPECT_EQ (first.balance(), 10);

        first.addUploaded (keyFor (1), trackIdFor (1), 100);
        second.addUploaded (keyFor (1), trackIdFor (1), 100);
        EXPECT_EQ (first.uploadedTo (keyFor (1)), 200);
    }

    TEST_F (PassStoreTest, StoresOnOneFileCreditingTheSameReceiptsAtOnceCreditEachOnce)
    {
        // Two daemons' worth of threads race to credit overlapping receipts: each must land
        // exactly once, and the balance must be their sum.
        PassStore first (file);
        PassStore second (file);
        constexpr int threadCount = 4;
        constexpr int receipts = 40;
        std::atomic<int> credited { 0 };
        std::atomic<int> failures { 0 };
        std::vector<std::thread> threads;

        const auto work = [&] (PassStore& store)
        {
            try
            {
                for (int i = 0; i < receipts; ++i)
                {
                    if (store.credit (makeCredit ("receipt-" + std::to_string (i), i + 1)))
                        ++credited;

                    store.addUploaded (keyFor (1), trackIdFor (i % 3), 10);
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
        EXPECT_EQ (first.entries().size(), static_cast<std::size_t> (receipts));
        EXPECT_EQ (second.balance(), receipts * (receipts + 1) / 2);
        EXPECT_EQ (first.balance(), sumOf (second.entries()));
        EXPECT_EQ (second.uploadedTo (keyFor (1)), threadCount * receipts * 10) << "no lost update";
    }

    TEST_F (PassStoreTest, SharesTheLibrarysFileWithLibraryStore)
    {
        LibraryStore library (file);
        PassStore passes (file);

        TrackRecord track;
        track.manifest.infoHashHex = trackIdFor (1);
        library.putTrack (track);
        passes.fileIncoming (makePass ("p1", 1, 1, t0));

        EXPECT_EQ (library.findTrack (trackIdFor (1)), track);
        EXPECT_EQ (passes.findInboxByTrack (trackIdFor (1)).size(), 1u);

        // And each survives the other being reopened.
        PassStore reopened (file);
        EXPECT_EQ (reopened.listInbox().size(), 1u);
        EXPECT_EQ (LibraryStore (file).listTracks().size(), 1u);
    }

    TEST_F (PassStoreTest, ALibraryWrittenBeforePassesExistedGainsThePassTablesAndKeepsItsTracks)
    {
        TrackRecord track;
        track.manifest.infoHashHex = trackIdFor (1);

        {
            LibraryStore library (file);
            library.putTrack (track);
        }

        // Make it a version 1 file, as an earshotd from before passes left it: version 2 only
        // added tables, so dropping them (the triggers go with their table) is exactly that, and
        // version 3 only added two columns to tracks.
        ASSERT_EQ (runRaw (file, test::undoSchemaVersion5), "");
        ASSERT_EQ (runRaw (file, test::undoSchemaVersion4), "");
        ASSERT_EQ (runRaw (file, "DROP TABLE friends; DROP TABLE outbox; DROP TABLE inbox; DROP TABLE seen_messages; "
                                 "DROP TABLE points_ledger; DROP TABLE uploaded_bytes; "
                                 "ALTER TABLE tracks DROP COLUMN bpm; ALTER TABLE tracks DROP COLUMN musical_key; "
                                 "PRAGMA user_version = 1;"),
                   "");
        ASSERT_EQ (queryRaw (file, "SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'points_ledger'"), 0);

        PassStore passes (file);
        EXPECT_TRUE (passes.credit (makeCredit ("receipt-1", 3)));
        EXPECT_THAT (runRaw (file, "DELETE FROM points_ledger"), HasSubstr ("append-only")) << "the triggers came back";
        EXPECT_EQ (queryRaw (file, "PRAGMA user_version"), Database::currentSchemaVersion);
        EXPECT_EQ (LibraryStore (file).findTrack (trackIdFor (1)), track);
    }
} // namespace earshot
