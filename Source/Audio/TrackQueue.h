#pragma once

#include "Client/DaemonClient.h"
#include "Client/TrackInputStream.h"

#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace earshot
{
    /** The tracks a player plays after the current one, and the stream of the next, opened early (as
        juce::BufferingAudioSource reads ahead of its reader) so the daemon fetches its start while the
        current track still plays.

        Used by the player's decode thread, except cancel(), which any thread may call. */
    class TrackQueue final
    {
    public:
        /** A track with its stream, ready to decode. */
        struct OpenTrack
        {
            ClientTrack track;
            std::shared_ptr<TrackInputStream> stream;
        };

        TrackQueue (std::shared_ptr<DaemonClient> client, TrackInputStream::Options streamOptions);

        void add (const std::string& trackId);
        /** Forgets the queued tracks; a prefetched stream is kept until clearPrefetch(). */
        void clear() noexcept;
        [[nodiscard]] bool empty() const noexcept { return tracks.empty(); }
        /** Takes the next track's id off the queue. */
        [[nodiscard]] std::string takeNext();

        /** Starts the stream of the queue's next track, unless it is started or the queue is empty.
            A failure is left for open() to report when the track is due. */
        void prefetchNext();
        /** Drops the prefetched stream. */
        void clearPrefetch();

        /** A track (an id or a unique prefix) with its stream: the prefetched one when it is that
            track, else asked of the daemon. Throws Error when the daemon cannot give it. */
        [[nodiscard]] OpenTrack open (const std::string& trackId);

        /** Makes the prefetched stream's reads return at once; from any thread. */
        void cancel();

    private:
        void setPrefetch (std::optional<OpenTrack> next);

        const std::shared_ptr<DaemonClient> client;
        const TrackInputStream::Options streamOptions;
        std::deque<std::string> tracks;
        std::optional<OpenTrack> prefetched;

        /** The prefetched stream, for cancel() on another thread. */
        std::mutex streamMutex;
        TrackInputStream* prefetchStream = nullptr;
    };
} // namespace earshot
