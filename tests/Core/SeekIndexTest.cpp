#include "Core/SeekIndex.h"
#include "Core/ContainerLayout.h"
#include "Core/Mp3Framing.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace earshot;

namespace
{
    /** The test media: excerpt.flac made by flac, excerpt.ogg by oggenc, excerpt.mp3 by lame (an
        Info frame first), from the same 30 s WAV. */
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

    // 30 s at 44.1 kHz; an MP3 plays whole frames of 1152 (the encoder's delay and padding in them).
    if (GetParam().format == AudioFormat::mp3)
    {
        EXPECT_EQ (index.totalSamples % 1152, 0u);
        EXPECT_GE (index.totalSamples, 30u * 44100u);
        EXPECT_LE (index.totalSamples, 30u * 44100u + 3 * 1152);
        // Lame's Info frame holds no audio: the first point is the frame after it.
        EXPECT_EQ (index.points.front().byteOffset, header);
    }
    else
    {
        EXPECT_EQ (index.totalSamples, 30u * 44100u);
    }
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
    // Ogg pages must run to the end for the walk to be trusted; FLAC frames stop where the file
    // does; an MP3's frames too, but what they add up to is not the track's length.
    if (GetParam().format == AudioFormat::oggVorbis)
    {
        EXPECT_TRUE (index.empty());
    }
    if (GetParam().format == AudioFormat::mp3)
    {
        EXPECT_GE (index.points.size(), 12u);
        EXPECT_EQ (index.totalSamples, 0u);
    }
}

INSTANTIATE_TEST_SUITE_P (TestMedia, SeekIndexOfMedia, ::testing::Values (MediaCase { "excerpt.flac", AudioFormat::flac }, MediaCase { "excerpt.ogg", AudioFormat::oggVorbis }, MediaCase { "excerpt.mp3", AudioFormat::mp3 }), [] (const auto& info)
                          { return std::filesystem::path (info.param.name).extension().string().substr (1); });

TEST (SeekIndex, WavGetsNone)
{
    // WAV seeks by arithmetic.
    EXPECT_TRUE (buildSeekIndex (AudioFormat::wav, mediaBytes ("excerpt.wav"), 44).empty());
}

TEST (SeekIndex, Mp3WithoutAnInfoFrameCountsFromItsFirstFrameAndAnMpeg2OneGetsNone)
{
    // The excerpt with its Info frame cut out: the first frame of audio is now sample 0 at the
    // tags' end, and the points are the same frames numbered the same.
    const auto file = mediaBytes ("excerpt.mp3");
    const auto header = headerBytesOf (AudioFormat::mp3, file);
    const auto withInfo = buildSeekIndex (AudioFormat::mp3, file, header);
    ASSERT_FALSE (withInfo.empty());
    // The layout's header is the tags and the first frame (here the Info frame).
    const auto frameStart = id3v2TagBytes (file).value_or (0);
    ASSERT_LT (frameStart, header);
    std::vector<std::uint8_t> bare;
    bare.assign (file.begin(), file.begin() + (std::ptrdiff_t) frameStart);
    bare.insert (bare.end(), file.begin() + (std::ptrdiff_t) header, file.end());
    const auto withoutInfo = buildSeekIndex (AudioFormat::mp3, bare, headerBytesOf (AudioFormat::mp3, bare));
    ASSERT_EQ (withoutInfo.points.size(), withInfo.points.size());
    EXPECT_EQ (withoutInfo.totalSamples, withInfo.totalSamples);
    for (std::size_t i = 0; i < withInfo.points.size(); ++i)
    {
        EXPECT_EQ (withoutInfo.points[i].sample, withInfo.points[i].sample);
        EXPECT_EQ (withoutInfo.points[i].byteOffset + (header - frameStart), withInfo.points[i].byteOffset);
    }

    // MPEG-2 layer III at 22.05 kHz (576 samples a frame): a frame header, then silence.
    std::vector<std::uint8_t> mpeg2;
    for (int frame = 0; frame < 200; ++frame)
    {
        const std::uint8_t head[] { 0xFF, 0xF3, 0x80, 0xC4 }; // 64 kbit/s, 22050 Hz, mono
        mpeg2.insert (mpeg2.end(), std::begin (head), std::end (head));
        mpeg2.resize (mpeg2.size() + 72 * 64000 / 22050 - 4);
    }
    EXPECT_TRUE (buildSeekIndex (AudioFormat::mp3, mpeg2, 0).empty());
}

TEST (SeekIndex, AnMp3SeekStartsFramesEarlierForTheBitReservoir)
{
    // Points 8 frames (9216 samples) and 3,344 bytes apart, as a 128 kbit/s MP3's are.
    SeekIndex index { 100 * 9216, {} };
    for (std::uint64_t i = 0; i < 100; ++i)
        index.points.push_back ({ i * 9216, 500 + i * 3344 });
    // Into the first frames there is nothing before the first point to prime from.
    EXPECT_EQ (seekPointToDecodeFrom (AudioFormat::mp3, index, 100), index.points[0]);
    // Just past a point: the point before it, at least two frames and 2 KiB back.
    EXPECT_EQ (seekPointToDecodeFrom (AudioFormat::mp3, index, 5 * 9216 + 10), index.points[4]);
    EXPECT_EQ (seekPointToDecodeFrom (AudioFormat::flac, index, 5 * 9216 + 10), index.points[5]);
    // Points closer than that (a low bitrate's small frames): as far back as it takes.
    SeekIndex dense { 100 * 1152, {} };
    for (std::uint64_t i = 0; i < 100; ++i)
        dense.points.push_back ({ i * 1152, 500 + i * 300 });
    const auto from = seekPointToDecodeFrom (AudioFormat::mp3, dense, 50 * 1152);
    ASSERT_TRUE (from.has_value());
    EXPECT_LE (from->byteOffset + 2048, dense.points[50].byteOffset);
    EXPECT_LE (from->sample + 2 * 1152, dense.points[50].sample);
    EXPECT_EQ (from->byteOffset + 2100, dense.points[50].byteOffset); // 7 frames: the nearest that far back
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
