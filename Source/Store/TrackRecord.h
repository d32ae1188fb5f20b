#pragma once

#include "Core/TrackManifest.h"

#include <cstdint>
#include <string>

namespace earshot
{
    /** A track in the daemon's library, as LibraryStore keeps it: the manifest, which says
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

        bool operator== (const TrackRecord&) const = default;
    };
} // namespace earshot
