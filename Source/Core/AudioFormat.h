#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace earshot
{
    /** The audio containers Earshot publishes and streams. */
    enum class AudioFormat
    {
        unknown,
        flac,
        oggVorbis,
        mp3,
        wav
    };

    /** Detects the container from a file's first bytes (at least 12 are needed; more lets an
    MP3 behind an ID3v2 tag be recognised by its first frame). The extension is never trusted. */
    [[nodiscard]] AudioFormat detectAudioFormat (std::span<const std::uint8_t> head) noexcept;

    /** A stable lower-case name: "flac", "ogg", "mp3", "wav" or "unknown". */
    [[nodiscard]] std::string_view audioFormatName (AudioFormat format) noexcept;

    /** The inverse of audioFormatName; unknown for anything else. */
    [[nodiscard]] AudioFormat audioFormatFromName (std::string_view name) noexcept;
} // namespace earshot
