#pragma once

#include "Core/Error.h"
#include "Core/StreamPlanner.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace earshot
{
    /** The state of one Stream call: where the reader is, and the verified pieces waiting to be sent.

        The swarm thread delivers pieces and failures; the reader (a gRPC reactor) takes bytes in file
        order. Both sides lock a small mutex for a copy at most; nothing here touches libtorrent or
        the disk. A listener set by the reader is called on the swarm thread whenever there may be
        something new to take; detach() guarantees it is never called again once it returns. */
    class StreamCursor final
    {
    public:
        StreamCursor (std::string trackId, FileGeometry geometry, std::uint64_t offset, double windowSeconds, bool wantsHeaderAndTail);

        [[nodiscard]] const std::string& trackId() const noexcept { return id; }
        [[nodiscard]] const FileGeometry& geometry() const noexcept { return fileGeometry; }
        [[nodiscard]] double windowSeconds() const noexcept { return window; }
        [[nodiscard]] bool wantsHeaderAndTail() const noexcept { return headerAndTail; }

        /** The file offset of the next byte the reader will take. Any thread. */
        [[nodiscard]] std::uint64_t position() const noexcept { return readPosition.load(); }
        /** True once every byte up to the end of the file has been taken. */
        [[nodiscard]] bool atEnd() const noexcept { return position() >= fileGeometry.fileSize; }

        /** Sets the function called (on the swarm thread) when bytes or a failure may be waiting. */
        void setListener (std::function<void()> listener);
        /** Stops the listener being called; once this returns it never runs again. */
        void detach();

        /** Reader side: moves up to maxBytes contiguous bytes at position() into out (replacing its
            contents) and advances. Returns false when nothing is ready yet. Throws the stream's
            failure, if it has failed. */
        bool take (std::string& out, std::size_t maxBytes);

        /** Swarm side: a verified piece's bytes. Pieces behind the reader are ignored. */
        void deliverPiece (int piece, const char* data, std::size_t size);
        /** Swarm side: a verified piece's bytes, shared with the other streams that want them (one
            copy of a piece however many streams read it). Pieces behind the reader are ignored. */
        void deliverPiece (int piece, std::shared_ptr<const std::string> bytes);
        /** Swarm side: the stream cannot go on (the track was removed, the torrent failed). */
        void fail (Error error);

        /** True when the reader will need piece's bytes soon and does not hold them. Swarm thread. */
        [[nodiscard]] bool needsPiece (int piece, int lastWindowPiece) const;

    private:
        void notify();

        const std::string id;
        const FileGeometry fileGeometry;
        const double window;
        const bool headerAndTail;

        std::atomic<std::uint64_t> readPosition;

        mutable std::mutex mutex;
        std::map<int, std::shared_ptr<const std::string>> pieces;
        std::optional<Error> failure;

        std::mutex listenerMutex;
        std::function<void()> onReady;
    };
} // namespace earshot
