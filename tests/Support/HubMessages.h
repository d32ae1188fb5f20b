#pragma once

#include "Core/TrackManifest.h"
#include "Daemon/Identity.h"
#include "earshot/v1/hub.grpc.pb.h"

#include <filesystem>
#include <string>

namespace earshot::testing
{
    /** Now, as a hub message's time: milliseconds since the Unix epoch. */
    [[nodiscard]] std::int64_t hubNowMs();

    /** A daemon's identity, as earshotd makes and keeps it in a data folder, signing what it
        sends a hub as earshotd does. */
    struct SigningDaemon
    {
        /** Makes folder if missing, and the identity in it. */
        explicit SigningDaemon (const std::filesystem::path& folder);

        /** The message with a fresh id and the time, signed. */
        [[nodiscard]] v1::SignedHubMessage seal (v1::HubMessage message) const;

        Identity identity;
    };

    /** A real track's manifest: its tags as earshotd reads them, its torrent as earshotd makes it,
        with the title and genre given. */
    [[nodiscard]] TrackManifest hubManifestOf (const std::string& media, const std::string& title, const std::string& genre);

    /** A listen to trackId past the points' threshold. */
    [[nodiscard]] v1::HubMessage listenMessage (const std::string& trackId);
    /** The receipt `listener` signed for a pass of trackId from `sender`, as the sender reports it. */
    [[nodiscard]] v1::HubMessage passLandedMessage (const SigningDaemon& sender, const SigningDaemon& listener, const std::string& trackId);

    /** Files one signed message with the hub; counted, when given, says whether it counted. */
    grpc::Status submitToHub (v1::Hub::Stub& hub, const v1::SignedHubMessage& message, bool* counted = nullptr);
    /** The artist releases the track under artistName. */
    grpc::Status releaseOnHub (v1::Hub::Stub& hub, const SigningDaemon& artist, const TrackManifest& manifest, const std::string& artistName);
    /** The listener heard the track past the points' threshold; counted as submitToHub. */
    grpc::Status listenOnHub (v1::Hub::Stub& hub, const SigningDaemon& listener, const std::string& trackId, bool* counted = nullptr);
} // namespace earshot::testing
