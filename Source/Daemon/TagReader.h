#pragma once

#include "Core/TrackManifest.h"

#include <filesystem>

namespace earshot
{
    /** Reads a file's tags and audio properties with TagLib, parsing it as format (detected from its
        bytes). Throws Error (invalidArgument) naming the file when TagLib cannot parse it as audio.
        Any thread; each call opens the file afresh. */
    [[nodiscard]] TrackMetadata readTrackMetadata (const std::filesystem::path& file, AudioFormat format);

    /** Everything about a local audio file that goes into its manifest except the torrent: format
        (by content, never by extension), container layout, metadata, tempo and key. Throws Error
        (invalidArgument) for a file that cannot be read or is not FLAC, Ogg Vorbis, MP3 or WAV. */
    [[nodiscard]] TrackManifest describeAudioFile (const std::filesystem::path& file);
} // namespace earshot
