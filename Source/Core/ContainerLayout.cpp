#include "ContainerLayout.h"

#include "ByteReading.h"
#include "Mp3Framing.h"

#include <algorithm>

namespace earshot
{
    namespace
    {
        /** Enough for a decoder that finds the length from the last Ogg page: a page is at most
        27 + 255 + 255 * 255 bytes, so 64 KiB plus a page header and a full lacing table always
        holds the whole last page. */
        constexpr std::uint64_t oggTailBytes = 65536 + 27 + 255;

        constexpr std::uint64_t id3v1TagBytes = 128;
        constexpr std::uint64_t apeFooterBytes = 32;

        /** What is known when a walk stops short: the header reaches at least knownEnd, and at least
        as far as the head we were given (we cannot show the header is shorter than that). */
        std::uint64_t atLeast (std::uint64_t knownEnd, std::span<const std::uint8_t> head) noexcept
        {
            return std::max<std::uint64_t> (knownEnd, head.size());
        }

        std::uint64_t flacHeaderBytes (std::span<const std::uint8_t> head) noexcept
        {
            // A leading ID3v2 tag, which libFLAC steps over, is part of what it reads before audio.
            const auto start = id3v2TagBytes (head).value_or (0);

            if (! bytes::holds (head, start, 4))
                return atLeast (start + 4, head);

            if (! bytes::hasMagicAt (head, start, "fLaC"))
                return atLeast (start, head);

            auto offset = start + 4;

            for (;;)
            {
                if (! bytes::holds (head, offset, 4))
                    return atLeast (offset + 4, head);

                const auto blockHeader = head[(size_t) offset];
                const bool isLast = (blockHeader & 0x80) != 0;

                if ((blockHeader & 0x7F) == 127) // invalid block type: the walk has lost its way
                    return atLeast (offset, head);

                offset += 4 + bytes::bigEndian24 (head, offset + 1);

                if (isLast)
                    return offset;
            }
        }

        struct WavLayout
        {
            std::uint64_t headerBytes = 0;
            std::uint64_t tailBytes = 0;
        };

        WavLayout wavLayout (std::span<const std::uint8_t> head, std::uint64_t fileSize) noexcept
        {
            if (! bytes::hasMagicAt (head, 0, "RIFF") || ! bytes::hasMagicAt (head, 8, "WAVE"))
                return { atLeast (12, head), 0 };

            std::uint64_t offset = 12;

            for (;;)
            {
                if (! bytes::holds (head, offset, 8))
                    return { atLeast (offset + 8, head), 0 };

                const std::uint64_t chunkSize = bytes::littleEndian32 (head, offset + 4);

                if (bytes::hasMagicAt (head, offset, "data"))
                {
                    const auto dataBegin = offset + 8;
                    const auto dataEnd = dataBegin + chunkSize;

                    // Chunks after the audio (LIST, id3) are read on open by some decoders. A data size
                    // of 0 or 0xFFFFFFFF (written by streaming recorders) means "to the end".
                    const bool sizeIsReal = chunkSize != 0 && chunkSize != 0xFFFFFFFF;
                    const auto tailBytes = sizeIsReal && dataEnd < fileSize ? fileSize - dataEnd : 0;
                    return { dataBegin, tailBytes };
                }

                offset += 8 + chunkSize + (chunkSize & 1); // chunks of odd size carry a pad byte
            }
        }

        std::uint64_t oggHeaderBytes (std::span<const std::uint8_t> head) noexcept
        {
            constexpr std::uint64_t pageHeaderBytes = 27;
            constexpr int vorbisHeaderPackets = 3; // identification, comment, setup

            if (! bytes::holds (head, 0, pageHeaderBytes) || ! bytes::hasMagicAt (head, 0, "OggS"))
                return atLeast (pageHeaderBytes, head);

            // Only the first logical stream's pages count, should another stream be multiplexed in.
            const auto serial = bytes::littleEndian32 (head, 14);
            std::uint64_t offset = 0;
            int packetsEnded = 0;

            for (;;)
            {
                if (! bytes::holds (head, offset, pageHeaderBytes))
                    return atLeast (offset + pageHeaderBytes, head);

                if (! bytes::hasMagicAt (head, offset, "OggS"))
                    return atLeast (offset, head);

                const std::uint64_t segments = head[(size_t) offset + 26];

                if (! bytes::holds (head, offset + pageHeaderBytes, segments))
                    return atLeast (offset + pageHeaderBytes + segments, head);

                const bool ours = bytes::littleEndian32 (head, offset + 14) == serial;
                std::uint64_t bodyBytes = 0;

                for (std::uint64_t i = 0; i < segments; ++i)
                {
                    const auto lacing = head[(size_t) (offset + pageHeaderBytes + i)];
                    bodyBytes += lacing;

                    if (ours && lacing < 255)
                        ++packetsEnded;
                }

                offset += pageHeaderBytes + segments + bodyBytes;

                if (packetsEnded >= vorbisHeaderPackets)
                    return offset;
            }
        }

        std::uint64_t mp3HeaderBytes (std::span<const std::uint8_t> head) noexcept
        {
            std::uint64_t offset = 0;

            // Taggers occasionally stack ID3v2 tags; a decoder skips each one.
            while (offset < head.size())
            {
                const auto tagBytes = id3v2TagBytes (head.subspan ((size_t) offset));

                if (! tagBytes)
                    break;

                offset += *tagBytes;
            }

            // The first frame is included whole: when it is a Xing, Info or VBRI frame it carries the
            // length and seek table a decoder needs before it can seek.
            const auto frame = findFirstMp3Frame (head, offset);

            switch (frame.outcome)
            {
                case Mp3FrameSearch::Outcome::found:
                    return frame.offset + frame.header.frameBytes;
                case Mp3FrameSearch::Outcome::beyondHead:
                    return atLeast (frame.offset + maxMp3FrameBytes, head);
                case Mp3FrameSearch::Outcome::notAFrame:
                    break;
            }

            return atLeast (frame.offset, head);
        }

        std::uint64_t mp3TailBytes (std::span<const std::uint8_t> tail) noexcept
        {
            std::uint64_t tailBytes = 0;
            auto end = (std::uint64_t) tail.size();

            if (end >= id3v1TagBytes && bytes::hasMagicAt (tail, end - id3v1TagBytes, "TAG"))
            {
                tailBytes += id3v1TagBytes;
                end -= id3v1TagBytes;
            }

            if (end >= apeFooterBytes && bytes::hasMagicAt (tail, end - apeFooterBytes, "APETAGEX"))
            {
                const auto footer = end - apeFooterBytes;
                const std::uint64_t sizeWithFooter = bytes::littleEndian32 (tail, footer + 12);
                const auto flags = bytes::littleEndian32 (tail, footer + 20);
                const bool hasHeader = (flags & 0x80000000u) != 0;
                tailBytes += std::max (sizeWithFooter, apeFooterBytes) + (hasHeader ? apeFooterBytes : 0);
            }

            return tailBytes;
        }
    } // namespace

    ContainerLayout probeContainerLayout (AudioFormat format,
                                          std::span<const std::uint8_t> head,
                                          std::span<const std::uint8_t> tail,
                                          std::uint64_t fileSize) noexcept
    {
        // Bytes beyond the file's end cannot be part of it; a caller may hand over a fixed-size buffer.
        if (head.size() > fileSize)
            head = head.first ((size_t) fileSize);

        if (tail.size() > fileSize)
            tail = tail.last ((size_t) fileSize);

        ContainerLayout layout;

        switch (format)
        {
            case AudioFormat::flac:
                layout.headerBytes = flacHeaderBytes (head);
                break;

            case AudioFormat::wav:
            {
                const auto wav = wavLayout (head, fileSize);
                layout.headerBytes = wav.headerBytes;
                layout.tailBytes = wav.tailBytes;
                break;
            }

            case AudioFormat::oggVorbis:
                layout.headerBytes = oggHeaderBytes (head);
                layout.tailBytes = oggTailBytes;
                break;

            case AudioFormat::mp3:
                layout.headerBytes = mp3HeaderBytes (head);
                layout.tailBytes = mp3TailBytes (tail);
                break;

            case AudioFormat::unknown:
                // Nothing says what a decoder will read, so everything the caller probed is treated as
                // header: it was cheap to read, so it is cheap to fetch first.
                layout.headerBytes = head.size();
                break;
        }

        layout.headerBytes = std::min (layout.headerBytes, fileSize);
        layout.tailBytes = std::min (layout.tailBytes, fileSize);
        return layout;
    }
} // namespace earshot
