#pragma once

#include "AudioFormat.h"

#include <cstdint>
#include <span>

namespace earshot
{
    /** Which bytes of an audio file a decoder reads before it can produce the first sample at
    an arbitrary position: the container header at the front, and for some formats a tail at
    the back (the last Ogg page gives the length; ID3v1 and APE tags sit at the end of MP3s).
    The stream planner fetches these first. */
    struct ContainerLayout
    {
        /** Bytes from the start of the file up to the first audio frame. */
        std::uint64_t headerBytes = 0;
        /** Bytes at the end of the file a decoder reads on open (0 when it reads none). */
        std::uint64_t tailBytes = 0;

        bool operator== (const ContainerLayout&) const = default;
    };

    /** Works out the layout from the file's first bytes (head) and last bytes (tail) and its size.
    Give as much of the head as is cheap (64 KiB is plenty for FLAC with artwork up to that size;
    if a header is longer than the head given, headerBytes still reports its full length when the
    format records it, as FLAC's metadata block lengths and ID3v2's size do).
    Never throws; an unrecognised file yields a conservative layout. */
    [[nodiscard]] ContainerLayout probeContainerLayout (AudioFormat format,
                                                        std::span<const std::uint8_t> head,
                                                        std::span<const std::uint8_t> tail,
                                                        std::uint64_t fileSize) noexcept;
} // namespace earshot
