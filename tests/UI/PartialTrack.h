#pragma once

// A track part of the way through its download, as a listener's daemon reports it while it fetches
// from one seeder: what the piece map and the player bar are drawn from.

#include "Core/TrackStatus.h"

namespace earshot::testing
{
    /** 640 pieces: the opening fetched in order (the stream's window), then rarest-first leaving
        every third piece of the middle, the end still missing; every piece on the one seeder. */
    inline TrackStatus partlyDownloaded()
    {
        TrackStatus status;
        status.state = TrackState::downloading;
        status.pieces.assign (640, false);
        int verified = 0;
        for (std::size_t piece = 0; piece < status.pieces.size(); ++piece)
        {
            status.pieces[piece] = piece < 160 || (piece < 400 && piece % 3 == 0);
            verified += status.pieces[piece] ? 1 : 0;
        }
        status.progress = verified / 640.0;
        status.pieceLength = 16384;
        status.totalBytes = 640 * status.pieceLength;
        status.bytesDone = static_cast<std::uint64_t> (verified) * status.pieceLength;
        status.availability.assign (640, 1);
        status.peers = 1;
        status.seeds = 1;
        status.peersUnchokingUs = 1;
        status.downloadRate = 1'024'000;
        return status;
    }
} // namespace earshot::testing
