#include "PassFixtures.h"

#include "Core/PassRules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        using namespace test;
        using ::testing::ElementsAre;
        using ::testing::StartsWith;

        constexpr std::int64_t hour = 60LL * 60 * 1000;

        class OutboxHoldTest : public PassFileTest
        {
        protected:
            OutboxHoldTest() { store.friends.add (makeFriend (1, "alice")); }

            PassData store { file };
        };
    } // namespace

    TEST_F (OutboxHoldTest, AHeldMessageKeepsTheReasonAndWaitsTheHoldBeforeItIsDueAgain)
    {
        store.outbox.enqueue (makeMessage ("m", 1, t0));
        const auto reason = std::string (passRules::quotaRefusalPrefix) + "your inbox at Alice's holds 200 passes from you";

        ASSERT_TRUE (store.outbox.markHeld ("m", t0 + 10, reason, hour));
        const auto held = store.outbox.find ("m");
        ASSERT_TRUE (held.has_value());
        EXPECT_EQ (held->state(), DeliveryState::held);
        EXPECT_EQ (held->lastError, reason);
        EXPECT_EQ (held->attempts, 1);
        EXPECT_TRUE (store.outbox.due (t0 + 10 + hour - 1, 10).empty()) << "not retried fast";
        EXPECT_THAT (idsOf (store.outbox.due (t0 + 10 + hour, 10)), ElementsAre ("m"));

        // The friend is down at the next try: an ordinary failure, retried on the fast schedule.
        ASSERT_TRUE (store.outbox.markAttemptFailed ("m", t0 + 10 + hour, "connection refused"));
        EXPECT_EQ (store.outbox.find ("m")->state(), DeliveryState::retrying);

        ASSERT_TRUE (store.outbox.markHeld ("m", t0 + 20 + hour, "no prefix given", hour));
        EXPECT_EQ (store.outbox.find ("m")->state(), DeliveryState::held);
        EXPECT_THAT (store.outbox.find ("m")->lastError, StartsWith (passRules::quotaRefusalPrefix));

        ASSERT_TRUE (store.outbox.markDelivered ("m", t0 + 30 + hour));
        EXPECT_EQ (store.outbox.find ("m")->state(), DeliveryState::delivered);
        EXPECT_FALSE (store.outbox.markHeld ("m", t0 + 40 + hour, reason, hour)) << "delivered is final";
        EXPECT_FALSE (store.outbox.markHeld ("no such message", t0, reason, hour));
    }

    TEST_F (OutboxHoldTest, OnlyMarkHeldHoldsAMessage)
    {
        // A failure whose text happens to read like a quota refusal (a friend's daemon answering
        // UNAVAILABLE with it, say) is an ordinary failure.
        store.outbox.enqueue (makeMessage ("m", 1, t0));
        ASSERT_TRUE (store.outbox.markAttemptFailed ("m", t0, std::string (passRules::quotaRefusalPrefix) + "odd"));
        EXPECT_EQ (store.outbox.find ("m")->state(), DeliveryState::retrying);
    }

    TEST_F (OutboxHoldTest, PruningDropsOldDeliveredReceiptsAndKeepsPassesAndAnythingUndelivered)
    {
        const auto week = passRules::keepDeliveredReceiptsMs;
        store.outbox.enqueue (makeMessage ("old-receipt", 1, t0, MessageKind::receipt));
        store.outbox.enqueue (makeMessage ("new-receipt", 1, t0, MessageKind::receipt));
        store.outbox.enqueue (makeMessage ("stuck-receipt", 1, t0, MessageKind::receipt));
        store.outbox.enqueue (makeMessage ("old-pass", 1, t0));
        store.outbox.markDelivered ("old-receipt", t0);
        store.outbox.markDelivered ("new-receipt", t0 + week);
        store.outbox.markDelivered ("old-pass", t0);

        EXPECT_EQ (store.outbox.pruneDeliveredReceipts (t0 + week), 1);
        EXPECT_EQ (store.outbox.pruneDeliveredReceipts (t0 + week), 0);
        EXPECT_FALSE (store.outbox.find ("old-receipt").has_value());
        // A delivered pass stays: a receipt for it may still come, and earns only if it is found.
        EXPECT_THAT (idsOf (store.outbox.list()), ::testing::UnorderedElementsAre ("new-receipt", "stuck-receipt", "old-pass"));
    }
} // namespace earshot
