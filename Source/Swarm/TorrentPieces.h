#pragma once

#include "PieceControl.h"

#include <libtorrent/bitfield.hpp>
#include <libtorrent/torrent_handle.hpp>
#include <libtorrent/torrent_status.hpp>

#include <optional>
#include <string_view>

namespace earshot
{
    /** The deadline scheduler's view of one libtorrent torrent, for one replan or one alert.
        Swarm thread only.

        Every question a torrent_handle answers is a round trip to libtorrent's network thread,
        which the swarm thread waits for; a replan of many streams asked have_piece dozens of times,
        and on a busy machine each answer took milliseconds while every stream's next bytes waited
        behind the swarm thread. So the pieces held are asked for once, on the first havePiece, and
        answered from that snapshot for the rest of this object's short life. The commands
        (deadlines, priorities, reads) are posted to libtorrent without waiting. */
    /** Whether a peer's client (libtorrent's peer_info::client: the name its peer id's fingerprint
        gives, "libtorrent 2.0.8" for an Earshot daemon, or its extension handshake's) is built on
        libtorrent-rasterbar: Earshot, libtorrent itself, qBittorrent, Deluge. Such a peer answers a
        cancelled request (see piecesNotToCancel). */
    [[nodiscard]] bool buildsOnLibtorrent (std::string_view client) noexcept;

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
        /** Pieces with blocks being written, or requested from a peer whose client is not built on
            libtorrent-rasterbar. libtorrent answers a cancel with the block or a reject (BEP 6)
            and the piece can be asked for again; Transmission 3.00 answers with nothing, and
            libtorrent then never asks that peer for the piece again. Two round trips when
            anything is in flight (the download queue, then the peers), one otherwise. */
        [[nodiscard]] std::set<int> piecesNotToCancel() const override;

        /** How many times this view asked libtorrent's thread and waited for the answer. */
        [[nodiscard]] int roundTrips() const noexcept { return asked; }

    private:
        lt::torrent_handle handle;
        /** The pieces held when first asked (libtorrent's status, query_pieces). */
        mutable std::optional<lt::typed_bitfield<lt::piece_index_t>> held;
        mutable int asked = 0;
    };
} // namespace earshot
