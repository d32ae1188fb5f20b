#include "PassFixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace earshot
{
    namespace
    {
        using namespace test;
        using ::testing::ElementsAre;

        class InboxStoreTest : public PassFileTest
        {
        };
    } // namespace

    TEST_F (InboxStoreTest, APassIsFiledOnceHoweverOftenItArrives)
    {
        PassData store (file);
        const auto pass = makePass ("p1", 1, 1, t0);

        EXPECT_TRUE (store.inbox.file (pass));
        store.inbox.markRead ("p1");
        store.inbox.recordListening ("p1", 30000);

        // The sender retries (our acknowledgement was lost), even with other bytes.
        auto retry = pass;
        retry.note = "changed";
        retry.receivedAtMs = t0 + 60000;
        EXPECT_FALSE (store.inbox.file (retry));
        EXPECT_FALSE (store.inbox.file (pass));

        const auto inbox = store.inbox.list();
        ASSERT_EQ (inbox.size(), 1u);
        EXPECT_EQ (inbox[0].pass, pass);
        EXPECT_TRUE (inbox[0].read) << "the retry did not reset what the recipient did";
        EXPECT_EQ (inbox[0].listenedMs, 30000);
        EXPECT_EQ (store.inbox.unreadCount(), 0);
    }

    TEST_F (InboxStoreTest, FileIncomingRefusesABadTrackIdOrMessageId)
    {
        PassData store (file);
        auto pass = makePass ("p1", 1, 1, t0);

        for (const auto* bad : { "", "abc", "FEEDFACE00000000000000000000000A00000001", "feedface00000000000000000000000a0000000g" })
        {
            pass.trackId = bad;
            EXPECT_THROW (store.inbox.file (pass), std::invalid_argument) << bad;
        }

        EXPECT_THROW (store.inbox.file (makePass ("", 1, 1, t0)), std::invalid_argument);
        EXPECT_TRUE (store.inbox.list().empty());
    }

    TEST_F (InboxStoreTest, TheInboxListsNewestFirstAndCountsTheUnread)
    {
        PassData store (file);
        store.inbox.file (makePass ("old", 1, 1, t0));
        store.inbox.file (makePass ("new", 2, 2, t0 + 20));
        store.inbox.file (makePass ("mid", 1, 3, t0 + 10));

        EXPECT_THAT (idsOf (store.inbox.list()), ElementsAre ("new", "mid", "old"));
        EXPECT_EQ (store.inbox.unreadCount(), 3);

        EXPECT_TRUE (store.inbox.markRead ("mid"));
        EXPECT_TRUE (store.inbox.markRead ("mid")) << "idempotent";
        EXPECT_EQ (store.inbox.unreadCount(), 2);
        EXPECT_TRUE (store.inbox.find ("mid")->read);
        EXPECT_FALSE (store.inbox.find ("old")->read);

        EXPECT_FALSE (store.inbox.markRead ("no such pass"));
        EXPECT_EQ (store.inbox.unreadCount(), 2);
    }

    TEST_F (InboxStoreTest, AFiledPassRoundTripsItsBytesAndStartsUnreadAndUnheard)
    {
        PassData store (file);
        auto pass = makePass ("p1", 4, 9, t0);
        pass.note = "Hör mal — 東京 🎵";
        pass.passBytes = std::string ("\0\0\x01\xff\0", 5);
        store.inbox.file (pass);

        const auto found = store.inbox.find ("p1");

        ASSERT_TRUE (found.has_value());
        EXPECT_EQ (found->pass, pass);
        EXPECT_EQ (found->pass.passBytes.size(), 5u);
        EXPECT_FALSE (found->read);
        EXPECT_EQ (found->listenedMs, 0);
        EXPECT_FALSE (found->receiptSent);
        EXPECT_FALSE (store.inbox.find ("p2").has_value());
    }

    TEST_F (InboxStoreTest, RecordListeningKeepsTheLongestTime)
    {
        PassData store (file);
        store.inbox.file (makePass ("p1", 1, 1, t0));

        EXPECT_TRUE (store.inbox.recordListening ("p1", 20000));
        EXPECT_TRUE (store.inbox.recordListening ("p1", 5000)) << "an older report arriving late";
        EXPECT_EQ (store.inbox.find ("p1")->listenedMs, 20000);

        EXPECT_TRUE (store.inbox.recordListening ("p1", 45000));
        EXPECT_EQ (store.inbox.find ("p1")->listenedMs, 45000);

        EXPECT_FALSE (store.inbox.recordListening ("no such pass", 1000));
        EXPECT_THROW (store.inbox.recordListening ("p1", -1), std::invalid_argument);
        EXPECT_EQ (store.inbox.find ("p1")->listenedMs, 45000);
    }

    TEST_F (InboxStoreTest, MarkReceiptSentIsRecordedPerPass)
    {
        PassData store (file);
        store.inbox.file (makePass ("p1", 1, 1, t0));
        store.inbox.file (makePass ("p2", 1, 1, t0 + 1));

        EXPECT_TRUE (store.inbox.markReceiptSent ("p1"));
        EXPECT_TRUE (store.inbox.markReceiptSent ("p1"));
        EXPECT_FALSE (store.inbox.markReceiptSent ("no such pass"));

        EXPECT_TRUE (store.inbox.find ("p1")->receiptSent);
        EXPECT_FALSE (store.inbox.find ("p2")->receiptSent);
    }

    TEST_F (InboxStoreTest, FindInboxByTrackGivesThatTracksPassesNewestFirst)
    {
        PassData store (file);
        store.inbox.file (makePass ("alice-first", 1, 7, t0));
        store.inbox.file (makePass ("other-track", 1, 8, t0 + 5));
        store.inbox.file (makePass ("bob-later", 2, 7, t0 + 10));

        EXPECT_THAT (idsOf (store.inbox.findByTrack (trackIdFor (7))), ElementsAre ("bob-later", "alice-first"));
        EXPECT_THAT (idsOf (store.inbox.findByTrack (trackIdFor (8))), ElementsAre ("other-track"));
        EXPECT_TRUE (store.inbox.findByTrack (trackIdFor (9)).empty());
    }

    //==============================================================================
    TEST_F (InboxStoreTest, RememberMessageReportsReplaysPerSender)
    {
        PassData store (file);

        EXPECT_TRUE (store.inbox.rememberMessage (keyFor (1), "m1", t0));
        EXPECT_FALSE (store.inbox.rememberMessage (keyFor (1), "m1", t0)) << "a replay";
        EXPECT_FALSE (store.inbox.rememberMessage (keyFor (1), "m1", t0 + 999)) << "a replay with another time";

        // Another sender's id space is its own: one friend cannot block another's message ids.
        EXPECT_TRUE (store.inbox.rememberMessage (keyFor (2), "m1", t0));
        EXPECT_TRUE (store.inbox.rememberMessage (keyFor (1), "m2", t0));

        EXPECT_THROW (store.inbox.rememberMessage (keyFor (1), "", t0), std::invalid_argument);
    }

    TEST_F (InboxStoreTest, PruneSeenForgetsOnlyIdsSentBeforeTheHorizon)
    {
        PassData store (file);
        store.inbox.rememberMessage (keyFor (1), "old", t0);
        store.inbox.rememberMessage (keyFor (2), "older", t0 - 1000);
        store.inbox.rememberMessage (keyFor (1), "at-horizon", t0 + 1000);
        store.inbox.rememberMessage (keyFor (1), "new", t0 + 2000);

        EXPECT_EQ (store.inbox.pruneSeen (t0 + 1000), 2);
        EXPECT_EQ (store.inbox.pruneSeen (t0 + 1000), 0);

        EXPECT_FALSE (store.inbox.rememberMessage (keyFor (1), "at-horizon", t0 + 1000)) << "still remembered";
        EXPECT_FALSE (store.inbox.rememberMessage (keyFor (1), "new", t0 + 2000));
        EXPECT_TRUE (store.inbox.rememberMessage (keyFor (1), "old", t0)) << "forgotten, which is why the daemon refuses old messages";
    }
} // namespace earshot
