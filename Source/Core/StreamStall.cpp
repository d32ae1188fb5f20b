#include "StreamStall.h"

#include <algorithm>
#include <cstdio>

namespace earshot
{
    namespace
    {
        std::string count (int n, const char* thing)
        {
            return std::to_string (n) + " " + thing + (n == 1 ? "" : "s");
        }

        std::string pieceName (std::optional<int> piece)
        {
            return piece ? "piece " + std::to_string (*piece) : std::string ("the piece it needs");
        }

        /** "the connected peer has", "all 3 connected peers have", "1 of the 3 connected peers has". */
        std::string holders (int have, int peers)
        {
            if (have >= peers)
                return peers == 1 ? "the one connected peer has" : "all " + std::to_string (peers) + " connected peers have";
            return std::to_string (have) + " of the " + count (peers, "connected peer") + (have == 1 ? " has" : " have");
        }

        const char* const whatToDo = "connect a peer that has the track with `earshot connect IP:PORT`";

        /** What else went wrong with this track's peers, for a swarm that still has some. */
        std::string corruptionNote (const TrackStatus& status)
        {
            if (status.bannedPeers > 0)
                return "; " + count (status.bannedPeers, "other peer") + (status.bannedPeers == 1 ? " was" : " were") + " banned for sending data that failed its hash check";
            if (status.hashFailures > 0)
                return "; " + count (status.hashFailures, "piece") + " failed " + (status.hashFailures == 1 ? "its" : "their") + " hash check (corrupt data from a peer)";
            return {};
        }
    } // namespace

    std::optional<int> pieceOfFileOffset (const TrackStatus& status, std::uint64_t fileOffset) noexcept
    {
        if (status.pieceLength == 0)
            return std::nullopt;
        auto piece = (status.fileStartInPiece + fileOffset) / status.pieceLength;
        if (! status.pieces.empty())
            piece = std::min<std::uint64_t> (piece, status.pieces.size() - 1);
        return static_cast<int> (piece);
    }

    std::string stallCause (const TrackStatus& status, std::optional<int> piece)
    {
        switch (status.state)
        {
            case TrackState::error:
                return "the track's download failed: " + (status.error.empty() ? std::string ("libtorrent gave no reason") : status.error);
            case TrackState::checking:
                return "the daemon is still checking the track's data on disk";
            case TrackState::fetchingMetadata:
                if (status.peers == 0)
                    return std::string ("no peers are connected, so the torrent's metadata cannot arrive; ") + whatToDo;
                return count (status.peers, "connected peer") + (status.peers == 1 ? " has" : " have") + " not sent the torrent's metadata";
            case TrackState::unknown:
            case TrackState::downloading:
            case TrackState::seeding:
                break;
        }

        const auto name = pieceName (piece);
        if (piece && *piece >= 0 && static_cast<std::size_t> (*piece) < status.pieces.size() && status.pieces[static_cast<std::size_t> (*piece)])
            return name + " is here but the daemon has not sent it; try again";

        if (status.peers <= 0)
        {
            if (status.bannedPeers > 0)
                return "no peers are connected: " + count (status.bannedPeers, "peer") + (status.bannedPeers == 1 ? " was" : " were")
                       + " banned for sending data that failed its hash check (corrupt data), and no other peer has " + name + "; " + whatToDo;
            return "no peers are connected, so no one can send " + name + "; " + whatToDo;
        }

        const bool availabilityKnown = piece && *piece >= 0 && static_cast<std::size_t> (*piece) < status.availability.size();
        const int have = availabilityKnown ? status.availability[static_cast<std::size_t> (*piece)] : -1;
        if (have == 0)
            return "none of the " + count (status.peers, "connected peer") + " has " + name + corruptionNote (status) + "; " + whatToDo;

        const auto who = have > 0 ? holders (have, status.peers) + " " + name : count (status.peers, "peer") + (status.peers == 1 ? " is" : " are") + " connected";
        if (status.peersUnchokingUs <= 0)
            return who + ", but " + (status.peers == 1 ? "it is" : "all of them are") + " choking us (not sending to us yet)" + corruptionNote (status);
        return who + " and " + std::to_string (status.peersUnchokingUs) + (status.peersUnchokingUs == 1 ? " unchokes" : " unchoke") + " us, but none has sent "
               + name + corruptionNote (status);
    }

    std::string describeStall (const StreamStall& stall)
    {
        const auto ms = stall.waited.count();
        char seconds[32];
        if (ms % 1000 == 0)
            std::snprintf (seconds, sizeof (seconds), "%lld s", static_cast<long long> (ms / 1000));
        else
            std::snprintf (seconds, sizeof (seconds), "%.1f s", static_cast<double> (ms) / 1000.0);

        std::optional<int> piece;
        if (stall.status)
            piece = pieceOfFileOffset (*stall.status, stall.byteOffset);

        auto text = "no bytes of track " + stall.trackId + " arrived for " + seconds + " (waiting at byte " + std::to_string (stall.byteOffset) + " of "
                    + std::to_string (stall.fileSize) + (piece ? ", piece " + std::to_string (*piece) : std::string()) + "): ";
        if (stall.status)
            return text + stallCause (*stall.status, piece);
        return text + "the daemon could not say why (" + (stall.statusError.empty() ? std::string ("it did not answer") : stall.statusError) + ")";
    }
} // namespace earshot
