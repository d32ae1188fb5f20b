#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace earshot
{
    /** The fields of an MPEG audio layer III frame header that Earshot needs: enough to tell a real
    frame from noise and to know where the frame ends. Shared by format detection and the
    container layout probe so that both agree on what an MP3 frame is. */
    struct Mp3FrameHeader
    {
        std::uint32_t bitrateKbps = 0;
        std::uint32_t sampleRate = 0;
        /** The whole frame, header included, in bytes. */
        std::uint32_t frameBytes = 0;
    };

    /** Reads a layer III frame header at the start of bytes. Rejects free-format bitrates, reserved
    versions, sample rates and emphasis, because a real file never needs them and accepting them
    would let random bytes after a tag pass for audio. */
    [[nodiscard]] std::optional<Mp3FrameHeader> parseMp3FrameHeader (std::span<const std::uint8_t> bytes) noexcept;

    /** How far back, in bytes before this frame's side information, an MPEG-1 layer III frame's
    audio data begins (main_data_begin: the bit reservoir; 0 when it begins in this frame), from
    its header and side information at the start of bytes; nothing when bytes hold no such frame. */
    [[nodiscard]] std::optional<std::uint32_t> mp3MainDataBegin (std::span<const std::uint8_t> bytes) noexcept;

    /** Samples in an MPEG-1 layer III frame (MPEG-2 and 2.5 frames hold 576). */
    inline constexpr std::uint64_t mp3FrameSamples = 1152;

    /** The most bytes a layer III frame can take (MPEG-1, 320 kbit/s, 32 kHz, padded): the bound used
    when a first frame is beyond the bytes at hand. */
    inline constexpr std::uint64_t maxMp3FrameBytes = 1441;

    /** Where the first MP3 frame after an ID3v2 tag (or at the start of a file) is, as far as the head
    bytes show it. */
    struct Mp3FrameSearch
    {
        enum class Outcome
        {
            /** A valid frame header sits at offset. */
            found,
            /** The head ends before a frame header could be read at offset. */
            beyondHead,
            /** Something other than a frame header sits at offset. */
            notAFrame
        } outcome = Outcome::notAFrame;

        std::uint64_t offset = 0;
        Mp3FrameHeader header;
    };

    /** Looks for a frame header at from, skipping zero bytes first: some taggers pad past the size
    their ID3v2 tag declares, and decoders step over that padding. */
    [[nodiscard]] Mp3FrameSearch findFirstMp3Frame (std::span<const std::uint8_t> head, std::uint64_t from) noexcept;

    /** The total length of an ID3v2 tag at the start of bytes (10-byte header, syncsafe size, and the
    10-byte footer when the flag says so), or nothing when bytes does not start with one. */
    [[nodiscard]] std::optional<std::uint64_t> id3v2TagBytes (std::span<const std::uint8_t> bytes) noexcept;
} // namespace earshot
