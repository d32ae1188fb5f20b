#pragma once

#include "AudioFormat.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace earshot
{
    /** One place a decoder can start at: the first byte of a FLAC frame, an Ogg page or an MP3
    frame, and the sample it stands for (a FLAC or MP3 frame's first sample, counted from the first
    frame of audio after any Xing or Info frame; an Ogg page's granule position, the sample after
    the last one its packets complete). */
    struct SeekPoint
    {
        std::uint64_t sample = 0;
        std::uint64_t byteOffset = 0;

        bool operator== (const SeekPoint&) const = default;
    };

    /** Where a track's frames or pages start, a few a second, worked out when it is published so a
    decoder seeks in one hop (fetching one piece) instead of a binary search that waits for a piece
    per probe. An empty index (a track from another client's torrent) means "seek as the reader
    would". It is a hint from the publisher: a decoder checks each point against the bytes
    (seekPointMatches) before it uses it. */
    struct SeekIndex
    {
        /** Samples (per channel) in the whole track, the exact length the decoder plays; 0 when
        unknown. */
        std::uint64_t totalSamples = 0;
        /** Rising in both sample and byteOffset. */
        std::vector<SeekPoint> points;

        [[nodiscard]] bool empty() const noexcept { return points.empty(); }
        bool operator== (const SeekIndex&) const = default;
    };

    /** Points in a whole FLAC, Ogg Vorbis or MPEG-1 layer III file (file holds all of it), one for
    each secondsApart of audio, from its first audio byte (headerBytes, as the container layout gives
    it; an MP3's frames are found from its tags' end, as a decoder finds them). An empty index for
    WAV (which seeks by arithmetic), for MPEG-2 and 2.5 MP3s and for a file whose frames or pages
    cannot be followed; an MP3 whose frames stop short of its end keeps its points but gets no
    length. Never throws. */
    [[nodiscard]] SeekIndex buildSeekIndex (AudioFormat format, std::span<const std::uint8_t> file, std::uint64_t headerBytes, double secondsApart = 1.0) noexcept;

    /** The last point at or before sample, if any. */
    [[nodiscard]] std::optional<SeekPoint> seekPointBefore (const SeekIndex& index, std::uint64_t sample) noexcept;

    /** Where a decoder seeking to sample starts reading. A FLAC frame or an Ogg page decodes on its
    own: the point before sample. An MP3 frame's audio may begin in the frames before it (the bit
    reservoir, up to 511 bytes back) and its first granule overlaps the one before: the decoder
    starts at least two frames and 2 KiB of frames earlier and drops what those give, so from the
    point before sample on it decodes exactly what a decoder reading from the start would. */
    [[nodiscard]] std::optional<SeekPoint> seekPointToDecodeFrom (AudioFormat format, const SeekIndex& index, std::uint64_t sample) noexcept;

    /** The most bytes seekPointMatches looks at: enough for a FLAC frame header or an Ogg page header. */
    inline constexpr std::size_t seekPointCheckBytes = 32;

    /** True when bytes (the file's bytes from point.byteOffset on, at least seekPointCheckBytes of
    them unless the file ends sooner) start a FLAC frame whose header (its CRC-8 right) gives
    point.sample as its first sample, an Ogg page (its "OggS" capture pattern, version 0) whose
    granule position is point.sample, or an MPEG-1 layer III frame header with point.sample on a
    frame's boundary (an MP3 frame does not say which it is: an index that numbers real frames
    wrongly is not caught, and seeks of that track land where its publisher said). A point that
    does not match must not be used: the index is wrong or forged. */
    [[nodiscard]] bool seekPointMatches (AudioFormat format, std::span<const std::uint8_t> bytes, const SeekPoint& point) noexcept;

    /** The index as the manifest carries it: varints of totalSamples and the point count, then
    each point's sample and byte offset as differences from the one before. */
    [[nodiscard]] std::string encodeSeekIndex (const SeekIndex& index);
    /** The index encoded bytes hold; nothing when they are malformed (cut short, trailing bytes, or
    points that do not rise). Empty bytes give an empty index. */
    [[nodiscard]] std::optional<SeekIndex> decodeSeekIndex (std::string_view bytes);
} // namespace earshot
