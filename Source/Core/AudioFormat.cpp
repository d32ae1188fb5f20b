#include "AudioFormat.h"

#include "ByteReading.h"
#include "Mp3Framing.h"

#include <array>
#include <utility>

namespace earshot
{
    namespace
    {
        constexpr std::array<std::pair<AudioFormat, std::string_view>, 5> formatNames { {
            { AudioFormat::unknown, "unknown" },
            { AudioFormat::flac, "flac" },
            { AudioFormat::oggVorbis, "ogg" },
            { AudioFormat::mp3, "mp3" },
            { AudioFormat::wav, "wav" },
        } };
    } // namespace

    AudioFormat detectAudioFormat (std::span<const std::uint8_t> head) noexcept
    {
        if (bytes::hasMagicAt (head, 0, "fLaC"))
            return AudioFormat::flac;

        if (bytes::hasMagicAt (head, 0, "OggS"))
            return AudioFormat::oggVorbis;

        if (bytes::hasMagicAt (head, 0, "RIFF") && bytes::hasMagicAt (head, 8, "WAVE"))
            return AudioFormat::wav;

        if (const auto tagBytes = id3v2TagBytes (head))
        {
            // libFLAC skips a leading ID3v2 tag, and some taggers write one in front of FLAC files.
            if (bytes::hasMagicAt (head, *tagBytes, "fLaC"))
                return AudioFormat::flac;

            const auto frame = findFirstMp3Frame (head, *tagBytes);

            // When the head stops inside the tag (large artwork), the tag alone has to decide.
            return frame.outcome == Mp3FrameSearch::Outcome::notAFrame ? AudioFormat::unknown
                                                                       : AudioFormat::mp3;
        }

        if (parseMp3FrameHeader (head))
            return AudioFormat::mp3;

        return AudioFormat::unknown;
    }

    std::string_view audioFormatName (AudioFormat format) noexcept
    {
        for (const auto& [f, name] : formatNames)
            if (f == format)
                return name;

        return "unknown";
    }

    AudioFormat audioFormatFromName (std::string_view name) noexcept
    {
        for (const auto& [format, n] : formatNames)
            if (n == name)
                return format;

        return AudioFormat::unknown;
    }
} // namespace earshot
