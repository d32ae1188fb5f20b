#pragma once

#include "Daemon/Prebuffer.h"
#include "Daemon/TrackLibrary.h"

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace earshot
{
    /** Tracks fetched ahead of a play: the rows of a chart or a search a listener has on screen.
        Each becomes a preview in the library (fetched like any track and seeded, kept out of the
        library's list until played) and has its opening seconds fetched by a Prebuffer of its
        own, so pressing play starts from local data. At most maxPreviews are kept: more drop
        the least recently prefetched ones that nobody played, torrent and files. Previews are
        library records like any other, so they survive a restart (their openings are on disk)
        and stay bounded across it. Thread-safe; prefetches run one at a time. */
    class Previews final
    {
    public:
        /** Previews kept at most. */
        static constexpr std::size_t maxPreviews = 32;

        /** library must outlive this. */
        explicit Previews (TrackLibrary& library);

        /** Adds each track as a preview (a track already here stays as it is, a preview moves to
            the back of the order) and queues its opening, most likely first as given; then drops
            the oldest previews beyond maxPreviews. Only the first maxPreviews manifests are
            taken; one the library refuses (not a valid manifest) is skipped. Returns the ids
            whose openings are being fetched or are here. */
        std::vector<std::string> prefetch (const std::vector<TrackManifest>& manifests);

    private:
        /** Drops the least recently prefetched previews beyond the bound, but none of keep. */
        void dropOldest (const std::vector<std::string>& keep);

        TrackLibrary& library;
        Prebuffer prebuffer;
        std::mutex mutex;
    };
} // namespace earshot
