// What SendPass takes is what a friend's daemon takes: anything larger is refused at the call, with
// the limit in the message, and nothing is queued. A pass the friend's daemon refuses for what it is
// fails for good in the outbox, with their reason, instead of being retried for ever; so does one
// queued before a limit existed. Two real daemons on loopback.

#include "Support/DaemonProcess.h"

#include "Core/Hex.h"
#include "Core/PassRules.h"
#include "Daemon/Identity.h"
#include "Daemon/WireValues.h"
#include "ProtoConvert.h"
#include "Store/PassData.h"
#include "earshot/v1/friends.pb.h"

#include <gtest/gtest.h>
#include <libtorrent/hasher.hpp>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    class PassLimitsTest : public ::testing::Test
    {
    protected:
        PassLimitsTest()
        {
            ana.start();
            ben.start();
            (void) ana.client().addFriend (ben.client().friendCode(), "Ben");
            (void) ben.client().addFriend (ana.client().friendCode(), "Ana");
            track = ana.client().publish ({ testMedia ("excerpt.ogg").string() }).front();
        }

        /** Runs fn and returns the Error it throws (failing the test when it throws none). */
        template <typename Fn>
        static Error refusalOf (Fn&& fn)
        {
            try
            {
                fn();
            }
            catch (const Error& error)
            {
                return error;
            }
            ADD_FAILURE() << "nothing was refused";
            return Error (ErrorCode::internal, "");
        }

        /** Whether Ana's outbox holds the message id in state, at once or within a minute. */
        bool outboxShows (const std::string& messageId, const std::string& state)
        {
            return eventually ([&]
                               {
                for (const auto& entry : ana.client().listOutbox())
                    if (entry.messageId == messageId)
                        return entry.state == state;
                return false; },
                               60s);
        }

        ClientOutboxEntry outboxEntry (const std::string& messageId)
        {
            for (const auto& entry : ana.client().listOutbox())
                if (entry.messageId == messageId)
                    return entry;
            ADD_FAILURE() << messageId << " is not in the outbox";
            return {};
        }

        TemporaryDirectory root { "earshot-pass-limits" };
        DaemonProcess ana { root.path() / "ana", { "--name", "Ana" } };
        DaemonProcess ben { root.path() / "ben", { "--name", "Ben" } };
        ClientTrack track;
    };
} // namespace

TEST_F (PassLimitsTest, SendPassRefusesANoteLongerThanAFriendTakesAndQueuesNothing)
{
    const auto refused = refusalOf ([&]
                                    { (void) ana.client().sendPass (track.id, "Ben", std::string (2 * 1024 * 1024, 'n')); });
    EXPECT_EQ (refused.code(), ErrorCode::invalidArgument) << refused.what();
    EXPECT_NE (std::string (refused.what()).find ("the note is 2097152 bytes; a pass's note holds at most 4096"), std::string::npos) << refused.what();
    EXPECT_TRUE (ana.client().listOutbox().empty());

    // A note right at the limit goes, and arrives whole.
    const std::string longest (passRules::maxNoteBytes, 'n');
    const auto passId = ana.client().sendPass (track.id, "Ben", longest);
    ASSERT_TRUE (outboxShows (passId, "delivered")) << outboxEntry (passId).lastError;
    const auto inbox = ben.client().listInbox().first;
    ASSERT_EQ (inbox.size(), 1u);
    EXPECT_EQ (inbox[0].note, longest);
}

TEST_F (PassLimitsTest, SendPassRefusesAPassLargerThanAFriendTakesAndQueuesNothing)
{
    // The same audio, in a torrent whose info dictionary carries 1.1 MB of a key nobody reads: a
    // valid manifest, but a pass of it is larger than a friend's daemon takes.
    auto manifest = track.manifest;
    ASSERT_EQ (manifest.infoDict.back(), 'e');
    const std::string padding (1'100'000, 'p');
    manifest.infoDict.insert (manifest.infoDict.size() - 1, "10:zz-padding" + std::to_string (padding.size()) + ":" + padding);
    const auto hash = lt::hasher (manifest.infoDict.data(), static_cast<int> (manifest.infoDict.size())).final();
    manifest.infoHashHex = toHex (std::string_view (hash.data(), hash.size()));
    const auto [large, added] = ana.client().addTrack ({ manifest, std::nullopt, std::nullopt });
    ASSERT_TRUE (added);

    const auto largeId = large.id; // clang 14 lets no lambda capture a structured binding
    const auto refused = refusalOf ([&]
                                    { (void) ana.client().sendPass (largeId, "Ben", "too big to go"); });
    EXPECT_EQ (refused.code(), ErrorCode::invalidArgument) << refused.what();
    EXPECT_NE (std::string (refused.what()).find ("a message between friends holds at most 1048576"), std::string::npos) << refused.what();
    EXPECT_LT (std::string (refused.what()).size(), 400u) << refused.what();
    EXPECT_TRUE (ana.client().listOutbox().empty());
}

TEST_F (PassLimitsTest, SendPassRefusesAnUnknownOrMissingFriendAtOnce)
{
    EXPECT_EQ (refusalOf ([&]
                          { (void) ana.client().sendPass (track.id, "Cleo", ""); })
                   .code(),
               ErrorCode::notFound);
    EXPECT_EQ (refusalOf ([&]
                          { (void) ana.client().sendPass (track.id, "", ""); })
                   .code(),
               ErrorCode::invalidArgument);
    EXPECT_TRUE (ana.client().listOutbox().empty());
}

TEST_F (PassLimitsTest, APassToAFriendWhoDoesNotTakeItYetWaitsWithTheirReasonAndArrivesOnceTheyDo)
{
    // Ben no longer takes messages from Ana: his daemon answers PERMISSION_DENIED. He may add her
    // (again) before the pass goes stale, so it is retried, showing why it waits.
    ben.client().removeFriend ("Ana");
    const auto passId = ana.client().sendPass (track.id, "Ben", "are you there?");
    ASSERT_TRUE (outboxShows (passId, "retrying")) << outboxEntry (passId).lastError;
    EXPECT_NE (outboxEntry (passId).lastError.find ("only from friends"), std::string::npos) << outboxEntry (passId).lastError;

    (void) ben.client().addFriend (ana.client().friendCode(), "Ana");
    ASSERT_TRUE (outboxShows (passId, "delivered")) << outboxEntry (passId).lastError;
    const auto inbox = ben.client().listInbox().first;
    ASSERT_EQ (inbox.size(), 1u);
    EXPECT_EQ (inbox[0].passId, passId);
}

TEST_F (PassLimitsTest, APassAFriendRefusesForWhatItIsFailsForGoodWithTheirReason)
{
    // A pass that has gone stale on its way (Ana's outbox kept it past a day, as when Ben was
    // away): Ben's daemon refuses it as stale, which trying again would not change.
    ana.stop();
    const auto staleId = std::string ("made-two-days-ago");
    {
        PassData store (root.path() / "ana" / "library.sqlite3");
        const auto benFriend = store.friends.findByName ("Ben");
        ASSERT_TRUE (benFriend.has_value());
        const auto anaKey = Identity::loadOrCreate (root.path() / "ana");
        v1::Envelope envelope;
        envelope.set_message_id (staleId);
        envelope.set_sent_at_ms (nowMs() - 2 * passRules::maxAgeMs);
        envelope.set_recipient_key (keyBytes (benFriend->publicKey));
        auto& pass = *envelope.mutable_pass();
        pass.set_pass_id (staleId);
        toProto (track.manifest, *pass.mutable_manifest());
        pass.set_note ("late");
        v1::SignedEnvelope signedEnvelope;
        signedEnvelope.set_envelope (envelope.SerializeAsString());
        signedEnvelope.set_sender_key (keyBytes (anaKey.publicKey()));
        signedEnvelope.set_signature (anaKey.sign (signedEnvelope.envelope()));
        ASSERT_TRUE (store.outbox.enqueue ({ staleId, benFriend->publicKey, OutboxStore::MessageKind::pass, signedEnvelope.SerializeAsString(), nowMs() }));
    }
    ana.start();

    ASSERT_TRUE (outboxShows (staleId, "failed")) << outboxEntry (staleId).lastError;
    const auto failed = outboxEntry (staleId);
    EXPECT_EQ (failed.attempts, 1);
    EXPECT_NE (failed.lastError.find ("Ben's daemon refused it"), std::string::npos) << failed.lastError;

    // A new pass still arrives; the failed one is not tried again.
    const auto laterId = ana.client().sendPass (track.id, "Ben", "now?");
    ASSERT_TRUE (outboxShows (laterId, "delivered")) << outboxEntry (laterId).lastError;
    EXPECT_EQ (outboxEntry (staleId).state, "failed");
    EXPECT_EQ (outboxEntry (staleId).attempts, 1);
    const auto inbox = ben.client().listInbox().first;
    ASSERT_EQ (inbox.size(), 1u);
    EXPECT_EQ (inbox[0].passId, laterId);
}

TEST_F (PassLimitsTest, APassQueuedBeforeTheNoteHadALimitFailsTheFirstTimeTheCourierReadsIt)
{
    // An outbox from before the limit: a pass with a 2 MiB note, waiting for Ben.
    ana.stop();
    {
        PassData store (root.path() / "ana" / "library.sqlite3");
        const auto benFriend = store.friends.findByName ("Ben");
        ASSERT_TRUE (benFriend.has_value());
        v1::Envelope envelope;
        envelope.set_message_id ("queued-long-ago");
        envelope.set_sent_at_ms (nowMs());
        envelope.mutable_pass()->set_pass_id (envelope.message_id());
        envelope.mutable_pass()->set_note (std::string (2 * 1024 * 1024, 'n'));
        v1::SignedEnvelope sealed;
        sealed.set_envelope (envelope.SerializeAsString());
        ASSERT_TRUE (store.outbox.enqueue ({ envelope.message_id(), benFriend->publicKey, OutboxStore::MessageKind::pass, sealed.SerializeAsString(), nowMs() }));
    }
    ana.start();

    ASSERT_TRUE (outboxShows ("queued-long-ago", "failed")) << outboxEntry ("queued-long-ago").lastError;
    const auto failed = outboxEntry ("queued-long-ago");
    EXPECT_NE (failed.lastError.find ("the note is 2097152 bytes; a pass's note holds at most 4096"), std::string::npos) << failed.lastError;
    EXPECT_EQ (failed.attempts, 1);

    // The courier goes on with the rest.
    const auto passId = ana.client().sendPass (track.id, "Ben", "this one goes");
    ASSERT_TRUE (outboxShows (passId, "delivered")) << outboxEntry (passId).lastError;
    EXPECT_EQ (ben.client().listInbox().first.size(), 1u);
}
