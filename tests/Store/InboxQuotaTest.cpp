#include "PassFixtures.h"

#include "Core/Error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        using namespace test;
        using ::testing::ElementsAre;
        using ::testing::IsEmpty;
        using Usage = passRules::InboxUsage;

        class InboxQuotaTest : public PassFileTest
        {
        };

        /** A pass of about `bytes` stored bytes from senderSeed. */
        InboxStore::IncomingPass passOfSize (const std::string& id, int senderSeed, std::int64_t receivedAtMs, std::size_t bytes)
        {
            auto pass = makePass (id, senderSeed, 1, receivedAtMs);
            pass.passBytes.resize (bytes, 'x');
            pass.note.clear();
            return pass;
        }
    } // namespace

    TEST_F (InboxQuotaTest, UsageCountsEachSendersPassesAndTheirStoredBytes)
    {
        PassData store (file);
        store.inbox.file (passOfSize ("a1", 1, t0, 1000));
        store.inbox.file (passOfSize ("a2", 1, t0 + 1, 2000));
        auto noted = passOfSize ("b1", 2, t0 + 2, 500);
        noted.note = "héllo"; // six bytes: bytes, not characters, count
        store.inbox.file (noted);

        EXPECT_EQ (store.inbox.usageOf (keyFor (1)), (Usage { 2, 3000 }));
        EXPECT_EQ (store.inbox.usageOf (keyFor (2)), (Usage { 1, 506 }));
        EXPECT_EQ (store.inbox.usageOf (keyFor (3)), (Usage { 0, 0 }));
        EXPECT_EQ (store.inbox.usage(), (Usage { 3, 3506 }));
        EXPECT_EQ (InboxStore::storedBytesOf (noted), 506);
    }

    TEST_F (InboxQuotaTest, AdmissionSeesUsageBeforeThePassAndARefusalFilesNothing)
    {
        PassData store (file);
        const passRules::InboxLimits limits { 2, 10'000, 25'000 };
        const auto admitWithin = [&] (const InboxStore::IncomingPass& pass)
        {
            return [&limits, &pass] (const Usage& fromSender, const Usage& all)
            { passRules::checkInboxQuota (fromSender, all, InboxStore::storedBytesOf (pass), limits, "Ana", "Ben"); };
        };

        const auto first = passOfSize ("a1", 1, t0, 4000);
        const auto second = passOfSize ("a2", 1, t0 + 1, 4000);
        EXPECT_TRUE (store.inbox.file (first, admitWithin (first)));
        EXPECT_TRUE (store.inbox.file (second, admitWithin (second)));

        // A third pass from Ana is over her count.
        const auto third = passOfSize ("a3", 1, t0 + 2, 10);
        try
        {
            store.inbox.file (third, admitWithin (third));
            FAIL() << "a third pass was filed";
        }
        catch (const Error& error)
        {
            EXPECT_EQ (error.code(), ErrorCode::resourceExhausted);
            EXPECT_TRUE (passRules::isQuotaRefusal (error.what())) << error.what();
            EXPECT_THAT (error.what(), ::testing::HasSubstr ("holds 2 passes from you"));
        }
        EXPECT_FALSE (store.inbox.find ("a3").has_value());

        // Bo's passes count on their own, up to the per-friend bytes.
        const auto big = passOfSize ("b1", 2, t0 + 3, 9000);
        EXPECT_TRUE (store.inbox.file (big, admitWithin (big)));
        const auto tooBig = passOfSize ("b2", 2, t0 + 4, 1001);
        EXPECT_THROW (store.inbox.file (tooBig, admitWithin (tooBig)), Error);

        // Cy is within his own quota, but the whole inbox (17000 bytes) is not.
        const auto fromCy = passOfSize ("c1", 3, t0 + 5, 9000);
        try
        {
            store.inbox.file (fromCy, admitWithin (fromCy));
            FAIL() << "the inbox went past its total";
        }
        catch (const Error& error)
        {
            EXPECT_THAT (error.what(), ::testing::HasSubstr ("Ben's inbox is full"));
        }
        EXPECT_EQ (store.inbox.usage(), (Usage { 3, 17000 }));

        // A pass filed before is answered as such, not refused for the quota it already takes.
        EXPECT_FALSE (store.inbox.file (first, admitWithin (first)));
    }

    TEST_F (InboxQuotaTest, DeletingAndClearingFreeQuotaAndTheDeletedIdsStaySeen)
    {
        PassData store (file);
        for (int i = 0; i < 3; ++i)
        {
            store.inbox.file (makePass ("a" + std::to_string (i), 1, 1, t0 + i));
            store.inbox.rememberMessage (keyFor (1), "a" + std::to_string (i), t0 + i);
        }
        store.inbox.file (makePass ("b0", 2, 1, t0 + 10));
        store.inbox.file (makePass ("c0", 3, 1, t0 + 11));

        EXPECT_EQ (store.inbox.remove ({ "a0", "no such pass", "a1" }), 2);
        EXPECT_THAT (idsOf (store.inbox.list()), ElementsAre ("c0", "b0", "a2"));
        EXPECT_EQ (store.inbox.usageOf (keyFor (1)).passes, 1);
        EXPECT_TRUE (store.inbox.wasSeen (keyFor (1), "a0")) << "a late retry of a deleted pass is still known";
        EXPECT_FALSE (store.inbox.wasSeen (keyFor (2), "a0")) << "ids are per sender";

        EXPECT_EQ (store.inbox.removeFrom (keyFor (1)), 1);
        EXPECT_EQ (store.inbox.removeFrom (keyFor (1)), 0);
        EXPECT_THAT (store.inbox.senders(), ElementsAre (keyFor (2), keyFor (3)));

        EXPECT_EQ (store.inbox.removeAll(), 2);
        EXPECT_THAT (store.inbox.list(), IsEmpty());
        EXPECT_EQ (store.inbox.usage(), (Usage { 0, 0 }));
    }
} // namespace earshot
