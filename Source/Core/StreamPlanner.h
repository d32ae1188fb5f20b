#pragma once

#include "AudioFormat.h"
#include "ContainerLayout.h"

#include <cstdint>
#include <vector>

namespace earshot
{
    /** Where one file sits in its torrent: the planner thinks in file bytes, libtorrent in pieces. */
    struct FileGeometry
    {
        /** Offset of the file's first byte within the torrent's concatenated data. */
        std::uint64_t offsetInTorrent = 0;
        std::uint64_t fileSize = 0;
        /** The torrent's piece length (every piece but the last has it). */
        std::uint64_t pieceLength = 0;
        /** Total bytes in the torrent (all files), which fixes the last piece's size. */
        std::uint64_t torrentSize = 0;

        [[nodiscard]] int numPieces() const noexcept;
        /** The piece holding the file's byte at fileOffset (clamped into the file). */
        [[nodiscard]] int pieceForFileOffset (std::uint64_t fileOffset) const noexcept;
        /** The file-relative byte range [begin, end) of the file's bytes that lie in piece. */
        [[nodiscard]] std::uint64_t fileBytesBeginInPiece (int piece) const noexcept;
        [[nodiscard]] std::uint64_t fileBytesEndInPiece (int piece) const noexcept;
        /** First and last piece (inclusive) covering the file; first > last for an empty file. */
        [[nodiscard]] int firstPiece() const noexcept;
        [[nodiscard]] int lastPiece() const noexcept;
    };

    /** What a stream needs fetched, and by when. */
    struct PieceDeadline
    {
        int piece = 0;
        /** Milliseconds from now by which the piece should be on disk. */
        int deadlineMs = 0;
        /** Why the planner wants it, for diagnostics and the UI's critical window. */
        enum class Reason
        {
            header,
            tail,
            window
        } reason = Reason::window;

        bool operator== (const PieceDeadline&) const = default;
    };

    /** The inputs of one plan. */
    struct StreamPlanRequest
    {
        FileGeometry geometry;
        AudioFormat format = AudioFormat::unknown;
        ContainerLayout layout;
        /** Average bytes of the file per second of audio (see bytesPerSecondOfAudio). */
        std::uint64_t bytesPerSecond = 0;
        /** File-relative offset the reader is at now. */
        std::uint64_t readOffset = 0;
        /** How many seconds of audio ahead of the reader get deadlines. */
        double windowSeconds = 8.0;
        /** Deadline given to the first piece the reader needs; later ones are staggered after it. */
        int firstDeadlineMs = 0;
        /** Whether the header and tail are still wanted (a reader that opened the file has them). */
        bool includeHeaderAndTail = true;
    };

    /** Decides which pieces get deadlines and when, from the file's place in the torrent, its format,
    bitrate and the read offset: the header pieces first, then the pieces the reader needs now,
    then the tail where the format reads it on open, then the rest of the critical window with
    deadlines staggered by when the playhead reaches each piece. Pure: no I/O, no clocks.

    Every piece appears at most once (with its earliest deadline), the result is sorted by
    deadline then piece, and only pieces that hold bytes of this file are named. */
    [[nodiscard]] std::vector<PieceDeadline> planStream (const StreamPlanRequest& request);

    /** A run of a stream's pieces and the download priority (libtorrent's 1..7) they get. */
    struct PriorityBand
    {
        int firstPiece = 0;
        /** Inclusive. */
        int lastPiece = 0;
        int priority = 4;

        bool operator== (const PriorityBand&) const = default;
    };

    /** The priority of a piece that holds audio secondsAhead of the reader, past its deadlines:
    the window's (windowSeconds) 5, above libtorrent's default 4, then one step lower for each
    band further on (the next 30 s, then 60 s, then 120 s), 1 beyond them and behind the reader.
    libtorrent fetches pieces of one priority in no particular order: one priority for the whole
    file let the bytes in playback order lag what was downloaded, by up to the whole file. */
    [[nodiscard]] int lookaheadPriority (double secondsAhead, double windowSeconds) noexcept;

    /** The whole file's pieces in bands of lookaheadPriority from the request's read offset (header
    and tail are the deadlines' business), first piece first. Empty for an empty file. Pure. */
    [[nodiscard]] std::vector<PriorityBand> planPriorities (const StreamPlanRequest& request);
} // namespace earshot
