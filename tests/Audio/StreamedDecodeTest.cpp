// Decoding a track while earshotd streams it from a loopback swarm gives exactly the samples that
// decoding the same file from disk gives, for each of the four formats, from the start and after
// seeks to random positions.

#include "Client/TrackInputStream.h"
#include "Support/DaemonProcess.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <gtest/gtest.h>

#include <random>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    class StreamedDecodeTest : public ::testing::TestWithParam<std::string>
    {
    protected:
        StreamedDecodeTest() { formats.registerBasicFormats(); }

        TemporaryDirectory root { "earshot-decode" };
        // The artist's upload is capped so the listener decodes while pieces are still missing.
        DaemonProcess artist { root.path() / "artist", { "--upload-limit", "512" } };
        DaemonProcess listener { root.path() / "listener" };
        juce::AudioFormatManager formats;
    };

    std::unique_ptr<juce::AudioFormatReader> readerFromDisk (juce::AudioFormatManager& formats, const std::filesystem::path& file)
    {
        return std::unique_ptr<juce::AudioFormatReader> (formats.createReaderFor (juce::File (file.string())));
    }

    std::unique_ptr<juce::AudioFormatReader> readerFromStream (juce::AudioFormatManager& formats, std::unique_ptr<TrackInputStream> stream)
    {
        return std::unique_ptr<juce::AudioFormatReader> (formats.createReaderFor (std::move (stream)));
    }

    /** Frames [start, start + count) of every channel, interleaved. */
    std::vector<float> framesOf (juce::AudioFormatReader& reader, juce::int64 start, int count)
    {
        juce::AudioBuffer<float> buffer (static_cast<int> (reader.numChannels), count);
        buffer.clear();
        reader.read (&buffer, 0, count, start, true, true);
        std::vector<float> samples;
        samples.reserve (static_cast<std::size_t> (count) * reader.numChannels);
        for (int i = 0; i < count; ++i)
            for (int channel = 0; channel < buffer.getNumChannels(); ++channel)
                samples.push_back (buffer.getSample (channel, i));
        return samples;
    }
} // namespace

TEST_P (StreamedDecodeTest, StreamedSamplesEqualTheFileOnDiskFromTheStartAndAfterRandomSeeks)
{
    const auto file = testMedia ("excerpt." + GetParam());
    artist.start();
    listener.start();
    const auto published = artist.client().publish ({ file.string() }).front();
    auto [track, created] = listener.client().addTrack ({ published.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });
    ASSERT_TRUE (created);

    auto client = std::make_shared<DaemonClient> (listener.apiAddress());
    auto stream = std::make_unique<TrackInputStream> (client, track.id, track.manifest.fileSize);
    auto* streamView = stream.get();
    // As the player reads them: libFLAC and libvorbisfile take short reads, JUCE's WAV and MP3 parsers do not.
    stream->setShortReads (GetParam() == "flac" || GetParam() == "ogg");
    auto streamed = readerFromStream (formats, std::move (stream));
    ASSERT_NE (streamed, nullptr) << "no JUCE reader for the streamed " << GetParam();
    auto disk = readerFromDisk (formats, file);
    ASSERT_NE (disk, nullptr);

    // The header was read while the rest of the track was still on its way (the small MP3 and Ogg
    // excerpts may be whole by now; the WAV and FLAC ones take seconds at this rate).
    if (GetParam() == "wav" || GetParam() == "flac")
    {
        EXPECT_LT (listener.client().getTrack (track.id).status.value_or (TrackStatus {}).progress, 1.0);
    }

    ASSERT_EQ (streamed->sampleRate, disk->sampleRate);
    ASSERT_EQ (streamed->numChannels, disk->numChannels);
    ASSERT_EQ (streamed->lengthInSamples, disk->lengthInSamples);
    ASSERT_GT (disk->lengthInSamples, 44100 * 20);

    // The whole track, in decoder-sized steps, as a player reads it.
    constexpr int step = 8192;
    for (juce::int64 at = 0; at < disk->lengthInSamples; at += step)
    {
        const auto count = static_cast<int> (std::min<juce::int64> (step, disk->lengthInSamples - at));
        ASSERT_EQ (framesOf (*streamed, at, count), framesOf (*disk, at, count)) << GetParam() << ": frames differ at " << at;
    }
    EXPECT_FALSE (streamView->failure().has_value());

    // Random seeks, backwards and forwards.
    std::mt19937 random (20261122);
    std::uniform_int_distribution<juce::int64> anywhere (0, disk->lengthInSamples - 4096);
    for (int seek = 0; seek < 12; ++seek)
    {
        const auto at = anywhere (random);
        ASSERT_EQ (framesOf (*streamed, at, 4096), framesOf (*disk, at, 4096)) << GetParam() << ": seek to frame " << at;
    }
}

INSTANTIATE_TEST_SUITE_P (EveryFormat, StreamedDecodeTest, ::testing::Values ("flac", "ogg", "mp3", "wav"), [] (const auto& testInfo)
                          { return testInfo.param; });
