/** The layout probe over the heads and tails of FLAC, Ogg, MP3 and WAV files, the MP3 framing
    and format detection under it, and the seek index: built over the head as a whole file, each
    point checked against the bytes, and the tail read as an encoded index.

    Input: 1 byte format, 4 bytes (little endian) the file's length beyond head and tail (its low
    16 bits also say where to look for an MP3 frame), 2 bytes (little endian) the head's length,
    then the head, then the tail. */

#include "FuzzHarness.h"

#include "Core/AudioFormat.h"
#include "Core/ContainerLayout.h"
#include "Core/Mp3Framing.h"
#include "Core/SeekIndex.h"

#include <algorithm>
#include <span>
#include <string_view>

using namespace earshot;

extern "C" int LLVMFuzzerTestOneInput (const std::uint8_t* data, std::size_t size)
{
    constexpr std::size_t fieldBytes = 7;
    if (size < fieldBytes)
        return 0;
    constexpr AudioFormat formats[] = { AudioFormat::unknown, AudioFormat::flac, AudioFormat::oggVorbis, AudioFormat::mp3, AudioFormat::wav };
    const auto format = formats[data[0] % std::size (formats)];
    const std::uint32_t slack = data[1] | (data[2] << 8) | (data[3] << 16) | (static_cast<std::uint32_t> (data[4]) << 24);
    const std::size_t headLength = std::min<std::size_t> (data[5] | (data[6] << 8), size - fieldBytes);
    const std::span<const std::uint8_t> head (data + fieldBytes, headLength);
    const std::span<const std::uint8_t> tail (data + fieldBytes + headLength, size - fieldBytes - headLength);

    // The file is at least as long as its head and tail; in a short file they are the same bytes.
    (void) probeContainerLayout (format, head, tail, head.size() + tail.size() + slack);
    (void) probeContainerLayout (format, head, tail, std::max (head.size(), tail.size()));
    (void) detectAudioFormat (head);
    (void) parseMp3FrameHeader (head);
    (void) findFirstMp3Frame (head, slack & 0xffff);
    (void) id3v2TagBytes (head);
    (void) mp3MainDataBegin (head);

    const auto built = buildSeekIndex (format, head, slack % (head.size() + 1), 0.05 + (slack >> 24) / 64.0);
    for (const auto& point : built.points)
        if (point.byteOffset < head.size())
            (void) seekPointMatches (format, head.subspan ((std::size_t) point.byteOffset, std::min<std::size_t> (seekPointCheckBytes, head.size() - (std::size_t) point.byteOffset)), point);
    if (const auto decoded = decodeSeekIndex (std::string_view (reinterpret_cast<const char*> (tail.data()), tail.size())))
    {
        (void) seekPointToDecodeFrom (format, *decoded, slack);
        (void) seekPointMatches (format, head, decoded->empty() ? SeekPoint {} : decoded->points.front());
    }
    return 0;
}
