#include "TorrentPieces.h"

#include <vector>

namespace earshot
{
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

    std::set<int> TorrentPieces::piecesInFlight() const
    {
        ++asked;
        std::set<int> inFlight;
        std::vector<lt::partial_piece_info> queue;
        handle.get_download_queue (queue);
        for (const auto& partial : queue)
            if (partial.requested > 0 || partial.writing > 0)
                inFlight.insert (static_cast<int> (partial.piece_index));
        return inFlight;
    }
} // namespace earshot
