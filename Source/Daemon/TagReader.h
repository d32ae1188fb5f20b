#pragma once

#include "Core/TrackManifest.h"

#include <filesystem>
#include <optional>
#include <string>

namespace earshot
{
    /** Everything about a local audio file that goes into its manifest except the torrent: format
        (by content, never by extension), container layout, metadata, tempo and key. Throws Error
        (invalidArgument) for a file that cannot be read, is not a regular file (a device, a FIFO, a
        socket: named as such, and never opened), or is not FLAC, Ogg Vorbis, MP3 or WAV. */
    [[nodiscard]] TrackManifest describeAudioFile (const std::filesystem::path& file);

    /** What the opening of a file that is still arriving says: format, tags, tempo, key and stream
        info, from what sits at its start (ID3v2, FLAC metadata blocks, Vorbis comments, RIFF
        chunks); the rest of the file may still be holes. A duration that needs the file's end
        (Ogg's last page) is estimated from the bitrate and fileSize. The container layout is not
        probed, since the tail is not here. Throws Error as describeAudioFile does. */
    [[nodiscard]] TrackManifest describeAudioOpening (const std::filesystem::path& file, std::uint64_t fileSize);

    /** The picture in a file's tags, byte for byte as embedded (JPEG, PNG, ...): FLAC's PICTURE
        blocks, ID3v2's APIC frames (MP3, and WAV's id3 chunk), Vorbis comments'
        METADATA_BLOCK_PICTURE or COVERART. The front cover when there are several, else the first.
        Nothing when the tags carry none. Throws Error as describeAudioFile does for a file that is
        not audio of that format. */
    [[nodiscard]] std::optional<std::string> readCoverPicture (const std::filesystem::path& file, AudioFormat format);
} // namespace earshot
