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
        /** Connected peers that are not choking us: the ones we may ask for pieces. */
        int peersUnchokingUs = 0;
        /** Peers banned since the track was added (in this run of the daemon) for sending data that
            failed its hash check, and the pieces that failed it. */
        int bannedPeers = 0;
        int hashFailures = 0;
        /** The torrent's piece length, 0 while unknown (a magnet link's metadata has not arrived),
            and where the file's first byte sits in its first piece (non-zero only for a track of an
            album): together they map a file offset to a piece of `pieces` (pieceOfFileOffset). */
        std::uint64_t pieceLength = 0;
        std::uint64_t fileStartInPiece = 0;
    };

    /** Pieces as BitTorrent's bitfield (the API's piece_bitmap): a bit per piece, the first piece
        in the most significant bit of the first byte. */
    [[nodiscard]] inline std::string pieceBitmapOf (const std::vector<bool>& pieces)
    {
        std::string bytes ((pieces.size() + 7) / 8, '\0');
        for (std::size_t i = 0; i < pieces.size(); ++i)
            if (pieces[i])
                bytes[i / 8] = static_cast<char> (static_cast<unsigned char> (bytes[i / 8]) | (0x80u >> (i % 8)));
        return bytes;
    }
} // namespace earshot
