#pragma once

// What daemons send a discovery hub, signed with real Ed25519 identities as earshotd makes and
// keeps them: releases of real tracks, listens, passes that landed. Header only; a suite that
// includes it links earshot_daemon, earshot_swarm and earshot_proto.

#include "Core/PassRules.h"
#include "Daemon/Identity.h"
#include "Daemon/TagReader.h"
#include "ProtoConvert.h"
#include "Support/DaemonProcess.h"
#include "Swarm/TrackTorrent.h"
#include "earshot/v1/hub.grpc.pb.h"

#include <chrono>
#include <filesystem>
#include <string>

namespace earshot::testing
{
    [[nodiscard]] inline std::int64_t hubNowMs()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();
    }

    /** A daemon's identity, as earshotd makes and keeps it in its data folder. */
    struct HubReporter
    {
        explicit HubReporter (const std::filesystem::path& folder)
            : identity ((std::filesystem::create_directories (folder), Identity::loadOrCreate (folder)))
        {
        }

        /** The message, with a fresh id and the time now, signed by this identity. */
        [[nodiscard]] v1::SignedHubMessage seal (v1::HubMessage message) const
        {
            static int sent = 0;
            message.set_message_id ("message-" + std::to_string (++sent));
            message.set_sent_at_ms (hubNowMs());
            v1::SignedHubMessage sealed;
            sealed.set_message (message.SerializeAsString());
            sealed.set_signer_key (keyBytes (identity.publicKey()));
            sealed.set_signature (identity.sign (sealed.message()));
            return sealed;
        }

        Identity identity;
    };

    /** A test medium's manifest: its tags as earshotd reads them, its torrent as earshotd makes
        it, with the title and genre given. */
    [[nodiscard]] inline TrackManifest hubManifestOf (const std::string& media, const std::string& title, const std::string& genre)
    {
        const auto file = testMedia (media);
        auto manifest = describeAudioFile (file);
        copyTorrentFields (createTrackTorrent (file), manifest);
        manifest.metadata.title = title;
        manifest.metadata.genre = genre;
        return manifest;
    }

    /** A listen to trackId past the points' threshold. */
    [[nodiscard]] inline v1::HubMessage listenMessage (const std::string& trackId)
    {
        v1::HubMessage message;
        message.mutable_listen()->set_track_id (trackId);
        message.mutable_listen()->set_listened_ms (passRules::listenThresholdMs);
        return message;
    }

    /** The receipt `listener` signed for a pass of trackId from `sender`, as the sender reports it. */
    [[nodiscard]] inline v1::HubMessage passLandedMessage (const HubReporter& sender, const HubReporter& listener, const std::string& trackId)
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
} // namespace earshot::testing
