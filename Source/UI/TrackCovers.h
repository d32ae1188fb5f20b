#pragma once

#include "UI/DaemonFeed.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <map>
#include <memory>
#include <string>

namespace earshot
{
    /** Tracks' cover thumbnails by track id, for every view that draws a track (Discover, the
        library, the inbox, the player bar). Views ask find() while they paint; the first ask for a
        track fetches its cover through the feed (DaemonClient::cover: the library's tags when the
        track is here, else the hub) and decodes it on the feed's worker, never on the message
        thread. When one arrives the cache broadcasts a change, and the views listening repaint.
        A track without a cover keeps its letter tile; a fetch that failed (the daemon away) is
        tried again a little later. Message thread only. */
    class TrackCovers final : public juce::ChangeBroadcaster
    {
    public:
        TrackCovers();
        ~TrackCovers() override;

        /** Where covers are fetched from; none (the default): only what put() holds. The feed must
            outlive this cache, or be replaced first. */
        void setFeed (DaemonFeed* newFeed) noexcept { feed = newFeed; }

        /** The track's cover, or an invalid image while it is being fetched or when it has none. */
        [[nodiscard]] juce::Image find (const std::string& trackId);
        /** Stores a cover (a decoded one, or an invalid image for a track that has none). */
        void put (const std::string& trackId, juce::Image cover);

        /** JPEG or PNG bytes as an image no larger than maxSide on either side; invalid when the
            bytes are no image. Any thread. */
        [[nodiscard]] static juce::Image decode (const std::string& bytes, int maxSide = thumbnailSide);
        static constexpr int thumbnailSide = 192;
        /** How long a failed fetch waits before the next ask tries again. */
        static constexpr juce::uint32 retryMs = 15000;

    private:
        struct Entry
        {
            juce::Image image;
            bool fetching = false;
            /** When a failed fetch may be tried again; 0: it did not fail. */
            juce::uint32 retryAtMs = 0;
        };

        void fetch (const std::string& trackId);

        DaemonFeed* feed = nullptr;
        std::map<std::string, Entry> entries;
        /** Lets a fetch that ends after this cache is gone find nothing to fill. */
        std::shared_ptr<TrackCovers*> self;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (TrackCovers)
    };
} // namespace earshot
