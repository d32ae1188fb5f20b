// Passing songs between friends' daemons, each a separate earshotd process: delivery through the
// outbox to a friend who is offline, exactly once, and every forged or bent message refused with
// nothing filed.

#include "PassFriends.h"

#include "Daemon/Envelopes.h"
#include "Daemon/Identity.h"
#include "Daemon/WireValues.h"
#include "ProtoConvert.h"
#include "earshot/v1/friends.grpc.pb.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <random>
#include <regex>
#include <set>
#include <thread>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    class PassTest : public PassFriends
    {
    };
} // namespace

TEST_F (PassTest, APassToAFriendWhoIsDownArrivesOnceWhenTheyAreBackWithItsTrack)
{
    ben.stop();
    const auto passId = ana.client().sendPass (track.id.substr (0, 8), "Ben", "this one is for you");

    // Ben is down: the pass waits in Ana's outbox and is retried.
    ASSERT_TRUE (eventually ([&]
                             {
        const auto outbox = ana.client().listOutbox();
        return outbox.size() == 1 && outbox[0].state == "retrying" && outbox[0].attempts >= 2; },
                             20s));
    EXPECT_EQ (ana.client().listOutbox()[0].messageId, passId);
    EXPECT_EQ (ana.client().listOutbox()[0].trackId, track.id);

    // Ana's daemon restarts meanwhile: the outbox is on disk.
    ana.stop();
    ana.start();
    ben.start();
    ASSERT_TRUE (eventually ([&]
                             { return ben.client().listInbox().first.size() == 1; },
                             60s))
        << "outbox: " << ana.client().listOutbox()[0].lastError;
    const auto [inbox, unread] = ben.client().listInbox();
    EXPECT_EQ (unread, 1);
    EXPECT_EQ (inbox[0].passId, passId);
    EXPECT_EQ (inbox[0].from, "Ana");
    EXPECT_EQ (inbox[0].senderName, "Ana");
    EXPECT_EQ (inbox[0].note, "this one is for you");
    EXPECT_EQ (inbox[0].manifest.infoHashHex, track.id);
    EXPECT_TRUE (eventually ([&]
                             { return ana.client().listOutbox()[0].state == "delivered"; },
                             10s));

    // The track came with it, from Ana as its peer, its opening already fetched.
    EXPECT_TRUE (eventually ([&]
                             {
        const auto added = ben.client().getTrack (track.id);
        return added.status && added.status->bytesDone > 0; },
                             30s));

    // What Ana's daemon uploaded to Ben is on record: her seeding credit.
    EXPECT_TRUE (eventually ([&]
                             {
        const auto friends = ben.client().listFriends();
        return friends.size() == 1 && friends[0].uploadedBytes > 0; },
                             20s));

    // Restarts on both sides send and file nothing twice.
    ben.stop();
    ben.start();
    ana.stop();
    ana.start();
    std::this_thread::sleep_for (2s);
    EXPECT_EQ (ben.client().listInbox().first.size(), 1u);
    ASSERT_EQ (ana.client().listOutbox().size(), 1u);
    EXPECT_EQ (ana.client().listOutbox()[0].state, "delivered");

    ben.client().markRead (passId);
    EXPECT_EQ (ben.client().listInbox().second, 0);
}

TEST_F (PassTest, ForgedUnknownReplayedTamperedOversizedAndMisaddressedPassesAreRefused)
{
    // A stranger: not Ben's friend.
    TemporaryDirectory strangerHome ("earshot-stranger");
    const auto stranger = Identity::loadOrCreate (strangerHome.path());
    {
        auto sealed = fromAna();
        sealed.set_sender_key (keyBytes (stranger.publicKey()));
        sealed.set_signature (stranger.sign (sealed.envelope()));
        const auto status = deliverToBen (sealed);
        EXPECT_EQ (status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
        EXPECT_NE (status.error_message().find ("unknown sender"), std::string::npos) << status.error_message();
    }
    // Ana's key, someone else's signature.
    {
        const auto status = deliverToBen (fromAna ({}, &stranger));
        EXPECT_EQ (status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
        EXPECT_NE (status.error_message().find ("bad signature"), std::string::npos) << status.error_message();
    }
    // A manifest whose info dictionary no longer hashes to its id.
    {
        const auto status = deliverToBen (fromAna ([] (v1::Envelope& envelope)
                                                   {
            auto& info = *envelope.mutable_pass()->mutable_manifest()->mutable_info_dict();
            info[info.size() / 2] ^= 0x01; }));
        EXPECT_EQ (status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
        EXPECT_NE (status.error_message().find ("manifest"), std::string::npos) << status.error_message();
    }
    // Too big, and for another daemon.
    {
        const auto status = deliverToBen (fromAna ([] (v1::Envelope& envelope)
                                                   { envelope.mutable_pass()->set_note (std::string (1024 * 1024, 'x')); }));
        EXPECT_NE (status.error_code(), grpc::StatusCode::OK);
    }
    // A note longer than a pass holds, though the message is well under the size limit.
    {
        const auto status = deliverToBen (fromAna ([] (v1::Envelope& envelope)
                                                   { envelope.mutable_pass()->set_note (std::string (5000, 'x')); }));
        EXPECT_EQ (status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
        EXPECT_NE (status.error_message().find ("the note is 5000 bytes; a pass's note holds at most 4096"), std::string::npos) << status.error_message();
    }
    {
        const auto status = deliverToBen (fromAna ([&] (v1::Envelope& envelope)
                                                   { envelope.set_recipient_key (keyBytes (stranger.publicKey())); }));
        EXPECT_EQ (status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    }
    // Stale.
    {
        const auto status = deliverToBen (fromAna ([] (v1::Envelope& envelope)
                                                   { envelope.set_sent_at_ms (nowMs() - 3LL * 24 * 60 * 60 * 1000); }));
        EXPECT_EQ (status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    }
    EXPECT_TRUE (ben.client().listInbox().first.empty());

    // A friend sending too fast is held back: after a burst, RESOURCE_EXHAUSTED.
    {
        int refusedForRate = 0;
        for (int i = 0; i < 40; ++i)
        {
            const auto status = deliverToBen (fromAna ([] (v1::Envelope& envelope)
                                                       { envelope.set_sent_at_ms (0); })); // stale: never filed
            refusedForRate += status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ? 1 : 0;
        }
        EXPECT_GT (refusedForRate, 0);
        std::this_thread::sleep_for (5s); // the bucket refills
    }

    // A good pass is filed once; the same message again is refused as already delivered.
    const auto good = fromAna();
    ASSERT_TRUE (deliverToBen (good).ok());
    const auto replayed = deliverToBen (good);
    EXPECT_EQ (replayed.error_code(), grpc::StatusCode::ALREADY_EXISTS) << replayed.error_message();
    EXPECT_EQ (ben.client().listInbox().first.size(), 1u);
}

TEST_F (PassTest, TimestampsAtTheEndsOfTheirRangeAreRefusedAsStaleWithTheReason)
{
    // A forged sent_at_ms can be any 64-bit value; how old it is must be worked out without
    // overflowing, and the refusal must say which way it is wrong.
    {
        const auto status = deliverToBen (fromAna ([] (v1::Envelope& envelope)
                                                   { envelope.set_sent_at_ms (std::numeric_limits<std::int64_t>::min()); }));
        EXPECT_EQ (status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
        EXPECT_TRUE (std::regex_search (status.error_message(), std::regex ("stale: it was sent [0-9]+ days ago"))) << status.error_message();
    }
    {
        const auto status = deliverToBen (fromAna ([] (v1::Envelope& envelope)
                                                   { envelope.set_sent_at_ms (std::numeric_limits<std::int64_t>::max()); }));
        EXPECT_EQ (status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
        EXPECT_TRUE (std::regex_search (status.error_message(), std::regex ("dated [0-9]+ days in the future"))) << status.error_message();
    }
    // A day and a minute old, and ten minutes ahead: the ordinary cases read the same way.
    {
        const auto status = deliverToBen (fromAna ([] (v1::Envelope& envelope)
                                                   { envelope.set_sent_at_ms (nowMs() - (24LL * 60 + 1) * 60 * 1000); }));
        EXPECT_EQ (status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
        EXPECT_NE (status.error_message().find ("stale: it was sent 1 day ago"), std::string::npos) << status.error_message();
    }
    {
        const auto status = deliverToBen (fromAna ([] (v1::Envelope& envelope)
                                                   { envelope.set_sent_at_ms (nowMs() + 10LL * 60 * 1000); }));
        EXPECT_EQ (status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
        EXPECT_NE (status.error_message().find ("in the future"), std::string::npos) << status.error_message();
    }
    EXPECT_TRUE (ben.client().listInbox().first.empty());

    // Ben's daemon is still up and takes a good pass.
    ASSERT_TRUE (deliverToBen (fromAna()).ok());
    EXPECT_EQ (ben.client().listInbox().first.size(), 1u);
}

TEST (Points, PassesThatLandEarnTheSenderAndOneHopUpTheChainAndTheLedgerAddsUp)
{
    TemporaryDirectory root ("earshot-points");
    DaemonProcess ana (root.path() / "ana", { "--name", "Ana" });
    DaemonProcess ben (root.path() / "ben", { "--name", "Ben" });
    DaemonProcess cleo (root.path() / "cleo", { "--name", "Cleo" });
    ana.start();
    ben.start();
    cleo.start();
    (void) ana.client().addFriend (ben.client().friendCode(), "Ben");
    (void) ben.client().addFriend (ana.client().friendCode(), "Ana");
    (void) ben.client().addFriend (cleo.client().friendCode(), "Cleo");
    (void) cleo.client().addFriend (ben.client().friendCode(), "Ben");
    const auto track = ana.client().publish ({ testMedia ("excerpt.ogg").string() }).front(); // 30 s: threshold 15 s

    const auto toBen = ana.client().sendPass (track.id, "Ben", "you will like this");
    ASSERT_TRUE (eventually ([&]
                             { return ben.client().listInbox().first.size() == 1; },
                             30s));

    // A skip does not count; listening past half the track does, once.
    EXPECT_TRUE (ben.client().reportListening (track.id, 10s).empty());
    EXPECT_EQ (ben.client().reportListening (track.id, 16s), (std::vector<std::string> { toBen }));
    EXPECT_TRUE (ben.client().reportListening (track.id, 29s).empty());
    ASSERT_TRUE (eventually ([&]
                             { return ana.client().points().first == 10; },
                             30s));

    // Ben passes it on; Cleo listens: Ben earns 10, Ana 1 for the hop before.
    (void) ben.client().sendPass (track.id, "Cleo", "Ana found this");
    ASSERT_TRUE (eventually ([&]
                             { return cleo.client().listInbox().first.size() == 1; },
                             30s));
    EXPECT_EQ (cleo.client().reportListening (track.id, 20s).size(), 1u);
    ASSERT_TRUE (eventually ([&]
                             { return ben.client().points().first == 10 && ana.client().points().first == 11; },
                             30s))
        << "ben " << ben.client().points().first << ", ana " << ana.client().points().first;

    std::this_thread::sleep_for (2s); // nothing more arrives late
    EXPECT_EQ (ana.client().points().first, 11);
    EXPECT_EQ (ben.client().points().first, 10);
    EXPECT_EQ (cleo.client().points().first, 0);
    for (auto* daemon : { &ana, &ben, &cleo })
    {
        const auto [balance, entries] = daemon->client().points();
        std::int64_t sum = 0;
        for (const auto& entry : entries)
            sum += entry.points;
        EXPECT_EQ (balance, sum);
    }
    const auto anaLedger = ana.client().points().second;
    ASSERT_EQ (anaLedger.size(), 2u);
    EXPECT_EQ (anaLedger[0].points, 10);
    EXPECT_EQ (anaLedger[0].from, "Ben");
    EXPECT_EQ (anaLedger[1].points, 1);
}

TEST_F (PassTest, KillingEitherSideDuringDeliveryLosesNothingAndDuplicatesNothing)
{
    std::set<std::string> sent;
    // Ana is killed right after handing over a batch: some are delivered, some are not yet.
    for (int i = 0; i < 8; ++i)
        sent.insert (ana.client().sendPass (track.id, "Ben", "first batch " + std::to_string (i)));
    ana.kill();
    ana.start();

    // Ben is killed while the second batch is on its way.
    for (int i = 0; i < 8; ++i)
        sent.insert (ana.client().sendPass (track.id, "Ben", "second batch " + std::to_string (i)));
    std::this_thread::sleep_for (50ms);
    ben.kill();
    std::this_thread::sleep_for (1s);
    ben.start();

    ASSERT_TRUE (eventually ([&]
                             {
        const auto outbox = ana.client().listOutbox();
        return std::all_of (outbox.begin(), outbox.end(), [] (const auto& message)
                            { return message.state == "delivered"; }); },
                             60s));
    const auto inbox = ben.client().listInbox().first;
    std::set<std::string> filed;
    for (const auto& entry : inbox)
        filed.insert (entry.passId);
    EXPECT_EQ (inbox.size(), sent.size()) << "a pass was filed twice or lost";
    EXPECT_EQ (filed, sent);
    EXPECT_EQ (ana.client().listOutbox().size(), sent.size());
}

TEST_F (PassTest, AWatchedInboxShowsPassesAsTheyArriveAndAsTheyAreRead)
{
    DaemonClient watcher (ben.apiAddress());
    std::atomic<int> updates { 0 };
    std::atomic<bool> sawBothThenOneRead { false };
    std::atomic<bool> giveUp { false };
    std::thread watching ([&]
                          { watcher.watchInbox ([&] (const std::vector<ClientInboxEntry>& entries, int unread)
                                                {
        ++updates;
        if (giveUp)
            return false;
        if (entries.size() == 2 && unread == 1)
        {
            sawBothThenOneRead = true;
            return false;
        }
        return true; }); });

    const auto first = ana.client().sendPass (track.id, "Ben", "one");
    (void) ana.client().sendPass (track.id, "Ben", "two");
    ASSERT_TRUE (eventually ([&]
                             { return ben.client().listInbox().first.size() == 2; },
                             30s));
    ben.client().markRead (first);
    const bool done = eventually ([&]
                                  { return sawBothThenOneRead.load(); },
                                  20s);
    if (! done)
    {
        giveUp = true;
        (void) ana.client().sendPass (track.id, "Ben", "wake the watcher"); // its next update ends the thread
    }
    watching.join();
    EXPECT_TRUE (done);
    EXPECT_GE (updates.load(), 3); // the empty inbox, each arrival, the read
}

TEST (PassOpening, APassedTracksOpeningIsHeldByTheRecipientBeforeItIsPlayed)
{
    // Ana's upload is capped so that her whole track would take minutes: the opening Ben holds
    // within seconds of the pass is there because his daemon fetched it first, not because the
    // whole file came. With Ana gone, the opening still plays from what Ben holds.
    TemporaryDirectory root ("earshot-pass-opening");
    DaemonProcess ana (root.path() / "ana", { "--name", "Ana", "--upload-limit", "64" });
    DaemonProcess ben (root.path() / "ben", { "--name", "Ben" });
    ana.start();
    ben.start();
    (void) ana.client().addFriend (ben.client().friendCode(), "Ben");
    (void) ben.client().addFriend (ana.client().friendCode(), "Ana");
    const auto file = demoAlbum ("flac") / "01-first-light.flac";
    const auto track = ana.client().publish ({ file.string() }).front();

    (void) ana.client().sendPass (track.id, "Ben", "the opening is here before you play it");
    ASSERT_TRUE (eventually ([&]
                             { return ! ben.client().listInbox().first.empty(); },
                             30s))
        << ana.log();

    // Four seconds of audio, within the eight the pre-buffer fetches.
    const auto& manifest = track.manifest;
    ASSERT_GT (manifest.metadata.durationMs, 60'000u);
    const auto openingBytes = manifest.fileSize * 4000 / manifest.metadata.durationMs;
    std::optional<TrackStatus> held;
    ASSERT_TRUE (eventually ([&]
                             {
                                 held = ben.client().getTrack (track.id).status;
                                 return held && holdsFirstBytes (*held, openingBytes); },
                             60s))
        << ben.log();
    EXPECT_LT (held->bytesDone, held->totalBytes / 2) << "the whole track came, so the test says nothing about the opening";

    ana.kill();
    EXPECT_EQ (streamBytes (ben.client(), track.id, 0, openingBytes), readFileBytes (file).substr (0, openingBytes));
}
