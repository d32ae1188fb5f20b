#include "WavWriter.h"
#include "Synth/Dsp.h"
#include "Synth/Random.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <stdexcept>

namespace earshot::demo
{
    std::string riffInfo (const std::vector<std::pair<std::string, std::string>>& tags)
    {
        std::string info = "INFO";
        for (const auto& [id, text] : tags)
        {
            const auto size = static_cast<std::uint32_t> (text.size() + 1);
            info += id;
            for (int shift = 0; shift < 32; shift += 8)
                info.push_back (static_cast<char> ((size >> shift) & 0xff));
            info += text;
            info.push_back ('\0');
            if (size % 2 != 0)
                info.push_back ('\0');
        }
        return info;
    }

    std::string id3v2Tag (const std::vector<std::pair<std::string, std::string>>& frames)
    {
        const auto syncsafe = [] (std::uint32_t size)
        {
            std::string bytes;
            for (int shift = 21; shift >= 0; shift -= 7)
                bytes.push_back (static_cast<char> ((size >> shift) & 0x7f));
            return bytes;
        };

        std::string body;
        for (const auto& [id, text] : frames)
        {
            body += id;
            body += syncsafe (static_cast<std::uint32_t> (text.size() + 1));
            body += std::string (2, '\0'); // no frame flags
            body.push_back ('\x03'); // UTF-8
            body += text;
        }

        return std::string ("ID3\x04\x00\x00", 6) + syncsafe (static_cast<std::uint32_t> (body.size())) + body;
    }

    void writeWav (const std::filesystem::path& path,
                   const std::vector<float>& left,
                   const std::vector<float>& right,
                   std::size_t frames,
                   const std::string& info,
                   const std::string& id3)
    {
        std::ofstream file (path, std::ios::binary);

        if (! file)
            throw std::runtime_error ("cannot write " + path.string() + ": check that the folder exists and is writable");

        const auto put16 = [&file] (std::uint32_t v)
        { file.put (static_cast<char> (v & 0xff)).put (static_cast<char> ((v >> 8) & 0xff)); };
        const auto put32 = [&put16] (std::uint32_t v)
        {
            put16 (v & 0xffff);
            put16 (v >> 16);
        };
        const auto dataBytes = static_cast<std::uint32_t> (frames * 4);

        const auto infoBytes = static_cast<std::uint32_t> (info.empty() ? 0 : 8 + info.size() + (info.size() & 1));
        const auto id3Bytes = static_cast<std::uint32_t> (id3.empty() ? 0 : 8 + id3.size() + (id3.size() & 1));
        file.write ("RIFF", 4);
        put32 (36 + dataBytes + infoBytes + id3Bytes);
        file.write ("WAVEfmt ", 8);
        put32 (16);
        put16 (1); // PCM
        put16 (2);
        put32 (static_cast<std::uint32_t> (sampleRate));
        put32 (static_cast<std::uint32_t> (sampleRate) * 4);
        put16 (4);
        put16 (16);
        file.write ("data", 4);
        put32 (dataBytes);

        Random dither (0xd1);
        std::vector<char> bytes;
        bytes.reserve (frames * 4);

        for (std::size_t n = 0; n < frames; ++n)
        {
            for (const float sample : { left[n], right[n] })
            {
                const float noise = (dither.uniform() - dither.uniform()); // triangular, +-1 LSB
                const auto value = static_cast<std::int16_t> (std::clamp (std::lround (sample * 32767.0f + noise), -32768L, 32767L));
                const auto bits = static_cast<std::uint16_t> (value);
                bytes.push_back (static_cast<char> (bits & 0xff));
                bytes.push_back (static_cast<char> (bits >> 8));
            }
        }

        file.write (bytes.data(), static_cast<std::streamsize> (bytes.size()));

        if (! info.empty())
        {
            file.write ("LIST", 4);
            put32 (static_cast<std::uint32_t> (info.size()));
            file.write (info.data(), static_cast<std::streamsize> (info.size()));
            if (info.size() % 2 != 0)
                file.put ('\0');
        }

        if (! id3.empty())
        {
            file.write ("id3 ", 4);
            put32 (static_cast<std::uint32_t> (id3.size()));
            file.write (id3.data(), static_cast<std::streamsize> (id3.size()));
            if (id3.size() % 2 != 0)
                file.put ('\0'); // chunks of odd size carry a pad byte
        }

        if (! file)
            throw std::runtime_error ("failed writing " + path.string() + ": is the disk full?");
    }
} // namespace earshot::demo
