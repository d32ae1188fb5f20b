// The seek index at work in the player's decoder, against a real loopback swarm and the test media
// (made by flac, oggenc and lame): a published FLAC, Ogg Vorbis or MP3 track decodes to exactly the
// samples the file on disk gives, from the start and after seeks to many positions, with the index,
// without it (as another client's torrent comes), and with a wrong one (which the decoder notices
// and ignores); WAV, which gets no index, as before. An Ogg opens from its header pages alone: its
// last page is never read before the first audio. An MP3's indexed seek starts a few frames early
// (its bit reservoir) and still lands on the sample JUCE's own seek of the file gives.

#include "Audio/TrackDecoder.h"
#include "Audio/VorbisStreamReader.h"
#include "Client/TrackInputStream.h"
#include "Support/DaemonProcess.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <gtest/gtest.h>

#include <fstream>
#include <random>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    class IndexedSeekTest : public ::testing::TestWithParam<std::string>
    {
    protected:
        IndexedSeekTest() { formats.registerBasicFormats(); }

        void SetUp() override
        {
            artist.start();
            listener.start();
            file = testMedia ("excerpt." + GetParam());
            const auto published = artist.client().publish ({ file.string() }).front();
            auto added = listener.client().addTrack ({ published.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });
            track = added.first;
            disk.reset (formats.createReaderFor (juce::File (file.string())));
            ASSERT_NE (disk, nullptr);
        }

        /** Decodes count frames at the decoder's position; returns the track sample they start at. */
        juce::int64 decodeAt (TrackDecoder& decoder, std::vector<float>& left, int count)
        {
            left.clear();
            std::string whyNot;
            juce::int64 start = -1;
            while (static_cast<int> (left.size()) < count && ! decoder.finished())
            {
                EXPECT_EQ (decoder.readNext (whyNot), TrackDecoder::Read::decoded) << whyNot;
                const auto block = decoder.block();
                if (start < 0)
                    start = juce::roundToInt (block.startSeconds * block.sampleRate);
                left.insert (left.end(), block.channels[0], block.channels[0] + block.frames);
            }
            left.resize (std::min<std::size_t> (left.size(), static_cast<std::size_t> (count)));
            return start;
        }

        std::vector<float> diskAt (juce::int64 start, int count)
        {
            juce::AudioBuffer<float> buffer (static_cast<int> (disk->numChannels), count);
            buffer.clear();
            disk->read (&buffer, 0, count, start, true, true);
            return { buffer.getReadPointer (0), buffer.getReadPointer (0) + count };
        }

        /** The whole track, then seeks forwards and backwards: every sample as on disk. */
        /** Seeks that went through the index, and seeks that had an indexed point before them. */
        struct Seeks
        {
            int indexed = 0;
            int withAPoint = 0;
        };

        Seeks expectDecodesAsOnDisk (const ClientTrack& asGiven, const char* what)
        {
            auto client = std::make_shared<DaemonClient> (listener.apiAddress());
            auto stream = std::make_shared<TrackInputStream> (client, asGiven.id, asGiven.manifest.fileSize);
            TrackDecoder decoder;
            std::string whyNot;
            EXPECT_TRUE (decoder.open (stream, asGiven, whyNot)) << whyNot;
            Seeks seeks;
            if (! decoder.isOpen())
                return seeks;
            EXPECT_EQ (juce::roundToInt (decoder.lengthSeconds() * disk->sampleRate), disk->lengthInSamples) << what;
            if (GetParam() == "ogg" && ! asGiven.manifest.seekIndex.empty())
            {
                // Opened from its header pages: the stream never went to the last page and back.
                EXPECT_EQ (stream->fetchesStarted(), 1) << what;
            }
            decoder.seek (0.0, disk->sampleRate);
            seeks.withAPoint += seekPointBefore (asGiven.manifest.seekIndex, 0).has_value() ? 1 : 0;

            std::vector<float> decoded;
            const auto whole = static_cast<int> (disk->lengthInSamples);
            EXPECT_EQ (decodeAt (decoder, decoded, whole), 0);
            EXPECT_EQ (decoded.size(), static_cast<std::size_t> (whole)) << what;
            EXPECT_TRUE (decoded == diskAt (0, whole)) << what << ": the whole track differs";
            EXPECT_TRUE (decoder.finished());
            EXPECT_EQ (juce::roundToInt (decoder.lengthSeconds() * disk->sampleRate), disk->lengthInSamples) << what << ": the length after the whole track";

            std::mt19937 random (20261201);
            std::uniform_int_distribution<juce::int64> anywhere (0, disk->lengthInSamples - 10000);
            // Into the first frame or page, one near the end, then anywhere.
            std::vector<juce::int64> targets { 1000, disk->lengthInSamples - 9000 };
            while (targets.size() < 18)
                targets.push_back (anywhere (random));
            for (std::size_t seek = 0; seek < targets.size(); ++seek)
            {
                const auto sample = targets[seek];
                seeks.withAPoint += seekPointBefore (asGiven.manifest.seekIndex, static_cast<std::uint64_t> (sample)).has_value() ? 1 : 0;
                EXPECT_TRUE (decoder.reopen (whyNot)) << whyNot;
                const auto fetchesBefore = stream->fetchesStarted();
                const auto indexedBefore = decoder.indexedSeeks();
                // Half a sample in, so the decoder's rounding lands on sample itself.
                decoder.seek ((static_cast<double> (sample) + 0.5) / disk->sampleRate, disk->sampleRate);
                const auto landed = decodeAt (decoder, decoded, 8192);
                EXPECT_EQ (landed, sample) << what << ": seek " << seek;
                EXPECT_TRUE (decoded == diskAt (sample, 8192)) << what << ": audio after a seek to sample " << sample << " differs";
                // One hop: the stream is reopened at most once, at the indexed point.
                if (decoder.indexedSeeks() > indexedBefore)
                {
                    EXPECT_LE (stream->fetchesStarted() - fetchesBefore, 1) << what << ": seek to sample " << sample;
                }
            }
            EXPECT_FALSE (stream->failure().has_value());
            seeks.indexed = decoder.indexedSeeks();
            return seeks;
        }

        TemporaryDirectory root { "earshot-indexed-seek" };
        DaemonProcess artist { root.path() / "artist", { "--upload-limit", "512" } };
        DaemonProcess listener { root.path() / "listener" };
        juce::AudioFormatManager formats;
        std::filesystem::path file;
        ClientTrack track;
        std::unique_ptr<juce::AudioFormatReader> disk;
    };
} // namespace

TEST_P (IndexedSeekTest, PublishedTrackCarriesAnIndexAndDecodesAsOnDiskAfterSeeks)
{
    const auto& index = track.manifest.seekIndex;
    ASSERT_FALSE (index.empty()) << "publishing made no seek index";
    EXPECT_EQ (static_cast<juce::int64> (index.totalSamples), disk->lengthInSamples);
    EXPECT_GE (index.points.size(), 60u); // up to five a second of the 30-second excerpt (fewer where Ogg pages are longer)
    if (GetParam() == "ogg")
    {
        EXPECT_EQ (track.manifest.layout.tailBytes, 0u) << "the index gives the length, so the last page is not needed first";
    }
    // Every seek with a point before it takes the index (an Ogg's first page has none before it).
    const auto seeks = expectDecodesAsOnDisk (track, "with the index");
    EXPECT_EQ (seeks.indexed, seeks.withAPoint);
    EXPECT_GE (seeks.indexed, 12);
}

TEST_P (IndexedSeekTest, WithoutAnIndexTheTrackStillDecodesAsOnDisk)
{
    auto old = track;
    old.manifest.seekIndex = {};
    EXPECT_EQ (expectDecodesAsOnDisk (old, "without an index").indexed, 0);
}

TEST_P (IndexedSeekTest, WrongIndexIsIgnoredAndTheAudioStaysRight)
{
    // Offsets shifted into the middle of frames, and samples that do not match their frames.
    auto shifted = track;
    for (auto& point : shifted.manifest.seekIndex.points)
        point.byteOffset += 7;
    EXPECT_EQ (expectDecodesAsOnDisk (shifted, "offsets shifted").indexed, 0);

    auto lying = track;
    auto& points = lying.manifest.seekIndex.points;
    for (std::size_t i = 0; i + 1 < points.size(); ++i)
        points[i].sample = points[i + 1].sample - 1;
    points.back().sample += 1;
    EXPECT_EQ (expectDecodesAsOnDisk (lying, "samples moved").indexed, 0);

    // An Ogg takes its length from the index: one two seconds short still plays to the end.
    if (GetParam() == "ogg")
    {
        auto cut = track;
        cut.manifest.seekIndex.totalSamples -= 2 * 44100;
        auto client = std::make_shared<DaemonClient> (listener.apiAddress());
        TrackDecoder decoder;
        std::string whyNot;
        ASSERT_TRUE (decoder.open (std::make_shared<TrackInputStream> (client, cut.id, cut.manifest.fileSize), cut, whyNot)) << whyNot;
        decoder.seek (0.0, disk->sampleRate);
        std::vector<float> decoded;
        const auto whole = static_cast<int> (disk->lengthInSamples);
        decodeAt (decoder, decoded, whole + 44100);
        ASSERT_GE (decoded.size(), static_cast<std::size_t> (whole));
        decoded.resize (static_cast<std::size_t> (whole));
        EXPECT_TRUE (decoded == diskAt (0, whole)) << "the audio after the index's length was cut off";
    }
}

INSTANTIATE_TEST_SUITE_P (IndexedFormats, IndexedSeekTest, ::testing::Values ("flac", "ogg", "mp3"), [] (const auto& testInfo)
                          { return testInfo.param; });

/** The formats that get no index. */
using UnindexedSeekTest = IndexedSeekTest;

TEST_P (UnindexedSeekTest, DecodesAsOnDiskAfterSeeksAsBefore)
{
    // WAV seeks by arithmetic.
    EXPECT_TRUE (track.manifest.seekIndex.empty());
    EXPECT_EQ (expectDecodesAsOnDisk (track, "no index").indexed, 0);
}

INSTANTIATE_TEST_SUITE_P (UnindexedFormats, UnindexedSeekTest, ::testing::Values ("wav"), [] (const auto& testInfo)
                          { return testInfo.param; });

namespace
{
    /** A file whose bytes past availableTo are not here yet: a read of them fails the test. */
    class PartlyHereStream final : public juce::InputStream
    {
    public:
        PartlyHereStream (std::string bytesToServe, juce::int64 availableUpTo)
            : bytes (std::move (bytesToServe))
            , availableTo (availableUpTo)
        {
        }

        juce::int64 getTotalLength() override { return static_cast<juce::int64> (bytes.size()); }
        bool isExhausted() override { return position >= availableTo; }
        juce::int64 getPosition() override { return position; }
        bool setPosition (juce::int64 newPosition) override
        {
            position = newPosition;
            return true;
        }
        int read (void* destBuffer, int maxBytesToRead) override
        {
            const auto count = static_cast<int> (std::max<juce::int64> (0, std::min<juce::int64> (maxBytesToRead, availableTo - position)));
            if (count < maxBytesToRead)
                askedBeyond = true;
            std::memcpy (destBuffer, bytes.data() + position, static_cast<std::size_t> (count));
            position += count;
            return count;
        }

        bool askedBeyond = false;

    private:
        std::string bytes;
        juce::int64 availableTo = 0;
        juce::int64 position = 0;
    };
} // namespace

TEST (VorbisStreamReaderTest, OggOpensAndPlaysFromItsOpeningWithoutItsLastPage)
{
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    const auto file = testMedia ("excerpt.ogg");
    std::ifstream in (file, std::ios::binary);
    const std::string bytes ((std::istreambuf_iterator<char> (in)), std::istreambuf_iterator<char>());
    std::unique_ptr<juce::AudioFormatReader> disk (formats.createReaderFor (juce::File (file.string())));
    ASSERT_NE (disk, nullptr);

    // Only the first third of the file is here.
    auto* partly = new PartlyHereStream (bytes, static_cast<juce::int64> (bytes.size() / 3));
    VorbisStreamReader reader (partly, static_cast<std::uint64_t> (disk->lengthInSamples), 0);
    ASSERT_TRUE (reader.valid());
    EXPECT_EQ (reader.lengthInSamples, disk->lengthInSamples);
    EXPECT_EQ (reader.sampleRate, disk->sampleRate);

    // Five seconds of audio, every sample as JUCE's reader gives it from the whole file.
    const int count = static_cast<int> (disk->sampleRate * 5);
    juce::AudioBuffer<float> streamed (2, count), whole (2, count);
    reader.read (&streamed, 0, count, 0, true, true);
    disk->read (&whole, 0, count, 0, true, true);
    for (int channel = 0; channel < 2; ++channel)
        for (int i = 0; i < count; ++i)
            ASSERT_EQ (streamed.getSample (channel, i), whole.getSample (channel, i)) << "channel " << channel << ", sample " << i;
    EXPECT_FALSE (partly->askedBeyond) << "the reader read past the bytes that are here";
}
