#include "StreamPlanner.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>

namespace earshot
{
    namespace
    {
        /** Used when the caller has no bitrate: CD-quality PCM (1411 kbit/s), generous for any
        compressed format, so the window never covers fewer seconds than asked. */
        constexpr std::uint64_t fallbackBytesPerSecond = 176400;

        /** The tail is wanted on open, but only after the header and the first audio: a decoder reads
        the header, then seeks to the end for the length, then back. 100 ms keeps it just behind
        them in libtorrent's deadline order without letting it wait long. */
        constexpr int tailDeadlineDelayMs = 100;

        /** Between consecutive pieces of the header, and of the tail: enough to order them. */
        constexpr int rangeStepMs = 1;

        constexpr int maxPiece = std::numeric_limits<int>::max();

        int clampToInt (std::int64_t value) noexcept
        {
            return (int) std::clamp<std::int64_t> (value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
        }

        /** How long the playhead takes to play bytes, rounded down; saturates rather than overflows. */
        std::int64_t millisecondsOfAudio (std::uint64_t bytes, std::uint64_t bytesPerSecond) noexcept
        {
            const auto ms = bytes <= std::numeric_limits<std::uint64_t>::max() / 1000
                                ? bytes * 1000 / bytesPerSecond
                                : bytes / bytesPerSecond * 1000;
            return (std::int64_t) std::min<std::uint64_t> (ms, (std::uint64_t) std::numeric_limits<int>::max());
        }

        /** Header beats window beats tail when two rules give a piece the same deadline. */
        int reasonRank (PieceDeadline::Reason reason) noexcept
        {
            switch (reason)
            {
                case PieceDeadline::Reason::header:
                    return 0;
                case PieceDeadline::Reason::window:
                    return 1;
                case PieceDeadline::Reason::tail:
                    return 2;
            }

            return 3;
        }

        /** Keeps one entry per piece: the earliest deadline, and on a tie the stronger reason. */
        class DeadlineSet final
        {
        public:
            void add (int piece, int deadlineMs, PieceDeadline::Reason reason)
            {
                const auto [it, inserted] = byPiece.try_emplace (piece, PieceDeadline { piece, deadlineMs, reason });

                if (inserted)
                    return;

                auto& existing = it->second;

                if (deadlineMs < existing.deadlineMs
                    || (deadlineMs == existing.deadlineMs && reasonRank (reason) < reasonRank (existing.reason)))
                {
                    existing.deadlineMs = deadlineMs;
                    existing.reason = reason;
                }
            }

            [[nodiscard]] std::vector<PieceDeadline> sorted() const
            {
                std::vector<PieceDeadline> result;
                result.reserve (byPiece.size());

                for (const auto& entry : byPiece)
                    result.push_back (entry.second);

                std::stable_sort (result.begin(), result.end(), [] (const PieceDeadline& a, const PieceDeadline& b)
                                  { return a.deadlineMs != b.deadlineMs ? a.deadlineMs < b.deadlineMs : a.piece < b.piece; });
                return result;
            }

        private:
            std::map<int, PieceDeadline> byPiece;
        };
    } // namespace

    int FileGeometry::numPieces() const noexcept
    {
        if (pieceLength == 0 || torrentSize == 0)
            return 0;

        const auto pieces = torrentSize / pieceLength + (torrentSize % pieceLength != 0 ? 1 : 0);
        return (int) std::min<std::uint64_t> (pieces, (std::uint64_t) maxPiece);
    }

    int FileGeometry::pieceForFileOffset (std::uint64_t fileOffset) const noexcept
    {
        if (pieceLength == 0)
            return 0;

        const auto clamped = fileSize == 0 ? 0 : std::min (fileOffset, fileSize - 1);
        return (int) std::min<std::uint64_t> ((offsetInTorrent + clamped) / pieceLength, (std::uint64_t) maxPiece);
    }

    std::uint64_t FileGeometry::fileBytesBeginInPiece (int piece) const noexcept
    {
        if (piece < 0 || pieceLength == 0)
            return 0;

        const auto pieceBegin = (std::uint64_t) piece * pieceLength;
        return std::clamp (pieceBegin, offsetInTorrent, offsetInTorrent + fileSize) - offsetInTorrent;
    }

    std::uint64_t FileGeometry::fileBytesEndInPiece (int piece) const noexcept
    {
        if (piece < 0 || pieceLength == 0)
            return 0;

        // The last piece of the torrent is short: it ends at torrentSize, not at a piece boundary.
        const auto pieceEnd = std::min ((std::uint64_t) piece * pieceLength + pieceLength, torrentSize);
        const auto end = std::clamp (pieceEnd, offsetInTorrent, offsetInTorrent + fileSize) - offsetInTorrent;
        return std::max (end, fileBytesBeginInPiece (piece));
    }

    int FileGeometry::firstPiece() const noexcept
    {
        if (pieceLength == 0)
            return 0;

        return (int) std::min<std::uint64_t> (offsetInTorrent / pieceLength, (std::uint64_t) maxPiece);
    }

    int FileGeometry::lastPiece() const noexcept
    {
        if (pieceLength == 0 || fileSize == 0)
            return firstPiece() - 1;

        // A file claiming bytes past the torrent's end has no pieces there to fetch.
        const auto last = std::min<std::int64_t> ((std::int64_t) pieceForFileOffset (fileSize - 1), (std::int64_t) numPieces() - 1);
        return (int) std::max<std::int64_t> (last, (std::int64_t) firstPiece() - 1);
    }

    std::vector<PieceDeadline> planStream (const StreamPlanRequest& request)
    {
        const auto& geometry = request.geometry;
        const auto fileSize = geometry.fileSize;
        const auto firstPiece = geometry.firstPiece();
        const auto lastPiece = geometry.lastPiece();

        if (firstPiece > lastPiece)
            return {};

        const auto bytesPerSecond = request.bytesPerSecond > 0 ? request.bytesPerSecond : fallbackBytesPerSecond;
        const std::int64_t firstDeadline = request.firstDeadlineMs;
        DeadlineSet deadlines;

        // stepMs > 0 staggers a range's pieces in file order: a decoder reads a header or a tail from
        // its first byte, and libtorrent, given equal deadlines, fetches them in no particular order.
        const auto addRange = [&] (std::uint64_t begin, std::uint64_t end, std::int64_t deadlineMs, PieceDeadline::Reason reason, int stepMs = 0)
        {
            if (begin >= end)
                return;

            const auto first = geometry.pieceForFileOffset (begin);
            const auto last = std::min (geometry.pieceForFileOffset (end - 1), lastPiece);

            for (auto piece = first; piece <= last; ++piece)
                deadlines.add (piece, clampToInt (deadlineMs + (std::int64_t) (piece - first) * stepMs), reason);
        };

        if (request.includeHeaderAndTail)
            addRange (0, std::min (request.layout.headerBytes, fileSize), firstDeadline, PieceDeadline::Reason::header, rangeStepMs);

        const auto readOffset = request.readOffset;
        const bool readerInFile = readOffset < fileSize;

        if (readerInFile)
            addRange (readOffset, readOffset + 1, firstDeadline, PieceDeadline::Reason::window);

        if (request.includeHeaderAndTail && request.layout.tailBytes > 0)
        {
            const auto tailBytes = std::min (request.layout.tailBytes, fileSize);
            addRange (fileSize - tailBytes, fileSize, firstDeadline + tailDeadlineDelayMs, PieceDeadline::Reason::tail, rangeStepMs);
        }

        if (readerInFile)
        {
            const auto bytesLeft = fileSize - readOffset;
            const auto wantedBytes = std::isfinite (request.windowSeconds) && request.windowSeconds > 0
                                         ? request.windowSeconds * (double) bytesPerSecond
                                         : 0.0;
            const auto windowBytes = wantedBytes >= (double) bytesLeft ? bytesLeft : (std::uint64_t) wantedBytes;

            const auto readerPiece = geometry.pieceForFileOffset (readOffset);
            auto windowLast = windowBytes > 0 ? std::min (geometry.pieceForFileOffset (readOffset + windowBytes - 1), lastPiece)
                                              : readerPiece;

            // Two pieces at least, so a reader near the end of one never stalls at its boundary.
            if (windowLast == readerPiece && readerPiece < lastPiece)
                windowLast = readerPiece + 1;

            for (auto piece = readerPiece; piece <= windowLast; ++piece)
            {
                const auto pieceBegin = geometry.fileBytesBeginInPiece (piece);
                const auto bytesAhead = pieceBegin > readOffset ? pieceBegin - readOffset : 0;
                deadlines.add (piece, clampToInt (firstDeadline + millisecondsOfAudio (bytesAhead, bytesPerSecond)), PieceDeadline::Reason::window);
            }
        }

        return deadlines.sorted();
    }

    int lookaheadPriority (double secondsAhead, double windowSeconds) noexcept
    {
        if (! (secondsAhead >= 0.0))
            return 1;
        const auto window = std::isfinite (windowSeconds) ? std::max (0.0, windowSeconds) : 0.0;
        // Each band ends this many seconds past the window; one step down at each.
        constexpr std::array<double, 3> bandEnds { 30.0, 90.0, 210.0 };
        if (secondsAhead < window)
            return 5;
        int priority = 4;
        for (const auto end : bandEnds)
        {
            if (secondsAhead < window + end)
                return priority;
            --priority;
        }
        return priority;
    }

    std::vector<PriorityBand> planPriorities (const StreamPlanRequest& request)
    {
        const auto& geometry = request.geometry;
        const auto firstPiece = geometry.firstPiece();
        const auto lastPiece = geometry.lastPiece();
        if (firstPiece > lastPiece)
            return {};

        const auto bytesPerSecond = request.bytesPerSecond > 0 ? request.bytesPerSecond : fallbackBytesPerSecond;
        const auto readOffset = std::min (request.readOffset, geometry.fileSize);
        const auto readerPiece = readOffset < geometry.fileSize ? geometry.pieceForFileOffset (readOffset) : lastPiece + 1;

        std::vector<PriorityBand> bands;
        for (auto piece = firstPiece; piece <= lastPiece; ++piece)
        {
            int priority = 1;
            if (piece >= readerPiece)
            {
                const auto begin = geometry.fileBytesBeginInPiece (piece);
                const auto bytesAhead = begin > readOffset ? begin - readOffset : 0;
                priority = lookaheadPriority ((double) bytesAhead / (double) bytesPerSecond, request.windowSeconds);
            }
            if (! bands.empty() && bands.back().priority == priority)
                bands.back().lastPiece = piece;
            else
                bands.push_back ({ piece, piece, priority });
        }
        return bands;
    }
} // namespace earshot
