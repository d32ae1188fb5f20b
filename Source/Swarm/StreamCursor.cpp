#include "StreamCursor.h"

#include <algorithm>

namespace earshot
{
    StreamCursor::StreamCursor (std::string trackId, FileGeometry geometry, std::uint64_t offset, double windowSeconds, bool wantsHeaderAndTail)
        : id (std::move (trackId))
        , fileGeometry (geometry)
        , window (windowSeconds)
        , headerAndTail (wantsHeaderAndTail)
        , readPosition (std::min (offset, geometry.fileSize))
    {
    }

    void StreamCursor::setListener (std::function<void()> listener)
    {
        std::lock_guard lock (listenerMutex);
        onReady = std::move (listener);
    }

    void StreamCursor::detach()
    {
        std::lock_guard lock (listenerMutex);
        onReady = nullptr;
    }

    void StreamCursor::notify()
    {
        std::lock_guard lock (listenerMutex);
        if (onReady)
            onReady();
    }

    bool StreamCursor::take (std::string& out, std::size_t maxBytes)
    {
        out.clear();
        std::lock_guard lock (mutex);

        if (failure)
            throw *failure;

        auto position = readPosition.load();
        while (out.size() < maxBytes && position < fileGeometry.fileSize)
        {
            const int piece = fileGeometry.pieceForFileOffset (position);
            auto found = pieces.find (piece);
            if (found == pieces.end())
                break;

            // The buffer holds the whole piece; the file's bytes in it start at this torrent offset.
            const auto pieceStartInTorrent = static_cast<std::uint64_t> (piece) * fileGeometry.pieceLength;
            const auto torrentPosition = fileGeometry.offsetInTorrent + position;
            const auto inPiece = torrentPosition - pieceStartInTorrent;
            const auto fileEndInPiece = fileGeometry.fileBytesEndInPiece (piece);
            const auto& bytes = *found->second;
            const auto available = std::min<std::uint64_t> (fileEndInPiece - position, bytes.size() - inPiece);
            const auto count = std::min<std::uint64_t> (available, maxBytes - out.size());

            out.append (bytes, static_cast<std::size_t> (inPiece), static_cast<std::size_t> (count));
            position += count;

            if (position >= fileEndInPiece)
                pieces.erase (found);
        }

        // Drop anything the reader has passed (a piece delivered late, after a skip).
        pieces.erase (pieces.begin(), pieces.lower_bound (fileGeometry.pieceForFileOffset (position)));
        readPosition.store (position);
        return ! out.empty();
    }

    void StreamCursor::deliverPiece (int piece, const char* data, std::size_t size)
    {
        deliverPiece (piece, std::make_shared<const std::string> (data, size));
    }

    void StreamCursor::deliverPiece (int piece, std::shared_ptr<const std::string> bytes)
    {
        {
            std::lock_guard lock (mutex);
            if (piece < fileGeometry.pieceForFileOffset (readPosition.load()) || pieces.count (piece) != 0)
                return;
            pieces.emplace (piece, std::move (bytes));
        }
        notify();
    }

    void StreamCursor::fail (Error error)
    {
        {
            std::lock_guard lock (mutex);
            if (! failure)
                failure = std::move (error);
        }
        notify();
    }

    bool StreamCursor::needsPiece (int piece, int lastWindowPiece) const
    {
        if (atEnd())
            return false;
        const int current = fileGeometry.pieceForFileOffset (position());
        if (piece < current || piece > lastWindowPiece)
            return false;
        std::lock_guard lock (mutex);
        return pieces.count (piece) == 0;
    }
} // namespace earshot
