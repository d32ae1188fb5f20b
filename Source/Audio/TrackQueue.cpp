#include "TrackQueue.h"

namespace earshot
{
    TrackQueue::TrackQueue (std::shared_ptr<DaemonClient> clientToUse, TrackInputStream::Options options)
        : client (std::move (clientToUse))
        , streamOptions (options)
    {
    }

    void TrackQueue::add (const std::string& trackId)
    {
        tracks.push_back (trackId);
    }

    void TrackQueue::clear() noexcept
    {
        tracks.clear();
    }

    std::string TrackQueue::takeNext()
    {
        auto next = std::move (tracks.front());
        tracks.pop_front();
        return next;
    }

    void TrackQueue::prefetchNext()
    {
        if (tracks.empty() || prefetched)
            return;
        try
        {
            OpenTrack next;
            next.track = client->getTrack (tracks.front());
            next.stream = std::make_shared<TrackInputStream> (client, next.track.id, next.track.manifest.fileSize, streamOptions);
            setPrefetch (std::move (next));
        }
        catch (const Error&)
        {
            // The next track is opened again when it is due; its failure is reported then.
        }
    }

    void TrackQueue::clearPrefetch()
    {
        setPrefetch (std::nullopt);
    }

    TrackQueue::OpenTrack TrackQueue::open (const std::string& trackId)
    {
        if (prefetched && (prefetched->track.id == trackId || prefetched->track.id.starts_with (trackId)))
        {
            auto taken = std::move (*prefetched);
            setPrefetch (std::nullopt);
            return taken;
        }
        OpenTrack opened;
        opened.track = client->getTrack (trackId);
        if (opened.track.manifest.fileSize == 0)
            throw Error (ErrorCode::failedPrecondition, "track " + opened.track.id + " has no file size yet (its metadata has not arrived)");
        opened.stream = std::make_shared<TrackInputStream> (client, opened.track.id, opened.track.manifest.fileSize, streamOptions);
        return opened;
    }

    void TrackQueue::cancel()
    {
        std::lock_guard lock (streamMutex);
        if (prefetchStream != nullptr)
            prefetchStream->cancel();
    }

    void TrackQueue::setPrefetch (std::optional<OpenTrack> next)
    {
        {
            std::lock_guard lock (streamMutex);
            prefetchStream = next ? next->stream.get() : nullptr;
        }
        prefetched = std::move (next);
    }
} // namespace earshot
