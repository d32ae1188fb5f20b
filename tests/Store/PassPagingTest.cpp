#include "PassFixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

namespace earshot
{
    namespace
    {
        using namespace test;
        using ::testing::ElementsAre;
        using ::testing::ElementsAreArray;

        constexpr std::int64_t anyBytes = 1LL << 40;

        class PassPagingTest : public PassFileTest
        {
        protected:
            /** Every inbox page of pageSize in turn, by ids. */
            std::vector<std::vector<std::string>> inboxPages (const PassData& store, int pageSize)
            {
                std::vector<std::vector<std::string>> pages;
                std::optional<PageCursor> cursor;
                do
                {
                    const auto page = store.inbox.listPage (cursor, pageSize, anyBytes);
                    pages.push_back (idsOf (page.passes));
                    cursor = page.next;
                } while (cursor.has_value());
                return pages;
            }
        };
    } // namespace

    TEST_F (PassPagingTest, InboxPagesGiveEveryPassOnceNewestFirstEvenWhenTimesTie)
    {
        PassData store (file);
        // Three passes in the same millisecond: the row id orders them, so no page boundary can
        // split a tie ambiguously.
        for (const auto* id : { "t1", "t2", "t3" })
            store.inbox.file (makePass (id, 1, 1, t0 + 5));
        store.inbox.file (makePass ("early", 1, 1, t0));
        store.inbox.file (makePass ("late", 2, 1, t0 + 9));

        EXPECT_THAT (inboxPages (store, 2), ElementsAre (ElementsAre ("late", "t3"), ElementsAre ("t2", "t1"), ElementsAre ("early")));
        EXPECT_THAT (inboxPages (store, 5), ElementsAre (ElementsAre ("late", "t3", "t2", "t1", "early")));
        EXPECT_THAT (idsOf (store.inbox.list()), ElementsAre ("late", "t3", "t2", "t1", "early")) << "the same order as the whole list";

        EXPECT_THROW ((void) store.inbox.listPage (std::nullopt, 0, anyBytes), std::invalid_argument);
        EXPECT_THROW ((void) store.inbox.listPage (std::nullopt, 1, 0), std::invalid_argument);
    }

    TEST_F (PassPagingTest, PassesFiledBetweenPagesNeitherShiftNorRepeatTheNextPages)
    {
        PassData store (file);
        for (int i = 0; i < 6; ++i)
            store.inbox.file (makePass ("p" + std::to_string (i), 1, 1, t0 + i * 10));

        const auto first = store.inbox.listPage (std::nullopt, 2, anyBytes);
        ASSERT_THAT (idsOf (first.passes), ElementsAre ("p5", "p4"));

        // While the user reads, passes keep coming: newer ones, one in a tie with the page's last
        // pass, and one dated in between (a sender's clock is its own, but receivedAtMs is ours).
        store.inbox.file (makePass ("newer", 2, 1, t0 + 100));
        store.inbox.file (makePass ("tie", 2, 1, t0 + 40));
        store.inbox.file (makePass ("between", 2, 1, t0 + 25));

        std::vector<std::string> rest;
        auto cursor = first.next;
        while (cursor.has_value())
        {
            const auto page = store.inbox.listPage (cursor, 2, anyBytes);
            for (const auto& id : idsOf (page.passes))
                rest.push_back (id);
            cursor = page.next;
        }

        // Nothing of the first page comes again and nothing older is skipped; the pass filed in
        // between sorts where its time puts it, and the tie (a later row id) before the cursor.
        EXPECT_THAT (rest, ElementsAre ("p3", "between", "p2", "p1", "p0"));
    }

    TEST_F (PassPagingTest, APageStopsAtItsByteBudgetYetAlwaysHoldsAPass)
    {
        PassData store (file);
        for (int i = 0; i < 4; ++i)
        {
            auto pass = makePass ("p" + std::to_string (i), 1, 1, t0 + i);
            pass.passBytes.assign (1000, 'x');
            pass.note.clear();
            store.inbox.file (pass);
        }

        const auto page = store.inbox.listPage (std::nullopt, 100, 2000);
        EXPECT_THAT (idsOf (page.passes), ElementsAre ("p3", "p2"));
        ASSERT_TRUE (page.next.has_value());
        const auto tiny = store.inbox.listPage (page.next, 100, 1);
        EXPECT_THAT (idsOf (tiny.passes), ElementsAre ("p1")) << "a pass larger than the budget still comes, alone";
        const auto last = store.inbox.listPage (tiny.next, 100, 2000);
        EXPECT_THAT (idsOf (last.passes), ElementsAre ("p0"));
        EXPECT_FALSE (last.next.has_value());
    }

    TEST_F (PassPagingTest, OutboxPagesGiveEveryMessageOnceAndStayPutAsMoreAreEnqueued)
    {
        PassData store (file);
        store.friends.add (makeFriend (1, "alice"));
        for (int i = 0; i < 5; ++i)
            store.outbox.enqueue (makeMessage ("m" + std::to_string (i), 1, t0 + i));

        const auto first = store.outbox.listPage (std::nullopt, 2, anyBytes);
        ASSERT_THAT (idsOf (first.messages), ElementsAre ("m4", "m3"));
        store.outbox.enqueue (makeMessage ("sent-meanwhile", 1, t0 + 50));
        store.outbox.markDelivered ("m2", t0 + 60);

        const auto second = store.outbox.listPage (first.next, 2, anyBytes);
        EXPECT_THAT (idsOf (second.messages), ElementsAre ("m2", "m1"));
        EXPECT_EQ (second.messages[0].state(), DeliveryState::delivered);
        const auto third = store.outbox.listPage (second.next, 2, anyBytes);
        EXPECT_THAT (idsOf (third.messages), ElementsAre ("m0"));
        EXPECT_FALSE (third.next.has_value());

        std::set<std::string> all;
        for (const auto& message : store.outbox.listPage (std::nullopt, 1000, anyBytes).messages)
            all.insert (message.message.messageId);
        EXPECT_THAT (all, ElementsAreArray ({ "m0", "m1", "m2", "m3", "m4", "sent-meanwhile" }));
    }

    TEST_F (PassPagingTest, LedgerPagesGoOldestFirstAndCreditsMadeMeanwhileComeAtTheEnd)
    {
        PassData store (file);
        for (int i = 0; i < 3; ++i)
            store.points.credit (makeCredit ("r" + std::to_string (i), 10));

        const auto first = store.points.entriesPage (std::nullopt, 2);
        ASSERT_EQ (first.entries.size(), 2u);
        EXPECT_EQ (first.entries[0].credit.source, "r0");
        EXPECT_EQ (first.entries[1].credit.source, "r1");
        store.points.credit (makeCredit ("meanwhile", 1));

        const auto second = store.points.entriesPage (first.next, 2);
        ASSERT_EQ (second.entries.size(), 2u);
        EXPECT_EQ (second.entries[0].credit.source, "r2");
        EXPECT_EQ (second.entries[1].credit.source, "meanwhile");
        EXPECT_FALSE (second.next.has_value());
        EXPECT_EQ (store.points.balance(), 31) << "the balance is the whole ledger's";
    }
} // namespace earshot
