#include "HubMessages.h"

#include "Core/PassRules.h"
#include "Daemon/TagReader.h"
#include "ProtoConvert.h"
#include "Support/DaemonProcess.h"
#include "Swarm/TrackTorrent.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <random>

namespace earshot::testing
{
    std::int64_t hubNowMs()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();
    }

    SigningDaemon::SigningDaemon (const std::filesystem::path& folder)
        : identity ((std::filesystem::create_directories (folder), Identity::loadOrCreate (folder)))
    {
    }

    v1::SignedHubMessage SigningDaemon::seal (v1::HubMessage message) const
    {
        // Unique across the processes sharing a hub (a bench's runs), not only within this one.
        static const auto processTag = std::to_string (std::random_device {}());
        static std::atomic<int> sent { 0 };
        message.set_message_id ("message-" + processTag + "-" + std::to_string (++sent));
        message.set_sent_at_ms (hubNowMs());
        v1::SignedHubMessage sealed;
        sealed.set_message (message.SerializeAsString());
        sealed.set_signer_key (keyBytes (identity.publicKey()));
        sealed.set_signature (identity.sign (sealed.message()));
        return sealed;
    }

    TrackManifest hubManifestOf (const std::string& media, const std::string& title, const std::string& genre)
    {
        const auto file = testMedia (media);
        auto manifest = describeAudioFile (file);
        copyTorrentFields (createTrackTorrent (file), manifest);
        manifest.metadata.title = title;
        manifest.metadata.genre = genre;
        return manifest;
    }

    v1::HubMessage listenMessage (const std::string& trackId)
    {
        v1::HubMessage message;
        message.mutable_listen()->set_track_id (trackId);
        message.mutable_listen()->set_listened_ms (passRules::listenThresholdMs);
        return message;
    }

    v1::HubMessage passLandedMessage (const SigningDaemon& sender, const SigningDaemon& listener, const std::string& trackId)
    {
        v1::Envelope envelope;
        envelope.set_message_id (passRules::receiptIdFor ("pass-of-" + trackId));
        envelope.set_sent_at_ms (hubNowMs());
        envelope.set_recipient_key (keyBytes (sender.identity.publicKey()));
        envelope.mutable_receipt()->set_pass_id ("pass-of-" + trackId);
        envelope.mutable_receipt()->set_track_id (trackId);
        envelope.mutable_receipt()->set_listened_ms (passRules::listenThresholdMs);
        v1::HubMessage message;
        auto& receipt = *message.mutable_pass_landed()->mutable_receipt();
        receipt.set_envelope (envelope.SerializeAsString());
        receipt.set_sender_key (keyBytes (listener.identity.publicKey()));
        receipt.set_signature (listener.identity.sign (receipt.envelope()));
        return message;
    }

    grpc::Status submitToHub (v1::Hub::Stub& hub, const v1::SignedHubMessage& message, bool* counted)
    {
        grpc::ClientContext context;
        v1::SubmitResponse response;
        const auto status = hub.Submit (&context, message, &response);
        if (counted != nullptr)
            *counted = response.counted();
        return status;
    }

    grpc::Status releaseOnHub (v1::Hub::Stub& hub, const SigningDaemon& artist, const TrackManifest& manifest, const std::string& artistName)
    {
        v1::HubMessage message;
        toProto (manifest, *message.mutable_release()->mutable_manifest());
        message.mutable_release()->set_artist_name (artistName);
        return submitToHub (hub, artist.seal (message));
    }

    grpc::Status listenOnHub (v1::Hub::Stub& hub, const SigningDaemon& listener, const std::string& trackId, bool* counted)
    {
        return submitToHub (hub, listener.seal (listenMessage (trackId)), counted);
    }
} // namespace earshot::testing
