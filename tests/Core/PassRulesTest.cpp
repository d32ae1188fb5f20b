#include "FakeSigner.h"

#include "Core/Error.h"
#include "Core/PassRules.h"

#include <gtest/gtest.h>

#include <functional>

namespace earshot
{
    namespace
    {
        using namespace passRules;

        constexpr std::int64_t now = 1'750'000'000'000; // June 2025, in ms

        /** Runs check and expects it to throw Error with code, its message containing each of words. */
        void expectRefused (ErrorCode code, std::initializer_list<std::string> words, const std::function<void()>& check)
        {
            try
            {
                check();
                ADD_FAILURE() << "nothing was refused";
            }
            catch (const Error& error)
            {
                EXPECT_EQ (error.code(), code) << error.what();
                for (const auto& word : words)
                    EXPECT_NE (std::string (error.what()).find (word), std::string::npos) << "\"" << word << "\" is not in: " << error.what();
            }
        }

        EnvelopeHeader headerFor (const PublicKey& recipient, std::int64_t sentAtMs, std::string id = "m1")
        {
            return { std::move (id), sentAtMs, keyBytes (recipient) };
        }

        SealedMessage sealedBy (const EnvelopeSigner& signer, const std::string& envelope)
        {
            return { envelope, keyBytes (signer.publicKey()), signer.sign (envelope) };
        }
    } // namespace

    TEST (PassRulesTest, AMessageUpToTheLimitIsTakenAndOneByteMoreIsNot)
    {
        const FakeSigner alice (1);
        EXPECT_EQ (senderOf (maxMessageBytes, keyBytes (alice.publicKey())), alice.publicKey());
        expectRefused (ErrorCode::invalidArgument, { std::to_string (maxMessageBytes + 1) + " bytes is larger" }, [&]
                       { (void) senderOf (maxMessageBytes + 1, keyBytes (alice.publicKey())); });
    }

    TEST (PassRulesTest, ANoteUpToItsLimitIsTakenAndOneByteMoreIsRefusedWithBothSizes)
    {
        EXPECT_NO_THROW (checkNote (""));
        EXPECT_NO_THROW (checkNote (std::string (maxNoteBytes, 'n')));
        expectRefused (ErrorCode::invalidArgument, { "the note is 4097 bytes", "at most 4096" }, []
                       { checkNote (std::string (maxNoteBytes + 1, 'n')); });
        expectRefused (ErrorCode::invalidArgument, { "the note is 2097152 bytes" }, []
                       { checkNote (std::string (2 * 1024 * 1024, 'n')); });
    }

    TEST (PassRulesTest, AFriendNeedsANameOfAtMost100BytesAndALongerOneIsQuotedShort)
    {
        EXPECT_NO_THROW (checkFriendName ("Ana"));
        EXPECT_NO_THROW (checkFriendName (std::string (maxFriendNameBytes, 'a')));
        expectRefused (ErrorCode::invalidArgument, { "needs a name" }, []
                       { checkFriendName (""); });
        try
        {
            checkFriendName (std::string (10 * 1024 * 1024, 'a'));
            ADD_FAILURE() << "a 10 MiB name was taken";
        }
        catch (const Error& error)
        {
            EXPECT_EQ (error.code(), ErrorCode::invalidArgument);
            EXPECT_LT (std::string (error.what()).size(), 300u) << error.what();
            EXPECT_NE (std::string (error.what()).find ("10485760 bytes"), std::string::npos) << error.what();
            EXPECT_NE (std::string (error.what()).find ("at most 100"), std::string::npos) << error.what();
        }
    }

    TEST (PassRulesTest, AnOutgoingMessageOverTheLimitIsRefusedBeforeItIsQueued)
    {
        EXPECT_NO_THROW (checkOutgoingSize ("the pass", maxMessageBytes));
        expectRefused (ErrorCode::invalidArgument, { "the pass of x.flac", "1048577 bytes", "at most 1048576" }, []
                       { checkOutgoingSize ("the pass of x.flac", maxMessageBytes + 1); });
    }

    TEST (PassRulesTest, TheSenderKeyMustBe32Bytes)
    {
        for (const auto size : { 0u, 31u, 33u })
            expectRefused (ErrorCode::invalidArgument, { "is " + std::to_string (size) + " bytes, not 32" }, [&]
                           { (void) senderOf (100, std::string (size, 'k')); });
    }

    TEST (PassRulesTest, OnlyFriendsAreHeard)
    {
        const FakeSigner stranger (0xab);
        EXPECT_NO_THROW (checkFriend (stranger.publicKey(), true));
        expectRefused (ErrorCode::permissionDenied, { "unknown sender abababababababab…", "earshot friends add" }, [&]
                       { checkFriend (stranger.publicKey(), false); });
    }

    TEST (PassRulesTest, ASignatureHoldsOnlyForItsKeyAndItsBytes)
    {
        const FakeSigner self (9), alice (1), mallory (2);
        const auto sealed = sealedBy (alice, "a pass");
        EXPECT_NO_THROW (checkSignature (self, alice.publicKey(), sealed.envelope, sealed.signature, "Alice"));

        expectRefused (ErrorCode::permissionDenied, { "bad signature on a message from Alice" }, [&]
                       { checkSignature (self, alice.publicKey(), "a pass", mallory.sign ("a pass"), "Alice"); });
        expectRefused (ErrorCode::permissionDenied, { "changed on the way" }, [&]
                       { checkSignature (self, alice.publicKey(), "a pasS", sealed.signature, "Alice"); });
    }

    TEST (PassRulesTest, AFriendOverTheirRateIsToldToWait)
    {
        EXPECT_NO_THROW (checkRate (true, "Alice"));
        expectRefused (ErrorCode::resourceExhausted, { "Alice is sending faster than 5 messages a second" }, []
                       { checkRate (false, "Alice"); });
    }

    TEST (PassRulesTest, AFriendAtTheirInboxQuotaIsToldWhatIsStoredAndWhatMustHappen)
    {
        const InboxLimits limits { 200, 32LL * 1024 * 1024, 100LL * 1024 * 1024 };
        EXPECT_NO_THROW (checkInboxQuota ({ 199, 1000 }, { 199, 1000 }, 500, limits, "Alice", "Bob"));
        expectRefused (ErrorCode::resourceExhausted, { "inbox quota: your inbox at Bob's holds 200 passes from you, the most it keeps", "Bob must read and delete some first" }, [&]
                       { checkInboxQuota ({ 200, 1000 }, { 200, 1000 }, 500, limits, "Alice", "Bob"); });
        expectRefused (ErrorCode::resourceExhausted, { "inbox quota: your inbox at Bob's holds 31.5 MiB of passes from you", "past the 32 MiB it keeps from a friend" }, [&]
                       { checkInboxQuota ({ 40, 33030144 }, { 40, 33030144 }, 1024 * 1024, limits, "Alice", "Bob"); });
        expectRefused (ErrorCode::resourceExhausted, { "inbox quota: Bob's inbox is full: it holds 100 MiB of passes from all friends" }, [&]
                       { checkInboxQuota ({ 1, 1000 }, { 900, 100LL * 1024 * 1024 }, 1, limits, "Alice", "Bob"); });
    }

    TEST (PassRulesTest, AQuotaRefusalIsToldFromTheRateLimitByItsMessage)
    {
        try
        {
            checkRate (false, "Alice");
        }
        catch (const Error& error)
        {
            EXPECT_FALSE (isQuotaRefusal (error.what())) << "the rate limit passes in a second: it is retried fast";
        }
        EXPECT_TRUE (isQuotaRefusal (std::string (quotaRefusalPrefix) + "your inbox at Bob's holds 200 passes"));
        EXPECT_FALSE (isQuotaRefusal ("connection refused"));
    }

    TEST (PassRulesTest, AMessageIdPastTheSeenHorizonCanNeverBeTakenAgain)
    {
        // Forgetting the ids sent before the horizon is safe only because such messages are stale.
        const FakeSigner self (9);
        expectRefused (ErrorCode::invalidArgument, { "is stale" }, [&]
                       { checkEnvelope (headerFor (self.publicKey(), seenHorizonMs (now)), self.publicKey(), now, "Alice"); });
        EXPECT_NO_THROW (checkEnvelope (headerFor (self.publicKey(), now - maxAgeMs), self.publicKey(), now, "Alice"));
        EXPECT_LT (seenHorizonMs (now), now - maxAgeMs);
    }

    TEST (PassRulesTest, AnEnvelopeMustBeForThisDaemon)
    {
        const FakeSigner self (9), other (8);
        EXPECT_NO_THROW (checkEnvelope (headerFor (self.publicKey(), now), self.publicKey(), now, "Alice"));
        expectRefused (ErrorCode::invalidArgument, { "the message from Alice is for another daemon" }, [&]
                       { checkEnvelope (headerFor (other.publicKey(), now), self.publicKey(), now, "Alice"); });
    }

    TEST (PassRulesTest, AMessageIsTakenForADayAndNoLonger)
    {
        const FakeSigner self (9);
        EXPECT_NO_THROW (checkEnvelope (headerFor (self.publicKey(), now - maxAgeMs), self.publicKey(), now, "Alice"));
        expectRefused (ErrorCode::invalidArgument, { "is stale: it was sent 1 day ago" }, [&]
                       { checkEnvelope (headerFor (self.publicKey(), now - maxAgeMs - 1), self.publicKey(), now, "Alice"); });
        expectRefused (ErrorCode::invalidArgument, { "is stale: it was sent 3 days ago" }, [&]
                       { checkEnvelope (headerFor (self.publicKey(), now - 3 * maxAgeMs), self.publicKey(), now, "Alice"); });
        // A timestamp as far back as it goes neither overflows nor passes.
        expectRefused (ErrorCode::invalidArgument, { "is stale" }, [&]
                       { checkEnvelope (headerFor (self.publicKey(), std::numeric_limits<std::int64_t>::min()), self.publicKey(), now, "Alice"); });
    }

    TEST (PassRulesTest, ClocksMayDifferByFiveMinutesAndNoMore)
    {
        const FakeSigner self (9);
        EXPECT_NO_THROW (checkEnvelope (headerFor (self.publicKey(), now + maxClockSkewMs), self.publicKey(), now, "Alice"));
        expectRefused (ErrorCode::invalidArgument, { "is dated 5 min in the future", "5 minutes at most" }, [&]
                       { checkEnvelope (headerFor (self.publicKey(), now + maxClockSkewMs + 1), self.publicKey(), now, "Alice"); });
        expectRefused (ErrorCode::invalidArgument, { "in the future" }, [&]
                       { checkEnvelope (headerFor (self.publicKey(), std::numeric_limits<std::int64_t>::max()), self.publicKey(), now, "Alice"); });
    }

    TEST (PassRulesTest, AMessageNeedsAnIdOfAtMost80Bytes)
    {
        const FakeSigner self (9);
        EXPECT_NO_THROW (checkEnvelope (headerFor (self.publicKey(), now, std::string (80, 'i')), self.publicKey(), now, "Alice"));
        for (const auto& id : { std::string(), std::string (81, 'i') })
            expectRefused (ErrorCode::invalidArgument, { "the message from Alice has no usable id" }, [&]
                           { checkEnvelope (headerFor (self.publicKey(), now, id), self.publicKey(), now, "Alice"); });
    }

    TEST (PassRulesTest, APassCarriesTheIdOfItsEnvelope)
    {
        const auto header = headerFor (FakeSigner (9).publicKey(), now, "p1");
        EXPECT_NO_THROW (checkPassId (header, "p1", "Alice"));
        expectRefused (ErrorCode::invalidArgument, { "names a different id than its envelope" }, [&]
                       { checkPassId (header, "p2", "Alice"); });
    }

    TEST (PassRulesTest, APassIsFiledOnce)
    {
        EXPECT_NO_THROW (checkNotFiled (false, "p1", "Alice"));
        expectRefused (ErrorCode::alreadyExists, { "message p1 from Alice was delivered before" }, []
                       { checkNotFiled (true, "p1", "Alice"); });
    }

    TEST (PassRulesTest, ThirtySecondsOrHalfAShorterTrackEarnsAReceipt)
    {
        EXPECT_EQ (listenThresholdFor (0), 30'000); // length unknown
        EXPECT_EQ (listenThresholdFor (240'000), 30'000);
        EXPECT_EQ (listenThresholdFor (60'000), 30'000);
        EXPECT_EQ (listenThresholdFor (40'000), 20'000);

        EXPECT_FALSE (earnsReceipt (29'999, 240'000, false));
        EXPECT_TRUE (earnsReceipt (30'000, 240'000, false));
        EXPECT_FALSE (earnsReceipt (19'999, 40'000, false));
        EXPECT_TRUE (earnsReceipt (20'000, 40'000, false));
    }

    TEST (PassRulesTest, AReceiptIsSentOnce)
    {
        EXPECT_FALSE (earnsReceipt (600'000, 240'000, true));
        EXPECT_EQ (receiptIdFor ("p1"), receiptIdFor ("p1")); // enqueued twice, the outbox keeps one
        EXPECT_NE (receiptIdFor ("p1"), receiptIdFor ("p2"));
        EXPECT_NE (forwardIdFor (receiptIdFor ("p1")), receiptIdFor ("p1"));
    }

    TEST (PassRulesTest, APassedOnTrackCarriesItsChainOn)
    {
        const FakeSigner alice (1), bob (2);
        EXPECT_TRUE (chainAfter ({}, "", bob.publicKey()).empty());

        const auto first = chainAfter ({}, "p1", alice.publicKey());
        ASSERT_EQ (first, (std::vector<PassLink> { { "p1", keyBytes (alice.publicKey()) } }));
        const auto second = chainAfter (first, "p2", bob.publicKey());
        EXPECT_EQ (second, (std::vector<PassLink> { { "p1", keyBytes (alice.publicKey()) }, { "p2", keyBytes (bob.publicKey()) } }));
    }

    TEST (PassRulesTest, ADirectReceiptEarnsTenPoints)
    {
        const auto credit = directCredit ("Bob", "Song", 42'999, "receipt-p1");
        EXPECT_EQ (credit.points, 10);
        EXPECT_EQ (credit.reason, "Bob listened to Song for 42 s");
        EXPECT_EQ (credit.source, "receipt-p1");
    }

    TEST (PassRulesTest, AReceiptOneHopDownTheChainEarnsOnePoint)
    {
        const FakeSigner bob (2);
        const auto inner = headerFor (bob.publicKey(), now, "receipt-p2");
        const auto credit = chainCredit (inner, bob.publicKey(), "Bob", "Song");
        EXPECT_EQ (credit.points, 1);
        EXPECT_EQ (credit.reason, "a friend of Bob listened to Song, which you passed to Bob");
        EXPECT_EQ (credit.source, "chain:receipt-p2");
        EXPECT_NE (credit.source, directCredit ("Bob", "Song", 0, "receipt-p2").source); // both may be credited
    }

    TEST (PassRulesTest, AForwardedReceiptMustBeTheListenersOwnForTheForwarder)
    {
        const FakeSigner bob (2), carol (3);
        expectRefused (ErrorCode::permissionDenied, { "the receipt Bob forwarded is not signed by its listener" }, [&]
                       { (void) chainCredit (std::nullopt, bob.publicKey(), "Bob", "Song"); });
        expectRefused (ErrorCode::invalidArgument, { "the receipt Bob forwarded was not for them" }, [&]
                       { (void) chainCredit (headerFor (carol.publicKey(), now), bob.publicKey(), "Bob", "Song"); });
    }

    TEST (PassRulesTest, AReceiptIsCreditedOnce)
    {
        EXPECT_NO_THROW (checkNotCredited (false, "receipt-p1", "Bob"));
        expectRefused (ErrorCode::alreadyExists, { "receipt receipt-p1 from Bob was credited before" }, []
                       { checkNotCredited (true, "receipt-p1", "Bob"); });
    }

    TEST (PassRulesTest, OnlyAMessageSignedByTheKeyItNamesIsSignedBySender)
    {
        const FakeSigner self (9), carol (3), mallory (4);
        auto sealed = sealedBy (carol, "receipt");
        EXPECT_TRUE (isSignedBySender (self, sealed));
        sealed.senderKey = keyBytes (mallory.publicKey());
        EXPECT_FALSE (isSignedBySender (self, sealed));
        sealed.senderKey = "short";
        EXPECT_FALSE (isSignedBySender (self, sealed));
    }

    TEST (PassRulesTest, ADirectReceiptGoesOneHopUpTheChainAndNoFurther)
    {
        const FakeSigner alice (1), bob (2);
        const std::vector<PassLink> chain { { "p1", keyBytes (alice.publicKey()) }, { "p2", keyBytes (bob.publicKey()) } };
        EXPECT_EQ (forwardTarget (false, chain), chain.back());
        EXPECT_FALSE (forwardTarget (true, chain).has_value()); // a forwarded one is not forwarded again
        EXPECT_FALSE (forwardTarget (false, {}).has_value()); // the pass started here
        EXPECT_FALSE (forwardTarget (false, { { "p1", "not a key" } }).has_value());
    }

    TEST (PassRulesTest, SpansReadInTheirLargestWholeUnit)
    {
        EXPECT_EQ (spanText (0), "0 s");
        EXPECT_EQ (spanText (59'999), "59 s");
        EXPECT_EQ (spanText (60'000), "1 min");
        EXPECT_EQ (spanText (3'600'000), "1 h");
        EXPECT_EQ (spanText (maxAgeMs), "1 day");
        EXPECT_EQ (spanText (2 * maxAgeMs), "2 days");
    }

    TEST (PassRulesTest, MillisecondsSinceSaturatesInsteadOfOverflowing)
    {
        constexpr auto most = std::numeric_limits<std::int64_t>::max();
        EXPECT_EQ (millisecondsSince (now - 5, now), 5);
        EXPECT_EQ (millisecondsSince (now + 5, now), -5);
        EXPECT_EQ (millisecondsSince (std::numeric_limits<std::int64_t>::min(), now), most);
        EXPECT_EQ (millisecondsSince (most, -1), -most);
    }
} // namespace earshot
