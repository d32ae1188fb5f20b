#pragma once

#include "PieceControl.h"

#include <libtorrent/torrent_handle.hpp>

namespace earshot
{
    /** The deadline scheduler's view of one libtorrent torrent. Swarm thread only. */
    class TorrentPieces final : public PieceControl
    {
    public:
        explicit TorrentPieces (lt::torrent_handle torrent)
            : handle (std::move (torrent)) {}

        [[nodiscard]] bool havePiece (int piece) const override;
        void readPiece (int piece) override;
        void setDeadline (int piece, int milliseconds, bool alertWhenAvailable) override;
        void resetDeadline (int piece) override;
        void setPriority (int piece, int priority) override;
        [[nodiscard]] std::set<int> piecesInFlight() const override;

    private:
        lt::torrent_handle handle;
    };
} // namespace earshot
