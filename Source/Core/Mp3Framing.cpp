#include "Mp3Framing.h"

#include <array>

namespace earshot
{
    namespace
    {
        // Layer III bitrates in kbit/s by bitrate index; index 0 (free format) and 15 are rejected.
        constexpr std::array<std::uint32_t, 15> mpeg1Bitrates { 0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320 };
        constexpr std::array<std::uint32_t, 15> mpeg2Bitrates { 0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160 };

        constexpr std::array<std::uint32_t, 3> mpeg1SampleRates { 44100, 48000, 32000 };
        constexpr std::array<std::uint32_t, 3> mpeg2SampleRates { 22050, 24000, 16000 };
        constexpr std::array<std::uint32_t, 3> mpeg25SampleRates { 11025, 12000, 8000 };
    } // namespace

    std::optional<Mp3FrameHeader> parseMp3FrameHeader (std::span<const std::uint8_t> bytes) noexcept
    {
        if (bytes.size() < 4 || bytes[0] != 0xFF || (bytes[1] & 0xE0) != 0xE0)
            return std::nullopt;

        const auto version = (bytes[1] >> 3) & 0x03; // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
        const auto layer = (bytes[1] >> 1) & 0x03; // 1: layer III
        const auto bitrateIndex = (bytes[2] >> 4) & 0x0F;
        const auto sampleRateIndex = (bytes[2] >> 2) & 0x03;
        const auto padding = (bytes[2] >> 1) & 0x01;
        const auto emphasis = bytes[3] & 0x03;

        if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15
            || sampleRateIndex == 3 || emphasis == 2)
            return std::nullopt;

        const bool isMpeg1 = version == 3;
        Mp3FrameHeader header;
        header.bitrateKbps = isMpeg1 ? mpeg1Bitrates[(size_t) bitrateIndex] : mpeg2Bitrates[(size_t) bitrateIndex];
        header.sampleRate = version == 3   ? mpeg1SampleRates[(size_t) sampleRateIndex]
                            : version == 2 ? mpeg2SampleRates[(size_t) sampleRateIndex]
                                           : mpeg25SampleRates[(size_t) sampleRateIndex];

        // MPEG-1 layer III frames hold 1152 samples, MPEG-2 and 2.5 hold 576: 144 or 72 bytes per kbit/kHz.
        const std::uint32_t bytesPerBitrateUnit = isMpeg1 ? 144 : 72;
        header.frameBytes = bytesPerBitrateUnit * header.bitrateKbps * 1000 / header.sampleRate + (std::uint32_t) padding;
        return header;
    }

    std::optional<std::uint32_t> mp3MainDataBegin (std::span<const std::uint8_t> bytes) noexcept
    {
        if (! parseMp3FrameHeader (bytes) || ((bytes[1] >> 3) & 0x03) != 3)
            return std::nullopt;
        // A clear protection bit means a CRC-16 follows the header; main_data_begin is the side
        // information's first 9 bits.
        const std::size_t sideInfo = (bytes[1] & 0x01) == 0 ? 6 : 4;
        if (bytes.size() < sideInfo + 2)
            return std::nullopt;
        return (std::uint32_t) bytes[sideInfo] << 1 | (std::uint32_t) (bytes[sideInfo + 1] >> 7);
    }

    Mp3FrameSearch findFirstMp3Frame (std::span<const std::uint8_t> head, std::uint64_t from) noexcept
    {
        auto offset = from;
        while (offset < head.size() && head[(size_t) offset] == 0)
            ++offset;

        Mp3FrameSearch search;
        search.offset = offset;

        if (offset + 4 > head.size())
        {
            search.outcome = Mp3FrameSearch::Outcome::beyondHead;
            return search;
        }

        if (const auto header = parseMp3FrameHeader (head.subspan ((size_t) offset)))
        {
            search.outcome = Mp3FrameSearch::Outcome::found;
            search.header = *header;
        }

        return search;
    }

    std::optional<std::uint64_t> id3v2TagBytes (std::span<const std::uint8_t> bytes) noexcept
    {
        if (bytes.size() < 10 || bytes[0] != 'I' || bytes[1] != 'D' || bytes[2] != '3')
            return std::nullopt;

        // The size is syncsafe: four 7-bit groups; a set top bit means this is not an ID3v2 header.
        if (bytes[3] == 0xFF || bytes[4] == 0xFF)
            return std::nullopt;

        std::uint64_t size = 0;
        for (size_t i = 6; i < 10; ++i)
        {
            if ((bytes[i] & 0x80) != 0)
                return std::nullopt;

            size = (size << 7) | bytes[i];
        }

        const bool hasFooter = (bytes[5] & 0x10) != 0;
        return 10 + size + (hasFooter ? 10 : 0);
    }
} // namespace earshot
