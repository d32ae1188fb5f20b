#include "Store/HubLinkStore.h"
#include "OlderSchemas.h"
#include "PassFixtures.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace earshot
{
    namespace
    {
        using namespace test;
        using Kind = HubLinkStore::Kind;

        HubLinkStore::Outgoing makeHubMessage (const std::string& id, Kind kind, const std::string& topic, std::int64_t atMs = t0)
        {
            return { id, kind, topic, "signed " + id, atMs };
        }

        std::vector<std::string> idsOf (const std::vector<HubLinkStore::Queued>& queued)
        {
            std::vector<std::string> ids;
            for (const auto& each : queued)
                ids.push_back (each.message.messageId);
            return ids;
        }

        class HubLinkStoreTest : public PassFileTest
        {
        protected:
            SharedDatabase database { file };
        };
    } // namespace

    TEST_F (HubLinkStoreTest, MessagesWaitInTheOrderTheyWereMadeAcrossAReopening)
    {
        {
            HubLinkStore store (database);
            store.setSetting ("address", "hub.example.org:47100");
            (void) store.enqueue (makeHubMessage ("r1", Kind::release, "release:a"));
            (void) store.enqueue (makeHubMessage ("l1", Kind::listen, "listen:a:1"));
            (void) store.enqueue (makeHubMessage ("p1", Kind::profile, "profile"));
        }
        SharedDatabase reopened (file);
        HubLinkStore store (reopened);
        EXPECT_EQ (store.setting ("address"), "hub.example.org:47100");
        EXPECT_EQ (idsOf (store.list()), (std::vector<std::string> { "r1", "l1", "p1" }));
        EXPECT_EQ (store.next (t0)->message.messageId, "r1");
        EXPECT_EQ (store.next (t0)->message.signedMessage, "signed r1");
        EXPECT_TRUE (store.remove ("r1"));
        EXPECT_EQ (store.next (t0)->message.messageId, "l1");
        EXPECT_EQ (store.waiting(), 2u);

        store.setSetting ("address", "");
        EXPECT_FALSE (store.setting ("address").has_value()) << "an empty value clears the setting";
    }

    TEST_F (HubLinkStoreTest, AReleaseProfileOrSeedReportReplacesTheOneWaitingOnItsTopic)
    {
        HubLinkStore store (database);
        (void) store.enqueue (makeHubMessage ("seed-1", Kind::seeding, "seeding"));
        (void) store.enqueue (makeHubMessage ("release-a1", Kind::release, "release:a"));
        (void) store.enqueue (makeHubMessage ("release-b", Kind::release, "release:b"));
        (void) store.enqueue (makeHubMessage ("seed-2", Kind::seeding, "seeding"));
        (void) store.enqueue (makeHubMessage ("release-a2", Kind::release, "release:a"));
        EXPECT_EQ (idsOf (store.list()), (std::vector<std::string> { "release-b", "seed-2", "release-a2" }));
    }

    TEST_F (HubLinkStoreTest, PostsWaitOnePerPostAndTheFollowReportReplacesTheOneWaitingAndNeitherIsDroppedForRoom)
    {
        HubLinkStore store (database, 3);
        (void) store.enqueue (makeHubMessage ("follows-1", Kind::follows, "follows"));
        (void) store.enqueue (makeHubMessage ("post-a", Kind::post, "post:a"));
        (void) store.enqueue (makeHubMessage ("listen-1", Kind::listen, "listen:1"));
        (void) store.enqueue (makeHubMessage ("post-b", Kind::post, "post:b"));
        (void) store.enqueue (makeHubMessage ("follows-2", Kind::follows, "follows"));
        (void) store.enqueue (makeHubMessage ("post-c", Kind::post, "post:c"));
        EXPECT_EQ (idsOf (store.list()), (std::vector<std::string> { "post-a", "post-b", "follows-2", "post-c" }));
        EXPECT_EQ (store.next (t0)->message.kind, Kind::post);
        EXPECT_STREQ (HubLinkStore::nameOf (Kind::follows), "follows");
    }

    TEST_F (HubLinkStoreTest, TheOutboxMadeAgainForPostsKeepsWhatWaitsInItsOrder)
    {
        {
            HubLinkStore store (database);
            (void) store.enqueue (makeHubMessage ("r1", Kind::release, "release:a"));
            (void) store.enqueue (makeHubMessage ("l1", Kind::listen, "listen:a:1"));
            EXPECT_TRUE (store.defer ("l1", t0, 5000));
        }
        // Schema version 10 makes hub_outbox again: run it once more over a full outbox.
        ASSERT_EQ (runRaw (file, test::undoSchemaVersion12), "");
        ASSERT_EQ (runRaw (file, "PRAGMA user_version = 9"), "");
        SharedDatabase reopened (file);
        HubLinkStore store (reopened);
        (void) store.enqueue (makeHubMessage ("p1", Kind::post, "post:p1"));
        EXPECT_EQ (idsOf (store.list()), (std::vector<std::string> { "r1", "l1", "p1" }));
        EXPECT_EQ (store.list()[1].attempts, 1);
        EXPECT_EQ (store.list()[1].nextAttemptAtMs, t0 + 5000);
    }

    TEST_F (HubLinkStoreTest, AListenOrLandedPassIsQueuedOncePerTopicEvenAfterItWasDelivered)
    {
        HubLinkStore store (database);
        EXPECT_TRUE (store.enqueue (makeHubMessage ("listen-1", Kind::listen, "listen:a:20500")).queued);
        EXPECT_TRUE (store.remove ("listen-1"));
        EXPECT_FALSE (store.enqueue (makeHubMessage ("listen-2", Kind::listen, "listen:a:20500", t0 + 1000)).queued) << "the same track the same day";
        EXPECT_TRUE (store.enqueue (makeHubMessage ("listen-3", Kind::listen, "listen:a:20501", t0 + 2000)).queued) << "the next day";
        EXPECT_TRUE (store.enqueue (makeHubMessage ("pass-1", Kind::passLanded, "pass:r1")).queued);
        EXPECT_FALSE (store.enqueue (makeHubMessage ("pass-2", Kind::passLanded, "pass:r1")).queued);
        EXPECT_EQ (idsOf (store.list()), (std::vector<std::string> { "listen-3", "pass-1" }));
    }

    TEST_F (HubLinkStoreTest, PastItsCapacityTheOldestListensGoFirstThenPassesButNeverReleases)
    {
        HubLinkStore store (database, 4);
        (void) store.enqueue (makeHubMessage ("release-a", Kind::release, "release:a"));
        (void) store.enqueue (makeHubMessage ("listen-1", Kind::listen, "listen:1"));
        (void) store.enqueue (makeHubMessage ("pass-1", Kind::passLanded, "pass:1"));
        (void) store.enqueue (makeHubMessage ("listen-2", Kind::listen, "listen:2"));
        const auto full = store.enqueue (makeHubMessage ("release-b", Kind::release, "release:b"));
        EXPECT_EQ (full.dropped, 1u);
        EXPECT_EQ (idsOf (store.list()), (std::vector<std::string> { "release-a", "pass-1", "listen-2", "release-b" }));

        (void) store.enqueue (makeHubMessage ("release-c", Kind::release, "release:c"));
        (void) store.enqueue (makeHubMessage ("release-d", Kind::release, "release:d"));
        EXPECT_EQ (idsOf (store.list()), (std::vector<std::string> { "release-a", "release-b", "release-c", "release-d" }));
        (void) store.enqueue (makeHubMessage ("release-e", Kind::release, "release:e"));
        EXPECT_EQ (store.waiting(), 5u) << "releases are kept beyond the capacity";
    }

    TEST_F (HubLinkStoreTest, ADeferredMessageLetsTheOnesBehindItGoUntilItIsDueAgain)
    {
        HubLinkStore store (database);
        (void) store.enqueue (makeHubMessage ("listen-1", Kind::listen, "listen:1"));
        (void) store.enqueue (makeHubMessage ("listen-2", Kind::listen, "listen:2"));
        EXPECT_TRUE (store.defer ("listen-1", t0, 2000));
        EXPECT_EQ (store.next (t0)->message.messageId, "listen-2");
        EXPECT_TRUE (store.remove ("listen-2"));
        EXPECT_FALSE (store.next (t0 + 1999).has_value());
        EXPECT_EQ (store.nextDueAt(), t0 + 2000);
        const auto due = store.next (t0 + 2000);
        ASSERT_TRUE (due.has_value());
        EXPECT_EQ (due->message.messageId, "listen-1");
        EXPECT_EQ (due->attempts, 1);
    }

    TEST_F (HubLinkStoreTest, AFreshSigningTakesTheOldOnesPlace)
    {
        HubLinkStore store (database);
        (void) store.enqueue (makeHubMessage ("old", Kind::release, "release:a"));
        (void) store.enqueue (makeHubMessage ("after", Kind::listen, "listen:1"));
        EXPECT_TRUE (store.replace ("old", makeHubMessage ("new", Kind::release, "release:a", t0 + 5)));
        const auto first = store.next (t0 + 5);
        ASSERT_TRUE (first.has_value());
        EXPECT_EQ (first->message.messageId, "new");
        EXPECT_EQ (first->message.signedMessage, "signed new");
        EXPECT_EQ (first->message.createdAtMs, t0 + 5);
    }
} // namespace earshot
