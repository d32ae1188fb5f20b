#include "TorrentPieces.h"

#include <vector>

namespace earshot
{
    bool buildsOnLibtorrent (std::string_view client) noexcept
    {
        // Case matters: rtorrent's library calls itself "libTorrent".
        for (const std::string_view name : { "Earshot", "libtorrent ", "libtorrent/", "qBittorrent", "Deluge" })
            if (client.starts_with (name))
                return true;
        return false;
    }

    bool TorrentPieces::havePiece (int piece) const
    {
        if (! held)
        {
            ++asked;
            held = handle.status (lt::torrent_handle::query_pieces).pieces;
        }
        const lt::piece_index_t index { piece };
        return piece >= 0 && index < held->end_index() && (*held)[index];
    }

    void TorrentPieces::readPiece (int piece)
    {
        handle.read_piece (lt::piece_index_t { piece });
    }

    void TorrentPieces::setDeadline (int piece, int milliseconds, bool alertWhenAvailable)
    {
        handle.set_piece_deadline (lt::piece_index_t { piece }, milliseconds, alertWhenAvailable ? lt::torrent_handle::alert_when_available : lt::deadline_flags_t {});
    }

    void TorrentPieces::resetDeadline (int piece)
    {
        handle.reset_piece_deadline (lt::piece_index_t { piece });
    }

    void TorrentPieces::setPriority (int piece, int priority)
    {
        handle.piece_priority (lt::piece_index_t { piece }, lt::download_priority_t { static_cast<std::uint8_t> (priority) });
    }

    std::set<int> TorrentPieces::piecesNotToCancel() const
    {
        ++asked;
        std::set<int> keep;
        std::vector<lt::partial_piece_info> queue;
        handle.get_download_queue (queue);
        if (queue.empty())
            return keep;

        ++asked;
        std::vector<lt::peer_info> peers;
        handle.get_peer_info (peers);
        std::set<lt::tcp::endpoint> answerCancels;
        for (const auto& peer : peers)
            if (buildsOnLibtorrent (peer.client))
                answerCancels.insert (peer.ip);

        for (const auto& partial : queue)
        {
            bool held = partial.writing > 0;
            for (int block = 0; block < partial.blocks_in_piece && ! held; ++block)
                held = partial.blocks[block].state == lt::block_info::requested && answerCancels.count (partial.blocks[block].peer()) == 0;
            if (held)
                keep.insert (static_cast<int> (partial.piece_index));
        }
        return keep;
    }
} // namespace earshot
