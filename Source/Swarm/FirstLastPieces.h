#pragma once

#include <cstdint>
#include <vector>

namespace earshot
{
    /** The pieces the "first and last pieces first" strategy raises to the top priority for one file
        of a torrent, as qBittorrent's option of that name and vlc-bittorrent do: the pieces holding
        the file's first and last 1% (at least one piece at each end; a media player reads the
        header first and often an index at the end). The rest of the file is left to libtorrent's
        rarest-first picker. A baseline for bench/, not how Earshot streams.

        firstPiece and lastPiece: the pieces holding the file's first and last byte. Returns the
        pieces in ascending order, each once. */
    [[nodiscard]] std::vector<int> firstAndLastPieces (int firstPiece, int lastPiece, std::uint64_t fileSize, std::uint64_t pieceLength);
} // namespace earshot
