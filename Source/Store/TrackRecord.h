#pragma once

#include "Core/TrackManifest.h"

#include <cstdint>
#include <string>
#include <vector>

namespace earshot
{
    /** A track in the daemon's library, as TrackStore keeps it: the manifest, which says
    what the bytes are, and what this daemon does with them. Its id is trackIdOf (manifest). */
    struct TrackRecord
    {
        TrackManifest manifest;
        /** The folder libtorrent saves into. */
        std::string savePath;
        /** True when this daemon published it from the user's own file. */
        bool published = false;
        /** When it joined the library, in milliseconds since the Unix epoch. */
        std::int64_t addedAtUnixMs = 0;
        /** The announce URLs of the track's torrent, in order of preference: the artist's for a
            published track, those of the .torrent file or magnet link it came from otherwise.
            They belong to the torrent: every track of an album shares them. */
        std::vector<std::string> trackers;
        /** 0 for a library track. For a preview (a track fetched ahead of a play, kept out of the
            library's list until played) its place in the order of prefetches: the lowest goes
            first. TrackStore::putTrack stores it only with a new track: it changes only through
            TrackStore's preview calls. */
        std::int64_t previewOrder = 0;

        bool operator== (const TrackRecord&) const = default;
    };
} // namespace earshot
