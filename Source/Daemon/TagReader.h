#pragma once

#include "Core/TrackManifest.h"

#include <filesystem>

namespace earshot
{
    /** Everything about a local audio file that goes into its manifest except the torrent: format
        (by content, never by extension), container layout, metadata, tempo and key. Throws Error
        (invalidArgument) for a file that cannot be read, is not a regular file (a device, a FIFO, a
        socket: named as such, and never opened), or is not FLAC, Ogg Vorbis, MP3 or WAV. */
    [[nodiscard]] TrackManifest describeAudioFile (const std::filesystem::path& file);
} // namespace earshot
