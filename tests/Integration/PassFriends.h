#pragma once

// What the suites of passes between real daemons share (PassTest, InboxQuotaTest).

#include "Support/DaemonProcess.h"

#include "Daemon/Envelopes.h"
#include "Daemon/Identity.h"
#include "Daemon/WireValues.h"
#include "ProtoConvert.h"
#include "earshot/v1/friends.grpc.pb.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace earshot::testing
{
    /** Two friends: Ana, who publishes, and Ben at a fixed Friends port (so Ana reaches him across
        his restarts), started with benArguments besides. */
    class PassFriends : public ::testing::Test
    {
    protected:
        explicit PassFriends (const std::vector<std::string>& benArguments = {})
            : ben (root.path() / "ben", withBenPort (benArguments))
        {
            ana.start();
            ben.start();
            (void) ana.client().addFriend (ben.client().friendCode(), "Ben");
            (void) ben.client().addFriend (ana.client().friendCode(), "Ana");
            track = ana.client().publish ({ testMedia ("excerpt.ogg").string() }).front();
        }

        /** A signed envelope as Ana's daemon would make it (the test reads Ana's key file). */
        v1::SignedEnvelope fromAna (const std::function<void (v1::Envelope&)>& edit = {}, const Identity* signer = nullptr)
        {
            const auto anaKey = Identity::loadOrCreate (root.path() / "ana");
            const auto benKey = Identity::loadOrCreate (root.path() / "ben");
            v1::Envelope envelope;
            envelope.set_message_id ("test-" + std::to_string (++counter) + "-" + std::to_string (nowMs()));
            envelope.set_sent_at_ms (nowMs());
            envelope.set_recipient_key (keyBytes (benKey.publicKey()));
            envelope.set_sender_peer (ana.peerAddress());
            auto& pass = *envelope.mutable_pass();
            pass.set_pass_id (envelope.message_id());
            toProto (track.manifest, *pass.mutable_manifest());
            pass.set_note ("from the test");
            pass.set_sender_name ("Ana");
            if (edit)
                edit (envelope);
            v1::SignedEnvelope sealed;
            sealed.set_envelope (envelope.SerializeAsString());
            sealed.set_sender_key (keyBytes (anaKey.publicKey()));
            sealed.set_signature ((signer != nullptr ? *signer : anaKey).sign (sealed.envelope()));
            return sealed;
        }

        /** Delivers a signed envelope to Ben, sealed to his key as a daemon sends it. */
        grpc::Status deliverToBen (const v1::SignedEnvelope& signedEnvelope)
        {
            const auto benKey = Identity::loadOrCreate (root.path() / "ben");
            auto stub = v1::Friends::NewStub (grpc::CreateChannel ("127.0.0.1:" + std::to_string (benFriendsPort), grpc::InsecureChannelCredentials()));
            grpc::ClientContext context;
            context.set_deadline (std::chrono::system_clock::now() + std::chrono::seconds (10));
            v1::DeliverResponse response;
            return stub->Deliver (&context, Envelopes::sealTo (benKey.publicKey(), signedEnvelope), &response);
        }

        TemporaryDirectory root { "earshot-pass" };
        int benFriendsPort = freeLoopbackPort();
        // Ana's BitTorrent port is fixed too: a pass names it for Ben to fetch from, and she restarts.
        DaemonProcess ana { root.path() / "ana", { "--name", "Ana", "--bt-port", std::to_string (freeLoopbackPort()) } };
        DaemonProcess ben;
        ClientTrack track;
        int counter = 0;

    private:
        std::vector<std::string> withBenPort (std::vector<std::string> arguments) const
        {
            arguments.insert (arguments.begin(), { "--name", "Ben", "--friends-listen", "127.0.0.1:" + std::to_string (benFriendsPort) });
            return arguments;
        }
    };
} // namespace earshot::testing
