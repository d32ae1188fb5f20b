#pragma once

#include "Core/ChartScore.h"
#include "Core/TrackManifest.h"
#include "Core/TrackStatus.h"
#include "earshot/v1/hub.pb.h"
#include "earshot/v1/library.pb.h"
#include "earshot/v1/news.pb.h"

#include <vector>

namespace earshot
{
    /** Conversions between Core's types and the generated earshot.v1 messages, used at the edges
        (Daemon, Client) so that nothing inside depends on generated code. */
    [[nodiscard]] v1::AudioFormat toProto (AudioFormat format) noexcept;
    [[nodiscard]] AudioFormat fromProto (v1::AudioFormat format) noexcept;

    void toProto (const TrackMetadata& metadata, v1::TrackMetadata& out);
    /** As toProto (const TrackMetadata&), moving the strings. */
    void toProto (TrackMetadata&& metadata, v1::TrackMetadata& out);
    [[nodiscard]] TrackMetadata fromProto (const v1::TrackMetadata& metadata);

    void toProto (const TrackManifest& manifest, v1::TrackManifest& out);
    /** As toProto (const TrackManifest&), moving the manifest's strings (its info dictionary
        above all) into out rather than copying them. */
    void toProto (TrackManifest&& manifest, v1::TrackManifest& out);
    [[nodiscard]] TrackManifest fromProto (const v1::TrackManifest& manifest);

    [[nodiscard]] v1::TrackState toProto (TrackState state) noexcept;
    [[nodiscard]] TrackState fromProto (v1::TrackState state) noexcept;

    /** The piece flags travel as BitTorrent's bitfield: most significant bit first. */
    void toProto (const TrackStatus& status, v1::TrackStatus& out);
    [[nodiscard]] TrackStatus fromProto (const v1::TrackStatus& status);

    [[nodiscard]] v1::ChartPeriod toProto (ChartPeriod period) noexcept;

    /** A release post sends an album's info dictionary once: tracks of one torrent after the
        first leave theirs empty. This gives each such track the dictionary of the earlier track
        of its torrent (a track with no earlier one keeps an empty dictionary, which no manifest
        check passes). */
    void fillReleaseDictionaries (v1::NewRelease& release);
    /** The release's tracks as manifests, each with its dictionary (fillReleaseDictionaries). */
    [[nodiscard]] std::vector<TrackManifest> releaseTracksOf (v1::NewRelease release);
} // namespace earshot
