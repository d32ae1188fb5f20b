#pragma once

#include "TrackStatus.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace earshot
{
    /** What is known when a stream of a track has had no new byte for a while: where it waits, for
        how long, and what the daemon says about the track's swarm. */
    struct StreamStall
    {
        /** The track id (or the prefix the user gave). */
        std::string trackId;
        /** The file offset of the first byte the stream waits for, and the file's size. */
        std::uint64_t byteOffset = 0;
        std::uint64_t fileSize = 0;
        /** How long no new byte has arrived. */
        std::chrono::milliseconds waited { 0 };
        /** The daemon's status of the track, when it could be asked. */
        std::optional<TrackStatus> status;
        /** Why the status could not be had, when it could not. */
        std::string statusError;
    };

    /** The file-relative piece (TrackStatus's numbering) that holds the file's byte at fileOffset,
        or nothing when the status does not know the torrent's piece length yet. */
    [[nodiscard]] std::optional<int> pieceOfFileOffset (const TrackStatus& status, std::uint64_t fileOffset) noexcept;

    /** Why the swarm sends nothing for the piece a stream waits on, from the track's status: no
        peers (and how many were banned for corrupt data), none that has the piece, peers that have
        it but choke us, or peers that should send but do not. Names the piece. Pure. */
    [[nodiscard]] std::string stallCause (const TrackStatus& status, std::optional<int> piece);

    /** The whole message for a stream that made no progress, as `earshot cat`, `earshot play` and
        the player show it: "no bytes of track T arrived for S s (waiting at byte B of N, piece P):
        <cause>". Pure. */
    [[nodiscard]] std::string describeStall (const StreamStall& stall);
} // namespace earshot
