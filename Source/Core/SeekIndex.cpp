#include "SeekIndex.h"

#include "ByteReading.h"
#include "Mp3Framing.h"

#include <algorithm>

namespace earshot
{
    namespace
    {
        constexpr std::uint64_t oggPageHeaderBytes = 27;
        constexpr std::uint64_t noGranule = ~std::uint64_t { 0 };

        std::uint64_t littleEndian64 (std::span<const std::uint8_t> bytes, std::uint64_t offset) noexcept
        {
            return (std::uint64_t) bytes::littleEndian32 (bytes, offset) | ((std::uint64_t) bytes::littleEndian32 (bytes, offset + 4) << 32);
        }

        std::uint8_t crc8 (std::span<const std::uint8_t> bytes) noexcept
        {
            std::uint8_t crc = 0;
            for (const auto byte : bytes)
            {
                crc ^= byte;
                for (int bit = 0; bit < 8; ++bit)
                    crc = (std::uint8_t) ((crc & 0x80) != 0 ? (crc << 1) ^ 0x07 : crc << 1);
            }
            return crc;
        }

        /** What a FLAC frame header says, when bytes start one. */
        struct FlacFrame
        {
            bool variableBlockSize = false;
            std::uint64_t number = 0; ///< the frame number (fixed block size) or first sample (variable)
            std::uint32_t blockSize = 0;

            [[nodiscard]] std::uint64_t firstSample() const noexcept { return variableBlockSize ? number : number * blockSize; }
        };

        std::optional<FlacFrame> parseFlacFrameHeader (std::span<const std::uint8_t> bytes) noexcept
        {
            if (bytes.size() < 6 || bytes[0] != 0xFF || (bytes[1] & 0xFE) != 0xF8)
                return std::nullopt;

            FlacFrame frame;
            frame.variableBlockSize = (bytes[1] & 1) != 0;
            const auto blockCode = bytes[2] >> 4;
            const auto rateCode = bytes[2] & 0x0F;
            const auto channelCode = bytes[3] >> 4;
            const auto sizeCode = (bytes[3] >> 1) & 7;
            if (blockCode == 0 || rateCode == 15 || channelCode > 10 || sizeCode == 3 || (bytes[3] & 1) != 0)
                return std::nullopt;

            // The frame or sample number, UTF-8 coded (up to 7 bytes, 36 bits).
            std::size_t at = 4;
            const auto lead = bytes[at++];
            int more = 0;
            std::uint64_t number = 0;
            if ((lead & 0x80) == 0)
                number = lead;
            else if ((lead & 0xE0) == 0xC0)
                number = lead & 0x1F, more = 1;
            else if ((lead & 0xF0) == 0xE0)
                number = lead & 0x0F, more = 2;
            else if ((lead & 0xF8) == 0xF0)
                number = lead & 0x07, more = 3;
            else if ((lead & 0xFC) == 0xF8)
                number = lead & 0x03, more = 4;
            else if ((lead & 0xFE) == 0xFC)
                number = lead & 0x01, more = 5;
            else if (lead == 0xFE)
                more = 6;
            else
                return std::nullopt;
            if (! frame.variableBlockSize && more > 5)
                return std::nullopt; // a frame number has at most 31 bits
            for (int i = 0; i < more; ++i)
            {
                if (at >= bytes.size() || (bytes[at] & 0xC0) != 0x80)
                    return std::nullopt;
                number = (number << 6) | (bytes[at++] & 0x3F);
            }
            frame.number = number;

            if (blockCode == 1)
                frame.blockSize = 192;
            else if (blockCode <= 5)
                frame.blockSize = 576u << (blockCode - 2);
            else if (blockCode == 6)
            {
                if (at + 1 > bytes.size())
                    return std::nullopt;
                frame.blockSize = bytes[at] + 1u;
                at += 1;
            }
            else if (blockCode == 7)
            {
                if (at + 2 > bytes.size())
                    return std::nullopt;
                frame.blockSize = ((std::uint32_t) bytes[at] << 8 | bytes[at + 1]) + 1u;
                at += 2;
            }
            else
                frame.blockSize = 256u << (blockCode - 8);

            if (rateCode == 12)
                at += 1;
            else if (rateCode == 13 || rateCode == 14)
                at += 2;

            if (at + 1 > bytes.size() || crc8 (bytes.first (at)) != bytes[at])
                return std::nullopt;
            return frame;
        }

        /** The stream's sample rate and total samples from the STREAMINFO block. */
        struct FlacStreamInfo
        {
            std::uint32_t sampleRate = 0;
            std::uint64_t totalSamples = 0;
        };

        std::optional<FlacStreamInfo> flacStreamInfo (std::span<const std::uint8_t> file) noexcept
        {
            const auto start = id3v2TagBytes (file).value_or (0);
            // "fLaC", the block header, then STREAMINFO: 10 bytes of block and frame sizes, then
            // 20 bits of sample rate, 3 of channels, 5 of bits per sample and 36 of total samples.
            if (! bytes::holds (file, start, 4 + 4 + 18) || ! bytes::hasMagicAt (file, start, "fLaC") || (file[(size_t) start + 4] & 0x7F) != 0)
                return std::nullopt;
            const auto info = file.subspan ((size_t) start + 8);
            FlacStreamInfo result;
            result.sampleRate = (std::uint32_t) info[10] << 12 | (std::uint32_t) info[11] << 4 | info[12] >> 4;
            result.totalSamples = (std::uint64_t) (info[13] & 0x0F) << 32 | (std::uint64_t) info[14] << 24 | (std::uint64_t) info[15] << 16
                                  | (std::uint64_t) info[16] << 8 | info[17];
            if (result.sampleRate == 0)
                return std::nullopt;
            return result;
        }

        SeekIndex flacSeekIndex (std::span<const std::uint8_t> file, std::uint64_t headerBytes, double secondsApart) noexcept
        {
            const auto info = flacStreamInfo (file);
            if (! info || headerBytes >= file.size())
                return {};

            SeekIndex index;
            index.totalSamples = info->totalSamples;
            const auto spacing = std::max<std::uint64_t> (1, (std::uint64_t) (secondsApart * info->sampleRate));
            std::uint64_t nextPointAt = 0;

            auto first = parseFlacFrameHeader (file.subspan ((size_t) headerBytes));
            if (! first || first->firstSample() != 0)
                return {};

            // Frame lengths are not written down: the next frame is the next header (sync code,
            // valid fields, right CRC-8) whose first sample follows on from this frame's.
            auto frame = *first;
            auto offset = headerBytes;
            for (;;)
            {
                if (frame.firstSample() >= nextPointAt)
                {
                    index.points.push_back ({ frame.firstSample(), offset });
                    nextPointAt = frame.firstSample() + spacing;
                }
                const auto expected = frame.firstSample() + frame.blockSize;
                std::optional<FlacFrame> next;
                auto at = offset + 6;
                for (; at + 1 < file.size(); ++at)
                {
                    if (file[(size_t) at] != 0xFF || (file[(size_t) at + 1] & 0xFE) != 0xF8)
                        continue;
                    auto candidate = parseFlacFrameHeader (file.subspan ((size_t) at, std::min<std::size_t> (16, file.size() - (size_t) at)));
                    if (candidate && candidate->variableBlockSize == first->variableBlockSize
                        && (candidate->variableBlockSize ? candidate->number == expected : candidate->number == frame.number + 1))
                    {
                        next = candidate;
                        break;
                    }
                }
                if (! next)
                    break;
                // A fixed-size stream's last frame may be shorter: its number no longer gives its
                // first sample, so it is never a point.
                if (! next->variableBlockSize && next->blockSize != first->blockSize)
                    break;
                frame = *next;
                offset = at;
            }
            return index;
        }

        SeekIndex oggSeekIndex (std::span<const std::uint8_t> file, std::uint64_t headerBytes, double secondsApart) noexcept
        {
            if (! bytes::holds (file, 0, oggPageHeaderBytes) || ! bytes::hasMagicAt (file, 0, "OggS"))
                return {};
            const auto serial = bytes::littleEndian32 (file, 14);
            // The identification header: packet type 1, "vorbis", version, channels, sample rate.
            const auto body = oggPageHeaderBytes + file[26];
            if (! bytes::holds (file, body, 16) || file[(size_t) body] != 1 || ! bytes::hasMagicAt (file, body + 1, "vorbis"))
                return {};
            const auto sampleRate = bytes::littleEndian32 (file, body + 12);
            if (sampleRate == 0)
                return {};

            SeekIndex index;
            const auto spacing = std::max<std::uint64_t> (1, (std::uint64_t) (secondsApart * sampleRate));
            std::uint64_t nextPointAt = 0;
            std::uint64_t offset = 0;
            while (bytes::holds (file, offset, oggPageHeaderBytes) && bytes::hasMagicAt (file, offset, "OggS"))
            {
                const std::uint64_t segments = file[(size_t) offset + 26];
                if (! bytes::holds (file, offset + oggPageHeaderBytes, segments))
                    break;
                std::uint64_t pageBytes = oggPageHeaderBytes + segments;
                for (std::uint64_t i = 0; i < segments; ++i)
                    pageBytes += file[(size_t) (offset + oggPageHeaderBytes + i)];
                if (! bytes::holds (file, offset, pageBytes))
                    break;

                const auto granule = littleEndian64 (file, offset + 6);
                if (bytes::littleEndian32 (file, offset + 14) == serial && granule != noGranule)
                {
                    index.totalSamples = granule;
                    if (offset >= headerBytes && granule >= nextPointAt)
                    {
                        index.points.push_back ({ granule, offset });
                        nextPointAt = granule + spacing;
                    }
                }
                offset += pageBytes;
            }
            if (offset != file.size())
                return {}; // the pages do not run to the end: not a file to trust a walk of
            return index;
        }

        /** An MPEG-1 layer III frame header at offset, of the given sample rate when one is given. */
        std::optional<Mp3FrameHeader> mpeg1FrameAt (std::span<const std::uint8_t> file, std::uint64_t offset, std::uint32_t sampleRate = 0) noexcept
        {
            if (! bytes::holds (file, offset, 4) || ((file[(size_t) offset + 1] >> 3) & 3) != 3)
                return std::nullopt;
            auto header = parseMp3FrameHeader (file.subspan ((size_t) offset, 4));
            if (! header || (sampleRate != 0 && header->sampleRate != sampleRate))
                return std::nullopt;
            return header;
        }

        /** Whether the frame at offset is a Xing or Info frame: the length and table an encoder
            writes in place of the first frame's audio, which decoders skip. */
        bool isVbrInfoFrame (std::span<const std::uint8_t> file, std::uint64_t offset) noexcept
        {
            const bool mono = (file[(size_t) offset + 3] >> 6) == 3;
            const auto tagAt = offset + 4 + (mono ? 17u : 32u);
            return bytes::hasMagicAt (file, tagAt, "Xing") || bytes::hasMagicAt (file, tagAt, "Info");
        }

        /** What may follow an MP3's last frame: an ID3v1 tag, an APE tag, Lyrics3. */
        bool isMp3Trailer (std::span<const std::uint8_t> file, std::uint64_t offset) noexcept
        {
            return bytes::hasMagicAt (file, offset, "TAG") || bytes::hasMagicAt (file, offset, "APETAGEX") || bytes::hasMagicAt (file, offset, "LYRICSBEGIN");
        }

        SeekIndex mp3SeekIndex (std::span<const std::uint8_t> file, double secondsApart) noexcept
        {
            // The header the layout gives ends after the first frame whatever it is; the walk
            // starts at the tags' end instead (stacked ID3v2 tags, each skipped).
            std::uint64_t offset = 0;
            while (const auto tagBytes = id3v2TagBytes (file.subspan ((size_t) std::min<std::uint64_t> (offset, file.size()))))
                offset += *tagBytes;
            const auto found = findFirstMp3Frame (file, offset);
            if (found.outcome != Mp3FrameSearch::Outcome::found)
                return {};
            offset = found.offset;
            const auto first = mpeg1FrameAt (file, offset);
            if (! first)
                return {};
            // Samples count from the first frame of audio, as a decoder plays them.
            if (isVbrInfoFrame (file, offset))
                offset += first->frameBytes;

            SeekIndex index;
            const auto spacing = std::max<std::uint64_t> (1, (std::uint64_t) (secondsApart * first->sampleRate));
            std::uint64_t nextPointAt = 0;
            std::uint64_t sample = 0;
            while (const auto frame = mpeg1FrameAt (file, offset, first->sampleRate))
            {
                if (! bytes::holds (file, offset, frame->frameBytes))
                    break;
                // A decoder that starts at a frame whose audio begins in the frames before it
                // drops that frame; the next is the first it plays. That one must be a whole number
                // of 4-frame cycles from the first frame (the synthesis filterbank's window turns
                // 36 x 32 samples a frame, 16 steps round), so the audio comes out rounded as a
                // decoder from the start rounds it: sample for sample the same.
                const auto frameIndex = sample / mp3FrameSamples;
                const auto firstPlayed = frameIndex + (mp3MainDataBegin (file.subspan ((size_t) offset, 8)).value_or (0) > 0 ? 1 : 0);
                if (sample >= nextPointAt && firstPlayed % 4 == 0)
                {
                    index.points.push_back ({ sample, offset });
                    nextPointAt = sample + spacing;
                }
                sample += mp3FrameSamples;
                offset += frame->frameBytes;
            }
            // Frames up to the end (or a trailing tag) give the length; a walk that met anything
            // else keeps the points it made, which are right, but not a length.
            if (offset == file.size() || isMp3Trailer (file, offset))
                index.totalSamples = sample;
            return index;
        }

        void putVarint (std::string& out, std::uint64_t value)
        {
            while (value >= 0x80)
            {
                out.push_back ((char) (0x80 | (value & 0x7F)));
                value >>= 7;
            }
            out.push_back ((char) value);
        }

        std::optional<std::uint64_t> takeVarint (std::string_view& in) noexcept
        {
            std::uint64_t value = 0;
            for (int shift = 0; shift < 64 && ! in.empty(); shift += 7)
            {
                const auto byte = (std::uint8_t) in.front();
                in.remove_prefix (1);
                value |= (std::uint64_t) (byte & 0x7F) << shift;
                if ((byte & 0x80) == 0)
                    return value;
            }
            return std::nullopt;
        }
    } // namespace

    SeekIndex buildSeekIndex (AudioFormat format, std::span<const std::uint8_t> file, std::uint64_t headerBytes, double secondsApart) noexcept
    {
        if (! (secondsApart > 0.0))
            return {};
        switch (format)
        {
            case AudioFormat::flac:
                return flacSeekIndex (file, headerBytes, secondsApart);
            case AudioFormat::oggVorbis:
                return oggSeekIndex (file, headerBytes, secondsApart);
            case AudioFormat::mp3:
                return mp3SeekIndex (file, secondsApart);
            case AudioFormat::wav:
            case AudioFormat::unknown:
                break;
        }
        return {};
    }

    std::optional<SeekPoint> seekPointBefore (const SeekIndex& index, std::uint64_t sample) noexcept
    {
        auto after = std::upper_bound (index.points.begin(), index.points.end(), sample, [] (std::uint64_t s, const SeekPoint& point)
                                       { return s < point.sample; });
        if (after == index.points.begin())
            return std::nullopt;
        return *(after - 1);
    }

    std::optional<SeekPoint> seekPointToDecodeFrom (AudioFormat format, const SeekIndex& index, std::uint64_t sample) noexcept
    {
        const auto before = seekPointBefore (index, sample);
        if (! before || format != AudioFormat::mp3)
            return before;
        constexpr std::uint64_t primingSamples = 2 * mp3FrameSamples;
        constexpr std::uint64_t primingBytes = 2048;
        // The first point (the first frame of audio) needs no priming: nothing comes before it.
        for (auto at = std::find (index.points.rbegin(), index.points.rend(), *before); at != index.points.rend(); ++at)
            if (at->sample + primingSamples <= before->sample && at->byteOffset + primingBytes <= before->byteOffset)
                return *at;
        return index.points.front();
    }

    bool seekPointMatches (AudioFormat format, std::span<const std::uint8_t> bytes, const SeekPoint& point) noexcept
    {
        switch (format)
        {
            case AudioFormat::flac:
            {
                const auto frame = parseFlacFrameHeader (bytes.first (std::min<std::size_t> (bytes.size(), 16)));
                return frame.has_value() && frame->firstSample() == point.sample;
            }
            case AudioFormat::oggVorbis:
                return bytes::holds (bytes, 0, oggPageHeaderBytes) && bytes::hasMagicAt (bytes, 0, "OggS") && bytes[4] == 0
                       && littleEndian64 (bytes, 6) == point.sample;
            case AudioFormat::mp3:
                // An MP3 frame header says nothing of where it is: the sample is held to a frame's.
                return mpeg1FrameAt (bytes, 0).has_value() && point.sample % mp3FrameSamples == 0;
            case AudioFormat::wav:
            case AudioFormat::unknown:
                break;
        }
        return false;
    }

    std::string encodeSeekIndex (const SeekIndex& index)
    {
        std::string out;
        if (index.empty() && index.totalSamples == 0)
            return out;
        putVarint (out, index.totalSamples);
        putVarint (out, index.points.size());
        SeekPoint previous;
        for (const auto& point : index.points)
        {
            putVarint (out, point.sample - previous.sample);
            putVarint (out, point.byteOffset - previous.byteOffset);
            previous = point;
        }
        return out;
    }

    std::optional<SeekIndex> decodeSeekIndex (std::string_view bytes)
    {
        SeekIndex index;
        if (bytes.empty())
            return index;
        const auto total = takeVarint (bytes);
        const auto count = takeVarint (bytes);
        // Each point takes at least two bytes: a count beyond that is a lie, not a reason to allocate.
        if (! total || ! count || *count > bytes.size() / 2)
            return std::nullopt;
        index.totalSamples = *total;
        index.points.reserve ((std::size_t) *count);
        SeekPoint previous;
        for (std::uint64_t i = 0; i < *count; ++i)
        {
            const auto sampleStep = takeVarint (bytes);
            const auto byteStep = takeVarint (bytes);
            if (! sampleStep || ! byteStep)
                return std::nullopt;
            if (i > 0 && (*sampleStep == 0 || *byteStep == 0))
                return std::nullopt;
            SeekPoint point { previous.sample + *sampleStep, previous.byteOffset + *byteStep };
            if (point.sample < previous.sample || point.byteOffset < previous.byteOffset)
                return std::nullopt; // wrapped around
            index.points.push_back (point);
            previous = point;
        }
        if (! bytes.empty())
            return std::nullopt;
        return index;
    }
} // namespace earshot
