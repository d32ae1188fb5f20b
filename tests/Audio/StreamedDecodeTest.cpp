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

    auto client = std::make_shared<LibraryClient> (listener.apiAddress());
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
        EXPECT_LT (listener.client().getTrack (track.id).status.value_or (TrackStatus {}).progress, 1.0);

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

INSTANTIATE_TEST_SUITE_P (EveryFormat, StreamedDecodeTest, ::testing::Values ("flac", "ogg", "mp3", "wav"), [] (const auto& info)
                          { return info.param; });

TEST (TrackInputStream, ShortBackwardSeeksAreServedFromTheCacheWithoutAnotherFetch)
{
    TemporaryDirectory root ("earshot-cache");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto track = daemon.client().publish ({ testMedia ("excerpt.wav").string() }).front();
    const auto source = readFileBytes (testMedia ("excerpt.wav"));

    auto client = std::make_shared<LibraryClient> (daemon.apiAddress());
    TrackInputStream stream (client, track.id, track.manifest.fileSize);
    std::vector<char> bytes (200'000);
    ASSERT_EQ (stream.read (bytes.data(), static_cast<int> (bytes.size())), static_cast<int> (bytes.size()));
    EXPECT_EQ (std::string (bytes.data(), bytes.size()), source.substr (0, bytes.size()));

    // Back 150 kB: still cached, nothing fetched again.
    stream.setPosition (50'000);
    std::vector<char> again (100'000);
    ASSERT_EQ (stream.read (again.data(), static_cast<int> (again.size())), static_cast<int> (again.size()));
    EXPECT_EQ (std::string (again.data(), again.size()), source.substr (50'000, again.size()));
    EXPECT_EQ (stream.fetchesStarted(), 1);

    // Far ahead: the stream reopens there and gives exactly those bytes.
    const auto far = source.size() - 10'000;
    stream.setPosition (static_cast<juce::int64> (far));
    std::vector<char> tail (20'000);
    EXPECT_EQ (stream.read (tail.data(), static_cast<int> (tail.size())), 10'000);
    EXPECT_EQ (std::string (tail.data(), 10'000), source.substr (far));
    EXPECT_TRUE (stream.isExhausted());
    EXPECT_EQ (stream.fetchesStarted(), 2);
    EXPECT_FALSE (stream.failure().has_value());
}

TEST (TrackInputStream, TheCacheStaysWithinItsBound)
{
    TemporaryDirectory root ("earshot-cache-bound");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto track = daemon.client().publish ({ demoAlbum ("flac") / "01-first-light.flac" }).front();

    TrackInputStream::Options options;
    options.cacheBytes = 1024 * 1024;
    options.readAheadBytes = 256 * 1024;
    auto client = std::make_shared<LibraryClient> (daemon.apiAddress());
    TrackInputStream stream (client, track.id, track.manifest.fileSize, options);
    std::vector<char> chunk (64 * 1024);
    std::uint64_t total = 0;
    std::size_t largest = 0;
    while (! stream.isExhausted())
    {
        const auto got = stream.read (chunk.data(), static_cast<int> (chunk.size()));
        ASSERT_GT (got, 0);
        total += static_cast<std::uint64_t> (got);
        largest = std::max (largest, stream.cachedBytes());
    }
    EXPECT_EQ (total, track.manifest.fileSize);
    EXPECT_LE (largest, options.cacheBytes + TrackInputStream::blockSize);
}
