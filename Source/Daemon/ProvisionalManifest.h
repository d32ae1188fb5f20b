#pragma once

#include "Core/TrackManifest.h"
#include "Swarm/TrackTorrent.h"

#include <cstdint>

namespace earshot
{
    /** A layout to plan with until a track's own bytes have been probed: the first 64 KiB, and
        the tail the format may read on open. */
    [[nodiscard]] ContainerLayout provisionalLayout (AudioFormat format, std::uint64_t fileSize);

    /** The manifest of a track known only by its torrent: its format from the file's extension,
        its title from the file's name, a provisional layout. */
    [[nodiscard]] TrackManifest manifestFromTorrent (const TrackTorrent& torrent);
} // namespace earshot
