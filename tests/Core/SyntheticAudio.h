#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

/** Builders for small, hand-made audio files: just enough structure for format detection and the
    container layout probe, written out byte by byte so each test states the layout it expects. */
namespace earshot::synthetic
{
    using Bytes = std::vector<std::uint8_t>;

    inline void append (Bytes& bytes, std::string_view text)
    {
        bytes.insert (bytes.end(), text.begin(), text.end());
    }

    inline void append (Bytes& bytes, const Bytes& more)
    {
        bytes.insert (bytes.end(), more.begin(), more.end());
    }

    inline void appendFill (Bytes& bytes, std::size_t count, std::uint8_t value = 0x55)
    {
        bytes.insert (bytes.end(), count, value);
    }

    inline void appendLittleEndian32 (Bytes& bytes, std::uint32_t value)
    {
        for (int i = 0; i < 4; ++i)
            bytes.push_back ((std::uint8_t) (value >> (8 * i)));
    }

    inline void appendBigEndian24 (Bytes& bytes, std::uint32_t value)
    {
        bytes.push_back ((std::uint8_t) (value >> 16));
        bytes.push_back ((std::uint8_t) (value >> 8));
        bytes.push_back ((std::uint8_t) value);
    }

    inline std::span<const std::uint8_t> firstBytes (const Bytes& bytes, std::size_t count)
    {
        return std::span<const std::uint8_t> (bytes).first (std::min (count, bytes.size()));
    }

    inline std::span<const std::uint8_t> lastBytes (const Bytes& bytes, std::size_t count)
    {
        return std::span<const std::uint8_t> (bytes).last (std::min (count, bytes.size()));
    }

    //==============================================================================
    /** A FLAC metadata block header: last-block flag, 7-bit type, 24-bit big-endian length. */
    inline void appendFlacBlock (Bytes& bytes, std::uint8_t type, std::uint32_t length, bool isLast, bool withPayload = true)
    {
        bytes.push_back ((std::uint8_t) ((isLast ? 0x80 : 0x00) | type));
        appendBigEndian24 (bytes, length);

        if (withPayload)
            appendFill (bytes, length, 0x11);
    }

    constexpr std::uint8_t flacStreamInfo = 0;
    constexpr std::uint8_t flacPicture = 6;
    constexpr std::uint32_t flacStreamInfoLength = 34;

    /** A FLAC frame's sync code, so the audio that follows the header is recognisable. */
    inline void appendFlacAudio (Bytes& bytes, std::size_t count)
    {
        bytes.push_back (0xFF);
        bytes.push_back (0xF8);
        appendFill (bytes, count - 2, 0x22);
    }

    //==============================================================================
    inline void appendRiffChunk (Bytes& bytes, std::string_view id, std::uint32_t size, std::uint8_t fill = 0x33)
    {
        append (bytes, id);
        appendLittleEndian32 (bytes, size);
        appendFill (bytes, size, fill);

        if (size % 2 != 0)
            bytes.push_back (0); // the RIFF pad byte
    }

    /** "RIFF" size "WAVE", with the RIFF size filled in by finishRiff. */
    inline Bytes startWav()
    {
        Bytes bytes;
        append (bytes, "RIFF");
        appendLittleEndian32 (bytes, 0);
        append (bytes, "WAVE");
        return bytes;
    }

    inline void finishRiff (Bytes& bytes)
    {
        const auto size = (std::uint32_t) (bytes.size() - 8);

        for (int i = 0; i < 4; ++i)
            bytes[4 + (std::size_t) i] = (std::uint8_t) (size >> (8 * i));
    }

    //==============================================================================
    /** One piece of a packet laid on an Ogg page: its length and whether the packet ends here. */
    struct OggSegment
    {
        std::uint32_t length = 0;
        bool packetEnds = true;
    };

    /** An Ogg page with lacing values computed the way libogg does: 255s, then a final value below
    255 (possibly 0) when the packet ends on this page; a continued packet ends in a 255. */
    inline void appendOggPage (Bytes& bytes, std::uint32_t serial, std::uint32_t sequence, const std::vector<OggSegment>& segments, std::uint8_t headerType = 0)
    {
        Bytes lacing;
        std::uint32_t bodyBytes = 0;

        for (const auto& segment : segments)
        {
            auto remaining = segment.length;

            while (remaining >= 255)
            {
                lacing.push_back (255);
                remaining -= 255;
            }

            if (segment.packetEnds)
                lacing.push_back ((std::uint8_t) remaining);
            else if (remaining != 0)
                throw std::logic_error ("a packet continued on the next page must fill whole 255-byte segments");

            bodyBytes += segment.length;
        }

        append (bytes, "OggS");
        bytes.push_back (0); // version
        bytes.push_back (headerType); // 0x02 beginning of stream, 0x01 continued packet
        appendFill (bytes, 8, 0); // granule position
        appendLittleEndian32 (bytes, serial);
        appendLittleEndian32 (bytes, sequence);
        appendLittleEndian32 (bytes, 0); // CRC: the probe does not check it
        bytes.push_back ((std::uint8_t) lacing.size());
        append (bytes, lacing);
        appendFill (bytes, bodyBytes, 0x44);
    }

    //==============================================================================
    /** An ID3v2.4 header with a syncsafe size; the tag body is filled with zeros-free bytes. */
    inline void appendId3v2 (Bytes& bytes, std::uint32_t bodySize, bool withFooter = false)
    {
        append (bytes, "ID3");
        bytes.push_back (4);
        bytes.push_back (0);
        bytes.push_back (withFooter ? 0x10 : 0x00);

        for (int shift = 21; shift >= 0; shift -= 7)
            bytes.push_back ((std::uint8_t) ((bodySize >> shift) & 0x7F));

        appendFill (bytes, bodySize, 0x66);

        if (withFooter)
        {
            append (bytes, "3DI");
            appendFill (bytes, 7, 0);
        }
    }

    /** MPEG-1 layer III, 128 kbit/s, 44.1 kHz, no padding: 144 * 128000 / 44100 = 417 bytes. */
    constexpr std::uint32_t mp3FrameBytes = 417;

    inline void appendMp3Frame (Bytes& bytes, std::string_view marker = {})
    {
        const auto start = bytes.size();
        bytes.push_back (0xFF);
        bytes.push_back (0xFB);
        bytes.push_back (0x90);
        bytes.push_back (0x00);
        appendFill (bytes, 32, 0); // side information
        append (bytes, marker); // "Xing", "Info" for the frame that describes the stream
        appendFill (bytes, mp3FrameBytes - (bytes.size() - start), 0x77);
    }

    inline void appendId3v1 (Bytes& bytes)
    {
        append (bytes, "TAG");
        appendFill (bytes, 125, 0x20);
    }

    /** An APEv2 tag: optional 32-byte header, items, 32-byte footer. The size field counts items and
    footer but not the header. */
    inline void appendApeTag (Bytes& bytes, std::uint32_t itemBytes, bool withHeader)
    {
        const auto writeHeaderOrFooter = [&] (bool isHeader)
        {
            append (bytes, "APETAGEX");
            appendLittleEndian32 (bytes, 2000);
            appendLittleEndian32 (bytes, itemBytes + 32);
            appendLittleEndian32 (bytes, 1);
            appendLittleEndian32 (bytes, (withHeader ? 0x80000000u : 0u) | (isHeader ? 0x20000000u : 0u));
            appendFill (bytes, 8, 0);
        };

        if (withHeader)
            writeHeaderOrFooter (true);

        appendFill (bytes, itemBytes, 0x41);
        writeHeaderOrFooter (false);
    }
} // namespace earshot::synthetic
