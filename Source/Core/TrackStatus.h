#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace earshot
{
    /** Where a track stands, as the library reports it. */
    enum class TrackState
    {
        unknown,
        fetchingMetadata,
        checking,
        downloading,
        seeding,
        error
    };

    /** A snapshot of a track in the swarm: the daemon takes one a few times a second. */
    struct TrackStatus
    {
        TrackState state = TrackState::unknown;
        double progress = 0.0;
        std::uint64_t bytesDone = 0;
        std::uint64_t totalBytes = 0;
        /** One flag per piece of the torrent: verified or not. */
        std::vector<bool> pieces;
        int peers = 0;
        int seeds = 0;
        std::uint64_t downloadRate = 0;
        std::uint64_t uploadRate = 0;
        std::uint64_t totalUploaded = 0;
        std::vector<int> deadlinePieces;
        std::vector<int> availability; ///< per piece, how many connected peers have it (empty when unknown)
        std::string error;
    };
} // namespace earshot
