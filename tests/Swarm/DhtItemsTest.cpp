// BEP 44 mutable items through real libtorrent sessions forming a private DHT on loopback: what an
// artist's daemon puts is what a follower's gets, nothing forged is got, and an item put again as
// it came (without the secret key) outlives the node that first put it.

#include "Heard.h"
#include "PrivateDht.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace earshot
{
    namespace
    {
        using namespace std::chrono_literals;

        const std::string salt = "earshot-feed";

        int put (SwarmSession& node, const DhtItem& item)
        {
            Heard<int> stored;
            node.putDhtItem (item, stored.callback());
            const auto answer = stored.get();
            EXPECT_TRUE (std::holds_alternative<int> (answer)) << "the put failed with code " << static_cast<int> (std::get<ErrorCode> (answer));
            return std::holds_alternative<int> (answer) ? std::get<int> (answer) : -1;
        }

        std::optional<DhtItem> get (SwarmSession& node, const std::string& key, std::chrono::milliseconds timeout = 10s)
        {
            Heard<std::optional<DhtItem>> found;
            node.getDhtItem (key, salt, timeout, found.callback());
            const auto answer = found.get();
            EXPECT_TRUE (std::holds_alternative<std::optional<DhtItem>> (answer));
            return std::holds_alternative<std::optional<DhtItem>> (answer) ? std::get<std::optional<DhtItem>> (answer) : std::nullopt;
        }

        /** Gets until the item's sequence is at least `sequence`: a fresh node's routing table fills
            within a few round trips. */
        std::optional<DhtItem> getAtLeast (SwarmSession& node, const std::string& key, std::int64_t sequence)
        {
            std::optional<DhtItem> item;
            for (int attempt = 0; attempt < 20 && ! (item && item->sequence >= sequence); ++attempt)
            {
                if (attempt > 0)
                    std::this_thread::sleep_for (250ms);
                item = get (node, key);
            }
            return item;
        }

        /** Puts until at least one node stored the item (the network may still be forming). */
        void putUntilStored (SwarmSession& node, const DhtItem& item)
        {
            for (int attempt = 0; attempt < 20 && put (node, item) == 0; ++attempt)
                std::this_thread::sleep_for (250ms);
        }
    } // namespace

    TEST (DhtItemsTest, AnItemPutByItsSignerIsGotFromAnotherNodeAsItWasSigned)
    {
        PrivateDht dht (6);
        const ItemSigner artist ('a');
        const auto first = artist.sign (salt, "d2:ih20:aaaaaaaaaaaaaaaaaaaae", 1);
        putUntilStored (*dht.nodes[0], first);

        const auto got = getAtLeast (*dht.nodes[5], artist.key(), 1);
        ASSERT_TRUE (got.has_value());
        EXPECT_EQ (got->value, first.value);
        EXPECT_EQ (got->sequence, 1);
        EXPECT_EQ (got->signature, first.signature);
        EXPECT_EQ (got->publicKey, artist.key());
        EXPECT_EQ (got->salt, salt);

        const auto second = artist.sign (salt, "d2:ih20:bbbbbbbbbbbbbbbbbbbbe", 2);
        putUntilStored (*dht.nodes[0], second);
        const auto newer = getAtLeast (*dht.nodes[3], artist.key(), 2);
        ASSERT_TRUE (newer.has_value());
        EXPECT_EQ (newer->value, second.value);
    }

    TEST (DhtItemsTest, AnItemWhoseSignatureIsNotTheKeysIsNeverGot)
    {
        PrivateDht dht (6);
        const ItemSigner artist ('a');
        const ItemSigner forger ('f');
        auto forged = forger.sign (salt, "d2:ih20:ffffffffffffffffffffe", 7);
        forged.publicKey = artist.key();
        (void) put (*dht.nodes[0], forged);
        // A genuine item under another key proves the network carries items at all.
        putUntilStored (*dht.nodes[0], forger.sign (salt, "d2:ih20:ffffffffffffffffffffe", 7));
        ASSERT_TRUE (getAtLeast (*dht.nodes[4], forger.key(), 7).has_value()) << "the premise: the network works";

        EXPECT_FALSE (get (*dht.nodes[4], artist.key()).has_value());
    }

    TEST (DhtItemsTest, AnItemPutAgainAsItCameOutlivesTheNodeThatSignedIt)
    {
        PrivateDht dht (6);
        const ItemSigner artist ('a');
        const auto item = artist.sign (salt, "d2:ih20:aaaaaaaaaaaaaaaaaaaae", 3);
        putUntilStored (*dht.nodes[0], item);
        auto fetched = getAtLeast (*dht.nodes[1], artist.key(), 3);
        ASSERT_TRUE (fetched.has_value());
        dht.stop (0);

        // What a follower keeps and puts again: no secret key involved.
        EXPECT_GT (put (*dht.nodes[1], *fetched), 0);
        auto& newcomer = dht.add();
        const auto got = getAtLeast (newcomer, artist.key(), 3);
        ASSERT_TRUE (got.has_value());
        EXPECT_EQ (got->value, item.value);
        EXPECT_EQ (got->signature, item.signature);
    }

    TEST (DhtItemsTest, AGetOfAnItemNobodyPutAnswersNothing)
    {
        PrivateDht dht (3);
        EXPECT_FALSE (get (*dht.nodes[2], ItemSigner ('z').key(), 3s).has_value());
    }

    TEST (DhtItemsTest, AMalformedItemIsRefusedAndAStoppedSwarmAnswersUnavailable)
    {
        PrivateDht dht (1);
        const ItemSigner artist ('a');
        auto shortKey = artist.sign (salt, "i1e", 1);
        shortKey.publicKey.resize (31);
        Heard<int> refusedKey;
        dht.nodes[0]->putDhtItem (shortKey, refusedKey.callback());
        EXPECT_EQ (refusedKey.get(), (std::variant<int, ErrorCode> (ErrorCode::invalidArgument)));
        Heard<int> refusedValue;
        dht.nodes[0]->putDhtItem (artist.sign (salt, "not bencoded", 1), refusedValue.callback());
        EXPECT_EQ (refusedValue.get(), (std::variant<int, ErrorCode> (ErrorCode::invalidArgument)));
        EXPECT_THROW (dht.nodes[0]->addDhtNode ("no port"), Error);

        dht.nodes[0]->stop();
        Heard<std::optional<DhtItem>> afterStop;
        dht.nodes[0]->getDhtItem (artist.key(), salt, 1s, afterStop.callback());
        EXPECT_EQ (afterStop.get(), (std::variant<std::optional<DhtItem>, ErrorCode> (ErrorCode::unavailable)));
    }
} // namespace earshot
