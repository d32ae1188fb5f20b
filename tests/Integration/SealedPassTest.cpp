// Friend traffic is private: between two real earshotd processes, through a relay that records
// every byte as someone on the path would, passes, receipts and presence probes show neither
// notes, nor the track, nor who is talking; and messages not sealed to a daemon are refused.

#include "Support/DaemonProcess.h"
#include "Support/RecordingRelay.h"

#include "Core/FriendCode.h"
#include "Core/Hex.h"
#include "Daemon/Envelopes.h"
#include "Daemon/Identity.h"
#include "Daemon/WireValues.h"
#include "ProtoConvert.h"
#include "earshot/v1/friends.grpc.pb.h"

#include <google/protobuf/unknown_field_set.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cctype>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    /** The same friend code with another port: the friend as reached through a relay. */
    std::string throughPort (const std::string& friendCode, int port)
    {
        auto code = parseFriendCode (friendCode);
        code.port = static_cast<std::uint16_t> (port);
        return formatFriendCode (code);
    }

    std::string rawKey (const PublicKey& key)
    {
        return std::string (key.begin(), key.end());
    }

    std::string upperCase (std::string text)
    {
        for (auto& c : text)
            c = static_cast<char> (std::toupper (static_cast<unsigned char> (c)));
        return text;
    }

    /** Ana and Ben, each the other's friend, probing each other twice a second. */
    class SealedPassTest : public ::testing::Test
    {
    protected:
        SealedPassTest()
        {
            ana.start();
            ben.start();
            track = ana.client().publish ({ testMedia ("excerpt.ogg").string() }).front();
        }

        /** A pass from Ana to Ben, signed with Ana's key as her daemon signs one. */
        /** A pass from Ana to Ben with note, and paddingBytes in a field no daemon knows. */
        v1::SignedEnvelope passFromAna (const std::string& note, std::size_t paddingBytes = 0)
        {
            v1::Envelope envelope;
            envelope.set_message_id ("sealed-test-" + std::to_string (++counter) + "-" + std::to_string (nowMs()));
            envelope.set_sent_at_ms (nowMs());
            envelope.set_recipient_key (keyBytes (benKey().publicKey()));
            envelope.set_sender_peer (ana.peerAddress());
            auto& pass = *envelope.mutable_pass();
            pass.set_pass_id (envelope.message_id());
            toProto (track.manifest, *pass.mutable_manifest());
            pass.set_note (note);
            pass.set_sender_name ("Ana");
            if (paddingBytes > 0)
                envelope.GetReflection()->MutableUnknownFields (&envelope)->AddLengthDelimited (999, std::string (paddingBytes, 'p'));
            v1::SignedEnvelope signedEnvelope;
            signedEnvelope.set_envelope (envelope.SerializeAsString());
            signedEnvelope.set_sender_key (keyBytes (anaKey().publicKey()));
            signedEnvelope.set_signature (anaKey().sign (signedEnvelope.envelope()));
            return signedEnvelope;
        }

        /** Ben's Friends API, called directly (not through a relay). */
        std::unique_ptr<v1::Friends::Stub> benDirectly()
        {
            const auto code = parseFriendCode (ben.client().friendCode());
            return v1::Friends::NewStub (grpc::CreateChannel ("127.0.0.1:" + std::to_string (code.port), grpc::InsecureChannelCredentials()));
        }

        grpc::Status deliverToBen (const v1::SealedEnvelope& sealed)
        {
            grpc::ClientContext context;
            context.set_deadline (std::chrono::system_clock::now() + 10s);
            v1::DeliverResponse response;
            return benDirectly()->Deliver (&context, sealed, &response);
        }

        Identity anaKey() const { return Identity::loadOrCreate (root.path() / "ana"); }
        Identity benKey() const { return Identity::loadOrCreate (root.path() / "ben"); }

        TemporaryDirectory root { "earshot-sealed" };
        DaemonProcess ana { root.path() / "ana", { "--name", "Ana", "--presence-interval-ms", "500" } };
        DaemonProcess ben { root.path() / "ben", { "--name", "Ben", "--presence-interval-ms", "500" } };
        ClientTrack track;
        int counter = 0;
    };
} // namespace

TEST_F (SealedPassTest, OnThePathAPassItsReceiptAndProbesShowNoNoteTrackOrKey)
{
    // Each reaches the other through a relay that records both ways.
    RecordingRelay toBen (parseFriendCode (ben.client().friendCode()).port);
    RecordingRelay toAna (parseFriendCode (ana.client().friendCode()).port);
    (void) ana.client().addFriend (throughPort (ben.client().friendCode(), toBen.port()), "Ben");
    (void) ben.client().addFriend (throughPort (ana.client().friendCode(), toAna.port()), "Ana");

    // Probes and their answers, sealed both ways, still open: each sees the other online before
    // anything else is sent.
    ASSERT_TRUE (eventually ([&]
                             {
        const auto anasFriends = ana.client().listFriends();
        const auto bensFriends = ben.client().listFriends();
        return anasFriends.size() == 1 && anasFriends[0].online && bensFriends.size() == 1 && bensFriends[0].online; },
                             30s));

    const std::string note = "Quinoa-Marmalade-7731: the bridge at 2:10 is the one I meant";
    const auto passId = ana.client().sendPass (track.id, "Ben", note);
    ASSERT_TRUE (eventually ([&]
                             { return ben.client().listInbox().first.size() == 1; },
                             30s))
        << "outbox: " << ana.client().listOutbox()[0].lastError;
    const auto inbox = ben.client().listInbox().first;
    EXPECT_EQ (inbox[0].passId, passId);
    EXPECT_EQ (inbox[0].note, note);
    EXPECT_EQ (inbox[0].manifest.infoHashHex, track.id);

    // Ben listens past the threshold; his receipt comes back through the other relay.
    EXPECT_EQ (ben.client().reportListening (track.id, 16s), (std::vector<std::string> { passId }));
    ASSERT_TRUE (eventually ([&]
                             { return ana.client().points().first == 10; },
                             30s));

    ASSERT_GT (toBen.connections(), 0);
    ASSERT_GT (toAna.connections(), 0);
    const auto anaPublicKey = anaKey().publicKey();
    const auto benPublicKey = benKey().publicKey();
    const auto trackIdRaw = fromHex (track.id);
    ASSERT_EQ (trackIdRaw.size(), 20u);
    ASSERT_FALSE (track.manifest.fileName.empty());

    const std::vector<std::pair<std::string, std::string>> secrets {
        { "the note", note },
        { "a piece of the note", "Quinoa-Marmalade" },
        { "the track's file name", track.manifest.fileName },
        { "the track id in hex", track.id },
        { "the track id in upper-case hex", upperCase (track.id) },
        { "the track id's bytes", trackIdRaw },
        { "Ana's key", rawKey (anaPublicKey) },
        { "Ben's key", rawKey (benPublicKey) },
        { "Ana's key in hex", toHex (anaPublicKey) },
        { "Ben's key in hex", toHex (benPublicKey) },
    };
    auto withTitle = secrets;
    if (! track.manifest.metadata.title.empty())
        withTitle.emplace_back ("the track's title", track.manifest.metadata.title);
    for (const auto* relay : { &toBen, &toAna })
    {
        const auto bytes = relay->recorded();
        ASSERT_GT (bytes.size(), 1000u);
        // The recording holds the connection as it went, from its first byte: HTTP/2's preface is
        // there in clear, so what is not found was not sent in clear.
        ASSERT_NE (bytes.find ("PRI * HTTP/2.0"), std::string::npos);
        for (const auto& [what, secret] : withTitle)
            EXPECT_EQ (bytes.find (secret), std::string::npos) << what << " went through the relay to " << (relay == &toBen ? "Ben" : "Ana") << " in clear";
    }
}

TEST_F (SealedPassTest, MessagesNotSealedToTheDaemonAreRefusedSayingWhyAndFiledNowhere)
{
    (void) ana.client().addFriend (ben.client().friendCode(), "Ben");
    (void) ben.client().addFriend (ana.client().friendCode(), "Ana");

    // Sealed to the wrong key (Ana's own): Ben cannot open it.
    {
        const auto status = deliverToBen (Envelopes::sealTo (anaKey().publicKey(), passFromAna ("to the wrong key")));
        EXPECT_EQ (status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
        EXPECT_NE (status.error_message().find ("not sealed to this daemon's key"), std::string::npos) << status.error_message();
    }
    // A good signed envelope sent in clear, as an older earshotd would: the very bytes of the
    // SignedEnvelope, on Deliver, Acknowledge and Ping.
    {
        v1::SealedEnvelope clear;
        ASSERT_TRUE (clear.ParseFromString (passFromAna ("in clear").SerializeAsString()));
        const auto status = deliverToBen (clear);
        EXPECT_EQ (status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
        EXPECT_NE (status.error_message().find ("not a sealed envelope: the sender's earshotd may be older"), std::string::npos) << status.error_message();

        grpc::ClientContext ackContext;
        v1::AcknowledgeResponse ackResponse;
        const auto acknowledged = benDirectly()->Acknowledge (&ackContext, clear, &ackResponse);
        EXPECT_EQ (acknowledged.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << acknowledged.error_message();
        EXPECT_NE (acknowledged.error_message().find ("not a sealed envelope"), std::string::npos) << acknowledged.error_message();

        grpc::ClientContext pingContext;
        v1::PingResponse pingResponse;
        const auto pinged = benDirectly()->Ping (&pingContext, clear, &pingResponse);
        EXPECT_EQ (pinged.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << pinged.error_message();
        EXPECT_FALSE (pingResponse.has_answer());
    }
    // Neither left anything behind: the same passes, sealed properly, are still new to Ben.
    EXPECT_TRUE (ben.client().listInbox().first.empty());
    EXPECT_EQ (ana.client().points().first, 0);
    const auto good = passFromAna ("sealed to Ben");
    ASSERT_TRUE (deliverToBen (Envelopes::sealTo (benKey().publicKey(), good)).ok());
    ASSERT_EQ (ben.client().listInbox().first.size(), 1u);
    EXPECT_EQ (ben.client().listInbox().first[0].note, "sealed to Ben");
}

TEST_F (SealedPassTest, APassAtTheLargestSizeStillFitsOnceSealedAndOneByteMoreIsRefusedBeforeOpening)
{
    (void) ben.client().addFriend (ana.client().friendCode(), "Ana");

    // A pass whose signed message is exactly passRules::maxMessageBytes. A note holds a few KiB at
    // most, so the bulk is a field this daemon does not know, as a newer sender's message may
    // carry: signed, sealed and sent all the same.
    std::size_t padding = passRules::maxMessageBytes - 2048;
    auto largest = passFromAna ("the largest", padding);
    for (int tries = 0; tries < 8 && largest.ByteSizeLong() != passRules::maxMessageBytes; ++tries)
    {
        padding += passRules::maxMessageBytes - largest.ByteSizeLong();
        largest = passFromAna ("the largest", padding);
    }
    ASSERT_EQ (largest.ByteSizeLong(), passRules::maxMessageBytes);
    const auto status = deliverToBen (Envelopes::sealTo (benKey().publicKey(), largest));
    EXPECT_TRUE (status.ok()) << status.error_message();
    EXPECT_EQ (ben.client().listInbox().first.size(), 1u);

    // A byte more: refused as too large.
    const auto tooLarge = deliverToBen (Envelopes::sealTo (benKey().publicKey(), passFromAna ("the largest", padding + 1)));
    EXPECT_EQ (tooLarge.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << tooLarge.error_message();
    EXPECT_NE (tooLarge.error_message().find ("larger than"), std::string::npos) << tooLarge.error_message();

    // A ciphertext larger than any sealed message is refused before it is opened, as such.
    v1::SealedEnvelope oversized;
    oversized.set_ciphertext (std::string (Envelopes::maxSealedBytes + 1, 'c'));
    const auto refused = deliverToBen (oversized);
    EXPECT_EQ (refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << refused.error_message();
    EXPECT_NE (refused.error_message().find ("larger than"), std::string::npos) << refused.error_message();
    EXPECT_EQ (ben.client().listInbox().first.size(), 1u);
}
