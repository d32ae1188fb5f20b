#include "Core/SeekIndex.h"
#include "Core/ContainerLayout.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace earshot;

namespace
{
    /** The test media: excerpt.flac made by flac, excerpt.ogg by oggenc, from the same 30 s WAV. */
    std::vector<std::uint8_t> mediaBytes (const std::string& name)
    {
        std::ifstream in (std::filesystem::path (EARSHOT_TEST_MEDIA_DIR) / name, std::ios::binary);
        return { std::istreambuf_iterator<char> (in), std::istreambuf_iterator<char>() };
    }

    std::uint64_t headerBytesOf (AudioFormat format, const std::vector<std::uint8_t>& file)
    {
        return probeContainerLayout (format, file, {}, file.size()).headerBytes;
    }

    std::span<const std::uint8_t> bytesAt (const std::vector<std::uint8_t>& file, std::uint64_t offset)
    {
        return std::span<const std::uint8_t> (file).subspan ((std::size_t) offset, std::min<std::size_t> (seekPointCheckBytes, file.size() - (std::size_t) offset));
    }

    struct MediaCase
    {
        const char* name;
        AudioFormat format;
    };

    class SeekIndexOfMedia : public ::testing::TestWithParam<MediaCase>
    {
    };
} // namespace

TEST_P (SeekIndexOfMedia, PointsAboutASecondApartEachStartingAFrameOrPageOfItsSample)
{
    const auto file = mediaBytes (GetParam().name);
    ASSERT_GT (file.size(), 100000u);
    const auto header = headerBytesOf (GetParam().format, file);
    const auto index = buildSeekIndex (GetParam().format, file, header);

    // 30 s at 44.1 kHz.
    EXPECT_EQ (index.totalSamples, 30u * 44100u);
    ASSERT_GE (index.points.size(), 25u); // an Ogg page can hold a good part of a second
    ASSERT_LE (index.points.size(), 31u);
    EXPECT_GE (index.points.front().byteOffset, header);
    for (std::size_t i = 0; i < index.points.size(); ++i)
    {
        const auto& point = index.points[i];
        EXPECT_TRUE (seekPointMatches (GetParam().format, bytesAt (file, point.byteOffset), point)) << "point " << i;
        if (i > 0)
        {
            EXPECT_GT (point.byteOffset, index.points[i - 1].byteOffset);
            EXPECT_GE (point.sample - index.points[i - 1].sample, 44100u) << "point " << i;
            EXPECT_LT (point.sample - index.points[i - 1].sample, 2u * 44100u) << "point " << i;
        }
        // A byte off, or a sample off, is not a match.
        EXPECT_FALSE (seekPointMatches (GetParam().format, bytesAt (file, point.byteOffset + 1), point));
        EXPECT_FALSE (seekPointMatches (GetParam().format, bytesAt (file, point.byteOffset), { point.sample + 1, point.byteOffset }));
    }

    // Compact enough to travel in every manifest: a few bytes a point.
    const auto encoded = encodeSeekIndex (index);
    EXPECT_LT (encoded.size(), 8 + index.points.size() * 6);
    EXPECT_EQ (decodeSeekIndex (encoded), index);
}

TEST_P (SeekIndexOfMedia, ACutFileGivesNoPointsBeyondWhatIsThere)
{
    auto file = mediaBytes (GetParam().name);
    file.resize (file.size() / 2);
    const auto index = buildSeekIndex (GetParam().format, file, headerBytesOf (GetParam().format, file));
    for (const auto& point : index.points)
        EXPECT_LT (point.byteOffset, file.size());
    // Ogg pages must run to the end for the walk to be trusted; FLAC frames stop where the file does.
    if (GetParam().format == AudioFormat::oggVorbis)
    {
        EXPECT_TRUE (index.empty());
    }
}

INSTANTIATE_TEST_SUITE_P (TestMedia, SeekIndexOfMedia, ::testing::Values (MediaCase { "excerpt.flac", AudioFormat::flac }, MediaCase { "excerpt.ogg", AudioFormat::oggVorbis }), [] (const auto& info)
                          { return info.param.format == AudioFormat::flac ? std::string ("flac") : std::string ("ogg"); });

TEST (SeekIndex, Mp3AndWavGetNone)
{
    // WAV seeks by arithmetic; JUCE's MP3 reader keeps its own frame scan.
    EXPECT_TRUE (buildSeekIndex (AudioFormat::mp3, mediaBytes ("excerpt.mp3"), 0).empty());
    EXPECT_TRUE (buildSeekIndex (AudioFormat::wav, mediaBytes ("excerpt.wav"), 44).empty());
}

TEST (SeekIndex, PointBeforeASample)
{
    const SeekIndex index { 1000, { { 0, 100 }, { 400, 900 }, { 800, 1700 } } };
    EXPECT_EQ (seekPointBefore (index, 0), (SeekPoint { 0, 100 }));
    EXPECT_EQ (seekPointBefore (index, 399), (SeekPoint { 0, 100 }));
    EXPECT_EQ (seekPointBefore (index, 400), (SeekPoint { 400, 900 }));
    EXPECT_EQ (seekPointBefore (index, 999), (SeekPoint { 800, 1700 }));
    EXPECT_FALSE (seekPointBefore (SeekIndex { 1000, { { 300, 100 } } }, 299).has_value());
    EXPECT_FALSE (seekPointBefore (SeekIndex {}, 5).has_value());
}

TEST (SeekIndex, MalformedEncodingsAreRejected)
{
    const SeekIndex index { 1323000, { { 0, 4200 }, { 45056, 130000 }, { 90112, 260000 } } };
    const auto encoded = encodeSeekIndex (index);
    ASSERT_EQ (decodeSeekIndex (encoded), index);
    EXPECT_EQ (decodeSeekIndex (""), SeekIndex {});

    EXPECT_FALSE (decodeSeekIndex (encoded.substr (0, encoded.size() - 1)).has_value()) << "cut short";
    EXPECT_FALSE (decodeSeekIndex (encoded + '\x01').has_value()) << "trailing bytes";
    // A count far beyond the bytes that follow, and a point that does not rise.
    EXPECT_FALSE (decodeSeekIndex (std::string ("\x10\xff\xff\xff\x0f", 5)).has_value());
    EXPECT_FALSE (decodeSeekIndex (std::string ("\x10\x02\x00\x05\x00\x07", 6)).has_value());
    // A varint longer than 64 bits.
    EXPECT_FALSE (decodeSeekIndex (std::string (11, '\xff')).has_value());
}
