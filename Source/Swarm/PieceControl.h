#pragma once

#include <set>

namespace earshot
{
    /** What the deadline scheduler does to a torrent's pieces: libtorrent's torrent_handle in the
        swarm (TorrentPieces), a fake that records the calls in tests. Swarm thread only. */
    class PieceControl
    {
    public:
        /** libtorrent's default download priority; 0 is "do not download", 7 the top. */
        static constexpr int defaultPriority = 4;

        virtual ~PieceControl() = default;

        /** The piece is verified (libtorrent's have_piece). */
        [[nodiscard]] virtual bool havePiece (int piece) const = 0;
        /** Asks for the piece's bytes; a read_piece_alert brings them. */
        virtual void readPiece (int piece) = 0;
        /** libtorrent's set_piece_deadline, which also raises the piece to the top priority. */
        virtual void setDeadline (int piece, int milliseconds, bool alertWhenAvailable) = 0;
        virtual void resetDeadline (int piece) = 0;
        /** A download priority from 0 to 7. */
        virtual void setPriority (int piece, int priority) = 0;
        /** The pieces that dropping a deadline must not cancel: those with blocks being written
            now, or requested from a peer that may leave a cancel unanswered (see
            TorrentPieces::piecesNotToCancel). */
        [[nodiscard]] virtual std::set<int> piecesNotToCancel() const = 0;
    };
} // namespace earshot
